//! The parts of a saved message that mirror wire types: its role, its state, its usage and cost,
//! and its error. They are their own types so that a change to what crosses into the webview
//! cannot silently change what is on disk: every variant is converted by an exhaustive match, so
//! a new wire variant fails to compile here until the file format says how to store it.

use serde::{Deserialize, Serialize};

use crate::cache_savings::CacheSavings;
use crate::errors::{ApiError, ApiErrorKind};
use crate::messages::Role;
use crate::stream::{Cost, CostSource, Usage};

use super::MessageState;

/// Writes the two `From` conversions between a stored enum and the wire enum it mirrors, one
/// variant name for one variant name, so the list is written once and both directions stay exact.
macro_rules! mirror_enum {
    ($stored:ident <=> $wire:ident { $($variant:ident),+ $(,)? }) => {
        impl From<$wire> for $stored {
            fn from(wire: $wire) -> Self {
                match wire {
                    $($wire::$variant => Self::$variant,)+
                }
            }
        }

        impl From<$stored> for $wire {
            fn from(stored: $stored) -> Self {
                match stored {
                    $($stored::$variant => Self::$variant,)+
                }
            }
        }
    };
}

/// Who wrote a message, as saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoredRole {
    User,
    Assistant,
}

mirror_enum!(StoredRole <=> Role { User, Assistant });

/// Where a message was in its life when saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoredState {
    Complete,
    Streaming,
    Stopped,
    Failed,
}

mirror_enum!(StoredState <=> MessageState { Complete, Streaming, Stopped, Failed });

/// A reply's token counts and cost, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredUsage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_write_tokens: Option<u64>,
    pub cache_read_tokens: Option<u64>,
    pub reasoning_tokens: Option<u64>,
    pub cost: StoredCost,
    /// Files written before estimates existed have no such field: their counts were reported.
    #[serde(default)]
    pub estimated: bool,
    /// Left out when the reply used no cache, so files without caching read as they always did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_savings: Option<StoredCacheSavings>,
}

/// What prompt caching saved on a reply, as saved (dollars, as the usage line's tooltip shows).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredCacheSavings {
    pub with_cache_usd: f64,
    pub without_cache_usd: f64,
    pub saved_usd: f64,
}

impl From<CacheSavings> for StoredCacheSavings {
    fn from(savings: CacheSavings) -> Self {
        Self {
            with_cache_usd: savings.with_cache_usd,
            without_cache_usd: savings.without_cache_usd,
            saved_usd: savings.saved_usd,
        }
    }
}

impl From<StoredCacheSavings> for CacheSavings {
    fn from(savings: StoredCacheSavings) -> Self {
        Self {
            with_cache_usd: savings.with_cache_usd,
            without_cache_usd: savings.without_cache_usd,
            saved_usd: savings.saved_usd,
        }
    }
}

/// What a reply cost, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StoredCost {
    Known { usd: f64, source: StoredCostSource },
    Unknown,
}

/// Where a known cost came from, as saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoredCostSource {
    Proxy,
    ModelPrices,
    SpendCalculate,
}

mirror_enum!(StoredCostSource <=> CostSource { Proxy, ModelPrices, SpendCalculate });

/// Why a reply failed or stopped, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredError {
    pub kind: StoredErrorKind,
    pub message: String,
    pub detail: Option<String>,
    pub status: Option<u16>,
    pub body: Option<String>,
    pub retry_after_seconds: Option<f64>,
    pub retryable: bool,
}

/// The class of a saved failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoredErrorKind {
    InvalidSettings,
    Unauthorized,
    UnknownModel,
    ContextWindowExceeded,
    RateLimited,
    UpstreamDown,
    ServerError,
    BadRequest,
    ProxyUnreachable,
    MalformedResponse,
    StreamCutShort,
    Timeout,
    Cancelled,
}

mirror_enum!(StoredErrorKind <=> ApiErrorKind {
    InvalidSettings,
    Unauthorized,
    UnknownModel,
    ContextWindowExceeded,
    RateLimited,
    UpstreamDown,
    ServerError,
    BadRequest,
    ProxyUnreachable,
    MalformedResponse,
    StreamCutShort,
    Timeout,
    Cancelled,
});

