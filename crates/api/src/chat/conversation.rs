//! The operations on one [`Conversation`]: adding the user's messages, streaming a reply into it,
//! stopping it, its totals and summary, and the history to send to the model (Retry is in
//! `retry.rs`, the misuse errors in `chat_error.rs`). Ids and
//! times come from the caller, so every rule here is a pure function of its inputs.

use crate::classify;
use crate::classify::budget::with_budget_reset;
use crate::context::images::validate_images;
use crate::context::{Attachment, ChatImage};
use crate::errors::{ApiError, ApiErrorKind};
use crate::messages::{MessageParam, Role};
use crate::stream::{ApiStreamChunk, Cost};

use super::{ChatMessage, Conversation, ConversationSummary, ConversationTotals, MessageState};

/// The longest title, in characters, before it is cut with an ellipsis: about what the history
/// list shows on one line in a narrow sidebar.
pub const MAX_TITLE_CHARS: usize = 60;

pub use super::chat_error::ChatError;

/// A time the caller passed, kept only if it is a real number: a NaN or infinity would be saved
/// as JSON `null` and the chat would then fail to load, so `fallback` stands in for it.
pub(crate) fn finite_or(now_ms: f64, fallback: f64) -> f64 {
    if now_ms.is_finite() { now_ms } else { fallback }
}

/// A chat's title from its first user message: the first non-blank line, trimmed, cut at a
/// character boundary with an ellipsis when longer than [`MAX_TITLE_CHARS`].
#[must_use]
pub fn title_from_text(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    shorten_title(line)
}

/// Cuts a title to [`MAX_TITLE_CHARS`] characters (the ellipsis included), never inside a
/// character; the space before the cut is dropped so the title does not end in " …".
pub(crate) fn shorten_title(title: &str) -> String {
    let title = title.trim();
    if title.chars().count() <= MAX_TITLE_CHARS {
        return title.to_owned();
    }
    let kept: String = title.chars().take(MAX_TITLE_CHARS - 1).collect();
    let mut short = kept.trim_end().to_owned();
    short.push('…');
    short
}

/// Whether a text says nothing a model could read: APIs reject whitespace-only turns.
pub(crate) fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

impl Conversation {
    /// An empty chat with no title yet; the first user message gives it one.
    #[must_use]
    pub fn new(id: impl Into<String>, now_ms: f64) -> Self {
        let now_ms = finite_or(now_ms, 0.0);
        Self {
            id: id.into(),
            title: String::new(),
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            messages: Vec::new(),
            mode: crate::agent::AgentMode::Ask,
        }
    }

    /// The message with this id.
    #[must_use]
    pub fn message(&self, message_id: &str) -> Option<&ChatMessage> {
        self.messages
            .iter()
            .find(|message| message.id == message_id)
    }

    fn touch(&mut self, now_ms: f64) {
        self.updated_at_ms = finite_or(now_ms, self.updated_at_ms);
    }

    fn ensure_new_id(&self, message_id: &str) -> Result<(), ChatError> {
        if self.message(message_id).is_some() {
            return Err(ChatError::DuplicateId(message_id.to_owned()));
        }
        Ok(())
    }

    /// The reply with this id, for changing it, after the chat's time is moved to `now_ms`. The
    /// id is checked first so a wrong one changes nothing.
    fn touch_reply(
        &mut self,
        message_id: &str,
        now_ms: f64,
    ) -> Result<&mut ChatMessage, ChatError> {
        let index = self
            .messages
            .iter()
            .position(|message| message.id == message_id)
            .ok_or_else(|| ChatError::UnknownMessage(message_id.to_owned()))?;
        if self.messages[index].role != Role::Assistant {
            return Err(ChatError::NotAReply(message_id.to_owned()));
        }
        self.touch(now_ms);
        Ok(&mut self.messages[index])
    }

    /// Adds the user's message of text alone. The first one also names the chat.
    ///
    /// # Errors
    /// [`ChatError::EmptyMessage`] for blank text, [`ChatError::DuplicateId`] for a used id.
    pub fn append_user_message(
        &mut self,
        message_id: impl Into<String>,
        text: impl Into<String>,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        self.append_user_input(message_id, text, Vec::new(), Vec::new(), now_ms)
    }

