/**
 * Where the user writes the next message: the text, the @-mentions as chips, and pasted or
 * dropped images. Enter sends, Shift+Enter breaks the line (and Enter while an input method is
 * composing belongs to the input method); while the @-picker is open, its keys come first.
 * While a reply streams, Send becomes Stop and Enter does not send. A send the extension refused
 * comes back as `rejected`: its text, chips and images return and the reason shows above them
 * until the user sends again or dismisses it. The editor's "Add to chat" (`insertMention`) and
 * the focus keybinding (`focusComposer`) arrive as events. While Code mode's agent waits for an
 * answer on its card (approve, a question, continue), Send waits too and says why.
 */
import { memo, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { ResolvedModel } from "@shared/generated/types";
import type { ImageInput, MentionCandidate, MentionChip } from "@shared/protocol";
import { t } from "../../i18n";
import type { Refusal } from "../../state";
import type { Messenger } from "../../utils/vscode";
import { ChipList } from "./composer/ChipList";
import { withChips } from "./composer/chips";
import { ComposerNotices } from "./composer/ComposerNotices";
import { ImageStrip } from "./composer/ImageStrip";
import { MentionPicker } from "./composer/MentionPicker";
import { removeMentionQuery, type MentionQuery } from "./composer/mentionQuery";
import { useDrop } from "./composer/useDrop";
import { useImageIntake } from "./composer/useImageIntake";
import { useMentionPicker } from "./composer/useMentionPicker";

/** What one send carries. */
export interface Draft {
  text: string;
  chips: MentionChip[];
  images: ImageInput[];
}

export interface ComposerProps {
  /** True while a reply streams: the button stops it instead of sending. */
  busy: boolean;
  /** Why sending waits (Code mode's agent asks something the card above answers), or null. */
  blockedHint: string | null;
  rejected: Refusal | null;
  /** The chat's model: whether it takes images, and its name for saying it does not. */
  model: ResolvedModel;
  onSend: (draft: Draft) => void;
  onStop: () => void;
  messenger: Messenger;
}

/**
 * Rejections the user has moved past (sent again or dismissed). The parent keeps `rejected` until
 * the next one, so this outlives the component: an old rejection never comes back.
 */
const settled = new WeakSet<Refusal>();

function isPending(rejected: Refusal | null): rejected is Refusal {
  return rejected !== null && !settled.has(rejected);
}

/**
 * The draft with the refused one given back: the text alone when the box is empty, else before
 * the draft; the refused chips and images before the ones added since.
 */
function restore(draft: Draft, rejected: Refusal): Draft {
  const text =
    rejected.text === "" ? draft.text : draft.text.trim() === "" || draft.text === rejected.text ? rejected.text : `${rejected.text}\n\n${draft.text}`;
  return { text, chips: withChips(rejected.chips, draft.chips), images: [...rejected.images, ...draft.images] };
}

const EMPTY: Draft = { text: "", chips: [], images: [] };

/** Memoised: the chat re-renders for every streamed delta, and nothing here changes with one. */
export const Composer = memo(function Composer({ busy, blockedHint, rejected, model, onSend, onStop, messenger }: ComposerProps): React.JSX.Element {
  const [draft, setDraft] = useState<Draft>(() => (isPending(rejected) ? restore(EMPTY, rejected) : EMPTY));
  // The rejection this composer last saw, to notice a new one (state adjusted during render,
  // as React recommends, so the draft and the error appear in the same frame).
  const [seen, setSeen] = useState(rejected);
  const [dismissed, setDismissed] = useState<Refusal | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [focusRequests, setFocusRequests] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes after the next render (after a chosen mention took its `@query` out).
  const caretAfterRender = useRef<number | null>(null);
  const errorId = useId();
  const visionId = useId();
  const blockedId = useId();

  if (rejected !== seen) {
    setSeen(rejected);
    if (isPending(rejected)) {
      setDraft(restore(draft, rejected));
    }
  }

  const addNotice = (message: string) => {
    setNotices((current) => (current.includes(message) ? current : [...current, message]));
  };
  const addChips = (chips: readonly MentionChip[]) => {
    setDraft((current) => ({ ...current, chips: withChips(current.chips, chips) }));
  };
  const images = useImageIntake((image) => {
    setDraft((current) => ({ ...current, images: [...current.images, image] }));
  }, addNotice);
  const drop = useDrop(messenger, { chips: addChips, files: images.addFiles, notice: addNotice });

  const picker = useMentionPicker(messenger, (candidate: MentionCandidate, at: MentionQuery) => {
    const removed = removeMentionQuery(draft.text, at);
    caretAfterRender.current = removed.caret;
    setDraft((current) => ({ ...current, text: removed.text, chips: withChips(current.chips, [candidate.chip]) }));
  });

  useEffect(
    () =>
      messenger.subscribe((event) => {
        if (event.type === "insertMention") {
          addChips([event.chip]);
          setFocusRequests((count) => count + 1);
        } else if (event.type === "focusComposer") {
          setFocusRequests((count) => count + 1);
        }
      }),
    [messenger],
  );

  // After the render that shows the chat (the tab may just have switched to it).
  useEffect(() => {
    if (focusRequests > 0) {
      input.current?.focus();
    }
  }, [focusRequests]);

  useLayoutEffect(() => {
    const caret = caretAfterRender.current;
    if (caret !== null && input.current !== null) {
      caretAfterRender.current = null;
      input.current.focus();
      input.current.setSelectionRange(caret, caret);
    }
  });

  const showError = isPending(rejected) && rejected !== dismissed;
  const visionBlocked = draft.images.length > 0 && !model.info.supportsImages;
  const hasContent = draft.text.trim() !== "" || draft.chips.length > 0 || draft.images.length > 0;
  const canSend = !busy && blockedHint === null && hasContent && !visionBlocked && images.pending === 0;

  const settle = () => {
    if (rejected !== null) {
      settled.add(rejected);
      setDismissed(rejected);
    }
  };

  const send = () => {
    if (!canSend) {
      return;
    }
    settle();
    setNotices([]);
    picker.hide();
    onSend(draft);
    setDraft(EMPTY);
    input.current?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (picker.onKeyDown(event)) {
      return;
    }
    const box = event.currentTarget;
    if (event.key === "Backspace" && draft.text === "" && box.selectionEnd === 0 && draft.chips.length > 0) {
      event.preventDefault();
      setDraft((current) => ({ ...current, chips: current.chips.slice(0, -1) }));
      return;
    }
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) {
      return;
    }
    event.preventDefault();
    send();
  };

  const onPaste = (event: React.ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) {
      return;
    }
    // A screenshot pastes as a file alone; text copied with an image keeps its text.
    if (!event.clipboardData.types.includes("text/plain")) {
      event.preventDefault();
    }
    images.addFiles(files);
  };

  const describedBy = [showError ? errorId : null, visionBlocked ? visionId : null, blockedHint !== null ? blockedId : null].filter((id) => id !== null).join(" ");

  return (
    <form
      className={drop.over ? "chat-composer chat-composer-drop" : "chat-composer"}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      {...drop.handlers}
    >
      {showError ? (
        <div className="chat-error chat-composer-error" role="alert" id={errorId}>
          <span className="chat-error-text">{rejected.error.message}</span>
          <button type="button" className="chat-button chat-button-secondary" onClick={settle}>
            {t("chat:composer.dismiss")}
          </button>
        </div>
      ) : null}
      <ComposerNotices
        notices={notices}
        onDismiss={() => {
          setNotices([]);
        }}
      />
      {visionBlocked ? (
        <p className="chat-warning" role="alert" id={visionId}>
          {t("chat:images.noVision", { model: model.id })}
        </p>
      ) : null}
      {blockedHint !== null ? (
        <p className="chat-muted agent-composer-blocked" id={blockedId}>
          {blockedHint}
        </p>
      ) : null}
      <ChipList
        chips={draft.chips}
        onRemove={(index) => {
          setDraft((current) => ({ ...current, chips: current.chips.filter((_, at) => at !== index) }));
        }}
      />
      <ImageStrip
        images={draft.images}
        pending={images.pending}
        onRemove={(index) => {
          setDraft((current) => ({ ...current, images: current.images.filter((_, at) => at !== index) }));
        }}
      />
      <div className="chat-composer-row">
        <MentionPicker picker={picker} />
        <textarea
          ref={input}
          className="chat-input"
          rows={2}
          value={draft.text}
          aria-label={t("chat:composer.label")}
          aria-describedby={describedBy === "" ? undefined : describedBy}
          aria-autocomplete="list"
          aria-controls={picker.at !== null && picker.options.length > 0 ? picker.listId : undefined}
          aria-activedescendant={picker.at !== null && picker.options.length > 0 ? picker.optionId(picker.active) : undefined}
          placeholder={t("chat:composer.placeholder")}
          onChange={(event) => {
            const { value, selectionStart } = event.target;
            setDraft((current) => ({ ...current, text: value }));
            picker.update(value, selectionStart);
          }}
          onSelect={(event) => {
            picker.update(event.currentTarget.value, event.currentTarget.selectionStart);
          }}
          onBlur={() => {
            picker.hide();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        {busy ? (
          <button type="button" className="chat-button chat-button-stop" onClick={onStop}>
            {t("chat:composer.stop")}
          </button>
        ) : (
          <button type="submit" className="chat-button" disabled={!canSend}>
            {t("chat:composer.send")}
          </button>
        )}
      </div>
    </form>
  );
});
