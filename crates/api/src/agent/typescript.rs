//! The TypeScript declarations of the agent's types that cross into the extension and the
//! webview, appended by `crate::typescript::bindings` to the generated module.

use ts_rs::{Config, TS};

use super::apply_diff::DiffApplied;
use super::approval::{AgentSettings, Approval};
use super::edits::{DiffLine, DiffLineKind, EditPreview, FileEdit, UndoPlan};
use super::loop_state::{
    AgentState, LoopEnd, ModelReply, PendingToolCall, ToolOutcome, UserDecision,
};
use super::mode_prompt::ModeInstructions;
use super::modes::EffectiveMode;
use super::paths::{PathRefusal, PathTarget, ToolPath};
use super::search_output::SearchMatch;
use super::tool_call_assembly::AssembledToolCall;
use super::tool_output::{CommandEnd, ListedEntry};
use super::tools::{AgentMode, ToolEffect, ToolName};
use super::validate::ToolRequest;

fn export<T: TS>(config: &Config) -> String {
    format!("export {}\n", T::decl(config))
}

/// The agent's declarations, in a stable order, each followed by a blank line.
#[must_use]
pub fn declarations(config: &Config) -> String {
    [
        export::<AgentMode>(config),
        export::<EffectiveMode>(config),
        export::<ToolName>(config),
        export::<ToolEffect>(config),
        export::<AgentSettings>(config),
        export::<Approval>(config),
        export::<AssembledToolCall>(config),
        export::<ToolRequest>(config),
        export::<PathTarget>(config),
        export::<ToolPath>(config),
        export::<PathRefusal>(config),
        export::<PendingToolCall>(config),
        export::<LoopEnd>(config),
        export::<AgentState>(config),
        export::<UserDecision>(config),
        export::<ToolOutcome>(config),
        export::<ModelReply>(config),
        export::<ListedEntry>(config),
        export::<SearchMatch>(config),
        export::<CommandEnd>(config),
        export::<DiffApplied>(config),
        export::<ModeInstructions>(config),
        export::<FileEdit>(config),
        export::<DiffLineKind>(config),
        export::<DiffLine>(config),
        export::<EditPreview>(config),
        export::<UndoPlan>(config),
    ]
    .into_iter()
    .map(|declaration| format!("\n{declaration}"))
    .collect()
}
