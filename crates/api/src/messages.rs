//! The conversation's messages in Anthropic's wire shape (the shape Roo Code keeps its history
//! in): a role and either a plain string or a list of text, image, `tool_use` and `tool_result`
//! blocks. Providers convert from these; the extension and the webview store and render them.
//!
//! Block types this crate does not know (Anthropic adds new ones, such as `thinking` or
//! `document`, and a newer build may have saved them) are kept as [`ContentBlock::Unknown`] with
//! their raw JSON, so an older history still loads and round-trips unchanged. Conversions skip
//! them. A block whose `type` is known but whose fields are wrong is rejected with an error that
//! names the block type, because silently keeping a broken text or tool block would send a
//! different conversation than the one the user sees.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

/// One message of the conversation, as Anthropic's `MessageParam`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MessageParam {
    pub role: Role,
    pub content: MessageContent,
}

impl MessageParam {
    /// A user message holding plain text.
    #[must_use]
    pub fn user_text(text: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: MessageContent::Text(text.into()),
        }
    }

    /// An assistant message holding plain text.
    #[must_use]
    pub fn assistant_text(text: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            content: MessageContent::Text(text.into()),
        }
    }
}

/// A message's content: Anthropic accepts either a bare string or a list of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(untagged)]
pub enum MessageContent {
    Text(String),
    Blocks(Vec<ContentBlock>),
}

/// One block of a message's content, tagged by `type` as on Anthropic's wire.
///
/// The TypeScript type lists only the known blocks; code on that side must ignore a block whose
/// `type` it does not recognise, exactly as the converters here do.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContentBlock {
    /// Plain text.
    Text { text: String },
    /// An image, inline or by URL.
    Image { source: ImageSource },
    /// A tool call the assistant made; `input` is the tool's arguments as JSON.
    ToolUse {
        id: String,
        name: String,
        input: Value,
    },
    /// The answer to the tool call `tool_use_id`, sent back in a user message.
    ToolResult {
        tool_use_id: String,
        content: ToolResultContent,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        is_error: Option<bool>,
    },
    /// A block of a type this crate does not know, kept verbatim (its `type` included).
    #[serde(untagged)]
    #[ts(skip)]
    Unknown(UnknownBlock),
}

impl ContentBlock {
    /// A text block.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text { text: text.into() }
    }
}

/// Where an image's bytes are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ImageSource {
    /// The image inline, base64-encoded, with its MIME type (for example `image/png`).
    Base64 { media_type: String, data: String },
    /// The image at a URL the model's provider fetches itself.
    Url { url: String },
}

/// A tool result's content: a bare string or a list of text and image blocks.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(untagged)]
pub enum ToolResultContent {
    Text(String),
    Blocks(Vec<ToolResultBlock>),
}

/// One block inside a tool result.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToolResultBlock {
    Text {
        text: String,
    },
    Image {
        source: ImageSource,
    },
    /// A block of a type this crate does not know, kept verbatim (its `type` included).
    #[serde(untagged)]
    #[ts(skip)]
    Unknown(UnknownBlock),
}

// Both content enums are read by hand rather than with serde's `untagged`, whose only error is
// "data did not match any variant": a string or a list is told apart by its first token, so an
// invalid block inside the list keeps its own precise error.

impl<'de> Deserialize<'de> for MessageContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match StringOrList::deserialize(deserializer)? {
            StringOrList::String(text) => Self::Text(text),
            StringOrList::List(blocks) => Self::Blocks(blocks),
        })
    }
}

impl<'de> Deserialize<'de> for ToolResultContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match StringOrList::deserialize(deserializer)? {
            StringOrList::String(text) => Self::Text(text),
            StringOrList::List(blocks) => Self::Blocks(blocks),
        })
    }
}

/// Content that is either a string or a list of `Block`s.
enum StringOrList<Block> {
    String(String),
    List(Vec<Block>),
}

impl<'de, Block: Deserialize<'de>> Deserialize<'de> for StringOrList<Block> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrListVisitor(PhantomData))
    }
}

struct StringOrListVisitor<Block>(PhantomData<Block>);

impl<'de, Block: Deserialize<'de>> Visitor<'de> for StringOrListVisitor<Block> {
    type Value = StringOrList<Block>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string or a list of content blocks")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(StringOrList::String(text.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(StringOrList::String(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Self::Value, A::Error> {
        let mut blocks = Vec::with_capacity(sequence.size_hint().unwrap_or(0).min(64));
        while let Some(block) = sequence.next_element()? {
            blocks.push(block);
        }
        Ok(StringOrList::List(blocks))
    }
}

/// The raw JSON object of a block whose `type` is not one this crate knows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct UnknownBlock(Map<String, Value>);

