//! A table of cases following gitignore(5), plus nested files and re-inclusion.

use super::*;

fn rules(text: &str) -> IgnoreRules {
    IgnoreRules::new(&[IgnoreFile {
        folder: String::new(),
        text: text.to_owned(),
    }])
}

/// Each row: the ignore file, the path, whether it is a directory, and whether git ignores it.
const ROOT_CASES: &[(&str, &str, bool, bool)] = &[
    // A name without a slash matches at any depth, files and directories alike.
    ("hello.*", "hello.txt", false, true),
    ("hello.*", "a/b/hello.c", false, true),
    ("hello.*", "hello", false, false),
    ("build", "build", true, true),
    ("build", "src/build", false, true),
    // A leading slash anchors to the file's folder.
    ("/hello.*", "hello.txt", false, true),
    ("/hello.*", "a/hello.java", false, false),
    // A slash in the middle anchors too.
    ("doc/frotz/", "doc/frotz", true, true),
    ("doc/frotz/", "a/doc/frotz", true, false),
    ("doc/frotz", "doc/frotz", false, true),
    // A trailing slash matches only directories, and what is inside them.
    ("frotz/", "frotz", true, true),
    ("frotz/", "a/frotz", true, true),
    ("frotz/", "frotz", false, false),
    ("frotz/", "frotz/file", false, true),
    // `*` does not cross a slash, but a file in a matched directory is ignored with it.
    ("foo/*", "foo/test.json", false, true),
    ("foo/*", "foo/bar", true, true),
    ("foo/*", "foo", true, false),
    ("foo/*", "foo/bar/hello.c", false, true),
    ("src/*.rs", "src/a/main.rs", false, false),
    // `**`.
    ("**/foo", "foo", false, true),
    ("**/foo", "a/b/foo", true, true),
    ("**/foo/bar", "x/foo/bar", false, true),
    ("**/foo/bar", "foo/bar", false, true),
    ("abc/**", "abc/x", false, true),
    ("abc/**", "abc/x/y", false, true),
    ("abc/**", "abc", true, false),
    ("a/**/b", "a/b", false, true),
    ("a/**/b", "a/x/b", false, true),
    ("a/**/b", "a/x/y/b", false, true),
    ("a/**/b", "a/x/y/c", false, false),
    ("a/**b", "a/xb", false, true),
    ("a/**b", "a/x/b", false, false),
    // `?` and classes.
    ("?.rs", "a.rs", false, true),
    ("?.rs", "ab.rs", false, false),
    ("[abc].txt", "b.txt", false, true),
    ("[!abc].txt", "b.txt", false, false),
    ("log[0-9].txt", "x/log7.txt", false, true),
    // Comments, escapes and trailing spaces.
    ("# comment", "# comment", false, false),
    ("\\#file", "#file", false, true),
    ("\\!important", "!important", false, true),
    ("foo   ", "foo", false, true),
    ("foo\\ ", "foo ", false, true),
    ("foo\\ ", "foo", false, false),
    ("foo\r", "foo", false, true),
    // Blank and slash-only lines match nothing.
    ("", "anything", false, false),
    ("/", "anything", true, false),
    // Negation: the last match wins.
    ("*.log\n!keep.log", "keep.log", false, false),
    ("*.log\n!keep.log", "other.log", false, true),
    ("!keep.log\n*.log", "keep.log", false, true),
    // A file in an excluded directory cannot be re-included...
    ("build/\n!build/keep.txt", "build/keep.txt", false, true),
    ("build\n!build/keep.txt", "build/keep.txt", false, true),
    // ...but a directory's contents excluded by a glob can be.
    ("build/*\n!build/keep.txt", "build/keep.txt", false, false),
    // The documentation's example: everything except foo/bar.
    ("/*\n!/foo\n/foo/*\n!/foo/bar", "foo/bar", true, false),
    ("/*\n!/foo\n/foo/*\n!/foo/bar", "foo/bar/x.rs", false, false),
    ("/*\n!/foo\n/foo/*\n!/foo/bar", "foo/baz", false, true),
    ("/*\n!/foo\n/foo/*\n!/foo/bar", "other.txt", false, true),
    // An unclosed class never matches.
    ("[abc", "[abc", false, false),
];

#[test]
fn patterns_follow_gitignore() {
    for (text, path, is_dir, ignored) in ROOT_CASES {
        assert_eq!(
            rules(text).is_ignored(path, *is_dir),
            *ignored,
            "pattern {text:?} on {path:?} (dir: {is_dir})"
        );
    }
}

#[test]
fn paths_are_normalised_and_the_root_is_never_ignored() {
    let rules = rules("*");
    assert!(!rules.is_ignored("", true));
    assert!(!rules.is_ignored(".", true));
    assert!(rules.is_ignored("./a.txt", false));
    assert!(rules.is_ignored("src/", true));
}

#[test]
fn matching_is_case_sensitive() {
    assert!(!rules("*.LOG").is_ignored("a.log", false));
}

fn nested() -> IgnoreRules {
    IgnoreRules::new(&[
        IgnoreFile {
            folder: "sub".to_owned(),
            text: "*.tmp\n!keep.log\n/build\n".to_owned(),
        },
        IgnoreFile {
            folder: String::new(),
            text: "*.log\n".to_owned(),
        },
        IgnoreFile {
            folder: String::new(),
            text: "!root.log\n".to_owned(),
        },
    ])
}

#[test]
fn a_nested_file_applies_inside_its_folder_only() {
    let rules = nested();
    assert!(rules.is_ignored("sub/x.tmp", false));
    assert!(rules.is_ignored("sub/deeper/y.tmp", false));
    assert!(!rules.is_ignored("x.tmp", false));
    assert!(!rules.is_ignored("subway/x.tmp", false));
    // Anchored to its own folder.
    assert!(rules.is_ignored("sub/build", true));
    assert!(!rules.is_ignored("sub/x/build", true));
    assert!(!rules.is_ignored("build", true));
}

#[test]
fn deeper_files_override_shallower_and_later_files_override_earlier() {
    let rules = nested();
    assert!(!rules.is_ignored("sub/keep.log", false));
    assert!(rules.is_ignored("keep.log", false));
    assert!(rules.is_ignored("sub/other.log", false));
    // The second root file (a .rooignore after the .gitignore) re-includes.
    assert!(!rules.is_ignored("root.log", false));
}

#[test]
fn a_nested_file_cannot_re_include_inside_an_excluded_directory() {
    let rules = IgnoreRules::new(&[
        IgnoreFile {
            folder: String::new(),
            text: "vendor/\n".to_owned(),
        },
        IgnoreFile {
            folder: "vendor".to_owned(),
            text: "!*\n".to_owned(),
        },
    ]);
    assert!(rules.is_ignored("vendor/lib.rs", false));
}

#[test]
fn no_files_ignore_nothing() {
    assert!(!IgnoreRules::new(&[]).is_ignored("a/b/c", false));
}
