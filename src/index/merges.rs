//! Which segments ingest merges: tantivy's log-size levels, with no merge reading more than a set number of bytes
//! of segments.
//!
//! A merge reads its segments through memory maps, and every page it reads stays resident in the process until the
//! merge ends. With tantivy's default policy the last merges of a big run read a third of the index at once: at
//! 1,000,000 articles that was 1.3 GB of mapped pages on top of ingest's own 250 MB. Bounding the bytes a merge
//! reads, and running one merge at a time (the writer's side, [`super::writer::Writer::open`]), bounds that part of
//! ingest's memory whatever the archive's size, at the price of more segments.

use std::path::{Path, PathBuf};

use tantivy::index::{SegmentComponent, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// `newsdex ingest --max-merge-mb`'s default.
pub const DEFAULT_MAX_MERGE_MB: u64 = 256;

/// Merges of at most `max_bytes` of segments, chosen as tantivy's [`LogMergePolicy`] chooses them.
#[derive(Debug)]
pub struct BoundedMerges {
    dir: PathBuf,
    max_bytes: u64,
    levels: LogMergePolicy,
}

impl BoundedMerges {
    /// For the index in `dir`; `max_bytes` of 0 leaves merges unbounded (tantivy's default policy).
    pub fn new(dir: &Path, max_bytes: u64) -> BoundedMerges {
        BoundedMerges {
            dir: dir.to_path_buf(),
            max_bytes,
            levels: LogMergePolicy::default(),
        }
    }

    /// The bytes of a segment's files on disk (those a merge reads).
    fn bytes(&self, segment: &SegmentMeta) -> u64 {
        [
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
        ]
        .into_iter()
        .filter_map(|component| std::fs::metadata(self.dir.join(segment.relative_path(component))).ok())
        .map(|m| m.len())
        .sum()
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        if self.max_bytes == 0 {
            return self.levels.compute_merge_candidates(segments);
        }
        let sized: Vec<(SegmentMeta, u64)> = segments.iter().map(|s| (s.clone(), self.bytes(s))).collect();
        bounded_candidates(&self.levels, &sized, self.max_bytes)
    }
}

/// A finished segment with at least this share of its documents deleted (files re-ingested since) is rewritten on
/// its own, without them.
const COMPACT_DELETED_SHARE: f64 = 0.25;

/// The log policy's merges among the segments of at most half of `max_bytes` (a bigger one is finished: merging
/// it with anything would read more than `max_bytes`), each cut into merges of at most `max_bytes`; and a finished
/// segment of at most `max_bytes` that has lost a quarter of its documents, alone.
fn bounded_candidates(levels: &LogMergePolicy, segments: &[(SegmentMeta, u64)], max_bytes: u64) -> Vec<MergeCandidate> {
    let open: Vec<SegmentMeta> = segments
        .iter()
        .filter(|(_, bytes)| *bytes <= max_bytes / 2)
        .map(|(s, _)| s.clone())
        .collect();
    let size_of = |id| {
        segments
            .iter()
            .find(|(s, _)| s.id() == id)
            .map_or(0, |(_, bytes)| *bytes)
    };
    let mut merges: Vec<MergeCandidate> = segments
        .iter()
        .filter(|(s, bytes)| {
            *bytes > max_bytes / 2
                && *bytes <= max_bytes
                && f64::from(s.num_deleted_docs()) >= COMPACT_DELETED_SHARE * f64::from(s.max_doc().max(1))
        })
        .map(|(s, _)| MergeCandidate(vec![s.id()]))
        .collect();
    for MergeCandidate(mut ids) in levels.compute_merge_candidates(&open) {
        // Smallest first, packed greedily: each merge as full as the bound allows.
        ids.sort_by_key(|id| size_of(*id));
        let mut merge = Vec::new();
        let mut bytes = 0;
        let mut chunks = Vec::new();
        for id in ids {
            let size = size_of(id);
            if !merge.is_empty() && bytes + size > max_bytes {
                chunks.push(std::mem::take(&mut merge));
                bytes = 0;
            }
            merge.push(id);
            bytes += size;
        }
        chunks.push(merge);
        // A segment left alone is no merge.
        merges.extend(chunks.into_iter().filter(|c| c.len() > 1).map(MergeCandidate));
    }
    merges
}

#[cfg(test)]
mod tests {
    use tantivy::Index;
    use tantivy::index::SegmentId;

    use super::*;

    fn segments(inventory: &Index, sizes: &[(u32, u64)]) -> Vec<(SegmentMeta, u64)> {
        sizes
            .iter()
            .map(|&(docs, bytes)| (inventory.new_segment_meta(SegmentId::generate_random(), docs), bytes))
            .collect()
    }

    fn inventory() -> Index {
        Index::create_in_ram(tantivy::schema::Schema::builder().build())
    }

    fn merged_bytes(merges: &[MergeCandidate], segments: &[(SegmentMeta, u64)]) -> Vec<u64> {
        merges
            .iter()
            .map(|MergeCandidate(ids)| {
                ids.iter()
                    .map(|id| segments.iter().find(|(s, _)| s.id() == *id).map_or(0, |(_, b)| *b))
                    .sum()
            })
            .collect()
    }

    #[test]
    fn merges_read_at_most_the_bound() {
        let inventory = inventory();
        // Twenty segments of 5,000 documents and 20 MB: one level for the log policy, one merge of all twenty.
        let all = segments(&inventory, &[(5_000, 20_000_000); 20]);
        let unbounded =
            LogMergePolicy::default().compute_merge_candidates(&all.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>());
        assert_eq!(merged_bytes(&unbounded, &all), vec![400_000_000]);
        // Bounded at 100 MB: four merges of five segments.
        let bounded = bounded_candidates(&LogMergePolicy::default(), &all, 100_000_000);
        assert_eq!(merged_bytes(&bounded, &all), vec![100_000_000; 4]);
        assert!(bounded.iter().all(|MergeCandidate(ids)| ids.len() == 5));
    }

    #[test]
    fn segments_over_half_the_bound_are_finished() {
        let inventory = inventory();
        let mut sizes = vec![(40_000, 90_000_000); 9];
        sizes.extend([(5_000, 10_000_000); 8]);
        let all = segments(&inventory, &sizes);
        let bounded = bounded_candidates(&LogMergePolicy::default(), &all, 100_000_000);
        // The nine big ones are left alone; the eight small ones merge.
        assert_eq!(merged_bytes(&bounded, &all), vec![80_000_000]);
    }

    #[test]
    fn finished_segments_that_lost_a_quarter_are_rewritten_alone() {
        let inventory = inventory();
        let mut all = segments(&inventory, &[(40_000, 90_000_000); 3]);
        all[0].0 = all[0].0.clone().with_delete_meta(10_000, 1);
        all[1].0 = all[1].0.clone().with_delete_meta(9_999, 1);
        let bounded = bounded_candidates(&LogMergePolicy::default(), &all, 100_000_000);
        assert_eq!(bounded.len(), 1);
        assert_eq!(bounded[0].0, vec![all[0].0.id()]);
        // Not a segment larger than the bound (made before it was set): rewriting it would read more.
        assert!(bounded_candidates(&LogMergePolicy::default(), &all, 80_000_000).is_empty());
    }
}
