//! Searching an index: parse and compile a query, run it, and gather hits, counts, facets and entity counts.

pub mod compile;
pub mod explain;
pub mod facets;
pub mod parse;
pub mod snippet;

use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::{DateTime, Index, Order, TantivyDocument};

use crate::article::EntityKind;
use crate::error::Error;
use crate::index::Fields;
use crate::index::document::{StoredArticle, from_document};
use crate::index::name_keys;
use crate::index::schema::{QueryField, field_name};
pub use compile::{CompileOptions, Highlight};
pub use snippet::Snippet;
use std::collections::HashMap;

/// How to order hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    Score,
    /// Newest first.
    Date,
}

/// A field that facets can count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    Entity(EntityKind),
    Country,
    Source,
    Lang,
}

impl FacetField {
    /// A facet named as a query field or one of its aliases (`person`, `outlet`, `language`), or an entity kind.
    pub fn parse(name: &str) -> Option<FacetField> {
        match QueryField::resolve(name) {
            Some(QueryField::Person) => Some(FacetField::Entity(EntityKind::Person)),
            Some(QueryField::Place) => Some(FacetField::Entity(EntityKind::Place)),
            Some(QueryField::Org) => Some(FacetField::Entity(EntityKind::Org)),
            Some(QueryField::Country) => Some(FacetField::Country),
            Some(QueryField::Source) => Some(FacetField::Source),
            Some(QueryField::Lang) => Some(FacetField::Lang),
            Some(_) => None,
            None => EntityKind::parse(name).map(FacetField::Entity),
        }
    }

    /// The facet's name in output: the name of the field it counts.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Entity(kind) => kind.field_name(),
            FacetField::Country => field_name::country,
            FacetField::Source => field_name::source,
            FacetField::Lang => field_name::lang,
        }
    }

    /// The fast field that holds each distinct value once per article.
    fn exact_field(self, fields: &Fields) -> Field {
        match self {
            FacetField::Entity(kind) => fields.entity_exact(kind),
            FacetField::Country => fields.country_exact,
            FacetField::Source => fields.source_exact,
            FacetField::Lang => fields.lang,
        }
    }
}

/// Everything a search needs besides the index.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    pub sort: SortOrder,
    /// Only articles dated on or after this day.
    pub after: Option<NaiveDate>,
    /// Only articles dated on or before this day.
    pub before: Option<NaiveDate>,
    pub fuzzy: bool,
    pub facets: Vec<FacetField>,
    pub facet_limit: usize,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    /// Relevance score; `None` when sorted by date.
    pub score: Option<f32>,
    pub article: StoredArticle,
    pub snippet: Snippet,
    /// For entity queries: the mentions that made the article match, as written, with their canonical names.
    pub matches: Vec<explain::Match>,
}

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Number of matching articles (all of them, not just the page shown).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<(FacetField, Vec<(String, u64)>)>,
}

/// Parse, compile and add the date filters of a request: the query to run and the terms to highlight.
pub fn build_query(
    fields: &Fields,
    query: &str,
    options: CompileOptions<'_>,
    after: Option<NaiveDate>,
    before: Option<NaiveDate>,
) -> Result<(Box<dyn Query>, Highlight), Error> {
    let node = parse::parse(query)?;
    let compiled = compile::compile(&node, fields, options)?;
    let mut query = compiled.query;
    if after.is_some() || before.is_some() {
        query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, compile::date_range(fields.date, after, before)),
        ]));
    }
    Ok((query, compiled.highlight))
}

/// An open index ready to answer queries.
pub struct Searcher {
    searcher: tantivy::Searcher,
    fields: Fields,
    dir: std::path::PathBuf,
}

impl Searcher {
    pub fn open(index: &Index, dir: &std::path::Path) -> Result<Searcher, Error> {
        let reader = index.reader().map_err(|e| Error::index(dir, e))?;
        let fields = Fields::from_schema(&index.schema()).map_err(|e| Error::index(dir, e))?;
        Ok(Searcher::from_reader(&reader, fields, dir))
    }

