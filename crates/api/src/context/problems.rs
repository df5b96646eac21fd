//! A problems attachment: the workspace's diagnostics grouped by file, the files with the most
//! severe problems first, and within a file errors before warnings, then by position. At most
//! `maxProblems` are listed, so the most severe are the ones kept.

use std::collections::BTreeMap;

use super::attachment::{Problem, ProblemSeverity};

impl ProblemSeverity {
    fn word(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Information => "info",
            Self::Hint => "hint",
        }
    }
}

/// The attachment's text for `problems`, listing at most `max_problems`.
pub(crate) fn render(problems: &[Problem], max_problems: u32) -> String {
    if problems.is_empty() {
        return "Problems: none reported.".to_owned();
    }
    let mut by_file: BTreeMap<&str, Vec<&Problem>> = BTreeMap::new();
    for problem in problems {
        by_file.entry(&problem.path).or_default().push(problem);
    }
    let mut files: Vec<(&str, Vec<&Problem>)> = by_file.into_iter().collect();
    for (_, list) in &mut files {
        list.sort_by_key(|problem| (problem.severity, problem.line, problem.column));
    }
    // Each list is sorted, so its first problem is its most severe; the sort is stable, so files
    // of equal severity stay in path order.
    files.sort_by_key(|(_, list)| list.first().map(|problem| problem.severity));

    // The most severe problems are kept: a problem is listed when fewer than `max_problems`
    // problems rank before it (by severity, then by its file's place in the listing).
    let mut ranked: Vec<(ProblemSeverity, usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(file, (_, list))| {
            list.iter()
                .enumerate()
                .map(move |(position, problem)| (problem.severity, file, position))
        })
        .collect();
    ranked.sort_unstable();
    ranked.truncate(max_problems as usize);
    let mut listed = vec![0usize; files.len()];
    for (_, file, _) in &ranked {
        listed[*file] += 1;
    }

    let mut text = format!("Problems: {}\n", summary(problems));
    for ((path, list), count) in files.iter().zip(&listed) {
        if *count == 0 {
            continue;
        }
        text.push_str(&format!("\n{path}\n"));
        for problem in list.iter().take(*count) {
            text.push_str(&line(problem));
        }
    }
    let hidden = problems.len() - ranked.len();
    if hidden > 0 {
        text.push_str(&format!("\n… {hidden} more, less severe\n"));
    }
    text
}

/// "2 errors, 1 warning": the counts of each severity present.
fn summary(problems: &[Problem]) -> String {
    let mut counts = BTreeMap::new();
    for problem in problems {
        *counts.entry(problem.severity).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .map(|(severity, count)| {
            // "info" reads as a mass noun ("3 info"); the others take a plural.
            let plural = if count == 1 || severity == ProblemSeverity::Information {
                ""
            } else {
                "s"
            };
            format!("{count} {}{plural}", severity.word())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One problem: position, severity, message (continuation lines indented) and its source.
fn line(problem: &Problem) -> String {
    let message = problem.message.trim().replace('\n', "\n      ");
    let source = problem
        .source
        .as_deref()
        .filter(|source| !source.is_empty())
        .map(|source| format!(" [{source}]"))
        .unwrap_or_default();
    format!(
        "  {}:{} {}: {message}{source}\n",
        problem.line,
        problem.column,
        problem.severity.word()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(path: &str, line: u64, severity: ProblemSeverity, message: &str) -> Problem {
        Problem {
            path: path.to_owned(),
            line,
            column: 1,
            severity,
            message: message.to_owned(),
            source: Some("rustc".to_owned()),
        }
    }

    #[test]
    fn problems_are_grouped_by_file_errors_first() {
        use ProblemSeverity::{Error, Hint, Warning};
        let problems = [
            problem("a.rs", 3, Warning, "unused"),
            problem("b.rs", 9, Error, "mismatched types"),
            problem("b.rs", 2, Warning, "dead code"),
            problem("a.rs", 1, Hint, "consider"),
            problem("c.rs", 5, Error, "missing ;\nhelp: add it"),
        ];
        assert_eq!(
            render(&problems, 100),
            "Problems: 2 errors, 2 warnings, 1 hint\n\
             \nb.rs\n  9:1 error: mismatched types [rustc]\n  2:1 warning: dead code [rustc]\n\
             \nc.rs\n  5:1 error: missing ;\n      help: add it [rustc]\n\
             \na.rs\n  3:1 warning: unused [rustc]\n  1:1 hint: consider [rustc]\n"
        );
    }

    #[test]
    fn the_cap_keeps_the_most_severe() {
        use ProblemSeverity::{Error, Warning};
        let problems = [
            problem("a.rs", 1, Warning, "w1"),
            problem("a.rs", 2, Warning, "w2"),
            problem("z.rs", 1, Error, "e1"),
        ];
        let text = render(&problems, 2);
        assert!(text.contains("z.rs\n  1:1 error: e1"), "{text}");
        assert!(text.contains("w1") && !text.contains("w2"), "{text}");
        assert!(text.ends_with("… 1 more, less severe\n"), "{text}");
    }

    #[test]
    fn no_problems_says_so() {
        assert_eq!(render(&[], 10), "Problems: none reported.");
    }
}
