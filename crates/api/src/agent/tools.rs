//! The agent's tool catalogue: each tool's name, what it does to the workspace (reads, changes,
//! asks the user, or finishes), and its arguments. One table is the single source of both the
//! JSON-schema `tools` array sent to the model and the checks in `validate.rs`, so the schema the
//! model sees and the rules its calls are held to can never disagree.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use ts_rs::TS;

/// The chat's mode: Ask is the plain chat with context and no tools; Code is the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AgentMode {
    #[default]
    Ask,
    Code,
}

/// Every tool the agent knows, by the name the model calls it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ToolName {
    ReadFile,
    ListFiles,
    SearchFiles,
    WriteToFile,
    ApplyDiff,
    ExecuteCommand,
    AskFollowupQuestion,
    AttemptCompletion,
}

/// What a tool does, which decides whether it may run without asking the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ToolEffect {
    /// Only reads the workspace: may be auto-approved inside it (never for secret-looking files).
    Reads,
    /// Writes a file or runs a command: always asks, except commands on the allow-list.
    Changes,
    /// Asks the user a question: the answer is the result, so there is nothing to approve.
    AsksUser,
    /// Ends the task with a result.
    Completes,
}

/// The JSON type of one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentKind {
    /// A string.
    Text,
    /// An integer of at least 1 (line numbers).
    LineNumber,
    /// `true` or `false`.
    Flag,
    /// A list of strings.
    TextList,
}

impl ArgumentKind {
    /// The kind in the words an error message uses.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Text => "a string",
            Self::LineNumber => "an integer of at least 1",
            Self::Flag => "true or false",
            Self::TextList => "a list of strings",
        }
    }

    fn schema(self, description: &str) -> Value {
        match self {
            Self::Text => json!({"type": "string", "description": description}),
            Self::LineNumber => {
                json!({"type": "integer", "minimum": 1, "description": description})
            }
            Self::Flag => json!({"type": "boolean", "description": description}),
            Self::TextList => json!({
                "type": "array",
                "items": {"type": "string"},
                "description": description,
            }),
        }
    }
}

/// One argument of a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgumentSpec {
    pub name: &'static str,
    pub kind: ArgumentKind,
    pub required: bool,
    pub description: &'static str,
}

/// One tool: its name, effect, what the model is told about it, and its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolSpec {
    pub name: ToolName,
    pub effect: ToolEffect,
    pub description: &'static str,
    pub arguments: &'static [ArgumentSpec],
}

const fn required(
    name: &'static str,
    kind: ArgumentKind,
    description: &'static str,
) -> ArgumentSpec {
    ArgumentSpec {
        name,
        kind,
        required: true,
        description,
    }
}

const fn optional(
    name: &'static str,
    kind: ArgumentKind,
    description: &'static str,
) -> ArgumentSpec {
    ArgumentSpec {
        name,
        kind,
        required: false,
        description,
    }
}

use ArgumentKind::{Flag, LineNumber, Text, TextList};

const PATH_HELP: &str = "Path relative to the workspace folder, with `/` separators.";

