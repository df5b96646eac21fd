//! The exported `ChatIndex`: this window's view of the chat index, for the history list, and the
//! deltas the shell applies to the index on disk under its lock. It converts arguments and
//! results and forwards to the core's `chat::index` and `chat::index_delta`, where the format and
//! the merge rules live.

use js_sys::Uint8Array;
use roo_api::chat::format_error::FormatError;
use roo_api::chat::index::{ChatIndex as CoreIndex, IndexEntry};
use roo_api::chat::index_delta::{with_entry, without};
use roo_api::chat::migration::migrate_single_file;
use wasm_bindgen::prelude::*;

use crate::chat_migration::ChatMigration;
use crate::convert::{from_js, to_js};

/// The index as this window last read it. It is a view: it is never written back over the file,
/// because another window may have changed the file since. Changes go through `withEntry` and
/// `without`, which apply one change to the bytes on disk.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ChatIndex {
    index: CoreIndex,
}

fn format_error(error: &FormatError) -> JsError {
    JsError::new(&error.to_string())
}

#[wasm_bindgen]
impl ChatIndex {
    /// Reads `index.json`; `undefined` (no file yet) is an empty index. Throws an `Error` saying
    /// why when the file cannot be read (empty bytes included), so the shell can rebuild it
    /// with `rebuild`. A line that cannot be read is left out and reported by `loadWarnings()`.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] bytes: Option<Vec<u8>>,
    ) -> Result<ChatIndex, JsError> {
        let index = CoreIndex::load(bytes.as_deref()).map_err(|error| format_error(&error))?;
        Ok(Self { index })
    }

    /// Builds the index from the chat files' bytes. A file that cannot be read is left out and
    /// reported by `loadWarnings()`, named by its position in `chatFiles` (1 for the first).
    /// Write the result with `toBytes()` under the lock.
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

    /// What loading or rebuilding found that the user may want to know: one sentence each.
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

    /// The index file's bytes: only for an index just rebuilt from the chat files.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Result<Vec<u8>, JsError> {
        self.index.to_bytes().map_err(|error| format_error(&error))
    }

    /// The index on disk (`undefined` when there is none) with this chat's line upserted: the
    /// disk's line stays when it changed later than `entry`. Call it under the lock, after
    /// writing the chat file, and write the result. Throws when the index on disk cannot be read
    /// (rebuild it, then apply the change) or the entry cannot be written.
    #[wasm_bindgen(js_name = withEntry)]
    pub fn with_entry(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] disk_bytes: Option<
            Vec<u8>,
        >,
        #[wasm_bindgen(unchecked_param_type = "IndexEntry")] entry: JsValue,
    ) -> Result<Vec<u8>, JsError> {
        let entry: IndexEntry = from_js(entry, "the index entry's fields")?;
        with_entry(disk_bytes.as_deref(), &entry).map_err(|error| format_error(&error))
    }

    /// The index on disk (`undefined` when there is none) without this chat's line. Call it
    /// under the lock, after deleting the chat file, and write the result. Throws when the index
    /// on disk cannot be read (rebuild it, then apply the change).
    pub fn without(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] disk_bytes: Option<
            Vec<u8>,
        >,
        id: &str,
    ) -> Result<Vec<u8>, JsError> {
        without(disk_bytes.as_deref(), id).map_err(|error| format_error(&error))
    }
}
