//! Every transition of the loop, and the history it leaves.

use serde_json::json;

use super::*;
use crate::agent::approval::Approval;
use crate::context::{IgnoreFile, IgnoreRules};

const ROOT: &str = "/w";

fn workspace() -> ToolWorkspace {
    ToolWorkspace {
        root: ROOT.into(),
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
        step_limit: 3,
        ..AgentSettings::default()
    }
}

fn agent(auto_approve_reads: bool) -> AgentLoop {
    AgentLoop::new(
        AgentMode::Code,
        settings(auto_approve_reads),
        workspace(),
        vec![MessageParam::user_text("Fix the bug.")],
    )
}

fn call(id: &str, name: &str, arguments: Value) -> AssembledToolCall {
    AssembledToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.to_string(),
    }
}

fn reply(text: &str, calls: Vec<AssembledToolCall>) -> ModelReply {
    ModelReply {
        text: text.into(),
        tool_calls: calls,
    }
}

fn read(id: &str, path: &str) -> AssembledToolCall {
    call(id, "read_file", json!({ "path": path }))
}

fn success(text: &str) -> ToolOutcome {
    ToolOutcome::Success { text: text.into() }
}

/// The last message's tool results as (id, text, is_error).
fn last_results(agent: &AgentLoop) -> Vec<(String, String, bool)> {
    let last = agent.messages().last().unwrap();
    assert_eq!(last.role, Role::User);
    let MessageContent::Blocks(blocks) = &last.content else {
        panic!("the results are blocks");
    };
    blocks
        .iter()
        .map(|block| match block {
            ContentBlock::ToolResult {
                tool_use_id,
                content: ToolResultContent::Text(text),
                is_error,
            } => (tool_use_id.clone(), text.clone(), is_error.unwrap_or(false)),
            other => panic!("not a result: {other:?}"),
        })
        .collect()
}

fn performing_id(state: &AgentState) -> String {
    match state {
        AgentState::Performing { call } => call.id.clone(),
        other => panic!("not performing: {other:?}"),
    }
}

fn approval_of(state: &AgentState) -> PendingToolCall {
    match state {
        AgentState::AwaitingApproval { call } => call.clone(),
        other => panic!("not awaiting approval: {other:?}"),
    }
}

#[test]
fn a_reply_without_tool_calls_ends_the_loop() {
    let mut agent = agent(true);
    assert_eq!(agent.state(), &AgentState::AwaitingModel);
    let state = agent
        .reply_finished(reply("Done, nothing to do.", vec![]))
        .unwrap();
    assert_eq!(
        state,
        &AgentState::Finished {
            end: LoopEnd::Answered
        }
    );
    assert_eq!(agent.messages().len(), 2);
    assert_eq!(agent.steps(), 0);
}

#[test]
fn an_auto_approved_read_is_performed_and_its_result_appended() {
    let mut agent = agent(true);
    let state = agent
        .reply_finished(reply("Reading.", vec![read("c1", "src/a.rs")]))
        .unwrap();
    let AgentState::Performing { call } = state else {
        panic!("{state:?}");
    };
    assert_eq!(call.approval, Approval::AutoApproved);
    assert_eq!(call.path.as_ref().unwrap().absolute, "/w/src/a.rs");
    let state = agent.tool_finished("c1", success("1 | fn a() {}")).unwrap();
    assert_eq!(state, &AgentState::AwaitingModel);
    assert_eq!(agent.steps(), 1);
    assert_eq!(
        agent.messages()[1],
        MessageParam {
            role: Role::Assistant,
            content: MessageContent::Blocks(vec![
                ContentBlock::text("Reading."),
                ContentBlock::ToolUse {
                    id: "c1".into(),
                    name: "read_file".into(),
                    input: json!({"path": "src/a.rs"}),
                },
            ]),
        }
    );
    assert_eq!(
        last_results(&agent),
        [("c1".into(), "1 | fn a() {}".into(), false)]
    );
}

#[test]
fn a_read_asks_when_reads_are_not_auto_approved_and_approval_performs_it() {
    let mut agent = agent(false);
    let pending = approval_of(
        agent
            .reply_finished(reply("", vec![read("c1", "a")]))
            .unwrap(),
    );
    assert_eq!(pending.approval, Approval::AskRead);
    let state = agent.decide("c1", UserDecision::Approve).unwrap();
    assert_eq!(performing_id(state), "c1");
    agent.tool_finished("c1", success("")).unwrap();
    assert_eq!(last_results(&agent)[0].1, EMPTY_OUTPUT_RESULT);
}

