//! The WebAssembly boundary of Roo Code Plus: the functions the extension host calls. It converts
//! between JavaScript values and the core's types and owns the host's I/O (fetch, body streams,
//! abort, timers); every rule lives in `roo-api`.

mod abort;
mod agent_edits;
mod agent_settings;
mod agent_tools;
mod agent_turn;
mod chat_index;
mod chat_migration;
mod context;
mod context_ignore;
mod context_path_index;
mod convert;
mod discovery;
mod error;
mod exchange;
mod fetch;
mod handler;
mod index_journal;
mod message_stream;
mod open_chat;
mod teams;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub use agent_settings::{
    agent_settings_refusal, default_agent_settings, default_mode_instructions,
    system_prompt_for_mode,
};
pub use agent_tools::{
    apply_diff, check_resolved_path, command_outcome, edit_preview, list_files_outcome,
    read_file_outcome, search_files_outcome,
};
pub use chat_index::ChatIndex;
pub use chat_migration::ChatMigration;
pub use context::{
    build_system_prompt, default_context_limits, is_secret_looking, plan_condense, plan_context,
    resolve_attachment, should_offer_condense,
};
pub use context_ignore::IgnoreRules;
pub use context_path_index::PathIndex;
pub use handler::ApiHandler;
pub use index_journal::IndexJournal;
pub use message_stream::MessageStream;
pub use open_chat::OpenChat;

/// The generated `.d.ts` names the core's types (`unchecked_return_type` and friends); they are
/// declared once, generated from the Rust structs into the extension's shared folder, and the
/// package is built into `extension/wasm`, beside which that folder sits.
#[wasm_bindgen(typescript_custom_section)]
const CORE_TYPES: &str = r#"import type { BackendInfo, ProviderDefaults, ContentBlock, DiscoveredModel, MessageParam, ProviderSettings, RequestPolicy, ResolvedModel, ContextUsage, ApiStreamChunk, AgentMode, AgentState, AgentStepInput, EffectiveMode, ToolOutcome, UserDecision, ChatMessage, Conversation, ConversationSummary, ConversationTotals, IndexEntry, ReplyDelta, RetryStarted, SendInput, SendStarted } from "../src/shared/generated/types";"#;

/// Installs the panic hook once when the module is instantiated, so a Rust panic reaches the
/// extension host as a readable JavaScript error instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Describes this build of the provider core (version and supported providers).
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = backendInfo, unchecked_return_type = "BackendInfo")]
pub fn backend_info() -> Result<JsValue, JsError> {
    convert::to_js(&roo_api::backend_info())
}

/// The LiteLLM defaults (URL, model id, placeholder model info), for the settings panel's
/// placeholders, so no other layer repeats them.
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = providerDefaults, unchecked_return_type = "ProviderDefaults")]
pub fn provider_defaults() -> Result<JsValue, JsError> {
    convert::to_js(&roo_api::defaults::provider_defaults())
}

/// Builds the handler for the settings' provider. Throws a `RooApiError` of kind
/// `invalidSettings` naming the field when a setting is invalid.
///
/// # Errors
/// The classified settings error, as a JavaScript `Error`.
#[wasm_bindgen(js_name = buildApiHandler)]
pub fn build_api_handler(
    #[wasm_bindgen(unchecked_param_type = "ProviderSettings")] settings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<RequestPolicy> | undefined")] policy: JsValue,
) -> Result<ApiHandler, JsValue> {
    ApiHandler::build(&settings, policy)
}

/// Lists the models a proxy serves, with their info, without keeping a handler: for the settings
/// panel before the settings are saved. Rejects with a classified `RooApiError`.
#[wasm_bindgen(js_name = listModels, unchecked_return_type = "Promise<DiscoveredModel[]>")]
pub fn list_models(
    #[wasm_bindgen(unchecked_param_type = "ProviderSettings")] settings: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "{ signal?: AbortSignal; policy?: Partial<RequestPolicy> } | undefined"
    )]
    options: JsValue,
) -> Promise {
    let policy = if options.is_undefined() || options.is_null() {
        JsValue::UNDEFINED
    } else {
        js_sys::Reflect::get(&options, &JsValue::from_str("policy")).unwrap_or(JsValue::UNDEFINED)
    };
    match ApiHandler::build(&settings, policy) {
        Ok(handler) => handler.refresh_models(options),
        Err(error) => Promise::reject(&error),
    }
}

/// Builds the tokenizer now, off the critical path, so the first count or message does not pay
/// for it. Resolves to whether the real tokenizer is available.
#[wasm_bindgen(js_name = warmUpTokenizer, unchecked_return_type = "Promise<boolean>")]
pub fn warm_up_tokenizer() -> Promise {
    future_to_promise(async { Ok(JsValue::from_bool(roo_api::tokens::warm_up_tokenizer())) })
}
