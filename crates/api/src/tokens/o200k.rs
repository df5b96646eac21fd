//! Exact `o200k_base` counts, fast: text is cut into the encoding's pieces by the ASCII splitter
//! (the regex only where it must decide), and each distinct piece's token count is remembered.
//!
//! tiktoken-rs does the byte-pair merging; it is asked about a piece only the first time that
//! piece is seen. A piece alone is encoded exactly as it is inside the text: the pattern has no
//! look-behind, and its one look-ahead (`\s+(?!\S)`) succeeds at the end of a piece whenever it
//! did in context, so the regex finds the same single piece and the merge sees the same bytes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use fancy_regex::Regex;
use tiktoken_rs::CoreBPE;

use super::ascii_pieces::ascii_piece_end;

/// Pieces longer than this are not remembered: long runs of spaces or punctuation rarely repeat
/// exactly, and keeping them would let one pasted file fill the memo.
const MAX_REMEMBERED_PIECE_BYTES: usize = 32;

/// The memo is cleared when it holds this many pieces (a few megabytes), which bounds memory in
/// a long session; English and source code keep well under it.
const MAX_REMEMBERED_PIECES: usize = 200_000;

/// The encoder, built on first use (about a quarter of a second in wasm), never at start-up.
static ENCODER: OnceLock<Option<CoreBPE>> = OnceLock::new();

/// The pre-tokenizer regex for what the ASCII splitter leaves, compiled only when non-ASCII text
/// first needs it.
static FALLBACK_SPLITTER: OnceLock<Option<Regex>> = OnceLock::new();

thread_local! {
    /// Token counts of the pieces seen so far. Thread-local because the wasm module is
    /// single-threaded and a lock would only cost time.
    static PIECE_COUNTS: RefCell<HashMap<Box<str>, u32>> = RefCell::new(HashMap::new());
}

/// The encoder, or `None` when it cannot be built (it parses tables compiled into the binary,
/// so that would be a packaging fault); callers then estimate instead.
pub(super) fn encoder() -> Option<&'static CoreBPE> {
    ENCODER
        .get_or_init(|| tiktoken_rs::o200k_base().ok())
        .as_ref()
}

fn fallback_splitter() -> Option<&'static Regex> {
    FALLBACK_SPLITTER
        .get_or_init(|| Regex::new(tiktoken_rs::O200K_BASE_PAT_STR).ok())
        .as_ref()
}

/// The number of `o200k_base` tokens in `text` as ordinary text, or `None` without an encoder.
pub(super) fn count_ordinary(text: &str) -> Option<u64> {
    let encoder = encoder()?;
    PIECE_COUNTS.with(|memo| {
        let mut memo = memo.borrow_mut();
        let bytes = text.as_bytes();
        let mut total: u64 = 0;
        let mut start = 0;
        while start < bytes.len() {
            let end = ascii_piece_end(bytes, start)
                .or_else(|| regex_piece_end(text, start))
                .unwrap_or_else(|| next_char_end(text, start));
            let piece = &text[start..end];
            total = total.saturating_add(u64::from(piece_tokens(&mut memo, encoder, piece)));
            start = end;
        }
        Some(total)
    })
}

/// The end of the piece at `start` as the regex finds it. Every character matches some branch of
/// the pattern, so the match starts at `start`; anything else is treated as no answer.
fn regex_piece_end(text: &str, start: usize) -> Option<usize> {
    let found = fallback_splitter()?.find_from_pos(text, start).ok()??;
    (found.start() == start && found.end() > start).then_some(found.end())
}

/// One character, so that counting always moves on even if the regex gave no answer.
fn next_char_end(text: &str, start: usize) -> usize {
    text[start..]
        .chars()
        .next()
        .map_or(text.len(), |character| start + character.len_utf8())
}

fn piece_tokens(memo: &mut HashMap<Box<str>, u32>, encoder: &CoreBPE, piece: &str) -> u32 {
    if let Some(&count) = memo.get(piece) {
        return count;
    }
    let count = u32::try_from(encoder.encode_ordinary(piece).len()).unwrap_or(u32::MAX);
    if piece.len() <= MAX_REMEMBERED_PIECE_BYTES {
        if memo.len() >= MAX_REMEMBERED_PIECES {
            memo.clear();
        }
        memo.insert(piece.into(), count);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference_count(text: &str) -> u64 {
        encoder().unwrap().encode_ordinary(text).len() as u64
    }

    /// Characters chosen to sit on every edge of the pattern's classes: ASCII of each class,
    /// letters and marks outside ASCII, non-ASCII digits and spaces, and the long s that `(?i)`
    /// matches as `s`.
    const ALPHABET: &[&str] = &[
        "a", "z", "A", "Z", "0", "9", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{b}", "\u{c}", "'",
        "'s", "'S", "'re", "'LL", "'ve", "'d", "'m", "'t", ".", "/", ";", "(", "_", "-", "\u{0}",
        "\u{1f}", "\u{7f}", "é", "É", "ǅ", "ʰ", "日本", "\u{301}", "²", "٣", "Ⅻ", "\u{a0}",
        "\u{85}", "\u{2028}", "\u{3000}", "ſ", "’", "—", "😀", "ß", "the", "HTTP", "Server",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn counts_equal_tiktoken_on_any_mix_of_edge_characters(
            parts in prop::collection::vec(prop::sample::select(ALPHABET), 0..40)
        ) {
            let text = parts.concat();
            prop_assert_eq!(count_ordinary(&text), Some(reference_count(&text)), "{:?}", text);
        }

        #[test]
        fn counts_equal_tiktoken_on_any_ascii(text in "[\\x00-\\x7f]{0,80}") {
            prop_assert_eq!(count_ordinary(&text), Some(reference_count(&text)), "{:?}", text);
        }

        #[test]
        fn counts_equal_tiktoken_on_any_string(text in "\\PC{0,60}") {
            prop_assert_eq!(count_ordinary(&text), Some(reference_count(&text)), "{:?}", text);
        }
    }

    #[test]
    fn counts_equal_tiktoken_on_this_crates_sources_and_prose() {
        let sources = [
            include_str!("ascii_pieces.rs"),
            include_str!("mod.rs"),
            include_str!("../transform/openai_format.rs"),
            "The quick brown fox — “quoted” — it’s 3.14, isn't it?\n\n\tNaïve café, 日本語の文章。",
        ];
        for text in sources {
            assert_eq!(count_ordinary(text), Some(reference_count(text)));
        }
    }

    #[test]
    fn remembered_counts_are_reused_and_long_pieces_are_not_kept() {
        let text = "alpha beta alpha beta";
        let first = count_ordinary(text);
        assert_eq!(count_ordinary(text), first);
        PIECE_COUNTS.with(|memo| {
            let memo = memo.borrow();
            assert!(memo.contains_key(" beta"));
        });
        let long_run = " ".repeat(MAX_REMEMBERED_PIECE_BYTES + 5);
        assert_eq!(count_ordinary(&long_run), Some(reference_count(&long_run)));
        PIECE_COUNTS.with(|memo| assert!(!memo.borrow().contains_key(long_run.as_str())));
    }
}
