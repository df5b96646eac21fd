/**
 * Puts the shell's services together over one storage folder: the system prompt (with the
 * workspace's rules), the settings, the model catalogue, the chat store, the open chat and the
 * sidebar's router. The extension builds it once, on first use; tests build several over one
 * folder to play several windows.
 */
import type { Backend } from "./api/backend";
import { ActiveChat, type OpenChatIdStore } from "./chat/activeChat";
import { ChatStore } from "./chat/chatStore";
import type { LockOptions } from "./chat/folderLock";
import type { StorageFileSystem } from "./chat/storageFiles";
import type { Log, UserWarnings } from "./log";
import { ModelCatalogue } from "./modelCatalogue";
import { SystemPromptSource } from "./rules/systemPromptSource";
import type { ApiKeys } from "./secrets";
import { SettingsService } from "./settingsService";
import type { ExtensionToWebview } from "./shared/protocol";
import { MessageRouter } from "./sidebar/messageRouter";
import { TeamService } from "./teams/teamService";
import type { TeamSecrets } from "./teams/teamSettings";

export interface ShellOptions {
  backend: Backend;
  apiKeys: ApiKeys;
  /** The extension's global storage folder, shared by every window. */
  storageFolder: string;
  /** This window's memory of the chat it shows. */
  openChatId: OpenChatIdStore;
  log: Log;
  warnings: UserWarnings;
  post: (message: ExtensionToWebview) => void;
  backendInfo: () => ExtensionToWebview;
  newId: () => string;
  clock?: () => number;
  fs?: StorageFileSystem;
  lock?: LockOptions;
  /** Where secret custom-header values are kept (VS Code's SecretStorage); memory when unset. */
  teamSecrets?: TeamSecrets;
}

/** Secrets kept in memory, for shells built without SecretStorage (tests). */
function memorySecrets(): TeamSecrets {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key)),
    store: (key, value) => Promise.resolve(void values.set(key, value)),
    delete: (key) => Promise.resolve(void values.delete(key)),
  };
}

export interface Shell {
  systemPrompt: SystemPromptSource;
  settings: SettingsService;
  catalogue: ModelCatalogue;
  store: ChatStore;
  chats: ActiveChat;
  router: MessageRouter;
  dispose(): void;
}

export async function createShell(options: ShellOptions): Promise<Shell> {
  const { backend, log, warnings, newId } = options;
  // The team service watches the replies go by to keep the key's budget current.
  const post = (message: ExtensionToWebview): void => {
    options.post(message.type === "replyFinished" ? team.withBudgetReset(message) : message);
    if (message.type === "replyFinished") team.afterReply();
  };
  const clock = options.clock ?? Date.now;
  // The rules files are read while the chat store opens; both are needed for the first state.
  const opening = SystemPromptSource.open({ core: backend, log });
  const store = await ChatStore.open({
    folder: options.storageFolder,
    core: backend,
    log,
    warnings,
    newId,
    clock,
    ...(options.fs === undefined ? {} : { fs: options.fs }),
    ...(options.lock === undefined ? {} : { lock: options.lock }),
  });
  const systemPrompt = await opening;
  const team: TeamService = new TeamService({
    backend,
    secrets: options.teamSecrets ?? memorySecrets(),
    log,
    currentSettings: () => settings.current(),
    changed: () => {
      settings.changed();
    },
    postBudget: (budget) => {
      options.post({ type: "keyBudget", budget });
    },
  });
  const settings = new SettingsService(backend, options.apiKeys, systemPrompt, team);
  // The company CA is trusted before the first request, and again after each settings change.
  const caProblem = await team.applyCaBundle();
  if (caProblem !== null) warnings.warn(caProblem);
  settings.onDidChange(() => {
    void team.applyCaBundle();
  });
  // Subscribed before anyone else, so every other listener of a change sees the new prompt.
  settings.onDidChange(() => {
    systemPrompt.settingsChanged();
  });
  const catalogue = new ModelCatalogue(backend, settings, log, clock);
  const sessionHost = {
    store,
    catalogue,
    defaults: settings.defaults,
    post,
    log,
    warnings,
    newId,
    clock,
    // Read at each request and meter reading, so a changed rules file counts from the next one.
    systemPrompt: () => systemPrompt.prompt(),
  };
  const chats = await ActiveChat.open({ ...sessionHost, core: backend, openChatId: options.openChatId });
  const router = new MessageRouter({
    settings,
    team,
    systemPrompt,
    catalogue,
    chats,
    post,
    log,
    backendInfo: options.backendInfo,
    // The first reply's `max_tokens` is sized by counting the prompt: building the encoder now,
    // after the current task, keeps its cost off both activation and the first answer.
    warmUp: () => {
      setTimeout(() => {
        void backend.warmUpTokenizer();
      }, 0);
    },
  });
  return {
    systemPrompt,
    settings,
    catalogue,
    store,
    chats,
    router,
    dispose: () => {
      chats.stopAll();
      chats.dispose();
      catalogue.dispose();
      store.dispose();
      systemPrompt.dispose();
    },
  };
}
