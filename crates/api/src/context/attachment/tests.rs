//! Tests of resolving each kind of mention, through the public `resolve_attachment`.

use super::*;

fn limits() -> ContextLimits {
    ContextLimits::default()
}

fn file(path: &str, bytes: &[u8]) -> MentionContent {
    MentionContent::File {
        path: path.to_owned(),
        bytes: bytes.to_vec(),
        size_on_disk: bytes.len() as u64,
        outside_workspace: false,
    }
}

fn resolve(content: &MentionContent) -> Attachment {
    resolve_attachment(content, &limits()).unwrap()
}

fn error(content: &MentionContent) -> AttachmentError {
    resolve_attachment(content, &limits()).unwrap_err()
}

#[test]
fn a_file_is_numbered_under_its_path_and_counted() {
    let attachment = resolve(&file("src/main.rs", b"fn main() {\n    run();\n}\n"));
    assert_eq!(attachment.kind, AttachmentKind::File);
    assert_eq!(attachment.label, "src/main.rs");
    assert_eq!(
        attachment.text,
        "File: src/main.rs\n```\n1 | fn main() {\n2 |     run();\n3 | }\n```"
    );
    assert_eq!(attachment.tokens, count_text_tokens(&attachment.text));
    assert!(attachment.tokens > 10);
    assert_eq!(attachment.note, None);
}

#[test]
fn backticks_in_a_file_lengthen_the_fence() {
    let attachment = resolve(&file("README.md", b"```sh\nmake\n```\n"));
    assert!(
        attachment.text.contains("\n````\n1 | ```sh\n"),
        "{}",
        attachment.text
    );
    assert!(attachment.text.ends_with("\n````"));
}

#[test]
fn an_empty_file_is_attached_as_empty() {
    assert_eq!(
        resolve(&file("empty.txt", b"")).text,
        "File: empty.txt (empty)"
    );
}

#[test]
fn a_file_over_the_limit_is_refused_naming_the_limit_and_the_setting() {
    // The size on disk refuses it even when the shell did not read the bytes.
    let content = MentionContent::File {
        path: "logs/big.log".to_owned(),
        bytes: Vec::new(),
        size_on_disk: 3_400_000,
        outside_workspace: false,
    };
    let refused = error(&content);
    assert_eq!(
        refused,
        AttachmentError::TooLarge {
            label: "logs/big.log".to_owned(),
            size: 3_400_000,
            limit: 1_000_000
        }
    );
    let message = refused.to_string();
    assert!(message.contains("3.4 MB"), "{message}");
    assert!(message.contains("1 MB limit"), "{message}");
    assert!(
        message.contains("rooCodePlus.context.maxFileBytes"),
        "{message}"
    );
    // A lower limit from the setting applies, and bytes longer than the stated size count.
    let small = ContextLimits {
        max_file_bytes: 4,
        ..limits()
    };
    let understated = MentionContent::File {
        path: "a.txt".to_owned(),
        bytes: b"hello".to_vec(),
        size_on_disk: 1,
        outside_workspace: false,
    };
    assert!(matches!(
        resolve_attachment(&understated, &small),
        Err(AttachmentError::TooLarge { size: 5, .. })
    ));
}

