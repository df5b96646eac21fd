//! Glob patterns for one path segment, as gitignore(5) and git's `wildmatch` define them: `*`
//! matches any run of characters, `?` any one character, `[...]` one character of a class
//! (ranges, `!` or `^` to negate, `]` first to include it, POSIX classes such as `[:digit:]`),
//! and a backslash makes the next character literal. Segments never contain `/`, so no wildcard
//! crosses one; `**` as a whole segment is handled by the caller, and anywhere else it is `*`.

/// One segment's pattern, compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SegmentGlob {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    AnyOne,
    AnyRun,
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ClassItem {
    Range(char, char),
    Named(NamedClass),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamedClass {
    Alnum,
    Alpha,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Xdigit,
}

impl NamedClass {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "alnum" => Self::Alnum,
            "alpha" => Self::Alpha,
            "blank" => Self::Blank,
            "cntrl" => Self::Cntrl,
            "digit" => Self::Digit,
            "graph" => Self::Graph,
            "lower" => Self::Lower,
            "print" => Self::Print,
            "punct" => Self::Punct,
            "space" => Self::Space,
            "upper" => Self::Upper,
            "xdigit" => Self::Xdigit,
            _ => return None,
        })
    }

    fn contains(self, character: char) -> bool {
        match self {
            Self::Alnum => character.is_ascii_alphanumeric(),
            Self::Alpha => character.is_ascii_alphabetic(),
            Self::Blank => matches!(character, ' ' | '\t'),
            Self::Cntrl => character.is_ascii_control(),
            Self::Digit => character.is_ascii_digit(),
            Self::Graph => character.is_ascii_graphic(),
            Self::Lower => character.is_ascii_lowercase(),
            Self::Print => character.is_ascii_graphic() || character == ' ',
            Self::Punct => character.is_ascii_punctuation(),
            Self::Space => character.is_ascii_whitespace() || character == '\x0B',
            Self::Upper => character.is_ascii_uppercase(),
            Self::Xdigit => character.is_ascii_hexdigit(),
        }
    }
}

impl SegmentGlob {
    /// Compiles one segment. `None` when the pattern can never match, as git's `wildmatch`
    /// treats it: an unclosed `[` or a backslash with nothing after it.
    pub(crate) fn compile(pattern: &str) -> Option<Self> {
        let characters: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut index = 0;
        while index < characters.len() {
            match characters[index] {
                '\\' => {
                    tokens.push(Token::Literal(*characters.get(index + 1)?));
                    index += 2;
                }
                '?' => {
                    tokens.push(Token::AnyOne);
                    index += 1;
                }
                '*' => {
                    if tokens.last() != Some(&Token::AnyRun) {
                        tokens.push(Token::AnyRun);
                    }
                    index += 1;
                }
                '[' => {
                    let (class, next) = compile_class(&characters, index + 1)?;
                    tokens.push(class);
                    index = next;
                }
                literal => {
                    tokens.push(Token::Literal(literal));
                    index += 1;
                }
            }
        }
        Some(Self { tokens })
    }

    /// Whether the glob matches all of `segment`.
    pub(crate) fn matches(&self, segment: &str) -> bool {
        let text: Vec<char> = segment.chars().collect();
        let tokens = &self.tokens;
        // The classic backtracking matcher: on a mismatch, let the latest `*` take one more
        // character and retry from there. Without `/` in a segment this is exact.
        let (mut token, mut position) = (0usize, 0usize);
        let mut backtrack: Option<(usize, usize)> = None;
        while position < text.len() {
            match tokens.get(token) {
                Some(Token::AnyRun) => {
                    backtrack = Some((token, position));
                    token += 1;
                    continue;
                }
                Some(single) if single.matches_one(text[position]) => {
                    token += 1;
                    position += 1;
                    continue;
                }
                _ => {}
            }
            match backtrack {
                Some((star, start)) => {
                    token = star + 1;
                    position = start + 1;
                    backtrack = Some((star, start + 1));
                }
                None => return false,
            }
        }
        tokens[token..].iter().all(|rest| *rest == Token::AnyRun)
    }
}

