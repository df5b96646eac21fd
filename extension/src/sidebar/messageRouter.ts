/**
 * The sidebar's message router: each request from the webview is answered by exactly one typed
 * response (`Responses[kind]`), each notice is acted on, and the events that nobody asked for
 * (the state after a settings change, models found in the background) are posted from here.
 * Both handler tables are mapped types over the protocol, so a request or notice without a
 * handler is a compile error, and a handler's answer that does not match its kind is one too.
 */
import { type ActiveChat, CHAT_NOT_OPEN } from "../chat/activeChat";
import { errorText, shellError } from "../apiErrors";
import type { WorkspaceContext } from "../context/workspaceContext";
import type { Log } from "../log";
import type { ModelCatalogue } from "../modelCatalogue";
import type { SystemPromptSource } from "../rules/systemPromptSource";
import type { SettingsService } from "../settingsService";
import type { TeamService } from "../teams/teamService";
import type {
  ExtensionToWebview,
  RequestKind,
  RequestOf,
  ResponseMessage,
  Responses,
  WebviewState,
  WebviewToExtension,
} from "../shared/protocol";
import { webviewState } from "../views";

type RequestHandlers = { [Kind in RequestKind]: (request: RequestOf<Kind>) => Promise<Responses[Kind]> };

type Notice = Exclude<WebviewToExtension, { type: "request" }>;
type NoticeHandlers = { [Type in Notice["type"]]: (notice: Extract<Notice, { type: Type }>) => Promise<void> };

export interface RouterOptions {
  settings: SettingsService;
  /** The team settings and the key's budget (issue 16). */
  team: TeamService;
  /** The system prompt, whose rules the Settings tab lists and whose size the meter counts. */
  systemPrompt: Pick<SystemPromptSource, "onDidChange">;
  catalogue: ModelCatalogue;
  chats: ActiveChat;
  /** The @-mentions: the picker's search, dropped files, and resolving them on send. */
  context: Pick<WorkspaceContext, "search" | "resolve" | "mentionsForUris">;
  post: (message: ExtensionToWebview) => void;
  log: Log;
  /** What the webview learns first: the backend's version, or why it failed to load. */
  backendInfo: () => ExtensionToWebview;
  /** Builds the tokenizer soon, off the path of the first answer. */
  warmUp: () => void;
}

export class MessageRouter {
  private readonly requests: RequestHandlers;
  private readonly notices: NoticeHandlers;
  /** Work started by an event rather than a message (a state post), for `settled()`. */
  private background: Promise<void> = Promise.resolve();
  private stateQueued = false;

