//! The ingest benchmark: throughput of a full newsdex ingest (read, normalize, extract, index), the same text in a
//! plain tantivy writer with no extraction, peak RSS, index size, and the time of an unchanged re-run.
//!
//! Each measurement runs in its own process (`--mode newsdex|plain|rerun`) so that peak RSS (`VmHWM`) belongs to
//! one measurement only; `--mode all` is a driver that warms the page cache, runs the three modes as child
//! processes of this same binary, and prints them side by side with the throughput ratio.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::schema::{IndexRecordOption, Schema, TEXT, TextFieldIndexing, TextOptions};
use tantivy::{Index, TantivyDocument};

use super::{cpu_times, dir_size, load_average, mb, peak_rss_bytes};
use newsdex::index::analyzers;
use newsdex::ingest::IngestOptions;
use newsdex::read::walk::Filters;

/// Which measurement to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A full newsdex ingest into a fresh index.
    Newsdex,
    /// Diagnostic: the newsdex ingest with entity extraction turned off (no entity fields), into its own index:
    /// what reading, normalizing and indexing cost without extraction.
    #[value(name = "no-extract")]
    #[serde(rename = "no-extract")]
    NewsdexNoExtract,
    /// The same files into a fresh plain tantivy index (title + body TEXT fields, default tokenizer).
    Plain,
    /// Diagnostic: like `plain`, but title and body indexed as newsdex indexes them (its stemming `news_text`
    /// analyzer, stored), still without extraction or entity fields.
    #[value(name = "plain-full")]
    #[serde(rename = "plain-full")]
    PlainFull,
    /// newsdex ingest again over the unchanged corpus and the index `newsdex` built.
    Rerun,
    /// tantivy-cli (`--tantivy-cli FILE`) indexing the same title and body as JSON Lines: the real alternative.
    #[value(name = "tantivy-cli")]
    #[serde(rename = "tantivy-cli")]
    TantivyCli,
    /// All three, each in its own child process, plus the ratio.
    All,
}

/// How to run the benchmark.
#[derive(Debug, Clone)]
pub struct Options {
    pub corpus: PathBuf,
    /// The newsdex index (built by `newsdex`, reused by `rerun`).
    pub index: PathBuf,
    /// The plain tantivy index (`plain-full` uses this path with `-full` appended).
    pub plain_index: PathBuf,
    pub threads: usize,
    pub memory_mb: usize,
    pub commit_every: usize,
    /// newsdex's bound on the segments one merge reads, in MB (`newsdex ingest --max-merge-mb`).
    pub max_merge_mb: u64,
    /// Delete an existing index directory first (only one that holds a tantivy index or is empty).
    pub fresh: bool,
    /// `--mode all`: run the whole sequence this many times and report medians (the machine is shared).
    pub repeat: usize,
    /// The tantivy-cli binary (`tantivy`): with it, `--mode all` measures tantivy-cli on the same text too.
    pub tantivy_cli: Option<PathBuf>,
}

/// One measurement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Measurement {
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Mode,
    /// "plain", "plain-full", "newsdex", "rerun", "rerun #2" (set by `--mode all`).
    #[serde(default)]
    pub label: String,
    /// Which repetition of `--mode all` (1-based; 0 for a single mode).
    #[serde(default)]
    pub repetition: usize,
    pub seconds: f64,
    /// User + system CPU seconds of the process over the measurement (both cores count).
    pub cpu_seconds: Option<f64>,
    /// The system (kernel) part of `cpu_seconds`.
    #[serde(default)]
    pub sys_seconds: Option<f64>,
    pub files: u64,
    /// Articles indexed (plain: documents added; rerun: articles found unchanged).
    pub articles: u64,
    /// Articles re-indexed or added (should be 0 for an unchanged rerun).
    pub indexed: u64,
    pub bytes: u64,
    pub mb_per_s: f64,
    pub articles_per_s: f64,
    pub peak_rss_bytes: Option<u64>,
    pub index_bytes: u64,
    /// Index size divided by the text size.
    pub index_ratio: f64,
    pub threads: usize,
    pub memory_mb: usize,
    pub load_before: Option<f64>,
    pub load_after: Option<f64>,
}