impl UnknownBlock {
    /// The block's `type` tag.
    #[must_use]
    pub fn block_type(&self) -> &str {
        self.0
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The block's whole JSON object, `type` included.
    #[must_use]
    pub fn fields(&self) -> &Map<String, Value> {
        &self.0
    }
}

/// The known blocks of [`ContentBlock`], derived so serde does the field work; the public enum's
/// `Deserialize` routes known tags here and everything else to [`UnknownBlock`].
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum KnownContentBlock {
    Text {
        text: String,
    },
    Image {
        source: ImageSource,
    },
    ToolUse {
        id: String,
        name: String,
        input: Value,
    },
    ToolResult {
        tool_use_id: String,
        // Anthropic makes a tool result's content optional; a missing one means an empty answer.
        #[serde(default = "empty_tool_result_content")]
        content: ToolResultContent,
        #[serde(default)]
        is_error: Option<bool>,
    },
}

const KNOWN_CONTENT_BLOCK_TYPES: &[&str] = &["text", "image", "tool_use", "tool_result"];

fn empty_tool_result_content() -> ToolResultContent {
    ToolResultContent::Text(String::new())
}

impl From<KnownContentBlock> for ContentBlock {
    fn from(block: KnownContentBlock) -> Self {
        match block {
            KnownContentBlock::Text { text } => Self::Text { text },
            KnownContentBlock::Image { source } => Self::Image { source },
            KnownContentBlock::ToolUse { id, name, input } => Self::ToolUse { id, name, input },
            KnownContentBlock::ToolResult {
                tool_use_id,
                content,
                is_error,
            } => Self::ToolResult {
                tool_use_id,
                content,
                is_error,
            },
        }
    }
}

impl<'de> Deserialize<'de> for ContentBlock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let parsed = deserialize_block::<D, KnownContentBlock>(
            deserializer,
            KNOWN_CONTENT_BLOCK_TYPES,
            "message content block",
        )?;
        Ok(match parsed {
            ParsedBlock::Known(block) => block.into(),
            ParsedBlock::Unknown(block) => Self::Unknown(block),
        })
    }
}

/// The known blocks of [`ToolResultBlock`], for the same routing as [`KnownContentBlock`].
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum KnownToolResultBlock {
    Text { text: String },
    Image { source: ImageSource },
}

const KNOWN_TOOL_RESULT_BLOCK_TYPES: &[&str] = &["text", "image"];

impl<'de> Deserialize<'de> for ToolResultBlock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let parsed = deserialize_block::<D, KnownToolResultBlock>(
            deserializer,
            KNOWN_TOOL_RESULT_BLOCK_TYPES,
            "tool result block",
        )?;
        Ok(match parsed {
            ParsedBlock::Known(KnownToolResultBlock::Text { text }) => Self::Text { text },
            ParsedBlock::Known(KnownToolResultBlock::Image { source }) => Self::Image { source },
            ParsedBlock::Unknown(block) => Self::Unknown(block),
        })
    }
}

/// A block either parsed into its known shape or kept raw.
enum ParsedBlock<Known> {
    Known(Known),
    Unknown(UnknownBlock),
}

