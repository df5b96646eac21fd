//! The agent loop's state machine, without I/O. The shell streams the model's reply, then hands
//! it here; the loop checks every tool call and says, one call at a time, whether to ask the user
//! or to perform it; the shell hands back the user's decisions and the tools' outcomes; once
//! every call of the reply has a result the loop appends the `tool_use` and `tool_result` blocks
//! to the history and asks for the next request.
//!
//! ```text
//! AwaitingModel --reply without tool calls--> Finished(Answered)
//! AwaitingModel --reply with calls--> for each call, in order:
//!     refused (unknown tool, bad arguments, forbidden path) -> error result, next call
//!     attempt_completion -> Finished(Completed), later calls answered "not run"
//!     approval needed -> AwaitingApproval --approve--> Performing
//!                                         --reject--> error result with the reason; the
//!                                                     reply's later calls are not run
//!     auto-approved or nothing to approve -> Performing --outcome--> result, next call
//! all calls answered --> AwaitingModel (next request), or AwaitingContinue at the step limit
//! AwaitingContinue --continue--> AwaitingModel;  any state --stop--> Finished(Stopped)
//! ```
//!
//! Every call the model made gets exactly one `tool_result`, whatever happens (a refusal, a
//! rejection, Stop), because OpenAI rejects a conversation with an unanswered call. A decision
//! comes only through [`AgentLoop::decide`], which the shell calls from the user's click: nothing
//! the model, a file or a command writes is ever read as an approval.

use std::collections::VecDeque;

use serde_json::Value;

use super::approval::{AgentSettings, approval_for};
use super::loop_state::{
    AgentInputError, AgentState, LoopEnd, ModelReply, PendingToolCall, ToolOutcome, ToolWorkspace,
    UserDecision,
};
use super::paths::{PathTarget, resolve_tool_path};
use super::result_cap::cap_tool_results;
use super::tool_call_assembly::AssembledToolCall;
use super::tools::{AgentMode, ToolName};
use super::validate::{ToolRequest, validate_call};
use crate::messages::{ContentBlock, MessageContent, MessageParam, Role, ToolResultContent};

/// What the result of a call that was not performed says.
pub const STOPPED_RESULT: &str = "Not run: the user stopped the task.";
pub const SKIPPED_AFTER_REJECTION_RESULT: &str = "Not run: the user rejected an earlier call of \
    the same reply. Make this call again if it is still needed after that rejection.";
pub const SKIPPED_AFTER_COMPLETION_RESULT: &str =
    "Not run: attempt_completion ended the task before this call.";
pub const COMPLETION_RESULT: &str = "The result was shown to the user.";
pub const EMPTY_OUTPUT_RESULT: &str = "(the tool succeeded with no output)";

/// Checks one call of a reply in `mode`: its arguments, its path (resolved in `workspace`), and
/// whether it needs the user. `Err` holds the refusal, the error result the model receives.
pub(crate) fn check_call(
    call: &AssembledToolCall,
    mode: AgentMode,
    workspace: &ToolWorkspace,
    settings: &AgentSettings,
) -> Result<PendingToolCall, String> {
    let request = validate_call(call, mode)?;
    let path = match path_target(&request) {
        None => None,
        Some((raw, target)) => {
            match resolve_tool_path(raw, &workspace.root, &workspace.rooignore, target) {
                Ok(path) if path.relative.is_empty() && target == PathTarget::File => {
                    return Err(format!(
                        "Refused: {} needs a file path, and this path names the workspace \
                         folder itself.",
                        request.tool().as_str()
                    ));
                }
                Ok(path) => Some(path),
                Err(refusal) => return Err(refusal.to_string()),
            }
        }
    };
    let approval = approval_for(&request, path.as_ref(), settings);
    Ok(PendingToolCall {
        id: call.id.clone(),
        request,
        path,
        approval,
    })
}

/// A call of the current reply, checked, waiting for its turn.
#[derive(Debug, Clone)]
enum QueuedCall {
    /// Refused before anything ran; the text is its error result.
    Refused {
        id: String,
        text: String,
    },
    Ready(PendingToolCall),
}

