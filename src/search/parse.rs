//! The query language's syntax: turning a query string into a [`Node`] tree, with 1-based character positions in
//! every error.
//!
//! ```text
//! query    := or
//! or       := and ("OR" and)*
//! and      := unary (["AND"] unary)*          AND is the default
//! unary    := ("NOT" | "-") unary | "+" unary | primary
//! primary  := "(" or ")" | FIELD ":" value | value
//! value    := WORD ["~" [N]] | "\"" PHRASE "\"" ["~" [N]] | "(" or ")" | "[" WORD "TO" WORD "]"
//! ```

use crate::error::Error;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// `+term`: required even among alternatives (`a OR +b` needs b; a only ranks higher).
    Required(Box<Node>),
    /// A word or a quoted phrase, in a field (None: title and body).
    Text {
        field: Option<String>,
        text: String,
        phrase: bool,
        /// `~` after the value: edit distance for words, slop for phrases.
        fuzzy: Option<u8>,
        /// Character position (1-based) of the value, for error messages.
        position: usize,
    },
    /// `field:[lo TO hi]` (inclusive) or `field:{lo TO hi}` (exclusive); `*` for an open end.
    Range {
        field: String,
        lower: Option<String>,
        upper: Option<String>,
        inclusive: bool,
        position: usize,
    },
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    /// How many groups and prefix operators (`NOT`, `-`, `+`) enclose the cursor.
    depth: usize,
    _src: &'a str,
}

/// The deepest a query may nest groups and prefix operators. Deeper queries are refused with an error, not parsed
/// into a tree whose compiling (and dropping) would overflow the stack.
pub const MAX_DEPTH: usize = 100;

fn err(position: usize, message: impl Into<String>) -> Error {
    Error::Query {
        position,
        message: message.into(),
    }
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '(' | ')' | '"' | '~' | '[' | ']' | '{' | '}' | '“' | '”')
}

