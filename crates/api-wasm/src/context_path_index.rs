//! The exported `PathIndex`: the @-mention picker's paths, held in wasm memory so a keystroke's
//! search crosses the boundary with a query and returns only the matches shown. Ranking and
//! speed live in `roo_api::context::path_index`.

use js_sys::Array;
use roo_api::context::PathIndex as CoreIndex;
use wasm_bindgen::prelude::*;

use crate::convert::to_js;

/// The strings of a JavaScript array of paths. The array is joined in JavaScript and crosses as
/// one string: converting 100,000 strings one by one took most of a second in Node, the join a
/// few milliseconds. No path can contain NUL, so it separates them safely.
fn read_paths(paths: &Array) -> Vec<String> {
    if paths.length() == 0 {
        return Vec::new();
    }
    String::from(paths.join("\0"))
        .split('\0')
        .map(str::to_owned)
        .collect()
}

/// The workspace's paths, relative to the workspace with `/`; a folder ends with `/`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct PathIndex {
    index: CoreIndex,
}

#[wasm_bindgen]
impl PathIndex {
    /// An index of `paths`; duplicates are kept once.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string[]")] paths: &Array) -> PathIndex {
        Self {
            index: CoreIndex::new(read_paths(paths)),
        }
    }

    /// How many paths the index holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.index.len()).unwrap_or(u32::MAX)
    }

    /// Adds paths (a file watcher's creations); ones already there are ignored.
    pub fn add(&mut self, #[wasm_bindgen(unchecked_param_type = "string[]")] paths: &Array) {
        for path in read_paths(paths) {
            self.index.add(path);
        }
    }

    /// Removes paths (a file watcher's deletions); ones not there are ignored.
    pub fn remove(&mut self, #[wasm_bindgen(unchecked_param_type = "string[]")] paths: &Array) {
        for path in read_paths(paths) {
            self.index.remove(&path);
        }
    }

    /// Sets the recently opened paths, most recent first (open editors first), which an empty
    /// query lists before the others.
    #[wasm_bindgen(js_name = setRecent)]
    pub fn set_recent(&mut self, #[wasm_bindgen(unchecked_param_type = "string[]")] paths: &Array) {
        self.index.set_recent(read_paths(paths));
    }

    /// The best `limit` matches of `query`, best first, with the matched positions in UTF-16
    /// code units for highlighting.
    ///
    /// # Errors
    /// Fails only if the value cannot be converted to a JavaScript object.
    #[wasm_bindgen(unchecked_return_type = "PathMatch[]")]
    pub fn search(&self, query: &str, limit: u32) -> Result<JsValue, JsError> {
        to_js(&self.index.search(query, limit as usize))
    }
}
