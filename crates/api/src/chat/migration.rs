//! The move from the single history file, `chat-history.json`, to one file per chat and an
//! index. The shell reads the old file, calls [`migrate_single_file`], writes what it returns,
//! then renames the old file to `chat-history.json.migrated`, which stays as a backup.
//!
//! The old file is one of:
//!
//! - version 2: `{"version": 2, "activeConversationId": ..., "conversations": [...],
//!   "unreadableConversations"?: [...]}`, each chat in the shape a chat file holds (see
//!   [`super::stored`]);
//! - version 1 or no version: the predecessor's Roo-style file (see [`super::migration_v1`]).
//!
//! Nothing in it is lost. Each chat that reads becomes `chats/<id>.json` at revision 1 (a reply
//! saved mid-stream is now stopped). A chat whose id cannot name a file (or names the same file as
//! another's on a case-insensitive disk) gets a new id, `migrated-<hash>`, and a warning. Every
//! chat that does not read, each repeat of an id already migrated, and each chat an earlier load
//! had already kept under `unreadableConversations`, comes out as its raw JSON in
//! [`Migration::unreadable`], named `old-history-chat-<n>.json` (`<n>` its position in the old
//! list) or `old-history-kept-<n>.json`. The shell writes those aside, outside `chats/` (for
//! example in `unreadable/`), so that a rebuild of the index does not read them as chats.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Conversation;
use super::format_error::{FileKind, FormatError, is_blank, read_versioned, take_list};
use super::index::{ChatIndex, IndexEntry};
use super::migration_v1::read_v1_chat;
use super::stored::{conversation_from_value, is_valid_chat_id, write_chat_file};

/// One chat file to write: `chats/<id>.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatFile {
    pub id: String,
    pub bytes: Vec<u8>,
}

/// Raw JSON the migration could not read as a chat, to keep aside under `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Everything to write in place of the old file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migration {
    /// The old file's format version; `None` when it was empty.
    pub from_version: Option<u64>,
    /// `index.json`, listing every chat in `chat_files`.
    pub index_bytes: Vec<u8>,
    pub chat_files: Vec<ChatFile>,
    pub unreadable: Vec<SetAside>,
    /// One sentence per problem, for the log and the user.
    pub warnings: Vec<String>,
    /// The chat that was open, when it was migrated (under its new id if it got one).
    pub active_conversation_id: Option<String>,
    /// How many replies were still streaming when the old file was saved; they are now stopped.
    pub interrupted_replies: usize,
}

/// Turns the old single file into chat files and an index; see the module's documentation.
/// Empty bytes migrate to an empty index.
///
/// # Errors
/// A [`FormatError`] when the old file cannot be read at all: not JSON, not an object, a version
/// this build does not read, or not shaped like a history. The shell then leaves it where it is.
pub fn migrate_single_file(bytes: &[u8]) -> Result<Migration, FormatError> {
    if is_blank(bytes) {
        return Migrator::default().finish(None, None);
    }
    let (version, mut fields) = read_versioned(bytes, FileKind::OldHistory)?;
    let mut migrator = Migrator::default();
    let active = if version == 1 {
        if !fields.contains_key("chats") && fields.keys().any(|key| key != "version") {
            // Without `version` anything is "version 1"; an object with other content and no
            // chats is some other file, not an empty history.
            let reason = "it has neither `chats` nor a known `version`";
            return Err(FormatError::shape(FileKind::OldHistory, reason));
        }
        let chats = take_list(&mut fields, "chats", FileKind::OldHistory)?;
        migrator.total = chats.len();
        for (position, raw) in chats.into_iter().enumerate() {
            let parsed = read_v1_chat(&raw);
            migrator.accept(position, raw, parsed)?;
        }
        None
    } else {
        let chats = take_list(&mut fields, "conversations", FileKind::OldHistory)?;
        let kept = take_list(&mut fields, "unreadableConversations", FileKind::OldHistory)?;
        migrator.total = chats.len();
        for (position, raw) in chats.into_iter().enumerate() {
            let parsed = conversation_from_value(&raw);
            migrator.accept(position, raw, parsed)?;
        }
        for (position, raw) in kept.into_iter().enumerate() {
            let name = format!("old-history-kept-{}.json", position + 1);
            migrator.warnings.push(format!(
                "a chat an earlier version could not read was kept in the history; it is set \
                 aside as {name}"
            ));
            migrator.set_aside(name, &raw)?;
        }
        match fields.remove("activeConversationId") {
            Some(Value::String(id)) => Some(id),
            _ => None,
        }
    };
    migrator.finish(Some(version), active)
}

