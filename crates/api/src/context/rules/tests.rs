//! Tests of the system prompt's rules section and its report.

use super::*;

fn read(text: &str) -> RulesFileRead {
    RulesFileRead::Read {
        bytes: text.as_bytes().to_vec(),
    }
}

fn dir_file(name: &str, text: &str) -> RulesDirFile {
    RulesDirFile {
        name: name.to_owned(),
        read: read(text),
    }
}

fn build(input: &RulesInput) -> SystemPrompt {
    build_system_prompt(input, &ContextLimits::default())
}

fn statuses(prompt: &SystemPrompt) -> Vec<(&str, RulesStatus)> {
    prompt
        .report
        .sources
        .iter()
        .map(|source| (source.source.as_str(), source.status))
        .collect()
}

#[test]
fn every_source_appears_in_order_under_its_heading() {
    let input = RulesInput {
        base_prompt: "You are a helpful assistant.\n".to_owned(),
        agents_md: read("Use tabs.\n"),
        roo_rules: vec![dir_file("b.md", "Rule B."), dir_file("a.md", "Rule A.")],
        roorules: read("Be brief."),
        custom_instructions: "  Answer in French.  ".to_owned(),
    };
    let built = build(&input);
    assert_eq!(
        built.prompt,
        format!(
            "You are a helpful assistant.\n\n{RULES_PREAMBLE}\n\n\
             ## Rules from AGENTS.md\n\nUse tabs.\n\n\
             ## Rules from .roo/rules/a.md\n\nRule A.\n\n\
             ## Rules from .roo/rules/b.md\n\nRule B.\n\n\
             ## Rules from .roorules\n\nBe brief.\n\n\
             ## Custom instructions from the settings\n\nAnswer in French."
        )
    );
    assert_eq!(built.tokens, count_text_tokens(&built.prompt));
    assert_eq!(
        statuses(&built),
        [
            ("AGENTS.md", RulesStatus::Found),
            (".roo/rules/a.md", RulesStatus::Found),
            (".roo/rules/b.md", RulesStatus::Found),
            (".roorules", RulesStatus::Found),
            ("custom instructions", RulesStatus::Found),
        ]
    );
    let agents = &built.report.sources[0];
    assert_eq!(
        agents.tokens,
        count_text_tokens("## Rules from AGENTS.md\n\nUse tabs.")
    );
}

#[test]
fn without_rules_the_base_prompt_is_unchanged_and_every_source_is_reported() {
    let built = build(&RulesInput {
        base_prompt: "Base.".to_owned(),
        roorules: read(" \n\t"),
        ..RulesInput::default()
    });
    assert_eq!(built.prompt, "Base.");
    assert_eq!(
        statuses(&built),
        [
            ("AGENTS.md", RulesStatus::NotFound),
            (".roo/rules/", RulesStatus::NotFound),
            (".roorules", RulesStatus::Empty),
            ("custom instructions", RulesStatus::Empty),
        ]
    );
    assert!(built.report.sources.iter().all(|source| source.tokens == 0));
}

#[test]
fn unreadable_and_binary_files_are_reported_and_left_out() {
    let built = build(&RulesInput {
        agents_md: RulesFileRead::Unreadable {
            reason: "Permission denied.".to_owned(),
        },
        roo_rules: vec![RulesDirFile {
            name: "image.md".to_owned(),
            read: RulesFileRead::Read {
                bytes: vec![0x89, b'P', 0, 0],
            },
        }],
        custom_instructions: "Be kind.".to_owned(),
        ..RulesInput::default()
    });
    let sources = &built.report.sources;
    assert_eq!(sources[0].status, RulesStatus::Unreadable);
    assert_eq!(sources[0].note.as_deref(), Some("Permission denied."));
    assert_eq!(sources[1].status, RulesStatus::Unreadable);
    assert!(sources[1].note.as_deref().unwrap().contains("binary"));
    assert!(!built.prompt.contains("image.md"));
    assert!(built.prompt.starts_with(RULES_PREAMBLE), "{}", built.prompt);
}

#[test]
fn an_oversized_file_is_cut_with_a_note() {
    let long = "Rule line.\n".repeat(100);
    let limits = ContextLimits {
        max_rules_file_bytes: 55,
        ..ContextLimits::default()
    };
    let built = build_system_prompt(
        &RulesInput {
            roorules: read(&long),
            ..RulesInput::default()
        },
        &limits,
    );
    let kept = "Rule line.\n".repeat(5);
    assert!(built.prompt.contains(&format!(
        "## Rules from .roorules\n\n{}\n\n[Cut here to fit: It is 1 KB; only its first 55 bytes is included.]",
        kept.trim_end()
    )));
    assert_eq!(
        built.report.sources[2].note.as_deref(),
        Some("It is 1 KB; only its first 55 bytes is included.")
    );
}

#[test]
fn a_legacy_encoding_is_read_with_its_note() {
    let built = build(&RulesInput {
        agents_md: RulesFileRead::Read {
            bytes: b"Caf\xE9 rules".to_vec(),
        },
        ..RulesInput::default()
    });
    assert!(built.prompt.contains("Café rules"));
    assert!(
        built.report.sources[0]
            .note
            .as_deref()
            .unwrap()
            .contains("Windows-1252")
    );
}

#[test]
fn the_input_reads_from_json_with_flattened_directory_files() {
    let input: RulesInput = serde_json::from_value(serde_json::json!({
        "basePrompt": "Base.",
        "agentsMd": {"state": "read", "bytes": [72, 105]},
        "rooRules": [
            {"name": "x.md", "state": "unreadable", "reason": "EACCES"},
            {"name": "y.md", "state": "read", "bytes": [89]}
        ],
        "roorules": {"state": "missing"}
    }))
    .unwrap();
    assert_eq!(input.agents_md, read("Hi"));
    assert_eq!(input.roo_rules[1], dir_file("y.md", "Y"));
    assert_eq!(input.custom_instructions, "");
    let built = build(&input);
    assert!(built.prompt.contains("## Rules from .roo/rules/y.md\n\nY"));
}
