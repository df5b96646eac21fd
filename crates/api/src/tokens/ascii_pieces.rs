//! A hand-written splitter for ASCII text that cuts exactly where `o200k_base`'s pre-tokenizer
//! regex (`tiktoken_rs::O200K_BASE_PAT_STR`) cuts, and says when a piece needs the regex instead.
//!
//! The regex is a backtracking one (its `\s+(?!\S)` branch needs look-ahead), and running it was
//! three quarters of our counting time. Within ASCII every class in it is a simple byte test, so
//! this module decides each piece from the bytes directly. Whenever a decision would look at a
//! byte outside ASCII (a letter like `é` that could extend a word, a no-break space, the long s
//! that `(?i)` matches as `s`), it answers `None` and the caller asks the regex for that one piece.
//!
//! The branches, in the regex's order (leftmost-first: the first branch that matches wins):
//! 1. `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` + contraction
//! 2. `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` + contraction
//! 3. `\p{N}{1,3}`
//! 4. ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
//! 5. `\s*[\r\n]+`
//! 6. `\s+(?!\S)`
//! 7. `\s+`
//!
//! where a contraction is `(?i:'s|'t|'re|'ve|'m|'ll|'d)?`.

/// What one position of the text is, as far as the pattern's classes can tell in ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    Upper,
    Lower,
    Digit,
    /// `\r` or `\n`: whitespace that the prefix class `[^\r\n…]` excludes.
    LineBreak,
    /// The other ASCII whitespace of Unicode's `White_Space`: space, tab, vertical tab, form feed.
    Space,
    /// Any other ASCII byte: punctuation, symbols and control characters.
    Other,
    /// A byte of a non-ASCII character: the pattern's classes need Unicode tables to place it.
    NonAscii,
    /// Past the last byte.
    End,
}

fn class_at(bytes: &[u8], index: usize) -> ByteClass {
    match bytes.get(index) {
        None => ByteClass::End,
        Some(b'A'..=b'Z') => ByteClass::Upper,
        Some(b'a'..=b'z') => ByteClass::Lower,
        Some(b'0'..=b'9') => ByteClass::Digit,
        Some(b'\r' | b'\n') => ByteClass::LineBreak,
        Some(b' ' | b'\t' | 0x0B | 0x0C) => ByteClass::Space,
        Some(byte) if byte.is_ascii() => ByteClass::Other,
        Some(_) => ByteClass::NonAscii,
    }
}

/// The end of the piece that starts at `start`, or `None` when deciding it needs the regex.
/// `start` must be less than `bytes.len()`.
pub(super) fn ascii_piece_end(bytes: &[u8], start: usize) -> Option<usize> {
    match class_at(bytes, start) {
        ByteClass::Upper | ByteClass::Lower => word_end(bytes, start),
        ByteClass::Digit => digits_end(bytes, start),
        ByteClass::Other => match class_at(bytes, start + 1) {
            // Branches 1 and 2 with the punctuation as their prefix.
            ByteClass::Upper | ByteClass::Lower => word_end(bytes, start + 1),
            ByteClass::NonAscii => None,
            _ => punctuation_end(bytes, start),
        },
        ByteClass::Space => match class_at(bytes, start + 1) {
            ByteClass::Upper | ByteClass::Lower => word_end(bytes, start + 1),
            ByteClass::NonAscii => None,
            // Branch 4's optional leading space is a space proper, not a tab.
            ByteClass::Other if bytes[start] == b' ' => punctuation_end(bytes, start + 1),
            _ => whitespace_end(bytes, start),
        },
        ByteClass::LineBreak => whitespace_end(bytes, start),
        ByteClass::NonAscii | ByteClass::End => None,
    }
}

/// Branches 1 and 2 from the first letter at `start`: upper-case letters, then lower-case ones
/// (branch 1 needs at least one), then an optional contraction.
fn word_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut index = start;
    while class_at(bytes, index) == ByteClass::Upper {
        index += 1;
    }
    while class_at(bytes, index) == ByteClass::Lower {
        index += 1;
    }
    // A non-ASCII letter or mark would continue the word, so the regex must decide.
    if class_at(bytes, index) == ByteClass::NonAscii {
        return None;
    }
    contraction_end(bytes, index)
}

/// `(?i:'s|'t|'re|'ve|'m|'ll|'d)?` at `index`. Case-insensitive matching in Unicode mode also
/// takes `ſ` (U+017F) for `s`, so a non-ASCII byte after the apostrophe goes to the regex.
fn contraction_end(bytes: &[u8], index: usize) -> Option<usize> {
    if bytes.get(index) != Some(&b'\'') {
        return Some(index);
    }
    let Some(&first) = bytes.get(index + 1) else {
        return Some(index);
    };
    if !first.is_ascii() {
        return None;
    }
    let second = bytes.get(index + 2).map(u8::to_ascii_lowercase);
    match (first.to_ascii_lowercase(), second) {
        (b's' | b't' | b'm' | b'd', _) => Some(index + 2),
        (b'r', Some(b'e')) | (b'v', Some(b'e')) | (b'l', Some(b'l')) => Some(index + 3),
        _ => Some(index),
    }
}