#[test]
fn a_secret_looking_file_asks_even_with_reads_auto_approved() {
    let mut agent = agent(true);
    let pending = approval_of(
        agent
            .reply_finished(reply("", vec![read("c1", ".env")]))
            .unwrap(),
    );
    assert_eq!(pending.approval, Approval::AskSecretRead);
}

#[test]
fn edits_ask_and_a_rejection_tells_the_model_why_and_skips_the_rest() {
    let mut agent = agent(true);
    let calls = vec![
        call(
            "w",
            "write_to_file",
            json!({"path": "a.txt", "content": "x"}),
        ),
        read("r", "b.txt"),
    ];
    let pending = approval_of(agent.reply_finished(reply("", calls)).unwrap());
    assert_eq!(pending.approval, Approval::AskEdit);
    let state = agent
        .decide(
            "w",
            UserDecision::Reject {
                reason: Some("use tabs".into()),
            },
        )
        .unwrap();
    assert_eq!(state, &AgentState::AwaitingModel);
    let results = last_results(&agent);
    assert_eq!(results.len(), 2);
    assert!(results[0].1.contains("rejected this write_to_file call"));
    assert!(results[0].1.contains("The user's reason: use tabs"));
    assert!(results[0].2);
    assert_eq!(
        results[1],
        ("r".into(), SKIPPED_AFTER_REJECTION_RESULT.into(), true)
    );
}

#[test]
fn a_rejection_without_a_reason_says_so() {
    let mut agent = agent(true);
    let calls = vec![call(
        "x",
        "execute_command",
        json!({"command": "rm -rf build"}),
    )];
    let pending = approval_of(agent.reply_finished(reply("", calls)).unwrap());
    assert_eq!(pending.approval, Approval::AskCommand);
    agent
        .decide(
            "x",
            UserDecision::Reject {
                reason: Some("  ".into()),
            },
        )
        .unwrap();
    assert!(last_results(&agent)[0].1.contains("gave no reason"));
}

#[test]
fn allow_listed_commands_run_and_chained_ones_ask() {
    let mut agent = agent(false);
    let calls = vec![
        call(
            "a",
            "execute_command",
            json!({"command": "npm test -- --ci", "cwd": "web"}),
        ),
        call(
            "b",
            "execute_command",
            json!({"command": "npm test; curl x | sh"}),
        ),
    ];
    let state = agent.reply_finished(reply("", calls)).unwrap();
    let AgentState::Performing { call } = state else {
        panic!("{state:?}");
    };
    assert_eq!(call.path.as_ref().unwrap().absolute, "/w/web");
    agent
        .tool_finished(
            "a",
            ToolOutcome::Failure {
                text: "1 test failed".into(),
            },
        )
        .unwrap();
    let pending = approval_of(agent.state());
    assert_eq!(pending.id, "b");
    assert_eq!(
        pending.path.unwrap().relative,
        "",
        "no cwd runs in the workspace folder"
    );
}

#[test]
fn refused_and_malformed_calls_become_error_results_without_ending_the_chat() {
    let mut agent = agent(true);
    let calls = vec![
        read("outside", "../secrets.txt"),
        read("git", ".git/config"),
        read("ignored", "private/notes.md"),
        call("unknown", "rm_rf", json!({})),
        AssembledToolCall {
            id: "broken".into(),
            name: "read_file".into(),
            arguments: "{\"path\": ".into(),
        },
        call(
            "folder",
            "write_to_file",
            json!({"path": ".", "content": ""}),
        ),
    ];
    let state = agent.reply_finished(reply("", calls)).unwrap();
    assert_eq!(state, &AgentState::AwaitingModel, "nothing left to perform");
    let results = last_results(&agent);
    let ids: Vec<&str> = results.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["outside", "git", "ignored", "unknown", "broken", "folder"]
    );
    assert!(results.iter().all(|(_, _, is_error)| *is_error));
    assert!(results[0].1.contains("outside the workspace"));
    assert!(results[1].1.contains(".git"));
    assert!(results[2].1.contains(".rooignore"));
    assert!(results[3].1.contains("There is no tool \"rm_rf\""));
    assert!(results[4].1.contains("not valid JSON"));
    assert!(results[5].1.contains("workspace folder itself"));
    // The broken arguments are kept as the text the model sent.
    let MessageContent::Blocks(blocks) = &agent.messages()[1].content else {
        panic!("blocks");
    };
    assert!(
        matches!(&blocks[4], ContentBlock::ToolUse { input: Value::String(text), .. } if text == "{\"path\": ")
    );
}

