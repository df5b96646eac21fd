/**
 * Puts the shell's services together over one storage folder: the settings, the model
 * catalogue, the chat store, the open chat and the sidebar's router. The extension builds it
 * once, on first use; tests build several over one folder to play several windows.
 */
import type { Backend } from "./api/backend";
import { ActiveChat, type OpenChatIdStore } from "./chat/activeChat";
import { ChatStore } from "./chat/chatStore";
import type { LockOptions } from "./chat/folderLock";
import type { StorageFileSystem } from "./chat/storageFiles";
import type { Log, UserWarnings } from "./log";
import { ModelCatalogue } from "./modelCatalogue";
import type { ApiKeys } from "./secrets";
import { SettingsService } from "./settingsService";
import type { ExtensionToWebview } from "./shared/protocol";
import { MessageRouter } from "./sidebar/messageRouter";

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
}

export interface Shell {
  settings: SettingsService;
  catalogue: ModelCatalogue;
  store: ChatStore;
  chats: ActiveChat;
  router: MessageRouter;
  dispose(): void;
}

export async function createShell(options: ShellOptions): Promise<Shell> {
  const { backend, log, warnings, post, newId } = options;
  const clock = options.clock ?? Date.now;
  const settings = new SettingsService(backend, options.apiKeys);
  const catalogue = new ModelCatalogue(backend, settings, log, clock);
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
  const chats = await ActiveChat.open({
    store,
    catalogue,
    core: backend,
    defaults: settings.defaults,
    openChatId: options.openChatId,
    post,
    log,
    warnings,
    newId,
    clock,
  });
  const router = new MessageRouter({
    settings,
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
    },
  };
}
