//! The TypeScript declarations of every type that crosses into the extension or the webview,
//! rendered from the Rust types so the two languages cannot drift. A test compares the rendered
//! text with `extension/src/shared/generated/types.ts` and `npm run gen:types` rewrites it.

use ts_rs::{Config, TS};

/// Renders one exported declaration.
fn export<T: TS>(config: &Config) -> String {
    format!("export {}\n", T::decl(config))
}

/// The whole generated module, in a stable order.
#[must_use]
pub fn bindings() -> String {
    // Token counts and sizes are far below 2^53, so `number` is exact and avoids BigInt in JSON.
    let config = Config::new().with_large_int("number".to_owned());
    let declarations = [export::<crate::BackendInfo>(&config)];
    let mut module = String::from(
        "// Generated from the Rust types in crates/api by `npm run gen:types`. Do not edit.\n\n",
    );
    module.push_str(&declarations.join("\n"));
    module
}
