//! Throughput of read + normalize alone (no extraction, no index), on one core.
//!
//! `cargo run --release --example normalize_bench -- corpus [SECONDS]`
//! Loads every file under the given directory into memory, then reads and normalizes them repeatedly on this one
//! thread for at least SECONDS (default 3), and prints MB/s (1 MB = 10^6 bytes) overall and per format (file
//! extension). Rates are per second of this thread's CPU time, so other processes on a shared machine do not skew
//! them; the wall-clock rate is printed too.

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

/// CPU time consumed by the calling thread.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec we pass.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let mut files = Vec::new();
    collect(&root, &mut files);
    let bytes_per_pass: usize = files.iter().map(|(_, b)| b.len()).sum();
    let contexts: Vec<FileContext> = files.iter().map(|(p, _)| FileContext::new(p)).collect();
    let exts: Vec<String> = files
        .iter()
        .map(|(p, _)| {
            p.extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    // extension -> (bytes, CPU time)
    let mut per_ext: BTreeMap<String, (u64, Duration)> = BTreeMap::new();
    let (mut passes, mut articles, mut skipped) = (0u64, 0u64, 0u64);
    let wall = Instant::now();
    let cpu_start = thread_cpu();
    while wall.elapsed() < Duration::from_secs_f64(seconds) || passes == 0 {
        for (((path, bytes), ctx), ext) in files.iter().zip(&contexts).zip(&exts) {
            let t = thread_cpu();
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
            e.1 += thread_cpu().saturating_sub(t);
        }
        passes += 1;
    }
    let cpu = (thread_cpu() - cpu_start).as_secs_f64().max(1e-9);
    let wall = wall.elapsed().as_secs_f64();
    let mb = (bytes_per_pass as f64 * passes as f64) / 1e6;
    println!(
        "{} files, {} bytes/pass, {} passes, {} articles/pass, {} skipped/pass",
        files.len(),
        bytes_per_pass,
        passes,
        articles / passes,
        skipped / passes
    );
    println!(
        "read+normalize: {:.1} MB/s per CPU second ({:.0} articles/s); wall clock {:.1} MB/s",
        mb / cpu,
        articles as f64 / cpu,
        mb / wall
    );
    for (ext, (bytes, time)) in &per_ext {
        println!(
            "  .{ext:<7} {:>8.1} MB/s",
            *bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
        );
    }
}
