//! `newsdex export` and `search --explain`: golden tests of the mappings (Elasticsearch, OpenSearch, Quickwit) and
//! of the Query DSL of every query form in the README's query table; the Bulk NDJSON of the shipped corpus against
//! the local index (ids, entity arrays); incremental re-runs with `--state`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::{Workspace, json_lines, news_corpus};
use serde_json::Value;

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(repo(&format!("tests/golden/{name}"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn stdout_of(ws: &Workspace, args: &[&str]) -> String {
    let out = ws.cmd(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Action/document pairs of a Bulk NDJSON body: (action verb, id, document or null for deletions).
fn bulk_pairs(ndjson: &str) -> Vec<(String, String, Value)> {
    let mut lines = ndjson.lines();
    let mut out = Vec::new();
    while let Some(action) = lines.next() {
        let action: Value = serde_json::from_str(action).unwrap_or_else(|e| panic!("action not JSON ({e}): {action}"));
        let (verb, meta) = action.as_object().expect("object").iter().next().expect("one key");
        let id = meta["_id"].as_str().expect("_id").to_string();
        let doc = if verb == "delete" {
            Value::Null
        } else {
            let line = lines.next().expect("a document after its action");
            serde_json::from_str(line).unwrap_or_else(|e| panic!("document not JSON ({e}): {line}"))
        };
        out.push((verb.clone(), id, doc));
    }
    out
}

#[test]
fn mappings_match_their_golden_files() {
    let ws = Workspace::new();
    for (target, file) in [
        ("elasticsearch", "mapping_elasticsearch.json"),
        ("opensearch", "mapping_opensearch.json"),
        ("quickwit", "quickwit_index.yaml"),
    ] {
        let got = stdout_of(&ws, &["export", "--target", target, "--mapping"]);
        assert_eq!(
            got,
            golden(file),
            "{target}: the mapping changed; update tests/golden/{file} on purpose"
        );
    }
}

#[test]
fn the_mapping_has_exactly_the_fields_of_the_exported_documents() {
    let ws = Workspace::new();
    news_corpus(&ws);
    let mapping: Value =
        serde_json::from_str(&stdout_of(&ws, &["export", "--target", "elasticsearch", "--mapping"])).expect("JSON");
    assert_eq!(mapping["mappings"]["dynamic"], "strict");
    let mapped: BTreeSet<String> = mapping["mappings"]["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect();
    let ndjson = stdout_of(&ws, &["export", "--target", "elasticsearch", "news"]);
    for (_, _, doc) in bulk_pairs(&ndjson) {
        let keys: BTreeSet<String> = doc.as_object().expect("object").keys().cloned().collect();
        assert_eq!(keys, mapped);
    }
    // Quickwit's config names the same fields, and its timestamp field is the date.
    let yaml = stdout_of(&ws, &["export", "--target", "quickwit", "--mapping"]);
    for field in &mapped {
        assert!(
            yaml.contains(&format!("name: {field}\n")),
            "quickwit config lacks {field}"
        );
    }
    assert!(yaml.contains("timestamp_field: date"));
    // Facet fields have a keyword sub-field on Elasticsearch.
    for facet in ["person", "place", "org", "country", "source"] {
        assert_eq!(
            mapping["mappings"]["properties"][facet]["fields"]["keyword"]["type"], "keyword",
            "{facet}"
        );
    }
}

/// Every query of the first column of the README's query table (flags such as `--fuzzy` left out).
fn readme_queries() -> Vec<String> {
    let readme = std::fs::read_to_string(repo("README.md")).expect("README");
    let table = readme
        .split("## Query syntax")
        .nth(1)
        .expect("query syntax section")
        .split("\n\n")
        .find(|block| block.starts_with("| query"))
        .expect("query table");
    let mut out = Vec::new();
    for row in table.lines().skip(2) {
        let first = row.trim_start_matches('|').split(" | ").next().unwrap_or("");
        for (i, part) in first.split('`').enumerate() {
            if i % 2 == 1 && !part.starts_with("--") {
                out.push(part.to_string());
            }
        }
    }
    out
}

#[test]
fn explain_elasticsearch_matches_the_golden_dsl_for_every_readme_query() {
    let ws = Workspace::new();
    let queries = readme_queries();
    assert!(queries.len() >= 25, "{queries:?}");
    let mut got = String::from(
        "# `search --explain elasticsearch QUERY` for every query of the README's query table: the query, then its\n\
         # request body on one line. Regenerate on purpose when the DSL changes.\n",
    );
    for q in &queries {
        let out = stdout_of(&ws, &["search", "--explain", "elasticsearch", q]);
        let body: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{q}: not JSON ({e}): {out}"));
        assert!(body["query"].is_object(), "{q}");
        got.push_str(&format!("{q}\n{body}\n"));
    }
    if std::env::var_os("NEWSDEX_BLESS").is_some() {
        std::fs::write(repo("tests/golden/dsl_elasticsearch.txt"), &got).expect("write golden");
    }
    assert_eq!(
        got,
        golden("dsl_elasticsearch.txt"),
        "the DSL changed (NEWSDEX_BLESS=1 rewrites the golden file)"
    );
}

#[test]
fn explain_adds_paging_sort_filters_and_facets_and_rejects_bad_queries_by_position() {
    let ws = Workspace::new();
    let out = stdout_of(
        &ws,
        &[
            "search",
            "--explain",
            "quickwit",
            "nato",
            "--sort",
            "date",
            "--facet",
            "person",
            "--after",
            "2025-01-01",
            "--limit",
            "5",
            "--offset",
            "10",
        ],
    );
    let body: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(body["size"], 5);
    assert_eq!(body["from"], 10);
    assert_eq!(body["sort"][0]["date"]["order"], "desc");
    assert_eq!(body["aggs"]["person"]["terms"]["field"], "person");
    assert_eq!(
        body["query"]["bool"]["filter"][0]["range"]["date"]["gte"],
        "2025-01-01T00:00:00Z"
    );
    assert!(body.get("track_total_hits").is_none());
    let es = stdout_of(
        &ws,
        &["search", "--explain", "elasticsearch", "nato", "--facet", "outlet"],
    );
    let body: Value = serde_json::from_str(&es).expect("JSON");
    assert_eq!(body["aggs"]["source"]["terms"]["field"], "source.keyword");

    let out = ws
        .cmd(&["search", "--explain", "elasticsearch", "nato colour:red"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("position 6") && err.contains("unknown field `colour`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn corpus_export_has_one_pair_per_article_with_the_local_ids_and_entities() {
    let ws = Workspace::new();
    let corpus = repo("corpus");
    let corpus = corpus.to_str().expect("utf-8");
    let summary = ws.ingest(&[corpus]);
    let articles = summary["documents"].as_u64().expect("documents");
    assert!(articles >= 169, "{summary}");

    let out = ws
        .cmd(&["export", "--target", "elasticsearch", "--json", corpus])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ndjson = String::from_utf8(out.stdout).expect("utf-8");
    let pairs = bulk_pairs(&ndjson);
    assert_eq!(pairs.len() as u64, articles);
    assert!(pairs.iter().all(|(verb, _, _)| verb == "index"));
    // The summary goes to stderr when stdout is the NDJSON.
    let summary = json_lines(&out.stderr);
    let last = summary.last().expect("summary");
    assert_eq!(last["type"], "exported");
    assert_eq!(last["added"].as_u64(), Some(articles));
    assert_eq!(last["indexed"].as_u64(), Some(articles));

    // Every hit of the local index (all of them: a query nothing contains, negated) has its exported document.
    let hits = ws.search("-qqqzzzxxx", &["--limit", "10000"]);
    let local: BTreeMap<String, &Value> = hits
        .iter()
        .filter(|h| h["type"] == "hit")
        .map(|h| (h["id"].as_str().expect("id").to_string(), h))
        .collect();
    assert_eq!(local.len() as u64, articles);
    let mut ids = BTreeSet::new();
    for (_, id, doc) in &pairs {
        assert!(ids.insert(id.clone()), "duplicate id {id}");
        assert_eq!(doc["id"].as_str(), Some(id.as_str()));
        let hit = local
            .get(id)
            .unwrap_or_else(|| panic!("exported id {id} is not in the local index"));
        for field in ["person", "place", "org", "country"] {
            assert_eq!(doc[field], hit[field], "{field} of {id}");
        }
        for field in ["title", "path", "date", "source", "lang", "url", "byline"] {
            assert_eq!(doc[field], hit[field], "{field} of {id}");
        }
    }

    // Stable: a second export writes the same pairs (files are read in parallel, so their order may differ).
    let again = stdout_of(&ws, &["export", "--target", "elasticsearch", corpus]);
    let sorted = |pairs: Vec<(String, String, Value)>| {
        let mut v: Vec<String> = pairs.into_iter().map(|(_, id, doc)| format!("{id} {doc}")).collect();
        v.sort();
        v
    };
    let (first, second) = (sorted(pairs), sorted(bulk_pairs(&again)));
    assert!(first == second, "a second export of the corpus differs from the first");
}

#[test]
fn state_makes_reruns_incremental_and_prune_deletes() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.write(
        "news/dump.jsonl",
        "{\"title\": \"One\", \"text\": \"Officials met in Brussels.\"}\n{\"title\": \"Two\", \"text\": \"Talks in Kyiv.\"}\n",
    );
    let out_file = ws.path("bulk.ndjson");
    let out = out_file.to_str().expect("utf-8");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "export",
            "--target",
            "opensearch",
            "--state",
            "state.json",
            "--out",
            out,
            "--json",
        ];
        a.extend_from_slice(extra);
        a.push("news");
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| -> (Value, Vec<(String, String, Value)>) {
        let a = args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let summary = json_lines(stdout_of(&ws, &a).as_bytes()).pop().expect("summary");
        let body = std::fs::read_to_string(&out_file).expect("out file");
        (summary, bulk_pairs(&body))
    };
    let (s, first) = run(&[]);
    assert_eq!(s["added"], 5);
    assert_eq!(first.len(), 5);

    let (s, pairs) = run(&[]);
    assert_eq!((s["unchanged"].as_u64(), pairs.len()), (Some(5), 0));

    // A record dropped from the JSON Lines file: its id is deleted, the other one re-indexed under its id.
    ws.write(
        "news/dump.jsonl",
        "{\"title\": \"One, revised\", \"text\": \"Officials met in Brussels again.\"}\n",
    );
    let (s, pairs) = run(&[]);
    assert_eq!(s["updated"], 1);
    let verbs: Vec<&str> = pairs.iter().map(|(v, _, _)| v.as_str()).collect();
    assert_eq!(verbs, ["delete", "index"]);
    let first_ids: BTreeSet<&str> = first.iter().map(|(_, id, _)| id.as_str()).collect();
    assert!(first_ids.contains(pairs[0].1.as_str()) && first_ids.contains(pairs[1].1.as_str()));

    std::fs::remove_file(ws.path("news/apple-iphone.txt")).expect("rm");
    let (s, pairs) = run(&["--prune"]);
    assert_eq!(s["removed"], 1);
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].0, "delete");
    assert_eq!(s["documents"], 3);
}

#[test]
fn export_errors_are_one_line() {
    let ws = Workspace::new();
    news_corpus(&ws);
    for (args, needle) in [
        (
            vec!["export", "--target", "elasticsearch", "news", "--prune"],
            "--prune needs --state",
        ),
        (
            vec!["export", "--target", "elasticsearch", "nowhere"],
            "nowhere: no such file",
        ),
        (
            vec!["export", "--target", "elasticsearch", "news", "--url", "localhost:9200"],
            "URL `localhost:9200`",
        ),
        (
            vec!["export", "--target", "elasticsearch", "news", "--chunk-mb", "0"],
            "--chunk-mb",
        ),
    ] {
        let out = ws.cmd(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle) && err.lines().count() == 1, "{args:?}: {err}");
    }
    ws.write(
        "state.json",
        "{\"newsdex_export_state\":1,\"target\":\"quickwit\",\"files\":{}}",
    );
    let out = ws
        .cmd(&["export", "--target", "elasticsearch", "--state", "state.json", "news"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is for quickwit"));
}

#[test]
fn out_to_a_folder_writes_one_file_per_request_of_at_most_chunk_mb() {
    let ws = Workspace::new();
    news_corpus(&ws);
    std::fs::create_dir(ws.path("requests")).expect("mkdir");
    // 2 KB requests: each holds one article (the documents are 1 to 2 KB), never half of one.
    let args = [
        "export",
        "--target",
        "elasticsearch",
        "--out",
        "requests",
        "--chunk-mb",
        "0.002",
        "news",
    ];
    stdout_of(&ws, &args);
    let mut files: Vec<String> = std::fs::read_dir(ws.path("requests"))
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["bulk-000001.ndjson", "bulk-000002.ndjson", "bulk-000003.ndjson"]
    );
    for f in &files {
        let body = std::fs::read_to_string(ws.path(&format!("requests/{f}"))).expect("read");
        assert_eq!(bulk_pairs(&body).len(), 1, "{f}");
    }
    // A folder that already holds request files is refused, so none of another run's pass for this one's.
    let out = ws.cmd(&args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds request files"));
}
