//! The proxy's own cost calculation, `POST /spend/calculate`: the last resort for a reply's cost
//! when the stream carried no `usage.cost` and the model's prices are unknown. The boundary sends
//! it after the stream has ended, so it never delays the first token.
//!
//! The proxy prices a `completion_response` only under the underlying model name
//! (`litellm_params.model`); the alias a chat uses answers 400 "LLM Provider NOT provided". It
//! answers `{"cost": 0.0}` when it has no prices, which means unknown, not free (both observed
//! on litellm 1.106.2).

use serde_json::{Value, json};

use crate::http::{HttpMethod, HttpRequest};
use crate::providers::litellm::discovery::ModelCatalog;
use crate::providers::litellm::headers::{Accept, request_headers};
use crate::proxy_url::ProxyUrl;
use crate::stream::{Cost, CostSource, Usage};

/// Whether a finished reply's cost is worth asking the proxy for: it is still unknown and some
/// tokens were used.
#[must_use]
pub fn needs_spend_calculation(usage: &Usage) -> bool {
    matches!(usage.cost, Cost::Unknown) && (usage.input_tokens > 0 || usage.output_tokens > 0)
}

/// The name `/spend/calculate` can price for the model the chat used: the underlying model of
/// the alias, found in the discovered catalog. `None` when the catalog does not know it, because
/// the alias itself would only be refused; the cost then stays unknown.
#[must_use]
pub fn spend_model_name(catalog: &ModelCatalog, model_id: &str) -> Option<String> {
    catalog
        .find(model_id.trim())
        .and_then(|model| model.underlying_model.clone())
}

/// The `POST /spend/calculate` request for a finished reply. `underlying_model` must be the
/// `litellm_params.model` name (see [`spend_model_name`]), never the alias. The proxy requires a
/// key; without one the request is still built without `Authorization` and the proxy decides.
#[must_use]
pub fn spend_calculate_request(
    base_url: &ProxyUrl,
    api_key: Option<&str>,
    underlying_model: &str,
    usage: &Usage,
) -> HttpRequest {
    let body = json!({
        "completion_response": {
            "model": underlying_model,
            "usage": {
                "prompt_tokens": usage.input_tokens,
                "completion_tokens": usage.output_tokens,
                "total_tokens": usage.input_tokens.saturating_add(usage.output_tokens),
            }
        }
    });
    HttpRequest {
        method: HttpMethod::Post,
        url: base_url.spend_calculate_url(),
        headers: request_headers(Accept::Json, true, api_key),
        body: Some(body.to_string()),
    }
}

/// Reads the proxy's answer. Only a 2xx `{"cost": <positive number>}` is a cost: `0.0` means the
/// proxy has no prices, and an error status (such as the alias's 400 "LLM Provider NOT
/// provided"), a negative number or anything that is not a number means unknown too.
#[must_use]
pub fn parse_spend_calculate_response(status: u16, body: &str) -> Option<f64> {
    if !(200..300).contains(&status) {
        return None;
    }
    let value: Value = serde_json::from_str(body.trim()).ok()?;
    let cost = value.get("cost")?.as_f64()?;
    (cost.is_finite() && cost > 0.0).then_some(cost)
}

