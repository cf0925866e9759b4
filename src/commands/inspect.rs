//! `newsdex inspect FILE...`: show how files are read and normalized (title, date and where it came from,
//! outlet, byline, dateline, captions, credits, body) and which entities are found, without touching the index.

use std::io::Write;
use std::path::Path;

use clap::Args;

use crate::article::{Article, Mention};
use crate::error::{Error, exit};
use crate::index::document::{EntityCount, count_entities, document_id};
use crate::normalize::{FileContext, normalize};
use crate::output::json::{ArticleLine, Message};
use crate::output::{ColorChoice, human, json};
use crate::read::walk::{self, Found};
use crate::read::{RawArticle, ReadOutcome, read_file};

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: super::PathArgs,
    /// JSON Lines output for scripts
    #[arg(long)]
    pub json: bool,
}

/// One thing inspect reports.
enum Item {
    Article {
        article: Box<Article>,
        format: &'static str,
        encoding: &'static str,
        entities: Vec<EntityCount>,
        mentions: Vec<Mention>,
    },
    Skipped {
        path: String,
        reason: String,
    },
    Error {
        path: String,
        record: Option<u64>,
        error: String,
    },
}

pub fn run(color: ColorChoice, args: InspectArgs) -> Result<i32, Error> {
    let style = human::Style {
        enabled: color.enabled_for_stdout(),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = Error::Output;
    let mut failed = false;
    let (roots, filters) = args.input.resolve()?;
    let mut show = |items: Vec<Item>| -> Result<(), Error> {
        for item in items {
            if let Item::Error { path, error, .. } = &item {
                failed = true;
                eprintln!("error: {path}: {error}");
            }
            if args.json {
                writeln!(out, "{}", json::line(&to_json(&item))).map_err(io)?;
            } else {
                write!(out, "{}", to_text(&item, style)).map_err(io)?;
            }
        }
        Ok(())
    };
    // Folders are walked as ingest walks them (same order, hidden files, globs), and their repeated lines found as
    // ingest finds them.
    let sites = crate::ingest::SiteCache::default();
    for root in &roots {
        let mut result = Ok(());
        walk::walk(root, &filters, &mut |found| {
            let items = match found {
                Found::File(path) => inspect_file(&path, &sites),
                Found::Error { path, message } => vec![Item::Error {
                    path: path.display().to_string(),
                    record: None,
                    error: message,
                }],
            };
            result = show(items);
            result.is_ok()
        });
        result?;
    }
    Ok(if failed { exit::PARTIAL } else { exit::OK })
}

/// Read, normalize and extract one file (pure apart from reading it).
fn inspect_file(path: &Path, sites: &crate::ingest::SiteCache) -> Vec<Item> {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return vec![Item::Error {
                path: shown,
                record: None,
                error: format!("cannot read: {e}"),
            }];
        }
    };
    let mut ctx = FileContext::new(path);
    ctx.site = sites.of(path);
    let key = crate::ingest::file_key(path);
    match read_file(path, &bytes) {
        ReadOutcome::Skipped { reason } => vec![Item::Skipped { path: shown, reason }],
        ReadOutcome::Records(records) => records
            .into_iter()
            .map(|r| match r {
                Ok(raw) => article_item(raw, &ctx, &key),
                Err(e) => Item::Error {
                    path: shown.clone(),
                    record: Some(e.record),
                    error: e.message,
                },
            })
            .collect(),
    }
}

fn article_item(raw: RawArticle, ctx: &FileContext, key: &str) -> Item {
    let format = raw.format.map_or("text", |f| f.name());
    let encoding = raw.encoding;
    let mut article = normalize(raw, ctx);
    article.id = document_id(key, article.record);
    let mentions = crate::extract::extract(&article);
    let entities = count_entities(&mentions);
    Item::Article {
        article: Box::new(article),
        format,
        encoding,
        entities,
        mentions,
    }
}

fn to_json(item: &Item) -> Message<'_> {
    match item {
        Item::Article {
            article,
            format,
            encoding,
            entities,
            mentions,
        } => Message::Article(Box::new(ArticleLine {
            article,
            format,
            encoding,
            entities,
            mentions,
        })),
        Item::Skipped { path, reason } => Message::Skipped { path, reason },
        Item::Error { path, record, error } => Message::Error {
            path,
            record: *record,
            error,
        },
    }
}

fn to_text(item: &Item, style: human::Style) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    match item {
        Item::Article {
            article: a,
            format,
            encoding,
            entities,
            ..
        } => {
            let record = a.record.map(|r| format!(" #{r}")).unwrap_or_default();
            let _ = writeln!(s, "{}", style.bold(&format!("{}{record}", a.path)));
            let _ = writeln!(s, "  format:   {format} ({encoding})");
            let inferred = if a.title_inferred { " (inferred)" } else { "" };
            let _ = writeln!(s, "  title:    {}{inferred}", a.title);
            let date = match (a.date, a.date_source) {
                (Some(d), Some(src)) => format!("{d} (from {})", date_source_name(src)),
                (Some(d), None) => d.to_string(),
                _ => "-".into(),
            };
            let _ = writeln!(s, "  date:     {date}");
            let _ = writeln!(s, "  language: {}", a.lang.as_deref().unwrap_or("-"));
            let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            let _ = writeln!(s, "  source:   {}", opt(&a.source));
            let _ = writeln!(s, "  byline:   {}", opt(&a.byline));
            let dateline = match (&a.dateline, &a.agency) {
                (Some(d), Some(ag)) => format!("{d} ({ag})"),
                (Some(d), None) => d.clone(),
                _ => "-".into(),
            };
            let _ = writeln!(s, "  dateline: {dateline}");
            if let Some(url) = &a.url {
                let _ = writeln!(s, "  url:      {url}");
            }
            for (label, list) in [("captions", &a.captions), ("credits", &a.credits)] {
                if !list.is_empty() {
                    let _ = writeln!(s, "  {label}:");
                    for c in list {
                        let _ = writeln!(s, "    - {c}");
                    }
                }
            }
            if !entities.is_empty() {
                let _ = writeln!(s, "  entities:");
                for e in entities {
                    let _ = writeln!(s, "    {:<7} {} ({})", e.kind.field_name(), e.name, e.count);
                }
            }
            let _ = writeln!(s, "  body:");
            for para in a.body.split("\n\n") {
                let _ = writeln!(s, "    {para}");
            }
            s.push('\n');
        }
        Item::Skipped { path, reason } => {
            let _ = writeln!(s, "{}\n  skipped: {reason}\n", style.bold(path));
        }
        Item::Error { path, record, error } => {
            let rec = record.map(|r| format!(" #{r}")).unwrap_or_default();
            let _ = writeln!(s, "{}\n  error: {error}\n", style.bold(&format!("{path}{rec}")));
        }
    }
    s
}

fn date_source_name(src: crate::article::DateSource) -> &'static str {
    use crate::article::DateSource::*;
    match src {
        Metadata => "metadata",
        Text => "text",
        Url => "url",
        FileName => "file name",
    }
}
