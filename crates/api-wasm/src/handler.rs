//! The exported `ApiHandler`: what `buildApiHandler` returns to the extension. It converts
//! arguments, delegates to the core's handler, and performs the I/O the core describes.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use roo_api::agent::{AgentMode, EffectiveMode, effective_mode};
use roo_api::chat::send::{PlannedRequest, RequestSizing, SendInput};
use roo_api::classify::refused_request;
use roo_api::providers::litellm::LiteLlmHandler;
use roo_api::providers::litellm::discovery::{DiscoveredModel, ModelCatalog};
use roo_api::{
    ApiHandler as CoreHandler, ContentBlock, ContextUsage, MessageParam, ProviderSettings,
    RequestPolicy,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use crate::abort::RequestAbort;
use crate::convert::{from_js, to_js, to_json};
use crate::discovery::discover_models;
use crate::error::api_error_to_js;
use crate::message_stream::MessageStream;
use crate::open_chat::OpenChat;

/// A provider handler for one set of settings.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ApiHandler {
    /// Replaced (not mutated) when discovery finds models, so a stream in flight keeps the
    /// snapshot it started with.
    litellm: Rc<RefCell<Rc<LiteLlmHandler>>>,
    policy: RequestPolicy,
}

/// Reads settings, checking each field so an error names it.
pub(crate) fn read_settings(settings: &JsValue) -> Result<ProviderSettings, JsValue> {
    let json = to_json(settings).map_err(JsValue::from)?;
    ProviderSettings::from_json_value(&json).map_err(|error| api_error_to_js(&error.into()))
}

/// Reads the optional request policy; anything left out takes the default.
pub(crate) fn read_policy(policy: JsValue) -> Result<RequestPolicy, JsValue> {
    if policy.is_undefined() || policy.is_null() {
        return Ok(RequestPolicy::default());
    }
    from_js(policy, "the request policy's fields").map_err(JsValue::from)
}

/// The caller's `AbortSignal` from an options object `{ signal }`, if it has one.
pub(crate) fn read_signal(options: &JsValue) -> Option<AbortSignal> {
    if options.is_undefined() || options.is_null() {
        return None;
    }
    js_sys::Reflect::get(options, &JsValue::from_str("signal"))
        .ok()
        .and_then(|signal| signal.dyn_into::<AbortSignal>().ok())
}

impl ApiHandler {
    pub(crate) fn build(settings: &JsValue, policy: JsValue) -> Result<Self, JsValue> {
        let settings = read_settings(settings)?;
        let policy = read_policy(policy)?;
        match roo_api::build_api_handler(&settings).map_err(|error| api_error_to_js(&error))? {
            CoreHandler::LiteLlm(handler) => Ok(Self {
                litellm: Rc::new(RefCell::new(Rc::new(handler))),
                policy,
            }),
        }
    }

    fn snapshot(&self) -> Rc<LiteLlmHandler> {
        Rc::clone(&self.litellm.borrow())
    }

    /// Starts a reply to a conversation held in Rust, so it never crosses into JavaScript;
    /// `createMessage` is this after reading the messages. Nothing is sent until the stream's
    /// first `next()`; `signal` aborts the request and its body at once.
    pub(crate) fn create_message_stream(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
        signal: Option<AbortSignal>,
    ) -> Result<MessageStream, JsValue> {
        self.create_message_stream_in_session(system_prompt, messages, None, signal)
    }

    /// [`Self::create_message_stream`] for a chat, whose id is sent as LiteLLM's
    /// `litellm_session_id` so the proxy's spend logs group the chat's requests.
    pub(crate) fn create_message_stream_in_session(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
        session_id: Option<&str>,
        signal: Option<AbortSignal>,
    ) -> Result<MessageStream, JsValue> {
        self.create_message_stream_in_mode(
            system_prompt,
            messages,
            session_id,
            AgentMode::Ask,
            signal,
        )
    }

