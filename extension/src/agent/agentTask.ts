/**
 * One Code-mode task in a chat: after each reply the core says what to do next (`agentStep`),
 * and this loop does it: shows an approval and waits for the user's click, performs a call with
 * the tools, asks a follow-up question, asks whether to continue at the step limit, or streams
 * the next reply, until the core says the task is over or the user stops it. Every rule (which
 * call runs, which asks, which path is refused, when the limit is reached) is the core's; this
 * loop only moves between the core, the tools and the webview.
 *
 * Stop aborts the one signal every wait, stream and command of the task listens to; then the
 * reply's open calls are answered as not run, and a proposal's diff editor is closed.
 */
import type { OpenChat } from "../../wasm/roo_api_wasm";
import { errorText } from "../apiErrors";
import type { Log } from "../log";
import type {
  AgentSettings,
  ChatMessage,
  IgnoreFile,
  PendingToolCall,
  ToolOutcome,
  UserDecision,
} from "../shared/generated/types";
import type { ActionOutcome, AgentActivity, ExtensionToWebview, ToolPreview } from "../shared/protocol";
import { UserAnswer } from "./userAnswer";

/** An edit the tools wrote: the file and what it held before (null: it was created). */
export interface EditWritten {
  path: string;
  before: string | null;
  after: string;
}

/** What the loop needs of the tools (the shell's `ToolRunner`). */
export interface AgentTools {
  /** Makes what the approval card shows (an edit's diff opens in the editor too), or why the call cannot be made. */
  prepare(call: PendingToolCall): Promise<{ ok: true; preview: ToolPreview } | { ok: false; text: string }>;
  /** Performs an approved call; Stop aborts `signal`. */
  perform(
    call: PendingToolCall,
    io: { signal: AbortSignal; onOutput: (text: string) => void },
  ): Promise<{ outcome: ToolOutcome; edit: EditWritten | null }>;
  /** Closes a proposal's diff editor (after a rejection or Stop). */
  discardProposal(callId: string): void;
}

/** The workspace folder the tools work in and its `.rooignore` files. */
export interface AgentWorkspace {
  root: string;
  rooignore: IgnoreFile[];
}

export interface AgentTaskHost {
  /** The chat now (a save that conflicted continues in a copy). */
  chat(): OpenChat;
  post(message: ExtensionToWebview): void;
  tools: AgentTools;
  /** The workspace, or `undefined` when no folder is open. */
  workspace(): Promise<AgentWorkspace | undefined>;
  settings(): AgentSettings;
  clock(): number;
  log: Log;
  /** Streams the task's next reply; resolves with its id once it ended, or null when none started. */
  nextReply(): Promise<string | null>;
  /** Saves the chat (after each performed call, so a closed window keeps what ran). */
  persist(): Promise<void>;
}

const NO_FOLDER =
  "No folder is open in VS Code, so no file can be read or changed and no command run. Open the project's folder (File > Open Folder) and ask again.";

export class AgentTask {
  private activityNow: AgentActivity = { kind: "idle" };
  private readonly answers = new UserAnswer();

  constructor(private readonly host: AgentTaskHost) {}

  /** What the task waits for now, for the chat's view. */
  get activity(): AgentActivity {
    return this.activityNow;
  }

  decide(callId: string, decision: UserDecision): ActionOutcome {
    return this.answers.decide(callId, decision);
  }

  answerQuestion(callId: string, text: string): ActionOutcome {
    return this.answers.answerQuestion(callId, text);
  }

  continueTask(proceed: boolean): ActionOutcome {
    return this.answers.continueTask(proceed);
  }

  /** Runs the task from the finished reply `replyId` until it ends or `signal` is aborted. */
  async run(replyId: string, signal: AbortSignal): Promise<void> {
    let current = replyId;
    try {
      for (;;) {
        if (signal.aborted) {
          return;
        }
        const workspace = await this.host.workspace();
        const state = this.host.chat().agentStep(current, this.stepInput(workspace), this.host.clock());
        this.postMessage(current);
        if (state.kind === "finished") {
          return;
        }
        if (state.kind === "awaitingModel" || state.kind === "awaitingContinue") {
          if (state.kind === "awaitingContinue" && !(await this.askToContinue(current, state.steps, signal))) {
            return;
          }
          this.setActivity({ kind: "idle" });
          const next = await this.host.nextReply();
          if (next === null) {
            return;
          }
          current = next;
          continue;
        }
        if (workspace === undefined && state.call.path !== null) {
          this.record(current, state.call.id, { kind: "failure", text: NO_FOLDER });
          continue;
        }
        if (state.kind === "awaitingApproval") {
          await this.approve(current, state.call, signal);
        } else {
          await this.perform(current, state.call, signal);
        }
      }
    } catch (error) {
      // The core refuses only inputs that do not fit its state, which would be a bug here.
      this.host.log.error(`The agent stopped unexpectedly: ${errorText(error)}`);
    } finally {
      this.finish(current, signal);
    }
  }