#[test]
fn attempt_completion_ends_the_loop_after_the_calls_before_it() {
    let mut agent = agent(true);
    let calls = vec![
        read("r", "a"),
        call("done", "attempt_completion", json!({"result": "Fixed."})),
        read("late", "b"),
    ];
    agent.reply_finished(reply("", calls)).unwrap();
    let state = agent.tool_finished("r", success("1 | a")).unwrap();
    assert_eq!(
        state,
        &AgentState::Finished {
            end: LoopEnd::Completed {
                result: "Fixed.".into()
            }
        }
    );
    let results = last_results(&agent);
    assert_eq!(results[1], ("done".into(), COMPLETION_RESULT.into(), false));
    assert_eq!(
        results[2],
        ("late".into(), SKIPPED_AFTER_COMPLETION_RESULT.into(), true)
    );
}

#[test]
fn a_followup_question_is_performed_without_approval_and_the_answer_is_the_result() {
    let mut agent = agent(false);
    let question = call(
        "q",
        "ask_followup_question",
        json!({"question": "Which file?", "suggestions": ["a.rs", "b.rs"]}),
    );
    let state = agent.reply_finished(reply("", vec![question])).unwrap();
    let AgentState::Performing { call } = state else {
        panic!("{state:?}");
    };
    assert_eq!(call.approval, Approval::NotNeeded);
    agent.tool_finished("q", success("b.rs")).unwrap();
    assert_eq!(last_results(&agent)[0].1, "b.rs");
}

#[test]
fn the_step_limit_asks_whether_to_continue() {
    let mut agent = agent(true);
    for step in 1..=3 {
        agent
            .reply_finished(reply("", vec![read(&format!("c{step}"), "a")]))
            .unwrap();
        agent
            .tool_finished(&format!("c{step}"), success("x"))
            .unwrap();
    }
    assert_eq!(agent.state(), &AgentState::AwaitingContinue { steps: 3 });
    assert!(agent.reply_finished(reply("", vec![])).is_err());
    assert_eq!(
        agent.continue_after_limit().unwrap(),
        &AgentState::AwaitingModel
    );
    assert_eq!(agent.steps(), 0);
    agent
        .reply_finished(reply("", vec![read("c4", "a")]))
        .unwrap();
    agent.tool_finished("c4", success("x")).unwrap();
    agent.stop();
    let mut declined = agent.clone();
    declined.reply_finished(reply("", vec![])).unwrap_err();
    assert_eq!(
        declined.state(),
        &AgentState::Finished {
            end: LoopEnd::Stopped
        }
    );
}

#[test]
fn declining_at_the_limit_stops_with_a_consistent_history() {
    let mut agent = AgentLoop::new(
        AgentMode::Code,
        AgentSettings {
            step_limit: 0,
            ..AgentSettings::default()
        },
        workspace(),
        vec![MessageParam::user_text("go")],
    );
    agent
        .reply_finished(reply(
            "",
            vec![call("q", "ask_followup_question", json!({"question": "?"}))],
        ))
        .unwrap();
    agent.tool_finished("q", success("yes")).unwrap();
    assert_eq!(
        agent.state(),
        &AgentState::AwaitingContinue { steps: 1 },
        "a limit of 0 counts as 1"
    );
    let before = agent.messages().len();
    assert_eq!(
        agent.stop(),
        &AgentState::Finished {
            end: LoopEnd::Stopped
        }
    );
    assert_eq!(agent.messages().len(), before, "nothing to answer");
}

#[test]
fn stop_answers_the_pending_and_queued_calls() {
    let mut agent = agent(false);
    let calls = vec![read("a", "x"), read("b", "y"), read("c", "z")];
    agent.reply_finished(reply("", calls)).unwrap();
    agent.decide("a", UserDecision::Approve).unwrap();
    agent.tool_finished("a", success("x")).unwrap();
    assert_eq!(approval_of(agent.state()).id, "b");
    assert_eq!(
        agent.stop(),
        &AgentState::Finished {
            end: LoopEnd::Stopped
        }
    );
    let results = last_results(&agent);
    assert_eq!(results[0], ("a".into(), "x".into(), false));
    assert_eq!(results[1], ("b".into(), STOPPED_RESULT.into(), true));
    assert_eq!(results[2], ("c".into(), STOPPED_RESULT.into(), true));
    // Stopping again changes nothing; every other input is refused.
    let messages = agent.messages().to_vec();
    agent.stop();
    assert_eq!(agent.messages(), messages);
    assert!(agent.decide("b", UserDecision::Approve).is_err());
    assert!(agent.tool_finished("b", success("late")).is_err());
}

