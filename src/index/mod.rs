//! The tantivy index: its schema and analyzers (one place), opening it, and writing articles into it.

pub mod analyzers;
pub mod document;
pub mod merges;
pub mod name_keys;
pub mod schema;
pub mod writer;

use std::path::{Path, PathBuf};

use tantivy::Index;
use tantivy::index::IndexSettings;
use tantivy::store::{Compressor, ZstdCompressor};

use crate::error::Error;
pub use schema::Fields;

/// Where the index lives: `--index DIR`, else `NEWSDEX_INDEX`, else `./index`.
pub fn resolve_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    match std::env::var_os("NEWSDEX_INDEX") {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from("index"),
    }
}

/// True when `dir` holds a tantivy index (its `meta.json`).
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Open an existing index for reading, with newsdex's analyzers registered.
pub fn open(dir: &Path) -> Result<Index, Error> {
    if !exists(dir) {
        return Err(Error::IndexMissing(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir).map_err(|e| Error::IndexUnusable {
        dir: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    schema::check_compatible(&index.schema()).map_err(|reason| Error::IndexUnusable {
        dir: dir.to_path_buf(),
        reason,
    })?;
    analyzers::register(&index);
    Ok(index)
}

/// Most threads one search uses unless told otherwise (`--threads`).
pub const MAX_SEARCH_THREADS: usize = 8;

/// [`open`] for a one-off search (the CLI's `search` and `entities`), its segments searched on up to `threads`
/// threads (see [`search_in_parallel`]), never more than it has segments.
pub fn open_for_search(dir: &Path, threads: usize) -> Result<Index, Error> {
    let mut index = open(dir)?;
    let segments = index.searchable_segment_ids().map_or(1, |ids| ids.len());
    search_in_parallel(&mut index, threads.min(segments));
    Ok(index)
}

/// Search the segments of `index` in parallel, on a pool of `threads` threads that every search of it shares
/// (tantivy's multithread executor); with one thread, on the calling thread. A million articles make a dozen
/// segments: on two cores this takes a third off a query that matches tens of thousands of them, and a server
/// under load answers as many requests a second as on one thread.
pub fn search_in_parallel(index: &mut Index, threads: usize) {
    // Threads that cannot be started leave the search on the calling one. (rayon reads 0 as "one per core": never
    // asked for here.)
    if threads > 1 && index.set_multithread_executor(threads).is_err() {
        eprintln!("warning: searching on one thread (no search threads could be started)");
    }
}

/// How a new index stores its documents: zstd (level 1) in blocks of 32 KB instead of tantivy's lz4 in 16 KB. The
/// stored text is most of an index: on 100,000 generated articles it takes 162 MB instead of 239, and the index 307
/// MB instead of 384, for the same ingest time; every merge reads that much less. A search decompresses only the
/// blocks of the hits it shows. An index made before keeps its own settings.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(STORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: 32 * 1024,
        ..IndexSettings::default()
    }
}

/// zstd's level for stored documents.
const STORE_ZSTD_LEVEL: i32 = 1;

/// Open the index for writing, creating the directory and an empty index when missing.
pub fn open_or_create(dir: &Path) -> Result<Index, Error> {
    if exists(dir) {
        return open(dir);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::IndexUnusable {
        dir: dir.to_path_buf(),
        reason: format!("cannot create directory: {e}"),
    })?;
    let index = Index::builder()
        .schema(schema::build())
        .settings(settings())
        .create_in_dir(dir)
        .map_err(|e| Error::IndexUnusable {
            dir: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
    analyzers::register(&index);
    Ok(index)
}
