//! The edges scripts hit, through the command line: closed pipes, stale documents, globs, folders given to
//! inspect, query corners, and what the README promises about colors.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::Workspace;

/// Many small articles with long file names, so that a command's JSON output is larger than a pipe holds.
fn many_articles(ws: &Workspace, n: usize) {
    for i in 0..n {
        ws.write(
            &format!("news/a-rather-long-file-name-so-that-every-json-line-is-long-enough-{i:04}.txt"),
            format!("Report {i}\n\nMarch 3, 2024\n\nOfficials in Brussels discussed the budget on Monday, report {i} said.\n"),
        );
    }
}

/// Run `newsdex ARGS` with stdout piped, read one line, close the pipe, and return the exit code and stderr.
fn read_one_line_then_close(ws: &Workspace, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .current_dir(ws.dir.path())
        .env_remove("NEWSDEX_INDEX")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(ws.index())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).expect("reads a line");
    assert!(first.starts_with('{'), "{first}");
    // The reader (and the pipe) is dropped here.
    let out = child.wait_with_output().expect("waits");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let ws = Workspace::new();
    many_articles(&ws, 600);
    let (code, stderr) = read_one_line_then_close(&ws, &["ingest", "--json", "--verbose", "news"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("error"), "{stderr}");
    // The ingest went on to the end: every article is indexed.
    let summary = ws.ingest(&["news"]);
    assert_eq!(summary["unchanged"], 600, "{summary}");

    let (code, stderr) = read_one_line_then_close(&ws, &["search", "--json", "--limit", "600", "brussels"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_changed_file_that_yields_no_article_loses_its_old_documents() {
    let ws = Workspace::new();
    let text = "Zanzibar talks\n\nMarch 3, 2024\n\nDelegates met in Zanzibar on Monday.\n";
    ws.write("news/emptied.txt", text);
    ws.write("news/binary.txt", text);
    ws.write("news/large.txt", text);
    ws.write(
        "news/dump.jsonl",
        "{\"title\": \"Zanzibar talks\", \"text\": \"Delegates met in Zanzibar.\"}\n",
    );
    let first = ws.ingest(&["news"]);
    assert_eq!(first["added"], 4, "{first}");
    assert_eq!(ws.hit_files("zanzibar").len(), 4);

    ws.write("news/emptied.txt", "");
    ws.write("news/binary.txt", [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0].repeat(20));
    ws.write("news/large.txt", format!("{text}{}", "x ".repeat(600_000)));
    ws.write("news/dump.jsonl", "{\"title\": \"Zanzibar talks\", \"text\": \n");
    let second = ws.ingest(&["news", "--max-file-size", "1"]);
    assert_eq!(second["removed"], 4, "{second}");
    // `files` counts every file looked at, whatever became of it (README, "JSON output").
    assert_eq!(second["files"], 4, "{second}");
    assert_eq!(second["skipped"], 3, "{second}");
    assert_eq!(second["failed"], 1, "{second}");
    assert_eq!(second["documents"], 0, "{second}");
    assert!(ws.hit_files("zanzibar").is_empty());
}

#[test]
fn globs_match_relative_to_each_root_given() {
    let ws = Workspace::new();
    let text = "Budget talks\n\nMarch 3, 2024\n\nOfficials in Brussels discussed the budget.\n";
    ws.write("articles/drafts/x.txt", text);
    ws.write("articles/final/y.txt", text);
    ws.write("articles/2024/drafts/z.txt", text);
    // As the README's example: a folder under the root given.
    let summary = ws.ingest(&["articles", "--exclude", "drafts/*"]);
    assert_eq!(summary["added"], 2, "{summary}");
    assert_eq!(ws.hit_files("brussels"), vec!["y.txt", "z.txt"]);
    // The same with the root given as an absolute path, and `**` for a folder at any depth.
    let ws = Workspace::new();
    ws.write("articles/drafts/x.txt", text);
    ws.write("articles/final/y.txt", text);
    ws.write("articles/2024/drafts/z.txt", text);
    let root = ws.path("articles");
    let summary = ws.ingest(&[root.to_str().expect("utf-8"), "--exclude", "**/drafts/**"]);
    assert_eq!(summary["added"], 1, "{summary}");
    assert_eq!(ws.hit_files("brussels"), vec!["y.txt"]);
}

#[test]
fn inspect_takes_what_ingest_takes() {
    let ws = Workspace::new();
    let text = "Budget talks\n\nMarch 3, 2024\n\nOfficials in Brussels discussed the budget.\n";
    ws.write("news/a.txt", text);
    ws.write("news/sub/b.txt", text);
    ws.write("news/.hidden.txt", text);
    ws.write("news/drafts/c.txt", text);
    let paths = |args: &[&str]| -> Vec<String> {
        let out = ws.cmd(args).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        common::json_lines(&out.stdout)
            .iter()
            .map(|l| common::file_name(l["path"].as_str().expect("path")))
            .collect()
    };
    // A folder is walked, in order, hidden files left out, globs applied, as ingest does.
    assert_eq!(paths(&["inspect", "--json", "news"]), vec!["a.txt", "c.txt", "b.txt"]);
    assert_eq!(
        paths(&["inspect", "--json", "news", "--exclude", "drafts/*"]),
        vec!["a.txt", "b.txt"]
    );
    // A list of paths on stdin.
    let out = ws
        .cmd(&["inspect", "--json", "-"])
        .write_stdin("news/a.txt\nnews/sub/b.txt\n")
        .output()
        .expect("runs");
    let got: Vec<String> = common::json_lines(&out.stdout)
        .iter()
        .map(|l| common::file_name(l["path"].as_str().expect("path")))
        .collect();
    assert_eq!(got, vec!["a.txt", "b.txt"]);
}

/// Run `newsdex ARGS` on a pseudo-terminal (util-linux `script`), with the environment given, and return stdout.
fn on_a_terminal(ws: &Workspace, env: &[(&str, &str)], args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("newsdex");
    let command = format!("{} --index {} {args}", bin.display(), ws.index().display());
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("script runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn colors_follow_the_readme() {
    let ws = Workspace::new();
    ws.write(
        "news/a.txt",
        "Summit\n\nMarch 3, 2024\n\nPresident Vladimir Putin met officials in Brussels.\n",
    );
    ws.ingest(&["news"]);
    let bold = "\u{1b}[1m";
    // On a terminal: bold by default; not with NO_COLOR set, nor with TERM=dumb; `--color always` wins over both.
    assert!(on_a_terminal(&ws, &[], "entities").contains(bold));
    assert!(!on_a_terminal(&ws, &[("NO_COLOR", "1")], "entities").contains(bold));
    assert!(!on_a_terminal(&ws, &[("TERM", "dumb")], "entities").contains(bold));
    assert!(on_a_terminal(&ws, &[("NO_COLOR", "1")], "--color always entities").contains(bold));
    assert!(!on_a_terminal(&ws, &[], "--color never entities").contains(bold));
    // An empty NO_COLOR counts as unset (no-color.org).
    assert!(on_a_terminal(&ws, &[("NO_COLOR", "")], "entities").contains(bold));
    // Not on a terminal: no styling.
    let out = ws.cmd(&["entities"]).env_remove("NO_COLOR").output().expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(bold));
}

#[test]
fn plus_means_required_and_large_edit_distances_are_refused() {
    let ws = common::Workspace::new();
    common::news_corpus(&ws);
    ws.ingest(&["news"]);
    // `a OR b` is either; `a OR +b` needs b.
    assert_eq!(
        ws.hit_files("iphone OR zelenskyy"),
        vec!["apple-iphone.txt", "nato-ukraine.txt"]
    );
    assert_eq!(ws.hit_files("iphone OR +zelenskyy"), vec!["nato-ukraine.txt"]);
    assert_eq!(ws.hit_files("+iphone"), vec!["apple-iphone.txt"]);
    // A word's typo tolerance is at most 2 edits: `~3` is refused with its position, not silently clamped.
    ws.cmd(&["search", "nato putinn~3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid query at position 6: `~3` on a word"));
    assert_eq!(ws.hit_files("putinn~2").len(), 2);
    // A phrase's slop may be larger.
    assert_eq!(ws.hit_files(r#""Putin Trump"~3"#), vec!["putin-alaska.txt"]);
}

#[test]
fn the_product_binary_has_no_benchmark_commands() {
    // Benchmarks live in the `newsdex-bench` workspace member (bench/), not in the shipped binary.
    let ws = common::Workspace::new();
    ws.write("a.txt", "Title\n\nBody text.\n");
    ws.cmd(&["bench-extract", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unrecognized subcommand 'bench-extract'"));
}