/// Branch 3: one to three digits. A non-ASCII digit (`\p{N}` includes `²` and `٣`) could be one
/// of the three, so it goes to the regex.
fn digits_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut index = start;
    while index < start + 3 {
        match class_at(bytes, index) {
            ByteClass::Digit => index += 1,
            ByteClass::NonAscii => return None,
            _ => break,
        }
    }
    Some(index)
}

/// Branch 4 from its first punctuation byte at `start`: all the punctuation that follows (the
/// `+` is greedy and nothing after it can fail), then any line breaks and slashes.
fn punctuation_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut index = start;
    while class_at(bytes, index) == ByteClass::Other {
        index += 1;
    }
    if class_at(bytes, index) == ByteClass::NonAscii {
        return None;
    }
    while matches!(bytes.get(index), Some(b'\r' | b'\n' | b'/')) {
        index += 1;
    }
    Some(index)
}

/// Branches 5 to 7 over the run of whitespace at `start`.
fn whitespace_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut run_end = start;
    let mut last_line_break = None;
    loop {
        match class_at(bytes, run_end) {
            ByteClass::LineBreak => last_line_break = Some(run_end),
            ByteClass::Space => {}
            // A non-ASCII space (U+00A0, U+2028, …) would lengthen the run.
            ByteClass::NonAscii => return None,
            _ => break,
        }
        run_end += 1;
    }
    // Branch 5: `\s*` backtracks until `[\r\n]+` can match, so the piece ends after the run's
    // last line break.
    if let Some(line_break) = last_line_break {
        return Some(line_break + 1);
    }
    // Branch 6: at the end of the text the whole run; before a non-space, all but the last
    // space, which is left to prefix the next word or punctuation.
    if run_end == bytes.len() || run_end - start == 1 {
        // Branch 7 takes a single space before a digit or the like.
        Some(run_end)
    } else {
        Some(run_end - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let bytes = text.as_bytes();
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < bytes.len() {
            let end = ascii_piece_end(bytes, start).unwrap();
            pieces.push(&text[start..end]);
            start = end;
        }
        pieces
    }

    #[test]
    fn words_take_their_leading_space_or_punctuation() {
        assert_eq!(split("Hello world"), ["Hello", " world"]);
        assert_eq!(split("(fooBar)"), ["(foo", "Bar", ")"]);
        assert_eq!(split("HTTPServer"), ["HTTPServer"]);
        assert_eq!(split("ABC def"), ["ABC", " def"]);
    }

    #[test]
    fn contractions_stay_with_their_word_in_any_case() {
        assert_eq!(split("don't"), ["don't"]);
        assert_eq!(split("DON'T we'll"), ["DON'T", " we'll"]);
        assert_eq!(split("it's"), ["it's"]);
        assert_eq!(split("rock'n"), ["rock", "'n"]);
    }

    #[test]
    fn digits_come_in_threes() {
        assert_eq!(split("1234567"), ["123", "456", "7"]);
        assert_eq!(split("x1"), ["x", "1"]);
        assert_eq!(split(" 42"), [" ", "42"]);
    }

    #[test]
    fn punctuation_keeps_trailing_line_breaks_and_slashes() {
        assert_eq!(split("a;\n/b"), ["a", ";\n/", "b"]);
        assert_eq!(split("...hello"), ["...", "hello"]);
        assert_eq!(split("x = {}"), ["x", " =", " {}"]);
    }

    #[test]
    fn whitespace_leaves_one_space_for_the_next_word() {
        assert_eq!(split("a   b"), ["a", "  ", " b"]);
        assert_eq!(split("a\n\n  b"), ["a", "\n\n", " ", " b"]);
        assert_eq!(split("end   "), ["end", "   "]);
        assert_eq!(split("\t\tx"), ["\t", "\tx"]);
    }

    #[test]
    fn non_ascii_decisions_are_left_to_the_regex() {
        assert_eq!(ascii_piece_end("café".as_bytes(), 0), None);
        assert_eq!(ascii_piece_end("it'ſ".as_bytes(), 2), None);
        assert_eq!(ascii_piece_end("a\u{a0}b".as_bytes(), 1), None);
        assert_eq!(ascii_piece_end(" \u{a0}".as_bytes(), 0), None);
        assert_eq!(ascii_piece_end("12\u{b2}".as_bytes(), 0), None);
        // A decision that never looks at the non-ASCII character is still made here.
        assert_eq!(ascii_piece_end("ab cé".as_bytes(), 0), Some(2));
    }
}
