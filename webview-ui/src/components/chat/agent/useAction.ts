/**
 * One of the agent's buttons' requests (Approve, Undo, Continue...): busy while it is on its way,
 * so a second click does not send it twice, and the extension's refusal kept to show beside the
 * button, so a refused action is never a silent nothing.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { ActionOutcome } from "@shared/protocol";

export type ActionState = { status: "idle" } | { status: "busy" } | { status: "failed"; error: string };

export function useAction(): { state: ActionState; run: (send: () => Promise<ActionOutcome>) => void; clear: () => void } {
  const [state, setState] = useState<ActionState>({ status: "idle" });
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback((send: () => Promise<ActionOutcome>) => {
    setState({ status: "busy" });
    void send().then((outcome) => {
      // The card that asked may be gone (the activity moved on); its answer then has nowhere to show.
      if (mounted.current) {
        setState(outcome.ok ? { status: "idle" } : { status: "failed", error: outcome.error });
      }
    });
  }, []);

  const clear = useCallback(() => {
    setState({ status: "idle" });
  }, []);

  return { state, run, clear };
}

/** The refusal to show, if any. */
export function actionError(state: ActionState): string | null {
  return state.status === "failed" ? state.error : null;
}
