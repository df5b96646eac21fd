// Generated from the Rust types in crates/api by `npm run gen:types`. Do not edit.

export type BackendInfo = { 
/**
 * The core crate's version, from its Cargo manifest.
 */
version: string, 
/**
 * The provider names `build_api_handler` accepts, in the settings' spelling.
 */
providers: Array<string>, };
