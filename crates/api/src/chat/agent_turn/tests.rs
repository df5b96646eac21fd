//! The agent's steps on a chat: the states the chat's tool calls lead to, the decisions and
//! outcomes they take, the history they leave, and what a reload does with open calls.

use serde_json::{Value, json};

use super::*;
use crate::agent::{Approval, AssembledToolCall, PathTarget};
use crate::chat::stored::{read_chat_file, write_chat_file};
use crate::context::{IgnoreFile, IgnoreRules};
use crate::messages::{ContentBlock, MessageContent, ToolResultContent};
use crate::stream::ApiStreamChunk;

fn workspace() -> ToolWorkspace {
    ToolWorkspace {
        root: "/w".into(),
        rooignore: IgnoreRules::new(&[IgnoreFile {
            folder: String::new(),
            text: "private/\n".into(),
        }]),
    }
}

fn settings(auto_approve_reads: bool) -> AgentSettings {
    AgentSettings {
        auto_approve_reads,
        command_allow_list: vec!["npm test".into()],
        step_limit: 2,
        ..AgentSettings::default()
    }
}

fn call(id: &str, name: &str, arguments: Value) -> AssembledToolCall {
    AssembledToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.to_string(),
    }
}

/// A Code mode chat with the user's task and a finished reply `r1` that made `calls`.
fn chat_with_reply(calls: Vec<AssembledToolCall>) -> Conversation {
    let mut chat = Conversation::new("c", 1.0);
    chat.set_mode(AgentMode::Code, "m", Some(true), 1.0)
        .unwrap();
    chat.append_user_message("u1", "Fix the bug.", 1.0).unwrap();
    add_reply(&mut chat, "r1", calls);
    chat
}

fn add_reply(chat: &mut Conversation, id: &str, calls: Vec<AssembledToolCall>) {
    chat.begin_reply(id, "m", 2.0).unwrap();
    let chunks = [
        ApiStreamChunk::Text {
            text: "Looking.".into(),
        },
        ApiStreamChunk::ToolCalls { calls },
    ];
    chat.apply_chunks(id, &chunks, 2.0).unwrap();
    chat.finish_reply(id, 2.0).unwrap();
}

fn step(chat: &mut Conversation, reply: &str, auto_reads: bool) -> AgentState {
    chat.agent_step(reply, &workspace(), &settings(auto_reads), 3.0)
        .unwrap()
}

fn statuses(chat: &Conversation, reply: &str) -> Vec<ToolCallStatus> {
    chat.message(reply)
        .unwrap()
        .tool_calls
        .iter()
        .map(|call| call.status.clone())
        .collect()
}

fn success(text: &str) -> ToolOutcome {
    ToolOutcome::Success { text: text.into() }
}

#[test]
fn code_mode_is_refused_for_a_model_that_cannot_call_tools_naming_it() {
    let mut chat = Conversation::new("c", 1.0);
    assert_eq!(chat.mode, AgentMode::Ask);
    let error = chat
        .set_mode(AgentMode::Code, "gpt-3.5-turbo-instruct", Some(false), 2.0)
        .unwrap_err();
    assert!(matches!(error, ChatError::ModeUnavailable(_)));
    assert!(
        error.to_string().contains("gpt-3.5-turbo-instruct"),
        "{error}"
    );
    assert_eq!(chat.mode, AgentMode::Ask);
    // Unknown support keeps Code available; Ask is always fine.
    let effective = chat.set_mode(AgentMode::Code, "m", None, 2.0).unwrap();
    assert_eq!(effective.mode, AgentMode::Code);
    assert_eq!(chat.mode, AgentMode::Code);
    chat.set_mode(AgentMode::Ask, "m", Some(false), 3.0)
        .unwrap();
    assert_eq!(chat.mode, AgentMode::Ask);
}

#[test]
fn the_tool_calls_chunk_is_recorded_pending_with_unique_ids() {
    let chat = chat_with_reply(vec![
        call("a", "read_file", json!({"path": "x.rs"})),
        call("a", "read_file", json!({"path": "y.rs"})),
    ]);
    let reply = chat.message("r1").unwrap();
    let ids: Vec<&str> = reply
        .tool_calls
        .iter()
        .map(|call| call.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "a_2"]);
    assert!(
        reply
            .tool_calls
            .iter()
            .all(|call| call.status == ToolCallStatus::Pending)
    );
    assert_eq!(reply.text, "Looking.");
}

#[test]
fn a_reply_without_calls_finishes_answered() {
    let mut chat = chat_with_reply(Vec::new());
    assert_eq!(
        step(&mut chat, "r1", false),
        AgentState::Finished {
            end: LoopEnd::Answered
        }
    );
}

