//! Entity extraction for articles that are not in English, where the trained tagger (English news) does not
//! apply: only what can be found reliably without it.
//!
//! * **Places**: names the gazetteers are sure of in any language (countries and their names in other languages,
//!   major places, cities of 100,000 people or more with their other names: "Deutschland", "München",
//!   "Lisboa"), mapped to one canonical English name ("Germany", "Munich", "Lisbon"), so `place:Munich` finds
//!   German articles too.
//! * **Organizations**: known organizations under any of their names, mapped to one canonical name ("Airbus", "FC
//!   Barcelona", "Banco Central Europeo" -> "European Central Bank"), also where only the first word is
//!   capitalized ("Commission européenne"); and names of several capitalized words that contain an organization
//!   word of some language ("Banco de España", "Deutsche Bundesbank" -> "Bank", "Partido Popular").
//! * **People**: only with strong evidence: a known first name followed by one or two capitalized words ("Anna
//!   Keller"), or a title or honorific right before capitalized words ("Frau Keller", "la ministra Dubois");
//!   later mentions of the surname alone link to the full name.
//!
//! A capitalized word is never a name merely for being capitalized: sentence-initial words, the function words of
//! the language and (in German) every common noun are written with a capital, and none of them is taken unless
//! one of the rules above holds.

use std::collections::HashSet;

use crate::article::{Article, EntityKind, Mention, TextPart};

use super::canonical;
use super::gazetteer::{Gazetteer, OrgNames, phrase_key};
use super::hashing::hash_lower;
use super::tokenize::{self, Token};

/// The most words a name found here may have. Longer runs of capitalized words (a headline in title case, a list
/// of names, a line in capitals) are searched for names of at most this many words, so a long run costs time in
/// proportion to its length.
const MAX_NAME_WORDS: usize = 10;

/// Small words inside names ("Banco de España", "Charles de Gaulle", "Kamp van Zeist").
const CONNECTORS: &[&str] = &[
    "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "van", "von", "der", "den", "y",
    "e", "i", "am", "an", "im", "bei",
];

/// Words that make a name of several capitalized words an organization, in the languages newsdex detects
/// (lower-cased).
const ORG_WORDS: &[&str] = &[
    "ag",
    "gmbh",
    "kg",
    "se",
    "sa",
    "s.a.",
    "spa",
    "s.p.a.",
    "srl",
    "nv",
    "n.v.",
    "bv",
    "b.v.",
    "sl",
    "s.l.",
    "ltd",
    "inc",
    "plc",
    "fc",
    "cf",
    "sc",
    "sv",
    "ac",
    "as",
    "ssc",
    "rcd",
    "cd",
    "bank",
    "banco",
    "banca",
    "banque",
    "bundesbank",
    "partei",
    "partido",
    "parti",
    "partito",
    "partij",
    "partia",
    "universität",
    "universidad",
    "université",
    "università",
    "universidade",
    "universiteit",
    "uniwersytet",
    "hochschule",
    "ministerium",
    "ministerio",
    "ministère",
    "ministero",
    "ministério",
    "ministerie",
    "ministerstwo",
    "bundesamt",
    "agentur",
    "agencia",
    "agence",
    "agenzia",
    "agência",
    "instituto",
    "institut",
    "istituto",
    "stiftung",
    "fundación",
    "fondation",
    "fondazione",
    "fundação",
    "stichting",
    "fundacja",
    "gewerkschaft",
    "sindicato",
    "syndicat",
    "sindacato",
    "związek",
    "gruppe",
    "grupo",
    "groupe",
    "gruppo",
    "groep",
    "grupa",
    "verband",
    "asociación",
    "association",
    "associazione",
    "associação",
    "vereniging",
    "stowarzyszenie",
    "kommission",
    "comisión",
    "commission",
    "commissione",
    "comissão",
    "commissie",
    "komisja",
    "bundestag",
    "bundesrat",
    "congreso",
    "senado",
    "sénat",
    "senato",
    "parlamento",
    "parlement",
    "sejm",
    "tribunal",
    "gericht",
    "bundesgericht",
    "tribunale",
    "rechtbank",
    "sąd",
];

