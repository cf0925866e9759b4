//! One type per name across an article, and how sure newsdex is of it.
//!
//! The tagger types each mention from its own sentence, so one article can call "Chrysler" a person in one
//! sentence and an organization in the next, and it knows no more of the world than its training text.
//! [`apply_knowledge`] corrects what the hand-written lists know for certain: products and market indices are no
//! entity ("Mac OS X", "Dow Jones"), well-known organizations are organizations under one name ("GM" -> "General
//! Motors"), countries are places, unless the article uses the word as a person's surname ("Jordan" after
//! "Michael Jordan"). [`settle_kinds`] gives every mention of a name the type most of its mentions have (ties go
//! to what the gazetteers know of the name, then to the first mention). [`link_acronyms`] ties an acronym to the
//! organization whose initials it spells in the same article ("UAW", "United Auto Workers"). [`mark_confident`]
//! then marks the mentions whose type newsdex's own knowledge backs: search trusts those enough to rule an article
//! out ("Alaska" known as a place is not a person), and treats the others as names of unsure type.

use std::collections::HashSet;

use crate::article::{EntityKind, Mention};

use super::canonical;
use super::gazetteer::{Gazetteer, HashKeyMap, HashKeySet, OrgNames, PlaceKind, phrase_key};
use super::hashing::hash_lower;

/// What the gazetteers say a name is, if anything (`key`: the name's [`phrase_key`]).
fn known_kind(g: &Gazetteer, key: u64, name: &str) -> Option<EntityKind> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    let several = words.clone().next().is_some();
    let org_word = several && (g.is_org_suffix(hash_lower(first)) || words.any(|w| g.is_org_suffix(hash_lower(w))));
    if g.is_org(key) || OrgNames::get().canonical_by_key(key).is_some() || org_word {
        return Some(EntityKind::Org);
    }
    if g.place_any(key).is_some() {
        return Some(EntityKind::Place);
    }
    if several && g.is_first_name(hash_lower(first)) {
        return Some(EntityKind::Person);
    }
    None
}

/// The phrase keys of a mention's surface and canonical name.
fn keys(m: &Mention) -> (u64, u64) {
    let surface = phrase_key(&m.surface).0;
    let canonical = if m.canonical == m.surface {
        surface
    } else {
        phrase_key(&m.canonical).0
    };
    (surface, canonical)
}

/// Correct types with what the hand-written lists know for certain (see the module doc); drops the mentions
/// that are no entity.
pub fn apply_knowledge(mentions: &mut Vec<Mention>) {
    let g = Gazetteer::get();
    let orgs = OrgNames::get();
    // Surnames of the people named in full: "Jordan" after "Michael Jordan" stays a person.
    let surnames: HashSet<String> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .filter_map(|m| {
            let mut words = m.canonical.split_whitespace();
            let last = words.next_back()?;
            words.next().map(|_| last.to_lowercase())
        })
        .collect();
    // Products and market indices are no entity; nor is a title alone ("CEO", "President").
    let all_titles = |name: &str| name.split_whitespace().all(|w| g.is_title(hash_lower(w)));
    let mut kept = Vec::with_capacity(mentions.len());
    for m in mentions.drain(..) {
        let (sk, ck) = keys(&m);
        if !orgs.is_not_entity_key(sk) && !orgs.is_not_entity_key(ck) && !all_titles(&m.surface) {
            kept.push((m, sk, ck));
        }
    }
    for (mut m, sk, ck) in kept {
        apply_to(&mut m, sk, ck, g, orgs, &surnames);
        mentions.push(m);
    }
}

