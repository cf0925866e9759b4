//! Well-known organizations and the names that are no entity (products, market indices): `orgs.txt`,
//! `org_names.tsv`, `market_indices.tsv`, `products.txt`.

use std::sync::OnceLock;

use super::keys::{HashKeyMap, HashKeySet, phrase_key, phrase_key_and_first, split_byte};
use super::words::rows;
use super::{MARKET_INDICES, ORG_NAMES, ORGS, PRODUCTS};

/// The rows of a `name<TAB>aliases` table (comments and blank lines skipped): each row's name, and the name
/// followed by its `|`-separated aliases.
pub(super) fn name_rows(
    table: &'static str,
) -> impl Iterator<Item = (&'static str, impl Iterator<Item = &'static str>)> {
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
    /// The first words of those names ([`hash_lower`]).
    starts: HashKeySet,
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
            let mut starts = HashKeySet::default();
            for line in rows(ORGS) {
                let (key, _, first) = phrase_key_and_first(line);
                canonical.insert(key, line);
                starts.insert(first);
            }
            for (name, names) in name_rows(ORG_NAMES) {
                // The table's canonical names win over the older list's spellings ("UN" -> "United Nations").
                for n in names {
                    let (key, _, first) = phrase_key_and_first(n);
                    canonical.insert(key, name);
                    starts.insert(first);
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
            for line in rows(PRODUCTS) {
                add(line);
            }
            OrgNames {
                canonical,
                starts,
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

    /// Can a known organization's name (or one of its other names) start with this word ([`hash_lower`])?
    pub fn may_start(&self, word: u64) -> bool {
        self.starts.contains(&word)
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
