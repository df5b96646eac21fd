//! The edits the agent wrote in a chat, kept on their tool calls so the user can undo one
//! ("Undo this edit") or all of them ("Revert all edits of this chat"). The shell writes the
//! file, records what it held before and after ([`Conversation::record_edit`]); to undo, it reads
//! the file and asks for a plan ([`Conversation::plan_undo`]), which restores or deletes only
//! when the file still holds exactly what the edit wrote, so a change made since (by the user
//! or a later edit) is never overwritten; once done it marks the edit undone
//! ([`Conversation::mark_edit_undone`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::conversation::ChatError;
use super::{ChatMessage, ChatToolCall, Conversation, ToolCallStatus};
use crate::agent::{FileEdit, ToolName, UndoPlan};

/// An edit the shell just wrote, as it reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WrittenEdit {
    /// Relative to the workspace folder, `/` separators.
    pub path: String,
    /// The file's content before the write; `None` when the write created it.
    pub before: Option<String>,
    /// The content written.
    pub after: String,
}

/// One edit "Revert all" undoes, naming its call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditToRevert {
    pub reply_id: String,
    pub call_id: String,
    pub path: String,
}

impl Conversation {
    /// Keeps the edit the approved call `call_id` of `reply_id` wrote: call it right after the
    /// write, before recording the call's success (or after it). Returns the reply.
    ///
    /// # Errors
    /// A wrong id, or [`ChatError::ToolCall`] for a call that does not edit files, was not
    /// approved, or already has its edit.
    pub fn record_edit(
        &mut self,
        reply_id: &str,
        call_id: &str,
        edit: WrittenEdit,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let reply = self.reply_mut(reply_id, now_ms)?;
        let call = call_mut(reply, call_id)?;
        if !matches!(
            ToolName::parse(&call.name),
            Some(ToolName::WriteToFile | ToolName::ApplyDiff)
        ) {
            return Err(ChatError::ToolCall(format!(
                "The tool call {call_id} ({}) does not edit files, so it has no edit to keep.",
                call.name
            )));
        }
        if !matches!(
            call.status,
            ToolCallStatus::Approved { .. } | ToolCallStatus::Succeeded { .. }
        ) {
            return Err(ChatError::ToolCall(format!(
                "The tool call {call_id} was not approved, so it cannot have written {}.",
                edit.path
            )));
        }
        if call.edit.is_some() {
            return Err(ChatError::ToolCall(format!(
                "The tool call {call_id} already has its edit recorded; nothing was changed."
            )));
        }
        call.edit = Some(FileEdit {
            path: edit.path,
            before: edit.before,
            after: edit.after,
            undone: false,
        });
        Ok(reply)
    }

    /// What undoing the edit of `call_id` of `reply_id` does, given the file's text now
    /// (`current`, `None` when the file does not exist). Restoring or deleting happens only when
    /// the file holds exactly what the edit wrote; otherwise the plan is refused, saying why.
    ///
    /// # Errors
    /// A wrong reply or call id.
    pub fn plan_undo(
        &self,
        reply_id: &str,
        call_id: &str,
        current: Option<&str>,
    ) -> Result<UndoPlan, ChatError> {
        let call = self.call(reply_id, call_id)?;
        let refused = |reason: String| Ok(UndoPlan::Refused { reason });
        let Some(edit) = &call.edit else {
            return refused(format!(
                "The tool call {call_id} wrote no file, so there is nothing to undo."
            ));
        };
        let path = &edit.path;
        if edit.undone {
            return refused(format!("The edit of {path} was already undone."));
        }
        match (current, &edit.before) {
            (None, None) => Ok(UndoPlan::AlreadyRestored { path: path.clone() }),
            (None, Some(_)) => refused(format!(
                "{path} no longer exists, so Undo was refused: there is no edit left to take \
                 back. Restore the file from version control if you need it."
            )),
            (Some(now), _) if now != edit.after => refused(format!(
                "{path} changed since this edit, so Undo was refused to keep those changes; \
                 undo the later changes first, or edit the file by hand."
            )),
            (Some(_), Some(before)) => Ok(UndoPlan::Restore {
                path: path.clone(),
                text: before.clone(),
            }),
            (Some(_), None) => Ok(UndoPlan::Delete { path: path.clone() }),
        }
    }

    /// Marks the edit of `call_id` of `reply_id` undone, once the shell carried out its plan.
    /// Returns the reply.
    ///
    /// # Errors
    /// A wrong id, or [`ChatError::ToolCall`] when the call has no edit or it is already undone.
    pub fn mark_edit_undone(
        &mut self,
        reply_id: &str,
        call_id: &str,
        now_ms: f64,
    ) -> Result<&ChatMessage, ChatError> {
        let reply = self.reply_mut(reply_id, now_ms)?;
        let call = call_mut(reply, call_id)?;
        match &mut call.edit {
            None => Err(ChatError::ToolCall(format!(
                "The tool call {call_id} wrote no file, so there is no edit to mark undone."
            ))),
            Some(edit) if edit.undone => Err(ChatError::ToolCall(format!(
                "The edit of {} was already undone; nothing was changed.",
                edit.path
            ))),
            Some(edit) => {
                edit.undone = true;
                Ok(reply)
            }
        }
    }

    /// Every edit of the chat not undone, newest first: undoing them in this order returns each
    /// file to what it held before the chat first edited it.
    #[must_use]
    pub fn edits_to_revert(&self) -> Vec<EditToRevert> {
        self.messages
            .iter()
            .rev()
            .flat_map(|message| {
                message.tool_calls.iter().rev().filter_map(|call| {
                    let edit = call.edit.as_ref().filter(|edit| !edit.undone)?;
                    Some(EditToRevert {
                        reply_id: message.id.clone(),
                        call_id: call.id.clone(),
                        path: edit.path.clone(),
                    })
                })
            })
            .collect()
    }

    /// The call `call_id` of the reply `reply_id`.
    fn call(&self, reply_id: &str, call_id: &str) -> Result<&ChatToolCall, ChatError> {
        let reply = self
            .message(reply_id)
            .ok_or_else(|| ChatError::UnknownMessage(reply_id.to_owned()))?;
        reply
            .tool_calls
            .iter()
            .find(|call| call.id == call_id)
            .ok_or_else(|| no_such_call(reply_id, call_id))
    }
}

fn call_mut<'a>(
    reply: &'a mut ChatMessage,
    call_id: &str,
) -> Result<&'a mut ChatToolCall, ChatError> {
    let reply_id = reply.id.clone();
    reply
        .tool_calls
        .iter_mut()
        .find(|call| call.id == call_id)
        .ok_or_else(|| no_such_call(&reply_id, call_id))
}

fn no_such_call(reply_id: &str, call_id: &str) -> ChatError {
    ChatError::ToolCall(format!("The reply {reply_id} has no tool call {call_id}."))
}

#[cfg(test)]
mod tests;
