//! The query language's meaning: turning a parsed [`Node`] into a tantivy query over newsdex's fields, with entity
//! values canonicalized the way extraction canonicalizes them, and the terms to highlight in snippets.

use std::collections::HashSet;
use std::ops::Bound;

use chrono::{Datelike, NaiveDate};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Term};

use super::parse::Node;
use crate::error::Error;
use crate::extract;
use crate::index::Fields;
use crate::index::analyzers;
use crate::index::schema::{QUERYABLE_FIELDS, resolve_field_name};

/// How much a title match counts against a body match for bare words.
pub const TITLE_BOOST: f32 = 2.0;

/// Options that change how every term is compiled.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompileOptions {
    /// Typo tolerance on every word (`--fuzzy`), as if each had a `~`.
    pub fuzzy: bool,
}

/// Terms to mark in snippets: analyzed with the prose analyzer, and with the name analyzer.
#[derive(Debug, Default, Clone)]
pub struct Highlight {
    pub text_terms: HashSet<String>,
    pub name_terms: HashSet<String>,
}

/// A compiled query.
pub struct Compiled {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
}

struct Compiler<'a> {
    fields: &'a Fields,
    options: CompileOptions,
    text: TextAnalyzer,
    name: TextAnalyzer,
    highlight: Highlight,
}

fn err(position: usize, message: impl Into<String>) -> Error {
    Error::Query {
        position,
        message: message.into(),
    }
}

fn known_fields() -> String {
    QUERYABLE_FIELDS.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ")
}

/// Compile a parsed query.
pub fn compile(node: &Node, fields: &Fields, options: CompileOptions) -> Result<Compiled, Error> {
    let mut c = Compiler {
        fields,
        options,
        text: analyzers::news_text(),
        name: analyzers::name(),
        highlight: Highlight::default(),
    };
    let query = c.node(node)?;
    Ok(Compiled {
        query,
        highlight: c.highlight,
    })
}

/// Edit distance for a fuzzy word: `~N` as given, or chosen from the word's length for a bare `~`.
fn fuzzy_distance(explicit: Option<u8>, global: bool, word: &str) -> u8 {
    let auto = match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    match explicit {
        Some(0) => auto,
        Some(n) => n.min(2),
        None if global => auto,
        None => 0,
    }
}

/// The first and last day of a date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn date_period(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = value.split('-').collect();
    let num = |s: &str| s.parse::<u32>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            Some((NaiveDate::from_ymd_opt(y, 1, 1)?, NaiveDate::from_ymd_opt(y, 12, 31)?))
        }
        [y, m] if y.len() == 4 => {
            let first = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, 1)?;
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        [y, m, d] if y.len() == 4 => {
            let day = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)?;
            Some((day, day))
        }
        _ => None,
    }
}

fn date_term(field: Field, day: NaiveDate) -> Term {
    let secs = day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
    Term::from_field_date_for_search(field, DateTime::from_timestamp_secs(secs))
}

/// A query for dates from `from` (inclusive) to `until` (inclusive), either end open.
pub fn date_range(field: Field, from: Option<NaiveDate>, until: Option<NaiveDate>) -> Box<dyn Query> {
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(date_term(field, d)));
    let upper = until
        .and_then(|d| d.succ_opt())
        .map_or(Bound::Unbounded, |d| Bound::Excluded(date_term(field, d)));
    Box::new(RangeQuery::new(lower, upper))
}

