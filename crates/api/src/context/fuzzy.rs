//! Fuzzy matching of a query against one path, for the @-mention picker.
//!
//! The query's characters must appear in the path in order, ignoring case. Among all the ways
//! they can, the best-scoring one is found by dynamic programming over (query character, path
//! position), as fzf's second algorithm does: each matched character scores [`MATCH`], plus a
//! bonus where it starts a path segment (after `/`, [`SEGMENT_START`]), a word (after `_`, `-`,
//! `.` or a space, [`WORD_START`]; a camelCase hump or a digit after a non-digit,
//! [`CAMEL_START`]), and lies in the file name rather than its folders ([`BASENAME`]). A character
//! that directly follows the previous match scores at least [`CONSECUTIVE`] and at least the
//! bonus its run started with, so "util" typed in one go prefers a whole `util` at a segment
//! start over `u`…`til` found in two words. A gap between matched characters costs
//! [`GAP_START`] plus [`GAP_EXTENSION`] for each further skipped character; characters before the
//! first match cost nothing, so a deep path is not punished for its depth (shorter paths win
//! ties instead, in the caller).
//!
//! A 64-bit mask of the characters a path holds lets the caller reject most paths with one AND
//! before any of this runs.

use super::fuzzy_rows::{RollingRows, basename_start, bonus_at};

pub(crate) const MATCH: i32 = 16;
pub(crate) const SEGMENT_START: i32 = 10;
pub(crate) const WORD_START: i32 = 8;
pub(crate) const CAMEL_START: i32 = 7;
pub(crate) const CONSECUTIVE: i32 = 8;
pub(crate) const BASENAME: i32 = 2;
pub(crate) const GAP_START: i32 = 5;
pub(crate) const GAP_EXTENSION: i32 = 1;

/// A score no match reaches, far enough from `i32::MIN` that subtracting penalties is safe.
pub(crate) const NONE: i32 = i32::MIN / 2;

/// A character as matching compares it: lower case (the first character of its lower case, so
/// each path character stays one character).
pub(crate) fn fold(character: char) -> char {
    if character.is_ascii() {
        character.to_ascii_lowercase()
    } else {
        character.to_lowercase().next().unwrap_or(character)
    }
}

/// The bit of the mask a folded character sets: letters and digits their own, common path
/// punctuation its own, other ASCII shared by residue, anything else one bit.
fn mask_bit(character: char) -> u64 {
    let bit = match character {
        'a'..='z' => u32::from(character) - u32::from('a'),
        '0'..='9' => 26 + u32::from(character) - u32::from('0'),
        '/' => 36,
        '.' => 37,
        '_' => 38,
        '-' => 39,
        ' ' => 40,
        _ if character.is_ascii() => 41 + u32::from(character) % 22,
        _ => 63,
    };
    1 << bit
}

/// The mask of the folded characters of `text`.
pub(crate) fn char_mask(text: &str) -> u64 {
    text.chars()
        .fold(0, |mask, character| mask | mask_bit(fold(character)))
}

/// A query, ready to match: folded, without white space, backslashes read as `/`.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub chars: Vec<char>,
    pub mask: u64,
}

impl Query {
    pub(crate) fn new(text: &str) -> Self {
        let chars: Vec<char> = text
            .chars()
            .filter(|character| !character.is_whitespace())
            .map(|character| {
                if character == '\\' {
                    '/'
                } else {
                    fold(character)
                }
            })
            .collect();
        let mask = chars
            .iter()
            .fold(0, |mask, &character| mask | mask_bit(character));
        Self { chars, mask }
    }

    /// Whether the folded characters of `path` contain the query in order.
    #[cfg(test)]
    pub(crate) fn is_subsequence_of(&self, path: &str) -> bool {
        let mut wanted = self.chars.iter();
        let mut next = wanted.next();
        for character in path.chars() {
            match next {
                None => return true,
                Some(&want) if fold(character) == want => next = wanted.next(),
                Some(_) => {}
            }
        }
        next.is_none()
    }
}

/// Reusable buffers, so scoring many paths allocates nothing per path.
#[derive(Debug, Default)]
pub(crate) struct Scorer {
    original: Vec<char>,
    folded: Vec<char>,
    /// Each position's segment, word or camel bonus.
    bonus: Vec<i32>,
    /// Where the file name starts.
    basename_start: usize,
    /// The best score of matching the query up to a row with its character at a position,
    /// row after row.
    scores: Vec<i32>,
    /// The bonus the cell's character was credited with, which a run after it inherits.
    credited: Vec<i32>,
    /// The position the previous query character was matched at on the cell's best path.
    back: Vec<u32>,
    /// The two-row scorer behind [`Scorer::score`].
    rows: RollingRows,
}

