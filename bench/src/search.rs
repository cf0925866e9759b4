//! The search benchmark: query latency for three query classes (a person, a place within a date range, two free
//! words), and for the heavy requests of a frequent person (facets over all its matches, `entities`), measured in
//! process against an already-open [`Searcher`] and as whole `newsdex search` / `newsdex entities` processes.
//!
//! The in-process figure is what `newsdex search` spends in [`Searcher::search`]: parsing and compiling the query,
//! counting all matches, collecting the top 10, loading their stored documents and making their snippets. The
//! in-process searcher searches its segments one after the other (the cost of a query on one core); the `newsdex`
//! processes search them in parallel, as the CLI and `newsdex serve` do.
//! Queries are drawn from the index itself (its most mentioned people and places), so they have hits whatever
//! extractor built the index.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::{Context, Result};
use serde::Serialize;

use super::{Stats, load_average};
use newsdex::article::EntityKind;
use newsdex::search::{FacetField, SearchRequest, Searcher};

/// How to run the benchmark.
#[derive(Debug, Clone)]
pub struct Options {
    pub index: PathBuf,
    /// Timed repetitions of every query in process.
    pub runs: usize,
    /// Whole-process runs per query class (0: skip).
    pub process_runs: usize,
    /// The `newsdex` binary for whole-process runs.
    pub newsdex_bin: PathBuf,
    /// Queries per class.
    pub queries: usize,
    /// Extra queries to time, as a fourth class "custom" (for investigating one query).
    pub extra: Vec<String>,
}

/// The figures of one query class.
#[derive(Debug, Clone, Serialize)]
pub struct ClassResult {
    pub class: &'static str,
    pub queries: Vec<String>,
    /// Average number of matching articles per query.
    pub mean_matches: f64,
    pub in_process: Option<Stats>,
    pub whole_process: Option<Stats>,
    /// Each query alone: its matches and in-process statistics.
    pub per_query: Vec<QueryResult>,
}

/// One query's figures.
#[derive(Debug, Clone, Serialize)]
pub struct QueryResult {
    pub query: String,
    pub matches: usize,
    pub in_process: Option<Stats>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub index: String,
    pub documents: u64,
    /// Opening the index and a searcher, once, in milliseconds.
    pub open_ms: f64,
    pub classes: Vec<ClassResult>,
    pub load_before: Option<f64>,
    pub load_after: Option<f64>,
}

/// Common words of news prose, paired; the free-text class uses the first `n` pairs.
const FREE_TEXT: &[&str] = &[
    "government officials",
    "security forces",
    "president talks",
    "military attack",
    "election opposition",
    "police killed",
    "united nations",
    "oil prices",
];

/// The facets of the "facets" class: every facet field an article's entities and outlet fill.
const FACETS: &[&str] = &["person", "place", "org", "country", "source"];

/// Queries of the two heavy classes ("facets", "entities"): the most frequent people.
const HEAVY_QUERIES: usize = 2;

/// In-process rounds of the heavy classes: at most this many (each request counts over tens of thousands of
/// articles at 1,000,000).
const HEAVY_RUNS: usize = 20;

/// Years used for the place+date class (the generator spreads dates over 2008-2017).
const YEARS: &[i32] = &[2009, 2011, 2013, 2015, 2017, 2010, 2012, 2014];

/// A value safe inside a quoted query phrase.
fn quotable(name: &str) -> bool {
    !name.is_empty() && !name.contains('"') && !name.contains('\\')
}

/// The most mentioned entities of a kind, as query values.
fn top_names(searcher: &Searcher, kind: EntityKind, n: usize) -> Result<Vec<String>> {
    let names: Vec<String> = searcher
        .entities(None, &[kind], n * 3, false)
        .map_err(|e| super::Error(format!("counting entities: {e}")))?
        .into_iter()
        .map(|(_, name, _)| name)
        .filter(|name| quotable(name))
        .take(n)
        .collect();
    if names.is_empty() {
        bail!("the index holds no {} values to query", kind.field_name());
    }
    Ok(names)
}