/// Definite articles, which come before names of places and organizations but not before people's names.
const ARTICLES: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "el", "la", "los", "las", "le", "les", "l'", "il", "lo", "gli", "o", "a",
    "os", "as", "de", "het",
];

/// Titles and honorifics that announce a person's name in the languages newsdex detects (lower-cased, any
/// gender).
const PERSON_TITLES: &[&str] = &[
    "herr",
    "frau",
    "dr.",
    "dr",
    "prof.",
    "prof",
    "señor",
    "señora",
    "sr.",
    "sra.",
    "don",
    "doña",
    "monsieur",
    "madame",
    "m.",
    "mme",
    "mme.",
    "signor",
    "signora",
    "sig.",
    "sig.ra",
    "dott.",
    "senhor",
    "senhora",
    "pan",
    "pani",
    "meneer",
    "mevrouw",
    "dhr.",
    "mevr.",
    "bürgermeister",
    "bürgermeisterin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "trainer",
    "trainerin",
    "sprecher",
    "sprecherin",
    "alcalde",
    "alcaldesa",
    "ministro",
    "ministra",
    "presidente",
    "presidenta",
    "entrenador",
    "entrenadora",
    "portavoz",
    "maire",
    "ministre",
    "président",
    "présidente",
    "entraîneur",
    "porte-parole",
    "sindaco",
    "allenatore",
    "portavoce",
    "prefeito",
    "prefeita",
    "treinador",
    "burmistrz",
    "prezydent",
    "prezes",
    "premier",
    "trener",
    "rzecznik",
    "rzeczniczka",
    "burgemeester",
    "voorzitter",
    "woordvoerder",
];

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_alphabetic)
}

/// A span of words, by token index, with the type found for it.
struct Found {
    start: usize,
    end: usize,
    kind: EntityKind,
}

/// Find the entities of an article in language `lang` (an ISO 639-1 code other than "en").
pub fn extract(article: &Article, lang: &str) -> Vec<Mention> {
    let g = Gazetteer::get();
    let title = if article.title_inferred {
        ""
    } else {
        article.title.as_str()
    };
    let mut out = Vec::new();
    for (part, text) in [(TextPart::Title, title), (TextPart::Body, article.body.as_str())] {
        let tokens = tokenize::tokenize(text);
        for range in tokenize::sentences(text, &tokens) {
            let toks = &tokens[range];
            for f in find_in_sentence(g, lang, text, toks) {
                if let Some(m) = mention(text, part, toks, &f) {
                    out.push(m);
                }
            }
        }
    }
    link_surnames(g, lang, article, &mut out);
    super::resolve::apply_knowledge(&mut out);
    canonical::link_people(&mut out);
    canonical::settle_countries(&mut out);
    super::resolve::mark_confident(&mut out);
    out
}

