//! `newsdex-bench`: generate a benchmark corpus, and measure ingest and search on it; score normalization on the
//! fixture pages of `tests/pages` (`pages`). A thin command line over `newsdex_bench`; `scripts/bench.sh` runs the
//! speed benchmarks at 100,000 articles. Not run by CI.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use newsdex_bench::{Error, Result, extract, generate, ingest, load, pages, search};

#[derive(Debug, Parser)]
#[command(
    name = "newsdex-bench",
    about = "Benchmarks of newsdex ingest and search on a generated corpus"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Write N Wikinews-like article files built deterministically from real (VOA) sentences
    Generate {
        /// Output folder (created when missing; 1000 articles per subfolder)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Number of articles
        #[arg(long, value_name = "N")]
        articles: u64,
        /// Seed: the same seed gives the same bytes
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// CoNLL file to take sentences from
        #[arg(long, value_name = "FILE", default_value = generate::DEFAULT_SENTENCES)]
        sentences: PathBuf,
        /// Print the result as one JSON line
        #[arg(long)]
        json: bool,
    },
    /// Measure ingest: newsdex with extraction, plain tantivy, an unchanged re-run (each in its own process)
    Ingest {
        /// The corpus folder
        #[arg(long, value_name = "DIR")]
        corpus: PathBuf,
        /// The newsdex index to build [default: CORPUS.index]
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// The plain tantivy index to build [default: CORPUS.plain-index]
        #[arg(long, value_name = "DIR")]
        plain_index: Option<PathBuf>,
        /// What to measure
        #[arg(long, value_enum, default_value_t = ingest::Mode::All)]
        mode: ingest::Mode,
        /// Worker threads [default: number of cores]
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Index writer memory budget in MB (newsdex ingest's default)
        #[arg(long, value_name = "MB", default_value_t = 200)]
        memory: usize,
        /// Commit every N documents (newsdex ingest's default)
        #[arg(long, value_name = "N", default_value_t = 10_000)]
        commit_every: usize,
        /// Largest merge in MB of segments read at once (newsdex ingest's default; 0: no bound)
        #[arg(long, value_name = "MB", default_value_t = newsdex::index::merges::DEFAULT_MAX_MERGE_MB)]
        max_merge_mb: u64,
        /// Delete the indexes first if they exist (only folders holding a tantivy index)
        #[arg(long)]
        fresh: bool,
        /// With --mode all: run the whole sequence N times and report medians
        #[arg(long, value_name = "N", default_value_t = 1)]
        repeat: usize,
        /// Print the result as one JSON line
        #[arg(long)]
        json: bool,
        /// Also write the JSON result to this file
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
        /// The `tantivy` binary of tantivy-cli 0.24: `--mode all` then measures it on the same text too
        #[arg(long, value_name = "FILE")]
        tantivy_cli: Option<PathBuf>,
    },
    /// Measure search latency in process and as whole `newsdex search` processes
    Search {
        /// The newsdex index to query
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// Timed in-process repetitions of every query
        #[arg(long, value_name = "N", default_value_t = 200)]
        runs: usize,
        /// Whole-process runs per query class (0: skip)
        #[arg(long, value_name = "N", default_value_t = 50)]
        process_runs: usize,
        /// Queries per class
        #[arg(long, value_name = "N", default_value_t = 5)]
        queries: usize,
        /// Also time this query (repeatable), reported as the class "custom"
        #[arg(long, value_name = "QUERY")]
        query: Vec<String>,
        /// The newsdex binary [default: `newsdex` next to this binary]
        #[arg(long, value_name = "FILE")]
        newsdex: Option<PathBuf>,
        /// Print the result as one JSON line
        #[arg(long)]
        json: bool,
        /// Also write the JSON result to this file
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
    },
    /// Score normalization on the fixture pages (tests/pages): main text, title, outlet and date, via `newsdex inspect`
    Pages {
        /// The fixture folder, holding expected.jsonl
        #[arg(value_name = "DIR", default_value = pages::DEFAULT_DIR)]
        dir: PathBuf,
        /// The newsdex binary [default: `newsdex` next to this binary]
        #[arg(long, value_name = "FILE")]
        newsdex: Option<PathBuf>,
        /// Also list what failed, fixture by fixture (with --json: per-fixture results in the line)
        #[arg(long, short)]
        verbose: bool,
        /// Print the result as one JSON line
        #[arg(long)]
        json: bool,
    },
    /// `newsdex serve` under load: concurrent clients on loopback for a bounded time; latency, errors, server RSS
    Load {
        #[command(flatten)]
        options: load::Options,
        /// Print the result as one JSON line
        #[arg(long)]
        json: bool,
    },
    /// Extraction speed alone: MB/s of article text per CPU second of one core, and the model's load time
    Extract {
        /// Files or folders of .txt/.md articles (first line is the title)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Minimum time to run
        #[arg(long, default_value_t = 3.0, value_name = "SECONDS")]
        seconds: f64,
    },
}

