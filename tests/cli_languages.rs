//! Articles in other languages through the command line: the `lang` field (query, facet, JSON), and entities
//! that are real names rather than capitalized function words and nouns. Uses the shipped `corpus/multilingual/`
//! (42 articles in seven languages, written for newsdex).

mod common;

use std::collections::HashSet;
use std::path::PathBuf;

use common::{Workspace, json_lines};

fn multilingual() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/multilingual")
}

fn ingested() -> Workspace {
    let ws = Workspace::new();
    let dir = multilingual();
    let summary = ws.ingest(&[dir.to_str().expect("utf-8 path")]);
    assert_eq!(summary["added"], 42, "{summary}");
    ws
}

fn count(ws: &Workspace, query: &str) -> u64 {
    let out = ws.cmd(&["search", "--count", "--json", query]).output().expect("runs");
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out.stdout)[0]["count"].as_u64().expect("count")
}

#[test]
fn every_language_is_detected_and_searchable() {
    let ws = ingested();
    for lang in ["de", "es", "fr", "it", "nl", "pl", "pt"] {
        assert_eq!(count(&ws, &format!("lang:{lang}")), 6, "lang:{lang}");
    }
    assert_eq!(count(&ws, "lang:German"), 6);
    assert_eq!(count(&ws, "language:polski"), 6);
    assert_eq!(count(&ws, "lang:en"), 0);
    // The language is in every hit and can be a facet.
    let lines = ws.search("lang:fr", &["--facet", "lang"]);
    assert!(lines.iter().filter(|l| l["type"] == "hit").all(|h| h["lang"] == "fr"));
    let facet = lines.iter().find(|l| l["type"] == "facet").expect("facet line");
    assert_eq!(facet["field"], "lang");
    assert_eq!(facet["values"][0]["value"], "fr");
    // An unknown language is a query error with its position.
    ws.cmd(&["search", "lang:klingon"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown language `klingon`"));
}

#[test]
fn places_in_other_languages_have_their_english_names() {
    let ws = ingested();
    // "München", "Lisboa", "Kraków" are Munich, Lisbon and Krakow to `place:` and to the facets.
    assert!(count(&ws, "place:Munich") >= 1);
    assert!(count(&ws, "place:Lisbon") >= 1);
    assert!(count(&ws, "place:München") >= 1);
    assert_eq!(count(&ws, "place:München"), count(&ws, "place:Munich"));
}

#[test]
fn international_organizations_have_one_name_in_every_language() {
    let ws = ingested();
    // "Banco Central Europeo" (Spanish) is the European Central Bank, under either name.
    assert_eq!(count(&ws, "org:\"European Central Bank\" lang:es"), 1);
    assert_eq!(
        count(&ws, "org:\"Banco Central Europeo\""),
        count(&ws, "org:\"European Central Bank\"")
    );
    // "Weltgesundheitsorganisation", "Organización Mundial de la Salud", "Wereldgezondheidsorganisatie", "WHO":
    // one organization, in at least four languages.
    let lines = ws.search(
        "org:\"World Health Organization\"",
        &["--facet", "lang", "--limit", "0"],
    );
    let facet = lines.iter().find(|l| l["type"] == "facet").expect("facet line");
    let langs = facet["values"].as_array().expect("values").len();
    assert!(langs >= 4, "{facet}");
}

#[test]
fn top_entities_are_names_not_function_words() {
    let ws = ingested();
    let function_words: HashSet<String> =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/extract/data/function_words.tsv"))
            .expect("function words")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .flat_map(|(_, words)| words.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect();
    // Common nouns and function words the English tagger used to return for such articles.
    let junk = [
        "La",
        "Le",
        "Wie",
        "Jahren",
        "Wenn",
        "Con",
        "Ich",
        "Estado",
        "Nie",
        "Mais",
        "Cuando",
        "Una",
        "Para",
        "Bei",
        "Jahr",
        "Pero",
        "Dabei",
        "Un",
        "W",
        "Y",
        "Tenemos",
        "Das",
        "Mit",
        "Gobierno",
        "Stadtrat",
        "Regierung",
    ];
    for kind in ["person", "place", "org"] {
        let out = ws
            .cmd(&["entities", "--json", "--kind", kind, "--limit", "25"])
            .output()
            .expect("runs");
        let entities = json_lines(&out.stdout);
        assert!(entities.len() >= 10, "{kind}: {entities:?}");
        for e in &entities {
            let name = e["name"].as_str().expect("name");
            assert!(!junk.contains(&name), "{kind}: {name}");
            let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
            assert!(
                !function_words.contains(&first),
                "{kind}: {name} starts with a function word"
            );
        }
    }
}
