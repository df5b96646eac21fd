//! Turns the bytes of a LiteLLM `/chat/completions` stream into [`ApiStreamChunk`]s: text,
//! reasoning, one usage chunk with its cost at the end, or an error.
//!
//! The proxy's stream, as observed on litellm 1.106.2: `data: {chunk}` frames in
//! OpenAI's `chat.completion.chunk` shape, middle chunks without a `finish_reason` key, then (with
//! `stream_options.include_usage`) a chunk with `usage` (and `cost` in dollars) whose `choices` is
//! `[{"index":0,"delta":{}}]` rather than empty, then `data: [DONE]`. A failure after the stream
//! started arrives as `data: {"error":{...}}` and the stream ends with no `[DONE]`.
//!
//! Text deltas decoded from one push are merged into one chunk: every chunk crosses into
//! JavaScript as an object, so fewer, larger chunks are the cheapest way to stream fast.
//!
//! Tool calls stream as `delta.tool_calls` pieces (see `agent::tool_call_assembly`); they are
//! assembled as they come and emitted whole, once, as one [`ApiStreamChunk::ToolCalls`] when
//! `[DONE]` arrives, before the usage chunk. A reply that fails or is cut short emits none: half a
//! call's arguments must never reach a tool.
//!
//! A reply that ends before the proxy reported usage (the user stopped it, the connection or the
//! upstream failed, or a proxy that sends no usage) still gets a usage chunk, marked estimated:
//! the request's input estimate and an `o200k_base` count of what streamed. The upstream bills
//! those tokens whether or not the reply finished, so the chat's totals should show them.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::agent::ToolCallAssembler;
use crate::classify::{
    classify_stream_error, keep_body, malformed_stream, redact_secrets, stream_cut_short,
};
use crate::cost::{priced_usage, resolve_cost, to_usage_chunk};
use crate::errors::ApiError;
use crate::model_info::ModelInfo;
use crate::sse::{SseDecoder, SseError, SseEvent};
use crate::stream::{ApiStreamChunk, Usage};
use crate::tokens::count_text_tokens;
use crate::usage::{TokenUsage, parse_usage};

/// The data of the frame that ends a successful stream.
const DONE_MARKER: &str = "[DONE]";

/// Decodes one LiteLLM chat-completion stream. Push the body's bytes as they arrive, then call
/// [`LiteLlmStreamDecoder::finish`] when the body ends.
#[derive(Debug)]
pub struct LiteLlmStreamDecoder {
    /// Frames the bytes into events.
    sse: SseDecoder,
    /// Interprets the events.
    frames: FrameHandler,
}

/// Everything but the SSE framing, kept apart so the SSE callback can borrow it mutably while
/// the SSE decoder is borrowed too.
#[derive(Debug)]
struct FrameHandler {
    /// The API key, so that error details and bodies never repeat it.
    secret: Option<String>,
    /// The model's prices, for the cost when the proxy reports none.
    model_info: ModelInfo,
    /// The latest usage the stream reported.
    usage: Option<TokenUsage>,
    /// The input tokens the request was sized with, for a usage estimate when none is reported.
    input_tokens_estimate: u64,
    /// Every text, reasoning and tool-call delta so far, counted for the estimate only if it is
    /// needed.
    streamed_output: String,
    /// The tool calls streamed so far, emitted whole when the reply completes.
    tool_calls: ToolCallAssembler,
    /// Where the stream stands.
    phase: Phase,
    /// The raw start of an event flushed at the end of input that did not parse: the connection
    /// was cut inside a frame, which is kept as the cut-short error's body.
    truncated_frame: Option<String>,
}

/// Where the stream stands. Once it has ended, further input is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Chunks are still arriving.
    Streaming,
    /// `[DONE]` arrived: the reply is complete.
    Done,
    /// An error chunk was emitted (an error frame, a malformed frame, or a cut-short end).
    Failed,
}

impl LiteLlmStreamDecoder {
    /// A decoder for one reply of the model described by `model_info`. `secret` is the API key,
    /// used only to redact it from anything an error keeps.
    #[must_use]
    pub fn new(model_info: ModelInfo, secret: Option<String>) -> Self {
        Self {
            sse: SseDecoder::new(),
            frames: FrameHandler {
                secret: secret.filter(|key| !key.trim().is_empty()),
                model_info,
                usage: None,
                input_tokens_estimate: 0,
                streamed_output: String::new(),
                tool_calls: ToolCallAssembler::new(),
                phase: Phase::Streaming,
                truncated_frame: None,
            },
        }
    }

