//! The command line, assembled: the global options and the list of subcommands, each of whose arguments its own
//! module in [`crate::commands`] defines; dispatch to them. Only this module and the command modules know clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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

    /// When to use bold and colors on stdout (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read, normalize and index article files and folders
    Ingest(commands::ingest::IngestArgs),
    /// Search the index
    Search(commands::search::SearchArgs),
    /// The most mentioned people, places and organizations, overall or in the articles matching a query
    Entities(commands::entities::EntitiesArgs),
    /// Show how files are read and normalized (metadata, captions, credits, body, entities); the index is untouched
    Inspect(commands::inspect::InspectArgs),
    /// Export to Elasticsearch, OpenSearch or Quickwit: the index mapping, or the articles as Bulk API requests
    Export(commands::export::ExportArgs),
    /// Score the entity extractor on a CoNLL file (span-level precision, recall, F1 per type)
    EvalNer(commands::eval_ner::EvalNerArgs),
    /// Train the entity tagger on CoNLL files and write a model file
    TrainNer(commands::train_ner::TrainNerArgs),
    /// Serve a web page and a JSON API for searching the index (read-only; loopback by default)
    Serve(commands::serve::ServeArgs),
}

/// `--color`, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(arg: ColorArg) -> ColorChoice {
        match arg {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32, Error> {
    let index_dir = crate::index::resolve_dir(cli.index.as_deref());
    let color = ColorChoice::from(cli.color);
    match cli.command {
        Command::Ingest(args) => commands::ingest::run(&index_dir, args),
        Command::Search(args) => commands::search::run(&index_dir, color, args),
        Command::Entities(args) => commands::entities::run(&index_dir, color, args),
        Command::Export(args) => commands::export::run(args),
        Command::EvalNer(args) => commands::eval_ner::run(args),
        Command::TrainNer(args) => commands::train_ner::run(args),
        Command::Inspect(args) => commands::inspect::run(color, args),
        Command::Serve(args) => commands::serve::run(&index_dir, args),
    }
}