  constructor(private readonly options: RouterOptions) {
    const { settings, catalogue, chats, context, team } = options;
    this.requests = {
      saveSettings: (request) => settings.save(request.settings),
      setApiKey: (request) => settings.setApiKey(request.apiKey),
      clearApiKey: async () => ({ settings: await settings.clearApiKey() }),
      validateApiUrl: (request) => Promise.resolve({ error: settings.validateApiUrl(request.apiUrl) }),
      refreshModels: async (request) => team.allowedModels(await catalogue.refresh(request.apiUrl)),
      sendMessage: async (request) => {
        // Every mention is read and resolved before anything is added to the chat: one that
        // cannot be attached answers the send, and the typed message stays in the composer.
        const resolved = await context.resolve(request.mentions);
        if (!resolved.ok) {
          return { ok: false, error: shellError("badRequest", resolved.error) };
        }
        return chats.session.send(request.text, resolved.attachments, request.images);
      },
      retryReply: () => chats.session.retry(),
      condenseChat: () => chats.session.condense(),
      searchMentions: (request) => context.search(request.query),
      mentionsForUris: (request) => context.mentionsForUris(request.uris),
      getTeamSettings: () => team.state(),
      saveTeamSettings: (request) => team.save(request.team),
      setChatMode: (request) => chats.session.setMode(request.mode),
      decideToolCall: (request) => Promise.resolve(chats.agentAnswer(request.conversationId, (task) => task.decide(request.callId, request.decision))),
      answerQuestion: (request) =>
        Promise.resolve(chats.agentAnswer(request.conversationId, (task) => task.answerQuestion(request.callId, request.answer))),
      continueTask: (request) => Promise.resolve(chats.agentAnswer(request.conversationId, (task) => task.continueTask(request.proceed))),
      undoEdit: (request) => chats.withSession(request.conversationId, (session) => session.undoEdit(request.replyId, request.callId)),
      revertAllEdits: async (request) =>
        (await chats.sessionFor(request.conversationId)?.revertAllEdits()) ?? { reverted: 0, errors: [CHAT_NOT_OPEN] },
      showEditDiff: (request) => chats.withSession(request.conversationId, (session) => session.showEditDiff(request.replyId, request.callId)),
    };
    this.notices = {
      ready: async () => {
        options.post(options.backendInfo());
        await this.postState();
        options.warmUp();
        // The chat footer's budget, asked of the proxy once the webview can show it.
        void options.team.announceBudget();
      },
      stopReply: (notice) => {
        chats.stopReply(notice.conversationId);
        return Promise.resolve();
      },
      newChat: () => chats.newChat(),
      openChat: (notice) => chats.openChat(notice.conversationId),
      deleteChat: (notice) => chats.deleteChat(notice.conversationId),
      refreshHistory: () => chats.refreshHistory(),
    };
    // A settings change can change the model, its context window and the meter: send it all.
    settings.onDidChange(() => {
      this.postStateSoon();
    });
    // A rules file changed: the Settings tab's list and the chat's meter change with it.
    options.systemPrompt.onDidChange(() => {
      this.postStateSoon();
    });
    catalogue.onDiscovered((outcome) => {
      options.post({ type: "modelsRefreshed", outcome });
      this.postStateSoon();
    });
  }

  /** Acts on one validated message from the webview; failures are logged, never thrown. */
  async handle(message: WebviewToExtension): Promise<void> {
    const name = message.type === "request" ? message.request.kind : message.type;
    try {
      if (message.type === "request") {
        const response = await this.answer(message.request.kind, message.request);
        // The handler table pairs each kind with its answer; TypeScript cannot follow that
        // pairing through the generic call, so the correlated message is asserted here, once.
        this.options.post({ type: "response", id: message.id, kind: message.request.kind, response } as ResponseMessage);
      } else {
        await this.notice(message.type, message);
      }
    } catch (error) {
      this.options.log.error(`Handling "${name}" failed: ${errorText(error)}`);
    }
  }

  async state(): Promise<WebviewState> {
    const { settings, chats } = this.options;
    return webviewState(await settings.view(), settings.defaults, await chats.view(), chats.history());
  }

  async postState(): Promise<void> {
    this.options.post({ type: "state", state: await this.state() });
  }

  /** Settles when the state posts that events started have been sent (tests wait on it). */
  async settled(): Promise<void> {
    await this.background;
  }

  private answer<Kind extends RequestKind>(kind: Kind, request: RequestOf<Kind>): Promise<Responses[Kind]> {
    const handler: (request: RequestOf<Kind>) => Promise<Responses[Kind]> = this.requests[kind];
    return handler(request);
  }

  private notice<Type extends Notice["type"]>(type: Type, notice: Extract<Notice, { type: Type }>): Promise<void> {
    const handler: (notice: Extract<Notice, { type: Type }>) => Promise<void> = this.notices[type];
    return handler(notice);
  }

  /** Posts the state once for a burst of changes (the panel's save and VS Code's echo of it). */
  private postStateSoon(): void {
    if (this.stateQueued) {
      return;
    }
    this.stateQueued = true;
    this.background = this.background.then(async () => {
      this.stateQueued = false;
      try {
        await this.postState();
      } catch (error) {
        this.options.log.error(`Sending the state failed: ${errorText(error)}`);
      }
    });
  }
}
