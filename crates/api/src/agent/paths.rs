//! The path rules every file tool obeys, decided on strings with `/` separators before the shell
//! touches the disk. A path the model gives is resolved against the workspace folder and refused
//! when it leaves it (`..`, an absolute path elsewhere, a home-relative or network path), when it
//! is written in a way that could hide a way out (backslashes, percent-encoded dots or slashes,
//! control characters), when it is in a `.git` folder, or when the `.rooignore` files exclude it.
//! A refusal is a tool result the model reads, not an error of the chat.
//!
//! Files that look like secrets (`.env*`, `*.pem`, `*.key`, `id_rsa*` ...) are not refused but
//! marked, so that reading one always asks the user, even with reads auto-approved.
//!
//! Symlinks are the one thing strings cannot decide: after approval the shell resolves the path
//! on disk (`realpath`) and passes it to [`check_resolved`], which applies the same rules to
//! where the link really leads.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::context::{IgnoreRules, is_secret_looking};

/// What a tool expects at the path, which decides how folder-only ignore patterns (`build/`)
/// apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PathTarget {
    File,
    Folder,
    /// A file or a folder (`search_files` takes either): refused if ignored as either.
    FileOrFolder,
}

/// A path a tool may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToolPath {
    /// Relative to the workspace folder, normalised (no `.`, `..` or doubled slashes); empty for
    /// the workspace folder itself.
    pub relative: String,
    /// The workspace folder joined with `relative`.
    pub absolute: String,
    /// The name looks like it holds secrets: reading it must ask the user every time.
    pub looks_secret: bool,
}

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PathRefusal {
    Empty,
    ControlCharacter,
    Backslash,
    PercentEncoded,
    HomeDirectory,
    OutsideWorkspace,
    GitFolder,
    Ignored { relative: String },
}

impl fmt::Display for PathRefusal {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Empty => "The path is empty. Give a path relative to the workspace folder, \
                or `.` for the folder itself."
                .to_owned(),
            Self::ControlCharacter => "The path contains a control character (such as a NUL \
                byte or a line break), which no workspace path has. Give the plain path."
                .to_owned(),
            Self::Backslash => "The path contains a backslash. Write paths relative to the \
                workspace folder with `/` separators (drive letters and network paths are not \
                allowed)."
                .to_owned(),
            Self::PercentEncoded => "The path contains percent-encoded characters (such as \
                `%2e` or `%2f`). Paths are plain text, not URLs: write the characters \
                themselves."
                .to_owned(),
            Self::HomeDirectory => "Paths starting with `~` are not expanded and the home \
                folder is outside the workspace. Give a path inside the workspace folder."
                .to_owned(),
            Self::OutsideWorkspace => "Refused: the path leads outside the workspace folder. \
                The tools only work inside it; give a path relative to it."
                .to_owned(),
            Self::GitFolder => "Refused: files inside `.git` folders are off limits to the \
                tools. Use the workspace files (or run a git command, which asks the user)."
                .to_owned(),
            Self::Ignored { relative } => format!(
                "Refused: `{relative}` is excluded by the workspace's .rooignore, so the tools \
                 may not use it. Do not try to reach it another way."
            ),
        };
        formatter.write_str(&text)
    }
}

/// Resolves the path a tool was given against the workspace folder `workspace_root` (absolute,
/// `/` separators), refusing what the rules refuse. `rooignore` holds the rules of the
/// `.rooignore` files only: `.gitignore`d files (build output, say) stay readable by the tools.
pub fn resolve_tool_path(
    raw: &str,
    workspace_root: &str,
    rooignore: &IgnoreRules,
    target: PathTarget,
) -> Result<ToolPath, PathRefusal> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(PathRefusal::Empty);
    }
    if raw.chars().any(char::is_control) {
        return Err(PathRefusal::ControlCharacter);
    }
    if raw.contains('\\') {
        return Err(PathRefusal::Backslash);
    }
    let lowered = raw.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c", "%00"]
        .iter()
        .any(|encoded| lowered.contains(encoded))
    {
        return Err(PathRefusal::PercentEncoded);
    }
    if raw.starts_with('~') {
        return Err(PathRefusal::HomeDirectory);
    }
    let root = segments_of(workspace_root).ok_or(PathRefusal::OutsideWorkspace)?;
    let relative = if is_absolute(raw) {
        let absolute = segments_of(raw).ok_or(PathRefusal::OutsideWorkspace)?;
        strip_root(&absolute, &root).ok_or(PathRefusal::OutsideWorkspace)?
    } else {
        segments_of(raw).ok_or(PathRefusal::OutsideWorkspace)?
    };
    checked(relative, workspace_root, rooignore, target)
}

