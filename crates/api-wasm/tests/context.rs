//! Boundary tests for the workspace-context exports under Node: the values and thrown errors the
//! extension host sees for attachments, the system prompt, context plans, Condense, the path
//! index and the ignore rules.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, but clippy only recognises `#[test]` as such.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failed unwrap or panic is a failed test here"
)]

use js_sys::{Array, Object, Reflect, Uint8Array};
use roo_api_wasm::{
    IgnoreRules, PathIndex, build_system_prompt, default_context_limits, is_secret_looking,
    plan_condense, plan_context, resolve_attachment, should_offer_condense,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn string(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap()
}

fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key).as_f64().unwrap()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// `object` with `key` set to `value`.
fn with(object: JsValue, key: &str, value: &JsValue) -> JsValue {
    Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    object
}

fn strings(items: &[&str]) -> Array {
    items.iter().map(|item| JsValue::from_str(item)).collect()
}

fn bytes(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

/// The thrown value, checked to be a real `Error` with `name`; returns it for its fields.
fn thrown(error: JsValue, name: &str) -> JsValue {
    assert!(error.is_instance_of::<js_sys::Error>());
    let error_object: &js_sys::Error = error.unchecked_ref();
    assert_eq!(String::from(error_object.name()), name);
    error
}

fn message(error: &JsValue) -> String {
    error.unchecked_ref::<js_sys::Error>().message().into()
}

#[wasm_bindgen_test]
fn a_file_from_a_uint8array_resolves_to_a_numbered_attachment() {
    let content = with(
        json(r#"{"kind":"file","path":"src/main.rs","sizeOnDisk":12}"#),
        "bytes",
        &bytes(b"fn main() {}\n"),
    );
    let attachment = resolve_attachment(content, JsValue::UNDEFINED).unwrap();
    assert_eq!(string(&attachment, "kind"), "file");
    assert_eq!(string(&attachment, "label"), "src/main.rs");
    assert_eq!(
        string(&attachment, "text"),
        "File: src/main.rs\n```\n1 | fn main() {}\n```"
    );
    assert!(number(&attachment, "tokens") > 5.0);
    assert!(get(&attachment, "note").is_null());
}

#[wasm_bindgen_test]
fn a_refused_attachment_throws_an_attachment_error_with_its_kind() {
    let content = with(
        json(r#"{"kind":"file","path":"big.log","sizeOnDisk":5000}"#),
        "bytes",
        &bytes(b""),
    );
    let error = resolve_attachment(content, json(r#"{"maxFileBytes":1000}"#)).unwrap_err();
    let error = thrown(error, "AttachmentError");
    assert_eq!(string(&error, "kind"), "tooLarge");
    assert_eq!(number(&error, "limit"), 1000.0);
    assert!(message(&error).contains("rooCodePlus.context.maxFileBytes"));

    let binary = with(
        json(r#"{"kind":"file","path":"a.png","sizeOnDisk":3}"#),
        "bytes",
        &bytes(&[0x89, 0, 1]),
    );
    let error = thrown(
        resolve_attachment(binary, JsValue::NULL).unwrap_err(),
        "AttachmentError",
    );
    assert_eq!(string(&error, "kind"), "binary");
    let selection =
        json(r#"{"kind":"selection","path":"a.rs","startLine":1,"endLine":1,"text":"  "}"#);
    let error = thrown(
        resolve_attachment(selection, JsValue::UNDEFINED).unwrap_err(),
        "AttachmentError",
    );
    assert_eq!(string(&error, "kind"), "emptySelection");
}

#[wasm_bindgen_test]
fn a_folder_with_small_files_lists_its_tree_and_contents() {
    let entry = with(
        json(r#"{"path":"lib.rs","size":3}"#),
        "bytes",
        &bytes(b"x;\n"),
    );
    let entries = Array::of2(&entry, &json(r#"{"path":"docs","isDir":true}"#));
    let content = with(
        json(r#"{"kind":"folder","path":"src"}"#),
        "entries",
        &entries,
    );
    let attachment = resolve_attachment(content, JsValue::UNDEFINED).unwrap();
    assert_eq!(string(&attachment, "label"), "src/");
    assert!(string(&attachment, "text").starts_with("Folder: src/\n```\ndocs/\nlib.rs\n```"));
}

#[wasm_bindgen_test]
fn an_input_in_the_wrong_shape_names_what_was_expected() {
    let error =
        resolve_attachment(json(r#"{"kind":"file","path":3}"#), JsValue::UNDEFINED).unwrap_err();
    assert!(message(&error).starts_with("the mention's contents are not in the expected shape"));
}

#[wasm_bindgen_test]
fn the_default_limits_cross_as_a_plain_object() {
    let limits = default_context_limits().unwrap();
    assert_eq!(number(&limits, "maxFileBytes"), 1_000_000.0);
    assert!(!limits.is_instance_of::<js_sys::Map>());
}

#[wasm_bindgen_test]
fn the_system_prompt_reads_rules_files_from_bytes() {
    let agents = with(json(r#"{"state":"read"}"#), "bytes", &bytes(b"Use tabs."));
    let dir_file = with(
        json(r#"{"name":"style.md","state":"read"}"#),
        "bytes",
        &bytes(b"Be brief."),
    );
    let input = with(
        with(
            json(r#"{"basePrompt":"Base.","customInstructions":"Be kind."}"#),
            "agentsMd",
            &agents,
        ),
        "rooRules",
        &Array::of1(&dir_file),
    );
    let built = build_system_prompt(input, JsValue::UNDEFINED).unwrap();
    let prompt = string(&built, "prompt");
    assert!(prompt.starts_with("Base.\n\n===="));
    assert!(prompt.contains("## Rules from AGENTS.md\n\nUse tabs."));
    assert!(prompt.contains("## Rules from .roo/rules/style.md\n\nBe brief."));
    assert!(prompt.ends_with("Be kind."));
    let sources = Array::from(&get(&get(&built, "report"), "sources"));
    let statuses: Vec<String> = sources.iter().map(|s| string(&s, "status")).collect();
    assert_eq!(statuses, ["found", "found", "notFound", "found"]);
}

const CONVERSATION: &str = r#"[
    {"messageIndex":0,"role":"user","tokens":100,"attachments":[{"id":"a","label":"big.rs","tokens":50000}]},
    {"messageIndex":1,"role":"assistant","tokens":100},
    {"messageIndex":2,"role":"user","tokens":100}
]"#;

#[wasm_bindgen_test]
fn a_plan_replaces_an_old_attachment_and_says_so() {
    let input = with(
        json(r#"{"systemPromptTokens":1000,"contextWindow":40000,"outputReserve":4000}"#),
        "turns",
        &json(CONVERSATION),
    );
    let plan = plan_context(input).unwrap();
    assert_eq!(Array::from(&get(&plan, "leftOut")).length(), 0);
    let replaced = Array::from(&get(&plan, "replaced")).get(0);
    assert_eq!(string(&replaced, "id"), "a");
    assert_eq!(
        string(&replaced, "note"),
        "[attachment big.rs (50,000 tokens) left out to fit the context window]"
    );
    assert!(number(&plan, "inputTokens") <= number(&plan, "budget"));
    assert!(string(&plan, "notice").contains("1 attachment"));
}

#[wasm_bindgen_test]
fn a_plan_that_cannot_fit_throws_a_context_plan_error() {
    let input = with(
        json(r#"{"systemPromptTokens":1000,"contextWindow":4000,"outputReserve":1000}"#),
        "turns",
        &json(
            r#"[{"messageIndex":0,"role":"user","tokens":10,"attachments":[{"id":"x","label":"huge.log","tokens":9000}]}]"#,
        ),
    );
    let error = thrown(plan_context(input).unwrap_err(), "ContextPlanError");
    assert_eq!(string(&error, "kind"), "attachmentTooLarge");
    assert_eq!(string(&error, "label"), "huge.log");
    assert!(message(&error).contains("9,000 tokens"));
}

#[wasm_bindgen_test]
fn condense_plans_and_offers() {
    let turns = json(
        r#"[{"messageIndex":0,"role":"user","tokens":1},{"messageIndex":1,"role":"assistant","tokens":1},
            {"messageIndex":2,"role":"user","tokens":1},{"messageIndex":3,"role":"assistant","tokens":1},
            {"messageIndex":4,"role":"user","tokens":1}]"#,
    );
    let plan = plan_condense(turns.clone(), 1).unwrap();
    let summarized: Vec<f64> = Array::from(&get(&plan, "summarized"))
        .iter()
        .map(|index| index.as_f64().unwrap())
        .collect();
    assert_eq!(summarized, [1.0, 2.0, 3.0]);
    assert_eq!(number(&plan, "insertAfter"), 0.0);
    assert!(string(&plan, "prompt").starts_with("Summarize our conversation"));
    assert!(plan_condense(turns, 5).unwrap().is_null());
    assert!(should_offer_condense(0.85, None));
    assert!(!should_offer_condense(0.85, Some(0.9)));
}

#[wasm_bindgen_test]
fn the_path_index_searches_adds_and_removes() {
    let mut index = PathIndex::new(&strings(&["src/util.ts", "util/index.ts", "README.md"]));
    assert_eq!(index.size(), 3);
    let found = Array::from(&index.search("util", 10).unwrap());
    assert_eq!(found.length(), 2);
    let best = found.get(0);
    assert_eq!(string(&best, "path"), "src/util.ts");
    let indices: Vec<f64> = Array::from(&get(&best, "matchedIndices"))
        .iter()
        .map(|index| index.as_f64().unwrap())
        .collect();
    assert_eq!(indices, [4.0, 5.0, 6.0, 7.0]);
    assert!(best.is_instance_of::<Object>());

    index.remove(&strings(&["src/util.ts", "missing"]));
    index.add(&strings(&["lib/utility.rs", "README.md"]));
    assert_eq!(index.size(), 3);
    index.add(&Array::new());
    assert_eq!(index.size(), 3);
    index.set_recent(&strings(&["lib/utility.rs"]));
    let listed = Array::from(&index.search("", 2).unwrap());
    assert_eq!(string(&listed.get(0), "path"), "lib/utility.rs");
    assert_eq!(string(&listed.get(1), "path"), "README.md");
}

#[wasm_bindgen_test]
fn ignore_rules_follow_nested_files() {
    let rules = IgnoreRules::new(json(
        r#"[{"folder":"","text":"build/\n*.log\n"},{"folder":"pkg","text":"!keep.log\n"},
            {"folder":"","text":"!root.log"}]"#,
    ))
    .unwrap();
    assert!(rules.is_ignored("build", true));
    assert!(rules.is_ignored("build/out.js", false));
    assert!(rules.is_ignored("a.log", false));
    assert!(!rules.is_ignored("pkg/keep.log", false));
    assert!(!rules.is_ignored("root.log", false));
    assert!(!rules.is_ignored("src/main.rs", false));
    let error = IgnoreRules::new(json(r#"[{"folder":""}]"#)).unwrap_err();
    assert!(
        message(&JsValue::from(error))
            .starts_with("the ignore files are not in the expected shape")
    );
}

#[wasm_bindgen_test]
fn secret_looking_paths_are_flagged() {
    assert!(is_secret_looking(".env"));
    assert!(is_secret_looking("keys/server.pem"));
    assert!(!is_secret_looking(".env.example"));
}
