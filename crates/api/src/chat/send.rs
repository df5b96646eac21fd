//! Sending: the user's message with its attachments and images goes into the chat only when the
//! request it makes can be sent, and every request is planned to fit the model's context window
//! (see [`crate::context::trim`]): what the plan keeps is sent, attachments and tool results it
//! cut go as their notes (a tool result keeps its call id, so every call stays answered), and the
//! reply carries the plan's notice of what was left out. Nothing is ever deleted
//! from the history: trimming only changes what a request carries.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::conversation::ChatError;
use super::render::{Trimming, budget_turns, render, request_order};
use super::{ChatMessage, Conversation, MessageState};
use crate::agent::request::tools_tokens;
use crate::agent::{AgentMode, DEFAULT_TOOL_RESULT_CAP_CHARS, cap_tool_results};
use crate::context::images::check_model_takes_images;
use crate::context::trim::{ContextPlan, PlanError, PlanInput, plan_context};
use crate::context::{Attachment, ChatImage};
use crate::context_usage::planning_reserve;
use crate::messages::{MessageParam, Role};
use crate::model_info::ModelInfo;
use crate::tokens::count_text_tokens;

/// What the user sends: the ids the caller chose for the message and its reply, and the
/// message's text, resolved attachments and images.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendInput {
    pub user_message_id: String,
    pub reply_id: String,
    pub text: String,
    pub attachments: Vec<Attachment>,
    pub images: Vec<ChatImage>,
}

/// What a send added: the user's message and the empty, streaming reply.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendStarted {
    pub user_message: ChatMessage,
    pub reply: ChatMessage,
}

/// The numbers a request is planned with, for one model and system prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSizing {
    pub system_prompt_tokens: u64,
    pub context_window: u64,
    /// See [`planning_reserve`].
    pub output_reserve: u64,
    /// Whether images are sent as images (else as a note naming them).
    pub supports_images: bool,
}

impl RequestSizing {
    /// The sizing of a request to a model described by `info` with this system prompt.
    #[must_use]
    pub fn new(info: &ModelInfo, system_prompt: &str) -> Self {
        Self {
            system_prompt_tokens: count_text_tokens(system_prompt),
            context_window: u64::from(info.context_window),
            output_reserve: planning_reserve(info),
            supports_images: info.supports_images,
        }
    }

    /// The sizing of a request in `mode`: Code mode's tools count with the system prompt, as
    /// they are sent with every request.
    #[must_use]
    pub fn in_mode(self, mode: AgentMode) -> Self {
        Self {
            system_prompt_tokens: self.system_prompt_tokens.saturating_add(tools_tokens(mode)),
            ..self
        }
    }
}

/// A request's messages, and the plan that trimmed them (`None` when the window is unknown, so
/// nothing was planned).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRequest {
    pub messages: Vec<MessageParam>,
    pub plan: Option<ContextPlan>,
}

impl PlannedRequest {
    /// The sentence for the user when the plan left something out.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.plan.as_ref().and_then(|plan| plan.notice.as_deref())
    }
}

/// Plans and renders the request for the messages of `order` (positions in `messages`, in the
/// order sent), with `extra` appended as the last user turn when given (Condense's prompt).
pub(crate) fn plan_messages(
    messages: &[ChatMessage],
    order: &[usize],
    extra: Option<&str>,
    sizing: &RequestSizing,
) -> Result<PlannedRequest, PlanError> {
    let mut turns = budget_turns(messages, order, sizing.supports_images);
    if let Some(prompt) = extra {
        turns.push(crate::context::TurnForBudget {
            message_index: u32::MAX,
            role: Role::User,
            tokens: count_text_tokens(prompt),
            attachments: Vec::new(),
        });
    }
    let plan = if sizing.context_window == 0 {
        None
    } else {
        Some(plan_context(&PlanInput {
            system_prompt_tokens: sizing.system_prompt_tokens,
            turns,
            context_window: sizing.context_window,
            output_reserve: sizing.output_reserve,
        })?)
    };
    let trimming = plan.as_ref().map(Trimming::from_plan).unwrap_or_default();
    // Tool results stay whole in the chat; the request carries large ones cut, with a note.
    let mut rendered = cap_tool_results(
        &render(messages, order, &trimming, sizing.supports_images),
        DEFAULT_TOOL_RESULT_CAP_CHARS,
    );
    if let Some(prompt) = extra {
        super::render::push_merged(
            &mut rendered,
            Role::User,
            crate::messages::MessageContent::Text(prompt.to_owned()),
        );
    }
    Ok(PlannedRequest {
        messages: rendered,
        plan,
    })
}

impl Conversation {
    /// The request for the chat's next reply, planned to fit the context window.
    ///
    /// # Errors
    /// A [`PlanError`] when even the smallest request the trimming rules allow does not fit.
    pub fn planned_request(&self, sizing: &RequestSizing) -> Result<PlannedRequest, PlanError> {
        plan_messages(&self.messages, &request_order(&self.messages), None, sizing)
    }

    /// Adds the user's message and an empty, streaming reply by `model_id`, only when the
    /// request they make can be sent: the images are valid and the model takes them, and the
    /// plan fits. A refused send leaves the chat exactly as it was (title and time included).
    ///
    /// # Errors
    /// [`ChatError::EmptyMessage`], [`ChatError::Image`], [`ChatError::ContextPlan`] or
    /// [`ChatError::DuplicateId`].
    pub fn begin_send(
        &mut self,
        input: SendInput,
        model_id: &str,
        model_info: &ModelInfo,
        system_prompt: &str,
        now_ms: f64,
    ) -> Result<SendStarted, ChatError> {
        check_model_takes_images(&input.images, model_id, model_info).map_err(ChatError::Image)?;
        if input.user_message_id == input.reply_id {
            return Err(ChatError::DuplicateId(input.reply_id));
        }
        self.ensure_unused(&input.reply_id)?;
        let before = (self.messages.len(), self.title.clone(), self.updated_at_ms);
        let user_message = self
            .append_user_input(
                input.user_message_id,
                input.text,
                input.attachments,
                input.images,
                now_ms,
            )?
            .clone();
        let sizing = RequestSizing::new(model_info, system_prompt);
        if let Err(error) = self.planned_request(&sizing) {
            // Undone before anyone sees it: the message was never sent, so it never happened.
            let (length, title, updated_at_ms) = before;
            self.messages.truncate(length);
            self.title = title;
            self.updated_at_ms = updated_at_ms;
            return Err(ChatError::ContextPlan(error));
        }
        let reply = self.begin_reply(input.reply_id, model_id, now_ms)?.clone();
        Ok(SendStarted {
            user_message,
            reply,
        })
    }

    /// Records on the reply being requested (the last message, while it streams) what its
    /// request left out; `None` clears an earlier notice (a Retry that now fits whole). A
    /// Condense summary or a reply that ended is left alone. Returns the reply when it changed.
    pub fn note_context(&mut self, notice: Option<&str>) -> Option<&ChatMessage> {
        let reply = self.messages.last_mut().filter(|last| {
            last.role == Role::Assistant
                && last.state == MessageState::Streaming
                && last.summary_of.is_none()
        })?;
        reply.context_notice = notice.map(str::to_owned);
        Some(reply)
    }

    /// Refuses an id already used by a message.
    pub(crate) fn ensure_unused(&self, message_id: &str) -> Result<(), ChatError> {
        if self.message(message_id).is_some() {
            return Err(ChatError::DuplicateId(message_id.to_owned()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
