//! Code mode on a chat: the agent loop's rules (see `agent::step`) applied to the tool calls a
//! reply recorded, so the chat itself is the loop's state. The shell streams a reply, then asks
//! [`Conversation::agent_step`] what to do; it shows an approval and hands back the user's click
//! ([`Conversation::decide_tool_call`]), or performs the call and hands back its outcome
//! ([`Conversation::record_tool_outcome`]), and asks again. When every call of the reply has its
//! result, the step says to send the next request, which renders the calls and their results.
//!
//! The step is computed from the chat (plus the workspace and settings the shell passes), so a
//! reloaded chat goes on where it stood; calls left open when the editor closed are settled on
//! load ([`Conversation::settle_open_tool_calls`]) rather than run or asked again unseen.

use super::conversation::ChatError;
use super::{ChatMessage, Conversation, MessageState, ToolCallStatus};
use crate::agent::step::{
    SKIPPED_AFTER_COMPLETION_RESULT, SKIPPED_AFTER_REJECTION_RESULT, STOPPED_RESULT, check_call,
};
use crate::agent::{
    AgentMode, AgentSettings, AgentState, EffectiveMode, LoopEnd, ToolOutcome, ToolRequest,
    ToolWorkspace, UserDecision, effective_mode,
};
use crate::context::{IgnoreFile, IgnoreRules};
use crate::messages::Role;
use serde::Deserialize;
use ts_rs::TS;

/// What the shell passes for each step: the workspace the tools work in, its `.rooignore` files
/// (not `.gitignore`: the tools may read ignored build output, never what the user fenced off),
/// and the agent's settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgentStepInput {
    /// The workspace folder, absolute, with `/` separators.
    pub workspace_root: String,
    /// The `.rooignore` files, each with its folder relative to the workspace (`""` for the
    /// root) and its text.
    pub rooignore: Vec<IgnoreFile>,
    pub settings: AgentSettings,
}

impl AgentStepInput {
    /// The workspace as the checks take it, the ignore rules compiled.
    #[must_use]
    pub fn workspace(&self) -> ToolWorkspace {
        ToolWorkspace {
            root: self.workspace_root.clone(),
            rooignore: IgnoreRules::new(&self.rooignore),
        }
    }
}

/// What an approved call that was running when the editor closed is answered with.
pub const INTERRUPTED_RESULT: &str = "Unknown outcome: the editor closed while this call was \
    running. Check its effect before making it again.";

impl Conversation {
    /// Sets the mode the user chose for this chat, with the model the chat uses. Returns the
    /// mode it runs in.
    ///
    /// # Errors
    /// [`ChatError::ModeUnavailable`] (naming the model) for Code mode with a model whose info
    /// says it cannot call tools; the chat keeps its mode.
    pub fn set_mode(
        &mut self,
        mode: AgentMode,
        model_id: &str,
        supports_function_calling: Option<bool>,
        now_ms: f64,
    ) -> Result<EffectiveMode, ChatError> {
        let effective = effective_mode(mode, supports_function_calling);
        if let Some(notice) = effective
            .notice
            .as_deref()
            .filter(|_| effective.mode != mode)
        {
            return Err(ChatError::ModeUnavailable(format!(
                "The model {model_id} cannot use Code mode. {notice}"
            )));
        }
        self.mode = mode;
        self.updated_at_ms = super::conversation::finite_or(now_ms, self.updated_at_ms);
        Ok(effective)
    }