impl Compiler<'_> {
    fn node(&mut self, node: &Node) -> Result<Box<dyn Query>, Error> {
        match node {
            Node::And(items) => {
                let mut clauses = Vec::new();
                for item in items {
                    match item {
                        Node::Not(inner) => clauses.push((Occur::MustNot, self.node(inner)?)),
                        other => clauses.push((Occur::Must, self.node(other)?)),
                    }
                }
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(items) => {
                let mut clauses = Vec::new();
                for item in items {
                    clauses.push((Occur::Should, self.node(item)?));
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Not(inner) => Ok(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, self.node(inner)?),
            ]))),
            Node::Range {
                field,
                lower,
                upper,
                inclusive,
                position,
            } => self.range(field, lower.as_deref(), upper.as_deref(), *inclusive, *position),
            Node::Text {
                field,
                text,
                phrase,
                fuzzy,
                position,
            } => self.text(field.as_deref(), text, *phrase, *fuzzy, *position),
        }
    }

    fn resolve(&self, name: &str, position: usize) -> Result<&'static str, Error> {
        resolve_field_name(name).ok_or_else(|| {
            err(
                position,
                format!("unknown field `{name}` (known fields: {})", known_fields()),
            )
        })
    }

    fn range(
        &mut self,
        field: &str,
        lower: Option<&str>,
        upper: Option<&str>,
        inclusive: bool,
        position: usize,
    ) -> Result<Box<dyn Query>, Error> {
        let name = self.resolve(field, position)?;
        if name != "date" {
            return Err(err(position, format!("ranges work on `date` only, not `{name}`")));
        }
        let period = |v: &str| {
            date_period(v).ok_or_else(|| err(position, format!("`{v}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")))
        };
        let from = match lower {
            Some(v) => {
                let (first, last) = period(v)?;
                Some(if inclusive {
                    first
                } else {
                    last.succ_opt().unwrap_or(last)
                })
            }
            None => None,
        };
        let until = match upper {
            Some(v) => {
                let (first, last) = period(v)?;
                Some(if inclusive {
                    last
                } else {
                    first.pred_opt().unwrap_or(first)
                })
            }
            None => None,
        };
        Ok(date_range(self.fields.date, from, until))
    }

    fn text(
        &mut self,
        field: Option<&str>,
        text: &str,
        phrase: bool,
        fuzzy: Option<u8>,
        position: usize,
    ) -> Result<Box<dyn Query>, Error> {
        let Some(field) = field else {
            let title = self.analyzed(self.fields.title, false, text, phrase, fuzzy, position)?;
            let body = self.analyzed(self.fields.body, false, text, phrase, fuzzy, position)?;
            return Ok(Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(title, TITLE_BOOST)) as Box<dyn Query>,
                ),
                (Occur::Should, body),
            ])));
        };
        let name = self.resolve(field, position)?;
        let f = self.fields;
        match name {
            "date" => {
                let (first, last) = date_period(text.trim()).ok_or_else(|| {
                    err(
                        position,
                        format!("`{text}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                    )
                })?;
                Ok(date_range(f.date, Some(first), Some(last)))
            }
            "title" => self.analyzed(f.title, false, text, phrase, fuzzy, position),
            "body" => self.analyzed(f.body, false, text, phrase, fuzzy, position),
            "captions" => self.analyzed(f.captions, false, text, phrase, fuzzy, position),
            "credits" => self.analyzed(f.credits, false, text, phrase, fuzzy, position),
            "source" => self.analyzed(f.source, true, text, phrase, fuzzy, position),
            "byline" => self.analyzed(f.byline, true, text, phrase, fuzzy, position),
            "dateline" => self.analyzed(f.dateline, true, text, phrase, fuzzy, position),
            "path" => self.analyzed(f.path, true, text, phrase, fuzzy, position),
            "person" | "place" | "org" | "country" => {
                let field = match name {
                    "person" => f.person,
                    "place" => f.place,
                    "org" => f.org,
                    _ => f.country,
                };
                // The value as typed, plus its canonical form when that differs (`place:US` -> United States).
                let canonical = match name {
                    "place" | "country" => extract::canonical_place(text),
                    "person" => extract::canonical_person(text),
                    _ => extract::canonical_org(text),
                };
                let typed = self.analyzed(field, true, text, phrase, fuzzy, position)?;
                if analyzers::terms(&mut self.name, &canonical) == analyzers::terms(&mut self.name, text) {
                    return Ok(typed);
                }
                let canon = self.analyzed(field, true, &canonical, true, fuzzy, position)?;
                Ok(Box::new(BooleanQuery::new(vec![
                    (Occur::Should, typed),
                    (Occur::Should, canon),
                ])))
            }
            other => Err(err(position, format!("field `{other}` cannot be searched"))),
        }
    }

    /// A word or phrase on one field: a term, a phrase of terms, or fuzzy terms.
    fn analyzed(
        &mut self,
        field: Field,
        name_analyzer: bool,
        text: &str,
        phrase: bool,
        fuzzy: Option<u8>,
        position: usize,
    ) -> Result<Box<dyn Query>, Error> {
        let terms = if name_analyzer {
            analyzers::terms(&mut self.name, text)
        } else {
            analyzers::terms(&mut self.text, text)
        };
        if terms.is_empty() {
            return Err(err(position, format!("`{text}` has nothing searchable in it")));
        }
        let highlight = if name_analyzer {
            &mut self.highlight.name_terms
        } else {
            &mut self.highlight.text_terms
        };
        highlight.extend(terms.iter().cloned());
        // `~` on a phrase is slop; on a word (or with --fuzzy) it makes every word typo-tolerant.
        let fuzzy_words = if phrase {
            self.options.fuzzy && fuzzy.is_none()
        } else {
            fuzzy.is_some() || self.options.fuzzy
        };
        if !fuzzy_words {
            if terms.len() == 1 {
                let term = Term::from_field_text(field, &terms[0]);
                return Ok(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)));
            }
            let terms: Vec<Term> = terms.iter().map(|t| Term::from_field_text(field, t)).collect();
            let mut q = PhraseQuery::new(terms);
            if phrase && let Some(slop) = fuzzy {
                q.set_slop(u32::from(slop));
            }
            return Ok(Box::new(q));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in &terms {
            let term = Term::from_field_text(field, t);
            let distance = fuzzy_distance(if phrase { None } else { fuzzy }, self.options.fuzzy, t);
            let q: Box<dyn Query> = if distance == 0 {
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
            } else {
                Box::new(FuzzyTermQuery::new(term, distance, true))
            };
            clauses.push((Occur::Must, q));
        }
        if clauses.len() == 1 {
            return Ok(clauses.remove(0).1);
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_periods() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid");
        assert_eq!(date_period("2025"), Some((d(2025, 1, 1), d(2025, 12, 31))));
        assert_eq!(date_period("2024-02"), Some((d(2024, 2, 1), d(2024, 2, 29))));
        assert_eq!(date_period("2025-12"), Some((d(2025, 12, 1), d(2025, 12, 31))));
        assert_eq!(date_period("2025-08-20"), Some((d(2025, 8, 20), d(2025, 8, 20))));
        assert_eq!(date_period("2025-13-01"), None);
        assert_eq!(date_period("yesterday"), None);
    }

    #[test]
    fn fuzzy_distances() {
        assert_eq!(fuzzy_distance(None, false, "zelensky"), 0);
        assert_eq!(fuzzy_distance(Some(0), false, "zelensky"), 2);
        assert_eq!(fuzzy_distance(Some(0), false, "bush"), 1);
        assert_eq!(fuzzy_distance(None, true, "un"), 0);
        assert_eq!(fuzzy_distance(Some(1), false, "zelensky"), 1);
    }

    #[test]
    fn unknown_field_lists_known_ones() {
        let schema = crate::index::schema::build();
        let fields = Fields::from_schema(&schema).expect("fields");
        let node = super::super::parse::parse("colour:red").expect("parses");
        match compile(&node, &fields, CompileOptions::default()) {
            Err(Error::Query { position, message }) => {
                assert_eq!(position, 1);
                assert!(message.contains("unknown field `colour`"), "{message}");
                assert!(message.contains("person, place, org"), "{message}");
            }
            _ => panic!("expected an error"),
        }
    }
}
