//! The tantivy index: its schema and analyzers (one place), opening it, and writing articles into it.

pub mod analyzers;
pub mod document;
pub mod name_keys;
pub mod schema;
pub mod writer;

use std::path::{Path, PathBuf};

use tantivy::Index;

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

/// Open the index for writing, creating the directory and an empty index when missing.
pub fn open_or_create(dir: &Path) -> Result<Index, Error> {
    if exists(dir) {
        return open(dir);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::IndexUnusable {
        dir: dir.to_path_buf(),
        reason: format!("cannot create directory: {e}"),
    })?;
    let index = Index::create_in_dir(dir, schema::build()).map_err(|e| Error::IndexUnusable {
        dir: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    analyzers::register(&index);
    Ok(index)
}
