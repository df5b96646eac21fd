//! Model discovery over the host's fetch: `GET /v1/model/info`, then `/model/info`, then
//! `/v1/models` for ids only, moving on only when the core says another endpoint may work.

use roo_api::ApiError;
use roo_api::providers::litellm::LiteLlmHandler;
use roo_api::providers::litellm::discovery::{DiscoveryEndpoint, ModelCatalog, should_fall_back};

use crate::abort::RequestAbort;
use crate::exchange::{read_text, send_once};

/// Asks the proxy which models it serves. Each endpoint gets the policy's discovery timeout;
/// the first error that another endpoint would not fix is returned as it is.
pub(crate) async fn discover_models(
    handler: &LiteLlmHandler,
    abort: &RequestAbort,
    timeout_ms: u32,
) -> Result<ModelCatalog, ApiError> {
    let mut endpoint = DiscoveryEndpoint::ORDER[0];
    loop {
        let error = match fetch_catalog(handler, endpoint, abort, timeout_ms).await {
            Ok(catalog) => return Ok(catalog),
            Err(error) => error,
        };
        match endpoint.next() {
            Some(next) if should_fall_back(&error) => endpoint = next,
            _ => return Err(error),
        }
    }
}

async fn fetch_catalog(
    handler: &LiteLlmHandler,
    endpoint: DiscoveryEndpoint,
    abort: &RequestAbort,
    timeout_ms: u32,
) -> Result<ModelCatalog, ApiError> {
    let response = send_once(&handler.discovery_request(endpoint), abort, timeout_ms).await?;
    let body = read_text(&response, abort, timeout_ms).await?;
    if (200..300).contains(&response.status) {
        endpoint.parse(&body)
    } else {
        Err(handler.classify_http_error(response.status, &response.headers, &body))
    }
}
