/**
 * The API key, kept only in VS Code's SecretStorage (the OS keychain where there is one): never
 * in settings, global state, the webview or a log. The seed's own code leaked it to global state;
 * this module is the one place that reads or writes it.
 */
import type * as vscode from "vscode";

const API_KEY_SECRET = "rooCodePlus.litellmApiKey";

/** What the rest of the shell needs of the key store, so tests can hand it an in-memory one. */
export type ApiKeys = Pick<ApiKeyStore, "get" | "isSet" | "set" | "clear">;

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(API_KEY_SECRET);
  }

  async isSet(): Promise<boolean> {
    const key = await this.get();
    return key !== undefined && key.trim() !== "";
  }

  /** Stores a new key; a blank one clears it instead. */
  async set(apiKey: string): Promise<void> {
    const trimmed = apiKey.trim();
    if (trimmed === "") {
      await this.clear();
      return;
    }
    await this.secrets.store(API_KEY_SECRET, trimmed);
  }

  clear(): Thenable<void> {
    return this.secrets.delete(API_KEY_SECRET);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key === API_KEY_SECRET) {
        listener();
      }
    });
  }
}
