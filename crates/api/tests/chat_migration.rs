//! The migration from the single history file on real files: `fixtures/chat-history-v2.json`
//! was written by the version 2 save path (before it was removed) after a load that found two
//! chats it could not read, and `fixtures/chat-history-v1.json` is a Roo-style file. Every chat,
//! message, usage, error and unreadable chat in them must come out of the migration.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a test helper fails the test"
)]

use std::path::PathBuf;

use roo_api::chat::index::ChatIndex;
use roo_api::chat::migration::{Migration, migrate_single_file};
use roo_api::chat::stored::read_chat_file;
use roo_api::chat::{Conversation, MessageState};
use roo_api::classify;
use roo_api::messages::Role;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(path).unwrap()
}

fn migrated_chat(migration: &Migration, id: &str) -> Conversation {
    let file = migration
        .chat_files
        .iter()
        .find(|file| file.id == id)
        .unwrap_or_else(|| panic!("no chat file for {id}"));
    let loaded = read_chat_file(&file.bytes).unwrap();
    assert_eq!(loaded.revision, 1);
    assert_eq!(loaded.conversation.id, id);
    loaded.conversation
}

#[test]
fn every_chat_of_a_version_2_file_survives_field_for_field() {
    let bytes = fixture("chat-history-v2.json");
    let old: Value = serde_json::from_slice(&bytes).unwrap();
    let migration = migrate_single_file(&bytes).unwrap();
    assert_eq!(migration.from_version, Some(2));
    assert_eq!(migration.chat_files.len(), 5);
    assert_eq!(
        migration.active_conversation_id.as_deref(),
        Some("01J0EMPTY0000000000000000D")
    );
    assert_eq!(migration.interrupted_replies, 1);

    for old_chat in old["conversations"].as_array().unwrap() {
        let old_id = old_chat["id"].as_str().unwrap();
        let id = match old_id {
            "team/notes:1" => migration
                .chat_files
                .iter()
                .map(|file| file.id.as_str())
                .find(|id| id.starts_with("migrated-"))
                .unwrap(),
            other => other,
        };
        let chat = migrated_chat(&migration, id);
        let mut expected = old_chat.clone();
        expected["id"] = Value::from(id);
        if old_id == "01J0STRM00000000000000000C" {
            // Saved mid-reply: now stopped, with the cancelled error, its text kept.
            assert_eq!(expected["messages"][1]["state"], "streaming");
            expected["messages"][1]["state"] = Value::from("stopped");
            expected["messages"][1]["error"] = serde_json::to_value(classify::cancelled()).unwrap();
        }
        // Version 2 knew no workspace context and no agent: every migrated message has no
        // context and no tool calls, and the chat is in Ask mode.
        for message in expected["messages"].as_array_mut().unwrap() {
            message["attachments"] = Value::Array(Vec::new());
            message["images"] = Value::Array(Vec::new());
            message["contextNotice"] = Value::Null;
            message["summaryOf"] = Value::Null;
            // Nor what prompt caching saved, which came later still.
            if let Some(usage) = message["usage"].as_object_mut() {
                usage.insert("cacheSavings".into(), Value::Null);
            }
            message["toolCalls"] = Value::Array(Vec::new());
        }
        expected["mode"] = Value::from("ask");
        assert_eq!(serde_json::to_value(&chat).unwrap(), expected, "{old_id}");
    }

    // A few fields named outright, so a shape change in both sides at once is still caught.
    let rich = migrated_chat(&migration, "01J0RICH00000000000000000A");
    let failed = rich.message("a3").unwrap();
    assert_eq!(failed.state, MessageState::Failed);
    let error = failed.error.as_ref().unwrap();
    assert_eq!(
        (error.status, error.retry_after_seconds, error.retryable),
        (Some(503), Some(2.5), true)
    );
    assert_eq!(error.detail.as_deref(), Some("upstream overloaded"));
    assert!(failed.usage.as_ref().unwrap().estimated);
    let first = rich.message("a1").unwrap();
    assert_eq!(first.reasoning, "The user wants…");
    assert_eq!(first.usage.as_ref().unwrap().cache_read_tokens, Some(300));
    assert_eq!(rich.title, "Explain «lifetimes» in Rust 🦀");

    // The two chats an earlier load could not read are set aside exactly as they were.
    let kept = old["unreadableConversations"].as_array().unwrap();
    let names: Vec<&str> = migration
        .unreadable
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["old-history-kept-1.json", "old-history-kept-2.json"]
    );
    for (set_aside, raw) in migration.unreadable.iter().zip(kept) {
        assert_eq!(
            &serde_json::from_slice::<Value>(&set_aside.bytes).unwrap(),
            raw
        );
    }
    assert_eq!(migration.warnings.len(), 3, "{:?}", migration.warnings);

    // The index lists every chat with its totals; the list leaves out the empty one.
    let index = ChatIndex::load(Some(&migration.index_bytes), None).unwrap();
    assert_eq!(index.entries().count(), 5);
    for file in &migration.chat_files {
        let chat = read_chat_file(&file.bytes).unwrap().conversation;
        let entry = index.get(&file.id).unwrap();
        assert_eq!(entry.totals(), chat.totals());
        assert_eq!(entry.summary(), chat.summary());
    }
    let listed: Vec<String> = index.summaries().into_iter().map(|s| s.id).collect();
    assert_eq!(listed.len(), 4);
    assert!(!listed.contains(&"01J0EMPTY0000000000000000D".to_owned()));
    // Rebuilding from the chat files gives the same index.
    let rebuilt = ChatIndex::rebuild(migration.chat_files.iter().map(|f| f.bytes.as_slice()));
    assert!(rebuilt.entries().eq(index.entries()));
}

