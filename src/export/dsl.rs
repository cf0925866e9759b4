//! The query language compiled to Elasticsearch Query DSL: the same parsed [`Node`] that
//! [`crate::search::compile`] turns into a tantivy query, clause for clause, with entity values canonicalized the
//! same way (`place:US` -> "United States"), for `search --explain elasticsearch` and `search --remote`.
//!
//! What an engine cannot do without newsdex's index is left out, as the local compiler leaves it out without one:
//! a short form alone (`person:"Albert Einstein"` finding "Einstein", which needs the index's name inventory) and
//! the umlaut spellings (Grün / Gruen, which need newsdex's analyzer).

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use tantivy::tokenizer::TextAnalyzer;

use super::Target;
use super::mapping;
use crate::article::EntityKind;
use crate::error::Error;
use crate::extract;
use crate::index::analyzers;
use crate::index::name_keys;
use crate::index::schema::{QueryField, field_name};
use crate::search::compile::{
    EntityForms, TITLE_BOOST, TYPED_BOOST, check_fuzzy, day_period, entity_forms, lang_code, range_days, resolve,
};
use crate::search::parse::Node;
use crate::search::{FacetField, SearchRequest, SortOrder};

fn err(position: usize, message: impl Into<String>) -> Error {
    Error::Query {
        position,
        message: message.into(),
    }
}

struct Dsl {
    target: Target,
    fuzzy: bool,
    text: TextAnalyzer,
    name: TextAnalyzer,
}

/// Compile a parsed query to a Query DSL `query` object for `target`. Quickwit's Elasticsearch API takes a subset
/// of the DSL: dates are RFC 3339 ranges without `format`, a phrase's slop goes through `query_string`, and typo
/// tolerance (no `fuzziness` there) is an error.
pub fn compile(node: &Node, fuzzy: bool, target: Target) -> Result<Value, Error> {
    let mut d = Dsl {
        target,
        fuzzy,
        text: analyzers::news_text_query(),
        name: analyzers::name_query(),
    };
    d.node(node)
}

/// The whole `_search` request body for a search request: query (with the `--after`/`--before` filter), paging,
/// sort, and one `terms` aggregation per facet.
pub fn request(req: &SearchRequest, target: Target) -> Result<Value, Error> {
    let node = crate::search::parse::parse(&req.query)?;
    let mut query = compile(&node, req.fuzzy, target)?;
    if req.after.is_some() || req.before.is_some() {
        let filter = date_range(target, req.after, req.before);
        query = json!({"bool": {"must": [query], "filter": [filter]}});
    }
    let mut body = Map::new();
    body.insert("query".into(), query);
    body.insert("from".into(), json!(req.offset));
    body.insert("size".into(), json!(req.limit));
    let quickwit = target == Target::Quickwit;
    if !quickwit {
        // Exact totals past 10,000 (Quickwit counts exactly and does not take the parameter).
        body.insert("track_total_hits".into(), json!(true));
    }
    if req.sort == SortOrder::Date {
        let order = if quickwit {
            json!({"order": "desc"})
        } else {
            json!({"order": "desc", "missing": "_last"})
        };
        body.insert("sort".into(), json!([{(field_name::date): order}]));
    }
    if !req.facets.is_empty() {
        let mut aggs = Map::new();
        for facet in &req.facets {
            aggs.insert(
                facet.name().to_string(),
                json!({"terms": {"field": facet_field(target, *facet), "size": req.facet_limit}}),
            );
        }
        body.insert("aggs".into(), Value::Object(aggs));
    }
    Ok(Value::Object(body))
}

fn facet_field(target: Target, facet: FacetField) -> String {
    mapping::facet_field(target, facet.name())
}

fn bool_query(clauses: &[(&str, Vec<Value>)]) -> Value {
    let mut b = Map::new();
    for (occur, items) in clauses {
        if !items.is_empty() {
            b.insert((*occur).to_string(), Value::Array(items.clone()));
        }
    }
    json!({"bool": b})
}

