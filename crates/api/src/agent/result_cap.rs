//! Caps large tool results in the request. A big file or a long command output would fill the
//! context window (and cost) for every later step, so a result longer than the cap is sent with
//! its middle cut out and a note of exactly what was cut; the history keeps it whole, so the chat
//! shows it and a later, larger cap can send more. The beginning and the end are kept because
//! that is where a file's header and a command's final errors are.

use crate::messages::{
    ContentBlock, MessageContent, MessageParam, ToolResultBlock, ToolResultContent,
};

/// The most characters of one tool result sent in a request (about 5,000 tokens of code).
pub const DEFAULT_TOOL_RESULT_CAP_CHARS: usize = 20_000;

/// The messages as they are sent: every tool result's text longer than `cap_chars` characters
/// cut to about that many, with a note. Everything else is unchanged.
#[must_use]
pub fn cap_tool_results(messages: &[MessageParam], cap_chars: usize) -> Vec<MessageParam> {
    messages
        .iter()
        .map(|message| match &message.content {
            MessageContent::Blocks(blocks)
                if blocks.iter().any(|block| is_over(block, cap_chars)) =>
            {
                MessageParam {
                    role: message.role,
                    content: MessageContent::Blocks(
                        blocks
                            .iter()
                            .map(|block| capped_block(block, cap_chars))
                            .collect(),
                    ),
                }
            }
            _ => message.clone(),
        })
        .collect()
}

fn is_over(block: &ContentBlock, cap_chars: usize) -> bool {
    let ContentBlock::ToolResult { content, .. } = block else {
        return false;
    };
    let over = |text: &str| text.len() > cap_chars && text.chars().count() > cap_chars;
    match content {
        ToolResultContent::Text(text) => over(text),
        ToolResultContent::Blocks(parts) => parts.iter().any(|part| match part {
            ToolResultBlock::Text { text } => over(text),
            _ => false,
        }),
    }
}

fn capped_block(block: &ContentBlock, cap_chars: usize) -> ContentBlock {
    let ContentBlock::ToolResult {
        tool_use_id,
        content,
        is_error,
    } = block
    else {
        return block.clone();
    };
    let content = match content {
        ToolResultContent::Text(text) => ToolResultContent::Text(cap_text(text, cap_chars)),
        ToolResultContent::Blocks(parts) => ToolResultContent::Blocks(
            parts
                .iter()
                .map(|part| match part {
                    ToolResultBlock::Text { text } => ToolResultBlock::Text {
                        text: cap_text(text, cap_chars),
                    },
                    other => other.clone(),
                })
                .collect(),
        ),
    };
    ContentBlock::ToolResult {
        tool_use_id: tool_use_id.clone(),
        content,
        is_error: *is_error,
    }
}

/// `text` itself when it has at most `cap_chars` characters; else its first two thirds and last
/// third of the cap, cut at line breaks where one is near, around a note of what was left out.
#[must_use]
pub fn cap_text(text: &str, cap_chars: usize) -> String {
    if text.len() <= cap_chars || text.chars().count() <= cap_chars {
        return text.to_owned();
    }
    let head_end = line_end_before(text, byte_at_char(text, cap_chars * 2 / 3));
    let tail_start =
        line_start_after(text, byte_at_char_from_end(text, cap_chars / 3)).max(head_end);
    let (head, cut, tail) = (
        &text[..head_end],
        &text[head_end..tail_start],
        &text[tail_start..],
    );
    let first_cut_line = head.matches('\n').count() + 1;
    let last_cut_line = first_cut_line + cut.trim_end_matches('\n').matches('\n').count();
    format!(
        "{head}\n[... {count} characters (lines {first_cut_line}-{last_cut_line} of this result) \
         left out here to keep the request small; the user sees the whole result. Ask for a \
         narrower part (a line range, a narrower search) to see them.]\n{tail}",
        count = cut.chars().count(),
    )
}

/// The byte offset of character `count` (or the end).
fn byte_at_char(text: &str, count: usize) -> usize {
    text.char_indices()
        .nth(count)
        .map_or(text.len(), |(byte, _)| byte)
}

