//! Tests of the edit preview: context and collapsed runs, line numbers, line endings, new files,
//! identical texts and the cap on large rewrites.

use super::*;

/// The preview's lines as `kind old new text` strings, easy to compare.
fn shown(preview: &EditPreview) -> Vec<String> {
    preview
        .lines
        .iter()
        .map(|line| {
            let kind = match line.kind {
                DiffLineKind::Context => ' ',
                DiffLineKind::Added => '+',
                DiffLineKind::Removed => '-',
                DiffLineKind::Skipped => '~',
            };
            let side = |number: Option<u32>| number.map_or("_".to_owned(), |n| n.to_string());
            format!(
                "{kind}{} {} {}",
                side(line.old_line),
                side(line.new_line),
                line.text
            )
        })
        .collect()
}

fn numbered(count: usize) -> String {
    (1..=count).map(|line| format!("line {line}\n")).collect()
}

#[test]
fn a_change_shows_three_lines_around_it_and_collapses_the_rest() {
    let before = numbered(20);
    let after = before.replace("line 10\n", "line ten\n");
    let preview = edit_preview("src/a.txt", Some(&before), &after);
    assert_eq!(
        (preview.added, preview.removed, preview.creates),
        (1, 1, false)
    );
    assert_eq!(preview.path, "src/a.txt");
    assert_eq!(
        shown(&preview),
        [
            "~_ _ 6 unchanged lines",
            " 7 7 line 7",
            " 8 8 line 8",
            " 9 9 line 9",
            "-10 _ line 10",
            "+_ 10 line ten",
            " 11 11 line 11",
            " 12 12 line 12",
            " 13 13 line 13",
            "~_ _ 7 unchanged lines",
        ]
    );
}

#[test]
fn numbers_follow_each_side_and_a_single_hidden_line_is_shown() {
    // Two changes with seven lines between them: the one line past both contexts is shown.
    let before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    let after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\n";
    let preview = edit_preview("x", Some(before), after);
    assert_eq!((preview.added, preview.removed), (3, 2));
    assert_eq!(
        shown(&preview),
        [
            " 1 1 a", "-2 _ b", "+_ 2 B", " 3 3 c", " 4 4 d", " 5 5 e", " 6 6 f", " 7 7 g",
            " 8 8 h", " 9 9 i", "-10 _ j", "+_ 10 J", "+_ 11 k",
        ]
    );
}

#[test]
fn crlf_lines_compare_without_their_carriage_returns() {
    let before = "one\r\ntwo\r\nthree\r\n";
    let after = "one\ntwo\nTHREE\n";
    let preview = edit_preview("w.txt", Some(before), after);
    assert_eq!((preview.added, preview.removed), (1, 1));
    assert_eq!(
        shown(&preview),
        [" 1 1 one", " 2 2 two", "-3 _ three", "+_ 3 THREE"]
    );
}

#[test]
fn a_final_line_break_added_shows_the_line_changed_with_a_note() {
    let preview = edit_preview("n.txt", Some("a\nb"), "a\nb\n");
    assert_eq!((preview.added, preview.removed), (1, 1));
    assert_eq!(
        shown(&preview),
        [
            " 1 1 a",
            "-2 _ b",
            &format!("~_ _ {NO_FINAL_LINE_BREAK}"),
            "+_ 2 b",
        ]
    );
    // Both sides without the break: changing the last line needs no note.
    let both = edit_preview("n.txt", Some("a\nb"), "a\nc");
    assert!(shown(&both).iter().all(|line| !line.contains("line break")));
}

#[test]
fn a_new_file_is_all_added_and_identical_texts_show_nothing() {
    let preview = edit_preview("new.rs", None, "fn main() {}\n");
    assert!(preview.creates);
    assert_eq!((preview.added, preview.removed), (1, 0));
    assert_eq!(shown(&preview), ["+_ 1 fn main() {}"]);
    let empty_new = edit_preview("empty.txt", None, "");
    assert!(empty_new.creates && empty_new.lines.is_empty());
    let same = edit_preview("same.txt", Some("a\r\nb\r\n"), "a\r\nb\r\n");
    assert_eq!((same.added, same.removed, same.creates), (0, 0, false));
    assert!(same.lines.is_empty());
}

#[test]
fn a_large_rewrite_is_counted_whole_and_its_preview_capped_with_a_note() {
    let before = numbered(5_000);
    let after: String = (1..=5_000).map(|line| format!("new {line}\n")).collect();
    let preview = edit_preview("big.txt", Some(&before), &after);
    assert_eq!((preview.added, preview.removed), (5_000, 5_000));
    assert_eq!(preview.lines.len(), MAX_PREVIEW_LINES + 1);
    let note = preview.lines.last().unwrap();
    assert_eq!(note.kind, DiffLineKind::Skipped);
    assert_eq!(
        note.text,
        "The preview stops here: 8000 more changed lines are not shown."
    );
    // A few scattered edits in a 5,000-line file give a short preview.
    let scattered = before
        .replace("line 100\n", "line hundred\n")
        .replace("line 4000\n", "");
    let preview = edit_preview("big.txt", Some(&before), &scattered);
    assert_eq!((preview.added, preview.removed), (1, 2));
    assert_eq!(preview.lines.len(), 18);
}

#[test]
fn lines_found_on_one_side_only_still_diff_exactly() {
    let preview = edit_preview("m.txt", Some("a\nb\nc\nd\n"), "x\nb\ny\nd\nz\n");
    assert_eq!((preview.added, preview.removed), (3, 2));
    assert_eq!(
        shown(&preview),
        [
            "-1 _ a", "+_ 1 x", " 2 2 b", "-3 _ c", "+_ 3 y", " 4 4 d", "+_ 5 z"
        ]
    );
    // A moved line: the longest common run stays, the line is removed and added.
    let moved = edit_preview("m.txt", Some("a\nb\nc\n"), "c\na\nb\n");
    assert_eq!(shown(&moved), ["+_ 1 c", " 1 2 a", " 2 3 b", "-3 _ c"]);
}
