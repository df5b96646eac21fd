//! Checks one assembled tool call against its tool's arguments (`tools.rs`) and turns it into a
//! typed [`ToolRequest`]. A call that fails (an unknown tool, arguments that are not JSON, a
//! missing or mistyped field, a field the tool does not take) is not an error of the chat: the
//! text returned becomes an error `tool_result`, written so that the model can correct the call.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use super::tool_call_assembly::AssembledToolCall;
use super::tools::{AgentMode, ArgumentKind, ArgumentSpec, ToolName, tools_for_mode};

/// A tool call whose arguments passed the checks, with its typed arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "tool",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ToolRequest {
    ReadFile {
        path: String,
        start_line: Option<u64>,
        end_line: Option<u64>,
    },
    ListFiles {
        path: String,
        recursive: bool,
    },
    SearchFiles {
        path: String,
        regex: String,
        file_pattern: Option<String>,
    },
    WriteToFile {
        path: String,
        content: String,
    },
    ApplyDiff {
        path: String,
        diff: String,
    },
    ExecuteCommand {
        command: String,
        cwd: Option<String>,
    },
    AskFollowupQuestion {
        question: String,
        suggestions: Vec<String>,
    },
    AttemptCompletion {
        result: String,
    },
}

impl ToolRequest {
    /// The tool this request is for.
    #[must_use]
    pub fn tool(&self) -> ToolName {
        match self {
            Self::ReadFile { .. } => ToolName::ReadFile,
            Self::ListFiles { .. } => ToolName::ListFiles,
            Self::SearchFiles { .. } => ToolName::SearchFiles,
            Self::WriteToFile { .. } => ToolName::WriteToFile,
            Self::ApplyDiff { .. } => ToolName::ApplyDiff,
            Self::ExecuteCommand { .. } => ToolName::ExecuteCommand,
            Self::AskFollowupQuestion { .. } => ToolName::AskFollowupQuestion,
            Self::AttemptCompletion { .. } => ToolName::AttemptCompletion,
        }
    }

    /// The workspace path the request works on (the command's folder for `execute_command`),
    /// when it has one.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::ReadFile { path, .. }
            | Self::ListFiles { path, .. }
            | Self::SearchFiles { path, .. }
            | Self::WriteToFile { path, .. }
            | Self::ApplyDiff { path, .. } => Some(path),
            Self::ExecuteCommand { cwd, .. } => cwd.as_deref(),
            Self::AskFollowupQuestion { .. } | Self::AttemptCompletion { .. } => None,
        }
    }
}

/// Arguments that may be empty: a file may be written empty.
const MAY_BE_EMPTY: [&str; 1] = ["content"];

