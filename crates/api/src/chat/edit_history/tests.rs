//! The edits kept on a chat's tool calls: recording them only for approved edits, planning an
//! undo from the file as it is now, marking them undone, the order "Revert all" takes, and the
//! edits surviving the chat file.

use serde_json::json;

use super::*;
use crate::agent::{
    AgentMode, AgentSettings, AgentState, AssembledToolCall, ToolOutcome, ToolWorkspace,
    UserDecision,
};
use crate::chat::stored::{read_chat_file, write_chat_file};
use crate::context::IgnoreRules;
use crate::stream::ApiStreamChunk;

fn call(id: &str, name: &str, path: &str) -> AssembledToolCall {
    let arguments = match name {
        "write_to_file" => json!({"path": path, "content": "new"}),
        "apply_diff" => json!({"path": path, "diff": "x"}),
        _ => json!({"path": path}),
    };
    AssembledToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.to_string(),
    }
}

fn add_reply(chat: &mut Conversation, id: &str, calls: Vec<AssembledToolCall>) {
    chat.begin_reply(id, "m", 2.0).unwrap();
    chat.apply_chunks(id, &[ApiStreamChunk::ToolCalls { calls }], 2.0)
        .unwrap();
    chat.finish_reply(id, 2.0).unwrap();
}

fn workspace() -> ToolWorkspace {
    ToolWorkspace {
        root: "/w".into(),
        rooignore: IgnoreRules::default(),
    }
}

fn chat_with(calls: Vec<AssembledToolCall>) -> Conversation {
    let mut chat = Conversation::new("c", 1.0);
    chat.set_mode(AgentMode::Code, "m", Some(true), 1.0)
        .unwrap();
    chat.append_user_message("u1", "Edit.", 1.0).unwrap();
    add_reply(&mut chat, "r1", calls);
    chat
}

fn written(path: &str, before: Option<&str>, after: &str) -> WrittenEdit {
    WrittenEdit {
        path: path.into(),
        before: before.map(str::to_owned),
        after: after.into(),
    }
}

/// Approves and performs the write `call_id` of `reply`: records its edit, then its success.
fn perform(chat: &mut Conversation, reply: &str, call_id: &str, edit: WrittenEdit) {
    let state = chat
        .agent_step(reply, &workspace(), &AgentSettings::default(), 3.0)
        .unwrap();
    assert!(
        matches!(&state, AgentState::AwaitingApproval { call } if call.id == call_id),
        "{state:?}"
    );
    chat.decide_tool_call(reply, call_id, UserDecision::Approve, 3.0)
        .unwrap();
    chat.record_edit(reply, call_id, edit, 4.0).unwrap();
    chat.record_tool_outcome(
        reply,
        call_id,
        ToolOutcome::Success {
            text: "written".into(),
        },
        4.0,
    )
    .unwrap();
}

#[test]
fn an_edit_is_kept_only_for_an_approved_or_succeeded_edit_call() {
    let mut chat = chat_with(vec![
        call("w", "write_to_file", "a.txt"),
        call("r", "read_file", "b.txt"),
    ]);
    // Still pending: not approved, so it cannot have written anything.
    let error = chat
        .record_edit("r1", "w", written("a.txt", Some("old"), "new"), 4.0)
        .unwrap_err();
    assert!(error.to_string().contains("was not approved"), "{error}");
    perform(&mut chat, "r1", "w", written("a.txt", Some("old"), "new"));
    let edit = chat.message("r1").unwrap().tool_calls[0].edit.clone();
    assert_eq!(
        edit,
        Some(FileEdit {
            path: "a.txt".into(),
            before: Some("old".into()),
            after: "new".into(),
            undone: false,
        })
    );
    assert_eq!(chat.updated_at_ms, 4.0);
    // A second record for the same call, a read and unknown ids are refused.
    let again = chat
        .record_edit("r1", "w", written("a.txt", Some("new"), "newer"), 5.0)
        .unwrap_err();
    assert!(
        again.to_string().contains("already has its edit"),
        "{again}"
    );
    // The read runs approved by the settings, and still has no edit to keep.
    let auto_reads = AgentSettings {
        auto_approve_reads: true,
        ..AgentSettings::default()
    };
    let state = chat
        .agent_step("r1", &workspace(), &auto_reads, 5.0)
        .unwrap();
    assert!(matches!(state, AgentState::Performing { .. }), "{state:?}");
    let read = chat
        .record_edit("r1", "r", written("b.txt", None, "x"), 5.0)
        .unwrap_err();
    assert!(read.to_string().contains("does not edit files"), "{read}");
    assert!(matches!(
        chat.record_edit("r1", "nope", written("a", None, ""), 5.0),
        Err(ChatError::ToolCall(_))
    ));
    assert!(matches!(
        chat.record_edit("r9", "w", written("a", None, ""), 5.0),
        Err(ChatError::UnknownMessage(_))
    ));
}

