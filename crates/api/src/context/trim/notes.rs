//! The words of trimming: the notes sent in place of what a request leaves out, how a tool
//! result is told apart from an attachment among a message's budget items, and the sentence the
//! user sees on the reply.

use super::BudgetAttachment;
use crate::context::units::format_count;

/// The start of a budget item's id that marks it as a tool call's result rather than an
/// attachment; the rest of the id is the call's id (unique within its reply).
pub const TOOL_RESULT_ID_PREFIX: &str = "tool:";

/// The budget item id of the result of the call `call_id`.
#[must_use]
pub fn tool_result_id(call_id: &str) -> String {
    format!("{TOOL_RESULT_ID_PREFIX}{call_id}")
}

/// The call id a budget item id names, when the item is a tool result.
#[must_use]
pub fn tool_call_id(item_id: &str) -> Option<&str> {
    item_id.strip_prefix(TOOL_RESULT_ID_PREFIX)
}

/// The note that stands in for an attachment left out.
#[must_use]
pub fn replacement_note(label: &str, tokens: u64) -> String {
    format!(
        "[attachment {label} ({} tokens) left out to fit the context window]",
        format_count(tokens)
    )
}

/// The note that stands in for a tool result left out. It says which tool and how large the
/// result was, so the model knows it may call the tool again rather than guess the content.
#[must_use]
pub fn tool_result_note(tool_name: &str, tokens: u64) -> String {
    format!(
        "[This {tool_name} result (about {} tokens) was left out to fit the context window; \
         call the tool again if you need it.]",
        format_count(tokens)
    )
}

/// The note for a budget item of either kind (a tool result's label is its tool's name).
pub(super) fn note_for(item: &BudgetAttachment) -> String {
    if tool_call_id(&item.id).is_some() {
        tool_result_note(&item.label, item.tokens)
    } else {
        replacement_note(&item.label, item.tokens)
    }
}

/// The sentence for the user when a request left something out, naming each kind with its count.
pub(super) fn notice(messages: usize, tool_results: usize, attachments: usize) -> Option<String> {
    let count = |count: usize, one: &str, many: &str| {
        if count == 1 {
            format!("1 {one}")
        } else {
            format!("{count} {many}")
        }
    };
    let parts: Vec<String> = [
        (
            messages,
            count(messages, "earlier message", "earlier messages"),
        ),
        (
            tool_results,
            count(tool_results, "earlier tool result", "earlier tool results"),
        ),
        (
            attachments,
            count(
                attachments,
                "attachment of an earlier message",
                "attachments of earlier messages",
            ),
        ),
    ]
    .into_iter()
    .filter(|(number, _)| *number > 0)
    .map(|(_, part)| part)
    .collect();
    let listed = match parts.as_slice() {
        [] => return None,
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    Some(format!(
        "To fit the model's context window, this request leaves out {listed}."
    ))
}
