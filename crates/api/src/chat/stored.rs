//! One chat's file, `chats/<id>.json`, format version 3:
//!
//! ```json
//! {"version": 3, "revision": 7, "chat": {"id": "…", "title": "…", "createdAtMs": 1.0,
//!   "updatedAtMs": 2.0, "messages": [{"id": "…", "role": "user", "text": "…", "reasoning": "",
//!   "state": "complete", "modelId": null, "usage": null, "error": null}]}}
//! ```
//!
//! The chat inside has the shape version 2 gave each chat of the single file, so the migration
//! reads version 2 chats with the same types. Those types are the file's own (not the webview's
//! [`Conversation`]), unknown fields are ignored when reading, and `revision` counts the writes
//! of the chat so a window can tell whether another one wrote it since (see
//! [`super::document`]).
//!
//! A message may also carry `attachments`, `images`, `contextNotice` and `summaryOf` (see
//! [`super::stored_context`]) and a reply its `toolCalls`, and the chat its `mode` (see
//! [`super::stored_tool_calls`]): optional fields, written only when present, so files written
//! before them read unchanged.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::format_error::{FileKind, FormatError, read_versioned};
use super::stored_context::{StoredAttachment, StoredImage};
use super::stored_parts::{StoredError, StoredRole, StoredState, StoredUsage};
use super::stored_tool_calls::{StoredMode, StoredToolCall};
use super::{ChatMessage, Conversation};

/// The format version chat files are written in.
pub const CHAT_FILE_VERSION: u64 = 3;

/// The longest id that names a chat file, well inside every file system's name limit.
const MAX_ID_LEN: usize = 100;

/// A chat as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredConversation {
    pub id: String,
    pub title: String,
    pub created_at_ms: f64,
    pub updated_at_ms: f64,
    pub messages: Vec<StoredMessage>,
    #[serde(default, skip_serializing_if = "StoredMode::is_ask")]
    pub mode: StoredMode,
}

/// A message as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredMessage {
    pub id: String,
    pub role: StoredRole,
    pub text: String,
    #[serde(default)]
    pub reasoning: String,
    pub state: StoredState,
    pub model_id: Option<String>,
    pub usage: Option<StoredUsage>,
    pub error: Option<StoredError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<StoredAttachment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<StoredImage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_notice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<StoredToolCall>,
}

/// The file as written: the version first, so a person opening it sees what it is.
#[derive(Serialize)]
struct ChatFileOut<'a> {
    version: u64,
    revision: u64,
    chat: &'a StoredConversation,
}

/// A chat read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedChat {
    pub conversation: Conversation,
    /// How many times the chat has been written.
    pub revision: u64,
    /// Replies that were still streaming when the file was written (the editor closed
    /// mid-reply); they are now `stopped`.
    pub interrupted_replies: usize,
}

impl From<&Conversation> for StoredConversation {
    fn from(conversation: &Conversation) -> Self {
        Self {
            id: conversation.id.clone(),
            title: conversation.title.clone(),
            created_at_ms: conversation.created_at_ms,
            updated_at_ms: conversation.updated_at_ms,
            messages: conversation
                .messages
                .iter()
                .map(StoredMessage::from)
                .collect(),
            mode: conversation.mode.into(),
        }
    }
}

impl From<&ChatMessage> for StoredMessage {
    fn from(message: &ChatMessage) -> Self {
        Self {
            id: message.id.clone(),
            role: message.role.into(),
            text: message.text.clone(),
            reasoning: message.reasoning.clone(),
            state: message.state.into(),
            model_id: message.model_id.clone(),
            usage: message.usage.as_ref().map(StoredUsage::from),
            error: message.error.as_ref().map(StoredError::from),
            attachments: message
                .attachments
                .iter()
                .map(StoredAttachment::from)
                .collect(),
            images: message.images.iter().map(StoredImage::from).collect(),
            context_notice: message.context_notice.clone(),
            summary_of: message.summary_of.clone(),
            tool_calls: message
                .tool_calls
                .iter()
                .map(StoredToolCall::from)
                .collect(),
        }
    }
}

