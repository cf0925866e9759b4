//! Feature extraction for the tagger: hashed features of each token in its sentence and document.
//!
//! Owns the feature templates (word, lower-cased word and its neighbours, prefixes and suffixes, word shape,
//! capitalization in context, gazetteer membership and matches, titles before and organization suffixes after a
//! word) and the per-document [`DocMemory`] that lets a name tagged earlier in an article inform its later
//! mentions. Every feature is a 64-bit hash (an FxHash-style multiply-rotate mix); no string is allocated per
//! token.

use super::gazetteer::{Gazetteer, HashKeyMap, PlaceKind, longest_from};
pub use super::hashing::{extend_phrase, hash_bytes_into, hash_lower, hash_phrase, mix};

// Token flags.
pub const F_INIT_CAP: u32 = 1;
pub const F_ALL_CAPS: u32 = 1 << 1;
pub const F_HAS_DIGIT: u32 = 1 << 2;
pub const F_PUNCT: u32 = 1 << 3;
pub const F_LOWER: u32 = 1 << 4;
pub const F_FIRST_NAME: u32 = 1 << 5;
pub const F_TITLE: u32 = 1 << 6;
pub const F_TITLE_HEAD: u32 = 1 << 7;
pub const F_ORG_SUFFIX: u32 = 1 << 8;
pub const F_DEMONYM: u32 = 1 << 9;
pub const F_COUNTRY: u32 = 1 << 10;
pub const F_CITY: u32 = 1 << 11;
pub const F_REGION: u32 = 1 << 12;
pub const F_HYPHEN: u32 = 1 << 13;
pub const F_PERIOD: u32 = 1 << 14;
pub const F_COMMON: u32 = 1 << 15;
const NFLAGS: u32 = 16;
/// Some letter of the word is upper case ("eBay", "al-Qaida"); beyond [`NFLAGS`], so never a feature itself.
pub const F_HAS_UPPER: u32 = 1 << 16;
/// The word alone is a place name in the gazetteer (not a feature: phrase matching reads it).
const F_PLACE1: u32 = 1 << 17;
/// ... and that place is a country.
const F_PLACE1_COUNTRY: u32 = 1 << 18;
/// The word alone is a known organization name.
const F_ORG1: u32 = 1 << 19;

/// What the features need to know about one token, computed once.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    pub lower: u64,
    pub shape: u64,
    pub flags: u32,
    /// Gazetteer match: 0 none, 1 begins a place name, 2 inside one; +2 when the place is a country.
    pub gaz: u8,
    /// Organization-list match: 0 none, 1 begins a known organization name, 2 inside one.
    pub org: u8,
    /// The most words a place name starting with this word has (1 when none has more); with [`F_PLACE1`], what
    /// phrase matching needs to know of the word without looking it up again.
    place_max: u8,
    /// The same for organization names.
    org_max: u8,
}

impl TokInfo {
    fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }
    /// Capitalized, or in an all-caps sentence.
    pub fn capitalized(&self) -> bool {
        self.flags & (F_INIT_CAP | F_ALL_CAPS) != 0
    }
}

/// A membership test of one of the gazetteer's word lists.
type WordList = fn(&Gazetteer, u64) -> bool;

