//! The line diff the approval card shows for a proposed edit: the changed lines with
//! [`CONTEXT_LINES`] unchanged lines around each change, longer runs of unchanged lines collapsed
//! into one `skipped` line, and every line numbered on its side. Lines are compared without their
//! endings, so a CRLF file edited with LF replacement lines shows only the real changes; a final
//! line break added or removed shows as that line changed, with a note saying so.
//!
//! The diff is Myers' (the `similar` crate, linear space), run only on the lines both sides
//! have: a line found on one side only can never be matched, and leaving such lines out keeps a
//! rewrite of a 5,000-line file from costing Myers' worst case. The preview stops after
//! [`MAX_PREVIEW_LINES`] lines with a note, so it stays quick to send and render.

use std::collections::HashSet;
use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::edits::{DiffLine, DiffLineKind, EditPreview};

/// Unchanged lines shown before and after each change.
pub const CONTEXT_LINES: usize = 3;

/// The most lines a preview holds; the rest is summed up in a note.
pub const MAX_PREVIEW_LINES: usize = 2_000;

/// What the note after a last line without a line break says.
pub const NO_FINAL_LINE_BREAK: &str = "No line break at the end of the file";

/// One line of a text as the diff compares it: its text without the ending, and whether it is a
/// last line without a line break (so adding or removing that break is a change).
type Line<'a> = (&'a str, bool);

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = text
        .split_inclusive('\n')
        .map(|line| {
            let without_break = line.strip_suffix('\n');
            let text = without_break.unwrap_or(line);
            (text.strip_suffix('\r').unwrap_or(text), false)
        })
        .collect();
    if let Some(last) = lines.last_mut().filter(|_| !text.ends_with('\n')) {
        last.1 = true;
    }
    lines
}

/// The preview of writing `after` to `path`, whose content is now `before` (`None` when the file
/// does not exist, so the edit creates it). Identical texts give no lines.
#[must_use]
pub fn edit_preview(path: &str, before: Option<&str>, after: &str) -> EditPreview {
    let old = lines_of(before.unwrap_or_default());
    let new = lines_of(after);
    let ops = line_ops(&old, &new);
    let (mut added, mut removed) = (0_usize, 0_usize);
    for op in &ops {
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_len, .. } => removed += old_len,
            DiffOp::Insert { new_len, .. } => added += new_len,
            DiffOp::Replace {
                old_len, new_len, ..
            } => {
                removed += old_len;
                added += new_len;
            }
        }
    }
    // A final line break that only one side has deserves its note.
    let break_differs =
        old.last().is_some_and(|line| line.1) != new.last().is_some_and(|line| line.1);
    let mut builder = Builder {
        old: &old,
        new: &new,
        break_differs,
        lines: Vec::new(),
        shown_changes: 0,
    };
    let last = ops.len().saturating_sub(1);
    // Identical texts: nothing to show, not even a note of the unchanged lines.
    let changed_ops = if added + removed == 0 {
        &[][..]
    } else {
        &ops[..]
    };
    for (position, op) in changed_ops.iter().enumerate() {
        if builder.full() {
            break;
        }
        match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => builder.unchanged(old_index, new_index, len, position == 0, position == last),
            DiffOp::Delete {
                old_index, old_len, ..
            } => builder.removed(old_index, old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => builder.added(new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                builder.removed(old_index, old_len);
                builder.added(new_index, new_len);
            }
        }
    }
    let total_changes = added + removed;
    let mut lines = builder.lines;
    if builder.shown_changes < total_changes {
        lines.push(note(format!(
            "The preview stops here: {} more changed lines are not shown.",
            total_changes - builder.shown_changes
        )));
    }
    EditPreview {
        path: path.to_owned(),
        creates: before.is_none(),
        added: count(added),
        removed: count(removed),
        lines,
    }
}

/// The shortest edit from `old` to `new`, as runs of equal, removed, added and replaced lines
/// over the whole texts, computed on the lines the two have in common (see the module's notes).
fn line_ops(old: &[Line<'_>], new: &[Line<'_>]) -> Vec<DiffOp> {
    let in_old: HashSet<&Line<'_>> = old.iter().collect();
    let in_new: HashSet<&Line<'_>> = new.iter().collect();
    let old_kept: Vec<usize> = (0..old.len())
        .filter(|&i| in_new.contains(&old[i]))
        .collect();
    let new_kept: Vec<usize> = (0..new.len())
        .filter(|&i| in_old.contains(&new[i]))
        .collect();
    let old_shared: Vec<Line<'_>> = old_kept.iter().map(|&i| old[i]).collect();
    let new_shared: Vec<Line<'_>> = new_kept.iter().map(|&i| new[i]).collect();
    let mut ops = Vec::new();
    let (mut old_next, mut new_next) = (0, 0);
    for op in capture_diff_slices(Algorithm::Myers, &old_shared, &new_shared) {
        let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        else {
            continue;
        };
        for offset in 0..len {
            let (old_at, new_at) = (old_kept[old_index + offset], new_kept[new_index + offset]);
            push_change(&mut ops, old_next..old_at, new_next..new_at);
            match ops.last_mut() {
                Some(DiffOp::Equal { len, .. }) => *len += 1,
                _ => ops.push(DiffOp::Equal {
                    old_index: old_at,
                    new_index: new_at,
                    len: 1,
                }),
            }
            (old_next, new_next) = (old_at + 1, new_at + 1);
        }
    }
    push_change(&mut ops, old_next..old.len(), new_next..new.len());
    ops
}

