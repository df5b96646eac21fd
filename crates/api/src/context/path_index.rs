//! The @-mention picker's path search: up to some hundred thousand workspace paths held in
//! memory, searched on every keystroke.
//!
//! Ranking is `fuzzy.rs`'s score (consecutive matches, segment and word starts, the file
//! name over its folders), then the shorter path, then the path's order, so equal inputs always
//! list the same way. An empty query lists the recently opened paths first (as the shell last
//! gave them, open editors typically first), then the shortest paths.
//!
//! Speed comes from rejecting early: each path keeps a 64-bit mask of its characters, so a path
//! missing one of the query's characters costs one AND; survivors are scored with two rows over
//! the columns a match can use (which also rejects paths that do not hold the query in order);
//! and only the results shown get their matched positions, from the full table.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fuzzy::{Query, Scorer, char_mask};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathMatch {
    pub path: String,
    /// Higher is better; only comparable between results of one query. 0 for an empty query.
    pub score: i32,
    /// The positions in `path` of the matched characters, in UTF-16 code units as JavaScript
    /// indexes strings, ascending, for highlighting.
    pub matched_indices: Vec<u32>,
}

/// The workspace's paths, relative to the workspace with `/`; a folder ends with `/`.
#[derive(Debug, Default)]
pub struct PathIndex {
    entries: Vec<Entry>,
    /// Each path's place in `entries`.
    slots: HashMap<Arc<str>, usize>,
    /// Recently opened paths, most recent first.
    recent: Vec<Arc<str>>,
}

#[derive(Debug)]
struct Entry {
    path: Arc<str>,
    mask: u64,
}

impl PathIndex {
    /// An index of `paths`; duplicates are kept once.
    #[must_use]
    pub fn new(paths: impl IntoIterator<Item = String>) -> Self {
        let mut index = Self::default();
        for path in paths {
            index.add(path);
        }
        index
    }

    /// How many paths the index holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no paths.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `path`; returns false when it was already there.
    pub fn add(&mut self, path: String) -> bool {
        if self.slots.contains_key(path.as_str()) {
            return false;
        }
        let path: Arc<str> = path.into();
        self.slots.insert(Arc::clone(&path), self.entries.len());
        self.entries.push(Entry {
            mask: char_mask(&path),
            path,
        });
        true
    }

    /// Removes `path`; returns false when it was not there.
    pub fn remove(&mut self, path: &str) -> bool {
        let Some(slot) = self.slots.remove(path) else {
            return false;
        };
        self.entries.swap_remove(slot);
        if let Some(moved) = self.entries.get(slot) {
            self.slots.insert(Arc::clone(&moved.path), slot);
        }
        true
    }

    /// Sets the recently opened paths, most recent first, for the empty query. Paths the index
    /// does not hold are skipped when listing.
    pub fn set_recent(&mut self, paths: impl IntoIterator<Item = String>) {
        self.recent = paths.into_iter().map(Arc::from).collect();
    }

    /// The best `limit` matches of `query`, best first.
    #[must_use]
    pub fn search(&self, query: &str, limit: usize) -> Vec<PathMatch> {
        let query = Query::new(query);
        if limit == 0 {
            return Vec::new();
        }
        if query.chars.is_empty() {
            return self.list_without_query(limit);
        }
        let mut scorer = Scorer::default();
        let mut found: Vec<(i32, usize)> = Vec::new();
        for (slot, entry) in self.entries.iter().enumerate() {
            if query.mask & !entry.mask != 0 || entry.path.len() < query.chars.len() {
                continue;
            }
            if let Some(score) = scorer.score(&query, &entry.path) {
                found.push((score, slot));
            }
        }
        let order = |a: &(i32, usize), b: &(i32, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| self.by_length_then_path(a.1, b.1))
        };
        keep_best(&mut found, limit, order);
        found
            .into_iter()
            .filter_map(|(_, slot)| {
                let path = &self.entries[slot].path;
                let (score, positions) = scorer.score_with_positions(&query, path)?;
                Some(PathMatch {
                    path: path.to_string(),
                    score,
                    matched_indices: utf16_indices(path, &positions),
                })
            })
            .collect()
    }

    fn by_length_then_path(&self, a: usize, b: usize) -> Ordering {
        let (a, b) = (&self.entries[a].path, &self.entries[b].path);
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    }

    /// The empty query's list: recent paths the index holds, then the shortest others.
    fn list_without_query(&self, limit: usize) -> Vec<PathMatch> {
        let mut listed: Vec<usize> = Vec::new();
        for path in &self.recent {
            if let Some(&slot) = self.slots.get(path)
                && !listed.contains(&slot)
                && listed.len() < limit
            {
                listed.push(slot);
            }
        }
        let mut rest: Vec<usize> = (0..self.entries.len())
            .filter(|slot| !listed.contains(slot))
            .collect();
        keep_best(&mut rest, limit - listed.len(), |&a, &b| {
            self.by_length_then_path(a, b)
        });
        listed.extend(rest);
        listed
            .into_iter()
            .map(|slot| PathMatch {
                path: self.entries[slot].path.to_string(),
                score: 0,
                matched_indices: Vec::new(),
            })
            .collect()
    }
}

/// Keeps the first `limit` items of `items` in `order`, sorted: a partial selection first, so a
/// one-letter query matching most of the workspace sorts only what is shown.
fn keep_best<T>(items: &mut Vec<T>, limit: usize, order: impl Fn(&T, &T) -> Ordering) {
    if items.len() > limit && limit > 0 {
        items.select_nth_unstable_by(limit - 1, &order);
    }
    items.truncate(limit);
    items.sort_unstable_by(order);
}

/// Char positions in `path` as UTF-16 code-unit offsets.
fn utf16_indices(path: &str, positions: &[usize]) -> Vec<u32> {
    if path.is_ascii() {
        return positions.iter().map(|&position| position as u32).collect();
    }
    let mut offsets = Vec::with_capacity(positions.len());
    let mut wanted = positions.iter().peekable();
    let mut offset = 0u32;
    for (position, character) in path.chars().enumerate() {
        if wanted.peek() == Some(&&position) {
            offsets.push(offset);
            wanted.next();
        }
        offset += character.len_utf16() as u32;
    }
    offsets
}

#[cfg(test)]
mod tests;
