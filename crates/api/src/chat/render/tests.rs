use super::*;
use crate::context::trim::ReplacedAttachment;
use crate::context::{Attachment, AttachmentKind, ChatImage};
use crate::messages::ImageSource;
use crate::stream::ApiStreamChunk;

fn attachment(label: &str, text: &str) -> Attachment {
    Attachment {
        kind: AttachmentKind::File,
        label: label.into(),
        text: text.into(),
        tokens: count_text_tokens(text),
        note: None,
    }
}

fn image() -> ChatImage {
    ChatImage {
        name: "shot.png".into(),
        media_type: "image/png".into(),
        data: "iVBORw0KGgo=".into(),
        width: 10,
        height: 10,
    }
}

fn png_block() -> ContentBlock {
    ContentBlock::Image {
        source: ImageSource::Base64 {
            media_type: "image/png".into(),
            data: "iVBORw0KGgo=".into(),
        },
    }
}

fn reply(chat: &mut crate::chat::Conversation, id: &str, text: &str) {
    chat.begin_reply(id, "m", 1.0).unwrap();
    chat.apply_chunks(id, &[ApiStreamChunk::Text { text: text.into() }], 1.0)
        .unwrap();
    chat.finish_reply(id, 1.0).unwrap();
}

#[test]
fn a_message_with_attachments_and_images_is_text_then_attachments_then_images() {
    let mut chat = crate::chat::Conversation::new("c", 0.0);
    let file = attachment("src/a.rs", "src/a.rs\n```rust\n1 | fn a() {}\n```");
    chat.append_user_input("u1", "Explain", vec![file.clone()], vec![image()], 1.0)
        .unwrap();
    assert_eq!(
        chat.to_message_params(),
        [MessageParam {
            role: Role::User,
            content: MessageContent::Blocks(vec![
                ContentBlock::text("Explain"),
                ContentBlock::text(file.text.clone()),
                png_block(),
            ]),
        }]
    );
    // Blank text sends no empty text block.
    chat.append_user_input("u2", "  ", vec![], vec![image()], 2.0)
        .unwrap();
    let params = chat.to_message_params();
    assert_eq!(params.len(), 1, "two user turns merge");
    let MessageContent::Blocks(blocks) = &params[0].content else {
        panic!("blocks expected");
    };
    assert_eq!(blocks.len(), 4);
    assert_eq!(blocks[3], png_block());
}

#[test]
fn merging_mixes_plain_text_and_blocks_in_order() {
    let mut chat = crate::chat::Conversation::new("c", 0.0);
    chat.append_user_message("u1", "first", 1.0).unwrap();
    chat.begin_reply("a1", "m", 1.0).unwrap();
    chat.finish_reply("a1", 1.0).unwrap(); // empty: left out
    chat.append_user_input("u2", "second", vec![attachment("b", "B")], vec![], 2.0)
        .unwrap();
    chat.append_user_message("u3", "third", 3.0).unwrap();
    let params = chat.to_message_params();
    assert_eq!(
        params,
        [MessageParam {
            role: Role::User,
            content: MessageContent::Blocks(vec![
                ContentBlock::text("first"),
                ContentBlock::text("second"),
                ContentBlock::text("B"),
                ContentBlock::text("third"),
            ]),
        }]
    );
}

#[test]
fn a_model_without_vision_gets_a_note_for_each_image() {
    let mut chat = crate::chat::Conversation::new("c", 0.0);
    chat.append_user_input("u1", "see", vec![], vec![image()], 1.0)
        .unwrap();
    let order = request_order(&chat.messages);
    let params = render(&chat.messages, &order, &Trimming::none(), false);
    let MessageContent::Blocks(blocks) = &params[0].content else {
        panic!("blocks expected");
    };
    assert_eq!(blocks[1], ContentBlock::text(image_note("shot.png")));
    let turns = budget_turns(&chat.messages, &order, false);
    assert_eq!(
        turns[0].tokens,
        count_text_tokens("see") + count_text_tokens(&image_note("shot.png"))
    );
    assert_eq!(
        budget_turns(&chat.messages, &order, true)[0].tokens,
        count_text_tokens("see") + image().tokens()
    );
}

#[test]
fn a_plan_leaves_messages_out_and_sends_replaced_attachments_as_notes() {
    let mut chat = crate::chat::Conversation::new("c", 0.0);
    chat.append_user_input("u1", "task", vec![attachment("big.rs", "BIG")], vec![], 1.0)
        .unwrap();
    reply(&mut chat, "a1", "one");
    chat.append_user_message("u2", "more", 2.0).unwrap();
    reply(&mut chat, "a2", "two");
    chat.append_user_message("u3", "latest", 3.0).unwrap();
    let plan = ContextPlan {
        left_out: vec![1, 2],
        replaced: vec![ReplacedAttachment {
            message_index: 0,
            id: "0".into(),
            label: "big.rs".into(),
            tokens: 1,
            note: "[note]".into(),
        }],
        input_tokens: 0,
        budget: 0,
        notice: None,
    };
    let order = request_order(&chat.messages);
    let params = render(&chat.messages, &order, &Trimming::from_plan(&plan), true);
    assert_eq!(
        params,
        [
            MessageParam {
                role: Role::User,
                content: MessageContent::Blocks(vec![
                    ContentBlock::text("task"),
                    ContentBlock::text("[note]"),
                ]),
            },
            MessageParam::assistant_text("two"),
            MessageParam::user_text("latest"),
        ]
    );
    // Nothing left the history.
    assert_eq!(chat.messages.len(), 5);
    assert_eq!(chat.messages[0].attachments[0].text, "BIG");
}