/// Analyse one word.
pub fn token_info(word: &str, g: &Gazetteer) -> TokInfo {
    let lower = hash_lower(word);
    let mut flags = 0;
    let mut shape = 0x51u64;
    let mut last_class = 0u8;
    let mut n_alpha = 0;
    let mut n_upper = 0;
    let mut n_lower = 0;
    let mut shape_len = 0;
    for (i, ch) in word.chars().enumerate() {
        let class = if ch.is_uppercase() {
            n_upper += 1;
            n_alpha += 1;
            if i == 0 {
                flags |= F_INIT_CAP;
            }
            b'X'
        } else if ch.is_lowercase() {
            n_lower += 1;
            n_alpha += 1;
            b'x'
        } else if ch.is_ascii_digit() {
            flags |= F_HAS_DIGIT;
            b'd'
        } else if ch.is_alphabetic() {
            n_alpha += 1;
            b'x'
        } else {
            if ch == '-' {
                flags |= F_HYPHEN;
            }
            if ch == '.' {
                flags |= F_PERIOD;
            }
            if ch == '’' {
                b'\''
            } else if ch.is_ascii() {
                ch as u8
            } else {
                b'*'
            }
        };
        if class != last_class && shape_len < 8 {
            shape = mix(shape, u64::from(class));
            shape_len += 1;
        }
        last_class = class;
    }
    if n_alpha == 0 && flags & F_HAS_DIGIT == 0 {
        flags |= F_PUNCT;
    }
    if n_upper >= 1 && n_lower == 0 && (n_upper >= 2 || word.len() == 1 || flags & F_PERIOD != 0) {
        flags |= F_ALL_CAPS;
    }
    if n_lower > 0 && n_upper == 0 {
        flags |= F_LOWER;
    }
    if n_upper > 0 {
        flags |= F_HAS_UPPER;
    }
    let lists: [(WordList, u32); 6] = [
        (Gazetteer::is_first_name, F_FIRST_NAME),
        (Gazetteer::is_common_word, F_COMMON),
        (Gazetteer::is_title, F_TITLE),
        (Gazetteer::is_title_head, F_TITLE_HEAD),
        (Gazetteer::is_org_suffix, F_ORG_SUFFIX),
        (Gazetteer::is_demonym, F_DEMONYM),
    ];
    for (member, flag) in lists {
        if member(g, lower) {
            flags |= flag;
        }
    }
    let place = g.place_by_key(lower);
    if let Some(p) = place.filter(|_| n_alpha > 0) {
        flags |= match p.kind {
            PlaceKind::Country => F_COUNTRY,
            PlaceKind::City => F_CITY,
            PlaceKind::Region => F_REGION,
        };
    }
    if let Some(p) = place {
        flags |= F_PLACE1;
        if p.kind == PlaceKind::Country {
            flags |= F_PLACE1_COUNTRY;
        }
    }
    if g.is_org(lower) {
        flags |= F_ORG1;
    }
    TokInfo {
        lower,
        shape,
        flags,
        gaz: 0,
        org: 0,
        place_max: longest_from(&g.place_starts, lower).min(usize::from(u8::MAX)) as u8,
        org_max: longest_from(&g.org_starts, lower).min(usize::from(u8::MAX)) as u8,
    }
}

/// Hashes of a word's prefixes of 2 and 3 letters and suffixes of 2, 3 and 4 (0 where the word is too short),
/// case-insensitive. Only the words the model scores need them, so they are computed there, not cached.
pub fn affixes(word: &str) -> [u64; 5] {
    if word.is_ascii() {
        let b = word.as_bytes();
        let n = b.len();
        let pre = |k: usize| if n > k { hash_ascii_lower(&b[..k]) } else { 0 };
        let suf = |k: usize| {
            if n > k { hash_ascii_lower(&b[n - k..]) } else { 0 }
        };
        [pre(2), pre(3), suf(2), suf(3), suf(4)]
    } else {
        let mut affix = [0u64; 5];
        let lw: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        let n = lw.len();
        let h = |s: &[char]| {
            let st: String = s.iter().collect();
            hash_lower(&st)
        };
        if n > 2 {
            affix[0] = h(&lw[..2]);
            affix[2] = h(&lw[n - 2..]);
        }
        if n > 3 {
            affix[1] = h(&lw[..3]);
            affix[3] = h(&lw[n - 3..]);
        }
        if n > 4 {
            affix[4] = h(&lw[n - 4..]);
        }
        affix
    }
}

fn hash_ascii_lower(b: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    hash_bytes_into(0x1234_5678, &buf[..b.len().min(8)])
}

/// Find, left to right, the longest phrases starting at a capitalized word (and not ending in punctuation) that
/// `lookup` knows, and `mark` each one (start, length, what `lookup` said); matches do not overlap. `first` says,
/// from a word's analysis, the most words a phrase starting with it can have and what `lookup` says of the word
/// alone, so that only phrases of several words are looked up here.
fn longest_matches<T>(
    infos: &mut [TokInfo],
    first: impl Fn(&TokInfo) -> (usize, Option<T>),
    lookup: impl Fn(u64) -> Option<T>,
    mut mark: impl FnMut(&mut [TokInfo], usize, usize, T),
) {
    let n = infos.len();
    let mut i = 0;
    while i < n {
        if !infos[i].capitalized() {
            i += 1;
            continue;
        }
        let (max_len, alone) = first(&infos[i]);
        let mut h = infos[i].lower;
        let mut best = alone.map(|v| (1, v));
        for len in 2..=max_len.min(n - i) {
            h = extend_phrase(h, infos[i + len - 1].lower);
            if infos[i + len - 1].has(F_PUNCT) {
                continue;
            }
            if let Some(v) = lookup(h) {
                best = Some((len, v));
            }
        }
        match best {
            Some((len, v)) => {
                mark(infos, i, len, v);
                i += len;
            }
            None => i += 1,
        }
    }
}

