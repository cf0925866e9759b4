//! The rule-based baseline extractor: capitalized word sequences classified by titles, a small built-in place
//! table and organization cues.

use std::collections::HashMap;

use crate::article::{EntityKind, Mention, TextPart};

/// Titles and honorifics that announce a person's name; kept as the mention's role, never part of the name.
const TITLES: &[&str] = &[
    "President",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Gen",
    "General",
    "Col",
    "Colonel",
    "Lt",
    "Sgt",
    "Capt",
    "Adm",
    "Sen",
    "Senator",
    "Rep",
    "Gov",
    "Governor",
    "Minister",
    "Chancellor",
    "Chairman",
    "Secretary",
    "King",
    "Queen",
    "Prince",
    "Pope",
    "Judge",
    "Mayor",
    "Director",
    "Professor",
    "Prof",
    "Premier",
    "Sir",
    "CEO",
    "Chief",
    "Ambassador",
    "Commander",
    "Spokesman",
    "Spokeswoman",
];

/// Words that start a capitalized run but are not part of a name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "As",
    "But",
    "And",
    "Or",
    "If",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "After",
    "Before",
    "According",
    "When",
    "While",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Foreign",
    "Russian",
    "Ukrainian",
    "American",
    "European",
    "British",
    "French",
    "German",
    "Chinese",
    "Western",
    "New",
    "Prime",
    "Vice",
    "Supreme",
    "Joint",
    "Chiefs",
    "Staff",
    "Defense",
    "Allied",
    "There",
    "Also",
    "For",
    "With",
];

/// Places the baseline knows, with aliases: (alias, canonical name, country).
const PLACES: &[(&str, &str, &str)] = &[
    ("United States", "United States", "United States"),
    ("U.S.", "United States", "United States"),
    ("US", "United States", "United States"),
    ("USA", "United States", "United States"),
    ("America", "United States", "United States"),
    ("United Kingdom", "United Kingdom", "United Kingdom"),
    ("U.K.", "United Kingdom", "United Kingdom"),
    ("UK", "United Kingdom", "United Kingdom"),
    ("Britain", "United Kingdom", "United Kingdom"),
    ("Great Britain", "United Kingdom", "United Kingdom"),
    ("Ukraine", "Ukraine", "Ukraine"),
    ("Kyiv", "Kyiv", "Ukraine"),
    ("Kiev", "Kyiv", "Ukraine"),
    ("Russia", "Russia", "Russia"),
    ("Moscow", "Moscow", "Russia"),
    ("Germany", "Germany", "Germany"),
    ("Berlin", "Berlin", "Germany"),
    ("France", "France", "France"),
    ("Paris", "Paris", "France"),
    ("Italy", "Italy", "Italy"),
    ("Rome", "Rome", "Italy"),
    ("Finland", "Finland", "Finland"),
    ("Spain", "Spain", "Spain"),
    ("Madrid", "Madrid", "Spain"),
    ("China", "China", "China"),
    ("Beijing", "Beijing", "China"),
    ("Japan", "Japan", "Japan"),
    ("Tokyo", "Tokyo", "Japan"),
    ("India", "India", "India"),
    ("Brazil", "Brazil", "Brazil"),
    ("Canada", "Canada", "Canada"),
    ("Australia", "Australia", "Australia"),
    ("Israel", "Israel", "Israel"),
    ("Iran", "Iran", "Iran"),
    ("Iraq", "Iraq", "Iraq"),
    ("Afghanistan", "Afghanistan", "Afghanistan"),
    ("Pakistan", "Pakistan", "Pakistan"),
    ("Belgium", "Belgium", "Belgium"),
    ("Brussels", "Brussels", "Belgium"),
    ("London", "London", "United Kingdom"),
    ("Washington", "Washington", "United States"),
    ("New York", "New York", "United States"),
    ("California", "California", "United States"),
    ("Alaska", "Alaska", "United States"),
    ("Michigan", "Michigan", "United States"),
    ("Europe", "Europe", ""),
    ("Africa", "Africa", ""),
    ("Asia", "Asia", ""),
];

