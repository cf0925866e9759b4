//! The word lists of the gazetteer (`data/title_words.tsv`, `data/org_words.tsv`, `data/group_adjectives.txt`,
//! the first names and the common lower-case words), and the questions about single words that a search asks
//! without loading the full gazetteer.

use std::sync::OnceLock;

use super::key_lists;
use super::keys::{HashKeySet, phrase_key, set_of};
use super::{FIRST_NAMES, FIRST_NAMES_COMMON, FULL, GROUP_ADJECTIVES, LOWER_WORDS, ORG_WORDS, TITLE_WORDS};
use crate::extract::hashing::hash_lower;

/// The rows of a word list: lines without comments or blanks, trimmed.
pub(super) fn rows(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The title words, each with whether a title can start with it.
pub(super) fn title_words() -> impl Iterator<Item = (&'static str, bool)> {
    rows(TITLE_WORDS).map(|row| match row.split_once('\t') {
        Some((word, position)) => (word, position.trim() != "inner"),
        None => (row, true),
    })
}

/// Words of `org_words.tsv` of the given kinds.
fn org_words(kinds: &'static [&'static str]) -> impl Iterator<Item = &'static str> {
    rows(ORG_WORDS).filter_map(move |row| match row.split_once('\t') {
        Some((word, kind)) if kinds.contains(&kind.trim()) => Some(word),
        _ => None,
    })
}

/// Words that end organization names as the tagger knows them: legal forms and words such as "bank".
pub(super) fn org_suffixes() -> impl Iterator<Item = &'static str> {
    org_words(&["legal", "org"])
}

/// Group adjectives that are not a country's demonym ("european", "sunni").
pub(super) fn group_adjectives() -> impl Iterator<Item = &'static str> {
    rows(GROUP_ADJECTIVES)
}

/// Is `word` (lower case) a legal form ("inc.", "gmbh", "limited")?
pub fn is_legal_form(word: &str) -> bool {
    static LEGAL: OnceLock<Vec<&'static str>> = OnceLock::new();
    LEGAL
        .get_or_init(|| org_words(&["legal", "legal-canonical"]).collect())
        .contains(&word)
}

/// The title word sets, built apart from the rest of the gazetteer so that canonicalizing a person's name (a search
/// query) costs microseconds.
pub(super) struct TitleSets {
    pub(super) titles: HashKeySet,
    pub(super) heads: HashKeySet,
}

pub(super) fn title_sets() -> &'static TitleSets {
    static T: OnceLock<TitleSets> = OnceLock::new();
    T.get_or_init(|| TitleSets {
        titles: set_of(title_words().map(|(word, _)| word)),
        heads: set_of(title_words().filter(|(_, head)| *head).map(|(word, _)| word)),
    })
}

/// [`Gazetteer::is_title`] without loading the gazetteer.
pub fn is_title_word(key: u64) -> bool {
    title_sets().titles.contains(&key)
}

/// [`Gazetteer::is_title_head`] without loading the gazetteer.
pub fn is_title_head_word(key: u64) -> bool {
    title_sets().heads.contains(&key)
}

pub(super) fn first_name_set() -> HashKeySet {
    set_of(
        [FIRST_NAMES, FIRST_NAMES_COMMON]
            .into_iter()
            .flat_map(str::lines)
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace),
    )
}

/// The common lower-case words, as keys.
pub(super) fn common_word_set() -> HashKeySet {
    set_of(LOWER_WORDS.lines().filter(|l| !l.starts_with('#')).map(str::trim))
}

/// [`Gazetteer::is_first_name`] for one word, without loading the gazetteer (the first names' precomputed keys).
pub fn is_first_name_word(word: &str) -> bool {
    let key = hash_lower(word);
    match FULL.get() {
        Some(g) => g.is_first_name(key),
        None => key_lists::FIRST_NAMES.contains(key),
    }
}

/// [`Gazetteer::is_common_word`] for one word, without loading the gazetteer (the common words' precomputed keys).
pub fn is_common_word_unloaded(word: &str) -> bool {
    let key = hash_lower(word);
    match FULL.get() {
        Some(g) => g.is_common_word(key),
        None => key_lists::COMMON_WORDS.contains(key),
    }
}

/// Is `word` a demonym or group adjective ("American", "Iraqi", "Western"), without loading the gazetteer?
pub fn is_demonym_word(word: &str) -> bool {
    let key = phrase_key(word).0;
    match FULL.get() {
        Some(g) => g.is_demonym(key),
        None => key_lists::DEMONYMS.contains(key) || group_adjectives().any(|d| d.eq_ignore_ascii_case(word)),
    }
}

/// Is `word` one of the words that end organization names ("Inc.", "Bank", "University")?
pub fn is_org_suffix_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    static SUFFIXES: OnceLock<Vec<&'static str>> = OnceLock::new();
    SUFFIXES
        .get_or_init(|| org_suffixes().collect())
        .contains(&lower.as_str())
}