/// Reads one tagged block: an object with a string `type`. A known `type` must parse into
/// `Known` (its error says which block was wrong); any other `type` is kept raw.
fn deserialize_block<'de, D, Known>(
    deserializer: D,
    known_types: &[&str],
    what: &str,
) -> Result<ParsedBlock<Known>, D::Error>
where
    D: Deserializer<'de>,
    Known: DeserializeOwned,
{
    let Value::Object(fields) = Value::deserialize(deserializer)? else {
        return Err(D::Error::custom(format!("a {what} must be a JSON object")));
    };
    let Some(block_type) = fields.get("type").and_then(Value::as_str) else {
        return Err(D::Error::custom(format!(
            "a {what} needs a string `type` field"
        )));
    };
    if !known_types.contains(&block_type) {
        return Ok(ParsedBlock::Unknown(UnknownBlock(fields)));
    }
    let block_type = block_type.to_owned();
    Known::deserialize(Value::Object(fields))
        .map(ParsedBlock::Known)
        .map_err(|error| D::Error::custom(format!("invalid `{block_type}` {what}: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(message: &Value) -> MessageParam {
        let parsed: MessageParam = serde_json::from_value(message.clone()).unwrap();
        assert_eq!(&serde_json::to_value(&parsed).unwrap(), message);
        parsed
    }

    #[test]
    fn plain_string_content_round_trips() {
        let parsed = round_trip(&json!({"role": "user", "content": "hello"}));
        assert_eq!(parsed, MessageParam::user_text("hello"));
    }

    #[test]
    fn every_known_block_round_trips_in_anthropic_shape() {
        let message = json!({
            "role": "user",
            "content": [
                {"type": "text", "text": "look"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBO"}},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}},
                {"type": "tool_result", "tool_use_id": "call_1", "content": "done"},
                {"type": "tool_result", "tool_use_id": "call_2", "is_error": true, "content": [
                    {"type": "text", "text": "failed"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/"}}
                ]}
            ]
        });
        let parsed = round_trip(&message);
        let MessageContent::Blocks(blocks) = parsed.content else {
            panic!("expected blocks");
        };
        assert_eq!(blocks.len(), 5);
        assert_eq!(
            blocks[4],
            ContentBlock::ToolResult {
                tool_use_id: "call_2".into(),
                content: ToolResultContent::Blocks(vec![
                    ToolResultBlock::Text {
                        text: "failed".into()
                    },
                    ToolResultBlock::Image {
                        source: ImageSource::Base64 {
                            media_type: "image/jpeg".into(),
                            data: "/9j/".into()
                        }
                    }
                ]),
                is_error: Some(true),
            }
        );
    }

    #[test]
    fn tool_use_keeps_its_input_json() {
        let parsed = round_trip(&json!({
            "role": "assistant",
            "content": [
                {"type": "text", "text": "reading"},
                {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {"path": "a.rs", "lines": [1, 2]}}
            ]
        }));
        assert_eq!(parsed.role, Role::Assistant);
        let MessageContent::Blocks(blocks) = parsed.content else {
            panic!("expected blocks");
        };
        assert_eq!(
            blocks[1],
            ContentBlock::ToolUse {
                id: "toolu_1".into(),
                name: "read_file".into(),
                input: json!({"path": "a.rs", "lines": [1, 2]}),
            }
        );
    }

    #[test]
    fn unknown_block_types_are_kept_verbatim() {
        let parsed = round_trip(&json!({
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "hmm", "signature": "abc"},
                {"type": "text", "text": "answer"}
            ]
        }));
        let MessageContent::Blocks(blocks) = parsed.content else {
            panic!("expected blocks");
        };
        let ContentBlock::Unknown(unknown) = &blocks[0] else {
            panic!("expected an unknown block, got {:?}", blocks[0]);
        };
        assert_eq!(unknown.block_type(), "thinking");
        assert_eq!(unknown.fields()["signature"], "abc");
    }

    #[test]
    fn unknown_blocks_inside_tool_results_are_kept_verbatim() {
        let parsed = round_trip(&json!({
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "t", "content": [
                {"type": "document", "source": {"type": "text", "data": "x"}}
            ]}]
        }));
        let MessageContent::Blocks(blocks) = parsed.content else {
            panic!("expected blocks");
        };
        let ContentBlock::ToolResult {
            content: ToolResultContent::Blocks(inner),
            ..
        } = &blocks[0]
        else {
            panic!("expected a tool result with blocks");
        };
        assert!(
            matches!(&inner[0], ToolResultBlock::Unknown(block) if block.block_type() == "document")
        );
    }

    #[test]
    fn a_tool_result_without_content_reads_as_empty_text() {
        let block: ContentBlock =
            serde_json::from_value(json!({"type": "tool_result", "tool_use_id": "t"})).unwrap();
        assert_eq!(
            block,
            ContentBlock::ToolResult {
                tool_use_id: "t".into(),
                content: ToolResultContent::Text(String::new()),
                is_error: None,
            }
        );
    }

    #[test]
    fn a_malformed_known_block_is_an_error_naming_the_block() {
        let error = serde_json::from_value::<ContentBlock>(json!({"type": "text", "txt": "x"}))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("invalid `text` message content block"),
            "{error}"
        );
        assert!(error.contains("text"), "{error}");

        let error = serde_json::from_value::<ContentBlock>(
            json!({"type": "tool_use", "id": "1", "input": {}}),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("`tool_use`"), "{error}");
        assert!(error.contains("name"), "{error}");
    }

    #[test]
    fn blocks_without_a_string_type_or_not_objects_are_errors() {
        let error = serde_json::from_value::<ContentBlock>(json!({"text": "x"}))
            .unwrap_err()
            .to_string();
        assert!(error.contains("needs a string `type` field"), "{error}");
        let error = serde_json::from_value::<ContentBlock>(json!({"type": 3}))
            .unwrap_err()
            .to_string();
        assert!(error.contains("needs a string `type` field"), "{error}");
        let error = serde_json::from_value::<ContentBlock>(json!("text"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("must be a JSON object"), "{error}");
    }

    #[test]
    fn an_invalid_block_inside_a_message_keeps_its_precise_error() {
        let error = serde_json::from_str::<MessageParam>(
            r#"{"role":"user","content":[{"type":"image","source":{"type":"base64"}}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("invalid `image` message content block"),
            "{error}"
        );
        assert!(error.contains("media_type"), "{error}");

        let error = serde_json::from_str::<MessageParam>(
            r#"{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text"}]}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("invalid `text` tool result block"),
            "{error}"
        );
    }

    #[test]
    fn content_that_is_neither_a_string_nor_a_list_is_rejected() {
        let error = serde_json::from_str::<MessageParam>(r#"{"role":"user","content":{"a":1}}"#)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("a string or a list of content blocks"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_role_is_rejected() {
        assert!(
            serde_json::from_value::<MessageParam>(json!({"role": "system", "content": "x"}))
                .is_err()
        );
    }

    #[test]
    fn typescript_declaration_uses_the_anthropic_wire_names() {
        let config = ts_rs::Config::new();
        let block = ContentBlock::decl(&config);
        for expected in [
            "\"type\": \"tool_use\"",
            "\"type\": \"tool_result\"",
            "tool_use_id: string",
            "is_error?: boolean",
        ] {
            assert!(block.contains(expected), "{expected} missing from {block}");
        }
        assert!(!block.contains("Unknown"), "{block}");
        let source = ImageSource::decl(&config);
        assert!(source.contains("media_type: string"), "{source}");
    }
}
