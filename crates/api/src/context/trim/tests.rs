//! Tests of the context planner: worked examples, and properties over generated conversations.

use proptest::prelude::*;

use super::*;

const FIXED: u64 = TOKENS_PER_MESSAGE + TOKENS_FOR_REPLY_PRIMING;

fn turn(index: u32, role: Role, tokens: u64, attachments: &[(&str, u64)]) -> TurnForBudget {
    TurnForBudget {
        message_index: index,
        role,
        tokens,
        attachments: attachments
            .iter()
            .map(|(label, tokens)| BudgetAttachment {
                id: format!("{index}:{label}"),
                label: (*label).to_owned(),
                tokens: *tokens,
            })
            .collect(),
    }
}

/// A window whose budget (less the margin, with no reserve) is exactly `budget`.
fn input(turns: Vec<TurnForBudget>, budget: u64) -> PlanInput {
    // budget = window - window / 10, so window = budget * 10 / 9 when that divides evenly.
    let mut window = budget * 10 / 9;
    while window - window * TOKENIZER_MARGIN_PERCENT / 100 < budget {
        window += 1;
    }
    PlanInput {
        system_prompt_tokens: 0,
        turns,
        context_window: window,
        output_reserve: window - window * TOKENIZER_MARGIN_PERCENT / 100 - budget,
    }
}

fn note_tokens(label: &str, tokens: u64) -> u64 {
    count_text_tokens(&replacement_note(label, tokens))
}

#[test]
fn everything_fits_so_nothing_is_cut() {
    let turns = vec![
        turn(0, Role::User, 100, &[("a.rs", 500)]),
        turn(1, Role::Assistant, 100, &[]),
        turn(2, Role::User, 100, &[]),
    ];
    let plan = plan_context(&PlanInput {
        system_prompt_tokens: 1000,
        turns,
        context_window: 10_000,
        output_reserve: 2000,
    })
    .unwrap();
    assert_eq!(plan.left_out, Vec::<u32>::new());
    assert!(plan.replaced.is_empty());
    assert_eq!(plan.notice, None);
    assert_eq!(
        plan.input_tokens,
        1000 + FIXED + 3 * TOKENS_PER_MESSAGE + 800
    );
    assert_eq!(plan.budget, 10_000 - 2000 - 1000);
}

#[test]
fn the_largest_older_attachment_goes_first_as_a_note() {
    let turns = vec![
        turn(0, Role::User, 10, &[("small.rs", 300), ("big.rs", 12_345)]),
        turn(1, Role::Assistant, 10, &[]),
        turn(2, Role::User, 10, &[("latest.rs", 2000)]),
    ];
    let full: u64 = FIXED + 3 * (TOKENS_PER_MESSAGE + 10) + 300 + 12_345 + 2000;
    let plan = plan_context(&input(turns, full - 1)).unwrap();
    assert!(plan.left_out.is_empty());
    assert_eq!(plan.replaced.len(), 1);
    let replaced = &plan.replaced[0];
    assert_eq!(
        (replaced.message_index, replaced.id.as_str()),
        (0, "0:big.rs")
    );
    assert_eq!(
        replaced.note,
        "[attachment big.rs (12,345 tokens) left out to fit the context window]"
    );
    assert_eq!(
        plan.input_tokens,
        full - 12_345 + note_tokens("big.rs", 12_345)
    );
    assert_eq!(
        plan.notice.as_deref(),
        Some(
            "To fit the model's context window, this request leaves out 1 attachment of an \
             earlier message."
        )
    );
}

