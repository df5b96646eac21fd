/**
 * Every section of the Settings tab saves with one `saveSettings` that carries all the non-secret
 * settings, so each starts from the settings as stored and replaces only the fields it edits:
 * a field added to the protocol is then kept by every section without touching each of them.
 */
import type { SettingsUpdate, SettingsView } from "@shared/protocol";

/** The update that would store the settings exactly as they are. */
export function storedUpdate(settings: SettingsView): SettingsUpdate {
  return {
    apiProvider: settings.apiProvider,
    litellmApiUrl: settings.litellmApiUrl,
    litellmModelId: settings.litellmModelId,
    litellmModelInfo: settings.litellmModelInfo,
    customInstructions: settings.rules.customInstructions,
    context: settings.context,
    agent: settings.agent,
  };
}