    /// Adds the user's message with its attachments and images. The text may be blank when
    /// something is attached. The first user message names the chat: by its text, else by its
    /// first attachment's or image's name.
    ///
    /// # Errors
    /// [`ChatError::EmptyMessage`] when there is nothing at all, [`ChatError::Image`] for an
    /// image that cannot be sent, [`ChatError::DuplicateId`] for a used id.
    pub fn append_user_input(
        &mut self,
        message_id: impl Into<String>,
        text: impl Into<String>,
        attachments: Vec<Attachment>,
        images: Vec<ChatImage>,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let message_id = message_id.into();
        let text = text.into();
        if is_blank(&text) && attachments.is_empty() && images.is_empty() {
            return Err(ChatError::EmptyMessage);
        }
        validate_images(&images).map_err(ChatError::Image)?;
        self.ensure_new_id(&message_id)?;
        let first_user_message = !self
            .messages
            .iter()
            .any(|message| message.role == Role::User);
        if first_user_message {
            let named_by = if is_blank(&text) {
                attachments
                    .first()
                    .map(|attachment| attachment.label.as_str())
                    .or_else(|| images.first().map(|image| image.name.as_str()))
                    .unwrap_or_default()
            } else {
                text.as_str()
            };
            self.title = title_from_text(named_by);
        }
        self.touch(now_ms);
        Ok(self.push(ChatMessage {
            text,
            attachments,
            images,
            ..ChatMessage::empty(message_id, Role::User, MessageState::Complete)
        }))
    }

    /// Adds a message and returns it. Indexing the slot just filled cannot fail.
    fn push(&mut self, message: ChatMessage) -> &ChatMessage {
        let index = self.messages.len();
        self.messages.push(message);
        &self.messages[index]
    }

    /// Adds an empty reply by `model_id`, in state `streaming`, for the chunks to fill.
    ///
    /// # Errors
    /// [`ChatError::DuplicateId`] for a used id.
    pub fn begin_reply(
        &mut self,
        message_id: impl Into<String>,
        model_id: impl Into<String>,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let message_id = message_id.into();
        self.ensure_new_id(&message_id)?;
        self.touch(now_ms);
        Ok(self.push(ChatMessage {
            model_id: Some(model_id.into()),
            ..ChatMessage::empty(message_id, Role::Assistant, MessageState::Streaming)
        }))
    }

    /// Applies streamed chunks to a reply: text and reasoning are appended, the tool calls are
    /// recorded (pending, ids made unique), the last usage wins, and an error ends the reply (`stopped` when the user cancelled, `failed` otherwise) with
    /// the text streamed so far kept. Returns the updated reply.
    ///
    /// Once a reply has ended, later text is ignored (a straggling batch after Stop must not
    /// reopen it), but a later usage is still recorded: those tokens were billed either way.
    ///
    /// # Errors
    /// [`ChatError::UnknownMessage`] or [`ChatError::NotAReply`] for a wrong id.
    pub fn apply_chunks(
        &mut self,
        message_id: &str,
        chunks: &[ApiStreamChunk],
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let reply = self.touch_reply(message_id, now_ms)?;
        for chunk in chunks {
            let streaming = reply.state == MessageState::Streaming;
            match chunk {
                ApiStreamChunk::Text { text } if streaming => reply.text.push_str(text),
                ApiStreamChunk::Reasoning { text } if streaming => reply.reasoning.push_str(text),
                ApiStreamChunk::Usage(usage) => reply.usage = Some(usage.clone()),
                ApiStreamChunk::Error { error } if streaming => end_with_error(reply, error),
                ApiStreamChunk::ToolCalls { calls } if streaming => {
                    // Ids must be unique within the reply so each result pairs with its call.
                    reply.tool_calls = crate::agent::step::unique_ids(calls.clone())
                        .into_iter()
                        .map(super::ChatToolCall::pending)
                        .collect();
                }
                ApiStreamChunk::Text { .. }
                | ApiStreamChunk::Reasoning { .. }
                | ApiStreamChunk::ToolCalls { .. }
                | ApiStreamChunk::Error { .. } => {}
            }
        }
        Ok(reply)
    }

    /// Marks a reply that is still streaming `complete`; one that already ended keeps its state.
    ///
    /// # Errors
    /// [`ChatError::UnknownMessage`] or [`ChatError::NotAReply`] for a wrong id.
    pub fn finish_reply(
        &mut self,
        message_id: &str,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        self.finish_reply_for_key(message_id, now_ms, None)
    }

