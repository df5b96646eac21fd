/**
 * The typed-but-unsaved fields of a Settings section and their save, as the Context and Code mode
 * sections share them. The draft follows the stored settings until the user types; a save posts
 * `saveSettings` with every other stored setting unchanged; the save's answer is shown until the
 * parent passes newer settings, so the section never flickers back to the old values meanwhile.
 */
import { useState } from "react";
import type { SettingsUpdate, SettingsView } from "@shared/protocol";
import { useLatestRequest } from "../../utils/useLatestRequest";
import type { Messenger } from "../../utils/vscode";
import type { SaveState } from "./SaveStatus";
import { storedUpdate } from "./settingsUpdate";

/** The settings the extension confirmed after a save, until the parent passes newer settings. */
interface Confirmed {
  over: SettingsView;
  settings: SettingsView;
}

export interface SettingsDraft<Fields> {
  /** The settings as stored: the save's answer while the props are the ones it answered. */
  stored: SettingsView;
  /** What the section's inputs show: the draft, or the stored settings when nothing is typed. */
  fields: Fields;
  save: SaveState;
  /** Replaces some of the typed fields; a new edit clears the last save's status. */
  edit: (change: Partial<Fields>) => void;
  /** Saves the stored settings with this section's part replaced by `change`. */
  submit: (change: Partial<SettingsUpdate>) => void;
}

export function useSettingsDraft<Fields>(
  settings: SettingsView,
  messenger: Messenger,
  fieldsOf: (stored: SettingsView) => Fields,
): SettingsDraft<Fields> {
  // What is typed and not saved yet; null follows the stored settings.
  const [draft, setDraft] = useState<Fields | null>(null);
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const saveRequest = useLatestRequest(messenger);

  // The save's answer wins over the props it answered; newer props (the state that follows) win over it.
  const stored = confirmed !== null && confirmed.over === settings ? confirmed.settings : settings;
  const fields = draft ?? fieldsOf(stored);

  const edit = (change: Partial<Fields>) => {
    setDraft({ ...fields, ...change });
    setSave({ status: "idle" });
  };

  const submit = (change: Partial<SettingsUpdate>) => {
    const update: SettingsUpdate = { ...storedUpdate(settings), ...change };
    setSave({ status: "saving" });
    saveRequest({ kind: "saveSettings", settings: update }, (response) => {
      if (!response.ok) {
        setSave({ status: "rejected", error: response.error });
        return;
      }
      setConfirmed({ over: settings, settings: response.settings });
      setDraft(null);
      setSave({ status: "saved" });
    });
  };

  return { stored, fields, save, edit, submit };
}
