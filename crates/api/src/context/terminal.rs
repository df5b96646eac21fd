//! Terminal output as the model should read it: what the terminal showed, not the bytes that
//! drew it. Shell integration hands over escape sequences (colours, cursor moves, VS Code's own
//! OSC 633 marks), carriage returns that redraw progress bars, and backspaces; all of them cost
//! tokens and say nothing.

/// The output without escape sequences and control characters, each line as it was last drawn
/// (the text after its last carriage return, backspaces applied), trailing spaces and leading
/// and trailing blank lines removed.
pub(crate) fn clean(output: &str) -> String {
    let plain = strip_escapes(output);
    let lines: Vec<String> = plain
        .replace("\r\n", "\n")
        .split('\n')
        .map(redraw)
        .collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// One line as the terminal last showed it.
fn redraw(line: &str) -> String {
    let visible = line.rsplit('\r').next().unwrap_or(line);
    let mut shown = String::with_capacity(visible.len());
    for character in visible.chars() {
        match character {
            '\u{8}' => {
                shown.pop();
            }
            '\t' => shown.push('\t'),
            character if character.is_control() => {}
            character => shown.push(character),
        }
    }
    shown.trim_end().to_owned()
}

/// `text` without ANSI escape sequences: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or
/// `ESC \`), the other string sequences (DCS, SOS, PM, APC, ended by `ESC \`), and two-character
/// escapes.
fn strip_escapes(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        if character != '\x1B' {
            plain.push(character);
            continue;
        }
        match characters.next() {
            Some('[') => {
                // Parameters and intermediates, then one final byte in `@`..=`~`.
                for next in characters.by_ref() {
                    if ('@'..='~').contains(&next) {
                        break;
                    }
                }
            }
            Some(']' | 'P' | 'X' | '^' | '_') => {
                while let Some(next) = characters.next() {
                    if next == '\x07' {
                        break;
                    }
                    if next == '\x1B' && characters.peek() == Some(&'\\') {
                        characters.next();
                        break;
                    }
                }
            }
            // A two-character escape (such as `ESC =` or `ESC 7`), or a lone escape at the end.
            _ => {}
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_shell_integration_marks_are_removed() {
        let raw = "\x1B]633;A\x07$ \x1B]633;B\x07cargo test\x1B]633;C\x07\r\n\
                   \x1B[32;1mok\x1B[0m 3 passed\r\n\x1B]633;D;0\x1B\\";
        assert_eq!(clean(raw), "$ cargo test\nok 3 passed");
    }

    #[test]
    fn progress_redraws_and_backspaces_leave_the_last_state() {
        assert_eq!(clean("10%\r50%\r100% done\n"), "100% done");
        assert_eq!(clean("abcd\u{8}\u{8}xy\n"), "abxy");
        assert_eq!(clean("bell\x07 here\n"), "bell here");
    }

    #[test]
    fn blank_edges_and_trailing_spaces_go() {
        assert_eq!(clean("\n\n  indented   \nnext\t\n\n"), "  indented\nnext");
        assert_eq!(clean("\x1B[2J\x1B[H\n \n"), "");
    }
}