    /// A searcher over the last commit `reader` has loaded: a server keeps one reader (reloaded when an ingest
    /// commits) and takes one of these per request.
    pub fn from_reader(reader: &tantivy::IndexReader, fields: Fields, dir: &std::path::Path) -> Searcher {
        Searcher {
            searcher: reader.searcher(),
            fields,
            dir: dir.to_path_buf(),
        }
    }

    /// The article with this id, if the index holds it.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, Error> {
        let term = tantivy::Term::from_field_text(self.fields.id, id);
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let top = self.ix(self.searcher.search(&query, &TopDocs::with_limit(1).order_by_score()))?;
        let Some((_, address)) = top.into_iter().next() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.ix(self.searcher.doc(address))?;
        Ok(Some(from_document(&self.fields, &doc)))
    }

    /// Run any collector over the articles matching `query` (parsed and compiled as [`Searcher::search`] does).
    pub fn collect<C: tantivy::collector::Collector>(
        &self,
        query: &str,
        fuzzy: bool,
        collector: &C,
    ) -> Result<C::Fruit, Error> {
        let options = CompileOptions {
            fuzzy,
            inventory: Some(&self.searcher),
        };
        let (query, _) = build_query(&self.fields, query, options, None, None)?;
        self.ix(self.searcher.search(&query, collector))
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Number of articles in the index.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn ix<T>(&self, r: tantivy::Result<T>) -> Result<T, Error> {
        r.map_err(|e| Error::index(&self.dir, e))
    }

    /// Run a search request.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, Error> {
        let options = CompileOptions {
            fuzzy: req.fuzzy,
            inventory: Some(&self.searcher),
        };
        let (query, highlight) = build_query(&self.fields, &req.query, options, req.after, req.before)?;
        let total = self.ix(self.searcher.search(&query, &Count))?;
        let mut hits = Vec::new();
        // Never ask for more hits than there are documents (a huge --limit must not allocate a huge heap).
        let limit = req.limit.min(total);
        if limit > 0 && req.offset < total {
            let top = TopDocs::with_limit(limit).and_offset(req.offset);
            let addresses: Vec<(Option<f32>, tantivy::DocAddress)> = match req.sort {
                SortOrder::Score => self
                    .ix(self.searcher.search(&query, &top.order_by_score()))?
                    .into_iter()
                    .map(|(s, a)| (Some(s), a))
                    .collect(),
                SortOrder::Date => self
                    .ix(self.searcher.search(
                        &query,
                        &top.order_by_fast_field::<DateTime>(field_name::date, Order::Desc),
                    ))?
                    .into_iter()
                    .map(|(_, a)| (None, a))
                    .collect(),
            };
            for (i, (score, address)) in addresses.into_iter().enumerate() {
                let doc: TantivyDocument = self.ix(self.searcher.doc(address))?;
                let article = from_document(&self.fields, &doc);
                let snippet = snippet::make(&article.body, &highlight);
                let matches = explain::matches(&article, &highlight.entities);
                hits.push(Hit {
                    rank: req.offset + i + 1,
                    score,
                    article,
                    snippet,
                    matches,
                });
            }
        }
        let mut facet_results = Vec::new();
        for facet in &req.facets {
            let mut counts = self.ix(self
                .searcher
                .search(&query, &facets::ValueCounts::new(facet.exact_field(&self.fields))))?;
            if let FacetField::Entity(kind) = facet {
                counts = self.merge_short_names(*kind, counts);
            }
            facet_results.push((*facet, facets::top(counts, req.facet_limit)));
        }
        Ok(SearchResults {
            total,
            hits,
            facets: facet_results,
        })
    }

    /// Entities by the number of articles they appear in, over the whole index or the articles matching `query`.
    pub fn entities(
        &self,
        query: Option<&str>,
        kinds: &[EntityKind],
        limit: usize,
        fuzzy: bool,
    ) -> Result<Vec<(EntityKind, String, u64)>, Error> {
        let query: Box<dyn Query> = match query {
            Some(q) => {
                let options = CompileOptions {
                    fuzzy,
                    inventory: Some(&self.searcher),
                };
                build_query(&self.fields, q, options, None, None)?.0
            }
            None => Box::new(tantivy::query::AllQuery),
        };
        let mut all = Vec::new();
        for kind in kinds {
            let field = self.fields.entity_exact(*kind);
            let counts = self.ix(self.searcher.search(&query, &facets::ValueCounts::new(field)))?;
            let counts = self.merge_short_names(*kind, counts);
            all.extend(counts.into_iter().map(|(name, n)| (*kind, name, n)));
        }
        all.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        all.truncate(limit);
        Ok(all)
    }
}

