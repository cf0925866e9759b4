//! `newsdex-bench extract`: extraction speed in MB/s of article text on one core, plus model load time.
//!
//! Speed is reported against wall-clock time and against the CPU time of the benchmarking thread; the latter is the
//! per-core figure and stays meaningful when other processes share the machine.

use std::path::PathBuf;
use std::time::Instant;

use newsdex::article::Article;
use newsdex::extract::Extractor;

use crate::{Context, Result};

fn collect(path: &PathBuf, out: &mut Vec<Article>) -> Result<()> {
    let what = format!("reading {}", path.display());
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .context(&what)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            collect(&p, out)?;
        }
    } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
        let text = std::fs::read_to_string(path).context(&what)?;
        let (title, body) = text.split_once('\n').unwrap_or(("", &text));
        // The language, as normalization gives it before extraction (its time is normalization's, not measured here).
        let lang = newsdex::language::detect(title, body).map(str::to_string);
        out.push(Article {
            title: title.trim().to_string(),
            body: body.to_string(),
            lang,
            ..Article::default()
        });
    }
    Ok(())
}

/// CPU time used by the calling thread, in seconds.
fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes into the timespec we own; CLOCK_THREAD_CPUTIME_ID is always available on Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// Extract entities from the articles under `paths` over and over for at least `seconds`, and print the speed.
pub fn run(paths: &[PathBuf], seconds: f64) -> Result<()> {
    let start = Instant::now();
    let ex = Extractor::global();
    let load = start.elapsed().as_secs_f64();
    let mut articles = Vec::new();
    for p in paths {
        collect(p, &mut articles)?;
    }
    let bytes: usize = articles.iter().map(|a| a.title.len() + a.body.len()).sum();
    if bytes == 0 {
        bail!("no .txt or .md article text found in the given paths");
    }
    let start = Instant::now();
    let cpu_start = thread_cpu_seconds();
    let (mut rounds, mut mentions) = (0usize, 0usize);
    while rounds == 0 || start.elapsed().as_secs_f64() < seconds {
        for a in &articles {
            mentions += ex.extract(a).len();
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = (thread_cpu_seconds() - cpu_start).max(1e-9);
    let mb_s = (bytes * rounds) as f64 / secs / 1e6;
    let mb_cpu = (bytes * rounds) as f64 / cpu / 1e6;
    println!(
        "{} articles, {} bytes, {} rounds in {:.2} s: {:.2} MB/s wall, {:.2} MB/s per CPU-second of one core ({} mentions per round); model and gazetteers loaded in {:.0} ms, weight table {} MB",
        articles.len(),
        bytes,
        rounds,
        secs,
        mb_s,
        mb_cpu,
        mentions / rounds,
        load * 1000.0,
        ex.model().memory_bytes() / 1_000_000
    );
    Ok(())
}
