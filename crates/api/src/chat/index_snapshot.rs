//! The index snapshot, `index.json`, read without building a JSON tree of it, and the compaction
//! that folds the journal into it. Reading checks the top level (an object, a `version` this
//! build reads, `chats` a list) and keeps each line as the text it was, borrowed from the bytes:
//! the view reads each line into an entry, and the compaction copies every line it does not
//! change exactly as it was, lines this version cannot read and fields it does not know included.
//! (A tree of a 5,000-chat index was most of the time and the memory of opening the history.)

use std::collections::BTreeMap;
use std::io::Write;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::format_error::{
    FileKind, FormatError, FormatProblem, checked_version, is_blank, without_bom,
};
use super::index::INDEX_VERSION;
use super::index_journal::{Record, read_journal};
use super::index_merge::{Change, IndexLine, Lines};

/// The snapshot's lines as their raw text, and its other top-level fields.
#[derive(Debug)]
pub(crate) struct RawSnapshot<'a> {
    pub(crate) lines: Vec<&'a RawValue>,
    /// Fields other than `version` and `chats` (a newer version's), kept for a rewrite.
    other: BTreeMap<String, &'a RawValue>,
}

/// Reads the snapshot's top level. The errors are those of every versioned file.
///
/// # Errors
/// A [`FormatError`] when the bytes are empty, not a JSON object, of a version this build does
/// not read, or `chats` is not a list.
pub(crate) fn read_snapshot(bytes: &[u8]) -> Result<RawSnapshot<'_>, FormatError> {
    let file = FileKind::Index;
    if is_blank(bytes) {
        return Err(FormatError::new(file, FormatProblem::Empty));
    }
    let mut fields: BTreeMap<String, &RawValue> = serde_json::from_slice(without_bom(bytes))
        .map_err(|error| {
            if error.is_data() {
                FormatError::new(file, FormatProblem::NotAnObject)
            } else {
                FormatError::new(file, FormatProblem::InvalidJson(error.to_string()))
            }
        })?;
    let version = match fields.remove("version") {
        // A number or a literal: small, and read as a tree to share the version rules.
        Some(raw) => Some(serde_json::from_str::<Value>(raw.get()).map_err(|error| {
            FormatError::new(file, FormatProblem::InvalidJson(error.to_string()))
        })?),
        None => None,
    };
    checked_version(version.as_ref(), file)?;
    let lines = match fields.remove("chats") {
        None => Vec::new(),
        Some(raw) if raw.get() == "null" => Vec::new(),
        Some(raw) => serde_json::from_str::<Vec<&RawValue>>(raw.get())
            .map_err(|_| FormatError::shape(file, "`chats` is not a list"))?,
    };
    Ok(RawSnapshot {
        lines,
        other: fields,
    })
}

/// A line of the snapshot, as the compaction handles it: its text, and what the merge rules read
/// of it when they can.
#[derive(Debug)]
struct RawLine<'a> {
    text: &'a RawValue,
    id: Option<String>,
    updated_at_ms: Option<f64>,
}

impl IndexLine for RawLine<'_> {
    fn chat_id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    fn updated_at_ms(&self) -> Option<f64> {
        self.updated_at_ms
    }
}

/// The two fields of a line the rules read, each left raw so a field of another type only makes
/// that field unreadable.
#[derive(Deserialize)]
struct LineKey<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "updatedAtMs")]
    updated_at_ms: Option<&'a RawValue>,
}

impl<'a> RawLine<'a> {
    fn read(text: &'a RawValue) -> Self {
        let key = serde_json::from_str::<LineKey<'a>>(text.get()).ok();
        let field = |raw: Option<&'a RawValue>| raw.map(RawValue::get);
        Self {
            text,
            id: key
                .as_ref()
                .and_then(|key| field(key.id))
                .and_then(|id| serde_json::from_str(id).ok()),
            updated_at_ms: key
                .as_ref()
                .and_then(|key| field(key.updated_at_ms))
                .and_then(|time| serde_json::from_str(time).ok()),
        }
    }
}

/// The snapshot with the journal folded in, to write over the snapshot (atomically) before
/// emptying the journal, all under one hold of the lock. No snapshot is an empty one. Lines the
/// journal does not change are copied as they were; a chat's second line is dropped (readers
/// keep the first); lines of the journal that cannot be read are left out, as a load leaves them.
///
/// # Errors
/// A [`FormatError`] when the snapshot cannot be read: rebuild it from the chat files instead.
pub fn compacted(snapshot: Option<&[u8]>, journal: Option<&[u8]>) -> Result<Vec<u8>, FormatError> {
    let raw = match snapshot {
        Some(bytes) => read_snapshot(bytes)?,
        None => RawSnapshot {
            lines: Vec::new(),
            other: BTreeMap::new(),
        },
    };
    let mut lines = Lines::with_capacity(raw.lines.len());
    for text in &raw.lines {
        // A repeated chat's line is dropped, as every reader ignores it.
        let _ = lines.push(RawLine::read(text));
    }
    let read = journal.map(read_journal).unwrap_or_default();
    for record in read.records {
        lines.apply(match record {
            Record::Upsert(entry, text) => Change::Upsert(RawLine {
                text,
                id: Some(entry.id),
                updated_at_ms: Some(entry.updated_at_ms),
            }),
            Record::Remove(id) => Change::Remove(id),
        });
    }
    Ok(write_snapshot(
        lines.into_lines().map(|line| line.text),
        &raw.other,
    ))
}

