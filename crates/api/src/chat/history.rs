//! The saved chat history: every chat, which one is open, and the file format they are saved in,
//! including the migration from the older format this product's predecessor wrote.
//!
//! The format is JSON with a top-level `version`:
//!
//! - version 2 (written here): `{"version": 2, "activeConversationId": ..., "conversations":
//!   [...]}`, each conversation exactly as [`Conversation`] serializes.
//! - version 1 (read only; Roo-style): `{"version": 1, "chats": [{"id", "title"?, "ts",
//!   "apiConversationHistory": [<Anthropic MessageParam>...]}]}`. A file without `version` is
//!   read as version 1.
//!
//! Loading never gives up on a whole file because of one chat: a chat that cannot be read is
//! skipped, reported, and its raw JSON is kept under `unreadableConversations` and written back
//! on every save, so a newer or damaged chat is never silently deleted by the next save. A file
//! that cannot be read at all is an error (never a panic), so the extension can back it up.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::messages::{ContentBlock, MessageContent, MessageParam, Role};

use super::conversation::{ChatError, shorten_title, title_from_text};
use super::{ChatMessage, Conversation, ConversationSummary, MessageState};

/// The format version [`save_history`] writes.
pub const CURRENT_VERSION: u64 = 2;

/// Every saved chat and which one is open.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The chats, in the order they were first saved.
    pub conversations: Vec<Conversation>,
    /// The chat the sidebar shows, when there is one.
    pub active_conversation_id: Option<String>,
    /// Chats that could not be read when the file was loaded, as their raw JSON, written back
    /// unchanged so a later version (or a manual repair) can still recover them.
    pub unreadable_conversations: Vec<Value>,
}

/// What loading found besides the chats: the extension logs the warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The format version the bytes were in; `None` for empty input.
    pub from_version: Option<u64>,
    /// How many chats could not be read (kept raw in [`History::unreadable_conversations`]).
    pub skipped_conversations: usize,
    /// How many replies were still streaming when the file was saved (the editor closed
    /// mid-reply); they are now `stopped`.
    pub interrupted_replies: usize,
    /// One sentence per problem, for the log.
    pub warnings: Vec<String>,
}

/// A loaded history and what loading it found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadedHistory {
    pub history: History,
    pub report: LoadReport,
}

/// Why a history file could not be read (or, in theory, written). The extension keeps the bytes
/// as a backup and starts empty, so each message says what was wrong with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryError {
    /// The bytes are not JSON.
    InvalidJson(String),
    /// The JSON is not an object.
    NotAnObject,
    /// `version` is there but not a format number.
    InvalidVersion(String),
    /// The file was written by a newer version of the extension.
    FutureVersion(u64),
    /// The object is not shaped like a chat history.
    InvalidShape(String),
    /// The history could not be turned into JSON.
    Unserializable(String),
}

impl fmt::Display for HistoryError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidJson(detail) => {
                write!(formatter, "the chat history is not valid JSON: {detail}")
            }
            Self::NotAnObject => formatter.write_str("the chat history is not a JSON object"),
            Self::InvalidVersion(found) => write!(
                formatter,
                "the chat history's `version` is {found}, which is not a format version"
            ),
            Self::FutureVersion(version) => write!(
                formatter,
                "the chat history was saved in format version {version} by a newer version of \
                 the extension; this version reads versions 1 to {CURRENT_VERSION}"
            ),
            Self::InvalidShape(detail) => {
                write!(
                    formatter,
                    "the chat history is not in the expected shape: {detail}"
                )
            }
            Self::Unserializable(detail) => {
                write!(formatter, "the chat history could not be written: {detail}")
            }
        }
    }
}

impl std::error::Error for HistoryError {}

