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
        "Travellers flying Delta out of Atlanta faced long lines at security checkpoints.",
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