/// The query classes and their queries, drawn from the index: person, place+date and free text (`n` queries each),
/// then facets and entities for the most frequent people.
pub fn queries(searcher: &Searcher, n: usize) -> Result<Vec<(&'static str, Vec<String>)>> {
    let n = n.max(1);
    let persons: Vec<String> = top_names(searcher, EntityKind::Person, n)?
        .into_iter()
        .map(|p| format!("person:\"{p}\""))
        .collect();
    let frequent: Vec<String> = persons.iter().take(HEAVY_QUERIES).cloned().collect();
    let places = top_names(searcher, EntityKind::Place, n)?
        .into_iter()
        .zip(YEARS.iter().cycle())
        .map(|(p, y)| format!("place:\"{p}\" date:[{y}-01-01 TO {y}-12-31]"))
        .collect();
    let free = FREE_TEXT.iter().cycle().take(n).map(|s| s.to_string()).collect();
    Ok(vec![
        ("person", persons),
        ("place+date", places),
        ("free text", free),
        ("facets", frequent.clone()),
        ("entities", frequent),
    ])
}

/// Is this class one of the heavy requests (counted over all matches), run fewer times in process?
fn heavy(class: &str) -> bool {
    matches!(class, "facets" | "entities")
}

fn request(class: &str, query: &str) -> SearchRequest {
    // What `newsdex search QUERY` asks for by default, with `--facet` for each of FACETS in the facets class.
    let facets = if class == "facets" {
        FACETS.iter().filter_map(|f| FacetField::parse(f)).collect()
    } else {
        Vec::new()
    };
    SearchRequest {
        query: query.to_string(),
        limit: 10,
        facet_limit: 10,
        facets,
        ..SearchRequest::default()
    }
}

/// One request of a class in process: the matches it counts (for entities, the entities listed).
fn run_in_process(searcher: &Searcher, class: &str, query: &str) -> Result<usize> {
    let found = if class == "entities" {
        // `newsdex entities QUERY`: the 20 most mentioned people, places and organizations.
        let kinds = [EntityKind::Person, EntityKind::Place, EntityKind::Org];
        searcher.entities(Some(query), &kinds, 20, false).map(|rows| rows.len())
    } else {
        searcher.search(&request(class, query)).map(|r| r.total)
    };
    found.map_err(|e| super::Error(format!("query {query:?}: {e}")))
}

/// The `newsdex` arguments (after `--index DIR`) of one request of a class.
fn process_args(class: &str, query: &str) -> Vec<String> {
    let mut args: Vec<String> = if class == "entities" {
        vec!["entities".into(), "--json".into()]
    } else {
        vec!["search".into(), "--json".into()]
    };
    if class == "facets" {
        for f in FACETS {
            args.push("--facet".into());
            args.push((*f).into());
        }
    }
    args.push(query.into());
    args
}

/// Wall time of one `newsdex --index DIR search --json QUERY` process (or its class's other command), in
/// milliseconds.
fn time_process(bin: &Path, index: &Path, class: &str, query: &str) -> Result<f64> {
    let started = Instant::now();
    let status = Command::new(bin)
        .arg("--index")
        .arg(index)
        .args(process_args(class, query))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if !status.success() {
        bail!("{} {class} {query:?} failed: {status}", bin.display());
    }
    Ok(ms)
}