fn with_suffix(dir: &std::path::Path, suffix: &str) -> PathBuf {
    let mut s = dir.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

fn json_line<T: serde::Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

fn save_json<T: serde::Serialize>(path: Option<&std::path::Path>, value: &T) -> Result<()> {
    if let Some(path) = path {
        std::fs::write(path, json_line(value)? + "\n")
            .map_err(|e| Error(format!("writing {}: {e}", path.display())))?;
    }
    Ok(())
}

/// The newsdex binary given, or `newsdex` next to this binary.
fn newsdex_next_to_me(given: Option<PathBuf>) -> Result<PathBuf> {
    match given {
        Some(p) => Ok(p),
        None => Ok(std::env::current_exe()?.with_file_name("newsdex")),
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Cmd::Extract { paths, seconds } => extract::run(&paths, seconds)?,
        Cmd::Load { mut options, json } => {
            options.newsdex = Some(newsdex_next_to_me(options.newsdex)?);
            let report = load::run(&options)?;
            if json {
                println!("{}", json_line(&report)?);
            } else {
                println!("{}", load::table(&report));
            }
        }
        Cmd::Generate {
            out,
            articles,
            seed,
            sentences,
            json,
        } => {
            let g = generate::generate(&out, articles, seed, &sentences)?;
            if json {
                println!("{}", json_line(&g)?);
            } else {
                println!("{}", generate::describe(&g));
            }
        }
        Cmd::Ingest {
            corpus,
            index,
            plain_index,
            mode,
            threads,
            memory,
            commit_every,
            max_merge_mb,
            fresh,
            repeat,
            json,
            save,
            tantivy_cli,
        } => {
            let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
            if threads == 0 {
                return Err(Error("--threads must be at least 1".into()));
            }
            let corpus_base = corpus.components().as_path().to_path_buf();
            let opts = ingest::Options {
                index: index.unwrap_or_else(|| with_suffix(&corpus_base, ".index")),
                plain_index: plain_index.unwrap_or_else(|| with_suffix(&corpus_base, ".plain-index")),
                corpus,
                threads,
                memory_mb: memory,
                commit_every,
                max_merge_mb,
                fresh,
                repeat,
                tantivy_cli,
            };
            let report = ingest::run(&opts, mode)?;
            save_json(save.as_deref(), &report)?;
            if json {
                // A single mode prints its measurement (what `--mode all` reads back); `all` prints the report.
                match (mode, report.modes.first()) {
                    (ingest::Mode::All, _) | (_, None) => println!("{}", json_line(&report)?),
                    (_, Some(m)) => println!("{}", json_line(m)?),
                }
            } else {
                println!("{}", ingest::table(&report));
            }
        }
        Cmd::Pages {
            dir,
            newsdex,
            verbose,
            json,
        } => {
            let mut report = pages::run(&pages::Options {
                dir,
                newsdex_bin: newsdex_next_to_me(newsdex)?,
            })?;
            if json {
                if !verbose {
                    report.files.clear();
                }
                println!("{}", json_line(&report)?);
            } else {
                if verbose {
                    let failures = pages::failures(&report);
                    if !failures.is_empty() {
                        println!("{failures}\n");
                    }
                }
                println!("{}", pages::table(&report));
            }
        }
        Cmd::Search {
            index,
            runs,
            process_runs,
            queries,
            query,
            newsdex,
            json,
            save,
        } => {
            let newsdex_bin = newsdex_next_to_me(newsdex)?;
            let report = search::run(&search::Options {
                index,
                runs: runs.max(1),
                process_runs,
                newsdex_bin,
                queries,
                extra: query,
            })?;
            save_json(save.as_deref(), &report)?;
            if json {
                println!("{}", json_line(&report)?);
            } else {
                println!("{}", search::table(&report));
            }
        }
    }
    Ok(())
}

fn main() {
    if let Err(e) = run(Cli::parse()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
