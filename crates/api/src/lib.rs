//! The provider core of Roo Code Plus: settings, model info, request building, stream decoding,
//! usage and cost, all as pure functions over bytes and values, so that every rule is testable
//! with plain `cargo test` and the WebAssembly boundary only has to move bytes.

pub mod agent;
pub mod backend_info;
pub mod cache_savings;
pub mod chat;
pub mod classify;
pub mod context;
pub mod context_usage;
pub mod cost;
pub mod defaults;
pub mod errors;
#[cfg(feature = "fuzz-checks")]
#[doc(hidden)]
pub mod fuzz_checks;
pub mod http;
pub mod messages;
pub mod model_info;
pub mod providers;
pub mod proxy_url;
pub mod retry;
pub mod schema;
pub mod sse;
pub mod stream;
pub mod teams_typescript;
pub mod tokens;
pub mod transform;
pub mod typescript;
pub mod usage;

pub use backend_info::{BackendInfo, backend_info};
pub use context_usage::ContextUsage;
pub use errors::{ApiError, ApiErrorKind};
pub use messages::{ContentBlock, MessageParam};
pub use model_info::ModelInfo;
pub use providers::{ApiHandler, build_api_handler};
pub use retry::RequestPolicy;
pub use schema::ProviderSettings;
pub use stream::{ApiStreamChunk, Cost, CostSource, Usage};
