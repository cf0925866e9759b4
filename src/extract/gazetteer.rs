//! Gazetteers built into the binary: countries (names, aliases, demonyms), GeoNames cities and regions with their
//! country, a hand-written list of major places and their other spellings, person titles, organization suffixes
//! and common first names.
//!
//! Lookups are by the hash of the lower-cased, token-joined phrase ([`crate::extract::hashing::hash_lower`]), so
//! the tagger's feature extraction never allocates. Data files and their licenses are in `data/README.md` beside
//! this module.
//!
//! [`Gazetteer::get`] parses everything on first use (about 17 ms; ingest, inspect and eval-ner need it all). A
//! search only canonicalizes a few query values, so [`place_name`], [`is_title_word`] and [`is_title_head_word`]
//! answer exactly as the loaded gazetteer would without loading it: small tables of their own, and for GeoNames
//! names one pass over the lines of `places.tsv` that start with the name's first letter.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use super::hashing::{extend_phrase, hash_lower, hash_phrase};
use super::tokenize::tokenize;

const COUNTRIES: &str = include_str!("data/countries.tsv");
const MAJOR_PLACES: &str = include_str!("data/major_places.tsv");
const PLACES: &str = include_str!("data/places.tsv");
const FIRST_NAMES: &str = include_str!("data/first_names.txt");
const FIRST_NAMES_COMMON: &str = include_str!("data/first_names_common.txt");
const LOWER_WORDS: &str = include_str!("data/lower_words.txt");
const ORGS: &str = include_str!("data/orgs.txt");
const PLACE_NAMES_I18N: &str = include_str!("data/place_names_i18n.tsv");
const CITY_ALIASES: &str = include_str!("data/city_aliases.tsv");
const FUNCTION_WORDS: &str = include_str!("data/function_words.tsv");
const ORG_NAMES: &str = include_str!("data/org_names.tsv");
const MARKET_INDICES: &str = include_str!("data/market_indices.tsv");
const PRODUCTS: &str = include_str!("data/products.txt");

/// Words that form person titles and honorifics, lower-cased (a title may span several: "Prime Minister",
/// "Secretary of State").
pub const TITLE_WORDS: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "defense",
    "defence",
    "interior",
    "finance",
    "secretary",
    "secretary-general",
    "general",
    "gen.",
    "senator",
    "sen.",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chancellor",
    "sheikh",
    "sheik",
    "ayatollah",
    "lieutenant",
    "lt.",
    "colonel",
    "col.",
    "captain",
    "capt.",
    "major",
    "maj.",
    "sergeant",
    "sgt.",
    "admiral",
    "adm.",
    "commander",
    "cmdr.",
    "governor",
    "gov.",
    "rep.",
    "representative",
    "congressman",
    "congresswoman",
    "judge",
    "justice",
    "ambassador",
    "envoy",
    "premier",
    "mayor",
    "cardinal",
    "bishop",
    "archbishop",
    "reverend",
    "rev.",
    "sir",
    "lord",
    "lady",
    "dame",
    "emir",
    "sultan",
    "crown",
    "deputy",
    "state",
    "of",
    "chief",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "cpl.",
    "corporal",
    "private",
    "pvt.",
    "marshal",
    "field",
    "brigadier",
    "brig.",
    "gen",
    "lt",
    "col",
    "dr",
    "mr",
    "mrs",
    "ms",
    "imam",
    "mullah",
    "rabbi",
    "father",
    "sister",
    "brother",
    "detective",
    "officer",
    "inspector",
    "coach",
    "attorney",
    "executive",
    "ceo",
    "first",
    "vice-president",
    "president-elect",
    "leader",
];

/// Title words that can stand at the start of a title (modifiers such as "of", "state", "first" cannot).
const TITLE_HEADS_EXCLUDED: &[&str] = &[
    "of", "state", "first", "field", "crown", "leader", "officer", "father", "sister", "brother", "private",
];

/// Legal forms that end company names ("Inc.", "Ltd", "AG"): words of organization names for the tagger, and not
/// part of the canonical name ("Apple Inc." -> "Apple").
pub const LEGAL_FORMS: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "co",
    "co.",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "ag",
    "gmbh",
    "sa",
    "s.a.",
    "nv",
    "n.v.",
    "bv",
];

/// More legal forms, recognized in canonical names but not among the tagger's features (it was trained without
/// them).
pub const MORE_LEGAL_FORMS: &[&str] = &["incorporated", "limited", "l.l.c.", "p.l.c.", "s.p.a.", "spa", "b.v."];

/// Other words that end organization names ("Bank", "University", "Airlines").
pub const ORG_WORDS: &[&str] = &[
    "group",
    "holdings",
    "bank",
    "party",
    "ministry",
    "university",
    "college",
    "institute",
    "council",
    "committee",
    "commission",
    "agency",
    "association",
    "federation",
    "union",
    "league",
    "army",
    "navy",
    "forces",
    "police",
    "court",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "department",
    "organization",
    "organisation",
    "foundation",
    "fund",
    "company",
    "airlines",
    "airways",
    "motors",
    "news",
    "times",
    "post",
    "press",
    "network",
    "club",
    "fc",
    "front",
    "movement",
    "alliance",
    "brigade",
    "brigades",
    "board",
    "bureau",
    "office",
    "service",
    "services",
    "authority",
    "industries",
    "systems",
    "technologies",
    "international",
    "society",
    "center",
    "centre",
    "school",
    "church",
    "hospital",
    "team",
    "guard",
    "corps",
    "journal",
    "tribune",
    "herald",
    "telegraph",
    "broadcasting",
    "television",
    "radio",
    "exchange",
    "reserve",
];

