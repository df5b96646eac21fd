//! The exported `IgnoreRules`: the workspace's `.gitignore` files and `.rooignore`, compiled once
//! and asked about each path the shell lists. The gitignore rules live in
//! `roo_api::context::ignore`.

use roo_api::context::{IgnoreFile, IgnoreRules as CoreRules};
use wasm_bindgen::prelude::*;

use crate::convert::from_js;

/// The ignore rules of one workspace.
#[wasm_bindgen]
#[derive(Debug)]
pub struct IgnoreRules {
    rules: CoreRules,
}

#[wasm_bindgen]
impl IgnoreRules {
    /// The rules of `files`: each ignore file's folder (relative to the workspace, `""` for the
    /// root) and text. Deeper folders win over shallower; of one folder's files, later ones win,
    /// so pass `.rooignore` after `.gitignore`.
    ///
    /// # Errors
    /// A description of an input not in the expected shape.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "IgnoreFile[]")] files: JsValue,
    ) -> Result<IgnoreRules, JsError> {
        let files: Vec<IgnoreFile> = from_js(files, "the ignore files")?;
        Ok(Self {
            rules: CoreRules::new(&files),
        })
    }

    /// Whether the workspace-relative `path` (a directory when `isDir`) is ignored, including
    /// because a directory above it is.
    #[wasm_bindgen(js_name = isIgnored)]
    pub fn is_ignored(&self, path: &str, is_dir: bool) -> bool {
        self.rules.is_ignored(path, is_dir)
    }
}
