//! The exported `IndexJournal`: the lines the shell appends to the chat index's journal, one per
//! change, built by the core's `chat::index_journal` (which owns their format).

use roo_api::chat::index::IndexEntry;
use roo_api::chat::index_journal::{remove_line, upsert_line};
use wasm_bindgen::prelude::*;

use crate::chat_index::format_error;
use crate::convert::from_js;

/// The journal's lines. Append each one whole (`O_APPEND`) under the lock, after the chat file
/// it is about was written (upsert) or deleted (remove), then replay it into this window's
/// `ChatIndex`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct IndexJournal;

#[wasm_bindgen]
impl IndexJournal {
    /// The line that upserts this entry (an older entry than the listed one keeps the listed
    /// one). Throws when the entry cannot be written: an id that cannot name a chat file, or a
    /// time or cost that is not a number.
    #[wasm_bindgen(js_name = upsertLine)]
    pub fn upsert_line(
        #[wasm_bindgen(unchecked_param_type = "IndexEntry")] entry: JsValue,
    ) -> Result<Vec<u8>, JsError> {
        let entry: IndexEntry = from_js(entry, "the index entry's fields")?;
        upsert_line(&entry).map_err(|error| format_error(&error))
    }

    /// The line that removes the chat with this id. Throws when the id cannot name a chat file.
    #[wasm_bindgen(js_name = removeLine)]
    pub fn remove_line(id: &str) -> Result<Vec<u8>, JsError> {
        remove_line(id).map_err(|error| format_error(&error))
    }
}
