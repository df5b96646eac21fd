/**
 * The settings as the shell uses them: what the panel shows, saving (after the core validated
 * every field), the API key, and checking a URL as the user types. Whoever needs to react to a
 * change (the model catalogue's handler, the webview's state) subscribes with `onDidChange`.
 */
import { agentSettingsRefusal, readAgentSettings, writeAgentSettings } from "./agent/agentSettings";
import type { Backend } from "./api/backend";
import { asApiError } from "./apiErrors";
import type { ApiKeys } from "./secrets";
import {
  contextSettingsRefusal,
  displayModelInfo,
  displayProvider,
  displayString,
  readContextSettings,
  readStoredSettings,
  withApiKey,
  writeSettings,
} from "./settings";
import type { ProviderDefaults, ProviderSettings } from "./shared/generated/types";
import type { RulesView, SettingsOutcome, SettingsUpdate, SettingsView } from "./shared/protocol";

/** The key's field name in the core's settings errors. */
const KEY_FIELD = "litellmApiKey";

/** Where the view's rules come from (the system prompt's source, which reads the files). */
export interface RulesViewSource {
  view(): RulesView;
}

/** Adds the team settings (caching, headers, key header) to what the core receives. */
export interface TeamSettingsSource {
  merge(settings: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export class SettingsService {
  readonly defaults: ProviderDefaults;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly backend: Backend,
    private readonly apiKeys: ApiKeys,
    private readonly rules: RulesViewSource,
    private readonly team?: TeamSettingsSource,
  ) {
    this.defaults = backend.providerDefaults();
  }

  /** Calls `listener` after every change of the settings or the key; returns the unsubscribe. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells the subscribers the settings changed: called after a save here, and by the extension
   * when VS Code reports an edit of settings.json or of the stored key.
   */
  changed(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }

  /** The stored settings plus the key, unjudged: the core validates them when it builds a handler. */
  async current(): Promise<ProviderSettings> {
    const settings = withApiKey(readStoredSettings(), await this.apiKeys.get());
    return this.team === undefined ? settings : this.team.merge(settings);
  }

  /** The proxy URL the settings name, or the default one when they name none. */
  apiUrlOf(settings: ProviderSettings): string {
    return displayString(settings.litellmApiUrl, this.defaults.litellmApiUrl).trim();
  }

  async view(): Promise<SettingsView> {
    const stored = readStoredSettings();
    return {
      apiProvider: displayProvider(),
      litellmApiUrl: displayString(stored.litellmApiUrl, this.defaults.litellmApiUrl),
      litellmModelId: displayString(stored.litellmModelId, this.defaults.litellmModelId),
      litellmModelInfo: displayModelInfo(stored.litellmModelInfo),
      apiKeySet: await this.apiKeys.isSet(),
      rules: this.rules.view(),
      context: readContextSettings(),
      agent: readAgentSettings(this.backend),
    };
  }

  /** Saves what the panel sent when the core accepts every field; otherwise names the wrong one. */
  async save(update: SettingsUpdate): Promise<SettingsOutcome> {
    // The core validates exactly what will be stored; the previous settings stay if it refuses.
    // The custom instructions are free text for the prompt, not a provider setting to validate.
    const provider = {
      apiProvider: update.apiProvider,
      litellmApiUrl: update.litellmApiUrl,
      litellmModelId: update.litellmModelId,
      litellmModelInfo: update.litellmModelInfo,
    };
    const refusal = this.refusal({ ...provider, litellmApiKey: (await this.apiKeys.get()) ?? null });
    if (refusal !== undefined) {
      return refusal;
    }
    const contextRefusal = contextSettingsRefusal(update.context);
    if (contextRefusal !== undefined) {
      return { ok: false, error: contextRefusal };
    }
    const agentRefusal = agentSettingsRefusal(this.backend, update.agent);
    if (agentRefusal !== undefined) {
      return { ok: false, error: agentRefusal };
    }
    await writeSettings(update);
    await writeAgentSettings(this.backend, update.agent);
    this.changed();
    return { ok: true, settings: await this.view() };
  }

  /** Stores the key in SecretStorage when the core accepts it (it travels in a header). */
  async setApiKey(apiKey: string): Promise<SettingsOutcome> {
    const refusal = this.refusal({ ...readStoredSettings(), litellmApiKey: apiKey });
    // Only a complaint about the key itself stops it: a bad stored URL is the URL field's to say.
    if (refusal !== undefined && refusal.error.field === KEY_FIELD) {
      return refusal;
    }
    await this.apiKeys.set(apiKey);
    this.changed();
    return { ok: true, settings: await this.view() };
  }

  /** Why the core refuses these settings, as the panel shows it; `undefined` when it accepts them. */
  private refusal(settings: Record<string, unknown>): Extract<SettingsOutcome, { ok: false }> | undefined {
    try {
      this.backend.buildApiHandler(settings, undefined).free();
      return undefined;
    } catch (error) {
      const apiError = asApiError(error);
      return { ok: false, error: { field: apiError.detail ?? "", message: apiError.message } };
    }
  }

  async clearApiKey(): Promise<SettingsView> {
    await this.apiKeys.clear();
    this.changed();
    return this.view();
  }

  /** Why the core would refuse this proxy URL, or `null` when it is fine. */
  validateApiUrl(apiUrl: string): string | null {
    try {
      this.backend.buildApiHandler({ litellmApiUrl: apiUrl }, undefined).free();
      return null;
    } catch (error) {
      return asApiError(error).message;
    }
  }
}
