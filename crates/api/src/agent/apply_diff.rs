//! Applies `apply_diff`'s search/replace blocks to a file's text. The syntax, as the model is
//! told in the tool's description:
//!
//! ```text
//! <<<<<<< SEARCH
//! (exact lines now in the file)
//! =======
//! (the lines to put in their place)
//! >>>>>>> REPLACE
//! ```
//!
//! Markers stand alone on their lines (trailing spaces allowed). An empty REPLACE part (`=======`
//! followed directly by `>>>>>>> REPLACE`) deletes the lines; a REPLACE part may hold a line
//! `=======` (only the SEARCH part ends at it). Several blocks may follow each
//! other; blank lines and Markdown code fences between blocks are ignored, other text there is
//! an error. Roo Code's optional `:start_line:N` and `-------` lines right after the SEARCH
//! marker are accepted and ignored, because models trained on it write them.
//!
//! The rules: blocks apply in order, each to the text the previous ones left; each SEARCH part
//! must match whole lines exactly once (else the error says whether it matched nowhere, with the
//! closest line, or several times, with their line numbers); either every block applies or
//! nothing changes. Line endings are kept: untouched lines keep their own, and replacement lines
//! take the ending of the lines they replace, so a CRLF file stays CRLF.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One search/replace block, its lines without line endings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchReplaceBlock {
    pub search: Vec<String>,
    pub replace: Vec<String>,
}

/// Why a diff was not applied. Its text is the error result the model reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffError {
    /// The diff holds no block.
    NoBlocks,
    /// The diff's syntax is wrong at `line` (1-based line of the diff).
    Syntax { line: usize, problem: &'static str },
    /// Block `block` (1-based) has an empty SEARCH part.
    EmptySearch { block: usize },
    /// Block `block`'s SEARCH part matches nowhere.
    NoMatch { block: usize, hint: Option<String> },
    /// Block `block`'s SEARCH part matches at each of `lines` (1-based first lines).
    SeveralMatches { block: usize, lines: Vec<usize> },
}

impl fmt::Display for DiffError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBlocks => formatter.write_str(
                "The diff holds no search/replace block, so nothing was changed. Write each \
                 change as `<<<<<<< SEARCH`, the exact current lines, `=======`, the new lines, \
                 `>>>>>>> REPLACE`, each marker on its own line.",
            ),
            Self::Syntax { line, problem } => write!(
                formatter,
                "The diff is malformed at its line {line}: {problem}. Nothing was changed. Each \
                 block is `<<<<<<< SEARCH`, the exact current lines, `=======`, the new lines, \
                 `>>>>>>> REPLACE`, each marker on its own line."
            ),
            Self::EmptySearch { block } => write!(
                formatter,
                "Block {block} has an empty SEARCH part, so there is nothing to find. Nothing \
                 was changed. Put the exact lines to replace in it, or use write_to_file to \
                 write a whole file."
            ),
            Self::NoMatch { block, hint } => {
                write!(
                    formatter,
                    "Block {block}'s SEARCH part matches nothing in the file, so nothing was \
                     changed (all blocks apply or none)."
                )?;
                if let Some(hint) = hint {
                    write!(formatter, " {hint}")?;
                }
                formatter.write_str(
                    " The SEARCH part must be the file's current lines exactly, whitespace \
                     included; read the file again if it may have changed.",
                )
            }
            Self::SeveralMatches { block, lines } => write!(
                formatter,
                "Block {block}'s SEARCH part matches {count} places (starting at lines {list}), \
                 so it is not clear which to change; nothing was changed. Add the lines around \
                 the one you mean so that it matches exactly once.",
                count = lines.len(),
                list = lines
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }
}

/// The blocks of a diff.
pub fn parse_diff(diff: &str) -> Result<Vec<SearchReplaceBlock>, DiffError> {
    enum State {
        Outside,
        /// In a SEARCH part; `fresh` while `:start_line:` and `-------` may still be skipped.
        Search {
            fresh: bool,
        },
        Replace,
    }
    let mut blocks = Vec::new();
    let mut state = State::Outside;
    let (mut search, mut replace) = (Vec::new(), Vec::new());
    for (number, line) in diff.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let marker = line.trim_end();
        let syntax = |problem| DiffError::Syntax {
            line: number + 1,
            problem,
        };
        state = match state {
            State::Outside => match marker {
                "<<<<<<< SEARCH" => State::Search { fresh: true },
                "" => State::Outside,
                fence if fence.trim_start().starts_with("```") => State::Outside,
                "=======" | ">>>>>>> REPLACE" => {
                    return Err(syntax(
                        "a marker outside a block (missing `<<<<<<< SEARCH`)",
                    ));
                }
                _ => return Err(syntax("text outside a search/replace block")),
            },
            State::Search { fresh } => match marker {
                "=======" => State::Replace,
                "<<<<<<< SEARCH" => return Err(syntax("a new block starts before `=======`")),
                ">>>>>>> REPLACE" => {
                    return Err(syntax("`>>>>>>> REPLACE` before the block's `=======`"));
                }
                hint if fresh && search.is_empty() && hint.starts_with(":start_line:") => {
                    State::Search { fresh: true }
                }
                "-------" if fresh && search.is_empty() => State::Search { fresh: false },
                _ => {
                    search.push(line.to_owned());
                    State::Search { fresh: false }
                }
            },
            State::Replace => match marker {
                ">>>>>>> REPLACE" => {
                    blocks.push(SearchReplaceBlock {
                        search: std::mem::take(&mut search),
                        replace: std::mem::take(&mut replace),
                    });
                    State::Outside
                }
                "<<<<<<< SEARCH" => {
                    return Err(syntax("a new block starts before `>>>>>>> REPLACE`"));
                }
                _ => {
                    replace.push(line.to_owned());
                    State::Replace
                }
            },
        };
    }
    match state {
        State::Outside if blocks.is_empty() => Err(DiffError::NoBlocks),
        State::Outside => Ok(blocks),
        State::Search { .. } | State::Replace => Err(DiffError::Syntax {
            line: diff.split('\n').count(),
            problem: "the diff ends inside a block (missing `>>>>>>> REPLACE`)",
        }),
    }
}

