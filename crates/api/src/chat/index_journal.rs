//! The index journal, `index.journal`: the changes to the chat index since its snapshot
//! (`index.json`), one JSON object per line, appended by whichever window made the change, under
//! the shell's lock. Saving a reply appends one line, whatever the number of chats:
//!
//! ```text
//! {"upsert":{"id":"…","title":"…","createdAtMs":1.0,"updatedAtMs":2.0,"messageCount":4,…}}
//! {"remove":"…"}
//! ```
//!
//! - `upsert` carries the chat's whole index entry; `remove` names the chat. They are applied in
//!   file order by the rules of [`super::index_merge`] (an upsert older than the listed line keeps
//!   the line; a removal then an upsert of the same chat brings it back).
//! - Each line is written with a line break before and after it. The one after ends it: a last
//!   line without one was cut short by a window that stopped while appending it, and is left out
//!   with a warning. The one before ends such a cut-short line, so the next change is never glued
//!   onto it; the blank lines this leaves are skipped.
//! - Any other line that cannot be read (a newer version's kind of change, damage) is left out
//!   with a warning naming its line number; the chat files still hold the truth, and a rebuild
//!   from them restores what the index lost.
//! - Once the journal is longer than [`COMPACT_AT_BYTES`], the window that appended folds it into
//!   the snapshot ([`super::index_snapshot::compacted`]) and empties it, under the same hold of
//!   the lock. Loading reads the snapshot and replays the journal, so the replay never reads more
//!   than that much.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::format_error::{FileKind, FormatError};
use super::index::{IndexEntry, has_finite_numbers, not_a_number};
use super::stored::is_valid_chat_id;

/// The journal's length from which it is folded into the snapshot: about a thousand saves, and a
/// replay of about a millisecond. Between compactions each save costs one append.
pub const COMPACT_AT_BYTES: usize = 256 * 1024;

/// Whether a journal this long should be folded into the snapshot now.
#[must_use]
pub fn should_compact(journal_len: usize) -> bool {
    journal_len >= COMPACT_AT_BYTES
}

/// A line as written.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
enum LineOut<'a> {
    Upsert(&'a IndexEntry),
    Remove(&'a str),
}

/// A line as read: the entry is kept as its raw text, so the compaction copies what it holds.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum LineIn<'a> {
    Upsert(#[serde(borrow)] &'a RawValue),
    Remove(String),
}

fn framed(line: &LineOut<'_>) -> Result<Vec<u8>, FormatError> {
    let mut bytes = vec![b'\n'];
    serde_json::to_writer(&mut bytes, line)
        .map_err(|error| FormatError::unserializable(FileKind::Index, &error))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn check_id(id: &str) -> Result<(), FormatError> {
    if is_valid_chat_id(id) {
        Ok(())
    } else {
        let reason = format!("the chat id {id:?} cannot name a chat file");
        Err(FormatError::shape(FileKind::Index, reason))
    }
}

/// The line that upserts this chat's entry, line breaks included: append it as it is.
///
/// # Errors
/// A [`FormatError`] when the entry cannot be written: an id that cannot name a chat file, or a
/// time or cost that is not a number.
pub fn upsert_line(entry: &IndexEntry) -> Result<Vec<u8>, FormatError> {
    check_id(&entry.id)?;
    if !has_finite_numbers(entry) {
        return Err(not_a_number(entry));
    }
    framed(&LineOut::Upsert(entry))
}

/// The line that removes this chat, line breaks included: append it as it is.
///
/// # Errors
/// A [`FormatError`] when the id cannot name a chat file (no such chat can be listed).
pub fn remove_line(id: &str) -> Result<Vec<u8>, FormatError> {
    check_id(id)?;
    framed(&LineOut::Remove(id))
}

/// One change read from the journal.
#[derive(Debug)]
pub(crate) enum Record<'a> {
    /// The entry, and its text as it was written.
    Upsert(IndexEntry, &'a RawValue),
    Remove(String),
}

/// The journal's changes in order, and one sentence per line left out.
#[derive(Debug, Default)]
pub(crate) struct ReadJournal<'a> {
    pub(crate) records: Vec<Record<'a>>,
    pub(crate) warnings: Vec<String>,
}

/// Reads the journal's bytes by the module's rules. Reading never fails: a line that cannot be
/// read is left out with a warning.
pub(crate) fn read_journal(bytes: &[u8]) -> ReadJournal<'_> {
    let mut read = ReadJournal::default();
    let mut lines = bytes.split(|&byte| byte == b'\n').enumerate().peekable();
    while let Some((index, line)) = lines.next() {
        let number = index + 1;
        if line.trim_ascii().is_empty() {
            continue;
        }
        if lines.peek().is_none() {
            read.warnings.push(format!(
                "line {number} of the chat index journal was cut short (a window stopped while \
                 writing it) and is left out"
            ));
            break;
        }
        match read_record(line) {
            Ok(record) => read.records.push(record),
            Err(reason) => read.warnings.push(format!(
                "line {number} of the chat index journal could not be read and is left out \
                 (a rebuild from the chat files restores what it said): {reason}"
            )),
        }
    }
    read
}

