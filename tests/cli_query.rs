//! The query language, ranking, facets and entity counts, checked through the command line against a small
//! hand-made corpus whose answers are known.

mod common;

use common::{Workspace, json_lines};
use predicates::prelude::*;

fn corpus() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "q/summit.txt",
        "Putin and Trump meet in Alaska\n\nAugust 15, 2025\n\n\
         Russian President Vladimir Putin met President Donald Trump in Anchorage, Alaska on Friday. \
         Putin arrived first. Putin said the talks were useful. Later Putin spoke to reporters, and Putin left. \
         Trump said the United States wants peace.\n",
    );
    ws.write(
        "q/nato.txt",
        "NATO chiefs reaffirm support for Ukraine\n\nAugust 20, 2025\n\n\
         The NATO Chiefs of Defense met in Brussels and discussed security guarantees for Ukraine. \
         Ukrainian President Volodymyr Zelenskyy thanked the allies. Russian President Vladimir Putin was not invited. \
         U.S. officials attended.\n",
    );
    ws.write(
        "q/kyiv.txt",
        "Zelensky visits hospital\n\nJanuary 5, 2024\n\n\
         Ukrainian President Volodymyr Zelensky visited a children's hospital in Kyiv on Friday.\n",
    );
    ws.write(
        "q/paris.txt",
        "Zelenskiy meets Macron\n\nMarch 2, 2023\n\n\
         Ukrainian President Volodymyr Zelenskiy met French President Emmanuel Macron in Paris.\n",
    );
    ws.write(
        "q/apple.txt",
        "Apple releases a new iPhone\n\nJune 9, 2008\n\n\
         Apple chief executive Steve Jobs presented the new iPhone in San Francisco, California. \
         Jobs said the phone would go on sale in July.\n",
    );
    let s = ws.ingest(&["q"]);
    assert_eq!(s["added"], 5);
    ws
}

fn files(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| format!("{s}.txt")).collect();
    v.sort();
    v
}

#[test]
fn boolean_forms() {
    let ws = corpus();
    assert_eq!(ws.hit_files("person:putin"), files(&["nato", "summit"]));
    assert_eq!(
        ws.hit_files("person:(putin OR jobs)"),
        files(&["apple", "nato", "summit"])
    );
    assert_eq!(
        ws.hit_files("person:putin OR person:jobs"),
        files(&["apple", "nato", "summit"])
    );
    assert_eq!(ws.hit_files("person:putin -place:alaska"), files(&["nato"]));
    assert_eq!(ws.hit_files("person:putin NOT alaska"), files(&["nato"]));
    assert_eq!(ws.hit_files("person:putin AND alaska"), files(&["summit"]));
    assert_eq!(ws.hit_files("+person:putin +alaska"), files(&["summit"]));
    assert_eq!(ws.hit_files("(iphone OR hospital) -kyiv"), files(&["apple"]));
    assert_eq!(ws.hit_files("-person:putin -person:jobs -zelenskiy"), files(&["kyiv"]));
}