/// Per-thread cache of [`token_info`] by exact word: news text repeats its words, and analysing one takes a
/// Unicode case walk, nine gazetteer lookups (random reads in tables of megabytes) and two hashes.
///
/// Two-way set-associative and keyed by a 64-bit hash of the word's bytes: a word's hash picks a set of two slots
/// in one 64-byte cache line, and a new word replaces the one used less recently. The slots hold no pointers, so a
/// hit is one read that usually stays in the CPU's cache. Two words whose 64-bit hashes are equal would share an
/// analysis; the model's features already hash words to 64 bits.
struct WordCache {
    /// The gazetteer the entries were computed with.
    gazetteer: usize,
    sets: Vec<CacheSet>,
}

/// Two slots, the more recently used first.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct CacheSet([CacheSlot; 2]);

#[derive(Clone, Copy, Default)]
struct CacheSlot {
    /// [`word_key`] of the word (never 0), or 0 for an empty slot.
    key: u64,
    info: TokInfo,
}

/// The cache has 2^WORD_CACHE_BITS sets (16,384 sets of two 32-byte slots, 1 MB per thread).
const WORD_CACHE_BITS: u32 = 14;

/// A non-zero hash of a word's exact bytes.
#[inline]
fn word_key(word: &str) -> u64 {
    hash_bytes_into(word.len() as u64, word.as_bytes()) | 1
}

thread_local! {
    static WORD_CACHE: std::cell::RefCell<WordCache> = const {
        std::cell::RefCell::new(WordCache {
            gazetteer: 0,
            sets: Vec::new(),
        })
    };
}

/// [`token_info`] through the per-thread cache (identical results).
#[inline]
fn token_info_cached(word: &str, g: &Gazetteer, cache: &mut WordCache) -> TokInfo {
    let key = word_key(word);
    let i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - WORD_CACHE_BITS)) as usize;
    let Some(set) = cache.sets.get_mut(i) else {
        return token_info(word, g);
    };
    let [first, second] = &mut set.0;
    if first.key == key {
        return first.info;
    }
    if second.key == key {
        std::mem::swap(first, second);
        return first.info;
    }
    let info = token_info(word, g);
    *second = *first;
    *first = CacheSlot { key, info };
    info
}

/// Analyse a sentence: every word, plus gazetteer phrase matches (longest first, starting at a capitalized word).
pub fn sentence_info<S: AsRef<str>>(words: &[S], g: &Gazetteer) -> Vec<TokInfo> {
    let mut infos = Vec::with_capacity(words.len());
    sentence_info_into(words, g, &mut infos);
    infos
}

