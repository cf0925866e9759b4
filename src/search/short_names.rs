//! Facet counts under the names readers know: a short form ("Einstein", "Ford") counted under the full name it
//! stands for in this index, case variants under one spelling. Owns the per-commit cache of which full names each
//! short form may stand for (read from the `name_keys` field), which a server shares across requests.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::schema::Field;

use super::Searcher;
use super::facets::Counts;
use crate::article::EntityKind;
use crate::index::name_keys;

/// Most short forms whose full names one cache holds (then it starts over).
const MAX_CACHED: usize = 200_000;

/// The full names of short forms, read once per commit: every facet of a broad query asks for those of hundreds of
/// names, and each read walks the term dictionary of every segment (most of the time of the web page's requests
/// before this cache).
#[derive(Default)]
pub struct FullNamesCache {
    state: Mutex<CacheState>,
}

#[derive(Default)]
struct CacheState {
    /// The commit (searcher generation) the names were read from.
    generation: Option<u64>,
    names: FxHashMap<(EntityKind, String), Arc<[String]>>,
}

impl FullNamesCache {
    /// The full names `short` may stand for in the commit `searcher` reads (at most
    /// [`MAX_SHORT_FORM_NAMES`] + 1 of them: more count as "many").
    pub fn get(&self, searcher: &tantivy::Searcher, field: Field, kind: EntityKind, short: &str) -> Arc<[String]> {
        let generation = searcher.generation().generation_id();
        let key = (kind, short.to_string());
        if let Ok(mut state) = self.state.lock() {
            if state.generation != Some(generation) {
                state.names.clear();
                state.generation = Some(generation);
            }
            if let Some(names) = state.names.get(&key) {
                return Arc::clone(names);
            }
        }
        let names: Arc<[String]> = name_keys::full_names(searcher, field, kind, short, MAX_SHORT_FORM_NAMES)
            .unwrap_or_default()
            .into();
        if let Ok(mut state) = self.state.lock()
            && state.generation == Some(generation)
        {
            if state.names.len() >= MAX_CACHED {
                state.names.clear();
            }
            state.names.insert(key, Arc::clone(&names));
        }
        names
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
    pub fn merge_short_names(&self, kind: EntityKind, counts: Counts) -> Counts {
        if kind == EntityKind::Place {
            return counts;
        }
        // Case variants first: the most frequent spelling (then the first in order) names them all.
        let mut by_fold: FxHashMap<String, (String, u64)> = FxHashMap::default();
        let mut sorted: Vec<(String, u64)> = counts.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (name, n) in sorted {
            let fold = name_keys::key_words(&name).join(" ");
            by_fold.entry(fold).or_insert((name, 0)).1 += n;
        }
        // Where each short form goes (by folded name).
        let mut into: FxHashMap<&String, &String> = FxHashMap::default();
        for (fold, (_, n)) in &by_fold {
            if kind == EntityKind::Person && fold.contains(' ') {
                continue;
            }
            let fulls = self.full_names.get(&self.searcher, self.fields.name_keys, kind, fold);
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
        let mut merged = Counts::default();
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
