//! The block syntax, the exactly-once rule, all-or-nothing, and line endings.

use super::*;

fn block(search: &str, replace: &str) -> String {
    format!("<<<<<<< SEARCH\n{search}\n=======\n{replace}\n>>>>>>> REPLACE\n")
}

const FILE: &str = "fn main() {\n    let a = 1;\n    println!(\"{a}\");\n}\n";

#[test]
fn one_block_replaces_its_lines() {
    let diff = block("    let a = 1;", "    let a = 2;\n    let b = 3;");
    assert_eq!(
        apply_diff(FILE, &diff).unwrap(),
        "fn main() {\n    let a = 2;\n    let b = 3;\n    println!(\"{a}\");\n}\n"
    );
}

#[test]
fn blocks_apply_in_order_and_an_empty_replace_deletes() {
    let diff = format!(
        "```diff\n{}\n{}```\n",
        block("    let a = 1;", "    let a = 5;"),
        "<<<<<<< SEARCH\n    let a = 5;\n    println!(\"{a}\");\n=======\n>>>>>>> REPLACE\n"
    );
    assert_eq!(apply_diff(FILE, &diff).unwrap(), "fn main() {\n}\n");
}

#[test]
fn crlf_files_stay_crlf_and_mixed_endings_are_kept() {
    let crlf = FILE.replace('\n', "\r\n");
    let diff = block("    let a = 1;", "    let a = 2;\n    let b = 3;");
    assert_eq!(
        apply_diff(&crlf, &diff).unwrap(),
        "fn main() {\r\n    let a = 2;\r\n    let b = 3;\r\n    println!(\"{a}\");\r\n}\r\n"
    );
    // A diff written with CRLF matches a LF file just the same.
    let crlf_diff = diff.replace('\n', "\r\n");
    assert_eq!(
        apply_diff(FILE, &crlf_diff).unwrap(),
        apply_diff(FILE, &diff).unwrap()
    );
    let mixed = "a\r\nb\nc";
    assert_eq!(
        apply_diff(mixed, &block("c", "C\nD")).unwrap(),
        "a\r\nb\nC\nD"
    );
    assert_eq!(apply_diff(mixed, &block("a", "A")).unwrap(), "A\r\nb\nc");
    assert_eq!(apply_diff("only", &block("only", "x\ny")).unwrap(), "x\ny");
    assert_eq!(
        apply_diff("a\r\nb", &block("a\nb", "x\ny")).unwrap(),
        "x\r\ny"
    );
}

#[test]
fn no_match_says_where_it_nearly_matched() {
    let indented = apply_diff(FILE, &block("let a = 1;\nprintln!(\"{a}\");", "x")).unwrap_err();
    assert_eq!(indented, DiffError::NoMatch { block: 1, hint: Some("It would match lines 2-3 if whitespace were ignored: copy their indentation and spacing exactly.".into()) });
    let typo = apply_diff(FILE, &block("    let a = 11;", "x")).unwrap_err();
    let text = typo.to_string();
    assert!(text.contains("matches nothing"), "{text}");
    assert!(text.contains("line 2: `let a = 1;`"), "{text}");
    let unrelated = apply_diff(FILE, &block("zzzz qqqq", "x")).unwrap_err();
    assert_eq!(
        unrelated,
        DiffError::NoMatch {
            block: 1,
            hint: None
        }
    );
}

#[test]
fn several_matches_list_their_lines_and_nothing_changes() {
    let file = "x\ny\nx\ny\nx\n";
    let error = apply_diff(file, &block("x", "z")).unwrap_err();
    assert_eq!(
        error,
        DiffError::SeveralMatches {
            block: 1,
            lines: vec![1, 3, 5]
        }
    );
    assert!(
        error
            .to_string()
            .contains("matches 3 places (starting at lines 1, 3, 5)")
    );
    // The first block would apply, the second cannot: all or none.
    let diff = format!("{}{}", block("y\nx\ny", "w"), block("q", "r"));
    assert_eq!(
        apply_diff(file, &diff).unwrap_err(),
        DiffError::NoMatch {
            block: 2,
            hint: None
        }
    );
}

#[test]
fn malformed_diffs_name_the_line() {
    assert_eq!(
        apply_diff(FILE, "just text"),
        Err(DiffError::Syntax {
            line: 1,
            problem: "text outside a search/replace block"
        })
    );
    assert_eq!(apply_diff(FILE, ""), Err(DiffError::NoBlocks));
    assert_eq!(apply_diff(FILE, "\n```\n"), Err(DiffError::NoBlocks));
    assert!(matches!(
        apply_diff(FILE, "<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n"),
        Err(DiffError::Syntax { line: 3, .. })
    ));
    assert!(matches!(
        apply_diff(FILE, "<<<<<<< SEARCH\na\n=======\nb\n"),
        Err(DiffError::Syntax {
            problem: "the diff ends inside a block (missing `>>>>>>> REPLACE`)",
            ..
        })
    ));
    assert!(matches!(
        apply_diff(FILE, "=======\n"),
        Err(DiffError::Syntax { line: 1, .. })
    ));
    assert_eq!(
        apply_diff(FILE, &block("", "x")),
        Err(DiffError::EmptySearch { block: 1 })
    );
}

#[test]
fn roo_start_line_hints_are_accepted() {
    let diff = "<<<<<<< SEARCH\n:start_line:2\n-------\n    let a = 1;\n=======\n    let a = 9;\n>>>>>>> REPLACE";
    assert!(apply_diff(FILE, diff).unwrap().contains("let a = 9;"));
}

#[test]
fn a_replace_part_may_hold_a_separator_line() {
    let diff = block("}", "}\n=======");
    assert!(apply_diff(FILE, &diff).unwrap().ends_with("}\n=======\n"));
}

#[test]
fn the_last_line_without_a_newline_stays_without_one() {
    assert_eq!(apply_diff("a\nb", &block("b", "c")).unwrap(), "a\nc");
    assert_eq!(apply_diff("a\nb", &block("a\nb", "c\nd")).unwrap(), "c\nd");
}

#[test]
fn the_result_value_carries_the_new_text_or_the_model_s_sentence() {
    let diff = block("    let a = 1;", "    let a = 2;");
    assert_eq!(
        apply_diff_result(FILE, &diff),
        DiffApplied::Applied {
            text: FILE.replace("a = 1", "a = 2")
        }
    );
    let missing = block("    let z = 1;", "    let z = 2;");
    match apply_diff_result(FILE, &missing) {
        DiffApplied::Failed { reason } => {
            assert!(
                reason.starts_with("Block 1's SEARCH part matches nothing"),
                "{reason}"
            );
        }
        applied => panic!("expected a failure, got {applied:?}"),
    }
}