/// Run the benchmark.
pub fn run(opts: &Options) -> Result<Report> {
    let load_before = load_average();
    let started = Instant::now();
    let index = newsdex::index::open(&opts.index).map_err(|e| super::Error(format!("{e}")))?;
    let searcher = Searcher::open(&index, &opts.index).map_err(|e| super::Error(format!("{e}")))?;
    let open_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut classes_queries = queries(&searcher, opts.queries)?;
    if !opts.extra.is_empty() {
        classes_queries.push(("custom", opts.extra.clone()));
    }
    let run_process = opts.process_runs > 0 && opts.newsdex_bin.is_file();
    if opts.process_runs > 0 && !run_process {
        eprintln!(
            "warning: {} not found; skipping whole-process timings (build it with `cargo build --release`)",
            opts.newsdex_bin.display()
        );
    }
    let mut classes = Vec::new();
    for (class, queries) in classes_queries {
        // Warm up (and count matches) once per query.
        let mut per_matches = Vec::with_capacity(queries.len());
        for q in &queries {
            per_matches.push(run_in_process(&searcher, class, q)?);
        }
        let matches: usize = per_matches.iter().sum();
        let runs = if heavy(class) {
            opts.runs.min(HEAVY_RUNS)
        } else {
            opts.runs
        };
        // Interleaved (every query once per round), so a burst of load on the machine hits all queries alike.
        let mut per_ms = vec![Vec::with_capacity(runs); queries.len()];
        for _ in 0..runs {
            for (i, q) in queries.iter().enumerate() {
                let t = Instant::now();
                let r = run_in_process(&searcher, class, q)?;
                per_ms[i].push(t.elapsed().as_secs_f64() * 1000.0);
                std::hint::black_box(r);
            }
        }
        let ms: Vec<f64> = per_ms.iter().flatten().copied().collect();
        let per_query = queries
            .iter()
            .zip(per_matches)
            .zip(&per_ms)
            .map(|((q, matches), ms)| QueryResult {
                query: q.clone(),
                matches,
                in_process: Stats::of(ms),
            })
            .collect();
        let mut pms = Vec::new();
        if run_process {
            for i in 0..opts.process_runs {
                pms.push(time_process(
                    &opts.newsdex_bin,
                    &opts.index,
                    class,
                    &queries[i % queries.len()],
                )?);
            }
        }
        classes.push(ClassResult {
            class,
            mean_matches: matches as f64 / queries.len() as f64,
            queries,
            in_process: Stats::of(&ms),
            whole_process: Stats::of(&pms),
            per_query,
        });
    }
    Ok(Report {
        kind: "search-bench-report",
        index: opts.index.display().to_string(),
        documents: searcher.num_docs(),
        open_ms,
        classes,
        load_before,
        load_after: load_average(),
    })
}

fn cell(s: Option<&Stats>, f: fn(&Stats) -> f64) -> String {
    s.map(|s| format!("{:.2}", f(s))).unwrap_or_else(|| "-".into())
}

