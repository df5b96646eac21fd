//! Tests of the path index: ranking, the empty query, changes, and the positions it reports.

use super::*;

fn index(paths: &[&str]) -> PathIndex {
    PathIndex::new(paths.iter().map(|path| (*path).to_owned()))
}

fn paths(matches: &[PathMatch]) -> Vec<&str> {
    matches.iter().map(|found| found.path.as_str()).collect()
}

#[test]
fn the_file_name_ranks_above_folders_and_scattered_letters() {
    let index = index(&[
        "util/index.ts",
        "src/utils/helpers.ts",
        "src/util.ts",
        "docs/unit_tilde.md",
        "README.md",
    ]);
    let found = index.search("util", 10);
    assert_eq!(
        paths(&found),
        [
            "src/util.ts",
            "util/index.ts",
            "src/utils/helpers.ts",
            "docs/unit_tilde.md"
        ]
    );
    assert!(found.windows(2).all(|pair| pair[0].score >= pair[1].score));
}

#[test]
fn shorter_paths_win_ties_then_the_path_decides() {
    let index = index(&["b/main.rs", "aa/main.rs", "a/main.rs"]);
    assert_eq!(
        paths(&index.search("main.rs", 10)),
        ["a/main.rs", "b/main.rs", "aa/main.rs"]
    );
}

#[test]
fn matching_ignores_case_and_spaces_and_reads_backslashes_as_slashes() {
    let index = index(&["src/Context/PathIndex.rs", "src/other.rs"]);
    assert_eq!(
        paths(&index.search("PATHINDEX", 10)),
        ["src/Context/PathIndex.rs"]
    );
    assert_eq!(
        paths(&index.search("path index", 10)),
        ["src/Context/PathIndex.rs"]
    );
    assert_eq!(
        paths(&index.search("context\\path", 10)),
        ["src/Context/PathIndex.rs"]
    );
    assert!(index.search("xyz", 10).is_empty());
}

#[test]
fn matched_indices_point_at_the_matched_characters() {
    let index = index(&["src/main.rs"]);
    let found = &index.search("main", 1)[0];
    assert_eq!(found.matched_indices, [4, 5, 6, 7]);
}

#[test]
fn matched_indices_are_utf16_offsets() {
    // "😀" is two UTF-16 code units, so "a" after it is at 3, not 2.
    let index = index(&["😀/a.md"]);
    assert_eq!(index.search("a", 1)[0].matched_indices, [3]);
    assert_eq!(utf16_indices("é/b", &[0, 2]), [0, 2]);
    assert_eq!(utf16_indices("😀😀b", &[2]), [4]);
}

#[test]
fn the_limit_keeps_the_best() {
    let many: Vec<String> = (0..50).map(|n| format!("dir{n}/file.rs")).collect();
    let mut index = PathIndex::new(many);
    index.add("file.rs".to_owned());
    let found = index.search("file", 3);
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].path, "file.rs");
    assert!(index.search("file", 0).is_empty());
}

#[test]
fn an_empty_query_lists_recent_paths_then_the_shortest() {
    let mut index = index(&["src/deep/nested/file.rs", "b.rs", "a.rs", "src/lib.rs"]);
    assert_eq!(paths(&index.search("", 3)), ["a.rs", "b.rs", "src/lib.rs"]);
    index.set_recent(vec![
        "src/deep/nested/file.rs".to_owned(),
        "gone.rs".to_owned(),
        "b.rs".to_owned(),
        "src/deep/nested/file.rs".to_owned(),
    ]);
    assert_eq!(
        paths(&index.search("  ", 3)),
        ["src/deep/nested/file.rs", "b.rs", "a.rs"]
    );
    assert_eq!(paths(&index.search("", 1)), ["src/deep/nested/file.rs"]);
    assert!(index.search("", 10).iter().all(|found| found.score == 0));
}

#[test]
fn add_and_remove_keep_the_index_consistent() {
    let mut index = index(&["a.rs", "b.rs", "c.rs"]);
    assert!(!index.add("a.rs".to_owned()));
    assert_eq!(index.len(), 3);
    assert!(index.remove("a.rs"));
    assert!(!index.remove("a.rs"));
    // The path swapped into the removed slot is still found and removable.
    assert_eq!(paths(&index.search("c.rs", 5)), ["c.rs"]);
    assert!(index.remove("c.rs"));
    assert_eq!(paths(&index.search(".rs", 5)), ["b.rs"]);
    assert!(index.add("a.rs".to_owned()));
    assert_eq!(paths(&index.search("", 5)), ["a.rs", "b.rs"]);
    assert!(index.remove("a.rs") && index.remove("b.rs"));
    assert!(index.is_empty());
}

#[test]
fn folders_are_found_by_their_name() {
    let index = index(&["src/context/", "src/context/mod.rs", "src/contexts.ts"]);
    assert_eq!(paths(&index.search("context", 1)), ["src/context/"]);
}

proptest::proptest! {
    #[test]
    fn every_result_contains_the_query_in_order_at_its_indices(
        paths in proptest::collection::vec("[a-cA-C/._]{1,12}", 1..40),
        query in "[a-c/.]{1,4}",
    ) {
        let index = PathIndex::new(paths.clone());
        let found = index.search(&query, 100);
        let wanted: Vec<char> = query.chars().collect();
        for result in &found {
            let characters: Vec<char> = result.path.chars().collect();
            let at: Vec<char> = result
                .matched_indices
                .iter()
                .map(|&index| characters[index as usize].to_ascii_lowercase())
                .collect();
            proptest::prop_assert_eq!(&at, &wanted);
            proptest::prop_assert!(result.matched_indices.windows(2).all(|pair| pair[0] < pair[1]));
        }
        // Every path that contains the query in order is found.
        let expected = paths
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .filter(|path| Query::new(&query).is_subsequence_of(path))
            .count();
        proptest::prop_assert_eq!(found.len(), expected);
    }
}
