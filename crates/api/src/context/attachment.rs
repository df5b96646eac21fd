//! Resolving an @-mention into an attachment: the shell reads what the mention names (a file's
//! bytes, a folder's entries, the problems list, the selection, the git diff, terminal output)
//! and this module decides what goes into the message, how it is labelled, what it costs in
//! tokens, and when it is refused with an error that says what to do instead.
//!
//! Text is decoded by the rules in `decode.rs`: UTF-8, UTF-16 with a byte-order mark, and
//! legacy single-byte files read as Windows-1252 with a note; anything with NUL bytes, many
//! damaged UTF-8 bytes or many control characters is refused as binary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::attachment_error::AttachmentError;
use super::decode::{NotText, decode_text};
use super::limits::ContextLimits;
use super::units::format_bytes;
use super::{bytes_field, cut, fence, folder, problems, terminal};
use crate::tokens::count_text_tokens;

/// What the shell read for one @-mention. Paths are relative to the workspace folder and use
/// `/`, except for something outside the workspace, whose path is shown as the shell gives it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum MentionContent {
    /// A file: its bytes and its size on disk. When the size is over the limit the shell need not
    /// read the bytes: the size alone refuses it.
    #[serde(rename_all = "camelCase")]
    File {
        path: String,
        #[serde(with = "bytes_field")]
        #[ts(type = "Uint8Array")]
        bytes: Vec<u8>,
        size_on_disk: u64,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        outside_workspace: bool,
    },
    /// A folder: its entries at any depth, with the bytes of the files small enough to include
    /// (at most `maxFolderFileBytes`; the shell may leave out the bytes of the others).
    #[serde(rename_all = "camelCase")]
    Folder {
        path: String,
        entries: Vec<FolderEntry>,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        outside_workspace: bool,
    },
    /// The workspace's problems (diagnostics).
    Problems { problems: Vec<Problem> },
    /// The editor's selection: lines are 1-based and inclusive.
    #[serde(rename_all = "camelCase")]
    Selection {
        path: String,
        start_line: u64,
        end_line: u64,
        text: String,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        outside_workspace: bool,
    },
    /// The uncommitted changes, as `git diff` prints them.
    GitChanges { diff: String },
    /// A terminal's output as the shell captured it, escape codes and all.
    Terminal {
        name: Option<String>,
        output: String,
    },
}

/// One entry of a mentioned folder. `path` is relative to that folder and uses `/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FolderEntry {
    pub path: String,
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub is_dir: bool,
    /// The file's size on disk; 0 for a folder.
    #[serde(default)]
    #[ts(as = "Option<u64>", optional)]
    pub size: u64,
    /// The file's bytes, when the shell read them.
    #[serde(default, with = "bytes_field::optional")]
    #[ts(type = "Uint8Array | null", optional)]
    pub bytes: Option<Vec<u8>>,
}

/// One diagnostic from the problems list. `line` and `column` are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct Problem {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub severity: ProblemSeverity,
    pub message: String,
    /// What reported it ("rustc", "eslint"), when known.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub source: Option<String>,
}

/// How bad a problem is, most severe first (the order problems are listed in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProblemSeverity {
    Error,
    Warning,
    Information,
    Hint,
}

/// What kind of mention an attachment came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AttachmentKind {
    File,
    Folder,
    Problems,
    Selection,
    GitChanges,
    Terminal,
}

/// A resolved mention, ready to go into a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub kind: AttachmentKind,
    /// What the chip in the message shows: "src/main.rs", "src/main.rs:10-24", "src/",
    /// "problems", with " (outside the workspace)" when it is.
    pub label: String,
    /// What the message carries: a header naming the source, then the content in a fenced block.
    pub text: String,
    /// The `o200k_base` tokens of `text`.
    pub tokens: u64,
    /// Something the user should know about how it was read or cut, in whole sentences.
    pub note: Option<String>,
}

/// Resolves what the shell read for one mention into an attachment, within `limits`.
///
/// # Errors
/// An [`AttachmentError`] when the mention cannot be attached: too large, binary, an empty or
/// invalid selection, no changes, no terminal output.
pub fn resolve_attachment(
    content: &MentionContent,
    limits: &ContextLimits,
) -> Result<Attachment, AttachmentError> {
    match content {
        MentionContent::File {
            path,
            bytes,
            size_on_disk,
            outside_workspace,
        } => resolve_file(
            &with_place(path, *outside_workspace),
            bytes,
            *size_on_disk,
            limits,
        ),
        MentionContent::Folder {
            path,
            entries,
            outside_workspace,
        } => {
            let label = with_place(&folder::folder_label(path), *outside_workspace);
            let (text, note) = folder::render(&label, path, entries, limits);
            Ok(attachment(AttachmentKind::Folder, label, text, note))
        }
        MentionContent::Problems { problems } => Ok(attachment(
            AttachmentKind::Problems,
            "problems".to_owned(),
            problems::render(problems, limits.max_problems),
            None,
        )),
        MentionContent::Selection {
            path,
            start_line,
            end_line,
            text,
            outside_workspace,
        } => resolve_selection(
            path,
            (*start_line, *end_line),
            text,
            *outside_workspace,
            limits,
        ),
        MentionContent::GitChanges { diff } => resolve_diff(diff, limits),
        MentionContent::Terminal { name, output } => {
            resolve_terminal(name.as_deref(), output, limits)
        }
    }
}

