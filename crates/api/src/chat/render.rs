//! How a chat's messages become a request's messages: which are sent and in what order (a
//! Condense summary in place of the messages it replaces), what each costs for the context
//! budget, and each as the content the provider receives once a trimming plan is applied.
//!
//! - A user message with attachments or images is a list of blocks: its text (when not blank),
//!   then each attachment's text (a header naming the source, then the content), then each image
//!   as a base64 image block. A message of text alone stays a plain string.
//! - A Condense summary takes effect once it completed with text: the messages it lists are no
//!   longer sent, and it is sent as the assistant's turn right after the first user message
//!   (which states the task and is never summarised). A summary that failed, was stopped or is
//!   still streaming is sent as nothing and hides nothing. A later summary lists the earlier
//!   one, so what the earlier one replaced stays replaced.
//! - A reply that called tools is its text (when not blank) and a `tool_use` block per call,
//!   followed by a user turn of one `tool_result` per call, in the same order (see
//!   [`super::tool_calls`]). Results are whole here; the request caps large ones
//!   (`agent::cap_tool_results`), and the budget counts them as capped, each as an item of the
//!   reply the plan may replace by a note (see [`crate::context::trim`]). A replaced result is
//!   still a `tool_result` with its call's id and error flag, so every call stays answered.
//! - Consecutive messages of one role are merged (text joined by a blank line, blocks
//!   appended), because providers require the roles to alternate.

use std::collections::HashSet;

use super::conversation::is_blank;
use super::{ChatMessage, MessageState};
use crate::agent::{DEFAULT_TOOL_RESULT_CAP_CHARS, cap_text};
use crate::context::trim::{
    BudgetAttachment, ContextPlan, TurnForBudget, tool_call_id, tool_result_id,
};
use crate::messages::{ContentBlock, MessageContent, MessageParam, Role};
use crate::tokens::count_text_tokens;

/// What a plan changes in the rendering: messages left out, and attachments and tool results
/// sent as notes.
#[derive(Debug, Clone, Default)]
pub struct Trimming {
    left_out: HashSet<usize>,
    /// (message index, attachment position, note).
    notes: Vec<(usize, usize, String)>,
    /// (message index, tool call id, note).
    tool_notes: Vec<(usize, String, String)>,
}

impl Trimming {
    /// Everything sent as it is.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// The trimming a plan made over turns built by [`budget_turns`].
    #[must_use]
    pub fn from_plan(plan: &ContextPlan) -> Self {
        Self {
            left_out: plan.left_out.iter().map(|&index| index as usize).collect(),
            tool_notes: plan
                .replaced
                .iter()
                .filter_map(|replaced| {
                    let call_id = tool_call_id(&replaced.id)?;
                    Some((
                        replaced.message_index as usize,
                        call_id.to_owned(),
                        replaced.note.clone(),
                    ))
                })
                .collect(),
            notes: plan
                .replaced
                .iter()
                .filter_map(|replaced| {
                    let position = replaced.id.parse().ok()?;
                    Some((
                        replaced.message_index as usize,
                        position,
                        replaced.note.clone(),
                    ))
                })
                .collect(),
        }
    }

    fn note_for(&self, message: usize, attachment: usize) -> Option<&str> {
        self.notes
            .iter()
            .find(|(at, position, _)| *at == message && *position == attachment)
            .map(|(_, _, note)| note.as_str())
    }

    fn tool_note_for(&self, message: usize, call_id: &str) -> Option<&str> {
        self.tool_notes
            .iter()
            .find(|(at, id, _)| *at == message && id == call_id)
            .map(|(_, _, note)| note.as_str())
    }
}

/// Whether a message is a Condense summary that takes effect: complete, with text.
#[must_use]
pub fn is_effective_summary(message: &ChatMessage) -> bool {
    message.summary_of.is_some()
        && message.state == MessageState::Complete
        && !is_blank(&message.text)
}

/// Whether a message has anything to send on its own terms (a summary that did not take effect
/// has nothing).
fn has_content(message: &ChatMessage) -> bool {
    if message.summary_of.is_some() {
        return is_effective_summary(message);
    }
    !is_blank(&message.text)
        || !message.attachments.is_empty()
        || !message.images.is_empty()
        || !message.tool_calls.is_empty()
}

/// The tokens a reply's `tool_use` blocks add (their results are budget items of their own).
fn tool_use_tokens(message: &ChatMessage) -> u64 {
    message
        .tool_calls
        .iter()
        .map(|call| {
            count_text_tokens(&call.name).saturating_add(count_text_tokens(&call.arguments))
        })
        .fold(0, u64::saturating_add)
}

/// One budget item per tool call of a reply: its result as the request caps it, labelled with
/// the tool's name.
fn tool_result_items(message: &ChatMessage) -> impl Iterator<Item = BudgetAttachment> + '_ {
    message.tool_calls.iter().map(|call| {
        let (result, _) = call.result();
        BudgetAttachment {
            id: tool_result_id(&call.id),
            label: call.name.clone(),
            tokens: count_text_tokens(&cap_text(&result, DEFAULT_TOOL_RESULT_CAP_CHARS)),
        }
    })
}