/// Is `word` (lower case) a legal form ("inc.", "gmbh")?
pub fn is_legal_form(word: &str) -> bool {
    LEGAL_FORMS.contains(&word) || MORE_LEGAL_FORMS.contains(&word)
}

/// Adjectives of peoples and groups that are not in the country list but are never places on their own.
const EXTRA_DEMONYMS: &[&str] = &[
    "european",
    "europeans",
    "arab",
    "arabs",
    "kurdish",
    "kurd",
    "kurds",
    "african",
    "africans",
    "asian",
    "asians",
    "western",
    "westerner",
    "westerners",
    "latin",
    "scandinavian",
    "balkan",
    "caucasian",
    "baltic",
    "shi'ite",
    "shiite",
    "sunni",
    "muslim",
    "muslims",
    "christian",
    "christians",
    "jewish",
    "jews",
    "islamic",
    "hindu",
    "buddhist",
    "catholic",
    "protestant",
    "orthodox",
    "pashtun",
    "tamil",
    "uighur",
    "uyghur",
    "basque",
    "catalan",
    "flemish",
    "english",
    "scottish",
    "welsh",
    "scot",
    "scots",
    "texan",
    "californian",
    "chechen",
    "chechens",
];

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Region,
    City,
}

/// One place the gazetteer knows.
#[derive(Debug, Clone, Copy)]
pub struct PlaceInfo {
    /// Index into the canonical names.
    pub name: u32,
    /// Index into the country names, when known.
    pub country: Option<u16>,
    pub kind: PlaceKind,
}

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

/// All gazetteers, loaded once.
pub struct Gazetteer {
    places: HashKeyMap<PlaceInfo>,
    names: Vec<&'static str>,
    countries: Vec<u32>,
    demonyms: HashKeySet,
    titles: HashKeySet,
    title_heads: HashKeySet,
    org_suffixes: HashKeySet,
    first_names: HashKeySet,
    common_words: HashKeySet,
    /// Other countries a GeoNames name is found in (by name index), after its first.
    other_countries: HashMap<u32, Vec<u16>>,
    /// Names below this index come from the country and major-place lists.
    major_end: u32,
    /// First words of place names of several words.
    pub place_starts: PhraseStarts,
    orgs: HashKeySet,
    /// First words of organization names of several words.
    pub org_starts: PhraseStarts,
    /// Other names of big cities ("München", "Lissabon"), kept apart from `places` so that the tagger's features
    /// see the gazetteer it was trained with; [`Gazetteer::place`] reads both.
    other_names: HashKeyMap<PlaceInfo>,
    /// Names of places sure enough to be taken from text in any language: countries, major places, their names
    /// in other languages and cities of 100,000 people or more with their other names.
    reliable: HashKeySet,
    /// Function words by language (ISO 639-1), and of all languages together.
    function_words: HashMap<&'static str, HashKeySet>,
    all_function_words: HashKeySet,
}

/// The phrase hash of a name as the tokenizer splits it ("Washington, D.C." -> "washington , d.c.").
pub fn phrase_key(name: &str) -> (u64, usize) {
    let (key, n, _) = phrase_key_and_first(name);
    (key, n)
}