/// The whole catalogue, in the order the model is shown it.
pub const TOOL_SPECS: [ToolSpec; 8] = [
    ToolSpec {
        name: ToolName::ReadFile,
        effect: ToolEffect::Reads,
        description: "Read a text file of the workspace. The content comes back with line \
            numbers (`12 | text`). Large files come back only in ranges: give start_line and \
            end_line to read a part.",
        arguments: &[
            required("path", Text, PATH_HELP),
            optional(
                "start_line",
                LineNumber,
                "First line to read (1-based, inclusive).",
            ),
            optional(
                "end_line",
                LineNumber,
                "Last line to read (1-based, inclusive).",
            ),
        ],
    },
    ToolSpec {
        name: ToolName::ListFiles,
        effect: ToolEffect::Reads,
        description: "List the files and folders in a folder of the workspace (ignored files \
            are left out). Use `.` for the workspace folder itself.",
        arguments: &[
            required("path", Text, PATH_HELP),
            optional(
                "recursive",
                Flag,
                "List everything below the folder, not only its \
                direct entries. Defaults to false.",
            ),
        ],
    },
    ToolSpec {
        name: ToolName::SearchFiles,
        effect: ToolEffect::Reads,
        description: "Search the files below a folder of the workspace for a regular \
            expression (Rust/ripgrep syntax). Each match comes back with its file, line number \
            and surrounding lines.",
        arguments: &[
            required("path", Text, PATH_HELP),
            required("regex", Text, "The regular expression to search for."),
            optional(
                "file_pattern",
                Text,
                "A glob the file names must match, such as `*.ts`.",
            ),
        ],
    },
    ToolSpec {
        name: ToolName::WriteToFile,
        effect: ToolEffect::Changes,
        description: "Create a file or replace a whole file with new content. The user sees \
            the change as a diff and approves or rejects it. For a change to part of an \
            existing file, prefer apply_diff.",
        arguments: &[
            required("path", Text, PATH_HELP),
            required("content", Text, "The file's complete new content."),
        ],
    },
    ToolSpec {
        name: ToolName::ApplyDiff,
        effect: ToolEffect::Changes,
        description: "Change parts of an existing file with search/replace blocks. Each block \
            is written as:\n<<<<<<< SEARCH\n(exact lines now in the file)\n=======\n(the lines \
            to put in their place)\n>>>>>>> REPLACE\nEach SEARCH part must match the file \
            exactly once, whitespace included; add surrounding lines to make it unique. Blocks \
            apply in order, and either all apply or none. The user approves the change first.",
        arguments: &[
            required("path", Text, PATH_HELP),
            required("diff", Text, "One or more search/replace blocks."),
        ],
    },
    ToolSpec {
        name: ToolName::ExecuteCommand,
        effect: ToolEffect::Changes,
        description: "Run a shell command in a terminal of the workspace, after the user \
            approves it. Its output comes back (long output is cut) when it exits or times out.",
        arguments: &[
            required("command", Text, "The command line to run."),
            optional(
                "cwd",
                Text,
                "The folder to run it in, relative to the workspace folder. \
                Defaults to the workspace folder.",
            ),
        ],
    },
    ToolSpec {
        name: ToolName::AskFollowupQuestion,
        effect: ToolEffect::AsksUser,
        description: "Ask the user a question when the task cannot go on without their \
            answer. Offer likely answers as suggestions; the user picks one or writes their own.",
        arguments: &[
            required("question", Text, "The question."),
            optional(
                "suggestions",
                TextList,
                "Suggested answers, each complete on its own.",
            ),
        ],
    },
    ToolSpec {
        name: ToolName::AttemptCompletion,
        effect: ToolEffect::Completes,
        description: "Finish the task: say what was done. Use it only once the task is \
            complete; the user can answer with more to do.",
        arguments: &[required("result", Text, "What was done, for the user.")],
    },
];

impl ToolName {
    /// Every tool, in catalogue order.
    pub const ALL: [ToolName; 8] = [
        Self::ReadFile,
        Self::ListFiles,
        Self::SearchFiles,
        Self::WriteToFile,
        Self::ApplyDiff,
        Self::ExecuteCommand,
        Self::AskFollowupQuestion,
        Self::AttemptCompletion,
    ];

    /// The name the model calls the tool with.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadFile => "read_file",
            Self::ListFiles => "list_files",
            Self::SearchFiles => "search_files",
            Self::WriteToFile => "write_to_file",
            Self::ApplyDiff => "apply_diff",
            Self::ExecuteCommand => "execute_command",
            Self::AskFollowupQuestion => "ask_followup_question",
            Self::AttemptCompletion => "attempt_completion",
        }
    }

    /// The tool called `name`, exactly (the model must use the names it was given).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tool| tool.as_str() == name)
    }

    /// The tool's catalogue entry.
    #[must_use]
    pub fn spec(self) -> &'static ToolSpec {
        // The catalogue lists every tool in `ALL`'s order, which a test checks.
        &TOOL_SPECS[self as usize]
    }

    /// What the tool does.
    #[must_use]
    pub fn effect(self) -> ToolEffect {
        self.spec().effect
    }
}

