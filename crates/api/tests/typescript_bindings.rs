//! Fails when the checked-in TypeScript types drift from the Rust types they are generated from.
//! Run `npm run gen:types` (which sets `UPDATE_TS_BINDINGS=1`) to rewrite them.

use std::path::PathBuf;

fn checked_in_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../extension/src/shared/generated/types.ts")
}

#[test]
fn checked_in_typescript_types_match_the_rust_types() {
    let generated = roo_api::typescript::bindings();
    let path = checked_in_path();
    if std::env::var_os("UPDATE_TS_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is out of date with the Rust types; run `npm run gen:types` and commit the result.",
        path.display()
    );
}