/// [`phrase_key`], plus the hash of the name's first word ([`hash_lower`]).
fn phrase_key_and_first(name: &str) -> (u64, usize, u64) {
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
fn plain_phrase_key(name: &str) -> Option<(u64, usize, u64)> {
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

fn note_start(starts: &mut PhraseStarts, first: u64, tokens: usize) {
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
fn split_byte(s: &str, sep: u8) -> (&str, Option<&str>) {
    match s.bytes().position(|b| b == sep) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    }
}

fn set_of<'a>(words: impl Iterator<Item = &'a str>) -> HashKeySet {
    words.map(hash_lower).collect()
}

/// The title word sets, built apart from the rest of the gazetteer so that canonicalizing a person's name (a search
/// query) costs microseconds.
struct TitleSets {
    titles: HashKeySet,
    heads: HashKeySet,
}

fn title_sets() -> &'static TitleSets {
    static T: OnceLock<TitleSets> = OnceLock::new();
    T.get_or_init(|| TitleSets {
        titles: set_of(TITLE_WORDS.iter().copied()),
        heads: set_of(
            TITLE_WORDS
                .iter()
                .copied()
                .filter(|w| !TITLE_HEADS_EXCLUDED.contains(w)),
        ),
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

/// The countries and the hand-listed major places: the first part of the place table, a few hundred names, built
/// apart so that one query name can be looked up without the GeoNames list.
struct MajorPlaces {
    places: HashKeyMap<PlaceInfo>,
    names: Vec<&'static str>,
    countries: Vec<u32>,
    code_to_country: HashMap<&'static str, u16>,
    /// `code_to_country` for two-letter codes, indexed by letters ("AA" = 0); `u16::MAX` for none.
    by_code: Vec<u16>,
    /// Phrase keys of the countries' demonyms.
    demonyms: Vec<u64>,
    place_starts: PhraseStarts,
    /// Names of countries and places in other languages (`place_names_i18n.tsv`), apart from `places`.
    foreign: HashKeyMap<PlaceInfo>,
    /// Number of names from the country and major-place lists (the i18n table's own places come after).
    listed: u32,
}

impl MajorPlaces {
    fn get() -> &'static MajorPlaces {
        static M: OnceLock<MajorPlaces> = OnceLock::new();
        M.get_or_init(MajorPlaces::load)
    }

    fn load() -> MajorPlaces {
        let mut m = MajorPlaces {
            places: HashKeyMap::with_capacity_and_hasher(1024, Default::default()),
            names: Vec::new(),
            countries: Vec::new(),
            code_to_country: HashMap::new(),
            by_code: vec![u16::MAX; 26 * 26],
            demonyms: Vec::new(),
            place_starts: PhraseStarts::default(),
            foreign: HashKeyMap::default(),
            listed: 0,
        };
        for line in COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&'static str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            let name_idx = m.names.len() as u32;
            m.names.push(cols[1]);
            let country_idx = m.countries.len() as u16;
            m.countries.push(name_idx);
            m.code_to_country.insert(cols[0], country_idx);
            let info = PlaceInfo {
                name: name_idx,
                country: Some(country_idx),
                kind: PlaceKind::Country,
            };
            m.insert(cols[1], info);
            for alias in cols.get(2).unwrap_or(&"").split('|').filter(|a| !a.is_empty()) {
                m.insert(alias, info);
            }
            for d in cols.get(3).unwrap_or(&"").split('|').filter(|a| !a.is_empty()) {
                m.demonyms.push(phrase_key(d).0);
            }
        }
        for line in MAJOR_PLACES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&'static str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            let name_idx = m.names.len() as u32;
            m.names.push(cols[0]);
            let info = PlaceInfo {
                name: name_idx,
                country: m.code_to_country.get(cols[1]).copied(),
                kind: PlaceKind::City,
            };
            m.insert(cols[0], info);
            for alias in cols.get(2).unwrap_or(&"").split('|').filter(|a| !a.is_empty()) {
                m.insert(alias, info);
            }
        }
        // Countries, regions and cities in other languages ("Deutschland", "Bayern", "München"): new names for the
        // English ones above, or places of their own. Kept in a map of their own (and after `listed`) so that the
        // tagger's features and training see the lists it was trained with.
        m.listed = m.names.len() as u32;
        for line in PLACE_NAMES_I18N
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&'static str> = line.split('\t').collect();
            if cols.len() < 3 {
                continue;
            }
            let key = phrase_key(cols[0]).0;
            let info = match m.places.get(&key).or_else(|| m.foreign.get(&key)) {
                Some(&info) => info,
                None => {
                    let info = PlaceInfo {
                        name: m.names.len() as u32,
                        country: m.code_to_country.get(cols[1]).copied(),
                        kind: PlaceKind::City,
                    };
                    m.names.push(cols[0]);
                    m.foreign.insert(key, info);
                    info
                }
            };
            for alias in cols[2].split('|').filter(|a| !a.is_empty()) {
                let key = phrase_key(alias).0;
                if !m.places.contains_key(&key) {
                    m.foreign.entry(key).or_insert(info);
                }
            }
        }
        for (code, &c) in &m.code_to_country {
            if let &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = code.as_bytes() {
                m.by_code[usize::from(a - b'A') * 26 + usize::from(b - b'A')] = c;
            }
        }
        m
    }

    /// The country of an ISO code ("UA"), as `code_to_country` gives it; two capital letters by table.
    fn country_of_code(&self, code: &str) -> Option<u16> {
        match code.as_bytes() {
            &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                let c = self.by_code[usize::from(a - b'A') * 26 + usize::from(b - b'A')];
                (c != u16::MAX).then_some(c)
            }
            _ => self.code_to_country.get(code).copied(),
        }
    }

    /// Add a name or alias; a later entry of the same name replaces an earlier one.
    fn insert(&mut self, name: &str, info: PlaceInfo) {
        let (key, n, first) = phrase_key_and_first(name);
        self.places.insert(key, info);
        note_start(&mut self.place_starts, first, n);
    }
}

/// First names as a set of their own, so that a search can ask about a query's words without loading the
/// gazetteer.
struct WordSets {
    first_names: HashKeySet,
}

fn word_sets() -> &'static WordSets {
    static W: OnceLock<WordSets> = OnceLock::new();
    W.get_or_init(|| WordSets {
        first_names: first_name_set(),
    })
}

/// The common lower-case words, sorted (the file is written sorted; a test checks it), for binary search.
fn common_word_list() -> &'static [&'static str] {
    static L: OnceLock<Vec<&'static str>> = OnceLock::new();
    L.get_or_init(|| {
        LOWER_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::trim)
            .collect()
    })
}

fn first_name_set() -> HashKeySet {
    set_of(
        [FIRST_NAMES, FIRST_NAMES_COMMON]
            .into_iter()
            .flat_map(str::lines)
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace),
    )
}

fn common_word_set() -> HashKeySet {
    set_of(common_word_list().iter().copied())
}

/// [`Gazetteer::is_first_name`] for one word, without loading the gazetteer.
pub fn is_first_name_word(word: &str) -> bool {
    let key = hash_lower(word);
    match FULL.get() {
        Some(g) => g.is_first_name(key),
        None => word_sets().first_names.contains(&key),
    }
}

/// [`Gazetteer::is_common_word`] for one word, without loading the gazetteer (a binary search of the sorted list).
pub fn is_common_word_unloaded(word: &str) -> bool {
    match FULL.get() {
        Some(g) => g.is_common_word(hash_lower(word)),
        None => in_common_word_list(word),
    }
}

