//! The parts of a `chat.completion.chunk` frame the stream decoder reads, deserialized borrowing
//! from the frame's text so a text delta is never copied before it is appended.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The parts of a `chat.completion.chunk` the decoder reads. Every other key (`id`, `model`,
/// `created`, ...) is skipped without being built.
#[derive(Debug, Deserialize)]
pub(super) struct ChunkFrame<'a> {
    /// Only the first choice is read: the extension asks for one (`n` is never set).
    #[serde(rename = "choices", default, borrow, deserialize_with = "first_choice")]
    pub(super) first_choice: Option<Choice<'a>>,
    /// Present (with `cost`) on the final chunk; `null` or absent on the others.
    #[serde(default)]
    pub(super) usage: Option<serde_json::Value>,
    /// Present on the error frame a failure after the stream started turns into.
    #[serde(default)]
    pub(super) error: Option<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Choice<'a> {
    #[serde(default, borrow)]
    pub(super) delta: Option<Delta<'a>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Delta<'a> {
    #[serde(default, borrow)]
    pub(super) content: DeltaText<'a>,
    #[serde(default, borrow)]
    pub(super) reasoning_content: DeltaText<'a>,
    /// The spelling some providers (and LiteLLM for them) use instead of `reasoning_content`.
    #[serde(default, borrow)]
    pub(super) reasoning: DeltaText<'a>,
    /// Pieces of tool calls, handed to the assembler as they are (it ignores odd shapes).
    #[serde(default)]
    pub(super) tool_calls: Option<serde_json::Value>,
}

/// Reads `choices` as its first element, skipping the rest without building them. `null` or a
/// missing key reads as no choice.
fn first_choice<'de, D>(deserializer: D) -> Result<Option<Choice<'de>>, D::Error>
where
    D: Deserializer<'de>,
{
    struct FirstChoice;

    impl<'de> Visitor<'de> for FirstChoice {
        type Value = Option<Choice<'de>>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a list of choices")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut choices: A) -> Result<Self::Value, A::Error> {
            let first = choices.next_element::<Choice<'de>>()?;
            while choices.next_element::<IgnoredAny>()?.is_some() {}
            Ok(first)
        }
    }

    deserializer.deserialize_any(FirstChoice)
}

/// A delta's text field: kept when it is a string (borrowed from the frame when it has no
/// escapes), ignored when it is `null` or any other shape, so one odd field never costs the
/// whole frame.
#[derive(Debug, Default)]
pub(super) struct DeltaText<'a>(pub(super) Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for DeltaText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DeltaTextVisitor)
    }
}

struct DeltaTextVisitor;

impl<'de> Visitor<'de> for DeltaTextVisitor {
    type Value = DeltaText<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string or null")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(DeltaText(Some(Cow::Borrowed(text))))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(DeltaText(Some(Cow::Owned(text.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(DeltaText(Some(Cow::Owned(text))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(DeltaText(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(DeltaText(None))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(DeltaText(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(DeltaText(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(DeltaText(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(DeltaText(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        while items.next_element::<IgnoredAny>()?.is_some() {}
        Ok(DeltaText(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
        while entries.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(DeltaText(None))
    }
}
