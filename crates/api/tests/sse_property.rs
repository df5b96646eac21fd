//! The SSE decoder must frame a stream the same however the network splits it: property tests
//! over generated streams (multi-line data, comments, ids, every line-ending style, multi-byte
//! UTF-8) and exhaustive splits of a stream recorded from litellm 1.106.2.

// The helpers below are not `#[test]` functions, so clippy's test exemption does not reach them;
// a failed unwrap or panic in a helper fails the test, which is what it should do.
#![allow(
    clippy::unwrap_used,
    reason = "a failure in a test helper fails the test"
)]

use proptest::prelude::*;
use roo_api::sse::{SseDecoder, SseEvent};

/// An owned copy of a dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    event: String,
    data: String,
    last_event_id: String,
}

impl From<SseEvent<'_>> for Event {
    fn from(event: SseEvent<'_>) -> Self {
        Self {
            event: event.event.to_owned(),
            data: event.data.to_owned(),
            last_event_id: event.last_event_id.to_owned(),
        }
    }
}

/// Decodes `input` pushed in pieces that end at `cuts` (sorted positions).
fn decode_with_cuts(input: &[u8], cuts: &[usize]) -> Vec<Event> {
    let mut decoder = SseDecoder::new();
    let mut events = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
        let cut = cut.clamp(start, input.len());
        decoder
            .push(&input[start..cut], &mut |event| {
                events.push(Event::from(event))
            })
            .unwrap();
        start = cut;
    }
    decoder
        .finish(&mut |event| events.push(Event::from(event)))
        .unwrap();
    events
}

fn decode_whole(input: &[u8]) -> Vec<Event> {
    decode_with_cuts(input, &[])
}

/// One generated event: what is written and what must come out.
#[derive(Debug, Clone)]
struct GeneratedEvent {
    comment: Option<String>,
    event_type: Option<String>,
    id: Option<String>,
    data_lines: Vec<String>,
}

/// Text without CR, LF or NUL, mixing ASCII (colons and spaces included) with two- to four-byte
/// UTF-8 characters.
fn field_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "Z", "0", " ", ":", "{", "\"", "é", "日本", "🎉", "ü", "\u{FEFF}", "data", "\t",
        ]),
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

fn generated_event() -> impl Strategy<Value = GeneratedEvent> {
    (
        prop::option::of(field_text()),
        prop::option::of(
            field_text().prop_filter("an event type is not empty", |text| !text.is_empty()),
        ),
        prop::option::of(field_text()),
        prop::collection::vec(field_text(), 1..4),
    )
        .prop_map(|(comment, event_type, id, data_lines)| GeneratedEvent {
            comment,
            event_type,
            id,
            data_lines,
        })
}

const LINE_ENDINGS: [&str; 3] = ["\n", "\r\n", "\r"];

/// Writes the events as a stream, picking each line ending from `endings` in turn, and returns
/// the stream with the events a correct decoder must produce.
fn render(events: &[GeneratedEvent], endings: &[usize], with_bom: bool) -> (Vec<u8>, Vec<Event>) {
    let mut stream = String::new();
    if with_bom {
        stream.push('\u{FEFF}');
    }
    let mut ending_index = 0;
    let mut line = |stream: &mut String, text: &str| {
        stream.push_str(text);
        let choice = endings.get(ending_index % endings.len().max(1)).copied();
        let mut ending = LINE_ENDINGS[choice.unwrap_or(0) % LINE_ENDINGS.len()];
        // An empty line ended by LF right after a line ended by CR would read as one CRLF, so
        // the generator ends it with CR instead: the stream must mean what the model says.
        if text.is_empty() && ending == "\n" && stream.ends_with('\r') {
            ending = "\r";
        }
        stream.push_str(ending);
        ending_index += 1;
    };
    let mut expected = Vec::new();
    let mut last_event_id = String::new();
    for event in events {
        if let Some(comment) = &event.comment {
            line(&mut stream, &format!(":{comment}"));
        }
        if let Some(event_type) = &event.event_type {
            line(&mut stream, &format!("event: {event_type}"));
        }
        if let Some(id) = &event.id {
            line(&mut stream, &format!("id: {id}"));
            last_event_id.clone_from(id);
        }
        for data in &event.data_lines {
            // "data: " plus the value: the one space is syntax, so a value that itself starts
            // with a space keeps it.
            line(&mut stream, &format!("data: {data}"));
        }
        line(&mut stream, "");
        expected.push(Event {
            event: event
                .event_type
                .clone()
                .unwrap_or_else(|| "message".to_owned()),
            data: event.data_lines.join("\n"),
            last_event_id: last_event_id.clone(),
        });
    }
    (stream.into_bytes(), expected)
}

