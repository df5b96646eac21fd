//! The chat index: one small line per chat (no message text), so the history list opens without
//! reading any chat. It is kept as a snapshot, `index.json`, format version 3:
//!
//! ```json
//! {"version": 3, "chats": [{"id": "…", "title": "…", "createdAtMs": 1.0, "updatedAtMs": 2.0,
//!   "messageCount": 4, "inputTokens": 10, "outputTokens": 5, "knownCostUsd": 0.01,
//!   "repliesWithUnknownCost": 0}]}
//! ```
//!
//! and the changes since the snapshot, appended to a journal ([`super::index_journal`]). This
//! window's [`ChatIndex`] is only a view for the list, loaded from both and kept up to date with
//! the lines this window appends; it is never written over the files, because another window may
//! have changed them since. The index can always be rebuilt from the chat files
//! ([`ChatIndex::rebuild`]) when the snapshot is missing or cannot be read.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use ts_rs::TS;

use super::format_error::{FileKind, FormatError, FormatProblem};
use super::index_journal::{Record, read_journal};
use super::index_merge::{Change, IndexLine, Lines};
use super::index_snapshot::read_snapshot;
use super::stored::read_chat_file;
use super::{Conversation, ConversationSummary, ConversationTotals};

/// The format version the index is written in.
pub const INDEX_VERSION: u64 = 3;

/// One chat's line in the index: what the history list shows and the chat's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IndexEntry {
    pub id: String,
    pub title: String,
    pub created_at_ms: f64,
    pub updated_at_ms: f64,
    pub message_count: u32,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// The sum of the replies whose cost is known.
    pub known_cost_usd: f64,
    /// How many replies had usage but an unknown cost.
    pub replies_with_unknown_cost: u32,
}

impl IndexEntry {
    /// The line for this chat as it is now.
    #[must_use]
    pub fn of(conversation: &Conversation) -> Self {
        let totals = conversation.totals();
        Self {
            id: conversation.id.clone(),
            title: conversation.title.clone(),
            created_at_ms: conversation.created_at_ms,
            updated_at_ms: conversation.updated_at_ms,
            message_count: u32::try_from(conversation.messages.len()).unwrap_or(u32::MAX),
            input_tokens: totals.input_tokens,
            output_tokens: totals.output_tokens,
            known_cost_usd: totals.known_cost_usd,
            replies_with_unknown_cost: totals.replies_with_unknown_cost,
        }
    }

    /// The chat's totals, as the chat itself would give them.
    #[must_use]
    pub fn totals(&self) -> ConversationTotals {
        ConversationTotals {
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            known_cost_usd: self.known_cost_usd,
            replies_with_unknown_cost: self.replies_with_unknown_cost,
        }
    }

    /// The line in the history list.
    #[must_use]
    pub fn summary(&self) -> ConversationSummary {
        ConversationSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            updated_at_ms: self.updated_at_ms,
            message_count: self.message_count,
        }
    }
}

impl IndexLine for IndexEntry {
    fn chat_id(&self) -> Option<&str> {
        Some(&self.id)
    }
    fn updated_at_ms(&self) -> Option<f64> {
        Some(self.updated_at_ms)
    }
}

/// The index as written.
#[derive(Serialize)]
struct IndexFileOut<'a> {
    version: u64,
    chats: Vec<&'a IndexEntry>,
}

/// This window's view of the index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatIndex {
    lines: Lines<IndexEntry>,
    /// One sentence per line of the files or chat file that could not be read.
    warnings: Vec<String>,
}

impl ChatIndex {
    /// An index of these entries, for the migration.
    pub(crate) fn from_entries(entries: Vec<IndexEntry>) -> Self {
        let mut index = Self::default();
        for entry in entries {
            index.lines.apply(Change::Upsert(entry));
        }
        index
    }

