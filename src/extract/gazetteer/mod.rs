//! Gazetteers built into the binary: countries (names, aliases, demonyms), GeoNames cities and regions with their
//! country, a hand-written list of major places and their other spellings, person titles, organization suffixes
//! and common first names.
//!
//! Lookups are by the hash of the lower-cased, token-joined phrase ([`crate::extract::hashing::hash_lower`]), so
//! the tagger's feature extraction never allocates. Data files and their licenses are in `data/README.md` beside
//! this module.
//!
//! Two ways in, each in its own place:
//! * the full load, here: [`Gazetteer::get`] parses everything on first use (about 17 ms; ingest, inspect and
//!   eval-ner need it all) into hash tables the tagger's features probe;
//! * the lookups of a search, which canonicalizes a few query values and must not pay for the full load:
//!   [`place_name`] (`unloaded`: the small table of `major_places`, then one pass over the lines of `places.tsv`
//!   that may hold the name), the single-word questions of `words` ([`is_title_word`], [`is_first_name_word`], ...)
//!   and [`OrgNames`] (`org_names`). Each answers exactly as the loaded gazetteer would; tests compare them.
//!
//! `keys` holds the phrase keys and the hash maps both use. Every data file is named once, below (the function
//! words once, in [`crate::language`], which reads them first); the word lists (titles, organization words, group
//! adjectives) are data files too.

use std::collections::HashMap;
use std::sync::OnceLock;

mod key_lists;
mod keys;
mod major_places;
mod org_names;
mod unloaded;
mod words;

pub use keys::{HashKeyMap, HashKeySet, IdHasher, PhraseStarts, longest_from, phrase_key};
pub use major_places::is_major_place;
pub use org_names::OrgNames;
pub use unloaded::place_name;
#[cfg(test)]
pub(crate) use unloaded::place_name_unloaded;
pub use words::{
    is_common_word_unloaded, is_demonym_word, is_first_name_word, is_legal_form, is_org_suffix_word,
    is_title_head_word, is_title_word,
};

use keys::{note_start, phrase_key_and_first, set_of, split_byte};
use major_places::MajorPlaces;
use words::{common_word_set, first_name_set, group_adjectives, org_suffixes, rows, title_sets};

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const MAJOR_PLACES: &str = include_str!("../data/major_places.tsv");
const PLACES: &str = include_str!("../data/places.tsv");
const FIRST_NAMES: &str = include_str!("../data/first_names.txt");
const FIRST_NAMES_COMMON: &str = include_str!("../data/first_names_common.txt");
const LOWER_WORDS: &str = include_str!("../data/lower_words.txt");
const ORGS: &str = include_str!("../data/orgs.txt");
const PLACE_NAMES_I18N: &str = include_str!("../data/place_names_i18n.tsv");
const CITY_ALIASES: &str = include_str!("../data/city_aliases.tsv");
const ORG_NAMES: &str = include_str!("../data/org_names.tsv");
const MARKET_INDICES: &str = include_str!("../data/market_indices.tsv");
const PRODUCTS: &str = include_str!("../data/products.txt");
const TITLE_WORDS: &str = include_str!("../data/title_words.tsv");
const ORG_WORDS: &str = include_str!("../data/org_words.tsv");
const GROUP_ADJECTIVES: &str = include_str!("../data/group_adjectives.txt");

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

/// The full gazetteer, once loaded.
static FULL: OnceLock<Gazetteer> = OnceLock::new();

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
        let mut demonyms = set_of(group_adjectives());
        demonyms.extend(major.demonyms.iter().copied());
        let mut g = Gazetteer {
            places,
            names,
            countries: major.countries.clone(),
            demonyms,
            titles: titles.titles.clone(),
            title_heads: titles.heads.clone(),
            org_suffixes: set_of(org_suffixes()),
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
        for (lang, words) in crate::language::function_word_lists() {
            let set = set_of(words);
            g.all_function_words.extend(set.iter().copied());
            g.function_words.insert(lang, set);
        }
        for line in rows(ORGS) {
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

    /// Is this word (see [`crate::extract::hashing::hash_lower`]) a function word of the language `lang` (ISO 639-1), or of any language
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
    use crate::extract::hashing::{hash_lower, hash_phrase};
    use crate::extract::tokenize::tokenize;
    use unloaded::{first_line_from, places_body};

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
    fn word_questions_answer_as_the_loaded_gazetteer() {
        let g = Gazetteer::get();
        for w in [
            "the",
            "said",
            "Government",
            "jobs",
            "Putin",
            "don’t",
            "zzzz",
            "Barack",
            "John",
            "Obama",
        ] {
            let key = hash_lower(w);
            assert_eq!(key_lists::COMMON_WORDS.contains(key), g.is_common_word(key), "{w}");
            assert_eq!(key_lists::FIRST_NAMES.contains(key), g.is_first_name(key), "{w}");
        }
        for (w, demonym) in [("American", true), ("Iraqi", true), ("Western", true), ("Obama", false)] {
            assert_eq!(is_demonym_word(w), demonym, "{w}");
            assert_eq!(g.is_demonym(phrase_key(w).0), demonym, "{w}");
        }
        for (place, major) in [
            ("London", true),
            ("Deutschland", true),
            ("United States", true),
            ("Obama", false),
        ] {
            assert_eq!(is_major_place(place), major, "{place}");
        }
        assert!(key_lists::COMMON_WORDS.contains(hash_lower("said")));
        assert!(key_lists::FIRST_NAMES.contains(hash_lower("Barack")));
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
        for w in words::title_words().map(|(w, _)| w).chain(extra) {
            let k = hash_lower(w);
            assert_eq!(is_title_word(k), g.is_title(k), "{w}");
            assert_eq!(is_title_head_word(k), g.is_title_head(k), "{w}");
        }
        assert!(is_title_head_word(hash_lower("President")) && is_title_head_word(hash_lower("Mr.")));
        assert!(is_title_word(hash_lower("of")) && !is_title_head_word(hash_lower("of")));
        assert!(!is_title_word(hash_lower("Putin")));
    }
}
