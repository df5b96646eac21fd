use super::*;
use crate::context::CONDENSE_PROMPT;
use crate::defaults::lite_llm_model_info_sane_defaults;
use crate::messages::MessageParam;
use crate::model_info::ModelInfo;
use crate::stream::ApiStreamChunk;

fn sizing() -> RequestSizing {
    let info = ModelInfo {
        context_window: 100_000,
        max_tokens: Some(1000),
        ..lite_llm_model_info_sane_defaults()
    };
    RequestSizing::new(&info, "system")
}

/// A chat of `count` exchanges: u1 a1 u2 a2 …
fn chat_of(count: usize) -> Conversation {
    let mut chat = Conversation::new("c", 0.0);
    for n in 1..=count {
        chat.append_user_message(format!("u{n}"), format!("q{n}"), 1.0)
            .unwrap();
        reply(&mut chat, &format!("a{n}"), &format!("r{n}"));
    }
    chat
}

fn reply(chat: &mut Conversation, id: &str, text: &str) {
    chat.begin_reply(id, "m", 1.0).unwrap();
    chat.apply_chunks(id, &[ApiStreamChunk::Text { text: text.into() }], 1.0)
        .unwrap();
    chat.finish_reply(id, 1.0).unwrap();
}

#[test]
fn nothing_to_condense_and_a_streaming_reply_are_refused() {
    let mut short = chat_of(1);
    assert!(!short.can_condense());
    assert_eq!(
        short.begin_condense("s", "m", 2.0).unwrap_err(),
        ChatError::NothingToCondense
    );
    let mut streaming = chat_of(3);
    streaming.append_user_message("u4", "q4", 2.0).unwrap();
    streaming.begin_reply("a4", "m", 2.0).unwrap();
    assert_eq!(
        streaming.begin_condense("s", "m", 2.0).unwrap_err(),
        ChatError::ReplyInProgress
    );
    assert_eq!(short.messages.len(), 2);
    assert!(
        ChatError::NothingToCondense
            .to_string()
            .contains("nothing to condense")
    );
}

#[test]
fn a_condense_summarises_the_middle_and_the_chat_continues_from_it() {
    let mut chat = chat_of(4);
    let summary = chat.begin_condense("s1", "m", 5.0).unwrap().clone();
    assert_eq!(summary.state, MessageState::Streaming);
    // The latest exchange (u4 a4) stays; a1…a3 are summarised.
    assert_eq!(
        summary.summary_of,
        Some(
            vec!["a1", "u2", "a2", "u3", "a3"]
                .into_iter()
                .map(String::from)
                .collect()
        )
    );
    let request = chat.condense_request(&sizing()).unwrap();
    assert_eq!(
        request.messages,
        [
            MessageParam::user_text("q1"),
            MessageParam::assistant_text("r1"),
            MessageParam::user_text("q2"),
            MessageParam::assistant_text("r2"),
            MessageParam::user_text("q3"),
            MessageParam::assistant_text("r3"),
            MessageParam::user_text(CONDENSE_PROMPT),
        ]
    );
    // While the summary streams, requests still send everything.
    assert_eq!(chat.to_message_params().len(), 8);
    chat.apply_chunks(
        "s1",
        &[ApiStreamChunk::Text {
            text: "Notes.".into(),
        }],
        6.0,
    )
    .unwrap();
    chat.finish_reply("s1", 7.0).unwrap();
    assert_eq!(
        chat.to_message_params(),
        [
            MessageParam::user_text("q1"),
            MessageParam::assistant_text("Notes."),
            MessageParam::user_text("q4"),
            MessageParam::assistant_text("r4"),
        ]
    );
    // Nothing left the history, and the summary is its last message.
    assert_eq!(chat.messages.len(), 9);
    assert_eq!(chat.messages[8].id, "s1");
    // Retry does not replace a summary.
    assert_eq!(chat.retry_target(), None);
    // Right after, only the kept exchange is left, which a summary would not replace.
    assert!(!chat.can_condense());
    chat.append_user_message("u5", "q5", 8.0).unwrap();
    reply(&mut chat, "a5", "r5");
    // A second summary replaces the first, and what it replaced stays replaced.
    let second = chat.begin_condense("s2", "m", 9.0).unwrap().clone();
    assert_eq!(
        second.summary_of,
        Some(
            vec!["s1", "u4", "a4"]
                .into_iter()
                .map(String::from)
                .collect()
        )
    );
    let request = chat.condense_request(&sizing()).unwrap();
    assert_eq!(request.messages[1], MessageParam::assistant_text("Notes."));
    assert_eq!(request.messages.len(), 5);
    chat.apply_chunks(
        "s2",
        &[ApiStreamChunk::Text {
            text: "More notes.".into(),
        }],
        10.0,
    )
    .unwrap();
    chat.finish_reply("s2", 10.0).unwrap();
    assert_eq!(
        chat.to_message_params(),
        [
            MessageParam::user_text("q1"),
            MessageParam::assistant_text("More notes."),
            MessageParam::user_text("q5"),
            MessageParam::assistant_text("r5"),
        ]
    );
}

#[test]
fn a_failed_or_empty_summary_changes_nothing_sent() {
    let mut chat = chat_of(4);
    let before = chat.to_message_params();
    chat.begin_condense("s1", "m", 5.0).unwrap();
    chat.apply_chunks(
        "s1",
        &[ApiStreamChunk::Text {
            text: "Half".into(),
        }],
        6.0,
    )
    .unwrap();
    chat.stop_reply("s1", 7.0).unwrap();
    assert_eq!(chat.to_message_params(), before);
    // It can be condensed again, and the stopped summary is left out of the new request.
    chat.begin_condense("s2", "m", 8.0).unwrap();
    let request = chat.condense_request(&sizing()).unwrap();
    assert!(
        !request
            .messages
            .iter()
            .any(|m| m == &MessageParam::assistant_text("Half"))
    );
    chat.finish_reply("s2", 9.0).unwrap(); // completed with no text
    assert_eq!(chat.to_message_params(), before);
    // The request is only for a streaming summary.
    assert_eq!(
        chat.condense_request(&sizing()).unwrap_err(),
        ChatError::NothingToCondense
    );
}

#[test]
fn condense_is_offered_past_the_threshold_when_there_is_something_to_condense() {
    let usage = |input_tokens| ContextUsage {
        input_tokens,
        context_window: 1000,
        output_reserve: None,
        available: 0,
    };
    let chat = chat_of(4);
    assert!(chat.offers_condense(Some(&usage(800)), 0.8));
    assert!(!chat.offers_condense(Some(&usage(799)), 0.8));
    assert!(!chat.offers_condense(None, 0.8));
    assert!(!chat.offers_condense(
        Some(&ContextUsage {
            context_window: 0,
            ..usage(10)
        }),
        0.8
    ));
    // Past the threshold but nothing to condense: not offered.
    assert!(!chat_of(1).offers_condense(Some(&usage(999)), 0.8));
}
