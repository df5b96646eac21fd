//! The operations on one [`Conversation`]: adding the user's messages, streaming a reply into it,
//! stopping and retrying, its totals and summary, and the history to send to the model. Ids and
//! times come from the caller, so every rule here is a pure function of its inputs.

use std::fmt;

use crate::classify;
use crate::classify::budget::with_budget_reset;
use crate::context::images::validate_images;
use crate::context::{Attachment, ChatImage, ImageError, PlanError};
use crate::errors::{ApiError, ApiErrorKind};
use crate::messages::{MessageParam, Role};
use crate::stream::{ApiStreamChunk, Cost};

use super::{ChatMessage, Conversation, ConversationSummary, ConversationTotals, MessageState};

/// The longest title, in characters, before it is cut with an ellipsis: about what the history
/// list shows on one line in a narrow sidebar.
pub const MAX_TITLE_CHARS: usize = 60;

/// A misuse of the conversation operations: the caller named something that is not there, or
/// asked for something the conversation's state does not allow. Never a panic, because the ids
/// come from the extension and a stale one (a chat deleted mid-stream) must not crash the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatError {
    /// The id cannot name a chat file (see [`super::stored::is_valid_chat_id`]).
    InvalidId(String),
    /// The chat has no message with this id.
    UnknownMessage(String),
    /// A new chat or message was given an id that is already used.
    DuplicateId(String),
    /// The id names a user message where a reply was expected.
    NotAReply(String),
    /// A user message with no text, attachment or image.
    EmptyMessage,
    /// An image that cannot be sent (see [`ImageError`]).
    Image(ImageError),
    /// The request would not fit the model's context window even trimmed (see [`PlanError`]).
    ContextPlan(PlanError),
    /// Condense was asked for, but nothing lies between the first message and the kept tail.
    NothingToCondense,
    /// Retry was asked for, but the last reply did not fail, was not stopped and is not empty.
    NothingToRetry,
    /// Retry was asked for while the last reply is still streaming.
    ReplyInProgress,
    /// Code mode was chosen for a model that says it cannot call tools; the text says so.
    ModeUnavailable(String),
    /// A tool-call decision or outcome that does not fit the call's state; the text says why.
    ToolCall(String),
}

impl fmt::Display for ChatError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidId(id) => write!(
                formatter,
                "the id {id:?} cannot name a chat file: use up to 100 letters, digits, `-` and `_`"
            ),
            Self::UnknownMessage(id) => {
                write!(formatter, "the chat has no message with id {id:?}")
            }
            Self::DuplicateId(id) => write!(formatter, "the id {id:?} is already in use"),
            Self::NotAReply(id) => {
                write!(formatter, "the message {id:?} is the user's, not a reply")
            }
            Self::EmptyMessage => {
                formatter.write_str("a message needs some text, an attachment or an image")
            }
            Self::Image(error) => error.fmt(formatter),
            Self::ContextPlan(error) => error.fmt(formatter),
            Self::NothingToCondense => formatter.write_str(
                "There is nothing to condense yet: the chat is only its first message and the \
                 latest exchange, which a summary would not replace.",
            ),
            Self::NothingToRetry => formatter.write_str(
                "there is nothing to retry: the last reply neither failed nor was stopped",
            ),
            Self::ModeUnavailable(text) | Self::ToolCall(text) => formatter.write_str(text),
            Self::ReplyInProgress => {
                formatter.write_str("the last reply is still streaming; stop it before retrying")
            }
        }
    }
}