    /// Sets the request's input-token estimate, used for the usage of a reply that ends before
    /// the proxy reports one.
    #[must_use]
    pub fn with_input_tokens_estimate(mut self, input_tokens: u64) -> Self {
        self.frames.input_tokens_estimate = input_tokens;
        self
    }

    /// The reply was cut from outside the stream: the user stopped it, the connection dropped
    /// or a deadline passed. Ends decoding and returns the usage chunk to record for what was
    /// spent so far (the proxy's last report, else an estimate), if anything streamed. The
    /// caller adds its own error chunk after it.
    pub fn interrupt(&mut self) -> Vec<ApiStreamChunk> {
        let mut chunks = Vec::new();
        if self.frames.phase == Phase::Streaming {
            self.frames.push_unreported_usage(&mut chunks);
            self.frames.phase = Phase::Failed;
        }
        chunks
    }

    /// Decodes the next bytes of the body into chunks. Adjacent text deltas (and adjacent
    /// reasoning deltas) are merged into one chunk; text and reasoning keep their order. After
    /// the stream has ended (`[DONE]`, an error, or [`Self::finish`]) this returns nothing.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<ApiStreamChunk> {
        let mut chunks = Vec::new();
        self.push_into(bytes, &mut chunks);
        chunks
    }

    /// Like [`Self::push`], appending to `chunks` (merging into its last chunk when that is the
    /// same kind), so a caller can reuse one vector.
    pub fn push_into(&mut self, bytes: &[u8], chunks: &mut Vec<ApiStreamChunk>) {
        if self.frames.phase != Phase::Streaming {
            return;
        }
        let frames = &mut self.frames;
        let framed = self.sse.push(bytes, &mut |event| {
            frames.handle_event(&event, false, chunks);
        });
        if let Err(error) = framed {
            frames.fail_on_framing(error, chunks);
        }
    }

    /// Ends the stream. When the body ended without `[DONE]` and without an error frame, this
    /// returns a [`StreamCutShort`](crate::errors::ApiErrorKind::StreamCutShort) error after any
    /// chunks the last, unterminated frame still held. Calling it again returns nothing.
    pub fn finish(&mut self) -> Vec<ApiStreamChunk> {
        let mut chunks = Vec::new();
        if self.frames.phase == Phase::Streaming {
            let frames = &mut self.frames;
            let framed = self.sse.finish(&mut |event| {
                frames.handle_event(&event, true, &mut chunks);
            });
            if let Err(error) = framed {
                frames.fail_on_framing(error, &mut chunks);
            }
            if frames.phase == Phase::Streaming {
                let error = ApiError {
                    // The start of a frame the connection was cut inside, already redacted and
                    // cut to size when it was kept.
                    body: frames.truncated_frame.take(),
                    ..stream_cut_short("The stream ended without `data: [DONE]`.")
                };
                frames.fail(error, &mut chunks);
            }
        }
        chunks
    }

    /// The latest usage the stream reported, if any. The boundary uses it to ask
    /// `POST /spend/calculate` when the usage chunk's cost is unknown.
    #[must_use]
    pub fn usage(&self) -> Option<&TokenUsage> {
        self.frames.usage.as_ref()
    }

    /// Whether the stream has ended (`[DONE]`, an error, or `finish`). Once it has, the boundary
    /// can stop reading the body: nothing more will be decoded.
    #[must_use]
    pub fn has_ended(&self) -> bool {
        self.frames.phase != Phase::Streaming
    }

    /// Whether the reply completed normally with `[DONE]`.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.frames.phase == Phase::Done
    }
}