/// The tools a mode offers: none in Ask, all of them in Code.
#[must_use]
pub fn tools_for_mode(mode: AgentMode) -> &'static [ToolSpec] {
    match mode {
        AgentMode::Ask => &[],
        AgentMode::Code => &TOOL_SPECS,
    }
}

/// One tool in OpenAI's `tools` format: a function with a JSON-schema object of parameters.
#[must_use]
pub fn tool_definition(spec: &ToolSpec) -> Value {
    let mut properties = Map::new();
    let mut required_names = Vec::new();
    for argument in spec.arguments {
        properties.insert(
            argument.name.to_owned(),
            argument.kind.schema(argument.description),
        );
        if argument.required {
            required_names.push(Value::from(argument.name));
        }
    }
    json!({
        "type": "function",
        "function": {
            "name": spec.name.as_str(),
            "description": spec.description,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": required_names,
                "additionalProperties": false,
            },
        },
    })
}

/// The request's `tools` array for a mode; empty for Ask, where the request carries no tools.
#[must_use]
pub fn tool_definitions(mode: AgentMode) -> Vec<Value> {
    tools_for_mode(mode).iter().map(tool_definition).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_in_the_order_of_all() {
        for (position, tool) in ToolName::ALL.into_iter().enumerate() {
            assert_eq!(TOOL_SPECS[position].name, tool);
            assert_eq!(tool.spec().name, tool);
            assert_eq!(ToolName::parse(tool.as_str()), Some(tool));
            let serialized = serde_json::to_value(tool).unwrap();
            assert_eq!(serialized, tool.as_str(), "serde and as_str agree");
        }
        assert_eq!(ToolName::parse("Read_File"), None);
        assert_eq!(ToolName::parse("read_file "), None);
    }

    #[test]
    fn ask_mode_has_no_tools_and_code_mode_has_all() {
        assert!(tool_definitions(AgentMode::Ask).is_empty());
        let names: Vec<String> = tool_definitions(AgentMode::Code)
            .iter()
            .map(|tool| tool["function"]["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "read_file",
                "list_files",
                "search_files",
                "write_to_file",
                "apply_diff",
                "execute_command",
                "ask_followup_question",
                "attempt_completion"
            ]
        );
    }

    #[test]
    fn read_file_definition_is_an_openai_function_with_a_json_schema() {
        let definition = tool_definition(ToolName::ReadFile.spec());
        assert_eq!(definition["type"], "function");
        let parameters = &definition["function"]["parameters"];
        assert_eq!(parameters["type"], "object");
        assert_eq!(parameters["required"], json!(["path"]));
        assert_eq!(parameters["additionalProperties"], false);
        assert_eq!(parameters["properties"]["path"]["type"], "string");
        assert_eq!(parameters["properties"]["start_line"]["type"], "integer");
        assert_eq!(parameters["properties"]["start_line"]["minimum"], 1);
        let suggestions = &tool_definition(ToolName::AskFollowupQuestion.spec())["function"]["parameters"]
            ["properties"]["suggestions"];
        assert_eq!(suggestions["items"]["type"], "string");
    }

    #[test]
    fn only_writes_diffs_and_commands_change_things() {
        let changing: Vec<ToolName> = ToolName::ALL
            .into_iter()
            .filter(|tool| tool.effect() == ToolEffect::Changes)
            .collect();
        assert_eq!(
            changing,
            [
                ToolName::WriteToFile,
                ToolName::ApplyDiff,
                ToolName::ExecuteCommand
            ]
        );
        assert_eq!(ToolName::ReadFile.effect(), ToolEffect::Reads);
        assert_eq!(ToolName::AttemptCompletion.effect(), ToolEffect::Completes);
    }
}
