//! Fuzzes what reads model information: the proxy's `/model/info` and `/v1/models` answers, and
//! the settings (with their model-info override) as a hand-edited settings.json could hold them,
//! followed by building a handler and a request from them (where `max_tokens` is derived from
//! the model's numbers, however absurd). None of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roo_api::providers::litellm::discovery::{parse_model_info_response, parse_models_response};
use roo_api::{ApiHandler, MessageParam, ProviderSettings, build_api_handler};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (settings_text, discovery_text) = text.split_once('\u{1}').unwrap_or((text, text));
    let catalog = parse_model_info_response(discovery_text).ok();
    let _ = parse_models_response(discovery_text);
    let Ok(settings) = ProviderSettings::from_json_str(settings_text) else {
        return;
    };
    let Ok(ApiHandler::LiteLlm(mut handler)) = build_api_handler(&settings) else {
        return;
    };
    if let Some(catalog) = catalog {
        handler.set_catalog(catalog);
    }
    let model = handler.model();
    let _ = serde_json::to_string(&model.info);
    let prepared = handler.create_message("system", &[MessageParam::user_text("hello")]);
    let _ = prepared.request;
});
