//! The query language's meaning: turning a parsed [`Node`] into a tantivy query over newsdex's fields, with entity
//! values canonicalized the way extraction canonicalizes them, and the terms to highlight in snippets.

use std::collections::HashSet;
use std::ops::Bound;

use chrono::{Datelike, NaiveDate};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Term};

use super::explain::EntityQuery;
use super::parse::Node;
use crate::article::EntityKind;
use crate::error::Error;
use crate::extract;
use crate::extract::gazetteer;
use crate::index::Fields;
use crate::index::analyzers;
use crate::index::name_keys;
use crate::index::schema::{QUERYABLE_FIELDS, QueryField};
use crate::language;

/// How much a title match counts against a body match for bare words.
pub const TITLE_BOOST: f32 = 2.0;

/// How much an entity's typed mentions count against the name found in the text.
pub const TYPED_BOOST: f32 = 2.0;
/// How much a short form found alone ("Einstein" for "Albert Einstein") counts against the whole name in the text.
pub const SHORT_FORM_BOOST: f32 = 0.5;
/// At most this many full names are read for a short form; a short form that stands for more is not searched.
const MAX_FULL_NAMES: usize = 16;

/// Options that change how every term is compiled.
#[derive(Clone, Copy, Default)]
pub struct CompileOptions<'a> {
    /// Typo tolerance on every word (`--fuzzy`), as if each had a `~`.
    pub fuzzy: bool,
    /// The index whose name inventory tells which full names a surname or short form stands for (see
    /// [`crate::index::name_keys`]); without it, short forms alone are not searched.
    pub inventory: Option<&'a tantivy::Searcher>,
}

/// Terms to mark in snippets (analyzed with the prose analyzer, and with the name analyzer), and the entity values
/// to explain in hits.
#[derive(Debug, Default, Clone)]
pub struct Highlight {
    pub text_terms: HashSet<String>,
    pub name_terms: HashSet<String>,
    pub entities: Vec<EntityQuery>,
}

/// A compiled query.
pub struct Compiled {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
}

struct Compiler<'a> {
    fields: &'a Fields,
    options: CompileOptions<'a>,
    text: TextAnalyzer,
    name: TextAnalyzer,
    highlight: Highlight,
    /// The date filter every match of the part being compiled must also pass (the date ranges of the enclosing
    /// `AND`s and of the request). Phrases are checked only inside it: see [`Compiler::within_filter`].
    within: Option<Box<dyn Query>>,
}

fn err(position: usize, message: impl Into<String>) -> Error {
    Error::Query {
        position,
        message: message.into(),
    }
}