/// Words that mark the end of an organization's name.
const ORG_WORDS: &[&str] = &[
    "Inc",
    "Corp",
    "Corporation",
    "Ltd",
    "LLC",
    "Company",
    "Co",
    "Group",
    "Party",
    "Ministry",
    "University",
    "Bank",
    "Council",
    "Organization",
    "Organisation",
    "Agency",
    "Association",
    "Union",
    "Committee",
    "Commission",
    "Court",
    "Department",
    "Motors",
    "News",
    "Press",
    "Times",
    "Institute",
    "Foundation",
    "Army",
    "Navy",
    "Police",
    "Parliament",
    "Congress",
    "Senate",
    "Airlines",
    "Records",
    "Studios",
    "Nations",
    "House",
];

/// People named in full so far in a document, for linking later surname-only mentions.
#[derive(Debug, Default)]
pub struct Known {
    /// surname -> full canonical name
    surnames: HashMap<String, String>,
}

fn strip_dot(word: &str) -> &str {
    word.trim_end_matches('.')
}

/// Canonical place name for an alias, or the input itself.
pub fn canonical_place(name: &str) -> String {
    let trimmed = name.trim();
    PLACES
        .iter()
        .find(|(alias, _, _)| alias.eq_ignore_ascii_case(trimmed))
        .map(|(_, canonical, _)| canonical.to_string())
        .unwrap_or_else(|| trimmed.to_string())
}

fn place_entry(name: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    PLACES.iter().find(|(alias, _, _)| *alias == name)
}

/// Words with their byte offsets: letters, digits and inner `.`, `'`, `’`, `-`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '.' | '\'' | '’' | '-')
            && start.is_some()
            && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        let abbrev_dot = c == '.' && start.is_some() && {
            // keep the dot of "U.S." and "Gen."
            let s = start.unwrap_or(pos);
            let word = &text[s..pos];
            word.len() <= 3 && word.chars().next().is_some_and(char::is_uppercase)
        };
        if c.is_alphanumeric() || inner || abbrev_dot {
            if start.is_none() {
                start = Some(pos);
            }
        } else if let Some(s) = start.take() {
            out.push((s, pos));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn mention(kind: EntityKind, text: &str, part: TextPart, start: usize, end: usize, role: Option<&str>) -> Mention {
    let surface = text[start..end].trim_end_matches(['\'', '’']).to_string();
    let surface = surface
        .strip_suffix("'s")
        .or_else(|| surface.strip_suffix("’s"))
        .unwrap_or(&surface)
        .to_string();
    let end = start + surface.len();
    let (canonical, country) = match kind {
        EntityKind::Place => match place_entry(&surface) {
            Some((_, canonical, country)) => (
                canonical.to_string(),
                (!country.is_empty()).then(|| country.to_string()),
            ),
            None => (surface.clone(), None),
        },
        _ => (surface.clone(), None),
    };
    Mention {
        kind,
        surface,
        canonical,
        part,
        start,
        end,
        role: role.map(str::to_string),
        country,
    }
}

/// Find mentions in one part of an article.
pub fn find(text: &str, part: TextPart, known: &mut Known) -> Vec<Mention> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let word = &text[ws[i].0..ws[i].1];
        if !is_capitalized(word) {
            i += 1;
            continue;
        }
        // A run of capitalized words, allowing "of" inside ("Bank of America").
        let mut j = i;
        while j + 1 < ws.len() {
            let gap = &text[ws[j].1..ws[j + 1].0];
            if gap.chars().any(|c| !c.is_whitespace() || c == '\n') {
                break;
            }
            let next = &text[ws[j + 1].0..ws[j + 1].1];
            if is_capitalized(next) || (next == "of" && ws.get(j + 2).is_some_and(|w| is_capitalized(&text[w.0..w.1])))
            {
                j += 1;
            } else {
                break;
            }
        }
        let run: Vec<&str> = (i..=j).map(|k| &text[ws[k].0..ws[k].1]).collect();
        // Leading titles become the role; leading function words are dropped.
        let mut k = 0;
        let mut role = None;
        while k < run.len() {
            let w = strip_dot(run[k]);
            if TITLES.contains(&w) {
                role = Some(w);
                k += 1;
            } else if NOT_NAMES.contains(&w) && role.is_none() {
                k += 1;
            } else {
                break;
            }
        }
        if k < run.len() {
            let start = ws[i + k].0;
            let end = ws[j].1;
            let name = &run[k..];
            let joined = text[start..end].trim_end_matches(['\'', '’']);
            let joined = joined
                .strip_suffix("'s")
                .or_else(|| joined.strip_suffix("’s"))
                .unwrap_or(joined);
            let last = strip_dot(name[name.len() - 1]);
            if place_entry(joined).is_some() {
                out.push(mention(EntityKind::Place, text, part, start, end, None));
            } else if ORG_WORDS.contains(&last)
                || (name.len() == 1
                    && joined.len() >= 2
                    && joined.len() <= 6
                    && joined.chars().all(|c| c.is_ascii_uppercase()))
            {
                out.push(mention(EntityKind::Org, text, part, start, end, None));
            } else if role.is_some() || (2..=3).contains(&name.len()) {
                let m = mention(EntityKind::Person, text, part, start, end, role);
                if let Some(surname) = m.surface.split_whitespace().last()
                    && m.surface.contains(' ')
                {
                    known
                        .surnames
                        .entry(surname.to_string())
                        .or_insert_with(|| m.canonical.clone());
                }
                out.push(m);
            } else if name.len() == 1 {
                // A single capitalized word: a person only if it is the surname of someone named in full.
                let m = mention(EntityKind::Person, text, part, start, end, None);
                if known.surnames.contains_key(&m.surface) {
                    out.push(m);
                }
            }
        }
        i = j + 1;
    }
    out
}

