//! The lookup path of a search: the canonical name of one place without loading the full gazetteer, by one pass
//! over the lines of `places.tsv` (and `city_aliases.tsv`) that may hold it. It answers exactly as the loaded
//! gazetteer would (tests compare the two on samples of every table).

use std::sync::atomic::{AtomicU32, Ordering};

use super::key_lists::major_place_name;
use super::keys::phrase_key;
use super::{CITY_ALIASES, FULL, Gazetteer, PLACES};

/// Passes over `places.tsv` made by [`place_name`] in this process.
pub(super) static SCANS: AtomicU32 = AtomicU32::new(0);

/// After this many passes over `places.tsv` (a tenth of a millisecond or so each: one letter's block of lines),
/// [`place_name`] loads the full gazetteer instead (tens of milliseconds, then every lookup is a hash probe). Search
/// canonicalizes a handful of values per query; this bounds the cost for any caller that canonicalizes many.
pub(super) const MAX_SCANS: u32 = 16;

/// The canonical name of the place `name` names ("Kiev" -> "Kyiv", "U.S." -> "United States"): always the same as
/// `Gazetteer::get().place(name)` and [`Gazetteer::name`], but when the process has not loaded the gazetteer yet
/// (a search), without loading it: countries and major places come from their small table, other names from one
/// pass over the lines of the GeoNames list that start with the name's first letter.
pub fn place_name(name: &str) -> Option<&'static str> {
    if let Some(g) = FULL.get() {
        return g.place(name).map(|p| g.name(p));
    }
    if SCANS.fetch_add(1, Ordering::Relaxed) >= MAX_SCANS {
        let g = Gazetteer::get();
        return g.place(name).map(|p| g.name(p));
    }
    place_name_unloaded(name)
}

/// [`place_name`] without the full gazetteer: the small table, then a pass over the `places.tsv` lines that may
/// match.
pub(crate) fn place_name_unloaded(name: &str) -> Option<&'static str> {
    let key = phrase_key(name).0;
    if let Some(major) = major_place_name(key) {
        return Some(major);
    }
    scan_places(name, key).or_else(|| scan_city_aliases(name, key))
}

/// The canonical name of a big city whose other name is `name` (see [`Gazetteer::load_city_aliases`]), by one
/// pass over `city_aliases.tsv` that compares folded bytes and stops at the first difference.
pub(super) fn scan_city_aliases(name: &str, key: u64) -> Option<&'static str> {
    let mut fold = Vec::with_capacity(name.len());
    fold_into(name, &mut fold);
    if fold.is_empty() {
        return None;
    }
    for line in CITY_ALIASES.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(city), _, _, aliases) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let all = || std::iter::once(city).chain(aliases.unwrap_or("").split('|'));
        if all().any(|n| first_column_folds_to(n, &fold) && phrase_key(n).0 == key) {
            // As the full load: a city known under one of its names as a major place takes that place's name.
            return Some(
                all()
                    .find_map(|n| major_place_name(phrase_key(n).0))
                    .or_else(|| scan_places(city, phrase_key(city).0))
                    .unwrap_or(city),
            );
        }
    }
    None
}

/// Append the characters of `s`'s tokens, lower-cased as [`hash_lower`] lower-cases them, to `out`: the tokenizer
/// drops only whitespace, so two names whose token lists are equal (equal phrase keys) have equal folds.
pub(super) fn fold_into(s: &str, out: &mut Vec<u8>) {
    for c in s.chars() {
        if c.is_ascii() {
            if !c.is_ascii_whitespace() {
                out.push(c.to_ascii_lowercase() as u8);
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let c = if c == '’' || c == 'ʼ' { '\'' } else { c };
        for lc in c.to_lowercase() {
            let mut tmp = [0u8; 4];
            out.extend_from_slice(lc.encode_utf8(&mut tmp).as_bytes());
        }
    }
}

/// Does the first column of `line` (up to a tab) fold to `fold` (see [`fold_into`])? Returns at the first byte
/// that differs, so most lines cost one comparison.
pub(super) fn first_column_folds_to(line: &str, fold: &[u8]) -> bool {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut j = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\t' {
            break;
        }
        if b < 0x80 {
            i += 1;
            if b.is_ascii_whitespace() {
                continue;
            }
            if fold.get(j) != Some(&b.to_ascii_lowercase()) {
                return false;
            }
            j += 1;
            continue;
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        let c = if c == '’' || c == 'ʼ' { '\'' } else { c };
        for lc in c.to_lowercase() {
            let mut tmp = [0u8; 4];
            let enc = lc.encode_utf8(&mut tmp).as_bytes();
            if !fold[j.min(fold.len())..].starts_with(enc) {
                return false;
            }
            j += enc.len();
        }
    }
    j == fold.len()
}

/// `places.tsv` without its header comments: lines sorted byte-wise (`tools/make_places.py` writes them sorted; a
/// test checks it), which [`scan_places`] relies on.
pub(super) fn places_body() -> &'static str {
    let mut body = PLACES;
    while body.starts_with('#') {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    body
}

/// Byte offset of the first line of the sorted `body` whose first byte is at least `b` (`body.len()` when none).
pub(super) fn first_line_from(body: &[u8], b: u16) -> usize {
    let next_line = |i: usize| {
        body[i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(body.len(), |p| i + p + 1)
    };
    // Lines before `lo` start below `b`, lines from `hi` on at `b` or above; both are line starts.
    let (mut lo, mut hi) = (0, body.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let s = if mid == 0 || body[mid - 1] == b'\n' {
            mid
        } else {
            next_line(mid)
        };
        // No line starts in [mid, hi): look at the line at `lo`.
        let s = if s >= hi { lo } else { s };
        if u16::from(body[s]) < b {
            lo = next_line(s);
        } else {
            hi = s;
        }
    }
    lo
}

/// The first `places.tsv` entry whose phrase key is `key` (the one [`Gazetteer::load`] keeps). Only lines whose
/// first byte can begin `name`'s fold are compared: the block of lines starting with that letter in either case,
/// and the blocks of lines starting with a space or control byte or a non-ASCII character (empty in the shipped
/// data, but their folds could begin with anything).
pub(super) fn scan_places(name: &str, key: u64) -> Option<&'static str> {
    let mut fold = Vec::with_capacity(name.len());
    fold_into(name, &mut fold);
    let first = u16::from(*fold.first()?);
    // Byte ranges of first bytes, in file order.
    let mut blocks: Vec<(u16, u16)> = vec![(0, 0x21), (0x80, 0x100)];
    if (0x21..0x80).contains(&first) {
        blocks.push((first, first + 1));
        let upper = u16::from((first as u8).to_ascii_uppercase());
        if upper != first {
            blocks.push((upper, upper + 1));
        }
    }
    blocks.sort_unstable();
    let body = places_body();
    let bytes = body.as_bytes();
    blocks
        .into_iter()
        .flat_map(|(from, to)| body[first_line_from(bytes, from)..first_line_from(bytes, to)].lines())
        .find_map(|line| {
            if !first_column_folds_to(line, &fold) || line.starts_with('#') {
                return None;
            }
            let mut cols = line.split('\t');
            let (Some(n), Some(_), Some(_)) = (cols.next(), cols.next(), cols.next()) else {
                return None;
            };
            (phrase_key(n).0 == key).then_some(n)
        })
}