fn known_fields() -> String {
    QUERYABLE_FIELDS
        .iter()
        .map(|(_, name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compile a parsed query.
pub fn compile(node: &Node, fields: &Fields, options: CompileOptions<'_>) -> Result<Compiled, Error> {
    compile_within(node, fields, options, None)
}

/// Compile a parsed query whose matches will also have to pass `filter` (a request's date range, which the caller
/// adds to the query): the query alone matches what [`compile`] matches, but reads word positions only for
/// documents inside the filter.
pub fn compile_within(
    node: &Node,
    fields: &Fields,
    options: CompileOptions<'_>,
    filter: Option<Box<dyn Query>>,
) -> Result<Compiled, Error> {
    let mut c = Compiler {
        fields,
        options,
        text: analyzers::news_text_query(),
        name: analyzers::name_query(),
        highlight: Highlight::default(),
        within: filter,
    };
    let query = c.node(node)?;
    Ok(Compiled {
        query,
        highlight: c.highlight,
    })
}

/// Words that say what kind of place a name is, left out in its short form ("Suffolk County" -> "Suffolk",
/// "New York City" -> "New York").
const PLACE_KIND_WORDS: &[&str] = &[
    "borough",
    "city",
    "county",
    "department",
    "district",
    "governorate",
    "municipality",
    "oblast",
    "parish",
    "prefecture",
    "province",
    "region",
    "township",
    "voivodeship",
];

/// A word that names something by itself: not an ordinary lower-case word, a common first name, a major place
/// or a nationality, and at least three letters ("Einstein", but not "Richard", "London", "American" or "well").
fn distinctive(word: &str) -> bool {
    word.chars().count() >= 3
        && !gazetteer::is_common_word_unloaded(word)
        && !gazetteer::is_first_name_word(word)
        && !gazetteer::is_major_place(word)
        && !gazetteer::is_demonym_word(word)
}

/// A word that can begin an organization's short form: ordinary words are fine ("Delta", "Apple": the `names`
/// field holds only words written with a capital), but not first names, major places, demonyms ("American"),
/// organization words ("Bank") or words of fewer than three letters.
fn distinctive_lead(word: &str) -> bool {
    word.chars().count() >= 3
        && !gazetteer::is_first_name_word(word)
        && !gazetteer::is_major_place(word)
        && !gazetteer::is_demonym_word(word)
        && !gazetteer::is_org_suffix_word(word)
}

/// A value that is one ordinary lower-case word ("us", "who").
fn is_ordinary_word(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() == 1 && gazetteer::is_common_word_unloaded(&words[0].to_lowercase())
}

/// Other spellings of names that news writes both ways: "St" / "St." / "Saint", "Mt" / "Mount", "Ft" / "Fort".
fn spelling_variants(forms: &[String]) -> Vec<String> {
    const PAIRS: &[(&str, &str)] = &[
        ("St", "Saint"),
        ("St.", "Saint"),
        ("Mt", "Mount"),
        ("Mt.", "Mount"),
        ("Ft", "Fort"),
        ("Ft.", "Fort"),
    ];
    let mut out = Vec::new();
    for form in forms {
        let words: Vec<&str> = form.split_whitespace().collect();
        for (short, long) in PAIRS {
            for (from, to) in [(short, long), (long, short)] {
                if words.iter().any(|w| w.eq_ignore_ascii_case(from)) {
                    let v: Vec<&str> = words
                        .iter()
                        .map(|w| if w.eq_ignore_ascii_case(from) { *to } else { *w })
                        .collect();
                    let v = v.join(" ");
                    if !forms.contains(&v) && !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
        }
    }
    out
}

/// Is `inner` (folded words joined by spaces) a run of whole words of `outer`?
fn contains_words(outer: &str, inner: &str) -> bool {
    format!(" {outer} ").contains(&format!(" {inner} "))
}

/// Can the full name `other` (folded) be the same person as `query` (folded words)? The same name, or the same
/// first word (a middle name more or less: "Barack Obama", "Barack Hussein Obama"), or one inside the other.
fn same_person(query: &[String], other: &str) -> bool {
    let full = query.join(" ");
    other == full
        || contains_words(&full, other)
        || contains_words(other, &full)
        || other.split(' ').next() == query.first().map(String::as_str)
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

/// A part of an `AND` that keeps only a date range (`date:[.. TO ..]`, `date:2025`).
fn is_date_filter(node: &Node) -> bool {
    match node {
        Node::Range { field, .. } | Node::Text { field: Some(field), .. } => {
            QueryField::resolve(field) == Some(QueryField::Date)
        }
        _ => false,
    }
}

/// The field a name or alias in a query stands for; an unknown one is an error that lists the known fields.
pub(crate) fn resolve(name: &str, position: usize) -> Result<QueryField, Error> {
    QueryField::resolve(name).ok_or_else(|| {
        err(
            position,
            format!("unknown field `{name}` (known fields: {})", known_fields()),
        )
    })
}

/// `~N` on a word is at most 2 edits (a number after a phrase is its slop).
pub(crate) fn check_fuzzy(phrase: bool, fuzzy: Option<u8>, position: usize) -> Result<(), Error> {
    match fuzzy.filter(|n| !phrase && *n > 2) {
        Some(n) => Err(err(
            position,
            format!(
                "`~{n}` on a word: typo tolerance is at most 2 edits (`~1`, `~2`, or `~` to choose from the \
                 word's length); a number after a quoted phrase is its slop"
            ),
        )),
        None => Ok(()),
    }
}

/// The first and last day of a `date:` value.
pub(crate) fn day_period(text: &str, position: usize) -> Result<(NaiveDate, NaiveDate), Error> {
    date_period(text.trim()).ok_or_else(|| {
        err(
            position,
            format!("`{text}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        )
    })
}

/// The first and last day (inclusive, either open) of `field:[lower TO upper]` (or `{…}`, exclusive); ranges are
/// for `date` only.
pub(crate) fn range_days(
    field: &str,
    lower: Option<&str>,
    upper: Option<&str>,
    inclusive: bool,
    position: usize,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Error> {
    let queried = resolve(field, position)?;
    if queried != QueryField::Date {
        return Err(err(
            position,
            format!("ranges work on `date` only, not `{}`", queried.name()),
        ));
    }
    let from = match lower {
        Some(v) => {
            let (first, last) = day_period(v, position)?;
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
            let (first, last) = day_period(v, position)?;
            Some(if inclusive {
                last
            } else {
                first.pred_opt().unwrap_or(first)
            })
        }
        None => None,
    };
    Ok((from, until))
}

/// The language code of a `lang:` value (a code, or a language's English or own name).
pub(crate) fn lang_code(text: &str, position: usize) -> Result<&'static str, Error> {
    language::code_for(text).ok_or_else(|| {
        err(
            position,
            format!("unknown language `{text}` (use a code such as `en`, `de`, `es`, or a name such as `German`)"),
        )
    })
}

/// An entity value's canonical name and the forms of it to look for in the text.
pub(crate) struct EntityForms {
    pub canonical: String,
    /// The canonical name is other words than the value as typed (`place:US` -> United States).
    pub canonical_differs: bool,
    /// The name in the text: the canonical form, and the value as typed when it is another name for it that is
    /// not an ordinary word ("Kiev" for Kyiv, but not "us" for the United States), with their other spellings.
    pub forms: Vec<String>,
}

pub(crate) fn entity_forms(
    kind: EntityKind,
    text: &str,
    name: &mut TextAnalyzer,
    prose: &mut TextAnalyzer,
) -> EntityForms {
    let canonical = match kind {
        EntityKind::Place => extract::canonical_place(text),
        EntityKind::Person => extract::canonical_person(text),
        EntityKind::Org => extract::canonical_org(text),
    };
    let same = analyzers::terms(name, &canonical) == analyzers::terms(name, text);
    let mut forms = vec![canonical.clone()];
    if !same && !is_ordinary_word(text) {
        forms.push(text.to_string());
    }
    for form in spelling_variants(&forms) {
        forms.push(form);
    }
    forms.retain(|form| !analyzers::terms(prose, form).is_empty());
    EntityForms {
        canonical_differs: !same && !canonical.trim().is_empty(),
        canonical,
        forms,
    }
}

impl Compiler<'_> {
    fn node(&mut self, node: &Node) -> Result<Box<dyn Query>, Error> {
        match node {
            Node::And(items) => {
                // The date ranges of this `AND` first (those that compile; errors are reported below, in the query's
                // order), then every other part within them.
                let dates: Vec<Option<Box<dyn Query>>> = items
                    .iter()
                    .map(|item| {
                        if is_date_filter(item) {
                            self.node(item).ok()
                        } else {
                            None
                        }
                    })
                    .collect();
                let outer = self.within.as_ref().map(|w| w.box_clone());
                let mut filters: Vec<Box<dyn Query>> = dates.iter().flatten().map(|d| d.box_clone()).collect();
                if !filters.is_empty() {
                    filters.extend(outer.as_ref().map(|w| w.box_clone()));
                    self.within = Some(if filters.len() == 1 {
                        filters.remove(0)
                    } else {
                        Box::new(BooleanQuery::new(
                            filters.into_iter().map(|f| (Occur::Must, f)).collect(),
                        ))
                    });
                }
                let mut clauses = Vec::new();
                let compiled = items.iter().zip(dates).try_for_each(|(item, date)| {
                    match (item, date) {
                        (_, Some(date)) => clauses.push((Occur::Must, date)),
                        (Node::Not(inner), None) => clauses.push((Occur::MustNot, self.excluded(inner)?)),
                        (other, None) => clauses.push((Occur::Must, self.node(other)?)),
                    }
                    Ok::<(), Error>(())
                });
                self.within = outer;
                compiled?;
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(items) => {
                let mut clauses = Vec::new();
                for item in items {
                    match item {
                        // `a OR +b`: b is needed, a only adds to the score.
                        Node::Required(inner) => clauses.push((Occur::Must, self.node(inner)?)),
                        other => clauses.push((Occur::Should, self.node(other)?)),
                    }
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Required(inner) => self.node(inner),
            Node::Not(inner) => Ok(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, self.excluded(inner)?),
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

    /// What a `-` or `NOT` leaves out, compiled without the date filter around it: tantivy tests an excluded
    /// document with `seek_danger`, and its fast-field range (0.27) subtracts the previous target from the next
    /// one, which overflows (a panic in debug builds) when they come in the order exclusion asks them.
    fn excluded(&mut self, inner: &Node) -> Result<Box<dyn Query>, Error> {
        let within = self.within.take();
        let query = self.node(inner);
        self.within = within;
        query
    }

    /// `query` checked only inside the date filter around it, when there is one. A phrase is costly: tantivy reads
    /// the word positions of every document that has all its words, and under an `OR` (entity values are one) it
    /// does so for every such document, whatever else the query requires, before the `AND` with the date range
    /// leaves out most of them. Beside the filter (which then leads, as the cheaper of the two to advance) it
    /// reads them only for documents in the range. The filter adds nothing to the score, and the whole `AND`
    /// still requires the range, so matches and scores are the same either way.
    fn within_filter(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        match &self.within {
            Some(filter) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0))),
            ])),
            None => query,
        }
    }

    fn range(
        &mut self,
        field: &str,
        lower: Option<&str>,
        upper: Option<&str>,
        inclusive: bool,
        position: usize,
    ) -> Result<Box<dyn Query>, Error> {
        let (from, until) = range_days(field, lower, upper, inclusive, position)?;
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
        check_fuzzy(phrase, fuzzy, position)?;
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
        let f = self.fields;
        match resolve(field, position)? {
            QueryField::Date => {
                let (first, last) = day_period(text, position)?;
                Ok(date_range(f.date, Some(first), Some(last)))
            }
            QueryField::Title => self.analyzed(f.title, false, text, phrase, fuzzy, position),
            QueryField::Body => self.analyzed(f.body, false, text, phrase, fuzzy, position),
            QueryField::Captions => self.analyzed(f.captions, false, text, phrase, fuzzy, position),
            QueryField::Credits => self.analyzed(f.credits, false, text, phrase, fuzzy, position),
            QueryField::Source => self.analyzed(f.source, true, text, phrase, fuzzy, position),
            QueryField::Byline => self.analyzed(f.byline, true, text, phrase, fuzzy, position),
            QueryField::Dateline => self.analyzed(f.dateline, true, text, phrase, fuzzy, position),
            QueryField::Path => self.analyzed(f.path, true, text, phrase, fuzzy, position),
            QueryField::Lang => Ok(Box::new(TermQuery::new(
                Term::from_field_text(f.lang, lang_code(text, position)?),
                IndexRecordOption::Basic,
            ))),
            QueryField::Person => self.entity(EntityKind::Person, text, phrase, fuzzy, position),
            QueryField::Place => self.entity(EntityKind::Place, text, phrase, fuzzy, position),
            QueryField::Org => self.entity(EntityKind::Org, text, phrase, fuzzy, position),
            QueryField::Country => {
                // The value as typed, plus its canonical form when that differs (`country:US` -> United States).
                let canonical = extract::canonical_place(text);
                let typed = self.analyzed(f.country, true, text, phrase, fuzzy, position)?;
                if analyzers::terms(&mut self.name, &canonical) == analyzers::terms(&mut self.name, text) {
                    return Ok(typed);
                }
                let canon = self.analyzed(f.country, true, &canonical, true, fuzzy, position)?;
                Ok(Box::new(BooleanQuery::new(vec![
                    (Occur::Should, typed),
                    (Occur::Should, canon),
                ])))
            }
        }
    }

    /// An entity value (`person:`, `place:`, `org:`): every kind of evidence that an article mentions it, any one
    /// enough (see README, "How entity search matches"):
    /// 1. the article's extracted mentions of that kind (the value or its canonical form, `place:US` -> "United
    ///    States"; a value inside a longer name matches it, `person:putin` -> "Vladimir Putin"), counted double;
    /// 2. the name written in the title or body, as a phrase of words, in whatever case (the extractor misses
    ///    names and mistakes types; the words of the name are the strongest evidence there is);
    /// 3. a short form alone: a person's surname, an organization's first words, a place without "County" or
    ///    "City", when the index knows no other full name for that short form (half weight).
    fn entity(
        &mut self,
        kind: EntityKind,
        text: &str,
        phrase: bool,
        fuzzy: Option<u8>,
        position: usize,
    ) -> Result<Box<dyn Query>, Error> {
        let f = self.fields;
        let field = f.entity(kind);
        let EntityForms {
            canonical,
            canonical_differs,
            forms,
        } = entity_forms(kind, text, &mut self.name, &mut self.text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let typed = self.analyzed(field, true, text, phrase, fuzzy, position)?;
        clauses.push((Occur::Should, Box::new(BoostQuery::new(typed, TYPED_BOOST))));
        if canonical_differs {
            let canon = self.analyzed(field, true, &canonical, true, fuzzy, position)?;
            clauses.push((Occur::Should, Box::new(BoostQuery::new(canon, TYPED_BOOST))));
        }
        let mut in_text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for form in &forms {
            if self.ordinary_here(form) {
                // A name made of words this index mostly writes in lower case ("World", "Home") counts only where
                // it is written as a name, with capitals.
                in_text.push((Occur::Should, self.written_as_name(form, position)?));
                continue;
            }
            in_text.push((
                Occur::Should,
                self.analyzed(f.title, false, form, true, fuzzy, position)?,
            ));
            in_text.push((
                Occur::Should,
                self.analyzed(f.body, false, form, true, fuzzy, position)?,
            ));
        }
        if !in_text.is_empty() {
            clauses.push((Occur::Should, self.unless_surely_other(kind, &forms, in_text)));
        }
        let mut explained = EntityQuery {
            kind: Some(kind),
            name: canonical.clone(),
            forms: forms.clone(),
            short_forms: Vec::new(),
        };
        if fuzzy.is_none() && !self.options.fuzzy {
            for short in self.short_forms(kind, &canonical) {
                explained.short_forms.push(short.clone());
                let q = self.written_as_name(&short, position)?;
                let q = self.unless_surely_other(kind, std::slice::from_ref(&short), vec![(Occur::Should, q)]);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, SHORT_FORM_BOOST))));
            }
        }
        self.highlight.entities.push(explained);
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Is `name` one ordinary word in this index: written in lower case in most of the articles that have it
    /// ("world", "home", "nation"; but "Delta" in an index of airline news)? Names of several words are names.
    /// Without an index, for words seen in fewer than three articles, and for words the stemmer changes (the
    /// article counts of the stemmed text field would mix in other words), nothing is ordinary.
    fn ordinary_here(&self, name: &str) -> bool {
        let Some(searcher) = self.options.inventory else {
            return false;
        };
        let words = analyzers::terms(&mut analyzers::name_query(), name);
        let stems = analyzers::terms(&mut analyzers::news_text_query(), name);
        let ([word], [stem]) = (words.as_slice(), stems.as_slice()) else {
            return false;
        };
        if word != stem {
            return false;
        }
        let df = |field, term: &str| searcher.doc_freq(&Term::from_field_text(field, term)).unwrap_or(0);
        let in_text = df(self.fields.body, stem);
        let as_name = df(self.fields.names, word);
        in_text >= 3 && as_name * 2 < in_text
    }

    /// `name` written as a name: each of its words somewhere with a capital (the `names` field), and the words
    /// together as a phrase in the title or body.
    fn written_as_name(&mut self, name: &str, position: usize) -> Result<Box<dyn Query>, Error> {
        let words = analyzers::terms(&mut self.name, name);
        if words.is_empty() {
            return Err(err(position, format!("`{name}` has nothing searchable in it")));
        }
        self.highlight.name_terms.extend(words.iter().cloned());
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| {
                let term = Term::from_field_text(self.fields.names, w);
                (
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        if words.len() > 1 {
            let title = self.analyzed(self.fields.title, false, name, true, None, position)?;
            let body = self.analyzed(self.fields.body, false, name, true, None, position)?;
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::new(vec![(Occur::Should, title), (Occur::Should, body)])),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Any of `matches`, except in articles that surely name one of `names` as another kind than `kind` ("Alaska"
    /// the place for `person:alaska`, "Ford" the company for a surname).
    fn unless_surely_other(
        &self,
        kind: EntityKind,
        names: &[String],
        matches: Vec<(Occur, Box<dyn Query>)>,
    ) -> Box<dyn Query> {
        let mut other: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for k in [EntityKind::Person, EntityKind::Place, EntityKind::Org] {
            if k != kind {
                for name in names {
                    let term = Term::from_field_text(self.fields.name_keys, &name_keys::sure_key(k, name));
                    other.push((Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
                }
            }
        }
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(matches)) as Box<dyn Query>),
            (Occur::MustNot, Box::new(BooleanQuery::new(other))),
        ]))
    }

    /// The short forms of a canonical name that stand for it alone in this index (see [`Compiler::entity`]).
    fn short_forms(&self, kind: EntityKind, canonical: &str) -> Vec<String> {
        let Some(searcher) = self.options.inventory else {
            return Vec::new();
        };
        let words = name_keys::key_words(canonical);
        let full = words.join(" ");
        let known = |short: &str| {
            name_keys::full_names(searcher, self.fields.name_keys, kind, short, MAX_FULL_NAMES).unwrap_or_default()
        };
        match kind {
            EntityKind::Person => {
                let Some(i) = name_keys::surname_at(&words) else {
                    return Vec::new();
                };
                let surname = words[i].clone();
                if !distinctive(&surname) || self.ordinary_here(&surname) {
                    return Vec::new();
                }
                let others = known(&surname);
                let alone = others.len() <= MAX_FULL_NAMES && others.iter().all(|o| same_person(&words, o));
                if alone { vec![surname] } else { Vec::new() }
            }
            EntityKind::Org => name_keys::org_short_forms(&words)
                .into_iter()
                .filter(|short| {
                    let ws: Vec<&str> = short.split(' ').collect();
                    ws.iter().any(|w| distinctive_lead(w)) && ws.last().is_some_and(|w| distinctive_lead(w))
                })
                .filter(|short| {
                    let others = known(short);
                    others.len() <= MAX_FULL_NAMES && others.iter().all(|o| *o == full || contains_words(&full, o))
                })
                .collect(),
            EntityKind::Place => match words.split_last() {
                Some((last, rest))
                    if !rest.is_empty()
                        && PLACE_KIND_WORDS.contains(&last.as_str())
                        && rest.iter().any(|w| distinctive(w)) =>
                {
                    vec![rest.join(" ")]
                }
                _ => Vec::new(),
            },
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
            return Ok(self.within_filter(Box::new(q)));
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

#[cfg(test)]
mod within_tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::{DocAddress, Index, TantivyDocument};

    use super::*;
    use crate::search::parse;

    /// An index of short bodies, each with a date in 2019, 2020 or 2021, where "new york" and "york" are written in
    /// every combination.
    fn index() -> (Index, Fields) {
        let schema = crate::index::schema::build();
        let fields = Fields::from_schema(&schema).expect("fields");
        let index = Index::create_in_ram(schema);
        analyzers::register(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        let bodies = [
            "New York is big",
            "york new again",
            "a new day in York",
            "New York, New York",
            "nothing here",
            "the York of new",
            "new york new york new york",
        ];
        for i in 0..60u32 {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.body, bodies[i as usize % bodies.len()]);
            if i % 5 != 0 {
                let day = NaiveDate::from_ymd_opt(2019 + (i % 3) as i32, 1 + i % 12, 1 + i % 28).expect("date");
                doc.add_date(fields.date, date_of(day));
            }
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        (index, fields)
    }

    fn date_of(day: NaiveDate) -> DateTime {
        let seconds = day.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp();
        DateTime::from_timestamp_secs(seconds)
    }

    fn run(index: &Index, query: &dyn Query) -> (usize, Vec<(u32, DocAddress)>) {
        let searcher = index.reader().expect("reader").searcher();
        let (count, top) = searcher
            .search(query, &(Count, TopDocs::with_limit(100).order_by_score()))
            .expect("search");
        // Scores compared to a millionth: the same sums, whichever clause order tantivy takes.
        (
            count,
            top.into_iter().map(|(s, d)| ((s * 1e6).round() as u32, d)).collect(),
        )
    }

    fn compiled(fields: &Fields, query: &str, filter: Option<Box<dyn Query>>) -> Box<dyn Query> {
        let node = parse::parse(query).expect("parses");
        compile_within(&node, fields, CompileOptions::default(), filter)
            .expect("compiles")
            .query
    }

    /// A query with date ranges, compiled with phrases checked only inside them, matches and scores exactly as the
    /// same query with each range simply required beside the rest.
    #[test]
    fn phrases_checked_within_date_ranges_match_and_score_the_same() {
        let (index, fields) = index();
        let range = "date:[2020-01-01 TO 2020-12-31]";
        // With whether a phrase is checked beside the range (not in what `-` leaves out: see `excluded`).
        for (rest, beside) in [
            ("\"new york\"", true),
            ("-\"new york\" york", false),
            ("(\"new york\" OR day) new", true),
            ("\"york new\" OR \"new day\"", true),
            ("body:\"new york\"~1", true),
        ] {
            let with_range = compiled(&fields, &format!("({rest}) {range}"), None);
            let required = BooleanQuery::new(vec![
                (Occur::Must, compiled(&fields, rest, None)),
                (Occur::Must, compiled(&fields, range, None)),
            ]);
            let shown = format!("{with_range:?}");
            assert_eq!(
                shown.contains("Const(score=0, query=RangeQuery"),
                beside,
                "{rest}: {shown}"
            );
            let got = run(&index, with_range.as_ref());
            assert!(got.0 > 0, "{rest}: some documents match");
            assert_eq!(got, run(&index, &required), "{rest}");
        }
        // A request's own range (`--after`, `--before`), handed to the compiler as its filter.
        let from = NaiveDate::from_ymd_opt(2021, 1, 1);
        let filter = || date_range(fields.date, from, None);
        let within = BooleanQuery::new(vec![
            (Occur::Must, compiled(&fields, "\"new york\"", Some(filter()))),
            (Occur::Must, filter()),
        ]);
        let required = BooleanQuery::new(vec![
            (Occur::Must, compiled(&fields, "\"new york\"", None)),
            (Occur::Must, filter()),
        ]);
        assert!(run(&index, &within).0 > 0);
        assert_eq!(run(&index, &within), run(&index, &required));
    }
}
