//! Tests of the conversation operations: titles, replies and their chunks, totals, the history
//! sent to the model, and Retry.

use super::*;
use crate::stream::{CostSource, Usage};

fn text(text: &str) -> ApiStreamChunk {
    ApiStreamChunk::Text { text: text.into() }
}

fn usage(input: u64, output: u64, cost: Cost) -> Usage {
    Usage {
        input_tokens: input,
        output_tokens: output,
        cache_write_tokens: None,
        cache_read_tokens: None,
        reasoning_tokens: None,
        cost,
        estimated: false,
        cache_savings: None,
    }
}

fn known(usd: f64) -> Cost {
    Cost::Known {
        usd,
        source: CostSource::Proxy,
    }
}

fn server_error() -> ApiError {
    classify::stream_cut_short("connection reset")
}

/// A chat with one question and a reply in `state`, whose text is `reply_text`.
fn chat_with_reply(reply_text: &str, end: Option<ApiError>) -> Conversation {
    let mut chat = Conversation::new("c1", 1.0);
    chat.append_user_message("u1", "hello", 2.0).unwrap();
    chat.begin_reply("a1", "gpt-4o", 3.0).unwrap();
    let mut chunks = vec![];
    if !reply_text.is_empty() {
        chunks.push(text(reply_text));
    }
    if let Some(error) = end {
        chunks.push(ApiStreamChunk::Error { error });
    }
    chat.apply_chunks("a1", &chunks, 4.0).unwrap();
    chat
}

#[test]
fn a_new_chat_is_empty_and_untitled() {
    let chat = Conversation::new("c1", 1000.0);
    assert_eq!(chat.id, "c1");
    assert_eq!(chat.title, "");
    assert_eq!(chat.created_at_ms, 1000.0);
    assert_eq!(chat.updated_at_ms, 1000.0);
    assert!(chat.messages.is_empty());
}

#[test]
fn the_first_user_message_names_the_chat_and_later_ones_do_not() {
    let mut chat = Conversation::new("c1", 1.0);
    let message = chat
        .append_user_message("u1", "\n  Explain lifetimes  \nin detail", 5.0)
        .unwrap();
    assert_eq!(message.role, Role::User);
    assert_eq!(message.state, MessageState::Complete);
    assert_eq!(message.text, "\n  Explain lifetimes  \nin detail");
    assert_eq!(chat.title, "Explain lifetimes");
    assert_eq!(chat.updated_at_ms, 5.0);
    chat.append_user_message("u2", "Something else", 6.0)
        .unwrap();
    assert_eq!(chat.title, "Explain lifetimes");
}

#[test]
fn long_titles_are_cut_at_a_character_boundary_with_an_ellipsis() {
    let long = "é".repeat(100);
    let title = title_from_text(&long);
    assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
    assert!(title.ends_with('…'));
    assert!(title.starts_with("éé"));

    let words = "word ".repeat(30);
    let title = title_from_text(&words);
    assert!(title.chars().count() <= MAX_TITLE_CHARS);
    assert!(
        title.ends_with("word…") || title.ends_with("wor…"),
        "{title}"
    );
    assert!(!title.contains(" …"));

    let exact = "x".repeat(MAX_TITLE_CHARS);
    assert_eq!(title_from_text(&exact), exact);
    assert_eq!(title_from_text("🦀 crab"), "🦀 crab");
}

#[test]
fn blank_user_messages_and_reused_ids_are_refused() {
    let mut chat = Conversation::new("c1", 1.0);
    assert_eq!(
        chat.append_user_message("u1", "  \n ", 2.0).unwrap_err(),
        ChatError::EmptyMessage
    );
    chat.append_user_message("u1", "hi", 2.0).unwrap();
    assert_eq!(
        chat.append_user_message("u1", "again", 3.0).unwrap_err(),
        ChatError::DuplicateId("u1".into())
    );
    assert_eq!(
        chat.begin_reply("u1", "m", 3.0).unwrap_err(),
        ChatError::DuplicateId("u1".into())
    );
    assert_eq!(chat.messages.len(), 1);
}

