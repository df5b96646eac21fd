//! The JavaScript-facing stream of one reply. Each `next()` performs at most one network read's
//! worth of work and resolves to the chunks it produced, merged, so JavaScript receives few
//! objects however many SSE events the proxy sent; `cancel()` aborts the fetch at once.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use roo_api::http::HttpRequest;
use roo_api::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use roo_api::providers::litellm::{LiteLlmHandler, PreparedMessage};
use roo_api::{ApiError, ApiStreamChunk, RequestPolicy, classify};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::abort::{AbortCause, Deadline, RequestAbort};
use crate::convert::to_js;
use crate::exchange::{aborted_error, read_text, send_once, send_with_retries};
use crate::fetch::BodyReader;

/// Where a stream is in its life.
#[derive(Debug)]
enum Phase {
    /// Built, not sent yet: the request goes out on the first `next()`.
    NotSent(PreparedMessage),
    /// The headers arrived; the body is being read.
    Streaming {
        reader: BodyReader,
        decoder: LiteLlmStreamDecoder,
    },
    /// A `next()` is running and holds the state.
    Busy,
    /// Nothing more will come.
    Finished,
}

/// What one reply needs across `next()` calls.
#[derive(Debug)]
struct StreamState {
    handler: Rc<LiteLlmHandler>,
    policy: RequestPolicy,
    abort: RequestAbort,
    phase: RefCell<Phase>,
}

/// A streamed reply. Use it through the TypeScript wrapper, which turns it into an async
/// iterator and frees it when the loop ends.
#[wasm_bindgen]
#[derive(Debug)]
pub struct MessageStream {
    state: Rc<StreamState>,
}

impl MessageStream {
    pub(crate) fn new(
        handler: Rc<LiteLlmHandler>,
        policy: RequestPolicy,
        prepared: PreparedMessage,
        abort: RequestAbort,
    ) -> Self {
        Self {
            state: Rc::new(StreamState {
                handler,
                policy,
                abort,
                phase: RefCell::new(Phase::NotSent(prepared)),
            }),
        }
    }
}

#[wasm_bindgen]
impl MessageStream {
    /// Resolves to the next chunks of the reply, or `undefined` when it is over. A failure is
    /// never a rejection: it arrives as an `error` chunk after whatever text already streamed.
    #[wasm_bindgen(unchecked_return_type = "Promise<ApiStreamChunk[] | undefined>")]
    pub fn next(&self) -> Promise {
        let state = Rc::clone(&self.state);
        future_to_promise(async move {
            let phase = state.phase.replace(Phase::Busy);
            let (chunks, phase) = advance(&state, phase).await;
            state.phase.replace(phase);
            match chunks {
                Some(chunks) => to_js(&chunks).map_err(JsValue::from),
                None => Ok(JsValue::UNDEFINED),
            }
        })
    }

    /// Stops the reply now: the fetch and its body are aborted, and a pending `next()` resolves
    /// with a `cancelled` error chunk. Safe to call at any time, any number of times.
    pub fn cancel(&self) {
        self.state.abort.abort(AbortCause::Caller);
    }
}

/// Runs one step and returns the chunks to hand out (`None` at the end) and the next phase.
async fn advance(state: &StreamState, phase: Phase) -> (Option<Vec<ApiStreamChunk>>, Phase) {
    match phase {
        Phase::NotSent(prepared) => start(state, prepared).await,
        Phase::Streaming { reader, decoder } => read_more(state, reader, decoder).await,
        Phase::Busy => (
            Some(vec![error_chunk(classify::malformed_response(
                "next() was called again before the previous call finished",
                None,
            ))]),
            Phase::Busy,
        ),
        Phase::Finished => (None, Phase::Finished),
    }
}

