//! Whether the agent's settings can be used, checked where the user edits them, so a value the
//! loop would misread (a step limit of 0, a timeout of days, an allow-list entry that is blank
//! or holds a line break) is refused with a sentence naming the field rather than quietly bent.

use super::approval::AgentSettings;
use crate::schema::SettingsError;

/// The largest step limit the settings take.
pub const MAX_STEP_LIMIT: u32 = 1_000;

/// The longest command timeout the settings take: one day, in seconds.
pub const MAX_COMMAND_TIMEOUT_SECONDS: u32 = 86_400;

/// The first problem with `settings`, naming the field as the settings panel shows it
/// (`agent.stepLimit`, `agent.commandTimeoutSeconds`, `agent.commandAllowList`).
///
/// # Errors
/// A [`SettingsError`] saying what to enter instead.
pub fn validate_agent_settings(settings: &AgentSettings) -> Result<(), SettingsError> {
    if !(1..=MAX_STEP_LIMIT).contains(&settings.step_limit) {
        return Err(SettingsError::new(
            "agent.stepLimit",
            format!(
                "The step limit must be a whole number from 1 to {MAX_STEP_LIMIT} (it is {}): \
                 the agent asks whether to continue after that many steps.",
                settings.step_limit
            ),
        ));
    }
    if !(1..=MAX_COMMAND_TIMEOUT_SECONDS).contains(&settings.command_timeout_seconds) {
        return Err(SettingsError::new(
            "agent.commandTimeoutSeconds",
            format!(
                "The command timeout must be from 1 to {MAX_COMMAND_TIMEOUT_SECONDS} seconds \
                 (one day); it is {}.",
                settings.command_timeout_seconds
            ),
        ));
    }
    for (position, entry) in settings.command_allow_list.iter().enumerate() {
        let number = position + 1;
        if entry.trim().is_empty() {
            return Err(SettingsError::new(
                "agent.commandAllowList",
                format!(
                    "Entry {number} of the command allow-list is empty. Remove it, or enter a \
                     command prefix such as `npm test`."
                ),
            ));
        }
        if entry.chars().any(char::is_control) {
            return Err(SettingsError::new(
                "agent.commandAllowList",
                format!(
                    "Entry {number} of the command allow-list holds a control character (such \
                     as a line break or a tab). Enter one command prefix per entry, on one line."
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(settings: &AgentSettings) -> Option<String> {
        validate_agent_settings(settings)
            .err()
            .map(|error| error.field)
    }

    #[test]
    fn the_defaults_are_valid_and_each_bound_is_checked() {
        let defaults = AgentSettings::default();
        assert_eq!(validate_agent_settings(&defaults), Ok(()));
        for (step_limit, valid) in [(0, false), (1, true), (1_000, true), (1_001, false)] {
            let settings = AgentSettings {
                step_limit,
                ..AgentSettings::default()
            };
            let expected = (!valid).then(|| "agent.stepLimit".to_owned());
            assert_eq!(field_of(&settings), expected, "{step_limit}");
        }
        for (seconds, valid) in [(0, false), (1, true), (86_400, true), (86_401, false)] {
            let settings = AgentSettings {
                command_timeout_seconds: seconds,
                ..AgentSettings::default()
            };
            let expected = (!valid).then(|| "agent.commandTimeoutSeconds".to_owned());
            assert_eq!(field_of(&settings), expected, "{seconds}");
        }
    }

    #[test]
    fn allow_list_entries_must_be_one_non_blank_line() {
        for entry in ["", "   ", "npm test\nrm -rf /", "npm\ttest"] {
            let settings = AgentSettings {
                command_allow_list: vec!["npm test".into(), entry.into()],
                ..AgentSettings::default()
            };
            let error = validate_agent_settings(&settings).unwrap_err();
            assert_eq!(error.field, "agent.commandAllowList");
            assert!(error.message.starts_with("Entry 2 "), "{}", error.message);
        }
    }

    #[test]
    fn settings_saved_before_the_timeout_existed_read_with_the_default() {
        let settings: AgentSettings = serde_json::from_str(
            r#"{"autoApproveReads":true,"commandAllowList":[],"stepLimit":5}"#,
        )
        .unwrap();
        assert_eq!(settings.command_timeout_seconds, 300);
        assert_eq!(validate_agent_settings(&settings), Ok(()));
    }
}
