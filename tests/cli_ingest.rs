//! Batch ingest through the command line: incremental re-runs, pruning, path lists, the write lock, crash safety
//! and bad input.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{Workspace, json_lines, news_corpus};
use predicates::prelude::*;

fn article(n: usize) -> String {
    format!(
        "Report number {n} from the council\n\nMarch 3, 2021\n\nThe council met on Tuesday to discuss item {n}. Officials in Geneva said the plan numbered {n} was approved.\n"
    )
}

#[test]
fn rerun_is_idempotent_and_cheap() {
    let ws = Workspace::new();
    for i in 0..30 {
        ws.write(&format!("a/{i:03}.txt"), article(i));
    }
    let first = ws.ingest(&["a"]);
    assert_eq!(first["added"], 30);
    let second = ws.ingest(&["a"]);
    assert_eq!(second["added"], 0);
    assert_eq!(second["updated"], 0);
    assert_eq!(second["unchanged"], 30);
    assert_eq!(second["documents"], 30);
}

#[test]
fn modify_delete_prune_cycle() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.ingest(&["news"]);
    // Modify one file (different size, so the change is seen without relying on mtime resolution).
    ws.write(
        "news/apple-iphone.txt",
        "Apple releases a new iPad\n\nJune 9, 2010\n\nApple chief executive Steve Jobs presented the iPad tablet.\n",
    );
    let s = ws.ingest(&["news"]);
    assert_eq!(s["updated"], 1);
    assert_eq!(s["unchanged"], 2);
    assert_eq!(s["documents"], 3);
    assert_eq!(ws.hit_files("ipad"), vec!["apple-iphone.txt"]);
    assert!(ws.hit_files("iphone").is_empty());

    // Same content rewritten (new mtime, same bytes): unchanged by hash.
    let p = ws.path("news/nato-ukraine.txt");
    let bytes = std::fs::read(&p).expect("read");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&p, bytes).expect("rewrite");
    let s = ws.ingest(&["news"]);
    assert_eq!(s["updated"], 0);
    assert_eq!(s["unchanged"], 3);

    // Delete a file: without --prune its document stays, with --prune it goes.
    std::fs::remove_file(ws.path("news/putin-alaska.txt")).expect("rm");
    let s = ws.ingest(&["news"]);
    assert_eq!(s["removed"], 0);
    assert_eq!(s["documents"], 3);
    let s = ws.ingest(&["news", "--prune"]);
    assert_eq!(s["removed"], 1);
    assert_eq!(s["documents"], 2);
    assert!(ws.hit_files("place:alaska").is_empty());
}

#[test]
fn prune_only_touches_the_given_paths() {
    let ws = Workspace::new();
    ws.write("one/a.txt", article(1));
    ws.write("two/b.txt", article(2));
    ws.ingest(&["one", "two"]);
    std::fs::remove_file(ws.path("two/b.txt")).expect("rm");
    let s = ws.ingest(&["one", "--prune"]);
    assert_eq!(s["removed"], 0);
    assert_eq!(s["documents"], 2);
}

#[test]
fn paths_from_stdin_lines_and_nul() {
    let ws = Workspace::new();
    ws.write("x/a b.txt", article(1));
    ws.write("x/c.txt", article(2));
    ws.write("x/d.txt", article(3));
    let out = ws
        .cmd(&["ingest", "--json", "-"])
        .write_stdin("x/a b.txt\nx/c.txt\n")
        .output()
        .expect("runs");
    let summary = json_lines(&out.stdout).pop().expect("summary");
    assert_eq!(summary["added"], 2);
    let out = ws
        .cmd(&["ingest", "--json", "--null", "-"])
        .write_stdin("x/d.txt\0x/c.txt\0")
        .output()
        .expect("runs");
    let summary = json_lines(&out.stdout).pop().expect("summary");
    assert_eq!(summary["added"], 1);
    assert_eq!(summary["unchanged"], 1);
    assert_eq!(summary["documents"], 3);
    // A listed file that does not exist is reported as failed, the rest is indexed.
    let out = ws
        .cmd(&["ingest", "--json", "-"])
        .write_stdin("x/missing.txt\nx/c.txt\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let summary = json_lines(&out.stdout).pop().expect("summary");
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["errors"][0]["path"], "x/missing.txt");
}

#[test]
fn include_exclude_and_hidden() {
    let ws = Workspace::new();
    ws.write("d/keep.txt", article(1));
    ws.write("d/draft-skip.txt", article(2));
    ws.write("d/.hidden.txt", article(3));
    ws.write("d/.git/notes.txt", article(4));
    let s = ws.ingest(&["d", "--exclude", "draft-*"]);
    assert_eq!(s["added"], 1);
    let s = ws.ingest(&["d", "--include", "*.txt", "--hidden", "--exclude", "draft-*"]);
    assert_eq!(s["added"], 2);
}