/// `label`, marked when it is outside the workspace, so the user sees where it came from.
fn with_place(label: &str, outside_workspace: bool) -> String {
    if outside_workspace {
        format!("{label} (outside the workspace)")
    } else {
        label.to_owned()
    }
}

fn attachment(
    kind: AttachmentKind,
    label: String,
    text: String,
    note: Option<String>,
) -> Attachment {
    Attachment {
        kind,
        tokens: count_text_tokens(&text),
        label,
        text,
        note,
    }
}

fn resolve_file(
    label: &str,
    bytes: &[u8],
    size_on_disk: u64,
    limits: &ContextLimits,
) -> Result<Attachment, AttachmentError> {
    // The larger of the two sizes, so neither a stale size nor a short read lets a file past.
    let size = size_on_disk.max(bytes.len() as u64);
    if size > limits.max_file_bytes {
        return Err(AttachmentError::TooLarge {
            label: label.to_owned(),
            size,
            limit: limits.max_file_bytes,
        });
    }
    let decoded = decode_text(bytes).map_err(|not_text| binary(label, not_text))?;
    let text = file_text(label, &decoded.text);
    Ok(attachment(
        AttachmentKind::File,
        label.to_owned(),
        text,
        decoded.note,
    ))
}

/// A file's header and numbered content, as a file attachment and a folder's files show it.
pub(crate) fn file_text(label: &str, content: &str) -> String {
    if content.is_empty() {
        format!("File: {label} (empty)")
    } else {
        format!("File: {label}\n{}", fence::numbered(content, 1))
    }
}

fn binary(label: &str, not_text: NotText) -> AttachmentError {
    AttachmentError::Binary {
        label: label.to_owned(),
        reason: not_text.reason().to_owned(),
    }
}

fn resolve_selection(
    path: &str,
    (start_line, end_line): (u64, u64),
    text: &str,
    outside_workspace: bool,
    limits: &ContextLimits,
) -> Result<Attachment, AttachmentError> {
    let place = with_place(path, outside_workspace);
    if start_line == 0 || end_line < start_line {
        return Err(AttachmentError::InvalidSelection {
            label: place,
            start_line,
            end_line,
        });
    }
    if text.trim().is_empty() {
        return Err(AttachmentError::EmptySelection { label: place });
    }
    let lines = if start_line == end_line {
        start_line.to_string()
    } else {
        format!("{start_line}-{end_line}")
    };
    let label = with_place(&format!("{path}:{lines}"), outside_workspace);
    if text.len() as u64 > limits.max_file_bytes {
        return Err(AttachmentError::TooLarge {
            label,
            size: text.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let body = format!("Selection: {label}\n{}", fence::numbered(text, start_line));
    Ok(attachment(AttachmentKind::Selection, label, body, None))
}

fn resolve_diff(diff: &str, limits: &ContextLimits) -> Result<Attachment, AttachmentError> {
    if diff.trim().is_empty() {
        return Err(AttachmentError::NoChanges);
    }
    let kept = cut::head(diff, limits.max_file_bytes);
    let note = (kept.len() < diff.len()).then(|| {
        format!(
            "The diff is {}; only its first {} is attached.",
            format_bytes(diff.len() as u64),
            format_bytes(kept.len() as u64)
        )
    });
    let text = format!(
        "Git changes (uncommitted):\n{}",
        fence::fenced("diff", kept)
    );
    Ok(attachment(
        AttachmentKind::GitChanges,
        "git changes".to_owned(),
        text,
        note,
    ))
}

fn resolve_terminal(
    name: Option<&str>,
    output: &str,
    limits: &ContextLimits,
) -> Result<Attachment, AttachmentError> {
    let cleaned = terminal::clean(output);
    if cleaned.is_empty() {
        return Err(AttachmentError::NoTerminalOutput);
    }
    let kept = cut::tail(&cleaned, limits.max_terminal_bytes);
    let note = (kept.len() < cleaned.len()).then(|| {
        format!(
            "The output is {}; only its last {} is attached.",
            format_bytes(cleaned.len() as u64),
            format_bytes(kept.len() as u64)
        )
    });
    let label = match name.map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => format!("terminal ({name})"),
        None => "terminal".to_owned(),
    };
    let text = format!("Terminal output, {label}:\n{}", fence::fenced("", kept));
    Ok(attachment(AttachmentKind::Terminal, label, text, note))
}

#[cfg(test)]
mod tests;
