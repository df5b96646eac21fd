use super::*;
use crate::context::AttachmentKind;
use crate::defaults::lite_llm_model_info_sane_defaults;
use crate::messages::{ContentBlock, MessageContent};
use crate::stream::ApiStreamChunk;

/// A model with this window, an output limit of 1,000 and vision.
fn model(context_window: u32) -> ModelInfo {
    ModelInfo {
        context_window,
        max_tokens: Some(1000),
        supports_images: true,
        ..lite_llm_model_info_sane_defaults()
    }
}

fn input(user: &str, reply: &str, text: &str) -> SendInput {
    SendInput {
        user_message_id: user.into(),
        reply_id: reply.into(),
        text: text.into(),
        attachments: Vec::new(),
        images: Vec::new(),
    }
}

fn file(label: &str, words: usize) -> Attachment {
    let text = format!("{label}\n```\n{}\n```", "word ".repeat(words));
    Attachment {
        kind: AttachmentKind::File,
        label: label.into(),
        tokens: count_text_tokens(&text),
        text,
        note: None,
    }
}

fn image() -> ChatImage {
    ChatImage {
        name: "shot.png".into(),
        media_type: "image/png".into(),
        data: "iVBORw0KGgo=".into(),
        width: 100,
        height: 100,
    }
}

/// Sends and completes a reply of `words` words.
fn exchange(chat: &mut Conversation, n: usize, words: usize, info: &ModelInfo) {
    let started = chat
        .begin_send(
            input(&format!("u{n}"), &format!("a{n}"), &format!("question {n}")),
            "m",
            info,
            "system",
            n as f64,
        )
        .unwrap();
    let text = "answer ".repeat(words);
    chat.apply_chunks(
        &started.reply.id,
        &[ApiStreamChunk::Text { text }],
        n as f64,
    )
    .unwrap();
    chat.finish_reply(&started.reply.id, n as f64).unwrap();
}

#[test]
fn a_send_adds_the_message_with_its_attachments_and_a_streaming_reply() {
    let mut chat = Conversation::new("c", 0.0);
    let mut sent = input("u1", "a1", "");
    sent.attachments = vec![file("src/a.rs", 5)];
    sent.images = vec![image()];
    let started = chat
        .begin_send(sent, "gpt-4o", &model(100_000), "system", 5.0)
        .unwrap();
    assert_eq!(started.user_message.attachments.len(), 1);
    assert_eq!(started.user_message.images, [image()]);
    assert_eq!(started.reply.state, MessageState::Streaming);
    assert_eq!(
        chat.title, "src/a.rs",
        "a blank message is named by its attachment"
    );
    let request = chat
        .planned_request(&RequestSizing::new(&model(100_000), "system"))
        .unwrap();
    assert_eq!(request.notice(), None);
    let MessageContent::Blocks(blocks) = &request.messages[0].content else {
        panic!("blocks expected");
    };
    assert!(matches!(&blocks[0], ContentBlock::Text { text } if text.starts_with("src/a.rs\n```")));
    assert!(matches!(&blocks[1], ContentBlock::Image { .. }));
}

