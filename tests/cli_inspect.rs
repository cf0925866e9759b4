//! CLI tests of `newsdex inspect`: normalized articles, metadata and entities, per format, without an index.

mod common;

use common::{Workspace, json_lines};

fn repo(rel: &str) -> String {
    format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn inspect_json(ws: &Workspace, files: &[&str]) -> (Vec<serde_json::Value>, i32) {
    let mut args = vec!["inspect", "--json"];
    args.extend_from_slice(files);
    let out = ws.cmd(&args).output().expect("runs");
    (json_lines(&out.stdout), out.status.code().unwrap_or(-1))
}

#[test]
fn example_article_is_cleaned() {
    let ws = Workspace::new();
    let path = repo("corpus/example/nato-chiefs-ukraine.txt");
    let (lines, code) = inspect_json(&ws, &[&path]);
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 1);
    let a = &lines[0];
    assert_eq!(a["type"], "article");
    let body = a["body"].as_str().expect("body");
    assert!(!body.contains("Share and Follow"));
    assert!(!body.contains("You can now listen"));
    assert!(!body.contains("(NATO)"));
    assert!(!body.contains("contributed to this report"));
    let captions = a["captions"].as_array().expect("captions");
    assert!(
        captions
            .iter()
            .any(|c| c.as_str().is_some_and(|c| c.ends_with("(NATO)")))
    );
    assert_eq!(a["credits"][0], "The Associated Press contributed to this report.");
    assert_eq!(a["source"], "Fox News");
    let title = a["title"].as_str().expect("title");
    assert!(!title.is_empty() && title.len() < 100, "{title}");
    assert!(!body.starts_with(title));
    assert_eq!(a["format"], "text");
    assert!(a["entities"].as_array().is_some_and(|e| !e.is_empty()));
    assert_eq!(a["id"].as_str().map(str::len), Some(24));
    // Inspect never creates or touches an index.
    assert!(!ws.index().exists());
}

#[test]
fn every_sample_format_in_the_corpus_reads() {
    let ws = Workspace::new();
    let files = [
        repo("corpus/formats/general-motors-barra.html"),
        repo("corpus/formats/apple-itunes.md"),
        repo("corpus/formats/wikinews-dump.jsonl"),
        repo("corpus/formats/apple-iphone-sdk.json"),
    ];
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (lines, code) = inspect_json(&ws, &args);
    assert_eq!(code, 0, "{lines:?}");
    assert!(lines.iter().all(|l| l["type"] == "article"), "{lines:?}");
    let formats: Vec<&str> = lines.iter().filter_map(|l| l["format"].as_str()).collect();
    for f in ["html", "markdown", "jsonl", "json"] {
        assert!(formats.contains(&f), "{f} missing from {formats:?}");
    }
    let html = &lines[0];
    assert_eq!(html["title"], "Mary Barra appointed as General Motors chief");
    assert_eq!(html["date"], "2013-12-10");
    assert_eq!(html["date_source"], "metadata");
    let body = html["body"].as_str().expect("body");
    assert!(body.contains("Mary Barra"));
    for junk in [
        "Share on Facebook",
        "Sign up",
        "Most read",
        "All rights reserved",
        "Home",
    ] {
        assert!(!body.contains(junk), "{junk} in {body}");
    }
    let jsonl: Vec<&serde_json::Value> = lines.iter().filter(|l| l["format"] == "jsonl").collect();
    assert!(jsonl.len() >= 3);
    assert_eq!(jsonl[0]["record"], 1);
}

#[test]
fn bad_jsonl_line_is_reported_and_the_rest_shown() {
    let ws = Workspace::new();
    ws.write(
        "dump.jsonl",
        "{\"headline\":\"One\",\"maintext\":\"First article text.\"}\nnot json at all\n{\"title\":\"Three\",\"body\":\"Third.\",\"source_domain\":\"reuters.com\"}\n",
    );
    let out = ws.cmd(&["inspect", "--json", "dump.jsonl"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["title"], "One");
    assert_eq!(lines[1]["type"], "error");
    assert_eq!(lines[1]["record"], 2);
    assert!(lines[1]["error"].as_str().is_some_and(|e| e.starts_with("line 2:")));
    assert_eq!(lines[2]["record"], 3);
    assert_eq!(lines[2]["source"], "Reuters");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: dump.jsonl: line 2:"), "{stderr}");
}

#[test]
fn binary_and_unsupported_files_are_skipped_with_reason() {
    let ws = Workspace::new();
    ws.write("fake.txt", b"%PDF-1.7\n\x00\x01\x02binary");
    ws.write("table.csv", "a,b\n1,2\n");
    let (lines, code) = inspect_json(&ws, &["fake.txt", "table.csv"]);
    assert_eq!(code, 0);
    assert_eq!(lines[0]["type"], "skipped");
    assert!(lines[0]["reason"].as_str().is_some_and(|r| r.contains("binary")));
    assert!(lines[1]["reason"].as_str().is_some_and(|r| r.contains(".csv")));
}

#[test]
fn legacy_encoding_and_human_output() {
    let ws = Workspace::new();
    ws.write(
        "cafe.txt",
        b"Caf\xe9 owners protest new rules\r\n\r\nBy Jane Doe\r\n\r\nPARIS (AP) \x97 The caf\xe9 owners said \x93no\x94 to the plan on Tuesday.\r\n",
    );
    let out = ws.cmd(&["inspect", "cafe.txt"]).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("title:    Caf\u{e9} owners protest new rules"), "{text}");
    assert!(text.contains("windows-1252"), "{text}");
    assert!(text.contains("byline:   Jane Doe"), "{text}");
    assert!(text.contains("dateline: Paris (AP)"), "{text}");
    assert!(text.contains("The caf\u{e9} owners said \u{201c}no\u{201d}"), "{text}");
}

#[test]
fn missing_file_is_an_error_line() {
    // As for ingest: a path given on the command line that does not exist is a usage error naming it.
    let ws = Workspace::new();
    let out = ws.cmd(&["inspect", "nope.txt"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "error: nope.txt: no such file or directory"
    );
}
