//! `newsdex ingest`: index files and folders, reporting every file (progress bar on a terminal, JSON Lines for
//! scripts) and a final summary.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::IngestArgs;
use crate::error::{Error, exit};
use crate::ingest::{self, FileReport, FileStatus, IngestOptions, Summary};
use crate::output::json;
use crate::read::walk::{self, Filters, Found, read_path_list};

pub fn run(index_dir: &Path, args: IngestArgs) -> Result<i32, Error> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stdin_used = false;
    for p in &args.paths {
        if p.as_os_str() == "-" {
            if stdin_used {
                return Err(Error::Usage("`-` (read paths from stdin) may be given once".into()));
            }
            stdin_used = true;
            let list = read_path_list(std::io::stdin().lock(), args.null)
                .map_err(|e| Error::Usage(format!("reading paths from stdin: {e}")))?;
            paths.extend(list);
        } else {
            if std::fs::symlink_metadata(p).is_err() {
                return Err(Error::Usage(format!("{}: no such file or directory", p.display())));
            }
            paths.push(p.clone());
        }
    }
    if args.null && !stdin_used {
        return Err(Error::Usage(
            "--null only applies to a path list read from stdin (`-`)".into(),
        ));
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    if threads == 0 || threads > 256 {
        return Err(Error::Usage("--threads must be from 1 to 256".into()));
    }
    let options = IngestOptions {
        extract: true,
        index_dir: index_dir.to_path_buf(),
        paths,
        filters: Filters::new(&args.include, &args.exclude, args.hidden)?,
        threads,
        memory_mb: args.memory,
        commit_every: args.commit_every,
        prune: args.prune,
        max_file_size: args.max_file_size.saturating_mul(1024 * 1024),
    };

    let bar = if !args.json && std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files, {msg} [{elapsed_precise}] {per_sec}, ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        // Count the files in the background so the bar has a length and an ETA; the count only walks names.
        let counter = bar.clone();
        let paths = options.paths.clone();
        let filters = options.filters.clone();
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
    let stdout = std::io::stdout();
    let mut bytes = 0u64;
    let mut on_file = |report: &FileReport| {
        bytes += report.bytes;
        if let Some(bar) = &bar {
            bar.inc(1);
            bar.set_message(format!("{:.1} MB", bytes as f64 / 1e6));
        }
        if args.json && args.verbose {
            let _ = writeln!(stdout.lock(), "{}", json::line(report));
        } else if args.verbose {
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
            match &bar {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
    };
    let summary = ingest::run(&options, &mut on_file)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let code = if summary.failed > 0 { exit::PARTIAL } else { exit::OK };
    // The articles are indexed and committed whatever happens to the summary: a reader that went away
    // (`| head -1`) changes nothing, the exit code still says whether files failed.
    match print_summary(&summary, args.json, index_dir) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(code),
    }
}

fn print_summary(s: &Summary, as_json: bool, index_dir: &Path) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if as_json {
        return writeln!(out, "{}", json::line(s));
    }
    for e in &s.errors {
        eprintln!("error: {}: {}", e.path, e.error);
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