/// [`sentence_info`], appended to `out` (so that a document's sentences can share one buffer).
pub fn sentence_info_into<S: AsRef<str>>(words: &[S], g: &Gazetteer, out: &mut Vec<TokInfo>) {
    let begin = out.len();
    WORD_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let id = g as *const Gazetteer as usize;
        if cache.gazetteer != id {
            cache.sets = vec![CacheSet::default(); 1 << WORD_CACHE_BITS];
            cache.gazetteer = id;
        }
        out.extend(words.iter().map(|w| token_info_cached(w.as_ref(), g, &mut cache)));
    });
    let infos = &mut out[begin..];
    longest_matches(
        infos,
        |t| {
            let alone = (t.flags & F_PLACE1 != 0).then_some(t.flags & F_PLACE1_COUNTRY != 0);
            (usize::from(t.place_max), alone)
        },
        |h| g.place_by_key(h).map(|p| p.kind == PlaceKind::Country),
        |infos, i, len, country| {
            // A place name followed by another capitalized word is often part of a longer name ("Perth Glory").
            let followed = infos
                .get(i + len)
                .is_some_and(|t| t.has(F_INIT_CAP) && !t.has(F_ALL_CAPS));
            let c = if country { 2 } else { 0 } + if followed { 4 } else { 0 };
            infos[i].gaz = 1 + c;
            for info in &mut infos[i + 1..i + len] {
                info.gaz = 2 + c;
            }
        },
    );
    longest_matches(
        infos,
        |t| (usize::from(t.org_max), (t.flags & F_ORG1 != 0).then_some(())),
        |h| g.is_org(h).then_some(()),
        |infos, i, len, ()| {
            infos[i].org = 1;
            for info in &mut infos[i + 1..i + len] {
                info.org = 2;
            }
        },
    );
    // All-caps sentences (headlines, datelines) carry no case information.
    let alpha = infos.iter().filter(|t| !t.has(F_PUNCT) && !t.has(F_HAS_DIGIT)).count();
    let caps = infos.iter().filter(|t| t.has(F_ALL_CAPS)).count();
    if alpha >= 3 && caps * 10 >= alpha * 7 {
        for t in infos.iter_mut() {
            t.flags |= F_ALL_CAPS;
        }
    }
}

/// A headline-like sentence: three or more words, in capitals or with (nearly) every word capitalized, so case
/// says little about which words are names.
pub fn is_headline(infos: &[TokInfo]) -> bool {
    let words = infos.iter().filter(|t| !t.has(F_PUNCT) && !t.has(F_HAS_DIGIT)).count();
    if words < 3 {
        return false;
    }
    let caps = infos.iter().filter(|t| t.capitalized()).count();
    let ends_with_period = infos.last().is_some_and(|t| t.has(F_PUNCT) && t.has(F_PERIOD));
    caps * 10 >= words * 9 && (!ends_with_period || infos.iter().all(|t| t.has(F_ALL_CAPS)))
}

/// Entity kinds remembered per document.
pub const MEM_O: usize = 0;
pub const MEM_PER: usize = 1;
pub const MEM_LOC: usize = 2;
pub const MEM_ORG: usize = 3;
pub const MEM_SURNAME: usize = 4;

/// What earlier sentences of the same document said about each capitalized word.
#[derive(Default)]
pub struct DocMemory {
    counts: HashKeyMap<[u16; 5]>,
}

impl DocMemory {
    /// Forget everything (start of a new document).
    pub fn clear(&mut self) {
        self.counts.clear();
    }

    /// Record a tagged sentence: `tags` are tag indices (see [`super::tagger::Tag`]).
    pub fn record(&mut self, infos: &[TokInfo], tags: &[u8]) {
        let mut i = 0;
        while i < infos.len() {
            let t = tags[i];
            if t == 0 {
                if i > 0 && infos[i].has(F_INIT_CAP) && !infos[i].has(F_ALL_CAPS) {
                    self.bump(infos[i].lower, MEM_O);
                }
                i += 1;
                continue;
            }
            let kind = usize::from(t.div_ceil(2));
            let mut j = i + 1;
            while j < infos.len() && tags[j] == t + u8::from(t % 2 == 1) && t % 2 == 1 {
                j += 1;
            }
            for info in &infos[i..j] {
                if !info.has(F_PUNCT) {
                    self.bump(info.lower, kind);
                }
            }
            if kind == MEM_PER && j - i >= 2 {
                self.bump(infos[j - 1].lower, MEM_SURNAME);
            }
            i = j;
        }
    }

    fn bump(&mut self, key: u64, slot: usize) {
        let e = self.counts.entry(key).or_insert([0; 5]);
        e[slot] = e[slot].saturating_add(1);
    }

    /// True when this word ended a full person name earlier ("Putin" after "Vladimir Putin") and was not more
    /// often tagged as a place or organization.
    pub fn is_surname(&self, key: u64) -> bool {
        self.counts
            .get(&key)
            .is_some_and(|c| c[MEM_SURNAME] > 0 && c[MEM_PER] >= c[MEM_LOC].max(c[MEM_ORG]))
    }