impl std::error::Error for ChatError {}

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

    /// Where Retry would answer from: the position of the last user message, when the chat ends
    /// with a reply that failed, was stopped or came back empty, or with a user message that got
    /// no reply at all. `None` when there is nothing to retry.
    #[must_use]
    pub fn retry_target(&self) -> Option<usize> {
        let last_user = self
            .messages
            .iter()
            .rposition(|message| message.role == Role::User)?;
        match self.messages.last() {
            // A Condense summary is not a reply to anything: a failed one is condensed again.
            Some(last) if last.summary_of.is_some() => None,
            Some(last) if last.role == Role::User => Some(last_user),
            Some(last) if is_retryable_reply(last) => Some(last_user),
            _ => None,
        }
    }

    /// Prepares Retry: removes the last reply if it failed, was stopped or came back empty, and
    /// begins a new one. The user's message is never removed.
    ///
    /// # Errors
    /// [`ChatError::ReplyInProgress`] while the last reply streams, [`ChatError::NothingToRetry`]
    /// when the last reply completed with text (or the chat has no user message), and
    /// [`ChatError::DuplicateId`] when `new_reply_id` is used by a message that stays.
    pub fn prepare_retry(
        &mut self,
        new_reply_id: impl Into<String>,
        model_id: impl Into<String>,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let new_reply_id = new_reply_id.into();
        if self
            .messages
            .last()
            .is_some_and(|last| last.state == MessageState::Streaming)
        {
            return Err(ChatError::ReplyInProgress);
        }
        let Some(target) = self.retry_target() else {
            return Err(ChatError::NothingToRetry);
        };
        // Everything after the user message is the one reply being replaced; checked before
        // anything changes so an error leaves the chat as it was.
        if self.messages[..=target]
            .iter()
            .any(|message| message.id == new_reply_id)
        {
            return Err(ChatError::DuplicateId(new_reply_id));
        }
        self.messages.truncate(target + 1);
        self.begin_reply(new_reply_id, model_id, now_ms)
    }
}

