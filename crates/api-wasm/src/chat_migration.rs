//! The exported `ChatMigration`: what the core's migration from the old single history file
//! returns, handed to the shell to write. The bytes cross as `Uint8Array`s, not as arrays of
//! numbers, so a large history is not multiplied in size on the way.

use js_sys::{Array, Object, Reflect, Uint8Array};
use roo_api::chat::migration::Migration;
use wasm_bindgen::prelude::*;

/// Everything to write in place of `chat-history.json`: `chats/<id>.json` for each of
/// `chatFiles()`, `index.json` from `indexBytes()`, and each of `unreadable()` under its name
/// somewhere outside `chats/` (for example `unreadable/<name>`), so nothing in the old file is
/// lost. Then the shell renames the old file to `chat-history.json.migrated`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ChatMigration {
    migration: Migration,
}

impl From<Migration> for ChatMigration {
    fn from(migration: Migration) -> Self {
        Self { migration }
    }
}

/// `[{ <name_key>: name, bytes }]` as plain JavaScript objects.
fn named_bytes<'a>(
    name_key: &str,
    items: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<JsValue, JsError> {
    let array = Array::new();
    for (name, bytes) in items {
        let item = Object::new();
        let set = |key: &str, value: &JsValue| Reflect::set(&item, &JsValue::from_str(key), value);
        set(name_key, &JsValue::from_str(name))
            .and_then(|_| set("bytes", &Uint8Array::from(bytes).into()))
            .map_err(|_| JsError::new("could not build the migration's file list"))?;
        array.push(&item);
    }
    Ok(array.into())
}

#[wasm_bindgen]
impl ChatMigration {
    /// The bytes of `index.json`, listing every migrated chat.
    #[wasm_bindgen(js_name = indexBytes)]
    pub fn index_bytes(&self) -> Vec<u8> {
        self.migration.index_bytes.clone()
    }

    /// One chat file per migrated chat, to write as `chats/<id>.json`.
    #[wasm_bindgen(js_name = chatFiles, unchecked_return_type = "{ id: string; bytes: Uint8Array }[]")]
    pub fn chat_files(&self) -> Result<JsValue, JsError> {
        let files = self.migration.chat_files.iter();
        named_bytes(
            "id",
            files.map(|file| (file.id.as_str(), file.bytes.as_slice())),
        )
    }

    /// The raw JSON of every chat the migration could not read, to keep aside under its name.
    #[wasm_bindgen(unchecked_return_type = "{ name: string; bytes: Uint8Array }[]")]
    pub fn unreadable(&self) -> Result<JsValue, JsError> {
        let items = self.migration.unreadable.iter();
        named_bytes(
            "name",
            items.map(|item| (item.name.as_str(), item.bytes.as_slice())),
        )
    }

    /// One sentence per problem: chats set aside, chats given a new id.
    pub fn warnings(&self) -> Vec<String> {
        self.migration.warnings.clone()
    }

    /// The chat that was open in the old file, when it was migrated (by its new id if it got
    /// one).
    #[wasm_bindgen(js_name = activeConversationId)]
    pub fn active_conversation_id(&self) -> Option<String> {
        self.migration.active_conversation_id.clone()
    }
}
