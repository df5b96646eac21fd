//! "Condense": replacing the older part of a long conversation with a summary the model writes.
//! This module decides which messages the summary replaces, gives the request's instruction, and
//! says when to offer it.
//!
//! The summary replaces every message between the first user message and the latest `keep`
//! messages. The first user message stays, as in trimming, because it states the task; the kept
//! tail is widened until it starts with a user message. The summary then goes in as an
//! assistant message right after the first user message, so the conversation still starts with
//! the user and alternates. The summarising request sends the messages up to the tail followed
//! by [`CONDENSE_PROMPT`] as a user message, which alternates too.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::trim::TurnForBudget;
use crate::messages::Role;

/// The share of the context window in use at which Condense is offered.
pub const DEFAULT_CONDENSE_THRESHOLD: f64 = 0.8;

/// The instruction that asks the model for the summary.
pub const CONDENSE_PROMPT: &str = "Summarize our conversation so far. Your summary will \
replace the messages after my first one, and the work will continue from it alone, so leave out \
nothing needed to carry on. Include:\n\
1. What I asked for, and every requirement, preference or decision since.\n\
2. The files, functions, commands and settings involved, with exact names and paths.\n\
3. What has been done so far and what changed.\n\
4. Errors met and how they were resolved.\n\
5. What is still open, and the next step.\n\
Quote code only where the exact text matters. Write it as notes to yourself, with no greeting \
or closing remarks.";

/// What a Condense replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CondensePlan {
    /// The messages the summary replaces, ascending.
    pub summarized: Vec<u32>,
    /// The message the summary goes after: the first user message.
    pub insert_after: u32,
    /// The messages the summarising request sends before the prompt, ascending.
    pub request_messages: Vec<u32>,
    /// The instruction to send last, as a user message.
    pub prompt: String,
}

/// Which messages a summary replaces when the latest `keep` messages stay; `None` when there is
/// nothing between the first user message and them.
#[must_use]
pub fn plan_condense(turns: &[TurnForBudget], keep: usize) -> Option<CondensePlan> {
    let first_user = turns.iter().position(|turn| turn.role == Role::User)?;
    let mut tail_start = turns.len().saturating_sub(keep.max(1));
    while tail_start > first_user && turns[tail_start].role != Role::User {
        tail_start -= 1;
    }
    if tail_start <= first_user + 1 {
        return None;
    }
    let indexes = |range: std::ops::Range<usize>| -> Vec<u32> {
        turns[range].iter().map(|turn| turn.message_index).collect()
    };
    Some(CondensePlan {
        summarized: indexes(first_user + 1..tail_start),
        insert_after: turns[first_user].message_index,
        request_messages: indexes(0..tail_start),
        prompt: CONDENSE_PROMPT.to_owned(),
    })
}

/// Whether to offer Condense when `usage_fraction` of the window is in use. A threshold that is
/// not a number in (0, 1] means the default; a usage that is not a number never offers.
#[must_use]
pub fn should_offer_condense(usage_fraction: f64, threshold: f64) -> bool {
    let threshold = if threshold > 0.0 && threshold <= 1.0 {
        threshold
    } else {
        DEFAULT_CONDENSE_THRESHOLD
    };
    usage_fraction.is_finite() && usage_fraction >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Alternating turns, user first, numbered from 0.
    fn alternating(count: usize) -> Vec<TurnForBudget> {
        (0..count)
            .map(|index| TurnForBudget {
                message_index: index as u32,
                role: if index % 2 == 0 {
                    Role::User
                } else {
                    Role::Assistant
                },
                tokens: 10,
                attachments: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn the_summary_replaces_the_middle_and_the_tail_starts_with_the_user() {
        // U0 A1 U2 A3 U4 A5 U6: keeping 2 would start at A5, so the tail widens to U4.
        let plan = plan_condense(&alternating(7), 2).unwrap();
        assert_eq!(plan.summarized, [1, 2, 3]);
        assert_eq!(plan.insert_after, 0);
        assert_eq!(plan.request_messages, [0, 1, 2, 3]);
        assert_eq!(plan.prompt, CONDENSE_PROMPT);
        // Keeping 3 starts at U4 already.
        assert_eq!(
            plan_condense(&alternating(7), 3).unwrap().summarized,
            [1, 2, 3]
        );
        assert_eq!(
            plan_condense(&alternating(7), 1).unwrap().summarized,
            [1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn the_request_ends_with_a_reply_so_the_prompt_alternates() {
        let turns = alternating(9);
        for keep in 1..9 {
            if let Some(plan) = plan_condense(&turns, keep) {
                let last = *plan.request_messages.last().unwrap() as usize;
                assert_eq!(turns[last].role, Role::Assistant, "keep {keep}");
                let first_kept = last + 1;
                assert_eq!(turns[first_kept].role, Role::User, "keep {keep}");
            }
        }
    }

    #[test]
    fn nothing_to_condense_is_none() {
        assert_eq!(plan_condense(&alternating(3), 2), None);
        assert_eq!(plan_condense(&alternating(3), 10), None);
        assert_eq!(plan_condense(&[], 2), None);
        assert!(plan_condense(&alternating(3), 1).is_some());
    }

    #[test]
    fn condense_is_offered_at_the_threshold() {
        assert!(!should_offer_condense(0.79, DEFAULT_CONDENSE_THRESHOLD));
        assert!(should_offer_condense(0.8, DEFAULT_CONDENSE_THRESHOLD));
        assert!(should_offer_condense(1.3, 0.9));
        assert!(!should_offer_condense(0.85, 0.9));
        // Nonsense thresholds take the default; nonsense usage never offers.
        assert!(should_offer_condense(0.8, f64::NAN));
        assert!(!should_offer_condense(0.7, 0.0));
        assert!(should_offer_condense(0.8, 7.0));
        assert!(!should_offer_condense(f64::NAN, 0.5));
        assert!(!should_offer_condense(f64::INFINITY, 0.5));
    }
}