    /// What the shell does next for the reply `reply_id`, once it finished streaming: checks its
    /// next open call (refusing a bad one, which becomes its result, and going on to the next),
    /// and says whether to ask the user, perform a call, send the next request, ask whether to
    /// continue at the step limit, or stop.
    ///
    /// # Errors
    /// [`ChatError::UnknownMessage`] or [`ChatError::NotAReply`] for a wrong id,
    /// [`ChatError::ToolCall`] while the reply still streams.
    pub fn agent_step(
        &mut self,
        reply_id: &str,
        workspace: &ToolWorkspace,
        settings: &AgentSettings,
        now_ms: f64,
    ) -> Result<AgentState, ChatError> {
        let mode = self.mode;
        let steps = self.tool_steps_up_to(reply_id);
        let reply = self.reply_mut(reply_id, now_ms)?;
        match reply.state {
            MessageState::Streaming => {
                return Err(ChatError::ToolCall(
                    "The reply is still streaming: finish it before asking for the agent's next \
                     step."
                        .into(),
                ));
            }
            MessageState::Stopped | MessageState::Failed => {
                settle_open(reply, STOPPED_RESULT);
                return Ok(finished(LoopEnd::Stopped));
            }
            MessageState::Complete => {}
        }
        if reply.tool_calls.is_empty() {
            return Ok(finished(LoopEnd::Answered));
        }
        for position in 0..reply.tool_calls.len() {
            let call = &reply.tool_calls[position];
            let open = call.status.is_open();
            let completed = call.name == "attempt_completion"
                && matches!(call.status, ToolCallStatus::Succeeded { .. });
            if !open && !completed {
                continue;
            }
            let checked = check_call(&call.assembled(), mode, workspace, settings);
            let call = &mut reply.tool_calls[position];
            let pending = match checked {
                Ok(pending) => pending,
                Err(text) => {
                    call.status = ToolCallStatus::Refused { text };
                    continue;
                }
            };
            if let ToolRequest::AttemptCompletion { result } = &pending.request {
                let result = result.clone();
                call.status = ToolCallStatus::Succeeded {
                    text: crate::agent::step::COMPLETION_RESULT.into(),
                };
                settle_open(reply, SKIPPED_AFTER_COMPLETION_RESULT);
                return Ok(finished(LoopEnd::Completed { result }));
            }
            return Ok(match call.status {
                ToolCallStatus::Pending if pending.approval.asks_user() => {
                    AgentState::AwaitingApproval { call: pending }
                }
                ToolCallStatus::Pending => {
                    call.status = ToolCallStatus::Approved { auto: true };
                    AgentState::Performing { call: pending }
                }
                _ => AgentState::Performing { call: pending },
            });
        }
        let limit = settings.step_limit.max(1);
        Ok(if steps > 0 && steps.is_multiple_of(limit) {
            AgentState::AwaitingContinue { steps }
        } else {
            AgentState::AwaitingModel
        })
    }

    /// The user's Approve or Reject of the pending call `call_id` of `reply_id`. A rejection
    /// also answers the reply's later open calls as not run: the model should reconsider first.
    ///
    /// # Errors
    /// A wrong id, or [`ChatError::ToolCall`] when the call is not waiting for a decision.
    pub fn decide_tool_call(
        &mut self,
        reply_id: &str,
        call_id: &str,
        decision: UserDecision,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let reply = self.reply_mut(reply_id, now_ms)?;
        let position = open_call(reply, call_id)?;
        if reply.tool_calls[position].status != ToolCallStatus::Pending {
            return Err(ChatError::ToolCall(format!(
                "The tool call {call_id} was already approved; hand back its outcome instead."
            )));
        }
        match decision {
            UserDecision::Approve => {
                reply.tool_calls[position].status = ToolCallStatus::Approved { auto: false };
            }
            UserDecision::Reject { reason } => {
                reply.tool_calls[position].status = ToolCallStatus::Rejected { reason };
                settle_open(reply, SKIPPED_AFTER_REJECTION_RESULT);
            }
        }
        Ok(reply)
    }

    /// The outcome of the call `call_id` of `reply_id`. A success needs the call approved (by
    /// the user or the settings); a failure is also taken for a pending call, which is how the
    /// shell reports a call it could not prepare for approval (a diff that does not apply).
    ///
    /// # Errors
    /// A wrong id, or [`ChatError::ToolCall`] when the call cannot take this outcome.
    pub fn record_tool_outcome(
        &mut self,
        reply_id: &str,
        call_id: &str,
        outcome: ToolOutcome,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let reply = self.reply_mut(reply_id, now_ms)?;
        let position = open_call(reply, call_id)?;
        let call = &mut reply.tool_calls[position];
        call.status = match (&call.status, outcome) {
            (ToolCallStatus::Approved { .. }, ToolOutcome::Success { text }) => {
                ToolCallStatus::Succeeded { text }
            }
            (_, ToolOutcome::Failure { text }) => ToolCallStatus::Failed { text },
            (_, ToolOutcome::Success { .. }) => {
                return Err(ChatError::ToolCall(format!(
                    "The tool call {call_id} has not been approved, so it cannot have run."
                )));
            }
        };
        Ok(reply)
    }