impl History {
    /// An empty history.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The chat with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Conversation> {
        self.conversations
            .iter()
            .find(|conversation| conversation.id == id)
    }

    /// The chat with this id, for changing it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Conversation> {
        self.conversations
            .iter_mut()
            .find(|conversation| conversation.id == id)
    }

    /// The chat with this id, or an error naming it.
    ///
    /// # Errors
    /// [`ChatError::UnknownConversation`] when there is none.
    pub fn conversation(&self, id: &str) -> Result<&Conversation, ChatError> {
        self.get(id)
            .ok_or_else(|| ChatError::UnknownConversation(id.to_owned()))
    }

    /// The chat with this id, for changing it, or an error naming it.
    ///
    /// # Errors
    /// [`ChatError::UnknownConversation`] when there is none.
    pub fn conversation_mut(&mut self, id: &str) -> Result<&mut Conversation, ChatError> {
        self.get_mut(id)
            .ok_or_else(|| ChatError::UnknownConversation(id.to_owned()))
    }

    /// Saves a chat: replaces the one with the same id, or adds it.
    pub fn upsert(&mut self, conversation: Conversation) {
        match self.get_mut(&conversation.id) {
            Some(existing) => *existing = conversation,
            None => self.conversations.push(conversation),
        }
    }

    /// Deletes a chat; when it was the open one, no chat is open. Returns whether it existed.
    pub fn delete(&mut self, id: &str) -> bool {
        let before = self.conversations.len();
        self.conversations
            .retain(|conversation| conversation.id != id);
        if self.active_conversation_id.as_deref() == Some(id) {
            self.active_conversation_id = None;
        }
        self.conversations.len() != before
    }

    /// The open chat, when there is one.
    #[must_use]
    pub fn active(&self) -> Option<&Conversation> {
        self.active_conversation_id
            .as_deref()
            .and_then(|id| self.get(id))
    }

    /// Opens a chat.
    ///
    /// Leaving a chat that has no messages deletes it: "New chat" pressed twice, or pressed and
    /// then another chat opened, must not leave empty lines in the history.
    ///
    /// # Errors
    /// [`ChatError::UnknownConversation`] when there is no such chat; nothing changes then.
    pub fn set_active(&mut self, id: &str) -> Result<&Conversation, ChatError> {
        if self.get(id).is_none() {
            return Err(ChatError::UnknownConversation(id.to_owned()));
        }
        self.leave_active_for(id);
        self.active_conversation_id = Some(id.to_owned());
        self.conversation(id)
    }

    /// Starts an empty chat and opens it (leaving an empty open chat deletes it, as in
    /// [`History::set_active`]).
    ///
    /// # Errors
    /// [`ChatError::DuplicateId`] when a chat already has this id.
    pub fn start_conversation(
        &mut self,
        id: impl Into<String>,
        now_ms: f64,
    ) -> Result<&Conversation, ChatError> {
        let id = id.into();
        if self.get(&id).is_some() {
            return Err(ChatError::DuplicateId(id));
        }
        self.leave_active_for(&id);
        self.conversations
            .push(Conversation::new(id.clone(), now_ms));
        self.active_conversation_id = Some(id.clone());
        self.conversation(&id)
    }

    /// Deletes the open chat if it is empty and `next` is another chat.
    fn leave_active_for(&mut self, next: &str) {
        let Some(active) = self.active_conversation_id.clone() else {
            return;
        };
        if active != next
            && self
                .get(&active)
                .is_some_and(|chat| chat.messages.is_empty())
        {
            self.delete(&active);
        }
    }

    /// The history list: one line per chat with messages, the most recently changed first.
    #[must_use]
    pub fn summaries(&self) -> Vec<ConversationSummary> {
        let mut summaries: Vec<ConversationSummary> = self
            .conversations
            .iter()
            .filter(|conversation| !conversation.messages.is_empty())
            .map(Conversation::summary)
            .collect();
        summaries.sort_by(|left, right| right.updated_at_ms.total_cmp(&left.updated_at_ms));
        summaries
    }
}

/// The version 2 file as written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileV2<'a> {
    version: u64,
    active_conversation_id: Option<&'a str>,
    conversations: &'a [Conversation],
    #[serde(skip_serializing_if = "<[Value]>::is_empty")]
    unreadable_conversations: &'a [Value],
}

/// Writes the history as version 2 JSON bytes.
///
/// # Errors
/// [`HistoryError::Unserializable`] if `serde_json` refuses a value. The history holds no maps
/// with non-string keys, so this does not happen in practice; it is an error rather than empty
/// bytes because writing empty bytes over the file would lose every chat.
pub fn save_history(history: &History) -> Result<Vec<u8>, HistoryError> {
    let file = FileV2 {
        version: CURRENT_VERSION,
        active_conversation_id: history.active_conversation_id.as_deref(),
        conversations: &history.conversations,
        unreadable_conversations: &history.unreadable_conversations,
    };
    serde_json::to_vec(&file).map_err(|error| HistoryError::Unserializable(error.to_string()))
}

/// Reads a history file of any known version. Empty input is an empty history.
///
/// # Errors
/// A [`HistoryError`] when the bytes are not JSON, not an object, of an unknown future version,
/// or not shaped like a history at all. One unreadable chat is not an error: it is skipped and
/// counted in the [`LoadReport`].
pub fn load_history(bytes: &[u8]) -> Result<LoadedHistory, HistoryError> {
    // Editors on Windows may add a byte-order mark when someone repairs the file by hand.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(LoadedHistory::default());
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|error| HistoryError::InvalidJson(error.to_string()))?;
    let Value::Object(fields) = value else {
        return Err(HistoryError::NotAnObject);
    };
    match read_version(fields.get("version"))? {
        1 => load_v1(fields),
        2 => load_v2(fields),
        future => Err(HistoryError::FutureVersion(future)),
    }
}

