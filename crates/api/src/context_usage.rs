//! How much of the model's context window the next request takes: its input tokens, the reply's
//! reserve (the `max_tokens` it carries) and what is left. The context-window meter, the request's
//! `max_tokens` and the usage estimate of a reply that ends without a reported usage all read the
//! one [`ContextUsage`] computed here, so they cannot disagree.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_info::ModelInfo;
use crate::tokens::count_openai_message_tokens;
use crate::transform::openai_format::OpenAiMessage;

/// What the next request takes of the model's context window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContextUsage {
    /// The request's input tokens: the system prompt and every message with its per-message
    /// overhead, counted with `o200k_base`, images estimated from their size.
    pub input_tokens: u64,
    /// How many tokens of input plus output fit in one request to the model.
    pub context_window: u64,
    /// The `max_tokens` the request carries, kept free for the reply; `null` when it carries
    /// none, because the model's output limit is unknown or the input alone fills the window.
    pub output_reserve: Option<u64>,
    /// What the window leaves after the input and the reply's reserve.
    pub available: u64,
}

impl ContextUsage {
    /// The usage of a request carrying `messages` (already converted, system prompt first) to a
    /// model described by `model_info`.
    #[must_use]
    pub fn of_request(model_info: &ModelInfo, messages: &[OpenAiMessage]) -> Self {
        Self::of_input(model_info, count_openai_message_tokens(messages))
    }

    /// The usage of a request of `input_tokens` to a model described by `model_info`.
    #[must_use]
    pub fn of_input(model_info: &ModelInfo, input_tokens: u64) -> Self {
        let context_window = u64::from(model_info.context_window);
        let output_reserve = reply_token_limit(model_info, input_tokens);
        Self {
            input_tokens,
            context_window,
            output_reserve,
            available: context_window
                .saturating_sub(input_tokens)
                .saturating_sub(output_reserve.unwrap_or(0)),
        }
    }
}

/// The `max_tokens` to send for a request of `input_tokens`.
///
/// - With a known output limit (a positive `max_tokens`; zero is taken as unknown): that limit,
///   lowered to what the context window leaves after the input, so the request never asks for
///   more than fits, which providers reject (Roo Code issue 3963).
/// - Without a known output limit: left out, so the provider applies its own default. Sending
///   "whatever the window leaves" instead would exceed the output limit of most models (a
///   128k-window model commonly allows 16k out) and be rejected.
/// - When the estimate says the input alone fills the window: left out too. The estimate uses
///   o200k, not the model's own tokenizer, so it may be wrong by some percent either way;
///   `max_tokens: 1` would silently cut a reply that fits to one token, while leaving it out lets
///   the proxy either answer or report the context window exceeded, which is classified.
#[must_use]
pub fn reply_token_limit(model_info: &ModelInfo, input_tokens: u64) -> Option<u64> {
    let max_output = u64::from(model_info.max_tokens.filter(|limit| *limit > 0)?);
    let left_in_window = u64::from(model_info.context_window).saturating_sub(input_tokens);
    if left_in_window == 0 {
        return None;
    }
    Some(max_output.min(left_in_window))
}

/// The share of the context window, in percent, the trimming plan keeps free for the reply when
/// the model's output limit is unknown or larger: what Roo Code reserves for a model without a
/// known `max_tokens`.
pub const PLANNING_RESERVE_PERCENT: u64 = 20;

