//! What `search_files` returns, from the matches the shell's search found: matches in ignored
//! files, in `.git` folders and in files that look like they hold secrets left out (the search
//! may have walked into them, and their lines must not reach the model unasked), grouped by file,
//! long lines cut and the whole capped, so one broad regex cannot flood the history.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::loop_state::ToolOutcome;
use crate::context::{IgnoreRules, is_secret_looking};

/// The most matches one `search_files` returns.
pub const MAX_SEARCH_MATCHES: usize = 300;

/// The most characters of one matching line shown.
pub const MAX_MATCH_LINE_CHARS: usize = 500;

/// One line the shell's search matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchMatch {
    /// Relative to the workspace folder, `/` separators.
    pub path: String,
    /// The line's number, from 1.
    pub line: u32,
    /// The line's text, without its line break.
    pub text: String,
}

/// The result of `search_files`: the matches the rules let through, sorted by file and line,
/// each file's path on a line of its own followed by its matching lines (`  12 | text`), at most
/// [`MAX_SEARCH_MATCHES`] with a note saying how many more there were.
#[must_use]
pub fn search_files_outcome(matches: &[SearchMatch], ignore: &IgnoreRules) -> ToolOutcome {
    let mut kept: Vec<(&str, &SearchMatch)> = matches
        .iter()
        .filter_map(|found| {
            let path = found.path.trim_start_matches("./").trim_matches('/');
            let allowed = !path.is_empty()
                && !path
                    .split('/')
                    .any(|segment| segment.eq_ignore_ascii_case(".git"))
                && !is_secret_looking(path)
                && !ignore.is_ignored(path, false);
            allowed.then_some((path, found))
        })
        .collect();
    if kept.is_empty() {
        return ToolOutcome::Success {
            text: "No matches.".into(),
        };
    }
    kept.sort_by(|a, b| a.0.cmp(b.0).then(a.1.line.cmp(&b.1.line)));
    kept.dedup_by(|a, b| a.0 == b.0 && a.1.line == b.1.line);
    let total = kept.len();
    kept.truncate(MAX_SEARCH_MATCHES);
    let mut text = String::new();
    for (index, group) in kept.chunk_by(|a, b| a.0 == b.0).enumerate() {
        if index > 0 {
            text.push('\n');
        }
        text.push_str(group[0].0);
        text.push('\n');
        let width = group.last().map_or(1, |last| last.1.line.to_string().len());
        for (_, found) in group {
            text.push_str(&format!(
                "  {:>width$} | {}\n",
                found.line,
                shown_line(&found.text)
            ));
        }
    }
    if total > MAX_SEARCH_MATCHES {
        text.push_str(&format!(
            "[Only the first {MAX_SEARCH_MATCHES} of {total} matches are shown ({} more). Search \
             a narrower folder or with a more specific regex to see the rest.]\n",
            total - MAX_SEARCH_MATCHES
        ));
    }
    ToolOutcome::Success { text }
}

/// A matching line as shown: without its line break, cut after [`MAX_MATCH_LINE_CHARS`]
/// characters with a note (minified files have lines of megabytes).
fn shown_line(line: &str) -> String {
    let line = line.trim_end_matches(['\n', '\r']);
    match line.char_indices().nth(MAX_MATCH_LINE_CHARS) {
        None => line.to_owned(),
        Some((cut, _)) => format!(
            "{} [line cut: it has {} characters; read_file shows it whole]",
            &line[..cut],
            line.chars().count()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::IgnoreFile;

    fn found(path: &str, line: u32, text: &str) -> SearchMatch {
        SearchMatch {
            path: path.into(),
            line,
            text: text.into(),
        }
    }

    fn text_of(outcome: ToolOutcome) -> String {
        match outcome {
            ToolOutcome::Success { text } | ToolOutcome::Failure { text } => text,
        }
    }

    #[test]
    fn matches_are_grouped_by_file_and_sorted() {
        let matches = [
            found("src/b.rs", 12, "fn b() {}\r"),
            found("src/a.rs", 3, "fn a() {}"),
            found("src/b.rs", 9, "use a;"),
            found("src/a.rs", 3, "fn a() {}"),
        ];
        let text = text_of(search_files_outcome(&matches, &IgnoreRules::default()));
        assert_eq!(
            text,
            "src/a.rs\n  3 | fn a() {}\n\nsrc/b.rs\n   9 | use a;\n  12 | fn b() {}\n"
        );
    }

    #[test]
    fn ignored_git_and_secret_looking_files_are_left_out() {
        let ignore = IgnoreRules::new(&[IgnoreFile {
            folder: String::new(),
            text: "dist/\n".into(),
        }]);
        let matches = [
            found("dist/app.js", 1, "token"),
            found(".git/config", 2, "token"),
            found("config/.env", 1, "TOKEN=abc"),
            found("keys/server.pem", 1, "token"),
        ];
        assert_eq!(
            text_of(search_files_outcome(&matches, &ignore)),
            "No matches."
        );
        assert_eq!(text_of(search_files_outcome(&[], &ignore)), "No matches.");
        let kept = text_of(search_files_outcome(
            &[found("./src/token.rs", 4, "token")],
            &ignore,
        ));
        assert_eq!(kept, "src/token.rs\n  4 | token\n");
    }

    #[test]
    fn long_lines_are_cut_and_many_matches_capped_with_a_note() {
        let long = "é".repeat(MAX_MATCH_LINE_CHARS + 20);
        let text = text_of(search_files_outcome(
            &[found("min.js", 1, &long)],
            &IgnoreRules::default(),
        ));
        assert!(text.contains(&format!("{} [line cut", "é".repeat(MAX_MATCH_LINE_CHARS))));
        assert!(text.contains("it has 520 characters"));
        let many: Vec<SearchMatch> = (1..=350).map(|line| found("a.rs", line, "x")).collect();
        let text = text_of(search_files_outcome(&many, &IgnoreRules::default()));
        assert_eq!(text.matches(" | x\n").count(), MAX_SEARCH_MATCHES);
        assert!(text.contains("Only the first 300 of 350 matches are shown (50 more)"));
        assert!(!text.contains("301 | x"));
    }
}