fn find_in_sentence(g: &Gazetteer, lang: &str, text: &str, toks: &[Token]) -> Vec<Found> {
    let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
    // Which words are organization words, asked once per word rather than once per span that holds it.
    let org_words: Vec<bool> = words
        .iter()
        .map(|w| ORG_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    // The end of the run of capitalized words (with small words between them) that word i is in.
    let mut end = 0;
    while i < words.len() {
        if !is_capitalized(words[i]) {
            i += 1;
            continue;
        }
        // A run is found once: a name found in it, or a word skipped, leaves the rest of the run to search.
        if end <= i {
            end = i + 1;
        }
        while end < words.len() {
            if is_capitalized(words[end]) {
                end += 1;
            } else if let Some(after) = after_connectors(&words, end) {
                end = after;
            } else {
                break;
            }
        }
        // A known organization whose name goes on past the run in lower case, as French and Italian write them
        // ("Organisation mondiale de la santé"): the longest such name from here.
        let known_beyond = if OrgNames::get().may_start(hash_lower(words[i])) {
            (end + 1..=words.len().min(i + MAX_NAME_WORDS)).rev().find(|&j| {
                let name = words[i..j].join(" ");
                is_known_org(g, &name, phrase_key(&name).0)
            })
        } else {
            None
        };
        if let Some(j) = known_beyond {
            out.push(Found {
                start: i,
                end: j,
                kind: EntityKind::Org,
            });
            i = j;
            continue;
        }
        // The longest span from i that is something; else move on one word.
        let mut taken = None;
        for j in (i + 1..=end.min(i + MAX_NAME_WORDS)).rev() {
            if let Some(kind) = classify(g, lang, &words, &org_words, i, j) {
                taken = Some((j, kind));
                break;
            }
        }
        match taken {
            Some((j, kind)) => {
                out.push(Found { start: i, end: j, kind });
                i = j;
            }
            None => i += 1,
        }
    }
    out
}

/// A known organization under any of its names, in any language ("Banco Central Europeo"); not by a name of one
/// or two letters, which in these languages are often words ("EU": Portuguese "I").
/// (`key`: the name's [`phrase_key`].)
fn is_known_org(g: &Gazetteer, name: &str, key: u64) -> bool {
    g.is_org(key) || (name.chars().count() > 2 && OrgNames::get().canonical_by_key(key).is_some())
}

/// Where a name goes on after one or two small words at `at` ("Banco de España", "Organización Mundial de la
/// Salud"): just past the capitalized word that follows them, if one does.
fn after_connectors(words: &[&str], at: usize) -> Option<usize> {
    let small = words[at..]
        .iter()
        .take(2)
        .take_while(|w| CONNECTORS.contains(w))
        .count();
    (small > 0 && words.get(at + small).is_some_and(|w| is_capitalized(w))).then_some(at + small + 1)
}

/// What the words `i..j` of a sentence are, if the rules are sure (see the module doc).
fn classify(g: &Gazetteer, lang: &str, words: &[&str], org_words: &[bool], i: usize, j: usize) -> Option<EntityKind> {
    let span = &words[i..j];
    let first = span[0];
    let last = span[span.len() - 1];
    // A name never starts with a function word ("Según la Agencia ...", "La Generalitat"): the next word may.
    if !is_capitalized(last) || g.is_function_word(lang, hash_lower(first)) {
        return None;
    }
    let name = span.join(" ");
    let key = phrase_key(&name).0;
    if is_known_org(g, &name, key) {
        return Some(EntityKind::Org);
    }
    if g.is_reliable_place(key) {
        return Some(EntityKind::Place);
    }
    // An organization word makes an organization of the name, unless a small word comes before it: that is a
    // phrase around a name ("Forscherteam der Universität Heidelberg"), and the name starts later.
    if span.len() >= 2
        && let Some(at) = org_words[i..j].iter().position(|&o| o)
        && !span[..at].iter().any(|w| CONNECTORS.contains(w))
    {
        return Some(EntityKind::Org);
    }
    // People: a known first name and one or two more capitalized words that are not function words or places.
    let rest_ok = |ws: &[&str]| {
        ws.iter().all(|w| {
            is_capitalized(w) && !g.is_function_word(lang, hash_lower(w)) && !g.is_reliable_place(phrase_key(w).0)
        })
    };
    // Not after an article: "la Costa Brava" is a place even though Costa is a first name.
    let after_article = i > 0 && ARTICLES.contains(&words[i - 1].to_lowercase().as_str());
    if (2..=3).contains(&span.len()) && g.is_first_name(hash_lower(first)) && rest_ok(&span[1..]) && !after_article {
        return Some(EntityKind::Person);
    }
    let titled = i > 0 && PERSON_TITLES.contains(&words[i - 1].to_lowercase().as_str());
    if titled && span.len() <= 3 && rest_ok(span) {
        return Some(EntityKind::Person);
    }
    None
}

fn mention(text: &str, part: TextPart, toks: &[Token], f: &Found) -> Option<Mention> {
    let (start, end) = (toks[f.start].start, toks[f.end - 1].end);
    let surface = text.get(start..end)?.to_string();
    let canonical = canonical::canonical(f.kind, &surface);
    let country = match f.kind {
        EntityKind::Place => canonical::country_of(&canonical).map(str::to_string),
        _ => None,
    };
    Some(Mention {
        kind: f.kind,
        surface,
        canonical,
        part,
        start,
        end,
        role: None,
        country,
        confident: false,
    })
}

/// A capitalized word that is the surname of a person named in full earlier in the article ("Keller" after
/// "Anna Keller") is that person, wherever it stands.
fn link_surnames(g: &Gazetteer, lang: &str, article: &Article, out: &mut Vec<Mention>) {
    let surnames: HashSet<String> = out
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .filter_map(|m| m.surface.split_whitespace().last().map(str::to_string))
        .filter(|s| !g.is_function_word(lang, hash_lower(s)))
        .collect();
    if surnames.is_empty() {
        return;
    }
    let title = if article.title_inferred {
        ""
    } else {
        article.title.as_str()
    };
    // The mentions found so far, in text order within each part and without overlaps, so whether a word is
    // inside one is a binary search.
    out.sort_by_key(|m| (m.part == TextPart::Body, m.start));
    let (in_title, in_body) = out.split_at(out.partition_point(|m| m.part != TextPart::Body));
    let mut more = Vec::new();
    for (part, text, mentions) in [
        (TextPart::Title, title, in_title),
        (TextPart::Body, article.body.as_str(), in_body),
    ] {
        for t in tokenize::tokenize(text) {
            let word = t.text(text);
            if !surnames.contains(word) {
                continue;
            }
            let before = mentions.partition_point(|m| m.start <= t.start);
            let covered = before > 0 && t.end <= mentions[before - 1].end;
            if !covered {
                more.push(Mention {
                    kind: EntityKind::Person,
                    surface: word.to_string(),
                    canonical: canonical::canonical_person(word),
                    part,
                    start: t.start,
                    end: t.end,
                    role: None,
                    country: None,
                    confident: false,
                });
            }
        }
    }
    out.extend(more);
    out.sort_by_key(|m| (m.part == TextPart::Body, m.start));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(lang: &str, title: &str, body: &str) -> Vec<(EntityKind, String)> {
        let article = Article {
            title: title.into(),
            body: body.into(),
            lang: Some(lang.into()),
            ..Article::default()
        };
        extract(&article, lang)
            .into_iter()
            .map(|m| (m.kind, m.canonical))
            .collect()
    }

    #[test]
    fn german_nouns_and_sentence_starts_are_not_names() {
        let found = names(
            "de",
            "Stadtrat beschließt neuen Bahnhof",
            "Wie die Bürgermeisterin Anna Keller am Montag in München sagte, soll der Bahnhof in zwei Jahren \
             fertig sein. Das Wetter spielte keine Rolle. Mit dem Projekt will die Stadt Deutschland ein Vorbild \
             geben. Keller sprach von einem guten Tag für Bayern.",
        );
        let people: Vec<&str> = found
            .iter()
            .filter(|f| f.0 == EntityKind::Person)
            .map(|f| f.1.as_str())
            .collect();
        let places: Vec<&str> = found
            .iter()
            .filter(|f| f.0 == EntityKind::Place)
            .map(|f| f.1.as_str())
            .collect();
        assert_eq!(people, vec!["Anna Keller", "Anna Keller"], "{found:?}");
        assert!(places.contains(&"Munich") && places.contains(&"Germany"), "{found:?}");
        for junk in ["Wie", "Das", "Wetter", "Mit", "Stadtrat", "Bahnhof", "Jahren"] {
            assert!(found.iter().all(|f| f.1 != junk), "{junk} in {found:?}");
        }
    }

    #[test]
    fn spanish_organizations_and_titled_people() {
        let found = names(
            "es",
            "",
            "Según el Banco de España, la economía crece. La ministra Lucía Ortega visitó Sevilla con el \
             presidente del FC Barcelona. Para Ortega, el dato es bueno.",
        );
        assert!(
            found.contains(&(EntityKind::Org, "Banco de España".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&(EntityKind::Person, "Lucía Ortega".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&(EntityKind::Place, "Seville".into()))
                || found.contains(&(EntityKind::Place, "Sevilla".into())),
            "{found:?}"
        );
        // Known organizations under their Spanish names, across two small words ("de la"), with one English name.
        let found_who = names(
            "es",
            "",
            "Según la Organización Mundial de la Salud, el dato es bueno. El Banco Central Europeo lo confirma.",
        );
        for org in ["World Health Organization", "European Central Bank"] {
            assert!(
                found_who.contains(&(EntityKind::Org, org.into())),
                "{org}: {found_who:?}"
            );
        }
        for junk in ["Según", "La", "Para"] {
            assert!(found.iter().all(|f| f.1 != junk), "{junk} in {found:?}");
        }
    }

    #[test]
    fn known_organizations_written_in_lower_case_after_their_first_word() {
        // French and Italian write only the first word of such names with a capital.
        let fr = names(
            "fr",
            "",
            "Selon la Commission européenne, le projet avance. Le maire a parlé hier.",
        );
        assert!(fr.contains(&(EntityKind::Org, "European Commission".into())), "{fr:?}");
        let it = names("it", "", "Secondo la Banca centrale europea, i tassi restano fermi.");
        assert!(
            it.contains(&(EntityKind::Org, "European Central Bank".into())),
            "{it:?}"
        );
        // Not a name the list knows: no organization.
        let other = names("fr", "", "Selon la Commission départementale, le projet avance.");
        assert!(other.iter().all(|f| f.0 != EntityKind::Org), "{other:?}");
    }

    #[test]
    fn a_long_run_of_capitalized_words_gives_names_of_at_most_ten_words() {
        // A line in title case with an organization word at its end: the name is cut to its last words, not taken
        // whole (and the run is searched in time proportional to its length).
        let run = ["Alpha Beta Gamma Delta"; 10].join(" ");
        let article = Article {
            body: format!("Heute meldet die {run} Bank neue Zahlen."),
            lang: Some("de".into()),
            ..Article::default()
        };
        let found = extract(&article, "de");
        assert!(!found.is_empty(), "the organization word still makes a name");
        for m in &found {
            assert!(m.surface.split_whitespace().count() <= 10, "{m:?}");
        }
    }

    #[test]
    fn surnames_link_in_title_and_body_but_not_inside_a_full_name() {
        let article = Article {
            title: "Keller gewinnt".into(),
            body: "Die Bürgermeisterin Anna Keller sprach. Danach sagte Keller, Anna Keller bleibe. Keller ging."
                .into(),
            lang: Some("de".into()),
            ..Article::default()
        };
        let found = extract(&article, "de");
        let people: Vec<(TextPart, &str)> = found
            .iter()
            .filter(|m| m.kind == EntityKind::Person)
            .map(|m| (m.part, m.surface.as_str()))
            .collect();
        assert_eq!(
            people,
            vec![
                (TextPart::Title, "Keller"),
                (TextPart::Body, "Anna Keller"),
                (TextPart::Body, "Keller"),
                (TextPart::Body, "Anna Keller"),
                (TextPart::Body, "Keller"),
            ],
            "{found:?}"
        );
    }
}
