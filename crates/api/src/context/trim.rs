//! What of a conversation is sent, so a request never overflows the context window.
//!
//! The budget for input is the context window less the reply's reserve, less a tenth of the
//! window: counts here use `o200k_base`, and the model's own tokenizer may count some percent
//! more (Roo Code keeps the same margin). A message's budget items are its attachments and, for
//! a reply that called tools, each call's result (an item whose id starts with
//! [`TOOL_RESULT_ID_PREFIX`]). When the conversation does not fit:
//! 1. Tool results are replaced by a short note first, the oldest first, until it fits: an
//!    agent task re-reads what it needs, an old result is the least likely to still matter (a
//!    file read early may since have been edited), and results are capped to about one size,
//!    so largest-first would pick almost at random. Every result may go, including those of
//!    the steps after the latest user message, except the results of the latest reply that
//!    called tools: the model asked for them just now. Then attachments of earlier messages
//!    (not the latest user message) are replaced, the largest first and, among equals, the
//!    oldest first. An item smaller than its note is never replaced.
//! 2. If that is not enough, the oldest messages are left out whole, after the first user
//!    message (which states the task, so it always stays) and before the latest user message
//!    (which always stays with whatever follows it: leaving out steps of the task since would
//!    break the pairing of tool calls and their results). Messages go in the shortest run that
//!    keeps the roles alternating around it, which for an alternating conversation is a reply
//!    and the question after it.
//! 3. Items replaced in step 1 that the dropped messages made room for are put back, in the
//!    reverse order of their replacement (attachments smallest first, then tool results).
//!
//! The plan lists exactly what was left out, for the notice the user sees. A request that
//! cannot fit even then is refused before sending: an attachment of the latest message larger
//! than the whole budget, or what must stay (the first message, the latest user message and
//! the task's steps since, with the latest results) together too large.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::units::format_count;
use crate::messages::Role;
use crate::tokens::{TOKENS_FOR_REPLY_PRIMING, TOKENS_PER_MESSAGE, count_text_tokens};
pub use notes::{
    TOOL_RESULT_ID_PREFIX, replacement_note, tool_call_id, tool_result_id, tool_result_note,
};
use notes::{note_for, notice};

/// The share of the context window kept free for the difference between tokenizers, in percent.
pub const TOKENIZER_MARGIN_PERCENT: u64 = 10;

/// One message of the conversation, as the budget sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TurnForBudget {
    /// The message's place in the conversation; the plan names messages by it.
    pub message_index: u32,
    pub role: Role,
    /// The tokens of the message's own text (its framing is added here).
    pub tokens: u64,
    /// The message's attachments.
    #[serde(default)]
    #[ts(as = "Option<Vec<BudgetAttachment>>", optional)]
    pub attachments: Vec<BudgetAttachment>,
}

/// One attachment of a message, or the result of one of a reply's tool calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BudgetAttachment {
    /// An id the caller chose, unique within its message; `tool:<call id>` marks a tool result.
    pub id: String,
    /// The attachment's label, or the tool's name for a tool result, for the note that replaces
    /// it.
    pub label: String,
    pub tokens: u64,
}

/// What to plan for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanInput {
    pub system_prompt_tokens: u64,
    /// The conversation, oldest first.
    pub turns: Vec<TurnForBudget>,
    pub context_window: u64,
    /// The tokens kept free for the reply (the request's `max_tokens`).
    pub output_reserve: u64,
}

/// An attachment or tool result the request carries as a note instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplacedAttachment {
    pub message_index: u32,
    pub id: String,
    pub label: String,
    pub tokens: u64,
    /// The text to send in its place.
    pub note: String,
}

/// What to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContextPlan {
    /// The messages left out whole, ascending.
    pub left_out: Vec<u32>,
    /// The attachments and tool results of kept messages sent as notes, in message order.
    pub replaced: Vec<ReplacedAttachment>,
    /// The estimated input tokens of the planned request.
    pub input_tokens: u64,
    /// The most input tokens the plan allows.
    pub budget: u64,
    /// One sentence for the user when something was left out.
    pub notice: Option<String>,
}

/// Why no plan fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PlanError {
    /// One attachment of the latest message is larger than everything the window leaves.
    AttachmentTooLarge {
        label: String,
        tokens: u64,
        room: u64,
    },
    /// The messages that must be sent are larger than the budget together.
    MessageTooLarge { tokens: u64, budget: u64 },
}

