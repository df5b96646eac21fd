//! Turning a file's bytes into text, or deciding it is not text.
//!
//! The rules, in order:
//! - A UTF-8 byte-order mark is dropped; a UTF-16 one (little or big endian) means the file is
//!   decoded as UTF-16, as Windows tools often write it.
//! - A NUL byte anywhere (outside UTF-16) means binary: text files never contain one, and it is
//!   git's own test for binary.
//! - Valid UTF-8 is taken as is.
//! - Invalid UTF-8 where the file also holds valid multi-byte UTF-8 is a UTF-8 file with a few
//!   damaged bytes: up to 1% of its bytes (plus one) are replaced with U+FFFD and a note says so;
//!   more than that means binary.
//! - Invalid UTF-8 with no valid multi-byte sequence at all is a legacy single-byte file: it is
//!   decoded as Windows-1252 (a superset of Latin-1's printable characters, and what such files
//!   nearly always are), which loses nothing, with a note asking to check accented characters.
//! - Whatever the encoding, text with more than 1% (plus one) control characters other than tab,
//!   line breaks, form feed and escape is binary.

/// Why bytes were judged not to be text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotText {
    /// A NUL byte.
    NulByte,
    /// Too many bytes that are not valid UTF-8 in a UTF-8 file.
    InvalidUtf8,
    /// Too many control characters.
    ControlCharacters,
}

impl NotText {
    /// Why, as the end of a sentence ("… because it …").
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Self::NulByte => "it contains NUL bytes",
            Self::InvalidUtf8 => "much of it is not valid UTF-8",
            Self::ControlCharacters => "it is full of control characters",
        }
    }
}

/// Text decoded from bytes, with a note when the decoding changed or guessed something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodedText {
    pub text: String,
    pub note: Option<String>,
}

/// Decodes `bytes` by the rules in the module documentation.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<DecodedText, NotText> {
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_utf16(rest, u16::from_be_bytes)?
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.contains(&0) {
            return Err(NotText::NulByte);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => DecodedText {
                text: text.to_owned(),
                note: None,
            },
            Err(_) => decode_invalid_utf8(bytes)?,
        }
    };
    if too_many(count_control_characters(&decoded.text), decoded.text.len()) {
        return Err(NotText::ControlCharacters);
    }
    Ok(decoded)
}