fn in_common_word_list(word: &str) -> bool {
    let lower: String = word
        .chars()
        .map(|c| if c == '’' || c == 'ʼ' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    common_word_list().binary_search(&lower.as_str()).is_ok()
}

/// Is `word` a demonym or group adjective ("American", "Iraqi", "Western"), without loading the gazetteer?
pub fn is_demonym_word(word: &str) -> bool {
    let key = phrase_key(word).0;
    match FULL.get() {
        Some(g) => g.is_demonym(key),
        None => {
            MajorPlaces::get().demonyms.contains(&key) || EXTRA_DEMONYMS.iter().any(|d| d.eq_ignore_ascii_case(word))
        }
    }
}

/// Is `word` one of the words that end organization names ("Inc.", "Bank", "University")?
pub fn is_org_suffix_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    LEGAL_FORMS.contains(&lower.as_str()) || ORG_WORDS.contains(&lower.as_str())
}

/// Is `name` a country (or one of its other names) or one of the hand-listed major places ("London", "Paris")?
pub fn is_major_place(name: &str) -> bool {
    let key = phrase_key(name).0;
    let m = MajorPlaces::get();
    m.places.contains_key(&key) || m.foreign.contains_key(&key)
}

/// The rows of a `name<TAB>aliases` table (comments and blank lines skipped): each row's name, and the name
/// followed by its `|`-separated aliases.
fn name_rows(table: &'static str) -> impl Iterator<Item = (&'static str, impl Iterator<Item = &'static str>)> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (name, aliases) = split_byte(line, b'\t');
            let names = std::iter::once(name)
                .chain(aliases.unwrap_or("").split('|'))
                .filter(|n| !n.is_empty());
            (name, names)
        })
}

/// Well-known organizations under every name news gives them, and names that are no entity at all (products,
/// market indices): a table of its own, a few thousand names, so that a search can canonicalize an `org:` value
/// without loading the gazetteer.
pub struct OrgNames {
    /// Any name or alias -> the organization's canonical name.
    canonical: HashKeyMap<&'static str>,
    /// Products and market indices ("iPhone", "Mac OS X", "Dow Jones", "Nikkei").
    not_entities: HashKeySet,
    /// The first words of those names ([`hash_lower`]).
    not_entity_starts: HashKeySet,
}

impl OrgNames {
    /// The table, parsed on first use.
    pub fn get() -> &'static OrgNames {
        static O: OnceLock<OrgNames> = OnceLock::new();
        O.get_or_init(|| {
            let mut canonical = HashKeyMap::default();
            for line in ORGS
                .lines()
                .map(str::trim)
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                canonical.insert(phrase_key(line).0, line);
            }
            for (name, names) in name_rows(ORG_NAMES) {
                // The table's canonical names win over the older list's spellings ("UN" -> "United Nations").
                for n in names {
                    canonical.insert(phrase_key(n).0, name);
                    // Without a final possessive, as extraction cuts it: "Standard & Poor" for "Standard & Poor's".
                    if let Some(bare) = n.strip_suffix("'s").or_else(|| n.strip_suffix("’s")) {
                        canonical.entry(phrase_key(bare).0).or_insert(name);
                    }
                }
            }
            let mut not_entities = HashKeySet::default();
            let mut not_entity_starts = HashKeySet::default();
            let mut add = |n: &str| {
                let (key, _, first) = phrase_key_and_first(n);
                not_entities.insert(key);
                not_entity_starts.insert(first);
            };
            for (_, names) in name_rows(MARKET_INDICES) {
                names.for_each(&mut add);
            }
            for line in PRODUCTS
                .lines()
                .map(str::trim)
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                add(line);
            }
            OrgNames {
                canonical,
                not_entities,
                not_entity_starts,
            }
        })
    }

    /// The canonical name of a known organization ("GM" -> "General Motors", "Apple Inc." -> "Apple").
    pub fn canonical(&self, name: &str) -> Option<&'static str> {
        self.canonical_by_key(phrase_key(name).0)
    }

    /// [`OrgNames::canonical`] by phrase key.
    pub fn canonical_by_key(&self, key: u64) -> Option<&'static str> {
        self.canonical.get(&key).copied()
    }

    /// Is this the name of a product or a market index, which newsdex does not list as an entity?
    pub fn is_not_entity(&self, name: &str) -> bool {
        self.is_not_entity_key(phrase_key(name).0)
    }

    /// Can a product's or index's name start with this word ([`hash_lower`])?
    pub fn starts_not_entity(&self, word: u64) -> bool {
        self.not_entity_starts.contains(&word)
    }

    /// [`OrgNames::is_not_entity`] by phrase key.
    pub fn is_not_entity_key(&self, key: u64) -> bool {
        self.not_entities.contains(&key)
    }
}

/// The full gazetteer, once loaded.
static FULL: OnceLock<Gazetteer> = OnceLock::new();

/// Passes over `places.tsv` made by [`place_name`] in this process.
static SCANS: AtomicU32 = AtomicU32::new(0);

/// After this many passes over `places.tsv` (a tenth of a millisecond or so each: one letter's block of lines),
/// [`place_name`] loads the full gazetteer instead (tens of milliseconds, then every lookup is a hash probe). Search
/// canonicalizes a handful of values per query; this bounds the cost for any caller that canonicalizes many.
const MAX_SCANS: u32 = 16;

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
pub(super) fn place_name_unloaded(name: &str) -> Option<&'static str> {
    let key = phrase_key(name).0;
    let m = MajorPlaces::get();
    if let Some(p) = m.places.get(&key).or_else(|| m.foreign.get(&key)) {
        return Some(m.names[p.name as usize]);
    }
    scan_places(name, key).or_else(|| scan_city_aliases(name, key))
}