  private stepInput(workspace: AgentWorkspace | undefined): { workspaceRoot: string; rooignore: IgnoreFile[]; settings: AgentSettings } {
    return { workspaceRoot: workspace?.root ?? "", rooignore: workspace?.rooignore ?? [], settings: this.host.settings() };
  }

  /** Shows the call with what it will do and waits for Approve or Reject. */
  private async approve(replyId: string, call: PendingToolCall, signal: AbortSignal): Promise<void> {
    const prepared = await this.host.tools.prepare(call);
    if (!prepared.ok) {
      // A diff that does not apply, a file that cannot be read: the model is told why.
      this.record(replyId, call.id, { kind: "failure", text: prepared.text });
      return;
    }
    this.setActivity({ kind: "approval", replyId, call, preview: prepared.preview });
    const decision = await this.answers.approval(call.id, signal);
    if (decision.kind === "stopped") {
      return;
    }
    const message = this.host.chat().decideToolCall(replyId, call.id, decision.value, this.host.clock());
    if (decision.value.kind === "reject") {
      this.host.tools.discardProposal(call.id);
    }
    this.post(message);
  }

  /** Performs an approved call (or asks the follow-up question) and records its outcome. */
  private async perform(replyId: string, call: PendingToolCall, signal: AbortSignal): Promise<void> {
    if (call.request.tool === "ask_followup_question") {
      this.setActivity({ kind: "question", replyId, callId: call.id, question: call.request.question, suggestions: call.request.suggestions });
      const answer = await this.answers.question(call.id, signal);
      if (answer.kind === "answered") {
        this.record(replyId, call.id, { kind: "success", text: answer.value });
      }
      return;
    }
    this.setActivity({ kind: "running", replyId, call });
    let performed: { outcome: ToolOutcome; edit: EditWritten | null };
    try {
      performed = await this.host.tools.perform(call, {
        signal,
        onOutput: (text) => {
          this.host.post({ type: "commandOutput", conversationId: this.host.chat().id, callId: call.id, text });
        },
      });
    } catch (error) {
      performed = { outcome: { kind: "failure", text: `The tool failed: ${errorText(error)}` }, edit: null };
    }
    if (performed.edit !== null) {
      this.host.chat().recordEdit(replyId, call.id, performed.edit, this.host.clock());
    }
    this.record(replyId, call.id, performed.outcome);
    await this.host.persist();
  }

  private async askToContinue(replyId: string, steps: number, signal: AbortSignal): Promise<boolean> {
    this.setActivity({ kind: "continue", replyId, steps });
    const answer = await this.answers.continuation(signal);
    return answer.kind === "answered" && answer.value;
  }

  private record(replyId: string, callId: string, outcome: ToolOutcome): void {
    this.post(this.host.chat().recordToolOutcome(replyId, callId, outcome, this.host.clock()));
  }

  /** The task ended: after Stop, every open call of the reply is answered as not run. */
  private finish(replyId: string, signal: AbortSignal): void {
    const activity = this.activityNow;
    if (activity.kind === "approval") {
      this.host.tools.discardProposal(activity.call.id);
    }
    if (signal.aborted) {
      try {
        this.post(this.host.chat().stopToolCalls(replyId, this.host.clock()));
      } catch (error) {
        this.host.log.error(`The stopped task's calls could not be settled: ${errorText(error)}`);
      }
    }
    this.setActivity({ kind: "idle" });
  }

  private postMessage(replyId: string): void {
    const message = this.host.chat().message(replyId);
    if (message !== undefined) {
      this.post(message);
    }
  }

  private post(message: ChatMessage): void {
    this.host.post({ type: "messageChanged", conversationId: this.host.chat().id, message });
  }

  private setActivity(activity: AgentActivity): void {
    if (activity.kind === "idle" && this.activityNow.kind === "idle") {
      return;
    }
    this.activityNow = activity;
    this.host.post({ type: "agentActivity", conversationId: this.host.chat().id, activity });
  }
}