/// The reply's cost from the proxy's answer: known with source
/// [`CostSource::SpendCalculate`], or unknown.
#[must_use]
pub fn spend_cost(cost: Option<f64>) -> Cost {
    match cost {
        Some(usd) => Cost::Known {
            usd,
            source: CostSource::SpendCalculate,
        },
        None => Cost::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_info::ModelInfo;
    use crate::providers::litellm::discovery::DiscoveredModel;

    fn usage(input_tokens: u64, output_tokens: u64, cost: Cost) -> Usage {
        Usage {
            input_tokens,
            output_tokens,
            cache_write_tokens: None,
            cache_read_tokens: None,
            reasoning_tokens: None,
            cost,
            estimated: false,
            cache_savings: None,
        }
    }

    fn catalog() -> ModelCatalog {
        ModelCatalog::new(vec![
            DiscoveredModel {
                id: "fast".into(),
                underlying_model: Some("gpt-4o-mini".into()),
                info: ModelInfo::default(),
                supported_params: None,
            },
            DiscoveredModel {
                id: "listed-only".into(),
                underlying_model: None,
                info: ModelInfo::default(),
                supported_params: None,
            },
        ])
    }

    #[test]
    fn request_body_uses_the_underlying_model_and_usage() {
        let base = ProxyUrl::parse("http://localhost:4000/v1/").unwrap();
        let request = spend_calculate_request(
            &base,
            Some("sk-key"),
            "gpt-4o-mini",
            &usage(12, 30, Cost::Unknown),
        );
        assert_eq!(request.method, HttpMethod::Post);
        assert_eq!(request.url, "http://localhost:4000/spend/calculate");
        let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"completion_response": {"model": "gpt-4o-mini", "usage": {
                "prompt_tokens": 12, "completion_tokens": 30, "total_tokens": 42
            }}})
        );
        assert!(
            request
                .headers
                .contains(&("Authorization".into(), "Bearer sk-key".into()))
        );
        assert!(
            request
                .headers
                .contains(&("Content-Type".into(), "application/json".into()))
        );
    }

    #[test]
    fn request_without_a_key_has_no_authorization() {
        let base = ProxyUrl::parse("http://localhost:4000").unwrap();
        let request = spend_calculate_request(&base, None, "m", &usage(1, 1, Cost::Unknown));
        assert!(
            request
                .headers
                .iter()
                .all(|(name, _)| name != "Authorization")
        );
    }

    #[test]
    fn total_tokens_saturate() {
        let base = ProxyUrl::parse("http://localhost:4000").unwrap();
        let request = spend_calculate_request(&base, None, "m", &usage(u64::MAX, 5, Cost::Unknown));
        let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body["completion_response"]["usage"]["total_tokens"],
            json!(u64::MAX)
        );
    }

    #[test]
    fn model_name_comes_from_the_catalog_never_the_alias() {
        let catalog = catalog();
        assert_eq!(
            spend_model_name(&catalog, "fast").as_deref(),
            Some("gpt-4o-mini")
        );
        assert_eq!(
            spend_model_name(&catalog, " fast ").as_deref(),
            Some("gpt-4o-mini")
        );
        assert_eq!(
            spend_model_name(&catalog, "gpt-4o-mini").as_deref(),
            Some("gpt-4o-mini")
        );
        assert_eq!(spend_model_name(&catalog, "listed-only"), None);
        assert_eq!(spend_model_name(&catalog, "unknown"), None);
    }

    #[test]
    fn positive_cost_is_known() {
        assert_eq!(
            parse_spend_calculate_response(200, r#"{"cost": 0.000123}"#),
            Some(0.000123)
        );
        assert_eq!(
            parse_spend_calculate_response(200, r#"{"cost": 2}"#),
            Some(2.0)
        );
    }

    #[test]
    fn zero_cost_means_unknown() {
        assert_eq!(
            parse_spend_calculate_response(200, r#"{"cost": 0.0}"#),
            None
        );
        assert_eq!(parse_spend_calculate_response(200, r#"{"cost": 0}"#), None);
    }

    #[test]
    fn odd_answers_mean_unknown() {
        for body in [
            r#"{"cost": -0.5}"#,
            r#"{"cost": "0.1"}"#,
            r#"{"cost": null}"#,
            r#"{"price": 0.1}"#,
            "0.1",
            "not json",
            "",
        ] {
            assert_eq!(parse_spend_calculate_response(200, body), None, "{body}");
        }
    }

    #[test]
    fn alias_error_means_unknown() {
        let body = r#"{"error":{"message":"litellm.BadRequestError: LLM Provider NOT provided. Pass in the LLM provider you are trying to call. You passed model=fast","type":"invalid_request_error","param":null,"code":"400"}}"#;
        assert_eq!(parse_spend_calculate_response(400, body), None);
        assert_eq!(
            parse_spend_calculate_response(500, r#"{"cost": 1.0}"#),
            None
        );
    }

    #[test]
    fn only_unknown_costs_with_tokens_need_calculation() {
        assert!(needs_spend_calculation(&usage(10, 5, Cost::Unknown)));
        assert!(!needs_spend_calculation(&usage(0, 0, Cost::Unknown)));
        let known = Cost::Known {
            usd: 0.01,
            source: CostSource::Proxy,
        };
        assert!(!needs_spend_calculation(&usage(10, 5, known)));
    }

    #[test]
    fn spend_cost_marks_its_source() {
        assert_eq!(
            spend_cost(Some(0.5)),
            Cost::Known {
                usd: 0.5,
                source: CostSource::SpendCalculate
            }
        );
        assert_eq!(spend_cost(None), Cost::Unknown);
    }
}
