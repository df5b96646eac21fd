//! Condense on a chat: which messages a summary replaces ([`crate::context::condense`] decides
//! from the messages as a request sends them), the summary as a new assistant message that
//! streams like a reply, the request that asks the model for it, and when to offer it.
//!
//! The summary is appended at the end of the history, where the user sees it arrive; in requests
//! it stands right after the first user message in place of what it lists (see
//! [`super::render`]). It takes effect only when it completes with text, so a failed or stopped
//! summary hides nothing, and nothing is deleted from the history either way.

use super::conversation::ChatError;
use super::render::{budget_turns, request_order};
use super::send::{PlannedRequest, RequestSizing, plan_messages};
use super::{ChatMessage, Conversation, MessageState};
use crate::context::condense::{CondensePlan, plan_condense, should_offer_condense};
use crate::context_usage::ContextUsage;
use crate::messages::Role;

/// How many of the latest messages a summary leaves as they are: the latest question and its
/// answer, so the model continues from the exact words of the exchange in progress while
/// everything before it (after the first message) is summarised. The tail is widened to start
/// with a user message (see [`plan_condense`]).
pub const CONDENSE_KEEP: usize = 2;

/// The plan for condensing `messages`, and the order a request sends them in; `None` when there
/// is nothing new to summarise (only an earlier summary would be replaced).
fn condense_plan(messages: &[ChatMessage]) -> Option<(CondensePlan, Vec<usize>)> {
    let order = request_order(messages);
    // The tokens do not matter to which messages are replaced.
    let turns = budget_turns(messages, &order, true);
    let plan = plan_condense(&turns, CONDENSE_KEEP)?;
    let only_summaries = plan
        .summarized
        .iter()
        .all(|&index| messages[index as usize].summary_of.is_some());
    (!only_summaries).then_some((plan, order))
}

impl Conversation {
    /// Whether Condense would replace anything now.
    #[must_use]
    pub fn can_condense(&self) -> bool {
        !self.is_streaming() && condense_plan(&self.messages).is_some()
    }

    /// Whether to offer Condense: the next request takes at least `threshold` of the context
    /// window (see [`should_offer_condense`]) and there is something to condense.
    #[must_use]
    pub fn offers_condense(&self, usage: Option<&ContextUsage>, threshold: f64) -> bool {
        let Some(usage) = usage.filter(|usage| usage.context_window > 0) else {
            return false;
        };
        let fraction = usage.input_tokens as f64 / usage.context_window as f64;
        should_offer_condense(fraction, threshold) && self.can_condense()
    }

    /// Starts a Condense: adds an empty, streaming summary by `model_id` listing the messages it
    /// will replace, for the summary's chunks to fill like a reply's.
    ///
    /// # Errors
    /// [`ChatError::ReplyInProgress`] while a reply streams, [`ChatError::NothingToCondense`]
    /// when nothing lies between the first message and the kept tail, and
    /// [`ChatError::DuplicateId`] for a used id.
    pub fn begin_condense(
        &mut self,
        summary_id: impl Into<String>,
        model_id: impl Into<String>,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let summary_id = summary_id.into();
        if self.is_streaming() {
            return Err(ChatError::ReplyInProgress);
        }
        let (plan, _) = condense_plan(&self.messages).ok_or(ChatError::NothingToCondense)?;
        self.ensure_unused(&summary_id)?;
        let summary_of = plan
            .summarized
            .iter()
            .map(|&index| self.messages[index as usize].id.clone())
            .collect();
        self.begin_reply(summary_id, model_id, now_ms)?;
        let summary = self
            .messages
            .last_mut()
            .ok_or(ChatError::NothingToCondense)?;
        summary.summary_of = Some(summary_of);
        Ok(summary)
    }

    /// The request that asks the model for the streaming summary (the last message): the
    /// messages up to the kept tail as a request sends them, planned to fit the window, then
    /// [`crate::context::CONDENSE_PROMPT`] as the user's turn.
    ///
    /// # Errors
    /// [`ChatError::NothingToCondense`] when the last message is not a streaming summary or
    /// nothing is left to summarise, [`ChatError::ContextPlan`] when even the trimmed request
    /// does not fit.
    pub fn condense_request(&self, sizing: &RequestSizing) -> Result<PlannedRequest, ChatError> {
        let Some((last, before)) = self.messages.split_last() else {
            return Err(ChatError::NothingToCondense);
        };
        if last.summary_of.is_none() || last.state != MessageState::Streaming {
            return Err(ChatError::NothingToCondense);
        }
        let (plan, order) = condense_plan(before).ok_or(ChatError::NothingToCondense)?;
        let sent: Vec<usize> = order
            .into_iter()
            .filter(|&index| plan.request_messages.contains(&(index as u32)))
            .collect();
        plan_messages(before, &sent, Some(&plan.prompt), sizing).map_err(ChatError::ContextPlan)
    }

    /// Whether the last message is a reply or summary still streaming.
    fn is_streaming(&self) -> bool {
        self.messages.last().is_some_and(|last| {
            last.role == Role::Assistant && last.state == MessageState::Streaming
        })
    }
}

#[cfg(test)]
mod tests;