/// Give surname-only person mentions the canonical full name found elsewhere in the article.
pub fn link_surnames(mentions: &mut [Mention], known: &Known) {
    for m in mentions
        .iter_mut()
        .filter(|m| m.kind == EntityKind::Person && !m.canonical.contains(' '))
    {
        if let Some(full) = known.surnames.get(&m.canonical) {
            m.canonical = full.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(EntityKind, String, String)> {
        let mut known = Known::default();
        let mut ms = find(text, TextPart::Body, &mut known);
        link_surnames(&mut ms, &known);
        ms.into_iter().map(|m| (m.kind, m.surface, m.canonical)).collect()
    }

    #[test]
    fn titles_people_places_orgs() {
        let found = names("Russian President Vladimir Putin met NATO officials in Alaska. Putin said the U.S. agreed.");
        assert!(found.contains(&(EntityKind::Person, "Vladimir Putin".into(), "Vladimir Putin".into())));
        assert!(found.contains(&(EntityKind::Org, "NATO".into(), "NATO".into())));
        assert!(found.contains(&(EntityKind::Place, "Alaska".into(), "Alaska".into())));
        assert!(found.contains(&(EntityKind::Person, "Putin".into(), "Vladimir Putin".into())));
        assert!(found.contains(&(EntityKind::Place, "U.S.".into(), "United States".into())));
    }

    #[test]
    fn offsets_point_at_the_surface() {
        let text = "Chairman Gen. Dan Caine attended.";
        let mut known = Known::default();
        let ms = find(text, TextPart::Body, &mut known);
        let m = &ms[0];
        assert_eq!(&text[m.start..m.end], "Dan Caine");
        assert_eq!(m.role.as_deref(), Some("Gen"));
    }

    #[test]
    fn place_aliases() {
        assert_eq!(canonical_place("US"), "United States");
        assert_eq!(canonical_place("kiev"), "Kyiv");
        assert_eq!(canonical_place("Atlantis"), "Atlantis");
    }
}
