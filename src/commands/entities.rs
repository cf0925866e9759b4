//! `newsdex entities`: the most mentioned entities, overall or within the articles matching a query.

use std::io::Write;
use std::path::Path;

use crate::article::EntityKind;
use crate::cli::EntitiesArgs;
use crate::error::{Error, exit};
use crate::output::{ColorChoice, human, json};
use crate::search::Searcher;

pub fn run(index_dir: &Path, color: ColorChoice, args: EntitiesArgs) -> Result<i32, Error> {
    let kinds = match &args.kind {
        Some(k) => vec![
            EntityKind::parse(k).ok_or_else(|| Error::Usage(format!("--kind `{k}`: expected person, place or org")))?,
        ],
        None => vec![EntityKind::Person, EntityKind::Place, EntityKind::Org],
    };
    if let Some(q) = &args.query {
        crate::search::parse::parse(q)?;
    }
    let index = crate::index::open(index_dir)?;
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
            let v = serde_json::json!({"type": "entity", "kind": kind, "name": name, "articles": articles});
            writeln!(out, "{}", json::line(&v)).map_err(io)?;
        } else {
            writeln!(out, "{articles:>6}  {:<7} {}", kind.field_name(), style.bold(name)).map_err(io)?;
        }
    }
    if rows.is_empty() && !args.json {
        eprintln!("no entities found");
    }
    Ok(exit::OK)
}
