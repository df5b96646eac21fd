//! Trimming a 500-message conversation to fit the context window, the size the issue asks
//! about: the planner alone over prepared turns, and the whole request as a send builds it
//! (counting every message's tokens, planning, rendering what is kept). The chat alternates
//! questions of about 80 words, every tenth with a file of about 3,500 tokens attached, and
//! answers of about 400 words: about 230,000 tokens against a 128,000-token window, so the plan
//! both cuts attachments to notes and leaves out older messages.
#![allow(
    clippy::unwrap_used,
    reason = "a bench built on a failing unwrap should stop, not measure something else"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use roo_api::chat::Conversation;
use roo_api::chat::render::{budget_turns, request_order};
use roo_api::chat::send::RequestSizing;
use roo_api::context::trim::{PlanInput, plan_context};
use roo_api::context::{Attachment, AttachmentKind};
use roo_api::defaults::lite_llm_model_info_sane_defaults;
use roo_api::model_info::ModelInfo;
use roo_api::stream::ApiStreamChunk;
use roo_api::tokens::count_text_tokens;

/// Messages in the conversation (questions and answers).
const MESSAGES: usize = 500;

fn model() -> ModelInfo {
    ModelInfo {
        context_window: 128_000,
        max_tokens: Some(8_192),
        ..lite_llm_model_info_sane_defaults()
    }
}

fn conversation() -> Conversation {
    let mut chat = Conversation::new("bench", 0.0);
    let file_text = format!(
        "File: src/big.rs\n```\n{}```",
        (1..=250)
            .map(|line| format!("{line} | let value_{line} = compute(input, {line});\n"))
            .collect::<String>()
    );
    for exchange in 0..MESSAGES / 2 {
        let question = format!(
            "Question {exchange}: {}",
            "please explain this part ".repeat(20)
        );
        let attachments = if exchange % 10 == 0 {
            vec![Attachment {
                kind: AttachmentKind::File,
                label: format!("src/big_{exchange}.rs"),
                tokens: count_text_tokens(&file_text),
                text: file_text.clone(),
                note: None,
            }]
        } else {
            Vec::new()
        };
        chat.append_user_input(
            format!("u{exchange}"),
            question,
            attachments,
            Vec::new(),
            1.0,
        )
        .unwrap();
        let reply_id = format!("a{exchange}");
        chat.begin_reply(&reply_id, "m", 1.0).unwrap();
        let answer = "The function reads the input and returns the value it computed. ".repeat(40);
        chat.apply_chunks(&reply_id, &[ApiStreamChunk::Text { text: answer }], 1.0)
            .unwrap();
        chat.finish_reply(&reply_id, 1.0).unwrap();
    }
    chat
}

fn trim(criterion: &mut Criterion) {
    let chat = conversation();
    let info = model();
    let sizing = RequestSizing::new(&info, "You are Roo, a coding assistant.");
    let order = request_order(&chat.messages);
    let input = PlanInput {
        system_prompt_tokens: sizing.system_prompt_tokens,
        turns: budget_turns(&chat.messages, &order, false),
        context_window: sizing.context_window,
        output_reserve: sizing.output_reserve,
    };
    let plan = plan_context(&input).unwrap();
    assert!(
        !plan.left_out.is_empty() && !plan.replaced.is_empty(),
        "the bench conversation must need both kinds of trimming"
    );

    let mut group = criterion.benchmark_group("context_trim_500_messages");
    group.sample_size(20);
    group.bench_function("plan_only", |bencher| {
        bencher.iter(|| plan_context(black_box(&input)).unwrap());
    });
    group.bench_function("planned_request", |bencher| {
        bencher.iter(|| chat.planned_request(black_box(&sizing)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, trim);
criterion_main!(benches);
