/**
 * The @-picker's state: which `@query` the caret is in, the extension's latest answer for it, and
 * the highlighted option. The composer reports every change of its text or caret with `update`
 * and gives its key presses to `onKeyDown` first; the picker asks `searchMentions` whenever the
 * query changes (only the newest answer is shown). Escape closes the picker for that `@` until it
 * is typed again.
 */
import { useId, useRef, useState } from "react";
import type { MentionCandidate, MentionSearchResult } from "@shared/protocol";
import { useLatestRequest } from "../../../utils/useLatestRequest";
import type { Messenger } from "../../../utils/vscode";
import { findMentionQuery, type MentionQuery } from "./mentionQuery";

/** The groups in the order the picker lists them. */
export const GROUP_ORDER: readonly MentionCandidate["group"][] = ["context", "openEditor", "file", "folder"];

/** The candidates in the order shown: by group, then as the extension ranked them. */
export function orderCandidates(candidates: readonly MentionCandidate[]): MentionCandidate[] {
  return GROUP_ORDER.flatMap((group) => candidates.filter((candidate) => candidate.group === group));
}

export interface MentionPicker {
  /** The query the picker is open for, or null when it is closed. */
  at: MentionQuery | null;
  /** The answer for the latest query, or null while the first one is on its way. */
  result: MentionSearchResult | null;
  /** The candidates in display order; `active` indexes them. */
  options: MentionCandidate[];
  active: number;
  listId: string;
  optionId: (index: number) => string;
  /** The text or the caret changed. */
  update: (text: string, caret: number) => void;
  /** Handles a key while the picker is open; true when it did (the composer then ignores it). */
  onKeyDown: (event: React.KeyboardEvent) => boolean;
  choose: (index: number) => void;
  /** Closes the picker for this `@` (Escape): typing on in the same word does not reopen it. */
  dismiss: () => void;
  /** Closes the picker (the box lost the focus, the message went); the next change may reopen it. */
  hide: () => void;
}

interface PickerState {
  at: MentionQuery | null;
  result: MentionSearchResult | null;
  active: number;
  /** Where the `@` was that Escape closed the picker for. */
  dismissedAt: number | null;
}

const CLOSED: PickerState = { at: null, result: null, active: 0, dismissedAt: null };

/** How long to wait before asking again while the extension is still listing the workspace's files. */
export const INDEXING_RETRY_MS = 400;

export function useMentionPicker(messenger: Messenger, onChoose: (candidate: MentionCandidate, at: MentionQuery) => void): MentionPicker {
  const [state, setState] = useState<PickerState>(CLOSED);
  // The state as last set, for handlers that run twice before a render (a change, then a select).
  const latest = useRef<PickerState>(CLOSED);
  const search = useLatestRequest(messenger);
  const listId = useId();
  const options = state.result === null ? [] : orderCandidates(state.result.candidates);

  const apply = (next: PickerState) => {
    latest.current = next;
    setState(next);
  };

  // Asks for `query`'s candidates. While the file index is still being built the answer may miss
  // files, and nothing announces when it is done, so the picker asks again until it is complete.
  const ask = (query: string, again: boolean) => {
    search({ kind: "searchMentions", query }, (result) => {
      const current = latest.current;
      if (current.at === null || current.at.query !== query) {
        return;
      }
      apply({ ...current, result, active: again ? current.active : 0 });
      if (result.indexing) {
        window.setTimeout(() => {
          if (latest.current.at?.query === query) {
            ask(query, true);
          }
        }, INDEXING_RETRY_MS);
      }
    });
  };

  const update = (text: string, caret: number) => {
    const previous = latest.current;
    const found = findMentionQuery(text, caret);
    if (found === null) {
      apply(CLOSED);
      return;
    }
    if (found.start === previous.dismissedAt) {
      apply({ ...CLOSED, dismissedAt: previous.dismissedAt });
      return;
    }
    const sameAt = previous.at !== null && previous.at.start === found.start;
    if (sameAt && previous.at?.query === found.query) {
      return;
    }
    ask(found.query, false);
    // A new `@` starts without the old answer; a longer query keeps it until the new one comes.
    apply({ at: found, result: sameAt ? previous.result : null, active: sameAt ? previous.active : 0, dismissedAt: null });
  };

  const dismiss = () => {
    const previous = latest.current;
    apply({ ...CLOSED, dismissedAt: previous.at?.start ?? previous.dismissedAt });
  };

  const hide = () => {
    if (latest.current !== CLOSED) {
      apply(CLOSED);
    }
  };

  const choose = (index: number) => {
    const candidate = options[index];
    if (state.at === null || candidate === undefined) {
      return;
    }
    onChoose(candidate, state.at);
    apply(CLOSED);
  };

  const onKeyDown = (event: React.KeyboardEvent): boolean => {
    if (state.at === null || event.nativeEvent.isComposing) {
      return false;
    }
    const count = options.length;
    switch (event.key) {
      case "Escape":
        dismiss();
        break;
      case "ArrowDown":
      case "ArrowUp":
        if (count === 0) {
          return false;
        }
        apply({ ...latest.current, active: (latest.current.active + (event.key === "ArrowDown" ? 1 : count - 1)) % count });
        break;
      case "Enter":
      case "Tab":
        if (count === 0 || event.shiftKey) {
          return false;
        }
        choose(Math.min(state.active, count - 1));
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  };

  return {
    at: state.at,
    result: state.result,
    options,
    active: Math.min(state.active, Math.max(options.length - 1, 0)),
    listId,
    optionId: (index) => `${listId}-option-${String(index)}`,
    update,
    onKeyDown,
    choose,
    dismiss,
    hide,
  };
}
