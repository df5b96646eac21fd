//! Converts the conversation's Anthropic-style messages into OpenAI chat-completions messages,
//! the format the LiteLLM proxy speaks.
//!
//! The rules, each forced by what OpenAI-compatible endpoints accept:
//! - The system prompt becomes the first message, and is left out when empty.
//! - User text-only content is sent as one string (text blocks joined by a newline); content with
//!   images is sent as a list of `text` and `image_url` parts, images as `data:` URLs.
//! - Assistant text becomes `content` (`null` when there is none) and `tool_use` blocks become
//!   `tool_calls` whose `arguments` is the input JSON as a string.
//! - `tool_result` blocks become `tool` messages placed right after the assistant message that
//!   made the calls, before anything else of the user message they came in, because OpenAI
//!   rejects a request in which an assistant's `tool_calls` are not followed directly by a `tool`
//!   message for every call id.
//! - A `tool` message carries text only, so a tool result's images go into a user message right
//!   after the tool messages, and the tool message says so in place of each image.
//! - Two repairs keep a damaged history sendable (a truncated or cancelled conversation is the
//!   usual cause): a tool result with no matching call in the preceding assistant message is sent
//!   as user text, since a `tool` message without its call is rejected; and a call left without a
//!   result gets a `tool` message saying so, since a call without its result is rejected too.
//! - Blocks of unknown types, images in assistant messages, and tool blocks in the wrong role
//!   cannot be expressed in this format and are left out; a message left with nothing is omitted.

use serde::Serialize;

use crate::messages::{
    ContentBlock, ImageSource, MessageContent, MessageParam, Role, ToolResultBlock,
    ToolResultContent,
};

/// One OpenAI chat-completions message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "role", rename_all = "lowercase")]
pub enum OpenAiMessage {
    System {
        content: String,
    },
    User {
        content: OpenAiUserContent,
    },
    Assistant {
        /// The reply text; `null` when the assistant only called tools.
        content: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        tool_calls: Vec<OpenAiToolCall>,
    },
    Tool {
        tool_call_id: String,
        content: String,
    },
}

/// A user message's content: a string when it is only text, else a list of parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OpenAiUserContent {
    Text(String),
    Parts(Vec<OpenAiContentPart>),
}

/// One part of a user message's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpenAiContentPart {
    Text { text: String },
    ImageUrl { image_url: OpenAiImageUrl },
}

/// Where an image part's bytes are: a `data:` URL or an ordinary URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenAiImageUrl {
    pub url: String,
}

/// A tool call in an assistant message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenAiToolCall {
    pub id: String,
    /// Always `function`, the only kind of tool call chat completions has.
    #[serde(rename = "type")]
    pub kind: OpenAiToolCallKind,
    pub function: OpenAiFunctionCall,
}

/// The kind of a tool call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpenAiToolCallKind {
    Function,
}

/// The function a tool call invokes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenAiFunctionCall {
    pub name: String,
    /// The arguments as a JSON document in a string, as OpenAI sends and expects them.
    pub arguments: String,
}

/// What a `tool` message says in place of each image of a tool result.
pub const TOOL_RESULT_IMAGE_PLACEHOLDER: &str = "(image in the next user message)";

/// What a `tool` message says for a call the conversation holds no result for.
pub const MISSING_TOOL_RESULT_TEXT: &str =
    "(no result: the tool call was interrupted before it answered)";

/// What a failed tool's result is prefixed with: OpenAI's `tool` message has no error flag, so
/// Anthropic's `is_error` is kept in words.
pub const TOOL_ERROR_PREFIX: &str = "Error: ";

/// Converts a system prompt and a conversation into OpenAI chat messages, in order.
#[must_use]
pub fn convert_to_openai_messages(
    system_prompt: &str,
    messages: &[MessageParam],
) -> Vec<OpenAiMessage> {
    let mut converter = Converter::default();
    if !system_prompt.is_empty() {
        converter.output.push(OpenAiMessage::System {
            content: system_prompt.to_owned(),
        });
    }
    for message in messages {
        match message.role {
            Role::User => converter.push_user(&message.content),
            Role::Assistant => converter.push_assistant(&message.content),
        }
    }
    converter.answer_unanswered_calls();
    converter.output
}

