//! Conversions between the conversation's Anthropic-style messages and provider wire formats.

pub mod openai_format;
