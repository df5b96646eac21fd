//! The agent loop's states and the inputs it takes, as they cross into the shell and the webview
//! (see `step.rs` for the machine that moves between them).

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::approval::Approval;
use super::paths::ToolPath;
use super::tool_call_assembly::AssembledToolCall;
use super::validate::ToolRequest;
use crate::context::IgnoreRules;

/// The workspace folder the tools work in and its `.rooignore` rules.
#[derive(Debug, Clone, Default)]
pub struct ToolWorkspace {
    /// The workspace folder, absolute, with `/` separators.
    pub root: String,
    /// The rules of the `.rooignore` files (not `.gitignore`).
    pub rooignore: IgnoreRules,
}

/// A checked call waiting for the user or being performed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PendingToolCall {
    /// The call's id, to pass back with the decision and the outcome.
    pub id: String,
    pub request: ToolRequest,
    /// The resolved path (the command's folder for `execute_command`), when the tool has one.
    pub path: Option<ToolPath>,
    pub approval: Approval,
}

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LoopEnd {
    /// The model replied without calling a tool.
    Answered,
    /// The model called `attempt_completion`.
    Completed { result: String },
    /// The user stopped it (or declined to continue at the step limit).
    Stopped,
}

/// Where the loop is, which says what the shell does next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AgentState {
    /// Send the next request ([`AgentLoop::request_messages`]) and hand the reply to
    /// [`AgentLoop::reply_finished`].
    AwaitingModel,
    /// Show the call (an edit as a diff, a command as it will run) with Approve and Reject.
    AwaitingApproval { call: PendingToolCall },
    /// Perform the call and hand its outcome to [`AgentLoop::tool_finished`]. For
    /// `ask_followup_question` that means showing the question and its suggestions and handing
    /// back the user's answer.
    Performing { call: PendingToolCall },
    /// The step limit is reached: ask the user whether to continue.
    AwaitingContinue { steps: u32 },
    /// The loop is over.
    Finished { end: LoopEnd },
}

/// The user's answer to an approval. Only the shell's Approve and Reject buttons make one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum UserDecision {
    Approve,
    /// Rejected, with the reason the user typed (sent to the model), if any.
    Reject {
        reason: Option<String>,
    },
}

/// What a performed tool returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ToolOutcome {
    /// The tool's output (file content with line numbers, a listing, command output...).
    Success { text: String },
    /// The tool failed; the text says why, for the model.
    Failure { text: String },
}

/// A finished reply: its text and its assembled tool calls.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModelReply {
    pub text: String,
    pub tool_calls: Vec<AssembledToolCall>,
}

/// An input that does not fit the loop's state (a late click, a duplicate outcome). The loop is
/// unchanged; the shell logs it and goes on from the current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentInputError {
    /// The input cannot be taken in this state.
    Unexpected {
        input: &'static str,
        state: &'static str,
    },
    /// The input names a different call than the one pending.
    WrongCall { expected: String, got: String },
}

impl fmt::Display for AgentInputError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unexpected { input, state } => write!(
                formatter,
                "The agent ignored {input}: it is {state}. Go on from its current state."
            ),
            Self::WrongCall { expected, got } => write!(
                formatter,
                "The agent ignored an input for tool call {got}: the pending call is {expected}."
            ),
        }
    }
}