/// The positions in `messages` of the messages a request sends, in the order it sends them.
#[must_use]
pub fn request_order(messages: &[ChatMessage]) -> Vec<usize> {
    let replaced: HashSet<&str> = messages
        .iter()
        .filter(|message| is_effective_summary(message))
        .flat_map(|message| message.summary_of.iter().flatten())
        .map(String::as_str)
        .collect();
    let sent =
        |message: &ChatMessage| has_content(message) && !replaced.contains(message.id.as_str());
    let summaries: Vec<usize> = (0..messages.len())
        .filter(|&index| messages[index].summary_of.is_some() && sent(&messages[index]))
        .collect();
    let mut order = Vec::with_capacity(messages.len());
    let mut summaries_placed = summaries.is_empty();
    for (index, message) in messages.iter().enumerate() {
        if message.summary_of.is_some() || !sent(message) {
            continue;
        }
        order.push(index);
        if !summaries_placed && message.role == Role::User {
            order.extend(&summaries);
            summaries_placed = true;
        }
    }
    if !summaries_placed {
        order.extend(&summaries);
    }
    order
}

/// The messages of `order` as the budget sees them. A turn's `message_index` is the message's
/// position in `messages`; an attachment's id is its position in the message, and a tool call's
/// result follows the attachments as an item with the id `tool:<call id>`. Images count in
/// the message's own tokens (an image is never cut to a note: it is small next to a file); for a
/// model without vision they count as the note sent instead.
#[must_use]
pub fn budget_turns(
    messages: &[ChatMessage],
    order: &[usize],
    supports_images: bool,
) -> Vec<TurnForBudget> {
    order
        .iter()
        .map(|&index| {
            let message = &messages[index];
            let image_tokens: u64 = message
                .images
                .iter()
                .map(|image| {
                    if supports_images {
                        image.tokens()
                    } else {
                        count_text_tokens(&image_note(&image.name))
                    }
                })
                .sum();
            TurnForBudget {
                message_index: u32::try_from(index).unwrap_or(u32::MAX),
                role: message.role,
                tokens: count_text_tokens(&message.text)
                    .saturating_add(image_tokens)
                    .saturating_add(tool_use_tokens(message)),
                attachments: message
                    .attachments
                    .iter()
                    .enumerate()
                    .map(|(position, attachment)| BudgetAttachment {
                        id: position.to_string(),
                        label: attachment.label.clone(),
                        tokens: attachment.tokens,
                    })
                    .chain(tool_result_items(message))
                    .collect(),
            }
        })
        .collect()
}

/// What is sent in place of an image to a model that does not take images (an image of an
/// earlier message, sent before the model was changed).
#[must_use]
pub fn image_note(name: &str) -> String {
    format!("[image {name} left out: the model does not take images]")
}

/// The request's messages: those of `order` not left out by `trimming`, merged where two of one
/// role meet.
#[must_use]
pub fn render(
    messages: &[ChatMessage],
    order: &[usize],
    trimming: &Trimming,
    supports_images: bool,
) -> Vec<MessageParam> {
    let mut params: Vec<MessageParam> = Vec::with_capacity(order.len());
    for &index in order {
        if trimming.left_out.contains(&index) {
            continue;
        }
        let message = &messages[index];
        let content = message_content(index, message, trimming, supports_images);
        push_merged(&mut params, message.role, content);
        if !message.tool_calls.is_empty() {
            let results = message.tool_calls.iter().map(|call| {
                trimming
                    .tool_note_for(index, &call.id)
                    .map_or_else(|| call.tool_result(), |note| call.tool_result_as(note))
            });
            push_merged(
                &mut params,
                Role::User,
                MessageContent::Blocks(results.collect()),
            );
        }
    }
    params
}

/// Adds a message, merging it into the last one when both have the same role.
pub(crate) fn push_merged(params: &mut Vec<MessageParam>, role: Role, content: MessageContent) {
    let Some(last) = params.last_mut().filter(|last| last.role == role) else {
        params.push(MessageParam { role, content });
        return;
    };
    match (&mut last.content, content) {
        (MessageContent::Text(previous), MessageContent::Text(text)) => {
            previous.push_str("\n\n");
            previous.push_str(&text);
        }
        (previous, content) => {
            let mut blocks = into_blocks(std::mem::replace(
                previous,
                MessageContent::Blocks(Vec::new()),
            ));
            blocks.extend(into_blocks(content));
            *previous = MessageContent::Blocks(blocks);
        }
    }
}

fn into_blocks(content: MessageContent) -> Vec<ContentBlock> {
    match content {
        MessageContent::Text(text) => vec![ContentBlock::text(text)],
        MessageContent::Blocks(blocks) => blocks,
    }
}

/// One message's content: plain text, or blocks when something is attached.
fn message_content(
    index: usize,
    message: &ChatMessage,
    trimming: &Trimming,
    supports_images: bool,
) -> MessageContent {
    if !message.tool_calls.is_empty() {
        let mut blocks = Vec::with_capacity(1 + message.tool_calls.len());
        if !is_blank(&message.text) {
            blocks.push(ContentBlock::text(message.text.clone()));
        }
        blocks.extend(message.tool_calls.iter().map(|call| call.tool_use()));
        return MessageContent::Blocks(blocks);
    }
    if message.attachments.is_empty() && message.images.is_empty() {
        return MessageContent::Text(message.text.clone());
    }
    let mut blocks = Vec::with_capacity(1 + message.attachments.len() + message.images.len());
    if !is_blank(&message.text) {
        blocks.push(ContentBlock::text(message.text.clone()));
    }
    for (position, attachment) in message.attachments.iter().enumerate() {
        let text = trimming
            .note_for(index, position)
            .unwrap_or(&attachment.text);
        blocks.push(ContentBlock::text(text));
    }
    for image in &message.images {
        blocks.push(if supports_images {
            image.content_block()
        } else {
            ContentBlock::text(image_note(&image.name))
        });
    }
    MessageContent::Blocks(blocks)
}

#[cfg(test)]
mod tests;
