//! Tokenization and sentence splitting for news text.
//!
//! Owns the byte-offset [`Token`]s every later stage works on. Words keep abbreviation periods ("U.S.", "Mr."),
//! internal apostrophes and hyphens ("O'Donnell", "al-Qaida"); possessive "'s" / "’s" and "n't" become tokens of
//! their own, as in the training data; numbers keep their separators ("1,000", "3.5").

use std::ops::Range;

/// A token: a byte range of the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text within `text` (the string it was cut from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Abbreviations whose final period belongs to the word (compared case-insensitively, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "maj", "adm", "cmdr",
    "st", "jr", "sr", "inc", "corp", "ltd", "co", "bros", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct",
    "nov", "dec", "no", "vs", "rev", "hon", "pres", "ft", "mt", "gens", "messrs", "cpl", "pvt", "supt", "insp", "det",
    "ave", "blvd", "dept", "univ", "assn", "est", "approx", "fig", "e.g", "i.e", "etc", "u.s", "u.k", "u.n",
];

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.is_empty() {
        return false;
    }
    // Single capital letter initials: "J." in "George W. Bush".
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next())
        && c.is_uppercase()
    {
        return true;
    }
    // Letters with internal periods: "U.S", "U.N", "a.m".
    if w.contains('.')
        && w.split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(w))
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’' || c == 'ʼ'
}

/// Characters split off the start of a word.
fn is_leading_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '(' | '[' | '{' | '<' | '*' | '¿' | '¡' | '—' | '–'
    )
}

/// Characters split off the end of a word (the period is handled separately).
fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | ')'
            | ']'
            | '}'
            | '>'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '*'
            | '…'
            | '—'
            | '–'
    )
}

/// Split `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace (ASCII fast path, then Unicode).
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b >= 0x80 {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                break;
            }
            if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_whitespace() {
                    break;
                }
                i += c.len_utf8();
            } else {
                i += 1;
            }
        }
        split_chunk(text, start, i, &mut out);
    }
    out
}

/// Split one whitespace-free chunk `text[start..end]` into tokens.
fn split_chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    // Most chunks begin and end with an ASCII letter or digit: no punctuation to split off either end.
    let bytes = text.as_bytes();
    if bytes[start].is_ascii_alphanumeric() && bytes[end - 1].is_ascii_alphanumeric() {
        split_word(text, start, end, out);
        return;
    }
    // Leading punctuation, one token each.
    while start < end {
        let c = text[start..end].chars().next().unwrap_or(' ');
        if is_leading_punct(c) && end - start > c.len_utf8() {
            out.push(Token {
                start,
                end: start + c.len_utf8(),
            });
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected in reverse.
    let mut trailing: Vec<Token> = Vec::new();
    loop {
        if start >= end {
            break;
        }
        let c = text[start..end].chars().next_back().unwrap_or(' ');
        if end - start == c.len_utf8() {
            break;
        }
        if is_trailing_punct(c) {
            trailing.push(Token {
                start: end - c.len_utf8(),
                end,
            });
            end -= c.len_utf8();
            continue;
        }
        if c == '.' {
            let word = &text[start..end];
            // "..." stays together as one token.
            if word.ends_with("...") && word.len() > 3 {
                trailing.push(Token { start: end - 3, end });
                end -= 3;
                continue;
            }
            if is_abbreviation(word) {
                break;
            }
            trailing.push(Token { start: end - 1, end });
            end -= 1;
            continue;
        }
        break;
    }
    if start < end {
        split_word(text, start, end, out);
    }
    out.extend(trailing.into_iter().rev());
}

/// Split clitics off a word: "Zelenskyy's" -> "Zelenskyy" "'s"; "don't" -> "do" "n't"; "workers'" -> "workers" "'".
fn split_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    // Nearly every word has no apostrophe of any kind (all of them are `'` or start with a byte >= 0x80).
    if !word.bytes().any(|b| b == b'\'' || b >= 0x80) {
        out.push(Token { start, end });
        return;
    }
    // The last four characters, last first.
    let mut rev = word.char_indices().rev();
    let (last, second, third, fourth) = (rev.next(), rev.next(), rev.next(), rev.next());
    if let (Some((_, last)), Some((ai, a)), Some(_)) = (last, second, third) {
        if is_apostrophe(a) && (last == 's' || last == 'S') {
            out.push(Token { start, end: start + ai });
            out.push(Token { start: start + ai, end });
            return;
        }
        if let (Some((ni, nc)), Some(_)) = (third, fourth)
            && (nc == 'n' || nc == 'N')
            && is_apostrophe(a)
            && (last == 't' || last == 'T')
        {
            out.push(Token { start, end: start + ni });
            out.push(Token { start: start + ni, end });
            return;
        }
    }
    if let (Some((ai, a)), Some(_)) = (last, second)
        && is_apostrophe(a)
    {
        out.push(Token { start, end: start + ai });
        out.push(Token { start: start + ai, end });
        return;
    }
    out.push(Token { start, end });
}

