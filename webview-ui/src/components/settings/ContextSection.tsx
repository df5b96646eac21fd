/**
 * The Settings tab's context limits: the largest file an @-mention attaches and the share of the
 * context window at which the chat offers Condense. Out-of-range input says what to enter and
 * cannot be saved; saving posts `saveSettings` with the other stored settings unchanged.
 */
import { useId, useState } from "react";
import type { ContextSettings, SettingsUpdate, SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import { useLatestRequest } from "../../utils/useLatestRequest";
import type { Messenger } from "../../utils/vscode";
import { formatMegabytes, parseContextFields, parseMegabytes, parsePercent, type FieldResult } from "./contextFields";
import { SaveStatus, type SaveState } from "./SaveStatus";
import { storedUpdate } from "./settingsUpdate";

interface Fields {
  megabytes: string;
  percent: string;
}

function storedFields(context: ContextSettings): Fields {
  return { megabytes: formatMegabytes(context.maxFileBytes), percent: String(context.condenseThresholdPercent) };
}

/** The limits the extension confirmed after a save, until the parent passes newer settings. */
interface Confirmed {
  over: SettingsView;
  context: ContextSettings;
}

function NumberField(props: {
  label: string;
  help: string;
  value: string;
  result: FieldResult;
  step: string;
  onChange: (value: string) => void;
}): React.JSX.Element {
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  return (
    <div className="settings-field">
      <label htmlFor={inputId}>{props.label}</label>
      <input
        id={inputId}
        className="settings-input"
        type="number"
        inputMode="decimal"
        step={props.step}
        value={props.value}
        aria-invalid={!props.result.ok}
        aria-describedby={props.result.ok ? helpId : `${errorId} ${helpId}`}
        onChange={(event) => {
          props.onChange(event.target.value);
        }}
      />
      {props.result.ok ? null : (
        <p id={errorId} className="settings-error" role="alert">
          {props.result.message}
        </p>
      )}
      <p id={helpId} className="settings-help">
        {props.help}
      </p>
    </div>
  );
}

export function ContextSection({ settings, messenger }: { settings: SettingsView; messenger: Messenger }): React.JSX.Element {
  // What is typed and not saved yet; null follows the stored settings.
  const [draft, setDraft] = useState<Fields | null>(null);
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const saveRequest = useLatestRequest(messenger);
  const headingId = useId();

  // The save's answer wins over the props it answered; newer props (the state that follows) win over it.
  const stored = confirmed !== null && confirmed.over === settings ? confirmed.context : settings.context;
  const fields = draft ?? storedFields(stored);
  const parsed = parseContextFields(fields);
  const changed =
    parsed === null || parsed.maxFileBytes !== stored.maxFileBytes || parsed.condenseThresholdPercent !== stored.condenseThresholdPercent;

  const edit = (change: Partial<Fields>) => {
    setDraft({ ...fields, ...change });
    setSave({ status: "idle" });
  };

  const saveContext = () => {
    if (parsed === null) {
      return;
    }
    const update: SettingsUpdate = { ...storedUpdate(settings), context: parsed };
    setSave({ status: "saving" });
    saveRequest({ kind: "saveSettings", settings: update }, (response) => {
      if (!response.ok) {
        setSave({ status: "rejected", error: response.error });
        return;
      }
      setConfirmed({ over: settings, context: response.settings.context });
      setDraft(null);
      setSave({ status: "saved" });
    });
  };

  return (
    <section className="context-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-title">
        {t("settings:context.title")}
      </h3>
      <p className="settings-help">{t("settings:context.intro")}</p>
      <NumberField
        label={t("settings:context.maxFileSize")}
        help={t("settings:context.maxFileSizeHelp")}
        value={fields.megabytes}
        result={parseMegabytes(fields.megabytes)}
        step="0.1"
        onChange={(megabytes) => {
          edit({ megabytes });
        }}
      />
      <NumberField
        label={t("settings:context.threshold")}
        help={t("settings:context.thresholdHelp")}
        value={fields.percent}
        result={parsePercent(fields.percent)}
        step="1"
        onChange={(percent) => {
          edit({ percent });
        }}
      />
      <div className="settings-actions">
        <button type="button" className="settings-button" disabled={parsed === null || !changed || save.status === "saving"} onClick={saveContext}>
          {t("settings:context.save")}
        </button>
        <SaveStatus save={save} />
      </div>
    </section>
  );
}
