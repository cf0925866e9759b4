//! The real alternative, side by side: tantivy-cli (the `tantivy` command of the `tantivy-cli` crate, 0.24) indexing
//! the same articles as JSON Lines of title and body with its default tokenizer, timed as a child process (wall
//! time, its CPU seconds and peak RSS from `getrusage`). The JSON Lines file is written once, untimed, beside the
//! corpus; the index is created from a `meta.json` holding the two-field schema, as `tantivy new` would write it.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::ingest::{Measurement, Mode, Options};
use super::{Context, Result, load_average};

/// The JSON Lines file of the corpus: `CORPUS.tantivy-cli.jsonl`.
pub fn jsonl_path(corpus: &Path) -> PathBuf {
    let mut s = corpus.components().as_path().as_os_str().to_os_string();
    s.push(".tantivy-cli.jsonl");
    PathBuf::from(s)
}

/// The schema tantivy-cli indexes: title and body, text with positions, default tokenizer, not stored (the plainest
/// full-text index, and the fastest to build).
const META_JSON: &str = r#"{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[{"name":"title","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"default"},"stored":false,"fast":false}},{"name":"body","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"default"},"stored":false,"fast":false}}],"opstamp":0}"#;

/// Write the corpus's `.txt` articles as JSON Lines of `{"title":…,"body":…}` (title: the first line), in the order
/// newsdex reads them; returns (articles, bytes of the files).
pub fn write_jsonl(corpus: &Path, out: &Path) -> Result<(u64, u64)> {
    let file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut w = BufWriter::new(file);
    let (mut articles, mut bytes) = (0u64, 0u64);
    for entry in walkdir::WalkDir::new(corpus).sort_by_file_name() {
        let entry = entry.context("walking the corpus")?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let raw = std::fs::read(entry.path()).with_context(|| format!("reading {}", entry.path().display()))?;
        bytes += raw.len() as u64;
        articles += 1;
        let text = String::from_utf8_lossy(&raw);
        let (title, body) = super::ingest::title_and_body(&text);
        let line = serde_json::json!({ "title": title, "body": body });
        writeln!(w, "{line}").with_context(|| format!("writing {}", out.display()))?;
    }
    w.flush().with_context(|| format!("writing {}", out.display()))?;
    Ok((articles, bytes))
}

/// Child-process resource use so far: (user + system CPU seconds, system seconds, peak RSS in bytes of the largest
/// child).
fn children_usage() -> Option<(f64, f64, u64)> {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return None;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let (user, sys) = (secs(usage.ru_utime), secs(usage.ru_stime));
    Some((user + sys, sys, u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024))
}

/// Index the corpus with tantivy-cli into a fresh `PLAIN_INDEX-tantivy-cli` and measure it.
pub fn run(opts: &Options, tantivy: &Path) -> Result<Measurement> {
    let jsonl = jsonl_path(&opts.corpus);
    let (articles, bytes) = write_jsonl(&opts.corpus, &jsonl)?;
    let dir = super::ingest::suffixed(&opts.plain_index, "-tantivy-cli");
    super::ingest::prepare_fresh(&dir, opts.fresh)?;
    std::fs::write(dir.join("meta.json"), META_JSON).with_context(|| format!("writing {}/meta.json", dir.display()))?;
    let input = std::fs::File::open(&jsonl).with_context(|| format!("opening {}", jsonl.display()))?;
    let load_before = load_average();
    let usage0 = children_usage();
    let started = Instant::now();
    let out = Command::new(tantivy)
        .arg("index")
        .arg("--index")
        .arg(&dir)
        .arg("--num_threads")
        .arg(opts.threads.to_string())
        .arg("--memory_size")
        .arg((opts.memory_mb * 1_000_000).to_string())
        .stdin(Stdio::from(input))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("running {}", tantivy.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if !out.status.success() {
        bail!(
            "{} index failed ({}): {}",
            tantivy.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let usage = children_usage().zip(usage0).map(|(a, b)| (a.0 - b.0, a.1 - b.1, a.2));
    Ok(Measurement::new(
        Mode::TantivyCli,
        opts,
        seconds,
        usage.map(|u| (u.0, u.1)),
        usage.map(|u| u.2),
        load_before,
        (articles, articles, articles, bytes),
        &dir,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_holds_title_and_body_of_each_article() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("c");
        std::fs::create_dir_all(corpus.join("00000")).expect("mkdir");
        let (a, b) = ("Title A\n\nBody \"quoted\" A.\n", "Title B\nBody B.\n");
        std::fs::write(corpus.join("00000/a.txt"), a).expect("write");
        std::fs::write(corpus.join("00000/b.txt"), b).expect("write");
        std::fs::write(corpus.join("00000/skip.md"), "# Not counted\n").expect("write");
        let out = jsonl_path(&corpus);
        let (articles, bytes) = write_jsonl(&corpus, &out).expect("jsonl");
        assert_eq!(articles, 2);
        assert_eq!(bytes, (a.len() + b.len()) as u64);
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
            .expect("read")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(lines[0]["title"], "Title A");
        assert_eq!(lines[0]["body"], "\nBody \"quoted\" A.\n");
        assert_eq!(lines[1]["title"], "Title B");
        let meta: serde_json::Value = serde_json::from_str(META_JSON).expect("meta.json is JSON");
        assert_eq!(meta["schema"][1]["name"], "body");
    }
}