    /// [`Self::create_message_stream_in_session`] in `mode`: Code mode sends the agent's tools.
    pub(crate) fn create_message_stream_in_mode(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
        session_id: Option<&str>,
        mode: AgentMode,
        signal: Option<AbortSignal>,
    ) -> Result<MessageStream, JsValue> {
        let handler = self.snapshot();
        let prepared = handler.create_message_in_mode(system_prompt, messages, session_id, mode);
        let abort = RequestAbort::new(signal)?;
        Ok(MessageStream::new(handler, self.policy, prepared, abort))
    }

    /// The sizing of a request to this handler's model with this system prompt.
    fn sizing(&self, system_prompt: &str) -> RequestSizing {
        RequestSizing::new(&self.snapshot().model().info, system_prompt)
    }

    /// The open chat's next request, planned to fit the context window; a refusal is thrown as a
    /// `RooApiError` of kind `badRequest` carrying the core's sentence.
    fn planned_reply(
        &self,
        chat: &OpenChat,
        system_prompt: &str,
    ) -> Result<PlannedRequest, JsValue> {
        let mode = self.effective_mode_of(chat).mode;
        chat.conversation_ref()
            .planned_request(&self.sizing(system_prompt).in_mode(mode))
            .map_err(|error| api_error_to_js(&refused_request(&error.to_string())))
    }

    /// The mode `chat` runs in with this handler's model.
    fn effective_mode_of(&self, chat: &OpenChat) -> EffectiveMode {
        effective_mode(
            chat.conversation_ref().mode,
            self.snapshot().model().info.supports_function_calling,
        )
    }

    /// What a request for a conversation held in Rust would take of the model's context window:
    /// the numbers [`Self::create_message_stream`] sizes that request with.
    pub(crate) fn context_usage_of(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
    ) -> ContextUsage {
        self.snapshot().context_usage(system_prompt, messages)
    }
}

#[wasm_bindgen]
impl ApiHandler {
    /// Starts a reply to the conversation. Nothing is sent until the stream's first `next()`.
    /// `options.signal` aborts the request and its body at once.
    #[wasm_bindgen(js_name = createMessage)]
    pub fn create_message(
        &self,
        system_prompt: &str,
        #[wasm_bindgen(unchecked_param_type = "MessageParam[]")] messages: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ signal?: AbortSignal } | undefined")]
        options: JsValue,
    ) -> Result<MessageStream, JsValue> {
        let messages: Vec<MessageParam> = from_js(messages, "the messages")?;
        self.create_message_stream(system_prompt, &messages, read_signal(&options))
    }

    /// What the next request for this conversation takes of the model's context window: its
    /// input tokens (the system prompt, every message and their overheads, images estimated),
    /// the window, the reply's reserve that becomes `max_tokens`, and what is left. The numbers
    /// are the ones `createMessage` sizes its request with.
    #[wasm_bindgen(js_name = contextUsage, unchecked_return_type = "ContextUsage")]
    pub fn context_usage(
        &self,
        system_prompt: &str,
        #[wasm_bindgen(unchecked_param_type = "MessageParam[]")] messages: JsValue,
    ) -> Result<JsValue, JsError> {
        let messages: Vec<MessageParam> = from_js(messages, "the messages")?;
        to_js(&self.context_usage_of(system_prompt, &messages))
    }

    /// Adds the user's message (with its attachments and images) and an empty, streaming reply
    /// by this handler's model, only when the request they make can be sent: the images are
    /// valid and the model takes them, and the request fits the context window once trimmed.
    /// Returns both; throws an `Error` with the core's sentence, changing nothing, otherwise.
    #[wasm_bindgen(js_name = beginSend, unchecked_return_type = "SendStarted")]
    pub fn begin_send(
        &self,
        chat: &mut OpenChat,
        #[wasm_bindgen(unchecked_param_type = "SendInput")] input: JsValue,
        system_prompt: &str,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let input: SendInput = from_js(input, "the message to send")?;
        let model = self.snapshot().model();
        chat.change(now_ms, |conversation, now| {
            conversation.begin_send(input, &model.id, &model.info, system_prompt, now)
        })
    }

