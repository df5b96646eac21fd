/**
 * Where a settings save stands, as the panel's sections show it beside their Save button: nothing,
 * saving, saved, or the core's refusal naming the field. The status line stays in the DOM while
 * empty, so a screen reader announces each change of it.
 */
import type { SettingsError } from "@shared/generated/types";
import { t } from "../../i18n";
import { describeSettingsError } from "./format";

export type SaveState = { status: "idle" } | { status: "saving" } | { status: "saved" } | { status: "rejected"; error: SettingsError };

export function SaveStatus({ save }: { save: SaveState }): React.JSX.Element {
  switch (save.status) {
    case "idle":
      return <span role="status" className="settings-status" />;
    case "saving":
      return (
        <span role="status" className="settings-status">
          {t("settings:saving")}
        </span>
      );
    case "saved":
      return (
        <span role="status" className="settings-status">
          {t("settings:saved")}
        </span>
      );
    case "rejected":
      return (
        <span role="alert" className="settings-error">
          {describeSettingsError(save.error)}
        </span>
      );
  }
}
