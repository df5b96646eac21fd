/**
 * The models the proxy serves and the handler that knows them. Discovery's answer is kept for
 * five minutes per proxy URL (Roo issue 3613: asking on every message is slow and noisy), and
 * when it is missing or old the proxy is asked in the background, so nobody waits for it.
 */
import type { ApiHandler } from "../wasm/roo_api_wasm";
import type { Backend } from "./api/backend";
import { asApiError } from "./apiErrors";
import type { Log } from "./log";
import type { SettingsService } from "./settingsService";
import type { DiscoveredModel } from "./shared/generated/types";
import type { ModelsOutcome } from "./shared/protocol";

/** How long discovered models are trusted before the proxy is asked again. */
export const DISCOVERY_TTL_MS = 5 * 60 * 1000;

interface Discovered {
  apiUrl: string;
  models: DiscoveredModel[];
  at: number;
}

export class ModelCatalogue {
  private handler: ApiHandler | undefined;
  private discovered: Discovered | undefined;
  private discovering: Promise<void> | undefined;
  private readonly listeners = new Set<(outcome: ModelsOutcome) => void>();

  constructor(
    private readonly backend: Backend,
    private readonly settings: SettingsService,
    private readonly log: Log,
    private readonly clock: () => number = Date.now,
  ) {
    settings.onDidChange(() => {
      this.forgetHandler();
    });
  }

  /** Calls `listener` when background discovery found the proxy's models. */
  onDiscovered(listener: (outcome: ModelsOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The handler for the current settings, built on first use; throws a `RooApiError` naming a
   * bad setting. Use it synchronously after the await: a settings change frees it.
   */
  async currentHandler(): Promise<ApiHandler> {
    if (this.handler === undefined) {
      const settings = await this.settings.current();
      const handler = this.backend.buildApiHandler(settings, undefined);
      const known = this.discovered;
      if (known !== undefined && known.apiUrl === this.settings.apiUrlOf(settings) && this.isFresh(known)) {
        handler.useModels(known.models);
      } else {
        this.discoverInBackground();
      }
      return this.keepFirst(handler);
    }
    return this.handler;
  }

  /** Asks the proxy at `apiUrl` (blank: the saved one) for its models, for the settings panel. */
  async refresh(apiUrl: string): Promise<ModelsOutcome> {
    try {
      const settings = await this.settings.current();
      const target = apiUrl.trim() === "" ? this.settings.apiUrlOf(settings) : apiUrl.trim();
      const models = await this.backend.listModels({ ...settings, litellmApiUrl: target }, undefined);
      this.discovered = { apiUrl: target, models, at: this.clock() };
      if (target === this.settings.apiUrlOf(settings)) {
        // The live handler learns the models' info and prices too.
        this.handler?.useModels(models);
      }
      return { ok: true, models };
    } catch (error) {
      return { ok: false, error: asApiError(error) };
    }
  }

  /** Settles when no background discovery is running (tests wait on it). */
  async idle(): Promise<void> {
    await this.discovering;
  }

  dispose(): void {
    this.forgetHandler();
    this.listeners.clear();
  }

  /** Another caller may have built a handler while this one awaited the settings: keep the first. */
  private keepFirst(built: ApiHandler): ApiHandler {
    if (this.handler === undefined) {
      this.handler = built;
      return built;
    }
    built.free();
    return this.handler;
  }

  private isFresh(known: Discovered): boolean {
    return this.clock() - known.at < DISCOVERY_TTL_MS;
  }

  /** Forgets the handler, so the next use is built from the current settings and key. */
  private forgetHandler(): void {
    this.handler?.free();
    this.handler = undefined;
  }

  /**
   * Asks the proxy for its models without making anyone wait: when the answer comes, the
   * handler knows the model's context window and prices, and the listeners hear of it. A
   * failure only leaves the defaults in place (the settings panel's Refresh shows the error).
   */
  private discoverInBackground(): void {
    this.discovering ??= (async () => {
      try {
        const settings = await this.settings.current();
        const models = await this.backend.listModels(settings, undefined);
        this.discovered = { apiUrl: this.settings.apiUrlOf(settings), models, at: this.clock() };
        this.handler?.useModels(models);
        for (const listener of this.listeners) {
          listener({ ok: true, models });
        }
      } catch (error) {
        this.log.info(`Model discovery did not succeed: ${asApiError(error).message}`);
      } finally {
        this.discovering = undefined;
      }
    })();
  }
}