    /// Starts the next reply of the open chat, building the request from the chat held in wasm
    /// memory: the conversation never crosses into JavaScript on the way to the proxy. The
    /// request is planned to fit the context window, and the streaming reply records the plan's
    /// notice of what was left out (read it back with `chat.message(id)`). Nothing is sent until
    /// the stream's first `next()`; `options.signal` aborts it at once. Throws a `RooApiError`
    /// of kind `badRequest` when even the trimmed request cannot fit. A chat in Code mode sends
    /// the agent's tools, unless this model says it cannot call tools (`chatMode` says so).
    #[wasm_bindgen(js_name = createReply)]
    pub fn create_reply(
        &self,
        chat: &mut OpenChat,
        system_prompt: &str,
        #[wasm_bindgen(unchecked_param_type = "{ signal?: AbortSignal } | undefined")]
        options: JsValue,
    ) -> Result<MessageStream, JsValue> {
        let planned = self.planned_reply(chat, system_prompt)?;
        chat.note_context(planned.notice());
        let session_id = chat.conversation_ref().id.clone();
        let mode = self.effective_mode_of(chat).mode;
        self.create_message_stream_in_mode(
            system_prompt,
            &planned.messages,
            Some(&session_id),
            mode,
            read_signal(&options),
        )
    }

    /// Sets the open chat's mode (`ask` or `code`) and returns the mode it runs in with this
    /// handler's model. Throws an `Error` naming the model, changing nothing, when Code mode is
    /// chosen for a model whose info says it cannot call tools (the user can override that in
    /// the model info).
    #[wasm_bindgen(js_name = setChatMode, unchecked_return_type = "EffectiveMode")]
    pub fn set_chat_mode(
        &self,
        chat: &mut OpenChat,
        #[wasm_bindgen(unchecked_param_type = "AgentMode")] mode: JsValue,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let mode: AgentMode = from_js(mode, "the chat mode")?;
        let model = self.snapshot().model();
        chat.change(now_ms, |conversation, now| {
            conversation.set_mode(mode, &model.id, model.info.supports_function_calling, now)
        })
    }

    /// The mode the open chat runs in with this handler's model, with the notice to show when
    /// it is not the mode chosen (a Code chat whose model cannot call tools runs in Ask).
    #[wasm_bindgen(js_name = chatMode, unchecked_return_type = "EffectiveMode")]
    pub fn chat_mode(&self, chat: &OpenChat) -> Result<JsValue, JsError> {
        to_js(&self.effective_mode_of(chat))
    }

    /// Starts a Condense: adds an empty, streaming summary by this handler's model listing the
    /// messages it will replace, and returns it. Throws an `Error` with the core's sentence when
    /// a reply streams or there is nothing to condense.
    #[wasm_bindgen(js_name = beginCondense, unchecked_return_type = "ChatMessage")]
    pub fn begin_condense(
        &self,
        chat: &mut OpenChat,
        summary_id: String,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let model_id = self.snapshot().model().id;
        chat.change(now_ms, |conversation, now| {
            conversation
                .begin_condense(summary_id, model_id, now)
                .cloned()
        })
    }

    /// Streams the summary `beginCondense` started: the messages it replaces, planned to fit the
    /// window, then the Condense instruction. Throws a `RooApiError` of kind `badRequest` when
    /// the request cannot be built.
    #[wasm_bindgen(js_name = createCondenseReply)]
    pub fn create_condense_reply(
        &self,
        chat: &OpenChat,
        system_prompt: &str,
        #[wasm_bindgen(unchecked_param_type = "{ signal?: AbortSignal } | undefined")]
        options: JsValue,
    ) -> Result<MessageStream, JsValue> {
        let conversation = chat.conversation_ref();
        let planned = conversation
            .condense_request(&self.sizing(system_prompt))
            .map_err(|error| api_error_to_js(&refused_request(&error.to_string())))?;
        self.create_message_stream_in_session(
            system_prompt,
            &planned.messages,
            Some(&conversation.id),
            read_signal(&options),
        )
    }

