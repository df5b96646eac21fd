//! Each way a call can be wrong, and the text the model is told.

use super::*;

fn call(name: &str, arguments: &str) -> AssembledToolCall {
    AssembledToolCall {
        id: "call_1".into(),
        name: name.into(),
        arguments: arguments.into(),
    }
}

fn check(name: &str, arguments: &str) -> Result<ToolRequest, String> {
    validate_call(&call(name, arguments), AgentMode::Code)
}

#[test]
fn valid_calls_become_typed_requests() {
    assert_eq!(
        check(
            "read_file",
            r#"{"path":"src/main.rs","start_line":3,"end_line":9}"#
        ),
        Ok(ToolRequest::ReadFile {
            path: "src/main.rs".into(),
            start_line: Some(3),
            end_line: Some(9)
        })
    );
    assert_eq!(
        check("list_files", r#"{"path":".","recursive":null}"#),
        Ok(ToolRequest::ListFiles {
            path: ".".into(),
            recursive: false
        })
    );
    assert_eq!(
        check("write_to_file", r#"{"path":"empty.txt","content":""}"#),
        Ok(ToolRequest::WriteToFile {
            path: "empty.txt".into(),
            content: String::new()
        })
    );
    assert_eq!(
        check(
            "ask_followup_question",
            r#"{"question":"Which?","suggestions":["a","b"]}"#
        ),
        Ok(ToolRequest::AskFollowupQuestion {
            question: "Which?".into(),
            suggestions: vec!["a".into(), "b".into()]
        })
    );
    let request = check("execute_command", r#"{"command":"ls -la","cwd":"src"}"#).unwrap();
    assert_eq!(request.tool(), ToolName::ExecuteCommand);
    assert_eq!(request.path(), Some("src"));
}

#[test]
fn an_unknown_tool_lists_the_real_ones() {
    let error = check("delete_everything", "{}").unwrap_err();
    assert!(error.contains("no tool \"delete_everything\""), "{error}");
    assert!(error.contains("read_file, list_files"), "{error}");
    let ask = validate_call(&call("read_file", r#"{"path":"a"}"#), AgentMode::Ask).unwrap_err();
    assert!(ask.contains("Ask mode"), "{ask}");
}

#[test]
fn malformed_json_says_so_and_shows_the_shape() {
    let error = check("read_file", r#"{"path": "a"#).unwrap_err();
    assert!(error.contains("not valid JSON"), "{error}");
    assert!(error.contains(r#"{"path":"..."}"#), "{error}");
    let list = check("read_file", r#"["a"]"#).unwrap_err();
    assert!(list.contains("must be a JSON object"), "{list}");
    assert!(list.contains("not a list"), "{list}");
}

#[test]
fn every_field_problem_is_listed_at_once() {
    let error = check(
        "read_file",
        r#"{"start_line":"5","end_line":0,"encoding":"utf8"}"#,
    )
    .unwrap_err();
    assert!(error.contains("\"path\" is missing"), "{error}");
    assert!(
        error.contains("\"start_line\" must be an integer of at least 1, not a string"),
        "{error}"
    );
    assert!(
        error.contains("\"end_line\" must be an integer of at least 1, not an integer below 1"),
        "{error}"
    );
    assert!(
        error.contains("\"encoding\" is not an argument of read_file"),
        "{error}"
    );
    assert!(
        error.ends_with("Call read_file again with corrected arguments."),
        "{error}"
    );
}

#[test]
fn empty_arguments_name_the_missing_fields() {
    let error = check("attempt_completion", "  ").unwrap_err();
    assert!(error.contains("\"result\" is missing"), "{error}");
}

#[test]
fn blank_required_text_and_reversed_ranges_are_refused() {
    let blank = check("execute_command", r#"{"command":"   "}"#).unwrap_err();
    assert!(blank.contains("\"command\" is empty"), "{blank}");
    let reversed = check("read_file", r#"{"path":"a","start_line":9,"end_line":3}"#).unwrap_err();
    assert!(
        reversed.contains("start_line (9) is after end_line (3)"),
        "{reversed}"
    );
    let list = check(
        "ask_followup_question",
        r#"{"question":"q","suggestions":[1]}"#,
    )
    .unwrap_err();
    assert!(list.contains("must be a list of strings"), "{list}");
}
