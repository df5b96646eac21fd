//! Why a saved chat file, the chat index or the old single-file history could not be read or
//! written, and the top-level reading every one of them shares: a byte-order mark, a JSON object,
//! a `version` this build can read.

use std::fmt;
use std::ops::RangeInclusive;

use serde_json::{Map, Value};

/// Which kind of file a [`FormatError`] is about, so its message names the file the user would
/// look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// One chat, `chats/<id>.json`.
    Chat,
    /// The list of chats, `index.json`.
    Index,
    /// The single file every chat was kept in before, `chat-history.json`.
    OldHistory,
}

impl FileKind {
    /// The file as a sentence names it.
    fn noun(self) -> &'static str {
        match self {
            Self::Chat => "the chat file",
            Self::Index => "the chat index",
            Self::OldHistory => "the chat history",
        }
    }

    /// The format versions this build reads for this kind of file.
    #[must_use]
    pub fn readable_versions(self) -> RangeInclusive<u64> {
        match self {
            Self::Chat | Self::Index => 3..=3,
            Self::OldHistory => 1..=2,
        }
    }

    /// The readable versions in words: "version 3" or "versions 1 to 2".
    fn versions_in_words(self) -> String {
        let versions = self.readable_versions();
        if versions.start() == versions.end() {
            format!("version {}", versions.start())
        } else {
            format!("versions {} to {}", versions.start(), versions.end())
        }
    }
}

/// What was wrong with the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatProblem {
    /// There are no bytes, or only white space.
    Empty,
    /// The bytes are not JSON.
    InvalidJson(String),
    /// The JSON is not an object.
    NotAnObject,
    /// `version` is there but not a format number.
    InvalidVersion(String),
    /// A format version this build does not read, older than the kind of file ever had.
    OlderVersion(u64),
    /// The file was written by a newer version of the extension.
    FutureVersion(u64),
    /// The object is not shaped like this kind of file.
    InvalidShape(String),
    /// A value could not be turned into JSON, or would not read back.
    Unserializable(String),
}

/// Why a file could not be read or written. The shell keeps the bytes aside and tells the user,
/// so the message says which file and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub file: FileKind,
    pub problem: FormatProblem,
}

impl FormatError {
    pub(crate) fn new(file: FileKind, problem: FormatProblem) -> Self {
        Self { file, problem }
    }

    pub(crate) fn shape(file: FileKind, detail: impl Into<String>) -> Self {
        Self::new(file, FormatProblem::InvalidShape(detail.into()))
    }

    pub(crate) fn unserializable(file: FileKind, error: &serde_json::Error) -> Self {
        Self::new(file, FormatProblem::Unserializable(error.to_string()))
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.file.noun();
        let readable = self.file.versions_in_words();
        match &self.problem {
            FormatProblem::Empty => write!(formatter, "{noun} is empty"),
            FormatProblem::InvalidJson(detail) => {
                write!(formatter, "{noun} is not valid JSON: {detail}")
            }
            FormatProblem::NotAnObject => write!(formatter, "{noun} is not a JSON object"),
            FormatProblem::InvalidVersion(found) => write!(
                formatter,
                "{noun}'s `version` is {found}, which is not a format version"
            ),
            FormatProblem::OlderVersion(version) => write!(
                formatter,
                "{noun} is in format version {version}, but this kind of file is only ever \
                 written in {readable}"
            ),
            FormatProblem::FutureVersion(version) => write!(
                formatter,
                "{noun} was saved in format version {version} by a newer version of the \
                 extension; this version reads {readable}"
            ),
            FormatProblem::InvalidShape(detail) => {
                write!(formatter, "{noun} is not in the expected shape: {detail}")
            }
            FormatProblem::Unserializable(detail) => {
                write!(formatter, "{noun} could not be written: {detail}")
            }
        }
    }
}

impl std::error::Error for FormatError {}

/// Whether the bytes hold nothing: no bytes, or only white space after an optional byte-order
/// mark.
pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    without_bom(bytes).iter().all(u8::is_ascii_whitespace)
}

/// The bytes without a UTF-8 byte-order mark, which editors on Windows may add when someone
/// repairs a file by hand.
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Reads the bytes as one JSON object and returns its fields and its format version, checked
/// against what this build reads for `file`. A missing `version` is version 1 for the old history
/// (its predecessor's files had none) and a shape error for the newer files, which always have it.
pub(crate) fn read_versioned(
    bytes: &[u8],
    file: FileKind,
) -> Result<(u64, Map<String, Value>), FormatError> {
    if is_blank(bytes) {
        return Err(FormatError::new(file, FormatProblem::Empty));
    }
    let value: Value = serde_json::from_slice(without_bom(bytes))
        .map_err(|error| FormatError::new(file, FormatProblem::InvalidJson(error.to_string())))?;
    let Value::Object(fields) = value else {
        return Err(FormatError::new(file, FormatProblem::NotAnObject));
    };
    let version = checked_version(fields.get("version"), file)?;
    Ok((version, fields))
}

