//! The agent's steps on the open chat: thin conversions over `Conversation::agent_step`,
//! `decide_tool_call`, `record_tool_outcome` and `stop_tool_calls` (`roo_api::chat::agent_turn`),
//! where every rule (checks, paths, approvals, the step limit) lives. The shell streams a reply
//! with `createReply`, finishes it, then asks `agentStep` what to do until it says to send the
//! next request or that the task is over.

use roo_api::agent::{ToolOutcome, UserDecision};
use roo_api::chat::agent_turn::AgentStepInput;
use wasm_bindgen::prelude::*;

use crate::convert::from_js;
use crate::open_chat::OpenChat;

#[wasm_bindgen]
impl OpenChat {
    /// What to do next for the finished reply `replyId`: checks its next open tool call
    /// (refusing a malformed call or a forbidden path, which becomes the call's result) and
    /// returns `awaitingApproval` (show it with Approve and Reject), `performing` (run it, then
    /// `recordToolOutcome`), `awaitingModel` (every call is answered: `createReply` the next
    /// step), `awaitingContinue` (the step limit: ask the user) or `finished`. Throws while the
    /// reply still streams or for a wrong id.
    #[wasm_bindgen(js_name = agentStep, unchecked_return_type = "AgentState")]
    pub fn agent_step(
        &mut self,
        reply_id: &str,
        #[wasm_bindgen(unchecked_param_type = "AgentStepInput")] input: JsValue,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let input: AgentStepInput = from_js(input, "the agent step's workspace and settings")?;
        let workspace = input.workspace();
        self.change(now_ms, |conversation, now| {
            conversation.agent_step(reply_id, &workspace, &input.settings, now)
        })
    }

    /// The user's Approve or Reject (with the reason typed, sent to the model) of the call
    /// `agentStep` is awaiting approval for. Only the shell's buttons may call this. Returns the
    /// reply with the call's new status; throws when the call is not awaiting a decision.
    #[wasm_bindgen(js_name = decideToolCall, unchecked_return_type = "ChatMessage")]
    pub fn decide_tool_call(
        &mut self,
        reply_id: &str,
        call_id: &str,
        #[wasm_bindgen(unchecked_param_type = "UserDecision")] decision: JsValue,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let decision: UserDecision = from_js(decision, "the decision")?;
        self.change(now_ms, |conversation, now| {
            conversation
                .decide_tool_call(reply_id, call_id, decision, now)
                .cloned()
        })
    }

    /// What a performed call returned (its text whole; the request caps it), or that it failed,
    /// including a call that could not be prepared for approval. A success is refused for a
    /// call that was not approved. Returns the reply.
    #[wasm_bindgen(js_name = recordToolOutcome, unchecked_return_type = "ChatMessage")]
    pub fn record_tool_outcome(
        &mut self,
        reply_id: &str,
        call_id: &str,
        #[wasm_bindgen(unchecked_param_type = "ToolOutcome")] outcome: JsValue,
        now_ms: f64,
    ) -> Result<JsValue, JsError> {
        let outcome: ToolOutcome = from_js(outcome, "the tool outcome")?;
        self.change(now_ms, |conversation, now| {
            conversation
                .record_tool_outcome(reply_id, call_id, outcome, now)
                .cloned()
        })
    }

    /// Stop: answers every open call of `replyId` as not run (the shell also kills a running
    /// command and withdraws an approval). Returns the reply.
    #[wasm_bindgen(js_name = stopToolCalls, unchecked_return_type = "ChatMessage")]
    pub fn stop_tool_calls(&mut self, reply_id: &str, now_ms: f64) -> Result<JsValue, JsError> {
        self.change(now_ms, |conversation, now| {
            conversation.stop_tool_calls(reply_id, now).cloned()
        })
    }
}