/// The op for the old lines `removed` giving way to the new lines `added`, if any.
fn push_change(ops: &mut Vec<DiffOp>, removed: Range<usize>, added: Range<usize>) {
    let op = match (removed.is_empty(), added.is_empty()) {
        (true, true) => return,
        (false, true) => DiffOp::Delete {
            old_index: removed.start,
            old_len: removed.len(),
            new_index: added.start,
        },
        (true, false) => DiffOp::Insert {
            old_index: removed.start,
            new_index: added.start,
            new_len: added.len(),
        },
        (false, false) => DiffOp::Replace {
            old_index: removed.start,
            old_len: removed.len(),
            new_index: added.start,
            new_len: added.len(),
        },
    };
    ops.push(op);
}

/// Collects the preview's lines, stopping at [`MAX_PREVIEW_LINES`].
struct Builder<'a, 'text> {
    old: &'a [Line<'text>],
    new: &'a [Line<'text>],
    break_differs: bool,
    lines: Vec<DiffLine>,
    /// Added and removed lines shown so far.
    shown_changes: usize,
}

impl Builder<'_, '_> {
    fn full(&self) -> bool {
        self.lines.len() >= MAX_PREVIEW_LINES
    }

    /// A run of `len` unchanged lines: its first lines after a change, its last lines before
    /// one, and a note of how many lie between.
    fn unchanged(
        &mut self,
        old_index: usize,
        new_index: usize,
        len: usize,
        first: bool,
        last: bool,
    ) {
        let mut head = if first { 0 } else { CONTEXT_LINES.min(len) };
        let tail = if last {
            0
        } else {
            CONTEXT_LINES.min(len - head)
        };
        let mut hidden = len - head - tail;
        // Hiding a single line would take as much room as showing it.
        if hidden == 1 {
            head += 1;
            hidden = 0;
        }
        self.context(old_index, new_index, 0..head);
        if hidden > 0 && !self.full() {
            self.push_skipped(hidden);
        }
        self.context(old_index, new_index, len - tail..len);
    }

    fn context(&mut self, old_index: usize, new_index: usize, offsets: Range<usize>) {
        for offset in offsets {
            if self.full() {
                return;
            }
            self.lines.push(DiffLine {
                kind: DiffLineKind::Context,
                text: self.old[old_index + offset].0.to_owned(),
                old_line: Some(number(old_index + offset)),
                new_line: Some(number(new_index + offset)),
            });
        }
    }

    fn push_skipped(&mut self, hidden: usize) {
        let text = if hidden == 1 {
            "1 unchanged line".to_owned()
        } else {
            format!("{hidden} unchanged lines")
        };
        self.lines.push(note(text));
    }

    fn removed(&mut self, start: usize, len: usize) {
        for index in start..start + len {
            if self.full() {
                return;
            }
            let line = self.old[index];
            self.lines.push(DiffLine {
                kind: DiffLineKind::Removed,
                text: line.0.to_owned(),
                old_line: Some(number(index)),
                new_line: None,
            });
            self.shown_changes += 1;
            self.note_missing_break(line);
        }
    }

    fn added(&mut self, start: usize, len: usize) {
        for index in start..start + len {
            if self.full() {
                return;
            }
            let line = self.new[index];
            self.lines.push(DiffLine {
                kind: DiffLineKind::Added,
                text: line.0.to_owned(),
                old_line: None,
                new_line: Some(number(index)),
            });
            self.shown_changes += 1;
            self.note_missing_break(line);
        }
    }

    fn note_missing_break(&mut self, line: Line<'_>) {
        if line.1 && self.break_differs {
            self.lines.push(note(NO_FINAL_LINE_BREAK.to_owned()));
        }
    }
}

fn note(text: String) -> DiffLine {
    DiffLine {
        kind: DiffLineKind::Skipped,
        text,
        old_line: None,
        new_line: None,
    }
}

/// The 1-based number of the line at `index`.
fn number(index: usize) -> u32 {
    count(index + 1)
}

fn count(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
