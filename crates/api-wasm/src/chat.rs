//! The exported `ChatHistory`: the saved chats, held in wasm memory while the extension runs. It
//! converts arguments and results and forwards to the core's `History` and `Conversation`, where
//! every rule (titles, streaming, retry, totals, the file format and its migration) lives.

use roo_api::ApiStreamChunk;
use roo_api::chat::conversation::ChatError;
use roo_api::chat::history::{History, load_history, save_history};
use roo_api::chat::{ChatMessage, Conversation};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};

/// Every chat and which one is open. Load it from the saved bytes, change it as the user chats,
/// and save `toBytes()`; misuse (an unknown chat or message id) throws an `Error` saying which.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ChatHistory {
    history: History,
    /// What loading found (skipped chats), for the extension's log.
    warnings: Vec<String>,
}

fn chat_error(error: &ChatError) -> JsError {
    JsError::new(&error.to_string())
}

/// The caller's clock reading, refused when it is not a number: the core would otherwise have
/// to guess a time, and a NaN saved as JSON `null` would make the chat unreadable.
fn check_time(now_ms: f64) -> Result<f64, JsError> {
    if now_ms.is_finite() {
        Ok(now_ms)
    } else {
        Err(JsError::new(&format!(
            "nowMs must be a time in milliseconds, not {now_ms}"
        )))
    }
}

/// `undefined` for nothing, not `null`: the shared serializer writes a missing value as `null`,
/// but these exports are typed `T | undefined`.
fn optional_to_js<T: serde::Serialize>(value: Option<&T>) -> Result<JsValue, JsError> {
    match value {
        Some(value) => to_js(value),
        None => Ok(JsValue::UNDEFINED),
    }
}

impl ChatHistory {
    fn conversation_mut(&mut self, conversation_id: &str) -> Result<&mut Conversation, JsError> {
        self.history
            .conversation_mut(conversation_id)
            .map_err(|error| chat_error(&error))
    }

    /// Runs one change to a reply of a chat at a checked time and returns the reply as the
    /// webview renders it: the shape every reply operation below shares.
    fn change_reply(
        &mut self,
        conversation_id: &str,
        now_ms: f64,
        change: impl FnOnce(&mut Conversation, f64) -> Result<&ChatMessage, ChatError>,
    ) -> Result<JsValue, JsError> {
        let now_ms = check_time(now_ms)?;
        let reply = change(self.conversation_mut(conversation_id)?, now_ms)
            .map_err(|error| chat_error(&error))?;
        to_js(reply)
    }
}

