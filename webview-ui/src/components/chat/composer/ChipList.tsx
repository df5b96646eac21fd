/** The mentions the next message attaches, as chips above the textarea, each with a remove button. */
import type { MentionChip } from "@shared/protocol";
import { t } from "../../../i18n";
import { mentionKey } from "./chips";

export function ChipList({ chips, onRemove }: { chips: readonly MentionChip[]; onRemove: (index: number) => void }): React.JSX.Element | null {
  if (chips.length === 0) {
    return null;
  }
  return (
    <ul className="chat-chips" aria-label={t("chat:mentions.chips")}>
      {chips.map((chip, index) => (
        <li key={mentionKey(chip.mention)} className="chat-chip" title={chip.label}>
          <span className="chat-chip-label">@{chip.label}</span>
          <button
            type="button"
            className="chat-chip-remove"
            aria-label={t("chat:mentions.remove", { label: chip.label })}
            onClick={() => {
              onRemove(index);
            }}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
