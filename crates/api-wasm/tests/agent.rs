//! Boundary tests for Code mode on the open chat under Node: `setChatMode` and `chatMode`,
//! `createReply` sending the tools and streaming the proxy's recorded tool-call sequence into a
//! `toolCalls` chunk, and the agent's steps (`agentStep`, `decideToolCall`, `recordToolOutcome`,
//! `stopToolCalls`) with the results the next request carries.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, but clippy only recognises `#[test]` as such.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failed unwrap or panic is a failed test here"
)]

use js_sys::Array;
use roo_api_wasm::{ApiHandler, OpenChat};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
export function install_fake_proxy(sse) {
  globalThis.rooCodePlusFetch = async (url, init) => {
    globalThis.lastRequestBody = init.body;
    return new Response(sse, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
}
export function last_request_body() {
  return globalThis.lastRequestBody;
}
"#)]
extern "C" {
    fn install_fake_proxy(sse: &str);
    fn last_request_body() -> String;
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn string(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn error_message(error: JsError) -> String {
    let value = JsValue::from(error);
    assert!(value.is_instance_of::<js_sys::Error>());
    value.unchecked_into::<js_sys::Error>().message().into()
}

fn handler(supports_function_calling: &str) -> ApiHandler {
    let settings = format!(
        r#"{{"litellmModelId": "gpt-4o-mini", "litellmModelInfo": {{"contextWindow": 100000, "maxTokens": 500, "supportsFunctionCalling": {supports_function_calling}}}}}"#
    );
    roo_api_wasm::build_api_handler(json(&settings), JsValue::UNDEFINED).unwrap()
}

/// The proxy's recorded sequence: text, two calls (id, type and name first with empty
/// arguments, then pieces), the finish chunk, the usage chunk, `[DONE]`.
const RECORDED: &str = concat!(
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Let me look.\"}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_r\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_w\",\"type\":\"function\",\"function\":{\"name\":\"write_to_file\",\"arguments\":\"\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"path\\\":\\\"src/\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"path\\\":\\\"b.rs\\\",\\\"content\\\":\\\"x\\\"}\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"a.rs\\\"}\"}}]}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":20,\"total_tokens\":70,\"cost\":0.0001}}\n\n",
    "data: [DONE]\n\n",
);

const STEP_INPUT: &str = r#"{"workspaceRoot": "/work/app", "rooignore": [{"folder": "", "text": "secret/\n"}], "settings": {"autoApproveReads": true, "commandAllowList": [], "stepLimit": 25}}"#;

fn chat_with_task(handler: &ApiHandler) -> OpenChat {
    let mut chat = OpenChat::create("agent1".into(), 1.0).unwrap();
    handler
        .begin_send(
            &mut chat,
            json(r#"{"userMessageId": "u1", "replyId": "r1", "text": "Fix it.", "attachments": [], "images": []}"#),
            "sys",
            2.0,
        )
        .unwrap();
    chat
}

#[wasm_bindgen_test]
fn code_mode_is_refused_for_a_model_without_tools_and_kept_otherwise() {
    let without = handler("false");
    let mut chat = OpenChat::create("m1".into(), 1.0).unwrap();
    let error = without
        .set_chat_mode(&mut chat, JsValue::from_str("code"), 2.0)
        .unwrap_err();
    let message = error_message(error);
    assert!(
        message.contains("gpt-4o-mini") && message.contains("Code mode"),
        "{message}"
    );
    assert_eq!(string(&chat.conversation().unwrap(), "mode"), "ask");

    let with = handler("null");
    let effective = with
        .set_chat_mode(&mut chat, JsValue::from_str("code"), 3.0)
        .unwrap();
    assert_eq!(string(&effective, "mode"), "code");
    assert!(get(&effective, "notice").is_null());
    assert_eq!(string(&chat.conversation().unwrap(), "mode"), "code");
    // The same chat with a model that cannot call tools runs in Ask, with the notice.
    let fallback = without.chat_mode(&chat).unwrap();
    assert_eq!(string(&fallback, "mode"), "ask");
    assert!(string(&fallback, "notice").contains("Code mode is not available"));
    // The mode survives the file.
    let loaded = OpenChat::load(&chat.to_bytes().unwrap()).unwrap();
    assert_eq!(string(&loaded.conversation().unwrap(), "mode"), "code");
    assert!(
        with.set_chat_mode(&mut chat, JsValue::from_str("agent"), 4.0)
            .is_err()
    );
}

#[wasm_bindgen_test]
async fn a_code_mode_reply_sends_the_tools_and_its_calls_drive_the_agent() {
    install_fake_proxy(RECORDED);
    let handler = handler("true");
    let mut chat = chat_with_task(&handler);
    handler
        .set_chat_mode(&mut chat, JsValue::from_str("code"), 2.0)
        .unwrap();
    let stream = handler
        .create_reply(&mut chat, "sys", JsValue::UNDEFINED)
        .unwrap();
    let mut saw_calls = false;
    loop {
        let batch = JsFuture::from(stream.next()).await.unwrap();
        if batch.is_undefined() {
            break;
        }
        for chunk in Array::from(&batch).iter() {
            if string(&chunk, "type") == "toolCalls" {
                saw_calls = true;
                let calls = Array::from(&get(&chunk, "calls"));
                assert_eq!(calls.length(), 2);
                assert_eq!(string(&calls.get(0), "arguments"), r#"{"path":"src/a.rs"}"#);
            }
        }
        chat.apply_chunks("r1", batch, 3.0).unwrap();
    }
    assert!(saw_calls);
    let body: serde_json::Value = serde_json::from_str(&last_request_body()).unwrap();
    assert_eq!(body["tool_choice"], "auto");
    assert!(body["tools"].as_array().unwrap().len() >= 8);
    chat.finish_reply("r1", 4.0, None).unwrap();

    let reply = chat.message("r1").unwrap();
    let calls = Array::from(&get(&reply, "toolCalls"));
    assert_eq!(string(&calls.get(1), "name"), "write_to_file");
    assert_eq!(string(&get(&calls.get(1), "status"), "kind"), "pending");

    // The read is auto-approved: performed at once, with its resolved path.
    let step = chat.agent_step("r1", json(STEP_INPUT), 5.0).unwrap();
    assert_eq!(string(&step, "kind"), "performing");
    let call = get(&step, "call");
    assert_eq!(string(&call, "id"), "call_r");
    assert_eq!(string(&get(&call, "path"), "relative"), "src/a.rs");
    assert_eq!(string(&get(&call, "request"), "tool"), "read_file");
    chat.record_tool_outcome(
        "r1",
        "call_r",
        json(r#"{"kind": "success", "text": "1 | bug"}"#),
        6.0,
    )
    .unwrap();
    // The write asks; the user rejects it with a reason.
    let step = chat.agent_step("r1", json(STEP_INPUT), 7.0).unwrap();
    assert_eq!(string(&step, "kind"), "awaitingApproval");
    let early = chat
        .record_tool_outcome(
            "r1",
            "call_w",
            json(r#"{"kind": "success", "text": "done"}"#),
            7.0,
        )
        .unwrap_err();
    assert!(error_message(early).contains("not been approved"));
    let reply = chat
        .decide_tool_call(
            "r1",
            "call_w",
            json(r#"{"kind": "reject", "reason": "Not that file."}"#),
            8.0,
        )
        .unwrap();
    let status = get(&Array::from(&get(&reply, "toolCalls")).get(1), "status");
    assert_eq!(string(&status, "kind"), "rejected");
    assert_eq!(string(&status, "reason"), "Not that file.");
    let step = chat.agent_step("r1", json(STEP_INPUT), 9.0).unwrap();
    assert_eq!(string(&step, "kind"), "awaitingModel");

    // The next request carries the calls and their results.
    let params = Array::from(&chat.message_params().unwrap());
    assert_eq!(params.length(), 3);
    let results = Array::from(&get(&params.get(2), "content"));
    assert_eq!(string(&results.get(0), "type"), "tool_result");
    assert_eq!(string(&results.get(0), "content"), "1 | bug");
    assert!(string(&results.get(1), "content").contains("Not that file."));
    // They survive the file.
    let loaded = OpenChat::load(&chat.to_bytes().unwrap()).unwrap();
    let loaded_calls = Array::from(&get(&loaded.message("r1").unwrap(), "toolCalls"));
    assert_eq!(
        string(&get(&loaded_calls.get(0), "status"), "text"),
        "1 | bug"
    );
}

#[wasm_bindgen_test]
fn stop_answers_open_calls_and_bad_input_is_named() {
    let handler = handler("true");
    let mut chat = chat_with_task(&handler);
    chat.apply_chunks(
        "r1",
        json(r#"[{"type": "toolCalls", "calls": [{"id": "c1", "name": "execute_command", "arguments": "{\"command\": \"ls\"}"}]}]"#),
        3.0,
    )
    .unwrap();
    chat.finish_reply("r1", 4.0, None).unwrap();
    let bad = chat
        .agent_step("r1", json(r#"{"workspaceRoot": 5}"#), 5.0)
        .unwrap_err();
    assert!(error_message(bad).contains("workspace"));
    // Ask mode (the default) refuses every tool: the call becomes its refusal.
    let step = chat.agent_step("r1", json(STEP_INPUT), 5.0).unwrap();
    assert_eq!(string(&step, "kind"), "awaitingModel");
    let status = get(
        &Array::from(&get(&chat.message("r1").unwrap(), "toolCalls")).get(0),
        "status",
    );
    assert_eq!(string(&status, "kind"), "refused");

    let mut code_chat = chat_with_task(&handler);
    handler
        .set_chat_mode(&mut code_chat, JsValue::from_str("code"), 6.0)
        .unwrap();
    code_chat
        .apply_chunks(
            "r1",
            json(r#"[{"type": "toolCalls", "calls": [{"id": "c1", "name": "execute_command", "arguments": "{\"command\": \"ls\"}"}]}]"#),
            7.0,
        )
        .unwrap();
    code_chat.finish_reply("r1", 7.0, None).unwrap();
    let step = code_chat.agent_step("r1", json(STEP_INPUT), 8.0).unwrap();
    assert_eq!(string(&step, "kind"), "awaitingApproval");
    let reply = code_chat.stop_tool_calls("r1", 9.0).unwrap();
    let status = get(&Array::from(&get(&reply, "toolCalls")).get(0), "status");
    assert_eq!(string(&status, "kind"), "notRun");
    let late = code_chat
        .decide_tool_call("r1", "c1", json(r#"{"kind": "approve"}"#), 10.0)
        .unwrap_err();
    assert!(error_message(late).contains("already answered"));
}