/// Whether `count` bad units out of `total` is past the tolerance: 1% plus one.
fn too_many(count: usize, total: usize) -> bool {
    count > 1 + total / 100
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<DecodedText, NotText> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [first, second] => unit([*first, *second]),
        // An odd trailing byte cannot be a character; an unpaired surrogate is replaced the same.
        _ => 0xD800,
    });
    let mut replaced = 0usize;
    let text: String = char::decode_utf16(units)
        .map(|unit| {
            unit.unwrap_or_else(|_| {
                replaced += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if too_many(replaced, bytes.len() / 2) {
        return Err(NotText::InvalidUtf8);
    }
    let note = (replaced > 0).then(|| replaced_note(replaced, "UTF-16"));
    Ok(DecodedText { text, note })
}

fn decode_invalid_utf8(bytes: &[u8]) -> Result<DecodedText, NotText> {
    let mut invalid_bytes = 0usize;
    let mut has_multi_byte_character = false;
    for chunk in bytes.utf8_chunks() {
        invalid_bytes += chunk.invalid().len();
        has_multi_byte_character |= !chunk.valid().is_ascii();
    }
    if !has_multi_byte_character {
        return Ok(DecodedText {
            text: bytes.iter().map(|&byte| windows_1252(byte)).collect(),
            note: Some(
                "The file is not UTF-8, so it was read as Windows-1252 (Latin-1); accented \
                 characters may be wrong if it uses another encoding."
                    .to_owned(),
            ),
        });
    }
    if too_many(invalid_bytes, bytes.len()) {
        return Err(NotText::InvalidUtf8);
    }
    Ok(DecodedText {
        text: String::from_utf8_lossy(bytes).into_owned(),
        note: Some(replaced_note(invalid_bytes, "UTF-8")),
    })
}

fn replaced_note(count: usize, encoding: &str) -> String {
    let (noun, verb) = if count == 1 {
        ("byte", "is")
    } else {
        ("bytes", "are")
    };
    format!("{count} {noun} of the file {verb} not valid {encoding} and show as \u{FFFD}.")
}

/// Control characters that do not occur in text: C0 controls other than tab, line feed, vertical
/// tab, form feed, carriage return and escape (colour codes in logs), DEL, and the C1 controls.
fn count_control_characters(text: &str) -> usize {
    text.chars()
        .filter(|&character| {
            character.is_control()
                && !matches!(character, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | '\x1B')
        })
        .count()
}

/// Windows-1252's character for `byte`: Latin-1 except 0x80-0x9F, where it has typographic
/// characters. The five bytes it leaves undefined map to the C1 control of the same number, as
/// the WHATWG encoding standard does.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> DecodedText {
        decode_text(bytes).unwrap()
    }

    #[test]
    fn utf8_is_taken_as_is_without_its_byte_order_mark() {
        assert_eq!(text("héllo\n".as_bytes()).text, "héllo\n");
        assert_eq!(text(b"\xEF\xBB\xBFfn main() {}").text, "fn main() {}");
        assert_eq!(text(b"").text, "");
        assert_eq!(text(b"plain").note, None);
    }

    #[test]
    fn a_nul_byte_means_binary() {
        assert_eq!(decode_text(b"PNG\0\x01\x02"), Err(NotText::NulByte));
        assert_eq!(decode_text(b"almost text\0"), Err(NotText::NulByte));
    }

    #[test]
    fn latin1_without_any_utf8_is_read_as_windows_1252() {
        // "café – naïve" in Windows-1252: é is 0xE9, the en dash 0x96, ï 0xEF.
        let decoded = text(b"caf\xE9 \x96 na\xEFve");
        assert_eq!(decoded.text, "café – naïve");
        assert!(decoded.note.unwrap().contains("Windows-1252"));
        assert_eq!(windows_1252(0x80), '€');
        assert_eq!(windows_1252(0x9F), 'Ÿ');
        assert_eq!(windows_1252(0x81), '\u{81}');
        assert_eq!(windows_1252(b'a'), 'a');
    }

    #[test]
    fn a_few_damaged_bytes_in_utf8_are_replaced_with_a_note() {
        let mut bytes = "naïve résumé ".repeat(20).into_bytes();
        bytes.push(0xFF);
        let decoded = text(&bytes);
        assert!(decoded.text.ends_with('\u{FFFD}'));
        assert!(decoded.text.starts_with("naïve"));
        assert_eq!(
            decoded.note.as_deref(),
            Some("1 byte of the file is not valid UTF-8 and show as \u{FFFD}.")
        );
    }

    #[test]
    fn many_damaged_bytes_in_utf8_mean_binary() {
        let mut bytes = "é".as_bytes().to_vec();
        bytes.extend([0xFF; 50]);
        bytes.extend(b"abcdefghij");
        assert_eq!(decode_text(&bytes), Err(NotText::InvalidUtf8));
    }

    #[test]
    fn control_characters_beyond_the_tolerance_mean_binary() {
        let mut bytes = b"x".repeat(200);
        bytes.extend([0x01, 0x02, 0x03]);
        assert_eq!(decode_text(&bytes).map(|_| ()), Ok(()));
        bytes.extend([0x04, 0x05]);
        assert_eq!(decode_text(&bytes), Err(NotText::ControlCharacters));
        // Tabs, line breaks, form feeds and colour codes are text.
        assert!(decode_text(b"\t\r\n\x0C\x1B[31mred\x1B[0m\n".repeat(50).as_slice()).is_ok());
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(text(&little).text, "hé\n");
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("日本".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(&big).text, "日本");
        // Mostly unpaired surrogates is not text.
        let broken: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain([0x00, 0xD8].repeat(10))
            .collect();
        assert_eq!(decode_text(&broken), Err(NotText::InvalidUtf8));
    }
}
