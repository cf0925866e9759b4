//! The name inventory: which full names a surname or a short form stands for, across the whole index.
//!
//! Each article adds to the `name_keys` field one term per full person name it mentions,
//! `p␟surname␟full name` ("p␟einstein␟albert einstein"), and one per short form of each organization name of
//! several words (see [`org_short_forms`]), `o␟short form␟full name` ("o␟delta␟delta air lines"). All words are folded as the `name`
//! analyzer folds them. Search reads the terms under a prefix ("p␟einstein␟") from the term dictionary to learn
//! which full names the index knows for a short form, so that `person:"Albert Einstein"` can also find an article
//! that only says "Einstein" when no other Einstein is known, and facets can show "Einstein" as "Albert Einstein".
//!
//! A mention whose type newsdex is sure of (see [`crate::article::Mention::confident`]) adds `=kind␟name`
//! ("=l␟alaska"): search uses it to rule out an article whose only "Alaska" is a known place when the query asks
//! for a person named Alaska.
//!
//! The terms of deleted documents stay in the dictionary until their segment is merged: a short form can look
//! ambiguous a little longer than it is, never the other way round.

use std::collections::BTreeSet;

use tantivy::schema::Field;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};

use crate::article::EntityKind;
use crate::extract::gazetteer;

/// Separates the parts of a key; never part of a folded word.
const SEP: char = '\u{1f}';

/// Words that end a person's name without being the surname.
const NAME_SUFFIXES: &[&str] = &["jr", "sr", "i", "ii", "iii", "iv", "v", "junior", "senior"];

