//! The providers the core can build a handler for, and `build_api_handler`, which picks one.

pub mod litellm;
