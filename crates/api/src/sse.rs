//! An incremental Server-Sent Events decoder following the WHATWG HTML "event stream
//! interpretation" rules: bytes go in as the network delivers them, split anywhere, and whole
//! events come out as borrowed strings, with no copy of the unread input per event.
//!
//! How it stays fast: complete lines are parsed straight out of the slice the caller pushed; only
//! the unterminated tail of a push is copied, into a buffer that holds at most one partial line,
//! and bytes already searched for a line ending are never searched again. The one per-event copy
//! is the `data` value itself, into a buffer whose capacity is reused from event to event.

use std::fmt;

/// The longest line (and the largest `data` of one event) accepted by default: 32 MiB. Far above
/// any chat chunk, yet it keeps a stream that never sends a line ending from growing memory
/// without bound.
pub const DEFAULT_MAX_LINE_BYTES: usize = 32 * 1024 * 1024;

/// The UTF-8 byte order mark; one at the very start of a stream is skipped, as the spec says.
const BYTE_ORDER_MARK: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// The event type of events that have no `event:` field.
const DEFAULT_EVENT_TYPE: &str = "message";

/// One dispatched event. The strings borrow from the decoder and are valid until the callback
/// returns; copy what must outlive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseEvent<'a> {
    /// The `event:` field, or `"message"` when the event had none.
    pub event: &'a str,
    /// The `data:` lines joined with `\n`.
    pub data: &'a str,
    /// The last `id:` seen in the stream so far (it carries over between events, per the spec),
    /// or empty.
    pub last_event_id: &'a str,
}

/// Why the decoder stopped. Both are fatal: the rest of the stream cannot be framed reliably.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SseError {
    /// A line grew past the limit without a line ending.
    LineTooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// One event's `data` lines added up to more than the limit.
    EventTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
}

impl fmt::Display for SseError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LineTooLong { limit } => {
                write!(formatter, "an event-stream line exceeded {limit} bytes")
            }
            Self::EventTooLarge { limit } => {
                write!(formatter, "an event's data exceeded {limit} bytes")
            }
        }
    }
}

impl std::error::Error for SseError {}

/// Decodes a `text/event-stream` body incrementally. Feed it with [`SseDecoder::push`] as bytes
/// arrive and call [`SseDecoder::finish`] once at the end.
#[derive(Debug)]
pub struct SseDecoder {
    /// The bytes of a line whose ending has not arrived yet; never contains CR or LF.
    partial_line: Vec<u8>,
    /// The previous push ended in CR, so an LF opening the next push completes that CRLF rather
    /// than ending an empty line.
    pending_cr: bool,
    /// How the check for a leading byte order mark stands.
    byte_order_mark: ByteOrderMark,
    /// The event being assembled from field lines.
    event: EventBuilder,
    /// The line and event size limit.
    max_line_bytes: usize,
    /// Set once a limit was exceeded; the decoder then ignores the rest of the stream.
    failure: Option<SseError>,
}

/// The leading byte order mark is recognised across pushes, so its three bytes may arrive apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteOrderMark {
    /// This many bytes of the stream so far match the start of the mark (0 to 2).
    Matching(usize),
    /// The stream start has been decided on (mark skipped or absent).
    Decided,
}

/// The fields of the event being assembled, and the stream-wide `id` and `retry` state.
#[derive(Debug, Default)]
struct EventBuilder {
    /// The `data:` values joined with `\n` (the spec's trailing `\n` is left out).
    data: String,
    /// Whether any `data:` line arrived; an event with none is not dispatched, but an event with
    /// one empty `data:` line is (its data is the empty string).
    has_data: bool,
    /// The `event:` value; empty means `"message"`.
    event_type: String,
    /// The last `id:` value without a NUL; persists across events.
    last_event_id: String,
    /// The last valid `retry:` value in milliseconds.
    retry_milliseconds: Option<u64>,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A decoder with the default 32 MiB line limit.
    #[must_use]
    pub fn new() -> Self {
        Self::with_max_line_bytes(DEFAULT_MAX_LINE_BYTES)
    }

