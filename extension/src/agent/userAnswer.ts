/**
 * Waiting for the user inside the agent loop: one answer at a time (an approval, a follow-up
 * answer, continue or not at the step limit), which only the webview's buttons or the diff
 * editor's title actions can give. Stop withdraws the wait at once. An answer that names another
 * call than the one waiting, or comes when nothing waits (a late or repeated click), is refused
 * with a sentence, and the loop is unchanged.
 */
import type { UserDecision } from "../shared/generated/types";
import type { ActionOutcome } from "../shared/protocol";

/** What the loop waits for, and the answer each kind takes. */
export type Awaited =
  | { kind: "approval"; callId: string; answer: (decision: UserDecision) => void }
  | { kind: "question"; callId: string; answer: (text: string) => void }
  | { kind: "continue"; answer: (proceed: boolean) => void };

/** The answer the loop got, or that Stop withdrew the wait. */
export type Answered<T> = { kind: "answered"; value: T } | { kind: "stopped" };

export class UserAnswer {
  private waiting: Awaited | undefined;

  /** Waits for the approval of `callId`. */
  approval(callId: string, signal: AbortSignal): Promise<Answered<UserDecision>> {
    return this.wait(signal, (answer) => ({ kind: "approval", callId, answer }));
  }

  /** Waits for the answer to the question of `callId`. */
  question(callId: string, signal: AbortSignal): Promise<Answered<string>> {
    return this.wait(signal, (answer) => ({ kind: "question", callId, answer }));
  }

  /** Waits for Continue or End task at the step limit. */
  continuation(signal: AbortSignal): Promise<Answered<boolean>> {
    return this.wait(signal, (answer) => ({ kind: "continue", answer }));
  }

  decide(callId: string, decision: UserDecision): ActionOutcome {
    const waiting = this.waiting;
    if (waiting?.kind !== "approval" || waiting.callId !== callId) {
      return notWaiting("approval");
    }
    this.waiting = undefined;
    waiting.answer(decision);
    return { ok: true };
  }

  answerQuestion(callId: string, text: string): ActionOutcome {
    const waiting = this.waiting;
    if (waiting?.kind !== "question" || waiting.callId !== callId) {
      return notWaiting("question");
    }
    if (text.trim() === "") {
      return { ok: false, error: "Type an answer or pick one of the suggestions." };
    }
    this.waiting = undefined;
    waiting.answer(text);
    return { ok: true };
  }

  continueTask(proceed: boolean): ActionOutcome {
    const waiting = this.waiting;
    if (waiting?.kind !== "continue") {
      return notWaiting("step-limit question");
    }
    this.waiting = undefined;
    waiting.answer(proceed);
    return { ok: true };
  }

  private wait<T>(signal: AbortSignal, awaited: (answer: (value: T) => void) => Awaited): Promise<Answered<T>> {
    return new Promise((resolve) => {
      if (signal.aborted) {
        resolve({ kind: "stopped" });
        return;
      }
      const onAbort = (): void => {
        this.waiting = undefined;
        resolve({ kind: "stopped" });
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting = awaited((value: T) => {
        signal.removeEventListener("abort", onAbort);
        resolve({ kind: "answered", value });
      });
    });
  }
}

function notWaiting(what: string): ActionOutcome {
  return { ok: false, error: `That ${what} is no longer waiting: the task moved on or was stopped.` };
}