/// The reply's reserve a request is planned with ([`crate::context::plan_context`]'s
/// `output_reserve`): the model's output limit, but at most [`PLANNING_RESERVE_PERCENT`] of the
/// window, and that share when the limit is unknown.
///
/// A planned request's input then leaves at least this much (plus the tokenizer margin) of the
/// window, so [`reply_token_limit`] sends `max_tokens` of at least this reserve, and up to the
/// model's limit when the window leaves room. Capping matters for models that report an output
/// limit as large as the window: reserving all of it would leave no room for any input.
#[must_use]
pub fn planning_reserve(model_info: &ModelInfo) -> u64 {
    let window = u64::from(model_info.context_window);
    let share = window * PLANNING_RESERVE_PERCENT / 100;
    model_info
        .max_tokens
        .filter(|limit| *limit > 0)
        .map_or(share, |limit| u64::from(limit).min(share))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defaults::lite_llm_model_info_sane_defaults;
    use crate::tokens::{TOKENS_FOR_REPLY_PRIMING, TOKENS_PER_MESSAGE, count_text_tokens};
    use crate::transform::openai_format::OpenAiUserContent;

    fn model_info(max_tokens: Option<u32>, context_window: u32) -> ModelInfo {
        ModelInfo {
            max_tokens,
            context_window,
            ..lite_llm_model_info_sane_defaults()
        }
    }

    #[test]
    fn reply_token_limit_cases() {
        let info = model_info(Some(4096), 16_385);
        assert_eq!(reply_token_limit(&info, 0), Some(4096));
        assert_eq!(reply_token_limit(&info, 12_289), Some(4096));
        assert_eq!(reply_token_limit(&info, 12_290), Some(4095));
        assert_eq!(reply_token_limit(&info, 16_384), Some(1));
        // The estimate says the input alone fills the window: the proxy decides.
        assert_eq!(reply_token_limit(&info, 16_385), None);
        assert_eq!(reply_token_limit(&info, u64::MAX), None);
        assert_eq!(reply_token_limit(&model_info(None, 16_385), 0), None);
        assert_eq!(reply_token_limit(&model_info(Some(0), 16_385), 0), None);
        assert_eq!(reply_token_limit(&model_info(Some(4096), 0), 0), None);
    }

    #[test]
    fn the_planning_reserve_is_the_output_limit_capped_at_a_fifth_of_the_window() {
        assert_eq!(planning_reserve(&model_info(Some(4096), 128_000)), 4096);
        assert_eq!(
            planning_reserve(&model_info(Some(128_000), 128_000)),
            25_600
        );
        assert_eq!(planning_reserve(&model_info(None, 100_000)), 20_000);
        assert_eq!(planning_reserve(&model_info(Some(0), 100_000)), 20_000);
        assert_eq!(planning_reserve(&model_info(Some(10), 0)), 0);
    }

    #[test]
    fn the_reserve_and_the_input_leave_the_rest_available() {
        let info = model_info(Some(4096), 16_385);
        assert_eq!(
            ContextUsage::of_input(&info, 100),
            ContextUsage {
                input_tokens: 100,
                context_window: 16_385,
                output_reserve: Some(4096),
                available: 16_385 - 100 - 4096,
            }
        );
        // Near the edge the reserve shrinks to what is left, so nothing is available.
        let near_the_edge = ContextUsage::of_input(&info, 15_000);
        assert_eq!(near_the_edge.output_reserve, Some(1385));
        assert_eq!(near_the_edge.available, 0);
        // Without a known output limit nothing is reserved.
        let unknown_limit = ContextUsage::of_input(&model_info(None, 128_000), 28_000);
        assert_eq!(unknown_limit.output_reserve, None);
        assert_eq!(unknown_limit.available, 100_000);
        // An input over the window leaves nothing, and does not wrap around.
        let over = ContextUsage::of_input(&info, 20_000);
        assert_eq!((over.output_reserve, over.available), (None, 0));
    }

    #[test]
    fn a_request_is_counted_with_its_overheads() {
        let messages = [
            OpenAiMessage::System {
                content: "Be brief.".into(),
            },
            OpenAiMessage::User {
                content: OpenAiUserContent::Text("hello world".into()),
            },
        ];
        let usage = ContextUsage::of_request(&model_info(Some(4096), 16_385), &messages);
        assert_eq!(
            usage.input_tokens,
            2 * TOKENS_PER_MESSAGE
                + count_text_tokens("Be brief.")
                + count_text_tokens("hello world")
                + TOKENS_FOR_REPLY_PRIMING
        );
    }

    #[test]
    fn it_serializes_in_camel_case_with_a_null_reserve() {
        let usage = ContextUsage::of_input(&model_info(None, 1000), 10);
        assert_eq!(
            serde_json::to_value(usage).unwrap(),
            serde_json::json!({"inputTokens": 10, "contextWindow": 1000, "outputReserve": null, "available": 990})
        );
    }
}
