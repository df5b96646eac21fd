/**
 * A small in-memory stand-in for the parts of the `vscode` module the chat controller's settings
 * code touches (configuration), so the controller's rules run under Vitest with the real wasm
 * backend. The real VS Code is exercised by the end-to-end tests in code-server.
 */
const values = new Map<string, unknown>();

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

export const workspace = {
  getConfiguration(section: string) {
    return {
      get(key: string): unknown {
        return values.get(`${section}.${key}`);
      },
      update(key: string, value: unknown): Promise<void> {
        if (value === undefined) {
          values.delete(`${section}.${key}`);
        } else {
          values.set(`${section}.${key}`, value);
        }
        return Promise.resolve();
      },
    };
  },
};

/** Test helpers: set or clear a stored setting as a user editing settings.json would. */
export const testing = {
  set(key: string, value: unknown): void {
    values.set(key, value);
  },
  reset(): void {
    values.clear();
  },
  /** Every stored setting, for tests that scan what was written (e.g. for a leaked key). */
  all(): Record<string, unknown> {
    return Object.fromEntries(values);
  },
};
