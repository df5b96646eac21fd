//! Boundary tests for the exported `OpenChat`, `ChatIndex`, `IndexJournal` and `ChatMigration`
//! under Node: the values and errors the extension host sees when it opens, changes and saves one
//! chat, keeps the index and its journal, and migrates the old single history file.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, but clippy only recognises `#[test]` as such.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failed unwrap or panic is a failed test here"
)]

use js_sys::{Array, Uint8Array};
use roo_api_wasm::{ChatIndex, IndexJournal, OpenChat};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn string(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn length(value: &JsValue) -> u32 {
    Array::from(value).length()
}

/// The thrown value's message, after checking it is a real JavaScript `Error`.
fn error_message(error: JsError) -> String {
    let value = JsValue::from(error);
    assert!(value.is_instance_of::<js_sys::Error>());
    value.unchecked_into::<js_sys::Error>().message().into()
}

const USAGE: &str = r#"{"type":"usage","inputTokens":120,"outputTokens":8,"cacheWriteTokens":null,"cacheReadTokens":null,"reasoningTokens":null,"cost":{"kind":"known","usd":0.5,"source":"proxy"},"estimated":false}"#;

/// Chat "c1": a question and a streaming reply "a1".
fn chat_in_progress() -> OpenChat {
    let mut chat = OpenChat::create("c1".into(), 1000.0).unwrap();
    chat.append_user_message("u1".into(), "What is a lifetime?".into(), 1001.0)
        .unwrap();
    chat.begin_reply("a1".into(), "gpt-4o".into(), 1002.0)
        .unwrap();
    chat
}

#[wasm_bindgen_test]
fn a_reply_streams_as_deltas_and_survives_to_bytes_and_load() {
    let mut chat = chat_in_progress();
    assert!(!chat.is_empty());
    let first = chat
        .apply_chunks(
            "a1",
            json(r#"[{"type":"reasoning","text":"hmm"},{"type":"text","text":"A lifetime "}]"#),
            1003.0,
        )
        .unwrap();
    assert_eq!(string(&first, "messageId"), "a1");
    assert_eq!(string(&first, "text"), "A lifetime ");
    assert_eq!(string(&first, "reasoning"), "hmm");
    assert_eq!(string(&first, "state"), "streaming");
    // Missing values cross as `null`, as the generated types say.
    assert!(get(&first, "usage").is_null());
    let second = chat
        .apply_chunks(
            "a1",
            json(&format!(
                r#"[{{"type":"text","text":"is a scope."}},{USAGE}]"#
            )),
            1004.0,
        )
        .unwrap();
    assert_eq!(string(&second, "text"), "is a scope.");
    assert_eq!(string(&second, "reasoning"), "");
    assert_eq!(
        get(&get(&second, "usage"), "inputTokens").as_f64(),
        Some(120.0)
    );
    let reply = chat.finish_reply("a1", 1005.0, None).unwrap();
    assert_eq!(string(&reply, "state"), "complete");
    assert_eq!(string(&reply, "text"), "A lifetime is a scope.");

    assert_eq!(chat.revision(), 0.0);
    let bytes = chat.to_bytes().unwrap();
    assert_eq!(chat.revision(), 1.0);
    assert_eq!(OpenChat::disk_revision(&bytes), Some(1.0));
    assert_eq!(OpenChat::disk_revision(b"not json"), None);

    let loaded = OpenChat::load(&bytes).unwrap();
    assert_eq!(loaded.id(), "c1");
    assert_eq!(loaded.revision(), 1.0);
    let conversation = loaded.conversation().unwrap();
    assert_eq!(string(&conversation, "title"), "What is a lifetime?");
    assert_eq!(get(&conversation, "updatedAtMs").as_f64(), Some(1005.0));
    let reply = Array::from(&get(&conversation, "messages")).get(1);
    assert_eq!(string(&reply, "modelId"), "gpt-4o");
    assert_eq!(
        get(&get(&get(&reply, "usage"), "cost"), "usd").as_f64(),
        Some(0.5)
    );

    let totals = loaded.totals().unwrap();
    assert_eq!(get(&totals, "inputTokens").as_f64(), Some(120.0));
    assert_eq!(get(&totals, "knownCostUsd").as_f64(), Some(0.5));
    let entry = loaded.index_entry().unwrap();
    assert_eq!(string(&entry, "id"), "c1");
    assert_eq!(get(&entry, "messageCount").as_f64(), Some(2.0));
    assert_eq!(get(&entry, "outputTokens").as_f64(), Some(8.0));
    assert!(get(&entry, "messages").is_undefined());

    let params = Array::from(&loaded.message_params().unwrap());
    assert_eq!(params.length(), 2);
    assert_eq!(string(&params.get(1), "content"), "A lifetime is a scope.");
    assert_eq!(
        loaded.conversation_ref().to_message_params().len(),
        2,
        "the Rust-side accessor sees the same chat"
    );
}

#[wasm_bindgen_test]
fn an_error_chunk_fails_the_reply_and_retry_says_what_it_removed() {
    let mut chat = chat_in_progress();
    let delta = chat
        .apply_chunks(
            "a1",
            json(
                r#"[{"type":"text","text":"Partial"},{"type":"error","error":{"kind":"serverError","message":"The proxy failed.","detail":null,"status":500,"body":null,"retryAfterSeconds":null,"retryable":true}}]"#,
            ),
            1003.0,
        )
        .unwrap();
    assert_eq!(string(&delta, "state"), "failed");
    assert_eq!(string(&delta, "text"), "Partial");
    assert_eq!(string(&get(&delta, "error"), "kind"), "serverError");

    let retry = chat
        .prepare_retry("a2".into(), "gpt-4o".into(), 1005.0)
        .unwrap();
    let removed: Vec<String> = Array::from(&get(&retry, "removedIds"))
        .iter()
        .map(|id| id.as_string().unwrap())
        .collect();
    assert_eq!(removed, ["a1"]);
    assert_eq!(string(&get(&retry, "reply"), "id"), "a2");
    assert_eq!(string(&get(&retry, "reply"), "state"), "streaming");
    assert_eq!(length(&get(&chat.conversation().unwrap(), "messages")), 2);
    assert_eq!(length(&chat.message_params().unwrap()), 1);
}

#[wasm_bindgen_test]
fn stop_marks_the_reply_stopped_with_the_cancelled_error() {
    let mut chat = chat_in_progress();
    let reply = chat.stop_reply("a1", 1003.0).unwrap();
    assert_eq!(string(&reply, "state"), "stopped");
    assert_eq!(string(&get(&reply, "error"), "kind"), "cancelled");
}

#[wasm_bindgen_test]
fn misuse_throws_errors_that_name_the_problem() {
    let mut chat = chat_in_progress();
    let message = error_message(chat.apply_chunks("zz", json("[]"), 1.0).unwrap_err());
    assert!(message.contains("\"zz\""), "{message}");
    let message = error_message(
        chat.apply_chunks("a1", json(r#"[{"type":"bogus"}]"#), 1.0)
            .unwrap_err(),
    );
    assert!(message.contains("the stream chunks"), "{message}");
    let message = error_message(
        chat.prepare_retry("a2".into(), "m".into(), 1.0)
            .unwrap_err(),
    );
    assert!(message.contains("streaming"), "{message}");
    let message = error_message(chat.finish_reply("a1", f64::NAN, None).unwrap_err());
    assert!(message.contains("nowMs"), "{message}");
    let message = error_message(OpenChat::create("../x".into(), 1.0).unwrap_err());
    assert!(message.contains("cannot name a chat file"), "{message}");
    let message = error_message(OpenChat::load(b"{\"version\": 3, \"rev").unwrap_err());
    assert!(
        message.starts_with("the chat file is not valid JSON"),
        "{message}"
    );
    let message = error_message(OpenChat::load(b"{\"version\": 9}").unwrap_err());
    assert!(message.contains("newer version"), "{message}");
}

#[wasm_bindgen_test]
fn a_window_that_read_an_older_revision_saves_a_copy() {
    let mut mine = chat_in_progress();
    let saved = mine.to_bytes().unwrap();
    let mut theirs = OpenChat::load(&saved).unwrap();
    theirs
        .append_user_message("u2".into(), "from the other window".into(), 2000.0)
        .unwrap();
    let newer = theirs.to_bytes().unwrap();

    assert!(mine.can_overwrite(None));
    assert!(mine.can_overwrite(Some(saved)));
    assert!(!mine.can_overwrite(Some(newer)));
    let copy = mine.fork_as("c1-copy".into(), 3000.0).unwrap();
    assert_eq!(copy.id(), "c1-copy");
    assert_eq!(copy.revision(), 0.0);
    let conversation = copy.conversation().unwrap();
    assert_eq!(string(&conversation, "title"), "What is a lifetime? (copy)");
    assert_eq!(length(&get(&conversation, "messages")), 2);
}

fn entry(id: &str, updated: f64) -> JsValue {
    json(&format!(
        r#"{{"id":"{id}","title":"T {id}","createdAtMs":1,"updatedAtMs":{updated},"messageCount":2,"inputTokens":1,"outputTokens":1,"knownCostUsd":0,"repliesWithUnknownCost":0}}"#
    ))
}

fn ids(index: &ChatIndex) -> Vec<String> {
    Array::from(&index.summaries().unwrap())
        .iter()
        .map(|summary| string(&summary, "id"))
        .collect()
}

#[wasm_bindgen_test]
fn index_changes_are_journal_lines_replayed_over_the_snapshot() {
    let empty = ChatIndex::load(None, None).unwrap();
    assert_eq!(length(&empty.summaries().unwrap()), 0);
    assert!(empty.load_warnings().is_empty());

    let journal = [
        IndexJournal::upsert_line(entry("a", 10.0)).unwrap(),
        IndexJournal::upsert_line(entry("b", 20.0)).unwrap(),
        // An older entry leaves the listed line.
        IndexJournal::upsert_line(entry("a", 5.0)).unwrap(),
    ]
    .concat();
    let mut index = ChatIndex::load(None, Some(journal.clone())).unwrap();
    assert_eq!(ids(&index), ["b", "a"]);
    let second = Array::from(&index.summaries().unwrap()).get(1);
    assert_eq!(get(&second, "updatedAtMs").as_f64(), Some(10.0));
    let removal = IndexJournal::remove_line("b").unwrap();
    index.replay(&removal);
    assert!(index.has("a") && !index.has("b"));

    // Folded into a snapshot, the journal gives the same list, and replaying it again changes
    // nothing (a compaction that stopped before emptying the journal).
    let journal = [journal, removal].concat();
    let snapshot = ChatIndex::compacted(None, Some(journal.clone())).unwrap();
    assert_eq!(
        ids(&ChatIndex::load(Some(snapshot.clone()), None).unwrap()),
        ["a"]
    );
    assert_eq!(
        ids(&ChatIndex::load(Some(snapshot), Some(journal)).unwrap()),
        ["a"]
    );
    assert!(!ChatIndex::should_compact(0));
    assert!(ChatIndex::should_compact(1 << 20));

    // A last line cut short is left out, with a warning.
    let cut = IndexJournal::upsert_line(entry("c", 1.0)).unwrap();
    let index = ChatIndex::load(None, Some(cut[..cut.len() - 3].to_vec())).unwrap();
    assert_eq!(length(&index.summaries().unwrap()), 0);
    assert!(index.load_warnings()[0].contains("cut short"));

    let message = error_message(ChatIndex::load(Some(b"{\"chats\"".to_vec()), None).unwrap_err());
    assert!(
        message.starts_with("the chat index is not valid JSON"),
        "{message}"
    );
    let message = error_message(ChatIndex::compacted(Some(Vec::new()), None).unwrap_err());
    assert_eq!(message, "the chat index is empty");
    let message = error_message(IndexJournal::upsert_line(json(r#"{"id":"a"}"#)).unwrap_err());
    assert!(message.contains("the index entry's fields"), "{message}");
    let message = error_message(IndexJournal::remove_line("../a").unwrap_err());
    assert!(message.contains("cannot name a chat file"), "{message}");
}

#[wasm_bindgen_test]
fn a_rebuild_skips_unreadable_chat_files_and_says_which() {
    let mut chat = chat_in_progress();
    let good = chat.to_bytes().unwrap();
    let files = vec![
        Uint8Array::from(&b"{\"version\": 3"[..]),
        Uint8Array::from(good.as_slice()),
    ];
    let index = ChatIndex::rebuild(files);
    assert_eq!(ids(&index), ["c1"]);
    let warnings = index.load_warnings();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("chat file 1 of 2"),
        "{}",
        warnings[0]
    );
    let reloaded = ChatIndex::load(Some(index.to_bytes().unwrap()), None).unwrap();
    assert_eq!(ids(&reloaded), ["c1"]);
}

#[wasm_bindgen_test]
fn the_old_single_file_migrates_to_chat_files_and_an_index() {
    let old = br#"{"version":2,"activeConversationId":"ok","conversations":[{"id":"broken"},
        {"id":"ok","title":"t","createdAtMs":1,"updatedAtMs":2,"messages":[
          {"id":"u1","role":"user","text":"hi","reasoning":"","state":"complete","modelId":null,"usage":null,"error":null}]}]}"#;
    let migration = ChatIndex::migrate_single_file(old).unwrap();
    assert_eq!(migration.active_conversation_id().as_deref(), Some("ok"));
    let files = Array::from(&migration.chat_files().unwrap());
    assert_eq!(files.length(), 1);
    assert_eq!(string(&files.get(0), "id"), "ok");
    let bytes: Uint8Array = get(&files.get(0), "bytes").dyn_into().unwrap();
    let chat = OpenChat::load(&bytes.to_vec()).unwrap();
    assert_eq!(chat.revision(), 1.0);
    assert_eq!(string(&chat.conversation().unwrap(), "title"), "t");

    let unreadable = Array::from(&migration.unreadable().unwrap());
    assert_eq!(unreadable.length(), 1);
    assert_eq!(
        string(&unreadable.get(0), "name"),
        "old-history-chat-1.json"
    );
    let raw: Uint8Array = get(&unreadable.get(0), "bytes").dyn_into().unwrap();
    assert_eq!(raw.to_vec(), br#"{"id":"broken"}"#);
    assert_eq!(migration.warnings().len(), 1);
    assert!(migration.warnings()[0].contains("\"broken\""));

    let index = ChatIndex::load(Some(migration.index_bytes()), None).unwrap();
    assert_eq!(ids(&index), ["ok"]);

    let message = error_message(ChatIndex::migrate_single_file(b"{\"version\": 7}").unwrap_err());
    assert!(message.contains("newer version"), "{message}");
    let empty = ChatIndex::migrate_single_file(b"").unwrap();
    assert_eq!(empty.active_conversation_id(), None);
    assert_eq!(length(&empty.chat_files().unwrap()), 0);
}
