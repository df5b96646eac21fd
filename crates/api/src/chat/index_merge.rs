//! The rules for changing the chat index's lines, in one place: this window's view replays the
//! journal with them ([`super::index::ChatIndex`]) and the compaction folds the journal into the
//! snapshot with them ([`super::index_snapshot::compacted`]), so the two can never disagree.
//!
//! - An upsert replaces the chat's line where it stands, or adds it at the end. When the line
//!   there changed later than the upsert's entry, the line is kept: a window that saves an older
//!   state of a chat must not hide a newer one. At the same time the upsert wins, so applying the
//!   same change twice gives the same lines.
//! - A removal takes the chat's line out. Removing a chat that is not listed changes nothing
//!   (another window may have removed it first).
//! - A removal followed by an upsert of the same chat puts the chat back, at the end. That is
//!   safe because of the order the shell keeps, each under ONE hold of the lock: a save writes
//!   the chat file and then appends its upsert; a deletion deletes the chat file and then appends
//!   its removal. So an upsert after a removal means that window wrote the chat's file after the
//!   deletion (the user was still writing in the deleted chat there): the chat is back with its
//!   file, and a deleted chat never comes back as a line without a file.
//! - A line that names no chat (one this version cannot read) is kept as it is.
//!
//! Replaying changes over lines that already hold them changes nothing (an upsert keeps the later
//! of two states, a removal is final until the next upsert), which is what makes a compaction
//! that stopped between rewriting the snapshot and emptying the journal harmless.

use std::collections::HashMap;

/// A line of the index as the rules see it: the chat it is for and when that chat last changed.
pub(crate) trait IndexLine {
    /// The chat's id; `None` for a line that names no chat.
    fn chat_id(&self) -> Option<&str>;
    /// When the chat last changed; `None` when the line does not say.
    fn updated_at_ms(&self) -> Option<f64>;
}

/// One change to the index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Change<L> {
    Upsert(L),
    Remove(String),
}

/// The index's lines in order, found by chat id in constant time. A removed line leaves a hole
/// (`None`) rather than shifting every line after it, so a journal of many removals replays in
/// time linear in the number of lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lines<L> {
    slots: Vec<Option<L>>,
    positions: HashMap<String, usize>,
}

impl<L> Default for Lines<L> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            positions: HashMap::new(),
        }
    }
}

