/**
 * The providers the settings panel offers. The labels are a `Record` over the generated
 * `ProviderName` union, so a provider added to the Rust enum is a compile error here until it
 * has a label; the list the `<select>` renders is derived from it, sorted by label.
 */
import type { ProviderName } from "@shared/generated/types";

const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = {
  litellm: "LiteLLM",
};

export const PROVIDERS: ReadonlyArray<{ value: ProviderName; label: string }> = Object.freeze(
  (Object.keys(PROVIDER_LABELS) as ProviderName[])
    .map((value) => Object.freeze({ value, label: PROVIDER_LABELS[value] }))
    .sort((a, b) => a.label.localeCompare(b.label, "en")),
);

/** Narrows a `<select>`'s string value to a provider the panel knows. */
export function isProviderName(value: string): value is ProviderName {
  return Object.hasOwn(PROVIDER_LABELS, value);
}

/** How long the API URL field waits after the last keystroke before asking for validation. */
export const API_URL_VALIDATION_DELAY_MS = 250;
