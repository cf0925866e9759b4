//! Counting values of an exact (fast) field over every document a query matches: facets and entity counts.

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Field;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Matching documents per value.
pub type Counts = FxHashMap<String, u64>;

/// Counts, per value of a multi-valued string fast field, the matching documents holding it.
pub struct ValueCounts {
    field: Field,
}

impl ValueCounts {
    pub fn new(field: Field) -> ValueCounts {
        ValueCounts { field }
    }
}

pub struct SegmentValueCounts {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl Collector for ValueCounts {
    type Fruit = Counts;
    type Child = SegmentValueCounts;

    fn for_segment(&self, _ord: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentValueCounts> {
        let column = segment.fast_fields().str(segment.schema().get_field_name(self.field))?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentValueCounts {
            column,
            counts: vec![0; terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total: Counts = Counts::default();
        for fruit in fruits {
            for (value, n) in fruit {
                *total.entry(value).or_insert(0) += n;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentValueCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(n) = self.counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut out = Counts::default();
        let Some(column) = self.column else { return out };
        // The values of the counted ordinals, read in one pass over the dictionary (looking each one up re-reads
        // its dictionary block from the start: a broad query over 100,000 articles spent 0.2 s per facet on that).
        let ords: Vec<u64> = (0..self.counts.len() as u64)
            .filter(|&ord| self.counts[ord as usize] > 0)
            .collect();
        let mut at = 0;
        let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            if let (Some(&ord), Ok(value)) = (ords.get(at), std::str::from_utf8(bytes)) {
                out.insert(value.to_string(), self.counts[ord as usize]);
            }
            at += 1;
        });
        out
    }
}

/// The `limit` most frequent values, ties broken by name.
pub fn top(counts: Counts, limit: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_sorts_by_count_then_name() {
        let counts: Counts = [("b".to_string(), 2), ("a".to_string(), 2), ("c".to_string(), 5)]
            .into_iter()
            .collect();
        assert_eq!(top(counts, 2), vec![("c".to_string(), 5), ("a".to_string(), 2)]);
    }
}