/// Collects the chats of the old file into chat files, index lines and what is set aside.
#[derive(Debug, Default)]
struct Migrator {
    /// How many chats the old list holds, for the warnings' "chat 3 of 10".
    total: usize,
    chat_files: Vec<ChatFile>,
    entries: Vec<IndexEntry>,
    unreadable: Vec<SetAside>,
    warnings: Vec<String>,
    interrupted_replies: usize,
    /// The old ids already migrated, to set repeats aside.
    old_ids: HashSet<String>,
    /// The file names taken, lower-cased, as a case-insensitive disk compares them.
    file_ids: HashSet<String>,
    /// Old id to new id, for the chats that had to be given one.
    renamed: HashMap<String, String>,
}

impl Migrator {
    fn accept(
        &mut self,
        position: usize,
        raw: Value,
        parsed: Result<Conversation, String>,
    ) -> Result<(), FormatError> {
        let mut conversation = match parsed {
            Ok(conversation) if self.old_ids.contains(&conversation.id) => {
                let reason = format!("another chat has the same id {:?}", conversation.id);
                return self.skip(position, &raw, &reason);
            }
            Ok(conversation) => conversation,
            Err(reason) => return self.skip(position, &raw, &reason),
        };
        self.old_ids.insert(conversation.id.clone());
        let id = self.file_id_for(&conversation.id);
        if id != conversation.id {
            self.warnings.push(format!(
                "chat {} of {} had the id {:?}, which cannot name its own file; it is saved as \
                 {id:?}",
                position + 1,
                self.total,
                conversation.id
            ));
            self.renamed.insert(conversation.id.clone(), id.clone());
            conversation.id = id;
        }
        self.file_ids.insert(conversation.id.to_ascii_lowercase());
        self.interrupted_replies += conversation.interrupt_streaming_replies();
        let bytes = write_chat_file(&conversation, 1)?;
        self.entries.push(IndexEntry::of(&conversation));
        self.chat_files.push(ChatFile {
            id: conversation.id,
            bytes,
        });
        Ok(())
    }

    /// The id the chat's file gets: its own when that names a file no other chat's file has,
    /// else a new one derived from it, the same on every run of the migration.
    fn file_id_for(&self, old_id: &str) -> String {
        let free = |id: &str| !self.file_ids.contains(&id.to_ascii_lowercase());
        if is_valid_chat_id(old_id) && free(old_id) {
            return old_id.to_owned();
        }
        let base = format!("migrated-{:016x}", fnv1a(old_id));
        let mut id = base.clone();
        let mut suffix = 2;
        while !free(&id) {
            id = format!("{base}-{suffix}");
            suffix += 1;
        }
        id
    }

    fn skip(&mut self, position: usize, raw: &Value, reason: &str) -> Result<(), FormatError> {
        let id = match raw.get("id") {
            Some(Value::String(id)) => format!(" (id {id:?})"),
            _ => String::new(),
        };
        let name = format!("old-history-chat-{}.json", position + 1);
        self.warnings.push(format!(
            "chat {} of {}{id} could not be read; it is set aside as {name}: {reason}",
            position + 1,
            self.total
        ));
        self.set_aside(name, raw)
    }

    fn set_aside(&mut self, name: String, raw: &Value) -> Result<(), FormatError> {
        let bytes = serde_json::to_vec(raw)
            .map_err(|error| FormatError::unserializable(FileKind::OldHistory, &error))?;
        self.unreadable.push(SetAside { name, bytes });
        Ok(())
    }

    fn finish(
        self,
        from_version: Option<u64>,
        active: Option<String>,
    ) -> Result<Migration, FormatError> {
        // An open chat that was set aside is simply not open; one that was renamed is open
        // under its new id.
        let active_conversation_id = active.and_then(|id| match self.renamed.get(&id) {
            Some(new_id) => Some(new_id.clone()),
            None => self
                .chat_files
                .iter()
                .any(|file| file.id == id)
                .then_some(id),
        });
        Ok(Migration {
            from_version,
            index_bytes: ChatIndex::from_entries(self.entries).to_bytes()?,
            chat_files: self.chat_files,
            unreadable: self.unreadable,
            warnings: self.warnings,
            active_conversation_id,
            interrupted_replies: self.interrupted_replies,
        })
    }
}

