//! A reply's tool calls and the chat's mode as the chat file keeps them. They are the file's own
//! types, mirroring the wire's [`ChatToolCall`], [`ToolCallStatus`] and [`AgentMode`] by
//! exhaustive conversions, so a change to what crosses into the webview cannot silently change
//! what is on disk. Both are optional in the file: written only when there are calls (or the
//! mode is not Ask), so files written before them read unchanged.

use serde::{Deserialize, Serialize};

use super::{ChatToolCall, ToolCallStatus};
use crate::agent::{AgentMode, FileEdit};

/// The chat's chosen mode, as saved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoredMode {
    #[default]
    Ask,
    Code,
}

impl StoredMode {
    /// Whether the field can be left out of the file (it reads back as Ask).
    pub(crate) fn is_ask(&self) -> bool {
        *self == Self::Ask
    }
}

impl From<AgentMode> for StoredMode {
    fn from(mode: AgentMode) -> Self {
        match mode {
            AgentMode::Ask => Self::Ask,
            AgentMode::Code => Self::Code,
        }
    }
}

impl From<StoredMode> for AgentMode {
    fn from(mode: StoredMode) -> Self {
        match mode {
            StoredMode::Ask => Self::Ask,
            StoredMode::Code => Self::Code,
        }
    }
}

/// One tool call, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
    pub status: StoredToolCallStatus,
    /// Written only for a call whose approved edit was written, so older files read unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<StoredFileEdit>,
}

/// An edit the agent wrote, as saved: what the file held before (for Undo) and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredFileEdit {
    pub path: String,
    pub before: Option<String>,
    pub after: String,
    pub undone: bool,
}

impl From<&FileEdit> for StoredFileEdit {
    fn from(edit: &FileEdit) -> Self {
        let FileEdit {
            path,
            before,
            after,
            undone,
        } = edit.clone();
        Self {
            path,
            before,
            after,
            undone,
        }
    }
}

impl From<StoredFileEdit> for FileEdit {
    fn from(edit: StoredFileEdit) -> Self {
        let StoredFileEdit {
            path,
            before,
            after,
            undone,
        } = edit;
        Self {
            path,
            before,
            after,
            undone,
        }
    }
}

/// What became of a tool call, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StoredToolCallStatus {
    Pending,
    Approved { auto: bool },
    Rejected { reason: Option<String> },
    Refused { text: String },
    Failed { text: String },
    Succeeded { text: String },
    NotRun { text: String },
}

impl From<&ChatToolCall> for StoredToolCall {
    fn from(call: &ChatToolCall) -> Self {
        Self {
            id: call.id.clone(),
            name: call.name.clone(),
            arguments: call.arguments.clone(),
            status: match call.status.clone() {
                ToolCallStatus::Pending => StoredToolCallStatus::Pending,
                ToolCallStatus::Approved { auto } => StoredToolCallStatus::Approved { auto },
                ToolCallStatus::Rejected { reason } => StoredToolCallStatus::Rejected { reason },
                ToolCallStatus::Refused { text } => StoredToolCallStatus::Refused { text },
                ToolCallStatus::Failed { text } => StoredToolCallStatus::Failed { text },
                ToolCallStatus::Succeeded { text } => StoredToolCallStatus::Succeeded { text },
                ToolCallStatus::NotRun { text } => StoredToolCallStatus::NotRun { text },
            },
            edit: call.edit.as_ref().map(StoredFileEdit::from),
        }
    }
}

impl From<StoredToolCall> for ChatToolCall {
    fn from(call: StoredToolCall) -> Self {
        Self {
            id: call.id,
            name: call.name,
            arguments: call.arguments,
            status: match call.status {
                StoredToolCallStatus::Pending => ToolCallStatus::Pending,
                StoredToolCallStatus::Approved { auto } => ToolCallStatus::Approved { auto },
                StoredToolCallStatus::Rejected { reason } => ToolCallStatus::Rejected { reason },
                StoredToolCallStatus::Refused { text } => ToolCallStatus::Refused { text },
                StoredToolCallStatus::Failed { text } => ToolCallStatus::Failed { text },
                StoredToolCallStatus::Succeeded { text } => ToolCallStatus::Succeeded { text },
                StoredToolCallStatus::NotRun { text } => ToolCallStatus::NotRun { text },
            },
            edit: call.edit.map(FileEdit::from),
        }
    }
}
