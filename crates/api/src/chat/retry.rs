//! Retry: which reply the user may replace (a failed, stopped or empty one, or none when the
//! chat ends with an unanswered message) and replacing it without ever dropping the user's
//! message.

use super::conversation::{ChatError, is_blank};
use super::{ChatMessage, Conversation, MessageState};
use crate::messages::Role;

impl Conversation {
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