#[test]
fn refused_calls_are_answered_and_the_next_call_asks_for_approval() {
    let mut chat = chat_with_reply(vec![
        call("bad", "delete_everything", json!({})),
        call("out", "read_file", json!({"path": "../etc/passwd"})),
        call("ign", "read_file", json!({"path": "private/key.txt"})),
        call(
            "w",
            "write_to_file",
            json!({"path": "src/a.rs", "content": "x"}),
        ),
    ]);
    let AgentState::AwaitingApproval { call } = step(&mut chat, "r1", true) else {
        panic!("the write needs approval");
    };
    assert_eq!(call.id, "w");
    assert_eq!(call.path.as_ref().unwrap().relative, "src/a.rs");
    let statuses = statuses(&chat, "r1");
    assert!(
        statuses[..3]
            .iter()
            .all(|status| matches!(status, ToolCallStatus::Refused { .. })),
        "{statuses:?}"
    );
    assert_eq!(statuses[3], ToolCallStatus::Pending);
    let _ = PathTarget::File;
}

#[test]
fn approve_then_outcome_then_the_next_request_with_every_result() {
    let mut chat = chat_with_reply(vec![
        call("r", "read_file", json!({"path": "src/a.rs"})),
        call(
            "w",
            "write_to_file",
            json!({"path": "src/a.rs", "content": "fixed"}),
        ),
    ]);
    // Reads are auto-approved: performed at once.
    let AgentState::Performing { call } = step(&mut chat, "r1", true) else {
        panic!("an auto-approved read is performed");
    };
    assert_eq!(
        (call.id.as_str(), call.approval),
        ("r", Approval::AutoApproved)
    );
    assert_eq!(
        statuses(&chat, "r1")[0],
        ToolCallStatus::Approved { auto: true }
    );
    chat.record_tool_outcome("r1", "r", success("1 | bug"), 4.0)
        .unwrap();
    let AgentState::AwaitingApproval { call } = step(&mut chat, "r1", true) else {
        panic!("the write asks");
    };
    assert_eq!(call.id, "w");
    // A success before approval is refused and changes nothing.
    assert!(
        chat.record_tool_outcome("r1", "w", success("written"), 4.0)
            .is_err()
    );
    chat.decide_tool_call("r1", "w", UserDecision::Approve, 5.0)
        .unwrap();
    assert!(matches!(
        step(&mut chat, "r1", true),
        AgentState::Performing { .. }
    ));
    chat.record_tool_outcome("r1", "w", success(""), 6.0)
        .unwrap();
    assert_eq!(step(&mut chat, "r1", true), AgentState::AwaitingModel);
    // A second outcome for an answered call is refused.
    assert!(
        chat.record_tool_outcome("r1", "w", success("again"), 6.0)
            .is_err()
    );

    let params = chat.to_message_params();
    assert_eq!(params.len(), 3, "{params:?}");
    let MessageContent::Blocks(assistant) = &params[1].content else {
        panic!("the reply is blocks");
    };
    assert_eq!(assistant[0], ContentBlock::text("Looking."));
    assert!(
        matches!(&assistant[1], ContentBlock::ToolUse { id, name, input }
        if id == "r" && name == "read_file" && input == &json!({"path": "src/a.rs"}))
    );
    assert_eq!(params[2].role, Role::User);
    let MessageContent::Blocks(results) = &params[2].content else {
        panic!("the results are blocks");
    };
    assert_eq!(
        results,
        &vec![
            ContentBlock::ToolResult {
                tool_use_id: "r".into(),
                content: ToolResultContent::Text("1 | bug".into()),
                is_error: None,
            },
            ContentBlock::ToolResult {
                tool_use_id: "w".into(),
                content: ToolResultContent::Text(crate::agent::step::EMPTY_OUTPUT_RESULT.into()),
                is_error: None,
            },
        ]
    );
}

#[test]
fn a_rejection_answers_the_later_calls_as_not_run_and_sends_the_reason() {
    let mut chat = chat_with_reply(vec![
        call(
            "w",
            "write_to_file",
            json!({"path": "a.rs", "content": "x"}),
        ),
        call("c", "execute_command", json!({"command": "rm -rf build"})),
    ]);
    assert!(matches!(
        step(&mut chat, "r1", false),
        AgentState::AwaitingApproval { .. }
    ));
    // Deciding for a call that is not the reply's is refused.
    assert!(
        chat.decide_tool_call("r1", "nope", UserDecision::Approve, 4.0)
            .is_err()
    );
    let reason = Some("Use the other file.".to_owned());
    chat.decide_tool_call("r1", "w", UserDecision::Reject { reason }, 4.0)
        .unwrap();
    assert_eq!(
        statuses(&chat, "r1")[1],
        ToolCallStatus::NotRun {
            text: SKIPPED_AFTER_REJECTION_RESULT.into()
        }
    );
    assert_eq!(step(&mut chat, "r1", false), AgentState::AwaitingModel);
    let params = chat.to_message_params();
    let MessageContent::Blocks(results) = &params[2].content else {
        panic!("results");
    };
    assert!(
        matches!(&results[0], ContentBlock::ToolResult { content: ToolResultContent::Text(text), is_error: Some(true), .. }
        if text.contains("Use the other file."))
    );
}

