//! Code mode's agent, decided without I/O: which mode a chat runs in ([`modes`]), the tool
//! catalogue ([`tools`]), assembling streamed tool calls ([`tool_call_assembly`]), checking their
//! arguments ([`validate`]), the path rules every file tool obeys ([`paths`]), applying
//! search/replace edits ([`apply_diff`]), the edits kept for undo ([`edits`]) and their previews
//! ([`edit_preview`]), which calls may run without asking ([`approval`]) and whether the
//! settings are usable ([`settings_check`]), what each mode tells the model ([`mode_prompt`]),
//! numbering a file's lines for `read_file` ([`file_read`]), listings and command output
//! ([`tool_output`]), search results ([`search_output`]), capping large results in the request ([`result_cap`]), the agent request
//! ([`request`]), and the loop's state machine ([`step`]) with its states and inputs
//! ([`loop_state`]).
//!
//! The shell streams the reply, performs the tools the loop asks for (after the user approves
//! them) and hands back what they returned; every rule lives here.

pub mod apply_diff;
pub mod approval;
pub mod edit_preview;
pub mod edits;
pub mod file_read;
#[cfg(feature = "fuzz-checks")]
#[doc(hidden)]
pub mod fuzz_check;
pub mod loop_state;
pub mod mode_prompt;
pub mod modes;
pub mod paths;
pub mod request;
pub mod result_cap;
pub mod search_output;
pub mod settings_check;
pub mod step;
pub mod tool_call_assembly;
pub mod tool_output;
pub mod tools;
pub mod typescript;
pub mod validate;

pub use apply_diff::{DiffApplied, DiffError, apply_diff, apply_diff_result};
pub use approval::{
    AgentSettings, Approval, DEFAULT_COMMAND_TIMEOUT_SECONDS, DEFAULT_STEP_LIMIT, approval_for,
    command_is_allow_listed,
};
pub use edit_preview::edit_preview;
pub use edits::{DiffLine, DiffLineKind, EditPreview, FileEdit, UndoPlan};
pub use file_read::{MAX_LINES_PER_READ, read_file_outcome};
pub use loop_state::{
    AgentInputError, AgentState, LoopEnd, ModelReply, PendingToolCall, ToolOutcome, ToolWorkspace,
    UserDecision,
};
pub use mode_prompt::{ModeInstructions, system_prompt_for_mode};
pub use modes::{EffectiveMode, effective_mode};
pub use paths::{PathRefusal, PathTarget, ToolPath, check_resolved, resolve_tool_path};
pub use request::build_agent_request;
pub use result_cap::{DEFAULT_TOOL_RESULT_CAP_CHARS, cap_text, cap_tool_results};
pub use search_output::{SearchMatch, search_files_outcome};
pub use settings_check::validate_agent_settings;
pub use step::AgentLoop;
pub use tool_call_assembly::{AssembledToolCall, ToolCallAssembler};
pub use tool_output::{
    CommandEnd, ListedEntry, MAX_COMMAND_OUTPUT_CHARS, MAX_LISTED_ENTRIES, command_outcome,
    list_files_outcome,
};
pub use tools::{AgentMode, ToolEffect, ToolName, ToolSpec, tool_definitions, tools_for_mode};
pub use validate::{ToolRequest, validate_call};