fn match_all() -> Value {
    json!({"match_all": {}})
}

impl Dsl {
    fn node(&mut self, node: &Node) -> Result<Value, Error> {
        match node {
            Node::And(items) => {
                let (mut must, mut must_not) = (Vec::new(), Vec::new());
                for item in items {
                    match item {
                        Node::Not(inner) => must_not.push(self.node(inner)?),
                        other => must.push(self.node(other)?),
                    }
                }
                if must.is_empty() {
                    must.push(match_all());
                }
                Ok(bool_query(&[("must", must), ("must_not", must_not)]))
            }
            Node::Or(items) => {
                // As in tantivy: a required alternative (`a OR +b`) is needed; the others then only add to the
                // score (Elasticsearch's default `minimum_should_match` once a `must` is present is 0).
                let (mut must, mut should) = (Vec::new(), Vec::new());
                for item in items {
                    match item {
                        Node::Required(inner) => must.push(self.node(inner)?),
                        other => should.push(self.node(other)?),
                    }
                }
                Ok(bool_query(&[("must", must), ("should", should)]))
            }
            Node::Required(inner) => self.node(inner),
            Node::Not(inner) => Ok(bool_query(&[
                ("must", vec![match_all()]),
                ("must_not", vec![self.node(inner)?]),
            ])),
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

    fn range(
        &mut self,
        field: &str,
        lower: Option<&str>,
        upper: Option<&str>,
        inclusive: bool,
        position: usize,
    ) -> Result<Value, Error> {
        let (from, until) = range_days(field, lower, upper, inclusive, position)?;
        Ok(date_range(self.target, from, until))
    }

    fn text(
        &mut self,
        field: Option<&str>,
        text: &str,
        phrase: bool,
        fuzzy: Option<u8>,
        position: usize,
    ) -> Result<Value, Error> {
        check_fuzzy(phrase, fuzzy, position)?;
        let Some(field) = field else {
            let title = self.analyzed(
                field_name::title,
                false,
                text,
                phrase,
                fuzzy,
                position,
                Some(TITLE_BOOST),
            )?;
            let body = self.analyzed(field_name::body, false, text, phrase, fuzzy, position, None)?;
            return Ok(bool_query(&[("should", vec![title, body])]));
        };
        let queried = resolve(field, position)?;
        let name = queried.name();
        match queried {
            QueryField::Date => {
                let (first, last) = day_period(text, position)?;
                Ok(date_range(self.target, Some(first), Some(last)))
            }
            QueryField::Title | QueryField::Body | QueryField::Captions | QueryField::Credits => {
                self.analyzed(name, false, text, phrase, fuzzy, position, None)
            }
            QueryField::Source | QueryField::Byline | QueryField::Dateline | QueryField::Path => {
                self.analyzed(name, true, text, phrase, fuzzy, position, None)
            }
            QueryField::Lang => Ok(json!({"term": {(field_name::lang): lang_code(text, position)?}})),
            QueryField::Person => self.entity(EntityKind::Person, text, phrase, fuzzy, position),
            QueryField::Place => self.entity(EntityKind::Place, text, phrase, fuzzy, position),
            QueryField::Org => self.entity(EntityKind::Org, text, phrase, fuzzy, position),
            QueryField::Country => {
                let canonical = extract::canonical_place(text);
                let typed = self.analyzed(name, true, text, phrase, fuzzy, position, None)?;
                if analyzers::terms(&mut self.name, &canonical) == analyzers::terms(&mut self.name, text) {
                    return Ok(typed);
                }
                let canon = self.analyzed(name, true, &canonical, true, fuzzy, position, None)?;
                Ok(bool_query(&[("should", vec![typed, canon])]))
            }
        }
    }

    /// An entity value, as [`crate::search::compile`] builds it without an index: the typed mentions (the value and
    /// its canonical form, counted double), or the name written in the title or body unless the article surely
    /// names it as another kind.
    fn entity(
        &mut self,
        kind: EntityKind,
        text: &str,
        phrase: bool,
        fuzzy: Option<u8>,
        position: usize,
    ) -> Result<Value, Error> {
        let field = kind.field_name();
        let EntityForms {
            canonical,
            canonical_differs,
            forms,
        } = entity_forms(kind, text, &mut self.name, &mut self.text);
        let mut should = vec![self.analyzed(field, true, text, phrase, fuzzy, position, Some(TYPED_BOOST))?];
        if canonical_differs {
            should.push(self.analyzed(field, true, &canonical, true, fuzzy, position, Some(TYPED_BOOST))?);
        }
        let mut in_text = Vec::new();
        for form in &forms {
            in_text.push(self.analyzed(field_name::title, false, form, true, fuzzy, position, None)?);
            in_text.push(self.analyzed(field_name::body, false, form, true, fuzzy, position, None)?);
        }
        if !in_text.is_empty() {
            // One `term` per key (Quickwit has no `terms` query).
            let mut keys = Vec::new();
            for k in [EntityKind::Person, EntityKind::Place, EntityKind::Org] {
                if k != kind {
                    for form in &forms {
                        keys.push(json!({"term": {(field_name::name_keys): name_keys::sure_key(k, form)}}));
                    }
                }
            }
            should.push(bool_query(&[
                ("must", vec![bool_query(&[("should", in_text)])]),
                ("must_not", keys),
            ]));
        }
        Ok(bool_query(&[("should", should)]))
    }

    /// A word or phrase on one field: `match` (one term), `match_phrase` (several, with the phrase's slop), or a
    /// fuzzy `match` of every word. The engine analyzes the text with the field's analyzer, which the mapping
    /// makes newsdex's.
    #[allow(clippy::too_many_arguments)]
    fn analyzed(
        &mut self,
        field: &str,
        name_analyzer: bool,
        text: &str,
        phrase: bool,
        fuzzy: Option<u8>,
        position: usize,
        boost: Option<f32>,
    ) -> Result<Value, Error> {
        let terms = if name_analyzer {
            analyzers::terms(&mut self.name, text)
        } else {
            analyzers::terms(&mut self.text, text)
        };
        if terms.is_empty() {
            return Err(err(position, format!("`{text}` has nothing searchable in it")));
        }
        let fuzzy_words = if phrase {
            self.fuzzy && fuzzy.is_none()
        } else {
            fuzzy.is_some() || self.fuzzy
        };
        let quickwit = self.target == Target::Quickwit;
        if fuzzy_words && quickwit {
            return Err(err(
                position,
                "typo tolerance (`~`, --fuzzy) needs Elasticsearch or OpenSearch: Quickwit's Elasticsearch API has no \
                 fuzzy match",
            ));
        }
        let mut options = Map::new();
        options.insert("query".into(), json!(text));
        let kind = if fuzzy_words {
            // Elasticsearch's AUTO is newsdex's choice from the word's length (0 edits up to 2 letters, 1 up to
            // 5, else 2).
            let distance = match if phrase { None } else { fuzzy } {
                Some(n) if n > 0 => json!(n.min(2)),
                _ => json!("AUTO"),
            };
            options.insert("fuzziness".into(), distance);
            options.insert("operator".into(), json!("AND"));
            "match"
        } else if terms.len() == 1 {
            "match"
        } else {
            if phrase && let Some(slop) = fuzzy {
                if quickwit {
                    // Quickwit's `match_phrase` takes no slop; its query language does.
                    let mut q = Map::new();
                    q.insert("query".into(), json!(format!("\"{text}\"~{slop}")));
                    q.insert("fields".into(), json!([field]));
                    if let Some(b) = boost {
                        q.insert("boost".into(), json!(b));
                    }
                    return Ok(json!({"query_string": q}));
                }
                options.insert("slop".into(), json!(slop));
            }
            "match_phrase"
        };
        if let Some(b) = boost {
            options.insert("boost".into(), json!(b));
        }
        Ok(json!({kind: {field: options}}))
    }
}

/// Dates from `from` to `until`, both inclusive, either end open: days for Elasticsearch and OpenSearch, RFC 3339
/// instants (up to the next midnight, excluded) for Quickwit.
fn date_range(target: Target, from: Option<NaiveDate>, until: Option<NaiveDate>) -> Value {
    let mut range = Map::new();
    if target == Target::Quickwit {
        let instant = |d: NaiveDate| json!(format!("{d}T00:00:00Z"));
        if let Some(d) = from {
            range.insert("gte".into(), instant(d));
        }
        if let Some(d) = until {
            range.insert("lt".into(), instant(d.succ_opt().unwrap_or(d)));
        }
    } else {
        if let Some(d) = from {
            range.insert("gte".into(), json!(d.to_string()));
        }
        if let Some(d) = until {
            range.insert("lte".into(), json!(d.to_string()));
        }
        range.insert("format".into(), json!("strict_date"));
    }
    json!({"range": {(field_name::date): range}})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dsl(q: &str) -> Value {
        compile(
            &crate::search::parse::parse(q).expect("parses"),
            false,
            Target::Elasticsearch,
        )
        .expect("compiles")
    }

    #[test]
    fn words_phrases_and_boosts() {
        assert_eq!(
            dsl("summit"),
            json!({"bool": {"should": [
                {"match": {"title": {"query": "summit", "boost": 2.0}}},
                {"match": {"body": {"query": "summit"}}}
            ]}})
        );
        assert_eq!(
            dsl(r#"body:"peace talks"~3"#),
            json!({"match_phrase": {"body": {"query": "peace talks", "slop": 3}}})
        );
    }

    #[test]
    fn not_alone_matches_everything_else() {
        assert_eq!(
            dsl("-iran"),
            json!({"bool": {"must": [{"match_all": {}}], "must_not": [
                {"bool": {"should": [
                    {"match": {"title": {"query": "iran", "boost": 2.0}}},
                    {"match": {"body": {"query": "iran"}}}
                ]}}
            ]}})
        );
    }

    #[test]
    fn quickwit_gets_its_subset() {
        let qw = |q: &str| {
            compile(
                &crate::search::parse::parse(q).expect("parses"),
                false,
                Target::Quickwit,
            )
        };
        assert_eq!(
            qw("date:2025-08").expect("compiles"),
            json!({"range": {"date": {"gte": "2025-08-01T00:00:00Z", "lt": "2025-09-01T00:00:00Z"}}})
        );
        assert_eq!(
            qw(r#"body:"peace talks"~3"#).expect("compiles"),
            json!({"query_string": {"query": "\"peace talks\"~3", "fields": ["body"]}})
        );
        match qw("person:zelensky~") {
            Err(Error::Query { position, message }) => {
                assert_eq!(position, 1);
                assert!(message.contains("Quickwit"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn places_are_canonicalized() {
        let q = dsl("place:US").to_string();
        assert!(q.contains("United States"), "{q}");
        assert!(q.contains("name_keys"), "{q}");
    }

    #[test]
    fn ranges_and_errors_as_locally() {
        assert_eq!(
            dsl("date:{2025-08 TO *}"),
            json!({"range": {"date": {"gte": "2025-09-01", "format": "strict_date"}}})
        );
        for (q, pos) in [
            ("colour:red", 1),
            ("title:x~3", 1),
            ("lang:klingon", 1),
            ("title:[a TO b]", 1),
        ] {
            let node = crate::search::parse::parse(q).expect("parses");
            match compile(&node, false, Target::Elasticsearch) {
                Err(Error::Query { position, .. }) => assert_eq!(position, pos, "{q}"),
                other => panic!("{q}: {other:?}"),
            }
        }
    }
}