#[test]
fn attempt_completion_finishes_with_its_result_and_skips_later_calls() {
    let mut chat = chat_with_reply(vec![
        call("done", "attempt_completion", json!({"result": "Fixed it."})),
        call("r", "read_file", json!({"path": "a.rs"})),
    ]);
    let expected = AgentState::Finished {
        end: LoopEnd::Completed {
            result: "Fixed it.".into(),
        },
    };
    assert_eq!(step(&mut chat, "r1", true), expected);
    assert_eq!(
        statuses(&chat, "r1")[1],
        ToolCallStatus::NotRun {
            text: SKIPPED_AFTER_COMPLETION_RESULT.into()
        }
    );
    // Asking again gives the same answer.
    assert_eq!(step(&mut chat, "r1", true), expected);
}

#[test]
fn the_step_limit_asks_whether_to_continue_every_limit_steps() {
    let mut chat = chat_with_reply(vec![call("l1", "list_files", json!({"path": "."}))]);
    assert!(matches!(
        step(&mut chat, "r1", true),
        AgentState::Performing { .. }
    ));
    chat.record_tool_outcome("r1", "l1", success("a.rs"), 4.0)
        .unwrap();
    assert_eq!(step(&mut chat, "r1", true), AgentState::AwaitingModel);
    add_reply(
        &mut chat,
        "r2",
        vec![call("l2", "list_files", json!({"path": "."}))],
    );
    step(&mut chat, "r2", true);
    chat.record_tool_outcome("r2", "l2", success("a.rs"), 4.0)
        .unwrap();
    assert_eq!(
        step(&mut chat, "r2", true),
        AgentState::AwaitingContinue { steps: 2 }
    );
}

#[test]
fn stop_answers_open_calls_and_a_failed_preparation_is_taken_while_pending() {
    let mut chat = chat_with_reply(vec![
        call(
            "d",
            "apply_diff",
            json!({"path": "a.rs", "diff": "<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE"}),
        ),
        call(
            "w",
            "write_to_file",
            json!({"path": "b.rs", "content": "x"}),
        ),
    ]);
    assert!(matches!(
        step(&mut chat, "r1", false),
        AgentState::AwaitingApproval { .. }
    ));
    chat.record_tool_outcome(
        "r1",
        "d",
        ToolOutcome::Failure {
            text: "The search block matches nothing.".into(),
        },
        4.0,
    )
    .unwrap();
    assert!(
        matches!(step(&mut chat, "r1", false), AgentState::AwaitingApproval { call } if call.id == "w")
    );
    chat.stop_tool_calls("r1", 5.0).unwrap();
    assert_eq!(
        statuses(&chat, "r1")[1],
        ToolCallStatus::NotRun {
            text: STOPPED_RESULT.into()
        }
    );
    assert_eq!(step(&mut chat, "r1", false), AgentState::AwaitingModel);
}

#[test]
fn a_streaming_reply_has_no_step_yet_and_a_stopped_one_is_finished() {
    let mut chat = Conversation::new("c", 1.0);
    chat.append_user_message("u1", "Hi", 1.0).unwrap();
    chat.begin_reply("r1", "m", 2.0).unwrap();
    assert!(matches!(
        chat.agent_step("r1", &workspace(), &settings(false), 3.0),
        Err(ChatError::ToolCall(_))
    ));
    chat.stop_reply("r1", 3.0).unwrap();
    assert_eq!(
        step(&mut chat, "r1", false),
        AgentState::Finished {
            end: LoopEnd::Stopped
        }
    );
    assert!(matches!(
        chat.agent_step("u1", &workspace(), &settings(false), 3.0),
        Err(ChatError::NotAReply(_))
    ));
}

