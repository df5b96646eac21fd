/**
 * The provider's settings: the provider `<select>` and, for LiteLLM, the API key, the proxy URL
 * (validated by the extension as the user types) and the model (the proxy's models plus free
 * entry, with the chosen model's capabilities and prices). Save sends the non-secret settings;
 * the key goes through its own requests and never into the webview's state.
 *
 * Each kind of request is one `useLatestRequest` sequence, so only the answer to the newest
 * request of a kind is applied and a slow answer never overwrites a newer one.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { DiscoveredModel, ProviderDefaults, ProviderName } from "@shared/generated/types";
import type { ModelsOutcome, Responses, SettingsUpdate, SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import { useLatestRequest } from "../../utils/useLatestRequest";
import type { Messenger } from "../../utils/vscode";
import { ApiKeyField } from "./ApiKeyField";
import type { KeyRequest } from "./ApiKeyField";
import { API_URL_VALIDATION_DELAY_MS, PROVIDERS, isProviderName } from "./constants";
import { LiteLlmFields, type Discovery } from "./LiteLlmFields";
import { SaveStatus, type SaveState } from "./SaveStatus";
import { storedUpdate } from "./settingsUpdate";
import "./settings.css";

export interface ApiOptionsProps {
  /** The stored settings; the parent passes new ones whenever the extension pushes a state. */
  settings: SettingsView;
  defaults: ProviderDefaults;
  messenger: Messenger;
}

/** The fields the user changed and has not saved; the rest follow `settings`. */
interface Edits {
  apiProvider?: ProviderName;
  litellmApiUrl?: string;
  litellmModelId?: string;
}

/** The settings the extension confirmed, until the parent passes newer ones. */
interface Confirmed {
  /** The `settings` prop when the confirmation arrived. */
  over: SettingsView;
  settings: SettingsView;
}

const NO_MODELS: readonly DiscoveredModel[] = [];

function discoveryOf(outcome: ModelsOutcome): Discovery {
  return outcome.ok ? { status: "loaded", models: outcome.models } : { status: "failed", error: outcome.error };
}