/// The words of a name, lower-cased and ASCII-folded, as the `name` analyzer gives them (without the umlaut
/// variants).
pub fn key_words(name: &str) -> Vec<String> {
    // ASCII text: the analyzer's split (at every character that is not alphanumeric) and lower-casing, directly.
    if name.is_ascii() {
        return name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
    }
    thread_local! {
        static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
    ANALYZER.with(|a| super::analyzers::terms(&mut a.borrow_mut(), name))
}

/// Where a person's surname is among the folded words of the name: the last word that is not a suffix ("Jr."),
/// when the name has a word before it.
pub fn surname_at(words: &[String]) -> Option<usize> {
    let mut end = words.len();
    while end > 1 && NAME_SUFFIXES.contains(&words[end - 1].as_str()) {
        end -= 1;
    }
    (end >= 2).then(|| end - 1)
}

fn tag(kind: EntityKind) -> Option<char> {
    match kind {
        EntityKind::Person => Some('p'),
        EntityKind::Org => Some('o'),
        EntityKind::Place => None,
    }
}

fn kind_letter(kind: EntityKind) -> char {
    match kind {
        EntityKind::Person => 'p',
        EntityKind::Place => 'l',
        EntityKind::Org => 'o',
    }
}

/// The term saying that an article names `name` as a `kind` and newsdex is sure of the type.
pub fn sure_key(kind: EntityKind, name: &str) -> String {
    format!("={}{SEP}{}", kind_letter(kind), key_words(name).join(" "))
}

fn key(tag: char, short: &str, full: &str) -> String {
    format!("{tag}{SEP}{short}{SEP}{full}")
}

/// The inventory terms for one canonical name of an article.
pub fn keys_for(kind: EntityKind, name: &str) -> Vec<String> {
    let words = key_words(name);
    let full = words.join(" ");
    match kind {
        EntityKind::Person => surname_at(&words)
            .map(|i| vec![key('p', &words[i], &full)])
            .unwrap_or_default(),
        EntityKind::Org => org_short_forms(&words)
            .into_iter()
            .map(|short| key('o', &short, &full))
            .collect(),
        _ => Vec::new(),
    }
}

/// Words that head the names of government bodies written "Department of the Treasury", whose last part is a
/// name of its own ("Treasury").
const BODY_HEADS: &[&str] = &["department", "ministry", "office", "bureau", "secretariat"];

/// The short forms an organization's name (folded words) may be written in: its leading words ("delta", "delta
/// air" for "delta air lines"), the name without a leading country, place or nationality ("air force" for
/// "united states air force", "bundesbank" for "deutsche bundesbank"), and what follows "Department of (the)"
/// ("treasury" for "united states department of the treasury").
pub fn org_short_forms(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = (1..words.len()).map(|j| words[..j].join(" ")).collect();
    if let Some(at) = words
        .windows(2)
        .position(|w| BODY_HEADS.contains(&w[0].as_str()) && w[1] == "of")
    {
        let mut rest = at + 2;
        if words.get(rest).is_some_and(|w| w == "the") {
            rest += 1;
        }
        if rest < words.len() {
            out.push(words[rest..].join(" "));
        }
    }
    for q in 1..words.len().min(4) {
        let qualifier = words[..q].join(" ");
        if gazetteer::is_major_place(&qualifier) || (q == 1 && gazetteer::is_demonym_word(&qualifier)) {
            out.push(words[q..].join(" "));
            break;
        }
    }
    out
}

/// The full names (folded) the index records for a short form (folded words joined by spaces): for a person a
/// surname, for an organization its first words. At most `max` are returned; more means "many".
pub fn full_names(
    searcher: &tantivy::Searcher,
    field: Field,
    kind: EntityKind,
    short: &str,
    max: usize,
) -> tantivy::Result<Vec<String>> {
    let Some(tag) = tag(kind) else {
        return Ok(Vec::new());
    };
    let prefix = format!("{tag}{SEP}{short}{SEP}");
    let mut end = prefix.clone().into_bytes();
    // The byte after SEP: every key with this prefix sorts before it.
    if let Some(last) = end.last_mut() {
        *last += 1;
    }
    let mut found = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().range().ge(prefix.as_bytes()).lt(&end).into_stream()?;
        while stream.advance() {
            if let Ok(k) = std::str::from_utf8(stream.key())
                && let Some(full) = k.strip_prefix(&prefix)
            {
                found.insert(full.to_string());
                if found.len() > max {
                    return Ok(found.into_iter().collect());
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sure_keys_fold_the_name() {
        assert_eq!(sure_key(EntityKind::Place, "Alaska"), "=l\u{1f}alaska");
        assert_eq!(sure_key(EntityKind::Org, "Bank of  Åland"), "=o\u{1f}bank of aland");
    }

    #[test]
    fn keys_name_surnames_and_leading_parts() {
        assert_eq!(
            keys_for(EntityKind::Person, "Albert Einstein"),
            vec!["p\u{1f}einstein\u{1f}albert einstein"]
        );
        assert_eq!(
            keys_for(EntityKind::Person, "Martin Luther King Jr."),
            vec!["p\u{1f}king\u{1f}martin luther king jr"]
        );
        assert!(keys_for(EntityKind::Person, "Einstein").is_empty());
        assert_eq!(
            keys_for(EntityKind::Org, "Delta Air Lines"),
            vec![
                "o\u{1f}delta\u{1f}delta air lines",
                "o\u{1f}delta air\u{1f}delta air lines"
            ]
        );
        assert!(keys_for(EntityKind::Org, "Boeing").is_empty());
        assert!(
            keys_for(EntityKind::Org, "United States Department of the Treasury")
                .contains(&"o\u{1f}treasury\u{1f}united states department of the treasury".to_string())
        );
        assert!(
            keys_for(EntityKind::Org, "United States Air Force")
                .contains(&"o\u{1f}air force\u{1f}united states air force".to_string())
        );
        assert!(keys_for(EntityKind::Place, "New York").is_empty());
        assert_eq!(key_words("José  Martí's"), vec!["jose", "marti", "s"]);
        // The ASCII shortcut gives what the analyzer gives.
        for name in [
            "Standard & Poor's",
            "AT&T Inc.",
            "U.S. Steel",
            "Jean-Luc  Picard",
            "3M",
            "A1237 road",
        ] {
            let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build();
            assert_eq!(
                key_words(name),
                super::super::analyzers::terms(&mut analyzer, name),
                "{name}"
            );
        }
        let w = key_words("Juan Carlos I");
        assert_eq!(surname_at(&w), Some(1));
    }
}
