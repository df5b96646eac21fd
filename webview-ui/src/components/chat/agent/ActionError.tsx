/**
 * The refusal of an agent card's action (a decision, an answer, Continue), shown under its buttons
 * and announced, so a refused click is never a silent nothing. Nothing while there is none.
 */
export function ActionError({ error }: { error: string | null }): React.JSX.Element | null {
  return error === null ? null : (
    <p className="chat-error" role="alert">
      {error}
    </p>
  );
}