/// The file's format version: 1 when absent (the predecessor's files had none), otherwise a
/// whole number from 1 up.
fn read_version(version: Option<&Value>) -> Result<u64, HistoryError> {
    match version {
        None => Ok(1),
        Some(Value::Number(number)) => match number.as_u64() {
            Some(version) if version >= 1 => Ok(version),
            _ => Err(HistoryError::InvalidVersion(number.to_string())),
        },
        Some(other) => Err(HistoryError::InvalidVersion(other.to_string())),
    }
}

/// The list under `key`: absent or `null` is empty; anything else but a list means the file is
/// not a history, and reading it as an empty one would let the next save overwrite it.
fn take_list(fields: &mut Map<String, Value>, key: &str) -> Result<Vec<Value>, HistoryError> {
    match fields.remove(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(HistoryError::InvalidShape(format!("`{key}` is not a list"))),
    }
}

/// Collects chats into a history, skipping the ones that could not be read and duplicates.
struct Loader {
    history: History,
    report: LoadReport,
    seen: HashSet<String>,
    total: usize,
}

impl Loader {
    fn new(version: u64, total: usize) -> Self {
        Self {
            history: History::new(),
            report: LoadReport {
                from_version: Some(version),
                ..LoadReport::default()
            },
            seen: HashSet::new(),
            total,
        }
    }

    fn accept(&mut self, index: usize, raw: Value, parsed: Result<Conversation, String>) {
        match parsed {
            Ok(conversation) if !self.seen.insert(conversation.id.clone()) => {
                let reason = format!("another chat has the same id {:?}", conversation.id);
                self.skip(index, raw, &reason);
            }
            Ok(mut conversation) => {
                self.report.interrupted_replies += conversation.interrupt_streaming_replies();
                self.history.conversations.push(conversation);
            }
            Err(reason) => self.skip(index, raw, &reason),
        }
    }

    fn skip(&mut self, index: usize, raw: Value, reason: &str) {
        let id = match raw.get("id") {
            Some(Value::String(id)) => format!(" (id {id:?})"),
            _ => String::new(),
        };
        self.report.warnings.push(format!(
            "chat {} of {}{id} could not be read and is kept unchanged in the file: {reason}",
            index + 1,
            self.total
        ));
        self.report.skipped_conversations += 1;
        self.history.unreadable_conversations.push(raw);
    }

    fn finish(mut self, active: Option<String>) -> LoadedHistory {
        // An open chat that is not in the file (it was skipped) is simply not open.
        self.history.active_conversation_id = active.filter(|id| self.seen.contains(id));
        LoadedHistory {
            history: self.history,
            report: self.report,
        }
    }
}

fn load_v2(mut fields: Map<String, Value>) -> Result<LoadedHistory, HistoryError> {
    let conversations = take_list(&mut fields, "conversations")?;
    let kept = take_list(&mut fields, "unreadableConversations")?;
    let active = match fields.remove("activeConversationId") {
        Some(Value::String(id)) => Some(id),
        _ => None,
    };
    let mut loader = Loader::new(2, conversations.len());
    for (index, raw) in conversations.into_iter().enumerate() {
        let parsed = Conversation::deserialize(&raw).map_err(|error| error.to_string());
        loader.accept(index, raw, parsed);
    }
    if !kept.is_empty() {
        loader.report.warnings.push(format!(
            "{} chat(s) that an earlier load could not read are still kept unchanged in the file",
            kept.len()
        ));
    }
    loader.history.unreadable_conversations.extend(kept);
    Ok(loader.finish(active))
}

fn load_v1(mut fields: Map<String, Value>) -> Result<LoadedHistory, HistoryError> {
    if !fields.contains_key("chats") && fields.keys().any(|key| key != "version") {
        // Without `version` anything is "version 1"; an object with other content and no chats
        // is some other file, and reading it as empty would let the next save replace it.
        return Err(HistoryError::InvalidShape(
            "it has neither `chats` nor a known `version`".to_owned(),
        ));
    }
    let chats = take_list(&mut fields, "chats")?;
    let mut loader = Loader::new(1, chats.len());
    for (index, raw) in chats.into_iter().enumerate() {
        let parsed = V1Chat::deserialize(&raw)
            .map(V1Chat::migrate)
            .map_err(|error| error.to_string());
        loader.accept(index, raw, parsed);
    }
    Ok(loader.finish(None))
}

