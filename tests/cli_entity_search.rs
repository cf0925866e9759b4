//! Entity search through the command line: what makes `person:` / `place:` / `org:` find an article beyond the
//! extracted mentions (the name in the text, short forms, spellings), and what keeps it from finding one.

mod common;

use common::Workspace;

fn article(ws: &Workspace, name: &str, title: &str, body: &str) {
    ws.write(&format!("news/{name}"), format!("{title}\n\nMarch 3, 2024\n\n{body}\n"));
}

#[test]
fn a_surname_alone_finds_the_only_person_of_that_name() {
    let ws = Workspace::new();
    article(
        &ws,
        "relativity.txt",
        "A century of relativity",
        "Physicist Albert Einstein published the general theory of relativity in 1915 in Berlin.",
    );
    article(
        &ws,
        "clocks.txt",
        "Clocks in orbit",
        "Satellite clocks run fast, as Einstein predicted. Engineers correct them every day.",
    );
    article(
        &ws,
        "weather.txt",
        "Rain again",
        "It rained in Oslo on Tuesday and the ferries were late.",
    );
    ws.ingest(&["news"]);
    assert_eq!(
        ws.hit_files(r#"person:"Albert Einstein""#),
        vec!["clocks.txt", "relativity.txt"]
    );
    assert_eq!(ws.hit_files("person:einstein"), vec!["clocks.txt", "relativity.txt"]);
    // Each hit says which mention made it match, as written, and the name it stands for.
    let hits = ws.search(r#"person:"Albert Einstein""#, &[]);
    let clocks = hits
        .iter()
        .find(|h| h["path"].as_str().is_some_and(|p| p.ends_with("clocks.txt")))
        .expect("clocks.txt is a hit");
    assert_eq!(
        clocks["matches"],
        serde_json::json!([{"field": "person", "text": "Einstein", "name": "Albert Einstein"}])
    );

    // Once the index knows another Einstein, "Einstein" alone no longer says which one.
    article(
        &ws,
        "music.txt",
        "Music history",
        "The musicologist Alfred Einstein wrote a study of Mozart in 1945.",
    );
    ws.ingest(&["news"]);
    assert_eq!(ws.hit_files(r#"person:"Albert Einstein""#), vec!["relativity.txt"]);
}

#[test]
fn the_name_in_the_text_counts_whatever_the_tagger_made_of_it() {
    let ws = Workspace::new();
    article(
        &ws,
        "airline.txt",
        "Airline results",
        "Delta Air Lines reported higher profits on Thursday. Delta said demand for flights to Europe was strong.",
    );
    article(
        &ws,
        "flights.txt",
        "Holiday travel",
        "A Delta spokesman said the delays were caused by storms in Atlanta.",
    );
    article(
        &ws,
        "county.txt",
        "Flooding",
        "Roads in Suffolk were closed after the storm, and schools in Grün am See stayed shut.",
    );
    ws.ingest(&["news"]);
    // An organization's first word alone, when the index knows no other organization that starts with it.
    assert_eq!(
        ws.hit_files(r#"org:"Delta Air Lines""#),
        vec!["airline.txt", "flights.txt"]
    );
    // A place without the word that says what kind of place it is.
    assert_eq!(ws.hit_files(r#"place:"Suffolk County""#), vec!["county.txt"]);
    // Umlauts written out find the name, and the other way round.
    assert_eq!(ws.hit_files(r#"place:"Gruen am See""#), vec!["county.txt"]);
    assert_eq!(ws.hit_files(r#"place:"Grün am See""#), vec!["county.txt"]);
}

#[test]
fn a_known_place_is_not_a_person() {
    let ws = Workspace::new();
    article(
        &ws,
        "alaska.txt",
        "Summit in Alaska",
        "The leaders met in Anchorage, Alaska, on Friday. Alaska has hosted such talks before.",
    );
    ws.ingest(&["news"]);
    assert_eq!(ws.hit_files("place:alaska"), vec!["alaska.txt"]);
    assert!(ws.hit_files("person:alaska").is_empty());
    assert!(ws.hit_files("org:alaska").is_empty());
}

fn entity_names(ws: &Workspace, kind: &str) -> Vec<(String, u64)> {
    let out = ws
        .cmd(&["entities", "--json", "--kind", kind, "--limit", "100"])
        .output()
        .expect("runs");
    common::json_lines(&out.stdout)
        .iter()
        .map(|e| {
            (
                e["name"].as_str().expect("name").to_string(),
                e["articles"].as_u64().expect("articles"),
            )
        })
        .collect()
}

#[test]
fn facets_count_short_names_under_the_full_name() {
    let ws = Workspace::new();
    article(
        &ws,
        "cuts.txt",
        "Carmaker cuts jobs",
        "Ford Motor Company will close two plants in Michigan, the company said on Monday.",
    );
    article(
        &ws,
        "sales.txt",
        "Truck sales",
        "Ford Motor Company sold more trucks in May than a year earlier, analysts in Detroit said.",
    );
    article(
        &ws,
        "stock.txt",
        "Shares fall",
        "Shares of Ford fell 3% in New York after the report.",
    );
    ws.ingest(&["news"]);
    let orgs = entity_names(&ws, "org");
    assert!(orgs.contains(&("Ford Motor Company".to_string(), 3)), "{orgs:?}");
    assert!(orgs.iter().all(|(name, _)| name != "Ford"), "{orgs:?}");
    // Search agrees with the facet: the short form alone finds the company.
    assert_eq!(ws.hit_files("org:ford").len(), 3);
}

#[test]
fn products_and_market_indices_are_not_entities_and_companies_have_one_name() {
    let ws = Workspace::new();
    article(
        &ws,
        "markets.txt",
        "Markets slide",
        "The Dow Jones Industrial Average fell 2% on Tuesday and the Nikkei closed lower in Tokyo. Apple Inc. \
         said sales of the iPhone slowed, and Apple Computer veterans at General Motors (GM) were not surprised. \
         GM shares fell.",
    );
    ws.ingest(&["news"]);
    let all: Vec<String> = ["person", "place", "org"]
        .iter()
        .flat_map(|k| entity_names(&ws, k))
        .map(|(name, _)| name)
        .collect();
    for not_entity in ["Dow Jones Industrial Average", "Dow Jones", "Nikkei", "iPhone"] {
        assert!(!all.iter().any(|n| n == not_entity), "{not_entity} in {all:?}");
    }
    let orgs: Vec<String> = entity_names(&ws, "org").into_iter().map(|(n, _)| n).collect();
    assert!(orgs.contains(&"Apple".to_string()), "{orgs:?}");
    assert!(orgs.contains(&"General Motors".to_string()), "{orgs:?}");
    for variant in ["Apple Inc.", "Apple Computer", "GM"] {
        assert!(!orgs.iter().any(|n| n == variant), "{variant} in {orgs:?}");
    }
    assert!(all.contains(&"Tokyo".to_string()), "{all:?}");
}

#[test]
fn a_surname_does_not_match_where_the_word_is_surely_something_else() {
    let ws = Workspace::new();
    article(
        &ws,
        "pardon.txt",
        "The pardon",
        "President Gerald Ford pardoned his predecessor in 1974, a decision debated for decades.",
    );
    article(
        &ws,
        "trucks.txt",
        "Truck sales",
        "Ford sold more pickup trucks in May, the carmaker said.",
    );
    ws.ingest(&["news"]);
    assert_eq!(ws.hit_files(r#"person:"Gerald Ford""#), vec!["pardon.txt"]);
    assert_eq!(ws.hit_files("org:ford"), vec!["trucks.txt"]);
}

#[test]
fn a_name_that_is_an_ordinary_word_here_counts_only_with_a_capital() {
    let ws = Workspace::new();
    for (name, body) in [
        ("a.txt", "Leaders from around the world met on Monday to discuss trade."),
        (
            "b.txt",
            "The world's largest bank reported record profits this quarter.",
        ),
        ("c.txt", "Scientists across the world welcomed the new climate data."),
        ("d.txt", "Fans gathered in Doha as the World Cup opened on Sunday."),
    ] {
        article(&ws, name, "News", body);
    }
    ws.ingest(&["news"]);
    // "world" is written in lower case in most articles of this index: only "World" as a name matches.
    assert_eq!(ws.hit_files("place:world"), vec!["d.txt"]);
    // Word search is unchanged.
    assert_eq!(ws.hit_files("world").len(), 4);
}