#[test]
fn equal_attachments_go_oldest_first_and_the_latest_turn_keeps_its_own() {
    let turns = vec![
        turn(0, Role::User, 10, &[("one.rs", 1000)]),
        turn(1, Role::Assistant, 10, &[]),
        turn(2, Role::User, 10, &[("two.rs", 1000)]),
        turn(3, Role::Assistant, 10, &[]),
        turn(4, Role::User, 10, &[("latest.rs", 5000)]),
    ];
    let full: u64 = FIXED + 5 * (TOKENS_PER_MESSAGE + 10) + 7000;
    let plan = plan_context(&input(turns, full - 500)).unwrap();
    let replaced: Vec<&str> = plan.replaced.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(replaced, ["one.rs"]);
}

#[test]
fn oldest_messages_go_in_pairs_after_the_first_and_before_the_latest() {
    let mut turns = vec![turn(0, Role::User, 100, &[])];
    for index in 1..=8 {
        let role = if index % 2 == 1 {
            Role::Assistant
        } else {
            Role::User
        };
        turns.push(turn(index, role, 1000, &[]));
    }
    // U0 A1 U2 A3 U4 A5 U6 A7 U8: room for U0, U8 and three others.
    let each = TOKENS_PER_MESSAGE + 1000;
    let budget = FIXED + (TOKENS_PER_MESSAGE + 100) + 4 * each;
    let plan = plan_context(&input(turns, budget)).unwrap();
    assert_eq!(plan.left_out, [1, 2, 3, 4]);
    assert!(plan.input_tokens <= budget);
    assert_eq!(
        plan.notice.as_deref(),
        Some("To fit the model's context window, this request leaves out 4 earlier messages.")
    );
}

#[test]
fn a_dropped_message_takes_its_notes_along_and_room_made_restores_attachments() {
    let turns = vec![
        turn(0, Role::User, 10, &[("task.md", 400)]),
        turn(1, Role::Assistant, 3000, &[]),
        turn(2, Role::User, 10, &[("old.rs", 5000)]),
        turn(3, Role::Assistant, 10, &[]),
        turn(4, Role::User, 10, &[]),
    ];
    // Replacing both attachments is not enough; leaving out A1 and U2 makes room for task.md
    // again.
    let budget = FIXED + 5 * TOKENS_PER_MESSAGE + 40 + 400 + 100;
    let plan = plan_context(&input(turns, budget)).unwrap();
    assert_eq!(plan.left_out, [1, 2]);
    assert!(plan.replaced.is_empty(), "{:?}", plan.replaced);
    assert_eq!(plan.input_tokens, FIXED + 3 * TOKENS_PER_MESSAGE + 30 + 400);
}

#[test]
fn an_attachment_smaller_than_its_note_stays() {
    let turns = vec![
        turn(0, Role::User, 10, &[("tiny.rs", 3)]),
        turn(1, Role::Assistant, 5000, &[]),
        turn(2, Role::User, 10, &[]),
        turn(3, Role::Assistant, 10, &[]),
        turn(4, Role::User, 10, &[]),
    ];
    let budget = FIXED + 3 * TOKENS_PER_MESSAGE + 33;
    let plan = plan_context(&input(turns, budget)).unwrap();
    assert!(plan.replaced.is_empty());
    assert_eq!(plan.left_out, [1, 2]);
}

#[test]
fn an_attachment_larger_than_the_window_is_refused_before_sending() {
    let turns = vec![turn(0, Role::User, 10, &[("huge.log", 200_000)])];
    let error = plan_context(&PlanInput {
        system_prompt_tokens: 2000,
        turns,
        context_window: 128_000,
        output_reserve: 16_000,
    })
    .unwrap_err();
    let room = 128_000 - 16_000 - 12_800 - 2000 - FIXED;
    assert_eq!(
        error,
        PlanError::AttachmentTooLarge {
            label: "huge.log".to_owned(),
            tokens: 200_000,
            room
        }
    );
    let message = error.to_string();
    assert!(
        message.starts_with("huge.log takes 200,000 tokens, more than the 97,193"),
        "{message}"
    );
    assert!(message.contains("selection"));
}

