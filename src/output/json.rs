//! JSON Lines for scripts: every message any command prints, defined once ([`Message`], tagged by `"type"`), one
//! object per line. Field names are documented in the README and pinned by `tests/cli_json_messages.rs`: fields
//! are only ever added, never renamed or removed.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::article::{Article, EntityKind, Mention};
use crate::index::document::{EntityCount, countries};
use crate::ingest::{FileReport, Summary};
use crate::search::explain::Match;
use crate::search::{FacetField, Hit};

/// Every JSON Lines message, by its `"type"`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message<'a> {
    /// `search --json`: one per hit, in rank order.
    Hit(Box<HitLine<'a>>),
    /// `search --json --facet FIELD`: the top values of a field over all matching articles.
    Facet {
        field: &'static str,
        values: Vec<FacetValue<'a>>,
    },
    /// `search --count --json`.
    Count { count: usize },
    /// `entities --json`: one per entity.
    Entity {
        kind: EntityKind,
        name: &'a str,
        articles: u64,
    },
    /// `inspect --json`: one per article read.
    Article(Box<ArticleLine<'a>>),
    /// `inspect --json`: a file that holds no article, with the reason.
    Skipped { path: &'a str, reason: &'a str },
    /// `inspect --json`: a file or record that could not be read (`record` for records of JSON and JSON Lines
    /// files, else null).
    Error {
        path: &'a str,
        record: Option<u64>,
        error: &'a str,
    },
    /// `ingest --json --verbose`: one per file.
    File(&'a FileReport),
    /// `ingest --json`: the last line.
    Summary(&'a Summary),
    /// `export --json`: the last line (on stderr when the Bulk API NDJSON itself goes to stdout).
    Exported(&'a crate::export::ExportSummary<'a>),
    /// `eval-ner --json`: the scores, by type.
    Eval(Map<String, Value>),
}

/// One search hit.
#[derive(Debug, Serialize)]
pub struct HitLine<'a> {
    pub rank: usize,
    /// Rounded to three decimals; null when sorted by date.
    pub score: Option<f64>,
    pub id: &'a str,
    pub path: &'a str,
    pub title: &'a str,
    pub date: Option<String>,
    pub source: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub url: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub snippet: &'a str,
    pub highlights: &'a [(usize, usize)],
    pub person: Vec<String>,
    pub place: Vec<String>,
    pub org: Vec<String>,
    pub country: Vec<String>,
    pub matches: &'a [Match],
}

/// A facet value and the number of matching articles with it.
#[derive(Debug, Serialize)]
pub struct FacetValue<'a> {
    pub value: &'a str,
    pub count: u64,
}

/// An article as `inspect` shows it: the normalized article's fields, then how it was read and what was found.
#[derive(Debug, Serialize)]
pub struct ArticleLine<'a> {
    #[serde(flatten)]
    pub article: &'a Article,
    pub format: &'a str,
    pub encoding: &'a str,
    pub entities: &'a [EntityCount],
    pub mentions: &'a [Mention],
}

/// One search hit as a message.
pub fn hit(h: &Hit) -> Message<'_> {
    let a = &h.article;
    Message::Hit(Box::new(HitLine {
        rank: h.rank,
        score: h.score.map(|s| (f64::from(s) * 1000.0).round() / 1000.0),
        id: &a.id,
        path: &a.path,
        title: &a.title,
        date: a.date.map(|d| d.to_string()),
        source: a.source.as_deref(),
        byline: a.byline.as_deref(),
        url: a.url.as_deref(),
        lang: a.lang.as_deref(),
        snippet: &h.snippet.text,
        highlights: &h.snippet.highlights,
        person: a.names(EntityKind::Person),
        place: a.names(EntityKind::Place),
        org: a.names(EntityKind::Org),
        country: countries(&a.entities),
        matches: &h.matches,
    }))
}

/// A facet's counts as a message.
pub fn facet(field: FacetField, values: &[(String, u64)]) -> Message<'_> {
    Message::Facet {
        field: field.name(),
        values: values.iter().map(|(v, n)| FacetValue { value: v, count: *n }).collect(),
    }
}

/// Serialize a message (or any value) on one line.
pub fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"type\":\"error\",\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_their_type_first() {
        let l = line(&Message::Count { count: 3 });
        assert_eq!(l, r#"{"type":"count","count":3}"#);
        let l = line(&Message::Error {
            path: "dump.jsonl",
            record: Some(2),
            error: "line 2: invalid JSON",
        });
        assert_eq!(
            l,
            r#"{"type":"error","path":"dump.jsonl","record":2,"error":"line 2: invalid JSON"}"#
        );
        let mut scores = Map::new();
        scores.insert("tokens".into(), Value::from(5));
        assert_eq!(line(&Message::Eval(scores)), r#"{"type":"eval","tokens":5}"#);
    }
}