#[test]
fn undo_restores_or_deletes_only_a_file_that_still_holds_the_edit() {
    let mut chat = chat_with(vec![
        call("w", "write_to_file", "a.txt"),
        call("n", "write_to_file", "new.txt"),
    ]);
    perform(
        &mut chat,
        "r1",
        "w",
        written("a.txt", Some("old\r\n"), "new\r\n"),
    );
    perform(&mut chat, "r1", "n", written("new.txt", None, "fresh"));
    assert_eq!(
        chat.plan_undo("r1", "w", Some("new\r\n")).unwrap(),
        UndoPlan::Restore {
            path: "a.txt".into(),
            text: "old\r\n".into()
        }
    );
    assert_eq!(
        chat.plan_undo("r1", "n", Some("fresh")).unwrap(),
        UndoPlan::Delete {
            path: "new.txt".into()
        }
    );
    // Compared exactly: a line ending changed since counts as a change.
    let changed = chat.plan_undo("r1", "w", Some("new\n")).unwrap();
    assert!(
        matches!(&changed, UndoPlan::Refused { reason }
            if reason.starts_with("a.txt changed since this edit, so Undo was refused to keep those changes")),
        "{changed:?}"
    );
    // A created file deleted since is where undoing would leave it: nothing to do but mark it.
    assert_eq!(
        chat.plan_undo("r1", "n", None).unwrap(),
        UndoPlan::AlreadyRestored {
            path: "new.txt".into()
        }
    );
    // An edited file deleted since has nothing left to take back.
    let missing = chat.plan_undo("r1", "w", None).unwrap();
    assert!(
        matches!(&missing, UndoPlan::Refused { reason } if reason.starts_with("a.txt no longer exists")),
        "{missing:?}"
    );
    assert!(matches!(
        chat.plan_undo("r1", "x", Some("")),
        Err(ChatError::ToolCall(_))
    ));
}

#[test]
fn an_undone_edit_is_not_undone_twice_and_a_call_without_edit_has_nothing() {
    let mut chat = chat_with(vec![
        call("w", "write_to_file", "a.txt"),
        call("d", "apply_diff", "a.txt"),
    ]);
    perform(&mut chat, "r1", "w", written("a.txt", Some("old"), "new"));
    let reply = chat.mark_edit_undone("r1", "w", 6.0).unwrap();
    assert!(reply.tool_calls[0].edit.as_ref().unwrap().undone);
    let again = chat.plan_undo("r1", "w", Some("new")).unwrap();
    assert_eq!(
        again,
        UndoPlan::Refused {
            reason: "The edit of a.txt was already undone.".into()
        }
    );
    let error = chat.mark_edit_undone("r1", "w", 7.0).unwrap_err();
    assert!(error.to_string().contains("already undone"), "{error}");
    let none = chat.plan_undo("r1", "d", Some("new")).unwrap();
    assert!(
        matches!(&none, UndoPlan::Refused { reason } if reason.contains("nothing to undo")),
        "{none:?}"
    );
    assert!(chat.mark_edit_undone("r1", "d", 7.0).is_err());
}

#[test]
fn revert_all_lists_the_edits_not_undone_newest_first() {
    let mut chat = chat_with(vec![
        call("w1", "write_to_file", "a.txt"),
        call("w2", "write_to_file", "b.txt"),
    ]);
    perform(&mut chat, "r1", "w1", written("a.txt", Some("v0"), "v1"));
    perform(&mut chat, "r1", "w2", written("b.txt", None, "b"));
    chat.append_user_message("u2", "Again.", 5.0).unwrap();
    add_reply(&mut chat, "r2", vec![call("w3", "apply_diff", "a.txt")]);
    perform(&mut chat, "r2", "w3", written("a.txt", Some("v1"), "v2"));
    chat.mark_edit_undone("r1", "w2", 6.0).unwrap();
    let order: Vec<(String, String, String)> = chat
        .edits_to_revert()
        .into_iter()
        .map(|edit| (edit.reply_id, edit.call_id, edit.path))
        .collect();
    assert_eq!(
        order,
        [
            ("r2".into(), "w3".into(), "a.txt".into()),
            ("r1".into(), "w1".into(), "a.txt".into()),
        ]
    );
    // Undoing in that order walks a.txt back to what it held before the chat: v2, v1, v0.
    let mut file = "v2".to_owned();
    for edit in chat.edits_to_revert() {
        match chat
            .plan_undo(&edit.reply_id, &edit.call_id, Some(&file))
            .unwrap()
        {
            UndoPlan::Restore { text, .. } => file = text,
            other => panic!("expected a restore, got {other:?}"),
        }
        chat.mark_edit_undone(&edit.reply_id, &edit.call_id, 7.0)
            .unwrap();
    }
    assert_eq!(file, "v0");
    assert!(chat.edits_to_revert().is_empty());
}

#[test]
fn edits_survive_the_chat_file_and_can_be_undone_after_reopening() {
    let mut chat = chat_with(vec![
        call("w", "write_to_file", "a.txt"),
        call("n", "write_to_file", "n.txt"),
    ]);
    perform(&mut chat, "r1", "w", written("a.txt", Some("old"), "new"));
    // Written but the editor closed before its outcome: the edit is kept all the same.
    chat.agent_step("r1", &workspace(), &AgentSettings::default(), 3.0)
        .unwrap();
    chat.decide_tool_call("r1", "n", UserDecision::Approve, 3.0)
        .unwrap();
    chat.record_edit("r1", "n", written("n.txt", None, "fresh"), 4.0)
        .unwrap();
    let bytes = write_chat_file(&chat, 1).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"edit\":{"), "{text}");
    let loaded = read_chat_file(&bytes).unwrap().conversation;
    assert_eq!(
        loaded.message("r1").unwrap().tool_calls[0].edit,
        chat.message("r1").unwrap().tool_calls[0].edit
    );
    assert_eq!(
        loaded.plan_undo("r1", "n", Some("fresh")).unwrap(),
        UndoPlan::Delete {
            path: "n.txt".into()
        }
    );
    assert_eq!(loaded.edits_to_revert().len(), 2);
    let mut loaded = loaded;
    loaded.mark_edit_undone("r1", "w", 8.0).unwrap();
    let reread = read_chat_file(&write_chat_file(&loaded, 2).unwrap())
        .unwrap()
        .conversation;
    assert!(
        reread.message("r1").unwrap().tool_calls[0]
            .edit
            .as_ref()
            .unwrap()
            .undone
    );
    assert_eq!(reread.edits_to_revert().len(), 1);
}