    /// A decoder that fails with an [`SseError`] on a line, or an event's data, longer than
    /// `max_line_bytes`.
    #[must_use]
    pub fn with_max_line_bytes(max_line_bytes: usize) -> Self {
        Self {
            partial_line: Vec::new(),
            pending_cr: false,
            byte_order_mark: ByteOrderMark::Matching(0),
            event: EventBuilder::default(),
            max_line_bytes,
            failure: None,
        }
    }

    /// The reconnection time the stream asked for with `retry:`, in milliseconds.
    #[must_use]
    pub fn retry_milliseconds(&self) -> Option<u64> {
        self.event.retry_milliseconds
    }

    /// Decodes the next bytes of the stream, calling `on_event` for every event completed by
    /// them. After an error the decoder ignores all further input and keeps answering the same
    /// error: events that followed an unframeable line cannot be trusted.
    ///
    /// # Errors
    /// [`SseError`] when a line or an event's data exceeds the limit.
    pub fn push(
        &mut self,
        bytes: &[u8],
        on_event: &mut impl FnMut(SseEvent<'_>),
    ) -> Result<(), SseError> {
        if let Some(failure) = self.failure {
            return Err(failure);
        }
        let bytes = match self.byte_order_mark {
            ByteOrderMark::Decided => bytes,
            ByteOrderMark::Matching(matched) => {
                let (replay, rest) = self.skip_byte_order_mark(matched, bytes);
                // Bytes that began like a mark but turned out not to be one are stream content.
                self.feed(replay, on_event)?;
                rest
            }
        };
        self.feed(bytes, on_event)
    }

    /// Ends the stream and resets the decoder for a new one.
    ///
    /// The spec discards an event the stream ends in the middle of. This decoder instead treats
    /// the end of input as ending the last line and the last event, and dispatches it when it has
    /// data: a proxy that closes right after `data: [DONE]` without the blank line has still said
    /// it was done, and a caller that needs to know whether the last event was complete can tell
    /// from its content (a truncated JSON frame does not parse).
    ///
    /// # Errors
    /// The [`SseError`] the stream failed with earlier, if any.
    pub fn finish(&mut self, on_event: &mut impl FnMut(SseEvent<'_>)) -> Result<(), SseError> {
        let outcome = match self.failure {
            Some(failure) => Err(failure),
            None => {
                if let ByteOrderMark::Matching(matched) = self.byte_order_mark {
                    // The stream ended inside what could have been a mark: those bytes are content.
                    let replay = BYTE_ORDER_MARK.get(..matched).unwrap_or_default();
                    self.partial_line.extend_from_slice(replay);
                }
                let mut outcome = Ok(());
                if !self.partial_line.is_empty() {
                    outcome =
                        self.event
                            .process_line(&self.partial_line, self.max_line_bytes, on_event);
                }
                if outcome.is_ok() {
                    self.event.dispatch(on_event);
                }
                outcome
            }
        };
        *self = Self::with_max_line_bytes(self.max_line_bytes);
        outcome
    }

    /// Consumes the part of a leading byte order mark found at the start of `bytes`, given that
    /// `matched` bytes of it came in earlier pushes (and were held back). Returns the bytes to
    /// feed as content first (a partial match that failed) and the rest of `bytes`.
    fn skip_byte_order_mark<'b>(
        &mut self,
        mut matched: usize,
        bytes: &'b [u8],
    ) -> (&'static [u8], &'b [u8]) {
        let mut rest = bytes;
        while let Some(&expected) = BYTE_ORDER_MARK.get(matched) {
            match rest.split_first() {
                None => {
                    self.byte_order_mark = ByteOrderMark::Matching(matched);
                    return (&[], rest);
                }
                Some((&byte, tail)) if byte == expected => {
                    matched += 1;
                    rest = tail;
                }
                Some(_) => {
                    self.byte_order_mark = ByteOrderMark::Decided;
                    // Every byte matched so far, in earlier pushes or this one, equals the start
                    // of the mark, so replaying that prefix before `rest` feeds exactly the
                    // bytes the stream held.
                    let replay = BYTE_ORDER_MARK.get(..matched).unwrap_or_default();
                    return (replay, rest);
                }
            }
        }
        self.byte_order_mark = ByteOrderMark::Decided;
        (&[], rest)
    }

    /// Splits `bytes` into lines and processes them, keeping an unterminated tail for later.
    fn feed(
        &mut self,
        bytes: &[u8],
        on_event: &mut impl FnMut(SseEvent<'_>),
    ) -> Result<(), SseError> {
        let mut rest = bytes;
        if rest.is_empty() {
            return Ok(());
        }
        if std::mem::take(&mut self.pending_cr)
            && let Some(after_lf) = rest.strip_prefix(b"\n")
        {
            rest = after_lf;
        }

        if !self.partial_line.is_empty() {
            // Only the new bytes are searched: the partial line is known to hold no line ending.
            let Some(end) = find_line_end(rest) else {
                if self.partial_line.len() + rest.len() > self.max_line_bytes {
                    return Err(self.fail_line_too_long());
                }
                self.partial_line.extend_from_slice(rest);
                return Ok(());
            };
            let (line_tail, after) = rest.split_at(end);
            if self.partial_line.len() + line_tail.len() > self.max_line_bytes {
                return Err(self.fail_line_too_long());
            }
            self.partial_line.extend_from_slice(line_tail);
            let processed =
                self.event
                    .process_line(&self.partial_line, self.max_line_bytes, on_event);
            self.partial_line.clear();
            processed.map_err(|error| self.fail(error))?;
            rest = self.skip_line_ending(after);
        }

        while let Some(end) = find_line_end(rest) {
            let (line, after) = rest.split_at(end);
            if line.len() > self.max_line_bytes {
                return Err(self.fail_line_too_long());
            }
            self.event
                .process_line(line, self.max_line_bytes, on_event)
                .map_err(|error| self.fail(error))?;
            rest = self.skip_line_ending(after);
        }

        if rest.len() > self.max_line_bytes {
            return Err(self.fail_line_too_long());
        }
        self.partial_line.extend_from_slice(rest);
        Ok(())
    }

    /// Skips the line ending at the start of `after` (CRLF, LF or CR) and returns what follows.
    /// A CR that ends the push may be the first half of a CRLF split across pushes.
    fn skip_line_ending<'b>(&mut self, after: &'b [u8]) -> &'b [u8] {
        match after {
            [b'\r', b'\n', rest @ ..] => rest,
            [b'\r'] => {
                self.pending_cr = true;
                &[]
            }
            [_, rest @ ..] => rest,
            [] => after,
        }
    }

