//! Unicode clean-up of stored text, line by line: NFC composition, no-break and other exotic spaces
//! mapped to a plain space, zero-width characters, direction marks, soft hyphens and stray control
//! characters removed, runs of spaces collapsed. Typographic quotes and dashes are kept as written
//! (the index analyzers split words on them, so they never need folding).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Clean one line of text for storage. Idempotent.
pub fn clean_line(line: &str) -> String {
    if is_clean_ascii(line.as_bytes()) || is_clean_unicode(line) {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut last_space = true; // trims leading spaces
    for c in line.chars() {
        let mapped = match c {
            // Zero-width and invisible formatting characters, soft hyphen, BOM.
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => continue,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => continue,
            // Spaces of every width, and tabs.
            '\t' | '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if mapped == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(mapped);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    if out.is_ascii() || is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

/// A line with other characters that `clean_line` would return unchanged: no character it maps or removes, single
/// spaces, none at either end, already NFC (lines with curly quotes or accented letters, the common case outside
/// plain ASCII).
fn is_clean_unicode(line: &str) -> bool {
    if line.starts_with(' ') || line.ends_with(' ') {
        return false;
    }
    let mut prev_space = false;
    for c in line.chars() {
        let ok = match c {
            ' ' => !prev_space,
            c if c.is_ascii() => !c.is_ascii_control(),
            '\u{00A0}' | '\u{00AD}' | '\u{1680}' | '\u{180E}' | '\u{2000}'..='\u{200F}' | '\u{2028}'..='\u{202F}' => {
                false
            }
            '\u{205F}'..='\u{206F}' | '\u{3000}' | '\u{FEFF}' => false,
            c => !c.is_control(),
        };
        if !ok {
            return false;
        }
        prev_space = c == ' ';
    }
    is_nfc_quick(line.chars()) == IsNormalized::Yes
}

/// A line `clean_line` would return unchanged, checked fast: printable ASCII only, single spaces, none at either
/// end (most lines of most articles).
fn is_clean_ascii(b: &[u8]) -> bool {
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        if !(0x20..0x7f).contains(&c) {
            return false;
        }
        let space = c == b' ';
        if space && prev_space {
            return false;
        }
        prev_space = space;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unicode_fast_path_agrees_with_the_slow_one() {
        for line in [
            "Caf\u{e9} \u{201c}quoted\u{201d} \u{2014} fine",
            "Caf\u{e9}\u{a0}nbsp",
            "zero\u{200b}width",
            "Cafe\u{301} decomposed",
            "two  spaces \u{e9}",
            " lead \u{e9}",
            "tab\t\u{e9}",
            "\u{2066}isolate\u{2069}",
        ] {
            let slow = {
                // What clean_line gives without the fast paths.
                let mut owned = line.to_owned();
                owned.push('\u{200b}');
                clean_line(&owned)
            };
            assert_eq!(is_clean_unicode(line), slow == line, "{line:?}");
            assert_eq!(clean_line(line), slow, "{line:?}");
        }
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(clean_line("Cafe\u{301}"), "Caf\u{e9}");
    }

    #[test]
    fn spaces_and_invisibles() {
        assert_eq!(
            clean_line("\u{a0} a\u{a0}\u{a0}b\u{200b}c\u{ad}d\u{feff}\t e  "),
            "a bcd e"
        );
        assert_eq!(clean_line("x\u{202f}y\u{3000}z"), "x y z");
        let once = clean_line("  Caf\u{e9}\u{a0} ok ");
        assert_eq!(clean_line(&once), once);
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_full_cleaning() {
        for line in [
            "Plain line.",
            "a",
            "",
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "bell\u{7}x",
            "del\u{7f}x",
        ] {
            assert_eq!(is_clean_ascii(line.as_bytes()), clean_line(line) == line, "{line:?}");
        }
        assert_eq!(clean_line("two  spaces "), "two spaces");
        assert_eq!(clean_line("tab\there"), "tab here");
    }
}
