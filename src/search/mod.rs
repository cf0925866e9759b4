//! Searching an index: parse and compile a query, run it, and gather hits, counts, facets and entity counts.

pub mod compile;
pub mod explain;
pub mod facets;
pub mod parse;
pub mod short_names;
pub mod snippet;
pub mod timeline;

use chrono::NaiveDate;
use tantivy::collector::{Count, FruitHandle, MultiCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::{DateTime, Index, Order, TantivyDocument};

use crate::article::EntityKind;
use crate::error::Error;
use crate::index::Fields;
use crate::index::document::{StoredArticle, from_document};
use crate::index::schema::{QueryField, field_name};
pub use compile::{CompileOptions, Highlight};
pub use snippet::Snippet;

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
    /// Also count the matching articles per month ([`SearchResults::timeline`]).
    pub timeline: bool,
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
    /// When asked for: the matching articles per month, whatever the date range (it is where a range is chosen).
    pub timeline: Option<Vec<timeline::MonthCount>>,
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
    let dates = (after.is_some() || before.is_some()).then(|| compile::date_range(fields.date, after, before));
    let compiled = compile::compile_within(&node, fields, options, dates.as_ref().map(|d| d.box_clone()))?;
    let mut query = compiled.query;
    if let Some(dates) = dates {
        query = Box::new(BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, dates)]));
    }
    Ok((query, compiled.highlight))
}

/// The page of hits a search collects, by score or by date.
enum TopHandle {
    None,
    Score(FruitHandle<Vec<(f32, tantivy::DocAddress)>>),
    Date(FruitHandle<Vec<(Option<DateTime>, tantivy::DocAddress)>>),
}

/// An open index ready to answer queries.
pub struct Searcher {
    searcher: tantivy::Searcher,
    fields: Fields,
    dir: std::path::PathBuf,
    full_names: std::sync::Arc<short_names::FullNamesCache>,
}

impl Searcher {
    pub fn open(index: &Index, dir: &std::path::Path) -> Result<Searcher, Error> {
        // One search, one reader: no thread watching for the next commit.
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(dir, e))?;
        let fields = Fields::from_schema(&index.schema()).map_err(|e| Error::index(dir, e))?;
        Ok(Searcher::from_reader(&reader, fields, dir, &std::sync::Arc::default()))
    }

    /// A searcher over the last commit `reader` has loaded: a server keeps one reader (reloaded when an ingest
    /// commits) and one cache of the full names of short forms, and takes one of these per request.
    pub fn from_reader(
        reader: &tantivy::IndexReader,
        fields: Fields,
        dir: &std::path::Path,
        full_names: &std::sync::Arc<short_names::FullNamesCache>,
    ) -> Searcher {
        Searcher {
            searcher: reader.searcher(),
            fields,
            dir: dir.to_path_buf(),
            full_names: std::sync::Arc::clone(full_names),
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

    /// Run a search request, in one pass over the matching articles: the count, the page of hits, the facets and
    /// the timeline are gathered together (a query's phrases read positions for every match, so each pass costs;
    /// one pass per facet made most of the time of the web page's requests).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, Error> {
        let options = CompileOptions {
            fuzzy: req.fuzzy,
            inventory: Some(&self.searcher),
        };
        let (query, highlight) = build_query(&self.fields, &req.query, options, req.after, req.before)?;
        let dated = req.after.is_some() || req.before.is_some();
        let mut every = MultiCollector::new();
        let count = every.add_collector(Count);
        // Never ask for more hits than there are documents, nor past them (a huge --limit or --offset must not
        // allocate a huge heap).
        let documents = usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = if req.offset >= documents {
            0
        } else {
            req.limit.min(documents)
        };
        let page = TopDocs::with_limit(limit.max(1)).and_offset(req.offset);
        let top = match (limit, req.sort) {
            (0, _) => TopHandle::None,
            (_, SortOrder::Score) => TopHandle::Score(every.add_collector(page.order_by_score())),
            (_, SortOrder::Date) => TopHandle::Date(
                every.add_collector(page.order_by_fast_field::<DateTime>(field_name::date, Order::Desc)),
            ),
        };
        let facet_handles: Vec<_> = req
            .facets
            .iter()
            .map(|f| every.add_collector(facets::ValueCounts::new(f.exact_field(&self.fields))))
            .collect();
        // The timeline spans the matches of the query without its date range (it is where a range is chosen): with
        // a range, a pass of its own.
        let months =
            (req.timeline && !dated).then(|| every.add_collector(timeline::MonthCounts::new(self.fields.date)));
        let (total, addresses, facet_counts, months) =
            if matches!(top, TopHandle::None) && facet_handles.is_empty() && months.is_none() {
                // Only the count: tantivy counts some queries without visiting their matches.
                (
                    self.ix(self.searcher.search(&query, &Count))?,
                    Vec::new(),
                    Vec::new(),
                    None,
                )
            } else {
                let mut fruits = self.ix(self.searcher.search(&query, &every))?;
                let addresses: Vec<(Option<f32>, tantivy::DocAddress)> = match top {
                    TopHandle::None => Vec::new(),
                    TopHandle::Score(h) => h.extract(&mut fruits).into_iter().map(|(s, a)| (Some(s), a)).collect(),
                    TopHandle::Date(h) => h.extract(&mut fruits).into_iter().map(|(_, a)| (None, a)).collect(),
                };
                let facet_counts: Vec<_> = facet_handles.into_iter().map(|h| h.extract(&mut fruits)).collect();
                let months = months.map(|h| h.extract(&mut fruits));
                (count.extract(&mut fruits), addresses, facet_counts, months)
            };
        let timeline = match months {
            Some(months) => Some(months),
            None if req.timeline => {
                Some(self.collect(&req.query, req.fuzzy, &timeline::MonthCounts::new(self.fields.date))?)
            }
            None => None,
        };
        let mut hits = Vec::new();
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
        let mut facet_results = Vec::new();
        for (facet, counts) in req.facets.iter().zip(facet_counts) {
            let counts = match facet {
                FacetField::Entity(kind) => self.merge_short_names(*kind, counts),
                _ => counts,
            };
            facet_results.push((*facet, facets::top(counts, req.facet_limit)));
        }
        Ok(SearchResults {
            total,
            hits,
            facets: facet_results,
            timeline,
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