/// Medians of one measurement over the repetitions.
#[derive(Debug, Clone, Serialize)]
pub struct ModeSummary {
    pub label: String,
    pub runs: usize,
    pub median_seconds: f64,
    pub median_cpu_seconds: Option<f64>,
    pub median_mb_per_s: f64,
    pub median_articles_per_s: f64,
    pub max_peak_rss_bytes: Option<u64>,
    pub index_ratio: f64,
}

/// The result of a run: every measurement, and for `--mode all` the medians and ratios.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub modes: Vec<Measurement>,
    pub summary: Vec<ModeSummary>,
    /// newsdex CPU seconds over plain CPU seconds, median over repetitions (load-insensitive cost ratio).
    pub cpu_cost_ratio: Option<f64>,
    /// newsdex MB/s divided by plain tantivy MB/s (target at least 0.5); median over repetitions of the ratio
    /// within each repetition.
    pub throughput_ratio: Option<f64>,
    /// That ratio in each repetition.
    pub throughput_ratios: Vec<f64>,
    /// newsdex MB/s divided by `plain-full` MB/s: the cost of normalizing, extracting and the entity fields alone.
    pub ratio_vs_plain_full: Option<f64>,
    /// `no-extract` MB/s divided by plain tantivy MB/s: the ratio newsdex would reach if extraction were free.
    pub no_extract_ratio: Option<f64>,
    /// Unchanged re-run seconds divided by the first run's seconds (the first re-run, the one right after ingest).
    pub rerun_fraction: Option<f64>,
    /// newsdex MB/s divided by tantivy-cli's MB/s on the same text, median over repetitions (issue 13's ratio).
    pub tantivy_cli_ratio: Option<f64>,
    /// That ratio in each repetition.
    pub tantivy_cli_ratios: Vec<f64>,
    /// newsdex CPU seconds over tantivy-cli's CPU seconds, median over repetitions.
    pub tantivy_cli_cpu_ratio: Option<f64>,
}

/// Make `dir` an empty directory for a new index, deleting an old index there only with `fresh`.
pub(crate) fn prepare_fresh(dir: &Path, fresh: bool) -> Result<()> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            if !fresh {
                bail!("{} is not empty; pass --fresh to delete the index there", dir.display());
            }
            if !dir.join("meta.json").is_file() {
                bail!("{} does not hold a tantivy index; refusing to delete it", dir.display());
            }
            std::fs::remove_dir_all(dir).with_context(|| format!("deleting {}", dir.display()))?;
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

fn finish(
    mode: Mode,
    opts: &Options,
    started: Instant,
    cpu0: Option<(f64, f64)>,
    load_before: Option<f64>,
    counts: (u64, u64, u64, u64),
    index_dir: &Path,
) -> Measurement {
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_times()
        .zip(cpu0)
        .map(|(a, b)| ((a.0 + a.1) - (b.0 + b.1), a.1 - b.1));
    Measurement::new(
        mode,
        opts,
        seconds,
        cpu,
        peak_rss_bytes(),
        load_before,
        counts,
        index_dir,
    )
}

impl Measurement {
    /// A measurement of `mode`: `cpu` is (CPU seconds, of which system), `counts` (files, articles, indexed, bytes).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        mode: Mode,
        opts: &Options,
        seconds: f64,
        cpu: Option<(f64, f64)>,
        peak_rss_bytes: Option<u64>,
        load_before: Option<f64>,
        counts: (u64, u64, u64, u64),
        index_dir: &Path,
    ) -> Measurement {
        let (files, articles, indexed, bytes) = counts;
        let index_bytes = dir_size(index_dir);
        Measurement {
            kind: "ingest-bench".into(),
            mode,
            label: mode_name(mode).into(),
            repetition: 0,
            seconds,
            cpu_seconds: cpu.map(|c| c.0),
            sys_seconds: cpu.map(|c| c.1),
            files,
            articles,
            indexed,
            bytes,
            mb_per_s: mb(bytes) / seconds,
            articles_per_s: articles as f64 / seconds,
            peak_rss_bytes,
            index_bytes,
            index_ratio: if bytes > 0 {
                index_bytes as f64 / bytes as f64
            } else {
                0.0
            },
            threads: opts.threads,
            memory_mb: opts.memory_mb,
            load_before,
            load_after: load_average(),
        }
    }
}