impl Scorer {
    /// The best score of `query` in `path`, or `None` when it does not match. This is the hot
    /// path: ASCII paths are read as bytes, and two rows are kept instead of the whole table.
    pub(crate) fn score(&mut self, query: &Query, path: &str) -> Option<i32> {
        if query.chars.is_empty() {
            return None;
        }
        if path.is_ascii() {
            self.rows.score(&query.chars, path.as_bytes())
        } else {
            let mut characters = std::mem::take(&mut self.original);
            characters.clear();
            characters.extend(path.chars());
            let score = self.rows.score(&query.chars, characters.as_slice());
            self.original = characters;
            score
        }
    }

    /// The best score and the char positions of the matched characters.
    pub(crate) fn score_with_positions(
        &mut self,
        query: &Query,
        path: &str,
    ) -> Option<(i32, Vec<usize>)> {
        self.run(query, path)?;
        let rows = query.chars.len();
        let (mut position, score) = self.best(rows);
        let width = self.folded.len();
        let mut positions = vec![0; rows];
        for row in (0..rows).rev() {
            positions[row] = position;
            position = self.back[row * width + position] as usize;
        }
        Some((score, positions))
    }

    /// The position and score of the best match of the last row.
    fn best(&self, rows: usize) -> (usize, i32) {
        let width = self.folded.len();
        let last = &self.scores[(rows - 1) * width..rows * width];
        // The first best position: the earliest end of an equally good match.
        let mut best = (0, NONE);
        for (position, &score) in last.iter().enumerate() {
            if score > best.1 {
                best = (position, score);
            }
        }
        best
    }

    /// Fills the score rows for `query` against `path`; `None` when it does not match.
    fn run(&mut self, query: &Query, path: &str) -> Option<()> {
        if query.chars.is_empty() {
            return None;
        }
        self.original.clear();
        self.original.extend(path.chars());
        self.folded.clear();
        self.folded
            .extend(self.original.iter().map(|&character| fold(character)));
        let (width, rows) = (self.folded.len(), query.chars.len());
        if width < rows {
            return None;
        }
        self.fill_bonus();
        for buffer in [&mut self.scores, &mut self.credited] {
            buffer.clear();
            buffer.resize(width * rows, NONE);
        }
        self.back.clear();
        self.back.resize(width * rows, 0);
        for (row, &wanted) in query.chars.iter().enumerate() {
            if !self.fill_row(row, wanted) {
                return None;
            }
        }
        Some(())
    }

    /// Fills one row; false when its character matches nowhere after the previous row's.
    fn fill_row(&mut self, row: usize, wanted: char) -> bool {
        let width = self.folded.len();
        let (done, rest) = self.scores.split_at_mut(row * width);
        let (credited_done, credited_rest) = self.credited.split_at_mut(row * width);
        let previous = (row > 0).then(|| {
            (
                &done[(row - 1) * width..],
                &credited_done[(row - 1) * width..],
            )
        });
        let (scores, credited) = (&mut rest[..width], &mut credited_rest[..width]);
        let back = &mut self.back[row * width..(row + 1) * width];
        // The best previous-row score reachable with a gap, less the gap's cost so far, and
        // where it was.
        let mut gap = (NONE, 0usize);
        let mut any = false;
        for position in row..width {
            if let (Some((previous, _)), true) = (previous, position >= 2) {
                let extended = gap.0 - GAP_EXTENSION;
                let started = previous[position - 2] - GAP_START;
                gap = if started >= extended {
                    (started, position - 2)
                } else {
                    (extended, gap.1)
                };
            }
            if self.folded[position] != wanted {
                continue;
            }
            let own = self.bonus[position];
            let base = MATCH
                + if position >= self.basename_start {
                    BASENAME
                } else {
                    0
                };
            let (from_gap, gap_from) = match previous {
                None => (0, position),
                Some(_) => gap,
            };
            let mut best = (from_gap + own, own, gap_from);
            if let Some((previous, previous_credited)) = previous {
                let run = previous[position - 1];
                let inherited = own.max(CONSECUTIVE).max(previous_credited[position - 1]);
                if run > NONE / 2 && run + inherited > best.0 {
                    best = (run + inherited, inherited, position - 1);
                }
            }
            if best.0 <= NONE / 2 {
                continue;
            }
            scores[position] = best.0 + base;
            credited[position] = best.1;
            back[position] = best.2 as u32;
            any = true;
        }
        any
    }

