//! The hot path of [`super::fuzzy`]: the same score as its full table, computed with two rows
//! and only over the columns a match can use. A greedy scan from the front finds the earliest
//! position each query character can take and one from the back the latest, so each row only
//! spans the positions between them, which for most paths is a small part of the path.

use super::fuzzy::{
    BASENAME, CAMEL_START, CONSECUTIVE, GAP_EXTENSION, GAP_START, MATCH, NONE, SEGMENT_START,
    WORD_START, fold,
};

/// A path as the scorer reads it: bytes for ASCII paths (most of them), chars otherwise.
pub(crate) trait PathText {
    fn length(&self) -> usize;
    fn at(&self, position: usize) -> char;
}

impl PathText for [u8] {
    fn length(&self) -> usize {
        self.len()
    }

    fn at(&self, position: usize) -> char {
        char::from(self[position])
    }
}

impl PathText for [char] {
    fn length(&self) -> usize {
        self.len()
    }

    fn at(&self, position: usize) -> char {
        self[position]
    }
}

/// The segment, word or camel bonus of `position`, from it and the character before it.
pub(crate) fn bonus_at<T: PathText + ?Sized>(text: &T, position: usize) -> i32 {
    let previous = if position == 0 {
        '/'
    } else {
        text.at(position - 1)
    };
    let character = text.at(position);
    if previous == '/' {
        SEGMENT_START
    } else if matches!(previous, '_' | '-' | '.' | ' ') && character.is_alphanumeric() {
        WORD_START
    } else if (previous.is_lowercase() && character.is_uppercase())
        || (!previous.is_numeric() && character.is_numeric())
    {
        CAMEL_START
    } else {
        0
    }
}

/// Where the last segment starts; a folder's trailing `/` does not count as the start.
pub(crate) fn basename_start<T: PathText + ?Sized>(text: &T) -> usize {
    let mut end = text.length();
    if end > 0 && text.at(end - 1) == '/' {
        end -= 1;
    }
    (0..end)
        .rev()
        .find(|&position| text.at(position) == '/')
        .map_or(0, |slash| slash + 1)
}

/// Reusable rows and bounds.
#[derive(Debug, Default)]
pub(crate) struct RollingRows {
    earliest: Vec<usize>,
    latest: Vec<usize>,
    previous: Vec<i32>,
    previous_credited: Vec<i32>,
    current: Vec<i32>,
    current_credited: Vec<i32>,
}

impl RollingRows {
    /// The best score of the folded `query` in `text`, or `None` when it does not match.
    pub(crate) fn score<T: PathText + ?Sized>(&mut self, query: &[char], text: &T) -> Option<i32> {
        let (width, rows) = (text.length(), query.len());
        if rows == 0 || width < rows || !self.bound(query, text) {
            return None;
        }
        let basename = basename_start(text);
        for buffer in [
            &mut self.previous,
            &mut self.previous_credited,
            &mut self.current,
            &mut self.current_credited,
        ] {
            if buffer.len() < width {
                buffer.resize(width, NONE);
            }
        }
        for (row, &wanted) in query.iter().enumerate() {
            let (low, high) = (self.earliest[row], self.latest[row]);
            // The previous row's span; reads outside it are no match.
            let (previous_low, previous_high) = if row == 0 {
                (usize::MAX, 0)
            } else {
                (self.earliest[row - 1], self.latest[row - 1])
            };
            let previous_at = |scores: &[i32], position: usize| {
                if (previous_low..=previous_high).contains(&position) {
                    scores[position]
                } else {
                    NONE
                }
            };
            let mut gap = NONE;
            let start = if row == 0 { low } else { previous_low + 1 };
            for position in start..=high {
                if row > 0 && position >= 2 {
                    gap = (gap - GAP_EXTENSION)
                        .max(previous_at(&self.previous, position - 2) - GAP_START);
                }
                if position < low {
                    continue;
                }
                self.current[position] = NONE;
                if fold(text.at(position)) != wanted {
                    continue;
                }
                let own = bonus_at(text, position);
                let base = MATCH + if position >= basename { BASENAME } else { 0 };
                let (mut best, mut credited) = (if row == 0 { 0 } else { gap } + own, own);
                if row > 0 {
                    let run = previous_at(&self.previous, position - 1);
                    let inherited = own
                        .max(CONSECUTIVE)
                        .max(previous_at(&self.previous_credited, position - 1));
                    if run > NONE / 2 && run + inherited > best {
                        (best, credited) = (run + inherited, inherited);
                    }
                }
                if best > NONE / 2 {
                    self.current[position] = best + base;
                    self.current_credited[position] = credited;
                }
            }
            std::mem::swap(&mut self.previous, &mut self.current);
            std::mem::swap(&mut self.previous_credited, &mut self.current_credited);
        }
        let last = rows - 1;
        let best = self.previous[self.earliest[last]..=self.latest[last]]
            .iter()
            .copied()
            .max()
            .filter(|&score| score > NONE / 2)?;
        Some(best)
    }

    /// Finds each query character's earliest and latest usable position; false when the query
    /// is not a subsequence of the text.
    fn bound<T: PathText + ?Sized>(&mut self, query: &[char], text: &T) -> bool {
        let width = text.length();
        self.earliest.clear();
        for position in 0..width {
            if self.earliest.len() == query.len() {
                break;
            }
            if fold(text.at(position)) == query[self.earliest.len()] {
                self.earliest.push(position);
            }
        }
        if self.earliest.len() < query.len() {
            return false;
        }
        self.latest.clear();
        self.latest.resize(query.len(), 0);
        let mut wanted = query.len();
        for position in (0..width).rev() {
            if wanted == 0 {
                break;
            }
            if fold(text.at(position)) == query[wanted - 1] {
                wanted -= 1;
                self.latest[wanted] = position;
            }
        }
        true
    }
}
