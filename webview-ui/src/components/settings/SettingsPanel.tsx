/**
 * The Settings tab's content: the provider's options, the rules the system prompt is built
 * from, the workspace-context limits, then Code mode's approvals, limits and instructions. The parent renders it with the settings from the extension's latest state; the sections
 * below it make their own requests through the messenger and apply the answers.
 */
import type { ProviderDefaults } from "@shared/generated/types";
import type { SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import type { Messenger } from "../../utils/vscode";
import { AgentSection } from "./AgentSection";
import { ApiOptions } from "./ApiOptions";
import { ContextSection } from "./ContextSection";
import { RulesSection } from "./RulesSection";
import { TeamsSection } from "./TeamsSection";
import "./settings.css";

export interface SettingsPanelProps {
  settings: SettingsView;
  defaults: ProviderDefaults;
  messenger: Messenger;
}

export function SettingsPanel(props: SettingsPanelProps): React.JSX.Element {
  return (
    <div className="settings-panel">
      <h3 className="settings-title">{t("settings:title")}</h3>
      <p className="settings-help">{t("settings:intro")}</p>
      <ApiOptions settings={props.settings} defaults={props.defaults} messenger={props.messenger} />
      <RulesSection settings={props.settings} messenger={props.messenger} />
      <ContextSection settings={props.settings} messenger={props.messenger} />
      <AgentSection settings={props.settings} messenger={props.messenger} />
      <TeamsSection messenger={props.messenger} />
    </div>
  );
}