fn newsdex_options(opts: &Options, mode: Mode) -> IngestOptions {
    IngestOptions {
        index_dir: if mode == Mode::NewsdexNoExtract {
            suffixed(&opts.index, "-no-extract")
        } else {
            opts.index.clone()
        },
        extract: mode != Mode::NewsdexNoExtract,
        paths: vec![opts.corpus.clone()],
        filters: Filters::default(),
        threads: opts.threads,
        memory_mb: opts.memory_mb,
        commit_every: opts.commit_every,
        max_merge_mb: opts.max_merge_mb,
        prune: false,
        max_file_size: 64 * 1024 * 1024,
    }
}

/// A full newsdex ingest (or an unchanged re-run) through the library's pipeline.
fn run_newsdex(opts: &Options, mode: Mode) -> Result<Measurement> {
    let options = newsdex_options(opts, mode);
    if mode != Mode::Rerun {
        prepare_fresh(&options.index_dir, opts.fresh)?;
    } else if !newsdex::index::exists(&opts.index) {
        bail!("no index at {}: run --mode newsdex first", opts.index.display());
    }
    let load_before = load_average();
    let cpu0 = cpu_times();
    let started = Instant::now();
    let summary =
        newsdex::ingest::run(&options, &mut |_| {}).map_err(|e| super::Error(format!("ingest failed: {e}")))?;
    if summary.failed > 0 {
        eprintln!(
            "warning: {} files failed; first: {:?}",
            summary.failed,
            summary.errors.first()
        );
    }
    let (articles, indexed) = match mode {
        Mode::Rerun => (summary.unchanged, summary.added + summary.updated),
        _ => (summary.added + summary.updated, summary.added + summary.updated),
    };
    Ok(finish(
        mode,
        opts,
        started,
        cpu0,
        load_before,
        (summary.files, articles, indexed, summary.bytes),
        &options.index_dir,
    ))
}

/// Split a file into title (its first non-empty line) and body (the rest), as a plain indexer would.
pub(crate) fn title_and_body(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.split_once('\n') {
        Some((title, body)) => (title.trim(), body),
        None => (text.trim(), ""),
    }
}

/// `path` with `suffix` appended to its last component: where `no-extract` (`INDEX-no-extract`) and `plain-full`
/// (`PLAIN-full`) build their indexes.
pub(crate) fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The baseline: the same `.txt` files into a plain tantivy index with title and body `TEXT` fields (default
/// tokenizer, not stored), the same writer threads and memory budget as newsdex, no extraction. With `full`, title
/// and body get newsdex's own analyzer and are stored, as in newsdex's schema.
fn run_plain(opts: &Options, full: bool) -> Result<Measurement> {
    let dir = if full {
        suffixed(&opts.plain_index, "-full")
    } else {
        opts.plain_index.clone()
    };
    prepare_fresh(&dir, opts.fresh)?;
    let load_before = load_average();
    let cpu0 = cpu_times();
    let started = Instant::now();
    let mut sb = Schema::builder();
    let options = if full {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyzers::NEWS_TEXT)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        TextOptions::default().set_indexing_options(indexing).set_stored()
    } else {
        TEXT
    };
    let title_f = sb.add_text_field("title", options.clone());
    let body_f = sb.add_text_field("body", options);
    let index = Index::create_in_dir(&dir, sb.build()).with_context(|| format!("creating {}", dir.display()))?;
    analyzers::register(&index);
    // The same writer sizing as newsdex: `ingest::run` asks for min(threads, 4) writer threads, and
    // `index::writer::Writer::open` splits the budget between them.
    let threads = opts.threads.clamp(1, 4);
    let per_thread = (opts.memory_mb.max(15) * 1024 * 1024 / threads).clamp(15_000_000, 4_000_000_000);
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(threads, per_thread * threads)
        .context("opening the plain tantivy writer")?;
    let (mut files, mut bytes, mut since_commit) = (0u64, 0u64, 0usize);
    let walker = walkdir::WalkDir::new(&opts.corpus).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.context("walking the corpus")?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let raw = std::fs::read(entry.path()).with_context(|| format!("reading {}", entry.path().display()))?;
        bytes += raw.len() as u64;
        files += 1;
        let text = String::from_utf8_lossy(&raw);
        let (title, body) = title_and_body(&text);
        let mut doc = TantivyDocument::default();
        doc.add_text(title_f, title);
        doc.add_text(body_f, body);
        writer.add_document(doc).context("adding a document")?;
        since_commit += 1;
        if opts.commit_every > 0 && since_commit >= opts.commit_every {
            writer.commit().context("committing")?;
            since_commit = 0;
        }
    }
    writer.commit().context("committing")?;
    writer.wait_merging_threads().context("waiting for merges")?;
    let mode = if full { Mode::PlainFull } else { Mode::Plain };
    Ok(finish(
        mode,
        opts,
        started,
        cpu0,
        load_before,
        (files, files, files, bytes),
        &dir,
    ))
}