#[test]
fn stop_while_performing_or_waiting_for_the_model() {
    let mut performing = agent(true);
    performing
        .reply_finished(reply("", vec![read("a", "x")]))
        .unwrap();
    performing.stop();
    assert_eq!(
        last_results(&performing),
        [("a".into(), STOPPED_RESULT.into(), true)]
    );
    let mut streaming = agent(true);
    assert_eq!(
        streaming.stop(),
        &AgentState::Finished {
            end: LoopEnd::Stopped
        }
    );
    assert_eq!(streaming.messages().len(), 1, "nothing was added");
}

#[test]
fn inputs_that_do_not_fit_the_state_are_refused_and_change_nothing() {
    let mut agent = agent(false);
    let error = agent.decide("a", UserDecision::Approve).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The agent ignored a decision: it is waiting for the model. Go on from its current state."
    );
    assert!(agent.tool_finished("a", success("x")).is_err());
    assert!(agent.continue_after_limit().is_err());
    agent
        .reply_finished(reply(
            "",
            vec![call("w", "apply_diff", json!({"path": "a", "diff": "d"}))],
        ))
        .unwrap();
    assert_eq!(
        agent.decide("other", UserDecision::Approve).unwrap_err(),
        AgentInputError::WrongCall {
            expected: "w".into(),
            got: "other".into()
        }
    );
    assert!(
        agent.tool_finished("w", success("written")).is_err(),
        "no outcome before approval"
    );
    assert_eq!(approval_of(agent.state()).id, "w");
    assert!(agent.reply_finished(reply("", vec![])).is_err());
}

#[test]
fn a_failed_preparation_is_an_error_result_without_approval() {
    let mut agent = agent(false);
    agent
        .reply_finished(reply(
            "",
            vec![call("w", "apply_diff", json!({"path": "a", "diff": "d"}))],
        ))
        .unwrap();
    let state = agent
        .preparation_failed("w", "Block 1's SEARCH part matches nothing.".into())
        .unwrap();
    assert_eq!(state, &AgentState::AwaitingModel);
    assert_eq!(
        last_results(&agent),
        [(
            "w".into(),
            "Block 1's SEARCH part matches nothing.".into(),
            true
        )]
    );
}

#[test]
fn repeated_call_ids_are_made_unique() {
    let mut agent = agent(true);
    agent
        .reply_finished(reply("", vec![read("same", "a"), read("same", "b")]))
        .unwrap();
    agent.tool_finished("same", success("a")).unwrap();
    assert_eq!(performing_id(agent.state()), "same_2");
}

#[test]
fn ask_mode_refuses_every_tool() {
    let mut agent = AgentLoop::new(
        AgentMode::Ask,
        AgentSettings::default(),
        workspace(),
        vec![MessageParam::user_text("hi")],
    );
    agent
        .reply_finished(reply("", vec![read("a", "x")]))
        .unwrap();
    assert!(last_results(&agent)[0].1.contains("Ask mode"));
}

#[test]
fn the_request_caps_large_results_but_the_history_keeps_them() {
    let mut agent = agent(true);
    agent
        .reply_finished(reply("", vec![read("a", "big")]))
        .unwrap();
    let big = "0123456789\n".repeat(5000);
    agent.tool_finished("a", success(&big)).unwrap();
    assert_eq!(last_results(&agent)[0].1, big);
    let sent = agent.request_messages(1000);
    let MessageContent::Blocks(blocks) = &sent.last().unwrap().content else {
        panic!("blocks");
    };
    let ContentBlock::ToolResult {
        content: ToolResultContent::Text(text),
        ..
    } = &blocks[0]
    else {
        panic!("a result");
    };
    assert!(text.len() < 1500 && text.contains("left out here"));
}

#[test]
fn the_state_crosses_the_boundary_as_tagged_camel_case_json() {
    let mut agent = agent(true);
    let state = agent
        .reply_finished(reply("", vec![read("c1", "src/a.rs")]))
        .unwrap();
    assert_eq!(
        serde_json::to_value(state).unwrap(),
        json!({"kind": "performing", "call": {
            "id": "c1",
            "request": {"tool": "read_file", "path": "src/a.rs", "startLine": null, "endLine": null},
            "path": {"relative": "src/a.rs", "absolute": "/w/src/a.rs", "looksSecret": false},
            "approval": "autoApproved"
        }})
    );
    let decision: UserDecision =
        serde_json::from_value(json!({"kind": "reject", "reason": "no"})).unwrap();
    assert_eq!(
        decision,
        UserDecision::Reject {
            reason: Some("no".into())
        }
    );
}
