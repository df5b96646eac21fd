//! Fuzzes the SSE decoder: arbitrary bytes, split at arbitrary points (the first byte picks the
//! split size), with a small line limit so the over-long-line path runs too. The decoder must
//! never panic, and splitting the input differently must never change the events it yields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roo_api::sse::SseDecoder;

fn decode(bytes: &[u8], split: usize) -> (Vec<(String, String)>, bool) {
    let mut decoder = SseDecoder::with_max_line_bytes(512);
    let mut events = Vec::new();
    let mut on_event = |event: roo_api::sse::SseEvent<'_>| {
        events.push((event.event.to_owned(), event.data.to_owned()));
    };
    let mut failed = false;
    for piece in bytes.chunks(split.max(1)) {
        failed |= decoder.push(piece, &mut on_event).is_err();
    }
    failed |= decoder.finish(&mut on_event).is_err();
    (events, failed)
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, bytes)) = data.split_first() else {
        return;
    };
    let whole = decode(bytes, bytes.len());
    let pieces = decode(bytes, usize::from(split % 17) + 1);
    assert_eq!(whole, pieces, "the split changed the decoded events");
});