    /// Stop: every open call of `reply_id` is answered as not run. The shell also aborts the
    /// stream and kills a running command.
    ///
    /// # Errors
    /// [`ChatError::UnknownMessage`] or [`ChatError::NotAReply`] for a wrong id.
    pub fn stop_tool_calls(
        &mut self,
        reply_id: &str,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let reply = self.reply_mut(reply_id, now_ms)?;
        settle_open(reply, STOPPED_RESULT);
        Ok(reply)
    }

    /// Settles the calls a saved chat left open: a pending one as not run, an approved one (it
    /// may have run) as of unknown outcome. Returns how many there were.
    pub fn settle_open_tool_calls(&mut self) -> usize {
        let mut settled = 0;
        for call in self
            .messages
            .iter_mut()
            .flat_map(|message| message.tool_calls.iter_mut())
        {
            let status = match call.status {
                ToolCallStatus::Pending => ToolCallStatus::NotRun {
                    text: STOPPED_RESULT.into(),
                },
                ToolCallStatus::Approved { .. } => ToolCallStatus::Failed {
                    text: INTERRUPTED_RESULT.into(),
                },
                _ => continue,
            };
            call.status = status;
            settled += 1;
        }
        settled
    }

    /// The replies with tool calls since the user's last message, up to and including
    /// `reply_id`: the agent's steps in this task.
    fn tool_steps_up_to(&self, reply_id: &str) -> u32 {
        let end = self
            .messages
            .iter()
            .position(|message| message.id == reply_id)
            .map_or(self.messages.len(), |position| position + 1);
        let steps = self.messages[..end]
            .iter()
            .rev()
            .take_while(|message| message.role == Role::Assistant)
            .filter(|message| !message.tool_calls.is_empty())
            .count();
        u32::try_from(steps).unwrap_or(u32::MAX)
    }

    /// The reply `reply_id`, for changing it, after moving the chat's time.
    pub(super) fn reply_mut(
        &mut self,
        reply_id: &str,
        now_ms: f64,
    ) -> Result<&mut ChatMessage, ChatError> {
        let position = self
            .messages
            .iter()
            .position(|message| message.id == reply_id)
            .ok_or_else(|| ChatError::UnknownMessage(reply_id.to_owned()))?;
        if self.messages[position].role != Role::Assistant {
            return Err(ChatError::NotAReply(reply_id.to_owned()));
        }
        self.updated_at_ms = super::conversation::finite_or(now_ms, self.updated_at_ms);
        Ok(&mut self.messages[position])
    }
}

fn finished(end: LoopEnd) -> AgentState {
    AgentState::Finished { end }
}

/// The position of the open call `call_id` of `reply`.
fn open_call(reply: &ChatMessage, call_id: &str) -> Result<usize, ChatError> {
    let position = reply
        .tool_calls
        .iter()
        .position(|call| call.id == call_id)
        .ok_or_else(|| {
            ChatError::ToolCall(format!(
                "The reply {} has no tool call {call_id}.",
                reply.id
            ))
        })?;
    if !reply.tool_calls[position].status.is_open() {
        return Err(ChatError::ToolCall(format!(
            "The tool call {call_id} is already answered; nothing was changed."
        )));
    }
    Ok(position)
}

/// Answers every open call of `reply` as not run, with `text`.
fn settle_open(reply: &mut ChatMessage, text: &str) {
    for call in &mut reply.tool_calls {
        if call.status.is_open() {
            call.status = ToolCallStatus::NotRun { text: text.into() };
        }
    }
}

#[cfg(test)]
mod tests;
