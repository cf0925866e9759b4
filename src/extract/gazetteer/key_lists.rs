//! The keys of the small word and place tables, precomputed: whether one word is a country or major place, a
//! country's demonym, a first name or a common lower-case word, and a major place's canonical name, answered
//! without building those tables. A search asks these questions of a query's names while it compiles the query
//! (`person:"Barack Obama"`: can "Obama" stand alone? `place:Deutschland`: which place is that?), and building the
//! tables took 2 ms of every such process.
//!
//! Each list is the sorted, deduplicated keys of one table, as 8-byte little-endian numbers, in `data/keys/*.bin`,
//! built into the binary. In the major places' list each key is followed by the line of its canonical name in
//! `data/keys/major_place_names.txt`. They are made from the tables by the same code that loads them: the unit test
//! `key_lists_are_the_tables_keys` compares them and fails when a table changed without them. Regenerate with
//! `NEWSDEX_REGENERATE_KEYS=1 cargo test --lib key_lists` (and commit the files).

/// A sorted list of keys: entries of `width` bytes, each starting with its key (8 bytes, little-endian),
/// ascending, without repeats.
pub(super) struct KeyList {
    bytes: &'static [u8],
    width: usize,
}

/// Phrase keys of the countries and major places and their other names, English or not
/// ([`super::MajorPlaces`]'s `places` and `foreign`), each followed by the line of its canonical name in
/// [`MAJOR_PLACE_NAMES`].
pub(super) static MAJOR_PLACES: KeyList = KeyList {
    bytes: include_bytes!("../data/keys/major_places.bin"),
    width: 16,
};
/// The names of [`super::MajorPlaces`], one a line, in its order.
static MAJOR_PLACE_NAMES: &str = include_str!("../data/keys/major_place_names.txt");
/// Phrase keys of the countries' demonyms ([`super::MajorPlaces`]'s `demonyms`).
pub(super) static DEMONYMS: KeyList = KeyList {
    bytes: include_bytes!("../data/keys/demonyms.bin"),
    width: 8,
};
/// Word hashes of the first names ([`super::words::first_name_set`]).
pub(super) static FIRST_NAMES: KeyList = KeyList {
    bytes: include_bytes!("../data/keys/first_names.bin"),
    width: 8,
};
/// Word hashes of the common lower-case words ([`super::words::common_word_set`]).
pub(super) static COMMON_WORDS: KeyList = KeyList {
    bytes: include_bytes!("../data/keys/common_words.bin"),
    width: 8,
};

/// The canonical name of the major place whose phrase key is `key`, as [`super::MajorPlaces`] gives it.
pub(super) fn major_place_name(key: u64) -> Option<&'static str> {
    let entry = MAJOR_PLACES.find(key)?;
    let line = usize::try_from(MAJOR_PLACES.number(entry * MAJOR_PLACES.width + 8)).ok()?;
    MAJOR_PLACE_NAMES.lines().nth(line)
}

impl KeyList {
    fn len(&self) -> usize {
        self.bytes.len() / self.width
    }

    /// The 8-byte number at byte `at`.
    fn number(&self, at: usize) -> u64 {
        let mut bytes = [0u8; 8];
        if let Some(slice) = self.bytes.get(at..at + 8) {
            bytes.copy_from_slice(slice);
        }
        u64::from_le_bytes(bytes)
    }

    /// The entry holding `key` (a binary search).
    fn find(&self, key: u64) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.number(mid * self.width).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Is `key` in the list?
    pub(super) fn contains(&self, key: u64) -> bool {
        self.find(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::super::major_places::MajorPlaces;
    use super::super::words::{common_word_set, first_name_set};
    use super::*;

    /// The bytes of a list of 8-byte keys.
    fn encode(keys: impl IntoIterator<Item = u64>) -> Vec<u8> {
        let mut keys: Vec<u64> = keys.into_iter().collect();
        keys.sort_unstable();
        keys.dedup();
        keys.iter().flat_map(|k| k.to_le_bytes()).collect()
    }

    /// The major places' list (keys with the line of their name) and the names, from the loaded table.
    fn major_places(m: &MajorPlaces) -> (Vec<u8>, String) {
        // A name is looked up in `places` first, then in `foreign` (see `unloaded::place_name_unloaded`).
        let mut entries: Vec<(u64, u64)> = m.places.iter().map(|(&k, p)| (k, u64::from(p.name))).collect();
        entries.extend(
            m.foreign
                .iter()
                .filter(|(k, _)| !m.places.contains_key(k))
                .map(|(&k, p)| (k, u64::from(p.name))),
        );
        entries.sort_unstable();
        let bytes = entries
            .iter()
            .flat_map(|(k, line)| k.to_le_bytes().into_iter().chain(line.to_le_bytes()))
            .collect();
        let names: String = m.names.iter().map(|n| format!("{n}\n")).collect();
        (bytes, names)
    }

    #[test]
    fn key_lists_are_the_tables_keys() {
        let major = MajorPlaces::load();
        let (places, names) = major_places(&major);
        assert!(major.names.iter().all(|n| !n.contains('\n') && !n.is_empty()));
        let files: [(&str, &[u8], Vec<u8>); 5] = [
            ("major_places.bin", MAJOR_PLACES.bytes, places),
            (
                "major_place_names.txt",
                MAJOR_PLACE_NAMES.as_bytes(),
                names.into_bytes(),
            ),
            ("demonyms.bin", DEMONYMS.bytes, encode(major.demonyms.iter().copied())),
            ("first_names.bin", FIRST_NAMES.bytes, encode(first_name_set())),
            ("common_words.bin", COMMON_WORDS.bytes, encode(common_word_set())),
        ];
        let regenerate = std::env::var_os("NEWSDEX_REGENERATE_KEYS").is_some();
        for (name, built_in, expected) in files {
            let path = format!("{}/src/extract/data/keys/{name}", env!("CARGO_MANIFEST_DIR"));
            if regenerate {
                std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{path}: {e}"));
                continue;
            }
            assert!(
                built_in == expected.as_slice(),
                "{path} is stale: regenerate it with `NEWSDEX_REGENERATE_KEYS=1 cargo test --lib key_lists`"
            );
        }
    }

    #[test]
    fn lookups_find_exactly_the_listed_keys() {
        let list = KeyList {
            bytes: &[1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            width: 8,
        };
        assert_eq!(list.len(), 3);
        for (key, found) in [
            (0, false),
            (1, true),
            (2, false),
            (7, true),
            (256, true),
            (u64::MAX, false),
        ] {
            assert_eq!(list.contains(key), found, "{key}");
        }
        assert!(!KeyList { bytes: &[], width: 8 }.contains(0));
        assert!(MAJOR_PLACES.len() > 1000 && FIRST_NAMES.len() > 500 && COMMON_WORDS.len() > 5000);
        assert!(DEMONYMS.len() > 100);
    }

    #[test]
    fn major_place_names_are_the_tables() {
        let m = MajorPlaces::load();
        for name in [
            "Deutschland",
            "Kiev",
            "U.S.",
            "London",
            "Obama",
            "München",
            "Washington, D.C.",
        ] {
            let key = super::super::keys::phrase_key(name).0;
            let table = m
                .places
                .get(&key)
                .or_else(|| m.foreign.get(&key))
                .map(|p| m.names[p.name as usize]);
            assert_eq!(major_place_name(key), table, "{name}");
        }
        let germany = super::super::keys::phrase_key("Deutschland").0;
        assert_eq!(major_place_name(germany), Some("Germany"));
    }
}