fn read_record(line: &[u8]) -> Result<Record<'_>, String> {
    let parsed: LineIn<'_> = serde_json::from_slice(line).map_err(|error| error.to_string())?;
    match parsed {
        LineIn::Upsert(raw) => {
            let entry: IndexEntry =
                serde_json::from_str(raw.get()).map_err(|error| error.to_string())?;
            Ok(Record::Upsert(entry, raw))
        }
        LineIn::Remove(id) => Ok(Record::Remove(id)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn entry(id: &str, updated: f64) -> IndexEntry {
        IndexEntry {
            id: id.into(),
            title: format!("title of {id}"),
            created_at_ms: 1.0,
            updated_at_ms: updated,
            message_count: 2,
            input_tokens: 10,
            output_tokens: 5,
            known_cost_usd: 0.5,
            replies_with_unknown_cost: 0,
        }
    }

    fn summary(read: &ReadJournal<'_>) -> Vec<String> {
        read.records
            .iter()
            .map(|record| match record {
                Record::Upsert(entry, _) => format!("+{}@{}", entry.id, entry.updated_at_ms),
                Record::Remove(id) => format!("-{id}"),
            })
            .collect()
    }

    #[test]
    fn lines_have_the_documented_shape_and_read_back() {
        let upsert = upsert_line(&entry("a", 10.0)).unwrap();
        let remove = remove_line("a").unwrap();
        assert!(upsert.starts_with(b"\n{\"upsert\":{\"id\":\"a\",") && upsert.ends_with(b"}}\n"));
        assert_eq!(remove, b"\n{\"remove\":\"a\"}\n");
        let journal = [
            upsert.as_slice(),
            &remove,
            &upsert_line(&entry("b", 2.0)).unwrap(),
        ]
        .concat();
        let read = read_journal(&journal);
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        assert_eq!(summary(&read), ["+a@10", "-a", "+b@2"]);
        let Record::Upsert(_, raw) = &read.records[0] else {
            panic!("an upsert first");
        };
        assert_eq!(
            serde_json::from_str::<IndexEntry>(raw.get()).unwrap(),
            entry("a", 10.0)
        );
        assert!(read_journal(b"").records.is_empty() && read_journal(b"\n\n").warnings.is_empty());
    }

    #[test]
    fn a_cut_short_last_line_is_left_out_with_a_warning() {
        let whole = upsert_line(&entry("a", 10.0)).unwrap();
        let next = upsert_line(&entry("b", 20.0)).unwrap();
        for cut in 2..next.len() - 1 {
            let journal = [whole.as_slice(), &next[..cut]].concat();
            let read = read_journal(&journal);
            assert_eq!(summary(&read), ["+a@10"], "cut at {cut}");
            assert_eq!(read.warnings.len(), 1, "cut at {cut}");
            assert!(read.warnings[0].starts_with("line 4 of the chat index journal was cut short"));
        }
    }

    #[test]
    fn the_next_change_after_a_cut_short_line_is_still_read() {
        let cut = upsert_line(&entry("a", 10.0)).unwrap();
        let journal = [
            &cut[..20],
            &remove_line("b").unwrap(),
            &upsert_line(&entry("c", 3.0)).unwrap(),
        ]
        .concat();
        let read = read_journal(&journal);
        assert_eq!(summary(&read), ["-b", "+c@3"]);
        assert_eq!(read.warnings.len(), 1);
        assert!(read.warnings[0].starts_with("line 2 of the chat index journal could not be read"));
    }

    #[test]
    fn a_line_that_cannot_be_read_is_left_out_with_its_number() {
        let journal = b"{\"remove\":\"a\"}\n{\"pin\":\"b\"}\n{\"upsert\":{\"id\":\"c\"}}\n7\n{\"remove\":\"d\"}\r\n";
        let read = read_journal(journal);
        assert_eq!(summary(&read), ["-a", "-d"]);
        let starts: Vec<&str> = read.warnings.iter().map(|w| &w[..7]).collect();
        assert_eq!(starts, ["line 2 ", "line 3 ", "line 4 "]);
        assert!(
            read.warnings[1].contains("missing field"),
            "{}",
            read.warnings[1]
        );
    }

    #[test]
    fn a_change_that_cannot_be_written_is_refused() {
        let error = upsert_line(&entry("../a", 1.0)).unwrap_err();
        assert!(
            error.to_string().contains("cannot name a chat file"),
            "{error}"
        );
        assert!(remove_line("a/b").is_err());
        let error = upsert_line(&entry("a", f64::NAN)).unwrap_err();
        assert!(error.to_string().contains("not a number"), "{error}");
    }

    #[test]
    fn compaction_starts_at_the_threshold() {
        assert!(!should_compact(0));
        assert!(!should_compact(COMPACT_AT_BYTES - 1));
        assert!(should_compact(COMPACT_AT_BYTES));
    }
}
