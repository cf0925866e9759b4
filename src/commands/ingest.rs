//! `newsdex ingest`: index files and folders, reporting every file (progress bar on a terminal, JSON Lines for
//! scripts) and a final summary.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use clap::Args;

use crate::error::{Error, exit};
use crate::index::merges::DEFAULT_MAX_MERGE_MB;
use crate::ingest::{self, FileReport, FileStatus, IngestOptions, Summary};
use crate::output::json::{self, Message};
use crate::read::walk::{self, Filters, Found};

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: super::PathArgs,
    /// Remove documents whose files are gone from the given paths
    #[arg(long)]
    pub prune: bool,
    /// Worker threads [default: number of cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Index writer memory budget in MB
    #[arg(long, value_name = "MB", default_value_t = 200)]
    pub memory: usize,
    /// Largest merge of index segments, in MB read at once: bounds ingest's memory on big archives, at the price
    /// of more segments (0: no bound)
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_MERGE_MB)]
    pub max_merge_mb: u64,
    /// Commit after every N documents (0: only at the end)
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub commit_every: usize,
    /// Skip files larger than this many MB
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_file_size: u64,
    /// JSON Lines output for scripts
    #[arg(long)]
    pub json: bool,
    /// Report every file (a line per file)
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(index_dir: &Path, args: IngestArgs) -> Result<i32, Error> {
    let (paths, filters) = args.input.resolve()?;
    let threads = worker_threads(args.threads)?;
    let options = IngestOptions {
        extract: true,
        index_dir: index_dir.to_path_buf(),
        paths,
        filters,
        threads,
        memory_mb: args.memory,
        commit_every: args.commit_every,
        max_merge_mb: args.max_merge_mb,
        prune: args.prune,
        max_file_size: args.max_file_size.saturating_mul(1024 * 1024),
    };

    let mut progress = Progress::new(&options.paths, &options.filters, args.json);
    let mut on_file = |report: &FileReport| progress.file(report, args.json, args.verbose);
    let summary = ingest::run(&options, &mut on_file)?;
    progress.finish();
    let code = if summary.failed > 0 { exit::PARTIAL } else { exit::OK };
    // The articles are indexed and committed whatever happens to the summary: a reader that went away
    // (`| head -1`) changes nothing, the exit code still says whether files failed.
    match print_summary(&summary, args.json, index_dir) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(code),
    }
}

/// `--threads`, checked; the number of cores when not given.
pub(crate) fn worker_threads(flag: Option<usize>) -> Result<usize, Error> {
    let threads = flag.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    if threads == 0 || threads > 256 {
        return Err(Error::Usage("--threads must be from 1 to 256".into()));
    }
    Ok(threads)
}

/// The progress bar (on a terminal) and the per-file lines of `--verbose`, for ingest and export.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    bytes: u64,
}

impl Progress {
    /// A bar when stderr is a terminal and the output is not JSON; its length is counted in the background.
    pub(crate) fn new(paths: &[PathBuf], filters: &Filters, as_json: bool) -> Progress {
        let bar = if !as_json && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files, {msg} [{elapsed_precise}] {per_sec}, ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            // Count the files in the background so the bar has a length and an ETA; the count only walks names.
            let counter = bar.clone();
            let paths = paths.to_vec();
            let filters = filters.clone();
            std::thread::spawn(move || {
                for root in &paths {
                    walk::walk(root, &filters, &mut |found| {
                        if matches!(found, Found::File(_)) {
                            counter.inc_length(1);
                        }
                        !counter.is_finished()
                    });
                }
            });
            Some(bar)
        } else {
            None
        };
        Progress { bar, bytes: 0 }
    }

    /// One file done: advance the bar; with `verbose`, a line (JSON, or text on stderr).
    pub(crate) fn file(&mut self, report: &FileReport, as_json: bool, verbose: bool) {
        self.bytes += report.bytes;
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(format!("{:.1} MB", self.bytes as f64 / 1e6));
        }
        if as_json && verbose {
            let _ = writeln!(std::io::stdout().lock(), "{}", json::line(&Message::File(report)));
        } else if verbose {
            let what = match report.status {
                FileStatus::Added => "added",
                FileStatus::Updated => "updated",
                FileStatus::Unchanged => "unchanged",
                FileStatus::Skipped => "skipped",
                FileStatus::Failed => "failed",
            };
            let line = match &report.reason {
                Some(reason) => format!("{what:>9}  {}  ({reason})", report.path),
                None => format!("{what:>9}  {}", report.path),
            };
            match &self.bar {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
    }

    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_summary(s: &Summary, as_json: bool, index_dir: &Path) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if as_json {
        return writeln!(out, "{}", json::line(&Message::Summary(s)));
    }
    for e in &s.errors {
        eprintln!("error: {e}");
    }
    writeln!(
        out,
        "indexed {} article{} into {} ({} added, {} updated, {} unchanged, {} removed; {} files skipped, {} failed) in {:.2}s",
        s.documents,
        if s.documents == 1 { "" } else { "s" },
        index_dir.display(),
        s.added,
        s.updated,
        s.unchanged,
        s.removed,
        s.skipped,
        s.failed,
        s.seconds
    )?;
    if !s.skipped_reasons.is_empty() {
        let reasons: Vec<String> = s.skipped_reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        writeln!(out, "skipped: {}", reasons.join(", "))?;
    }
    Ok(())
}