    /// [`Conversation::finish_reply`], knowing when the key's budget resets (from `/key/info`):
    /// a reply that failed on a spent budget keeps the sentence naming the reset time, so the
    /// saved chat still says it after reopening. Any other reply ends as `finish_reply` ends it.
    ///
    /// # Errors
    /// [`ChatError::UnknownMessage`] or [`ChatError::NotAReply`] for a wrong id.
    pub fn finish_reply_for_key(
        &mut self,
        message_id: &str,
        now_ms: f64,
        budget_reset_at: Option<&str>,
    ) -> Result<&ChatMessage, ChatError> {
        let reply = self.touch_reply(message_id, now_ms)?;
        if reply.state == MessageState::Streaming {
            reply.state = MessageState::Complete;
        }
        if let Some(error) = reply.error.take() {
            reply.error = Some(with_budget_reset(error, budget_reset_at));
        }
        Ok(reply)
    }

    /// Marks a reply that is still streaming `stopped`, with the cancelled error; the text
    /// streamed so far stays. One that already ended keeps its state.
    ///
    /// # Errors
    /// [`ChatError::UnknownMessage`] or [`ChatError::NotAReply`] for a wrong id.
    pub fn stop_reply(&mut self, message_id: &str, now_ms: f64) -> Result<&ChatMessage, ChatError> {
        let reply = self.touch_reply(message_id, now_ms)?;
        if reply.state == MessageState::Streaming {
            end_with_error(reply, &classify::cancelled());
        }
        Ok(reply)
    }

    /// Marks every reply still streaming as stopped, without changing the chat's time: a saved
    /// chat can only hold one when the editor closed mid-reply, and nothing will ever finish it.
    /// Returns how many there were.
    pub(crate) fn interrupt_streaming_replies(&mut self) -> usize {
        let mut interrupted = 0;
        for message in &mut self.messages {
            if message.state == MessageState::Streaming {
                end_with_error(message, &classify::cancelled());
                interrupted += 1;
            }
        }
        interrupted
    }

    /// The chat's running totals: tokens summed over the replies that reported usage, the known
    /// costs summed, and the replies whose cost is unknown counted so the total can say it is a
    /// lower bound rather than pretend they were free.
    #[must_use]
    pub fn totals(&self) -> ConversationTotals {
        let mut totals = ConversationTotals {
            input_tokens: 0,
            output_tokens: 0,
            known_cost_usd: 0.0,
            replies_with_unknown_cost: 0,
        };
        let usages = self
            .messages
            .iter()
            .filter(|message| message.role == Role::Assistant)
            .filter_map(|message| message.usage.as_ref());
        for usage in usages {
            totals.input_tokens = totals.input_tokens.saturating_add(usage.input_tokens);
            totals.output_tokens = totals.output_tokens.saturating_add(usage.output_tokens);
            match usage.cost {
                Cost::Known { usd, .. } => totals.known_cost_usd += usd,
                Cost::Unknown => {
                    totals.replies_with_unknown_cost =
                        totals.replies_with_unknown_cost.saturating_add(1);
                }
            }
        }
        totals
    }

    /// The chat's line in the history list.
    #[must_use]
    pub fn summary(&self) -> ConversationSummary {
        ConversationSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            updated_at_ms: self.updated_at_ms,
            message_count: u32::try_from(self.messages.len()).unwrap_or(u32::MAX),
        }
    }

    /// The whole history to send to the model, oldest first, untrimmed (see [`super::render`]
    /// for the rules, and [`super::send`] for the request that fits the context window): every
    /// message with something to send, in order. A stopped or failed reply's partial text is
    /// sent as the assistant's turn (the user saw it and may be answering it); a reply with no
    /// text is left out. Consecutive turns of one role (two user messages around an empty failed
    /// reply) are merged, because providers require the roles to alternate. A Condense summary
    /// stands in for the messages it replaces.
    #[must_use]
    pub fn to_message_params(&self) -> Vec<MessageParam> {
        let order = super::render::request_order(&self.messages);
        super::render::render(
            &self.messages,
            &order,
            &super::render::Trimming::none(),
            true,
        )
    }
}

/// Ends a reply with an error: the user's Stop is `stopped`, anything else `failed`.
fn end_with_error(reply: &mut ChatMessage, error: &ApiError) {
    reply.state = if error.kind == ApiErrorKind::Cancelled {
        MessageState::Stopped
    } else {
        MessageState::Failed
    };
    reply.error = Some(error.clone());
}

#[cfg(test)]
mod tests;
