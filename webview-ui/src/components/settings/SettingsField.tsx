/**
 * One labelled field of a Settings section: its label, the input the caller renders, the field's
 * error (announced, and read before the help) and its help text. The ids that tie the label, the
 * error and the help to the input are made here, so every section's fields are named and described
 * the same way for a screen reader.
 */
import { useId } from "react";

/** What the caller's input needs to be tied to its label, its error and its help. */
export interface FieldIds {
  inputId: string;
  describedBy: string;
  invalid: boolean;
}

export interface SettingsFieldProps {
  label: string;
  help: string;
  /** The local check's message or the core's refusal, shown at the field. */
  error: string | null;
  children: (ids: FieldIds) => React.ReactNode;
}

export function SettingsField({ label, help, error, children }: SettingsFieldProps): React.JSX.Element {
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  return (
    <div className="settings-field">
      <label htmlFor={inputId}>{label}</label>
      {children({ inputId, describedBy: error === null ? helpId : `${errorId} ${helpId}`, invalid: error !== null })}
      {error !== null ? (
        <p id={errorId} className="settings-error" role="alert">
          {error}
        </p>
      ) : null}
      <p id={helpId} className="settings-help">
        {help}
      </p>
    </div>
  );
}
