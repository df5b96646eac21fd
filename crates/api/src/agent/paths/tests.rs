//! A table of hostile and ordinary paths against the rules.

use super::*;
use crate::context::IgnoreFile;

const ROOT: &str = "/home/dev/project";

fn rooignore() -> IgnoreRules {
    IgnoreRules::new(&[IgnoreFile {
        folder: String::new(),
        text: "secrets/\n*.log\n!keep.log\n".into(),
    }])
}

fn resolve(raw: &str) -> Result<ToolPath, PathRefusal> {
    resolve_tool_path(raw, ROOT, &rooignore(), PathTarget::File)
}

#[test]
fn hostile_paths_are_refused() {
    let table: &[(&str, PathRefusal)] = &[
        ("../x", PathRefusal::OutsideWorkspace),
        ("a/../../b", PathRefusal::OutsideWorkspace),
        ("./../project/x", PathRefusal::OutsideWorkspace),
        ("/etc/passwd", PathRefusal::OutsideWorkspace),
        ("/home/dev/project-other/x", PathRefusal::OutsideWorkspace),
        ("/home/dev/project/../other", PathRefusal::OutsideWorkspace),
        ("/home/dev", PathRefusal::OutsideWorkspace),
        ("/", PathRefusal::OutsideWorkspace),
        ("//server/share", PathRefusal::OutsideWorkspace),
        ("C:/Windows/system32", PathRefusal::OutsideWorkspace),
        (".git/config", PathRefusal::GitFolder),
        (".git", PathRefusal::GitFolder),
        ("src/.git/HEAD", PathRefusal::GitFolder),
        (".GIT/config", PathRefusal::GitFolder),
        ("src/../.git/hooks/pre-commit", PathRefusal::GitFolder),
        ("/home/dev/project/.git/config", PathRefusal::GitFolder),
        ("C:\\x", PathRefusal::Backslash),
        ("\\\\server\\share", PathRefusal::Backslash),
        ("src\\..\\..\\x", PathRefusal::Backslash),
        ("%2e%2e/etc/passwd", PathRefusal::PercentEncoded),
        ("src%2F..%2F..%2Fx", PathRefusal::PercentEncoded),
        ("a%00.txt", PathRefusal::PercentEncoded),
        ("src/main.rs\0.txt", PathRefusal::ControlCharacter),
        ("src/\nmain.rs", PathRefusal::ControlCharacter),
        ("~/.ssh/id_rsa", PathRefusal::HomeDirectory),
        ("~root/x", PathRefusal::HomeDirectory),
        ("", PathRefusal::Empty),
        ("   ", PathRefusal::Empty),
        (
            "secrets/token.txt",
            PathRefusal::Ignored {
                relative: "secrets/token.txt".into(),
            },
        ),
        (
            "logs/../build.log",
            PathRefusal::Ignored {
                relative: "build.log".into(),
            },
        ),
    ];
    for (raw, refusal) in table {
        assert_eq!(resolve(raw).as_ref(), Err(refusal), "{raw:?}");
    }
}

#[test]
fn ordinary_paths_resolve_inside_the_workspace() {
    let table: &[(&str, &str, bool)] = &[
        ("src/main.rs", "src/main.rs", false),
        ("./src//lib.rs", "src/lib.rs", false),
        ("src/../README.md", "README.md", false),
        ("/home/dev/project/src/a.ts", "src/a.ts", false),
        (".", "", false),
        (".gitignore", ".gitignore", false),
        (
            ".github/workflows/ci.yml",
            ".github/workflows/ci.yml",
            false,
        ),
        ("keep.log", "keep.log", false),
        ("my%20file.txt", "my%20file.txt", false),
        ("  spaced.txt ", "spaced.txt", false),
        (".env.local", ".env.local", true),
        (".env", ".env", true),
        ("keys/server.pem", "keys/server.pem", true),
        ("deploy/id_rsa", "deploy/id_rsa", true),
        (".env.example", ".env.example", false),
    ];
    for (raw, relative, looks_secret) in table {
        let path = resolve(raw).unwrap_or_else(|error| panic!("{raw:?}: {error}"));
        assert_eq!(path.relative, *relative, "{raw:?}");
        assert_eq!(path.looks_secret, *looks_secret, "{raw:?}");
        let expected = if relative.is_empty() {
            ROOT.to_owned()
        } else {
            format!("{ROOT}/{relative}")
        };
        assert_eq!(path.absolute, expected, "{raw:?}");
    }
}

#[test]
fn folder_only_patterns_apply_to_folders() {
    let rules = rooignore();
    assert!(resolve_tool_path("secrets", ROOT, &rules, PathTarget::File).is_ok());
    assert!(resolve_tool_path("secrets", ROOT, &rules, PathTarget::Folder).is_err());
    assert!(resolve_tool_path("secrets", ROOT, &rules, PathTarget::FileOrFolder).is_err());
}

#[test]
fn windows_roots_compare_the_drive_letter_without_case() {
    let rules = IgnoreRules::default();
    let path = resolve_tool_path(
        "c:/work/app/src/x.rs",
        "C:/work/app",
        &rules,
        PathTarget::File,
    )
    .unwrap();
    assert_eq!(path.relative, "src/x.rs");
    assert_eq!(path.absolute, "C:/work/app/src/x.rs");
    assert_eq!(
        resolve_tool_path("C:/../work/app/x", "C:/work/app", &rules, PathTarget::File),
        Err(PathRefusal::OutsideWorkspace)
    );
    assert_eq!(
        resolve_tool_path("D:/work/app/x", "C:/work/app", &rules, PathTarget::File),
        Err(PathRefusal::OutsideWorkspace)
    );
}

#[test]
fn symlinks_are_judged_by_where_they_really_lead() {
    let rules = rooignore();
    let real_root = "/real/project";
    let inside = check_resolved(
        "/real/project/src/a.rs",
        real_root,
        &rules,
        PathTarget::File,
    );
    assert_eq!(inside.unwrap().relative, "src/a.rs");
    for (real, refusal) in [
        ("/etc/passwd", PathRefusal::OutsideWorkspace),
        ("/real/project-2/a", PathRefusal::OutsideWorkspace),
        ("/real/project/.git/config", PathRefusal::GitFolder),
        ("C:\\x", PathRefusal::OutsideWorkspace),
    ] {
        assert_eq!(
            check_resolved(real, real_root, &rules, PathTarget::File),
            Err(refusal),
            "{real}"
        );
    }
    assert!(matches!(
        check_resolved(
            "/real/project/secrets/k",
            real_root,
            &rules,
            PathTarget::File
        ),
        Err(PathRefusal::Ignored { .. })
    ));
    let secret = check_resolved("/real/project/.env", real_root, &rules, PathTarget::File);
    assert!(secret.unwrap().looks_secret, "a link to .env is a secret");
}

#[test]
fn every_refusal_tells_the_model_what_to_do() {
    for refusal in [
        PathRefusal::Empty,
        PathRefusal::ControlCharacter,
        PathRefusal::Backslash,
        PathRefusal::PercentEncoded,
        PathRefusal::HomeDirectory,
        PathRefusal::OutsideWorkspace,
        PathRefusal::GitFolder,
        PathRefusal::Ignored {
            relative: "a/b".into(),
        },
    ] {
        let text = refusal.to_string();
        assert!(text.len() > 40 && text.ends_with('.'), "{text}");
    }
}
