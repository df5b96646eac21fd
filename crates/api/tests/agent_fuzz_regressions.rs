//! Replays the `tool_call_assembly` fuzz inputs under `cargo test`: the seeds the target starts
//! from (`fuzz/seeds/tool_call_assembly/`) and every minimised crash
//! (`fuzz/regressions/tool_call_assembly/`), through the same check the fuzz target runs.

#![allow(
    clippy::unwrap_used,
    reason = "a failed unwrap in a test helper fails the test"
)]

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use roo_api::agent::fuzz_check;

#[test]
fn tool_call_assembly_inputs() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut inputs = Vec::new();
    for kind in ["seeds", "regressions"] {
        let Ok(entries) = fs::read_dir(root.join(kind).join("tool_call_assembly")) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                inputs.push((format!("{kind}/{name}"), fs::read(&path).unwrap()));
            }
        }
    }
    assert!(
        !inputs.is_empty(),
        "the seeds of tool_call_assembly are missing"
    );
    let failed: Vec<&str> = inputs
        .iter()
        .filter(|(_, data)| {
            catch_unwind(AssertUnwindSafe(|| fuzz_check::tool_call_assembly(data))).is_err()
        })
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(failed.is_empty(), "failed the checks: {failed:?}");
}
