//! Writing to the index: taking the single-writer lock, reading what is already indexed, replacing a file's
//! documents, deleting, committing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::indexer::IndexWriterOptions;
use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError, Term};

use super::Fields;
use super::merges::BoundedMerges;
use super::schema::field_name;
use crate::error::Error;

/// What the index holds about one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedFile {
    pub size: u64,
    pub mtime: i64,
    pub hash: String,
    /// Number of documents (records) from this file.
    pub docs: u64,
}

/// The index writer plus the fields it writes.
pub struct Writer {
    dir: PathBuf,
    writer: IndexWriter<TantivyDocument>,
    pub fields: Fields,
}

impl Writer {
    /// Take the index's write lock. Another process holding it gives [`Error::IndexLocked`]; the lock is an OS file
    /// lock, so one left by a crashed process does not block. `max_merge_mb` bounds the segments one merge reads
    /// (see [`super::merges`]; 0: no bound).
    pub fn open(
        index: &Index,
        dir: &Path,
        threads: usize,
        memory_mb: usize,
        max_merge_mb: u64,
    ) -> Result<Writer, Error> {
        let fields = Fields::from_schema(&index.schema()).map_err(|e| Error::index(dir, e))?;
        let threads = threads.clamp(1, 8);
        // tantivy wants 15 MB to 4 GB per indexing thread.
        let per_thread = (memory_mb.max(15).saturating_mul(1024 * 1024) / threads).clamp(15_000_000, 4_000_000_000);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(per_thread)
            // With merges bounded, one at a time: two at once would read twice the bound. Else tantivy's default.
            .maybe_num_merge_threads((max_merge_mb > 0).then_some(1))
            .build();
        let writer = index.writer_with_options(options).map_err(|e| match e {
            TantivyError::LockFailure(..) => Error::IndexLocked(dir.to_path_buf()),
            other => Error::index(dir, other),
        })?;
        writer.set_merge_policy(Box::new(BoundedMerges::new(
            dir,
            max_merge_mb.saturating_mul(1024 * 1024),
        )));
        Ok(Writer {
            dir: dir.to_path_buf(),
            writer,
            fields,
        })
    }

    /// Remove every document that came from `file` (applied at the next commit, before later additions).
    pub fn delete_file(&self, file: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.file, file));
    }

    pub fn add(&self, doc: TantivyDocument) -> Result<(), Error> {
        self.writer
            .add_document(doc)
            .map(|_| ())
            .map_err(|e| Error::index(&self.dir, e))
    }

    pub fn commit(&mut self) -> Result<(), Error> {
        self.writer.commit().map(|_| ()).map_err(|e| Error::index(&self.dir, e))
    }

    /// Commit and wait for background merges, releasing the lock.
    pub fn finish(mut self) -> Result<(), Error> {
        self.commit()?;
        self.writer
            .wait_merging_threads()
            .map_err(|e| Error::index(&self.dir, e))
    }
}

/// Everything the index holds, per source file (absolute path): its size, mtime, hash and document count.
/// Read from fast fields only, so it stays quick on large indexes.
pub fn indexed_files(index: &Index, dir: &Path) -> Result<HashMap<String, IndexedFile>, Error> {
    let reader = index.reader().map_err(|e| Error::index(dir, e))?;
    let searcher = reader.searcher();
    let mut out: HashMap<String, IndexedFile> = HashMap::new();
    let err = |e: &dyn std::fmt::Display| Error::index(dir, e);
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(files), Some(hashes)) = (
            ff.str(field_name::file).map_err(|e| err(&e))?,
            ff.str(field_name::content_hash).map_err(|e| err(&e))?,
        ) else {
            continue;
        };
        let sizes = ff.u64(field_name::file_size).map_err(|e| err(&e))?;
        let mtimes = ff.i64(field_name::file_mtime).map_err(|e| err(&e))?;
        // Resolve every term once by streaming the dictionaries (one block decompression per block), instead of
        // `ord_to_str` per document (one zstd block decompression, and a new zstd context, per call).
        let all_terms = |col: &tantivy::columnar::StrColumn| -> Result<Vec<String>, Error> {
            let mut terms = Vec::with_capacity(col.num_terms());
            let mut stream = col.dictionary().stream().map_err(|e| err(&e))?;
            while stream.advance() {
                terms.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
            Ok(terms)
        };
        let names = all_terms(&files)?;
        let hash_names = all_terms(&hashes)?;
        for doc in segment.doc_ids_alive() {
            let Some(name) = files.term_ords(doc).next().and_then(|ord| names.get(ord as usize)) else {
                continue;
            };
            if let Some(entry) = out.get_mut(name.as_str()) {
                entry.docs += 1;
                continue;
            }
            let hash = hashes
                .term_ords(doc)
                .next()
                .and_then(|ord| hash_names.get(ord as usize))
                .map(String::to_owned)
                .unwrap_or_default();
            out.insert(
                name.clone(),
                IndexedFile {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime: mtimes.first(doc).unwrap_or(0),
                    hash,
                    docs: 1,
                },
            );
        }
    }
    Ok(out)
}
