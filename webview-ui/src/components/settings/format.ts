/**
 * Formatting for the settings panel: token counts, prices per million tokens (dollars as
 * `utils/money.ts` writes them) and the name of a field the core rejected. An unknown price is
 * "unknown", never "$0": a price the proxy did not report is not a free model.
 */
import type { SettingsError } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatUsd } from "../../utils/money";

const LOCALE = "en-US";

/** A token count with thousands separators: `128,000 tokens`. */
export function formatTokens(count: number): string {
  return t("settings:capabilities.tokens", { count: count.toLocaleString(LOCALE) });
}

export type PriceKind = "input" | "output" | "cacheWrites" | "cacheReads";

/** `$0.15 / 1M input`, or `unknown` when the price is not known. */
export function formatPricePerMillion(price: number | null, kind: PriceKind): string {
  return price === null ? t("settings:capabilities.unknown") : t(`settings:capabilities.price.${kind}`, { price: formatUsd(price) });
}

/** The catalogue key of each top-level settings field's label, by the field's JSON name. */
const FIELD_LABEL_KEYS: Readonly<Record<string, string>> = {
  apiProvider: "settings:provider",
  litellmApiKey: "settings:providers.liteLLM.apiKey",
  litellmApiUrl: "settings:providers.liteLLM.apiUrl",
  litellmModelId: "settings:providers.liteLLM.modelId",
  litellmModelInfo: "settings:providers.liteLLM.modelInfo",
};

/** The field's label as the panel shows it; `litellmModelInfo.inputPrice` keeps its sub-field. */
export function fieldLabel(field: string): string {
  const [head = "", ...rest] = field.split(".");
  const key = Object.hasOwn(FIELD_LABEL_KEYS, head) ? FIELD_LABEL_KEYS[head] : undefined;
  const label = key === undefined ? head : t(key);
  return rest.length === 0 ? label : `${label} (${rest.join(".")})`;
}

/** A rejection as one line naming the field, or just the message when the core named none. */
export function describeSettingsError(error: SettingsError): string {
  return error.field.trim() === "" ? error.message : t("settings:rejected", { field: fieldLabel(error.field), message: error.message });
}