impl QueuedCall {
    fn id(&self) -> &str {
        match self {
            Self::Refused { id, .. } => id,
            Self::Ready(call) => &call.id,
        }
    }
}

/// One task of the agent: the conversation and where the loop is.
#[derive(Debug, Clone)]
pub struct AgentLoop {
    mode: AgentMode,
    settings: AgentSettings,
    workspace: ToolWorkspace,
    messages: Vec<MessageParam>,
    state: AgentState,
    /// Replies with tool calls since the start or the last "continue".
    steps: u32,
    /// The current reply's calls not yet handled, in order.
    queue: VecDeque<QueuedCall>,
    /// The current reply's results so far, in call order.
    results: Vec<ContentBlock>,
}

impl AgentLoop {
    /// A loop over `messages` (the history, ending with the user's new message), waiting for the
    /// model's reply to them.
    #[must_use]
    pub fn new(
        mode: AgentMode,
        settings: AgentSettings,
        workspace: ToolWorkspace,
        messages: Vec<MessageParam>,
    ) -> Self {
        Self {
            mode,
            settings,
            workspace,
            messages,
            state: AgentState::AwaitingModel,
            steps: 0,
            queue: VecDeque::new(),
            results: Vec::new(),
        }
    }

    #[must_use]
    pub fn state(&self) -> &AgentState {
        &self.state
    }

    /// The whole history, tool results uncut.
    #[must_use]
    pub fn messages(&self) -> &[MessageParam] {
        &self.messages
    }

    #[must_use]
    pub fn into_messages(self) -> Vec<MessageParam> {
        self.messages
    }

    /// Replies with tool calls since the start or the last "continue".
    #[must_use]
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// The messages to send: the history with tool results over `cap_chars` characters cut.
    #[must_use]
    pub fn request_messages(&self, cap_chars: usize) -> Vec<MessageParam> {
        cap_tool_results(&self.messages, cap_chars)
    }

    /// The model's reply has ended.
    pub fn reply_finished(&mut self, reply: ModelReply) -> Result<&AgentState, AgentInputError> {
        self.expect("a reply", |state| {
            matches!(state, AgentState::AwaitingModel)
        })?;
        let calls = unique_ids(reply.tool_calls);
        let mut blocks = Vec::with_capacity(calls.len() + 1);
        if !reply.text.is_empty() {
            blocks.push(ContentBlock::text(reply.text));
        }
        for call in &calls {
            blocks.push(ContentBlock::ToolUse {
                id: call.id.clone(),
                name: call.name.clone(),
                input: input_value(&call.arguments),
            });
        }
        if !blocks.is_empty() {
            self.messages.push(MessageParam {
                role: Role::Assistant,
                content: MessageContent::Blocks(blocks),
            });
        }
        if calls.is_empty() {
            self.state = AgentState::Finished {
                end: LoopEnd::Answered,
            };
            return Ok(&self.state);
        }
        self.queue = calls.iter().map(|call| self.check(call)).collect();
        self.advance();
        Ok(&self.state)
    }

    /// The user approved or rejected the pending call `call_id`.
    pub fn decide(
        &mut self,
        call_id: &str,
        decision: UserDecision,
    ) -> Result<&AgentState, AgentInputError> {
        let call = self.pending_approval(call_id, "a decision")?;
        match decision {
            UserDecision::Approve => self.state = AgentState::Performing { call },
            UserDecision::Reject { reason } => {
                self.push_result(
                    &call.id,
                    rejection_text(call.request.tool().as_str(), reason.as_deref()),
                    true,
                );
                while let Some(skipped) = self.queue.pop_front() {
                    self.push_result(skipped.id(), SKIPPED_AFTER_REJECTION_RESULT.into(), true);
                }
                self.advance();
            }
        }
        Ok(&self.state)
    }

    /// The shell could not prepare the pending call for approval (the file to edit is missing,
    /// the diff does not apply): it fails without asking the user. It cannot succeed this way.
    pub fn preparation_failed(
        &mut self,
        call_id: &str,
        text: String,
    ) -> Result<&AgentState, AgentInputError> {
        let call = self.pending_approval(call_id, "a failed preparation")?;
        self.push_result(&call.id, text, true);
        self.advance();
        Ok(&self.state)
    }