    /// Fails the stream because a line outgrew the limit.
    fn fail_line_too_long(&mut self) -> SseError {
        self.fail(SseError::LineTooLong {
            limit: self.max_line_bytes,
        })
    }

    /// Records a fatal error and drops everything buffered.
    fn fail(&mut self, error: SseError) -> SseError {
        self.failure = Some(error);
        self.partial_line = Vec::new();
        self.event = EventBuilder::default();
        error
    }
}

impl EventBuilder {
    /// Interprets one line (without its ending).
    fn process_line(
        &mut self,
        line: &[u8],
        max_data_bytes: usize,
        on_event: &mut impl FnMut(SseEvent<'_>),
    ) -> Result<(), SseError> {
        if line.is_empty() {
            self.dispatch(on_event);
            return Ok(());
        }
        if line.first() == Some(&b':') {
            // A comment, such as the `: keep-alive` some proxies send while a model thinks.
            return Ok(());
        }
        let mut parts = line.splitn(2, |&byte| byte == b':');
        let name = parts.next().unwrap_or_default();
        let value = parts.next().unwrap_or_default();
        // Exactly one space after the colon is part of the syntax; any further ones are content.
        let value = value.strip_prefix(b" ").unwrap_or(value);
        match name {
            b"data" => {
                let separator = usize::from(self.has_data);
                if self.data.len() + separator + value.len() > max_data_bytes {
                    return Err(SseError::EventTooLarge {
                        limit: max_data_bytes,
                    });
                }
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
            }
            b"event" => {
                self.event_type.clear();
                self.event_type.push_str(&String::from_utf8_lossy(value));
            }
            b"id" if !value.contains(&0) => {
                self.last_event_id.clear();
                self.last_event_id.push_str(&String::from_utf8_lossy(value));
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Too many digits for a u64 is not a usable delay: ignored like any invalid value.
                let milliseconds = std::str::from_utf8(value)
                    .ok()
                    .and_then(|digits| digits.parse::<u64>().ok());
                self.retry_milliseconds = milliseconds.or(self.retry_milliseconds);
            }
            _ => {}
        }
        Ok(())
    }

    /// Dispatches the assembled event, if it has data, and starts the next one. The last event
    /// id carries over, as the spec says.
    fn dispatch(&mut self, on_event: &mut impl FnMut(SseEvent<'_>)) {
        if self.has_data {
            let event = if self.event_type.is_empty() {
                DEFAULT_EVENT_TYPE
            } else {
                &self.event_type
            };
            on_event(SseEvent {
                event,
                data: &self.data,
                last_event_id: &self.last_event_id,
            });
        }
        self.data.clear();
        self.has_data = false;
        self.event_type.clear();
    }
}

/// The position of the first CR or LF. Lines of chat chunks are a few hundred bytes, so this
/// is the decoder's hot loop: it tests eight bytes at a time with word arithmetic ("SWAR"), which
/// needs neither `unsafe` nor platform intrinsics and so runs the same in WebAssembly.
fn find_line_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const LFS: u64 = u64::from_ne_bytes([b'\n'; 8]);
    const CRS: u64 = u64::from_ne_bytes([b'\r'; 8]);
    /// Whether any byte of `word` is zero (the classic bit trick: a borrow out of a zero byte
    /// sets its high bit, and no byte without a zero can produce one first).
    fn has_zero_byte(word: u64) -> bool {
        word.wrapping_sub(ONES) & !word & HIGHS != 0
    }
    let is_line_end = |byte: &u8| *byte == b'\n' || *byte == b'\r';

    let (words, tail) = bytes.as_chunks::<8>();
    for (word_index, word_bytes) in words.iter().enumerate() {
        let word = u64::from_ne_bytes(*word_bytes);
        if has_zero_byte(word ^ LFS) || has_zero_byte(word ^ CRS) {
            let within = word_bytes.iter().position(is_line_end).unwrap_or_default();
            return Some(word_index * 8 + within);
        }
    }
    tail.iter()
        .position(is_line_end)
        .map(|within| words.len() * 8 + within)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An owned copy of an event, for comparing.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Owned {
        event: String,
        data: String,
        id: String,
    }

    fn owned(event: SseEvent<'_>) -> Owned {
        Owned {
            event: event.event.to_owned(),
            data: event.data.to_owned(),
            id: event.last_event_id.to_owned(),
        }
    }

    fn message(data: &str) -> Owned {
        Owned {
            event: "message".to_owned(),
            data: data.to_owned(),
            id: String::new(),
        }
    }

    fn decode_pieces(pieces: &[&[u8]]) -> Vec<Owned> {
        let mut decoder = SseDecoder::new();
        let mut events = Vec::new();
        for piece in pieces {
            decoder
                .push(piece, &mut |event| events.push(owned(event)))
                .unwrap();
        }
        decoder
            .finish(&mut |event| events.push(owned(event)))
            .unwrap();
        events
    }

    fn decode(input: &[u8]) -> Vec<Owned> {
        decode_pieces(&[input])
    }

    #[test]
    fn decodes_data_events_with_and_without_the_optional_space() {
        assert_eq!(
            decode(b"data: one\n\ndata:two\n\ndata:  three\n\n"),
            vec![message("one"), message("two"), message(" three")]
        );
    }

    #[test]
    fn joins_multi_line_data_with_newlines() {
        assert_eq!(
            decode(b"data: first\ndata:\ndata: third\n\n"),
            vec![message("first\n\nthird")]
        );
    }

    #[test]
    fn an_empty_data_line_still_dispatches_an_event() {
        assert_eq!(decode(b"data\n\ndata:\n\n"), vec![message(""), message("")]);
    }

    #[test]
    fn blank_lines_without_data_dispatch_nothing() {
        assert_eq!(decode(b"\n\n\nevent: ping\n\n: comment\n\n"), vec![]);
    }

    #[test]
    fn event_type_resets_after_dispatch_but_id_carries_over() {
        let events = decode(b"event: delta\nid: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");
        assert_eq!(
            events,
            vec![
                Owned {
                    event: "delta".to_owned(),
                    data: "a".to_owned(),
                    id: "7".to_owned()
                },
                Owned {
                    event: "message".to_owned(),
                    data: "b".to_owned(),
                    id: "7".to_owned()
                },
                message("c"),
            ]
        );
    }

    #[test]
    fn an_id_with_nul_is_ignored() {
        let events = decode(b"id: 1\n\nid: 2\0x\ndata: a\n\n");
        assert_eq!(events.first().map(|event| event.id.as_str()), Some("1"));
    }

    #[test]
    fn comments_and_unknown_fields_are_ignored() {
        assert_eq!(
            decode(b":keep-alive\n: another\nfoo: bar\ndata: x\nDATA: y\n\n"),
            vec![message("x")]
        );
    }

    #[test]
    fn retry_takes_only_ascii_digits() {
        let mut decoder = SseDecoder::new();
        let mut ignore = |_: SseEvent<'_>| {};
        decoder.push(b"retry: 1500\n", &mut ignore).unwrap();
        assert_eq!(decoder.retry_milliseconds(), Some(1500));
        decoder
            .push(
                b"retry: 15x\nretry: -1\nretry:\nretry: 99999999999999999999999\n",
                &mut ignore,
            )
            .unwrap();
        assert_eq!(decoder.retry_milliseconds(), Some(1500));
    }

    #[test]
    fn every_line_ending_style_frames_the_same_events() {
        let expected = vec![message("a\nb"), message("c")];
        assert_eq!(decode(b"data: a\ndata: b\n\ndata: c\n\n"), expected);
        assert_eq!(
            decode(b"data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"),
            expected
        );
        assert_eq!(decode(b"data: a\rdata: b\r\rdata: c\r\r"), expected);
        assert_eq!(decode(b"data: a\r\ndata: b\n\rdata: c\r\n\n"), expected);
    }

    #[test]
    fn a_crlf_split_across_pushes_is_one_line_ending() {
        assert_eq!(
            decode_pieces(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]),
            vec![message("a\nb")]
        );
    }