impl Token {
    fn matches_one(&self, character: char) -> bool {
        match self {
            Self::Literal(literal) => *literal == character,
            Self::AnyOne => true,
            Self::AnyRun => false,
            Self::Class { negated, items } => {
                items.iter().any(|item| match item {
                    ClassItem::Range(low, high) => (*low..=*high).contains(&character),
                    ClassItem::Named(class) => class.contains(character),
                }) != *negated
            }
        }
    }
}

/// Compiles a class whose `[` was just before `start`; returns it and the index after its `]`.
fn compile_class(characters: &[char], start: usize) -> Option<(Token, usize)> {
    let mut index = start;
    let negated = matches!(characters.get(index), Some('!' | '^'));
    if negated {
        index += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let mut character = *characters.get(index)?;
        if character == ']' && !first {
            return Some((Token::Class { negated, items }, index + 1));
        }
        first = false;
        if character == '[' && characters.get(index + 1) == Some(&':') {
            let rest = &characters[index + 2..];
            let end = rest.windows(2).position(|pair| pair == [':', ']'])?;
            let name: String = rest[..end].iter().collect();
            // An unknown class name makes the whole pattern invalid, as in wildmatch.
            items.push(ClassItem::Named(NamedClass::parse(&name)?));
            index += 2 + end + 2;
            continue;
        }
        if character == '\\' {
            index += 1;
            character = *characters.get(index)?;
        }
        index += 1;
        let is_range = characters.get(index) == Some(&'-')
            && characters.get(index + 1).is_some_and(|&next| next != ']');
        if is_range {
            let mut high = characters[index + 1];
            index += 2;
            if high == '\\' {
                high = *characters.get(index)?;
                index += 1;
            }
            items.push(ClassItem::Range(character, high));
        } else {
            items.push(ClassItem::Range(character, character));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, segment: &str) -> bool {
        SegmentGlob::compile(pattern).is_some_and(|glob| glob.matches(segment))
    }

    #[test]
    fn wildcards() {
        assert!(matches("*.rs", "main.rs"));
        assert!(matches("*.rs", ".rs"));
        assert!(!matches("*.rs", "main.rsx"));
        assert!(matches("a*b*c", "aXXbYYc"));
        assert!(matches("a*b*c", "abc"));
        assert!(!matches("a*b*c", "acb"));
        assert!(matches("?.txt", "a.txt"));
        assert!(!matches("?.txt", "ab.txt"));
        assert!(matches("**", "anything"));
        assert!(matches("a**z", "abcz"));
        assert!(matches("*", ""));
        assert!(!matches("?", ""));
    }

    #[test]
    fn classes() {
        assert!(matches("[abc].txt", "b.txt"));
        assert!(!matches("[abc].txt", "d.txt"));
        assert!(matches("[a-c]x", "bx"));
        assert!(matches("[!a-c]x", "dx"));
        assert!(!matches("[^a-c]x", "ax"));
        assert!(matches("[]]", "]"));
        assert!(matches("[!]]", "a"));
        assert!(matches("[a-]", "-"));
        assert!(matches("file[0-9][[:digit:]]", "file42"));
        assert!(!matches("[[:upper:]]*", "lower"));
        assert!(matches("[\\]]", "]"));
    }

    #[test]
    fn escapes_make_characters_literal() {
        assert!(matches("\\#file", "#file"));
        assert!(matches("\\!important", "!important"));
        assert!(matches("a\\*", "a*"));
        assert!(!matches("a\\*", "ab"));
        assert!(matches("\\?", "?"));
    }

    #[test]
    fn invalid_patterns_never_match() {
        assert_eq!(SegmentGlob::compile("[abc"), None);
        assert_eq!(SegmentGlob::compile("abc\\"), None);
        assert_eq!(SegmentGlob::compile("[[:nonsense:]]"), None);
    }

    #[test]
    fn non_ascii_characters_are_single_characters() {
        assert!(matches("caf?", "café"));
        assert!(matches("*é", "résumé"));
    }
}
