//! The LiteLLM proxy provider: its requests, its stream, its model discovery and its cost.

pub mod caching;
pub mod custom_headers;
pub mod discovery;
pub mod handler;
pub mod headers;
pub mod key_budget;
pub mod model_params;
pub mod request;
pub mod session;
pub mod spend;
pub mod stream_decoder;
pub mod team_settings;

pub use handler::{LiteLlmHandler, PreparedMessage, ResolvedModel};
