//! Command-line definitions (clap) and dispatch to the commands. Nothing below this module reads clap types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;
use crate::error::Error;
use crate::output::ColorChoice;

#[derive(Debug, Parser)]
#[command(
    name = "newsdex",
    version,
    about = "Index news articles and search them by person, place and organization"
)]
pub struct Cli {
    /// Index directory [default: $NEWSDEX_INDEX, else ./index]
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to use bold and colors on stdout
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read, normalize and index article files and folders
    Ingest(IngestArgs),
    /// Search the index
    Search(SearchArgs),
    /// The most mentioned people, places and organizations, overall or in the articles matching a query
    Entities(EntitiesArgs),
    /// Show how files are read and normalized (metadata, captions, credits, body, entities); the index is untouched
    Inspect(InspectArgs),
    /// Score the entity extractor on a CoNLL file (span-level precision, recall, F1 per type)
    EvalNer(EvalNerArgs),
    /// Train the entity tagger on CoNLL files and write a model file
    TrainNer(TrainNerArgs),
    /// Measure entity extraction speed on article files (MB/s on one core)
    #[command(hide = true)]
    BenchExtract(BenchExtractArgs),
}

#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// CoNLL file: token first, gold tag (IOB1/IOB2; PER, LOC, ORG; MISC ignored) last; `-DOCSTART-` between
    /// documents. `FILE@M:R` scores only the documents whose index is R modulo M
    #[arg(value_name = "FILE")]
    pub file: String,
    /// One JSON object for scripts
    #[arg(long)]
    pub json: bool,
    /// Score this model file (from `train-ner`) instead of the model built into newsdex
    #[arg(long, value_name = "FILE")]
    pub model: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// CoNLL training file, repeatable (a file given twice counts twice); `FILE@M:R` keeps the documents whose
    /// index is R modulo M
    #[arg(long, required = true, value_name = "FILE")]
    pub train: Vec<String>,
    /// Where to write the model
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Passes over the training data
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub epochs: usize,
    /// Training runs in different orders whose weights are averaged (less variance)
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub runs: usize,
}

#[derive(Debug, Args)]
pub struct BenchExtractArgs {
    /// Files or folders of .txt/.md articles (first line is the title)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Minimum time to run
    #[arg(long, default_value_t = 3.0, value_name = "SECONDS")]
    pub seconds: f64,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders to ingest; `-` reads a list of paths from stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Path lists on stdin are NUL-separated (as `find -print0` writes them)
    #[arg(long, short = '0')]
    pub null: bool,
    /// Only files matching this glob (file name or path); repeatable
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files matching this glob; repeatable
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Also ingest hidden files and folders (names starting with `.`)
    #[arg(long)]
    pub hidden: bool,
    /// Remove documents whose files are gone from the given paths
    #[arg(long)]
    pub prune: bool,
    /// Worker threads [default: number of cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Index writer memory budget in MB
    #[arg(long, value_name = "MB", default_value_t = 200)]
    pub memory: usize,
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

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query, e.g. 'person:"Vladimir Putin" place:Alaska' (may start with `-` to exclude)
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: String,
    /// Number of hits to show
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Skip this many hits first (for paging)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Print only the number of matching articles
    #[arg(long)]
    pub count: bool,
    /// Order of hits
    #[arg(long, value_enum, default_value_t = SortArg::Score)]
    pub sort: SortArg,
    /// Only articles dated on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub after: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub before: Option<String>,
    /// Tolerate typos in every word (as if each had `~`)
    #[arg(long)]
    pub fuzzy: bool,
    /// Count the top values of a field over all matching articles: person, place, org, country, source, lang
    #[arg(long, value_name = "FIELD")]
    pub facet: Vec<String>,
    /// Values shown per facet
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub facet_limit: usize,
    /// JSON Lines output for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Score,
    Date,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Only count within the articles matching this query
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Only this kind: person, place, org
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Number of entities to list
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// Tolerate typos in the query's words
    #[arg(long)]
    pub fuzzy: bool,
    /// JSON Lines output for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Article files to show
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// JSON Lines output for scripts
    #[arg(long)]
    pub json: bool,
}

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32, Error> {
    let index_dir = crate::index::resolve_dir(cli.index.as_deref());
    match cli.command {
        Command::Ingest(args) => commands::ingest::run(&index_dir, args),
        Command::Search(args) => commands::search::run(&index_dir, cli.color, args),
        Command::Entities(args) => commands::entities::run(&index_dir, cli.color, args),
        Command::EvalNer(args) => commands::eval_ner::run(args),
        Command::TrainNer(args) => commands::train_ner::run(args),
        Command::BenchExtract(args) => commands::bench_extract::run(args),
        Command::Inspect(args) => commands::inspect::run(cli.color, args),
    }
}