/// Sends the request (with retries before the first byte) and starts reading the body.
async fn start(
    state: &StreamState,
    prepared: PreparedMessage,
) -> (Option<Vec<ApiStreamChunk>>, Phase) {
    let PreparedMessage {
        request, decoder, ..
    } = prepared;
    let handler = &state.handler;
    let response = match send_with_retries(
        &request,
        &state.abort,
        &state.policy,
        |status, headers, body| handler.classify_http_error(status, headers, body),
    )
    .await
    {
        Ok(response) => response,
        Err(error) => return finished_with(error),
    };
    crate::teams::remember_reply_headers(handler, &response.headers);
    let is_event_stream = response.headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("content-type")
            && value.to_ascii_lowercase().contains("text/event-stream")
    });
    if !is_event_stream {
        // A 200 that is not an event stream (an HTML login page of a gateway, a JSON answer from
        // something that is not LiteLLM) would otherwise read as an empty, cut-short reply.
        let body = read_text(&response, &state.abort, state.policy.headers_timeout_ms)
            .await
            .unwrap_or_default();
        return finished_with(classify::malformed_response(
            "The proxy answered with something other than an event stream. Check that the URL points at a LiteLLM proxy.",
            Some(&body),
        ));
    }
    match response.body_reader() {
        Ok(Some(reader)) => read_more(state, reader, decoder).await,
        Ok(None) => finished_with(classify::stream_cut_short("the answer had no body")),
        Err(error) => finished_with(aborted_error(state.abort.cause(), &error)),
    }
}

/// Reads until the decoder produces chunks, the body ends, or the read fails.
async fn read_more(
    state: &StreamState,
    mut reader: BodyReader,
    mut decoder: LiteLlmStreamDecoder,
) -> (Option<Vec<ApiStreamChunk>>, Phase) {
    let mut chunks = Vec::new();
    loop {
        state
            .abort
            .arm(Deadline::Idle, state.policy.idle_timeout_ms);
        let read = reader.next_chunk().await;
        state.abort.disarm();
        match read {
            Ok(Some(bytes)) => {
                decoder.push_into(bytes, &mut chunks);
                if decoder.has_ended() {
                    // `[DONE]` or an error frame: nothing after it matters, so the connection
                    // is released instead of read to its end.
                    reader.cancel();
                    chunks.extend(decoder.finish());
                    return (Some(finish_usage(state, chunks).await), Phase::Finished);
                }
                if !chunks.is_empty() {
                    return (Some(chunks), Phase::Streaming { reader, decoder });
                }
            }
            Ok(None) => {
                chunks.extend(decoder.finish());
                let chunks = finish_usage(state, chunks).await;
                return (
                    Some(chunks).filter(|chunks| !chunks.is_empty()),
                    Phase::Finished,
                );
            }
            Err(error) => {
                let failure = match state.abort.cause() {
                    AbortCause::NotAborted => classify::stream_cut_short(&format!(
                        "the connection dropped: {}",
                        crate::exchange::describe_js_error(&error)
                    )),
                    cause => aborted_error(cause, &error),
                };
                // What streamed was billed upstream: its usage is recorded before the error.
                chunks.extend(decoder.interrupt());
                chunks.push(error_chunk(failure));
                return (Some(chunks), Phase::Finished);
            }
        }
    }
}

/// Gives the final usage chunk a cost from `POST /spend/calculate` when neither the stream nor
/// the model's prices could: this runs after the last text, so it never delays a token.
async fn finish_usage(state: &StreamState, mut chunks: Vec<ApiStreamChunk>) -> Vec<ApiStreamChunk> {
    for chunk in &mut chunks {
        let ApiStreamChunk::Usage(usage) = chunk else {
            continue;
        };
        let Some(request) = state.handler.spend_request(usage) else {
            continue;
        };
        if let Some((status, body)) = ask_spend_calculate(state, &request).await {
            *usage = LiteLlmHandler::apply_spend_response(usage.clone(), status, &body);
        }
    }
    chunks
}

/// Sends the `/spend/calculate` request; any failure just leaves the cost unknown.
async fn ask_spend_calculate(state: &StreamState, request: &HttpRequest) -> Option<(u16, String)> {
    let timeout_ms = state.policy.headers_timeout_ms;
    let response = send_once(request, &state.abort, timeout_ms).await.ok()?;
    let body = read_text(&response, &state.abort, timeout_ms).await.ok()?;
    Some((response.status, body))
}

fn error_chunk(error: ApiError) -> ApiStreamChunk {
    ApiStreamChunk::Error { error }
}

fn finished_with(error: ApiError) -> (Option<Vec<ApiStreamChunk>>, Phase) {
    (Some(vec![error_chunk(error)]), Phase::Finished)
}
