//! Golden test of every JSON Lines message type: the fields of each, in order, as `tests/golden/json_messages.txt`
//! lists them. A field renamed or removed fails here; a field added must be added there too, on purpose (the
//! README promises that fields are only added, never renamed).

mod common;

use std::collections::BTreeMap;

use common::{Workspace, json_lines, news_corpus};
use serde_json::Value;

/// `type: field, field, ...` for an object, in the order written.
fn shape(prefix: &str, v: &Value) -> String {
    let keys: Vec<&str> = v.as_object().expect("object").keys().map(String::as_str).collect();
    format!("{prefix}: {}", keys.join(", "))
}

fn lines_of(ws: &Workspace, args: &[&str]) -> Vec<Value> {
    let out = ws.cmd(args).output().expect("runs");
    json_lines(&out.stdout)
}

#[test]
fn every_message_type_has_its_documented_fields() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.write(
        "news/dump.jsonl",
        "{\"title\": \"One\", \"text\": \"Officials met in Brussels.\"}\n{broken\n",
    );
    ws.write("news/notes.tsv", "a\tb\n");
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut note = |key: &str, line: String| {
        seen.entry(key.to_string()).or_insert(line);
    };

    for l in lines_of(&ws, &["ingest", "--json", "--verbose", "news"]) {
        let t = l["type"].as_str().expect("type").to_string();
        note(&t, shape(&t, &l));
        if t == "summary" {
            note("summary.errors[]", shape("summary.errors[]", &l["errors"][0]));
        }
    }
    let hits = lines_of(
        &ws,
        &["search", "--json", "--facet", "person", r#"person:"Vladimir Putin""#],
    );
    for l in &hits {
        let t = l["type"].as_str().expect("type").to_string();
        note(&t, shape(&t, l));
        if t == "hit" {
            note("hit.matches[]", shape("hit.matches[]", &l["matches"][0]));
        }
        if t == "facet" {
            note("facet.values[]", shape("facet.values[]", &l["values"][0]));
        }
    }
    let count = lines_of(&ws, &["search", "--json", "--count", "nato"]);
    note("count", shape("count", &count[0]));
    let entities = lines_of(&ws, &["entities", "--json", "--limit", "1"]);
    note("entity", shape("entity", &entities[0]));
    let path = ws.path("news/putin-alaska.txt");
    for l in lines_of(
        &ws,
        &[
            "inspect",
            "--json",
            path.to_str().expect("utf-8"),
            "news/notes.tsv",
            "news/dump.jsonl",
        ],
    ) {
        let t = l["type"].as_str().expect("type").to_string();
        note(&t, shape(&t, &l));
        if t == "article" {
            note("article.entities[]", shape("article.entities[]", &l["entities"][0]));
            note("article.mentions[]", shape("article.mentions[]", &l["mentions"][0]));
        }
    }
    let export = ws
        .cmd(&[
            "export",
            "--target",
            "elasticsearch",
            "--json",
            "--out",
            "bulk.ndjson",
            "news",
        ])
        .output()
        .expect("runs");
    let exported = json_lines(&export.stdout);
    note("exported", shape("exported", &exported[0]));
    let conll = ws.write("tiny.conll", "Putin\tB-PER\nmet\tO\nTrump\tB-PER\n");
    let eval = lines_of(&ws, &["eval-ner", "--json", conll.to_str().expect("utf-8")]);
    note("eval", shape("eval", &eval[0]));
    note("eval.PER", shape("eval.PER", &eval[0]["PER"]));

    let got: Vec<String> = seen.into_values().collect();
    let golden = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/json_messages.txt"))
        .expect("golden file");
    let expected: Vec<&str> = golden
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(
        got, expected,
        "JSON message fields changed; fields may only be added (update the golden file and the README)"
    );
}
