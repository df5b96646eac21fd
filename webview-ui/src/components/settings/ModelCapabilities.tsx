/**
 * What the proxy reported about one model: context window, max output, capabilities and prices
 * per million tokens. Unknown values say "unknown"; a missing price is never shown as $0.
 */
import { useId } from "react";
import type { DiscoveredModel } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatPricePerMillion, formatTokens } from "./format";

export function ModelCapabilities({ model }: { model: DiscoveredModel }): React.JSX.Element {
  const { info } = model;
  const headingId = useId();
  const support = (supported: boolean) => t(supported ? "settings:capabilities.supported" : "settings:capabilities.notSupported");
  // Cache prices only matter for a model that caches; still shown when the proxy priced them.
  const showCachePrices = info.supportsPromptCache || info.cacheWritesPrice !== null || info.cacheReadsPrice !== null;

  return (
    <section className="model-capabilities" aria-labelledby={headingId}>
      <h4 id={headingId}>{t("settings:capabilities.title", { model: model.id })}</h4>
      {info.description !== null && info.description.trim() !== "" && <p className="settings-help">{info.description}</p>}
      <dl>
        <Row term={t("settings:capabilities.contextWindow")} value={formatTokens(info.contextWindow)} />
        <Row
          term={t("settings:capabilities.maxOutput")}
          value={info.maxTokens === null ? t("settings:capabilities.unknown") : formatTokens(info.maxTokens)}
        />
        <Row term={t("settings:capabilities.images")} value={support(info.supportsImages)} />
        <Row term={t("settings:capabilities.promptCache")} value={support(info.supportsPromptCache)} />
        <Row term={t("settings:capabilities.reasoning")} value={support(info.supportsReasoning)} />
        <Row term={t("settings:capabilities.inputPrice")} value={formatPricePerMillion(info.inputPrice, "input")} />
        <Row term={t("settings:capabilities.outputPrice")} value={formatPricePerMillion(info.outputPrice, "output")} />
        {showCachePrices && (
          <>
            <Row term={t("settings:capabilities.cacheWritesPrice")} value={formatPricePerMillion(info.cacheWritesPrice, "cacheWrites")} />
            <Row term={t("settings:capabilities.cacheReadsPrice")} value={formatPricePerMillion(info.cacheReadsPrice, "cacheReads")} />
          </>
        )}
      </dl>
    </section>
  );
}

function Row({ term, value }: { term: string; value: string }) {
  return (
    <div className="model-capabilities-row">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