#[test]
fn a_version_1_file_migrates_with_placeholders_and_its_bad_chats_set_aside() {
    let bytes = fixture("chat-history-v1.json");
    let old: Value = serde_json::from_slice(&bytes).unwrap();
    let migration = migrate_single_file(&bytes).unwrap();
    assert_eq!(migration.from_version, Some(1));
    assert_eq!(migration.active_conversation_id, None);
    let ids: Vec<&str> = migration.chat_files.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["01HZX3K9Q2", "01HZX4AAAA", "01HZX5BBBB"]);

    let first = migrated_chat(&migration, "01HZX3K9Q2");
    assert_eq!(first.title, "Fix the failing test in parser.rs");
    assert_eq!(
        (first.created_at_ms, first.updated_at_ms),
        (1_716_000_000_000.0, 1_716_000_000_000.0)
    );
    let shown: Vec<(&str, Role, &str, &str)> = first
        .messages
        .iter()
        .map(|m| (m.id.as_str(), m.role, m.text.as_str(), m.reasoning.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "01HZX3K9Q2:0",
                Role::User,
                "<task>\nFix the failing test in parser.rs\n</task>\n\n<environment_details>\n# Current Time\n2024-05-18\n</environment_details>",
                ""
            ),
            (
                "01HZX3K9Q2:1",
                Role::Assistant,
                "Let me read the file.\n\n[tool call: read_file]",
                "Read the file first."
            ),
            ("01HZX3K9Q2:2", Role::User, "[tool result]\n\n[image]", ""),
            (
                "01HZX3K9Q2:4",
                Role::Assistant,
                "The test expects `Ok(())`; here is the fix.",
                ""
            ),
            ("01HZX3K9Q2:5", Role::User, "[tool error]\n\n[document]", ""),
        ]
    );
    assert!(
        first
            .messages
            .iter()
            .all(|m| m.state == MessageState::Complete
                && m.usage.is_none()
                && m.error.is_none()
                && m.model_id.is_none())
    );
    assert_eq!(migrated_chat(&migration, "01HZX4AAAA").title, "Short chat");
    assert_eq!(
        migrated_chat(&migration, "01HZX5BBBB").title,
        "Write a README for the project"
    );

    // The chat with a broken block and the one without an id are set aside, raw.
    let names: Vec<&str> = migration
        .unreadable
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["old-history-chat-4.json", "old-history-chat-5.json"]
    );
    for (set_aside, position) in migration.unreadable.iter().zip([3, 4]) {
        let raw: Value = serde_json::from_slice(&set_aside.bytes).unwrap();
        assert_eq!(raw, old["chats"][position]);
    }
    assert!(migration.warnings[0].contains("chat 4 of 5 (id \"01HZX6BAD0\")"));
    assert!(migration.warnings[1].starts_with("chat 5 of 5 could not be read"));

    let index = ChatIndex::load(Some(&migration.index_bytes), None).unwrap();
    let order: Vec<String> = index.summaries().into_iter().map(|s| s.id).collect();
    assert_eq!(order, ["01HZX5BBBB", "01HZX4AAAA", "01HZX3K9Q2"]);
}

#[test]
fn a_migration_is_the_same_every_time_it_runs() {
    for name in ["chat-history-v1.json", "chat-history-v2.json"] {
        let bytes = fixture(name);
        assert_eq!(
            migrate_single_file(&bytes).unwrap(),
            migrate_single_file(&bytes).unwrap()
        );
    }
}