/// Parse a query string.
pub fn parse(query: &str) -> Result<Node, Error> {
    let mut p = Parser {
        chars: query.chars().collect(),
        pos: 0,
        depth: 0,
        _src: query,
    };
    p.skip_ws();
    if p.at_end() {
        return Err(err(1, "the query is empty"));
    }
    let node = p.parse_or(None)?;
    p.skip_ws();
    if let Some(c) = p.peek() {
        let message = if c == ')' {
            "unmatched `)`".to_string()
        } else {
            format!("unexpected `{c}`")
        };
        return Err(err(p.pos + 1, message));
    }
    Ok(node)
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// The bare word starting at the cursor, without consuming it.
    fn peek_word(&self) -> String {
        self.chars[self.pos..]
            .iter()
            .take_while(|c| is_word_char(**c))
            .collect()
    }

    /// True when the cursor is at keyword `kw` followed by a space, `(`, a quote or the end. (Compared in place:
    /// reading the whole word at the cursor would make a query of one long word take quadratic time.)
    fn at_keyword(&self, kw: &str) -> bool {
        let mut at = self.pos;
        for k in kw.chars() {
            if self.chars.get(at) != Some(&k) {
                return false;
            }
            at += 1;
        }
        self.chars
            .get(at)
            .is_none_or(|&c| c.is_whitespace() || c == '(' || c == '"')
    }

    /// Go one level deeper (a group or a prefix operator at `start`), or fail if that is too deep.
    fn enter(&mut self, start: usize) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(
                start + 1,
                format!("the query nests groups and `NOT`, `-`, `+` more than {MAX_DEPTH} deep"),
            ));
        }
        Ok(())
    }

    fn parse_or(&mut self, field: Option<&str>) -> Result<Node, Error> {
        let mut items = vec![self.parse_and(field)?];
        loop {
            self.skip_ws();
            if self.at_keyword("OR") {
                let kw_pos = self.pos;
                self.pos += 2;
                self.skip_ws();
                if self.at_end() || self.peek() == Some(')') {
                    return Err(err(kw_pos + 1, "`OR` needs something after it"));
                }
                items.push(self.parse_and(field)?);
            } else {
                break;
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn parse_and(&mut self, field: Option<&str>) -> Result<Node, Error> {
        let mut items = vec![self.parse_unary(field)?];
        loop {
            self.skip_ws();
            if self.at_end() || self.peek() == Some(')') || self.at_keyword("OR") {
                break;
            }
            if self.at_keyword("AND") {
                let kw_pos = self.pos;
                self.pos += 3;
                self.skip_ws();
                if self.at_end() || self.peek() == Some(')') {
                    return Err(err(kw_pos + 1, "`AND` needs something after it"));
                }
            }
            items.push(self.parse_unary(field)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn parse_unary(&mut self, field: Option<&str>) -> Result<Node, Error> {
        self.skip_ws();
        let start = self.pos;
        if self.at_keyword("NOT") {
            self.pos += 3;
            self.skip_ws();
            if self.at_end() || self.peek() == Some(')') {
                return Err(err(start + 1, "`NOT` needs something after it"));
            }
            self.enter(start)?;
            let inner = self.parse_unary(field)?;
            self.depth -= 1;
            return Ok(Node::Not(Box::new(inner)));
        }
        match self.peek() {
            Some('-') if self.chars.get(self.pos + 1).is_some_and(|c| !c.is_whitespace()) => {
                self.pos += 1;
                self.enter(start)?;
                let inner = self.parse_unary(field)?;
                self.depth -= 1;
                Ok(Node::Not(Box::new(inner)))
            }
            Some('+') if self.chars.get(self.pos + 1).is_some_and(|c| !c.is_whitespace()) => {
                self.pos += 1;
                self.enter(start)?;
                let inner = self.parse_unary(field)?;
                self.depth -= 1;
                Ok(Node::Required(Box::new(inner)))
            }
            Some('-') | Some('+') => Err(err(start + 1, "`-` and `+` must be followed directly by a term")),
            _ => self.parse_primary(field),
        }
    }

    fn parse_primary(&mut self, field: Option<&str>) -> Result<Node, Error> {
        self.skip_ws();
        let start = self.pos;
        match self.peek() {
            None => Err(err(start + 1, "the query ends where a term was expected")),
            Some(')') => Err(err(start + 1, "unmatched `)`")),
            Some('(') => self.parse_group(field),
            Some('"') | Some('“') => self.parse_phrase(field),
            Some(c @ ('[' | '{' | ']' | '}' | '~')) => Err(err(start + 1, format!("unexpected `{c}`"))),
            Some(c) => {
                let word = self.peek_word();
                if word.is_empty() {
                    return Err(err(start + 1, format!("unexpected `{c}`")));
                }
                // FIELD:value
                if let Some(colon) = word.find(':')
                    && colon > 0
                    && field.is_none()
                    && word[..colon].chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    let name = word[..colon].to_string();
                    self.pos += name.chars().count() + 1;
                    return self.parse_field_value(&name, start);
                }
                self.pos += word.chars().count();
                let fuzzy = self.parse_fuzzy()?;
                Ok(Node::Text {
                    field: field.map(str::to_string),
                    text: word,
                    phrase: false,
                    fuzzy,
                    position: start + 1,
                })
            }
        }
    }

    fn parse_group(&mut self, field: Option<&str>) -> Result<Node, Error> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(')') {
            return Err(err(open + 1, "empty parentheses"));
        }
        if self.at_end() {
            return Err(err(open + 1, "unclosed `(`"));
        }
        self.enter(open)?;
        let inner = self.parse_or(field)?;
        self.depth -= 1;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(err(open + 1, "unclosed `(`"));
        }
        self.pos += 1;
        Ok(inner)
    }

    fn parse_phrase(&mut self, field: Option<&str>) -> Result<Node, Error> {
        let open = self.pos;
        self.parse_phrase_at(field, open)
    }

    /// A quoted phrase at the cursor; `start` is where the term (with its field) began.
    fn parse_phrase_at(&mut self, field: Option<&str>, start: usize) -> Result<Node, Error> {
        let open = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(err(open + 1, "unclosed quote")),
                Some('"') | Some('”') | Some('“') => {
                    self.pos += 1;
                    break;
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        if text.trim().is_empty() {
            return Err(err(open + 1, "empty phrase"));
        }
        let fuzzy = self.parse_fuzzy()?;
        Ok(Node::Text {
            field: field.map(str::to_string),
            text,
            phrase: true,
            fuzzy,
            position: start + 1,
        })
    }

    /// An optional `~` or `~N` right after a value.
    fn parse_fuzzy(&mut self) -> Result<Option<u8>, Error> {
        if self.peek() != Some('~') {
            return Ok(None);
        }
        let tilde = self.pos;
        self.pos += 1;
        let digits: String = self.chars[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            return Ok(Some(0)); // 0: "choose a distance from the word's length"
        }
        self.pos += digits.len();
        match digits.parse::<u8>() {
            Ok(n) if n <= 10 => Ok(Some(n)),
            _ => Err(err(tilde + 1, "`~N` takes a number from 0 to 10")),
        }
    }

    fn parse_field_value(&mut self, name: &str, field_pos: usize) -> Result<Node, Error> {
        let value_pos = self.pos;
        match self.peek() {
            None => Err(err(field_pos + 1, format!("`{name}:` has no value"))),
            Some(c) if c.is_whitespace() => Err(err(field_pos + 1, format!("`{name}:` has no value"))),
            Some('(') => self.parse_group(Some(name)),
            Some('"') | Some('“') => self.parse_phrase_at(Some(name), field_pos),
            Some(open @ ('[' | '{')) => {
                let close = if open == '[' { ']' } else { '}' };
                self.pos += 1;
                let mut inner = String::new();
                loop {
                    match self.peek() {
                        None => return Err(err(value_pos + 1, format!("unclosed `{open}` (expected `{close}`)"))),
                        Some(c) if c == close => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) => {
                            inner.push(c);
                            self.pos += 1;
                        }
                    }
                }
                let parts: Vec<&str> = inner.split_whitespace().collect();
                if parts.len() != 3 || parts[1] != "TO" {
                    return Err(err(
                        value_pos + 1,
                        format!("a range is written `{open}FROM TO UNTIL{close}`"),
                    ));
                }
                let bound = |s: &str| (s != "*").then(|| s.to_string());
                Ok(Node::Range {
                    field: name.to_string(),
                    lower: bound(parts[0]),
                    upper: bound(parts[2]),
                    inclusive: open == '[',
                    position: field_pos + 1,
                })
            }
            Some(_) => {
                let word = self.peek_word();
                if word.is_empty() {
                    return Err(err(value_pos + 1, format!("`{name}:` has no value")));
                }
                self.pos += word.chars().count();
                let fuzzy = self.parse_fuzzy()?;
                Ok(Node::Text {
                    field: Some(name.to_string()),
                    text: word,
                    phrase: false,
                    fuzzy,
                    position: field_pos + 1,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(field: Option<&str>, t: &str, phrase: bool, position: usize) -> Node {
        Node::Text {
            field: field.map(str::to_string),
            text: t.into(),
            phrase,
            fuzzy: None,
            position,
        }
    }

    #[test]
    fn fields_phrases_and_default_and() {
        let q = parse(r#"person:"Vladimir Putin" place:Alaska"#).expect("parses");
        assert_eq!(
            q,
            Node::And(vec![
                text(Some("person"), "Vladimir Putin", true, 1),
                text(Some("place"), "Alaska", false, 25)
            ])
        );
    }

    #[test]
    fn or_not_minus_and_groups() {
        let q = parse("person:(putin OR zelenskyy) -nato NOT iran").expect("parses");
        let Node::And(items) = q else { panic!("and expected") };
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0],
            Node::Or(vec![
                text(Some("person"), "putin", false, 9),
                text(Some("person"), "zelenskyy", false, 18)
            ])
        );
        assert_eq!(items[1], Node::Not(Box::new(text(None, "nato", false, 30))));
        assert_eq!(items[2], Node::Not(Box::new(text(None, "iran", false, 39))));
    }

    #[test]
    fn fuzzy_and_ranges() {
        let q = parse("person:zelensky~ date:[2025-08-01 TO *]").expect("parses");
        let Node::And(items) = q else { panic!("and expected") };
        assert!(matches!(&items[0], Node::Text { fuzzy: Some(0), .. }));
        assert_eq!(
            items[1],
            Node::Range {
                field: "date".into(),
                lower: Some("2025-08-01".into()),
                upper: None,
                inclusive: true,
                position: 18
            }
        );
    }

    #[test]
    fn errors_name_their_position() {
        let cases = [
            ("", 1),
            ("(putin", 1),
            ("putin)", 6),
            ("person:\"putin", 8),
            ("nato OR", 6),
            ("person: x", 1),
            ("date:[2025 TO]", 6),
            ("a ()", 3),
            ("a ”", 3),
        ];
        for (q, pos) in cases {
            match parse(q) {
                Err(Error::Query { position, .. }) => assert_eq!(position, pos, "{q}"),
                other => panic!("{q}: {other:?}"),
            }
        }
    }

    #[test]
    fn keywords_only_in_capitals() {
        let q = parse("war or peace").expect("parses");
        assert!(matches!(q, Node::And(ref v) if v.len() == 3));
    }

    #[test]
    fn nesting_is_limited_and_the_error_names_where_it_goes_too_deep() {
        let deep = |n: usize| format!("{}nato{}", "(".repeat(n), ")".repeat(n));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        for (q, pos) in [
            (deep(10_000), MAX_DEPTH + 1),
            (format!("a {}b", "NOT ".repeat(20_000)), 3 + 4 * MAX_DEPTH),
            (format!("{}nato", "-".repeat(50_000)), MAX_DEPTH + 1),
            (format!("x person:{}", deep(MAX_DEPTH + 1)), 10 + MAX_DEPTH),
        ] {
            match parse(&q) {
                Err(Error::Query { position, message }) => {
                    assert_eq!(position, pos, "{}", &q[..20]);
                    assert!(message.contains("deep"), "{message}");
                }
                other => panic!("{}: {other:?}", &q[..20]),
            }
        }
        // Long words and long lists are no nesting.
        assert!(parse(&"w".repeat(100_000)).is_ok());
        assert!(parse(&vec!["w"; 20_000].join(" OR ")).is_ok());
    }
}