#[test]
fn second_writer_is_refused_with_exit_3() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.ingest(&["news"]);
    // Hold the write lock as another ingest would.
    let index = newsdex::index::open_or_create(&ws.index()).expect("index");
    let writer = newsdex::index::writer::Writer::open(&index, &ws.index(), 1, 50, 0).expect("lock");
    ws.cmd(&["ingest", "news"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("is being written by another newsdex process"));
    // Search still works while the index is being written.
    ws.cmd(&["search", "person:putin", "--count"])
        .assert()
        .success()
        .stdout("2\n");
    drop(writer);
    ws.cmd(&["ingest", "news"]).assert().success();
}

#[test]
fn killed_ingest_resumes_to_exactly_one_document_per_article() {
    let ws = Workspace::new();
    let n = 3000;
    for i in 0..n {
        ws.write(&format!("big/{:02}/{i:05}.txt", i / 100), article(i));
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .current_dir(ws.dir.path())
        .args(["--index"])
        .arg(ws.index())
        .args([
            "ingest",
            "big",
            "--json",
            "--verbose",
            "--commit-every",
            "100",
            "--threads",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = 0;
    while seen < 400 {
        match lines.next() {
            Some(Ok(_)) => seen += 1,
            _ => break,
        }
    }
    child.kill().expect("kill -9");
    let _ = child.wait();
    // The index opens and holds what was committed.
    let partial = ws.cmd(&["search", "council", "--count"]).output().expect("runs");
    assert!(partial.status.success());
    let committed: usize = String::from_utf8_lossy(&partial.stdout).trim().parse().expect("count");
    assert!(committed < n, "kill came too late to test anything: {committed}");
    // The next run completes the rest.
    let s = ws.ingest(&["big"]);
    assert_eq!(s["documents"], n);
    assert_eq!(s["added"].as_u64().expect("added") as usize + committed, n);
    let hits = ws.search("council", &["--limit", "10000"]);
    let mut paths: Vec<&str> = hits.iter().map(|h| h["path"].as_str().expect("path")).collect();
    assert_eq!(paths.len(), n);
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), n, "an article is indexed twice");
}

#[cfg(unix)]
#[test]
fn bad_inputs_never_stop_the_run() {
    use std::os::unix::ffi::OsStrExt;
    let ws = Workspace::new();
    let good = ["bad/good1.txt", "bad/sub/good2.txt", "bad/good3.txt"];
    for (i, g) in good.iter().enumerate() {
        ws.write(g, article(i));
    }
    ws.write("bad/empty.txt", "");
    ws.write("bad/binary.txt", [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]);
    ws.write("bad/image.png", [137u8, 80, 78, 71, 13, 10, 26, 10]);
    ws.write(
        "bad/invalid-utf8.txt",
        b"Caf\xe9 news from Z\xfcrich\n\nThe mayor of Z\xfcrich spoke.\n",
    );
    ws.write("bad/nul.txt", b"Title\n\nSome text\0with a NUL byte.\n");
    ws.write("bad/huge-line.txt", vec![b'a'; 3 * 1024 * 1024]);
    // Not UTF-8 in the file name.
    let name = std::ffi::OsStr::from_bytes(b"bad/latin1-\xe9t\xe9.txt");
    std::fs::write(ws.dir.path().join(name), article(9)).expect("write");
    // A FIFO (must not block), a device behind a symlink, a symlink loop, a dangling symlink.
    let fifo = ws.path("bad/pipe.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", ws.path("bad/device.txt")).expect("symlink");
    std::os::unix::fs::symlink(ws.path("bad"), ws.path("bad/sub/loop")).expect("symlink");
    std::os::unix::fs::symlink(ws.path("bad/nowhere.txt"), ws.path("bad/dangling.txt")).expect("symlink");

    let out = ws
        .cmd(&["ingest", "bad", "--json", "--max-file-size", "2"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let s = json_lines(&out.stdout).pop().expect("summary");
    // good1-3, invalid-utf8, latin1 name
    assert_eq!(s["added"], 5, "{s}");
    // empty, binary, png, nul, huge, fifo, device
    assert_eq!(s["skipped"], 7, "{s}");
    // the loop and the dangling link are reported, not silently dropped
    assert_eq!(s["failed"], 2, "{s}");
    assert_eq!(out.status.code(), Some(1));
    let reasons = s["skipped_reasons"].as_object().expect("reasons");
    assert!(
        reasons.keys().any(|r| r.contains("larger than --max-file-size")),
        "{reasons:?}"
    );
    assert!(reasons.keys().any(|r| r.contains("not a regular file")), "{reasons:?}");
    let errors = s["errors"].to_string();
    assert!(errors.contains("loop"), "{errors}");
    for g in good {
        assert!(
            ws.hit_files("council").contains(&common::file_name(g)),
            "{g} not indexed"
        );
    }
    assert_eq!(ws.hit_files("mayor").len(), 1);
}

/// The rest of the issue's bad inputs, with the default limits: a 100 MB single-line file (over the default 64 MB
/// `--max-file-size`), a 3 MB single line and a 5 MB run of words (under it, indexed), HTML nested 100,000 deep and
/// HTML with unclosed and crossed tags, a truncated JSON file and a JSONL file whose last line is cut off.
#[test]
fn huge_nested_malformed_and_truncated_inputs() {
    let ws = Workspace::new();
    ws.write("odd/big100.txt", vec![b'b'; 100 * 1024 * 1024]);
    ws.write("odd/huge-line.txt", vec![b'a'; 3 * 1024 * 1024]);
    ws.write("odd/huge-words.txt", "word ".repeat(1_000_000));
    let nested = format!(
        "<html><body>{}<p>The mayor of Springfield spoke to the council.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    ws.write("odd/nested.html", nested);
    ws.write(
        "odd/malformed.html",
        "<html><body><p>The council met <b><i>in Springfield</b></i> today.<div><span></p></table>The mayor spoke.<p",
    );
    ws.write(
        "odd/truncated.json",
        r#"{"title": "Council meets", "body": "The council of Springfield met on Mo"#,
    );
    ws.write(
        "odd/truncated.jsonl",
        "{\"title\": \"Council meets\", \"body\": \"The council of Springfield met on Monday.\"}\n\
         {\"title\": \"Second\", \"body\": \"The mayor",
    );
    let out = ws
        .cmd(&["ingest", "odd", "--json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let s = json_lines(&out.stdout).pop().expect("summary");
    // huge-line, huge-words, nested, malformed, the first line of truncated.jsonl
    assert_eq!(s["added"], 5, "{s}");
    assert_eq!(s["skipped"], 1, "{s}");
    assert_eq!(s["skipped_reasons"]["larger than --max-file-size (64 MB)"], 1, "{s}");
    assert_eq!(s["failed"], 2, "{s}");
    let errors: Vec<String> = s["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| format!("{}:{} {}", e["path"].as_str().unwrap_or(""), e["record"], e["error"]))
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("truncated.json:1") && e.contains("invalid JSON")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("truncated.jsonl:2") && e.contains("line 2")),
        "{errors:?}"
    );
    assert_eq!(ws.hit_files("mayor"), ["malformed.html", "nested.html"]);
    assert_eq!(
        ws.hit_files("council"),
        ["malformed.html", "nested.html", "truncated.jsonl"]
    );
    // The text 100,000 elements deep reaches extraction too.
    assert!(ws.hit_files("place:Springfield").contains(&"nested.html".to_string()));
}

/// Segments in the index's `meta.json`, with their document counts.
fn segment_docs(ws: &Workspace) -> Vec<u64> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.index().join("meta.json")).expect("meta.json")).expect("json");
    meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["max_doc"].as_u64().expect("max_doc"))
        .collect()
}

#[test]
fn merges_bounded_by_max_merge_mb_keep_every_article() {
    // Forty commits of five articles each, so forty small segments: merged with no bound (0), and merged within a
    // bound of 1 MB (far above them) without losing an article.
    for bound in ["0", "1"] {
        let ws = Workspace::new();
        for i in 0..200 {
            ws.write(&format!("m/{i:03}.txt"), article(i));
        }
        let s = ws.ingest(&["m", "--commit-every", "5", "--threads", "1", "--max-merge-mb", bound]);
        assert_eq!(s["documents"], 200, "bound {bound}");
        let hits = ws.search("council", &["--limit", "1000"]);
        assert_eq!(hits.iter().filter(|h| h["type"] == "hit").count(), 200, "bound {bound}");
        let segments = segment_docs(&ws);
        assert_eq!(segments.iter().sum::<u64>(), 200, "bound {bound}");
        assert!(segments.len() < 40, "bound {bound}: merged: {segments:?}");
    }
}

/// Long texts whose names and punctuation once took time growing with the square of their length (each word
/// compared with every name found before it): hundreds of thousands of opening brackets in one word, an English
/// and a German text naming the same people over and over. They are indexed, and their people found.
#[test]
fn long_runs_of_brackets_and_repeated_names_are_indexed() {
    let ws = Workspace::new();
    ws.write("long/brackets.txt", format!("{} Paris", "(".repeat(1_000_000)));
    ws.write(
        "long/people.txt",
        "Mr. Smith met Angela Merkel in Berlin, and Smith spoke. ".repeat(20_000),
    );
    ws.write(
        "long/leute.txt",
        "Die Bürgermeisterin Anna Keller sprach am Montag in München mit Peter Müller. Keller lachte. ".repeat(16_000),
    );
    let out = ws
        .cmd(&["ingest", "long", "--json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let s = json_lines(&out.stdout).pop().expect("summary");
    assert_eq!(s["added"], 3, "{s}");
    assert_eq!(ws.hit_files("Paris"), vec!["brackets.txt"]);
    assert_eq!(ws.hit_files("person:\"Angela Merkel\""), vec!["people.txt"]);
    assert_eq!(ws.hit_files("person:\"Anna Keller\""), vec!["leute.txt"]);
}