export function ApiOptions({ settings, defaults, messenger }: ApiOptionsProps): React.JSX.Element {
  const [edits, setEdits] = useState<Edits>({});
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [urlError, setUrlError] = useState<string | null>(null);
  // Discovery starts on mount (see below), so the model's capabilities show without a click.
  const [discovery, setDiscovery] = useState<Discovery>({ status: "loading", models: NO_MODELS });
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const [keyRequest, setKeyRequest] = useState<KeyRequest>({ status: "idle" });
  const [replacingKey, setReplacingKey] = useState(false);

  const validateUrl = useLatestRequest(messenger);
  const discover = useLatestRequest(messenger);
  const saveRequest = useLatestRequest(messenger);
  // Setting and clearing the key supersede each other: the last one the user asked for wins.
  const keyChange = useLatestRequest(messenger);

  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The latest props, for answers that arrive later and for the mount-time discovery.
  const latest = useRef({ settings, apiUrl: settings.litellmApiUrl });

  // The extension's confirmation wins over the props it was a reply to; newer props win over it.
  const base = confirmed !== null && confirmed.over === settings ? confirmed.settings : settings;
  const apiProvider = edits.apiProvider ?? base.apiProvider;
  const apiUrl = edits.litellmApiUrl ?? base.litellmApiUrl;
  const modelId = edits.litellmModelId ?? base.litellmModelId;
  const models = discovery.status === "failed" ? NO_MODELS : discovery.models;

  useEffect(() => {
    latest.current = { settings, apiUrl };
  });

  // Models refreshed elsewhere (the palette's Refresh Models) show here too.
  useEffect(
    () =>
      messenger.subscribe((event) => {
        if (event.type === "modelsRefreshed") {
          setDiscovery(discoveryOf(event.outcome));
        }
      }),
    [messenger],
  );

  // Ask the proxy for its models once the panel opens (the extension caches them briefly).
  useEffect(() => {
    discover({ kind: "refreshModels", apiUrl: latest.current.apiUrl.trim() }, (outcome) => {
      setDiscovery(discoveryOf(outcome));
    });
  }, [discover]);

  useEffect(
    () => () => {
      clearTimeout(urlTimer.current);
    },
    [],
  );

  const confirm = (view: SettingsView) => {
    setConfirmed({ over: latest.current.settings, settings: view });
  };

  const edit = (change: Edits) => {
    setEdits((current) => ({ ...current, ...change }));
    setSave({ status: "idle" });
  };

  const changeApiUrl = (value: string) => {
    edit({ litellmApiUrl: value });
    clearTimeout(urlTimer.current);
    urlTimer.current = setTimeout(() => {
      validateUrl({ kind: "validateApiUrl", apiUrl: value.trim() }, (response) => {
        setUrlError(response.error);
      });
    }, API_URL_VALIDATION_DELAY_MS);
  };

  const refreshModels = () => {
    setDiscovery({ status: "loading", models });
    discover({ kind: "refreshModels", apiUrl: apiUrl.trim() }, (outcome) => {
      setDiscovery(discoveryOf(outcome));
    });
  };

  const saveSettings = () => {
    const saved = edits;
    // No override editor here, and the other sections edit the rest: keep what is stored.
    const update: SettingsUpdate = { ...storedUpdate(base), apiProvider, litellmApiUrl: apiUrl.trim(), litellmModelId: modelId.trim() };
    setSave({ status: "saving" });
    saveRequest({ kind: "saveSettings", settings: update }, (response) => {
      if (!response.ok) {
        setSave({ status: "rejected", error: response.error });
        return;
      }
      confirm(response.settings);
      // Only what was saved is no longer an edit; changes typed since then stay.
      setEdits((current) => (current === saved ? {} : current));
      setSave({ status: "saved" });
    });
  };

  const keyChanged = (kind: "set" | "clear") => (response: Responses["setApiKey"] | Responses["clearApiKey"]) => {
    if ("ok" in response && !response.ok) {
      // The key was not stored: the field stays open to paste it again.
      setKeyRequest({ status: "failed", message: response.error.message });
      return;
    }
    confirm(response.settings);
    setReplacingKey(false);
    setKeyRequest({ status: "done", kind });
  };

  const setApiKey = (apiKey: string) => {
    setKeyRequest({ status: "pending", kind: "set" });
    keyChange({ kind: "setApiKey", apiKey }, keyChanged("set"));
  };

  const clearApiKey = () => {
    setKeyRequest({ status: "pending", kind: "clear" });
    keyChange({ kind: "clearApiKey" }, keyChanged("clear"));
  };

  const providerId = useId();
  const rejectedField = save.status === "rejected" ? save.error.field.split(".")[0] : undefined;

  // One entry per provider: a provider added to the generated union needs its fields here.
  const providerFields: Record<ProviderName, () => React.JSX.Element> = {
    litellm: () => (
      <LiteLlmFields
        defaults={defaults}
        apiKey={
          <ApiKeyField
            apiKeySet={base.apiKeySet}
            replacing={replacingKey}
            request={keyRequest}
            onSave={setApiKey}
            onClear={clearApiKey}
            onReplace={() => {
              setReplacingKey(true);
              setKeyRequest({ status: "idle" });
            }}
            onCancelReplace={() => {
              setReplacingKey(false);
            }}
          />
        }
        apiUrl={apiUrl}
        urlError={urlError}
        urlRejected={rejectedField === "litellmApiUrl"}
        onApiUrlChange={changeApiUrl}
        modelId={modelId}
        modelRejected={rejectedField === "litellmModelId"}
        onModelIdChange={(value) => {
          edit({ litellmModelId: value });
        }}
        discovery={discovery}
        models={models}
        onRefresh={refreshModels}
        hasModelInfoOverride={base.litellmModelInfo !== null}
      />
    ),
  };

  return (
    <div className="api-options">
      <div className="settings-field">
        <label htmlFor={providerId}>{t("settings:provider")}</label>
        <select
          id={providerId}
          className="settings-select"
          value={apiProvider}
          aria-invalid={rejectedField === "apiProvider"}
          onChange={(event) => {
            const value = event.target.value;
            if (isProviderName(value)) {
              edit({ apiProvider: value });
            }
          }}
        >
          {PROVIDERS.map((provider) => (
            <option key={provider.value} value={provider.value}>
              {provider.label}
            </option>
          ))}
        </select>
      </div>
      {providerFields[apiProvider]()}
      <div className="settings-actions">
        <button type="button" className="settings-button" disabled={save.status === "saving"} onClick={saveSettings}>
          {t("settings:save")}
        </button>
        <SaveStatus save={save} />
      </div>
    </div>
  );
}