impl From<&Usage> for StoredUsage {
    fn from(usage: &Usage) -> Self {
        Self {
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            cache_write_tokens: usage.cache_write_tokens,
            cache_read_tokens: usage.cache_read_tokens,
            reasoning_tokens: usage.reasoning_tokens,
            cost: match usage.cost {
                Cost::Known { usd, source } => StoredCost::Known {
                    usd,
                    source: source.into(),
                },
                Cost::Unknown => StoredCost::Unknown,
            },
            estimated: usage.estimated,
            cache_savings: usage.cache_savings.map(Into::into),
        }
    }
}

impl From<StoredUsage> for Usage {
    fn from(usage: StoredUsage) -> Self {
        Self {
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            cache_write_tokens: usage.cache_write_tokens,
            cache_read_tokens: usage.cache_read_tokens,
            reasoning_tokens: usage.reasoning_tokens,
            cost: match usage.cost {
                StoredCost::Known { usd, source } => Cost::Known {
                    usd,
                    source: source.into(),
                },
                StoredCost::Unknown => Cost::Unknown,
            },
            estimated: usage.estimated,
            cache_savings: usage.cache_savings.map(Into::into),
        }
    }
}

impl From<&ApiError> for StoredError {
    fn from(error: &ApiError) -> Self {
        Self {
            kind: error.kind.into(),
            message: error.message.clone(),
            detail: error.detail.clone(),
            status: error.status,
            body: error.body.clone(),
            retry_after_seconds: error.retry_after_seconds,
            retryable: error.retryable,
        }
    }
}

impl From<StoredError> for ApiError {
    fn from(error: StoredError) -> Self {
        Self {
            kind: error.kind.into(),
            message: error.message,
            detail: error.detail,
            status: error.status,
            body: error.body,
            retry_after_seconds: error.retry_after_seconds,
            retryable: error.retryable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every stored enum writes the same word as the wire enum it mirrors, so the saved format
    /// stays the one version 2 wrote and the webview reads.
    fn same_word<S: Serialize, W: Serialize>(stored: S, wire: W) {
        assert_eq!(
            serde_json::to_value(stored).unwrap(),
            serde_json::to_value(wire).unwrap()
        );
    }

    #[test]
    fn stored_enums_write_the_wire_words() {
        for kind in [
            ApiErrorKind::InvalidSettings,
            ApiErrorKind::ContextWindowExceeded,
            ApiErrorKind::StreamCutShort,
            ApiErrorKind::Cancelled,
        ] {
            same_word(StoredErrorKind::from(kind), kind);
            assert_eq!(ApiErrorKind::from(StoredErrorKind::from(kind)), kind);
        }
        for source in [
            CostSource::Proxy,
            CostSource::ModelPrices,
            CostSource::SpendCalculate,
        ] {
            same_word(StoredCostSource::from(source), source);
        }
        for state in [
            MessageState::Complete,
            MessageState::Streaming,
            MessageState::Stopped,
            MessageState::Failed,
        ] {
            same_word(StoredState::from(state), state);
        }
        same_word(StoredRole::from(Role::Assistant), Role::Assistant);
    }

    #[test]
    fn usage_and_error_survive_the_conversion_field_for_field() {
        let usage = Usage {
            input_tokens: 10,
            output_tokens: 2,
            cache_write_tokens: Some(3),
            cache_read_tokens: None,
            reasoning_tokens: Some(1),
            cost: Cost::Known {
                usd: 0.125,
                source: CostSource::SpendCalculate,
            },
            estimated: true,
            cache_savings: Some(CacheSavings {
                with_cache_usd: 0.005,
                without_cache_usd: 0.0125,
                saved_usd: 0.0075,
            }),
        };
        let stored = StoredUsage::from(&usage);
        same_word(&stored, &usage);
        assert_eq!(Usage::from(stored), usage);

        let error = ApiError {
            kind: ApiErrorKind::RateLimited,
            message: "Slow down.".into(),
            detail: Some("429 from upstream".into()),
            status: Some(429),
            body: Some("{}".into()),
            retry_after_seconds: Some(1.5),
            retryable: true,
        };
        let stored = StoredError::from(&error);
        same_word(&stored, &error);
        assert_eq!(ApiError::from(stored), error);
    }
}
