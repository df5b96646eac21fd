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

mod frame;

use frame::ChunkFrame;

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

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tool_call_tests;
