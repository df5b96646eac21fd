//! What each mode tells the model, appended to the system prompt: Ask answers questions about
//! the code without tools; Code works through the tools by rules that keep edits exact and the
//! user in charge. The user can change both texts in the settings; the defaults live here, so
//! the settings panel's "reset" and the prompt use the same words.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::tools::AgentMode;

/// The instructions of each mode (the user's, or the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ModeInstructions {
    pub ask: String,
    pub code: String,
}

/// Ask mode's default instructions.
pub const DEFAULT_ASK_INSTRUCTIONS: &str = "You are in Ask mode. Answer the user's questions \
    about their code and about programming, using the files and context they attached. You \
    cannot read other files, change files or run commands in this mode: when the answer needs \
    that, say what to look at or what to change, and suggest switching to Code mode to have it \
    done.";

/// Code mode's default instructions. The diff format stated here is the one
/// `apply_diff::parse_diff` accepts.
pub const DEFAULT_CODE_INSTRUCTIONS: &str = "You are in Code mode: you carry out the user's \
task in their workspace through the tools. Work by these rules.

- Go step by step. When a call's result decides what to do next, make that one call and wait \
for its result before the next.
- Paths are relative to the workspace folder, with `/` separators. Files outside it, in `.git` \
or excluded by .rooignore are off limits; do not try to reach them another way.
- Read a file with read_file before you edit it. Its lines come back numbered as `12 | text`; \
the numbers are not part of the file.
- To change part of an existing file, use apply_diff with one or more blocks in exactly this \
form, each marker alone on its line:
<<<<<<< SEARCH
(the current lines, copied exactly from read_file's output without the line numbers)
=======
(the lines to put in their place; leave this part empty to delete the lines)
>>>>>>> REPLACE
Each SEARCH part must match whole lines of the file exactly once, whitespace included; add \
neighbouring lines when it would match more than once. Blocks apply in order and either all \
apply or nothing changes.
- To create a file, or to rewrite a small file entirely, use write_to_file with the file's \
complete content, never an excerpt or a placeholder such as \"rest unchanged\".
- Commands run with execute_command in the workspace folder, after the user approves them. \
Prefer commands that end on their own; do not start servers or watchers that keep running.
- The user approves or rejects each edit and command. A rejection comes with the reason when \
they gave one: take it into account instead of repeating the same call.
- Ask the user with ask_followup_question only when you cannot go on without their answer, and \
offer likely answers as suggestions.
- Never say a file was changed or a command ran before its tool result says so; when a call \
fails, read the error and correct the call.
- When the task is done, call attempt_completion with a short summary of what was changed and \
how it was checked. Do not end with a question.";

impl Default for ModeInstructions {
    fn default() -> Self {
        Self {
            ask: DEFAULT_ASK_INSTRUCTIONS.to_owned(),
            code: DEFAULT_CODE_INSTRUCTIONS.to_owned(),
        }
    }
}

impl ModeInstructions {
    /// The instructions of `mode`.
    #[must_use]
    pub fn for_mode(&self, mode: AgentMode) -> &str {
        match mode {
            AgentMode::Ask => &self.ask,
            AgentMode::Code => &self.code,
        }
    }
}

/// `base` (the system prompt with the user's rules) followed by a section naming the mode and
/// its instructions; `base` unchanged when the instructions are blank.
#[must_use]
pub fn system_prompt_for_mode(
    base: &str,
    mode: AgentMode,
    instructions: &ModeInstructions,
) -> String {
    let text = instructions.for_mode(mode).trim();
    if text.is_empty() {
        return base.to_owned();
    }
    let name = match mode {
        AgentMode::Ask => "Ask",
        AgentMode::Code => "Code",
    };
    let mut prompt = base.trim_end().to_owned();
    if !prompt.is_empty() {
        prompt.push_str("\n\n");
    }
    prompt.push_str(&format!("====\n\nMODE: {name}\n\n{text}"));
    prompt
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::apply_diff::apply_diff;

    #[test]
    fn the_mode_section_follows_the_base_prompt() {
        let instructions = ModeInstructions {
            ask: "Answer briefly.".into(),
            code: "  Use the tools.\n".into(),
        };
        assert_eq!(
            system_prompt_for_mode("You help.\n", AgentMode::Code, &instructions),
            "You help.\n\n====\n\nMODE: Code\n\nUse the tools."
        );
        assert_eq!(
            system_prompt_for_mode("", AgentMode::Ask, &instructions),
            "====\n\nMODE: Ask\n\nAnswer briefly."
        );
    }

    #[test]
    fn blank_instructions_leave_the_base_prompt_alone() {
        let instructions = ModeInstructions {
            ask: " \n".into(),
            code: String::new(),
        };
        for mode in [AgentMode::Ask, AgentMode::Code] {
            assert_eq!(
                system_prompt_for_mode("Base.", mode, &instructions),
                "Base."
            );
        }
    }

    #[test]
    fn the_code_defaults_name_every_tool_and_their_diff_example_parses() {
        let code = &ModeInstructions::default().code;
        for tool in [
            "read_file",
            "apply_diff",
            "write_to_file",
            "execute_command",
            "ask_followup_question",
            "attempt_completion",
        ] {
            assert!(code.contains(tool), "{tool}");
        }
        // The format shown is the one the core applies: its example, filled in, applies.
        let start = code.find("<<<<<<< SEARCH").unwrap();
        let end = code.find(">>>>>>> REPLACE").unwrap() + ">>>>>>> REPLACE".len();
        let example = code[start..end]
            .replace(
                "(the current lines, copied exactly from read_file's output without the line numbers)",
                "old",
            )
            .replace(
                "(the lines to put in their place; leave this part empty to delete the lines)",
                "new",
            );
        assert_eq!(apply_diff("old\n", &example).unwrap(), "new\n");
        assert!(ModeInstructions::default().ask.contains("Ask mode"));
    }

    #[test]
    fn missing_fields_read_as_the_defaults() {
        let instructions: ModeInstructions = serde_json::from_str(r#"{"ask":"Short."}"#).unwrap();
        assert_eq!(instructions.ask, "Short.");
        assert_eq!(instructions.code, DEFAULT_CODE_INSTRUCTIONS);
    }
}