/// A chat as version 1 saved it. Unknown fields (Roo's `number`, `tokensIn`, ...) are ignored.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V1Chat {
    id: String,
    #[serde(default)]
    title: Option<String>,
    /// Roo's name for the chat's first request, its title when there is no `title`.
    #[serde(default)]
    task: Option<String>,
    /// When the chat was last active, in milliseconds since the Unix epoch.
    #[serde(default)]
    ts: Option<f64>,
    #[serde(default)]
    api_conversation_history: Vec<MessageParam>,
}

impl V1Chat {
    fn migrate(self) -> Conversation {
        let time = self.ts.filter(|ts| ts.is_finite()).unwrap_or(0.0);
        let messages: Vec<ChatMessage> = self
            .api_conversation_history
            .iter()
            .enumerate()
            .filter_map(|(index, param)| migrate_message(&self.id, index, param))
            .collect();
        let title = [self.title.as_deref(), self.task.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|title| !title.is_empty())
            .map(shorten_title)
            .or_else(|| {
                messages
                    .iter()
                    .find(|message| message.role == Role::User)
                    .map(|message| title_from_text(strip_task_tags(&message.text)))
            })
            .unwrap_or_default();
        Conversation {
            id: self.id,
            title,
            created_at_ms: time,
            updated_at_ms: time,
            messages,
        }
    }
}

/// Roo wraps the first request in `<task>…</task>`; the title is what is inside.
fn strip_task_tags(text: &str) -> &str {
    let trimmed = text.trim_start();
    match trimmed.strip_prefix("<task>") {
        Some(rest) => rest.split("</task>").next().unwrap_or(rest),
        None => text,
    }
}

/// One version 1 message as a chat message; `None` when it has nothing to show. Message ids are
/// derived from the chat's id and the position, because the core has no randomness and the old
/// format had none.
fn migrate_message(chat_id: &str, index: usize, param: &MessageParam) -> Option<ChatMessage> {
    let (text, reasoning) = migrate_content(&param.content);
    if text.trim().is_empty() && reasoning.trim().is_empty() {
        return None;
    }
    Some(ChatMessage {
        id: format!("{chat_id}:{index}"),
        role: param.role,
        text,
        reasoning,
        state: MessageState::Complete,
        model_id: None,
        usage: None,
        error: None,
    })
}