impl FrameHandler {
    /// Interprets one SSE event. `at_end_of_input` marks the event the SSE decoder flushed when
    /// the body ended without the blank line that completes it.
    fn handle_event(
        &mut self,
        event: &SseEvent<'_>,
        at_end_of_input: bool,
        chunks: &mut Vec<ApiStreamChunk>,
    ) {
        if self.phase != Phase::Streaming {
            // LiteLLM sends nothing after `[DONE]` or an error frame; anything that follows is
            // not part of this reply.
            return;
        }
        let payload = event.data.trim();
        if payload.is_empty() {
            return;
        }
        if payload == DONE_MARKER {
            self.complete(chunks);
            return;
        }
        match serde_json::from_str::<ChunkFrame<'_>>(payload) {
            Ok(frame) => self.handle_frame(frame, payload, chunks),
            Err(_) if at_end_of_input => {
                // The body ended inside a frame: that is a cut connection, not a proxy speaking
                // nonsense, so `finish` reports it as cut short with what arrived of the frame.
                self.truncated_frame = Some(keep_body(payload, self.secret.as_deref()));
            }
            Err(parse_error) => {
                let error = self.malformed_frame(&parse_error, payload);
                self.fail(error, chunks);
            }
        }
    }

    /// Emits what one parsed chunk carries.
    fn handle_frame(
        &mut self,
        frame: ChunkFrame<'_>,
        payload: &str,
        chunks: &mut Vec<ApiStreamChunk>,
    ) {
        if frame.error.is_some() {
            // The typed frame skipped the error's content; the classifier reads it as JSON.
            // Re-parsing is only paid on this one, final frame.
            let error = match serde_json::from_str::<serde_json::Value>(payload) {
                Ok(value) => classify_stream_error(&value, self.secret.as_deref()),
                Err(parse_error) => self.malformed_frame(&parse_error, payload),
            };
            self.fail(error, chunks);
            return;
        }
        if let Some(delta) = frame.first_choice.and_then(|choice| choice.delta) {
            // A delta carrying both comes from a model that reasons before it answers, so the
            // reasoning goes first. Some providers send the same reasoning as both
            // `reasoning_content` and `reasoning`; only one of them is kept.
            let reasoning = delta.reasoning_content.0.or(delta.reasoning.0);
            if let Some(text) = reasoning.filter(|text| !text.is_empty()) {
                append(chunks, &text, ChunkKind::Reasoning);
                self.streamed_output.push_str(&text);
            }
            if let Some(text) = delta.content.0.filter(|text| !text.is_empty()) {
                append(chunks, &text, ChunkKind::Text);
                self.streamed_output.push_str(&text);
            }
            if let Some(tool_calls) = &delta.tool_calls {
                self.tool_calls.push_tool_calls(tool_calls);
                // The calls' JSON counts as output when the usage has to be estimated.
                self.streamed_output.push_str(&tool_calls.to_string());
            }
        }
        if let Some(usage) = frame.usage.as_ref().and_then(parse_usage) {
            self.usage = Some(usage);
        }
    }

    /// `[DONE]` arrived: emits the assembled tool calls, if any, then the usage chunk (estimated
    /// when the proxy reported none) and ends.
    fn complete(&mut self, chunks: &mut Vec<ApiStreamChunk>) {
        if !self.tool_calls.is_empty() {
            let calls = std::mem::take(&mut self.tool_calls).finish();
            chunks.push(ApiStreamChunk::ToolCalls { calls });
        }
        self.push_unreported_usage(chunks);
        self.phase = Phase::Done;
    }

    /// Ends the reply with `error`, after the usage of what it spent.
    fn fail(&mut self, error: ApiError, chunks: &mut Vec<ApiStreamChunk>) {
        self.push_unreported_usage(chunks);
        chunks.push(ApiStreamChunk::Error { error });
        self.phase = Phase::Failed;
    }

    /// Pushes the usage chunk the reply has not had yet: the proxy's latest report with its
    /// cost, else (when anything streamed) our estimate, priced from the model's prices.
    fn push_unreported_usage(&self, chunks: &mut Vec<ApiStreamChunk>) {
        if let Some(usage) = &self.usage {
            chunks.push(ApiStreamChunk::Usage(priced_usage(usage, &self.model_info)));
        } else if !self.streamed_output.is_empty() {
            let estimate = TokenUsage {
                input_tokens: self.input_tokens_estimate,
                output_tokens: count_text_tokens(&self.streamed_output),
                ..TokenUsage::default()
            };
            let cost = resolve_cost(&estimate, &self.model_info);
            chunks.push(ApiStreamChunk::Usage(Usage {
                estimated: true,
                cache_savings: None,
                ..to_usage_chunk(&estimate, cost)
            }));
        }
    }

    /// The SSE framing failed (a line beyond the limit): the rest of the body cannot be read.
    fn fail_on_framing(&mut self, error: SseError, chunks: &mut Vec<ApiStreamChunk>) {
        if self.phase != Phase::Streaming {
            return;
        }
        self.fail(malformed_stream(&error.to_string(), None), chunks);
    }

    /// The error for a frame whose data is not the JSON the protocol promises.
    fn malformed_frame(&self, parse_error: &serde_json::Error, payload: &str) -> ApiError {
        // `malformed_stream` redacts only what looks like a key, so this decoder's own key is
        // redacted first; the cut to size then happens once, inside `malformed_stream`.
        let redacted = redact_secrets(payload, self.secret.as_deref());
        malformed_stream(
            &format!("A stream frame is not valid JSON: {parse_error}."),
            Some(&redacted),
        )
    }
}