#[test]
fn begin_reply_adds_a_streaming_assistant_message() {
    let mut chat = Conversation::new("c1", 1.0);
    chat.append_user_message("u1", "hi", 2.0).unwrap();
    let reply = chat.begin_reply("a1", "claude-sonnet", 3.0).unwrap();
    assert_eq!(reply.role, Role::Assistant);
    assert_eq!(reply.state, MessageState::Streaming);
    assert_eq!(reply.model_id.as_deref(), Some("claude-sonnet"));
    assert_eq!(reply.text, "");
    assert_eq!(chat.updated_at_ms, 3.0);
}

#[test]
fn chunks_append_text_and_reasoning_and_the_last_usage_wins() {
    let mut chat = chat_with_reply("", None);
    let chunks = [
        ApiStreamChunk::Reasoning {
            text: "think ".into(),
        },
        ApiStreamChunk::Reasoning {
            text: "hard".into(),
        },
        text("Hel"),
        ApiStreamChunk::Usage(usage(1, 1, Cost::Unknown)),
        text("lo"),
    ];
    chat.apply_chunks("a1", &chunks, 7.0).unwrap();
    let reply = chat
        .apply_chunks(
            "a1",
            &[text("!"), ApiStreamChunk::Usage(usage(10, 3, known(0.5)))],
            8.0,
        )
        .unwrap();
    assert_eq!(reply.text, "Hello!");
    assert_eq!(reply.reasoning, "think hard");
    assert_eq!(reply.usage, Some(usage(10, 3, known(0.5))));
    assert_eq!(reply.state, MessageState::Streaming);
    assert_eq!(chat.updated_at_ms, 8.0);
    let reply = chat.finish_reply("a1", 9.0).unwrap();
    assert_eq!(reply.state, MessageState::Complete);
    assert_eq!(reply.error, None);
}

#[test]
fn an_error_chunk_after_text_keeps_the_text_and_marks_the_reply_failed() {
    let chat = chat_with_reply("partial answ", Some(server_error()));
    let reply = chat.message("a1").unwrap();
    assert_eq!(reply.text, "partial answ");
    assert_eq!(reply.state, MessageState::Failed);
    assert_eq!(reply.error, Some(server_error()));
}

#[test]
fn a_spent_budget_reply_keeps_the_reset_time_it_finished_with() {
    // LiteLLM's documented answer for a key whose budget is spent.
    let body = r#"{"error":{"message":"Budget has been exceeded! Current cost: 10.0213, Max budget: 10.0","type":"budget_exceeded","param":null,"code":"400"}}"#;
    let spent = classify::classify_http_error(400, &[], body, None);
    let mut chat = chat_with_reply("", Some(spent.clone()));
    let reply = chat
        .finish_reply_for_key("a1", 5.0, Some("2026-12-01T00:00:00Z"))
        .unwrap();
    assert_eq!(reply.state, MessageState::Failed);
    let message = &reply.error.as_ref().unwrap().message;
    assert!(
        message.contains("resets at 2026-12-01T00:00:00Z"),
        "{message}"
    );
    assert!(message.contains("$10.02 spent of $10.00"), "{message}");

    let mut unknown_reset = chat_with_reply("", Some(spent.clone()));
    let reply = unknown_reset.finish_reply_for_key("a1", 5.0, None).unwrap();
    assert_eq!(reply.error, Some(spent));
    let mut other = chat_with_reply("partial", Some(server_error()));
    let reply = other
        .finish_reply_for_key("a1", 5.0, Some("2026-12-01T00:00:00Z"))
        .unwrap();
    assert_eq!(reply.error, Some(server_error()));
}

