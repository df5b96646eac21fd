//! Prompt-caching breakpoints: which messages of a request carry
//! `cache_control: {"type": "ephemeral"}`, and how they are written.
//!
//! Anthropic caches a prompt's prefix up to each marked content part, for at most four marks.
//! The marks go where the prefix stays the same from one request to the next: the system prompt
//! (the same for the whole chat) and the last two user messages (the newest one, which the next
//! request reads from the cache, and the one before it, which this request reads). LiteLLM
//! 1.106.2 carries a `cache_control` on a content part of an OpenAI-format message to the
//! matching part of Anthropic's `system` and `messages`; a message's content has to be a list of
//! parts for that, so a marked message's text is written as one text part.

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::transform::openai_format::{OpenAiContentPart, OpenAiMessage, OpenAiUserContent};

/// The JSON name of the prompt caching switch in the provider settings.
pub const FIELD_PROMPT_CACHING: &str = "litellmPromptCaching";

/// How many of the last user messages are marked.
pub const CACHED_USER_MESSAGES: usize = 2;

/// The indexes of the messages to mark: the system prompt when it leads, then the last
/// [`CACHED_USER_MESSAGES`] user messages that have text to mark.
#[must_use]
pub fn cache_breakpoints(messages: &[OpenAiMessage]) -> Vec<usize> {
    let mut marked: Vec<usize> = messages
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, message)| matches!(message, OpenAiMessage::User { .. }))
        .filter(|(_, message)| has_text_to_mark(message))
        .take(CACHED_USER_MESSAGES)
        .map(|(index, _)| index)
        .collect();
    if let Some(OpenAiMessage::System { content }) = messages.first()
        && !content.is_empty()
    {
        marked.push(0);
    }
    marked.sort_unstable();
    marked
}

/// Whether a message has a non-empty text part to carry the mark: Anthropic refuses a
/// `cache_control` on an empty text block.
fn has_text_to_mark(message: &OpenAiMessage) -> bool {
    match message {
        OpenAiMessage::System { content } => !content.is_empty(),
        OpenAiMessage::User {
            content: OpenAiUserContent::Text(text),
        } => !text.is_empty(),
        OpenAiMessage::User {
            content: OpenAiUserContent::Parts(parts),
        } => parts
            .iter()
            .any(|part| matches!(part, OpenAiContentPart::Text { text } if !text.is_empty())),
        OpenAiMessage::Assistant { .. } | OpenAiMessage::Tool { .. } => false,
    }
}

/// The messages as sent: each as it is, except the ones at `breakpoints`, whose last text part
/// carries the cache mark.
#[derive(Debug, Clone, Copy)]
pub struct OutgoingMessages<'a> {
    messages: &'a [OpenAiMessage],
    breakpoints: &'a [usize],
}

impl<'a> OutgoingMessages<'a> {
    /// The messages with marks at `breakpoints` (from [`cache_breakpoints`], or none).
    #[must_use]
    pub fn new(messages: &'a [OpenAiMessage], breakpoints: &'a [usize]) -> Self {
        Self {
            messages,
            breakpoints,
        }
    }
}

impl Serialize for OutgoingMessages<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut sequence = serializer.serialize_seq(Some(self.messages.len()))?;
        for (index, message) in self.messages.iter().enumerate() {
            if self.breakpoints.contains(&index)
                && let Some(marked) = MarkedMessage::of(message)
            {
                sequence.serialize_element(&marked)?;
            } else {
                sequence.serialize_element(message)?;
            }
        }
        sequence.end()
    }
}

/// A system or user message written as a list of parts, its last text part marked.
struct MarkedMessage<'a> {
    role: &'static str,
    parts: Vec<PartRef<'a>>,
    marked_part: usize,
}

/// One part of a marked message, borrowed from the converted message.
enum PartRef<'a> {
    Text(&'a str),
    Other(&'a OpenAiContentPart),
}

impl<'a> MarkedMessage<'a> {
    fn of(message: &'a OpenAiMessage) -> Option<Self> {
        let (role, parts): (&'static str, Vec<PartRef<'a>>) = match message {
            OpenAiMessage::System { content } => ("system", vec![PartRef::Text(content)]),
            OpenAiMessage::User {
                content: OpenAiUserContent::Text(text),
            } => ("user", vec![PartRef::Text(text)]),
            OpenAiMessage::User {
                content: OpenAiUserContent::Parts(parts),
            } => (
                "user",
                parts
                    .iter()
                    .map(|part| match part {
                        OpenAiContentPart::Text { text } => PartRef::Text(text),
                        other => PartRef::Other(other),
                    })
                    .collect(),
            ),
            OpenAiMessage::Assistant { .. } | OpenAiMessage::Tool { .. } => return None,
        };
        let marked_part = parts
            .iter()
            .rposition(|part| matches!(part, PartRef::Text(text) if !text.is_empty()))?;
        Some(Self {
            role,
            parts,
            marked_part,
        })
    }
}

impl Serialize for MarkedMessage<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut message = serializer.serialize_struct("MarkedMessage", 2)?;
        message.serialize_field("role", self.role)?;
        let parts: Vec<SentPart<'_>> = self
            .parts
            .iter()
            .enumerate()
            .map(|(index, part)| match part {
                PartRef::Text(text) => SentPart::Text(TextPart {
                    kind: "text",
                    text,
                    cache_control: (index == self.marked_part).then_some(CacheControl::EPHEMERAL),
                }),
                PartRef::Other(other) => SentPart::Other(other),
            })
            .collect();
        message.serialize_field("content", &parts)?;
        message.end()
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum SentPart<'a> {
    Text(TextPart<'a>),
    Other(&'a OpenAiContentPart),
}

#[derive(Serialize)]
struct TextPart<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cache_control: Option<CacheControl>,
}

/// Anthropic's cache mark; `ephemeral` is its only kind (a five-minute cache).
#[derive(Debug, Clone, Copy, Serialize)]
struct CacheControl {
    #[serde(rename = "type")]
    kind: &'static str,
}

impl CacheControl {
    const EPHEMERAL: Self = Self { kind: "ephemeral" };
}

#[cfg(test)]
mod tests;
