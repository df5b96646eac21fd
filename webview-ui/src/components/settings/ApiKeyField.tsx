/**
 * The API key: the webview never sees a stored key, only whether one is set. When one is, the
 * field says so and offers Replace and Clear; otherwise (or while replacing) a password input and
 * Save key. The input is uncontrolled, so the typed key lives only in the DOM input until it is
 * posted, and is wiped from it right after: never in React state, never in `setState`.
 */
import { useId, useRef, useState } from "react";
import type { SubmitEvent } from "react";
import { t } from "../../i18n";

export type KeyRequest =
  | { status: "idle" }
  | { status: "pending"; kind: "set" | "clear" }
  | { status: "done"; kind: "set" | "clear" }
  | { status: "failed"; message: string };

export interface ApiKeyFieldProps {
  apiKeySet: boolean;
  /** Whether the user chose Replace while a key is stored. */
  replacing: boolean;
  request: KeyRequest;
  onSave: (apiKey: string) => void;
  onClear: () => void;
  onReplace: () => void;
  onCancelReplace: () => void;
}

export function ApiKeyField({ apiKeySet, replacing, request, onSave, onClear, onReplace, onCancelReplace }: ApiKeyFieldProps): React.JSX.Element {
  const inputId = useId();
  const helpId = useId();
  const statusId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [hasText, setHasText] = useState(false);
  const pending = request.status === "pending";
  const editing = !apiKeySet || replacing;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = inputRef.current;
    if (!input || input.value.trim() === "" || pending) {
      return;
    }
    const apiKey = input.value;
    input.value = "";
    setHasText(false);
    onSave(apiKey);
  };

  return (
    <div className="settings-key">
      {editing ? (
        <form className="settings-field" onSubmit={submit}>
          <label htmlFor={inputId}>{t("settings:providers.liteLLM.apiKey")}</label>
          <div className="settings-row">
            <input
              ref={inputRef}
              id={inputId}
              className="settings-input"
              type="password"
              autoComplete="off"
              spellCheck={false}
              // The user just asked to replace the key: put them in the field.
              autoFocus={replacing}
              placeholder={t("settings:providers.liteLLM.apiKeyPlaceholder")}
              aria-describedby={`${helpId} ${statusId}`}
              onInput={(event) => {
                setHasText(event.currentTarget.value.trim() !== "");
              }}
            />
            <button type="submit" className="settings-button" disabled={!hasText || pending}>
              {t("settings:providers.liteLLM.saveKey")}
            </button>
            {replacing && apiKeySet && (
              <button type="button" className="settings-button secondary" onClick={onCancelReplace}>
                {t("settings:providers.liteLLM.cancelReplace")}
              </button>
            )}
          </div>
          <p id={helpId} className="settings-help">
            {t("settings:providers.liteLLM.apiKeyHelp")}
          </p>
        </form>
      ) : (
        <div className="settings-field" role="group" aria-labelledby={`${inputId}-label`}>
          <span id={`${inputId}-label`} className="settings-label">
            {t("settings:providers.liteLLM.apiKey")}
          </span>
          <div className="settings-row">
            <span className="settings-key-stored">{t("settings:providers.liteLLM.apiKeyStored")}</span>
            <button type="button" className="settings-button secondary" disabled={pending} onClick={onReplace}>
              {t("settings:providers.liteLLM.replaceKey")}
            </button>
            <button type="button" className="settings-button secondary" disabled={pending} onClick={onClear}>
              {t("settings:providers.liteLLM.clearKey")}
            </button>
          </div>
        </div>
      )}
      <KeyStatus id={statusId} request={request} />
    </div>
  );
}

function KeyStatus({ id, request }: { id: string; request: KeyRequest }) {
  switch (request.status) {
    case "idle":
      return <p id={id} role="status" className="settings-status" />;
    case "pending":
      return (
        <p id={id} role="status" className="settings-status">
          {t(request.kind === "set" ? "settings:providers.liteLLM.keySaving" : "settings:providers.liteLLM.keyClearing")}
        </p>
      );
    case "done":
      return (
        <p id={id} role="status" className="settings-status">
          {t(request.kind === "set" ? "settings:providers.liteLLM.keySaved" : "settings:providers.liteLLM.keyCleared")}
        </p>
      );
    case "failed":
      return (
        <p id={id} role="alert" className="settings-error">
          {request.message}
        </p>
      );
  }
}
