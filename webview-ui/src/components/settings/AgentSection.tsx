/**
 * The Settings tab's Code mode section: whether reads run without asking (secret-looking files
 * always ask), the commands that run without asking (one prefix per line, none by default), the
 * step limit, the command timeout and each mode's instructions. Saving posts `saveSettings` with
 * the other stored settings unchanged; a field the core refuses (`agent.stepLimit`...) shows its
 * message at that field, anything else beside Save.
 */
import { useId, useState } from "react";
import type { SettingsError } from "@shared/generated/types";
import type { AgentSettingsView, SettingsUpdate, SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import { useLatestRequest } from "../../utils/useLatestRequest";
import type { Messenger } from "../../utils/vscode";
import { agentFields, parseAgentFields, parseStepLimit, parseTimeout, sameAgentSettings, type AgentFields } from "./agentFields";
import { SaveStatus, type SaveState } from "./SaveStatus";
import { storedUpdate } from "./settingsUpdate";

/** Which field a refusal from the core is about, by its JSON name (`agent.commandAllowList.2`). */
type FieldName = keyof AgentFields;

const FIELD_OF_SETTING: Readonly<Record<string, FieldName>> = {
  autoApproveReads: "autoApproveReads",
  commandAllowList: "allowList",
  stepLimit: "stepLimit",
  commandTimeoutSeconds: "timeout",
  "modeInstructions.ask": "askInstructions",
  "modeInstructions.code": "codeInstructions",
  modeInstructions: "codeInstructions",
};

/** The field of this section a refusal names, or null when it names another (or none). */
export function refusedField(error: SettingsError): FieldName | null {
  if (!error.field.startsWith("agent.")) {
    return null;
  }
  const rest = error.field.slice("agent.".length);
  const match = Object.keys(FIELD_OF_SETTING)
    .filter((setting) => rest === setting || rest.startsWith(`${setting}.`))
    .sort((left, right) => right.length - left.length)[0];
  return match === undefined ? null : (FIELD_OF_SETTING[match] ?? null);
}

/** The settings the extension confirmed after a save, until the parent passes newer settings. */
interface Confirmed {
  over: SettingsView;
  agent: AgentSettingsView;
}

interface FieldProps {
  label: string;
  help: string;
  /** The local check's message or the core's refusal, shown at the field. */
  error: string | null;
  children: (ids: { inputId: string; describedBy: string; invalid: boolean }) => React.ReactNode;
}

function Field({ label, help, error, children }: FieldProps): React.JSX.Element {
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

export function AgentSection({ settings, messenger }: { settings: SettingsView; messenger: Messenger }): React.JSX.Element {
  // What is typed and not saved yet; null follows the stored settings.
  const [draft, setDraft] = useState<AgentFields | null>(null);
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const saveRequest = useLatestRequest(messenger);
  const headingId = useId();
  const readsHelpId = useId();

  // The save's answer wins over the props it answered; newer props (the state that follows) win over it.
  const stored = confirmed !== null && confirmed.over === settings ? confirmed.agent : settings.agent;
  const fields = draft ?? agentFields(stored);
  const parsed = parseAgentFields(fields);
  const changed = parsed === null || !sameAgentSettings(parsed, stored);
  const refused = save.status === "rejected" ? refusedField(save.error) : null;
  const errorAt = (field: FieldName, local: string | null): string | null =>
    local ?? (refused === field && save.status === "rejected" ? save.error.message : null);

  const edit = (change: Partial<AgentFields>) => {
    setDraft({ ...fields, ...change });
    setSave({ status: "idle" });
  };

  const saveAgent = () => {
    if (parsed === null) {
      return;
    }
    const update: SettingsUpdate = { ...storedUpdate(settings), agent: parsed };
    setSave({ status: "saving" });
    saveRequest({ kind: "saveSettings", settings: update }, (response) => {
      if (!response.ok) {
        setSave({ status: "rejected", error: response.error });
        return;
      }
      setConfirmed({ over: settings, agent: response.settings.agent });
      setDraft(null);
      setSave({ status: "saved" });
    });
  };

  const stepLimit = parseStepLimit(fields.stepLimit);
  const timeout = parseTimeout(fields.timeout);

  return (
    <section className="agent-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-title">
        {t("agent:settings.title")}
      </h3>
      <p className="settings-help">{t("agent:settings.intro")}</p>
      <label className="settings-field settings-check">
        <span>
          <input
            type="checkbox"
            checked={fields.autoApproveReads}
            aria-describedby={readsHelpId}
            onChange={(event) => {
              edit({ autoApproveReads: event.target.checked });
            }}
          />{" "}
          {t("agent:settings.autoApproveReads")}
        </span>
      </label>
      <p id={readsHelpId} className="settings-help">
        {t("agent:settings.autoApproveReadsHelp")}
      </p>
      {refused === "autoApproveReads" && save.status === "rejected" ? (
        <p className="settings-error" role="alert">
          {save.error.message}
        </p>
      ) : null}
      <Field label={t("agent:settings.allowList")} help={t("agent:settings.allowListHelp")} error={errorAt("allowList", null)}>
        {(ids) => (
          <textarea
            id={ids.inputId}
            className="settings-input"
            rows={3}
            value={fields.allowList}
            spellCheck={false}
            aria-invalid={ids.invalid}
            aria-describedby={ids.describedBy}
            onChange={(event) => {
              edit({ allowList: event.target.value });
            }}
          />
        )}
      </Field>
      <Field label={t("agent:settings.stepLimit")} help={t("agent:settings.stepLimitHelp")} error={errorAt("stepLimit", stepLimit.ok ? null : stepLimit.message)}>
        {(ids) => (
          <input
            id={ids.inputId}
            className="settings-input"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={fields.stepLimit}
            aria-invalid={ids.invalid}
            aria-describedby={ids.describedBy}
            onChange={(event) => {
              edit({ stepLimit: event.target.value });
            }}
          />
        )}
      </Field>
      <Field label={t("agent:settings.timeout")} help={t("agent:settings.timeoutHelp")} error={errorAt("timeout", timeout.ok ? null : timeout.message)}>
        {(ids) => (
          <input
            id={ids.inputId}
            className="settings-input"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={fields.timeout}
            aria-invalid={ids.invalid}
            aria-describedby={ids.describedBy}
            onChange={(event) => {
              edit({ timeout: event.target.value });
            }}
          />
        )}
      </Field>
      <Field label={t("agent:settings.askInstructions")} help={t("agent:settings.instructionsHelp")} error={errorAt("askInstructions", null)}>
        {(ids) => (
          <textarea
            id={ids.inputId}
            className="settings-input"
            rows={4}
            value={fields.askInstructions}
            aria-invalid={ids.invalid}
            aria-describedby={ids.describedBy}
            onChange={(event) => {
              edit({ askInstructions: event.target.value });
            }}
          />
        )}
      </Field>
      <Field label={t("agent:settings.codeInstructions")} help={t("agent:settings.instructionsHelp")} error={errorAt("codeInstructions", null)}>
        {(ids) => (
          <textarea
            id={ids.inputId}
            className="settings-input"
            rows={4}
            value={fields.codeInstructions}
            aria-invalid={ids.invalid}
            aria-describedby={ids.describedBy}
            onChange={(event) => {
              edit({ codeInstructions: event.target.value });
            }}
          />
        )}
      </Field>
      <div className="settings-actions">
        <button type="button" className="settings-button" disabled={parsed === null || !changed || save.status === "saving"} onClick={saveAgent}>
          {t("agent:settings.save")}
        </button>
        {/* A refusal shown at its field is not repeated here. */}
        <SaveStatus save={refused === null ? save : { status: "idle" }} />
      </div>
    </section>
  );
}
