//! `search --remote`: a search request run on Elasticsearch, OpenSearch or Quickwit, its answer read back into the
//! same [`SearchResults`] local search gives (hits with snippets and matches made here, as local search makes
//! them, from the exported fields; facets from `terms` aggregations).

use serde_json::Value;

use super::dsl;
use super::send::{Client, first_line};
use crate::error::Error;
use crate::index::document::{EntityCount, StoredArticle};
use crate::index::schema::{Fields, field_name};
use crate::search::compile::{self, CompileOptions};
use crate::search::{Hit, SearchRequest, SearchResults, explain, parse, snippet};

/// Run `req` on the engine behind `client`.
pub fn search(client: &Client, req: &SearchRequest) -> Result<SearchResults, Error> {
    let body = dsl::request(req, client.endpoint.target)?;
    // The terms to highlight and the entities to explain, as local search finds them (without an index).
    let fields = Fields::from_schema(&crate::index::schema::build()).map_err(Error::Other)?;
    let node = parse::parse(&req.query)?;
    let highlight = compile::compile(
        &node,
        &fields,
        CompileOptions {
            fuzzy: req.fuzzy,
            inventory: None,
        },
    )?
    .highlight;

    let url = client.endpoint.api("_search");
    let answer = client.post(&url, "application/json", body.to_string().as_bytes())?;
    let target = client.endpoint.target.name();
    if !(200..300).contains(&answer.status) {
        return Err(Error::Other(format!(
            "{target} answered {} to the search at {url}: {}",
            answer.status,
            first_line(&answer.body)
        )));
    }
    let parsed: Value = serde_json::from_str(&answer.body).map_err(|e| {
        Error::Other(format!(
            "{url}: the answer is not JSON ({e}): {}",
            first_line(&answer.body)
        ))
    })?;
    let total = parsed["hits"]["total"]["value"]
        .as_u64()
        .or_else(|| parsed["hits"]["total"].as_u64())
        .unwrap_or(0) as usize;
    let mut hits = Vec::new();
    for (i, h) in parsed["hits"]["hits"].as_array().into_iter().flatten().enumerate() {
        let article = stored_article(&h["_source"], h["_id"].as_str());
        let snippet = snippet::make(&article.body, &highlight);
        let matches = explain::matches(&article, &highlight.entities);
        hits.push(Hit {
            rank: req.offset + i + 1,
            score: if req.sort == crate::search::SortOrder::Date {
                None
            } else {
                h["_score"].as_f64().map(|s| s as f32)
            },
            article,
            snippet,
            matches,
        });
    }
    let mut facets = Vec::new();
    for facet in &req.facets {
        let buckets = parsed["aggregations"][facet.name()]["buckets"].as_array();
        let values = buckets
            .into_iter()
            .flatten()
            .filter_map(|b| Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?)))
            .collect();
        facets.push((*facet, values));
    }
    Ok(SearchResults {
        total,
        hits,
        facets,
        timeline: None,
    })
}

/// An exported document read back as local search reads a stored one.
pub fn stored_article(source: &Value, id: Option<&str>) -> StoredArticle {
    let text = |name: &str| source[name].as_str().map(str::to_string);
    // A field with several values is an array in the document; one value may come back as a plain string.
    let texts = |name: &str| match &source[name] {
        Value::Array(values) => values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Value::String(one) => vec![one.clone()],
        _ => Vec::new(),
    };
    let entities: Vec<EntityCount> = serde_json::from_value(source[field_name::entities].clone()).unwrap_or_default();
    StoredArticle {
        id: text(field_name::id)
            .or_else(|| id.map(str::to_string))
            .unwrap_or_default(),
        path: text(field_name::path).unwrap_or_default(),
        title: text(field_name::title).unwrap_or_default(),
        body: text(field_name::body).unwrap_or_default(),
        date: text(field_name::date).and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        source: text(field_name::source),
        byline: text(field_name::byline),
        url: text(field_name::url),
        lang: text(field_name::lang),
        dateline: text(field_name::dateline),
        captions: texts(field_name::captions),
        credits: texts(field_name::credits),
        entities,
    }
}