#[test]
fn a_cancelled_error_chunk_marks_the_reply_stopped() {
    let chat = chat_with_reply("some", Some(classify::cancelled()));
    let reply = chat.message("a1").unwrap();
    assert_eq!(reply.state, MessageState::Stopped);
    assert_eq!(reply.text, "some");
    assert_eq!(
        reply.error.as_ref().map(|error| error.kind),
        Some(ApiErrorKind::Cancelled)
    );
}

#[test]
fn an_ended_reply_ignores_later_text_but_records_later_usage() {
    let mut chat = chat_with_reply("kept", Some(server_error()));
    let reply = chat
        .apply_chunks(
            "a1",
            &[
                text(" late"),
                ApiStreamChunk::Error {
                    error: classify::cancelled(),
                },
                ApiStreamChunk::Usage(usage(5, 2, known(0.01))),
            ],
            9.0,
        )
        .unwrap();
    assert_eq!(reply.text, "kept");
    assert_eq!(reply.state, MessageState::Failed);
    assert_eq!(reply.error, Some(server_error()));
    assert_eq!(reply.usage, Some(usage(5, 2, known(0.01))));
    // Finishing or stopping an ended reply leaves it as it ended.
    assert_eq!(
        chat.finish_reply("a1", 10.0).unwrap().state,
        MessageState::Failed
    );
    assert_eq!(
        chat.stop_reply("a1", 10.0).unwrap().state,
        MessageState::Failed
    );
}

#[test]
fn chunks_after_an_error_in_the_same_batch_are_ignored() {
    let mut chat = chat_with_reply("", None);
    let reply = chat
        .apply_chunks(
            "a1",
            &[
                text("a"),
                ApiStreamChunk::Error {
                    error: server_error(),
                },
                text("b"),
            ],
            5.0,
        )
        .unwrap();
    assert_eq!(reply.text, "a");
}

#[test]
fn stop_reply_marks_a_streaming_reply_stopped_with_the_cancelled_error() {
    let mut chat = chat_with_reply("half", None);
    let reply = chat.stop_reply("a1", 6.0).unwrap();
    assert_eq!(reply.state, MessageState::Stopped);
    assert_eq!(reply.text, "half");
    assert_eq!(reply.error, Some(classify::cancelled()));
    assert_eq!(chat.updated_at_ms, 6.0);
    // A completed reply is not turned into a stopped one.
    let mut chat = chat_with_reply("done", None);
    chat.finish_reply("a1", 5.0).unwrap();
    assert_eq!(
        chat.stop_reply("a1", 6.0).unwrap().state,
        MessageState::Complete
    );
}

#[test]
fn operations_on_unknown_or_user_messages_are_errors_not_panics() {
    let mut chat = chat_with_reply("x", None);
    assert_eq!(
        chat.apply_chunks("nope", &[text("x")], 1.0).unwrap_err(),
        ChatError::UnknownMessage("nope".into())
    );
    assert_eq!(
        chat.apply_chunks("u1", &[text("x")], 1.0).unwrap_err(),
        ChatError::NotAReply("u1".into())
    );
    assert_eq!(
        chat.finish_reply("nope", 1.0).unwrap_err(),
        ChatError::UnknownMessage("nope".into())
    );
    assert_eq!(
        chat.stop_reply("u1", 1.0).unwrap_err(),
        ChatError::NotAReply("u1".into())
    );
    assert_eq!(chat.message("u1").unwrap().text, "hello");
    // A refused operation leaves the chat's time alone.
    assert_eq!(chat.updated_at_ms, 4.0);
}

#[test]
fn times_that_are_not_numbers_are_not_stored() {
    let mut chat = Conversation::new("c1", f64::NAN);
    assert_eq!(chat.created_at_ms, 0.0);
    chat.append_user_message("u1", "hi", 50.0).unwrap();
    chat.begin_reply("a1", "m", f64::INFINITY).unwrap();
    assert_eq!(chat.updated_at_ms, 50.0);
}