    /// The kind most often given to this word earlier (0 none/O, 1 PER, 2 LOC, 3 ORG), whether that was
    /// unanimous, and whether it ended a full person name.
    pub fn lookup(&self, key: u64) -> Option<(usize, bool, bool)> {
        let c = self.counts.get(&key)?;
        let total: u32 = c[..4].iter().map(|&x| u32::from(x)).sum();
        if total == 0 {
            return None;
        }
        let (best, n) = c[..4]
            .iter()
            .enumerate()
            .max_by_key(|&(_, &x)| x)
            .map(|(i, &x)| (i, u32::from(x)))?;
        Some((best, n == total, c[MEM_SURNAME] > 0))
    }
}

// Feature templates.
const T_BIAS: u64 = 1;
const T_LOWER: u64 = 2;
const T_LOWER_M1: u64 = 3;
const T_LOWER_P1: u64 = 4;
const T_LOWER_M2: u64 = 5;
const T_LOWER_P2: u64 = 6;
const T_BI_M1: u64 = 7;
const T_BI_P1: u64 = 8;
const T_SHAPE: u64 = 9;
const T_SHAPE_M1: u64 = 10;
const T_SHAPE_P1: u64 = 11;
const T_AFFIX: u64 = 12;
const T_FLAG: u64 = 17;
const T_FLAG_M1: u64 = 18;
const T_FLAG_P1: u64 = 19;
const T_GAZ: u64 = 20;
const T_START: u64 = 21;
const T_CAPS_CTX: u64 = 22;
const T_MEM: u64 = 23;
const T_MEM_M1: u64 = 24;
const T_MEM_P1: u64 = 25;
const T_LOWER_M1_SHAPE: u64 = 26;
const T_SHAPE_LOWER_P1: u64 = 27;
const T_START_LOWER: u64 = 28;
const T_GAZ_CTX: u64 = 29;
const T_MEM_SURNAME: u64 = 30;
const T_FLAG_M2: u64 = 31;
const T_CAP_LOWER: u64 = 32;
const T_ORG_AHEAD: u64 = 33;
const T_ORG_GAZ: u64 = 34;

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    mix(mix(0x7f4a_7c15, t), a)
}
#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(mix(mix(0x7f4a_7c15, t), a), b)
}

const BOS: u64 = 0xb05;
const EOS: u64 = 0xe05;

/// Flags that describe the neighbours of a word.
const CONTEXT_FLAGS: u32 =
    F_TITLE | F_TITLE_HEAD | F_FIRST_NAME | F_ORG_SUFFIX | F_DEMONYM | F_COUNTRY | F_CITY | F_INIT_CAP | F_PUNCT;

/// The indices of the set bits among the low [`NFLAGS`] bits of `flags`, lowest first.
#[inline]
fn set_bits(flags: u32) -> impl Iterator<Item = u32> {
    let mut f = flags & ((1 << NFLAGS) - 1);
    std::iter::from_fn(move || {
        if f == 0 {
            return None;
        }
        let bit = f.trailing_zeros();
        f &= f - 1;
        Some(bit)
    })
}

/// Which tokens of a sentence the model must score; the others are tagged O without scoring.
///
/// A name has an upper-case letter or a gazetteer match, so a token is scored when it has one, comes just before
/// one, or sits between two such tokens at most two words apart ("Bank of England", "Osama bin Laden", "Republic
/// of the Congo").
/// Sentences in capitals or headline case carry no case information and are scored whole. Training scores every
/// token, and the model gives lower-case words outside names O; `eval-ner` measures any difference.
pub fn scored_tokens(infos: &[TokInfo], out: &mut Vec<bool>) {
    out.clear();
    let n = infos.len();
    if infos.first().is_some_and(|t| t.has(F_ALL_CAPS)) || is_headline(infos) {
        out.resize(n, true);
        return;
    }
    out.extend(
        infos
            .iter()
            .map(|t| t.flags & (F_INIT_CAP | F_ALL_CAPS | F_HAS_UPPER) != 0 || t.gaz != 0 || t.org != 0),
    );
    // The word before a name ("southern Sudan", "de Gaulle" after a lower-case word).
    for i in 1..n {
        if out[i] && !infos[i - 1].has(F_PUNCT) {
            out[i - 1] = true;
        }
    }
    // Fill gaps of one or two tokens between candidates.
    let mut last: Option<usize> = None;
    for i in 0..n {
        if out[i] {
            if let Some(l) = last
                && i - l > 1
                && i - l <= 3
            {
                out[l + 1..i].fill(true);
            }
            last = Some(i);
        }
    }
}

