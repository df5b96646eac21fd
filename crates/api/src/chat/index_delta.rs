//! Changes to the chat index as deltas applied to the bytes on disk, so that two windows sharing
//! the folder never write one window's possibly stale view over the other's changes.
//!
//! The shell, holding its lock file, reads `index.json` as it is now, calls [`with_entry`] or
//! [`without`] for ONE change, and writes the bytes returned atomically. The rules:
//!
//! - An upsert replaces the chat's line, unless the line on disk changed later
//!   (`updatedAtMs` greater than the entry's): then the disk's line stays. At an equal time the
//!   entry wins, so applying the same upsert twice is harmless.
//! - A removal takes the chat's line out (every copy of it).
//! - No tombstones: an upsert after a removal puts the chat back. That is safe because of the
//!   order the shell keeps, each under ONE hold of the lock: a save writes the chat file and then
//!   upserts its line; a deletion deletes the chat file and then removes its line. So an upsert
//!   that comes after a deletion means that window wrote the chat's file after the deletion (the
//!   user was still writing in the deleted chat there): the chat is back with its file, and a
//!   deleted chat never comes back as a line without a file.
//! - Everything the delta does not change is kept as it was on disk, lines this version cannot
//!   read and fields it does not know included.
//! - No index on disk (`None`) is an empty one. An index that cannot be read is an error: the
//!   shell rebuilds it from the chat files ([`super::index::ChatIndex::rebuild`]) and applies the
//!   change to the rebuilt bytes.

use serde::Serialize;
use serde_json::{Map, Value};

use super::format_error::{FileKind, FormatError, read_versioned, take_list};
use super::index::{INDEX_VERSION, IndexEntry, has_finite_numbers, not_a_number};
use super::stored::is_valid_chat_id;

/// The index as a delta writes it: the lines, and whatever else the file held, kept.
#[derive(Serialize)]
struct IndexFileOut<'a> {
    version: u64,
    chats: &'a [Value],
    #[serde(flatten)]
    other: &'a Map<String, Value>,
}

/// The index on disk as raw lines, and its other fields.
struct DiskIndex {
    lines: Vec<Value>,
    other: Map<String, Value>,
}

impl DiskIndex {
    fn read(disk: Option<&[u8]>) -> Result<Self, FormatError> {
        let Some(bytes) = disk else {
            return Ok(Self {
                lines: Vec::new(),
                other: Map::new(),
            });
        };
        let (_, mut other) = read_versioned(bytes, FileKind::Index)?;
        let lines = take_list(&mut other, "chats", FileKind::Index)?;
        other.remove("version");
        Ok(Self { lines, other })
    }

    fn to_bytes(&self) -> Result<Vec<u8>, FormatError> {
        let file = IndexFileOut {
            version: INDEX_VERSION,
            chats: &self.lines,
            other: &self.other,
        };
        serde_json::to_vec(&file)
            .map_err(|error| FormatError::unserializable(FileKind::Index, &error))
    }
}

/// The id a raw line names, when it names one.
fn line_id(line: &Value) -> Option<&str> {
    line.get("id").and_then(Value::as_str)
}

/// The index on disk with this chat's line upserted (see the module's rules).
///
/// # Errors
/// A [`FormatError`] when the index on disk cannot be read (rebuild it, then apply the change),
/// or when the entry cannot be written: an id that cannot name a chat file, or a time or cost
/// that is not a number.
pub fn with_entry(disk: Option<&[u8]>, entry: &IndexEntry) -> Result<Vec<u8>, FormatError> {
    if !is_valid_chat_id(&entry.id) {
        let reason = format!("the chat id {:?} cannot name a chat file", entry.id);
        return Err(FormatError::shape(FileKind::Index, reason));
    }
    if !has_finite_numbers(entry) {
        return Err(not_a_number(entry));
    }
    let mut index = DiskIndex::read(disk)?;
    let new_line = serde_json::to_value(entry)
        .map_err(|error| FormatError::unserializable(FileKind::Index, &error))?;
    let mut found = false;
    let mut kept = Vec::with_capacity(index.lines.len() + 1);
    for line in index.lines {
        if line_id(&line) != Some(entry.id.as_str()) {
            kept.push(line);
        } else if !found {
            found = true;
            let on_disk = line.get("updatedAtMs").and_then(Value::as_f64);
            let disk_is_newer = on_disk.is_some_and(|time| time > entry.updated_at_ms);
            kept.push(if disk_is_newer {
                line
            } else {
                new_line.clone()
            });
        }
        // A repeated line for the same chat is dropped: reading keeps only the first anyway.
    }
    if !found {
        kept.push(new_line);
    }
    index.lines = kept;
    index.to_bytes()
}