/// The conversion's state: the messages so far and the calls of the last assistant message that
/// still wait for their results.
#[derive(Default)]
struct Converter {
    output: Vec<OpenAiMessage>,
    unanswered_call_ids: Vec<String>,
}

impl Converter {
    fn push_assistant(&mut self, content: &MessageContent) {
        self.answer_unanswered_calls();
        let (text, tool_calls) = match content {
            MessageContent::Text(text) => (Some(text.clone()), Vec::new()),
            MessageContent::Blocks(blocks) => assistant_text_and_calls(blocks),
        };
        if text.is_none() && tool_calls.is_empty() {
            return;
        }
        self.unanswered_call_ids = tool_calls.iter().map(|call| call.id.clone()).collect();
        self.output.push(OpenAiMessage::Assistant {
            content: text,
            tool_calls,
        });
    }

    fn push_user(&mut self, content: &MessageContent) {
        let blocks = match content {
            MessageContent::Text(text) => {
                self.answer_unanswered_calls();
                self.output.push(OpenAiMessage::User {
                    content: OpenAiUserContent::Text(text.clone()),
                });
                return;
            }
            MessageContent::Blocks(blocks) => blocks,
        };

        let mut tool_result_images = Vec::new();
        let mut user_parts = Vec::new();
        for block in blocks {
            match block {
                ContentBlock::ToolResult {
                    tool_use_id,
                    content,
                    is_error,
                } => {
                    let text = tool_result_text(content, *is_error == Some(true));
                    if self.take_unanswered_call(tool_use_id) {
                        self.output.push(OpenAiMessage::Tool {
                            tool_call_id: tool_use_id.clone(),
                            content: text,
                        });
                        tool_result_images.extend(tool_result_image_parts(content));
                    } else {
                        user_parts.push(OpenAiContentPart::Text {
                            text: format!("Result of tool call {tool_use_id}:\n{text}"),
                        });
                        user_parts.extend(tool_result_image_parts(content));
                    }
                }
                ContentBlock::Text { text } => {
                    user_parts.push(OpenAiContentPart::Text { text: text.clone() });
                }
                ContentBlock::Image { source } => user_parts.push(image_part(source)),
                ContentBlock::ToolUse { .. } | ContentBlock::Unknown(_) => {}
            }
        }
        self.answer_unanswered_calls();
        if !tool_result_images.is_empty() {
            self.output.push(OpenAiMessage::User {
                content: OpenAiUserContent::Parts(tool_result_images),
            });
        }
        if !user_parts.is_empty() {
            self.output.push(OpenAiMessage::User {
                content: user_content(user_parts),
            });
        }
    }

    /// Marks `call_id` answered; false when the last assistant message made no such call (or it
    /// was answered already).
    fn take_unanswered_call(&mut self, call_id: &str) -> bool {
        let position = self
            .unanswered_call_ids
            .iter()
            .position(|pending| pending == call_id);
        position
            .map(|index| self.unanswered_call_ids.remove(index))
            .is_some()
    }

    /// Sends a placeholder result for every call of the last assistant message still unanswered.
    fn answer_unanswered_calls(&mut self) {
        for call_id in self.unanswered_call_ids.drain(..) {
            self.output.push(OpenAiMessage::Tool {
                tool_call_id: call_id,
                content: MISSING_TOOL_RESULT_TEXT.to_owned(),
            });
        }
    }
}

