//! The size limits every kind of context obeys, in one struct the shell passes along with what it
//! read, so a setting changes the rule in one place and the defaults are written once.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The setting that raises or lowers [`ContextLimits::max_file_bytes`]; error messages name it so
/// the user knows what to change.
pub const MAX_ATTACHMENT_BYTES_SETTING: &str = "rooCodePlus.context.maxFileBytes";

/// How much of the workspace one attachment or rules file may bring into a message. Every field
/// has a default, so the shell may pass only the ones a setting changes. Sizes are in bytes of
/// the file as stored; counts are entries or problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ContextLimits {
    /// The largest file, selection or diff that can be attached (setting
    /// `rooCodePlus.context.maxFileBytes`). One megabyte of code is about 250,000 tokens, more than
    /// most context windows, so larger files are refused rather than cut: the user should pick
    /// the part that matters.
    pub max_file_bytes: u64,
    /// The largest file whose contents a folder attachment includes; larger ones are only listed.
    pub max_folder_file_bytes: u64,
    /// The most bytes of file contents one folder attachment includes, all files together.
    pub max_folder_total_bytes: u64,
    /// The most entries a folder's tree lists; the rest are counted as "… N more".
    pub max_folder_entries: u32,
    /// How many levels below the folder its tree shows.
    pub max_folder_depth: u32,
    /// The most problems a problems attachment lists, the most severe first.
    pub max_problems: u32,
    /// The most bytes of terminal output attached: the last ones, where the result of the latest
    /// command is.
    pub max_terminal_bytes: u64,
    /// The most bytes of one rules file (or of the custom instructions) put in the system prompt;
    /// the system prompt is sent with every request, so it is kept modest.
    pub max_rules_file_bytes: u64,
}

impl Default for ContextLimits {
    fn default() -> Self {
        Self {
            max_file_bytes: 1_000_000,
            max_folder_file_bytes: 32_000,
            max_folder_total_bytes: 100_000,
            max_folder_entries: 200,
            max_folder_depth: 4,
            max_problems: 200,
            max_terminal_bytes: 50_000,
            max_rules_file_bytes: 50_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_their_defaults() {
        let limits: ContextLimits =
            serde_json::from_value(serde_json::json!({"maxFileBytes": 10})).unwrap();
        assert_eq!(limits.max_file_bytes, 10);
        assert_eq!(
            limits.max_folder_entries,
            ContextLimits::default().max_folder_entries
        );
    }

    #[test]
    fn the_default_file_limit_is_one_megabyte() {
        assert_eq!(ContextLimits::default().max_file_bytes, 1_000_000);
    }
}
