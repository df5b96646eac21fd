//! The input tokens of a whole request, counted on the OpenAI messages the request sends rather
//! than on the conversation they came from, so every message the converter adds, joins or splits
//! (tool results become `tool` messages, a tool result's images a user message of their own,
//! unanswered calls get a placeholder result) is counted as it goes out.

use crate::messages::MessageParam;
use crate::tokens::{
    MAX_IMAGE_TOKENS, TOKENS_FOR_REPLY_PRIMING, TOKENS_PER_MESSAGE, count_text_tokens,
    estimate_base64_image_tokens,
};
use crate::transform::openai_format::{
    OpenAiContentPart, OpenAiMessage, OpenAiUserContent, convert_to_openai_messages,
};

/// The estimated input tokens of a request for `system_prompt` and `messages`: what
/// [`count_openai_message_tokens`] gives for the messages the request will carry.
#[must_use]
pub fn count_message_tokens(system_prompt: &str, messages: &[MessageParam]) -> u64 {
    count_openai_message_tokens(&convert_to_openai_messages(system_prompt, messages))
}

/// The estimated input tokens of a request carrying `messages`: each message's content plus
/// [`TOKENS_PER_MESSAGE`], and [`TOKENS_FOR_REPLY_PRIMING`] once.
#[must_use]
pub fn count_openai_message_tokens(messages: &[OpenAiMessage]) -> u64 {
    messages
        .iter()
        .map(|message| TOKENS_PER_MESSAGE.saturating_add(count_openai_content_tokens(message)))
        .fold(TOKENS_FOR_REPLY_PRIMING, u64::saturating_add)
}

/// One message's content: its text, its images estimated, and a tool call as its name plus its
/// arguments. Ids (`tool_call_id`, a call's `id`) are left out: they are routing, and a model
/// that renders them at all renders them in its own way.
fn count_openai_content_tokens(message: &OpenAiMessage) -> u64 {
    match message {
        OpenAiMessage::System { content } | OpenAiMessage::Tool { content, .. } => {
            count_text_tokens(content)
        }
        OpenAiMessage::User {
            content: OpenAiUserContent::Text(text),
        } => count_text_tokens(text),
        OpenAiMessage::User {
            content: OpenAiUserContent::Parts(parts),
        } => parts
            .iter()
            .map(|part| match part {
                OpenAiContentPart::Text { text } => count_text_tokens(text),
                OpenAiContentPart::ImageUrl { image_url } => {
                    estimate_image_url_tokens(&image_url.url)
                }
            })
            .fold(0, u64::saturating_add),
        OpenAiMessage::Assistant {
            content,
            tool_calls,
        } => tool_calls
            .iter()
            .map(|call| {
                count_text_tokens(&call.function.name)
                    .saturating_add(count_text_tokens(&call.function.arguments))
            })
            .fold(
                content.as_deref().map_or(0, count_text_tokens),
                u64::saturating_add,
            ),
    }
}

