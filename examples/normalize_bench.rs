//! Throughput of read + normalize alone (no extraction, no index), on one core.
//!
//! `cargo run --release --example normalize_bench -- corpus [SECONDS]`
//! Loads every file under the given directory into memory, then reads and normalizes them
//! repeatedly for at least SECONDS (default 3) and prints MB/s (1 MB = 10^6 bytes), overall and per format
//! (file extension).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsdex::normalize::{FileContext, normalize};
use newsdex::read::{ReadOutcome, read_file};

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let mut files = Vec::new();
    collect(&root, &mut files);
    let bytes_per_pass: usize = files.iter().map(|(_, b)| b.len()).sum();
    let contexts: Vec<FileContext> = files.iter().map(|(p, _)| FileContext::new(p, None)).collect();
    let (mut passes, mut articles, mut skipped) = (0u64, 0u64, 0u64);
    // extension -> (bytes, time)
    let mut per_ext: BTreeMap<String, (u64, Duration)> = BTreeMap::new();
    let exts: Vec<String> = files
        .iter()
        .map(|(p, _)| {
            p.extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs_f64(seconds) || passes == 0 {
        for (((path, bytes), ctx), ext) in files.iter().zip(&contexts).zip(&exts) {
            let t = Instant::now();
            match read_file(path, bytes) {
                ReadOutcome::Records(records) => {
                    for raw in records.into_iter().flatten() {
                        let article = normalize(raw, ctx);
                        std::hint::black_box(&article);
                        articles += 1;
                    }
                }
                ReadOutcome::Skipped { .. } => skipped += 1,
            }
            let e = per_ext.entry(ext.clone()).or_default();
            e.0 += bytes.len() as u64;
            e.1 += t.elapsed();
        }
        passes += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes_per_pass as f64 * passes as f64) / 1e6;
    println!(
        "{} files, {} bytes/pass, {} passes, {} articles/pass, {} skipped/pass: {:.1} MB/s ({:.0} articles/s)",
        files.len(),
        bytes_per_pass,
        passes,
        articles / passes,
        skipped / passes,
        mb / secs,
        articles as f64 / secs
    );
    for (ext, (bytes, time)) in &per_ext {
        println!(
            "  .{ext:<7} {:>8.1} MB/s",
            *bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
        );
    }
}
