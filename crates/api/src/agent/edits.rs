//! The edits the agent makes to files, as the chat keeps them and as the user sees them before
//! they happen: the file's previous content (so "Undo this edit" and "Revert all edits of this
//! chat" can restore it), and a line diff of a proposal for the approval card.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An approved edit that was written, kept on its tool call so that it can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileEdit {
    /// Relative to the workspace folder, `/` separators.
    pub path: String,
    /// The file's content before the edit; `None` when the edit created the file.
    pub before: Option<String>,
    /// The content the edit wrote.
    pub after: String,
    /// Whether the user undid it (the file was restored to `before`).
    pub undone: bool,
}

/// What one line of a proposal's diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DiffLineKind {
    /// Unchanged, shown around a change.
    Context,
    Added,
    Removed,
    /// A run of unchanged lines left out; `text` says how many.
    Skipped,
}

/// One line of a proposal's diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffLine {
    pub kind: DiffLineKind,
    pub text: String,
    /// The line's number in the current file (none for an added or skipped line).
    pub old_line: Option<u32>,
    /// The line's number in the proposal (none for a removed or skipped line).
    pub new_line: Option<u32>,
}

/// A proposed edit as the approval card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditPreview {
    /// Relative to the workspace folder, `/` separators.
    pub path: String,
    /// The file does not exist yet: the edit creates it.
    pub creates: bool,
    pub added: u32,
    pub removed: u32,
    /// The changed lines with a few lines of context around each change.
    pub lines: Vec<DiffLine>,
}

/// What undoing an edit does, decided from the file as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum UndoPlan {
    /// Write `text` (the content before the edit) to `path`.
    Restore { path: String, text: String },
    /// Delete `path`: the edit created it.
    Delete { path: String },
    /// Nothing to do on disk: the edit created `path` and it has been deleted since, which is
    /// where undoing would leave it. The edit is marked undone.
    AlreadyRestored { path: String },
    /// Nothing is done; `reason` says why (the file changed since, the edit was already undone).
    Refused { reason: String },
}