/// A message's text and reasoning from Anthropic content. Text is kept; what this chat view
/// cannot show (images, tool calls and their results) becomes a short placeholder so the turn
/// still reads sensibly; Anthropic `thinking` blocks become the reasoning.
fn migrate_content(content: &MessageContent) -> (String, String) {
    let blocks = match content {
        MessageContent::Text(text) => return (text.clone(), String::new()),
        MessageContent::Blocks(blocks) => blocks,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut reasoning: Vec<String> = Vec::new();
    for block in blocks {
        match block {
            ContentBlock::Text { text } => parts.push(text.clone()),
            ContentBlock::Image { .. } => parts.push("[image]".to_owned()),
            ContentBlock::ToolUse { name, .. } => parts.push(format!("[tool call: {name}]")),
            ContentBlock::ToolResult {
                is_error: Some(true),
                ..
            } => parts.push("[tool error]".to_owned()),
            ContentBlock::ToolResult { .. } => parts.push("[tool result]".to_owned()),
            ContentBlock::Unknown(block) => match block.block_type() {
                "thinking" => {
                    if let Some(Value::String(thought)) = block.fields().get("thinking") {
                        reasoning.push(thought.clone());
                    }
                }
                // Encrypted reasoning has nothing a person can read.
                "redacted_thinking" => {}
                other => parts.push(format!("[{other}]")),
            },
        }
    }
    let join = |pieces: Vec<String>| {
        pieces
            .into_iter()
            .filter(|piece| !piece.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    (join(parts), join(reasoning))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify;
    use crate::stream::{ApiStreamChunk, Cost, CostSource, Usage};
    use serde_json::json;

    fn load(value: &Value) -> LoadedHistory {
        load_history(&serde_json::to_vec(value).unwrap()).unwrap()
    }

    fn usage(cost: Cost) -> Usage {
        Usage {
            input_tokens: 1200,
            output_tokens: 85,
            cache_write_tokens: Some(10),
            cache_read_tokens: None,
            reasoning_tokens: Some(4),
            cost,
            estimated: false,
        }
    }

    /// A chat with `pairs` questions and answers, the last answer failed or stopped as asked.
    fn chat(id: &str, pairs: usize, start_ms: f64) -> Conversation {
        let mut chat = Conversation::new(id, start_ms);
        for pair in 0..pairs {
            let now = start_ms + pair as f64 * 1000.0;
            chat.append_user_message(
                format!("{id}-u{pair}"),
                format!("Question {pair} about «unicode» 🦀\nsecond line"),
                now,
            )
            .unwrap();
            let reply_id = format!("{id}-a{pair}");
            chat.begin_reply(&reply_id, "gpt-4o", now).unwrap();
            let cost = match pair % 3 {
                0 => Cost::Known {
                    usd: 0.25 * pair as f64,
                    source: CostSource::Proxy,
                },
                1 => Cost::Unknown,
                _ => Cost::Known {
                    usd: 0.0125,
                    source: CostSource::ModelPrices,
                },
            };
            let mut chunks = vec![
                ApiStreamChunk::Reasoning {
                    text: "thinking…".into(),
                },
                ApiStreamChunk::Text {
                    text: format!("Answer {pair}:\n```rust\nfn main() {{}}\n```"),
                },
                ApiStreamChunk::Usage(usage(cost)),
            ];
            if pair % 7 == 6 {
                chunks.push(ApiStreamChunk::Error {
                    error: classify::stream_cut_short("reset"),
                });
            }
            chat.apply_chunks(&reply_id, &chunks, now + 500.0).unwrap();
            chat.finish_reply(&reply_id, now + 600.0).unwrap();
        }
        chat
    }

    #[test]
    fn empty_input_is_an_empty_history() {
        for bytes in [&b""[..], b"  \n", b"\xEF\xBB\xBF"] {
            let loaded = load_history(bytes).unwrap();
            assert_eq!(loaded.history, History::new());
            assert_eq!(loaded.report.from_version, None);
        }
    }

    #[test]
    fn a_history_round_trips_through_its_bytes() {
        let mut history = History::new();
        history.upsert(chat("c1", 3, 1_700_000_000_000.0));
        history.upsert(chat("c2", 8, 1_700_000_100_000.0));
        history.set_active("c1").unwrap();
        let bytes = save_history(&history).unwrap();
        let loaded = load_history(&bytes).unwrap();
        assert_eq!(loaded.history, history);
        assert_eq!(loaded.report.from_version, Some(2));
        assert!(loaded.report.warnings.is_empty());
        assert_eq!(save_history(&loaded.history).unwrap(), bytes);
    }

    #[test]
    fn the_saved_file_has_the_documented_top_level_shape() {
        let mut history = History::new();
        history.start_conversation("c1", 5.0).unwrap();
        let value: Value = serde_json::from_slice(&save_history(&history).unwrap()).unwrap();
        assert_eq!(value["version"], 2);
        assert_eq!(value["activeConversationId"], "c1");
        assert_eq!(value["conversations"][0]["createdAtMs"], 5.0);
        assert!(value.get("unreadableConversations").is_none());
        let empty: Value = serde_json::from_slice(&save_history(&History::new()).unwrap()).unwrap();
        assert_eq!(
            empty,
            json!({"version": 2, "activeConversationId": null, "conversations": []})
        );
    }

    #[test]
    fn fifty_chats_of_two_hundred_messages_load_and_save_without_loss() {
        let mut history = History::new();
        for index in 0..50 {
            history.upsert(chat(&format!("chat-{index}"), 100, index as f64 * 1e6));
        }
        history.set_active("chat-17").unwrap();
        assert!(
            history
                .conversations
                .iter()
                .all(|c| c.messages.len() == 200)
        );
        let bytes = save_history(&history).unwrap();
        let loaded = load_history(&bytes).unwrap();
        assert_eq!(
            loaded.report,
            LoadReport {
                from_version: Some(2),
                ..LoadReport::default()
            }
        );
        assert_eq!(loaded.history, history);
        assert_eq!(save_history(&loaded.history).unwrap(), bytes);
    }

    /// What the predecessor wrote: Roo's task history with Anthropic messages, tool calls,
    /// images, thinking blocks and Roo's bookkeeping fields.
    fn version_1_fixture() -> Value {
        json!({
            "version": 1,
            "chats": [
                {
                    "id": "01HZX3K9Q2",
                    "number": 1,
                    "ts": 1_716_000_000_000_u64,
                    "task": "Fix the failing test in parser.rs",
                    "tokensIn": 5321,
                    "tokensOut": 230,
                    "totalCost": 0.0213,
                    "apiConversationHistory": [
                        {"role": "user", "ts": 1_715_999_990_000_u64, "content": [
                            {"type": "text", "text": "<task>\nFix the failing test in parser.rs\n</task>"},
                            {"type": "text", "text": "<environment_details>\n# Current Time\n2024-05-18\n</environment_details>"}
                        ]},
                        {"role": "assistant", "content": [
                            {"type": "thinking", "thinking": "Read the file first.", "signature": "sig"},
                            {"type": "text", "text": "Let me read the file."},
                            {"type": "tool_use", "id": "toolu_01", "name": "read_file", "input": {"path": "src/parser.rs"}}
                        ]},
                        {"role": "user", "content": [
                            {"type": "tool_result", "tool_use_id": "toolu_01", "content": [{"type": "text", "text": "fn parse() {}"}]},
                            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
                        ]},
                        {"role": "assistant", "content": [
                            {"type": "redacted_thinking", "data": "xyz"}
                        ]},
                        {"role": "assistant", "content": "The test expects `Ok(())`; here is the fix."},
                        {"role": "user", "content": [
                            {"type": "tool_result", "tool_use_id": "toolu_02", "is_error": true, "content": "permission denied"},
                            {"type": "document", "source": {"type": "text", "data": "notes"}}
                        ]}
                    ]
                },
                {
                    "id": "01HZX4AAAA",
                    "ts": 1_716_100_000_000_u64,
                    "title": "  Short chat  ",
                    "apiConversationHistory": [
                        {"role": "user", "content": "hello"},
                        {"role": "assistant", "content": [{"type": "text", "text": "Hi! How can I help?"}]}
                    ]
                },
                {
                    "id": "01HZX5BBBB",
                    "ts": 1_716_200_000_000_u64,
                    "apiConversationHistory": [
                        {"role": "user", "content": [{"type": "text", "text": "<task>\nWrite a README for the project\n</task>"}]}
                    ]
                }
            ]
        })
    }

    #[test]
    fn version_1_is_migrated_with_placeholders_for_what_the_chat_cannot_show() {
        let loaded = load(&version_1_fixture());
        assert_eq!(loaded.report.from_version, Some(1));
        assert_eq!(loaded.report.skipped_conversations, 0);
        assert!(loaded.report.warnings.is_empty());
        let history = loaded.history;
        assert_eq!(history.active_conversation_id, None);
        assert_eq!(history.conversations.len(), 3);

        let first = &history.conversations[0];
        assert_eq!(first.id, "01HZX3K9Q2");
        assert_eq!(first.title, "Fix the failing test in parser.rs");
        assert_eq!(first.created_at_ms, 1_716_000_000_000.0);
        assert_eq!(first.updated_at_ms, 1_716_000_000_000.0);
        let shown: Vec<(Role, &str, &str)> = first
            .messages
            .iter()
            .map(|m| (m.role, m.text.as_str(), m.reasoning.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    Role::User,
                    "<task>\nFix the failing test in parser.rs\n</task>\n\n<environment_details>\n# Current Time\n2024-05-18\n</environment_details>",
                    ""
                ),
                (
                    Role::Assistant,
                    "Let me read the file.\n\n[tool call: read_file]",
                    "Read the file first."
                ),
                (Role::User, "[tool result]\n\n[image]", ""),
                (
                    Role::Assistant,
                    "The test expects `Ok(())`; here is the fix.",
                    ""
                ),
                (Role::User, "[tool error]\n\n[document]", ""),
            ]
        );
        // Ids come from the chat and the original position (the redacted-only message, 3, is gone).
        let ids: Vec<&str> = first.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "01HZX3K9Q2:0",
                "01HZX3K9Q2:1",
                "01HZX3K9Q2:2",
                "01HZX3K9Q2:4",
                "01HZX3K9Q2:5"
            ]
        );
        for message in &first.messages {
            assert_eq!(message.state, MessageState::Complete);
            assert_eq!(message.usage, None);
            assert_eq!(message.error, None);
            assert_eq!(message.model_id, None);
        }

        assert_eq!(history.conversations[1].title, "Short chat");
        assert_eq!(
            history.conversations[1].messages[1].text,
            "Hi! How can I help?"
        );
        // Without a title or task, the first request inside Roo's task tags names the chat.
        assert_eq!(
            history.conversations[2].title,
            "Write a README for the project"
        );

        // Summaries are newest first, and the migrated history saves as version 2 and reloads.
        let order: Vec<String> = history.summaries().into_iter().map(|s| s.id).collect();
        assert_eq!(order, ["01HZX5BBBB", "01HZX4AAAA", "01HZX3K9Q2"]);
        let resaved = load_history(&save_history(&history).unwrap()).unwrap();
        assert_eq!(resaved.report.from_version, Some(2));
        assert_eq!(resaved.history, history);
    }

    #[test]
    fn a_file_without_a_version_is_read_as_version_1() {
        let mut fixture = version_1_fixture();
        fixture.as_object_mut().unwrap().remove("version");
        let loaded = load(&fixture);
        assert_eq!(loaded.report.from_version, Some(1));
        assert_eq!(loaded.history, load(&version_1_fixture()).history);
        assert_eq!(load(&json!({})).history, History::new());
    }

    #[test]
    fn an_object_that_is_not_a_history_is_an_error_not_an_empty_history() {
        let error = load_history(br#"{"settings": {"theme": "dark"}}"#).unwrap_err();
        assert!(matches!(error, HistoryError::InvalidShape(_)), "{error}");
        assert!(error.to_string().contains("chats"), "{error}");
        let error = load_history(br#"{"version": 2, "conversations": {"a": 1}}"#).unwrap_err();
        assert!(
            error.to_string().contains("`conversations` is not a list"),
            "{error}"
        );
        let error = load_history(br#"{"version": 1, "chats": "none"}"#).unwrap_err();
        assert!(
            error.to_string().contains("`chats` is not a list"),
            "{error}"
        );
    }

    #[test]
    fn a_corrupted_file_is_an_error_that_says_so() {
        let mut bytes = save_history(&History {
            conversations: vec![chat("c1", 2, 1.0)],
            ..History::default()
        })
        .unwrap();
        bytes.truncate(bytes.len() / 2);
        let error = load_history(&bytes).unwrap_err();
        assert!(matches!(error, HistoryError::InvalidJson(_)));
        assert!(
            error
                .to_string()
                .starts_with("the chat history is not valid JSON"),
            "{error}"
        );

        for garbage in [
            &b"\x00\xFF\xFE binary"[..],
            b"[1, 2, 3]",
            b"\"text\"",
            b"null",
        ] {
            let error = load_history(garbage).unwrap_err();
            assert!(
                matches!(
                    error,
                    HistoryError::InvalidJson(_) | HistoryError::NotAnObject
                ),
                "{error}"
            );
        }
    }

    #[test]
    fn a_future_or_nonsense_version_is_an_error_naming_it() {
        let error = load_history(br#"{"version": 3, "conversations": []}"#).unwrap_err();
        assert_eq!(error, HistoryError::FutureVersion(3));
        assert!(error.to_string().contains("version 3"), "{error}");
        assert!(error.to_string().contains("newer version"), "{error}");
        for version in ["0", "-1", "1.5", "\"2\"", "null"] {
            let bytes = format!(r#"{{"version": {version}}}"#);
            let error = load_history(bytes.as_bytes()).unwrap_err();
            assert!(
                matches!(error, HistoryError::InvalidVersion(_)),
                "{version}: {error}"
            );
        }
    }

    #[test]
    fn one_bad_conversation_is_skipped_reported_and_kept_for_the_next_save() {
        let good = serde_json::to_value(chat("good", 2, 10.0)).unwrap();
        let other = serde_json::to_value(chat("other", 1, 20.0)).unwrap();
        let mut bad = good.clone();
        bad["id"] = json!("bad");
        bad["messages"][0]["role"] = json!("system");
        let file = json!({
            "version": 2,
            "activeConversationId": "bad",
            "someFutureField": true,
            "conversations": [good, bad, 42, other]
        });
        let loaded = load(&file);
        let ids: Vec<&str> = loaded
            .history
            .conversations
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["good", "other"]);
        assert_eq!(loaded.report.skipped_conversations, 2);
        assert_eq!(loaded.report.warnings.len(), 2);
        assert!(
            loaded.report.warnings[0].contains("chat 2 of 4 (id \"bad\")"),
            "{:?}",
            loaded.report.warnings
        );
        assert!(
            loaded.report.warnings[0].contains("system"),
            "{:?}",
            loaded.report.warnings
        );
        assert!(loaded.report.warnings[1].starts_with("chat 3 of 4 could not"));
        // The open chat was the bad one, so no chat is open.
        assert_eq!(loaded.history.active_conversation_id, None);
        assert_eq!(
            loaded.history.unreadable_conversations,
            vec![bad.clone(), json!(42)]
        );

        // Saving keeps the unreadable chats; loading again still reads the good ones.
        let reloaded = load_history(&save_history(&loaded.history).unwrap()).unwrap();
        assert_eq!(reloaded.history, loaded.history);
        assert_eq!(reloaded.report.skipped_conversations, 0);
        assert_eq!(reloaded.report.warnings.len(), 1);
        assert!(reloaded.report.warnings[0].contains("2 chat(s)"));
    }

    #[test]
    fn a_bad_version_1_chat_is_skipped_and_the_others_migrate() {
        let mut fixture = version_1_fixture();
        fixture["chats"][1]["apiConversationHistory"][0]["content"] = json!([{"type": "text"}]);
        fixture["chats"]
            .as_array_mut()
            .unwrap()
            .push(json!({"title": "no id"}));
        let loaded = load(&fixture);
        let ids: Vec<&str> = loaded
            .history
            .conversations
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["01HZX3K9Q2", "01HZX5BBBB"]);
        assert_eq!(loaded.report.skipped_conversations, 2);
        assert!(loaded.report.warnings[0].contains("invalid `text` message content block"));
        assert!(loaded.report.warnings[1].contains("id"));
    }

    #[test]
    fn duplicate_ids_keep_the_first_chat() {
        let first = serde_json::to_value(chat("same", 1, 1.0)).unwrap();
        let second = serde_json::to_value(chat("same", 2, 2.0)).unwrap();
        let loaded = load(&json!({"version": 2, "conversations": [first, second]}));
        assert_eq!(loaded.history.conversations.len(), 1);
        assert_eq!(loaded.history.conversations[0].messages.len(), 2);
        assert!(loaded.report.warnings[0].contains("same id"));
    }

    #[test]
    fn replies_saved_mid_stream_load_as_stopped() {
        let mut chat = Conversation::new("c1", 1.0);
        chat.append_user_message("u1", "hi", 2.0).unwrap();
        chat.begin_reply("a1", "m", 3.0).unwrap();
        chat.apply_chunks("a1", &[ApiStreamChunk::Text { text: "par".into() }], 4.0)
            .unwrap();
        let history = History {
            conversations: vec![chat],
            ..History::default()
        };
        let loaded = load_history(&save_history(&history).unwrap()).unwrap();
        assert_eq!(loaded.report.interrupted_replies, 1);
        let reply = &loaded.history.conversations[0].messages[1];
        assert_eq!(reply.state, MessageState::Stopped);
        assert_eq!(reply.text, "par");
        assert_eq!(reply.error, Some(classify::cancelled()));
        assert_eq!(loaded.history.conversations[0].retry_target(), Some(0));
    }

    #[test]
    fn upsert_get_and_delete() {
        let mut history = History::new();
        history.upsert(chat("a", 1, 1.0));
        history.upsert(chat("b", 1, 2.0));
        let mut changed = chat("a", 2, 3.0);
        changed.title = "renamed".into();
        history.upsert(changed.clone());
        assert_eq!(history.conversations.len(), 2);
        assert_eq!(history.get("a"), Some(&changed));
        assert_eq!(history.conversations[0].id, "a");
        history.get_mut("b").unwrap().title = "b!".into();
        assert_eq!(history.conversation("b").unwrap().title, "b!");
        assert_eq!(
            history.conversation_mut("zz").unwrap_err(),
            ChatError::UnknownConversation("zz".into())
        );

        history.set_active("a").unwrap();
        assert!(history.delete("a"));
        assert_eq!(history.active_conversation_id, None);
        assert_eq!(history.active(), None);
        assert!(!history.delete("a"));
        assert_eq!(history.conversations.len(), 1);
    }

    #[test]
    fn starting_and_opening_chats_sets_the_active_one() {
        let mut history = History::new();
        history.upsert(chat("old", 1, 1.0));
        let started = history.start_conversation("new", 50.0).unwrap();
        assert_eq!(started.id, "new");
        assert!(started.messages.is_empty());
        assert_eq!(history.active().map(|c| c.id.as_str()), Some("new"));
        assert_eq!(
            history.start_conversation("old", 60.0).unwrap_err(),
            ChatError::DuplicateId("old".into())
        );
        assert_eq!(
            history.set_active("missing").unwrap_err(),
            ChatError::UnknownConversation("missing".into())
        );
        assert_eq!(history.active_conversation_id.as_deref(), Some("new"));
        // Opening the same empty chat again keeps it.
        history.set_active("new").unwrap();
        assert!(history.get("new").is_some());
    }

    #[test]
    fn leaving_an_empty_chat_deletes_it() {
        let mut history = History::new();
        history.upsert(chat("old", 1, 1.0));
        history.start_conversation("empty1", 2.0).unwrap();
        history.start_conversation("empty2", 3.0).unwrap();
        assert!(history.get("empty1").is_none());
        history.set_active("old").unwrap();
        assert!(history.get("empty2").is_none());
        // A chat with messages is kept when another is opened.
        history.start_conversation("next", 4.0).unwrap();
        assert!(history.get("old").is_some());
        assert_eq!(history.conversations.len(), 2);
    }

    #[test]
    fn summaries_are_newest_first_and_skip_empty_chats() {
        let mut history = History::new();
        history.upsert(chat("middle", 1, 2000.0));
        history.upsert(chat("oldest", 1, 1000.0));
        history.upsert(chat("newest", 1, 3000.0));
        history.start_conversation("empty", 9000.0).unwrap();
        let summaries = history.summaries();
        let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["newest", "middle", "oldest"]);
        assert_eq!(summaries[0].message_count, 2);
        assert_eq!(summaries[0].updated_at_ms, 3600.0);
    }

    #[test]
    fn history_errors_read_as_sentences() {
        assert_eq!(
            HistoryError::NotAnObject.to_string(),
            "the chat history is not a JSON object"
        );
        assert!(
            HistoryError::InvalidVersion("\"x\"".into())
                .to_string()
                .contains("\"x\"")
        );
    }
}