#[test]
fn the_calls_and_mode_survive_the_file_and_open_ones_are_settled_on_load() {
    let mut chat = chat_with_reply(vec![
        call("r", "read_file", json!({"path": "a.rs"})),
        call(
            "w",
            "write_to_file",
            json!({"path": "b.rs", "content": "x"}),
        ),
        call("c", "execute_command", json!({"command": "ls"})),
    ]);
    step(&mut chat, "r1", true);
    chat.record_tool_outcome("r1", "r", success("1 | a"), 4.0)
        .unwrap();
    step(&mut chat, "r1", true);
    chat.decide_tool_call("r1", "w", UserDecision::Approve, 4.0)
        .unwrap();
    let bytes = write_chat_file(&chat, 1).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"mode\":\"code\""), "{text}");
    assert!(text.contains("\"toolCalls\""), "{text}");
    let loaded = read_chat_file(&bytes).unwrap().conversation;
    assert_eq!(loaded.mode, AgentMode::Code);
    assert_eq!(
        statuses(&loaded, "r1"),
        vec![
            ToolCallStatus::Succeeded {
                text: "1 | a".into()
            },
            ToolCallStatus::Failed {
                text: INTERRUPTED_RESULT.into()
            },
            ToolCallStatus::NotRun {
                text: STOPPED_RESULT.into()
            },
        ]
    );
    // A chat without calls or a mode writes neither field.
    let plain = Conversation::new("p", 1.0);
    let text = String::from_utf8(write_chat_file(&plain, 1).unwrap()).unwrap();
    assert!(
        !text.contains("mode") && !text.contains("toolCalls"),
        "{text}"
    );
}

#[test]
fn a_large_result_is_whole_in_the_chat_and_capped_in_the_request() {
    let mut chat = chat_with_reply(vec![call("r", "read_file", json!({"path": "big.rs"}))]);
    step(&mut chat, "r1", true);
    let big = "x".repeat(crate::agent::DEFAULT_TOOL_RESULT_CAP_CHARS * 2);
    chat.record_tool_outcome("r1", "r", success(&big), 4.0)
        .unwrap();
    let whole = chat.to_message_params();
    let sizing = crate::chat::send::RequestSizing {
        system_prompt_tokens: 10,
        context_window: 1_000_000,
        output_reserve: 1000,
        supports_images: false,
    };
    let planned = chat.planned_request(&sizing).unwrap();
    let result_len = |params: &[crate::messages::MessageParam]| match &params[2].content {
        MessageContent::Blocks(blocks) => match &blocks[0] {
            ContentBlock::ToolResult {
                content: ToolResultContent::Text(text),
                ..
            } => text.len(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert_eq!(result_len(&whole), big.len());
    assert!(result_len(&planned.messages) < big.len());
    assert!(matches!(
        &chat.message("r1").unwrap().tool_calls[0].status,
        ToolCallStatus::Succeeded { text } if text.len() == big.len()
    ));
}

#[test]
fn a_reply_that_only_called_tools_is_not_offered_for_retry() {
    let mut chat = Conversation::new("c", 1.0);
    chat.append_user_message("u1", "Go", 1.0).unwrap();
    chat.begin_reply("r1", "m", 2.0).unwrap();
    chat.apply_chunks(
        "r1",
        &[ApiStreamChunk::ToolCalls {
            calls: vec![call("l", "list_files", json!({"path": "."}))],
        }],
        2.0,
    )
    .unwrap();
    chat.finish_reply("r1", 2.0).unwrap();
    assert_eq!(chat.retry_target(), None);
}

#[test]
fn code_mode_sizing_counts_the_tools_with_the_prompt() {
    let base =
        crate::chat::send::RequestSizing::new(&crate::model_info::ModelInfo::default(), "sys");
    assert_eq!(base.in_mode(AgentMode::Ask), base);
    assert_eq!(
        base.in_mode(AgentMode::Code).system_prompt_tokens,
        base.system_prompt_tokens + crate::agent::request::tools_tokens(AgentMode::Code)
    );
}

#[test]
fn the_rendered_chat_becomes_openai_tool_calls_and_tool_messages() {
    let mut chat = chat_with_reply(vec![call("r", "read_file", json!({"path": "a.rs"}))]);
    step(&mut chat, "r1", true);
    chat.record_tool_outcome("r1", "r", success("1 | a"), 4.0)
        .unwrap();
    let sent = crate::transform::openai_format::convert_to_openai_messages(
        "sys",
        &chat.to_message_params(),
    );
    let sent = serde_json::to_value(&sent).unwrap();
    assert_eq!(sent[2]["role"], "assistant");
    assert_eq!(sent[2]["tool_calls"][0]["id"], "r");
    assert_eq!(sent[2]["tool_calls"][0]["function"]["name"], "read_file");
    assert_eq!(sent[3]["role"], "tool");
    assert_eq!(sent[3]["tool_call_id"], "r");
    assert_eq!(sent[3]["content"], "1 | a");
}
