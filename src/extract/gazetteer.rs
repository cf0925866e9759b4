//! Gazetteers built into the binary: countries (names, aliases, demonyms), GeoNames cities and regions with their
//! country, a hand-written list of major places and their other spellings, person titles, organization suffixes
//! and common first names.
//!
//! Lookups are by the hash of the lower-cased, token-joined phrase ([`crate::extract::features::hash_lower`]), so
//! the tagger's feature extraction never allocates. Data files and their licenses are in `data/README.md` beside
//! this module.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::features::{hash_lower, hash_phrase};
use super::tokenize::tokenize;

const COUNTRIES: &str = include_str!("data/countries.tsv");
const MAJOR_PLACES: &str = include_str!("data/major_places.tsv");
const PLACES: &str = include_str!("data/places.tsv");
const FIRST_NAMES: &str = include_str!("data/first_names.txt");
const FIRST_NAMES_COMMON: &str = include_str!("data/first_names_common.txt");
const LOWER_WORDS: &str = include_str!("data/lower_words.txt");
const ORGS: &str = include_str!("data/orgs.txt");

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

/// Words that end organization names.
pub const ORG_SUFFIXES: &[&str] = &[
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
    names: Vec<String>,
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
    /// The longest place name, in tokens.
    pub max_place_tokens: usize,
    orgs: HashKeySet,
    /// The longest organization name, in tokens.
    pub max_org_tokens: usize,
}

/// The phrase hash of a name as the tokenizer splits it ("Washington, D.C." -> "washington , d.c.").
pub fn phrase_key(name: &str) -> (u64, usize) {
    // Fast path for plain names: the tokenizer would split them at spaces only.
    if name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
    {
        let mut n = 0;
        let h = hash_phrase(name.split_ascii_whitespace().inspect(|_| n += 1));
        return (h, n);
    }
    let toks = tokenize(name);
    let words: Vec<&str> = toks.iter().map(|t| t.text(name)).collect();
    (hash_phrase(words.iter().copied()), words.len())
}

fn set_of<'a>(words: impl Iterator<Item = &'a str>) -> HashKeySet {
    words.map(hash_lower).collect()
}

impl Gazetteer {
    /// The process-wide gazetteer, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::load)
    }

    fn load() -> Gazetteer {
        let mut g = Gazetteer {
            places: HashKeyMap::with_capacity_and_hasher(140_000, Default::default()),
            names: Vec::new(),
            countries: Vec::new(),
            demonyms: set_of(EXTRA_DEMONYMS.iter().copied()),
            titles: set_of(TITLE_WORDS.iter().copied()),
            title_heads: set_of(
                TITLE_WORDS
                    .iter()
                    .copied()
                    .filter(|w| !TITLE_HEADS_EXCLUDED.contains(w)),
            ),
            org_suffixes: set_of(ORG_SUFFIXES.iter().copied()),
            first_names: set_of(
                [FIRST_NAMES, FIRST_NAMES_COMMON]
                    .into_iter()
                    .flat_map(str::lines)
                    .filter(|l| !l.starts_with('#'))
                    .flat_map(str::split_whitespace),
            ),
            common_words: set_of(LOWER_WORDS.lines().filter(|l| !l.starts_with('#')).map(str::trim)),
            other_countries: HashMap::new(),
            major_end: 0,
            max_place_tokens: 1,
            orgs: HashKeySet::default(),
            max_org_tokens: 1,
        };
        for line in ORGS
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (key, n) = phrase_key(line);
            g.orgs.insert(key);
            g.max_org_tokens = g.max_org_tokens.max(n);
        }
        let mut code_to_country: HashMap<&str, u16> = HashMap::new();
        for line in COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            let name_idx = g.names.len() as u32;
            g.names.push(cols[1].to_string());
            let country_idx = g.countries.len() as u16;
            g.countries.push(name_idx);
            code_to_country.insert(cols[0], country_idx);
            let info = PlaceInfo {
                name: name_idx,
                country: Some(country_idx),
                kind: PlaceKind::Country,
            };
            g.insert_place(cols[1], info, true);
            for alias in cols.get(2).unwrap_or(&"").split('|').filter(|a| !a.is_empty()) {
                g.insert_place(alias, info, true);
            }
            for d in cols.get(3).unwrap_or(&"").split('|').filter(|a| !a.is_empty()) {
                g.demonyms.insert(phrase_key(d).0);
            }
        }
        for line in MAJOR_PLACES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            let name_idx = g.names.len() as u32;
            g.names.push(cols[0].to_string());
            let info = PlaceInfo {
                name: name_idx,
                country: code_to_country.get(cols[1]).copied(),
                kind: PlaceKind::City,
            };
            g.insert_place(cols[0], info, true);
            for alias in cols.get(2).unwrap_or(&"").split('|').filter(|a| !a.is_empty()) {
                g.insert_place(alias, info, true);
            }
        }
        g.major_end = g.names.len() as u32;
        for line in PLACES.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(name), Some(code), Some(kind)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let (key, n) = phrase_key(name);
            let name_idx = g.names.len() as u32;
            let kind = if kind == "r" {
                PlaceKind::Region
            } else {
                PlaceKind::City
            };
            let mut codes = code.split(',');
            let info = PlaceInfo {
                name: name_idx,
                country: codes.next().and_then(|c| code_to_country.get(c).copied()),
                kind,
            };
            if let std::collections::hash_map::Entry::Vacant(e) = g.places.entry(key) {
                e.insert(info);
                g.names.push(name.to_string());
                g.max_place_tokens = g.max_place_tokens.max(n);
                let others: Vec<u16> = codes.filter_map(|c| code_to_country.get(c).copied()).collect();
                if !others.is_empty() {
                    g.other_countries.insert(name_idx, others);
                }
            }
        }
        g
    }

    fn insert_place(&mut self, name: &str, info: PlaceInfo, replace: bool) {
        let (key, n) = phrase_key(name);
        if replace || !self.places.contains_key(&key) {
            self.places.insert(key, info);
        }
        self.max_place_tokens = self.max_place_tokens.max(n);
    }

    /// The place a phrase hash names, if any.
    pub fn place_by_key(&self, key: u64) -> Option<PlaceInfo> {
        self.places.get(&key).copied()
    }

    /// True for countries and the hand-listed major places (not only in the GeoNames list).
    pub fn is_major(&self, info: PlaceInfo) -> bool {
        info.name < self.major_end
    }

    /// The place a name names ("Kiev", "U.S.", "new york"), if any.
    pub fn place(&self, name: &str) -> Option<PlaceInfo> {
        self.place_by_key(phrase_key(name).0)
    }

    /// The canonical name of a place entry.
    pub fn name(&self, info: PlaceInfo) -> &str {
        &self.names[info.name as usize]
    }

    /// Every country a place of this name is in, most likely first.
    pub fn countries(&self, info: PlaceInfo) -> Vec<&str> {
        let mut out: Vec<&str> = self.country_name(info).into_iter().collect();
        if let Some(others) = self.other_countries.get(&info.name) {
            out.extend(
                others
                    .iter()
                    .map(|&c| self.names[self.countries[c as usize] as usize].as_str()),
            );
        }
        out
    }

    /// The canonical name of the country of a place entry, when known.
    pub fn country_name(&self, info: PlaceInfo) -> Option<&str> {
        info.country
            .map(|c| self.names[self.countries[c as usize] as usize].as_str())
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
}
