//! Assembles the tool calls of a streamed reply from OpenAI's `choices[].delta.tool_calls`
//! deltas, as the LiteLLM proxy passes them through: the first delta of a call carries `index`,
//! `id`, `type` and `function.name` with empty `arguments`; later deltas carry the `index` and a
//! piece of `arguments` (the JSON text split anywhere, even inside an escape); several calls
//! interleave by `index`.
//!
//! Providers behind the proxy do not all follow that exactly, so the assembler is lenient and
//! never panics:
//! - A call without an id gets a stable generated one (`call_<index>`, suffixed if taken), so its
//!   `tool_use` and `tool_result` still pair up.
//! - A delta that repeats an index with a different, non-empty id starts a new call (some
//!   providers send every call at index 0); the new call is placed right after the others of that
//!   index.
//! - A delta without an index continues the call it names by id, else the call last touched.
//! - A name split across deltas is joined; a delta that repeats the whole name adds nothing.
//! - `arguments` sent as a JSON object rather than a string is taken as its JSON text.
//! - Anything that is not an object, and fields of the wrong type, are ignored.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// One complete tool call of a reply, its arguments still the JSON text the model wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssembledToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// A call being assembled.
#[derive(Debug, Clone)]
struct PartialCall {
    index: u64,
    id: Option<String>,
    name: String,
    arguments: String,
}

/// Collects the tool-call deltas of one reply.
#[derive(Debug, Clone, Default)]
pub struct ToolCallAssembler {
    /// Calls in arrival order (`finish` orders them by index).
    calls: Vec<PartialCall>,
    /// The position in `calls` of the call the last delta went to.
    last_touched: Option<usize>,
}

impl ToolCallAssembler {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one streamed chunk (the parsed JSON of one SSE `data:` line) and keeps the tool-call
    /// deltas of its first choice; text and everything else are for the stream decoder.
    pub fn push_chunk(&mut self, chunk: &Value) {
        let Some(choices) = chunk.get("choices").and_then(Value::as_array) else {
            return;
        };
        // Only the first choice is shown and continued, as for text (`n` is never above 1).
        let first = choices
            .iter()
            .find(|choice| choice.get("index").and_then(Value::as_u64).unwrap_or(0) == 0);
        if let Some(tool_calls) = first
            .and_then(|choice| choice.get("delta"))
            .and_then(|delta| delta.get("tool_calls"))
        {
            self.push_tool_calls(tool_calls);
        }
    }

    /// Takes the value of one `delta.tool_calls`: a list of call deltas (a single object is
    /// taken as a list of one).
    pub fn push_tool_calls(&mut self, tool_calls: &Value) {
        match tool_calls {
            Value::Array(deltas) => deltas.iter().for_each(|delta| self.push_delta(delta)),
            Value::Object(_) => self.push_delta(tool_calls),
            _ => {}
        }
    }

    /// Takes one call delta.
    pub fn push_delta(&mut self, delta: &Value) {
        let Value::Object(fields) = delta else {
            return;
        };
        let index = fields.get("index").and_then(Value::as_u64);
        let id = fields
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty());
        let function = fields.get("function");
        let name = function
            .and_then(|function| function.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let arguments = match function.and_then(|function| function.get("arguments")) {
            Some(Value::String(text)) => text.clone(),
            // Some providers send the arguments already parsed; their JSON text is the same call.
            Some(value @ (Value::Object(_) | Value::Array(_))) => value.to_string(),
            _ => String::new(),
        };
        let position = self.position_for(index, id);
        let call = &mut self.calls[position];
        if call.id.is_none() {
            call.id = id.map(str::to_owned);
        }
        if !name.is_empty() && name != call.name {
            call.name.push_str(name);
        }
        call.arguments.push_str(&arguments);
        self.last_touched = Some(position);
    }

    /// The position of the call a delta with this index and id continues, creating it if new.
    fn position_for(&mut self, index: Option<u64>, id: Option<&str>) -> usize {
        let continues = |call: &PartialCall| match (id, call.id.as_deref()) {
            (Some(new), Some(existing)) => new == existing,
            _ => true,
        };
        let found = match index {
            // The latest call of that index: a repeated index with a new id is a new call.
            Some(index) => self
                .calls
                .iter()
                .rposition(|call| call.index == index)
                .filter(|&position| continues(&self.calls[position])),
            None => match id {
                Some(id) => self
                    .calls
                    .iter()
                    .position(|call| call.id.as_deref() == Some(id)),
                None => self.last_touched,
            },
        };
        if let Some(position) = found {
            return position;
        }
        let index = index.unwrap_or_else(|| {
            // A new call without an index goes after every call so far.
            self.calls
                .iter()
                .map(|call| call.index.saturating_add(1))
                .max()
                .unwrap_or(0)
        });
        self.calls.push(PartialCall {
            index,
            id: None,
            name: String::new(),
            arguments: String::new(),
        });
        self.calls.len() - 1
    }

    /// Whether any tool-call delta arrived.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// The complete calls in index order (calls sharing an index in arrival order), each with an
    /// id: a call that came without one gets `call_<index>` (suffixed `_2`, `_3`... if taken).
    #[must_use]
    pub fn finish(self) -> Vec<AssembledToolCall> {
        let mut calls = self.calls;
        // Stable, so calls sharing an index keep their arrival order.
        calls.sort_by_key(|call| call.index);
        let mut taken: Vec<String> = calls.iter().filter_map(|call| call.id.clone()).collect();
        calls
            .into_iter()
            .map(|call| {
                let id = call.id.unwrap_or_else(|| {
                    let generated = unused_id(&format!("call_{}", call.index), &taken);
                    taken.push(generated.clone());
                    generated
                });
                AssembledToolCall {
                    id,
                    name: call.name,
                    arguments: call.arguments,
                }
            })
            .collect()
    }
}

/// `base`, or `base_2`, `base_3`... whichever is not in `taken`.
fn unused_id(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|id| id == base) {
        return base.to_owned();
    }
    (2_u64..)
        .map(|suffix| format!("{base}_{suffix}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests;
