//! What a misuse of a conversation's operations is, and the sentence that says so.

use std::fmt;

use crate::context::{ImageError, PlanError};

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