/// [`apply_knowledge`] for one mention (`sk`, `ck`: the keys of its surface and canonical name).
fn apply_to(m: &mut Mention, sk: u64, ck: u64, g: &Gazetteer, orgs: &OrgNames, surnames: &HashSet<String>) {
    {
        // The surnames are lower-cased, so only the surface's ASCII letters need lowering to compare them as
        // `eq_ignore_ascii_case` would.
        let single = !m.surface.contains(' ');
        if single && !surnames.is_empty() && surnames.contains(&m.surface.to_ascii_lowercase()) {
            if m.kind != EntityKind::Person {
                retype(m, EntityKind::Person);
            }
            return;
        }
        if let Some(known) = orgs.canonical_by_key(sk).or_else(|| orgs.canonical_by_key(ck)) {
            if m.kind != EntityKind::Org {
                retype(m, EntityKind::Org);
            }
            known.clone_into(&mut m.canonical);
            return;
        }
        if m.kind != EntityKind::Place && g.place_any(sk).is_some_and(|p| p.kind == PlaceKind::Country) {
            retype(m, EntityKind::Place);
        }
    }
}

/// A word alone that begins exactly one organization named in full in the same article ("Ford" with "Ford Motor
/// Company") is that organization, unless it is the surname of a person named in full there or a well-known
/// organization of its own ("NATO" beside "NATO Chiefs of Defense").
pub fn link_short_orgs(mentions: &mut [Mention]) {
    let fulls = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Org && m.canonical.contains(' '))
        .map(|m| m.canonical.as_str());
    let by_first = canonical::names_by_key(fulls, canonical::first_word);
    let surnames: HashSet<String> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.canonical.contains(' '))
        .filter_map(|m| m.canonical.split_whitespace().next_back().map(str::to_string))
        .collect();
    for m in mentions.iter_mut() {
        if m.surface.contains(' ') || m.kind == EntityKind::Place || surnames.contains(&m.surface) {
            continue;
        }
        if let Some((full, 1)) = by_first.get(&m.surface) {
            take_org_name(m, full);
        }
    }
}

/// Make a short form (a first word, an acronym) the organization `full`, unless it is a well-known organization
/// of its own: "NATO" beside "NATO Chiefs of Defense" is NATO.
fn take_org_name(m: &mut Mention, full: &str) {
    if OrgNames::get().canonical(&m.surface).is_some_and(|known| known != full) {
        return;
    }
    if m.kind != EntityKind::Org {
        retype(m, EntityKind::Org);
    }
    full.clone_into(&mut m.canonical);
}

/// Tie each acronym of organizations ("UAW", "GM") to the organization of the same article whose initials it
/// spells ("United Auto Workers", "General Motors"), and give it that name.
pub fn link_acronyms(mentions: &mut [Mention]) {
    let looks_like_acronym = |m: &Mention| {
        (2..=8).contains(&m.surface.len()) && m.surface.bytes().all(|b| b.is_ascii_uppercase() || b == b'.')
    };
    if !mentions.iter().any(looks_like_acronym) {
        return;
    }
    let initials = |name: &str| -> String {
        name.split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    let fulls = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Org && m.canonical.split_whitespace().count() >= 2)
        .map(|m| m.canonical.as_str());
    let by_initials = canonical::names_by_key(fulls, initials);
    for m in mentions.iter_mut() {
        if !looks_like_acronym(m) {
            continue;
        }
        let acronym = m.surface.replace('.', "");
        let is_acronym = acronym.len() >= 2
            && acronym.len() <= 6
            && acronym.chars().all(|c| c.is_ascii_uppercase())
            && !m.surface.contains(' ');
        if !is_acronym {
            continue;
        }
        if let Some((full, 1)) = by_initials.get(&acronym) {
            // A known place taken for a place keeps its name: "U.S." beside "U.N. Secretary-General" is the United
            // States. (Only taken for a place: "GAO", "PAG" are also towns.)
            let known_place =
                m.kind == EntityKind::Place && Gazetteer::get().place_any(phrase_key(&m.surface).0).is_some();
            if !known_place {
                take_org_name(m, full);
            }
        }
    }
}

