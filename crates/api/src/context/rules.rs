//! The system prompt's rules section: the base prompt, then the workspace's rules files and the
//! user's custom instructions, each under a heading that names where it came from, in a fixed
//! order: `AGENTS.md` (the shared convention), `.roo/rules/*` (sorted by name, byte order),
//! `.roorules`, then the custom instructions setting, so the user's own words come last and win
//! where sources disagree. A report lists every source as found, not found, empty or unreadable,
//! with its tokens, for the settings panel.
//!
//! Rules files are decoded as attachments are (see `decode.rs`); a binary file is reported
//! unreadable. One longer than `maxRulesFileBytes` is cut at a line boundary with a note, because
//! the system prompt is sent with every request.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::decode::decode_text;
use super::limits::ContextLimits;
use super::units::format_bytes;
use super::{bytes_field, cut};
use crate::tokens::count_text_tokens;

/// What the shell found when it read one rules file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum RulesFileRead {
    /// There is no such file.
    #[default]
    Missing,
    /// The file is there but could not be read; `reason` says why (the shell's error).
    Unreadable { reason: String },
    /// The file's bytes.
    Read {
        #[serde(with = "bytes_field")]
        #[ts(type = "Uint8Array")]
        bytes: Vec<u8>,
    },
}

/// One file of `.roo/rules/`: its name inside that folder and what reading it found.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct RulesDirFile {
    pub name: String,
    #[serde(flatten)]
    pub read: RulesFileRead,
}

/// Everything the system prompt is built from. Every source may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RulesInput {
    /// The prompt the rules are appended to.
    pub base_prompt: String,
    /// `AGENTS.md` at the workspace root.
    #[ts(as = "Option<RulesFileRead>", optional)]
    pub agents_md: RulesFileRead,
    /// The files of `.roo/rules/`, in any order.
    #[ts(as = "Option<Vec<RulesDirFile>>", optional)]
    pub roo_rules: Vec<RulesDirFile>,
    /// `.roorules` at the workspace root.
    #[ts(as = "Option<RulesFileRead>", optional)]
    pub roorules: RulesFileRead,
    /// The custom instructions setting.
    #[ts(as = "Option<String>", optional)]
    pub custom_instructions: String,
}

/// What became of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RulesStatus {
    Found,
    NotFound,
    Empty,
    Unreadable,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RulesSourceReport {
    /// Where it came from: "AGENTS.md", ".roo/rules/style.md", ".roorules", "custom
    /// instructions".
    pub source: String,
    pub status: RulesStatus,
    /// The tokens it adds to the prompt, heading included; 0 unless found.
    pub tokens: u64,
    /// Why it is unreadable, or how it was read or cut.
    pub note: Option<String>,
}

/// Every source, in the order the prompt has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RulesReport {
    pub sources: Vec<RulesSourceReport>,
}

/// The full system prompt, its tokens and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemPrompt {
    pub prompt: String,
    /// The `o200k_base` tokens of `prompt`.
    pub tokens: u64,
    pub report: RulesReport,
}

/// The source named when `.roo/rules/` has no files.
const ROO_RULES_FOLDER: &str = ".roo/rules/";

/// What comes between the base prompt and the rules.
const RULES_PREAMBLE: &str = "====\n\nUSER'S RULES\n\nThe rules below come from the \
    workspace's rules files and the user's settings. Follow them; where two disagree, the later \
    one wins.";

/// Builds the system prompt from `input`, within `limits`.
#[must_use]
pub fn build_system_prompt(input: &RulesInput, limits: &ContextLimits) -> SystemPrompt {
    let mut sections = Vec::new();
    let mut sources = vec![read_file(
        "AGENTS.md",
        &input.agents_md,
        limits,
        &mut sections,
    )];
    let mut dir_files: Vec<&RulesDirFile> = input.roo_rules.iter().collect();
    dir_files.sort_by(|a, b| a.name.cmp(&b.name));
    if dir_files.is_empty() {
        sources.push(report(ROO_RULES_FOLDER, RulesStatus::NotFound, None));
    }
    for file in dir_files {
        let source = format!("{ROO_RULES_FOLDER}{}", file.name.trim_start_matches('/'));
        sources.push(read_file(&source, &file.read, limits, &mut sections));
    }
    sources.push(read_file(
        ".roorules",
        &input.roorules,
        limits,
        &mut sections,
    ));
    sources.push(add_text(
        "custom instructions",
        "Custom instructions from the settings",
        &input.custom_instructions,
        None,
        limits,
        &mut sections,
    ));

    let mut prompt = input.base_prompt.trim_end().to_owned();
    if !sections.is_empty() {
        if !prompt.is_empty() {
            prompt.push_str("\n\n");
        }
        prompt.push_str(RULES_PREAMBLE);
        for section in sections {
            prompt.push_str("\n\n");
            prompt.push_str(&section);
        }
    }
    SystemPrompt {
        tokens: count_text_tokens(&prompt),
        prompt,
        report: RulesReport { sources },
    }
}

fn report(source: &str, status: RulesStatus, note: Option<String>) -> RulesSourceReport {
    RulesSourceReport {
        source: source.to_owned(),
        status,
        tokens: 0,
        note,
    }
}

/// Reads one rules file into a section, and reports it.
fn read_file(
    source: &str,
    read: &RulesFileRead,
    limits: &ContextLimits,
    sections: &mut Vec<String>,
) -> RulesSourceReport {
    match read {
        RulesFileRead::Missing => report(source, RulesStatus::NotFound, None),
        RulesFileRead::Unreadable { reason } => {
            report(source, RulesStatus::Unreadable, Some(reason.clone()))
        }
        RulesFileRead::Read { bytes } => match decode_text(bytes) {
            Err(not_text) => report(
                source,
                RulesStatus::Unreadable,
                Some(format!(
                    "It looks like a binary file: {}.",
                    not_text.reason()
                )),
            ),
            Ok(decoded) => add_text(
                source,
                &format!("Rules from {source}"),
                &decoded.text,
                decoded.note,
                limits,
                sections,
            ),
        },
    }
}

/// Adds `text` under `heading` unless it is blank, cut to the limit, and reports it.
fn add_text(
    source: &str,
    heading: &str,
    text: &str,
    note: Option<String>,
    limits: &ContextLimits,
    sections: &mut Vec<String>,
) -> RulesSourceReport {
    let text = text.trim();
    if text.is_empty() {
        return report(source, RulesStatus::Empty, note);
    }
    let kept = cut::head(text, limits.max_rules_file_bytes);
    let mut section = format!("## {heading}\n\n{}", kept.trim_end());
    let mut notes: Vec<String> = note.into_iter().collect();
    if kept.len() < text.len() {
        let cut_note = format!(
            "It is {}; only its first {} is included.",
            format_bytes(text.len() as u64),
            format_bytes(kept.len() as u64)
        );
        section.push_str(&format!("\n\n[Cut here to fit: {cut_note}]"));
        notes.push(cut_note);
    }
    let tokens = count_text_tokens(&section);
    sections.push(section);
    RulesSourceReport {
        source: source.to_owned(),
        status: RulesStatus::Found,
        tokens,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

#[cfg(test)]
mod tests;
