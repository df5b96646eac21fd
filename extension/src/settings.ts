/**
 * The non-secret settings, kept in VS Code's own configuration (`rooCodePlus.*`) so they show in
 * the Settings editor and sync like any other setting; the API key lives in SecretStorage
 * (secrets.ts). The settings panel and the Settings editor write the same keys, so they stay in
 * sync by construction.
 */
import * as vscode from "vscode";
import type { ModelInfo, ProviderName } from "./shared/generated/types";
import type { ContextSettings, SettingsUpdate } from "./shared/protocol";

export const CONFIGURATION_SECTION = "rooCodePlus";

/** The configuration keys, below `rooCodePlus.`. */
const KEYS = {
  apiProvider: "apiProvider",
  litellmApiUrl: "litellmApiUrl",
  litellmModelId: "litellmModelId",
  litellmModelInfo: "litellmModelInfo",
  customInstructions: "customInstructions",
  contextMaxFileBytes: "context.maxFileBytes",
  contextCondenseThresholdPercent: "context.condenseThresholdPercent",
} as const;

/** The workspace-context settings' defaults and ranges (package.json repeats them for the Settings editor). */
export const CONTEXT_SETTINGS = {
  maxFileBytes: { default: 1_000_000, minimum: 10_000, maximum: 100_000_000 },
  condenseThresholdPercent: { default: 80, minimum: 10, maximum: 100 },
} as const;

/**
 * The settings as stored, read without judging them: a hand-edited settings.json may hold any
 * JSON, and the Rust core checks each field and names the wrong one.
 */
export function readStoredSettings(): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
  return {
    apiProvider: configuration.get<unknown>(KEYS.apiProvider),
    litellmApiUrl: configuration.get<unknown>(KEYS.litellmApiUrl),
    litellmModelId: configuration.get<unknown>(KEYS.litellmModelId),
    litellmModelInfo: configuration.get<unknown>(KEYS.litellmModelInfo),
  };
}

/**
 * The custom instructions setting; a hand edit that stored something other than a string counts
 * as none, since the prompt can only carry text.
 */
export function readCustomInstructions(): string {
  const value = vscode.workspace.getConfiguration(CONFIGURATION_SECTION).get<unknown>(KEYS.customInstructions);
  return typeof value === "string" ? value : "";
}

/**
 * The workspace-context settings; a hand edit outside the allowed range (or not a number) counts
 * as the default, so a typo cannot make every attachment fail.
 */
export function readContextSettings(): ContextSettings {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
  return {
    maxFileBytes: inRange(configuration.get<unknown>(KEYS.contextMaxFileBytes), CONTEXT_SETTINGS.maxFileBytes),
    condenseThresholdPercent: inRange(configuration.get<unknown>(KEYS.contextCondenseThresholdPercent), CONTEXT_SETTINGS.condenseThresholdPercent),
  };
}

function inRange(value: unknown, range: { default: number; minimum: number; maximum: number }): number {
  return typeof value === "number" && Number.isFinite(value) && value >= range.minimum && value <= range.maximum ? value : range.default;
}

/** Why a context setting cannot be stored (field and sentence), or `undefined` when both are fine. */
export function contextSettingsRefusal(context: ContextSettings): { field: string; message: string } | undefined {
  const { maxFileBytes, condenseThresholdPercent } = CONTEXT_SETTINGS;
  if (!Number.isInteger(context.maxFileBytes) || context.maxFileBytes < maxFileBytes.minimum || context.maxFileBytes > maxFileBytes.maximum) {
    return {
      field: "context.maxFileBytes",
      message: `The largest attached file must be a whole number of bytes from ${String(maxFileBytes.minimum)} (10 kB) to ${String(maxFileBytes.maximum)} (100 MB).`,
    };
  }
  if (!Number.isInteger(context.condenseThresholdPercent) || context.condenseThresholdPercent < condenseThresholdPercent.minimum || context.condenseThresholdPercent > condenseThresholdPercent.maximum) {
    return {
      field: "context.condenseThresholdPercent",
      message: `The Condense threshold must be a whole percentage from ${String(condenseThresholdPercent.minimum)} to ${String(condenseThresholdPercent.maximum)}.`,
    };
  }
  return undefined;
}

/** Writes what the settings panel saved, to the user's global settings. */
export async function writeSettings(update: SettingsUpdate): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
  const target = vscode.ConfigurationTarget.Global;
  await configuration.update(KEYS.apiProvider, update.apiProvider, target);
  await configuration.update(KEYS.litellmApiUrl, update.litellmApiUrl, target);
  await configuration.update(KEYS.litellmModelId, update.litellmModelId, target);
  await configuration.update(KEYS.litellmModelInfo, update.litellmModelInfo, target);
  // No instructions are stored as no entry at all, so settings.json is not left with an empty one.
  await configuration.update(KEYS.customInstructions, update.customInstructions === "" ? undefined : update.customInstructions, target);
  // A default is stored as no entry, so settings.json only holds what the user changed.
  const { maxFileBytes, condenseThresholdPercent } = update.context;
  await configuration.update(KEYS.contextMaxFileBytes, maxFileBytes === CONTEXT_SETTINGS.maxFileBytes.default ? undefined : maxFileBytes, target);
  await configuration.update(
    KEYS.contextCondenseThresholdPercent,
    condenseThresholdPercent === CONTEXT_SETTINGS.condenseThresholdPercent.default ? undefined : condenseThresholdPercent,
    target,
  );
}

/** Whether a configuration change touches our settings. */
export function affectsOurSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(CONFIGURATION_SECTION);
}

/** The settings the core receives: the stored fields plus the key from SecretStorage. */
export function withApiKey(stored: Record<string, unknown>, apiKey: string | undefined): Record<string, unknown> {
  return { ...stored, litellmApiKey: apiKey ?? null };
}

/** Reads a string setting for display, falling back when a hand edit stored something else. */
export function displayString(value: unknown, fallback: string): string {
  return typeof value === "string" && value.trim() !== "" ? value : fallback;
}

/** The provider for display; the only provider today is LiteLLM. */
export function displayProvider(): ProviderName {
  return "litellm";
}

/** Reads the model-info override for display, only when it is an object. */
export function displayModelInfo(value: unknown): ModelInfo | null {
  return typeof value === "object" && value !== null ? (value as ModelInfo) : null;
}