/// The snapshot's bytes: the version, the lines as given, then the other fields.
fn write_snapshot<'a>(
    lines: impl Iterator<Item = &'a RawValue>,
    other: &BTreeMap<String, &RawValue>,
) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a `Vec` cannot fail, and a `String` key always serialises.
    let _ = write!(out, "{{\"version\":{INDEX_VERSION},\"chats\":[");
    for (position, line) in lines.enumerate() {
        if position > 0 {
            out.push(b',');
        }
        out.extend_from_slice(line.get().as_bytes());
    }
    out.push(b']');
    for (key, value) in other {
        out.push(b',');
        let _ = serde_json::to_writer(&mut out, key);
        out.push(b':');
        out.extend_from_slice(value.get().as_bytes());
    }
    out.push(b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::index::{ChatIndex, IndexEntry};
    use crate::chat::index_journal::{remove_line, upsert_line};
    use serde_json::json;

    /// The journal tests' entry, with a title of the test's choosing.
    fn entry(id: &str, title: &str, updated: f64) -> IndexEntry {
        IndexEntry {
            title: title.into(),
            ..crate::chat::index_journal::tests::entry(id, updated)
        }
    }

    fn snapshot_of(entries: &[IndexEntry]) -> Vec<u8> {
        ChatIndex::from_entries(entries.to_vec())
            .to_bytes()
            .unwrap()
    }

    fn titles(snapshot: &[u8]) -> Vec<String> {
        let index = ChatIndex::load(Some(snapshot), None).unwrap();
        assert!(index.warnings().is_empty(), "{:?}", index.warnings());
        index.entries().map(|entry| entry.title.clone()).collect()
    }

    #[test]
    fn a_compaction_folds_the_journal_as_a_load_replays_it() {
        let snapshot = snapshot_of(&[entry("a", "A", 10.0), entry("b", "B", 20.0)]);
        let journal = [
            upsert_line(&entry("a", "A2", 30.0)).unwrap(),
            upsert_line(&entry("b", "B-stale", 5.0)).unwrap(),
            remove_line("a").unwrap(),
            upsert_line(&entry("c", "C", 1.0)).unwrap(),
            upsert_line(&entry("a", "A3", 31.0)).unwrap(),
        ]
        .concat();
        let folded = compacted(Some(&snapshot), Some(&journal)).unwrap();
        assert_eq!(titles(&folded), ["B", "C", "A3"]);
        let loaded = ChatIndex::load(Some(&snapshot), Some(&journal)).unwrap();
        assert!(
            loaded
                .entries()
                .eq(ChatIndex::load(Some(&folded), None).unwrap().entries())
        );
        // A compaction that stopped before emptying the journal: replaying it again is harmless.
        let replayed = ChatIndex::load(Some(&folded), Some(&journal)).unwrap();
        assert_eq!(replayed.summaries(), loaded.summaries());
        // No snapshot, no journal: an empty index, in the documented shape.
        assert_eq!(
            compacted(None, None).unwrap(),
            br#"{"version":3,"chats":[]}"#
        );
        assert_eq!(
            titles(&compacted(None, Some(&journal)).unwrap()),
            ["B-stale", "C", "A3"]
        );
    }

    #[test]
    fn what_the_journal_does_not_change_is_copied_as_it_was() {
        let b = serde_json::to_value(entry("b", "B", 20.0)).unwrap();
        let disk = json!({
            "version": 3,
            "writer": {"build": "newer"},
            "chats": [
                {"id": "a", "title": "A", "futureField": [1, 2]},
                {"no": "id"},
                7,
                b,
                serde_json::to_value(entry("b", "B-repeat", 50.0)).unwrap(),
                {"id": "d", "updatedAtMs": "not a number"}
            ]
        });
        let bytes = serde_json::to_vec_pretty(&disk).unwrap();
        let journal = [
            upsert_line(&entry("c", "C", 1.0)).unwrap(),
            upsert_line(&entry("d", "D", 1.0)).unwrap(),
        ]
        .concat();
        let out = compacted(Some(&bytes), Some(&journal)).unwrap();
        let value: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["writer"], disk["writer"]);
        let chats = value["chats"].as_array().unwrap();
        assert_eq!(chats[..4], disk["chats"].as_array().unwrap()[..4]);
        // The repeated line of "b" is dropped; "d"'s unreadable time is replaced by the upsert.
        assert_eq!(chats[4]["title"], "D");
        assert_eq!(chats[5]["title"], "C");
        assert_eq!(chats.len(), 6);
        // A line this version cannot read is replaced by an upsert of its chat, in place.
        let out = compacted(
            Some(&out),
            Some(&upsert_line(&entry("a", "A-new", 2.0)).unwrap()),
        )
        .unwrap();
        let value: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["chats"][0]["title"], "A-new");
    }

    #[test]
    fn an_unreadable_snapshot_is_an_error_not_a_fresh_start() {
        let cases: [(&[u8], &str); 6] = [
            (b"", "the chat index is empty"),
            (b"{\"version\": 3, \"ch", "not valid JSON"),
            (b"[1]", "not a JSON object"),
            (br#"{"version": 3, "chats": {}}"#, "`chats` is not a list"),
            (br#"{"version": 5, "chats": []}"#, "newer version"),
            (br#"{"chats": []}"#, "no `version`"),
        ];
        for (bytes, expected) in cases {
            let error = compacted(Some(bytes), None).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
            assert_eq!(ChatIndex::load(Some(bytes), None).unwrap_err(), error);
        }
        // A byte-order mark and `"chats": null` are read.
        assert!(compacted(Some(b"\xEF\xBB\xBF{\"version\":3,\"chats\":null}"), None).is_ok());
    }
}
