//! The pure functions the shell calls around performing a tool: turning what it read, listed,
//! searched or ran into the call's outcome, applying a diff, previewing an edit, and checking
//! where a symlink really leads. Each converts its arguments and delegates to `roo_api::agent`,
//! where the rules (caps, notes, ignore rules, the diff format) live.

use roo_api::agent::{self as core, CommandEnd, ListedEntry, PathTarget, SearchMatch, ToolOutcome};
use roo_api::context::{IgnoreFile, IgnoreRules};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};

/// The tool functions' types, generated from the core's structs like the others.
#[wasm_bindgen(typescript_custom_section)]
const AGENT_TOOL_TYPES: &str = r#"import type { CommandEnd, DiffApplied, EditPreview, ListedEntry, PathTarget, SearchMatch } from "../src/shared/generated/types";"#;

fn outcome(outcome: &ToolOutcome) -> Result<JsValue, JsError> {
    to_js(outcome)
}

/// The ignore rules of the files the host passed (`.gitignore`s and `.rooignore`s, each with its
/// folder relative to the workspace).
fn ignore_rules(files: JsValue, what: &str) -> Result<IgnoreRules, JsError> {
    let files: Vec<IgnoreFile> = from_js(files, what)?;
    Ok(IgnoreRules::new(&files))
}

/// A line number from JavaScript: `None` for a missing or non-finite one; below 1 counts as 1
/// (the core clamps it), and the cast saturates, so no value can wrap.
fn line_number(value: Option<f64>) -> Option<u64> {
    value
        .filter(|value| value.is_finite())
        .map(|value| value.max(0.0) as u64)
}

/// What `read_file` returns for the file's decoded `text`, lines `startLine` to `endLine`
/// (1-based, inclusive; the whole file, up to the per-read cap, when null).
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = readFileOutcome, unchecked_return_type = "ToolOutcome")]
pub fn read_file_outcome(
    text: &str,
    start_line: Option<f64>,
    end_line: Option<f64>,
) -> Result<JsValue, JsError> {
    outcome(&core::read_file_outcome(
        text,
        line_number(start_line),
        line_number(end_line),
    ))
}

/// What `list_files` returns for the entries the shell found, with the workspace's ignore files
/// (`.gitignore`s, then `.rooignore`s) applied and `.git` left out.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = listFilesOutcome, unchecked_return_type = "ToolOutcome")]
pub fn list_files_outcome(
    #[wasm_bindgen(unchecked_param_type = "ListedEntry[]")] entries: JsValue,
    #[wasm_bindgen(unchecked_param_type = "IgnoreFile[]")] ignore_files: JsValue,
) -> Result<JsValue, JsError> {
    let entries: Vec<ListedEntry> = from_js(entries, "the listed entries")?;
    let rules = ignore_rules(ignore_files, "the ignore files")?;
    outcome(&core::list_files_outcome(&entries, &rules))
}

/// What `search_files` returns for the matching lines the shell found: ignored, `.git` and
/// secret-looking files left out, grouped by file, capped with a note; "No matches." when none.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = searchFilesOutcome, unchecked_return_type = "ToolOutcome")]
pub fn search_files_outcome(
    #[wasm_bindgen(unchecked_param_type = "SearchMatch[]")] matches: JsValue,
    #[wasm_bindgen(unchecked_param_type = "IgnoreFile[]")] ignore_files: JsValue,
) -> Result<JsValue, JsError> {
    let matches: Vec<SearchMatch> = from_js(matches, "the search matches")?;
    let rules = ignore_rules(ignore_files, "the ignore files")?;
    outcome(&core::search_files_outcome(&matches, &rules))
}

/// What `execute_command` returns for the command's `output` (stdout and stderr as the terminal
/// showed them) and how it ended: a non-zero exit or a timeout is a failure.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = commandOutcome, unchecked_return_type = "ToolOutcome")]
pub fn command_outcome(
    output: &str,
    #[wasm_bindgen(unchecked_param_type = "CommandEnd")] end: JsValue,
) -> Result<JsValue, JsError> {
    let end: CommandEnd = from_js(end, "the command's end")?;
    outcome(&core::command_outcome(output, end))
}

/// Applies `apply_diff`'s search/replace blocks to the file's `text`: the new text, or the
/// sentence for the model saying why nothing changed (record it as the call's failure).
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = applyDiff, unchecked_return_type = "DiffApplied")]
pub fn apply_diff(text: &str, diff: &str) -> Result<JsValue, JsError> {
    to_js(&core::apply_diff_result(text, diff))
}

/// The line diff the approval card shows for writing `after` to `path`, whose content is now
/// `before` (null when the file does not exist yet).
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = editPreview, unchecked_return_type = "EditPreview")]
pub fn edit_preview(path: &str, before: Option<String>, after: &str) -> Result<JsValue, JsError> {
    to_js(&core::edit_preview(path, before.as_deref(), after))
}

/// The check after the shell resolved symlinks (`realpath`): null when `realPath` (where the
/// tool's path really leads) stays inside `workspaceRealRoot` (the workspace folder's own real
/// path), outside `.git` and not excluded by the `.rooignore` files; otherwise the refusal
/// sentence, to record as the call's failure without touching the file.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = checkResolvedPath, unchecked_return_type = "string | null")]
pub fn check_resolved_path(
    real_path: &str,
    workspace_real_root: &str,
    #[wasm_bindgen(unchecked_param_type = "IgnoreFile[]")] rooignore: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PathTarget")] target: JsValue,
) -> Result<JsValue, JsError> {
    let rules = ignore_rules(rooignore, "the .rooignore files")?;
    let target: PathTarget = from_js(target, "the path's target")?;
    Ok(
        match core::check_resolved(real_path, workspace_real_root, &rules, target) {
            Ok(_) => JsValue::NULL,
            Err(refusal) => JsValue::from_str(&refusal.to_string()),
        },
    )
}