#[test]
fn a_completed_summary_stands_after_the_first_message_for_what_it_lists() {
    let mut chat = crate::chat::Conversation::new("c", 0.0);
    chat.append_user_message("u1", "task", 1.0).unwrap();
    reply(&mut chat, "a1", "one");
    chat.append_user_message("u2", "more", 2.0).unwrap();
    reply(&mut chat, "a2", "two");
    chat.append_user_message("u3", "latest", 3.0).unwrap();
    reply(&mut chat, "a3", "three");
    let mut summary = ChatMessage::empty("s1".into(), Role::Assistant, MessageState::Streaming);
    summary.summary_of = Some(vec!["a1".into(), "u2".into(), "a2".into()]);
    chat.messages.push(summary);
    // Streaming (and later failed or stopped): it hides nothing and is not sent.
    let whole = vec![
        MessageParam::user_text("task"),
        MessageParam::assistant_text("one"),
        MessageParam::user_text("more"),
        MessageParam::assistant_text("two"),
        MessageParam::user_text("latest"),
        MessageParam::assistant_text("three"),
    ];
    assert_eq!(chat.to_message_params(), whole);
    chat.messages[6].text = "Notes so far.".into();
    chat.messages[6].state = MessageState::Failed;
    assert_eq!(chat.to_message_params(), whole);
    chat.messages[6].state = MessageState::Complete;
    assert_eq!(
        chat.to_message_params(),
        [
            MessageParam::user_text("task"),
            MessageParam::assistant_text("Notes so far."),
            MessageParam::user_text("latest"),
            MessageParam::assistant_text("three"),
        ]
    );
    assert_eq!(request_order(&chat.messages), [0, 6, 4, 5]);
}

#[test]
fn a_later_summary_that_lists_the_earlier_one_keeps_what_that_replaced_out() {
    let mut chat = crate::chat::Conversation::new("c", 0.0);
    chat.append_user_message("u1", "task", 1.0).unwrap();
    reply(&mut chat, "a1", "one");
    let mut first = ChatMessage::empty("s1".into(), Role::Assistant, MessageState::Complete);
    first.text = "S1".into();
    first.summary_of = Some(vec!["a1".into()]);
    chat.messages.push(first);
    chat.append_user_message("u2", "more", 2.0).unwrap();
    reply(&mut chat, "a2", "two");
    let mut second = ChatMessage::empty("s2".into(), Role::Assistant, MessageState::Complete);
    second.text = "S2".into();
    second.summary_of = Some(vec!["s1".into(), "u2".into()]);
    chat.messages.push(second);
    assert_eq!(
        chat.to_message_params(),
        [
            MessageParam::user_text("task"),
            MessageParam::assistant_text("S2\n\ntwo"),
        ]
    );
}

#[test]
fn a_replaced_tool_result_is_its_note_with_the_same_id_and_error_flag() {
    let mut chat = crate::chat::Conversation::new("c", 0.0);
    chat.append_user_message("u1", "task", 1.0).unwrap();
    let mut step = ChatMessage::empty("a1".into(), Role::Assistant, MessageState::Complete);
    step.tool_calls = vec![crate::chat::ChatToolCall {
        id: "call_1".into(),
        name: "execute_command".into(),
        arguments: "{\"command\":\"make\"}".into(),
        status: crate::chat::ToolCallStatus::Failed {
            text: "error: ".repeat(50),
        },
        edit: None,
    }];
    chat.messages.push(step);
    let order = request_order(&chat.messages);
    let turns = budget_turns(&chat.messages, &order, true);
    // The result is an item of the reply, not part of its own tokens.
    assert_eq!(
        turns[1].tokens,
        count_text_tokens("execute_command") + count_text_tokens("{\"command\":\"make\"}")
    );
    assert_eq!(turns[1].attachments.len(), 1);
    let item = &turns[1].attachments[0];
    assert_eq!(
        (item.id.as_str(), item.label.as_str(), item.tokens),
        (
            "tool:call_1",
            "execute_command",
            count_text_tokens(&"error: ".repeat(50))
        )
    );
    let plan = ContextPlan {
        left_out: vec![],
        replaced: vec![ReplacedAttachment {
            message_index: 1,
            id: item.id.clone(),
            label: item.label.clone(),
            tokens: item.tokens,
            note: "[left out]".into(),
        }],
        input_tokens: 0,
        budget: 0,
        notice: None,
    };
    let params = render(&chat.messages, &order, &Trimming::from_plan(&plan), true);
    assert_eq!(
        params[2],
        MessageParam {
            role: Role::User,
            content: MessageContent::Blocks(vec![ContentBlock::ToolResult {
                tool_use_id: "call_1".into(),
                content: crate::messages::ToolResultContent::Text("[left out]".into()),
                is_error: Some(true),
            }]),
        }
    );
}