impl From<StoredConversation> for Conversation {
    fn from(stored: StoredConversation) -> Self {
        Self {
            id: stored.id,
            title: stored.title,
            created_at_ms: stored.created_at_ms,
            updated_at_ms: stored.updated_at_ms,
            messages: stored.messages.into_iter().map(ChatMessage::from).collect(),
            mode: stored.mode.into(),
        }
    }
}

impl From<StoredMessage> for ChatMessage {
    fn from(stored: StoredMessage) -> Self {
        Self {
            id: stored.id,
            role: stored.role.into(),
            text: stored.text,
            reasoning: stored.reasoning,
            state: stored.state.into(),
            model_id: stored.model_id,
            usage: stored.usage.map(Into::into),
            error: stored.error.map(Into::into),
            attachments: stored.attachments.into_iter().map(Into::into).collect(),
            images: stored.images.into_iter().map(Into::into).collect(),
            context_notice: stored.context_notice,
            summary_of: stored.summary_of,
            tool_calls: stored.tool_calls.into_iter().map(Into::into).collect(),
        }
    }
}

/// Whether an id can name a chat file on every file system the extension runs on: letters,
/// digits, `-` and `_`, at most [`MAX_ID_LEN`] of them, and not a name Windows reserves. The shell
/// names the file `<id>.json`, so anything else could escape the folder or collide.
#[must_use]
pub fn is_valid_chat_id(id: &str) -> bool {
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let lower = id.to_ascii_lowercase();
    let reserved_numbered = (lower.starts_with("com") || lower.starts_with("lpt"))
        && lower.len() == 4
        && lower.ends_with(|c: char| c.is_ascii_digit());
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        && !RESERVED.contains(&lower.as_str())
        && !reserved_numbered
}

/// Reads a stored chat from its JSON value, as a chat file or a version 2 history holds it.
pub(crate) fn conversation_from_value(value: &Value) -> Result<Conversation, String> {
    StoredConversation::deserialize(value)
        .map(Conversation::from)
        .map_err(|error| error.to_string())
}

/// Reads a chat file. A reply still streaming in it becomes `stopped`, as nothing will finish it.
///
/// # Errors
/// A [`FormatError`] naming what is wrong: not JSON, not a version 3 chat file, no revision, or a
/// chat that does not read (a missing field, an unknown role, an id that cannot name a file).
pub fn read_chat_file(bytes: &[u8]) -> Result<LoadedChat, FormatError> {
    let (_, mut fields) = read_versioned(bytes, FileKind::Chat)?;
    let revision = fields
        .get("revision")
        .and_then(Value::as_u64)
        .ok_or_else(|| FormatError::shape(FileKind::Chat, "it has no whole-number `revision`"))?;
    let chat = fields
        .remove("chat")
        .ok_or_else(|| FormatError::shape(FileKind::Chat, "it has no `chat`"))?;
    let mut conversation = conversation_from_value(&chat)
        .map_err(|reason| FormatError::shape(FileKind::Chat, format!("its chat: {reason}")))?;
    if !is_valid_chat_id(&conversation.id) {
        let reason = format!("its id {:?} cannot name a chat file", conversation.id);
        return Err(FormatError::shape(FileKind::Chat, reason));
    }
    let interrupted_replies = conversation.interrupt_streaming_replies();
    conversation.settle_open_tool_calls();
    Ok(LoadedChat {
        conversation,
        revision,
        interrupted_replies,
    })
}

/// Writes a chat file with this revision.
///
/// # Errors
/// A [`FormatError`] when a time is not a number (JSON would write `null` and the file would not
/// read back); refusing is better than writing a file that loses the chat.
pub fn write_chat_file(conversation: &Conversation, revision: u64) -> Result<Vec<u8>, FormatError> {
    if !(conversation.created_at_ms.is_finite() && conversation.updated_at_ms.is_finite()) {
        let error = serde_json::Error::io(std::io::Error::other("a time is not a number"));
        return Err(FormatError::unserializable(FileKind::Chat, &error));
    }
    let file = ChatFileOut {
        version: CHAT_FILE_VERSION,
        revision,
        chat: &StoredConversation::from(conversation),
    };
    serde_json::to_vec(&file).map_err(|error| FormatError::unserializable(FileKind::Chat, &error))
}