#[test]
fn what_must_stay_but_does_not_fit_is_refused() {
    let turns = vec![
        turn(0, Role::User, 6000, &[]),
        turn(1, Role::Assistant, 10, &[]),
        turn(2, Role::User, 6000, &[("a.rs", 3000)]),
    ];
    let error = plan_context(&input(turns, 10_000)).unwrap_err();
    assert!(
        matches!(error, PlanError::MessageTooLarge { budget: 10_000, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("start a new chat"));
}

#[test]
fn leading_replies_before_the_first_question_can_go_alone() {
    let turns = vec![
        turn(0, Role::Assistant, 5000, &[]),
        turn(1, Role::User, 10, &[]),
        turn(2, Role::Assistant, 10, &[]),
        turn(3, Role::User, 10, &[]),
    ];
    let plan = plan_context(&input(turns, FIXED + 3 * (TOKENS_PER_MESSAGE + 10))).unwrap();
    assert_eq!(plan.left_out, [0]);
}

#[test]
fn plans_serialize_in_camel_case() {
    let plan = plan_context(&input(vec![turn(7, Role::User, 1, &[])], 1000)).unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["leftOut"], serde_json::json!([]));
    assert_eq!(
        json["inputTokens"],
        serde_json::json!(FIXED + TOKENS_PER_MESSAGE + 1)
    );
    assert_eq!(
        serde_json::to_value(PlanError::MessageTooLarge {
            tokens: 2,
            budget: 1
        })
        .unwrap(),
        serde_json::json!({"kind": "messageTooLarge", "tokens": 2, "budget": 1})
    );
}

/// An alternating conversation U, A, U, …, U with random sizes and attachments.
fn conversation() -> impl Strategy<Value = Vec<TurnForBudget>> {
    (0usize..6).prop_flat_map(|exchanges| {
        proptest::collection::vec(
            (0u64..3000, proptest::collection::vec(1u64..6000, 0..3)),
            2 * exchanges + 1,
        )
        .prop_map(|shapes| {
            shapes
                .into_iter()
                .enumerate()
                .map(|(index, (tokens, sizes))| {
                    let role = if index % 2 == 0 {
                        Role::User
                    } else {
                        Role::Assistant
                    };
                    let labels: Vec<String> = (0..sizes.len())
                        .map(|at| format!("f{index}_{at}.rs"))
                        .collect();
                    let attachments: Vec<(&str, u64)> = labels
                        .iter()
                        .map(String::as_str)
                        .zip(sizes.iter().copied())
                        .collect();
                    turn(index as u32 * 10, role, tokens, &attachments)
                })
                .collect()
        })
    })
}

/// What a turn costs with its older attachments as small as they can be made.
fn smallest_cost(turn: &TurnForBudget) -> u64 {
    turn.attachments
        .iter()
        .map(|a| a.tokens.min(note_tokens(&a.label, a.tokens)))
        .fold(TOKENS_PER_MESSAGE + turn.tokens, |sum, cost| sum + cost)
}

/// What the planned request costs, recomputed from the plan alone.
fn planned_cost(input: &PlanInput, plan: &ContextPlan) -> u64 {
    let mut total = input.system_prompt_tokens + FIXED;
    for turn in &input.turns {
        if plan.left_out.contains(&turn.message_index) {
            continue;
        }
        total += TOKENS_PER_MESSAGE + turn.tokens;
        for attachment in &turn.attachments {
            let replaced = plan
                .replaced
                .iter()
                .find(|r| r.message_index == turn.message_index && r.id == attachment.id);
            total += match replaced {
                Some(replaced) => count_text_tokens(&replaced.note),
                None => attachment.tokens,
            };
        }
    }
    total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_plan_fits_exactly_when_a_fit_is_possible(
        turns in conversation(),
        system in 0u64..4000,
        window in 2000u64..60_000,
        reserve in 0u64..8000,
    ) {
        let input = PlanInput {
            system_prompt_tokens: system,
            turns: turns.clone(),
            context_window: window,
            output_reserve: reserve,
        };
        let budget = window.saturating_sub(reserve).saturating_sub(window / 10);
        let last = turns.len() - 1;
        // The least the rules allow: the first question, the reply before the latest question,
        // and the latest question with all its attachments.
        // When the first question is the latest, its attachments stay whole.
        let mut smallest = system + FIXED + full_cost(&turns[last]);
        if last > 0 {
            smallest += smallest_cost(&turns[0]) + smallest_cost(&turns[last - 1]);
        }
        match plan_context(&input) {
            Ok(plan) => {
                prop_assert!(smallest <= budget);
                prop_assert!(plan.input_tokens <= budget);
                prop_assert_eq!(plan.input_tokens, planned_cost(&input, &plan));
                prop_assert_eq!(plan.budget, budget);
                // The first and the latest question stay, and the order is kept.
                prop_assert!(!plan.left_out.contains(&turns[0].message_index));
                prop_assert!(!plan.left_out.contains(&turns[last].message_index));
                prop_assert!(plan.left_out.windows(2).all(|pair| pair[0] < pair[1]));
                // The latest question keeps its attachments; notes only stand in kept messages.
                for replaced in &plan.replaced {
                    prop_assert!(replaced.message_index != turns[last].message_index);
                    prop_assert!(!plan.left_out.contains(&replaced.message_index));
                }
                // The roles still alternate.
                let roles: Vec<Role> = turns
                    .iter()
                    .filter(|turn| !plan.left_out.contains(&turn.message_index))
                    .map(|turn| turn.role)
                    .collect();
                prop_assert!(roles.windows(2).all(|pair| pair[0] != pair[1]), "{:?}", roles);
                prop_assert_eq!(roles[0], Role::User);
                // Nothing is cut from a conversation that fits whole.
                let whole = turns.iter().map(full_cost).sum::<u64>() + system + FIXED;
                if whole <= budget {
                    prop_assert!(plan.left_out.is_empty() && plan.replaced.is_empty());
                    prop_assert_eq!(plan.notice, None);
                }
                // No message is left out when notes alone would have made it fit.
                let notes_only = turns[..last].iter().map(smallest_cost).sum::<u64>()
                    + full_cost(&turns[last]) + system + FIXED;
                if notes_only <= budget {
                    prop_assert!(plan.left_out.is_empty());
                }
            }
            Err(error) => {
                prop_assert!(smallest > budget, "{error}: smallest {smallest} <= {budget}");
            }
        }
    }
}

#[test]
fn a_lone_first_message_keeps_its_attachments_whole() {
    // Found by the property below: the first message is also the latest, so nothing of it can
    // be replaced; each attachment fits the room, both together do not.
    let turns = vec![turn(0, Role::User, 2778, &[("a.rs", 4076), ("b.rs", 4412)])];
    let error = plan_context(&PlanInput {
        system_prompt_tokens: 2950,
        turns,
        context_window: 9531,
        output_reserve: 0,
    })
    .unwrap_err();
    assert!(
        matches!(error, PlanError::MessageTooLarge { .. }),
        "{error:?}"
    );
}

/// A reply that called tools: its own tokens, then one result item per (call id, tokens).
fn tool_reply(index: u32, results: &[(&str, u64)]) -> TurnForBudget {
    TurnForBudget {
        message_index: index,
        role: Role::Assistant,
        tokens: 10,
        attachments: results
            .iter()
            .map(|(call_id, tokens)| BudgetAttachment {
                id: tool_result_id(call_id),
                label: "read_file".to_owned(),
                tokens: *tokens,
            })
            .collect(),
    }
}

fn tool_note_tokens(tokens: u64) -> u64 {
    count_text_tokens(&tool_result_note("read_file", tokens))
}

/// The task (with an attachment), a reply, the latest question, then three steps of the task.
fn task_with_steps() -> (Vec<TurnForBudget>, u64) {
    let turns = vec![
        turn(0, Role::User, 10, &[("spec.md", 5000)]),
        turn(1, Role::Assistant, 10, &[]),
        turn(2, Role::User, 10, &[]),
        tool_reply(3, &[("t1", 4000)]),
        tool_reply(4, &[("t2", 4000), ("t3", 4000)]),
        tool_reply(5, &[("t4", 4000)]),
    ];
    let full = FIXED + 6 * (TOKENS_PER_MESSAGE + 10) + 5000 + 4 * 4000;
    (turns, full)
}

fn replaced_ids(plan: &ContextPlan) -> Vec<&str> {
    plan.replaced.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn tool_results_go_first_oldest_first_even_after_the_latest_question() {
    let (turns, full) = task_with_steps();
    // The attachment is larger, but the oldest tool result goes first, and alone suffices.
    let plan = plan_context(&input(turns.clone(), full - 3500)).unwrap();
    assert_eq!(replaced_ids(&plan), ["tool:t1"]);
    assert_eq!(plan.replaced[0].message_index, 3);
    assert_eq!(plan.replaced[0].label, "read_file");
    assert_eq!(plan.replaced[0].note, tool_result_note("read_file", 4000));
    assert_eq!(
        plan.notice.as_deref(),
        Some("To fit the model's context window, this request leaves out 1 earlier tool result.")
    );
    assert_eq!(plan.input_tokens, full - 4000 + tool_note_tokens(4000));
}

#[test]
fn attachments_go_only_after_every_tool_result_but_the_latest_replys() {
    let (turns, full) = task_with_steps();
    let attachment_saves = 5000 - note_tokens("spec.md", 5000);
    let tool_saves = 4000 - tool_note_tokens(4000);
    let tightest = full - 3 * tool_saves - attachment_saves;
    let plan = plan_context(&input(turns.clone(), tightest)).unwrap();
    assert_eq!(plan.input_tokens, tightest);
    assert_eq!(
        replaced_ids(&plan),
        ["0:spec.md", "tool:t1", "tool:t2", "tool:t3"],
        "in message order; the latest reply's t4 stays whole"
    );
    assert!(plan.left_out.is_empty());
    assert_eq!(
        plan.notice.as_deref(),
        Some(
            "To fit the model's context window, this request leaves out 3 earlier tool results \
             and 1 attachment of an earlier message."
        )
    );
    // With the tool results alone enough, the attachment stays whole.
    let plan = plan_context(&input(turns.clone(), full - 3 * tool_saves)).unwrap();
    assert_eq!(replaced_ids(&plan), ["tool:t1", "tool:t2", "tool:t3"]);

    // One token less: the task's steps cannot be left out, so the request is refused, saying
    // what to do.
    let error = plan_context(&input(turns, tightest - 1)).unwrap_err();
    assert!(
        matches!(error, PlanError::MessageTooLarge { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("steps of the task"), "{message}");
    assert!(message.contains("start a new chat"), "{message}");
}

#[test]
fn the_latest_replys_results_are_never_cut_and_never_read_as_an_attachment_too_large() {
    // The latest step's result alone overflows: that is the general refusal, not the one that
    // asks the user to attach a smaller part of a file.
    let turns = vec![
        turn(0, Role::User, 10, &[]),
        tool_reply(1, &[("old", 4000)]),
        tool_reply(2, &[("huge", 9000)]),
    ];
    let error = plan_context(&input(turns, 8000)).unwrap_err();
    assert!(
        matches!(error, PlanError::MessageTooLarge { .. }),
        "{error:?}"
    );
}

#[test]
fn the_notes_and_the_notice_read_as_sentences() {
    assert_eq!(
        tool_result_note("read_file", 5200),
        "[This read_file result (about 5,200 tokens) was left out to fit the context window; \
         call the tool again if you need it.]"
    );
    assert_eq!(tool_call_id(&tool_result_id("call_7")), Some("call_7"));
    assert_eq!(tool_call_id("0"), None);
    assert_eq!(
        notice(2, 3, 1).as_deref(),
        Some(
            "To fit the model's context window, this request leaves out 2 earlier messages, 3 \
             earlier tool results and 1 attachment of an earlier message."
        )
    );
    assert_eq!(notice(0, 0, 0), None);
}

/// A Code task: the question, then replies that each called one to three tools.
fn code_task() -> impl Strategy<Value = Vec<TurnForBudget>> {
    (
        0u64..2000,
        proptest::collection::vec(proptest::collection::vec(1u64..6000, 1..4), 1..12),
    )
        .prop_map(|(question, steps)| {
            let mut turns = vec![turn(0, Role::User, question, &[])];
            for (step, sizes) in steps.iter().enumerate() {
                let ids: Vec<String> = (0..sizes.len()).map(|at| format!("s{step}_{at}")).collect();
                let results: Vec<(&str, u64)> = ids
                    .iter()
                    .map(String::as_str)
                    .zip(sizes.iter().copied())
                    .collect();
                turns.push(tool_reply(step as u32 + 1, &results));
            }
            turns
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn a_code_task_fits_by_its_older_results_oldest_first_whenever_it_can(
        turns in code_task(),
        system in 0u64..4000,
        window in 2000u64..60_000,
    ) {
        let input = PlanInput {
            system_prompt_tokens: system,
            turns: turns.clone(),
            context_window: window,
            output_reserve: 0,
        };
        let budget = window - window / 10;
        let last = turns.len() - 1;
        let smallest = system + FIXED + full_cost(&turns[0])
            + turns[1..last].iter().map(|turn| {
                turn.attachments.iter().map(|a| a.tokens.min(tool_note_tokens(a.tokens)))
                    .fold(TOKENS_PER_MESSAGE + turn.tokens, |sum, cost| sum + cost)
            }).sum::<u64>()
            + full_cost(&turns[last]);
        // The results a note makes smaller, oldest first, with what their note saves.
        let eligible: Vec<(u32, String, u64)> = turns[1..last]
            .iter()
            .flat_map(|turn| turn.attachments.iter().map(move |a| (turn.message_index, a)))
            .filter(|(_, a)| tool_note_tokens(a.tokens) < a.tokens)
            .map(|(index, a)| (index, a.id.clone(), a.tokens - tool_note_tokens(a.tokens)))
            .collect();
        let whole = system + FIXED + turns.iter().map(full_cost).sum::<u64>();
        match plan_context(&input) {
            Ok(plan) => {
                prop_assert!(smallest <= budget);
                prop_assert!(plan.input_tokens <= budget);
                prop_assert_eq!(plan.input_tokens, planned_cost(&input, &plan));
                prop_assert!(plan.left_out.is_empty());
                // Only results a note makes smaller are replaced, never the latest reply's.
                let positions: Vec<usize> = plan
                    .replaced
                    .iter()
                    .map(|r| {
                        eligible
                            .iter()
                            .position(|(index, id, _)| *index == r.message_index && *id == r.id)
                    })
                    .collect::<Option<_>>()
                    .ok_or_else(|| TestCaseError::fail("a result replaced that may not be"))?;
                // Oldest first: a result is replaced only when replacing every older one would
                // not have been enough.
                if let Some(&newest) = positions.iter().max() {
                    let older_saves: u64 = eligible[..newest].iter().map(|(_, _, saves)| saves).sum();
                    prop_assert!(whole - older_saves > budget);
                }
            }
            Err(error) => {
                prop_assert!(smallest > budget, "{error}: smallest {smallest} <= {budget}");
                prop_assert!(matches!(error, PlanError::MessageTooLarge { .. }), "{:?}", error);
            }
        }
    }
}
