/**
 * The Settings tab's context limits: the largest file an @-mention attaches and the share of the
 * context window at which the chat offers Condense. Out-of-range input says what to enter and
 * cannot be saved; saving posts `saveSettings` with the other stored settings unchanged.
 */
import { useId } from "react";
import type { ContextSettings, SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import type { Messenger } from "../../utils/vscode";
import { formatMegabytes, parseContextFields, parseMegabytes, parsePercent, type FieldResult } from "./contextFields";
import { SaveStatus } from "./SaveStatus";
import { SettingsField } from "./SettingsField";
import { useSettingsDraft } from "./useSettingsDraft";

interface Fields {
  megabytes: string;
  percent: string;
}

function storedFields(context: ContextSettings): Fields {
  return { megabytes: formatMegabytes(context.maxFileBytes), percent: String(context.condenseThresholdPercent) };
}

/** A decimal field whose local check's message shows at it. */
function NumberField(props: {
  label: string;
  help: string;
  value: string;
  result: FieldResult;
  step: string;
  onChange: (value: string) => void;
}): React.JSX.Element {
  return (
    <SettingsField label={props.label} help={props.help} error={props.result.ok ? null : props.result.message}>
      {(ids) => (
        <input
          id={ids.inputId}
          className="settings-input"
          type="number"
          inputMode="decimal"
          step={props.step}
          value={props.value}
          aria-invalid={ids.invalid}
          aria-describedby={ids.describedBy}
          onChange={(event) => {
            props.onChange(event.target.value);
          }}
        />
      )}
    </SettingsField>
  );
}

export function ContextSection({ settings, messenger }: { settings: SettingsView; messenger: Messenger }): React.JSX.Element {
  const { stored, fields, save, edit, submit } = useSettingsDraft(settings, messenger, (view) => storedFields(view.context));
  const headingId = useId();

  const parsed = parseContextFields(fields);
  const changed =
    parsed === null ||
    parsed.maxFileBytes !== stored.context.maxFileBytes ||
    parsed.condenseThresholdPercent !== stored.context.condenseThresholdPercent;

  const saveContext = () => {
    if (parsed !== null) {
      submit({ context: parsed });
    }
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