#[test]
fn phrases_and_fields() {
    let ws = corpus();
    assert_eq!(ws.hit_files(r#"body:"security guarantees""#), files(&["nato"]));
    assert!(ws.hit_files(r#""guarantees security""#).is_empty());
    assert_eq!(ws.hit_files(r#"person:"Vladimir Putin""#), files(&["nato", "summit"]));
    assert_eq!(ws.hit_files(r#"person:"vladimir putin""#), files(&["nato", "summit"]));
    assert_eq!(ws.hit_files("title:iphone"), files(&["apple"]));
    assert!(ws.hit_files("title:jobs").is_empty());
    assert_eq!(ws.hit_files("path:paris"), files(&["paris"]));
    // Bare words are stemmed: "meeting" finds "meet" and "meets".
    assert_eq!(ws.hit_files("meeting"), files(&["paris", "summit"]));
}

#[test]
fn aliases_and_canonical_values() {
    let ws = corpus();
    assert_eq!(ws.hit_files("people:putin"), ws.hit_files("person:putin"));
    // Titles are not part of names, in queries as in articles.
    assert_eq!(ws.hit_files(r#"person:"President Putin""#), files(&["nato", "summit"]));
    assert_eq!(ws.hit_files(r#"person:"Mr. Jobs""#), files(&["apple"]));
    assert_eq!(ws.hit_files("location:alaska"), files(&["summit"]));
    assert_eq!(ws.hit_files("organization:nato"), files(&["nato"]));
    // "U.S." and "United States" are one place, whichever way the query names it.
    assert_eq!(ws.hit_files("place:US"), files(&["nato", "summit"]));
    assert_eq!(ws.hit_files(r#"place:"United States""#), files(&["nato", "summit"]));
    // A city's country is indexed too.
    assert_eq!(ws.hit_files("country:ukraine"), files(&["kyiv", "nato"]));
    assert_eq!(ws.hit_files("country:france"), files(&["paris"]));
    // Accents and case do not matter.
    assert_eq!(ws.hit_files("place:KYÏV"), files(&["kyiv"]));
}

#[test]
fn fuzzy_is_opt_in_and_finds_spelling_variants() {
    let ws = corpus();
    assert_eq!(ws.hit_files("person:zelensky"), files(&["kyiv"]));
    assert_eq!(ws.hit_files("person:zelensky~"), files(&["kyiv", "nato", "paris"]));
    let out = ws
        .cmd(&["search", "--json", "--fuzzy", "--limit", "10", "person:zelensky"])
        .output()
        .expect("runs");
    assert_eq!(json_lines(&out.stdout).len(), 3);
}

#[test]
fn dates_and_date_flags() {
    let ws = corpus();
    assert_eq!(ws.hit_files("date:2025-08-20"), files(&["nato"]));
    assert_eq!(ws.hit_files("date:2025-08"), files(&["nato", "summit"]));
    assert_eq!(
        ws.hit_files("date:[2025-08-01 TO 2025-08-31]"),
        files(&["nato", "summit"])
    );
    assert_eq!(
        ws.hit_files("date:[2024-01-05 TO 2025-08-15]"),
        files(&["kyiv", "summit"])
    );
    assert_eq!(ws.hit_files("date:{2024-01-05 TO 2025-08-15}"), Vec::<String>::new());
    assert_eq!(ws.hit_files("date:[* TO 2023-12-31]"), files(&["apple", "paris"]));
    assert_eq!(ws.hit_files("place:alaska date:2025"), files(&["summit"]));
    let out = ws
        .cmd(&[
            "search",
            "--json",
            "--after",
            "2024-01-01",
            "--before",
            "2025-08-15",
            "-person:jobs",
        ])
        .output()
        .expect("runs");
    let mut got: Vec<String> = json_lines(&out.stdout)
        .iter()
        .map(|h| common::file_name(h["path"].as_str().expect("path")))
        .collect();
    got.sort();
    assert_eq!(got, files(&["kyiv", "summit"]));
    ws.cmd(&["search", "x", "--after", "August"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--after"));
    ws.cmd(&["search", "date:[2025 TO soon]"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("position 1"));
}

#[test]
fn ranking_counts_mentions_and_sort_by_date() {
    let ws = corpus();
    let hits = ws.search("person:putin", &[]);
    let order: Vec<String> = hits
        .iter()
        .map(|h| common::file_name(h["path"].as_str().expect("path")))
        .collect();
    assert_eq!(order, vec!["summit.txt", "nato.txt"], "five mentions rank above one");
    assert!(hits[0]["score"].as_f64() > hits[1]["score"].as_f64());
    let by_date = ws.search("person:putin", &["--sort", "date"]);
    assert_eq!(
        common::file_name(by_date[0]["path"].as_str().expect("path")),
        "nato.txt"
    );
    assert!(by_date[0]["score"].is_null());
}

#[test]
fn paging_and_count() {
    let ws = corpus();
    let page2 = ws.search("person:putin", &["--offset", "1", "--limit", "1"]);
    assert_eq!(page2.len(), 1);
    assert_eq!(page2[0]["rank"], 2);
    assert_eq!(common::file_name(page2[0]["path"].as_str().expect("path")), "nato.txt");
    // Past the last match, and past any number of documents (a huge offset must not allocate a huge heap): no hits.
    for offset in ["2", "18446744073709551615"] {
        let past = ws.search("person:putin", &["--offset", offset, "--limit", "1000000"]);
        assert!(past.iter().all(|m| m["type"] != "hit"), "offset {offset}: {past:?}");
    }
    ws.cmd(&["search", "person:putin", "--count"])
        .assert()
        .success()
        .stdout("2\n");
    ws.cmd(&["search", "person:nobody", "--count", "--json"])
        .assert()
        .success()
        .stdout("{\"type\":\"count\",\"count\":0}\n");
}

#[test]
fn facets_count_over_all_matches() {
    let ws = corpus();
    let lines = ws.search(
        "country:ukraine OR person:putin",
        &["--facet", "person", "--limit", "1"],
    );
    let hits: Vec<_> = lines.iter().filter(|l| l["type"] == "hit").collect();
    assert_eq!(hits.len(), 1, "the page is one hit");
    let facet = lines.iter().find(|l| l["type"] == "facet").expect("facet line");
    assert_eq!(facet["field"], "person");
    let values = facet["values"].as_array().expect("values");
    let count = |name: &str| {
        values
            .iter()
            .find(|v| v["value"] == name)
            .and_then(|v| v["count"].as_u64())
            .unwrap_or(0)
    };
    assert_eq!(count("Vladimir Putin"), 2, "{values:?}");
    assert_eq!(count("Donald Trump"), 1, "{values:?}");
    assert_eq!(count("Volodymyr Zelenskyy"), 1, "{values:?}");
    ws.cmd(&["search", "x", "--facet", "colour"]).assert().code(2);
}

#[test]
fn entities_overall_and_within_a_query() {
    let ws = corpus();
    let out = ws
        .cmd(&["entities", "person:putin", "--kind", "person", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let rows = json_lines(&out.stdout);
    assert_eq!(rows[0]["type"], "entity");
    assert_eq!(rows[0]["name"], "Vladimir Putin");
    assert_eq!(rows[0]["articles"], 2);
    assert!(rows.iter().all(|r| r["kind"] == "person"));
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().expect("name")).collect();
    assert!(names.contains(&"Donald Trump"), "{names:?}");
    assert!(!names.contains(&"Steve Jobs"), "{names:?}");

    let out = ws
        .cmd(&["entities", "--kind", "place", "--json", "--limit", "50"])
        .output()
        .expect("runs");
    let rows = json_lines(&out.stdout);
    let alaska = rows.iter().find(|r| r["name"] == "Alaska").expect("Alaska");
    assert_eq!(alaska["articles"], 1);
    ws.cmd(&["entities", "--kind", "planet"]).assert().code(2);
}

#[test]
fn human_output_is_plain_when_piped_and_bold_when_asked() {
    let ws = corpus();
    ws.cmd(&["search", "place:alaska"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("1. Putin and Trump meet in Alaska")
                .and(predicate::str::contains("summit.txt"))
                .and(predicate::str::contains("2025-08-15"))
                .and(predicate::str::contains("people: Vladimir Putin"))
                .and(predicate::str::contains("\u{1b}[").not()),
        )
        .stderr(predicate::str::contains("1 matching article"));
    ws.cmd(&["--color", "always", "search", "place:alaska"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[1mAlaska\u{1b}[0m"));
}

#[test]
fn query_errors_name_the_problem_and_position() {
    let ws = corpus();
    for (q, needle) in [
        ("person:(putin OR", "position 15"),
        ("nato )", "position 6: unmatched `)`"),
        ("colour:red", "known fields: person, place, org, country"),
        ("date:soon", "not a date"),
        ("title:[a TO b]", "ranges work on `date` only"),
    ] {
        ws.cmd(&["search", q]).assert().code(2).stderr(
            predicate::str::starts_with("error: invalid query at position").and(predicate::str::contains(needle)),
        );
    }
    // Nesting too deep for the stack is an error at the first level too many, not a crash.
    let deep = format!("{}nato{}", "(".repeat(10_000), ")".repeat(10_000));
    let minus = format!("{}nato", "-".repeat(50_000));
    for (q, needle) in [(deep.as_str(), "position 101: "), (minus.as_str(), "position 101: ")] {
        ws.cmd(&["search", q]).assert().code(2).stderr(
            predicate::str::starts_with("error: invalid query at position").and(predicate::str::contains(needle)),
        );
    }
}
