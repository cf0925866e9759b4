//! `newsdex export`: the index mapping for Elasticsearch, OpenSearch or Quickwit (`--mapping`), or the articles of
//! files and folders as Bulk API requests (read, normalized and extracted by ingest's pipeline), written to stdout
//! or `--out FILE`, one file per request into `--out DIR`, or sent to `--url`; incremental with `--state FILE`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::ingest::{Progress, worker_threads};
use crate::error::{Error, exit};
use crate::export::bulk::{BulkSink, CHECKPOINT_EVERY, Deliver, ExportDocs, Output, Sent, WriteDir, WriteOut};
use crate::export::send::{BulkSender, Client, Endpoint};
use crate::export::state::State;
use crate::export::{ExportSummary, Target, mapping};
use crate::ingest::{FileReport, Pipeline, Summary, run_pipeline};
use crate::output::json::{self, Message};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The engine: elasticsearch, opensearch or quickwit
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub target: Target,
    /// Print the index mapping (Elasticsearch, OpenSearch: JSON settings and mappings) or index config (Quickwit:
    /// YAML) and exit
    #[arg(long, conflicts_with_all = ["paths", "url", "out", "state"])]
    pub mapping: bool,
    /// The index id written into Quickwit's index config
    #[arg(long, value_name = "NAME", default_value = crate::export::send::DEFAULT_INDEX)]
    pub index_id: String,
    /// Files or folders (read recursively); `-` reads a list of paths from stdin
    #[arg(value_name = "PATH", required_unless_present = "mapping")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub filters: super::FilterArgs,
    /// Write the Bulk API NDJSON to this file instead of stdout; to an existing folder: one file per request
    /// (bulk-000001.ndjson, ...), each at most --chunk-mb
    #[arg(long, value_name = "FILE|DIR", conflicts_with = "url")]
    pub out: Option<PathBuf>,
    /// Send the requests to this engine: URL[/INDEX] (default index `newsdex`), e.g. http://localhost:9200/news
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Size of one Bulk API request, in MB
    #[arg(long, value_name = "MB", default_value_t = 10.0)]
    pub chunk_mb: f64,
    /// Keep what was exported in this file: a re-run exports only changed files, and deletes what is gone
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Delete the documents of files that are gone from the given paths (needs --state)
    #[arg(long)]
    pub prune: bool,
    /// Worker threads [default: number of cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Skip files larger than this many MB
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_file_size: u64,
    /// JSON Lines output for scripts (the summary; with --verbose, a line per file)
    #[arg(long)]
    pub json: bool,
    /// Report every file (a line per file)
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: ExportArgs) -> Result<i32, Error> {
    if args.mapping {
        let text = mapping::render(args.target, &args.index_id).map_err(Error::Other)?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", text.trim_end()).map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    if !(args.chunk_mb > 0.0 && args.chunk_mb <= 1024.0) {
        return Err(Error::Usage("--chunk-mb must be more than 0 and at most 1024".into()));
    }
    if args.prune && args.state.is_none() {
        return Err(Error::Usage(
            "--prune needs --state FILE (what was exported before is known only from it)".into(),
        ));
    }
    let input = super::PathArgs {
        paths: args.paths.clone(),
        filters: args.filters.clone(),
    };
    let (paths, filters) = input.resolve()?;
    let threads = worker_threads(args.threads)?;
    let started = Instant::now();

    let mut state = match &args.state {
        Some(path) => State::load(path, args.target)?,
        None => State::default(),
    };
    let known = state.known();
    let docs = ExportDocs::new()?;
    let deliver: Box<dyn Deliver + Send> = match (&args.url, &args.out) {
        (Some(url), _) => Box::new(BulkSender {
            client: Client::new(Endpoint::parse(url, args.target)?),
        }),
        (None, Some(dir)) if dir.is_dir() => Box::new(WriteDir::new(dir)?),
        (None, Some(file)) => {
            let f = std::fs::File::create(file).map_err(|e| Error::File {
                path: file.clone(),
                message: format!("cannot create: {e}"),
            })?;
            Box::new(WriteOut(std::io::BufWriter::new(f)))
        }
        (None, None) => Box::new(WriteOut(std::io::stdout())),
    };
    let destination = match (&args.url, &args.out) {
        (Some(url), _) => {
            let e = Endpoint::parse(url, args.target)?;
            format!("{} (index {})", e.root, e.index)
        }
        (None, Some(file)) => file.display().to_string(),
        (None, None) => "stdout".to_string(),
    };
    let pipeline = Pipeline {
        paths: &paths,
        filters: &filters,
        threads,
        prune: args.prune,
        max_file_size: args.max_file_size.saturating_mul(1024 * 1024),
        extract: true,
    };
    let chunk_bytes = (args.chunk_mb * 1024.0 * 1024.0) as usize;
    let mut progress = Progress::new(&paths, &filters, args.json);
    let mut on_file = |report: &FileReport| progress.file(report, args.json, args.verbose);
    // Requests go out on a thread of their own while the pipeline fills the next one.
    let (result, failures, sent) = std::thread::scope(|scope| {
        let mut sink = BulkSink::new(args.target, chunk_bytes, &mut state, Output::on_thread(scope, deliver));
        if let Some(path) = &args.state {
            sink.checkpoint_to(path, CHECKPOINT_EVERY);
        }
        let result = run_pipeline(&pipeline, &known, &docs, &mut sink, &mut on_file).and_then(|s| {
            sink.finish()?;
            Ok(s)
        });
        (result, std::mem::take(&mut sink.failures), sink.sent)
    });
    progress.finish();
    // What the engine acknowledged is kept even when the run stopped on an error: the next run sends the rest.
    if let Some(path) = &args.state {
        state.save(path)?;
    }
    let mut summary = result?;
    summary.failed += failures.len() as u64;
    summary.errors.extend(failures);
    summary.documents = if args.state.is_some() {
        state.documents()
    } else {
        sent.indexed
    };
    summary.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    let code = if summary.failed > 0 { exit::PARTIAL } else { exit::OK };
    match print_summary(&summary, &args, destination, sent) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(code),
    }
}

