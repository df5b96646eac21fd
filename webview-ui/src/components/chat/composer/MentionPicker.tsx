/**
 * The @-picker's list: the candidates by group (context, open editors, files, folders), the
 * matched characters bold and the detail dimmed, the highlighted option marked for the
 * textarea's `aria-activedescendant`. The textarea keeps the focus: a click chooses without
 * taking it away (mousedown is cancelled).
 */
import type { MentionCandidate } from "@shared/protocol";
import { t } from "../../../i18n";
import { GROUP_ORDER, type MentionPicker as Picker } from "./useMentionPicker";

/** The label cut into runs, each bold when the query matched its characters. */
export function highlightRuns(label: string, highlights: readonly number[]): { text: string; matched: boolean }[] {
  const marked = new Set(highlights);
  const runs: { text: string; matched: boolean }[] = [];
  for (let index = 0; index < label.length; index += 1) {
    const matched = marked.has(index);
    const last = runs.at(-1);
    if (last !== undefined && last.matched === matched) {
      last.text += label.charAt(index);
    } else {
      runs.push({ text: label.charAt(index), matched });
    }
  }
  return runs;
}

function Label({ candidate }: { candidate: MentionCandidate }): React.JSX.Element {
  return (
    <span className="chat-mention-label">
      {highlightRuns(candidate.chip.label, candidate.highlights).map((run, index) =>
        run.matched ? <strong key={index}>{run.text}</strong> : <span key={index}>{run.text}</span>,
      )}
    </span>
  );
}

function Status({ picker }: { picker: Picker }): React.JSX.Element | null {
  const { result } = picker;
  const lines: string[] = [];
  if (result === null) {
    lines.push(t("chat:mentions.searching"));
  } else {
    if (result.notice !== null) {
      lines.push(result.notice);
    }
    if (result.indexing) {
      lines.push(t("chat:mentions.indexing"));
    }
    if (result.candidates.length === 0 && !result.indexing && result.notice === null) {
      lines.push(t("chat:mentions.noMatches"));
    }
  }
  if (lines.length === 0) {
    return null;
  }
  return (
    <div className="chat-mention-status" role="status">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

export function MentionPicker({ picker }: { picker: Picker }): React.JSX.Element | null {
  if (picker.at === null) {
    return null;
  }
  const { options } = picker;
  return (
    <div className="chat-mention-picker">
      <Status picker={picker} />
      {options.length > 0 ? (
        <div className="chat-mention-list" role="listbox" id={picker.listId} aria-label={t("chat:mentions.label")}>
          {GROUP_ORDER.map((group) => {
            const members = options.map((candidate, index) => ({ candidate, index })).filter((entry) => entry.candidate.group === group);
            if (members.length === 0) {
              return null;
            }
            const headingId = `${picker.listId}-${group}`;
            return (
              <div key={group} role="group" aria-labelledby={headingId}>
                <div className="chat-mention-group" id={headingId} role="presentation">
                  {t(`chat:mentions.groups.${group}`)}
                </div>
                {members.map(({ candidate, index }) => (
                  <div
                    key={index}
                    id={picker.optionId(index)}
                    role="option"
                    aria-selected={index === picker.active}
                    className={index === picker.active ? "chat-mention-option active" : "chat-mention-option"}
                    onMouseDown={(event) => {
                      event.preventDefault();
                    }}
                    onClick={() => {
                      picker.choose(index);
                    }}
                  >
                    <Label candidate={candidate} />
                    {candidate.detail !== null ? <span className="chat-mention-detail">{candidate.detail}</span> : null}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
