//! The LiteLLM proxy provider: its requests, its stream, its model discovery and its cost.

pub mod discovery;
pub mod handler;
pub mod headers;
pub mod request;
pub mod spend;
pub mod stream_decoder;

pub use handler::{LiteLlmHandler, PreparedMessage, ResolvedModel};