#[test]
fn totals_sum_usage_and_count_replies_with_unknown_cost() {
    let mut chat = Conversation::new("c1", 1.0);
    let replies = [
        ("a1", Some(usage(100, 20, known(0.25)))),
        ("a2", Some(usage(300, 40, Cost::Unknown))),
        ("a3", Some(usage(50, 5, known(0.5)))),
        ("a4", None),
        ("a5", Some(usage(1, 1, Cost::Unknown))),
    ];
    for (index, (id, reply_usage)) in replies.into_iter().enumerate() {
        chat.append_user_message(format!("u{index}"), "q", 2.0)
            .unwrap();
        chat.begin_reply(id, "m", 3.0).unwrap();
        let chunks: Vec<_> = reply_usage.into_iter().map(ApiStreamChunk::Usage).collect();
        chat.apply_chunks(id, &chunks, 4.0).unwrap();
        chat.finish_reply(id, 5.0).unwrap();
    }
    let totals = chat.totals();
    assert_eq!(totals.input_tokens, 451);
    assert_eq!(totals.output_tokens, 66);
    assert!((totals.known_cost_usd - 0.75).abs() < 1e-12);
    assert_eq!(totals.replies_with_unknown_cost, 2);
    assert_eq!(
        Conversation::new("empty", 0.0).totals(),
        ConversationTotals {
            input_tokens: 0,
            output_tokens: 0,
            known_cost_usd: 0.0,
            replies_with_unknown_cost: 0,
        }
    );
}

#[test]
fn summary_has_the_id_title_time_and_count() {
    let mut chat = chat_with_reply("answer", None);
    chat.finish_reply("a1", 9.0).unwrap();
    assert_eq!(
        chat.summary(),
        ConversationSummary {
            id: "c1".into(),
            title: "hello".into(),
            updated_at_ms: 9.0,
            message_count: 2,
        }
    );
}

#[test]
fn message_params_follow_the_chat_and_keep_partial_replies() {
    let mut chat = chat_with_reply("partial", Some(classify::cancelled()));
    chat.append_user_message("u2", "go on", 5.0).unwrap();
    assert_eq!(
        chat.to_message_params(),
        vec![
            MessageParam::user_text("hello"),
            MessageParam::assistant_text("partial"),
            MessageParam::user_text("go on"),
        ]
    );
}

#[test]
fn message_params_merge_user_turns_around_an_empty_failed_reply() {
    let mut chat = chat_with_reply("", Some(server_error()));
    chat.append_user_message("u2", "are you there?", 5.0)
        .unwrap();
    chat.begin_reply("a2", "m", 6.0).unwrap();
    let params = chat.to_message_params();
    assert_eq!(
        params,
        vec![MessageParam::user_text("hello\n\nare you there?")]
    );
    chat.apply_chunks("a2", &[text("yes")], 7.0).unwrap();
    chat.finish_reply("a2", 8.0).unwrap();
    chat.append_user_message("u3", "good", 9.0).unwrap();
    let roles: Vec<Role> = chat
        .to_message_params()
        .iter()
        .map(|param| param.role)
        .collect();
    assert_eq!(roles, [Role::User, Role::Assistant, Role::User]);
}

#[test]
fn message_params_of_an_empty_chat_are_empty() {
    assert!(Conversation::new("c", 0.0).to_message_params().is_empty());
}

#[test]
fn retry_replaces_a_failed_reply_and_keeps_the_user_message() {
    let mut chat = chat_with_reply("partial", Some(server_error()));
    assert_eq!(chat.retry_target(), Some(0));
    let reply = chat.prepare_retry("a2", "other-model", 10.0).unwrap();
    assert_eq!(reply.id, "a2");
    assert_eq!(reply.state, MessageState::Streaming);
    assert_eq!(reply.model_id.as_deref(), Some("other-model"));
    let ids: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["u1", "a2"]);
    assert_eq!(chat.message("u1").unwrap().text, "hello");
    assert_eq!(chat.updated_at_ms, 10.0);
    assert_eq!(chat.to_message_params(), [MessageParam::user_text("hello")]);
}