    /// The call being performed finished.
    pub fn tool_finished(
        &mut self,
        call_id: &str,
        outcome: ToolOutcome,
    ) -> Result<&AgentState, AgentInputError> {
        let AgentState::Performing { call } = &self.state else {
            return Err(self.unexpected("a tool outcome"));
        };
        if call.id != call_id {
            return Err(AgentInputError::WrongCall {
                expected: call.id.clone(),
                got: call_id.to_owned(),
            });
        }
        let id = call.id.clone();
        match outcome {
            ToolOutcome::Success { text } if text.is_empty() => {
                self.push_result(&id, EMPTY_OUTPUT_RESULT.into(), false);
            }
            ToolOutcome::Success { text } => self.push_result(&id, text, false),
            ToolOutcome::Failure { text } => self.push_result(&id, text, true),
        }
        self.advance();
        Ok(&self.state)
    }

    /// The user chose to continue past the step limit.
    pub fn continue_after_limit(&mut self) -> Result<&AgentState, AgentInputError> {
        self.expect("continue", |state| {
            matches!(state, AgentState::AwaitingContinue { .. })
        })?;
        self.steps = 0;
        self.state = AgentState::AwaitingModel;
        Ok(&self.state)
    }

    /// The user pressed Stop (or declined to continue): every call of the reply that has no
    /// result yet gets one saying so, and the loop ends. The shell aborts the stream, kills a
    /// running command and withdraws a pending approval. Stopping a finished loop changes
    /// nothing.
    pub fn stop(&mut self) -> &AgentState {
        if matches!(self.state, AgentState::Finished { .. }) {
            return &self.state;
        }
        let current = match &self.state {
            AgentState::AwaitingApproval { call } | AgentState::Performing { call } => {
                Some(call.id.clone())
            }
            _ => None,
        };
        let remaining: Vec<String> = current
            .into_iter()
            .chain(self.queue.drain(..).map(|call| call.id().to_owned()))
            .collect();
        for id in remaining {
            self.push_result(&id, STOPPED_RESULT.into(), true);
        }
        self.flush_results();
        self.state = AgentState::Finished {
            end: LoopEnd::Stopped,
        };
        &self.state
    }

    /// Checks one call: its arguments, its path, and whether it needs the user.
    fn check(&self, call: &AssembledToolCall) -> QueuedCall {
        match check_call(call, self.mode, &self.workspace, &self.settings) {
            Ok(pending) => QueuedCall::Ready(pending),
            Err(text) => QueuedCall::Refused {
                id: call.id.clone(),
                text,
            },
        }
    }

    /// Moves to the next call that needs the shell, answering refused ones on the way; once all
    /// are answered, appends the results and waits for the model (or the user, at the limit).
    fn advance(&mut self) {
        while let Some(next) = self.queue.pop_front() {
            match next {
                QueuedCall::Refused { id, text } => self.push_result(&id, text, true),
                QueuedCall::Ready(call) => {
                    if let ToolRequest::AttemptCompletion { result } = &call.request {
                        let result = result.clone();
                        self.push_result(&call.id, COMPLETION_RESULT.into(), false);
                        while let Some(skipped) = self.queue.pop_front() {
                            let text = SKIPPED_AFTER_COMPLETION_RESULT.into();
                            self.push_result(skipped.id(), text, true);
                        }
                        self.flush_results();
                        self.state = AgentState::Finished {
                            end: LoopEnd::Completed { result },
                        };
                        return;
                    }
                    self.state = if call.approval.asks_user() {
                        AgentState::AwaitingApproval { call }
                    } else {
                        AgentState::Performing { call }
                    };
                    return;
                }
            }
        }
        self.flush_results();
        self.steps = self.steps.saturating_add(1);
        self.state = if self.steps >= self.settings.step_limit.max(1) {
            AgentState::AwaitingContinue { steps: self.steps }
        } else {
            AgentState::AwaitingModel
        };
    }

