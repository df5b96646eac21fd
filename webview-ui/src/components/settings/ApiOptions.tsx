/**
 * The provider's settings: the provider `<select>` and, for LiteLLM, the API key, the proxy URL
 * (validated by the extension as the user types) and the model (the proxy's models plus free
 * entry, with the chosen model's capabilities and prices). Save posts the non-secret settings;
 * the key goes through its own messages and never into the webview's state.
 *
 * Every request carries a fresh `requestId`; answers to anything but the latest request of each
 * kind are ignored, so a slow answer never overwrites a newer one.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { ApiError, DiscoveredModel, ProviderDefaults, ProviderName, SettingsError } from "@shared/generated/types";
import type { ExtensionToWebview, SettingsUpdate, SettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import type { Messenger } from "../../utils/vscode";
import { ApiKeyField } from "./ApiKeyField";
import type { KeyRequest } from "./ApiKeyField";
import { API_URL_VALIDATION_DELAY_MS, PROVIDERS, isProviderName } from "./constants";
import { describeSettingsError } from "./format";
import { ModelCapabilities } from "./ModelCapabilities";
import { ModelPicker } from "./ModelPicker";
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

type Discovery =
  | { status: "loading"; models: readonly DiscoveredModel[] }
  | { status: "loaded"; models: readonly DiscoveredModel[] }
  | { status: "failed"; error: ApiError };

type SaveState = { status: "idle" } | { status: "saving" } | { status: "saved" } | { status: "rejected"; error: SettingsError };

/** The settings the extension confirmed, until the parent passes newer ones. */
interface Confirmed {
  /** The `settings` prop when the confirmation arrived. */
  over: SettingsView;
  settings: SettingsView;
}

interface Pending {
  urlValidation: string | null;
  discovery: string | null;
  save: { requestId: string; edits: Edits } | null;
  key: { requestId: string; kind: "set" | "clear" } | null;
}

const NO_MODELS: readonly DiscoveredModel[] = [];

