/**
 * The two answers an agent card offers (Approve or Reject, Continue or End task): the first is the
 * primary button, the second the secondary one, and both wait while the answer is on its way so a
 * second click does not send another.
 */
export interface Choice {
  label: string;
  onChoose: () => void;
}

export function ChoiceButtons({ primary, secondary, busy }: { primary: Choice; secondary: Choice; busy: boolean }): React.JSX.Element {
  return (
    <div className="agent-card-actions">
      <button type="button" className="chat-button" disabled={busy} onClick={primary.onChoose}>
        {primary.label}
      </button>
      <button type="button" className="chat-button chat-button-secondary" disabled={busy} onClick={secondary.onChoose}>
        {secondary.label}
      </button>
    </div>
  );
}