    /// Reads the snapshot and replays the journal over it; `None` (no file yet) is an empty
    /// snapshot or journal. A line that cannot be read is left out with a warning: the chat file
    /// is still there and a rebuild finds it. Time and memory grow linearly with the lines.
    ///
    /// # Errors
    /// A [`FormatError`] when the snapshot cannot be read as an index at all (empty bytes
    /// included: a missing snapshot is `None`), so the shell can rebuild it from the chat files.
    /// The journal never makes loading fail.
    pub fn load(snapshot: Option<&[u8]>, journal: Option<&[u8]>) -> Result<Self, FormatError> {
        let mut index = Self::default();
        if let Some(bytes) = snapshot {
            let raw = read_snapshot(bytes)?;
            let total = raw.lines.len();
            index.lines = Lines::with_capacity(total);
            for (position, line) in raw.lines.into_iter().enumerate() {
                match read_entry(line) {
                    Ok(entry) => {
                        if let Err(repeated) = index.lines.push(entry) {
                            index.warnings.push(format!(
                                "line {} of {total} of the chat index repeats the chat {:?} and \
                                 is left out",
                                position + 1,
                                repeated.id
                            ));
                        }
                    }
                    Err(reason) => index.warnings.push(format!(
                        "line {} of {total} of the chat index could not be read and is left out \
                         (a rebuild from the chat files restores it): {reason}",
                        position + 1
                    )),
                }
            }
        }
        if let Some(journal) = journal {
            index.replay(journal);
        }
        Ok(index)
    }

    /// Applies journal lines to this view: the rest of the journal, or the line this window just
    /// appended. Lines that cannot be read are left out and added to the warnings.
    pub fn replay(&mut self, journal: &[u8]) {
        let read = read_journal(journal);
        self.warnings.extend(read.warnings);
        for record in read.records {
            self.lines.apply(match record {
                Record::Upsert(entry, _) => Change::Upsert(entry),
                Record::Remove(id) => Change::Remove(id),
            });
        }
    }

    /// Builds the index from the chat files' bytes. A file that cannot be read is left out and
    /// named by its position in `files` in a warning; when two files hold the same chat, the one
    /// changed last is kept.
    pub fn rebuild<'a>(files: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let files: Vec<&[u8]> = files.into_iter().collect();
        let total = files.len();
        let mut index = Self::default();
        for (position, bytes) in files.into_iter().enumerate() {
            let entry = match read_chat_file(bytes) {
                Ok(loaded) => IndexEntry::of(&loaded.conversation),
                Err(error) => {
                    index.warnings.push(format!(
                        "chat file {} of {total} could not be read and is left out: {error}",
                        position + 1
                    ));
                    continue;
                }
            };
            if index.has(&entry.id) {
                index.warnings.push(format!(
                    "chat file {} of {total} holds the chat {:?} again; the one changed last is \
                     kept",
                    position + 1,
                    entry.id
                ));
            }
            // The merge rules keep the copy changed last, whichever order the files came in.
            index.lines.apply(Change::Upsert(entry));
        }
        index
    }

    /// What reading found, one sentence per problem, for the log.
    #[must_use]
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every line, in the order of the files.
    pub fn entries(&self) -> impl Iterator<Item = &IndexEntry> {
        self.lines.iter()
    }

    /// The line of the chat with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&IndexEntry> {
        self.lines.get(id)
    }

    /// Whether the index lists a chat with this id.
    #[must_use]
    pub fn has(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The history list: chats with messages, the most recently changed first.
    #[must_use]
    pub fn summaries(&self) -> Vec<ConversationSummary> {
        let mut summaries: Vec<ConversationSummary> = self
            .entries()
            .filter(|entry| entry.message_count > 0)
            .map(IndexEntry::summary)
            .collect();
        summaries.sort_by(|left, right| right.updated_at_ms.total_cmp(&left.updated_at_ms));
        summaries
    }

    /// The snapshot's bytes with this index's lines. Only for an index built from what is on
    /// disk (a rebuild or the migration), written under the shell's lock; a window's changes go
    /// to the journal.
    ///
    /// # Errors
    /// A [`FormatError`] when an entry's time is not a number (it would be written as `null`).
    pub fn to_bytes(&self) -> Result<Vec<u8>, FormatError> {
        if let Some(entry) = self.entries().find(|entry| !has_finite_numbers(entry)) {
            return Err(not_a_number(entry));
        }
        let file = IndexFileOut {
            version: INDEX_VERSION,
            chats: self.entries().collect(),
        };
        serde_json::to_vec(&file)
            .map_err(|error| FormatError::unserializable(FileKind::Index, &error))
    }
}