/// The report as a table for people.
pub fn table(r: &Report) -> String {
    let mut lines = vec![
        format!(
            "index {} ({} articles), opened in {:.1} ms; load {} -> {}",
            r.index,
            r.documents,
            r.open_ms,
            r.load_before.map_or("?".into(), |l| format!("{l:.2}")),
            r.load_after.map_or("?".into(), |l| format!("{l:.2}")),
        ),
        format!(
            "{:<11} {:>9} {:>9} {:>9} {:>8} {:>10} {:>10} {:>6}",
            "class", "matches", "in-proc", "in-proc", "samples", "process", "process", "runs"
        ),
        format!(
            "{:<11} {:>9} {:>9} {:>9} {:>8} {:>10} {:>10} {:>6}",
            "", "(mean)", "median ms", "p99 ms", "", "median ms", "p99 ms", ""
        ),
    ];
    for c in &r.classes {
        lines.push(format!(
            "{:<11} {:>9.0} {:>9} {:>9} {:>8} {:>10} {:>10} {:>6}",
            c.class,
            c.mean_matches,
            cell(c.in_process.as_ref(), |s| s.median_ms),
            cell(c.in_process.as_ref(), |s| s.p99_ms),
            c.in_process.as_ref().map_or(0, |s| s.samples),
            cell(c.whole_process.as_ref(), |s| s.median_ms),
            cell(c.whole_process.as_ref(), |s| s.p99_ms),
            c.whole_process.as_ref().map_or(0, |s| s.samples),
        ));
    }
    lines.push("per query (in process):".into());
    for c in &r.classes {
        for q in &c.per_query {
            lines.push(format!(
                "  {:<11} {:>7} matches  median {:>6} ms  p99 {:>6} ms  {}",
                c.class,
                q.matches,
                cell(q.in_process.as_ref(), |s| s.median_ms),
                cell(q.in_process.as_ref(), |s| s.p99_ms),
                q.query
            ));
        }
    }
    let field_medians: Vec<f64> = r
        .classes
        .iter()
        .filter(|c| c.class == "person" || c.class == "place+date")
        .filter_map(|c| c.in_process.as_ref().map(|s| s.median_ms))
        .collect();
    if !field_medians.is_empty() {
        let worst = field_medians.iter().copied().fold(0.0, f64::max);
        lines.push(format!(
            "field queries in-process median <= {worst:.2} ms (target < 5 ms: {})",
            if worst < 5.0 { "met" } else { "NOT met" }
        ));
    }
    // Issue 13's bars, for whole processes (they are set at 1,000,000 articles).
    let worst = |classes: &[&str], f: fn(&Stats) -> f64| {
        r.classes
            .iter()
            .filter(|c| classes.contains(&c.class))
            .filter_map(|c| c.whole_process.as_ref().map(f))
            .reduce(f64::max)
    };
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let queries = ["person", "place+date", "free text"];
    if let (Some(median), Some(p99)) = (worst(&queries, |s| s.median_ms), worst(&queries, |s| s.p99_ms)) {
        lines.push(format!(
            "whole process, worst class: median {median:.2} ms, p99 {p99:.2} ms (issue 13: < 20 and < 100 ms: {})",
            verdict(median < 20.0 && p99 < 100.0)
        ));
    }
    if let Some(median) = worst(&["facets", "entities"], |s| s.median_ms) {
        lines.push(format!(
            "whole process, facets and entities of a frequent person: median <= {median:.2} ms (issue 13: < 200 ms: {})",
            verdict(median < 200.0)
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_quotes_are_not_queried() {
        assert!(quotable("Vladimir Putin"));
        assert!(!quotable("The \"Boss\""));
        assert!(!quotable(""));
    }

    #[test]
    fn small_index_end_to_end() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("s.conll");
        let conll: String = (0..80)
            .map(|i| {
                format!(
                    "President\tO\nJohn\tB-per\nSmith\tI-per\nvisited\tO\nLondon\tB-geo\ntoday\tO\n{i}\tO\n.\tO\n\n"
                )
            })
            .collect();
        std::fs::write(&data, conll).unwrap_or_else(|e| panic!("{e}"));
        let corpus = dir.path().join("corpus");
        super::super::generate::generate(&corpus, 40, 3, &data).unwrap_or_else(|e| panic!("{e}"));
        let index = dir.path().join("idx");
        let ingest = super::super::ingest::Options {
            corpus,
            index: index.clone(),
            plain_index: dir.path().join("plain"),
            threads: 1,
            memory_mb: 50,
            commit_every: 0,
            max_merge_mb: 0,
            fresh: false,
            repeat: 1,
            tantivy_cli: None,
        };
        super::super::ingest::run(&ingest, super::super::ingest::Mode::Newsdex).unwrap_or_else(|e| panic!("{e}"));
        let report = run(&Options {
            index,
            runs: 3,
            process_runs: 0,
            newsdex_bin: PathBuf::from("/nonexistent"),
            queries: 2,
            extra: vec!["london".into()],
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.documents, 40);
        let classes: Vec<&str> = report.classes.iter().map(|c| c.class).collect();
        assert_eq!(
            classes,
            ["person", "place+date", "free text", "facets", "entities", "custom"]
        );
        // The heavy classes ask about the most frequent person, with facets or as `entities` does.
        let (facets, entities) = (&report.classes[3], &report.classes[4]);
        let persons = &report.classes[0].queries;
        assert!(!facets.queries.is_empty() && facets.queries.len() <= HEAVY_QUERIES);
        assert_eq!(facets.queries[..], persons[..facets.queries.len()]);
        assert_eq!(entities.queries, facets.queries);
        assert!(facets.per_query[0].matches > 0);
        assert!(entities.per_query[0].matches > 0);
        assert_eq!(
            process_args("facets", "q").iter().filter(|a| *a == "--facet").count(),
            FACETS.len()
        );
        assert_eq!(process_args("entities", "q")[0], "entities");
        let person = &report.classes[0];
        assert!(person.queries[0].starts_with("person:\""), "{:?}", person.queries);
        assert!(person.mean_matches > 0.0);
        // Every query of the class, three runs each (the index may hold fewer people than asked for).
        assert_eq!(
            person.in_process.as_ref().map(|s| s.samples),
            Some(3 * person.queries.len())
        );
        assert_eq!(person.per_query.len(), person.queries.len());
        assert!(person.per_query[0].matches > 0);
        assert!(table(&report).contains("place+date"));
    }
}