/// One line of the file and the ending it had (`\r\n`, `\n`, or nothing on the last line).
#[derive(Debug, Clone)]
struct Line {
    text: String,
    ending: &'static str,
}

fn split_lines(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut rest = text;
    while let Some(newline) = rest.find('\n') {
        let (line, ending) = match rest[..newline].strip_suffix('\r') {
            Some(line) => (line, "\r\n"),
            None => (&rest[..newline], "\n"),
        };
        lines.push(Line {
            text: line.to_owned(),
            ending,
        });
        rest = &rest[newline + 1..];
    }
    if !rest.is_empty() {
        lines.push(Line {
            text: rest.to_owned(),
            ending: "",
        });
    }
    lines
}

/// The file's text after every block applied, or why none was.
pub fn apply_diff(file_text: &str, diff: &str) -> Result<String, DiffError> {
    let blocks = parse_diff(diff)?;
    let mut lines = split_lines(file_text);
    // The ending new lines take in a one-line file without a final line break.
    let usual_ending = if file_text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    for (position, block) in blocks.iter().enumerate() {
        let number = position + 1;
        if block.search.iter().all(|line| line.trim().is_empty()) {
            return Err(DiffError::EmptySearch { block: number });
        }
        let starts = match_starts(&lines, &block.search);
        let start = match starts.as_slice() {
            [start] => *start,
            [] => {
                return Err(DiffError::NoMatch {
                    block: number,
                    hint: closest_hint(&lines, &block.search),
                });
            }
            _ => {
                return Err(DiffError::SeveralMatches {
                    block: number,
                    lines: starts.iter().map(|start| start + 1).collect(),
                });
            }
        };
        let end = start + block.search.len();
        // The matched lines' own ending; at the end of the file, the line before's.
        let inner_ending = match lines[start].ending {
            "" if start > 0 => lines[start - 1].ending,
            "" => usual_ending,
            ending => ending,
        };
        let last_ending = lines[end - 1].ending;
        let count = block.replace.len();
        let replacement = block.replace.iter().enumerate().map(|(index, text)| Line {
            text: text.clone(),
            ending: if index + 1 == count {
                last_ending
            } else {
                inner_ending
            },
        });
        lines.splice(start..end, replacement);
    }
    Ok(lines
        .iter()
        .flat_map(|line| [line.text.as_str(), line.ending])
        .collect())
}

/// What applying a diff gave, as the shell receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DiffApplied {
    /// Every block applied; `text` is the file's new content.
    Applied { text: String },
    /// Nothing changed; `reason` is the sentence for the model (the call's failure).
    Failed { reason: String },
}

/// [`apply_diff`] as a value: the new text, or the sentence saying why nothing changed.
#[must_use]
pub fn apply_diff_result(file_text: &str, diff: &str) -> DiffApplied {
    match apply_diff(file_text, diff) {
        Ok(text) => DiffApplied::Applied { text },
        Err(error) => DiffApplied::Failed {
            reason: error.to_string(),
        },
    }
}

/// Every line at which `search` matches whole lines exactly.
fn match_starts(lines: &[Line], search: &[String]) -> Vec<usize> {
    if search.len() > lines.len() {
        return Vec::new();
    }
    (0..=lines.len() - search.len())
        .filter(|&start| {
            search
                .iter()
                .zip(&lines[start..])
                .all(|(wanted, line)| *wanted == line.text)
        })
        .collect()
}

/// A hint for a SEARCH part that matched nowhere: where it matches with whitespace ignored, or
/// else the line most like its first non-blank line.
fn closest_hint(lines: &[Line], search: &[String]) -> Option<String> {
    let trimmed: Vec<&str> = search.iter().map(|line| line.trim()).collect();
    if trimmed.len() <= lines.len() {
        let loose = (0..=lines.len() - trimmed.len()).find(|&start| {
            trimmed
                .iter()
                .zip(&lines[start..])
                .all(|(wanted, line)| *wanted == line.text.trim())
        });
        if let Some(start) = loose {
            return Some(format!(
                "It would match lines {}-{} if whitespace were ignored: copy their indentation \
                 and spacing exactly.",
                start + 1,
                start + trimmed.len()
            ));
        }
    }
    let first = trimmed.iter().find(|line| !line.is_empty())?;
    let (number, score) = lines
        .iter()
        .enumerate()
        .map(|(number, line)| (number, similarity(first, line.text.trim())))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (score >= 0.5).then(|| {
        let shown: String = lines[number].text.trim().chars().take(160).collect();
        format!(
            "The line most like its first line is line {}: `{shown}`.",
            number + 1
        )
    })
}

/// How alike two lines are, from 0 to 1: the Dice coefficient of their character pairs.
fn similarity(a: &str, b: &str) -> f64 {
    let pairs = |text: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = text.chars().collect();
        let mut pairs: Vec<(char, char)> =
            chars.windows(2).map(|pair| (pair[0], pair[1])).collect();
        pairs.sort_unstable();
        pairs
    };
    let (a, b) = (pairs(a), pairs(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Both sorted: count the pairs they share, each as often as both have it.
    let (mut shared, mut i, mut j) = (0_usize, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "line lengths are far below 2^52"
    )]
    let score = (2 * shared) as f64 / (a.len() + b.len()) as f64;
    score
}

#[cfg(test)]
mod tests;
