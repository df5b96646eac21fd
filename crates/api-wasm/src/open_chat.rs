//! The exported `OpenChat`: the one chat a window has open, held in wasm memory while the user
//! reads and writes in it. It converts arguments and results and forwards to the core's
//! `ChatDocument` and `Conversation`, where every rule (titles, streaming, retry, totals, the
//! file format, revisions and copies) lives. The shell reads and writes the chat file's bytes.

use roo_api::chat::Conversation;
use roo_api::chat::conversation::ChatError;
use roo_api::chat::document::ChatDocument;
use roo_api::chat::stored::disk_revision;
use roo_api::{ApiStreamChunk, ContextUsage};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};

/// One open chat. Create it or load it from its file's bytes, change it as the user chats, and
/// save `toBytes()`; misuse (an unknown message id, a retry with nothing to retry) throws an
/// `Error` saying what was wrong, and changes nothing.
#[wasm_bindgen]
#[derive(Debug)]
pub struct OpenChat {
    document: ChatDocument,
}

pub(crate) fn chat_error(error: &ChatError) -> JsError {
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

/// A revision as a JavaScript number. Revisions count writes, so they stay far below 2^53,
/// where the conversion would start to round.
fn revision_number(revision: u64) -> f64 {
    revision as f64
}

impl OpenChat {
    /// The conversation, for other exports of this crate (a handler building the request from
    /// it), so the chat does not have to cross into JavaScript and back.
    #[must_use]
    pub fn conversation_ref(&self) -> &Conversation {
        self.document.conversation()
    }

    /// Records the plan's notice on the reply being requested (see
    /// `Conversation::note_context`).
    pub(crate) fn note_context(&mut self, notice: Option<&str>) {
        // The operation cannot fail; a reply that is not streaming is simply left alone.
        let _ = self
            .document
            .change(|conversation| Ok(conversation.note_context(notice).is_some()));
    }

    /// Runs one change at a checked time and returns what the webview needs to know about it.
    pub(crate) fn change<T: Serialize>(
        &mut self,
        now_ms: f64,
        operation: impl FnOnce(&mut Conversation, f64) -> Result<T, ChatError>,
    ) -> Result<JsValue, JsError> {
        let now_ms = check_time(now_ms)?;
        let result = self
            .document
            .change(|conversation| operation(conversation, now_ms))
            .map_err(|error| chat_error(&error))?;
        to_js(&result)
    }
}

#[wasm_bindgen]
impl OpenChat {
    /// A new, empty chat with the caller's id, not yet saved. Throws when the id cannot name a
    /// chat file (letters, digits, `-` and `_` only).
    pub fn create(id: String, now_ms: f64) -> Result<OpenChat, JsError> {
        let now_ms = check_time(now_ms)?;
        let document = ChatDocument::new(id, now_ms).map_err(|error| chat_error(&error))?;
        Ok(Self { document })
    }

    /// Reads a chat file. Throws an `Error` saying why when it cannot be read, so the shell can
    /// set the file aside; a reply that was still streaming in it is now stopped.
    pub fn load(bytes: &[u8]) -> Result<OpenChat, JsError> {
        let document =
            ChatDocument::from_bytes(bytes).map_err(|error| JsError::new(&error.to_string()))?;
        Ok(Self { document })
    }

    /// The chat's id, which names its file: `chats/<id>.json`.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.conversation_ref().id.clone()
    }

    /// The revision of the file this chat was read from or last written as (0 before the first
    /// write).
    pub fn revision(&self) -> f64 {
        revision_number(self.document.revision())
    }

    /// The whole chat, for showing it in the webview when it is opened.
    #[wasm_bindgen(unchecked_return_type = "Conversation")]
    pub fn conversation(&self) -> Result<JsValue, JsError> {
        to_js(self.conversation_ref())
    }

    /// Whether the chat has no messages (the shell need not save it).
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.conversation_ref().messages.is_empty()
    }

    /// The chat's title (named by its first user message), without the whole chat crossing.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.conversation_ref().title.clone()
    }

    /// Adds the user's message (the first one names the chat) and returns it.
    #[wasm_bindgen(js_name = appendUserMessage, unchecked_return_type = "ChatMessage")]
    pub fn append_user_message(
        &mut self,
        message_id: String,
        text: String,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change(now_ms, |conversation, now| {
            conversation
                .append_user_message(message_id, text, now)
                .cloned()
        })
    }

    /// Adds an empty, streaming reply by `modelId` and returns it.
    #[wasm_bindgen(js_name = beginReply, unchecked_return_type = "ChatMessage")]
    pub fn begin_reply(
        &mut self,
        message_id: String,
        model_id: String,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change(now_ms, |conversation, now| {
            conversation.begin_reply(message_id, model_id, now).cloned()
        })
    }

    /// Applies a batch of stream chunks to a reply and returns what the batch added (text and
    /// reasoning to append) and the reply's state, usage and error as they now are. An error
    /// chunk ends the reply (`stopped` when cancelled, else `failed`) and keeps the text that
    /// streamed before it.
    #[wasm_bindgen(js_name = applyChunks, unchecked_return_type = "ReplyDelta")]
    pub fn apply_chunks(
        &mut self,
        message_id: &str,
        #[wasm_bindgen(unchecked_param_type = "ApiStreamChunk[]")] chunks: JsValue,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let chunks: Vec<ApiStreamChunk> = from_js(chunks, "the stream chunks")?;
        self.change(now_ms, |conversation, now| {
            conversation.apply_chunk_batch(message_id, &chunks, now)
        })
    }

    /// Marks a reply that is still streaming `complete` (one that failed or stopped stays so)
    /// and returns it. `budgetResetAt` is when the key's budget resets, from `/key/info`: a
    /// reply that failed on a spent budget keeps the sentence naming it.
    #[wasm_bindgen(js_name = finishReply, unchecked_return_type = "ChatMessage")]
    pub fn finish_reply(
        &mut self,
        message_id: &str,
        now_ms: f64,
        #[wasm_bindgen(js_name = budgetResetAt)] budget_reset_at: Option<String>,
    ) -> Result<JsValue, JsError> {
        self.change(now_ms, |conversation, now| {
            conversation
                .finish_reply_for_key(message_id, now, budget_reset_at.as_deref())
                .cloned()
        })
    }

    /// Marks a reply that is still streaming `stopped`, keeping its text, and returns it.
    #[wasm_bindgen(js_name = stopReply, unchecked_return_type = "ChatMessage")]
    pub fn stop_reply(&mut self, message_id: &str, now_ms: f64) -> Result<JsValue, JsError> {
        self.change(now_ms, |conversation, now| {
            conversation.stop_reply(message_id, now).cloned()
        })
    }

    /// For Retry: removes the last reply if it failed, stopped or came back empty (never the
    /// user's message) and begins a new one. Returns the ids it removed and the new reply.
    /// Throws when there is nothing to retry or the last reply is still streaming.
    #[wasm_bindgen(js_name = prepareRetry, unchecked_return_type = "RetryStarted")]
    pub fn prepare_retry(
        &mut self,
        new_reply_id: String,
        model_id: String,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change(now_ms, |conversation, now| {
            conversation.start_retry(new_reply_id, model_id, now)
        })
    }

    /// The message with this id, as it is now; `undefined` when the chat has none.
    #[wasm_bindgen(unchecked_return_type = "ChatMessage | undefined")]
    pub fn message(&self, message_id: &str) -> Result<JsValue, JsError> {
        match self.conversation_ref().message(message_id) {
            Some(message) => to_js(message),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Whether Condense would replace anything now (no reply streams, and something lies between
    /// the first message and the latest exchange).
    #[wasm_bindgen(js_name = canCondense)]
    pub fn can_condense(&self) -> bool {
        self.conversation_ref().can_condense()
    }

    /// Whether to offer Condense: the next request takes at least `threshold` (a fraction,
    /// 0..1; anything else means the default 0.8) of the context window by `context` (the
    /// `chatContextUsage`, `null` when unknown), and there is something to condense.
    #[wasm_bindgen(js_name = offerCondense)]
    pub fn offer_condense(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ContextUsage | null")] context: JsValue,
        threshold: f64,
    ) -> Result<bool, JsError> {
        let context: Option<ContextUsage> = from_js(context, "the context usage")?;
        Ok(self
            .conversation_ref()
            .offers_condense(context.as_ref(), threshold))
    }

    /// The chat's token and cost totals over its replies.
    #[wasm_bindgen(unchecked_return_type = "ConversationTotals")]
    pub fn totals(&self) -> Result<JsValue, JsError> {
        to_js(&self.conversation_ref().totals())
    }

    /// The chat's line in the index, for `ChatIndex.withEntry` after the chat file is written.
    #[wasm_bindgen(js_name = indexEntry, unchecked_return_type = "IndexEntry")]
    pub fn index_entry(&self) -> Result<JsValue, JsError> {
        to_js(&self.document.index_entry())
    }

    /// The chat as the messages to send to the model: roles alternate, partial replies are
    /// kept, empty ones left out.
    #[wasm_bindgen(js_name = messageParams, unchecked_return_type = "MessageParam[]")]
    pub fn message_params(&self) -> Result<JsValue, JsError> {
        to_js(&self.conversation_ref().to_message_params())
    }

    /// The chat file's bytes to write. When the chat changed since it was read or last written,
    /// the revision goes up by one first. Check `canOverwrite` BEFORE calling this: afterwards
    /// this chat counts the new revision as its own.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&mut self) -> Result<Vec<u8>, JsError> {
        self.document
            .to_bytes()
            .map_err(|error| JsError::new(&error.to_string()))
    }

    /// Whether this chat may be written over the chat file now on disk (`undefined` when there
    /// is none): true when there is no file, or its revision is not newer than this chat's.
    /// When false, another window wrote the chat since (or the file cannot be read): save a copy
    /// with `forkAs` instead.
    #[wasm_bindgen(js_name = canOverwrite)]
    pub fn can_overwrite(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] disk_bytes: Option<
            Vec<u8>,
        >,
    ) -> bool {
        self.document.can_overwrite(disk_bytes.as_deref())
    }

    /// A copy of this chat under a new id, its title marked as a copy, not yet saved: what to
    /// save when another window wrote this chat since this one read it.
    #[wasm_bindgen(js_name = forkAs)]
    pub fn fork_as(&self, new_id: String, now_ms: f64) -> Result<OpenChat, JsError> {
        let now_ms = check_time(now_ms)?;
        let document = self
            .document
            .fork_as(new_id, now_ms)
            .map_err(|error| chat_error(&error))?;
        Ok(Self { document })
    }

    /// The revision of a chat file's bytes, without reading its messages; `undefined` when they
    /// are not a chat file this version reads.
    #[wasm_bindgen(js_name = diskRevision)]
    pub fn disk_revision(bytes: &[u8]) -> Option<f64> {
        disk_revision(bytes).map(revision_number)
    }
}