/// The assistant's text (blocks joined by a newline, `None` without any) and its tool calls.
fn assistant_text_and_calls(blocks: &[ContentBlock]) -> (Option<String>, Vec<OpenAiToolCall>) {
    let mut texts = Vec::new();
    let mut tool_calls = Vec::new();
    for block in blocks {
        match block {
            ContentBlock::Text { text } => texts.push(text.as_str()),
            ContentBlock::ToolUse { id, name, input } => tool_calls.push(OpenAiToolCall {
                id: id.clone(),
                kind: OpenAiToolCallKind::Function,
                function: OpenAiFunctionCall {
                    name: name.clone(),
                    arguments: input.to_string(),
                },
            }),
            ContentBlock::Image { .. }
            | ContentBlock::ToolResult { .. }
            | ContentBlock::Unknown(_) => {}
        }
    }
    let text = (!texts.is_empty()).then(|| texts.join("\n"));
    (text, tool_calls)
}

/// A tool result's text for its `tool` message, with a placeholder where each image was.
fn tool_result_text(content: &ToolResultContent, is_error: bool) -> String {
    let text = match content {
        ToolResultContent::Text(text) => text.clone(),
        ToolResultContent::Blocks(blocks) => blocks
            .iter()
            .filter_map(|block| match block {
                ToolResultBlock::Text { text } => Some(text.as_str()),
                ToolResultBlock::Image { .. } => Some(TOOL_RESULT_IMAGE_PLACEHOLDER),
                ToolResultBlock::Unknown(_) => None,
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    if is_error {
        format!("{TOOL_ERROR_PREFIX}{text}")
    } else {
        text
    }
}

/// The images of a tool result, as user content parts.
fn tool_result_image_parts(content: &ToolResultContent) -> Vec<OpenAiContentPart> {
    match content {
        ToolResultContent::Text(_) => Vec::new(),
        ToolResultContent::Blocks(blocks) => blocks
            .iter()
            .filter_map(|block| match block {
                ToolResultBlock::Image { source } => Some(image_part(source)),
                ToolResultBlock::Text { .. } | ToolResultBlock::Unknown(_) => None,
            })
            .collect(),
    }
}

/// An image as an `image_url` part: inline images become `data:` URLs.
fn image_part(source: &ImageSource) -> OpenAiContentPart {
    let url = match source {
        ImageSource::Base64 { media_type, data } => format!("data:{media_type};base64,{data}"),
        ImageSource::Url { url } => url.clone(),
    };
    OpenAiContentPart::ImageUrl {
        image_url: OpenAiImageUrl { url },
    }
}

/// User content as a plain string when every part is text, else as the list of parts.
fn user_content(parts: Vec<OpenAiContentPart>) -> OpenAiUserContent {
    let mut texts = Vec::with_capacity(parts.len());
    for part in &parts {
        match part {
            OpenAiContentPart::Text { text } => texts.push(text.as_str()),
            OpenAiContentPart::ImageUrl { .. } => return OpenAiUserContent::Parts(parts),
        }
    }
    OpenAiUserContent::Text(texts.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// Parses Anthropic-shaped messages from JSON, as the history stores them.
    fn messages(value: Value) -> Vec<MessageParam> {
        serde_json::from_value(value).unwrap()
    }

    fn converted(system_prompt: &str, input: Value) -> Value {
        serde_json::to_value(convert_to_openai_messages(system_prompt, &messages(input))).unwrap()
    }

    #[test]
    fn system_prompt_comes_first_and_plain_strings_stay_strings() {
        let output = converted(
            "Be brief.",
            json!([
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "hello"}
            ]),
        );
        assert_eq!(
            output,
            json!([
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "hello"}
            ])
        );
    }

    #[test]
    fn an_empty_system_prompt_is_left_out() {
        let output = converted("", json!([{"role": "user", "content": "hi"}]));
        assert_eq!(output, json!([{"role": "user", "content": "hi"}]));
    }

    #[test]
    fn text_only_user_blocks_become_one_string() {
        let output = converted(
            "",
            json!([{"role": "user", "content": [
                {"type": "text", "text": "first"},
                {"type": "text", "text": "second"}
            ]}]),
        );
        assert_eq!(
            output,
            json!([{"role": "user", "content": "first\nsecond"}])
        );
    }

    #[test]
    fn user_images_become_data_url_parts_in_order() {
        let output = converted(
            "",
            json!([{"role": "user", "content": [
                {"type": "text", "text": "what is this?"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"}},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
                {"type": "text", "text": "and this?"}
            ]}]),
        );
        assert_eq!(
            output,
            json!([{"role": "user", "content": [
                {"type": "text", "text": "what is this?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K"}},
                {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
                {"type": "text", "text": "and this?"}
            ]}])
        );
    }

    #[test]
    fn tool_use_becomes_tool_calls_with_string_arguments() {
        let output = converted(
            "",
            json!([
                {"role": "user", "content": "read a.rs"},
                {"role": "assistant", "content": [
                    {"type": "text", "text": "Reading."},
                    {"type": "tool_use", "id": "call_1", "name": "read_file", "input": {"path": "a.rs"}},
                    {"type": "tool_use", "id": "call_2", "name": "list_files", "input": {}}
                ]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "call_1", "content": "fn main() {}"},
                    {"type": "tool_result", "tool_use_id": "call_2", "content": [{"type": "text", "text": "a.rs"}]}
                ]}
            ]),
        );
        assert_eq!(
            output,
            json!([
                {"role": "user", "content": "read a.rs"},
                {"role": "assistant", "content": "Reading.", "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\":\"a.rs\"}"}},
                    {"id": "call_2", "type": "function", "function": {"name": "list_files", "arguments": "{}"}}
                ]},
                {"role": "tool", "tool_call_id": "call_1", "content": "fn main() {}"},
                {"role": "tool", "tool_call_id": "call_2", "content": "a.rs"}
            ])
        );
    }

    #[test]
    fn an_assistant_that_only_calls_tools_has_null_content() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "c", "name": "t", "input": {"x": 1}}
                ]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "c", "content": "ok"}]}
            ]),
        );
        assert_eq!(output[0]["content"], Value::Null);
        assert!(output[0].as_object().unwrap().contains_key("content"));
        assert_eq!(output[1]["role"], "tool");
    }

    #[test]
    fn tool_results_come_before_the_user_text_they_arrived_with() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "a", "name": "t", "input": {}},
                    {"type": "tool_use", "id": "b", "name": "t", "input": {}}
                ]},
                {"role": "user", "content": [
                    {"type": "text", "text": "feedback before"},
                    {"type": "tool_result", "tool_use_id": "b", "content": "B"},
                    {"type": "text", "text": "feedback between"},
                    {"type": "tool_result", "tool_use_id": "a", "content": "A"}
                ]}
            ]),
        );
        assert_eq!(
            output,
            json!([
                {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "a", "type": "function", "function": {"name": "t", "arguments": "{}"}},
                    {"id": "b", "type": "function", "function": {"name": "t", "arguments": "{}"}}
                ]},
                {"role": "tool", "tool_call_id": "b", "content": "B"},
                {"role": "tool", "tool_call_id": "a", "content": "A"},
                {"role": "user", "content": "feedback before\nfeedback between"}
            ])
        );
    }

    #[test]
    fn tool_result_images_follow_all_tool_messages_in_a_user_message() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "shot", "name": "screenshot", "input": {}},
                    {"type": "tool_use", "id": "ls", "name": "list_files", "input": {}}
                ]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "shot", "content": [
                        {"type": "text", "text": "Took a screenshot."},
                        {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQ"}}
                    ]},
                    {"type": "tool_result", "tool_use_id": "ls", "content": "a.rs"},
                    {"type": "text", "text": "Looks off?"}
                ]}
            ]),
        );
        assert_eq!(
            output,
            json!([
                {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "shot", "type": "function", "function": {"name": "screenshot", "arguments": "{}"}},
                    {"id": "ls", "type": "function", "function": {"name": "list_files", "arguments": "{}"}}
                ]},
                {"role": "tool", "tool_call_id": "shot", "content": "Took a screenshot.\n(image in the next user message)"},
                {"role": "tool", "tool_call_id": "ls", "content": "a.rs"},
                {"role": "user", "content": [
                    {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ"}}
                ]},
                {"role": "user", "content": "Looks off?"}
            ])
        );
    }

    #[test]
    fn a_failed_tool_result_says_error() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [{"type": "tool_use", "id": "c", "name": "t", "input": {}}]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "c", "is_error": true, "content": "no such file"}
                ]}
            ]),
        );
        assert_eq!(
            output[1],
            json!({"role": "tool", "tool_call_id": "c", "content": "Error: no such file"})
        );
    }

    #[test]
    fn a_tool_result_without_its_call_is_sent_as_user_text() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": "I'll wait."},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "lost", "content": "42"},
                    {"type": "text", "text": "go on"}
                ]}
            ]),
        );
        assert_eq!(
            output,
            json!([
                {"role": "assistant", "content": "I'll wait."},
                {"role": "user", "content": "Result of tool call lost:\n42\ngo on"}
            ])
        );
    }

    #[test]
    fn a_call_without_a_result_gets_a_placeholder_result() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "answered", "name": "t", "input": {}},
                    {"type": "tool_use", "id": "cancelled", "name": "t", "input": {}}
                ]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "answered", "content": "ok"},
                    {"type": "text", "text": "stop"}
                ]},
                {"role": "assistant", "content": [{"type": "tool_use", "id": "last", "name": "t", "input": {}}]}
            ]),
        );
        let roles_and_ids: Vec<(String, String)> = output
            .as_array()
            .unwrap()
            .iter()
            .map(|message| {
                (
                    message["role"].as_str().unwrap().to_owned(),
                    message["tool_call_id"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        assert_eq!(
            roles_and_ids,
            [
                ("assistant", ""),
                ("tool", "answered"),
                ("tool", "cancelled"),
                ("user", ""),
                ("assistant", ""),
                ("tool", "last"),
            ]
            .map(|(role, id)| (role.to_owned(), id.to_owned()))
        );
        assert_eq!(output[2]["content"], MISSING_TOOL_RESULT_TEXT);
        assert_eq!(output[5]["content"], MISSING_TOOL_RESULT_TEXT);
    }

    #[test]
    fn a_call_followed_by_another_assistant_message_is_answered_before_it() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [{"type": "tool_use", "id": "c", "name": "t", "input": {}}]},
                {"role": "assistant", "content": "never mind"}
            ]),
        );
        assert_eq!(output[1]["role"], "tool");
        assert_eq!(
            output[2],
            json!({"role": "assistant", "content": "never mind"})
        );
    }

    #[test]
    fn a_result_given_twice_is_a_tool_message_once() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [{"type": "tool_use", "id": "c", "name": "t", "input": {}}]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "c", "content": "first"},
                    {"type": "tool_result", "tool_use_id": "c", "content": "second"}
                ]}
            ]),
        );
        assert_eq!(
            output[1],
            json!({"role": "tool", "tool_call_id": "c", "content": "first"})
        );
        assert_eq!(
            output[2],
            json!({"role": "user", "content": "Result of tool call c:\nsecond"})
        );
    }

    #[test]
    fn inexpressible_blocks_are_left_out_and_empty_messages_omitted() {
        let output = converted(
            "",
            json!([
                {"role": "user", "content": [{"type": "text", "text": "q"}, {"type": "document", "x": 1}]},
                {"role": "assistant", "content": [{"type": "thinking", "thinking": "..."}]},
                {"role": "assistant", "content": [
                    {"type": "image", "source": {"type": "url", "url": "https://e.com/x.png"}},
                    {"type": "text", "text": "a"}
                ]},
                {"role": "user", "content": []}
            ]),
        );
        assert_eq!(
            output,
            json!([
                {"role": "user", "content": "q"},
                {"role": "assistant", "content": "a"}
            ])
        );
    }

    #[test]
    fn tool_result_unknown_blocks_are_skipped_but_text_kept() {
        let output = converted(
            "",
            json!([
                {"role": "assistant", "content": [{"type": "tool_use", "id": "c", "name": "t", "input": {}}]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "c", "content": [
                    {"type": "text", "text": "one"},
                    {"type": "search_result", "title": "x"},
                    {"type": "text", "text": "two"}
                ]}]}
            ]),
        );
        assert_eq!(
            output[1],
            json!({"role": "tool", "tool_call_id": "c", "content": "one\ntwo"})
        );
        assert_eq!(output.as_array().unwrap().len(), 2);
    }

    #[test]
    fn an_empty_conversation_is_only_the_system_prompt() {
        assert_eq!(
            converted("sys", json!([])),
            json!([{"role": "system", "content": "sys"}])
        );
        assert_eq!(converted("", json!([])), json!([]));
    }

    /// Any block the history may hold, with ids from a small pool so calls and results collide.
    fn arbitrary_block() -> impl proptest::strategy::Strategy<Value = ContentBlock> {
        use proptest::prelude::*;
        let id = prop::sample::select(vec!["a", "b", "c"]).prop_map(str::to_owned);
        let image = Just(ImageSource::Base64 {
            media_type: "image/png".into(),
            data: "AAAA".into(),
        });
        let result_content = prop_oneof![
            Just(ToolResultContent::Text("out".into())),
            image
                .clone()
                .prop_map(|source| ToolResultContent::Blocks(vec![
                    ToolResultBlock::Text {
                        text: "shot".into()
                    },
                    ToolResultBlock::Image { source },
                ])),
        ];
        prop_oneof![
            Just(ContentBlock::text("words")),
            image.prop_map(|source| ContentBlock::Image { source }),
            id.clone().prop_map(|id| ContentBlock::ToolUse {
                id,
                name: "tool".into(),
                input: json!({"k": 1}),
            }),
            (id, result_content, proptest::option::of(any::<bool>())).prop_map(
                |(tool_use_id, content, is_error)| ContentBlock::ToolResult {
                    tool_use_id,
                    content,
                    is_error,
                }
            ),
        ]
    }

    fn arbitrary_conversation() -> impl proptest::strategy::Strategy<Value = Vec<MessageParam>> {
        use proptest::prelude::*;
        let role = prop_oneof![Just(Role::User), Just(Role::Assistant)];
        let content = prop_oneof![
            Just(MessageContent::Text("plain".into())),
            prop::collection::vec(arbitrary_block(), 0..5).prop_map(MessageContent::Blocks),
        ];
        prop::collection::vec(
            (role, content).prop_map(|(role, content)| MessageParam { role, content }),
            0..8,
        )
    }

    proptest::proptest! {
        /// Whatever the history, the output is a sequence OpenAI accepts: every assistant's
        /// calls are answered by `tool` messages right after it, one per call id, and no `tool`
        /// message appears anywhere else.
        #[test]
        fn every_call_is_answered_right_after_it_and_no_tool_message_is_orphaned(
            conversation in arbitrary_conversation()
        ) {
            let output = convert_to_openai_messages("", &conversation);
            let mut index = 0;
            while index < output.len() {
                match &output[index] {
                    OpenAiMessage::Assistant { tool_calls, .. } => {
                        let mut expected: Vec<&str> =
                            tool_calls.iter().map(|call| call.id.as_str()).collect();
                        let mut answered = Vec::new();
                        index += 1;
                        while let Some(OpenAiMessage::Tool { tool_call_id, .. }) =
                            output.get(index)
                        {
                            answered.push(tool_call_id.as_str());
                            index += 1;
                        }
                        expected.sort_unstable();
                        answered.sort_unstable();
                        proptest::prop_assert_eq!(expected, answered);
                    }
                    OpenAiMessage::Tool { .. } => {
                        proptest::prop_assert!(false, "orphaned tool message at {}", index);
                    }
                    OpenAiMessage::System { .. } | OpenAiMessage::User { .. } => index += 1,
                }
            }
        }
    }
}