    #[test]
    fn a_cr_then_an_empty_push_then_lf_is_still_one_line_ending() {
        assert_eq!(
            decode_pieces(&[b"data: a\r", b"", b"\n", b"\r\n"]),
            vec![message("a")]
        );
    }

    #[test]
    fn a_utf8_character_split_across_pushes_survives() {
        let input = "data: é 日本 🎉\n\n".as_bytes();
        for split in 0..=input.len() {
            let (head, tail) = input.split_at(split);
            assert_eq!(
                decode_pieces(&[head, tail]),
                vec![message("é 日本 🎉")],
                "split at {split}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        assert_eq!(
            decode(b"data: a\xFFb\xE6\x97\n\n"),
            vec![message("a\u{FFFD}b\u{FFFD}")]
        );
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped_even_when_split() {
        let input = b"\xEF\xBB\xBFdata: x\n\n";
        for split in 0..=input.len() {
            let (head, tail) = input.split_at(split);
            assert_eq!(
                decode_pieces(&[head, tail]),
                vec![message("x")],
                "split at {split}"
            );
        }
        let one_at_a_time: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(decode_pieces(&one_at_a_time), vec![message("x")]);
    }

    #[test]
    fn only_one_byte_order_mark_is_skipped() {
        // The second mark is content: it makes the field name "\u{FEFF}data", an unknown field.
        assert_eq!(decode(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: x\n\n"), vec![]);
        assert_eq!(
            decode(b"\xEF\xBB\xBFdata: \xEF\xBB\xBFx\n\n"),
            vec![message("\u{FEFF}x")]
        );
    }

    #[test]
    fn a_broken_byte_order_mark_is_content() {
        // EF BB then a colon: the two bytes are replayed as the start of a line, which makes it
        // a field with an unknown name, and the event after it still frames correctly.
        let unknown_field_then_event = vec![message("y")];
        assert_eq!(decode(b"\xEF\xBB:x\ndata: y\n\n"), unknown_field_then_event);
        assert_eq!(
            decode_pieces(&[b"\xEF", b"\xBB", b":x\ndata: y\n\n"]),
            unknown_field_then_event
        );
        // Replayed bytes glued to "data" make the field name "\xEF\xBBdata": not a data field.
        assert_eq!(decode_pieces(&[b"\xEF\xBB", b"data: y\n\n"]), vec![]);
        assert_eq!(decode(b"\xEFdata: y\n\n"), vec![]);
        assert_eq!(decode(b"\xEF\ndata: y\n\n"), vec![message("y")]);
        assert_eq!(
            decode_pieces(&[b"\xEF", b"\ndata: y\n\n"]),
            vec![message("y")]
        );
    }

    #[test]
    fn a_stream_of_only_part_of_a_mark_ends_cleanly() {
        assert_eq!(decode_pieces(&[b"\xEF\xBB"]), vec![]);
    }

    #[test]
    fn finish_flushes_an_unterminated_last_event() {
        assert_eq!(
            decode(b"data: a\n\ndata: [DONE]"),
            vec![message("a"), message("[DONE]")]
        );
        assert_eq!(decode(b"data: a\ndata: b\n"), vec![message("a\nb")]);
        assert_eq!(decode(b"data: a\r"), vec![message("a")]);
    }

    #[test]
    fn finish_resets_for_a_new_stream() {
        let mut decoder = SseDecoder::new();
        let mut events = Vec::new();
        decoder
            .push(b"id: 4\nevent: x\ndata: partial", &mut |event| {
                events.push(owned(event))
            })
            .unwrap();
        decoder
            .finish(&mut |event| events.push(owned(event)))
            .unwrap();
        decoder
            .push(b"\xEF\xBB\xBFdata: fresh\n\n", &mut |event| {
                events.push(owned(event))
            })
            .unwrap();
        assert_eq!(
            events,
            vec![
                Owned {
                    event: "x".to_owned(),
                    data: "partial".to_owned(),
                    id: "4".to_owned()
                },
                message("fresh"),
            ]
        );
    }

    #[test]
    fn an_over_long_line_is_an_error_not_unbounded_memory() {
        let mut decoder = SseDecoder::with_max_line_bytes(16);
        let mut events = Vec::new();
        decoder
            .push(b"data: ok\n\ndata: ", &mut |event| {
                events.push(owned(event))
            })
            .unwrap();
        let error = decoder
            .push(b"0123456789abcdef", &mut |event| events.push(owned(event)))
            .unwrap_err();
        assert_eq!(error, SseError::LineTooLong { limit: 16 });
        assert!(
            decoder.partial_line.capacity() == 0,
            "the buffer is released"
        );
        // The decoder stays failed: later input is not decoded.
        let again = decoder.push(b"\n\ndata: later\n\n", &mut |event| {
            events.push(owned(event))
        });
        assert_eq!(again, Err(SseError::LineTooLong { limit: 16 }));
        assert_eq!(
            decoder.finish(&mut |event| events.push(owned(event))),
            Err(error)
        );
        assert_eq!(events, vec![message("ok")]);
    }

    #[test]
    fn an_over_long_complete_line_fails_the_same_way_in_one_push() {
        let mut decoder = SseDecoder::with_max_line_bytes(16);
        let mut events = Vec::new();
        let outcome = decoder.push(
            b"data: ok\n\ndata: 0123456789abcdef\n\ndata: later\n\n",
            &mut |event| events.push(owned(event)),
        );
        assert_eq!(outcome, Err(SseError::LineTooLong { limit: 16 }));
        assert_eq!(events, vec![message("ok")]);
    }

    #[test]
    fn a_line_exactly_at_the_limit_is_accepted() {
        let mut decoder = SseDecoder::with_max_line_bytes(16);
        let mut events = Vec::new();
        decoder
            .push(b"data: 0123456789\n\n", &mut |event| {
                events.push(owned(event))
            })
            .unwrap();
        assert_eq!(events, vec![message("0123456789")]);
    }

    #[test]
    fn too_much_data_in_one_event_is_an_error() {
        let mut decoder = SseDecoder::with_max_line_bytes(16);
        let mut events = Vec::new();
        let outcome = decoder.push(b"data: 01234567\ndata: 01234567\n\n", &mut |event| {
            events.push(owned(event))
        });
        assert_eq!(outcome, Err(SseError::EventTooLarge { limit: 16 }));
        assert_eq!(events, vec![]);
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(
            SseError::LineTooLong { limit: 8 }.to_string(),
            "an event-stream line exceeded 8 bytes"
        );
    }
}
