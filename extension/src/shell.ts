/**
 * Puts the shell's services together over one storage folder: the system prompt (with the
 * workspace's rules), the settings, the model catalogue, the chat store, the open chat and the
 * sidebar's router. The extension builds it once, on first use; tests build several over one
 * folder to play several windows.
 */
import { loopSettings, readAgentSettings } from "./agent/agentSettings";
import { lazyTools, type Tools } from "./agent/lazyTools";
import { createVscodeToolRunner } from "./agent/tools/vscodeToolRunner";
import type { Backend } from "./api/backend";
import { ActiveChat, type OpenChatIdStore } from "./chat/activeChat";
import { ChatStore } from "./chat/chatStore";
import type { LockOptions } from "./chat/folderLock";
import type { StorageFileSystem } from "./chat/storageFiles";
import type { ContextHost } from "./context/mentionResolver";
import { lazyVscodeContextHost } from "./context/vscodeContextHost";
import { WorkspaceContext } from "./context/workspaceContext";
import type { Log, UserWarnings } from "./log";
import { ModelCatalogue } from "./modelCatalogue";
import { SystemPromptSource } from "./rules/systemPromptSource";
import type { ApiKeys } from "./secrets";
import { readContextSettings } from "./settings";
import { SettingsService } from "./settingsService";
import type { AgentMode } from "./shared/generated/types";
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
  /**
   * What the @-mentions ask VS Code (the editor, problems, terminals). The extension passes the
   * real one, made at activation so terminal output is collected from then on; without one, the
   * real one is made on first use.
   */
  contextHost?: ContextHost;
  /** The workspace folder the @-mentions list; by default the first of VS Code's folders. */
  workspaceRoot?: () => string | undefined;
  /** Where secret custom-header values are kept (VS Code's SecretStorage); memory when unset. */
  teamSecrets?: TeamSecrets;
  /** What Code mode's tools are performed with; by default VS Code's, made on first use. */
  agentTools?: () => Tools & { dispose?: () => void };
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
  context: WorkspaceContext;
  dispose(): void;
}

export async function createShell(options: ShellOptions): Promise<Shell> {
  const { backend, log, warnings, newId } = options;
  // The team service watches the replies go by to keep the key's budget current.
  const post = (message: ExtensionToWebview): void => {
    options.post(message);
    if (message.type === "replyFinished") team.afterReply(message.message);
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
  // The company CA is trusted before the first request, and again after each settings change;
  // then the key's budget is asked anew, since the proxy, the key or the CA may have changed.
  const caProblem = await team.applyCaBundle();
  if (caProblem !== null) warnings.warn(caProblem);
  settings.onDidChange(() => {
    void team.settingsChanged();
  });
  // Subscribed before anyone else, so every other listener of a change sees the new prompt.
  settings.onDidChange(() => {
    systemPrompt.settingsChanged();
  });
  const catalogue = new ModelCatalogue(backend, settings, log, clock);
  const tools = lazyTools(
    options.agentTools ??
      // An edit approved or rejected in the diff editor's title bar goes to the task waiting for it.
      (() => createVscodeToolRunner({ core: backend, log, decide: (callId, decision) => chats.decideFromEditor(callId, decision), ...rootOption })),
  );
  const context = new WorkspaceContext({
    core: backend,
    host: options.contextHost ?? lazyVscodeContextHost(),
    log,
    // The size limit is the user's setting; the other limits are the core's defaults.
    limits: () => ({ ...backend.defaultContextLimits(), maxFileBytes: readContextSettings().maxFileBytes }),
    ...(options.workspaceRoot === undefined ? {} : { root: options.workspaceRoot }),
  });
  const rootOption = options.workspaceRoot === undefined ? {} : { workspaceRoot: options.workspaceRoot };
  const sessionHost = {
    store,
    catalogue,
    defaults: settings.defaults,
    post,
    log,
    warnings,
    newId,
    clock,
    // Read at each request and meter reading, so a changed rules file or mode's instructions
    // count from the next one.
    systemPrompt: (mode: AgentMode) =>
      backend.systemPromptForMode(systemPrompt.prompt(), mode, readAgentSettings(backend).modeInstructions),
    agent: {
      tools,
      // The same listing as the @-picker's: the folder and its `.rooignore` files.
      workspace: async () => {
        const found = await context.index.rooIgnoreFiles();
        return found === undefined ? undefined : { root: found.root, rooignore: found.files };
      },
      settings: () => loopSettings(readAgentSettings(backend)),
    },
    // Read at each reply's end and view, so a changed threshold counts at once.
    condenseThreshold: () => readContextSettings().condenseThresholdPercent / 100,
    // The core words a spent-budget error with the reset time as the reply ends, so the saved chat keeps it.
    budgetResetAt: () => team.resetAt(),
  };
  const chats = await ActiveChat.open({ ...sessionHost, core: backend, openChatId: options.openChatId });
  const router = new MessageRouter({
    settings,
    team,
    systemPrompt,
    catalogue,
    chats,
    context,
    post,
    log,
    backendInfo: options.backendInfo,
    // The first reply's `max_tokens` is sized by counting the prompt: building the encoder now,
    // after the current task, keeps its cost off both activation and the first answer.
    warmUp: () => {
      setTimeout(() => {
        void backend.warmUpTokenizer();
        // The @-picker's file list is built in the background too, so the first @ finds it ready.
        context.warmUp();
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
    context,
    dispose: () => {
      context.dispose();
      chats.stopAll();
      tools.dispose();
      chats.dispose();
      catalogue.dispose();
      store.dispose();
      systemPrompt.dispose();
    },
  };
}