impl fmt::Display for PlanError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AttachmentTooLarge {
                label,
                tokens,
                room,
            } => write!(
                formatter,
                "{label} takes {} tokens, more than the {} this model's context window has room \
                 for. Attach a smaller part of it (a selection), or choose a model with a larger \
                 context window.",
                format_count(*tokens),
                format_count(*room)
            ),
            Self::MessageTooLarge { tokens, budget } => write!(
                formatter,
                "Your latest message, with what must be sent along (the system prompt, the \
                 chat's first message and the steps of the task since your message, whose \
                 older tool results are already left out), takes {} tokens, more than the {} \
                 this model's context window has room for. Remove an attachment or shorten the \
                 message, or start a new chat (for a long task, with a short summary of where \
                 it stands), or choose a model with a larger context window.",
                format_count(*tokens),
                format_count(*budget)
            ),
        }
    }
}

impl std::error::Error for PlanError {}

/// Plans what to send; see the module documentation for the rules.
///
/// # Errors
/// A [`PlanError`] when even the smallest request the rules allow does not fit.
pub fn plan_context(input: &PlanInput) -> Result<ContextPlan, PlanError> {
    let window = input.context_window;
    let budget = window
        .saturating_sub(input.output_reserve)
        .saturating_sub(window * TOKENIZER_MARGIN_PERCENT / 100);
    let fixed = input
        .system_prompt_tokens
        .saturating_add(TOKENS_PER_MESSAGE + TOKENS_FOR_REPLY_PRIMING);
    let mut state = State::new(&input.turns, fixed);

    let room = budget.saturating_sub(fixed);
    for turn in &input.turns[state.tail_start..] {
        // Tool results are not the user's attachments: one too large ends as the refusal below.
        let attachments = turn
            .attachments
            .iter()
            .filter(|a| tool_call_id(&a.id).is_none());
        if let Some(largest) = attachments.max_by_key(|a| a.tokens)
            && largest.tokens > room
        {
            return Err(PlanError::AttachmentTooLarge {
                label: largest.label.clone(),
                tokens: largest.tokens,
                room,
            });
        }
    }

    state.replace_tool_results_until(budget);
    state.replace_attachments_until(budget);
    state.leave_out_turns_until(budget);
    if state.total > budget {
        return Err(PlanError::MessageTooLarge {
            tokens: state.total,
            budget,
        });
    }
    state.restore_attachments_within(budget);
    Ok(state.into_plan(budget))
}

/// The plan as it is being made.
#[derive(Debug)]
struct State<'a> {
    turns: &'a [TurnForBudget],
    /// The latest user message's place; it and everything after it always stay.
    tail_start: usize,
    /// The first user message's place, when it comes before the tail.
    first_user: Option<usize>,
    /// The latest message with tool results; they are never replaced.
    latest_tool_results: Option<usize>,
    kept: Vec<bool>,
    /// (turn, attachment) pairs sent as notes, in the order they were replaced.
    replaced: Vec<(usize, usize)>,
    total: u64,
}

impl<'a> State<'a> {
    fn new(turns: &'a [TurnForBudget], fixed: u64) -> Self {
        let tail_start = turns
            .iter()
            .rposition(|turn| turn.role == Role::User)
            .unwrap_or(turns.len().saturating_sub(1));
        let first_user = turns
            .iter()
            .position(|turn| turn.role == Role::User)
            .filter(|&first| first < tail_start);
        let latest_tool_results = turns.iter().rposition(|turn| {
            turn.attachments
                .iter()
                .any(|item| tool_call_id(&item.id).is_some())
        });
        let total = turns.iter().map(full_cost).fold(fixed, u64::saturating_add);
        Self {
            turns,
            tail_start,
            first_user,
            latest_tool_results,
            kept: vec![true; turns.len()],
            replaced: Vec::new(),
            total,
        }
    }