/// Give every mention of a name the type most of its mentions have; mentions must be in article order.
pub fn settle_kinds(mentions: &mut [Mention]) {
    let g = Gazetteer::get();
    let keys: Vec<u64> = mentions.iter().map(|m| phrase_key(&m.canonical).0).collect();
    // Per name: mentions of each kind, the kind of the first mention, and where it is.
    let mut votes: HashKeyMap<([u32; 3], EntityKind, usize)> = HashKeyMap::default();
    for (i, (m, &key)) in mentions.iter().zip(&keys).enumerate() {
        votes.entry(key).or_insert(([0; 3], m.kind, i)).0[m.kind as usize] += 1;
    }
    let mut chosen: HashKeyMap<EntityKind> = HashKeyMap::default();
    for (key, (counts, first, at)) in votes {
        if counts.iter().filter(|&&c| c > 0).count() < 2 {
            continue;
        }
        let best = counts.iter().copied().max().unwrap_or(0);
        let tied: Vec<EntityKind> = [EntityKind::Person, EntityKind::Place, EntityKind::Org]
            .into_iter()
            .filter(|k| counts[*k as usize] == best)
            .collect();
        let kind = if tied.len() == 1 {
            tied[0]
        } else {
            known_kind(g, key, &mentions[at].canonical)
                .filter(|k| tied.contains(k))
                .unwrap_or(first)
        };
        chosen.insert(key, kind);
    }
    if chosen.is_empty() {
        return;
    }
    for (m, key) in mentions.iter_mut().zip(keys) {
        if let Some(&kind) = chosen.get(&key)
            && kind != m.kind
        {
            retype(m, kind);
        }
    }
}

/// Change a mention's type, with the canonical name and country that type gives it.
pub fn retype(m: &mut Mention, kind: EntityKind) {
    m.kind = kind;
    m.canonical = canonical::canonical(kind, &m.surface);
    m.country = match kind {
        EntityKind::Place => canonical::country_of(&m.canonical).map(str::to_string),
        _ => None,
    };
    if kind != EntityKind::Person {
        m.role = None;
    }
}

