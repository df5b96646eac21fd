/**
 * The LiteLLM provider's fields: the API key (passed in, it keeps its own requests), the proxy URL
 * with the error the extension's validation returned, and the model with the proxy's models,
 * whether asking for them worked, and the chosen model's capabilities.
 */
import { useId } from "react";
import type { ApiError, DiscoveredModel, ProviderDefaults } from "@shared/generated/types";
import { t } from "../../i18n";
import { ModelCapabilities } from "./ModelCapabilities";
import { ModelPicker } from "./ModelPicker";

/** Where asking the proxy for its models stands; the models stay listed while a refresh loads. */
export type Discovery =
  | { status: "loading"; models: readonly DiscoveredModel[] }
  | { status: "loaded"; models: readonly DiscoveredModel[] }
  | { status: "failed"; error: ApiError };

export interface LiteLlmFieldsProps {
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

export function LiteLlmFields(props: LiteLlmFieldsProps): React.JSX.Element {
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