proptest! {
    #[test]
    fn any_split_gives_the_events_of_the_model(
        events in prop::collection::vec(generated_event(), 0..8),
        endings in prop::collection::vec(0..3usize, 1..6),
        with_bom in any::<bool>(),
        cut_fractions in prop::collection::vec(0.0..1.0f64, 0..12),
    ) {
        let (stream, expected) = render(&events, &endings, with_bom);
        let whole = decode_whole(&stream);
        prop_assert_eq!(&whole, &expected);
        let mut cuts: Vec<usize> = cut_fractions
            .iter()
            .map(|fraction| (fraction * stream.len() as f64) as usize)
            .collect();
        cuts.sort_unstable();
        prop_assert_eq!(decode_with_cuts(&stream, &cuts), expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_split_the_same(
        bytes in prop::collection::vec(
            prop::sample::select(vec![b'\n', b'\r', b':', b' ', b'd', b'a', b't', 0xEF, 0xBB, 0xBF, 0xE6, 0x97, 0xA5]),
            0..200,
        ),
        cut_fractions in prop::collection::vec(0.0..1.0f64, 0..12),
    ) {
        let mut cuts: Vec<usize> = cut_fractions
            .iter()
            .map(|fraction| (fraction * bytes.len() as f64) as usize)
            .collect();
        cuts.sort_unstable();
        prop_assert_eq!(decode_with_cuts(&bytes, &cuts), decode_whole(&bytes));
    }
}

fn recorded_stream() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mock_response_with_usage.sse"
    ))
    .unwrap()
}

#[test]
fn the_recorded_stream_decodes_into_its_thirteen_frames() {
    let events = decode_whole(&recorded_stream());
    assert_eq!(events.len(), 13);
    assert!(events.iter().all(|event| event.event == "message"));
    assert_eq!(
        events.last().map(|event| event.data.as_str()),
        Some("[DONE]")
    );
    assert!(
        events[..12]
            .iter()
            .all(|event| event.data.starts_with("{\"id\":\"chatcmpl-"))
    );
}

#[test]
fn the_recorded_stream_splits_into_two_at_every_byte() {
    let stream = recorded_stream();
    let expected = decode_whole(&stream);
    for cut in 0..=stream.len() {
        assert_eq!(
            decode_with_cuts(&stream, &[cut]),
            expected,
            "cut at byte {cut}"
        );
    }
}

#[test]
fn the_recorded_stream_decodes_one_byte_at_a_time() {
    let stream = recorded_stream();
    let every_byte: Vec<usize> = (1..stream.len()).collect();
    assert_eq!(
        decode_with_cuts(&stream, &every_byte),
        decode_whole(&stream)
    );
}

#[test]
fn the_recorded_stream_with_crlf_or_cr_endings_splits_the_same() {
    let stream = recorded_stream();
    let expected = decode_whole(&stream);
    for ending in ["\r\n", "\r"] {
        let converted = String::from_utf8(stream.clone())
            .unwrap()
            .replace('\n', ending)
            .into_bytes();
        for cut in 0..=converted.len() {
            assert_eq!(
                decode_with_cuts(&converted, &[cut]),
                expected,
                "{ending:?} cut at byte {cut}"
            );
        }
    }
}
