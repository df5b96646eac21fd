/**
 * The team settings of the LiteLLM provider, as the shell keeps them: prompt caching, the
 * reasoning effort, custom headers, where the key goes and the company CA bundle live in VS Code's
 * configuration (`rooCodePlus.litellm.*`); a custom header's value that looks like a secret (the
 * core decides, `headerLooksSecret`) lives in SecretStorage instead, and only its name and a
 * `secret` flag stay in settings.json. The core receives everything merged (`withTeamSettings`),
 * and validates it; the webview sees secret values only as "set".
 */
import type * as vscode from "vscode";
import type { CustomHeader, KeyHeader, ReasoningEffort } from "../shared/generated/types";
import type { TeamHeaderUpdate, TeamUpdate, TeamView } from "../shared/protocol";

/** The configuration keys, below `rooCodePlus.`. */
export const TEAM_KEYS = {
  promptCaching: "litellm.promptCaching",
  reasoningEffort: "litellm.reasoningEffort",
  customHeaders: "litellm.customHeaders",
  keyHeader: "litellm.keyHeader",
  caBundlePath: "litellm.caBundlePath",
} as const;

/** One custom header as stored in settings.json: a secret one has no value there. */
export interface StoredHeader {
  name: string;
  value?: string;
  secret?: boolean;
}

/** What the team settings need of VS Code's configuration, so tests can hand in a map. */
export interface TeamConfiguration {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

/** What they need of SecretStorage. */
export type TeamSecrets = Pick<vscode.SecretStorage, "get" | "store" | "delete">;

/** The SecretStorage key of a secret header's value; header names are case-insensitive. */
export function headerSecretKey(name: string): string {
  return `rooCodePlus.customHeader.${name.trim().toLowerCase()}`;
}

const EFFORTS: readonly string[] = ["minimal", "low", "medium", "high"];

/** Reads the stored headers, skipping entries a hand edit left in another shape. */
export function storedHeaders(configuration: TeamConfiguration): StoredHeader[] {
  const raw = configuration.get(TEAM_KEYS.customHeaders);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown): StoredHeader[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const { name, value, secret } = entry as Record<string, unknown>;
    if (typeof name !== "string") return [];
    return [typeof value === "string" ? { name, value, secret: secret === true } : { name, secret: secret === true }];
  });
}

/** The team settings as the panel shows them; secret values never leave the extension. */
export function teamView(configuration: TeamConfiguration, secretValuesSet: ReadonlySet<string>): TeamView {
  const effort = configuration.get(TEAM_KEYS.reasoningEffort);
  const keyHeader = configuration.get(TEAM_KEYS.keyHeader);
  const caBundlePath = configuration.get(TEAM_KEYS.caBundlePath);
  return {
    promptCaching: configuration.get(TEAM_KEYS.promptCaching) !== false,
    reasoningEffort: typeof effort === "string" && EFFORTS.includes(effort) ? (effort as ReasoningEffort) : "default",
    customHeaders: storedHeaders(configuration).map((header) =>
      header.secret === true
        ? { name: header.name, secret: true, value: "", valueSet: secretValuesSet.has(header.name.trim().toLowerCase()) }
        : { name: header.name, secret: false, value: header.value ?? "", valueSet: (header.value ?? "") !== "" },
    ),
    keyHeader: keyHeader === "x-litellm-api-key" ? "x-litellm-api-key" : "authorization",
    caBundlePath: typeof caBundlePath === "string" ? caBundlePath : "",
  };
}

/** Which secret headers have a stored value (lower-cased names), for the view. */
export async function secretValuesSet(configuration: TeamConfiguration, secrets: TeamSecrets): Promise<Set<string>> {
  const set = new Set<string>();
  for (const header of storedHeaders(configuration)) {
    if (header.secret !== true) continue;
    const value = await secrets.get(headerSecretKey(header.name));
    if (value !== undefined && value !== "") set.add(header.name.trim().toLowerCase());
  }
  return set;
}

/**
 * The team fields the core reads, merged into the provider settings: secret values are filled in
 * from SecretStorage. A hand-edited value of the wrong type is passed on as it is, so the core
 * names the field.
 */
export async function withTeamSettings(
  settings: Record<string, unknown>,
  configuration: TeamConfiguration,
  secrets: TeamSecrets,
): Promise<Record<string, unknown>> {
  const headers: CustomHeader[] = [];
  for (const header of storedHeaders(configuration)) {
    const value = header.secret === true ? ((await secrets.get(headerSecretKey(header.name))) ?? "") : (header.value ?? "");
    headers.push({ name: header.name, value });
  }
  const effort = configuration.get(TEAM_KEYS.reasoningEffort);
  return {
    ...settings,
    litellmPromptCaching: configuration.get(TEAM_KEYS.promptCaching) ?? null,
    litellmReasoningEffort: effort ?? null,
    litellmCustomHeaders: headers,
    litellmKeyHeader: configuration.get(TEAM_KEYS.keyHeader) ?? null,
  };
}

/**
 * The headers of an update with every value known: a secret row that left its value empty keeps
 * the stored one (the panel never had it), so checking and saving see the real value.
 */
export async function resolvedHeaders(headers: readonly TeamHeaderUpdate[], secrets: TeamSecrets): Promise<CustomHeader[]> {
  const resolved: CustomHeader[] = [];
  for (const header of headers) {
    const kept = header.value === null ? ((await secrets.get(headerSecretKey(header.name))) ?? "") : header.value;
    resolved.push({ name: header.name, value: kept });
  }
  return resolved;
}

/**
 * Saves an update the core accepted. `isSecret` is the core's judgement of each header; secret
 * values go to SecretStorage and settings.json keeps only the name. Secrets of headers that were
 * removed, or are no longer secret, are deleted.
 */
export async function writeTeamSettings(
  update: TeamUpdate,
  headers: readonly CustomHeader[],
  isSecret: (header: CustomHeader) => boolean,
  configuration: TeamConfiguration,
  secrets: TeamSecrets,
): Promise<void> {
  const before = storedHeaders(configuration);
  const stored: StoredHeader[] = [];
  const keptSecrets = new Set<string>();
  for (const header of headers) {
    if (header.name.trim() === "" && header.value.trim() === "") continue;
    if (isSecret(header)) {
      await secrets.store(headerSecretKey(header.name), header.value.trim());
      keptSecrets.add(headerSecretKey(header.name));
      stored.push({ name: header.name.trim(), secret: true });
    } else {
      stored.push({ name: header.name.trim(), value: header.value.trim() });
    }
  }
  for (const old of before) {
    if (old.secret === true && !keptSecrets.has(headerSecretKey(old.name))) {
      await secrets.delete(headerSecretKey(old.name));
    }
  }
  await configuration.update(TEAM_KEYS.customHeaders, stored.length === 0 ? undefined : stored);
  await configuration.update(TEAM_KEYS.promptCaching, update.promptCaching ? undefined : false);
  await configuration.update(TEAM_KEYS.reasoningEffort, update.reasoningEffort === "default" ? undefined : update.reasoningEffort);
  await configuration.update(TEAM_KEYS.keyHeader, update.keyHeader === "authorization" ? undefined : update.keyHeader);
  await configuration.update(TEAM_KEYS.caBundlePath, update.caBundlePath.trim() === "" ? undefined : update.caBundlePath.trim());
}

/** The key header choice for display. */
export function keyHeaderOf(value: unknown): KeyHeader {
  return value === "x-litellm-api-key" ? "x-litellm-api-key" : "authorization";
}