/// Mark the mentions whose type the gazetteers back (see [`Mention::confident`]). A one-word name is not sure
/// when the article also uses it as the start of an organization's name or as a person's surname ("Delta" with
/// "Delta Air Lines", "Washington" with "George Washington"): the tagger may have typed it by the gazetteer alone.
pub fn mark_confident(mentions: &mut [Mention]) {
    let g = Gazetteer::get();
    let mut parts_of_names: HashKeySet = HashKeySet::default();
    for m in mentions.iter().filter(|m| m.canonical.contains(' ')) {
        let mut words = m.canonical.split_whitespace();
        let part = match m.kind {
            EntityKind::Org => words.next(),
            EntityKind::Person => words.next_back(),
            EntityKind::Place => None,
        };
        parts_of_names.extend(part.map(hash_lower));
    }
    // Articles repeat their names: what the gazetteers say of each is asked once.
    let mut memo: HashKeyMap<Option<EntityKind>> = HashKeyMap::default();
    for m in mentions.iter_mut() {
        let part_of_a_name = !m.surface.contains(' ') && parts_of_names.contains(&hash_lower(&m.surface));
        if part_of_a_name {
            m.confident = false;
            continue;
        }
        let (sk, ck) = keys(m);
        let mut known = |key: u64, name: &str| *memo.entry(key).or_insert_with(|| known_kind(g, key, name));
        m.confident = known(sk, &m.surface) == Some(m.kind) || (ck != sk && known(ck, &m.canonical) == Some(m.kind));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(kind: EntityKind, surface: &str) -> Mention {
        Mention::new(kind, surface, &canonical::canonical(kind, surface))
    }

    #[test]
    fn most_mentions_decide_a_names_type() {
        let mut ms = vec![
            mention(EntityKind::Person, "Chrysler"),
            mention(EntityKind::Org, "Chrysler"),
            mention(EntityKind::Org, "Chrysler"),
            mention(EntityKind::Place, "Alaska"),
        ];
        settle_kinds(&mut ms);
        assert!(ms[..3].iter().all(|m| m.kind == EntityKind::Org), "{ms:?}");
        assert_eq!(ms[3].kind, EntityKind::Place);
        // A tie goes to what the gazetteer knows: Kenya is a place.
        let mut ms = vec![
            mention(EntityKind::Person, "Kenya"),
            mention(EntityKind::Place, "Kenya"),
        ];
        settle_kinds(&mut ms);
        assert!(ms.iter().all(|m| m.kind == EntityKind::Place), "{ms:?}");
        assert_eq!(ms[0].country.as_deref(), Some("Kenya"));
    }

    #[test]
    fn short_organization_names_join_their_full_name_unless_known() {
        let mut ms = vec![
            mention(EntityKind::Org, "Lattice Widgets Group"),
            mention(EntityKind::Org, "Lattice"),
            mention(EntityKind::Org, "NATO Chiefs of Defense"),
            mention(EntityKind::Org, "NATO"),
        ];
        link_short_orgs(&mut ms);
        assert_eq!(ms[1].canonical, "Lattice Widgets Group");
        assert_eq!(ms[3].canonical, "NATO");
    }

    #[test]
    fn lists_correct_types_and_names() {
        let mut ms = vec![
            mention(EntityKind::Person, "Dow Jones"),
            mention(EntityKind::Place, "Nikkei"),
            mention(EntityKind::Person, "Mac OS X"),
            mention(EntityKind::Person, "Chrysler"),
            mention(EntityKind::Org, "Apple Computer"),
            mention(EntityKind::Org, "Singapore"),
            mention(EntityKind::Person, "Michael Jordan"),
            mention(EntityKind::Place, "Jordan"),
        ];
        apply_knowledge(&mut ms);
        let got: Vec<(EntityKind, &str)> = ms.iter().map(|m| (m.kind, m.canonical.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (EntityKind::Org, "Chrysler"),
                (EntityKind::Org, "Apple"),
                (EntityKind::Place, "Singapore"),
                (EntityKind::Person, "Michael Jordan"),
                (EntityKind::Person, "Jordan"),
            ]
        );
    }

    #[test]
    fn acronyms_take_the_name_they_abbreviate() {
        // The full name may be mentioned more than once, before and after the acronym.
        let mut ms = vec![
            mention(EntityKind::Org, "United Auto Workers"),
            mention(EntityKind::Person, "UAW"),
            mention(EntityKind::Org, "ZZT"),
            mention(EntityKind::Org, "United Auto Workers"),
        ];
        link_acronyms(&mut ms);
        assert_eq!(
            (ms[1].kind, ms[1].canonical.as_str()),
            (EntityKind::Org, "United Auto Workers")
        );
        assert_eq!(ms[2].canonical, "ZZT");
        // A known place keeps its name, whatever its letters spell in the article.
        let mut ms = vec![
            mention(EntityKind::Org, "U.N. Secretary-General"),
            mention(EntityKind::Place, "U.S."),
        ];
        link_acronyms(&mut ms);
        assert_eq!(
            (ms[1].kind, ms[1].canonical.as_str()),
            (EntityKind::Place, "United States")
        );
        // Two names with the same initials: the acronym could be either, so it keeps its own.
        let mut ms = vec![
            mention(EntityKind::Org, "Lattice Widget Group"),
            mention(EntityKind::Org, "Lumen Water Guild"),
            mention(EntityKind::Org, "LWG"),
        ];
        link_acronyms(&mut ms);
        assert_eq!(ms[2].canonical, "LWG");
    }

    #[test]
    fn confidence_comes_from_knowledge() {
        let mut ms = vec![
            mention(EntityKind::Place, "Alaska"),
            mention(EntityKind::Person, "Alaska"),
            mention(EntityKind::Person, "John Smith"),
            mention(EntityKind::Place, "Bertrand Russell"),
            mention(EntityKind::Org, "Bank of Foo"),
            mention(EntityKind::Org, "Zorblat"),
        ];
        mark_confident(&mut ms);
        let sure: Vec<bool> = ms.iter().map(|m| m.confident).collect();
        assert_eq!(sure, vec![true, false, true, false, true, false]);
    }
}