#[test]
fn a_binary_file_is_refused_with_why_and_what_to_do() {
    let refused = error(&file("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
    assert_eq!(
        refused,
        AttachmentError::Binary {
            label: "logo.png".to_owned(),
            reason: "it contains NUL bytes".to_owned()
        }
    );
    assert!(refused.to_string().contains("Attach a text file"));
}

#[test]
fn a_latin1_file_is_read_with_a_note() {
    let attachment = resolve(&file("old.c", b"/* caf\xE9 */\n"));
    assert!(attachment.text.contains("1 | /* café */"));
    assert!(attachment.note.unwrap().contains("Windows-1252"));
}

#[test]
fn outside_the_workspace_is_visible_in_the_label_and_header() {
    let content = MentionContent::File {
        path: "/etc/hosts".to_owned(),
        bytes: b"127.0.0.1 localhost\n".to_vec(),
        size_on_disk: 20,
        outside_workspace: true,
    };
    let attachment = resolve(&content);
    assert_eq!(attachment.label, "/etc/hosts (outside the workspace)");
    assert!(
        attachment
            .text
            .starts_with("File: /etc/hosts (outside the workspace)\n")
    );
}

#[test]
fn a_selection_is_numbered_from_its_first_line() {
    let content = MentionContent::Selection {
        path: "src/main.rs".to_owned(),
        start_line: 10,
        end_line: 11,
        text: "let x = 1;\nlet y = 2;".to_owned(),
        outside_workspace: false,
    };
    let attachment = resolve(&content);
    assert_eq!(attachment.kind, AttachmentKind::Selection);
    assert_eq!(attachment.label, "src/main.rs:10-11");
    assert_eq!(
        attachment.text,
        "Selection: src/main.rs:10-11\n```\n10 | let x = 1;\n11 | let y = 2;\n```"
    );
    let one_line = MentionContent::Selection {
        path: "a.rs".to_owned(),
        start_line: 7,
        end_line: 7,
        text: "x".to_owned(),
        outside_workspace: true,
    };
    assert_eq!(resolve(&one_line).label, "a.rs:7 (outside the workspace)");
}

#[test]
fn an_empty_or_backwards_selection_is_refused() {
    let selection = |start_line, end_line, text: &str| MentionContent::Selection {
        path: "a.rs".to_owned(),
        start_line,
        end_line,
        text: text.to_owned(),
        outside_workspace: false,
    };
    let empty = error(&selection(3, 3, "  \n\t"));
    assert_eq!(
        empty,
        AttachmentError::EmptySelection {
            label: "a.rs".to_owned()
        }
    );
    assert!(empty.to_string().contains("Select the text to attach"));
    assert!(matches!(
        error(&selection(5, 4, "x")),
        AttachmentError::InvalidSelection {
            start_line: 5,
            end_line: 4,
            ..
        }
    ));
    assert!(matches!(
        error(&selection(0, 1, "x")),
        AttachmentError::InvalidSelection { .. }
    ));
}

#[test]
fn git_changes_are_a_diff_block_or_an_error_when_there_are_none() {
    let diff = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
    let attachment = resolve(&MentionContent::GitChanges {
        diff: diff.to_owned(),
    });
    assert_eq!(attachment.label, "git changes");
    assert_eq!(
        attachment.text,
        format!("Git changes (uncommitted):\n```diff\n{diff}```")
    );
    assert_eq!(attachment.note, None);
    assert_eq!(
        error(&MentionContent::GitChanges {
            diff: " \n".to_owned()
        }),
        AttachmentError::NoChanges
    );
}

#[test]
fn a_large_diff_is_cut_at_a_line_with_a_note() {
    let diff = "+line\n".repeat(1000);
    let small = ContextLimits {
        max_file_bytes: 1000,
        ..limits()
    };
    let attachment = resolve_attachment(&MentionContent::GitChanges { diff }, &small).unwrap();
    assert!(attachment.text.ends_with("+line\n```"));
    assert_eq!(
        attachment.note.as_deref(),
        Some("The diff is 6 KB; only its first 996 bytes is attached.")
    );
}

#[test]
fn terminal_output_is_cleaned_and_keeps_its_tail() {
    let attachment = resolve(&MentionContent::Terminal {
        name: Some("bash".to_owned()),
        output: "\x1B[31merror\x1B[0m: failed\r\n".to_owned(),
    });
    assert_eq!(attachment.label, "terminal (bash)");
    assert_eq!(
        attachment.text,
        "Terminal output, terminal (bash):\n```\nerror: failed\n```"
    );
    let long = MentionContent::Terminal {
        name: None,
        output: (1..=100).map(|n| format!("line {n}\n")).collect(),
    };
    let small = ContextLimits {
        max_terminal_bytes: 20,
        ..limits()
    };
    let attachment = resolve_attachment(&long, &small).unwrap();
    assert_eq!(attachment.label, "terminal");
    assert!(
        attachment.text.contains("```\nline 99\nline 100\n```"),
        "{}",
        attachment.text
    );
    assert!(attachment.note.unwrap().contains("only its last"));
    assert_eq!(
        error(&MentionContent::Terminal {
            name: None,
            output: "\x1B]633;A\x07\r\n".to_owned()
        }),
        AttachmentError::NoTerminalOutput
    );
}

#[test]
fn problems_and_folders_resolve_with_their_labels() {
    let problems = resolve(&MentionContent::Problems {
        problems: Vec::new(),
    });
    assert_eq!(
        (problems.kind, problems.label.as_str()),
        (AttachmentKind::Problems, "problems")
    );
    let folder = resolve(&MentionContent::Folder {
        path: "src".to_owned(),
        entries: vec![FolderEntry {
            path: "lib.rs".to_owned(),
            is_dir: false,
            size: 3,
            bytes: Some(b"x;\n".to_vec()),
        }],
        outside_workspace: false,
    });
    assert_eq!(folder.label, "src/");
    assert!(folder.text.contains("File: src/lib.rs\n```\n1 | x;\n```"));
}

#[test]
fn mentions_read_from_json_in_the_shape_the_shell_sends() {
    let content: MentionContent = serde_json::from_value(serde_json::json!({
        "kind": "file", "path": "a.txt", "bytes": [104, 105], "sizeOnDisk": 2
    }))
    .unwrap();
    assert_eq!(resolve(&content).text, "File: a.txt\n```\n1 | hi\n```");
    let content: MentionContent = serde_json::from_value(serde_json::json!({
        "kind": "problems",
        "problems": [{"path": "a.rs", "line": 1, "column": 2, "severity": "error", "message": "m"}]
    }))
    .unwrap();
    assert!(resolve(&content).text.contains("1:2 error: m"));
}

#[test]
fn errors_serialize_with_their_kind() {
    assert_eq!(
        serde_json::to_value(AttachmentError::NoChanges).unwrap(),
        serde_json::json!({"kind": "noChanges"})
    );
    assert_eq!(
        serde_json::to_value(AttachmentError::InvalidSelection {
            label: "a".into(),
            start_line: 2,
            end_line: 1
        })
        .unwrap(),
        serde_json::json!({"kind": "invalidSelection", "label": "a", "startLine": 2, "endLine": 1})
    );
}
