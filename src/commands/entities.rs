//! `newsdex entities`: the most mentioned entities, overall or within the articles matching a query.

use std::io::Write;
use std::path::Path;

use clap::Args;

use crate::article::EntityKind;
use crate::error::{Error, exit};
use crate::output::{ColorChoice, human, json};
use crate::search::Searcher;

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
    /// Threads searching the index's segments [default: number of cores, at most 8]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

pub fn run(index_dir: &Path, color: ColorChoice, args: EntitiesArgs) -> Result<i32, Error> {
    let kinds = match &args.kind {
        Some(k) => vec![
            EntityKind::parse(k).ok_or_else(|| Error::Usage(format!("--kind `{k}`: expected person, place or org")))?,
        ],
        None => vec![EntityKind::Person, EntityKind::Place, EntityKind::Org],
    };
    let threads = super::search_threads(args.threads)?;
    if let Some(q) = &args.query {
        crate::search::parse::parse(q)?;
    }
    let index = crate::index::open_for_search(index_dir, threads)?;
    let searcher = Searcher::open(&index, index_dir)?;
    let rows = searcher.entities(args.query.as_deref(), &kinds, args.limit, args.fuzzy)?;
    let style = human::Style {
        enabled: color.enabled_for_stdout(),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = Error::Output;
    for (kind, name, articles) in &rows {
        if args.json {
            let message = json::Message::Entity {
                kind: *kind,
                name,
                articles: *articles,
            };
            writeln!(out, "{}", json::line(&message)).map_err(io)?;
        } else {
            writeln!(out, "{articles:>6}  {:<7} {}", kind.field_name(), style.bold(name)).map_err(io)?;
        }
    }
    if rows.is_empty() && !args.json {
        eprintln!("no entities found");
    }
    Ok(exit::OK)
}
