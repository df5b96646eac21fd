/**
 * The team settings and the key's budget for the shell: merges the team fields into the settings
 * the core receives, answers the Settings tab's `getTeamSettings` / `saveTeamSettings` (the core
 * validates every field before anything is stored), and keeps the key's budget current: asked of
 * `/key/info` when the settings change, refreshed from each reply's LiteLLM headers.
 */
import * as vscode from "vscode";
import type { Backend } from "../api/backend";
import { asApiError } from "../apiErrors";
import type { Log } from "../log";
import { CONFIGURATION_SECTION } from "../settings";
import type { ChatMessage, KeyBudget, KeyInfo, ProviderSettings } from "../shared/generated/types";
import type { ModelsOutcome, TeamOutcome, TeamState, TeamUpdate } from "../shared/protocol";
import { loadCaBundle, useCaBundle } from "./caFetch";
import {
  TEAM_KEYS,
  resolvedHeaders,
  secretValuesSet,
  teamView,
  withTeamSettings,
  writeTeamSettings,
  type TeamConfiguration,
  type TeamSecrets,
} from "./teamSettings";

export interface TeamServiceOptions {
  backend: Backend;
  secrets: TeamSecrets;
  log: Log;
  /** The provider settings with the key, team fields included (`SettingsService.current`). */
  currentSettings: () => Promise<ProviderSettings>;
  /** Tells the rest of the shell the settings changed after a save. */
  changed: () => void;
  /** The key's budget changed (for the chat footer). */
  postBudget: (budget: KeyBudget | null) => void;
}

/** VS Code's configuration for `rooCodePlus`, written to the user's global settings. */
function configuration(): TeamConfiguration {
  const section = vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
  return {
    get: (key) => section.get<unknown>(key),
    update: (key, value) => section.update(key, value, vscode.ConfigurationTarget.Global),
  };
}

export class TeamService {
  private keyInfo: KeyInfo | null = null;
  private budget: KeyBudget | null = null;
  /** The proxy refused the latest reply because the budget is used up (until it says otherwise). */
  private spent = false;

  constructor(private readonly options: TeamServiceOptions) {}

  /** The settings with the team fields the core reads; secret header values filled in. */
  merge(settings: Record<string, unknown>): Promise<Record<string, unknown>> {
    return withTeamSettings(settings, configuration(), this.options.secrets);
  }

  /** What the Settings tab shows: the team settings and the key's budget, asked anew. */
  async state(): Promise<TeamState> {
    await this.refreshBudget();
    return this.viewNow();
  }

  private async viewNow(): Promise<TeamState> {
    const config = configuration();
    return { team: teamView(config, await secretValuesSet(config, this.options.secrets)), budget: this.budget };
  }

  /** Saves the team settings when the core accepts them; otherwise names the wrong field. */
  async save(update: TeamUpdate): Promise<TeamOutcome> {
    const { backend, secrets } = this.options;
    const headers = await resolvedHeaders(update.customHeaders, secrets);
    const candidate = {
      ...(await this.options.currentSettings()),
      litellmPromptCaching: update.promptCaching,
      litellmReasoningEffort: update.reasoningEffort,
      litellmCustomHeaders: headers,
      litellmKeyHeader: update.keyHeader,
    };
    try {
      backend.buildApiHandler(candidate, undefined).free();
    } catch (error) {
      const apiError = asApiError(error);
      return { ok: false, error: { field: apiError.detail ?? "", message: apiError.message } };
    }
    if (update.caBundlePath.trim() !== "") {
      const bundle = await loadCaBundle(update.caBundlePath.trim());
      if (!bundle.ok) return { ok: false, error: { field: "litellmCaBundlePath", message: bundle.message } };
    }
    await writeTeamSettings(update, headers, (header) => backend.headerLooksSecret(header.name, header.value), configuration(), secrets);
    await this.applyCaBundle();
    this.options.changed();
    return { ok: true, state: await this.state() };
  }

  /**
   * Trusts the configured company CA bundle for the backend's requests (or stops, when none is
   * set). A bundle that cannot be used is logged and returned as the sentence to show.
   */
  async applyCaBundle(): Promise<string | null> {
    const path = configuration().get(TEAM_KEYS.caBundlePath);
    const message = await useCaBundle(typeof path === "string" ? path : "");
    if (message !== null) this.options.log.warn(message);
    return message;
  }

  /**
   * After a settings change the proxy, the key or the CA may be another: the CA is trusted anew,
   * earlier replies' budget headers are forgotten and the key's budget is asked again.
   */
  async settingsChanged(): Promise<void> {
    await this.applyCaBundle();
    this.options.backend.forgetBudgetHeaders();
    await this.announceBudget();
  }

  /** Asks the proxy about the key again (after a settings change); quietly nothing when it will not say. */
  async refreshBudget(): Promise<void> {
    try {
      this.keyInfo = await this.options.backend.fetchKeyInfo(await this.options.currentSettings(), undefined);
      // A fresh answer from the proxy says where the budget stands now.
      this.spent = false;
    } catch (error) {
      // Settings the core refuses: the settings panel says why; the budget just stays hidden.
      this.options.log.info(`Key info not asked: ${asApiError(error).message}`);
      this.keyInfo = null;
    }
    this.updateBudget();
  }

  /** Asks about the key again and posts the budget even when unchanged (a webview that just loaded). */
  async announceBudget(): Promise<void> {
    await this.refreshBudget();
    this.options.postBudget(this.budget);
  }

  /**
   * After a reply: the newest LiteLLM headers may have moved the spend, and a reply the proxy
   * refused for a spent budget leaves nothing of it, whatever the last numbers said.
   */
  afterReply(reply: ChatMessage): void {
    this.spent = reply.error !== null && this.options.backend.isBudgetExceeded(reply.error);
    const headers = this.options.backend.latestBudgetHeaders();
    for (const note of headers?.notes ?? []) {
      this.options.log.warn(note);
    }
    this.updateBudget();
  }

  /** A discovery outcome with only the models the key may use, when `/key/info` lists them. */
  allowedModels(outcome: ModelsOutcome): ModelsOutcome {
    if (!outcome.ok || this.keyInfo === null) return outcome;
    return { ok: true, models: this.options.backend.modelsAllowedForKey(outcome.models, this.keyInfo) };
  }

  /** The budget's reset time, for the spent-budget error. */
  resetAt(): string | null {
    return this.keyInfo?.budgetResetAt ?? null;
  }

  private updateBudget(): void {
    const next = this.options.backend.keyBudget(this.keyInfo, this.spent);
    const changed = JSON.stringify(next) !== JSON.stringify(this.budget);
    this.budget = next;
    if (changed) this.options.postBudget(next);
  }
}
