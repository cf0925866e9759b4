//! Keys of the gazetteer's tables: a phrase is looked up by the hash of its lower-cased tokens
//! ([`crate::extract::hashing`]), in maps whose hasher passes those hashes through.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::extract::hashing::{extend_phrase, hash_lower, hash_phrase};
use crate::extract::tokenize::tokenize;

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by precomputed 64-bit hashes.
pub type HashKeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// A set of precomputed 64-bit hashes.
pub type HashKeySet = HashSet<u64, BuildHasherDefault<IdHasher>>;

/// The phrase hash of a name as the tokenizer splits it ("Washington, D.C." -> "washington , d.c.").
pub fn phrase_key(name: &str) -> (u64, usize) {
    let (key, n, _) = phrase_key_and_first(name);
    (key, n)
}

/// [`phrase_key`], plus the hash of the name's first word ([`hash_lower`]).
pub(super) fn phrase_key_and_first(name: &str) -> (u64, usize, u64) {
    if let Some(key) = plain_phrase_key(name) {
        return key;
    }
    let toks = tokenize(name);
    let words: Vec<&str> = toks.iter().map(|t| t.text(name)).collect();
    let first = words.first().map_or(0, |w| hash_lower(w));
    (hash_phrase(words.iter().copied()), words.len(), first)
}

/// [`phrase_key_and_first`] of a plain name, made of ASCII letters, digits, hyphens and spaces only (the tokenizer
/// would split it at the spaces only), in one pass; `None` for other names. Words are lower-cased into a buffer as
/// they are read so that [`hash_lower`] takes its ASCII path (a word and its lower-cased form hash the same; most
/// names start with a capital).
pub(super) fn plain_phrase_key(name: &str) -> Option<(u64, usize, u64)> {
    let bytes = name.as_bytes();
    let mut buf = [0u8; 32];
    let (mut h, mut n, mut first) = (0, 0, 0);
    let mut start = 0;
    let mut word = |start: usize, end: usize, buf: &[u8; 32]| {
        if end == start {
            return;
        }
        let wh = match buf.get(..end - start) {
            Some(lower) => hash_lower(std::str::from_utf8(lower).unwrap_or(&name[start..end])),
            None => hash_lower(&name[start..end]),
        };
        if n == 0 {
            (h, first) = (wh, wh);
        } else {
            h = extend_phrase(h, wh);
        }
        n += 1;
    };
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' ' {
            word(start, i, &buf);
            start = i + 1;
        } else if b.is_ascii_alphanumeric() || b == b'-' {
            if let Some(slot) = buf.get_mut(i - start) {
                *slot = b.to_ascii_lowercase();
            }
        } else {
            return None;
        }
    }
    word(start, bytes.len(), &buf);
    Some((h, n, first))
}

/// For each word that begins a name of two or more words, the most words such a name has: phrase lookups that
/// start at any other word stop after one word.
pub type PhraseStarts = HashKeyMap<u8>;

pub(super) fn note_start(starts: &mut PhraseStarts, first: u64, tokens: usize) {
    if tokens > 1 {
        let m = starts.entry(first).or_insert(1);
        *m = (*m).max(tokens.min(usize::from(u8::MAX)) as u8);
    }
}

/// The most words a name starting with `first` can have in `starts` (1 when none has more).
#[inline]
pub fn longest_from(starts: &PhraseStarts, first: u64) -> usize {
    starts.get(&first).map_or(1, |&m| usize::from(m))
}

/// `s` split at the first `sep` byte (an ASCII byte), like `split_once`.
pub(super) fn split_byte(s: &str, sep: u8) -> (&str, Option<&str>) {
    match s.bytes().position(|b| b == sep) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    }
}

pub(super) fn set_of<'a>(words: impl Iterator<Item = &'a str>) -> HashKeySet {
    words.map(hash_lower).collect()
}