/// The summary, as ingest prints it (a JSON line with `--json`, else a line of text) on stdout; on stderr when stdout
/// is the NDJSON itself, so that it stays a Bulk API body.
fn print_summary(s: &Summary, args: &ExportArgs, destination: String, sent: Sent) -> std::io::Result<()> {
    let mut out: Box<dyn Write> = if args.url.is_none() && args.out.is_none() {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::stdout().lock())
    };
    if args.json {
        let line = json::line(&Message::Exported(&ExportSummary {
            files: s,
            target: args.target.name(),
            destination,
            requests: sent.requests,
            request_bytes: sent.bytes,
            indexed: sent.indexed,
            deleted: sent.deleted,
        }));
        return writeln!(out, "{line}");
    }
    for e in &s.errors {
        eprintln!("error: {e}");
    }
    writeln!(
        out,
        "exported {} article{} to {} ({}; {} added, {} updated, {} unchanged, {} removed; {} files skipped, {} failed; \
         {} request{}, {:.1} MB) in {:.2}s",
        s.added + s.updated,
        if s.added + s.updated == 1 { "" } else { "s" },
        destination,
        args.target.name(),
        s.added,
        s.updated,
        s.unchanged,
        s.removed,
        s.skipped,
        s.failed,
        sent.requests,
        if sent.requests == 1 { "" } else { "s" },
        sent.bytes as f64 / 1e6,
        s.seconds
    )?;
    if !s.skipped_reasons.is_empty() {
        let reasons: Vec<String> = s.skipped_reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        writeln!(out, "skipped: {}", reasons.join(", "))?;
    }
    Ok(())
}