/// Whether a chat's last message is a reply Retry may replace.
fn is_retryable_reply(message: &ChatMessage) -> bool {
    message.role == Role::Assistant
        && match message.state {
            MessageState::Failed | MessageState::Stopped => true,
            // A reply that completed with nothing to show is as good as failed.
            MessageState::Complete => is_blank(&message.text) && message.tool_calls.is_empty(),
            MessageState::Streaming => false,
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
mod tests {
    use super::*;
    use crate::stream::{CostSource, Usage};

    fn text(text: &str) -> ApiStreamChunk {
        ApiStreamChunk::Text { text: text.into() }
    }

    fn usage(input: u64, output: u64, cost: Cost) -> Usage {
        Usage {
            input_tokens: input,
            output_tokens: output,
            cache_write_tokens: None,
            cache_read_tokens: None,
            reasoning_tokens: None,
            cost,
            estimated: false,
            cache_savings: None,
        }
    }

    fn known(usd: f64) -> Cost {
        Cost::Known {
            usd,
            source: CostSource::Proxy,
        }
    }

    fn server_error() -> ApiError {
        classify::stream_cut_short("connection reset")
    }

    /// A chat with one question and a reply in `state`, whose text is `reply_text`.
    fn chat_with_reply(reply_text: &str, end: Option<ApiError>) -> Conversation {
        let mut chat = Conversation::new("c1", 1.0);
        chat.append_user_message("u1", "hello", 2.0).unwrap();
        chat.begin_reply("a1", "gpt-4o", 3.0).unwrap();
        let mut chunks = vec![];
        if !reply_text.is_empty() {
            chunks.push(text(reply_text));
        }
        if let Some(error) = end {
            chunks.push(ApiStreamChunk::Error { error });
        }
        chat.apply_chunks("a1", &chunks, 4.0).unwrap();
        chat
    }

    #[test]
    fn a_new_chat_is_empty_and_untitled() {
        let chat = Conversation::new("c1", 1000.0);
        assert_eq!(chat.id, "c1");
        assert_eq!(chat.title, "");
        assert_eq!(chat.created_at_ms, 1000.0);
        assert_eq!(chat.updated_at_ms, 1000.0);
        assert!(chat.messages.is_empty());
    }

    #[test]
    fn the_first_user_message_names_the_chat_and_later_ones_do_not() {
        let mut chat = Conversation::new("c1", 1.0);
        let message = chat
            .append_user_message("u1", "\n  Explain lifetimes  \nin detail", 5.0)
            .unwrap();
        assert_eq!(message.role, Role::User);
        assert_eq!(message.state, MessageState::Complete);
        assert_eq!(message.text, "\n  Explain lifetimes  \nin detail");
        assert_eq!(chat.title, "Explain lifetimes");
        assert_eq!(chat.updated_at_ms, 5.0);
        chat.append_user_message("u2", "Something else", 6.0)
            .unwrap();
        assert_eq!(chat.title, "Explain lifetimes");
    }

    #[test]
    fn long_titles_are_cut_at_a_character_boundary_with_an_ellipsis() {
        let long = "é".repeat(100);
        let title = title_from_text(&long);
        assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
        assert!(title.ends_with('…'));
        assert!(title.starts_with("éé"));

        let words = "word ".repeat(30);
        let title = title_from_text(&words);
        assert!(title.chars().count() <= MAX_TITLE_CHARS);
        assert!(
            title.ends_with("word…") || title.ends_with("wor…"),
            "{title}"
        );
        assert!(!title.contains(" …"));

        let exact = "x".repeat(MAX_TITLE_CHARS);
        assert_eq!(title_from_text(&exact), exact);
        assert_eq!(title_from_text("🦀 crab"), "🦀 crab");
    }

    #[test]
    fn blank_user_messages_and_reused_ids_are_refused() {
        let mut chat = Conversation::new("c1", 1.0);
        assert_eq!(
            chat.append_user_message("u1", "  \n ", 2.0).unwrap_err(),
            ChatError::EmptyMessage
        );
        chat.append_user_message("u1", "hi", 2.0).unwrap();
        assert_eq!(
            chat.append_user_message("u1", "again", 3.0).unwrap_err(),
            ChatError::DuplicateId("u1".into())
        );
        assert_eq!(
            chat.begin_reply("u1", "m", 3.0).unwrap_err(),
            ChatError::DuplicateId("u1".into())
        );
        assert_eq!(chat.messages.len(), 1);
    }

    #[test]
    fn begin_reply_adds_a_streaming_assistant_message() {
        let mut chat = Conversation::new("c1", 1.0);
        chat.append_user_message("u1", "hi", 2.0).unwrap();
        let reply = chat.begin_reply("a1", "claude-sonnet", 3.0).unwrap();
        assert_eq!(reply.role, Role::Assistant);
        assert_eq!(reply.state, MessageState::Streaming);
        assert_eq!(reply.model_id.as_deref(), Some("claude-sonnet"));
        assert_eq!(reply.text, "");
        assert_eq!(chat.updated_at_ms, 3.0);
    }

    #[test]
    fn chunks_append_text_and_reasoning_and_the_last_usage_wins() {
        let mut chat = chat_with_reply("", None);
        let chunks = [
            ApiStreamChunk::Reasoning {
                text: "think ".into(),
            },
            ApiStreamChunk::Reasoning {
                text: "hard".into(),
            },
            text("Hel"),
            ApiStreamChunk::Usage(usage(1, 1, Cost::Unknown)),
            text("lo"),
        ];
        chat.apply_chunks("a1", &chunks, 7.0).unwrap();
        let reply = chat
            .apply_chunks(
                "a1",
                &[text("!"), ApiStreamChunk::Usage(usage(10, 3, known(0.5)))],
                8.0,
            )
            .unwrap();
        assert_eq!(reply.text, "Hello!");
        assert_eq!(reply.reasoning, "think hard");
        assert_eq!(reply.usage, Some(usage(10, 3, known(0.5))));
        assert_eq!(reply.state, MessageState::Streaming);
        assert_eq!(chat.updated_at_ms, 8.0);
        let reply = chat.finish_reply("a1", 9.0).unwrap();
        assert_eq!(reply.state, MessageState::Complete);
        assert_eq!(reply.error, None);
    }

    #[test]
    fn an_error_chunk_after_text_keeps_the_text_and_marks_the_reply_failed() {
        let chat = chat_with_reply("partial answ", Some(server_error()));
        let reply = chat.message("a1").unwrap();
        assert_eq!(reply.text, "partial answ");
        assert_eq!(reply.state, MessageState::Failed);
        assert_eq!(reply.error, Some(server_error()));
    }

    #[test]
    fn a_spent_budget_reply_keeps_the_reset_time_it_finished_with() {
        // LiteLLM's documented answer for a key whose budget is spent.
        let body = r#"{"error":{"message":"Budget has been exceeded! Current cost: 10.0213, Max budget: 10.0","type":"budget_exceeded","param":null,"code":"400"}}"#;
        let spent = classify::classify_http_error(400, &[], body, None);
        let mut chat = chat_with_reply("", Some(spent.clone()));
        let reply = chat
            .finish_reply_for_key("a1", 5.0, Some("2026-12-01T00:00:00Z"))
            .unwrap();
        assert_eq!(reply.state, MessageState::Failed);
        let message = &reply.error.as_ref().unwrap().message;
        assert!(
            message.contains("resets at 2026-12-01T00:00:00Z"),
            "{message}"
        );
        assert!(message.contains("$10.02 spent of $10.00"), "{message}");

        let mut unknown_reset = chat_with_reply("", Some(spent.clone()));
        let reply = unknown_reset.finish_reply_for_key("a1", 5.0, None).unwrap();
        assert_eq!(reply.error, Some(spent));
        let mut other = chat_with_reply("partial", Some(server_error()));
        let reply = other
            .finish_reply_for_key("a1", 5.0, Some("2026-12-01T00:00:00Z"))
            .unwrap();
        assert_eq!(reply.error, Some(server_error()));
    }

    #[test]
    fn a_cancelled_error_chunk_marks_the_reply_stopped() {
        let chat = chat_with_reply("some", Some(classify::cancelled()));
        let reply = chat.message("a1").unwrap();
        assert_eq!(reply.state, MessageState::Stopped);
        assert_eq!(reply.text, "some");
        assert_eq!(
            reply.error.as_ref().map(|error| error.kind),
            Some(ApiErrorKind::Cancelled)
        );
    }

    #[test]
    fn an_ended_reply_ignores_later_text_but_records_later_usage() {
        let mut chat = chat_with_reply("kept", Some(server_error()));
        let reply = chat
            .apply_chunks(
                "a1",
                &[
                    text(" late"),
                    ApiStreamChunk::Error {
                        error: classify::cancelled(),
                    },
                    ApiStreamChunk::Usage(usage(5, 2, known(0.01))),
                ],
                9.0,
            )
            .unwrap();
        assert_eq!(reply.text, "kept");
        assert_eq!(reply.state, MessageState::Failed);
        assert_eq!(reply.error, Some(server_error()));
        assert_eq!(reply.usage, Some(usage(5, 2, known(0.01))));
        // Finishing or stopping an ended reply leaves it as it ended.
        assert_eq!(
            chat.finish_reply("a1", 10.0).unwrap().state,
            MessageState::Failed
        );
        assert_eq!(
            chat.stop_reply("a1", 10.0).unwrap().state,
            MessageState::Failed
        );
    }

    #[test]
    fn chunks_after_an_error_in_the_same_batch_are_ignored() {
        let mut chat = chat_with_reply("", None);
        let reply = chat
            .apply_chunks(
                "a1",
                &[
                    text("a"),
                    ApiStreamChunk::Error {
                        error: server_error(),
                    },
                    text("b"),
                ],
                5.0,
            )
            .unwrap();
        assert_eq!(reply.text, "a");
    }

    #[test]
    fn stop_reply_marks_a_streaming_reply_stopped_with_the_cancelled_error() {
        let mut chat = chat_with_reply("half", None);
        let reply = chat.stop_reply("a1", 6.0).unwrap();
        assert_eq!(reply.state, MessageState::Stopped);
        assert_eq!(reply.text, "half");
        assert_eq!(reply.error, Some(classify::cancelled()));
        assert_eq!(chat.updated_at_ms, 6.0);
        // A completed reply is not turned into a stopped one.
        let mut chat = chat_with_reply("done", None);
        chat.finish_reply("a1", 5.0).unwrap();
        assert_eq!(
            chat.stop_reply("a1", 6.0).unwrap().state,
            MessageState::Complete
        );
    }

    #[test]
    fn operations_on_unknown_or_user_messages_are_errors_not_panics() {
        let mut chat = chat_with_reply("x", None);
        assert_eq!(
            chat.apply_chunks("nope", &[text("x")], 1.0).unwrap_err(),
            ChatError::UnknownMessage("nope".into())
        );
        assert_eq!(
            chat.apply_chunks("u1", &[text("x")], 1.0).unwrap_err(),
            ChatError::NotAReply("u1".into())
        );
        assert_eq!(
            chat.finish_reply("nope", 1.0).unwrap_err(),
            ChatError::UnknownMessage("nope".into())
        );
        assert_eq!(
            chat.stop_reply("u1", 1.0).unwrap_err(),
            ChatError::NotAReply("u1".into())
        );
        assert_eq!(chat.message("u1").unwrap().text, "hello");
        // A refused operation leaves the chat's time alone.
        assert_eq!(chat.updated_at_ms, 4.0);
    }

    #[test]
    fn times_that_are_not_numbers_are_not_stored() {
        let mut chat = Conversation::new("c1", f64::NAN);
        assert_eq!(chat.created_at_ms, 0.0);
        chat.append_user_message("u1", "hi", 50.0).unwrap();
        chat.begin_reply("a1", "m", f64::INFINITY).unwrap();
        assert_eq!(chat.updated_at_ms, 50.0);
    }

    #[test]
    fn totals_sum_usage_and_count_replies_with_unknown_cost() {
        let mut chat = Conversation::new("c1", 1.0);
        let replies = [
            ("a1", Some(usage(100, 20, known(0.25)))),
            ("a2", Some(usage(300, 40, Cost::Unknown))),
            ("a3", Some(usage(50, 5, known(0.5)))),
            ("a4", None),
            ("a5", Some(usage(1, 1, Cost::Unknown))),
        ];
        for (index, (id, reply_usage)) in replies.into_iter().enumerate() {
            chat.append_user_message(format!("u{index}"), "q", 2.0)
                .unwrap();
            chat.begin_reply(id, "m", 3.0).unwrap();
            let chunks: Vec<_> = reply_usage.into_iter().map(ApiStreamChunk::Usage).collect();
            chat.apply_chunks(id, &chunks, 4.0).unwrap();
            chat.finish_reply(id, 5.0).unwrap();
        }
        let totals = chat.totals();
        assert_eq!(totals.input_tokens, 451);
        assert_eq!(totals.output_tokens, 66);
        assert!((totals.known_cost_usd - 0.75).abs() < 1e-12);
        assert_eq!(totals.replies_with_unknown_cost, 2);
        assert_eq!(
            Conversation::new("empty", 0.0).totals(),
            ConversationTotals {
                input_tokens: 0,
                output_tokens: 0,
                known_cost_usd: 0.0,
                replies_with_unknown_cost: 0,
            }
        );
    }

    #[test]
    fn summary_has_the_id_title_time_and_count() {
        let mut chat = chat_with_reply("answer", None);
        chat.finish_reply("a1", 9.0).unwrap();
        assert_eq!(
            chat.summary(),
            ConversationSummary {
                id: "c1".into(),
                title: "hello".into(),
                updated_at_ms: 9.0,
                message_count: 2,
            }
        );
    }

    #[test]
    fn message_params_follow_the_chat_and_keep_partial_replies() {
        let mut chat = chat_with_reply("partial", Some(classify::cancelled()));
        chat.append_user_message("u2", "go on", 5.0).unwrap();
        assert_eq!(
            chat.to_message_params(),
            vec![
                MessageParam::user_text("hello"),
                MessageParam::assistant_text("partial"),
                MessageParam::user_text("go on"),
            ]
        );
    }

    #[test]
    fn message_params_merge_user_turns_around_an_empty_failed_reply() {
        let mut chat = chat_with_reply("", Some(server_error()));
        chat.append_user_message("u2", "are you there?", 5.0)
            .unwrap();
        chat.begin_reply("a2", "m", 6.0).unwrap();
        let params = chat.to_message_params();
        assert_eq!(
            params,
            vec![MessageParam::user_text("hello\n\nare you there?")]
        );
        chat.apply_chunks("a2", &[text("yes")], 7.0).unwrap();
        chat.finish_reply("a2", 8.0).unwrap();
        chat.append_user_message("u3", "good", 9.0).unwrap();
        let roles: Vec<Role> = chat
            .to_message_params()
            .iter()
            .map(|param| param.role)
            .collect();
        assert_eq!(roles, [Role::User, Role::Assistant, Role::User]);
    }

    #[test]
    fn message_params_of_an_empty_chat_are_empty() {
        assert!(Conversation::new("c", 0.0).to_message_params().is_empty());
    }

    #[test]
    fn retry_replaces_a_failed_reply_and_keeps_the_user_message() {
        let mut chat = chat_with_reply("partial", Some(server_error()));
        assert_eq!(chat.retry_target(), Some(0));
        let reply = chat.prepare_retry("a2", "other-model", 10.0).unwrap();
        assert_eq!(reply.id, "a2");
        assert_eq!(reply.state, MessageState::Streaming);
        assert_eq!(reply.model_id.as_deref(), Some("other-model"));
        let ids: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["u1", "a2"]);
        assert_eq!(chat.message("u1").unwrap().text, "hello");
        assert_eq!(chat.updated_at_ms, 10.0);
        assert_eq!(chat.to_message_params(), [MessageParam::user_text("hello")]);
    }

    #[test]
    fn retry_replaces_stopped_and_empty_replies() {
        let mut chat = chat_with_reply("", Some(classify::cancelled()));
        chat.prepare_retry("a2", "m", 5.0).unwrap();
        chat.finish_reply("a2", 6.0).unwrap();
        // An empty completed reply is as good as failed.
        assert_eq!(chat.retry_target(), Some(0));
        chat.prepare_retry("a3", "m", 7.0).unwrap();
        let ids: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["u1", "a3"]);
    }

    #[test]
    fn retry_answers_a_user_message_that_got_no_reply() {
        let mut chat = Conversation::new("c1", 1.0);
        chat.append_user_message("u1", "hi", 2.0).unwrap();
        assert_eq!(chat.retry_target(), Some(0));
        chat.prepare_retry("a1", "m", 3.0).unwrap();
        assert_eq!(chat.messages.len(), 2);
    }

    #[test]
    fn retry_is_refused_when_there_is_nothing_to_retry_and_never_drops_the_user_message() {
        assert_eq!(
            Conversation::new("c", 0.0)
                .prepare_retry("a", "m", 1.0)
                .unwrap_err(),
            ChatError::NothingToRetry
        );

        let mut streaming = chat_with_reply("so far", None);
        assert_eq!(
            streaming.prepare_retry("a2", "m", 5.0).unwrap_err(),
            ChatError::ReplyInProgress
        );
        assert_eq!(streaming.retry_target(), None);

        let mut complete = chat_with_reply("done", None);
        complete.finish_reply("a1", 5.0).unwrap();
        assert_eq!(complete.retry_target(), None);
        assert_eq!(
            complete.prepare_retry("a2", "m", 6.0).unwrap_err(),
            ChatError::NothingToRetry
        );

        let mut failed = chat_with_reply("x", Some(server_error()));
        assert_eq!(
            failed.prepare_retry("u1", "m", 6.0).unwrap_err(),
            ChatError::DuplicateId("u1".into())
        );
        // The refused retries changed nothing.
        assert_eq!(failed.messages.len(), 2);
        assert_eq!(complete.messages.len(), 2);
        assert_eq!(streaming.messages.len(), 2);
        // Reusing the id of the reply being replaced is fine: it is gone.
        failed.prepare_retry("a1", "m", 7.0).unwrap();
        assert_eq!(failed.messages[0].id, "u1");
    }

    #[test]
    fn retry_in_a_longer_chat_only_replaces_the_last_reply() {
        let mut chat = chat_with_reply("first answer", None);
        chat.finish_reply("a1", 4.0).unwrap();
        chat.append_user_message("u2", "second", 5.0).unwrap();
        chat.begin_reply("a2", "m", 6.0).unwrap();
        chat.apply_chunks(
            "a2",
            &[ApiStreamChunk::Error {
                error: server_error(),
            }],
            7.0,
        )
        .unwrap();
        assert_eq!(chat.retry_target(), Some(2));
        chat.prepare_retry("a3", "m", 8.0).unwrap();
        let ids: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["u1", "a1", "u2", "a3"]);
    }

    #[test]
    fn interrupted_streaming_replies_become_stopped_without_touching_the_time() {
        let mut chat = chat_with_reply("half", None);
        assert_eq!(chat.interrupt_streaming_replies(), 1);
        assert_eq!(chat.message("a1").unwrap().state, MessageState::Stopped);
        assert_eq!(chat.updated_at_ms, 4.0);
        assert_eq!(chat.interrupt_streaming_replies(), 0);
    }

    #[test]
    fn chat_errors_say_what_was_wrong() {
        assert!(
            ChatError::InvalidId("c/9".into())
                .to_string()
                .contains("\"c/9\"")
        );
        assert!(
            ChatError::NothingToRetry
                .to_string()
                .contains("nothing to retry")
        );
        assert!(ChatError::ReplyInProgress.to_string().contains("streaming"));
    }
}
