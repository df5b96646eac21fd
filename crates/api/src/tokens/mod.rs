//! Token counting for the context-window meter and for capping `max_tokens`: text is counted
//! exactly with OpenAI's `o200k_base` encoding (tiktoken-rs), images are estimated from their size.
//!
//! The counts are estimates of what the model behind the proxy will bill: that model may use
//! another tokenizer (Claude's and Gemini's differ from o200k by some tens of percent), so callers
//! should treat them as approximate, as Roo Code does with its own tiktoken counts.

mod ascii_pieces;
mod messages;
mod o200k;

pub use messages::{count_message_tokens, count_openai_message_tokens};

use crate::messages::{ContentBlock, ImageSource, ToolResultBlock, ToolResultContent};

/// Tokens each message adds beyond its content in OpenAI's chat format: three for the framing
/// around a message (OpenAI's cookbook, "How to count tokens with tiktoken") plus one for the
/// role's name, which the cookbook counts as part of the message.
pub const TOKENS_PER_MESSAGE: u64 = 4;

/// Tokens that prime the reply (`<|start|>assistant<|message|>`), once per request, as in the
/// same cookbook.
pub const TOKENS_FOR_REPLY_PRIMING: u64 = 3;

/// The fewest tokens an image is estimated at: OpenAI's fixed cost of a low-detail image.
pub const MIN_IMAGE_TOKENS: u64 = 85;

/// The most tokens an image is estimated at: Anthropic's documented ceiling (about 1,600 tokens,
/// since it scales images down to about 1.15 megapixels at 750 pixels a token). OpenAI's
/// high-detail cost of a usual screenshot (765 tokens for 1024x1024) stays below it.
pub const MAX_IMAGE_TOKENS: u64 = 1600;

/// Decoded image bytes per estimated token. Anthropic charges a token per 750 pixels; compressed
/// screenshots (PNG) and photos (JPEG) typically take about 0.2 bytes a pixel, so a token is
/// about 150 bytes of file. Without decoding the image this is the best size-based guess; it
/// errs towards more tokens, which only leaves more room in the context window.
pub const IMAGE_BYTES_PER_TOKEN: u64 = 150;

/// Bytes of text per token when the encoder cannot be built: the usual rule of thumb for English
/// and code under OpenAI's encodings.
const FALLBACK_BYTES_PER_TOKEN: u64 = 4;

/// Builds the encoder now, so the first count is fast; for a moment when nothing waits on it.
/// Returns whether the exact encoder is available (false means counts are byte estimates).
pub fn warm_up_tokenizer() -> bool {
    o200k::encoder().is_some()
}

/// The tokens of `text` under `o200k_base`. Special-token text such as `<|endoftext|>` in user
/// content is counted as ordinary text, since that is how the proxy's upstream treats it too.
#[must_use]
pub fn count_text_tokens(text: &str) -> u64 {
    o200k::count_ordinary(text).unwrap_or_else(|| estimate_text_tokens(text))
}

/// The byte-based estimate used when the encoder is unavailable.
fn estimate_text_tokens(text: &str) -> u64 {
    u64::try_from(text.len())
        .unwrap_or(u64::MAX)
        .div_ceil(FALLBACK_BYTES_PER_TOKEN)
}

/// The estimated tokens of an image. An inline image is estimated from its decoded size (three
/// bytes per four base64 characters) at [`IMAGE_BYTES_PER_TOKEN`], kept between
/// [`MIN_IMAGE_TOKENS`] and [`MAX_IMAGE_TOKENS`]; an image by URL has no size we can see, so it
/// counts as the maximum.
#[must_use]
pub fn estimate_image_tokens(source: &ImageSource) -> u64 {
    match source {
        ImageSource::Base64 { data, .. } => estimate_base64_image_tokens(data.len()),
        ImageSource::Url { .. } => MAX_IMAGE_TOKENS,
    }
}

/// The estimated tokens of an inline image whose base64 data is `base64_length` characters long.
fn estimate_base64_image_tokens(base64_length: usize) -> u64 {
    let decoded_bytes = u64::try_from(base64_length).unwrap_or(u64::MAX) / 4 * 3;
    (decoded_bytes / IMAGE_BYTES_PER_TOKEN).clamp(MIN_IMAGE_TOKENS, MAX_IMAGE_TOKENS)
}

/// The tokens of a list of content blocks: text exactly, images estimated, a tool call as its
/// name plus its input JSON, a tool result as its content. Blocks of unknown types count zero,
/// because the converters leave them out of the request.
#[must_use]
pub fn count_tokens(blocks: &[ContentBlock]) -> u64 {
    blocks
        .iter()
        .map(count_block_tokens)
        .fold(0, u64::saturating_add)
}