    fn push_result(&mut self, id: &str, text: String, is_error: bool) {
        self.results.push(ContentBlock::ToolResult {
            tool_use_id: id.to_owned(),
            content: ToolResultContent::Text(text),
            is_error: is_error.then_some(true),
        });
    }

    /// Appends the results gathered so far as one user message.
    fn flush_results(&mut self) {
        if !self.results.is_empty() {
            self.messages.push(MessageParam {
                role: Role::User,
                content: MessageContent::Blocks(std::mem::take(&mut self.results)),
            });
        }
    }

    /// The call awaiting approval, if it is `call_id`.
    fn pending_approval(
        &self,
        call_id: &str,
        input: &'static str,
    ) -> Result<PendingToolCall, AgentInputError> {
        let AgentState::AwaitingApproval { call } = &self.state else {
            return Err(self.unexpected(input));
        };
        if call.id != call_id {
            return Err(AgentInputError::WrongCall {
                expected: call.id.clone(),
                got: call_id.to_owned(),
            });
        }
        Ok(call.clone())
    }

    fn expect(
        &self,
        input: &'static str,
        fits: impl Fn(&AgentState) -> bool,
    ) -> Result<(), AgentInputError> {
        if fits(&self.state) {
            Ok(())
        } else {
            Err(self.unexpected(input))
        }
    }

    fn unexpected(&self, input: &'static str) -> AgentInputError {
        let state = match self.state {
            AgentState::AwaitingModel => "waiting for the model",
            AgentState::AwaitingApproval { .. } => "waiting for an approval",
            AgentState::Performing { .. } => "waiting for a tool",
            AgentState::AwaitingContinue { .. } => "waiting to be told whether to continue",
            AgentState::Finished { .. } => "finished",
        };
        AgentInputError::Unexpected { input, state }
    }
}

/// The path argument of a request and what it must name; `execute_command` without a folder
/// runs in the workspace folder.
fn path_target(request: &ToolRequest) -> Option<(&str, PathTarget)> {
    let target = match request.tool() {
        ToolName::ReadFile | ToolName::WriteToFile | ToolName::ApplyDiff => PathTarget::File,
        ToolName::ListFiles | ToolName::ExecuteCommand => PathTarget::Folder,
        ToolName::SearchFiles => PathTarget::FileOrFolder,
        ToolName::AskFollowupQuestion | ToolName::AttemptCompletion => return None,
    };
    Some((request.path().unwrap_or("."), target))
}

pub(crate) fn rejection_text(tool_name: &str, reason: Option<&str>) -> String {
    let mut text = format!("The user rejected this {tool_name} call, so it was not run.");
    match reason.map(str::trim).filter(|reason| !reason.is_empty()) {
        Some(reason) => text.push_str(&format!(" The user's reason: {reason}")),
        None => text.push_str(" The user gave no reason."),
    }
    text.push_str(
        "\nDo not repeat the same call; change the approach, or ask with ask_followup_question.",
    );
    text
}

/// The arguments as the `tool_use` block's input: the parsed object, `{}` for none, or the raw
/// text as a string when it is not JSON (kept so the history shows what the model sent).
pub(crate) fn input_value(arguments: &str) -> Value {
    if arguments.trim().is_empty() {
        return Value::Object(serde_json::Map::new());
    }
    serde_json::from_str(arguments).unwrap_or_else(|_| Value::String(arguments.to_owned()))
}

/// The calls with every id unique (a repeated id gets `_2`, `_3`...), because each result must
/// answer exactly one call.
pub(crate) fn unique_ids(calls: Vec<AssembledToolCall>) -> Vec<AssembledToolCall> {
    let mut seen: Vec<String> = Vec::with_capacity(calls.len());
    calls
        .into_iter()
        .map(|mut call| {
            if seen.contains(&call.id) {
                let base = call.id.clone();
                let mut suffix = 2_u32;
                while seen.contains(&format!("{base}_{suffix}")) {
                    suffix += 1;
                }
                call.id = format!("{base}_{suffix}");
            }
            seen.push(call.id.clone());
            call
        })
        .collect()
}

#[cfg(test)]
mod tests;