/// Which kind of text chunk a delta extends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkKind {
    Text,
    Reasoning,
}

/// Appends `text` to the last chunk when it is of the same kind, else starts a new chunk. Only
/// the last chunk is ever extended, so text and reasoning never change order.
fn append(chunks: &mut Vec<ApiStreamChunk>, text: &str, kind: ChunkKind) {
    match (chunks.last_mut(), kind) {
        (Some(ApiStreamChunk::Text { text: merged }), ChunkKind::Text)
        | (Some(ApiStreamChunk::Reasoning { text: merged }), ChunkKind::Reasoning) => {
            merged.push_str(text);
        }
        (_, ChunkKind::Text) => chunks.push(ApiStreamChunk::Text {
            text: text.to_owned(),
        }),
        (_, ChunkKind::Reasoning) => chunks.push(ApiStreamChunk::Reasoning {
            text: text.to_owned(),
        }),
    }
}

/// The parts of a `chat.completion.chunk` the decoder reads. Every other key (`id`, `model`,
/// `created`, ...) is skipped without being built.
#[derive(Debug, Deserialize)]
struct ChunkFrame<'a> {
    /// Only the first choice is read: the extension asks for one (`n` is never set).
    #[serde(rename = "choices", default, borrow, deserialize_with = "first_choice")]
    first_choice: Option<Choice<'a>>,
    /// Present (with `cost`) on the final chunk; `null` or absent on the others.
    #[serde(default)]
    usage: Option<serde_json::Value>,
    /// Present on the error frame a failure after the stream started turns into.
    #[serde(default)]
    error: Option<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
struct Choice<'a> {
    #[serde(default, borrow)]
    delta: Option<Delta<'a>>,
}

