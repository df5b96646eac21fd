//! The TypeScript declarations of every type that crosses into the extension or the webview,
//! rendered from the Rust types so the two languages cannot drift. A test compares the rendered
//! text with `extension/src/shared/generated/types.ts` and `npm run gen:types` rewrites it.

use ts_rs::{Config, TS};

use crate::chat::agent_turn::AgentStepInput;
use crate::chat::edit_history::{EditToRevert, WrittenEdit};
use crate::chat::index::IndexEntry;
use crate::chat::send::{SendInput, SendStarted};
use crate::chat::{
    ChatMessage, ChatToolCall, Conversation, ConversationSummary, ConversationTotals, MessageState,
    ReplyDelta, RetryStarted, ToolCallStatus,
};
use crate::classify::TimeoutPhase;
use crate::context::{
    Attachment, AttachmentError, AttachmentKind, BudgetAttachment, ChatImage, CondensePlan,
    ContextLimits, ContextPlan, FolderEntry, IgnoreFile, MentionContent, PathMatch, PlanError,
    PlanInput, Problem, ProblemSeverity, ReplacedAttachment, RulesDirFile, RulesFileRead,
    RulesInput, RulesReport, RulesSourceReport, RulesStatus, SystemPrompt, TurnForBudget,
};
use crate::context_usage::ContextUsage;
use crate::defaults::ProviderDefaults;
use crate::http::{HttpMethod, HttpRequest};
use crate::messages::{
    ContentBlock, ImageSource, MessageContent, MessageParam, Role, ToolResultBlock,
    ToolResultContent,
};
use crate::providers::litellm::ResolvedModel;
use crate::providers::litellm::discovery::{DiscoveredModel, DiscoveryEndpoint};
use crate::retry::RequestPolicy;
use crate::schema::{ProviderName, ProviderSettings, SettingsError};
use crate::teams_typescript::team_declarations;
use crate::usage::TokenUsage;
use crate::{
    ApiError, ApiErrorKind, ApiStreamChunk, BackendInfo, Cost, CostSource, ModelInfo, Usage,
};

/// Renders one exported declaration.
fn export<T: TS>(config: &Config) -> String {
    format!("export {}\n", T::decl(config))
}

/// The whole generated module, in a stable order.
#[must_use]
pub fn bindings() -> String {
    // Token counts and sizes are far below 2^53, so `number` is exact and avoids BigInt in JSON.
    let config = Config::new().with_large_int("number".to_owned());
    let declarations = [
        export::<BackendInfo>(&config),
        export::<ProviderName>(&config),
        export::<ProviderSettings>(&config),
        team_declarations(&config),
        export::<ProviderDefaults>(&config),
        export::<SettingsError>(&config),
        export::<ModelInfo>(&config),
        export::<ResolvedModel>(&config),
        export::<ContextUsage>(&config),
        export::<DiscoveredModel>(&config),
        export::<DiscoveryEndpoint>(&config),
        export::<Role>(&config),
        export::<MessageParam>(&config),
        export::<MessageContent>(&config),
        export::<ContentBlock>(&config),
        export::<ImageSource>(&config),
        export::<ToolResultContent>(&config),
        export::<ToolResultBlock>(&config),
        export::<Conversation>(&config),
        export::<ChatImage>(&config),
        export::<ChatMessage>(&config),
        export::<ChatToolCall>(&config),
        export::<ToolCallStatus>(&config),
        export::<AgentStepInput>(&config),
        export::<WrittenEdit>(&config),
        export::<EditToRevert>(&config),
        export::<SendInput>(&config),
        export::<SendStarted>(&config),
        export::<MessageState>(&config),
        export::<ConversationTotals>(&config),
        export::<ConversationSummary>(&config),
        export::<IndexEntry>(&config),
        export::<ReplyDelta>(&config),
        export::<RetryStarted>(&config),
        export::<ApiStreamChunk>(&config),
        export::<Usage>(&config),
        export::<TokenUsage>(&config),
        export::<Cost>(&config),
        export::<CostSource>(&config),
        export::<ApiErrorKind>(&config),
        export::<ApiError>(&config),
        export::<TimeoutPhase>(&config),
        export::<RequestPolicy>(&config),
        export::<HttpMethod>(&config),
        export::<HttpRequest>(&config),
        export::<ContextLimits>(&config),
        export::<MentionContent>(&config),
        export::<FolderEntry>(&config),
        export::<Problem>(&config),
        export::<ProblemSeverity>(&config),
        export::<AttachmentKind>(&config),
        export::<Attachment>(&config),
        export::<AttachmentError>(&config),
        export::<IgnoreFile>(&config),
        export::<PathMatch>(&config),
        export::<RulesFileRead>(&config),
        export::<RulesDirFile>(&config),
        export::<RulesInput>(&config),
        export::<RulesStatus>(&config),
        export::<RulesSourceReport>(&config),
        export::<RulesReport>(&config),
        export::<SystemPrompt>(&config),
        export::<TurnForBudget>(&config),
        export::<BudgetAttachment>(&config),
        export::<PlanInput>(&config),
        export::<ReplacedAttachment>(&config),
        export::<ContextPlan>(&config),
        export::<PlanError>(&config),
        export::<CondensePlan>(&config),
        "export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };\n".to_owned(),
    ];
    let mut module = String::from(
        "// Generated from the Rust types in crates/api by `npm run gen:types`. Do not edit.\n\n",
    );
    module.push_str(&declarations.join("\n"));
    module.push_str(&crate::agent::typescript::declarations(&config));
    module
}
