//! Helpers shared by the CLI tests: a temporary workspace with an index and article files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn index(&self) -> PathBuf {
        self.path("index")
    }

    /// Write a file under the workspace, creating folders.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, content).expect("write");
        p
    }

    /// `newsdex --index <ws>/index ARGS...`, run from the workspace folder.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("newsdex").expect("binary");
        c.current_dir(self.dir.path())
            .env_remove("NEWSDEX_INDEX")
            .env("NO_COLOR", "1");
        c.arg("--index").arg(self.index());
        c.args(args);
        c
    }

    /// Ingest with `--json` and return the summary line.
    pub fn ingest(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["ingest", "--json"];
        all.extend_from_slice(args);
        let out = self.cmd(&all).output().expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let last = stdout
            .lines()
            .last()
            .unwrap_or_else(|| panic!("no output; stderr: {}", String::from_utf8_lossy(&out.stderr)));
        serde_json::from_str(last).expect("summary is JSON")
    }

    /// Search with `--json` and return the hits.
    pub fn search(&self, query: &str, extra: &[&str]) -> Vec<serde_json::Value> {
        let mut all = vec!["search", "--json", query];
        all.extend_from_slice(extra);
        let out = self.cmd(&all).output().expect("runs");
        assert!(
            out.status.success(),
            "search {query} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out.stdout)
    }

    /// The file names (not paths) of the hits of a query, sorted.
    pub fn hit_files(&self, query: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .search(query, &["--limit", "100"])
            .iter()
            .filter(|h| h["type"] == "hit")
            .map(|h| file_name(h["path"].as_str().expect("path")))
            .collect();
        names.sort();
        names
    }
}

pub fn json_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A small hand-made corpus of three articles about known people and places.
pub fn news_corpus(ws: &Workspace) {
    ws.write(
        "news/putin-alaska.txt",
        "Putin and Trump meet in Alaska\n\nAugust 15, 2025\n\nRussian President Vladimir Putin met President Donald Trump in Anchorage, Alaska on Friday. Putin said the talks with Trump were useful. NATO officials in Brussels were not present. Putin later flew back to Moscow.\n",
    );
    ws.write(
        "news/nato-ukraine.txt",
        "NATO chiefs reaffirm support for Ukraine\n\nAugust 20, 2025\n\nThe NATO Chiefs of Defense met in Brussels to discuss Ukraine. Ukrainian President Volodymyr Zelenskyy thanked the allies. Russian President Vladimir Putin was criticized by several ministers.\n",
    );
    ws.write(
        "news/apple-iphone.txt",
        "Apple releases a new iPhone\n\nJune 9, 2008\n\nApple chief executive Steve Jobs presented the new iPhone in San Francisco, California. Microsoft did not comment. Jobs said the phone would go on sale in the United States in July.\n",
    );
}