#[derive(Debug, Deserialize)]
struct Delta<'a> {
    #[serde(default, borrow)]
    content: DeltaText<'a>,
    #[serde(default, borrow)]
    reasoning_content: DeltaText<'a>,
    /// The spelling some providers (and LiteLLM for them) use instead of `reasoning_content`.
    #[serde(default, borrow)]
    reasoning: DeltaText<'a>,
    /// Pieces of tool calls, handed to the assembler as they are (it ignores odd shapes).
    #[serde(default)]
    tool_calls: Option<serde_json::Value>,
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
struct DeltaText<'a>(Option<Cow<'a, str>>);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::MAX_KEPT_BODY_BYTES;
    use crate::errors::ApiErrorKind;
    use crate::stream::{Cost, CostSource, Usage};

    const KEY: &str = "sk-test-0123456789abcdef";

    fn priced_model() -> ModelInfo {
        ModelInfo {
            input_price: Some(0.15),
            output_price: Some(0.60),
            ..ModelInfo::default()
        }
    }

    fn decoder() -> LiteLlmStreamDecoder {
        LiteLlmStreamDecoder::new(priced_model(), Some(KEY.to_owned()))
    }

    /// A middle chunk in the proxy's shape: no `finish_reason` key.
    fn content_frame(text: &str) -> String {
        let delta = serde_json::json!({ "content": text });
        format!(
            "data: {{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\
             \"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{delta}}}]}}\n\n"
        )
    }

    fn delta_frame(delta: &str) -> String {
        format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{delta}}}]}}\n\n")
    }

    /// The final usage chunk: `choices` holds one empty delta, not an empty list.
    fn usage_frame(usage: &str) -> String {
        format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{{}}}}],\"usage\":{usage}}}\n\n")
    }

    const DONE: &str = "data: [DONE]\n\n";

    fn text(text: &str) -> ApiStreamChunk {
        ApiStreamChunk::Text {
            text: text.to_owned(),
        }
    }

    fn reasoning(text: &str) -> ApiStreamChunk {
        ApiStreamChunk::Reasoning {
            text: text.to_owned(),
        }
    }

    /// Whether `chunk` is an estimated usage of `output_tokens` (and the test decoder's input
    /// estimate of zero), priced from the model's prices.
    fn is_estimate_of(chunk: &ApiStreamChunk, output_tokens: u64) -> bool {
        matches!(
            chunk,
            ApiStreamChunk::Usage(Usage {
                input_tokens: 0,
                output_tokens: counted,
                estimated: true,
                cache_savings: None,
                cost: Cost::Known { source: CostSource::ModelPrices, .. },
                ..
            }) if *counted == output_tokens
        )
    }

    fn only_error(chunks: &[ApiStreamChunk]) -> &ApiError {
        match chunks {
            [.., ApiStreamChunk::Error { error }] => error,
            other => panic!("expected the chunks to end in an error, got {other:?}"),
        }
    }

    #[test]
    fn merges_the_text_deltas_of_one_push() {
        let mut decoder = decoder();
        let body = [
            content_frame("Hel"),
            content_frame("lo,"),
            content_frame(" wo"),
        ]
        .concat();
        assert_eq!(decoder.push(body.as_bytes()), vec![text("Hello, wo")]);
        assert_eq!(
            decoder.push(content_frame("rld").as_bytes()),
            vec![text("rld")]
        );
    }

    #[test]
    fn push_into_merges_with_the_last_chunk_of_the_vector() {
        let mut decoder = decoder();
        let mut chunks = vec![reasoning("r")];
        decoder.push_into(content_frame("a").as_bytes(), &mut chunks);
        decoder.push_into(content_frame("b").as_bytes(), &mut chunks);
        assert_eq!(chunks, vec![reasoning("r"), text("ab")]);
    }

    #[test]
    fn reasoning_and_text_keep_their_order() {
        let mut decoder = decoder();
        let body = [
            delta_frame(r#"{"reasoning_content":"think "}"#),
            delta_frame(r#"{"reasoning_content":"more"}"#),
            content_frame("answer "),
            delta_frame(r#"{"reasoning":"again"}"#),
            content_frame("done"),
        ]
        .concat();
        assert_eq!(
            decoder.push(body.as_bytes()),
            vec![
                reasoning("think more"),
                text("answer "),
                reasoning("again"),
                text("done")
            ]
        );
    }

    #[test]
    fn a_delta_with_both_reasoning_spellings_and_content_yields_each_once() {
        let mut decoder = decoder();
        let body = delta_frame(r#"{"reasoning_content":"r","reasoning":"r","content":"c"}"#);
        assert_eq!(
            decoder.push(body.as_bytes()),
            vec![reasoning("r"), text("c")]
        );
    }

    #[test]
    fn empty_null_and_odd_fields_are_ignored() {
        let mut decoder = decoder();
        let body = [
            delta_frame(r#"{"role":"assistant","content":""}"#),
            delta_frame(r#"{"content":null,"reasoning_content":""}"#),
            delta_frame(r#"{"content":7,"reasoning":{"x":[1,2]},"tool_calls":[{"id":"t"}]}"#),
            delta_frame(r#"{}"#),
            "data: {\"choices\":[]}\n\n".to_owned(),
            "data: {\"choices\":null,\"usage\":null}\n\n".to_owned(),
            "data: {\"choices\":[{\"index\":0,\"delta\":null}]}\n\n".to_owned(),
            "data: {}\n\n".to_owned(),
        ]
        .concat();
        assert_eq!(decoder.push(body.as_bytes()), vec![]);
        assert!(!decoder.has_ended());
    }

    #[test]
    fn escaped_text_is_unescaped() {
        let mut decoder = decoder();
        let body = delta_frame(r#"{"content":"line\n\"q\" \u00e9 \ud83c\udf89"}"#);
        assert_eq!(
            decoder.push(body.as_bytes()),
            vec![text("line\n\"q\" é 🎉")]
        );
    }

    #[test]
    fn only_the_first_choice_is_read() {
        let mut decoder = decoder();
        let body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},\
                    {\"index\":1,\"delta\":{\"content\":\"b\"}}]}\n\n";
        assert_eq!(decoder.push(body.as_bytes()), vec![text("a")]);
    }

    #[test]
    fn usage_is_emitted_once_at_done_with_the_proxy_cost() {
        let mut decoder = decoder();
        let head = [
            content_frame("Hi"),
            usage_frame(r#"{"prompt_tokens":8,"completion_tokens":9,"cost":6.6e-6}"#),
        ]
        .concat();
        assert_eq!(decoder.push(head.as_bytes()), vec![text("Hi")]);
        assert_eq!(decoder.usage().map(|usage| usage.input_tokens), Some(8));
        assert!(!decoder.has_ended());
        assert_eq!(
            decoder.push(DONE.as_bytes()),
            vec![ApiStreamChunk::Usage(Usage {
                input_tokens: 8,
                output_tokens: 9,
                cache_write_tokens: None,
                cache_read_tokens: None,
                reasoning_tokens: None,
                cost: Cost::Known {
                    usd: 6.6e-6,
                    source: CostSource::Proxy
                },
                estimated: false,
                cache_savings: None,
            })]
        );
        assert!(decoder.has_ended() && decoder.is_complete());
        assert_eq!(decoder.finish(), vec![]);
    }

    #[test]
    fn the_latest_usage_wins_and_the_cost_falls_back_to_model_prices() {
        let mut decoder = decoder();
        let body = [
            usage_frame(r#"{"prompt_tokens":1,"completion_tokens":1}"#),
            usage_frame(r#"{"prompt_tokens":1000000,"completion_tokens":500000}"#),
            DONE.to_owned(),
        ]
        .concat();
        let chunks = decoder.push(body.as_bytes());
        let [ApiStreamChunk::Usage(usage)] = chunks.as_slice() else {
            panic!("expected one usage chunk, got {chunks:?}");
        };
        assert_eq!(
            (usage.input_tokens, usage.output_tokens),
            (1_000_000, 500_000)
        );
        let Cost::Known { usd, source } = usage.cost else {
            panic!("expected a known cost, got {:?}", usage.cost);
        };
        assert_eq!(source, CostSource::ModelPrices);
        assert!((usd - 0.45).abs() < 1e-9, "{usd}");
    }

    #[test]
    fn an_unpriced_model_without_a_reported_cost_has_unknown_cost() {
        let mut decoder = LiteLlmStreamDecoder::new(ModelInfo::default(), None);
        let body = [
            usage_frame(r#"{"prompt_tokens":3,"completion_tokens":4}"#),
            DONE.to_owned(),
        ]
        .concat();
        let chunks = decoder.push(body.as_bytes());
        assert!(
            matches!(
                chunks.as_slice(),
                [ApiStreamChunk::Usage(Usage {
                    cost: Cost::Unknown,
                    ..
                })]
            ),
            "{chunks:?}"
        );
    }

    #[test]
    fn a_reply_without_reported_usage_gets_an_estimated_usage() {
        let mut decoder = decoder().with_input_tokens_estimate(1_000_000);
        let body = [
            content_frame("hello"),
            content_frame(" world"),
            DONE.to_owned(),
        ]
        .concat();
        let chunks = decoder.push(body.as_bytes());
        assert_eq!(chunks.first(), Some(&text("hello world")));
        let Some(ApiStreamChunk::Usage(usage)) = chunks.get(1) else {
            panic!("expected an estimated usage after the text: {chunks:?}");
        };
        assert_eq!((usage.input_tokens, usage.output_tokens), (1_000_000, 2));
        assert!(usage.estimated);
        // A million input tokens at $0.15 per million, two output tokens at $0.60 per million.
        let Cost::Known { usd, source } = usage.cost else {
            panic!("{usage:?}")
        };
        assert!((usd - (0.15 + 2.0 * 0.6e-6)).abs() < 1e-12, "{usd}");
        assert_eq!(source, CostSource::ModelPrices);
        assert!(decoder.usage().is_none());
        assert!(decoder.is_complete());
    }

    #[test]
    fn a_reply_with_nothing_streamed_and_no_usage_has_no_usage_chunk() {
        let mut decoder = decoder().with_input_tokens_estimate(50);
        assert_eq!(decoder.push(DONE.as_bytes()), vec![]);
        assert!(decoder.is_complete());
    }

    #[test]
    fn an_interrupted_reply_records_the_estimate_once_and_decodes_no_more() {
        let mut decoder = decoder();
        assert_eq!(
            decoder.push(content_frame("Hello, world!").as_bytes()),
            vec![text("Hello, world!")]
        );
        let chunks = decoder.interrupt();
        assert!(
            matches!(chunks.as_slice(), [usage] if is_estimate_of(usage, 4)),
            "{chunks:?}"
        );
        assert_eq!(decoder.interrupt(), vec![]);
        assert_eq!(decoder.push(content_frame("more").as_bytes()), vec![]);
        assert_eq!(decoder.finish(), vec![]);
        assert!(decoder.has_ended() && !decoder.is_complete());
    }

    #[test]
    fn an_interrupted_reply_prefers_the_usage_the_proxy_reported() {
        let mut decoder = decoder();
        let body = [
            content_frame("x"),
            usage_frame(r#"{"prompt_tokens":5,"completion_tokens":6,"cost":0.25}"#),
        ]
        .concat();
        assert_eq!(decoder.push(body.as_bytes()), vec![text("x")]);
        let chunks = decoder.interrupt();
        assert!(
            matches!(
                chunks.as_slice(),
                [ApiStreamChunk::Usage(Usage {
                    output_tokens: 6,
                    estimated: false,
                    cache_savings: None,
                    ..
                })]
            ),
            "{chunks:?}"
        );
    }

    #[test]
    fn everything_after_done_is_ignored() {
        let mut decoder = decoder();
        let body = [
            content_frame("a"),
            DONE.to_owned(),
            content_frame("b"),
            "garbage\n\n".to_owned(),
        ]
        .concat();
        let chunks = decoder.push(body.as_bytes());
        assert_eq!(chunks.first(), Some(&text("a")));
        assert!(
            is_estimate_of(&chunks[1], 1) && chunks.len() == 2,
            "{chunks:?}"
        );
        assert_eq!(decoder.push(content_frame("c").as_bytes()), vec![]);
        assert_eq!(decoder.finish(), vec![]);
    }

    #[test]
    fn an_error_frame_ends_the_stream_with_a_classified_error() {
        let mut decoder = decoder();
        let body = [
            content_frame("partial"),
            "data: {\"error\":{\"message\":\"litellm.RateLimitError: slow down\",\
             \"type\":\"throttling_error\",\"param\":null,\"code\":\"429\"}}\n\n"
                .to_owned(),
            content_frame("after"),
        ]
        .concat();
        let chunks = decoder.push(body.as_bytes());
        assert_eq!(chunks.first(), Some(&text("partial")));
        // What streamed before the failure was billed: its estimate comes before the error.
        assert!(is_estimate_of(&chunks[1], 1), "{chunks:?}");
        assert_eq!(chunks.len(), 3);
        assert_eq!(only_error(&chunks).kind, ApiErrorKind::RateLimited);
        assert!(decoder.has_ended() && !decoder.is_complete());
        // LiteLLM sends no `[DONE]` after an error frame; finish adds nothing more.
        assert_eq!(decoder.finish(), vec![]);
    }

    #[test]
    fn an_error_frame_never_keeps_the_key() {
        let mut decoder = decoder();
        let frame = format!(
            "data: {{\"error\":{{\"message\":\"bad key {KEY}\",\"type\":null,\"code\":\"500\"}}}}\n\n"
        );
        let chunks = decoder.push(frame.as_bytes());
        let serialized = serde_json::to_string(only_error(&chunks)).unwrap();
        assert!(!serialized.contains(KEY), "{serialized}");
    }

    #[test]
    fn a_null_error_key_is_not_an_error() {
        let mut decoder = decoder();
        let body =
            "data: {\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n";
        assert_eq!(decoder.push(body.as_bytes()), vec![text("ok")]);
    }

    #[test]
    fn malformed_json_is_a_malformed_response_that_keeps_the_payload() {
        let mut decoder = decoder();
        let body = [
            content_frame("a"),
            format!("data: {{not json {KEY}\n\n"),
            content_frame("b"),
        ]
        .concat();
        let chunks = decoder.push(body.as_bytes());
        assert_eq!(chunks.first(), Some(&text("a")));
        let error = only_error(&chunks);
        assert!(
            is_estimate_of(&chunks[1], 1) && chunks.len() == 3,
            "{chunks:?}"
        );
        assert_eq!(error.kind, ApiErrorKind::MalformedResponse);
        assert!(error.retryable);
        let body = error.body.as_deref().unwrap_or_default();
        assert!(body.starts_with("{not json "), "{body}");
        assert!(
            !body.contains(KEY),
            "the key is redacted from the kept payload: {body}"
        );
        assert_eq!(decoder.finish(), vec![]);
    }

    #[test]
    fn a_huge_malformed_payload_is_kept_truncated() {
        let mut decoder = decoder();
        let payload = format!("[{}", "1,".repeat(50_000));
        let chunks = decoder.push(format!("data: {payload}\n\n").as_bytes());
        let kept = only_error(&chunks).body.clone().unwrap_or_default();
        assert!(
            kept.len() < payload.len() && kept.len() <= MAX_KEPT_BODY_BYTES + 32,
            "{}",
            kept.len()
        );
        assert!(kept.starts_with("[1,1,"));
    }

    #[test]
    fn a_stream_without_done_is_cut_short() {
        let mut decoder = decoder();
        assert_eq!(
            decoder.push(content_frame("partial").as_bytes()),
            vec![text("partial")]
        );
        let chunks = decoder.finish();
        let error = only_error(&chunks);
        assert!(
            is_estimate_of(&chunks[0], 1) && chunks.len() == 2,
            "{chunks:?}"
        );
        assert_eq!(error.kind, ApiErrorKind::StreamCutShort);
        assert!(error.retryable);
        assert!(error.message.contains("cut short"), "{}", error.message);
        assert_eq!(error.body, None);
        assert!(decoder.has_ended() && !decoder.is_complete());
        assert_eq!(decoder.finish(), vec![], "finish reports the cut once");
    }

    #[test]
    fn usage_seen_before_a_cut_is_emitted_before_the_error() {
        let mut decoder = decoder();
        let body = usage_frame(r#"{"prompt_tokens":5,"completion_tokens":6}"#);
        assert_eq!(decoder.push(body.as_bytes()), vec![]);
        let chunks = decoder.finish();
        assert_eq!(only_error(&chunks).kind, ApiErrorKind::StreamCutShort);
        assert!(
            matches!(
                chunks.as_slice(),
                [
                    ApiStreamChunk::Usage(Usage {
                        input_tokens: 5,
                        output_tokens: 6,
                        estimated: false,
                        cache_savings: None,
                        ..
                    }),
                    _
                ]
            ),
            "{chunks:?}"
        );
        assert_eq!(decoder.usage().map(|usage| usage.output_tokens), Some(6));
    }

    #[test]
    fn a_frame_cut_in_the_middle_is_cut_short_with_its_start_kept() {
        let mut decoder = decoder();
        let body = format!("{}data: {{\"id\":\"chatcmpl-1\",\"choi", content_frame("a"));
        assert_eq!(decoder.push(body.as_bytes()), vec![text("a")]);
        let chunks = decoder.finish();
        let error = only_error(&chunks);
        assert_eq!(error.kind, ApiErrorKind::StreamCutShort);
        assert_eq!(error.body.as_deref(), Some("{\"id\":\"chatcmpl-1\",\"choi"));
    }

    #[test]
    fn a_complete_last_frame_without_its_blank_line_still_counts() {
        let mut decoder = decoder();
        let body = format!(
            "{}data: [DONE]",
            usage_frame(r#"{"prompt_tokens":1,"completion_tokens":2,"cost":0.5}"#)
        );
        assert_eq!(decoder.push(body.as_bytes()), vec![]);
        let chunks = decoder.finish();
        assert!(
            matches!(chunks.as_slice(), [ApiStreamChunk::Usage(_)]),
            "{chunks:?}"
        );
        assert!(decoder.is_complete());

        let mut unterminated_text = self::decoder();
        assert_eq!(
            unterminated_text.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"z\"}}]}"),
            vec![]
        );
        let chunks = unterminated_text.finish();
        assert_eq!(chunks.first(), Some(&text("z")));
        assert_eq!(only_error(&chunks).kind, ApiErrorKind::StreamCutShort);
    }

    #[test]
    fn comments_and_blank_data_between_frames_are_harmless() {
        let mut decoder = decoder();
        let body = format!(
            ": keep-alive\n\ndata:\n\ndata:   \n\n{}{DONE}",
            content_frame("x")
        );
        let chunks = decoder.push(body.as_bytes());
        assert!(
            chunks[0] == text("x") && is_estimate_of(&chunks[1], 1),
            "{chunks:?}"
        );
        assert!(decoder.is_complete());
    }

    #[test]
    fn a_line_beyond_the_limit_is_a_malformed_response() {
        let mut decoder = decoder();
        assert_eq!(decoder.push(content_frame("a").as_bytes()), vec![text("a")]);
        let mut endless = b"data: ".to_vec();
        endless.resize(crate::sse::DEFAULT_MAX_LINE_BYTES + 1, b'x');
        let chunks = decoder.push(&endless);
        assert_eq!(only_error(&chunks).kind, ApiErrorKind::MalformedResponse);
        assert!(
            is_estimate_of(&chunks[0], 1) && chunks.len() == 2,
            "{chunks:?}"
        );
        assert!(decoder.has_ended());
        assert_eq!(decoder.push(b"\n\n"), vec![]);
        assert_eq!(decoder.finish(), vec![]);
    }
}

#[cfg(test)]
mod tool_call_tests;