/// The estimated tokens of an image part: an inline image (`data:<type>;base64,<data>`, as the
/// converter writes it) from the size of its data, any other URL as the most an image can take,
/// since its size cannot be seen without fetching it. Base64 never contains `;` or `,`, so the
/// last `;base64,` is the one that starts the data.
fn estimate_image_url_tokens(url: &str) -> u64 {
    match url
        .strip_prefix("data:")
        .and_then(|rest| rest.rsplit_once(";base64,"))
    {
        Some((_, data)) => estimate_base64_image_tokens(data.len()),
        None => MAX_IMAGE_TOKENS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{
        ContentBlock, ImageSource, MessageContent, Role, ToolResultBlock, ToolResultContent,
    };
    use crate::tokens::{MIN_IMAGE_TOKENS, estimate_image_tokens};
    use crate::transform::openai_format::{
        MISSING_TOOL_RESULT_TEXT, TOOL_RESULT_IMAGE_PLACEHOLDER,
    };
    use serde_json::json;

    fn png(length: usize) -> ImageSource {
        ImageSource::Base64 {
            media_type: "image/png".into(),
            data: "A".repeat(length),
        }
    }

    fn blocks(role: Role, blocks: Vec<ContentBlock>) -> MessageParam {
        MessageParam {
            role,
            content: MessageContent::Blocks(blocks),
        }
    }

    #[test]
    fn plain_messages_add_the_documented_overheads() {
        let messages = [
            MessageParam::user_text("hello world"),
            MessageParam::assistant_text("hello world"),
        ];
        assert_eq!(
            count_message_tokens("", &messages),
            2 * (TOKENS_PER_MESSAGE + 2) + TOKENS_FOR_REPLY_PRIMING
        );
        assert_eq!(
            count_message_tokens("hello world", &messages),
            3 * (TOKENS_PER_MESSAGE + 2) + TOKENS_FOR_REPLY_PRIMING
        );
        assert_eq!(count_message_tokens("", &[]), TOKENS_FOR_REPLY_PRIMING);
    }

    #[test]
    fn text_blocks_are_counted_as_the_joined_text_that_is_sent() {
        let split = [blocks(
            Role::User,
            vec![ContentBlock::text("hello"), ContentBlock::text("world")],
        )];
        assert_eq!(
            count_message_tokens("", &split),
            TOKENS_PER_MESSAGE + count_text_tokens("hello\nworld") + TOKENS_FOR_REPLY_PRIMING
        );
    }

    #[test]
    fn inline_images_are_estimated_from_their_data_and_urls_at_the_cap() {
        let source = png(200_000);
        let message = [blocks(
            Role::User,
            vec![
                ContentBlock::text("describe"),
                ContentBlock::Image {
                    source: source.clone(),
                },
                ContentBlock::Image {
                    source: ImageSource::Url {
                        url: "https://example.com/a.png".into(),
                    },
                },
            ],
        )];
        assert_eq!(
            count_message_tokens("", &message),
            TOKENS_PER_MESSAGE
                + count_text_tokens("describe")
                + estimate_image_tokens(&source)
                + MAX_IMAGE_TOKENS
                + TOKENS_FOR_REPLY_PRIMING
        );
        assert_eq!(estimate_image_tokens(&source), 1000);
    }

    #[test]
    fn the_image_estimate_reads_only_the_data_of_a_data_url() {
        assert_eq!(
            estimate_image_url_tokens(&format!("data:image/png;base64,{}", "A".repeat(200_000))),
            1000
        );
        assert_eq!(
            estimate_image_url_tokens("data:image/png;base64,"),
            MIN_IMAGE_TOKENS
        );
        assert_eq!(
            estimate_image_url_tokens("data:image/png,not-base64"),
            MAX_IMAGE_TOKENS
        );
    }

    #[test]
    fn tool_calls_and_results_are_counted_as_the_messages_they_become() {
        let input = json!({"path": "a.png"});
        let conversation = [
            blocks(
                Role::Assistant,
                vec![
                    ContentBlock::ToolUse {
                        id: "call_1".into(),
                        name: "read_image".into(),
                        input: input.clone(),
                    },
                    ContentBlock::ToolUse {
                        id: "call_2".into(),
                        name: "read_image".into(),
                        input: input.clone(),
                    },
                ],
            ),
            blocks(
                Role::User,
                vec![ContentBlock::ToolResult {
                    tool_use_id: "call_1".into(),
                    content: ToolResultContent::Blocks(vec![ToolResultBlock::Image {
                        source: png(4),
                    }]),
                    is_error: None,
                }],
            ),
        ];
        // The assistant message, a tool message with the image's placeholder, a tool message
        // for the unanswered second call, and a user message carrying the image.
        let call = count_text_tokens("read_image") + count_text_tokens(&input.to_string());
        assert_eq!(
            count_message_tokens("", &conversation),
            4 * TOKENS_PER_MESSAGE
                + 2 * call
                + count_text_tokens(TOOL_RESULT_IMAGE_PLACEHOLDER)
                + count_text_tokens(MISSING_TOOL_RESULT_TEXT)
                + MIN_IMAGE_TOKENS
                + TOKENS_FOR_REPLY_PRIMING
        );
    }

    #[test]
    fn blocks_the_request_leaves_out_count_nothing() {
        let thinking: MessageParam = serde_json::from_value(json!({
            "role": "assistant",
            "content": [{"type": "thinking", "thinking": "a long chain of thought that is not sent"}]
        }))
        .unwrap();
        assert_eq!(
            count_message_tokens("", &[thinking]),
            TOKENS_FOR_REPLY_PRIMING
        );
    }
}
