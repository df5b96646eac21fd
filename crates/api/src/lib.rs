//! The provider core of Roo Code Plus: settings, model info, request building, stream decoding,
//! usage and cost, all as pure functions over bytes and values, so that every rule is testable
//! with plain `cargo test` and the WebAssembly boundary only has to move bytes.

pub mod backend_info;
pub mod typescript;

pub use backend_info::{BackendInfo, backend_info};