fn count_block_tokens(block: &ContentBlock) -> u64 {
    match block {
        ContentBlock::Text { text } => count_text_tokens(text),
        ContentBlock::Image { source } => estimate_image_tokens(source),
        ContentBlock::ToolUse { name, input, .. } => {
            count_text_tokens(name).saturating_add(count_text_tokens(&input.to_string()))
        }
        ContentBlock::ToolResult { content, .. } => count_tool_result_tokens(content),
        ContentBlock::Unknown(_) => 0,
    }
}

fn count_tool_result_tokens(content: &ToolResultContent) -> u64 {
    match content {
        ToolResultContent::Text(text) => count_text_tokens(text),
        ToolResultContent::Blocks(blocks) => blocks
            .iter()
            .map(|block| match block {
                ToolResultBlock::Text { text } => count_text_tokens(text),
                ToolResultBlock::Image { source } => estimate_image_tokens(source),
                ToolResultBlock::Unknown(_) => 0,
            })
            .fold(0, u64::saturating_add),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base64_image(length: usize) -> ImageSource {
        ImageSource::Base64 {
            media_type: "image/png".into(),
            data: "A".repeat(length),
        }
    }

    #[test]
    fn the_encoder_is_available() {
        assert!(warm_up_tokenizer());
    }

    #[test]
    fn known_o200k_counts() {
        // Counts computed once with tiktoken-rs 0.12.1's o200k_base.
        assert_eq!(count_text_tokens(""), 0);
        assert_eq!(count_text_tokens("hello world"), 2);
        assert_eq!(count_text_tokens("Hello, world!"), 4);
        assert_eq!(count_text_tokens("fn main() { println!(\"hi\"); }"), 9);
        assert_eq!(count_text_tokens("Größe 日本語"), 4);
    }

    #[test]
    fn special_token_text_is_counted_as_ordinary_text() {
        // As a special token it would be exactly one; as ordinary text it is seven pieces.
        assert_eq!(count_text_tokens("<|endoftext|>"), 7);
        assert!(count_text_tokens("a <|endofprompt|> b <|fim_prefix|>") > 3);
    }

    #[test]
    fn the_fallback_estimate_is_a_quarter_of_the_bytes_rounded_up() {
        assert_eq!(estimate_text_tokens(""), 0);
        assert_eq!(estimate_text_tokens("abcd"), 1);
        assert_eq!(estimate_text_tokens("abcde"), 2);
    }

    #[test]
    fn images_are_estimated_within_the_floor_and_cap() {
        assert_eq!(estimate_image_tokens(&base64_image(0)), MIN_IMAGE_TOKENS);
        assert_eq!(estimate_image_tokens(&base64_image(400)), MIN_IMAGE_TOKENS);
        // 200,000 base64 characters decode to 150,000 bytes: 1,000 tokens.
        assert_eq!(estimate_image_tokens(&base64_image(200_000)), 1000);
        assert_eq!(
            estimate_image_tokens(&base64_image(10_000_000)),
            MAX_IMAGE_TOKENS
        );
        assert_eq!(
            estimate_image_tokens(&ImageSource::Url {
                url: "https://example.com/a.png".into()
            }),
            MAX_IMAGE_TOKENS
        );
    }

    #[test]
    fn an_image_adds_a_bounded_amount_to_a_message() {
        let text = ContentBlock::text("describe this");
        let with_image = [
            text.clone(),
            ContentBlock::Image {
                source: base64_image(3_000_000),
            },
        ];
        let added = count_tokens(&with_image) - count_tokens(&[text]);
        assert!(
            (MIN_IMAGE_TOKENS..=MAX_IMAGE_TOKENS).contains(&added),
            "{added}"
        );
    }

    #[test]
    fn tool_use_counts_its_name_and_input_json() {
        let input = json!({"path": "src/main.rs"});
        let block = ContentBlock::ToolUse {
            id: "call_with_a_long_identifier".into(),
            name: "read_file".into(),
            input: input.clone(),
        };
        assert_eq!(
            count_tokens(&[block]),
            count_text_tokens("read_file") + count_text_tokens(&input.to_string())
        );
    }

    #[test]
    fn tool_results_count_their_content_recursively() {
        let block = ContentBlock::ToolResult {
            tool_use_id: "c".into(),
            content: ToolResultContent::Blocks(vec![
                ToolResultBlock::Text {
                    text: "hello world".into(),
                },
                ToolResultBlock::Image {
                    source: base64_image(4),
                },
            ]),
            is_error: None,
        };
        assert_eq!(count_tokens(&[block]), 2 + MIN_IMAGE_TOKENS);
        let plain = ContentBlock::ToolResult {
            tool_use_id: "c".into(),
            content: ToolResultContent::Text("hello world".into()),
            is_error: Some(true),
        };
        assert_eq!(count_tokens(&[plain]), 2);
    }

    #[test]
    fn unknown_blocks_count_zero() {
        let blocks: Vec<ContentBlock> = serde_json::from_value(json!([
            {"type": "thinking", "thinking": "a long chain of thought that is not sent"}
        ]))
        .unwrap();
        assert_eq!(count_tokens(&blocks), 0);
    }
}
