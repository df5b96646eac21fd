//! Why an @-mention could not be attached, in a sentence that says what to do instead: the
//! thrown error's message in the chat, so the user can fix it without looking anything up.

use std::fmt;

use serde::Serialize;
use ts_rs::TS;

use super::limits::MAX_ATTACHMENT_BYTES_SETTING;
use super::units::format_bytes;

/// Why a mention could not be attached. The message (its `Display`) says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AttachmentError {
    /// Over [`super::limits::ContextLimits::max_file_bytes`].
    TooLarge {
        label: String,
        size: u64,
        limit: u64,
    },
    /// Not text.
    Binary { label: String, reason: String },
    /// A selection with nothing in it but white space.
    EmptySelection { label: String },
    /// A selection whose lines are not 1-based or end before they start.
    #[serde(rename_all = "camelCase")]
    InvalidSelection {
        label: String,
        start_line: u64,
        end_line: u64,
    },
    /// A diff with no changes in it.
    NoChanges,
    /// A terminal with no output.
    NoTerminalOutput,
}

impl fmt::Display for AttachmentError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { label, size, limit } => write!(
                formatter,
                "{label} is {}, over the {} limit for attachments. Attach a selection from it \
                 instead, or raise the limit with the setting {MAX_ATTACHMENT_BYTES_SETTING}.",
                format_bytes(*size),
                format_bytes(*limit),
            ),
            Self::Binary { label, reason } => write!(
                formatter,
                "{label} looks like a binary file ({reason}), so it cannot be attached as text. \
                 Attach a text file, or the text part you need as a selection."
            ),
            Self::EmptySelection { label } => write!(
                formatter,
                "The selection in {label} is empty. Select the text to attach, then add it to \
                 the context again."
            ),
            Self::InvalidSelection {
                label,
                start_line,
                end_line,
            } => write!(
                formatter,
                "The selection in {label} runs from line {start_line} to line {end_line}, which \
                 is not a range of lines (they count from 1). Select the text again."
            ),
            Self::NoChanges => formatter.write_str(
                "There are no uncommitted changes to attach. Change a file first, or attach the \
                 files themselves.",
            ),
            Self::NoTerminalOutput => formatter.write_str(
                "The terminal has no output to attach. Run a command first, or pick another \
                 terminal.",
            ),
        }
    }
}

impl std::error::Error for AttachmentError {}
