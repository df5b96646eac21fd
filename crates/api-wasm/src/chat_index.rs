//! The exported `ChatIndex`: this window's view of the chat index, for the history list, and the
//! compaction the shell runs under its lock. It converts arguments and results and forwards to
//! the core's `chat::index` and `chat::index_snapshot`, where the formats and the merge rules
//! live; the journal's lines are `IndexJournal`'s.

use js_sys::Uint8Array;
use roo_api::chat::format_error::FormatError;
use roo_api::chat::index::ChatIndex as CoreIndex;
use roo_api::chat::index_journal::should_compact;
use roo_api::chat::index_snapshot::compacted;
use roo_api::chat::migration::migrate_single_file;
use wasm_bindgen::prelude::*;

use crate::chat_migration::ChatMigration;
use crate::convert::to_js;

/// The index as this window last read it, plus the lines this window appended since. It is a
/// view: it is never written back over the files, because another window may have changed them
/// since. Changes are lines appended to the journal (`IndexJournal`).
#[wasm_bindgen]
#[derive(Debug)]
pub struct ChatIndex {
    index: CoreIndex,
}

pub(crate) fn format_error(error: &FormatError) -> JsError {
    JsError::new(&error.to_string())
}

#[wasm_bindgen]
impl ChatIndex {
    /// Reads the snapshot (`index.json`) and replays the journal (`index.journal`) over it;
    /// `undefined` (no file yet) is an empty one. Throws an `Error` saying why when the snapshot
    /// cannot be read (empty bytes included), so the shell can rebuild it with `rebuild`. A line
    /// of either file that cannot be read (a journal's last line cut short included) is left out
    /// and reported by `loadWarnings()`.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] snapshot: Option<Vec<u8>>,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] journal: Option<Vec<u8>>,
    ) -> Result<ChatIndex, JsError> {
        let index = CoreIndex::load(snapshot.as_deref(), journal.as_deref())
            .map_err(|error| format_error(&error))?;
        Ok(Self { index })
    }

    /// Builds the index from the chat files' bytes. A file that cannot be read is left out and
    /// reported by `loadWarnings()`, named by its position in `chatFiles` (1 for the first).
    /// Write the result with `toBytes()` under the lock, then empty the journal.
    pub fn rebuild(chat_files: Vec<Uint8Array>) -> ChatIndex {
        let files: Vec<Vec<u8>> = chat_files.iter().map(Uint8Array::to_vec).collect();
        Self {
            index: CoreIndex::rebuild(files.iter().map(Vec::as_slice)),
        }
    }

    /// Turns the old single file, `chat-history.json`, into chat files and an index.
    /// Throws an `Error` saying why when the old file cannot be read at all.
    #[wasm_bindgen(js_name = migrateSingleFile)]
    pub fn migrate_single_file(bytes: &[u8]) -> Result<ChatMigration, JsError> {
        migrate_single_file(bytes)
            .map(ChatMigration::from)
            .map_err(|error| format_error(&error))
    }

    /// Applies journal lines to this view: the line this window just appended (or the rest of
    /// the journal). Lines that cannot be read are added to `loadWarnings()`.
    pub fn replay(&mut self, journal: &[u8]) {
        self.index.replay(journal);
    }

    /// What loading, rebuilding or replaying found that the user may want to know: one
    /// sentence each.
    #[wasm_bindgen(js_name = loadWarnings)]
    pub fn load_warnings(&self) -> Vec<String> {
        self.index.warnings().to_vec()
    }

    /// The history list: chats with messages, most recently changed first.
    #[wasm_bindgen(unchecked_return_type = "ConversationSummary[]")]
    pub fn summaries(&self) -> Result<JsValue, JsError> {
        to_js(&self.index.summaries())
    }

    /// Whether the index lists a chat with this id.
    pub fn has(&self, id: &str) -> bool {
        self.index.has(id)
    }

    /// The snapshot's bytes: only for an index just rebuilt from the chat files.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Result<Vec<u8>, JsError> {
        self.index.to_bytes().map_err(|error| format_error(&error))
    }

    /// The snapshot on disk (`undefined` when there is none: an empty one) with the journal on
    /// disk folded in. Under the lock, write it over the snapshot atomically, then empty the
    /// journal. Throws when the snapshot cannot be read: rebuild it instead.
    pub fn compacted(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] snapshot: Option<Vec<u8>>,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] journal: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, JsError> {
        compacted(snapshot.as_deref(), journal.as_deref()).map_err(|error| format_error(&error))
    }

    /// Whether a journal of this many bytes should be folded into the snapshot now.
    #[wasm_bindgen(js_name = shouldCompact)]
    pub fn should_compact(journal_length: usize) -> bool {
        should_compact(journal_length)
    }
}
