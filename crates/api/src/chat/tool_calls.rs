//! The tool calls a reply made, as the chat keeps them: each call as the model sent it and what
//! became of it, so the webview can show every step and the next request can answer every call.
//!
//! A reply's calls become, in the request, `tool_use` blocks on the assistant's turn followed by
//! a user turn of `tool_result` blocks, one per call in the same order ([`ChatToolCall::result`]).
//! OpenAI rejects a conversation with an unanswered call, so a call that never ran (still pending
//! when the chat is sent, or stopped) is answered as not run.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agent::step::{EMPTY_OUTPUT_RESULT, STOPPED_RESULT, input_value, rejection_text};
use crate::agent::{AssembledToolCall, FileEdit};
use crate::messages::{ContentBlock, ToolResultContent};

/// One tool call of a reply and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatToolCall {
    /// The call's id, unique within the reply; decisions and outcomes name it.
    pub id: String,
    /// The tool's name as the model wrote it (it may name no tool; the call is then refused).
    pub name: String,
    /// The arguments' JSON text as the model wrote it (it may not be valid JSON).
    pub arguments: String,
    /// Where the call is in its life.
    pub status: ToolCallStatus,
    /// The file the call wrote and what it held before, once an approved edit was written.
    pub edit: Option<FileEdit>,
}

/// Where a tool call is in its life. `pending` and `approved` are the open ones; every other
/// status is final and carries the text the model receives (whole: it is cut only in requests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ToolCallStatus {
    /// Not checked or not decided yet.
    Pending,
    /// Approved and to be performed; `auto` when the settings approved it without asking.
    Approved { auto: bool },
    /// The user rejected it, with the reason they typed, if any.
    Rejected { reason: Option<String> },
    /// The core refused it before anything ran (unknown tool, malformed arguments, a path
    /// outside the workspace or ignored); `text` says why, for the model and the user.
    Refused { text: String },
    /// It ran, or was being prepared, and failed; `text` says why.
    Failed { text: String },
    /// It ran; `text` is its output.
    Succeeded { text: String },
    /// It was never run (the user stopped the task, rejected an earlier call of the reply, or
    /// `attempt_completion` ended the task first); `text` says which.
    NotRun { text: String },
}

impl ToolCallStatus {
    /// Whether the call still waits for a decision or an outcome.
    #[must_use]
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Pending | Self::Approved { .. })
    }
}

impl ChatToolCall {
    /// A call just streamed, not yet looked at.
    #[must_use]
    pub fn pending(call: AssembledToolCall) -> Self {
        Self {
            id: call.id,
            name: call.name,
            arguments: call.arguments,
            status: ToolCallStatus::Pending,
            edit: None,
        }
    }

    /// The call as the core's checks take it.
    #[must_use]
    pub fn assembled(&self) -> AssembledToolCall {
        AssembledToolCall {
            id: self.id.clone(),
            name: self.name.clone(),
            arguments: self.arguments.clone(),
        }
    }

    /// The `tool_use` block of the assistant's turn.
    #[must_use]
    pub fn tool_use(&self) -> ContentBlock {
        ContentBlock::ToolUse {
            id: self.id.clone(),
            name: self.name.clone(),
            input: input_value(&self.arguments),
        }
    }

    /// What the model receives for this call: the text and whether it is an error.
    #[must_use]
    pub fn result(&self) -> (String, bool) {
        match &self.status {
            ToolCallStatus::Pending | ToolCallStatus::Approved { .. } => {
                (STOPPED_RESULT.to_owned(), true)
            }
            ToolCallStatus::Rejected { reason } => {
                (rejection_text(&self.name, reason.as_deref()), true)
            }
            ToolCallStatus::Refused { text }
            | ToolCallStatus::Failed { text }
            | ToolCallStatus::NotRun { text } => (text.clone(), true),
            ToolCallStatus::Succeeded { text } if text.is_empty() => {
                (EMPTY_OUTPUT_RESULT.to_owned(), false)
            }
            ToolCallStatus::Succeeded { text } => (text.clone(), false),
        }
    }

    /// The `tool_result` block of the user turn that follows the reply.
    #[must_use]
    pub fn tool_result(&self) -> ContentBlock {
        let (text, is_error) = self.result();
        ContentBlock::ToolResult {
            tool_use_id: self.id.clone(),
            content: ToolResultContent::Text(text),
            is_error: is_error.then_some(true),
        }
    }

    /// The `tool_result` block answering this call with `text` in place of its result (a note
    /// when the request leaves the result out); the id and error flag stay the call's.
    #[must_use]
    pub fn tool_result_as(&self, text: &str) -> ContentBlock {
        let (_, is_error) = self.result();
        ContentBlock::ToolResult {
            tool_use_id: self.id.clone(),
            content: ToolResultContent::Text(text.to_owned()),
            is_error: is_error.then_some(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(status: ToolCallStatus) -> ChatToolCall {
        ChatToolCall {
            id: "call_1".into(),
            name: "read_file".into(),
            arguments: "{\"path\":\"a.rs\"}".into(),
            status,
            edit: None,
        }
    }

    #[test]
    fn every_status_answers_the_call_and_only_success_is_not_an_error() {
        let succeeded = call(ToolCallStatus::Succeeded {
            text: "1 | fn a() {}".into(),
        });
        assert_eq!(succeeded.result(), ("1 | fn a() {}".into(), false));
        let empty = call(ToolCallStatus::Succeeded {
            text: String::new(),
        });
        assert_eq!(empty.result(), (EMPTY_OUTPUT_RESULT.into(), false));
        let rejected = call(ToolCallStatus::Rejected {
            reason: Some("wrong file".into()),
        });
        let (text, is_error) = rejected.result();
        assert!(
            is_error
                && text.contains("rejected this read_file call")
                && text.contains("wrong file")
        );
        for open in [
            ToolCallStatus::Pending,
            ToolCallStatus::Approved { auto: true },
        ] {
            assert_eq!(call(open).result(), (STOPPED_RESULT.into(), true));
        }
        let refused = call(ToolCallStatus::Refused {
            text: "Refused: outside".into(),
        });
        assert_eq!(refused.result(), ("Refused: outside".into(), true));
    }

    #[test]
    fn the_status_crosses_as_a_tagged_camel_case_object() {
        let json = serde_json::to_value(call(ToolCallStatus::NotRun { text: "x".into() })).unwrap();
        assert_eq!(
            json["status"],
            serde_json::json!({"kind": "notRun", "text": "x"})
        );
        let json = serde_json::to_value(ToolCallStatus::Approved { auto: false }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "approved", "auto": false}));
    }

    #[test]
    fn the_tool_use_keeps_the_arguments_parsed_and_the_result_pairs_with_it() {
        let call = call(ToolCallStatus::Failed {
            text: "gone".into(),
        });
        assert_eq!(
            call.tool_use(),
            ContentBlock::ToolUse {
                id: "call_1".into(),
                name: "read_file".into(),
                input: serde_json::json!({"path": "a.rs"}),
            }
        );
        assert_eq!(
            call.tool_result(),
            ContentBlock::ToolResult {
                tool_use_id: "call_1".into(),
                content: ToolResultContent::Text("gone".into()),
                is_error: Some(true),
            }
        );
    }
}
