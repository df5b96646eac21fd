//! Ignore files (`.gitignore`, and our `.rooignore`, which uses the same syntax), as
//! gitignore(5) defines them, so the @-mention picker, folder attachments and the agent's file
//! tools skip what the user asked to be skipped.
//!
//! The rules implemented:
//! - Blank lines match nothing; `#` starts a comment; `\#` and `\!` start a pattern with a
//!   literal `#` or `!`. Trailing spaces are dropped unless escaped with a backslash, and a
//!   trailing carriage return (a file saved with CRLF) is dropped.
//! - `!` negates: a path a pattern excluded is included again.
//! - A trailing `/` matches only directories. A `/` at the start or in the middle anchors the
//!   pattern to the folder of its file; without one it matches a name at any depth below it.
//! - `*`, `?` and `[...]` never match `/` (see `glob.rs`); `**/` at the start matches in
//!   every directory, `/**` at the end everything inside, `/**/` in the middle zero or more
//!   directories.
//! - The last matching pattern wins; files in deeper folders win over shallower ones; among
//!   files of the same folder, later ones win (so pass `.rooignore` after `.gitignore`).
//! - A path inside an ignored directory is ignored, whatever the patterns say about the path
//!   itself: git never looks inside an excluded directory, so it cannot be re-included.
//!
//! Matching is case-sensitive, as git's is unless `core.ignoreCase` is set.

use serde::Deserialize;
use ts_rs::TS;

use super::glob::SegmentGlob;

/// One ignore file: the folder it sits in (relative to the workspace, `""` for the root) and
/// its text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct IgnoreFile {
    pub folder: String,
    pub text: String,
}

/// The ignore rules of a workspace: every ignore file's patterns, keyed by the folder it came
/// from.
#[derive(Debug, Clone, Default)]
pub struct IgnoreRules {
    /// Each file's folder (normalised, no trailing `/`) and patterns, shallowest folder first.
    files: Vec<(String, Vec<Pattern>)>,
}

/// One pattern line.
#[derive(Debug, Clone)]
struct Pattern {
    negated: bool,
    dir_only: bool,
    /// Whether it is matched against the whole path below its folder rather than the name.
    anchored: bool,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Segment {
    /// `**`: any number of directories.
    AnyDirectories,
    /// A segment glob; `None` when the glob can never match.
    Glob(Option<SegmentGlob>),
}

/// Whether a path is ignored, as far as the patterns seen so far say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ignored,
    Included,
    Unmatched,
}

impl IgnoreRules {
    /// The rules of `files`.
    #[must_use]
    pub fn new(files: &[IgnoreFile]) -> Self {
        let mut files: Vec<(String, Vec<Pattern>)> = files
            .iter()
            .map(|file| {
                let patterns = file.text.lines().filter_map(Pattern::parse).collect();
                (normalise(&file.folder).to_owned(), patterns)
            })
            .collect();
        // Stable, so files of the same folder keep their order.
        files.sort_by_key(|(folder, _)| depth(folder));
        Self { files }
    }

    /// Whether the workspace-relative `path` (a directory when `is_dir`) is ignored. The
    /// workspace folder itself (`""`) never is.
    #[must_use]
    pub fn is_ignored(&self, path: &str, is_dir: bool) -> bool {
        let path = normalise(path);
        if path.is_empty() {
            return false;
        }
        // Every directory above the path first: inside an excluded one, nothing comes back.
        let ancestors = path.match_indices('/').map(|(slash, _)| &path[..slash]);
        for ancestor in ancestors {
            if self.verdict(ancestor, true) == Verdict::Ignored {
                return true;
            }
        }
        self.verdict(path, is_dir) == Verdict::Ignored
    }

    /// The last matching pattern's verdict on `path` itself, ignoring its ancestors.
    fn verdict(&self, path: &str, is_dir: bool) -> Verdict {
        let mut verdict = Verdict::Unmatched;
        for (folder, patterns) in &self.files {
            let Some(relative) = relative_to(path, folder) else {
                continue;
            };
            for pattern in patterns {
                if pattern.matches(relative, is_dir) {
                    verdict = if pattern.negated {
                        Verdict::Included
                    } else {
                        Verdict::Ignored
                    };
                }
            }
        }
        verdict
    }
}

/// The path without `./`, surrounding slashes or backslashes as separators.
fn normalise(path: &str) -> &str {
    let path = path.trim_matches('/');
    let path = path.strip_prefix("./").unwrap_or(path);
    if path == "." { "" } else { path }
}

fn depth(folder: &str) -> usize {
    if folder.is_empty() {
        0
    } else {
        folder.matches('/').count() + 1
    }
}

/// `path` relative to `folder`, when it is inside it.
fn relative_to<'a>(path: &'a str, folder: &str) -> Option<&'a str> {
    if folder.is_empty() {
        return Some(path);
    }
    path.strip_prefix(folder)?.strip_prefix('/')
}

impl Pattern {
    /// Parses one line; `None` for blank lines, comments and patterns that are empty.
    fn parse(line: &str) -> Option<Self> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') {
            return None;
        }
        let line = trim_unescaped_trailing_spaces(line);
        let (negated, line) = match line.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let (dir_only, line) = match line.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let anchored = line.contains('/');
        let line = line.strip_prefix('/').unwrap_or(line);
        if line.is_empty() {
            return None;
        }
        let segments = line
            .split('/')
            .map(|segment| match segment {
                "**" if anchored => Segment::AnyDirectories,
                glob => Segment::Glob(SegmentGlob::compile(glob)),
            })
            .collect();
        Some(Self {
            negated,
            dir_only,
            anchored,
            segments,
        })
    }

    fn matches(&self, relative: &str, is_dir: bool) -> bool {
        if self.dir_only && !is_dir {
            return false;
        }
        if self.anchored {
            let parts: Vec<&str> = relative.split('/').collect();
            matches_segments(&self.segments, &parts)
        } else {
            let name = relative.rsplit('/').next().unwrap_or(relative);
            matches_segments(&self.segments, &[name])
        }
    }
}

/// Whether `segments` match all of `parts`.
fn matches_segments(segments: &[Segment], parts: &[&str]) -> bool {
    match segments.split_first() {
        None => parts.is_empty(),
        // A trailing `**` matches everything inside, but not the directory itself.
        Some((Segment::AnyDirectories, [])) => !parts.is_empty(),
        Some((Segment::AnyDirectories, rest)) => {
            (0..=parts.len()).any(|skipped| matches_segments(rest, &parts[skipped..]))
        }
        Some((Segment::Glob(glob), rest)) => match parts.split_first() {
            Some((part, remaining)) => {
                glob.as_ref().is_some_and(|glob| glob.matches(part))
                    && matches_segments(rest, remaining)
            }
            None => false,
        },
    }
}

/// The line without trailing spaces, except one escaped with a backslash.
fn trim_unescaped_trailing_spaces(line: &str) -> &str {
    let mut end = 0;
    let mut escaped = false;
    for (index, character) in line.char_indices() {
        if escaped {
            escaped = false;
            end = index + character.len_utf8();
        } else if character == '\\' {
            escaped = true;
            end = index + 1;
        } else if character != ' ' {
            end = index + character.len_utf8();
        }
    }
    &line[..end]
}

#[cfg(test)]
mod tests;
