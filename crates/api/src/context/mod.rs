//! Workspace context, decided without I/O: what an @-mention attaches ([`attachment`]), which
//! paths the ignore files exclude ([`ignore`]), the @-mention picker's fuzzy search
//! ([`path_index`]), the rules section of the system prompt ([`rules`]), the images of a message
//! ([`images`]), and what of a long conversation is sent so the context window never overflows
//! ([`trim`], [`condense`]).
//!
//! The shell reads files, folders, diagnostics and terminals and hands their bytes and values
//! here; these modules decide every rule, so each one is a plain function testable with
//! `cargo test`.

pub mod attachment;
mod attachment_error;
mod bytes_field;
pub mod condense;
mod cut;
mod decode;
mod fence;
mod folder;
mod fuzzy;
mod fuzzy_rows;
mod glob;
pub mod ignore;
pub mod images;
pub mod limits;
pub mod path_index;
mod problems;
pub mod rules;
mod secret_paths;
mod terminal;
pub mod trim;
mod units;

pub use attachment::{
    Attachment, AttachmentError, AttachmentKind, FolderEntry, MentionContent, Problem,
    ProblemSeverity, resolve_attachment,
};
pub use condense::{
    CONDENSE_PROMPT, CondensePlan, DEFAULT_CONDENSE_THRESHOLD, plan_condense, should_offer_condense,
};
pub use ignore::{IgnoreFile, IgnoreRules};
pub use images::{ChatImage, ImageError};
pub use limits::ContextLimits;
pub use path_index::{PathIndex, PathMatch};
pub use rules::{
    RulesDirFile, RulesFileRead, RulesInput, RulesReport, RulesSourceReport, RulesStatus,
    SystemPrompt, build_system_prompt,
};
pub use secret_paths::is_secret_looking;
pub use trim::{
    BudgetAttachment, ContextPlan, PlanError, PlanInput, ReplacedAttachment, TOOL_RESULT_ID_PREFIX,
    TurnForBudget, plan_context,
};