/// The canonical name of a big city whose other name is `name` (see [`Gazetteer::load_city_aliases`]), by one
/// pass over `city_aliases.tsv` that compares folded bytes and stops at the first difference.
fn scan_city_aliases(name: &str, key: u64) -> Option<&'static str> {
    let mut fold = Vec::with_capacity(name.len());
    fold_into(name, &mut fold);
    if fold.is_empty() {
        return None;
    }
    let m = MajorPlaces::get();
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
                    .find_map(|n| {
                        let key = phrase_key(n).0;
                        m.places
                            .get(&key)
                            .or_else(|| m.foreign.get(&key))
                            .map(|p| m.names[p.name as usize])
                    })
                    .or_else(|| scan_places(city, phrase_key(city).0))
                    .unwrap_or(city),
            );
        }
    }
    None
}

/// Append the characters of `s`'s tokens, lower-cased as [`hash_lower`] lower-cases them, to `out`: the tokenizer
/// drops only whitespace, so two names whose token lists are equal (equal phrase keys) have equal folds.
fn fold_into(s: &str, out: &mut Vec<u8>) {
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
fn first_column_folds_to(line: &str, fold: &[u8]) -> bool {
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
fn places_body() -> &'static str {
    let mut body = PLACES;
    while body.starts_with('#') {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    body
}

/// Byte offset of the first line of the sorted `body` whose first byte is at least `b` (`body.len()` when none).
fn first_line_from(body: &[u8], b: u16) -> usize {
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
fn scan_places(name: &str, key: u64) -> Option<&'static str> {
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

impl Gazetteer {
    /// The process-wide gazetteer, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        FULL.get_or_init(Gazetteer::load)
    }

    fn load() -> Gazetteer {
        let major = MajorPlaces::get();
        let titles = title_sets();
        let mut places = HashKeyMap::with_capacity_and_hasher(140_000, Default::default());
        places.extend(major.places.iter().map(|(&k, &v)| (k, v)));
        let mut names = Vec::with_capacity(130_000);
        names.extend_from_slice(&major.names);
        let mut demonyms = set_of(EXTRA_DEMONYMS.iter().copied());
        demonyms.extend(major.demonyms.iter().copied());
        let mut g = Gazetteer {
            places,
            names,
            countries: major.countries.clone(),
            demonyms,
            titles: titles.titles.clone(),
            title_heads: titles.heads.clone(),
            org_suffixes: set_of(LEGAL_FORMS.iter().chain(ORG_WORDS).copied()),
            first_names: first_name_set(),
            common_words: common_word_set(),
            other_countries: HashMap::new(),
            major_end: major.listed,
            place_starts: major.place_starts.clone(),
            orgs: HashKeySet::default(),
            org_starts: PhraseStarts::default(),
            other_names: HashKeyMap::default(),
            reliable: major.places.keys().chain(major.foreign.keys()).copied().collect(),
            function_words: HashMap::new(),
            all_function_words: HashKeySet::default(),
        };
        for line in FUNCTION_WORDS.lines().filter(|l| !l.starts_with('#')) {
            if let (lang, Some(words)) = split_byte(line, b'\t') {
                let set = set_of(words.split_whitespace());
                g.all_function_words.extend(set.iter().copied());
                g.function_words.insert(lang, set);
            }
        }
        for line in ORGS
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (key, n, first) = phrase_key_and_first(line);
            g.orgs.insert(key);
            note_start(&mut g.org_starts, first, n);
        }
        // Parsed with byte searches rather than `lines()` / `split('\t')`, whose pattern searcher cost a third of
        // the load; the same lines and columns.
        let mut rest = PLACES;
        while !rest.is_empty() {
            let (line, next) = split_byte(rest, b'\n');
            // As `lines()`: "\r\n" ends a line too.
            let line = match next {
                Some(_) => line.strip_suffix('\r').unwrap_or(line),
                None => line,
            };
            rest = next.unwrap_or("");
            if line.starts_with('#') {
                continue;
            }
            let (name, Some(cols)) = split_byte(line, b'\t') else {
                continue;
            };
            let (code, Some(cols)) = split_byte(cols, b'\t') else {
                continue;
            };
            let kind = split_byte(cols, b'\t').0;
            let (key, n, first) = phrase_key_and_first(name);
            let name_idx = g.names.len() as u32;
            let kind = if kind == "r" {
                PlaceKind::Region
            } else {
                PlaceKind::City
            };
            let (first_code, other_codes) = split_byte(code, b',');
            let info = PlaceInfo {
                name: name_idx,
                country: major.country_of_code(first_code),
                kind,
            };
            if let std::collections::hash_map::Entry::Vacant(e) = g.places.entry(key) {
                e.insert(info);
                g.names.push(name);
                note_start(&mut g.place_starts, first, n);
                if let Some(other_codes) = other_codes {
                    let others: Vec<u16> = other_codes
                        .split(',')
                        .filter_map(|c| major.country_of_code(c))
                        .collect();
                    if !others.is_empty() {
                        g.other_countries.insert(name_idx, others);
                    }
                }
            }
        }
        g.load_city_aliases(major);
        g
    }

    /// Big cities and their other names (`city_aliases.tsv`): a name already known keeps its entry; a city known
    /// under one of its other names (a major place) gives that entry to all of them.
    fn load_city_aliases(&mut self, major: &MajorPlaces) {
        for line in CITY_ALIASES.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let mut cols = line.split('\t');
            let (Some(name), Some(code), Some(_population), aliases) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let aliases: Vec<&'static str> = aliases.unwrap_or("").split('|').filter(|a| !a.is_empty()).collect();
            let keys: Vec<u64> = std::iter::once(name)
                .chain(aliases.iter().copied())
                .map(|n| phrase_key(n).0)
                .collect();
            let info = keys
                .iter()
                .find_map(|k| major.places.get(k).or_else(|| major.foreign.get(k)).copied())
                .or_else(|| self.places.get(&keys[0]).copied())
                .unwrap_or_else(|| {
                    let info = PlaceInfo {
                        name: self.names.len() as u32,
                        country: major.country_of_code(code),
                        kind: PlaceKind::City,
                    };
                    self.names.push(name);
                    info
                });
            for key in keys {
                self.reliable.insert(key);
                if !self.places.contains_key(&key) {
                    self.other_names.entry(key).or_insert(info);
                }
            }
        }
    }

    /// Is this word (see [`hash_lower`]) a function word of the language `lang` (ISO 639-1), or of any language
    /// newsdex lists when it lists none for `lang`?
    pub fn is_function_word(&self, lang: &str, key: u64) -> bool {
        self.function_words
            .get(lang)
            .unwrap_or(&self.all_function_words)
            .contains(&key)
    }

    /// Is this phrase hash the name of a place sure enough to be taken from text in any language (see
    /// [`Gazetteer`]'s `reliable`)?
    pub fn is_reliable_place(&self, key: u64) -> bool {
        self.reliable.contains(&key)
    }

    /// The place a phrase hash names, if any.
    pub fn place_by_key(&self, key: u64) -> Option<PlaceInfo> {
        self.places.get(&key).copied()
    }

    /// True for countries and the hand-listed major places (not only in the GeoNames list).
    pub fn is_major(&self, info: PlaceInfo) -> bool {
        info.name < self.major_end
    }

    /// The place a name names ("Kiev", "U.S.", "new york", "München"), if any.
    pub fn place(&self, name: &str) -> Option<PlaceInfo> {
        self.place_any(phrase_key(name).0)
    }

    /// [`Gazetteer::place`] by phrase key: every name newsdex knows, not only the tagger's gazetteer
    /// ([`Gazetteer::place_by_key`]).
    pub fn place_any(&self, key: u64) -> Option<PlaceInfo> {
        let major = MajorPlaces::get();
        major
            .places
            .get(&key)
            .or_else(|| major.foreign.get(&key))
            .copied()
            .or_else(|| self.place_by_key(key))
            .or_else(|| self.other_names.get(&key).copied())
    }

    /// The canonical name of a place entry.
    pub fn name(&self, info: PlaceInfo) -> &str {
        self.names[info.name as usize]
    }

    /// Every country a place of this name is in, most likely first.
    pub fn countries(&self, info: PlaceInfo) -> Vec<&str> {
        let mut out: Vec<&str> = self.country_name(info).into_iter().collect();
        if let Some(others) = self.other_countries.get(&info.name) {
            out.extend(others.iter().map(|&c| self.names[self.countries[c as usize] as usize]));
        }
        out
    }

    /// The canonical name of the country of a place entry, when known.
    pub fn country_name(&self, info: PlaceInfo) -> Option<&str> {
        info.country.map(|c| self.names[self.countries[c as usize] as usize])
    }

    pub fn is_demonym(&self, key: u64) -> bool {
        self.demonyms.contains(&key)
    }
    pub fn is_title(&self, key: u64) -> bool {
        self.titles.contains(&key)
    }
    /// A title word that can begin a title ("President", "Mr.", but not "of").
    pub fn is_title_head(&self, key: u64) -> bool {
        self.title_heads.contains(&key)
    }
    pub fn is_org_suffix(&self, key: u64) -> bool {
        self.org_suffixes.contains(&key)
    }
    pub fn is_first_name(&self, key: u64) -> bool {
        self.first_names.contains(&key)
    }
    /// A known organization name (phrase hash, see [`phrase_key`]).
    pub fn is_org(&self, key: u64) -> bool {
        self.orgs.contains(&key)
    }

    /// A word usually written in lower case (an ordinary word rather than a name).
    pub fn is_common_word(&self, key: u64) -> bool {
        self.common_words.contains(&key)
    }

    /// Number of place entries (names and aliases).
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when no place is loaded.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place table as the gazetteer built it before the load was made faster (a plain parse with `lines()` and
    /// `split`, names as owned strings): key -> (name, kind, countries).
    fn reference_places() -> HashMap<u64, (String, PlaceKind, Vec<String>)> {
        let mut out = HashMap::new();
        let mut code_to_country: HashMap<&str, String> = HashMap::new();
        for line in COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            code_to_country.insert(cols[0], cols[1].to_string());
            let entry = (cols[1].to_string(), PlaceKind::Country, vec![cols[1].to_string()]);
            for alias in std::iter::once(cols[1]).chain(cols.get(2).unwrap_or(&"").split('|')) {
                if !alias.is_empty() {
                    out.insert(phrase_key(alias).0, entry.clone());
                }
            }
        }
        for line in MAJOR_PLACES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            let country: Vec<String> = code_to_country.get(cols[1]).cloned().into_iter().collect();
            let entry = (cols[0].to_string(), PlaceKind::City, country);
            for alias in std::iter::once(cols[0]).chain(cols.get(2).unwrap_or(&"").split('|')) {
                if !alias.is_empty() {
                    out.insert(phrase_key(alias).0, entry.clone());
                }
            }
        }
        for line in PLACES.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(name), Some(code), Some(kind)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let kind = if kind == "r" {
                PlaceKind::Region
            } else {
                PlaceKind::City
            };
            let mut codes = code.split(',');
            let mut countries: Vec<String> = codes
                .next()
                .and_then(|c| code_to_country.get(c))
                .cloned()
                .into_iter()
                .collect();
            countries.extend(codes.filter_map(|c| code_to_country.get(c).cloned()));
            out.entry(phrase_key(name).0)
                .or_insert((name.to_string(), kind, countries));
        }
        out
    }

    #[test]
    fn common_words_are_sorted_for_binary_search() {
        let list = common_word_list();
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        for w in ["the", "said", "Government", "jobs", "Putin", "don’t", "zzzz"] {
            assert_eq!(
                in_common_word_list(w),
                Gazetteer::get().is_common_word(hash_lower(w)),
                "{w}"
            );
        }
    }

    #[test]
    fn place_table_is_the_reference_parse() {
        let g = Gazetteer::get();
        let reference = reference_places();
        assert_eq!(g.len(), reference.len());
        for (&key, (name, kind, countries)) in &reference {
            let p = g.place_by_key(key).expect(name);
            assert_eq!(
                (g.name(p), p.kind, g.countries(p)),
                (name.as_str(), *kind, countries.iter().map(String::as_str).collect())
            );
        }
        let m = MajorPlaces::get();
        for code in m
            .code_to_country
            .keys()
            .copied()
            .chain(["", "XX", "us", "U", "USA", "ZZ"])
        {
            assert_eq!(m.country_of_code(code), m.code_to_country.get(code).copied(), "{code}");
        }
    }

    #[test]
    fn countries_aliases_and_cities() {
        let g = Gazetteer::get();
        let us = g.place("U.S.").expect("U.S.");
        assert_eq!(g.name(us), "United States");
        assert_eq!(g.place("america").map(|p| g.name(p)), Some("United States"));
        let kiev = g.place("Kiev").expect("Kiev");
        assert_eq!(g.name(kiev), "Kyiv");
        assert_eq!(g.country_name(kiev), Some("Ukraine"));
        assert_eq!(g.place("PARIS").and_then(|p| g.country_name(p)), Some("France"));
        assert_eq!(g.place("Mosul").map(|p| p.kind), Some(PlaceKind::City));
        let flint = g.place("Flint").expect("Flint");
        assert_eq!(g.countries(flint), vec!["United Kingdom", "United States"]);
        assert_eq!(g.countries(kiev), vec!["Ukraine"]);
        assert!(g.place("Vladimir").is_none() || g.place("Vladimir").map(|p| p.kind) == Some(PlaceKind::City));
        assert!(g.place("the").is_none());
        assert!(g.len() > 100_000);
    }

    #[test]
    fn word_lists() {
        let g = Gazetteer::get();
        assert!(g.is_demonym(hash_lower("Iraqi")));
        assert!(g.is_demonym(hash_lower("british")));
        assert!(!g.is_demonym(hash_lower("Iraq")));
        assert!(g.is_title(hash_lower("Gen.")));
        assert!(g.is_title_head(hash_lower("President")));
        assert!(!g.is_title_head(hash_lower("of")));
        assert!(g.is_org_suffix(hash_lower("Inc.")));
        assert!(g.is_first_name(hash_lower("Vladimir")));
        assert!(g.is_first_name(hash_lower("Keir")));
        assert!(!g.is_first_name(hash_lower("the")));
        assert!(g.is_common_word(hash_lower("Reading")));
        assert!(g.is_org(phrase_key("General Motors").0));
        assert!(g.is_org(phrase_key("McDonald's").0));
        assert!(!g.is_org(phrase_key("General").0));
        assert!(!g.is_common_word(hash_lower("Putin")));
    }
    /// Names to compare the fast lookups with the loaded gazetteer on: every country, alias and major place, a
    /// sample of GeoNames lines in three casings, and odd cases.
    fn sample_names() -> Vec<String> {
        let mut names: Vec<String> = [
            "Kiev",
            "KIEV",
            "kyiv",
            "Kyiv",
            "US",
            "U.S.",
            "u.s.",
            "USA",
            "America",
            "United States",
            "the United States",
            "UK",
            "Britain",
            "Flint",
            "Mosul",
            "Ahuimanu",
            "Flintbek",
            "'Aiea",
            "`Ajman",
            "Washington",
            "Washington, D.C.",
            "washington ,  d.c.",
            "New  York",
            "Saint-Denis",
            "St. Louis",
            "Nowhere Land",
            "Xyzzyville",
            "",
            "  ",
            "the",
            "The",
            "İstanbul",
            "Zürich",
            "’Aiea",
            "Putin",
            "Reading",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for line in COUNTRIES
            .lines()
            .chain(MAJOR_PLACES.lines())
            .filter(|l| !l.starts_with('#'))
        {
            for col in line.split('\t').take(3) {
                names.extend(col.split('|').filter(|a| !a.is_empty()).map(str::to_string));
            }
        }
        for line in places_body().lines().step_by(127) {
            let name = line.split('\t').next().unwrap_or("");
            names.push(name.to_string());
            names.push(name.to_uppercase());
            names.push(name.to_lowercase());
        }
        names
    }

    #[test]
    fn fast_place_lookup_matches_the_full_gazetteer() {
        let g = Gazetteer::get();
        let names = sample_names();
        assert!(names.len() > 3000);
        let mut found = 0;
        for name in &names {
            let full = g.place(name).map(|p| g.name(p));
            assert_eq!(place_name_unloaded(name), full, "{name:?}");
            assert_eq!(place_name(name), full, "{name:?}");
            found += usize::from(full.is_some());
        }
        assert!(found > names.len() * 8 / 10, "{found} of {}", names.len());
        assert_eq!(place_name_unloaded("Kiev"), Some("Kyiv"));
        assert_eq!(place_name_unloaded("U.S."), Some("United States"));
        assert_eq!(place_name_unloaded("america"), Some("United States"));
        assert_eq!(place_name_unloaded("'ahuimanu"), Some("'Ahuimanu"));
        assert_eq!(place_name_unloaded("FLINT"), Some("Flint"));
        assert_eq!(
            place_name_unloaded("rouffignac-saint-cernin-de-reilhac"),
            Some("Rouffignac-Saint-Cernin-de-Reilhac")
        );
        assert_eq!(place_name_unloaded("Xyzzyville"), None);
    }

    #[test]
    fn places_are_sorted_for_the_scan() {
        let body = places_body();
        let lines: Vec<&str> = body.lines().collect();
        assert!(lines.len() > 100_000);
        assert!(
            lines.windows(2).all(|w| w[0].as_bytes() <= w[1].as_bytes()),
            "places.tsv must stay sorted"
        );
        assert!(!lines.iter().any(|l| l.starts_with('#')));
        // An empty name would have phrase key 0, which the scan never looks for.
        assert!(!lines.iter().any(|l| l.starts_with('\t') || l.is_empty()));
        let bytes = body.as_bytes();
        for b in 0..=0x100u16 {
            let expect = lines
                .iter()
                .position(|l| l.as_bytes().first().map_or(0, |&c| u16::from(c)) >= b)
                .map_or(bytes.len(), |i| lines[i].as_ptr() as usize - body.as_ptr() as usize);
            assert_eq!(first_line_from(bytes, b), expect, "{b}");
        }
        assert_eq!(first_line_from(b"", b'a'.into()), 0);
        assert_eq!(first_line_from(b"a\nb\nc", b'b'.into()), 2);
        assert_eq!(first_line_from(b"a\nb\nc", b'c'.into()), 4);
        assert_eq!(first_line_from(b"a\nb\nc", b'd'.into()), 5);
    }

    #[test]
    fn phrase_starts_bound_the_lookups() {
        let g = Gazetteer::get();
        // "New York City", "New South Wales", ... start with "new"; no place name of several words starts with
        // "said", and "Bank of England" is an organization of three words.
        assert!(longest_from(&g.place_starts, hash_lower("new")) >= 3);
        assert_eq!(longest_from(&g.place_starts, hash_lower("said")), 1);
        assert!(longest_from(&g.org_starts, hash_lower("bank")) >= 3);
        let (key, n, first) = phrase_key_and_first("Washington, D.C.");
        assert_eq!((key, n), phrase_key("Washington, D.C."));
        assert_eq!(first, hash_lower("washington"));
        assert!(longest_from(&g.place_starts, first) >= n);
    }

    #[test]
    fn phrase_keys_hash_the_tokens() {
        let all = [COUNTRIES, MAJOR_PLACES, PLACES, ORGS];
        for line in all.iter().flat_map(|t| t.lines()).filter(|l| !l.starts_with('#')) {
            for name in line.split(['\t', '|']).filter(|c| !c.is_empty() && c.len() > 2) {
                let toks = tokenize(name);
                let words: Vec<&str> = toks.iter().map(|t| t.text(name)).collect();
                assert_eq!(
                    phrase_key(name),
                    (hash_phrase(words.iter().copied()), words.len()),
                    "{name}"
                );
            }
        }
        for name in [
            "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Station",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345 x",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456 x",
            "",
            "  ",
            " New  York ",
            "-",
            "Saint-Denis",
            "NEW YORK 2",
        ] {
            let words: Vec<&str> = name.split_ascii_whitespace().collect();
            assert_eq!(
                phrase_key(name),
                (hash_phrase(words.iter().copied()), words.len()),
                "{name:?}"
            );
        }
    }

    #[test]
    fn title_words_match_the_full_gazetteer() {
        let g = Gazetteer::get();
        let extra = [
            "President",
            "PRESIDENT",
            "Mr.",
            "MR.",
            "Mr",
            "Gen.",
            "of",
            "Of",
            "the",
            "Putin",
            "Prime",
        ];
        for w in TITLE_WORDS.iter().chain(extra.iter()) {
            let k = hash_lower(w);
            assert_eq!(is_title_word(k), g.is_title(k), "{w}");
            assert_eq!(is_title_head_word(k), g.is_title_head(k), "{w}");
        }
        assert!(is_title_head_word(hash_lower("President")) && is_title_head_word(hash_lower("Mr.")));
        assert!(is_title_word(hash_lower("of")) && !is_title_head_word(hash_lower("of")));
        assert!(!is_title_word(hash_lower("Putin")));
    }
}
