//! Replays the fuzz inputs under `cargo test`, natively and without libFuzzer: the seeds each
//! target starts from (`fuzz/seeds/<target>/`) and every input a fuzz run ever crashed on, once
//! minimised (`fuzz/regressions/<target>/`, see `scripts/fuzz.sh`). Each input goes through
//! `roo_api::fuzz_checks`, the same checks its fuzz target runs, so a fixed crash stays fixed.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a test helper fails the test"
)]

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use roo_api::fuzz_checks;

/// Every input file for `target`, seeds and regressions, with its name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut found = Vec::new();
    for kind in ["seeds", "regressions"] {
        let Ok(entries) = fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            found.push((format!("{kind}/{target}/{name}"), fs::read(&path).unwrap()));
        }
    }
    found
}

/// Runs `check` on every input of `target`, naming the inputs that failed.
fn replay(target: &str, check: fn(&[u8])) {
    let all = inputs(target);
    assert!(!all.is_empty(), "the seeds of {target} are missing");
    let failed: Vec<String> = all
        .into_iter()
        .filter(|(_, data)| catch_unwind(AssertUnwindSafe(|| check(data))).is_err())
        .map(|(name, _)| name)
        .collect();
    assert!(failed.is_empty(), "failed the checks: {failed:?}");
}

#[test]
fn sse_decoder_inputs() {
    replay("sse_decoder", fuzz_checks::sse_decoder);
}

#[test]
fn litellm_stream_inputs() {
    replay("litellm_stream", fuzz_checks::litellm_stream);
}

#[test]
fn message_transform_inputs() {
    replay("message_transform", fuzz_checks::message_transform);
}

#[test]
fn model_info_inputs() {
    replay("model_info", fuzz_checks::model_info);
}

#[test]
fn a_failing_check_is_reported_with_the_input_name() {
    let result = catch_unwind(|| replay("sse_decoder", |_| panic!("planted failure")));
    let message = *result.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("seeds/sse_decoder/"), "{message}");
}