/// The index on disk without this chat's line. Removing a chat that is not listed changes
/// nothing (another window may have removed it first).
///
/// # Errors
/// A [`FormatError`] when the index on disk cannot be read (rebuild it, then apply the change).
pub fn without(disk: Option<&[u8]>, id: &str) -> Result<Vec<u8>, FormatError> {
    let mut index = DiskIndex::read(disk)?;
    index.lines.retain(|line| line_id(line) != Some(id));
    index.to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::index::ChatIndex;
    use serde_json::json;

    fn entry(id: &str, title: &str, updated: f64) -> IndexEntry {
        IndexEntry {
            id: id.into(),
            title: title.into(),
            created_at_ms: 1.0,
            updated_at_ms: updated,
            message_count: 2,
            input_tokens: 10,
            output_tokens: 5,
            known_cost_usd: 0.5,
            replies_with_unknown_cost: 0,
        }
    }

    fn titles(bytes: &[u8]) -> Vec<(String, String)> {
        let index = ChatIndex::load(Some(bytes)).unwrap();
        assert!(index.warnings().is_empty(), "{:?}", index.warnings());
        index
            .entries()
            .iter()
            .map(|entry| (entry.id.clone(), entry.title.clone()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(id, title)| ((*id).to_owned(), (*title).to_owned()))
            .collect()
    }

    #[test]
    fn an_upsert_on_no_index_starts_one() {
        let bytes = with_entry(None, &entry("a", "A", 10.0)).unwrap();
        assert_eq!(titles(&bytes), pairs(&[("a", "A")]));
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["version"], 3);
    }

    #[test]
    fn a_newer_upsert_replaces_the_line_in_place_and_an_older_one_keeps_the_disks() {
        let disk = with_entry(None, &entry("a", "A", 10.0)).unwrap();
        let disk = with_entry(Some(&disk), &entry("b", "B", 20.0)).unwrap();
        let newer = with_entry(Some(&disk), &entry("a", "A2", 30.0)).unwrap();
        assert_eq!(titles(&newer), pairs(&[("a", "A2"), ("b", "B")]));
        let older = with_entry(Some(&newer), &entry("a", "stale", 25.0)).unwrap();
        assert_eq!(titles(&older), pairs(&[("a", "A2"), ("b", "B")]));
        // At the same time the entry wins, and applying it again changes nothing.
        let same = with_entry(Some(&older), &entry("a", "A3", 30.0)).unwrap();
        assert_eq!(titles(&same), pairs(&[("a", "A3"), ("b", "B")]));
        assert_eq!(
            with_entry(Some(&same), &entry("a", "A3", 30.0)).unwrap(),
            same
        );
    }

    #[test]
    fn a_removal_takes_the_line_out_and_an_absent_id_changes_nothing() {
        let disk = with_entry(None, &entry("a", "A", 10.0)).unwrap();
        let disk = with_entry(Some(&disk), &entry("b", "B", 20.0)).unwrap();
        let removed = without(Some(&disk), "a").unwrap();
        assert_eq!(titles(&removed), pairs(&[("b", "B")]));
        assert_eq!(without(Some(&removed), "a").unwrap(), removed);
        assert_eq!(titles(&without(None, "a").unwrap()), pairs(&[]));
    }

    #[test]
    fn an_upsert_after_a_removal_brings_the_chat_back_only_when_it_is_sent_again() {
        let disk = with_entry(None, &entry("a", "A", 10.0)).unwrap();
        let disk = with_entry(Some(&disk), &entry("b", "B", 20.0)).unwrap();
        let removed = without(Some(&disk), "a").unwrap();
        // Other chats' upserts never bring it back: they only touch their own line.
        let other = with_entry(Some(&removed), &entry("b", "B2", 40.0)).unwrap();
        assert_eq!(titles(&other), pairs(&[("b", "B2")]));
        // An upsert of the removed chat itself (its window wrote the chat file again after the
        // deletion, under the lock) does: the file is there, so the line is right.
        let written_again = with_entry(Some(&other), &entry("a", "A", 50.0)).unwrap();
        assert_eq!(titles(&written_again), pairs(&[("b", "B2"), ("a", "A")]));
    }

    #[test]
    fn what_the_delta_does_not_change_is_kept_as_it_was() {
        let disk = json!({
            "version": 3,
            "writer": {"build": "newer"},
            "chats": [
                {"id": "a", "title": "A", "futureField": [1, 2]},
                {"no": "id"},
                serde_json::to_value(entry("b", "B", 20.0)).unwrap(),
                serde_json::to_value(entry("b", "B-repeat", 5.0)).unwrap()
            ]
        });
        let bytes = with_entry(
            Some(&serde_json::to_vec(&disk).unwrap()),
            &entry("c", "C", 1.0),
        )
        .unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["writer"], disk["writer"]);
        assert_eq!(value["chats"][0], disk["chats"][0]);
        assert_eq!(value["chats"][1], disk["chats"][1]);
        assert_eq!(value["chats"][2], disk["chats"][2]);
        assert_eq!(value["chats"][3]["id"], "b");
        assert_eq!(value["chats"][4]["id"], "c");

        // A line this version cannot read is replaced by an upsert of its chat.
        let bytes = with_entry(Some(&bytes), &entry("a", "A-new", 2.0)).unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["chats"][0]["title"], "A-new");
        // A repeated line is dropped when its chat is upserted.
        let bytes = with_entry(Some(&bytes), &entry("b", "B3", 30.0)).unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let ids: Vec<&str> = value["chats"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|line| line.get("id").and_then(Value::as_str))
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn an_unreadable_index_on_disk_is_an_error_not_a_fresh_start() {
        for disk in [
            &b""[..],
            b"{\"version\": 3, \"chats\": [",
            br#"{"version": 9}"#,
        ] {
            let error = with_entry(Some(disk), &entry("a", "A", 1.0)).unwrap_err();
            assert!(error.to_string().starts_with("the chat index"), "{error}");
            assert!(without(Some(disk), "a").is_err());
        }
    }

    #[test]
    fn an_entry_that_cannot_be_written_is_refused() {
        let error = with_entry(None, &entry("../a", "A", 1.0)).unwrap_err();
        assert!(
            error.to_string().contains("cannot name a chat file"),
            "{error}"
        );
        let error = with_entry(None, &entry("a", "A", f64::INFINITY)).unwrap_err();
        assert!(error.to_string().contains("not a number"), "{error}");
    }
}
