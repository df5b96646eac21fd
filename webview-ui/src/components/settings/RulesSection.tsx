/**
 * The Settings tab's rules: every source the system prompt is built from (the workspace's rules
 * files, then the custom instructions), each as found, not found, empty or unreadable, with the
 * tokens it adds, and an editor for the custom instructions. Saving posts `saveSettings` with the
 * stored provider settings unchanged, so this section never saves the provider fields' edits.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { RulesSourceReport } from "@shared/generated/types";
import type { RulesView, SettingsUpdate, SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import { useLatestRequest } from "../../utils/useLatestRequest";
import type { Messenger } from "../../utils/vscode";
import { formatTokens } from "./format";
import { SaveStatus, type SaveState } from "./SaveStatus";
import { storedUpdate } from "./settingsUpdate";

export interface RulesSectionProps {
  /** The stored settings; the parent passes new ones whenever the extension pushes a state. */
  settings: SettingsView;
  messenger: Messenger;
}

/** The rules the extension confirmed after a save, until the parent passes newer settings. */
interface Confirmed {
  over: SettingsView;
  rules: RulesView;
}

export function RulesSection({ settings, messenger }: RulesSectionProps): React.JSX.Element {
  // The text typed and not saved yet; null follows the stored instructions.
  const [draft, setDraft] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const saveRequest = useLatestRequest(messenger);
  const latest = useRef(settings);
  const headingId = useId();
  const editorId = useId();
  const helpId = useId();

  useEffect(() => {
    latest.current = settings;
  });

  // The save's answer wins over the props it answered; newer props (the state that follows) win over it.
  const rules = confirmed !== null && confirmed.over === settings ? confirmed.rules : settings.rules;
  const text = draft ?? rules.customInstructions;
  const changed = text !== rules.customInstructions;

  const saveInstructions = () => {
    const saved = text;
    const update: SettingsUpdate = { ...storedUpdate(settings), customInstructions: saved };
    setSave({ status: "saving" });
    saveRequest({ kind: "saveSettings", settings: update }, (response) => {
      if (!response.ok) {
        setSave({ status: "rejected", error: response.error });
        return;
      }
      setConfirmed({ over: latest.current, rules: response.settings.rules });
      // Only what was saved is no longer a draft; text typed since then stays.
      setDraft((current) => (current === saved ? null : current));
      setSave({ status: "saved" });
    });
  };

  return (
    <section className="rules-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-title">
        {t("settings:rules.title")}
      </h3>
      <p className="settings-help">{t("settings:rules.intro")}</p>
      <ul className="rules-sources" aria-label={t("settings:rules.sources")}>
        {rules.report.sources.map((source) => (
          <RulesSource key={source.source} source={source} />
        ))}
      </ul>
      <p className="settings-help">{t("settings:rules.promptTokens", { count: formatTokens(rules.promptTokens) })}</p>
      <div className="settings-field">
        <label htmlFor={editorId}>{t("settings:rules.customInstructions")}</label>
        <textarea
          id={editorId}
          className="settings-input rules-editor"
          rows={5}
          value={text}
          placeholder={t("settings:rules.customInstructionsPlaceholder")}
          aria-describedby={helpId}
          onChange={(event) => {
            setDraft(event.target.value);
            setSave({ status: "idle" });
          }}
        />
        <p id={helpId} className="settings-help">
          {t("settings:rules.customInstructionsHelp")}
        </p>
      </div>
      <div className="settings-actions">
        <button type="button" className="settings-button" disabled={!changed || save.status === "saving"} onClick={saveInstructions}>
          {t("settings:rules.save")}
        </button>
        <SaveStatus save={save} />
      </div>
    </section>
  );
}

/** One source: its name, what became of it, the tokens it adds when found, and the core's note. */
function RulesSource({ source }: { source: RulesSourceReport }) {
  return (
    <li className={`rules-source ${source.status}`}>
      <span className="rules-source-name">{source.source}</span>
      <span className="rules-source-status">
        {t(`settings:rules.status.${source.status}`)}
        {source.status === "found" && `, ${formatTokens(source.tokens)}`}
      </span>
      {source.note !== null && <span className="rules-source-note">{source.note}</span>}
    </li>
  );
}