/// The byte offset `count` characters before the end.
fn byte_at_char_from_end(text: &str, count: usize) -> usize {
    if count == 0 {
        return text.len();
    }
    text.char_indices()
        .rev()
        .nth(count - 1)
        .map_or(0, |(byte, _)| byte)
}

/// The end of the last whole line before `limit`, if one ends in the second half; else `limit`.
fn line_end_before(text: &str, limit: usize) -> usize {
    match text[..limit].rfind('\n') {
        Some(newline) if newline >= limit / 2 => newline + 1,
        _ => limit,
    }
}

/// `start` if a line starts there, else the start of the next line if one starts soon, else
/// `start`.
fn line_start_after(text: &str, start: usize) -> usize {
    if start == 0 || text.as_bytes().get(start - 1) == Some(&b'\n') {
        return start;
    }
    let window = (text.len() - start) / 2;
    match text[start..].find('\n') {
        Some(newline) if newline < window => start + newline + 1,
        _ => start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Role;

    fn numbered(lines: usize) -> String {
        (1..=lines)
            .map(|line| format!("line {line:04}\n"))
            .collect()
    }

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(cap_text("abc", 3), "abc");
        assert_eq!(
            cap_text("ééé", 3),
            "ééé",
            "the cap counts characters, not bytes"
        );
    }

    #[test]
    fn long_text_keeps_its_start_and_end_and_says_what_was_cut() {
        let text = numbered(1000);
        let capped = cap_text(&text, 1500);
        assert!(capped.starts_with("line 0001\nline 0002\n"));
        assert!(capped.ends_with("line 1000\n"));
        assert!(capped.contains("lines 101-950 of this result"), "{capped}");
        assert!(capped.contains("[... 8500 characters"), "{capped}");
        assert!(capped.len() < 1500 + 300);
        // The note's counts add up: kept and cut lines are the whole.
        let kept = capped
            .lines()
            .filter(|line| line.starts_with("line "))
            .count();
        assert_eq!(kept + (950 - 101 + 1), 1000);
    }

    #[test]
    fn text_without_line_breaks_is_cut_at_characters_safely() {
        let text = "é".repeat(5000);
        let capped = cap_text(&text, 300);
        assert!(capped.starts_with(&"é".repeat(200)));
        assert!(capped.ends_with(&"é".repeat(100)));
        assert!(
            capped.contains("[... 4700 characters (lines 1-1"),
            "{capped}"
        );
    }

    #[test]
    fn only_tool_results_over_the_cap_are_cut() {
        let big = numbered(100);
        let messages = vec![
            MessageParam::user_text(big.clone()),
            MessageParam {
                role: Role::User,
                content: MessageContent::Blocks(vec![
                    ContentBlock::ToolResult {
                        tool_use_id: "a".into(),
                        content: ToolResultContent::Text(big.clone()),
                        is_error: None,
                    },
                    ContentBlock::ToolResult {
                        tool_use_id: "b".into(),
                        content: ToolResultContent::Blocks(vec![ToolResultBlock::Text {
                            text: big.clone(),
                        }]),
                        is_error: Some(true),
                    },
                    ContentBlock::ToolResult {
                        tool_use_id: "c".into(),
                        content: ToolResultContent::Text("small".into()),
                        is_error: None,
                    },
                ]),
            },
        ];
        let capped = cap_tool_results(&messages, 300);
        assert_eq!(capped[0], messages[0], "user text is never cut");
        let MessageContent::Blocks(blocks) = &capped[1].content else {
            panic!("blocks expected");
        };
        let text_of = |block: &ContentBlock| match block {
            ContentBlock::ToolResult {
                content: ToolResultContent::Text(text),
                ..
            } => text.clone(),
            ContentBlock::ToolResult {
                content: ToolResultContent::Blocks(parts),
                ..
            } => match &parts[0] {
                ToolResultBlock::Text { text } => text.clone(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        assert!(text_of(&blocks[0]).contains("left out here"));
        assert!(text_of(&blocks[1]).contains("left out here"));
        assert!(matches!(
            blocks[1],
            ContentBlock::ToolResult {
                is_error: Some(true),
                ..
            }
        ));
        assert_eq!(text_of(&blocks[2]), "small");
        assert_eq!(cap_tool_results(&messages, 100_000), messages);
    }
}