impl<L: IndexLine> Lines<L> {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            slots: Vec::with_capacity(capacity),
            positions: HashMap::with_capacity(capacity),
        }
    }

    /// Adds a line as read from a file, in the file's order. A second line for a chat that is
    /// listed already is refused and handed back: readers keep the first.
    pub(crate) fn push(&mut self, line: L) -> Result<(), L> {
        if let Some(id) = line.chat_id() {
            if self.positions.contains_key(id) {
                return Err(line);
            }
            self.positions.insert(id.to_owned(), self.slots.len());
        }
        self.slots.push(Some(line));
        Ok(())
    }

    /// Applies one change by the module's rules.
    pub(crate) fn apply(&mut self, change: Change<L>) {
        match change {
            Change::Upsert(line) => self.upsert(line),
            Change::Remove(id) => {
                if let Some(at) = self.positions.remove(&id) {
                    self.slots[at] = None;
                }
            }
        }
    }

    fn upsert(&mut self, line: L) {
        let Some(id) = line.chat_id() else {
            // Nothing names a change without a chat; such a line is never built.
            return;
        };
        let existing = self
            .positions
            .get(id)
            .and_then(|&at| self.slots[at].as_mut());
        match existing {
            Some(existing) => {
                let listed_is_newer = match (existing.updated_at_ms(), line.updated_at_ms()) {
                    (Some(listed), Some(upserted)) => listed > upserted,
                    _ => false,
                };
                if !listed_is_newer {
                    *existing = line;
                }
            }
            None => {
                self.positions.insert(id.to_owned(), self.slots.len());
                self.slots.push(Some(line));
            }
        }
    }

    /// The line of the chat with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&L> {
        self.positions
            .get(id)
            .and_then(|&at| self.slots[at].as_ref())
    }

    /// Every line, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &L> {
        self.slots.iter().flatten()
    }

    /// Every line, in order, owned.
    pub(crate) fn into_lines(self) -> impl Iterator<Item = L> {
        self.slots.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line for the tests: an id, a time and a label to tell versions apart.
    #[derive(Debug, Clone, PartialEq)]
    struct Line(Option<&'static str>, Option<f64>, &'static str);

    impl IndexLine for Line {
        fn chat_id(&self) -> Option<&str> {
            self.0
        }
        fn updated_at_ms(&self) -> Option<f64> {
            self.1
        }
    }

    fn line(id: &'static str, time: f64, label: &'static str) -> Line {
        Line(Some(id), Some(time), label)
    }

    fn labels(lines: &Lines<Line>) -> Vec<&'static str> {
        lines.iter().map(|line| line.2).collect()
    }

    fn upsert(lines: &mut Lines<Line>, id: &'static str, time: f64, label: &'static str) {
        lines.apply(Change::Upsert(line(id, time, label)));
    }

    #[test]
    fn a_newer_upsert_replaces_in_place_an_older_one_keeps_the_line_and_a_tie_wins() {
        let mut lines = Lines::default();
        upsert(&mut lines, "a", 10.0, "a1");
        upsert(&mut lines, "b", 20.0, "b1");
        upsert(&mut lines, "a", 30.0, "a2");
        assert_eq!(labels(&lines), ["a2", "b1"]);
        upsert(&mut lines, "a", 25.0, "stale");
        assert_eq!(labels(&lines), ["a2", "b1"]);
        upsert(&mut lines, "a", 30.0, "a3");
        assert_eq!(labels(&lines), ["a3", "b1"]);
        // A line whose time cannot be read is replaced by any upsert.
        lines.apply(Change::Upsert(Line(Some("b"), None, "b-untimed")));
        upsert(&mut lines, "b", 1.0, "b2");
        assert_eq!(labels(&lines), ["a3", "b2"]);
    }

    #[test]
    fn a_removal_takes_the_line_out_and_an_upsert_after_it_comes_back_at_the_end() {
        let mut lines = Lines::default();
        upsert(&mut lines, "a", 10.0, "a1");
        upsert(&mut lines, "b", 20.0, "b1");
        lines.apply(Change::Remove("a".into()));
        lines.apply(Change::Remove("a".into()));
        lines.apply(Change::Remove("never-listed".into()));
        assert_eq!(labels(&lines), ["b1"]);
        assert!(lines.get("a").is_none());
        // Even an upsert older than the removed line: the removal is final.
        upsert(&mut lines, "a", 5.0, "a-again");
        assert_eq!(labels(&lines), ["b1", "a-again"]);
        assert_eq!(lines.get("a").map(|line| line.2), Some("a-again"));
    }

    #[test]
    fn reading_keeps_the_first_of_two_lines_for_a_chat_and_every_line_without_an_id() {
        let mut lines = Lines::default();
        assert!(lines.push(line("a", 1.0, "first")).is_ok());
        assert!(lines.push(Line(None, None, "unknown")).is_ok());
        assert!(lines.push(Line(None, None, "unknown too")).is_ok());
        assert_eq!(
            lines.push(line("a", 9.0, "second")),
            Err(line("a", 9.0, "second"))
        );
        assert_eq!(labels(&lines), ["first", "unknown", "unknown too"]);
        assert_eq!(
            lines.into_lines().map(|line| line.2).collect::<Vec<_>>(),
            ["first", "unknown", "unknown too"]
        );
    }

    #[test]
    fn replaying_changes_over_lines_that_hold_them_already_changes_nothing() {
        let changes = [
            Change::Upsert(line("a", 10.0, "a1")),
            Change::Upsert(line("b", 20.0, "b1")),
            Change::Remove("a".into()),
            Change::Upsert(line("c", 5.0, "c1")),
            Change::Upsert(line("b", 15.0, "b-stale")),
            Change::Remove("c".into()),
            Change::Upsert(line("c", 7.0, "c2")),
        ];
        let mut once = Lines::default();
        once.push(line("a", 1.0, "a0")).unwrap();
        for change in changes.clone() {
            once.apply(change);
        }
        let mut twice = once.clone();
        for change in changes {
            twice.apply(change);
        }
        assert_eq!(labels(&once), ["b1", "c2"]);
        assert_eq!(labels(&twice), labels(&once));
    }
}