/// The check after the shell resolved symlinks: `real_path` is where the tool's path really
/// leads and `workspace_real_root` the workspace folder's own real path (both absolute, `/`
/// separators). The real path must stay inside, outside `.git`, and not be ignored; whether it
/// looks secret is judged by the real name too (a link `notes.txt` to `.env` is a secret).
pub fn check_resolved(
    real_path: &str,
    workspace_real_root: &str,
    rooignore: &IgnoreRules,
    target: PathTarget,
) -> Result<ToolPath, PathRefusal> {
    if real_path.chars().any(char::is_control) || real_path.contains('\\') {
        return Err(PathRefusal::OutsideWorkspace);
    }
    let root = segments_of(workspace_real_root).ok_or(PathRefusal::OutsideWorkspace)?;
    let real = segments_of(real_path).ok_or(PathRefusal::OutsideWorkspace)?;
    let relative = strip_root(&real, &root).ok_or(PathRefusal::OutsideWorkspace)?;
    checked(relative, workspace_real_root, rooignore, target)
}

/// The rules on a normalised path relative to the workspace.
fn checked(
    relative: Vec<&str>,
    workspace_root: &str,
    rooignore: &IgnoreRules,
    target: PathTarget,
) -> Result<ToolPath, PathRefusal> {
    // Case-insensitive, because on macOS and Windows `.GIT` is the same folder.
    if relative
        .iter()
        .any(|segment| segment.eq_ignore_ascii_case(".git"))
    {
        return Err(PathRefusal::GitFolder);
    }
    let relative = relative.join("/");
    let ignored = match target {
        PathTarget::File => rooignore.is_ignored(&relative, false),
        PathTarget::Folder => rooignore.is_ignored(&relative, true),
        PathTarget::FileOrFolder => {
            rooignore.is_ignored(&relative, false) || rooignore.is_ignored(&relative, true)
        }
    };
    if ignored {
        return Err(PathRefusal::Ignored { relative });
    }
    let root = workspace_root.trim_end_matches('/');
    let absolute = if relative.is_empty() {
        if root.is_empty() {
            "/".to_owned()
        } else {
            root.to_owned()
        }
    } else {
        format!("{root}/{relative}")
    };
    Ok(ToolPath {
        looks_secret: is_secret_looking(&relative),
        relative,
        absolute,
    })
}

/// Whether `path` is absolute: `/...` or a drive letter followed by `:/` (`C:/...`).
fn is_absolute(path: &str) -> bool {
    path.starts_with('/') || has_drive_letter(path)
}

fn has_drive_letter(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// The path's segments with `.` and empty ones dropped and `..` applied; `None` when a `..`
/// climbs above the start. A drive letter (`C:`) stays as the first segment.
fn segments_of(path: &str) -> Option<Vec<&str>> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                // A drive letter is the top: `C:/..` does not leave it.
                if segments.len() == usize::from(has_drive_letter(path)) {
                    return None;
                }
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    Some(segments)
}

/// `path` below `root`, when it is inside it (the drive letter compared without case).
fn strip_root<'a>(path: &[&'a str], root: &[&str]) -> Option<Vec<&'a str>> {
    if path.len() < root.len() {
        return None;
    }
    let inside = path.iter().zip(root).enumerate().all(|(position, (a, b))| {
        if position == 0 && has_drive_letter(a) && a.len() == 2 {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    });
    inside.then(|| path[root.len()..].to_vec())
}

#[cfg(test)]
mod tests;