#[test]
fn retry_replaces_stopped_and_empty_replies() {
    let mut chat = chat_with_reply("", Some(classify::cancelled()));
    chat.prepare_retry("a2", "m", 5.0).unwrap();
    chat.finish_reply("a2", 6.0).unwrap();
    // An empty completed reply is as good as failed.
    assert_eq!(chat.retry_target(), Some(0));
    chat.prepare_retry("a3", "m", 7.0).unwrap();
    let ids: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["u1", "a3"]);
}

#[test]
fn retry_answers_a_user_message_that_got_no_reply() {
    let mut chat = Conversation::new("c1", 1.0);
    chat.append_user_message("u1", "hi", 2.0).unwrap();
    assert_eq!(chat.retry_target(), Some(0));
    chat.prepare_retry("a1", "m", 3.0).unwrap();
    assert_eq!(chat.messages.len(), 2);
}

#[test]
fn retry_is_refused_when_there_is_nothing_to_retry_and_never_drops_the_user_message() {
    assert_eq!(
        Conversation::new("c", 0.0)
            .prepare_retry("a", "m", 1.0)
            .unwrap_err(),
        ChatError::NothingToRetry
    );

    let mut streaming = chat_with_reply("so far", None);
    assert_eq!(
        streaming.prepare_retry("a2", "m", 5.0).unwrap_err(),
        ChatError::ReplyInProgress
    );
    assert_eq!(streaming.retry_target(), None);

    let mut complete = chat_with_reply("done", None);
    complete.finish_reply("a1", 5.0).unwrap();
    assert_eq!(complete.retry_target(), None);
    assert_eq!(
        complete.prepare_retry("a2", "m", 6.0).unwrap_err(),
        ChatError::NothingToRetry
    );

    let mut failed = chat_with_reply("x", Some(server_error()));
    assert_eq!(
        failed.prepare_retry("u1", "m", 6.0).unwrap_err(),
        ChatError::DuplicateId("u1".into())
    );
    // The refused retries changed nothing.
    assert_eq!(failed.messages.len(), 2);
    assert_eq!(complete.messages.len(), 2);
    assert_eq!(streaming.messages.len(), 2);
    // Reusing the id of the reply being replaced is fine: it is gone.
    failed.prepare_retry("a1", "m", 7.0).unwrap();
    assert_eq!(failed.messages[0].id, "u1");
}

#[test]
fn retry_in_a_longer_chat_only_replaces_the_last_reply() {
    let mut chat = chat_with_reply("first answer", None);
    chat.finish_reply("a1", 4.0).unwrap();
    chat.append_user_message("u2", "second", 5.0).unwrap();
    chat.begin_reply("a2", "m", 6.0).unwrap();
    chat.apply_chunks(
        "a2",
        &[ApiStreamChunk::Error {
            error: server_error(),
        }],
        7.0,
    )
    .unwrap();
    assert_eq!(chat.retry_target(), Some(2));
    chat.prepare_retry("a3", "m", 8.0).unwrap();
    let ids: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["u1", "a1", "u2", "a3"]);
}

#[test]
fn interrupted_streaming_replies_become_stopped_without_touching_the_time() {
    let mut chat = chat_with_reply("half", None);
    assert_eq!(chat.interrupt_streaming_replies(), 1);
    assert_eq!(chat.message("a1").unwrap().state, MessageState::Stopped);
    assert_eq!(chat.updated_at_ms, 4.0);
    assert_eq!(chat.interrupt_streaming_replies(), 0);
}

#[test]
fn chat_errors_say_what_was_wrong() {
    assert!(
        ChatError::InvalidId("c/9".into())
            .to_string()
            .contains("\"c/9\"")
    );
    assert!(
        ChatError::NothingToRetry
            .to_string()
            .contains("nothing to retry")
    );
    assert!(ChatError::ReplyInProgress.to_string().contains("streaming"));
}
