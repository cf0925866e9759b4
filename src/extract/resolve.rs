//! One type per name across an article, and how sure newsdex is of it.
//!
//! The tagger types each mention from its own sentence, so one article can call "Chrysler" a person in one
//! sentence and an organization in the next. [`settle_kinds`] gives every mention of a name the type most of its
//! mentions have (ties go to what the gazetteers know of the name, then to the first mention). [`mark_confident`]
//! then marks the mentions whose type newsdex's own knowledge backs: search trusts those enough to rule an article
//! out ("Alaska" known as a place is not a person), and treats the others as names of unsure type.

use std::collections::HashMap;

use crate::article::{EntityKind, Mention};

use super::canonical;
use super::features::hash_lower;
use super::gazetteer::{Gazetteer, phrase_key};

/// The name a mention is grouped by: its canonical form, folded.
fn group_key(m: &Mention) -> String {
    m.canonical.to_lowercase()
}

/// What the gazetteers say a name is, if anything.
fn known_kind(g: &Gazetteer, name: &str) -> Option<EntityKind> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if g.is_org(phrase_key(name).0) || (words.len() >= 2 && words.iter().any(|w| g.is_org_suffix(hash_lower(w)))) {
        return Some(EntityKind::Org);
    }
    if g.place(name).is_some() {
        return Some(EntityKind::Place);
    }
    if words.len() >= 2 && g.is_first_name(hash_lower(words[0])) {
        return Some(EntityKind::Person);
    }
    None
}

/// Give every mention of a name the type most of its mentions have; mentions must be in article order.
pub fn settle_kinds(mentions: &mut [Mention]) {
    let g = Gazetteer::get();
    // Per name: mentions of each kind, and the kind of the first mention.
    let mut votes: HashMap<String, ([u32; 3], EntityKind)> = HashMap::new();
    for m in mentions.iter() {
        let entry = votes.entry(group_key(m)).or_insert(([0; 3], m.kind));
        entry.0[m.kind as usize] += 1;
    }
    let mut chosen: HashMap<String, EntityKind> = HashMap::new();
    for (name, (counts, first)) in votes {
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
            known_kind(g, &name).filter(|k| tied.contains(k)).unwrap_or(first)
        };
        chosen.insert(name, kind);
    }
    for m in mentions.iter_mut() {
        if let Some(&kind) = chosen.get(&group_key(m))
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

/// Mark the mentions whose type the gazetteers back (see [`Mention::confident`]).
pub fn mark_confident(mentions: &mut [Mention]) {
    let g = Gazetteer::get();
    for m in mentions.iter_mut() {
        m.confident = known_kind(g, &m.surface) == Some(m.kind) || known_kind(g, &m.canonical) == Some(m.kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::TextPart;

    fn mention(kind: EntityKind, surface: &str) -> Mention {
        Mention {
            kind,
            surface: surface.into(),
            canonical: canonical::canonical(kind, surface),
            part: TextPart::Body,
            start: 0,
            end: surface.len(),
            role: None,
            country: None,
            confident: false,
        }
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