/// Read every file of the corpus once, so that the first measured mode does not pay for a cold page cache.
fn warm_page_cache(corpus: &Path) -> u64 {
    walkdir::WalkDir::new(corpus)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read(e.path()).ok())
        .map(|b| b.len() as u64)
        .sum()
}

/// Run one mode of this binary as a child process and parse its `--json` line.
/// Write every file's changed pages to disk before the next mode runs: an index just built leaves hundreds of MB
/// (GBs at 1,000,000 articles) for the kernel to write out, which would otherwise happen during the next
/// measurement and count against it. The page cache stays warm.
fn flush_writes() {
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

fn run_child(opts: &Options, mode: Mode) -> Result<Measurement> {
    let exe = std::env::current_exe().context("finding newsdex-bench's own path")?;
    let mut cmd = Command::new(exe);
    cmd.arg("ingest")
        .arg("--mode")
        .arg(match mode {
            Mode::Newsdex => "newsdex",
            Mode::NewsdexNoExtract => "no-extract",
            Mode::Plain => "plain",
            Mode::PlainFull => "plain-full",
            Mode::Rerun => "rerun",
            Mode::TantivyCli => "tantivy-cli",
            Mode::All => bail!("run_child(all)"),
        })
        .arg("--corpus")
        .arg(&opts.corpus)
        .arg("--index")
        .arg(&opts.index)
        .arg("--plain-index")
        .arg(&opts.plain_index)
        .arg("--threads")
        .arg(opts.threads.to_string())
        .arg("--memory")
        .arg(opts.memory_mb.to_string())
        .arg("--commit-every")
        .arg(opts.commit_every.to_string())
        .arg("--max-merge-mb")
        .arg(opts.max_merge_mb.to_string())
        .arg("--json");
    if opts.fresh {
        cmd.arg("--fresh");
    }
    if let Some(tantivy) = &opts.tantivy_cli {
        cmd.arg("--tantivy-cli").arg(tantivy);
    }
    let out = cmd.output().context("running a benchmark child process")?;
    if !out.status.success() {
        bail!(
            "ingest --mode {mode:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or("");
    serde_json::from_str(line).with_context(|| format!("reading the result of --mode {mode:?}: {line:?}"))
}

/// Run the benchmark in `mode`.
pub fn run(opts: &Options, mode: Mode) -> Result<Report> {
    let modes = match mode {
        Mode::Newsdex | Mode::NewsdexNoExtract | Mode::Rerun => vec![run_newsdex(opts, mode)?],
        Mode::Plain => vec![run_plain(opts, false)?],
        Mode::PlainFull => vec![run_plain(opts, true)?],
        Mode::TantivyCli => match &opts.tantivy_cli {
            Some(tantivy) => vec![super::tantivy_cli::run(opts, tantivy)?],
            None => bail!("--mode tantivy-cli needs --tantivy-cli FILE (the `tantivy` binary of tantivy-cli)"),
        },
        Mode::All => {
            let warmed = warm_page_cache(&opts.corpus);
            eprintln!("page cache warmed: {:.1} MB read", mb(warmed));
            let mut modes = Vec::new();
            for repetition in 1..=opts.repeat.max(1) {
                // The re-run twice: right after ingest, then again (kernel caches warm, merges settled).
                let mut sequence = vec![
                    (Mode::Plain, "plain"),
                    (Mode::PlainFull, "plain-full"),
                    (Mode::NewsdexNoExtract, "no-extract"),
                    (Mode::Newsdex, "newsdex"),
                    (Mode::Rerun, "rerun"),
                    (Mode::Rerun, "rerun #2"),
                ];
                if opts.tantivy_cli.is_some() {
                    sequence.insert(0, (Mode::TantivyCli, "tantivy-cli"));
                }
                for (m, label) in sequence {
                    flush_writes();
                    let load = load_average().map_or("?".into(), |l| format!("{l:.2}"));
                    eprintln!("[{repetition}] running --mode {} (load {load})", mode_name(m));
                    let mut r = run_child(opts, m)?;
                    r.label = label.into();
                    r.repetition = repetition;
                    eprintln!("{}", row(&r));
                    modes.push(r);
                }
            }
            modes
        }
    };
    Ok(summarize(modes))
}

fn median(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    // The lower median for an even count, like `percentile(50)`.
    super::percentile(&v, 50.0)
}

/// Medians per label and the ratios between labels within each repetition.
fn summarize(modes: Vec<Measurement>) -> Report {
    let mut labels: Vec<String> = Vec::new();
    for m in &modes {
        if !labels.contains(&m.label) {
            labels.push(m.label.clone());
        }
    }
    let summary = labels
        .iter()
        .map(|label| {
            let runs: Vec<&Measurement> = modes.iter().filter(|m| &m.label == label).collect();
            ModeSummary {
                label: label.clone(),
                runs: runs.len(),
                median_seconds: median(runs.iter().map(|m| m.seconds)).unwrap_or(0.0),
                median_cpu_seconds: median(runs.iter().filter_map(|m| m.cpu_seconds)),
                median_mb_per_s: median(runs.iter().map(|m| m.mb_per_s)).unwrap_or(0.0),
                median_articles_per_s: median(runs.iter().map(|m| m.articles_per_s)).unwrap_or(0.0),
                max_peak_rss_bytes: runs.iter().filter_map(|m| m.peak_rss_bytes).max(),
                index_ratio: runs.last().map_or(0.0, |m| m.index_ratio),
            }
        })
        .collect();
    // Pairs of measurements with the given labels in the same repetition.
    let pairs = |a: &str, b: &str| -> Vec<(&Measurement, &Measurement)> {
        let find = |label: &str, rep: usize| modes.iter().find(|m| m.label == label && m.repetition == rep);
        let mut reps: Vec<usize> = modes.iter().map(|m| m.repetition).collect();
        reps.dedup();
        reps.into_iter()
            .filter_map(|rep| find(a, rep).zip(find(b, rep)))
            .collect()
    };
    let throughput_ratios: Vec<f64> = pairs("newsdex", "plain")
        .iter()
        .map(|(n, p)| n.mb_per_s / p.mb_per_s)
        .collect();
    let cpu_cost_ratio = median(
        pairs("newsdex", "plain")
            .iter()
            .filter_map(|(n, p)| n.cpu_seconds.zip(p.cpu_seconds).map(|(n, p)| n / p)),
    );
    let ratio_vs_plain_full = median(
        pairs("newsdex", "plain-full")
            .iter()
            .map(|(n, p)| n.mb_per_s / p.mb_per_s),
    );
    let no_extract_ratio = median(
        pairs("no-extract", "plain")
            .iter()
            .map(|(n, p)| n.mb_per_s / p.mb_per_s),
    );
    let rerun_fraction = median(pairs("rerun", "newsdex").iter().map(|(r, n)| r.seconds / n.seconds));
    let tantivy_cli_ratios: Vec<f64> = pairs("newsdex", "tantivy-cli")
        .iter()
        .map(|(n, t)| n.mb_per_s / t.mb_per_s)
        .collect();
    let tantivy_cli_cpu_ratio = median(
        pairs("newsdex", "tantivy-cli")
            .iter()
            .filter_map(|(n, t)| n.cpu_seconds.zip(t.cpu_seconds).map(|(n, t)| n / t)),
    );
    Report {
        kind: "ingest-bench-report",
        summary,
        cpu_cost_ratio,
        throughput_ratio: median(throughput_ratios.iter().copied()),
        throughput_ratios,
        ratio_vs_plain_full,
        no_extract_ratio,
        rerun_fraction,
        tantivy_cli_ratio: median(tantivy_cli_ratios.iter().copied()),
        tantivy_cli_ratios,
        tantivy_cli_cpu_ratio,
        modes,
    }
}

const HEADER: &str = "mode          seconds  cpu s (sys)    files  articles     MB   MB/s  articles/s  peak RSS MiB  index MB  index/text  load";

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Newsdex => "newsdex",
        Mode::NewsdexNoExtract => "no-extract",
        Mode::Plain => "plain",
        Mode::PlainFull => "plain-full",
        Mode::Rerun => "rerun",
        Mode::TantivyCli => "tantivy-cli",
        Mode::All => "all",
    }
}

fn opt(v: Option<f64>, prec: usize) -> String {
    v.map(|v| format!("{v:.prec$}")).unwrap_or_else(|| "?".into())
}

fn row(m: &Measurement) -> String {
    format!(
        "{:<14} {:>6.2} {:>6} ({:>4}) {:>8} {:>9} {:>6.1} {:>6.2} {:>11.0} {:>13} {:>9.1} {:>11.2}  {}->{}",
        if m.repetition > 0 {
            format!("{} [{}]", m.label, m.repetition)
        } else {
            m.label.clone()
        },
        m.seconds,
        opt(m.cpu_seconds, 1),
        opt(m.sys_seconds, 1),
        m.files,
        m.articles,
        mb(m.bytes),
        m.mb_per_s,
        m.articles_per_s,
        opt(m.peak_rss_bytes.map(|b| b as f64 / (1024.0 * 1024.0)), 0),
        mb(m.index_bytes),
        m.index_ratio,
        opt(m.load_before, 2),
        opt(m.load_after, 2),
    )
}

/// The report as a table for people.
pub fn table(r: &Report) -> String {
    let mut lines = vec![HEADER.to_string()];
    lines.extend(r.modes.iter().map(row));
    if r.modes.len() > r.summary.len() {
        lines.push(String::new());
        lines.push(format!(
            "{:<14} {:>4} {:>9} {:>7} {:>7} {:>11} {:>13} {:>11}",
            "median of", "runs", "seconds", "cpu s", "MB/s", "articles/s", "peak RSS MiB", "index/text"
        ));
        for s in &r.summary {
            lines.push(format!(
                "{:<14} {:>4} {:>9.2} {:>7} {:>7.2} {:>11.0} {:>13} {:>11.2}",
                s.label,
                s.runs,
                s.median_seconds,
                opt(s.median_cpu_seconds, 1),
                s.median_mb_per_s,
                s.median_articles_per_s,
                opt(s.max_peak_rss_bytes.map(|b| b as f64 / (1024.0 * 1024.0)), 0),
                s.index_ratio
            ));
        }
    }
    if let Some(ratio) = r.throughput_ratio {
        let each: Vec<String> = r.throughput_ratios.iter().map(|x| format!("{x:.2}")).collect();
        lines.push(format!(
            "throughput ratio newsdex/plain: {ratio:.2} [{}] (target >= 0.5: {})",
            each.join(", "),
            if ratio >= 0.5 { "met" } else { "NOT met" }
        ));
    }
    if let Some(ratio) = r.tantivy_cli_ratio {
        let each: Vec<String> = r.tantivy_cli_ratios.iter().map(|x| format!("{x:.2}")).collect();
        lines.push(format!(
            "throughput ratio newsdex/tantivy-cli: {ratio:.2} [{}] (issue 13: >= 0.3 at 100,000 articles, >= 0.25 at 1,000,000); CPU seconds {}x tantivy-cli's",
            each.join(", "),
            opt(r.tantivy_cli_cpu_ratio, 2)
        ));
    }
    if let Some(ratio) = r.cpu_cost_ratio {
        lines.push(format!(
            "CPU cost newsdex/plain: {ratio:.2}x the CPU seconds (less sensitive to other load than wall time)"
        ));
    }
    if let Some(ratio) = r.ratio_vs_plain_full {
        lines.push(format!(
            "throughput ratio newsdex/plain-full: {ratio:.2} (plain-full: title+body with newsdex's analyzer, stored)"
        ));
    }
    if let Some(ratio) = r.no_extract_ratio {
        lines.push(format!(
            "throughput ratio no-extract/plain: {ratio:.2} (newsdex with extraction turned off: its ceiling)"
        ));
    }
    if let Some(f) = r.rerun_fraction {
        lines.push(format!("unchanged re-run: {:.1}% of the first run's time", f * 100.0));
    }
    if let Some(rss) = r
        .modes
        .iter()
        .filter(|m| m.mode == Mode::Newsdex)
        .filter_map(|m| m.peak_rss_bytes)
        .max()
    {
        let mib = rss as f64 / (1024.0 * 1024.0);
        lines.push(format!(
            "newsdex peak RSS: {mib:.0} MiB (target < 500 MB: {})",
            if rss < 500_000_000 { "met" } else { "NOT met" }
        ));
    }
    lines.push("(MB = 10^6 bytes of article text; RSS in MiB; cpu s = user+system seconds over both cores)".into());
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_the_first_line() {
        assert_eq!(
            title_and_body("\nTitle here\n\nMay 1, 2010\n\nBody."),
            ("Title here", "\nMay 1, 2010\n\nBody.")
        );
        assert_eq!(title_and_body("Only"), ("Only", ""));
    }

    fn measurement(label: &str, repetition: usize, seconds: f64, cpu: f64) -> Measurement {
        Measurement {
            kind: "ingest-bench".into(),
            mode: match label {
                "plain" => Mode::Plain,
                "newsdex" => Mode::Newsdex,
                _ => Mode::Rerun,
            },
            label: label.into(),
            repetition,
            seconds,
            cpu_seconds: Some(cpu),
            sys_seconds: Some(0.0),
            files: 10,
            articles: 10,
            indexed: 10,
            bytes: 10_000_000,
            mb_per_s: 10.0 / seconds,
            articles_per_s: 10.0 / seconds,
            peak_rss_bytes: Some(repetition as u64),
            index_bytes: 0,
            index_ratio: 0.0,
            threads: 2,
            memory_mb: 200,
            load_before: None,
            load_after: None,
        }
    }

    #[test]
    fn ratios_pair_measurements_of_the_same_repetition() {
        let r = summarize(vec![
            measurement("plain", 1, 1.0, 1.0),
            measurement("newsdex", 1, 2.0, 3.0),
            measurement("rerun", 1, 0.2, 0.1),
            measurement("plain", 2, 2.0, 1.0),
            measurement("newsdex", 2, 2.0, 3.0),
            measurement("rerun", 2, 0.4, 0.1),
            measurement("plain", 3, 1.0, 1.0),
            measurement("newsdex", 3, 4.0, 3.0),
            measurement("rerun", 3, 0.4, 0.1),
        ]);
        assert_eq!(r.throughput_ratios, vec![0.5, 1.0, 0.25]);
        assert_eq!(r.throughput_ratio, Some(0.5));
        assert_eq!(r.cpu_cost_ratio, Some(3.0));
        assert_eq!(r.rerun_fraction, Some(0.1));
        assert_eq!(r.summary.len(), 3);
        assert_eq!(r.summary[1].median_seconds, 2.0);
        assert_eq!(r.summary[1].max_peak_rss_bytes, Some(3));
        assert!(table(&r).contains("median of"));
    }

    #[test]
    fn fresh_refuses_to_delete_non_index_folders() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path().join("x");
        std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(d.join("notes.txt"), "keep").unwrap_or_else(|e| panic!("{e}"));
        assert!(prepare_fresh(&d, false).is_err());
        assert!(prepare_fresh(&d, true).is_err());
        assert!(d.join("notes.txt").exists());
        std::fs::write(d.join("meta.json"), "{}").unwrap_or_else(|e| panic!("{e}"));
        assert!(prepare_fresh(&d, true).is_ok());
        assert!(!d.join("notes.txt").exists());
    }

    #[test]
    fn small_corpus_all_modes_in_process() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("s.conll");
        let conll: String = (0..80)
            .map(|i| format!("President\tO\nJohn\tB-per\nSmith{i}\tI-per\nvisited\tO\nBaghdad\tB-geo\n.\tO\n\n"))
            .collect();
        std::fs::write(&data, conll).unwrap_or_else(|e| panic!("{e}"));
        let corpus = dir.path().join("corpus");
        super::super::generate::generate(&corpus, 30, 1, &data).unwrap_or_else(|e| panic!("{e}"));
        let opts = Options {
            corpus,
            index: dir.path().join("idx"),
            plain_index: dir.path().join("plain"),
            threads: 2,
            memory_mb: 50,
            commit_every: 0,
            max_merge_mb: 0,
            fresh: true,
            repeat: 1,
            tantivy_cli: None,
        };
        let n = run(&opts, Mode::Newsdex).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.modes[0].articles, 30);
        let p = run(&opts, Mode::Plain).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.modes[0].articles, 30);
        let f = run(&opts, Mode::PlainFull).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.modes[0].articles, 30);
        assert!(f.modes[0].index_bytes > p.modes[0].index_bytes);
        assert_eq!(p.modes[0].bytes, n.modes[0].bytes);
        let r = run(&opts, Mode::Rerun).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.modes[0].articles, r.modes[0].indexed), (30, 0));
        assert!(table(&r).contains("rerun"));
    }
}
