//! `newsdex search`: run a query and print hits, counts or facets.

use std::io::Write;
use std::path::Path;

use clap::Args;

use crate::error::{Error, exit};
use crate::output::{ColorChoice, human, json};
use crate::search::{FacetField, SearchRequest, Searcher, SortOrder};

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
    /// Threads searching the index's segments [default: number of cores, at most 8]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print the request this search makes on ENGINE (Elasticsearch Query DSL) instead of running it
    #[arg(long, value_enum, value_name = "ENGINE", conflicts_with = "remote")]
    pub explain: Option<crate::export::Target>,
    /// Run the search on an engine that `newsdex export` filled: URL[/INDEX] (default index `newsdex`)
    #[arg(long, value_name = "URL")]
    pub remote: Option<String>,
    /// The engine behind --remote
    #[arg(
        long,
        value_enum,
        value_name = "ENGINE",
        default_value = "elasticsearch",
        requires = "remote"
    )]
    pub target: crate::export::Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Score,
    Date,
}

pub fn run(index_dir: &Path, color: ColorChoice, args: SearchArgs) -> Result<i32, Error> {
    let facets = args
        .facet
        .iter()
        .map(|f| {
            FacetField::parse(f).ok_or_else(|| {
                Error::Usage(format!(
                    "--facet `{f}`: not a facet field (person, place, org, country, source, lang)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let request = SearchRequest {
        query: args.query.clone(),
        limit: if args.count { 0 } else { args.limit },
        offset: args.offset,
        sort: match args.sort {
            SortArg::Score => SortOrder::Score,
            SortArg::Date => SortOrder::Date,
        },
        after: args
            .after
            .as_deref()
            .map(|d| super::parse_day("--after", d))
            .transpose()?,
        before: args
            .before
            .as_deref()
            .map(|d| super::parse_day("--before", d))
            .transpose()?,
        fuzzy: args.fuzzy,
        facets,
        facet_limit: args.facet_limit,
        timeline: false,
    };
    let threads = super::search_threads(args.threads)?;
    // Check the query before touching the index, so a bad query is exit 2 even without an index.
    crate::search::parse::parse(&request.query)?;
    if let Some(target) = args.explain {
        let body = crate::export::dsl::request(&request, target)?;
        let text = serde_json::to_string_pretty(&body).map_err(|e| Error::Other(e.to_string()))?;
        writeln!(std::io::stdout().lock(), "{text}").map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    let results = match &args.remote {
        Some(url) => {
            let endpoint = crate::export::send::Endpoint::parse(url, args.target)?;
            crate::export::remote::search(&crate::export::send::Client::new(endpoint), &request)?
        }
        None => {
            let index = crate::index::open_for_search(index_dir, threads)?;
            let searcher = Searcher::open(&index, index_dir)?;
            let results = searcher.search(&request)?;
            // The process ends after the output: unmapping a large index's files one by one before it does costs
            // more than leaving them to the exit.
            std::mem::forget(searcher);
            std::mem::forget(index);
            results
        }
    };

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let style = human::Style {
        enabled: color.enabled_for_stdout(),
    };
    let io = Error::Output;
    if args.count {
        if args.json {
            writeln!(out, "{}", json::line(&json::Message::Count { count: results.total })).map_err(io)?;
        } else {
            writeln!(out, "{}", results.total).map_err(io)?;
        }
        return Ok(exit::OK);
    }
    for hit in &results.hits {
        if args.json {
            writeln!(out, "{}", json::line(&json::hit(hit))).map_err(io)?;
        } else {
            writeln!(out, "{}\n", human::hit(hit, style)).map_err(io)?;
        }
    }
    for (field, values) in &results.facets {
        if args.json {
            writeln!(out, "{}", json::line(&json::facet(*field, values))).map_err(io)?;
        } else {
            writeln!(out, "{}\n", human::facet(*field, values, style)).map_err(io)?;
        }
    }
    if !args.json {
        let shown = results.hits.len();
        let msg = if results.total == 0 {
            "no matching articles".to_string()
        } else if shown == 0 {
            format!("{} matching articles (none on this page)", results.total)
        } else {
            format!(
                "{} matching article{}, showing {}-{}",
                results.total,
                if results.total == 1 { "" } else { "s" },
                args.offset + 1,
                args.offset + shown
            )
        };
        eprintln!("{msg}");
    }
    Ok(exit::OK)
}
