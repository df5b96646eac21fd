/**
 * The Context section's fields as the user types them: the largest mention in megabytes (of
 * 1,000,000 bytes, as the core counts) and the Condense threshold in percent. Pure, so the
 * conversions and the ranges are tested alone.
 */
import type { ContextSettings } from "@shared/protocol";
import { t } from "../../i18n";

export const BYTES_PER_MB = 1_000_000;
export const MIN_FILE_MB = 0.01;
export const MAX_FILE_MB = 100;

/** The stored size as the field shows it: "1", "0.5", "2.25". */
export function formatMegabytes(bytes: number): string {
  return String(Math.round((bytes / BYTES_PER_MB) * 100) / 100);
}

export type FieldResult = { ok: true; value: number } | { ok: false; message: string };

/** The size typed, in bytes, or why it is not one. */
export function parseMegabytes(text: string): FieldResult {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value < MIN_FILE_MB || value > MAX_FILE_MB) {
    return { ok: false, message: t("settings:context.maxFileSizeInvalid") };
  }
  return { ok: true, value: Math.round(value * BYTES_PER_MB) };
}

/** The threshold typed, a whole percent from 10 to 100, or why it is not one. */
export function parsePercent(text: string): FieldResult {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isInteger(value) || value < 10 || value > 100) {
    return { ok: false, message: t("settings:context.thresholdInvalid") };
  }
  return { ok: true, value };
}

/** Both fields as settings, when both are valid. */
export function parseContextFields(fields: { megabytes: string; percent: string }): ContextSettings | null {
  const size = parseMegabytes(fields.megabytes);
  const percent = parsePercent(fields.percent);
  return size.ok && percent.ok ? { maxFileBytes: size.value, condenseThresholdPercent: percent.value } : null;
}