/// Reads one line of the index.
fn read_entry(line: &RawValue) -> Result<IndexEntry, String> {
    serde_json::from_str(line.get()).map_err(|error| error.to_string())
}

/// Whether every floating-point field is a number JSON can hold.
pub(crate) fn has_finite_numbers(entry: &IndexEntry) -> bool {
    [
        entry.created_at_ms,
        entry.updated_at_ms,
        entry.known_cost_usd,
    ]
    .iter()
    .all(|number| number.is_finite())
}

/// The error for an entry [`has_finite_numbers`] refuses.
pub(crate) fn not_a_number(entry: &IndexEntry) -> FormatError {
    FormatError::new(
        FileKind::Index,
        FormatProblem::Unserializable(format!(
            "the line of the chat {:?} has a time or cost that is not a number",
            entry.id
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::index_journal::{remove_line, upsert_line};
    use crate::chat::stored::write_chat_file;
    use crate::stream::{ApiStreamChunk, Cost, CostSource, Usage};
    use serde_json::{Value, json};

    /// A chat of `pairs` questions and priced answers, last changed at `updated`.
    fn chat(id: &str, pairs: usize, updated: f64) -> Conversation {
        let mut chat = Conversation::new(id, 1.0);
        for pair in 0..pairs {
            chat.append_user_message(format!("u{pair}"), format!("{id} question"), 2.0)
                .unwrap();
            chat.begin_reply(format!("a{pair}"), "m", 3.0).unwrap();
            let cost = if pair == 1 {
                Cost::Unknown
            } else {
                Cost::Known {
                    usd: 0.25,
                    source: CostSource::Proxy,
                }
            };
            let usage = Usage {
                input_tokens: 100,
                output_tokens: 10,
                cache_write_tokens: None,
                cache_read_tokens: None,
                reasoning_tokens: None,
                cost,
                estimated: false,
                cache_savings: None,
            };
            chat.apply_chunks(&format!("a{pair}"), &[ApiStreamChunk::Usage(usage)], 4.0)
                .unwrap();
            chat.finish_reply(&format!("a{pair}"), updated).unwrap();
        }
        chat.updated_at_ms = updated;
        chat
    }

    #[test]
    fn an_entry_carries_the_list_line_and_the_totals() {
        let conversation = chat("c1", 3, 50.0);
        let entry = IndexEntry::of(&conversation);
        assert_eq!(entry.message_count, 6);
        assert_eq!(entry.title, "c1 question");
        assert_eq!(entry.totals(), conversation.totals());
        assert_eq!(entry.summary(), conversation.summary());
        assert_eq!(
            (entry.input_tokens, entry.replies_with_unknown_cost),
            (300, 1)
        );
    }

    #[test]
    fn the_index_round_trips_and_has_the_documented_shape() {
        let index = ChatIndex::from_entries(vec![
            IndexEntry::of(&chat("a", 1, 10.0)),
            IndexEntry::of(&chat("b", 2, 20.0)),
        ]);
        let bytes = index.to_bytes().unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["version"], 3);
        assert_eq!(value["chats"][1]["id"], "b");
        assert_eq!(value["chats"][1]["messageCount"], 4);
        assert_eq!(value["chats"][1]["knownCostUsd"], 0.25);
        assert!(value["chats"][0].get("messages").is_none());
        let loaded = ChatIndex::load(Some(&bytes), None).unwrap();
        assert_eq!(loaded, index);
        assert_eq!(ChatIndex::load(None, None).unwrap(), ChatIndex::default());
    }

    #[test]
    fn summaries_are_newest_first_without_empty_chats() {
        let index = ChatIndex::from_entries(vec![
            IndexEntry::of(&chat("middle", 1, 20.0)),
            IndexEntry::of(&chat("empty", 0, 99.0)),
            IndexEntry::of(&chat("newest", 1, 30.0)),
            IndexEntry::of(&chat("oldest", 1, 10.0)),
        ]);
        let ids: Vec<String> = index.summaries().into_iter().map(|s| s.id).collect();
        assert_eq!(ids, ["newest", "middle", "oldest"]);
        assert!(index.has("empty"));
        assert!(!index.has("gone"));
    }

    #[test]
    fn a_bad_line_is_left_out_with_a_warning_and_unknown_fields_are_ignored() {
        let mut good = serde_json::to_value(IndexEntry::of(&chat("good", 1, 5.0))).unwrap();
        good["pinned"] = json!(true);
        let file = json!({"version": 3, "writer": "x", "chats": [good, {"id": "bad"}, 7, good]});
        let index = ChatIndex::load(Some(&serde_json::to_vec(&file).unwrap()), None).unwrap();
        assert_eq!(index.entries().count(), 1);
        assert_eq!(index.warnings().len(), 3);
        assert!(
            index.warnings()[0].starts_with("line 2 of 4"),
            "{:?}",
            index.warnings()
        );
        assert!(index.warnings()[2].contains("repeats the chat \"good\""));
    }

    #[test]
    fn an_unreadable_index_is_an_error_naming_why() {
        let cases: [(&[u8], &str); 4] = [
            (b"", "the chat index is empty"),
            (b"{\"version\": 3, \"ch", "not valid JSON"),
            (br#"{"version": 3, "chats": {}}"#, "`chats` is not a list"),
            (br#"{"version": 5, "chats": []}"#, "newer version"),
        ];
        for (bytes, expected) in cases {
            let error = ChatIndex::load(Some(bytes), None).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn a_rebuild_reads_every_chat_file_and_names_the_bad_ones_by_position() {
        let files = [
            write_chat_file(&chat("a", 1, 10.0), 3).unwrap(),
            b"{\"version\": 3, \"revision\": 1, \"chat\": {\"id\": \"b\"}}".to_vec(),
            write_chat_file(&chat("c", 2, 30.0), 1).unwrap(),
            write_chat_file(&chat("a", 2, 40.0), 1).unwrap(),
            write_chat_file(&chat("c", 1, 5.0), 9).unwrap(),
        ];
        let index = ChatIndex::rebuild(files.iter().map(Vec::as_slice));
        let ids: Vec<&str> = index.entries().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        // The copy changed last wins, whichever order the files came in.
        assert_eq!(index.get("a").unwrap().message_count, 4);
        assert_eq!(index.get("c").unwrap().message_count, 4);
        assert_eq!(index.warnings().len(), 3);
        assert!(
            index.warnings()[0].starts_with("chat file 2 of 5 could not be read"),
            "{:?}",
            index.warnings()
        );
        assert!(
            index.warnings()[0].contains("title"),
            "{:?}",
            index.warnings()
        );
        let reloaded = ChatIndex::load(Some(&index.to_bytes().unwrap()), None).unwrap();
        assert!(reloaded.entries().eq(index.entries()));
    }

    #[test]
    fn an_entry_whose_time_is_not_a_number_is_not_written() {
        let mut entry = IndexEntry::of(&chat("a", 1, 10.0));
        entry.updated_at_ms = f64::NAN;
        let error = ChatIndex::from_entries(vec![entry]).to_bytes().unwrap_err();
        assert!(error.to_string().contains("\"a\""), "{error}");
    }

    fn titles(index: &ChatIndex) -> Vec<String> {
        index.entries().map(|entry| entry.title.clone()).collect()
    }

    fn entry(id: &str, title: &str, updated: f64) -> IndexEntry {
        let mut entry = IndexEntry::of(&chat(id, 1, updated));
        entry.title = title.into();
        entry
    }

    #[test]
    fn loading_replays_the_journal_over_the_snapshot_by_the_merge_rules() {
        let snapshot = ChatIndex::from_entries(vec![entry("a", "A", 10.0), entry("b", "B", 20.0)])
            .to_bytes()
            .unwrap();
        let journal = [
            upsert_line(&entry("a", "A2", 30.0)).unwrap(),
            upsert_line(&entry("b", "B-stale", 5.0)).unwrap(),
            upsert_line(&entry("c", "C", 40.0)).unwrap(),
            remove_line("b").unwrap(),
            remove_line("never-listed").unwrap(),
            remove_line("c").unwrap(),
            upsert_line(&entry("c", "C-again", 41.0)).unwrap(),
        ]
        .concat();
        let index = ChatIndex::load(Some(&snapshot), Some(&journal)).unwrap();
        assert!(index.warnings().is_empty(), "{:?}", index.warnings());
        assert_eq!(titles(&index), ["A2", "C-again"]);
        assert!(!index.has("b"));
        // No snapshot yet (a folder saved in only since the journal began) is an empty one.
        let journal_only = ChatIndex::load(None, Some(&journal)).unwrap();
        assert_eq!(titles(&journal_only), ["A2", "C-again"]);
    }

    #[test]
    fn this_windows_own_lines_update_its_view() {
        let mut index = ChatIndex::load(None, None).unwrap();
        index.replay(&upsert_line(&entry("a", "A", 10.0)).unwrap());
        index.replay(&upsert_line(&entry("a", "A2", 11.0)).unwrap());
        assert_eq!(titles(&index), ["A2"]);
        index.replay(&remove_line("a").unwrap());
        assert!(index.summaries().is_empty());
    }

    #[test]
    fn a_cut_short_journal_keeps_the_lines_before_it_and_warns() {
        let whole = upsert_line(&entry("a", "A", 10.0)).unwrap();
        let cut = upsert_line(&entry("b", "B", 20.0)).unwrap();
        let journal = [whole.as_slice(), &cut[..cut.len() / 2]].concat();
        let index = ChatIndex::load(None, Some(&journal)).unwrap();
        assert_eq!(titles(&index), ["A"]);
        assert_eq!(index.warnings().len(), 1);
        assert!(
            index.warnings()[0].contains("cut short"),
            "{:?}",
            index.warnings()
        );
    }

    #[test]
    fn an_unreadable_snapshot_is_an_error_whatever_the_journal_holds() {
        let journal = upsert_line(&entry("a", "A", 10.0)).unwrap();
        for snapshot in [&b""[..], b"][", br#"{"version": 4, "chats": []}"#] {
            assert!(ChatIndex::load(Some(snapshot), Some(&journal)).is_err());
        }
    }

    #[test]
    fn many_lines_load_with_each_repeat_found() {
        // Reading finds a repeated chat through a map, so a large index loads in linear time; the
        // repeats are still found wherever they are.
        let mut entries: Vec<IndexEntry> = (0..5_000)
            .map(|n| entry(&format!("c{n}"), "t", f64::from(n)))
            .collect();
        entries.push(entry("c0", "again", 1.0));
        entries.push(entry("c4999", "again", 1.0));
        let lines: Vec<Value> = entries
            .iter()
            .map(|e| serde_json::to_value(e).unwrap())
            .collect();
        let bytes = serde_json::to_vec(&json!({"version": 3, "chats": lines})).unwrap();
        let index = ChatIndex::load(Some(&bytes), None).unwrap();
        assert_eq!(index.entries().count(), 5_000);
        assert_eq!(index.warnings().len(), 2);
        assert!(
            index.warnings()[1].starts_with("line 5002 of 5002"),
            "{:?}",
            index.warnings()
        );
        assert_eq!(index.get("c4999").unwrap().title, "t");
    }
}