    fn attachment(&self, (turn, index): (usize, usize)) -> &'a BudgetAttachment {
        &self.turns[turn].attachments[index]
    }

    fn note_tokens(&self, at: (usize, usize)) -> u64 {
        count_text_tokens(&note_for(self.attachment(at)))
    }

    fn is_tool_result(&self, at: (usize, usize)) -> bool {
        tool_call_id(&self.attachment(at).id).is_some()
    }

    /// The (turn, item) places of the budget items of `turns`.
    fn items_of(&self, turns: std::ops::Range<usize>) -> Vec<(usize, usize)> {
        turns
            .flat_map(|turn| (0..self.turns[turn].attachments.len()).map(move |at| (turn, at)))
            .collect()
    }

    /// Step 1, first: replace tool results, oldest first, except the latest reply's.
    fn replace_tool_results_until(&mut self, budget: u64) {
        let candidates: Vec<(usize, usize)> = self
            .items_of(0..self.turns.len())
            .into_iter()
            .filter(|&at| self.is_tool_result(at) && Some(at.0) != self.latest_tool_results)
            .collect();
        self.replace_until(candidates, budget);
    }

    /// Step 1, then: replace attachments of earlier messages, largest and then oldest first.
    fn replace_attachments_until(&mut self, budget: u64) {
        let mut candidates: Vec<(usize, usize)> = self
            .items_of(0..self.tail_start)
            .into_iter()
            .filter(|&at| !self.is_tool_result(at))
            .collect();
        candidates.sort_by_key(|&at| (std::cmp::Reverse(self.attachment(at).tokens), at));
        self.replace_until(candidates, budget);
    }

    /// Replaces `candidates` in order, each only when its note is smaller, until it fits.
    fn replace_until(&mut self, candidates: Vec<(usize, usize)>, budget: u64) {
        for at in candidates {
            if self.total <= budget {
                break;
            }
            let (tokens, note) = (self.attachment(at).tokens, self.note_tokens(at));
            if note < tokens {
                self.total -= tokens - note;
                self.replaced.push(at);
            }
        }
    }

    /// Step 2: leave out the oldest runs of messages that keep the roles alternating.
    fn leave_out_turns_until(&mut self, budget: u64) {
        while self.total > budget {
            let Some(run) = self.oldest_droppable_run() else {
                break;
            };
            for turn in run {
                self.kept[turn] = false;
                self.total -= self.current_cost(turn);
            }
            let kept = &self.kept;
            self.replaced.retain(|&(turn, _)| kept[turn]);
        }
    }

    /// Whether the message at `turn` is kept and may be left out.
    fn droppable(&self, turn: usize) -> bool {
        self.kept[turn] && turn < self.tail_start && Some(turn) != self.first_user
    }

    /// The oldest run of kept, droppable messages whose neighbours differ in role once it is
    /// gone (or, at the very start, whose next kept message is the user's).
    fn oldest_droppable_run(&self) -> Option<Vec<usize>> {
        (0..self.tail_start)
            .filter(|&turn| self.droppable(turn))
            .find_map(|start| self.shortest_run_from(start))
    }

    fn shortest_run_from(&self, start: usize) -> Option<Vec<usize>> {
        let before = (0..start).rev().find(|&turn| self.kept[turn]);
        let mut run = Vec::new();
        for turn in start..self.turns.len() {
            if !self.kept[turn] {
                continue;
            }
            if !self.droppable(turn) {
                return None;
            }
            run.push(turn);
            let after = (turn + 1..self.turns.len()).find(|&next| self.kept[next])?;
            let alternates = match before {
                Some(before) => self.turns[before].role != self.turns[after].role,
                None => self.turns[after].role == Role::User,
            };
            if alternates {
                return Some(run);
            }
        }
        None
    }

    /// Step 3: put back replaced items of kept messages that now fit, in the reverse order of
    /// their replacement.
    fn restore_attachments_within(&mut self, budget: u64) {
        for position in (0..self.replaced.len()).rev() {
            let at = self.replaced[position];
            let grows_by = self.attachment(at).tokens - self.note_tokens(at);
            if self.total + grows_by <= budget {
                self.total += grows_by;
                self.replaced.remove(position);
            }
        }
    }

    /// A kept message's cost with the attachments replaced so far.
    fn current_cost(&self, turn: usize) -> u64 {
        let mut cost = full_cost(&self.turns[turn]);
        for &at in self
            .replaced
            .iter()
            .filter(|(replaced, _)| *replaced == turn)
        {
            cost -= self.attachment(at).tokens - self.note_tokens(at);
        }
        cost
    }

    fn into_plan(self, budget: u64) -> ContextPlan {
        let left_out: Vec<u32> = self
            .turns
            .iter()
            .zip(&self.kept)
            .filter(|(_, kept)| !**kept)
            .map(|(turn, _)| turn.message_index)
            .collect();
        let mut replaced_at = self.replaced.clone();
        replaced_at.sort_unstable();
        let replaced: Vec<ReplacedAttachment> = replaced_at
            .into_iter()
            .map(|at| {
                let attachment = self.attachment(at);
                ReplacedAttachment {
                    message_index: self.turns[at.0].message_index,
                    id: attachment.id.clone(),
                    label: attachment.label.clone(),
                    tokens: attachment.tokens,
                    note: note_for(attachment),
                }
            })
            .collect();
        let tool_results = replaced
            .iter()
            .filter(|item| tool_call_id(&item.id).is_some())
            .count();
        ContextPlan {
            notice: notice(left_out.len(), tool_results, replaced.len() - tool_results),
            left_out,
            replaced,
            input_tokens: self.total,
            budget,
        }
    }
}

/// A message's cost with all its attachments.
fn full_cost(turn: &TurnForBudget) -> u64 {
    turn.attachments
        .iter()
        .map(|attachment| attachment.tokens)
        .fold(
            TOKENS_PER_MESSAGE.saturating_add(turn.tokens),
            u64::saturating_add,
        )
}

mod notes;
#[cfg(test)]
mod tests;
