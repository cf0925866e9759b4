//! The timeline of a search: how many matching articles were published in each month (undated articles are
//! not counted), read from the `date` fast field.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::schema::Field;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

/// One month and its number of matching articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: u64,
}

/// Counts matching documents per (year, month) of their date.
pub struct MonthCounts {
    date: Field,
}

impl MonthCounts {
    pub fn new(date: Field) -> MonthCounts {
        MonthCounts { date }
    }
}

pub struct SegmentMonthCounts {
    column: Option<Column<DateTime>>,
    counts: BTreeMap<(i32, u32), u64>,
}

/// The (year, month) of a date.
fn month_of(date: DateTime) -> Option<(i32, u32)> {
    use chrono::Datelike;
    let d = chrono::DateTime::from_timestamp(date.into_timestamp_secs(), 0)?.date_naive();
    Some((d.year(), d.month()))
}

impl Collector for MonthCounts {
    type Fruit = Vec<MonthCount>;
    type Child = SegmentMonthCounts;

    fn for_segment(&self, _ord: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentMonthCounts> {
        let name = segment.schema().get_field_name(self.date);
        Ok(SegmentMonthCounts {
            column: segment.fast_fields().date(name).ok(),
            counts: BTreeMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<BTreeMap<(i32, u32), u64>>) -> tantivy::Result<Vec<MonthCount>> {
        let mut total: BTreeMap<(i32, u32), u64> = BTreeMap::new();
        for fruit in fruits {
            for (month, n) in fruit {
                *total.entry(month).or_insert(0) += n;
            }
        }
        Ok(total
            .into_iter()
            .map(|((y, m), count)| MonthCount {
                month: format!("{y:04}-{m:02}"),
                count,
            })
            .collect())
    }
}

impl SegmentCollector for SegmentMonthCounts {
    type Fruit = BTreeMap<(i32, u32), u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(month) = self.column.as_ref().and_then(|c| c.first(doc)).and_then(month_of) {
            *self.counts.entry(month).or_insert(0) += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_fall_in_their_month() {
        let d = |s: i64| month_of(DateTime::from_timestamp_secs(s));
        assert_eq!(d(0), Some((1970, 1)));
        // 2013-12-31T23:59:59Z and the second after.
        assert_eq!(d(1_388_534_399), Some((2013, 12)));
        assert_eq!(d(1_388_534_400), Some((2014, 1)));
    }
}
