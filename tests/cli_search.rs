//! End-to-end tests of `newsdex ingest` and `newsdex search` through the command line.

mod common;

use common::{Workspace, news_corpus};
use predicates::prelude::*;

#[test]
fn ingest_reports_counts_and_reingest_does_not_duplicate() {
    let ws = Workspace::new();
    news_corpus(&ws);
    let first = ws.ingest(&["news"]);
    assert_eq!(first["type"], "summary");
    assert_eq!(first["added"], 3);
    assert_eq!(first["documents"], 3);
    assert_eq!(first["failed"], 0);
    let second = ws.ingest(&["news"]);
    assert_eq!(second["added"], 0);
    assert_eq!(second["unchanged"], 3);
    assert_eq!(second["documents"], 3);
    // The same folder given another way (absolute path) is the same documents.
    let abs = ws.path("news");
    let third = ws.ingest(&[abs.to_str().expect("utf-8 path")]);
    assert_eq!(third["documents"], 3);
}

#[test]
fn human_ingest_summary_names_the_count() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.cmd(&["ingest", "news"])
        .assert()
        .success()
        .stdout(predicate::str::contains("indexed 3 articles"));
}

#[test]
fn field_queries_find_the_right_articles() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.ingest(&["news"]);
    assert_eq!(
        ws.hit_files(r#"person:"Vladimir Putin""#),
        vec!["nato-ukraine.txt", "putin-alaska.txt"]
    );
    assert_eq!(
        ws.hit_files("person:putin"),
        vec!["nato-ukraine.txt", "putin-alaska.txt"]
    );
    assert_eq!(ws.hit_files("person:jobs"), vec!["apple-iphone.txt"]);
    assert_eq!(ws.hit_files("place:Alaska"), vec!["putin-alaska.txt"]);
    assert_eq!(
        ws.hit_files(r#"person:"Vladimir Putin" place:Alaska"#),
        vec!["putin-alaska.txt"]
    );
    assert_eq!(ws.hit_files("org:nato"), vec!["nato-ukraine.txt", "putin-alaska.txt"]);
    assert_eq!(ws.hit_files("title:nato"), vec!["nato-ukraine.txt"]);
    assert_eq!(ws.hit_files("body:iphone"), vec!["apple-iphone.txt"]);
    assert_eq!(ws.hit_files("iphone"), vec!["apple-iphone.txt"]);
    assert!(ws.hit_files("person:alaska").is_empty());
}

#[test]
fn json_hits_have_the_documented_shape() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.ingest(&["news"]);
    let hits = ws.search("place:alaska", &[]);
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h["type"], "hit");
    assert_eq!(h["rank"], 1);
    assert!(h["score"].as_f64().expect("score") > 0.0);
    assert_eq!(h["title"], "Putin and Trump meet in Alaska");
    assert_eq!(h["date"], "2025-08-15");
    assert!(h["path"].as_str().expect("path").ends_with("putin-alaska.txt"));
    assert_eq!(h["id"].as_str().expect("id").len(), 24);
    assert!(h["source"].is_null() || h["source"].is_string());
    assert!(
        h["person"]
            .as_array()
            .expect("person")
            .iter()
            .any(|p| p == "Vladimir Putin")
    );
    assert!(h["place"].as_array().expect("place").iter().any(|p| p == "Alaska"));
    // The snippet marks the matched words.
    let snippet = h["snippet"].as_str().expect("snippet");
    let marked: Vec<&str> = h["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|r| &snippet[r[0].as_u64().expect("start") as usize..r[1].as_u64().expect("end") as usize])
        .collect();
    assert!(marked.contains(&"Alaska"), "{marked:?}");
}

#[test]
fn limit_caps_hits() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.ingest(&["news"]);
    assert_eq!(ws.search("person:putin", &["--limit", "1"]).len(), 1);
}

#[test]
fn malformed_query_is_exit_2_with_position() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.ingest(&["news"]);
    ws.cmd(&["search", r#"person:"Vladimir Putin"#])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: invalid query at position 8: unclosed quote",
        ));
    ws.cmd(&["search", "colour:red"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `colour`").and(predicate::str::contains("person")));
    ws.cmd(&["search", "(putin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error:"));
}

#[test]
fn missing_index_is_exit_3_with_hint() {
    let ws = Workspace::new();
    ws.cmd(&["search", "putin"])
        .assert()
        .code(3)
        .stderr(predicate::str::starts_with("error: no index at").and(predicate::str::contains("newsdex ingest PATH")));
}

#[test]
fn index_location_from_environment() {
    let ws = Workspace::new();
    news_corpus(&ws);
    let env_index = ws.path("elsewhere");
    let mut c = assert_cmd::Command::cargo_bin("newsdex").expect("binary");
    c.current_dir(ws.dir.path())
        .env("NEWSDEX_INDEX", &env_index)
        .args(["ingest", "news"])
        .assert()
        .success();
    assert!(env_index.join("meta.json").is_file());
}

#[test]
fn searching_segments_in_parallel_gives_the_same_output_as_one_thread() {
    // Twelve articles committed three at a time: four segments, searched on one thread and on four.
    let ws = Workspace::new();
    let people = ["Vladimir Putin", "Angela Merkel", "Emmanuel Macron"];
    let places = ["Moscow", "Berlin", "Paris", "Geneva"];
    for i in 0..12 {
        let (person, place) = (people[i % 3], places[i % 4]);
        ws.write(
            &format!("s/{i:02}.txt"),
            format!(
                "{person} visits {place}\n\nMarch {day}, 2021\n\n{person} arrived in {place} on Tuesday for talks on trade. \
                 Officials said the talks in {place} would go on. {person} met the mayor of {place} later.\n",
                day = i + 1
            ),
        );
    }
    let summary = ws.ingest(&["s", "--commit-every", "3", "--threads", "1"]);
    assert_eq!(summary["documents"], 12);
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.index().join("meta.json")).expect("meta.json")).expect("json");
    let segments = meta["segments"].as_array().expect("segments").len();
    assert!(segments >= 2, "the test needs several segments, has {segments}");
    let queries: [&[&str]; 5] = [
        &[
            "search",
            "--json",
            "person:\"Vladimir Putin\"",
            "--facet",
            "place",
            "--facet",
            "person",
        ],
        &["search", "--json", "talks trade", "--limit", "20"],
        &["search", "--json", "place:Berlin OR place:Paris", "--sort", "date"],
        &["search", "--json", "talks", "--limit", "4", "--offset", "3"],
        &["entities", "--json", "talks"],
    ];
    for args in queries {
        let run = |threads: &str| {
            let mut all = args.to_vec();
            all.extend_from_slice(&["--threads", threads]);
            let out = ws.cmd(&all).output().expect("runs");
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let one = run("1");
        assert!(!one.is_empty(), "{args:?} found nothing");
        assert_eq!(
            String::from_utf8_lossy(&one),
            String::from_utf8_lossy(&run("4")),
            "{args:?}"
        );
    }
    ws.cmd(&["search", "talks", "--threads", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--threads"));
}
