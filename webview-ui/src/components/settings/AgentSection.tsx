/**
 * The Settings tab's Code mode section: whether reads run without asking (secret-looking files
 * always ask), the commands that run without asking (one prefix per line, none by default), the
 * step limit, the command timeout and each mode's instructions. Saving posts `saveSettings` with
 * the other stored settings unchanged; a field the core refuses (`agent.stepLimit`...) shows its
 * message at that field, anything else beside Save.
 */
import { useId } from "react";
import type { SettingsError } from "@shared/generated/types";
import type { SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import type { Messenger } from "../../utils/vscode";
import { agentFields, parseAgentFields, parseStepLimit, parseTimeout, sameAgentSettings, type AgentFields } from "./agentFields";
import { SaveStatus } from "./SaveStatus";
import { SettingsField } from "./SettingsField";
import { useSettingsDraft } from "./useSettingsDraft";

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

/** What each typed field of this section takes; its text is parsed only when saving. */
interface TextFieldProps {
  label: string;
  help: string;
  error: string | null;
  value: string;
  onChange: (value: string) => void;
}

/** A whole number of at least 1 (the step limit, the timeout); the parsers say what else to enter. */
function WholeNumberField({ label, help, error, value, onChange }: TextFieldProps): React.JSX.Element {
  return (
    <SettingsField label={label} help={help} error={error}>
      {(ids) => (
        <input
          id={ids.inputId}
          className="settings-input"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={value}
          aria-invalid={ids.invalid}
          aria-describedby={ids.describedBy}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      )}
    </SettingsField>
  );
}

/**
 * Several lines of text (the allow-list, the instructions). The allow-list turns spell checking
 * off, since its lines are commands; left unset, the browser's default applies.
 */
function TextAreaField(props: TextFieldProps & { rows: number; spellCheck?: boolean }): React.JSX.Element {
  const { label, help, error, rows, value, spellCheck, onChange } = props;
  return (
    <SettingsField label={label} help={help} error={error}>
      {(ids) => (
        <textarea
          id={ids.inputId}
          className="settings-input"
          rows={rows}
          value={value}
          spellCheck={spellCheck}
          aria-invalid={ids.invalid}
          aria-describedby={ids.describedBy}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      )}
    </SettingsField>
  );
}

export function AgentSection({ settings, messenger }: { settings: SettingsView; messenger: Messenger }): React.JSX.Element {
  const { stored, fields, save, edit, submit } = useSettingsDraft(settings, messenger, (view) => agentFields(view.agent));
  const headingId = useId();
  const readsHelpId = useId();

  const parsed = parseAgentFields(fields);
  const changed = parsed === null || !sameAgentSettings(parsed, stored.agent);
  const refused = save.status === "rejected" ? refusedField(save.error) : null;
  const errorAt = (field: FieldName, local: string | null): string | null =>
    local ?? (refused === field && save.status === "rejected" ? save.error.message : null);

  const saveAgent = () => {
    if (parsed !== null) {
      submit({ agent: parsed });
    }
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
      <TextAreaField
        label={t("agent:settings.allowList")}
        help={t("agent:settings.allowListHelp")}
        error={errorAt("allowList", null)}
        rows={3}
        spellCheck={false}
        value={fields.allowList}
        onChange={(allowList) => {
          edit({ allowList });
        }}
      />
      <WholeNumberField
        label={t("agent:settings.stepLimit")}
        help={t("agent:settings.stepLimitHelp")}
        error={errorAt("stepLimit", stepLimit.ok ? null : stepLimit.message)}
        value={fields.stepLimit}
        onChange={(value) => {
          edit({ stepLimit: value });
        }}
      />
      <WholeNumberField
        label={t("agent:settings.timeout")}
        help={t("agent:settings.timeoutHelp")}
        error={errorAt("timeout", timeout.ok ? null : timeout.message)}
        value={fields.timeout}
        onChange={(value) => {
          edit({ timeout: value });
        }}
      />
      <TextAreaField
        label={t("agent:settings.askInstructions")}
        help={t("agent:settings.instructionsHelp")}
        error={errorAt("askInstructions", null)}
        rows={4}
        value={fields.askInstructions}
        onChange={(askInstructions) => {
          edit({ askInstructions });
        }}
      />
      <TextAreaField
        label={t("agent:settings.codeInstructions")}
        help={t("agent:settings.instructionsHelp")}
        error={errorAt("codeInstructions", null)}
        rows={4}
        value={fields.codeInstructions}
        onChange={(codeInstructions) => {
          edit({ codeInstructions });
        }}
      />
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