/// The format version a file's `version` field names, checked against what this build reads for
/// `file` (see [`read_versioned`] for a missing one).
pub(crate) fn checked_version(version: Option<&Value>, file: FileKind) -> Result<u64, FormatError> {
    let version = match version {
        None if file == FileKind::OldHistory => 1,
        None => return Err(FormatError::shape(file, "it has no `version`")),
        Some(Value::Number(number)) => match number.as_u64() {
            Some(version) if version >= 1 => version,
            _ => {
                let found = number.to_string();
                return Err(FormatError::new(file, FormatProblem::InvalidVersion(found)));
            }
        },
        Some(other) => {
            let found = other.to_string();
            return Err(FormatError::new(file, FormatProblem::InvalidVersion(found)));
        }
    };
    let versions = file.readable_versions();
    if version < *versions.start() {
        return Err(FormatError::new(file, FormatProblem::OlderVersion(version)));
    }
    if version > *versions.end() {
        return Err(FormatError::new(
            file,
            FormatProblem::FutureVersion(version),
        ));
    }
    Ok(version)
}

/// The list under `key`: absent or `null` is empty; anything else but a list means the file is
/// not what it claims, and reading it as empty would let the next write replace what it holds.
pub(crate) fn take_list(
    fields: &mut Map<String, Value>,
    key: &str,
    file: FileKind,
) -> Result<Vec<Value>, FormatError> {
    match fields.remove(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(FormatError::shape(file, format!("`{key}` is not a list"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(bytes: &[u8], file: FileKind) -> FormatProblem {
        read_versioned(bytes, file).unwrap_err().problem
    }

    #[test]
    fn each_problem_is_found_and_named() {
        assert_eq!(problem(b" \n", FileKind::Chat), FormatProblem::Empty);
        assert_eq!(
            problem(b"\xEF\xBB\xBF", FileKind::Index),
            FormatProblem::Empty
        );
        assert!(matches!(
            problem(b"{\"version\": 3, \"ch", FileKind::Chat),
            FormatProblem::InvalidJson(_)
        ));
        for not_object in [&b"[1]"[..], b"null", b"\"x\""] {
            assert_eq!(
                problem(not_object, FileKind::Chat),
                FormatProblem::NotAnObject
            );
        }
        for version in ["0", "-1", "1.5", "\"3\"", "null"] {
            let bytes = format!(r#"{{"version": {version}}}"#);
            assert!(
                matches!(
                    problem(bytes.as_bytes(), FileKind::Chat),
                    FormatProblem::InvalidVersion(_)
                ),
                "{version}"
            );
        }
        assert_eq!(
            problem(br#"{"version": 2}"#, FileKind::Chat),
            FormatProblem::OlderVersion(2)
        );
        assert_eq!(
            problem(br#"{"version": 4}"#, FileKind::Index),
            FormatProblem::FutureVersion(4)
        );
        assert_eq!(
            problem(br#"{"version": 3}"#, FileKind::OldHistory),
            FormatProblem::FutureVersion(3)
        );
        assert!(matches!(
            problem(br#"{"chat": {}}"#, FileKind::Chat),
            FormatProblem::InvalidShape(_)
        ));
    }

    #[test]
    fn the_old_history_without_a_version_is_version_1_and_a_bom_is_skipped() {
        let (version, fields) =
            read_versioned(b"\xEF\xBB\xBF{\"chats\": []}", FileKind::OldHistory).unwrap();
        assert_eq!(version, 1);
        assert!(fields.contains_key("chats"));
    }

    #[test]
    fn messages_name_the_file_and_the_readable_versions() {
        let future = FormatError::new(FileKind::OldHistory, FormatProblem::FutureVersion(3));
        assert_eq!(
            future.to_string(),
            "the chat history was saved in format version 3 by a newer version of the \
             extension; this version reads versions 1 to 2"
        );
        let older = FormatError::new(FileKind::Chat, FormatProblem::OlderVersion(2));
        assert!(
            older
                .to_string()
                .starts_with("the chat file is in format version 2")
        );
        assert!(older.to_string().ends_with("version 3"), "{older}");
        let empty = FormatError::new(FileKind::Index, FormatProblem::Empty);
        assert_eq!(empty.to_string(), "the chat index is empty");
    }

    #[test]
    fn a_list_that_is_not_a_list_is_a_shape_error() {
        let mut fields = Map::new();
        fields.insert("chats".into(), Value::from(3));
        let error = take_list(&mut fields, "chats", FileKind::Index).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the chat index is not in the expected shape: `chats` is not a list"
        );
        assert!(
            take_list(&mut Map::new(), "chats", FileKind::Index)
                .unwrap()
                .is_empty()
        );
    }
}
