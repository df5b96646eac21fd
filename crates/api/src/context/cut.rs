//! Cutting text to a byte budget at a line boundary, from the front (a diff, a rules file: the
//! start matters) or from the back (terminal output: the latest command's result matters), so a
//! cut never splits a line or a character.

/// The longest prefix of `text` of at most `max_bytes` bytes that ends after a line break, or
/// the whole text when it fits. A first line longer than the budget is cut at a character
/// boundary instead, so something is kept.
pub(crate) fn head(text: &str, max_bytes: u64) -> &str {
    let max = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    if text.len() <= max {
        return text;
    }
    let window = &text[..floor_char_boundary(text, max)];
    match window.rfind('\n') {
        Some(newline) => &text[..=newline],
        None => window,
    }
}

/// The longest suffix of `text` of at most `max_bytes` bytes that starts at the beginning of a
/// line, or the whole text when it fits. A last line longer than the budget is cut at a
/// character boundary instead.
pub(crate) fn tail(text: &str, max_bytes: u64) -> &str {
    let max = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    if text.len() <= max {
        return text;
    }
    let start = ceil_char_boundary(text, text.len() - max);
    let window = &text[start..];
    // The window's first line is only whole if the character before it ends a line.
    if text.as_bytes().get(start.wrapping_sub(1)) == Some(&b'\n') {
        return window;
    }
    match window.find('\n') {
        Some(newline) if newline + 1 < window.len() => &window[newline + 1..],
        _ => window,
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_ends_after_a_whole_line() {
        assert_eq!(head("one\ntwo\nthree\n", 100), "one\ntwo\nthree\n");
        assert_eq!(head("one\ntwo\nthree\n", 9), "one\ntwo\n");
        assert_eq!(head("one\ntwo\nthree\n", 8), "one\ntwo\n");
        assert_eq!(head("one\ntwo\nthree\n", 7), "one\n");
        // One long line is cut inside, at a character boundary.
        assert_eq!(head("ééé", 3), "é");
    }

    #[test]
    fn the_tail_starts_at_a_whole_line() {
        assert_eq!(tail("one\ntwo\nthree\n", 100), "one\ntwo\nthree\n");
        assert_eq!(tail("one\ntwo\nthree\n", 10), "two\nthree\n");
        assert_eq!(tail("one\ntwo\nthree\n", 9), "three\n");
        assert_eq!(tail("one\ntwo\nthree", 5), "three");
        assert_eq!(tail("ééé", 3), "é");
    }
}
