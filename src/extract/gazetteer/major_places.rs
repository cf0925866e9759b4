//! The countries and the hand-listed major places (`countries.tsv`, `major_places.tsv`, `place_names_i18n.tsv`):
//! a few hundred names, loaded apart from the GeoNames list so that a query's place can be canonicalized without
//! it. The full gazetteer starts from this table.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::keys::{HashKeyMap, PhraseStarts, note_start, phrase_key, phrase_key_and_first};
use super::{COUNTRIES, MAJOR_PLACES, PLACE_NAMES_I18N, PlaceInfo, PlaceKind};

/// The countries and the hand-listed major places: the first part of the place table, a few hundred names, built
/// apart so that one query name can be looked up without the GeoNames list.
pub(super) struct MajorPlaces {
    pub(super) places: HashKeyMap<PlaceInfo>,
    pub(super) names: Vec<&'static str>,
    pub(super) countries: Vec<u32>,
    pub(super) code_to_country: HashMap<&'static str, u16>,
    /// `code_to_country` for two-letter codes, indexed by letters ("AA" = 0); `u16::MAX` for none.
    pub(super) by_code: Vec<u16>,
    /// Phrase keys of the countries' demonyms.
    pub(super) demonyms: Vec<u64>,
    pub(super) place_starts: PhraseStarts,
    /// Names of countries and places in other languages (`place_names_i18n.tsv`), apart from `places`.
    pub(super) foreign: HashKeyMap<PlaceInfo>,
    /// Number of names from the country and major-place lists (the i18n table's own places come after).
    pub(super) listed: u32,
}

impl MajorPlaces {
    pub(super) fn get() -> &'static MajorPlaces {
        static M: OnceLock<MajorPlaces> = OnceLock::new();
        M.get_or_init(MajorPlaces::load)
    }

    pub(super) fn load() -> MajorPlaces {
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
    pub(super) fn country_of_code(&self, code: &str) -> Option<u16> {
        match code.as_bytes() {
            &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                let c = self.by_code[usize::from(a - b'A') * 26 + usize::from(b - b'A')];
                (c != u16::MAX).then_some(c)
            }
            _ => self.code_to_country.get(code).copied(),
        }
    }

    /// Add a name or alias; a later entry of the same name replaces an earlier one.
    pub(super) fn insert(&mut self, name: &str, info: PlaceInfo) {
        let (key, n, first) = phrase_key_and_first(name);
        self.places.insert(key, info);
        note_start(&mut self.place_starts, first, n);
    }
}

/// Is `name` a country (or one of its other names) or one of the hand-listed major places ("London", "Paris")?
pub fn is_major_place(name: &str) -> bool {
    // The table's keys, precomputed: a search asks this without loading the table.
    super::key_lists::MAJOR_PLACES.contains(phrase_key(name).0)
}
