//! Reading one chat of the version 1 single file, the Roo-style history this product's
//! predecessor wrote: `{"version": 1, "chats": [{"id", "title"?, "task"?, "ts",
//! "apiConversationHistory": [<Anthropic MessageParam>...]}]}`. Text is kept; what this chat view
//! cannot show (images, tool calls and results) becomes a short placeholder, and Anthropic
//! `thinking` blocks become the reasoning.

use serde::Deserialize;
use serde_json::Value;

use crate::messages::{ContentBlock, MessageContent, MessageParam, Role};

use super::conversation::{shorten_title, title_from_text};
use super::{ChatMessage, Conversation, MessageState};

/// Reads one version 1 chat from its JSON value.
pub(crate) fn read_v1_chat(raw: &Value) -> Result<Conversation, String> {
    V1Chat::deserialize(raw)
        .map(V1Chat::migrate)
        .map_err(|error| error.to_string())
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
            mode: crate::agent::AgentMode::Ask,
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
        text,
        reasoning,
        ..ChatMessage::empty(
            format!("{chat_id}:{index}"),
            param.role,
            MessageState::Complete,
        )
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
    use serde_json::json;

    fn title(chat: &Value) -> String {
        read_v1_chat(chat).unwrap().title
    }

    #[test]
    fn the_title_comes_from_the_title_then_the_task_then_the_first_request() {
        let history = json!([{"role": "user", "content": "<task>\nFrom the tags\n</task> rest"}]);
        assert_eq!(
            title(&json!({"id": "a", "title": " T ", "task": "K", "apiConversationHistory": []})),
            "T"
        );
        assert_eq!(title(&json!({"id": "a", "title": " ", "task": "K"})), "K");
        assert_eq!(
            title(&json!({"id": "a", "apiConversationHistory": history})),
            "From the tags"
        );
        assert_eq!(title(&json!({"id": "a"})), "");
    }

    #[test]
    fn message_ids_follow_the_position_and_empty_turns_are_left_out() {
        let chat = read_v1_chat(&json!({"id": "c", "ts": 5, "apiConversationHistory": [
            {"role": "user", "content": "q"},
            {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "x"}]},
            {"role": "assistant", "content": [{"type": "thinking", "thinking": "t"}]}
        ]}))
        .unwrap();
        let ids: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["c:0", "c:2"]);
        assert_eq!(chat.messages[1].reasoning, "t");
        assert_eq!((chat.created_at_ms, chat.updated_at_ms), (5.0, 5.0));
    }

    #[test]
    fn a_chat_without_an_id_or_with_a_bad_block_does_not_read() {
        assert!(
            read_v1_chat(&json!({"title": "x"}))
                .unwrap_err()
                .contains("id")
        );
        let bad = json!({"id": "a", "apiConversationHistory": [
            {"role": "user", "content": [{"type": "text"}]}
        ]});
        assert!(read_v1_chat(&bad).unwrap_err().contains("text"));
    }
}