    /// The bonus of each position of the path, and where its file name starts.
    fn fill_bonus(&mut self) {
        let text = self.original.as_slice();
        self.basename_start = basename_start(text);
        self.bonus.clear();
        self.bonus
            .extend((0..text.len()).map(|position| bonus_at(text, position)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(query: &str, path: &str) -> Option<i32> {
        Scorer::default().score(&Query::new(query), path)
    }

    fn positions(query: &str, path: &str) -> Vec<usize> {
        Scorer::default()
            .score_with_positions(&Query::new(query), path)
            .unwrap()
            .1
    }

    #[test]
    fn the_query_must_appear_in_order_ignoring_case() {
        assert!(score("mr", "src/Main.rs").is_some());
        assert!(score("MAIN", "src/main.rs").is_some());
        assert!(score("rm", "src/main.r").is_some());
        assert_eq!(score("zz", "src/main.rs"), None);
        assert_eq!(score("main.rsx", "src/main.rs"), None);
        assert_eq!(score("", "src/main.rs"), None);
    }

    #[test]
    fn a_consecutive_run_at_a_segment_start_beats_scattered_letters() {
        assert!(score("main", "src/main.rs") > score("main", "src/my_animation.rs"));
        assert!(score("lib", "crates/api/src/lib.rs") > score("lib", "a/l/i/b.rs"));
    }

    #[test]
    fn word_and_camel_starts_score() {
        assert!(score("ab", "a_b") > score("ab", "axb"));
        assert!(score("fb", "fooBar") > score("fb", "foobar"));
        assert!(score("pi", "path_index.rs") > score("pi", "papi.rs"));
    }

    #[test]
    fn a_whole_run_beats_the_query_split_across_words() {
        assert!(score("util", "util/index.ts") > score("util", "docs/unit_tilde.md"));
    }

    #[test]
    fn the_file_name_beats_a_folder_of_the_same_name() {
        assert!(score("util", "src/util.rs") > score("util", "util/index.rs"));
        // A folder's trailing slash does not hide its name.
        assert_eq!(basename_start("src/context/".as_bytes()), 4);
        assert_eq!(basename_start("main.rs".as_bytes()), 0);
    }

    #[test]
    fn positions_are_those_of_the_best_alignment() {
        assert_eq!(positions("main", "src/main.rs"), [4, 5, 6, 7]);
        // The later, whole-word "rs" beats the scattered one in "src".
        assert_eq!(positions("rs", "src/main.rs"), [9, 10]);
        assert_eq!(positions("sm", "src/main.rs"), [0, 4]);
        assert_eq!(positions("ctxat", "context/attachment.rs"), [0, 3, 5, 8, 9]);
    }

    #[test]
    fn the_reported_score_is_the_sum_along_the_positions() {
        // "ab" in "xa_b": a at 1 (no bonus, in the name), b at 3 (word start) after a gap of 1.
        let expected = (MATCH + BASENAME) + (MATCH + WORD_START + BASENAME - GAP_START);
        assert_eq!(score("ab", "xa_b"), Some(expected));
        // "abc" in "d/abc": a run that starts a segment credits every character of it.
        let expected = 3 * (MATCH + SEGMENT_START + BASENAME);
        assert_eq!(score("abc", "d/abc"), Some(expected));
        // A gap of three costs the start and two extensions.
        let expected = 2 * (MATCH + BASENAME) + SEGMENT_START - GAP_START - 2 * GAP_EXTENSION;
        assert_eq!(score("ab", "axxxb"), Some(expected));
    }

    #[test]
    fn masks_reject_paths_missing_a_character() {
        let query = Query::new("Zq");
        assert_ne!(query.mask & !char_mask("src/main.rs"), 0);
        assert_eq!(query.mask & !char_mask("quiz/zebra"), 0);
        assert_eq!(Query::new("a b\\c").chars, ['a', 'b', '/', 'c']);
    }

    #[test]
    fn non_ascii_characters_fold_and_match() {
        assert!(score("é", "docs/É.md").is_some());
        assert_eq!(positions("日本", "docs/日本語.md"), [5, 6]);
    }

    proptest::proptest! {
        #[test]
        fn the_fast_score_equals_the_full_table(
            path in "[a-cA-C/._0-9é]{0,24}",
            query in "[a-c/.é0-9]{1,5}",
        ) {
            let query = Query::new(&query);
            let mut scorer = Scorer::default();
            let fast = scorer.score(&query, &path);
            let full = scorer.score_with_positions(&query, &path).map(|(score, _)| score);
            proptest::prop_assert_eq!(fast, full);
            proptest::prop_assert_eq!(fast.is_some(), query.is_subsequence_of(&path));
        }
    }
}
