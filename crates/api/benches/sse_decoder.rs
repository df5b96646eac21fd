//! Throughput of the SSE decoder and the LiteLLM chunk mapping on a recorded-shape stream: 100k
//! small content chunks, the usage chunk and `[DONE]`, fed in 16 KiB reads as a socket delivers
//! them. Reported as events per second, comparable with a plain JavaScript SSE loop,
//! measured at 340-430k chunks a second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use roo_api::ModelInfo;
use roo_api::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use roo_api::sse::SseDecoder;

/// Content chunks in the generated stream.
const CONTENT_CHUNKS: usize = 100_000;

/// The size of one network read.
const READ_BYTES: usize = 16 * 1024;

/// A stream in the exact shape litellm 1.106.2 sends (see `tests/fixtures`): middle chunks
/// without `finish_reason`, a stop chunk, a usage chunk with `cost`, then `[DONE]`. Returns the
/// body and its number of events.
fn litellm_stream() -> (Vec<u8>, u64) {
    let mut body = String::with_capacity(CONTENT_CHUNKS * 200);
    let head = "data: {\"id\":\"chatcmpl-993bff33-6a43-43da-be08-3191ca5d8ede\",\
                \"object\":\"chat.completion.chunk\",\"created\":1795527166,\"model\":\"mock-gpt\",";
    for index in 0..CONTENT_CHUNKS {
        body.push_str(head);
        body.push_str("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
        body.push_str(["abc", "de ", "f g"][index % 3]);
        body.push_str("\"}}]}\n\n");
    }
    body.push_str(head);
    body.push_str("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    body.push_str(head);
    body.push_str(
        "\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"completion_tokens\":100000,\
         \"prompt_tokens\":8,\"total_tokens\":100008,\"cost\":0.0600012}}\n\n",
    );
    body.push_str("data: [DONE]\n\n");
    let events = CONTENT_CHUNKS as u64 + 3;
    (body.into_bytes(), events)
}

fn decoders(criterion: &mut Criterion) {
    let (body, events) = litellm_stream();
    let mut group = criterion.benchmark_group("litellm_stream_100k_chunks");
    group.throughput(Throughput::Elements(events));
    group.sample_size(20);

    group.bench_function("sse_decoder", |bencher| {
        bencher.iter(|| {
            let mut decoder = SseDecoder::new();
            let mut data_bytes = 0usize;
            let mut count = |event: roo_api::sse::SseEvent<'_>| data_bytes += event.data.len();
            for read in body.chunks(READ_BYTES) {
                decoder.push(black_box(read), &mut count).ok();
            }
            decoder.finish(&mut count).ok();
            black_box(data_bytes)
        });
    });

    group.bench_function("litellm_stream_decoder", |bencher| {
        bencher.iter(|| {
            let mut decoder = LiteLlmStreamDecoder::new(ModelInfo::default(), None);
            let mut chunks = 0usize;
            for read in body.chunks(READ_BYTES) {
                chunks += decoder.push(black_box(read)).len();
            }
            chunks += decoder.finish().len();
            black_box(chunks)
        });
    });

    group.finish();
}

criterion_group!(benches, decoders);
criterion_main!(benches);
