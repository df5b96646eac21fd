//! Markdown fenced blocks for attached text: a fence longer than any run of backticks inside, so
//! the content can never close the block early, and optional line numbers (`  12 | code`) so the
//! model can refer to lines and the user can find them.

/// The text's lines as the block numbers them: line breaks are `\n` or `\r\n`, and a final line
/// break does not start another line.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect()
}

/// A fence of backticks longer than the longest run of backticks in `text`, at least three.
fn fence_for(text: &str) -> String {
    let mut longest = 0usize;
    let mut run = 0usize;
    for character in text.chars() {
        if character == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// `text` in a fenced block with `info` after the opening fence (a language, or nothing).
pub(crate) fn fenced(info: &str, text: &str) -> String {
    let fence = fence_for(text);
    let body = text.strip_suffix('\n').unwrap_or(text);
    format!("{fence}{info}\n{body}\n{fence}")
}

/// The lines of `text` numbered from `first_line`, right-aligned to the widest number, in a
/// fenced block.
pub(crate) fn numbered(text: &str, first_line: u64) -> String {
    let lines = lines(text);
    let last_line = first_line.saturating_add(lines.len().saturating_sub(1) as u64);
    let width = last_line.to_string().len();
    let mut body = String::with_capacity(text.len() + lines.len() * (width + 4));
    for (line_number, line) in (first_line..).zip(&lines) {
        body.push_str(&format!("{line_number:>width$} | {line}\n"));
    }
    fenced("", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_on_either_line_break_without_a_trailing_empty_line() {
        assert_eq!(lines("a\r\nb\nc\n"), ["a", "b", "c"]);
        assert_eq!(lines("a\n\nb"), ["a", "", "b"]);
        assert!(lines("").is_empty());
        assert_eq!(lines("\n"), [""]);
        assert_eq!(lines("\n\n"), ["", ""]);
    }

    #[test]
    fn the_fence_outgrows_any_backtick_run_inside() {
        assert_eq!(fenced("", "plain"), "```\nplain\n```");
        assert_eq!(fenced("diff", "a\n"), "```diff\na\n```");
        assert_eq!(fenced("", "```rust\nx\n```"), "````\n```rust\nx\n```\n````");
        assert_eq!(fenced("", "`````"), "``````\n`````\n``````");
    }

    #[test]
    fn numbers_are_right_aligned_to_the_widest() {
        let text = (1..=10).map(|n| format!("line {n}\n")).collect::<String>();
        let block = numbered(&text, 1);
        assert!(block.starts_with("```\n 1 | line 1\n 2 | line 2\n"));
        assert!(block.ends_with("10 | line 10\n```"));
        assert_eq!(numbered("x", 12), "```\n12 | x\n```");
        assert_eq!(numbered("a\nb", 99), "```\n 99 | a\n100 | b\n```");
    }
}
