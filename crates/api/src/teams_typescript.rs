//! The TypeScript declarations of the team features' types (prompt caching savings, custom
//! headers, the key's budget), kept apart from `typescript.rs` so that list stays short; the
//! generated module includes them right after `ProviderSettings`.

use ts_rs::{Config, TS};

use crate::cache_savings::CacheSavings;
use crate::providers::litellm::custom_headers::{CustomHeader, KeyHeader};
use crate::providers::litellm::key_budget::{BudgetHeaders, BudgetLevel, KeyBudget, KeyInfo};
use crate::providers::litellm::model_params::ReasoningEffort;
use crate::providers::litellm::team_settings::TeamSettings;

/// Renders one exported declaration.
fn export<T: TS>(config: &Config) -> String {
    format!("export {}\n", T::decl(config))
}

/// The team types' declarations, in a stable order, joined as the module joins its own.
#[must_use]
pub fn team_declarations(config: &Config) -> String {
    [
        export::<TeamSettings>(config),
        export::<CustomHeader>(config),
        export::<KeyHeader>(config),
        export::<ReasoningEffort>(config),
        export::<CacheSavings>(config),
        export::<BudgetHeaders>(config),
        export::<KeyInfo>(config),
        export::<BudgetLevel>(config),
        export::<KeyBudget>(config),
    ]
    .join("\n")
}