#[wasm_bindgen]
impl ChatHistory {
    /// Reads the saved bytes (any known format version; `undefined` or empty is an empty
    /// history). Throws when the bytes cannot be read at all, with a message saying why, so the
    /// caller can keep them as a backup; chats that cannot be read one by one are skipped and
    /// reported by `loadWarnings()` instead.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] bytes: Option<Vec<u8>>,
    ) -> Result<ChatHistory, JsError> {
        let loaded = load_history(bytes.as_deref().unwrap_or_default())
            .map_err(|error| JsError::new(&error.to_string()))?;
        Ok(Self {
            history: loaded.history,
            warnings: loaded.report.warnings,
        })
    }

    /// What loading found that the user may want to know: one sentence per problem.
    #[wasm_bindgen(js_name = loadWarnings)]
    pub fn load_warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The history as bytes to save, in the current format.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Result<Vec<u8>, JsError> {
        save_history(&self.history).map_err(|error| JsError::new(&error.to_string()))
    }

    /// The history list: chats with messages, most recently changed first.
    #[wasm_bindgen(unchecked_return_type = "ConversationSummary[]")]
    pub fn summaries(&self) -> Result<JsValue, JsError> {
        to_js(&self.history.summaries())
    }

    /// The open chat, when there is one.
    #[wasm_bindgen(
        js_name = activeConversation,
        unchecked_return_type = "Conversation | undefined"
    )]
    pub fn active_conversation(&self) -> Result<JsValue, JsError> {
        optional_to_js(self.history.active())
    }

    /// Starts an empty chat with the caller's id and opens it.
    #[wasm_bindgen(js_name = startConversation, unchecked_return_type = "Conversation")]
    pub fn start_conversation(&mut self, id: String, now_ms: f64) -> Result<JsValue, JsError> {
        let now_ms = check_time(now_ms)?;
        let conversation = self
            .history
            .start_conversation(id, now_ms)
            .map_err(|error| chat_error(&error))?;
        to_js(conversation)
    }

    /// Opens a chat and returns it; `undefined` (and nothing changes) when there is no such chat.
    #[wasm_bindgen(
        js_name = openConversation,
        unchecked_return_type = "Conversation | undefined"
    )]
    pub fn open_conversation(&mut self, id: &str) -> Result<JsValue, JsError> {
        optional_to_js(self.history.set_active(id).ok())
    }

    /// Deletes a chat; returns whether it existed. Deleting the open chat leaves none open.
    #[wasm_bindgen(js_name = deleteConversation)]
    pub fn delete_conversation(&mut self, id: &str) -> bool {
        self.history.delete(id)
    }

    /// Adds the user's message (the first one names the chat) and returns the chat.
    #[wasm_bindgen(js_name = appendUserMessage, unchecked_return_type = "Conversation")]
    pub fn append_user_message(
        &mut self,
        conversation_id: &str,
        message_id: String,
        text: String,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let now_ms = check_time(now_ms)?;
        let conversation = self.conversation_mut(conversation_id)?;
        conversation
            .append_user_message(message_id, text, now_ms)
            .map_err(|error| chat_error(&error))?;
        to_js(conversation)
    }

    /// Adds an empty, streaming reply by `modelId` and returns it.
    #[wasm_bindgen(js_name = beginReply, unchecked_return_type = "ChatMessage")]
    pub fn begin_reply(
        &mut self,
        conversation_id: &str,
        message_id: String,
        model_id: String,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change_reply(conversation_id, now_ms, |conversation, now| {
            conversation.begin_reply(message_id, model_id, now)
        })
    }

    /// Applies a batch of stream chunks to a reply and returns the updated reply, for the
    /// webview. An error chunk ends the reply (`stopped` when cancelled, else `failed`) and keeps
    /// the text that streamed before it.
    #[wasm_bindgen(js_name = applyChunks, unchecked_return_type = "ChatMessage")]
    pub fn apply_chunks(
        &mut self,
        conversation_id: &str,
        message_id: &str,
        #[wasm_bindgen(unchecked_param_type = "ApiStreamChunk[]")] chunks: JsValue,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let chunks: Vec<ApiStreamChunk> = from_js(chunks, "the stream chunks")?;
        self.change_reply(conversation_id, now_ms, |conversation, now| {
            conversation.apply_chunks(message_id, &chunks, now)
        })
    }

    /// Marks a reply that is still streaming `complete` (one that failed or stopped stays so)
    /// and returns it.
    #[wasm_bindgen(js_name = finishReply, unchecked_return_type = "ChatMessage")]
    pub fn finish_reply(
        &mut self,
        conversation_id: &str,
        message_id: &str,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change_reply(conversation_id, now_ms, |conversation, now| {
            conversation.finish_reply(message_id, now)
        })
    }

    /// Marks a reply that is still streaming `stopped`, keeping its text, and returns it.
    #[wasm_bindgen(js_name = stopReply, unchecked_return_type = "ChatMessage")]
    pub fn stop_reply(
        &mut self,
        conversation_id: &str,
        message_id: &str,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change_reply(conversation_id, now_ms, |conversation, now| {
            conversation.stop_reply(message_id, now)
        })
    }

    /// For Retry: removes the last reply if it failed, stopped or came back empty (never the
    /// user's message) and begins a new one, which it returns. Throws when there is nothing to
    /// retry or the last reply is still streaming.
    #[wasm_bindgen(js_name = prepareRetry, unchecked_return_type = "ChatMessage")]
    pub fn prepare_retry(
        &mut self,
        conversation_id: &str,
        new_reply_id: String,
        model_id: String,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change_reply(conversation_id, now_ms, |conversation, now| {
            conversation.prepare_retry(new_reply_id, model_id, now)
        })
    }

    /// The chat's token and cost totals over its replies.
    #[wasm_bindgen(unchecked_return_type = "ConversationTotals")]
    pub fn totals(&self, conversation_id: &str) -> Result<JsValue, JsError> {
        let conversation = self
            .history
            .conversation(conversation_id)
            .map_err(|error| chat_error(&error))?;
        to_js(&conversation.totals())
    }

    /// The chat as the messages to send to the model: roles alternate, partial replies are
    /// kept, empty ones left out.
    #[wasm_bindgen(js_name = messageParams, unchecked_return_type = "MessageParam[]")]
    pub fn message_params(&self, conversation_id: &str) -> Result<JsValue, JsError> {
        let conversation = self
            .history
            .conversation(conversation_id)
            .map_err(|error| chat_error(&error))?;
        to_js(&conversation.to_message_params())
    }
}