/// Write the features of every token of a sentence into `out`; `starts[i]..starts[i+1]` are token i's features.
/// With `scored`, only the tokens marked there get features (the others get an empty range).
pub fn sentence_features<S: AsRef<str>>(
    words: &[S],
    infos: &[TokInfo],
    mem: &DocMemory,
    scored: Option<&[bool]>,
    out: &mut Vec<u64>,
    starts: &mut Vec<usize>,
) {
    out.clear();
    starts.clear();
    let n = infos.len();
    // About 40 features per token.
    out.reserve(n * 48);
    starts.reserve(n + 1);
    let caps_ctx = infos.first().is_some_and(|t| t.has(F_ALL_CAPS))
        && infos
            .iter()
            .all(|t| t.has(F_ALL_CAPS) || t.has(F_PUNCT) || t.has(F_HAS_DIGIT));
    // A neighbour's value, or the sentence-boundary markers outside the sentence.
    let at = |i: isize, value: fn(&TokInfo) -> u64| -> u64 {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            value(&infos[i as usize])
        }
    };
    let lower_at = |i: isize| at(i, |t| t.lower);
    let shape_at = |i: isize| at(i, |t| t.shape);
    let mems: Vec<Option<(usize, bool, bool)>> = infos
        .iter()
        .map(|t| {
            if t.capitalized() && !t.has(F_PUNCT) {
                mem.lookup(t.lower)
            } else {
                None
            }
        })
        .collect();
    for i in 0..n {
        starts.push(out.len());
        if scored.is_some_and(|s| !s[i]) {
            continue;
        }
        let t = &infos[i];
        let ii = i as isize;
        // Sentence start: first token, or first after opening punctuation.
        let start = i == 0 || (i == 1 && infos[0].has(F_PUNCT));
        out.push(f1(T_BIAS, 0));
        out.push(f1(T_LOWER, t.lower));
        out.push(f2(T_BI_M1, lower_at(ii - 1), t.lower));
        out.push(f2(T_BI_P1, t.lower, lower_at(ii + 1)));
        out.push(f2(
            T_CAP_LOWER,
            t.lower,
            u64::from(t.has(F_INIT_CAP)) + 2 * u64::from(caps_ctx),
        ));
        out.push(f1(T_LOWER_M1, lower_at(ii - 1)));
        out.push(f1(T_LOWER_P1, lower_at(ii + 1)));
        out.push(f1(T_LOWER_M2, lower_at(ii - 2)));
        out.push(f1(T_LOWER_P2, lower_at(ii + 2)));
        out.push(f2(T_SHAPE, t.shape, u64::from(caps_ctx)));
        out.push(f2(T_SHAPE_M1, shape_at(ii - 1), t.shape));
        out.push(f2(T_SHAPE_P1, t.shape, shape_at(ii + 1)));
        out.push(f2(T_LOWER_M1_SHAPE, lower_at(ii - 1), t.shape));
        out.push(f2(T_SHAPE_LOWER_P1, t.shape, lower_at(ii + 1)));
        for (k, &a) in affixes(words[i].as_ref()).iter().enumerate() {
            if a != 0 {
                out.push(f1(T_AFFIX + k as u64, a));
            }
        }
        let cap_or_ctx = u64::from(t.has(F_INIT_CAP) || caps_ctx);
        for bit in set_bits(t.flags) {
            out.push(f2(T_FLAG, u64::from(bit), cap_or_ctx));
        }
        if i > 0 {
            for bit in set_bits(infos[i - 1].flags & CONTEXT_FLAGS) {
                out.push(f2(T_FLAG_M1, u64::from(bit), u64::from(t.capitalized())));
            }
        }
        if i > 1 {
            let f = infos[i - 2].flags & (F_TITLE_HEAD | F_FIRST_NAME);
            if f != 0 {
                out.push(f2(T_FLAG_M2, u64::from(f), u64::from(t.capitalized())));
            }
        }
        if i + 1 < n {
            for bit in set_bits(infos[i + 1].flags & CONTEXT_FLAGS) {
                out.push(f2(T_FLAG_P1, u64::from(bit), u64::from(t.capitalized())));
            }
        }
        // An organization suffix ahead, with only capitalized words between ("Sandy River Railroad").
        if t.capitalized() && !t.has(F_PUNCT) {
            let mut j = i + 1;
            while j < n && j <= i + 4 && infos[j].capitalized() && !infos[j].has(F_PUNCT) {
                if infos[j].has(F_ORG_SUFFIX) {
                    out.push(f1(T_ORG_AHEAD, (j - i) as u64));
                    break;
                }
                j += 1;
            }
        }
        if t.org != 0 {
            let next_org = infos.get(i + 1).map_or(0, |x| x.org);
            out.push(f2(
                T_ORG_GAZ,
                u64::from(t.org),
                u64::from(next_org == 2) + 2 * u64::from(t.gaz != 0),
            ));
        }
        if t.gaz != 0 {
            out.push(f1(T_GAZ, u64::from(t.gaz)));
            let prev_gaz = if i > 0 { infos[i - 1].gaz } else { 9 };
            out.push(f2(
                T_GAZ_CTX,
                u64::from(t.gaz),
                u64::from(prev_gaz) * 16 + u64::from(start),
            ));
        }
        if start {
            out.push(f2(T_START, t.shape, 0));
            out.push(f1(T_START_LOWER, t.lower));
        }
        if caps_ctx {
            out.push(f2(
                T_CAPS_CTX,
                u64::from(t.gaz),
                u64::from(t.flags & (F_FIRST_NAME | F_TITLE | F_DEMONYM)),
            ));
        }
        if let Some((kind, sure, surname)) = mems[i] {
            out.push(f2(T_MEM, kind as u64, u64::from(sure) + 2 * u64::from(start)));
            if surname {
                out.push(f1(T_MEM_SURNAME, u64::from(start)));
            }
        }
        if let Some((kind, _, _)) = if i > 0 { mems[i - 1] } else { None } {
            out.push(f2(T_MEM_M1, kind as u64, u64::from(t.capitalized())));
        }
        if let Some((kind, _, _)) = mems.get(i + 1).copied().flatten() {
            out.push(f2(T_MEM_P1, kind as u64, u64::from(t.capitalized())));
        }
    }
    starts.push(out.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_ignore_case_and_apostrophe_style() {
        assert_eq!(hash_lower("Putin"), hash_lower("PUTIN"));
        assert_eq!(hash_lower("Zelenskyy’s"), hash_lower("zelenskyy's"));
        assert_ne!(hash_lower("Putin"), hash_lower("Putina"));
        assert_eq!(
            hash_phrase(["New", "York"]),
            extend_phrase(hash_lower("new"), hash_lower("york"))
        );
        assert_eq!(hash_phrase(["Kyiv"]), hash_lower("kyiv"));
    }

    #[test]
    fn token_flags() {
        let g = Gazetteer::get();
        let t = token_info("Mr.", g);
        assert!(t.has(F_TITLE) && t.has(F_INIT_CAP) && t.has(F_PERIOD));
        let t = token_info("NATO", g);
        assert!(t.has(F_ALL_CAPS) && !t.has(F_LOWER));
        let t = token_info("Iraqi", g);
        assert!(t.has(F_DEMONYM) && !t.has(F_COUNTRY));
        assert!(token_info("Iraq", g).has(F_COUNTRY));
        assert!(token_info("1,000", g).has(F_HAS_DIGIT));
        assert!(token_info(",", g).has(F_PUNCT));
        // Same shape for words of the same pattern, different for different ones.
        assert_eq!(token_info("Putin", g).shape, token_info("Obama", g).shape);
        assert_ne!(token_info("Putin", g).shape, token_info("putin", g).shape);
    }

    #[test]
    fn gazetteer_matches_longest_phrase() {
        let g = Gazetteer::get();
        let infos = sentence_info(
            &["He", "flew", "to", "New", "York", "and", "the", "United", "States", "."],
            g,
        );
        let gaz: Vec<u8> = infos.iter().map(|t| t.gaz).collect();
        assert_eq!(gaz, vec![0, 0, 0, 1, 2, 0, 0, 3, 4, 0]);
        let infos = sentence_info(&["Shares", "of", "General", "Motors", "and", "Chrysler", "fell"], g);
        let org: Vec<u8> = infos.iter().map(|t| t.org).collect();
        assert_eq!(org, vec![0, 0, 1, 2, 0, 1, 0]);
        // Headline in capitals: every token marked all-caps.
        let infos = sentence_info(&["PUTIN", "MEETS", "TRUMP", "IN", "ALASKA"], g);
        assert!(infos.iter().all(|t| t.has(F_ALL_CAPS)));
        assert_eq!(infos[4].gaz, 1);
    }

    #[test]
    fn cached_word_analysis_matches_fresh_analysis() {
        let g = Gazetteer::get();
        let words = ["Putin", "putin", "PUTIN", "Zelenskyy’s", "São", "1,000", ",", "Putin"];
        for _ in 0..2 {
            let infos = sentence_info(&words, g);
            for (w, t) in words.iter().zip(&infos) {
                let fresh = token_info(w, g);
                assert_eq!(
                    (t.lower, t.shape, t.flags, t.place_max, t.org_max),
                    (fresh.lower, fresh.shape, fresh.flags, fresh.place_max, fresh.org_max)
                );
            }
        }
    }

    #[test]
    fn only_words_in_or_next_to_names_are_scored() {
        let g = Gazetteer::get();
        let words = [
            "the",
            "talks",
            "between",
            "Osama",
            "bin",
            "Laden",
            "and",
            "officials",
            "in",
            "southern",
            "Sudan",
            "ended",
            ".",
        ];
        let infos = sentence_info(&words, g);
        let mut scored = Vec::new();
        scored_tokens(&infos, &mut scored);
        let picked: Vec<&str> = words
            .iter()
            .zip(&scored)
            .filter(|(_, s)| **s)
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(picked, ["between", "Osama", "bin", "Laden", "southern", "Sudan"]);
        // Headlines and sentences in capitals carry no case information: every word is scored.
        let caps = sentence_info(&["TALKS", "END", "IN", "KABUL", "TODAY"], g);
        scored_tokens(&caps, &mut scored);
        assert!(scored.iter().all(|&s| s));
        // Unscored tokens get no features.
        let mut feats = Vec::new();
        let mut starts = Vec::new();
        scored_tokens(&infos, &mut scored);
        sentence_features(
            &words,
            &infos,
            &DocMemory::default(),
            Some(&scored),
            &mut feats,
            &mut starts,
        );
        assert_eq!(starts[1], starts[0]);
        assert!(starts[4] > starts[3]);
    }

    #[test]
    fn features_depend_on_context_and_memory() {
        let g = Gazetteer::get();
        let mut mem = DocMemory::default();
        let (mut a, mut sa, mut b, mut sb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let s1 = sentence_info(&["Mr.", "Putin", "spoke"], g);
        let s2 = sentence_info(&["The", "Putin", "spoke"], g);
        sentence_features(&["Mr.", "Putin", "spoke"], &s1, &mem, None, &mut a, &mut sa);
        sentence_features(&["The", "Putin", "spoke"], &s2, &mem, None, &mut b, &mut sb);
        assert_eq!(sa.len(), 4);
        let fa: Vec<u64> = a[sa[1]..sa[2]].to_vec();
        let fb: Vec<u64> = b[sb[1]..sb[2]].to_vec();
        assert!(fa.contains(&f1(T_LOWER, hash_lower("putin"))));
        assert!(fb.contains(&f1(T_LOWER, hash_lower("putin"))));
        assert_ne!(fa, fb);
        // After "Vladimir Putin" is tagged as a person, "Putin" gets memory features.
        let s0 = sentence_info(&["Vladimir", "Putin", "arrived"], g);
        mem.record(&s0, &[1, 2, 0]);
        assert_eq!(mem.lookup(hash_lower("putin")), Some((MEM_PER, true, true)));
        let mut c = Vec::new();
        let mut sc = Vec::new();
        sentence_features(&["The", "Putin", "spoke"], &s2, &mem, None, &mut c, &mut sc);
        assert!(c[sc[1]..sc[2]].contains(&f2(T_MEM, MEM_PER as u64, 1)));
        assert!(c[sc[1]..sc[2]].contains(&f1(T_MEM_SURNAME, 0)));
    }
}