/// How many full names of a short form facets read from the index (more count as "many").
const MAX_SHORT_FORM_NAMES: usize = 64;

impl Searcher {
    /// Count a name under the full name it stands for in this index, as a reader would: a person's surname alone
    /// ("Einstein") under the full name with that surname ("Albert Einstein"), an organization's short form
    /// ("Ford", "Air Force") under the organization it shortens ("Ford Motor Company", "United States Air Force"),
    /// and names that differ only in case ("NASDAQ", "Nasdaq") under the more frequent spelling. A short form is
    /// merged into the full name among the same counts that holds most of the articles of all the full names it
    /// may shorten, and only when that name is at least as frequent as the short form itself (a short form used
    /// mostly on its own is not folded into a rare longer name, often a tagging slip such as "Toyota and
    /// Nissan"). The short form's articles never also hold the full name (an article links its own short forms
    /// to its full names), so the counts add up.
    pub fn merge_short_names(&self, kind: EntityKind, counts: HashMap<String, u64>) -> HashMap<String, u64> {
        if kind == EntityKind::Place {
            return counts;
        }
        // Case variants first: the most frequent spelling (then the first in order) names them all.
        let mut by_fold: HashMap<String, (String, u64)> = HashMap::new();
        let mut sorted: Vec<(String, u64)> = counts.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (name, n) in sorted {
            let fold = name_keys::key_words(&name).join(" ");
            by_fold.entry(fold).or_insert((name, 0)).1 += n;
        }
        // Where each short form goes (by folded name).
        let mut into: HashMap<&String, &String> = HashMap::new();
        for (fold, (_, n)) in &by_fold {
            if kind == EntityKind::Person && fold.contains(' ') {
                continue;
            }
            let fulls = name_keys::full_names(&self.searcher, self.fields.name_keys, kind, fold, MAX_SHORT_FORM_NAMES)
                .unwrap_or_default();
            let present: Vec<(&String, u64)> = fulls
                .iter()
                .filter(|f| *f != fold)
                .filter_map(|f| by_fold.get_key_value(f).map(|(k, (_, full_n))| (k, *full_n)))
                .collect();
            let total: u64 = present.iter().map(|p| p.1).sum();
            if let Some((best, best_n)) = present.iter().max_by_key(|p| p.1)
                && *best_n >= *n
                && best_n * 2 > total
            {
                into.insert(fold, best);
            }
        }
        let mut merged: HashMap<String, u64> = HashMap::new();
        for (fold, (name, n)) in &by_fold {
            // Follow a chain of merges ("Ford" -> "Ford Motor" -> "Ford Motor Company") to its end.
            let mut at = fold;
            for _ in 0..8 {
                match into.get(at) {
                    Some(next) => at = next,
                    None => break,
                }
            }
            let display = by_fold.get(at).map_or(name, |(d, _)| d);
            *merged.entry(display.clone()).or_insert(0) += n;
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random strings over the query language's special characters never panic the parser or compiler.
    #[test]
    fn arbitrary_queries_never_panic() {
        let alphabet: Vec<char> = "ab:\"()[]{}~-+ ORANDNOT*TOé“”\\/.0123date:person:".chars().collect();
        let schema = crate::index::schema::build();
        let fields = Fields::from_schema(&schema).expect("fields");
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut q = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                q.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let _ = build_query(
                &fields,
                &q,
                CompileOptions {
                    fuzzy: state.is_multiple_of(2),
                    inventory: None,
                },
                None,
                None,
            );
        }
    }
}