/// The revision a chat file on disk carries, without reading its messages; `None` when the bytes
/// are not a chat file this version reads (damaged, or from a newer version).
#[must_use]
pub fn disk_revision(bytes: &[u8]) -> Option<u64> {
    let (_, fields) = read_versioned(bytes, FileKind::Chat).ok()?;
    fields.get("revision").and_then(Value::as_u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::MessageState;
    use crate::chat::format_error::FormatProblem;
    use crate::classify;
    use crate::stream::{ApiStreamChunk, Cost, CostSource, Usage};
    use serde_json::json;

    /// A chat with a finished reply (reasoning, usage), a failed one and a streaming one.
    fn sample() -> Conversation {
        let mut chat = Conversation::new("c1", 10.0);
        chat.append_user_message("u1", "Hi «there» 🦀", 11.0)
            .unwrap();
        chat.begin_reply("a1", "gpt-4o", 12.0).unwrap();
        let usage = Usage {
            input_tokens: 100,
            output_tokens: 7,
            cache_write_tokens: None,
            cache_read_tokens: Some(50),
            reasoning_tokens: Some(2),
            cost: Cost::Known {
                usd: 0.5,
                source: CostSource::Proxy,
            },
            estimated: true,
            cache_savings: None,
        };
        let chunks = [
            ApiStreamChunk::Reasoning { text: "hmm".into() },
            ApiStreamChunk::Text {
                text: "Hello".into(),
            },
            ApiStreamChunk::Usage(usage),
        ];
        chat.apply_chunks("a1", &chunks, 13.0).unwrap();
        chat.finish_reply("a1", 14.0).unwrap();
        chat.append_user_message("u2", "more", 15.0).unwrap();
        chat.begin_reply("a2", "gpt-4o", 16.0).unwrap();
        let error = ApiStreamChunk::Error {
            error: classify::stream_cut_short("reset"),
        };
        chat.apply_chunks("a2", &[error], 17.0).unwrap();
        chat
    }

    #[test]
    fn a_chat_round_trips_through_its_file() {
        let chat = sample();
        let bytes = write_chat_file(&chat, 4).unwrap();
        let loaded = read_chat_file(&bytes).unwrap();
        assert_eq!(loaded.conversation, chat);
        assert_eq!(loaded.revision, 4);
        assert_eq!(loaded.interrupted_replies, 0);
        assert_eq!(write_chat_file(&loaded.conversation, 4).unwrap(), bytes);
        assert_eq!(disk_revision(&bytes), Some(4));
    }

    #[test]
    fn the_file_has_the_documented_shape_and_the_chat_is_version_2s_shape() {
        let chat = sample();
        let value: Value = serde_json::from_slice(&write_chat_file(&chat, 1).unwrap()).unwrap();
        assert_eq!(value["version"], 3);
        assert_eq!(value["revision"], 1);
        // Version 2 wrote each chat as the wire type serializes; the stored chat is the same,
        // less the context and tool-call fields a message without them leaves out, the cache
        // savings a reply that used no cache leaves out, and the mode of an Ask chat.
        let mut wire = serde_json::to_value(&chat).unwrap();
        wire.as_object_mut().unwrap().remove("mode");
        for message in wire["messages"].as_array_mut().unwrap() {
            for key in [
                "attachments",
                "images",
                "contextNotice",
                "summaryOf",
                "toolCalls",
            ] {
                message.as_object_mut().unwrap().remove(key);
            }
            if let Some(usage) = message["usage"].as_object_mut() {
                assert_eq!(usage.remove("cacheSavings"), Some(Value::Null));
            }
        }
        assert_eq!(value["chat"], wire);
        assert_eq!(value["chat"]["messages"][1]["usage"]["estimated"], true);
        assert_eq!(
            value["chat"]["messages"][3]["error"]["kind"],
            "streamCutShort"
        );
    }

    #[test]
    fn unknown_fields_anywhere_are_ignored() {
        let mut value: Value =
            serde_json::from_slice(&write_chat_file(&sample(), 2).unwrap()).unwrap();
        value["writtenBy"] = json!("a newer build");
        value["chat"]["pinned"] = json!(true);
        value["chat"]["messages"][0]["reactions"] = json!([{"name": "a.png"}]);
        value["chat"]["messages"][1]["usage"]["cacheCostUsd"] = json!(0.1);
        value["chat"]["messages"][3]["error"]["traceId"] = json!("x");
        let loaded = read_chat_file(&serde_json::to_vec(&value).unwrap()).unwrap();
        assert_eq!(loaded.conversation, sample());
    }

    /// The sample with a message carrying an attachment and an image, a reply with a context
    /// notice and a completed Condense summary.
    fn sample_with_context() -> Conversation {
        use crate::context::{Attachment, AttachmentKind, ChatImage};
        let mut chat = sample();
        let attachment = Attachment {
            kind: AttachmentKind::File,
            label: "src/main.rs".into(),
            text: "src/main.rs\n```rust\n1 | fn main() {}\n```".into(),
            tokens: 12,
            note: None,
        };
        let image = ChatImage {
            name: "shot.png".into(),
            media_type: "image/png".into(),
            data: "iVBORw0KGgo=".into(),
            width: 640,
            height: 480,
        };
        chat.append_user_input("u3", "", vec![attachment], vec![image], 18.0)
            .unwrap();
        chat.begin_reply("a3", "gpt-4o", 19.0).unwrap();
        chat.note_context(Some("To fit, this request leaves out 2 earlier messages."));
        chat.apply_chunks(
            "a3",
            &[ApiStreamChunk::Text {
                text: "Done.".into(),
            }],
            20.0,
        )
        .unwrap();
        chat.finish_reply("a3", 20.0).unwrap();
        chat.begin_condense("s1", "gpt-4o", 21.0).unwrap();
        chat.apply_chunks(
            "s1",
            &[ApiStreamChunk::Text {
                text: "Notes.".into(),
            }],
            22.0,
        )
        .unwrap();
        chat.finish_reply("s1", 23.0).unwrap();
        chat
    }

    #[test]
    fn a_chat_with_context_round_trips_with_every_field() {
        let chat = sample_with_context();
        assert_eq!(
            chat.message("s1").unwrap().summary_of,
            Some(vec!["a1".into(), "u2".into()])
        );
        let bytes = write_chat_file(&chat, 5).unwrap();
        let loaded = read_chat_file(&bytes).unwrap();
        assert_eq!(loaded.conversation, chat);
        assert_eq!(write_chat_file(&loaded.conversation, 5).unwrap(), bytes);
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let messages = &value["chat"]["messages"];
        assert_eq!(messages[4]["attachments"][0]["label"], "src/main.rs");
        assert_eq!(messages[4]["attachments"][0]["kind"], "file");
        assert_eq!(messages[4]["images"][0]["mediaType"], "image/png");
        assert_eq!(messages[4]["images"][0]["width"], 640);
        assert!(
            messages[5]["contextNotice"]
                .as_str()
                .unwrap()
                .contains("leaves out")
        );
        assert_eq!(messages[6]["summaryOf"], json!(["a1", "u2"]));
        // Messages without context keep the shape files had before it existed.
        assert!(messages[0].get("attachments").is_none());
        assert!(messages[0].get("summaryOf").is_none());
    }

    #[test]
    fn a_file_written_before_context_existed_reads_with_none() {
        // A version 3 file as builds before issue 14 wrote it, byte for byte.
        let old = br#"{"version":3,"revision":2,"chat":{"id":"c9","title":"Hi","createdAtMs":1.0,"updatedAtMs":3.0,"messages":[{"id":"u1","role":"user","text":"Hi","reasoning":"","state":"complete","modelId":null,"usage":null,"error":null},{"id":"a1","role":"assistant","text":"Hello","reasoning":"","state":"complete","modelId":"m","usage":null,"error":null}]}}"#;
        let loaded = read_chat_file(old).unwrap();
        let messages = &loaded.conversation.messages;
        assert_eq!(messages.len(), 2);
        for message in messages {
            assert!(message.attachments.is_empty() && message.images.is_empty());
            assert_eq!(
                (&message.context_notice, &message.summary_of),
                (&None, &None)
            );
        }
        // And writing it again gives the same bytes: nothing new appears in an old chat.
        assert_eq!(
            write_chat_file(&loaded.conversation, 2).unwrap(),
            old.to_vec()
        );
    }

    #[test]
    fn a_newer_file_reads_in_a_reader_that_knows_no_context_fields() {
        // What an older build does with a newer file: its message type has no context fields
        // and ignores unknown ones, so the chat still opens (without what it cannot show).
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code)]
        struct OlderMessage {
            id: String,
            role: StoredRole,
            text: String,
            state: StoredState,
        }
        let bytes = write_chat_file(&sample_with_context(), 1).unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let older: Vec<OlderMessage> =
            serde_json::from_value(value["chat"]["messages"].clone()).unwrap();
        assert_eq!(older.len(), 7);
        assert_eq!(older[6].text, "Notes.");
    }

    #[test]
    fn a_reply_saved_mid_stream_loads_as_stopped() {
        let mut chat = sample();
        chat.append_user_message("u3", "again", 18.0).unwrap();
        chat.begin_reply("a3", "m", 19.0).unwrap();
        chat.apply_chunks("a3", &[ApiStreamChunk::Text { text: "par".into() }], 20.0)
            .unwrap();
        let loaded = read_chat_file(&write_chat_file(&chat, 1).unwrap()).unwrap();
        assert_eq!(loaded.interrupted_replies, 1);
        let reply = loaded.conversation.message("a3").unwrap();
        assert_eq!(reply.state, MessageState::Stopped);
        assert_eq!(reply.text, "par");
        assert_eq!(reply.error, Some(classify::cancelled()));
        assert_eq!(loaded.conversation.updated_at_ms, 20.0);
    }

    #[test]
    fn unreadable_chat_files_say_why() {
        let bytes = write_chat_file(&sample(), 1).unwrap();
        let error = read_chat_file(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(
            matches!(error.problem, FormatProblem::InvalidJson(_)),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("the chat file is not valid JSON")
        );

        let mut value: Value = serde_json::from_slice(&bytes).unwrap();
        value["chat"]["messages"][0]["role"] = json!("system");
        let error = read_chat_file(&serde_json::to_vec(&value).unwrap()).unwrap_err();
        assert!(error.to_string().contains("system"), "{error}");

        let cases = [
            (json!({"version": 3, "chat": {}}), "revision"),
            (json!({"version": 3, "revision": 1}), "no `chat`"),
            (
                json!({"version": 3, "revision": -1, "chat": {}}),
                "revision",
            ),
            (
                json!({"version": 4, "revision": 1, "chat": {}}),
                "newer version",
            ),
            (
                json!({"version": 2, "conversations": []}),
                "format version 2",
            ),
        ];
        for (value, expected) in cases {
            let error = read_chat_file(&serde_json::to_vec(&value).unwrap()).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
        }
        let mut escaping = serde_json::to_value(StoredConversation::from(&sample())).unwrap();
        escaping["id"] = json!("../outside");
        let file = json!({"version": 3, "revision": 1, "chat": escaping});
        let error = read_chat_file(&serde_json::to_vec(&file).unwrap()).unwrap_err();
        assert!(
            error.to_string().contains("cannot name a chat file"),
            "{error}"
        );
    }

    #[test]
    fn disk_revision_reads_only_the_header() {
        assert_eq!(
            disk_revision(br#"{"version": 3, "revision": 9, "chat": "not read"}"#),
            Some(9)
        );
        for unreadable in [
            &b""[..],
            b"{\"version\": 3, \"revis",
            br#"{"version": 4, "revision": 9}"#,
            br#"{"version": 3}"#,
        ] {
            assert_eq!(disk_revision(unreadable), None);
        }
    }

    #[test]
    fn a_time_that_is_not_a_number_is_refused_rather_than_written_as_null() {
        let mut chat = sample();
        chat.updated_at_ms = f64::NAN;
        let error = write_chat_file(&chat, 1).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the chat file could not be written")
        );
    }

    #[test]
    fn chat_ids_must_name_a_file_safely() {
        for good in [
            "c1",
            "01HZX3K9Q2",
            "9b2c1e0a-5f4d-4c1b-a1e2-123456789abc",
            "a_b",
        ] {
            assert!(is_valid_chat_id(good), "{good}");
        }
        let too_long = "x".repeat(MAX_ID_LEN + 1);
        for bad in [
            "", "../x", "a/b", "a\\b", "a:b", "a.b", "é", "con", "NUL", "com1", "Lpt9", &too_long,
        ] {
            assert!(!is_valid_chat_id(bad), "{bad}");
        }
        assert!(is_valid_chat_id("console") && is_valid_chat_id("com10"));
    }
}
