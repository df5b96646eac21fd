//! The conversation model: chats, their messages, each reply's usage and cost and tool calls
//! ([`tool_calls`]), the agent's steps over them ([`agent_turn`]) and the edits they wrote, kept
//! for undo ([`edit_history`]), the chat's totals, and how
//! chats are kept on disk: one file per chat ([`stored`], [`document`]), a small
//! index of them ([`index`]: a snapshot, [`index_snapshot`], and a journal of the changes since,
//! [`index_journal`], both changed by the rules in `index_merge`), and the migration from the
//! single file kept before ([`migration`]). The core has no clock, no randomness and no files:
//! times and ids come from the caller, and the shell reads and writes the bytes these modules
//! define.

pub mod agent_turn;
pub mod changes;
mod chat_error;
pub mod condensing;
pub mod conversation;
pub mod document;
pub mod edit_history;
pub mod format_error;
pub mod index;
pub mod index_journal;
mod index_merge;
pub mod index_snapshot;
pub mod migration;
mod migration_v1;
pub mod render;
mod retry;
pub mod send;
pub mod stored;
mod stored_context;
mod stored_parts;
mod stored_tool_calls;
pub mod tool_calls;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agent::AgentMode;
use crate::context::{Attachment, ChatImage};
use crate::errors::ApiError;
use crate::messages::Role;
use crate::stream::Usage;
pub use tool_calls::{ChatToolCall, ToolCallStatus};

/// One chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    /// A unique id the caller chose.
    pub id: String,
    /// A short title, from the first user message.
    pub title: String,
    /// When the chat was started, in milliseconds since the Unix epoch.
    pub created_at_ms: f64,
    /// When the chat last changed, in milliseconds since the Unix epoch.
    pub updated_at_ms: f64,
    /// The messages, oldest first.
    pub messages: Vec<ChatMessage>,
    /// The mode the user chose for this chat (Ask for chats saved before modes existed). The
    /// mode it really runs in also depends on the model (see `agent::effective_mode`).
    #[serde(default)]
    pub mode: AgentMode,
}

/// One message of a chat as the user sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    /// A unique id the caller chose.
    pub id: String,
    /// Who wrote it.
    pub role: Role,
    /// The text (markdown for replies).
    pub text: String,
    /// The reply's reasoning, empty when the model sent none.
    pub reasoning: String,
    /// Where the message is in its life.
    pub state: MessageState,
    /// The model that wrote a reply.
    pub model_id: Option<String>,
    /// Token counts and cost, once the reply finished and the proxy reported them.
    pub usage: Option<Usage>,
    /// Why a reply failed or stopped, when it did.
    pub error: Option<ApiError>,
    /// What the user attached with @-mentions; only user messages have any.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The images the user pasted or dropped; only user messages have any.
    #[serde(default)]
    pub images: Vec<ChatImage>,
    /// On a reply whose request left part of the chat out to fit the context window: the
    /// sentence saying what, kept so the chat still shows it after a reload.
    #[serde(default)]
    pub context_notice: Option<String>,
    /// On a Condense summary (an assistant message): the ids of the messages it replaces in
    /// requests. The summary takes effect only once it completed with text.
    #[serde(default)]
    pub summary_of: Option<Vec<String>>,
    /// On a reply: the tool calls it made, in the model's order, each with what became of it.
    /// Empty for every other message and for a reply that called no tool.
    #[serde(default)]
    pub tool_calls: Vec<ChatToolCall>,
}

impl ChatMessage {
    /// A message with no text, attachments or images yet.
    pub(crate) fn empty(id: String, role: Role, state: MessageState) -> Self {
        Self {
            id,
            role,
            text: String::new(),
            reasoning: String::new(),
            state,
            model_id: None,
            usage: None,
            error: None,
            attachments: Vec::new(),
            images: Vec::new(),
            context_notice: None,
            summary_of: None,
            tool_calls: Vec::new(),
        }
    }
}

/// Where a message is in its life. A user message is always `complete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MessageState {
    /// Written in full.
    Complete,
    /// A reply still arriving.
    Streaming,
    /// A reply the user stopped; its partial text is kept.
    Stopped,
    /// A reply that failed; its partial text is kept and `error` says why.
    Failed,
}

/// A chat's running totals over its replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConversationTotals {
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// The sum of the replies whose cost is known.
    pub known_cost_usd: f64,
    /// How many replies had usage but an unknown cost; when not zero the total is a lower bound.
    pub replies_with_unknown_cost: u32,
}

/// A line in the list of saved chats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConversationSummary {
    pub id: String,
    pub title: String,
    pub updated_at_ms: f64,
    pub message_count: u32,
}

/// What one batch of stream chunks did to a reply, for the webview to apply to the reply it
/// shows: `text` and `reasoning` are what the batch appended; `state`, `usage` and `error` are the
/// reply's as they now are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplyDelta {
    pub message_id: String,
    /// Text this batch appended.
    pub text: String,
    /// Reasoning this batch appended.
    pub reasoning: String,
    pub state: MessageState,
    pub usage: Option<Usage>,
    pub error: Option<ApiError>,
}

/// What Retry did: the messages it removed (the reply it replaces; none when the user's message
/// had no reply) and the new, streaming reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetryStarted {
    pub removed_ids: Vec<String>,
    pub reply: ChatMessage,
}