/// Checks `call` against the tools of `mode`. The error is the text of the error `tool_result`.
pub fn validate_call(call: &AssembledToolCall, mode: AgentMode) -> Result<ToolRequest, String> {
    let offered = tools_for_mode(mode);
    let Some(tool) =
        ToolName::parse(&call.name).filter(|tool| offered.iter().any(|spec| spec.name == *tool))
    else {
        return Err(unknown_tool_message(&call.name, mode));
    };
    let fields = parse_arguments(tool, &call.arguments)?;
    let problems = argument_problems(tool, &fields);
    if !problems.is_empty() {
        return Err(format!(
            "The call to {name} was not run because its arguments are wrong:\n{list}\nCall \
             {name} again with corrected arguments.",
            name = tool.as_str(),
            list = problems
                .iter()
                .map(|problem| format!("- {problem}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
    }
    Ok(build_request(tool, &fields))
}

fn unknown_tool_message(name: &str, mode: AgentMode) -> String {
    let offered: Vec<&str> = tools_for_mode(mode)
        .iter()
        .map(|spec| spec.name.as_str())
        .collect();
    let shown: String = name.chars().take(80).collect();
    if offered.is_empty() {
        format!(
            "There is no tool \"{shown}\": this chat is in Ask mode, which has no tools. Answer in text."
        )
    } else {
        format!(
            "There is no tool \"{shown}\". The tools are: {}. Call one of them by its exact name.",
            offered.join(", ")
        )
    }
}

/// The arguments as a JSON object. Empty arguments count as `{}`, so a call that forgot them
/// hears which fields are missing rather than that "" is not JSON.
fn parse_arguments(tool: ToolName, arguments: &str) -> Result<Map<String, Value>, String> {
    if arguments.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(arguments) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(other) => Err(format!(
            "The arguments of {} must be a JSON object with named fields, not {}. Call it again \
             with an object such as {}.",
            tool.as_str(),
            json_kind(&other),
            example_arguments(tool)
        )),
        Err(error) => Err(format!(
            "The arguments of {} are not valid JSON ({error}); the call was not run. Call it \
             again with one complete JSON object such as {} (escape quotes, backslashes and \
             newlines inside strings).",
            tool.as_str(),
            example_arguments(tool)
        )),
    }
}

/// Every problem with the fields, in the catalogue's order, then the fields it does not take.
fn argument_problems(tool: ToolName, fields: &Map<String, Value>) -> Vec<String> {
    let specs = tool.spec().arguments;
    let mut problems = Vec::new();
    for spec in specs {
        match fields.get(spec.name) {
            None | Some(Value::Null) if spec.required => problems.push(format!(
                "\"{}\" is missing: it is required ({}; {})",
                spec.name,
                spec.kind.describe(),
                spec.description
            )),
            None | Some(Value::Null) => {}
            Some(value) => {
                if let Some(problem) = value_problem(spec, value) {
                    problems.push(problem);
                }
            }
        }
    }
    for name in fields.keys() {
        if !specs.iter().any(|spec| spec.name == name) {
            let shown: String = name.chars().take(60).collect();
            problems.push(format!(
                "\"{shown}\" is not an argument of {}; its arguments are: {}",
                tool.as_str(),
                specs
                    .iter()
                    .map(|spec| spec.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if let (Some(start), Some(end)) = (
        fields.get("start_line").and_then(Value::as_u64),
        fields.get("end_line").and_then(Value::as_u64),
    ) && start > end
    {
        problems.push(format!(
            "start_line ({start}) is after end_line ({end}); give a range whose start comes first"
        ));
    }
    problems
}

fn value_problem(spec: &ArgumentSpec, value: &Value) -> Option<String> {
    let fits = match spec.kind {
        ArgumentKind::Text => value.is_string(),
        ArgumentKind::LineNumber => value.as_u64().is_some_and(|number| number >= 1),
        ArgumentKind::Flag => value.is_boolean(),
        ArgumentKind::TextList => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
    };
    if !fits {
        return Some(format!(
            "\"{}\" must be {}, not {}",
            spec.name,
            spec.kind.describe(),
            json_kind(value)
        ));
    }
    let blank = value.as_str().is_some_and(|text| text.trim().is_empty());
    (blank && spec.required && !MAY_BE_EMPTY.contains(&spec.name))
        .then(|| format!("\"{}\" is empty; {}", spec.name, spec.description))
}

/// A value's JSON type, for an error message (never its content, which may be long).
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_u64() || number.is_i64() => "an integer below 1",
        Value::Number(_) => "a fractional number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The shortest valid arguments of `tool`, to show the shape.
fn example_arguments(tool: ToolName) -> String {
    let mut example = Map::new();
    for spec in tool.spec().arguments.iter().filter(|spec| spec.required) {
        let value = match spec.kind {
            ArgumentKind::Text => Value::from("..."),
            ArgumentKind::LineNumber => Value::from(1),
            ArgumentKind::Flag => Value::from(false),
            ArgumentKind::TextList => Value::Array(Vec::new()),
        };
        example.insert(spec.name.to_owned(), value);
    }
    Value::Object(example).to_string()
}

/// The typed request of fields that passed the checks.
fn build_request(tool: ToolName, fields: &Map<String, Value>) -> ToolRequest {
    let text = |name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let optional_text = |name: &str| fields.get(name).and_then(Value::as_str).map(str::to_owned);
    let line = |name: &str| fields.get(name).and_then(Value::as_u64);
    match tool {
        ToolName::ReadFile => ToolRequest::ReadFile {
            path: text("path"),
            start_line: line("start_line"),
            end_line: line("end_line"),
        },
        ToolName::ListFiles => ToolRequest::ListFiles {
            path: text("path"),
            recursive: fields
                .get("recursive")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        },
        ToolName::SearchFiles => ToolRequest::SearchFiles {
            path: text("path"),
            regex: text("regex"),
            file_pattern: optional_text("file_pattern"),
        },
        ToolName::WriteToFile => ToolRequest::WriteToFile {
            path: text("path"),
            content: text("content"),
        },
        ToolName::ApplyDiff => ToolRequest::ApplyDiff {
            path: text("path"),
            diff: text("diff"),
        },
        ToolName::ExecuteCommand => ToolRequest::ExecuteCommand {
            command: text("command"),
            cwd: optional_text("cwd"),
        },
        ToolName::AskFollowupQuestion => ToolRequest::AskFollowupQuestion {
            question: text("question"),
            suggestions: fields
                .get("suggestions")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        },
        ToolName::AttemptCompletion => ToolRequest::AttemptCompletion {
            result: text("result"),
        },
    }
}

#[cfg(test)]
mod tests;
