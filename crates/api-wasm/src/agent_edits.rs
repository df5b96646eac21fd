//! Undo of the agent's edits on the open chat: thin conversions over `Conversation::record_edit`,
//! `plan_undo`, `mark_edit_undone` and `edits_to_revert` (`roo_api::chat::edit_history`), where
//! the rules (which calls keep an edit, when an undo is refused) live. The shell writes, reads
//! and deletes the files.

use roo_api::chat::edit_history::WrittenEdit;
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};
use crate::open_chat::{OpenChat, chat_error};

/// The undo functions' types, generated from the core's structs like the others.
#[wasm_bindgen(typescript_custom_section)]
const AGENT_EDIT_TYPES: &str =
    r#"import type { EditToRevert, UndoPlan, WrittenEdit } from "../src/shared/generated/types";"#;

#[wasm_bindgen]
impl OpenChat {
    /// Keeps the edit the approved call `callId` of `replyId` just wrote (the file's path
    /// relative to the workspace, its content before, null for a new file, and after), so it
    /// can be undone. Call it right after the write. Returns the reply; throws for a call that
    /// does not edit files, was not approved, or already has its edit.
    #[wasm_bindgen(js_name = recordEdit, unchecked_return_type = "ChatMessage")]
    pub fn record_edit(
        &mut self,
        reply_id: &str,
        call_id: &str,
        #[wasm_bindgen(unchecked_param_type = "WrittenEdit")] edit: JsValue,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let edit: WrittenEdit = from_js(edit, "the written edit")?;
        self.change(now_ms, |conversation, now| {
            conversation
                .record_edit(reply_id, call_id, edit, now)
                .cloned()
        })
    }

    /// What undoing the edit of `callId` does, given the file's text now (`current`, null when
    /// the file does not exist): `restore` (write `text`), `delete`, or `refused` with the
    /// sentence to show (the file changed since, it is gone, or the edit was already undone).
    /// Changes nothing; throws only for a wrong id.
    #[wasm_bindgen(js_name = planUndo, unchecked_return_type = "UndoPlan")]
    pub fn plan_undo(
        &self,
        reply_id: &str,
        call_id: &str,
        current: Option<String>,
    ) -> Result<JsValue, JsError> {
        let plan = self
            .conversation_ref()
            .plan_undo(reply_id, call_id, current.as_deref())
            .map_err(|error| chat_error(&error))?;
        to_js(&plan)
    }

    /// Marks the edit of `callId` undone once the shell carried out its plan. Returns the reply;
    /// throws when the call has no edit or it is already undone.
    #[wasm_bindgen(js_name = markEditUndone, unchecked_return_type = "ChatMessage")]
    pub fn mark_edit_undone(
        &mut self,
        reply_id: &str,
        call_id: &str,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        self.change(now_ms, |conversation, now| {
            conversation
                .mark_edit_undone(reply_id, call_id, now)
                .cloned()
        })
    }

    /// Every edit of the chat not undone, newest first: plan and undo them in this order to
    /// return each file to what it held before the chat first edited it.
    #[wasm_bindgen(js_name = editsToRevert, unchecked_return_type = "EditToRevert[]")]
    pub fn edits_to_revert(&self) -> Result<JsValue, JsError> {
        to_js(&self.conversation_ref().edits_to_revert())
    }
}
