//! What `read_file` returns for a file's text: its lines numbered (`12 | text`), so the model can
//! name lines in a later call, and a large file only in parts. Reading a whole large file would
//! fill the context window, so without a range only the first lines come back, with a note
//! saying how many there are and how to read the rest.

use super::loop_state::ToolOutcome;

/// The most lines one `read_file` returns.
pub const MAX_LINES_PER_READ: usize = 1_000;

/// The outcome of reading `text` (the file's content, already decoded by the shell) from
/// `start_line` to `end_line` (1-based, inclusive; the whole file when not given).
#[must_use]
pub fn read_file_outcome(
    text: &str,
    start_line: Option<u64>,
    end_line: Option<u64>,
) -> ToolOutcome {
    let lines: Vec<&str> = text
        .split_inclusive('\n')
        .map(|line| line.trim_end_matches('\n').trim_end_matches('\r'))
        .collect();
    let total = lines.len();
    if total == 0 {
        return ToolOutcome::Success {
            text: "(the file is empty)".into(),
        };
    }
    let to_index = |line: u64| usize::try_from(line).unwrap_or(usize::MAX);
    let start = to_index(start_line.unwrap_or(1).max(1));
    if start > total {
        return ToolOutcome::Failure {
            text: format!(
                "The file has {total} lines, so start_line {start} is past its end. Read from a \
                 line between 1 and {total}."
            ),
        };
    }
    let wanted_end = end_line.map_or(total, to_index).min(total).max(start);
    let end = wanted_end.min(start + MAX_LINES_PER_READ - 1);
    let width = end.to_string().len();
    let mut output = String::with_capacity(text.len().min(200_000) + (end - start + 1) * 8);
    for (number, line) in (start..=end).zip(&lines[start - 1..end]) {
        output.push_str(&format!("{number:>width$} | {line}\n"));
    }
    if end < wanted_end {
        output.push_str(&format!(
            "[Only lines {start}-{end} of the {total} are shown: one read returns at most \
             {MAX_LINES_PER_READ} lines. Read the rest with start_line {next}, or search the file \
             with search_files.]\n",
            next = end + 1
        ));
    } else if end < total && end_line.is_none() {
        output.push_str(&format!("[The file has {total} lines.]\n"));
    }
    ToolOutcome::Success { text: output }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(outcome: ToolOutcome) -> String {
        match outcome {
            ToolOutcome::Success { text } | ToolOutcome::Failure { text } => text,
        }
    }

    #[test]
    fn lines_are_numbered_and_aligned() {
        let file: String = (1..=12).map(|line| format!("l{line}\r\n")).collect();
        let text = text_of(read_file_outcome(&file, Some(9), Some(10)));
        assert_eq!(text, " 9 | l9\n10 | l10\n");
        assert_eq!(
            text_of(read_file_outcome("a\nb", None, None)),
            "1 | a\n2 | b\n"
        );
    }

    #[test]
    fn a_range_past_the_end_is_clamped_or_refused() {
        assert_eq!(
            text_of(read_file_outcome("a\nb\n", Some(2), Some(50))),
            "2 | b\n"
        );
        let outcome = read_file_outcome("a\nb\n", Some(3), None);
        assert!(matches!(&outcome, ToolOutcome::Failure { text } if text.contains("has 2 lines")));
        assert_eq!(
            text_of(read_file_outcome("", None, None)),
            "(the file is empty)"
        );
    }

    #[test]
    fn a_large_file_comes_back_in_parts_with_a_note() {
        let file: String = (1..=2500).map(|line| format!("x{line}\n")).collect();
        let first = text_of(read_file_outcome(&file, None, None));
        assert!(first.starts_with("   1 | x1\n"));
        assert!(first.contains("1000 | x1000\n"));
        assert!(!first.contains("x1001"));
        assert!(
            first.ends_with(
                "Read the rest with start_line 1001, or search the file with search_files.]\n"
            ),
            "{first}"
        );
        let middle = text_of(read_file_outcome(&file, Some(2400), None));
        assert!(middle.starts_with("2400 | x2400\n") && middle.contains("2500 | x2500\n"));
        assert!(!middle.contains("Only lines"));
    }
}