export function ApiOptions({ settings, defaults, messenger }: ApiOptionsProps): React.JSX.Element {
  const [edits, setEdits] = useState<Edits>({});
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [urlError, setUrlError] = useState<string | null>(null);
  // Discovery starts on mount (see below), so the model's capabilities show without a click.
  const [discovery, setDiscovery] = useState<Discovery>({ status: "loading", models: NO_MODELS });
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const [keyRequest, setKeyRequest] = useState<KeyRequest>({ status: "idle" });
  const [replacingKey, setReplacingKey] = useState(false);

  const pending = useRef<Pending>({ urlValidation: null, discovery: null, save: null, key: null });
  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The latest props, for the message listener and the mount-time discovery.
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

  useEffect(() => {
    const confirm = (view: SettingsView) => {
      setConfirmed({ over: latest.current.settings, settings: view });
    };
    const onMessage = (message: ExtensionToWebview) => {
      const requests = pending.current;
      switch (message.type) {
        case "apiUrlValidated":
          if (message.requestId === requests.urlValidation) {
            requests.urlValidation = null;
            setUrlError(message.error);
          }
          return;
        case "modelsLoaded":
          if (message.requestId === requests.discovery) {
            requests.discovery = null;
            setDiscovery({ status: "loaded", models: message.models });
          }
          return;
        case "modelsFailed":
          if (message.requestId === requests.discovery) {
            requests.discovery = null;
            setDiscovery({ status: "failed", error: message.error });
          }
          return;
        case "settingsSaved":
          if (message.requestId === requests.save?.requestId) {
            const saved = requests.save.edits;
            requests.save = null;
            confirm(message.settings);
            // Only what was saved is no longer an edit; changes typed since then stay.
            setEdits((current) => (current === saved ? {} : current));
            setSave({ status: "saved" });
          } else if (message.requestId === requests.key?.requestId) {
            const { kind } = requests.key;
            requests.key = null;
            confirm(message.settings);
            setReplacingKey(false);
            setKeyRequest({ status: "done", kind });
          }
          return;
        case "settingsRejected":
          if (message.requestId === requests.save?.requestId) {
            requests.save = null;
            setSave({ status: "rejected", error: message.error });
          } else if (message.requestId === requests.key?.requestId) {
            requests.key = null;
            setKeyRequest({ status: "failed", message: describeSettingsError(message.error) });
          }
          return;
        case "backendInfo":
        case "backendUnavailable":
        case "state":
        case "showTab":
        case "replyUpdated":
        case "replyFinished":
        case "sendRejected":
          return;
      }
    };
    return messenger.subscribe(onMessage);
  }, [messenger]);

  // Ask the proxy for its models once the panel opens (the extension caches them briefly).
  useEffect(() => {
    const requestId = crypto.randomUUID();
    pending.current.discovery = requestId;
    messenger.post({ type: "refreshModels", requestId, apiUrl: latest.current.apiUrl.trim() });
  }, [messenger]);

  useEffect(
    () => () => {
      clearTimeout(urlTimer.current);
    },
    [],
  );

  const edit = (change: Edits) => {
    setEdits((current) => ({ ...current, ...change }));
    setSave({ status: "idle" });
  };

  const changeApiUrl = (value: string) => {
    edit({ litellmApiUrl: value });
    clearTimeout(urlTimer.current);
    urlTimer.current = setTimeout(() => {
      const requestId = crypto.randomUUID();
      pending.current.urlValidation = requestId;
      messenger.post({ type: "validateApiUrl", requestId, apiUrl: value.trim() });
    }, API_URL_VALIDATION_DELAY_MS);
  };

  const refreshModels = () => {
    const requestId = crypto.randomUUID();
    pending.current.discovery = requestId;
    setDiscovery({ status: "loading", models });
    messenger.post({ type: "refreshModels", requestId, apiUrl: apiUrl.trim() });
  };

  const saveSettings = () => {
    const requestId = crypto.randomUUID();
    const update: SettingsUpdate = {
      apiProvider,
      litellmApiUrl: apiUrl.trim(),
      litellmModelId: modelId.trim(),
      // No override editor here: keep whatever override is stored.
      litellmModelInfo: base.litellmModelInfo,
    };
    pending.current.save = { requestId, edits };
    setSave({ status: "saving" });
    messenger.post({ type: "saveSettings", requestId, settings: update });
  };

  const setApiKey = (apiKey: string) => {
    const requestId = crypto.randomUUID();
    pending.current.key = { requestId, kind: "set" };
    setKeyRequest({ status: "pending", kind: "set" });
    messenger.post({ type: "setApiKey", requestId, apiKey });
  };

  const clearApiKey = () => {
    const requestId = crypto.randomUUID();
    pending.current.key = { requestId, kind: "clear" };
    setKeyRequest({ status: "pending", kind: "clear" });
    messenger.post({ type: "clearApiKey", requestId });
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

interface LiteLlmFieldsProps {
  defaults: ProviderDefaults;
  apiKey: React.JSX.Element;
  apiUrl: string;
  urlError: string | null;
  urlRejected: boolean;
  onApiUrlChange: (value: string) => void;
  modelId: string;
  modelRejected: boolean;
  onModelIdChange: (value: string) => void;
  discovery: Discovery;
  models: readonly DiscoveredModel[];
  onRefresh: () => void;
  hasModelInfoOverride: boolean;
}

function LiteLlmFields(props: LiteLlmFieldsProps) {
  const { defaults, apiUrl, urlError, modelId, discovery, models } = props;
  const urlId = useId();
  const urlHelpId = useId();
  const urlErrorId = useId();
  const modelIdId = useId();
  const modelHelpId = useId();
  const discoveryId = useId();

  // An empty field means the default model; its capabilities show when the proxy lists it.
  const effectiveModelId = modelId.trim() === "" ? defaults.litellmModelId : modelId.trim();
  const chosen = models.find((model) => model.id === effectiveModelId);

  return (
    <>
      {props.apiKey}
      <div className="settings-field">
        <label htmlFor={urlId}>{t("settings:providers.liteLLM.apiUrl")}</label>
        <input
          id={urlId}
          className="settings-input"
          // Text, not "url": a url input trims what the user types under React's controlled value.
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={defaults.litellmApiUrl}
          value={apiUrl}
          aria-invalid={urlError !== null || props.urlRejected}
          aria-describedby={urlError === null ? urlHelpId : `${urlErrorId} ${urlHelpId}`}
          onChange={(event) => {
            props.onApiUrlChange(event.target.value);
          }}
        />
        {urlError !== null && (
          <p id={urlErrorId} className="settings-error">
            {urlError}
          </p>
        )}
        <p id={urlHelpId} className="settings-help">
          {t("settings:providers.liteLLM.apiUrlHelp")}
        </p>
      </div>
      <div className="settings-field">
        <label htmlFor={modelIdId}>{t("settings:providers.liteLLM.modelId")}</label>
        <div className="settings-row">
          <ModelPicker
            id={modelIdId}
            value={modelId}
            models={models}
            placeholder={t("settings:providers.liteLLM.modelIdPlaceholder", { model: defaults.litellmModelId })}
            describedBy={`${modelHelpId} ${discoveryId}`}
            invalid={props.modelRejected}
            onChange={props.onModelIdChange}
          />
          <button
            type="button"
            className="settings-button secondary"
            aria-label={t("settings:providers.liteLLM.refreshModelsLabel")}
            onClick={props.onRefresh}
          >
            {t("settings:providers.liteLLM.refreshModels")}
          </button>
        </div>
        <p id={modelHelpId} className="settings-help">
          {t("settings:providers.liteLLM.modelIdHelp")}
        </p>
        <DiscoveryStatus id={discoveryId} discovery={discovery} />
        {discovery.status === "loaded" && models.length > 0 && chosen === undefined && (
          <p className="settings-help">{t("settings:providers.liteLLM.modelNotListed")}</p>
        )}
        {props.hasModelInfoOverride && <p className="settings-help">{t("settings:providers.liteLLM.modelInfoOverride")}</p>}
      </div>
      {chosen !== undefined && <ModelCapabilities model={chosen} />}
    </>
  );
}

function DiscoveryStatus({ id, discovery }: { id: string; discovery: Discovery }) {
  switch (discovery.status) {
    case "loading":
      return (
        <p id={id} role="status" className="settings-status">
          {t("settings:providers.liteLLM.loadingModels")}
        </p>
      );
    case "loaded": {
      const count = discovery.models.length;
      const text =
        count === 0
          ? t("settings:providers.liteLLM.noModels")
          : count === 1
            ? t("settings:providers.liteLLM.oneModelFound")
            : t("settings:providers.liteLLM.modelsFound", { count: String(count) });
      return (
        <p id={id} role="status" className="settings-status">
          {text}
        </p>
      );
    }
    case "failed":
      return (
        <p id={id} role="alert" className="settings-error">
          {discovery.error.message}
        </p>
      );
  }
}

function SaveStatus({ save }: { save: SaveState }) {
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