/// The 64-bit FNV-1a hash: small, stable across builds and platforms (unlike the standard
/// library's hasher), which is what a derived id needs so re-running the migration gives the
/// same files.
fn fnv1a(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    text.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::stored::read_chat_file;
    use serde_json::json;

    fn migrate(value: &Value) -> Migration {
        migrate_single_file(&serde_json::to_vec(value).unwrap()).unwrap()
    }

    fn chat_value(id: &str, messages: usize) -> Value {
        let mut chat = Conversation::new(id, 5.0);
        for index in 0..messages {
            chat.append_user_message(format!("u{index}"), "hi", 6.0)
                .unwrap();
        }
        serde_json::to_value(&chat).unwrap()
    }

    #[test]
    fn an_empty_old_file_migrates_to_an_empty_index() {
        for bytes in [&b""[..], b" \n", b"\xEF\xBB\xBF"] {
            let migration = migrate_single_file(bytes).unwrap();
            assert_eq!(migration.from_version, None);
            assert!(migration.chat_files.is_empty());
            let index = ChatIndex::load(Some(&migration.index_bytes), None).unwrap();
            assert_eq!(index.entries().count(), 0);
        }
        assert_eq!(migrate(&json!({})).from_version, Some(1));
    }

    #[test]
    fn an_old_file_that_is_not_a_history_is_an_error() {
        let cases: [(&[u8], &str); 5] = [
            (br#"{"settings": {"theme": "dark"}}"#, "neither `chats`"),
            (
                br#"{"version": 2, "conversations": {"a": 1}}"#,
                "`conversations` is not a list",
            ),
            (
                br#"{"version": 1, "chats": "none"}"#,
                "`chats` is not a list",
            ),
            (br#"{"version": 3, "chats": []}"#, "newer version"),
            (b"{\"version\": 2, \"conv", "not valid JSON"),
        ];
        for (bytes, expected) in cases {
            let error = migrate_single_file(bytes).unwrap_err();
            assert!(error.to_string().starts_with("the chat history"), "{error}");
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn repeated_ids_are_set_aside_and_unsafe_ids_are_renamed_the_same_way_each_time() {
        let file = json!({"version": 2, "activeConversationId": "a/b", "conversations": [
            chat_value("same", 1), chat_value("same", 2), chat_value("a/b", 1),
            chat_value("Case", 1), chat_value("case", 1)
        ]});
        let migration = migrate(&file);
        let ids: Vec<&str> = migration.chat_files.iter().map(|f| f.id.as_str()).collect();
        let renamed = format!("migrated-{:016x}", fnv1a("a/b"));
        let case = format!("migrated-{:016x}", fnv1a("case"));
        assert_eq!(ids, ["same", renamed.as_str(), "Case", case.as_str()]);
        assert_eq!(
            migration.active_conversation_id.as_deref(),
            Some(renamed.as_str())
        );
        assert_eq!(migration.unreadable.len(), 1);
        assert_eq!(migration.unreadable[0].name, "old-history-chat-2.json");
        let kept: Value = serde_json::from_slice(&migration.unreadable[0].bytes).unwrap();
        assert_eq!(kept, file["conversations"][1]);
        assert!(
            migration.warnings[0].contains("same id"),
            "{:?}",
            migration.warnings
        );
        assert!(
            migration.warnings[1].contains("\"a/b\""),
            "{:?}",
            migration.warnings
        );
        // The renamed chat's file says its new id, and a second run gives the same bytes.
        let loaded = read_chat_file(&migration.chat_files[1].bytes).unwrap();
        assert_eq!(loaded.conversation.id, renamed);
        assert_eq!(migrate(&file), migration);
    }

    #[test]
    fn the_open_chat_is_kept_only_when_it_was_migrated() {
        let file = json!({"version": 2, "activeConversationId": "gone",
            "conversations": [chat_value("here", 1), {"id": "gone"}]});
        assert_eq!(migrate(&file).active_conversation_id, None);
        let file = json!({"version": 2, "activeConversationId": "here",
            "conversations": [chat_value("here", 0)]});
        let migration = migrate(&file);
        assert_eq!(migration.active_conversation_id.as_deref(), Some("here"));
        // An empty chat is migrated too; the list just does not show it.
        let index = ChatIndex::load(Some(&migration.index_bytes), None).unwrap();
        assert!(index.has("here"));
        assert!(index.summaries().is_empty());
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