/// Split a token sequence into sentences, returned as token index ranges.
///
/// A sentence ends after ".", "!", "?" (and closing quotes that follow them) when the next token starts with an
/// uppercase letter, a digit or an opening quote; at a blank line; and at a line break after a line with no final
/// punctuation (headlines, datelines, list items).
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut begin = 0;
    for i in 0..tokens.len() {
        if i + 1 == tokens.len() {
            out.push(begin..i + 1);
            break;
        }
        let tok = tokens[i].text(text);
        let next = tokens[i + 1];
        let gap = &text[tokens[i].end..next.start];
        let newlines = gap.bytes().filter(|&b| b == b'\n').count();
        let ends_punct = matches!(tok, "." | "!" | "?" | "..." | "…");
        let closes = matches!(tok, "\"" | "”" | "’" | "'" | ")")
            && i > begin
            && matches!(tokens[i - 1].text(text), "." | "!" | "?");
        let mut split = newlines >= 2;
        if !split && newlines == 1 {
            // A line break ends a sentence unless the line is plainly wrapped mid-sentence.
            let last = tok.chars().last().unwrap_or('.');
            split = ends_punct || closes || !(last.is_alphanumeric() || last == ',');
            if !split {
                let line_start = text[..tokens[i].start].rfind('\n').map_or(0, |p| p + 1);
                let line_len = tokens[i].end - line_start;
                split = line_len < 70;
            }
        }
        if !split && (ends_punct || closes) {
            let c = next.text(text).chars().next().unwrap_or('a');
            split = c.is_uppercase() || c.is_numeric() || is_leading_punct(c);
        }
        if !split && i + 1 - begin >= 300 {
            split = true;
        }
        if split {
            out.push(begin..i + 1);
            begin = i + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn abbreviations_and_possessives() {
        assert_eq!(
            words("Mr. Zelenskyy's talks with the U.S. ended."),
            vec!["Mr.", "Zelenskyy", "'s", "talks", "with", "the", "U.S.", "ended", "."]
        );
        assert_eq!(words("Zelenskyy’s aide"), vec!["Zelenskyy", "’s", "aide"]);
        assert_eq!(words("Sean O'Donnell"), vec!["Sean", "O'Donnell"]);
        assert_eq!(words("don't"), vec!["do", "n't"]);
    }

    #[test]
    fn quotes_hyphens_digits() {
        assert_eq!(
            words("“Pro-Russian forces,” he said, took 1,000 km (3.5%)."),
            vec![
                "“",
                "Pro-Russian",
                "forces",
                ",",
                "”",
                "he",
                "said",
                ",",
                "took",
                "1,000",
                "km",
                "(",
                "3.5%",
                ")",
                "."
            ]
        );
    }

    #[test]
    fn offsets_are_bytes() {
        let text = "Kyiv — “Zelenskyy”";
        let toks = tokenize(text);
        let z = toks.iter().find(|t| t.text(text) == "Zelenskyy").expect("token");
        assert_eq!(&text[z.start..z.end], "Zelenskyy");
        assert_eq!(toks.len(), 5);
    }

    #[test]
    fn splits_sentences() {
        let text = "Mr. Putin met Gen. Smith in the U.S. Army base. They talked.\n\nNEW HEADLINE HERE\nBody text.";
        let toks = tokenize(text);
        let s = sentences(text, &toks);
        let firsts: Vec<&str> = s.iter().map(|r| toks[r.start].text(text)).collect();
        assert_eq!(firsts, vec!["Mr.", "They", "NEW", "Body"]);
    }
}