    /// `contextUsage` for the open chat held in wasm memory: the numbers `createReply` sizes
    /// its planned (trimmed) request with, for the context-window meter. A chat too large for
    /// any plan is measured whole, so the meter shows it over the window.
    #[wasm_bindgen(js_name = chatContextUsage, unchecked_return_type = "ContextUsage")]
    pub fn chat_context_usage(
        &self,
        chat: &OpenChat,
        system_prompt: &str,
    ) -> Result<JsValue, JsError> {
        let messages = match self.planned_reply(chat, system_prompt) {
            Ok(planned) => planned.messages,
            Err(_) => chat.conversation_ref().to_message_params(),
        };
        let mode = self.effective_mode_of(chat).mode;
        to_js(
            &self
                .snapshot()
                .context_usage_in_mode(system_prompt, &messages, mode),
        )
    }

    /// The model id and its resolved info: the override, else what discovery found, else the
    /// sane defaults.
    #[wasm_bindgen(js_name = getModel, unchecked_return_type = "ResolvedModel")]
    pub fn get_model(&self) -> Result<JsValue, JsError> {
        to_js(&self.snapshot().model())
    }

    /// Counts the tokens of content blocks with o200k_base (images estimated from their size).
    #[wasm_bindgen(js_name = countTokens, unchecked_return_type = "Promise<number>")]
    pub fn count_tokens(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ContentBlock[]")] blocks: JsValue,
    ) -> Promise {
        let blocks: Result<Vec<ContentBlock>, JsError> = from_js(blocks, "the content blocks");
        future_to_promise(async move {
            let blocks = blocks?;
            // Token counts stay far below 2^53, so the conversion to a JS number is exact.
            Ok(JsValue::from_f64(
                roo_api::tokens::count_tokens(&blocks) as f64
            ))
        })
    }

    /// Installs models discovered earlier (by `listModels` or another handler), so a handler
    /// rebuilt after a settings change knows the model's info and prices without asking again.
    #[wasm_bindgen(js_name = useModels)]
    pub fn use_models(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DiscoveredModel[]")] models: JsValue,
    ) -> Result<(), JsError> {
        let models: Vec<DiscoveredModel> = from_js(models, "the models")?;
        let mut updated = (*self.snapshot()).clone();
        updated.set_catalog(ModelCatalog::new(models));
        *self.litellm.borrow_mut() = Rc::new(updated);
        Ok(())
    }

    /// Discovers the proxy's models and remembers them, so `getModel()` and the cost fallback
    /// use what the proxy reports. Rejects with a classified `RooApiError`.
    #[wasm_bindgen(js_name = refreshModels, unchecked_return_type = "Promise<DiscoveredModel[]>")]
    pub fn refresh_models(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ signal?: AbortSignal } | undefined")]
        options: JsValue,
    ) -> Promise {
        let shared = Rc::clone(&self.litellm);
        let timeout_ms = self.policy.discovery_timeout_ms;
        let signal = read_signal(&options);
        future_to_promise(async move {
            let abort = RequestAbort::new(signal)?;
            let handler = Rc::clone(&shared.borrow());
            let catalog = discover_models(&handler, &abort, timeout_ms)
                .await
                .map_err(|error| api_error_to_js(&error))?;
            let models = to_js(catalog.models())?;
            let mut updated = (*handler).clone();
            updated.set_catalog(catalog);
            *shared.borrow_mut() = Rc::new(updated);
            Ok(models)
        })
    }
}
