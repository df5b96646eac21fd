/**
 * The system prompt every request carries: the base prompt plus the workspace's rules files and
 * the custom instructions setting, built by the core (`buildSystemPrompt`) and kept, so a request
 * or the context meter reads it without touching the disk. The files are read again when a
 * watcher sees one of them change or the workspace's folders change; the custom instructions
 * when the settings change. Only the first workspace folder counts, and without one only the
 * custom instructions are added.
 */
import * as vscode from "vscode";
import type { Backend } from "../api/backend";
import { errorText } from "../apiErrors";
import type { Log } from "../log";
import { readCustomInstructions } from "../settings";
import type { SystemPrompt } from "../shared/generated/types";
import type { RulesView } from "../shared/protocol";
import { SYSTEM_PROMPT } from "../systemPrompt";
import { NO_RULES_FILES, readRulesFiles, RULES_WATCH_GLOB, type RulesFiles } from "./rulesFiles";

export interface SystemPromptSourceOptions {
  core: Pick<Backend, "buildSystemPrompt">;
  log: Log;
}

export class SystemPromptSource {
  private files: RulesFiles = NO_RULES_FILES;
  private customInstructions = readCustomInstructions();
  private built: SystemPrompt;
  private watcher: vscode.Disposable | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly listeners = new Set<() => void>();
  /** The reads in order, so an older read never lands after a newer one. */
  private reading: Promise<void> = Promise.resolve();
  private readQueued = false;
  private disposed = false;

  private constructor(private readonly options: SystemPromptSourceOptions) {
    this.built = this.build();
  }

  /** Reads the rules files once and watches them from then on. */
  static async open(options: SystemPromptSourceOptions): Promise<SystemPromptSource> {
    const source = new SystemPromptSource(options);
    source.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        source.watch();
        void source.refresh();
      }),
    );
    // Watching starts before the first read, so a change made while it runs is read again.
    source.watch();
    await source.refresh();
    return source;
  }

  /** The system prompt for the next request and the context meter. */
  prompt(): string {
    return this.built.prompt;
  }

  /** What the Settings tab shows of the rules. */
  view(): RulesView {
    return { report: this.built.report, customInstructions: this.customInstructions, promptTokens: this.built.tokens };
  }

  /** Calls `listener` after the prompt changed; returns the unsubscribe. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The settings changed: rebuilds the prompt at once (before the settings' own listeners ask for
   * a view) when the custom instructions are not what the prompt was built with.
   */
  settingsChanged(): void {
    const customInstructions = readCustomInstructions();
    if (customInstructions !== this.customInstructions) {
      this.customInstructions = customInstructions;
      this.rebuild();
    }
  }

  /**
   * Reads the rules files again and rebuilds the prompt. A burst of changes (a checkout, a save
   * that touches several files) is read once after the read under way, not once per change.
   */
  refresh(): Promise<void> {
    if (!this.readQueued) {
      this.readQueued = true;
      this.reading = this.reading.then(async () => {
        this.readQueued = false;
        await this.read();
      });
    }
    return this.reading;
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.listeners.clear();
  }

  /** Watches the rules files of the first workspace folder, replacing the watcher of the last one. */
  private watch(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    const folder = firstFolder();
    if (folder === undefined) {
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, RULES_WATCH_GLOB));
    const changed = () => void this.refresh();
    this.watcher = vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  private async read(): Promise<void> {
    const folder = firstFolder();
    try {
      const files = folder === undefined ? NO_RULES_FILES : await readRulesFiles(folder, (message) => this.options.log.warn(message));
      if (this.disposed) {
        return;
      }
      this.files = files;
      this.customInstructions = readCustomInstructions();
    } catch (error) {
      // The previous prompt stays: better the rules as they were than a request without any.
      this.options.log.error(`The rules files could not be read: ${errorText(error)}`);
      return;
    }
    this.rebuild();
  }

  private rebuild(): void {
    try {
      this.built = this.build();
    } catch (error) {
      // Only an input the core cannot take gets here (a bug); the previous prompt stays.
      this.options.log.error(`The system prompt could not be built: ${errorText(error)}`);
      return;
    }
    for (const listener of this.listeners) {
      listener();
    }
  }

  private build(): SystemPrompt {
    return this.options.core.buildSystemPrompt(
      { basePrompt: SYSTEM_PROMPT, ...this.files, customInstructions: this.customInstructions },
      undefined,
    );
  }
}

/** The folder whose rules count: the first one of a multi-root workspace, if any is open. */
function firstFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}
