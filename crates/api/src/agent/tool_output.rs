//! What `list_files` and `execute_command` return, from what the shell gathered: a listing with
//! the ignore rules applied, and a command's output with its exit status, both capped so that
//! one call cannot flood the history. A listing keeps its first entries (sorted, so the cut is
//! predictable); a command's output keeps its end, where the errors and the summary are.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::loop_state::ToolOutcome;
use crate::context::IgnoreRules;

/// The most entries one `list_files` returns.
pub const MAX_LISTED_ENTRIES: usize = 1_000;

/// The most characters of a command's output kept (its end).
pub const MAX_COMMAND_OUTPUT_CHARS: usize = 50_000;

/// One entry the shell found below the listed folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListedEntry {
    /// Relative to the workspace folder, `/` separators.
    pub path: String,
    pub is_dir: bool,
}

/// The listing `list_files` returns: entries the ignore rules (`.gitignore` and `.rooignore`)
/// exclude and `.git` folders left out, folders marked with a trailing `/`, sorted, at most
/// [`MAX_LISTED_ENTRIES`] with a note when there were more.
#[must_use]
pub fn list_files_outcome(entries: &[ListedEntry], ignore: &IgnoreRules) -> ToolOutcome {
    let mut shown: Vec<String> = entries
        .iter()
        .filter(|entry| {
            let path = entry.path.trim_matches('/');
            !path.is_empty()
                && !path
                    .split('/')
                    .any(|segment| segment.eq_ignore_ascii_case(".git"))
                && !ignore.is_ignored(path, entry.is_dir)
        })
        .map(|entry| {
            let path = entry.path.trim_matches('/');
            if entry.is_dir {
                format!("{path}/")
            } else {
                path.to_owned()
            }
        })
        .collect();
    shown.sort_unstable();
    shown.dedup();
    if shown.is_empty() {
        return ToolOutcome::Success {
            text: "(no files: the folder is empty or everything in it is ignored)".into(),
        };
    }
    let total = shown.len();
    shown.truncate(MAX_LISTED_ENTRIES);
    let mut text = shown.join("\n");
    if total > MAX_LISTED_ENTRIES {
        text.push_str(&format!(
            "\n[Only the first {MAX_LISTED_ENTRIES} of {total} entries are shown. List a \
             narrower folder, or without recursion, to see the rest.]"
        ));
    }
    ToolOutcome::Success { text }
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CommandEnd {
    /// It exited with this code (`None` when the terminal could not tell).
    Exited { code: Option<i32> },
    /// It was killed after running this many seconds.
    TimedOut { seconds: u32 },
    /// The user pressed Stop while it ran; it was killed.
    Stopped,
}

/// The result of `execute_command`: the output's end (at most [`MAX_COMMAND_OUTPUT_CHARS`]
/// characters, with a note of what was cut) and how it ended. A non-zero exit or a timeout is a
/// failure, so the model sees that the command did not succeed.
#[must_use]
pub fn command_outcome(output: &str, end: CommandEnd) -> ToolOutcome {
    let count = output.chars().count();
    let mut text = String::new();
    if count > MAX_COMMAND_OUTPUT_CHARS {
        let skip = count - MAX_COMMAND_OUTPUT_CHARS;
        let start = output
            .char_indices()
            .nth(skip)
            .map_or(output.len(), |(byte, _)| byte);
        // Start at a line when one starts soon, so the first line shown is whole.
        let start = match output[start..].find('\n') {
            Some(newline) if newline < 2_000 => start + newline + 1,
            _ => start,
        };
        text.push_str(&format!(
            "[The first {} characters of the output were cut; its end follows.]\n",
            output[..start].chars().count()
        ));
        text.push_str(&output[start..]);
    } else {
        text.push_str(output);
    }
    if text.trim().is_empty() {
        text = "(no output)".into();
    }
    // The ending comes first: it is what the model (and the chat's status line) needs before
    // the output, which can be long.
    let (note, failed) = match end {
        CommandEnd::Exited { code: Some(0) } => ("[The command exited with code 0.]".into(), false),
        CommandEnd::Exited { code: None } => (
            "[The command ended; its exit code is unknown.]".into(),
            false,
        ),
        CommandEnd::Exited { code: Some(code) } => {
            (format!("[The command failed with exit code {code}.]"), true)
        }
        CommandEnd::TimedOut { seconds } => (
            format!(
                "[The command was stopped after {seconds} {} without finishing. Run \
                 long-running commands (servers, watchers) in a way that ends, or ask the user \
                 to run them.]",
                if seconds == 1 { "second" } else { "seconds" }
            ),
            true,
        ),
        CommandEnd::Stopped => (
            "[The user stopped the command before it finished.]".into(),
            true,
        ),
    };
    let text = format!("{note}\n{text}");
    if failed {
        ToolOutcome::Failure { text }
    } else {
        ToolOutcome::Success { text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::IgnoreFile;

    fn entry(path: &str, is_dir: bool) -> ListedEntry {
        ListedEntry {
            path: path.into(),
            is_dir,
        }
    }

    fn text_of(outcome: &ToolOutcome) -> &str {
        match outcome {
            ToolOutcome::Success { text } | ToolOutcome::Failure { text } => text,
        }
    }

    #[test]
    fn listings_leave_out_ignored_entries_and_git_and_mark_folders() {
        let ignore = IgnoreRules::new(&[IgnoreFile {
            folder: String::new(),
            text: "node_modules/\n*.log\n".into(),
        }]);
        let entries = [
            entry("src", true),
            entry("src/main.rs", false),
            entry("node_modules", true),
            entry("node_modules/x/index.js", false),
            entry("debug.log", false),
            entry(".git", true),
            entry(".git/HEAD", false),
            entry("README.md", false),
            entry("src/main.rs", false),
        ];
        let outcome = list_files_outcome(&entries, &ignore);
        assert_eq!(text_of(&outcome), "README.md\nsrc/\nsrc/main.rs");
        let empty = list_files_outcome(&[entry(".git", true)], &ignore);
        assert!(text_of(&empty).contains("no files"));
    }

    #[test]
    fn long_listings_are_cut_with_a_note() {
        let entries: Vec<ListedEntry> = (0..1500)
            .map(|number| entry(&format!("f{number:04}"), false))
            .collect();
        let outcome = list_files_outcome(&entries, &IgnoreRules::default());
        let text = text_of(&outcome);
        assert_eq!(text.lines().count(), MAX_LISTED_ENTRIES + 1);
        assert!(text.ends_with("[Only the first 1000 of 1500 entries are shown. List a narrower folder, or without recursion, to see the rest.]"));
    }

    #[test]
    fn a_command_s_exit_decides_success_and_the_output_keeps_its_end() {
        let ok = command_outcome("done\n", CommandEnd::Exited { code: Some(0) });
        assert_eq!(
            ok,
            ToolOutcome::Success {
                text: "[The command exited with code 0.]\ndone\n".into()
            }
        );
        let failed = command_outcome("", CommandEnd::Exited { code: Some(2) });
        assert_eq!(
            failed,
            ToolOutcome::Failure {
                text: "[The command failed with exit code 2.]\n(no output)".into()
            }
        );
        let timed_out = command_outcome("serving\n", CommandEnd::TimedOut { seconds: 120 });
        assert!(
            matches!(&timed_out, ToolOutcome::Failure { text } if text.contains("after 120 seconds"))
        );
        let stopped = command_outcome("tick\n", CommandEnd::Stopped);
        assert_eq!(
            stopped,
            ToolOutcome::Failure {
                text: "[The user stopped the command before it finished.]\ntick\n".into()
            }
        );
        let long: String = (0..20_000).map(|line| format!("line {line}\n")).collect();
        let cut = command_outcome(&long, CommandEnd::Exited { code: None });
        let text = text_of(&cut);
        assert!(text.starts_with("[The command ended; its exit code is unknown.]\n[The first "));
        assert!(text.contains("\nline 19999\n"));
        assert!(
            text.lines().nth(2).unwrap().starts_with("line "),
            "whole first line"
        );
        assert!(text.chars().count() < MAX_COMMAND_OUTPUT_CHARS + 200);
    }
}