#[test]
fn a_refused_send_leaves_the_chat_exactly_as_it_was() {
    let info = model(4_000);
    let mut chat = Conversation::new("c", 0.0);
    exchange(&mut chat, 1, 10, &info);
    let before = chat.clone();

    let mut too_big = input("u2", "a2", "read this");
    too_big.attachments = vec![file("huge.txt", 5_000)];
    let error = chat
        .begin_send(too_big, "m", &info, "system", 9.0)
        .unwrap_err();
    assert!(
        matches!(
            error,
            ChatError::ContextPlan(PlanError::AttachmentTooLarge { .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("huge.txt takes"), "{error}");
    assert_eq!(chat, before);

    let long = input("u2", "a2", &"word ".repeat(5_000));
    let error = chat
        .begin_send(long, "m", &info, "system", 9.0)
        .unwrap_err();
    assert!(matches!(
        error,
        ChatError::ContextPlan(PlanError::MessageTooLarge { .. })
    ));
    assert_eq!(chat, before);

    // A first message refused does not name the chat either.
    let mut fresh = Conversation::new("f", 0.0);
    let error = fresh
        .begin_send(
            input("u1", "a1", &"word ".repeat(5_000)),
            "m",
            &info,
            "s",
            1.0,
        )
        .unwrap_err();
    assert!(
        error.to_string().contains("Remove an attachment"),
        "{error}"
    );
    assert_eq!(fresh, Conversation::new("f", 0.0));
}

#[test]
fn images_for_a_model_without_vision_and_bad_images_are_refused_before_anything_is_added() {
    let mut chat = Conversation::new("c", 0.0);
    let mut with_image = input("u1", "a1", "look");
    with_image.images = vec![image()];
    let blind = ModelInfo {
        supports_images: false,
        ..model(100_000)
    };
    let error = chat
        .begin_send(with_image.clone(), "text-only", &blind, "s", 1.0)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("The model text-only does not take images"),
        "{error}"
    );
    with_image.images[0].media_type = "image/tiff".into();
    let error = chat
        .begin_send(with_image, "gpt-4o", &model(100_000), "s", 1.0)
        .unwrap_err();
    assert!(matches!(error, ChatError::Image(_)));
    assert!(chat.messages.is_empty());
    // Nothing at all is refused too; ids of the pair must differ.
    assert_eq!(
        chat.begin_send(input("u1", "a1", " "), "m", &model(100_000), "s", 1.0)
            .unwrap_err(),
        ChatError::EmptyMessage
    );
    assert_eq!(
        chat.begin_send(input("x", "x", "hi"), "m", &model(100_000), "s", 1.0)
            .unwrap_err(),
        ChatError::DuplicateId("x".into())
    );
    assert!(chat.messages.is_empty());
}

#[test]
fn a_long_chat_is_trimmed_into_the_request_and_the_reply_carries_the_notice() {
    let info = model(4_000);
    let mut chat = Conversation::new("c", 0.0);
    for n in 1..=20 {
        exchange(&mut chat, n, 150, &info);
    }
    let started = chat
        .begin_send(
            input("u21", "a21", "latest question"),
            "m",
            &info,
            "system",
            30.0,
        )
        .unwrap();
    let request = chat
        .planned_request(&RequestSizing::new(&info, "system"))
        .unwrap();
    let plan = request.plan.clone().unwrap();
    assert!(!plan.left_out.is_empty());
    assert!(plan.input_tokens <= plan.budget);
    // The first question and the latest stay; roles alternate.
    assert_eq!(request.messages[0], MessageParam::user_text("question 1"));
    assert_eq!(
        request.messages.last().unwrap(),
        &MessageParam::user_text("latest question")
    );
    for pair in request.messages.windows(2) {
        assert_ne!(pair[0].role, pair[1].role);
    }
    let notice = request.notice().unwrap().to_owned();
    assert!(notice.contains("leaves out"), "{notice}");
    let reply = chat.note_context(Some(&notice)).unwrap();
    assert_eq!(reply.id, started.reply.id);
    assert_eq!(reply.context_notice.as_deref(), Some(notice.as_str()));
    // Nothing is deleted from the history.
    assert_eq!(chat.messages.len(), 42);
    // A reply that ended is not given a notice.
    chat.finish_reply("a21", 31.0).unwrap();
    assert_eq!(chat.note_context(Some("x")), None);
}

#[test]
fn an_unknown_window_plans_nothing_and_sends_everything() {
    let info = ModelInfo {
        context_window: 0,
        ..model(1)
    };
    let mut chat = Conversation::new("c", 0.0);
    exchange(&mut chat, 1, 3, &info);
    let request = chat
        .planned_request(&RequestSizing::new(&info, "s"))
        .unwrap();
    assert_eq!(request.plan, None);
    assert_eq!(request.messages.len(), 2);
}

/// About 4,000 tokens of a source file, short enough to be sent uncapped.
fn source_file(step: usize) -> String {
    (0..270)
        .map(|line| format!("fn step_{step}_item_{line}() -> u32 {{ {line} }}\n"))
        .collect()
}

/// A finished reply of a Code task that read one file.
fn read_step(step: usize) -> ChatMessage {
    let mut reply = ChatMessage::empty(format!("a{step}"), Role::Assistant, MessageState::Complete);
    reply.tool_calls = vec![crate::chat::ChatToolCall {
        id: format!("call_{step}"),
        name: "read_file".into(),
        arguments: format!("{{\"path\":\"src/f{step}.rs\"}}"),
        status: crate::chat::ToolCallStatus::Succeeded {
            text: source_file(step),
        },
        edit: None,
    }];
    reply
}

#[test]
fn a_long_code_task_fits_with_its_older_tool_results_as_notes() {
    let file_tokens = count_text_tokens(&source_file(1));
    assert!((3500..4500).contains(&file_tokens), "{file_tokens}");
    assert!(source_file(30).chars().count() < DEFAULT_TOOL_RESULT_CAP_CHARS);
    let mut chat = Conversation::new("c", 0.0);
    chat.append_user_message("u1", "Read every file and refactor", 1.0)
        .unwrap();
    chat.messages.extend((1..=30).map(read_step));
    chat.begin_reply("a31", "m", 2.0).unwrap();
    let sizing = RequestSizing {
        system_prompt_tokens: 2000,
        context_window: 16_000,
        output_reserve: 4000,
        supports_images: true,
    };
    let request = chat.planned_request(&sizing).unwrap();
    let plan = request.plan.clone().unwrap();
    assert!(plan.left_out.is_empty());
    assert!(plan.input_tokens <= plan.budget, "{plan:?}");
    assert_eq!(plan.replaced.len(), 29);
    assert_eq!(
        request.notice(),
        Some("To fit the model's context window, this request leaves out 29 earlier tool results.")
    );

    // Every tool_use is answered by the next turn's tool_result of the same id: older ones as
    // the note, the latest whole.
    assert_eq!(
        request.messages[0],
        MessageParam::user_text("Read every file and refactor")
    );
    let steps = &request.messages[1..];
    assert_eq!(steps.len(), 60);
    for (step, pair) in (1..=30).zip(steps.chunks(2)) {
        let [ContentBlock::ToolUse { id, .. }] = blocks(&pair[0]) else {
            panic!("one tool_use expected: {:?}", pair[0]);
        };
        let [
            ContentBlock::ToolResult {
                tool_use_id,
                content: crate::messages::ToolResultContent::Text(text),
                is_error: None,
            },
        ] = blocks(&pair[1])
        else {
            panic!("one tool_result expected: {:?}", pair[1]);
        };
        assert_eq!((pair[0].role, pair[1].role), (Role::Assistant, Role::User));
        assert_eq!(id, &format!("call_{step}"));
        assert_eq!(tool_use_id, id);
        let expected = if step == 30 {
            source_file(30)
        } else {
            crate::context::trim::tool_result_note(
                "read_file",
                count_text_tokens(&source_file(step)),
            )
        };
        assert_eq!(text, &expected, "step {step}");
    }
    // The history keeps every result whole.
    let (first, _) = chat.messages[1].tool_calls[0].result();
    assert_eq!(first, source_file(1));
}

fn blocks(message: &MessageParam) -> &[ContentBlock] {
    match &message.content {
        MessageContent::Blocks(blocks) => blocks,
        MessageContent::Text(_) => &[],
    }
}
