//! Batch ingest: the pipeline from paths to committed index documents.
//!
//! A walker thread finds files, worker threads read, normalize and extract them in parallel, and the calling
//! thread writes their documents into the index. Channels are bounded, so memory stays bounded whatever the
//! corpus size. A file's documents are always written together, and commits only happen between files, so an
//! interrupted ingest leaves every file either fully indexed or absent.
//!
//! The pipeline ([`run_pipeline`]) does not know where documents go: a [`Documents`] builds each article's
//! document on the worker threads, and a [`Sink`] takes each file's documents on the calling thread. `ingest`
//! writes tantivy documents into the local index; `export` (see [`crate::export`]) writes Bulk API requests.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Instant, UNIX_EPOCH};

use serde::Serialize;
use tantivy::TantivyDocument;

use crate::article::{Article, Mention};
use crate::error::Error;
use crate::index::document::{FileStamp, to_document};
use crate::index::writer::{IndexedFile, Writer, indexed_files};
use crate::index::{self, Fields};
use crate::normalize::site::SiteLines;
use crate::normalize::{self, FileContext};
use crate::read::walk::{self, Filters, Found};
use crate::read::{self, ReadOutcome};

/// Everything that shapes an ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub index_dir: PathBuf,
    pub paths: Vec<PathBuf>,
    pub filters: Filters,
    /// Worker threads for reading, normalizing and extracting.
    pub threads: usize,
    /// Memory budget of the index writer, in MB.
    pub memory_mb: usize,
    /// Commit after this many documents (0: only at the end).
    pub commit_every: usize,
    /// At most this many MB of segments are read by one merge (0: no bound); see [`crate::index::merges`].
    pub max_merge_mb: u64,
    /// Remove documents whose files are gone from the given paths.
    pub prune: bool,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// Extract entities (always, from the command line; the ingest benchmark turns it off to measure what
    /// extraction costs).
    pub extract: bool,
}

/// What the pipeline itself needs of a run: which files, how many workers, what to leave out. Borrowed from
/// [`IngestOptions`] or from an export's options.
#[derive(Debug, Clone, Copy)]
pub struct Pipeline<'a> {
    pub paths: &'a [PathBuf],
    pub filters: &'a Filters,
    pub threads: usize,
    pub prune: bool,
    pub max_file_size: u64,
    pub extract: bool,
}

impl IngestOptions {
    /// The pipeline's part of these options.
    pub fn pipeline(&self) -> Pipeline<'_> {
        Pipeline {
            paths: &self.paths,
            filters: &self.filters,
            threads: self.threads,
            prune: self.prune,
            max_file_size: self.max_file_size,
            extract: self.extract,
        }
    }
}

/// Builds an article's document; called on the worker threads.
pub trait Documents: Sync {
    type Doc: Send;
    fn document(&self, article: &Article, mentions: &[Mention], stamp: &FileStamp) -> Self::Doc;
}

/// Where a run's documents go, file by file, on the calling thread.
pub trait Sink {
    type Doc;
    /// Remove every document that came from the file `key` (a changed file before its new documents are added, a
    /// file that yields no article any more, a pruned file).
    fn delete_file(&mut self, key: &str) -> Result<(), Error>;
    /// Add the documents of the file `key`.
    fn add(&mut self, key: &str, docs: Vec<Self::Doc>) -> Result<(), Error>;
    /// A file's documents are all in: the point where the sink may commit or send what it holds.
    fn file_done(&mut self) -> Result<(), Error> {
        Ok(())
    }
}

/// tantivy documents, as ingest indexes them.
impl Documents for Fields {
    type Doc = TantivyDocument;
    fn document(&self, article: &Article, mentions: &[Mention], stamp: &FileStamp) -> TantivyDocument {
        to_document(self, article, mentions, stamp)
    }
}

/// The local index: documents written by the index writer, committed every `commit_every` documents.
struct IndexSink {
    writer: Writer,
    commit_every: usize,
    since_commit: usize,
}

impl Sink for IndexSink {
    type Doc = TantivyDocument;

    fn delete_file(&mut self, key: &str) -> Result<(), Error> {
        self.writer.delete_file(key);
        Ok(())
    }

    fn add(&mut self, _key: &str, docs: Vec<TantivyDocument>) -> Result<(), Error> {
        self.since_commit += docs.len();
        for doc in docs {
            self.writer.add(doc)?;
        }
        Ok(())
    }

    fn file_done(&mut self) -> Result<(), Error> {
        if self.commit_every > 0 && self.since_commit >= self.commit_every {
            self.writer.commit()?;
            self.since_commit = 0;
        }
        Ok(())
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Added,
    Updated,
    Unchanged,
    Skipped,
    Failed,
}

/// A per-file report line (a `file` message, see [`crate::output::json::Message`]).
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub status: FileStatus,
    /// Documents (articles) this file holds now.
    pub documents: u64,
    pub bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A file or record that could not be indexed, reported as `inspect` reports it: the file's path, and the record's
/// number for a record of a JSON or JSON Lines file (else null).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileError {
    pub path: String,
    pub record: Option<u64>,
    pub error: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // As `inspect` writes it: the reader's message names the line of a JSON Lines record already.
        match self.record {
            Some(r) if !self.error.starts_with(&format!("line {r}")) && !self.error.starts_with("record") => {
                write!(f, "{}: record {r}: {}", self.path, self.error)
            }
            _ => write!(f, "{}: {}", self.path, self.error),
        }
    }
}

/// The final report of a run (a `summary` message). Document counts for added/updated/unchanged/removed; file
/// counts for skipped.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    /// Files skipped (not articles), with `skipped_reasons` saying why.
    pub skipped: u64,
    /// Files and records that failed; each is in `errors`.
    pub failed: u64,
    pub files: u64,
    pub bytes: u64,
    /// Articles in the index after this run.
    pub documents: u64,
    pub seconds: f64,
    pub skipped_reasons: BTreeMap<String, u64>,
    pub errors: Vec<FileError>,
}

/// What a worker made of one file.
enum Outcome<D> {
    Unchanged {
        docs: u64,
    },
    Skipped {
        reason: String,
    },
    Failed {
        error: String,
    },
    Indexed {
        docs: Vec<D>,
        record_errors: Vec<FileError>,
    },
}

struct Processed<D> {
    display: String,
    key: String,
    bytes: u64,
    existed: bool,
    /// Documents the index holds from this file before this run.
    old_docs: u64,
    outcome: Outcome<D>,
}

/// The absolute, symlink-resolved path that identifies a file in the index.
pub fn file_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
        .to_string_lossy()
        .into_owned()
}

/// The file's modification time in nanoseconds since the epoch (0 when unknown): change detection only, never
/// the article's date.
fn mtime_nanos(meta: &std::fs::Metadata) -> i64 {
    match meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()) {
        Some(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        None => 0,
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Read, normalize, extract and build the documents for one file.
/// The lines each folder's saved pages repeat ([`normalize::site`]), read once per folder and run, only for folders
/// where a text file is being read.
#[derive(Default)]
pub struct SiteCache {
    folders: std::sync::Mutex<HashMap<PathBuf, Arc<FolderLines>>>,
}

/// One folder's repeated lines, found by the first worker that needs them.
type FolderLines = OnceLock<Option<Arc<SiteLines>>>;

/// Files whose folder's repeated lines are looked for: saved texts, Markdown and HTML pages.
const SITE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];
/// At most this many files of a folder are read for its repeated lines, and none larger than this.
const SITE_SAMPLE_FILES: usize = 200;
const SITE_MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

fn is_site_text(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SITE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

impl SiteCache {
    /// The repeated lines of the folder holding `file`, when `file` is a saved text and its folder has enough of
    /// them.
    pub fn of(&self, file: &Path) -> Option<Arc<SiteLines>> {
        if !is_site_text(file) {
            return None;
        }
        let dir = file.parent()?.to_path_buf();
        let cell = {
            let mut folders = self.folders.lock().ok()?;
            folders.entry(dir.clone()).or_default().clone()
        };
        cell.get_or_init(|| scan_folder(&dir).map(Arc::new)).clone()
    }
}

/// Read the saved texts of one folder (sorted by name, at most [`SITE_SAMPLE_FILES`]) and find the lines they repeat.
fn scan_folder(dir: &Path) -> Option<SiteLines> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            is_site_text(p) && std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= SITE_MAX_FILE_BYTES)
        })
        .collect();
    if files.len() < normalize::site::MIN_TEXTS {
        return None;
    }
    files.sort();
    files.truncate(SITE_SAMPLE_FILES);
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| Some((p, std::fs::read(p).ok()?)))
        .filter(|(_, bytes)| read::detect::binary_reason(bytes).is_none())
        .map(|(path, bytes)| {
            let text = read::detect::decode(&bytes).0;
            // A page's lines are its text without tags (the flat reader: a tree per page would cost as much as
            // reading the page); the lines of the article block chosen later are among them.
            if read::detect::detect_format(path, &text) == Ok(read::Format::Html) {
                read::html::strip_tags(&text)
            } else {
                text
            }
        })
        .collect();
    SiteLines::from_texts(texts.iter().map(String::as_str))
}

fn process<B: Documents>(
    path: &Path,
    known: &HashMap<String, IndexedFile>,
    builder: &B,
    options: &Pipeline<'_>,
    sites: &SiteCache,
) -> Processed<B::Doc> {
    let max_size = options.max_file_size;
    let display = path.to_string_lossy().into_owned();
    let key = file_key(path);
    let existing = known.get(&key);
    let mut p = Processed {
        display,
        key,
        bytes: 0,
        existed: existing.is_some(),
        old_docs: existing.map_or(0, |e| e.docs),
        outcome: Outcome::Skipped { reason: String::new() },
    };
    // Open without blocking (a FIFO must not hang the run), then ask the open file what it is.
    let mut file = match open_nonblocking(path) {
        Ok(f) => f,
        Err(e) => {
            p.outcome = Outcome::Failed {
                error: format!("cannot open: {e}"),
            };
            return p;
        }
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => {
            p.outcome = Outcome::Failed {
                error: format!("cannot read: {e}"),
            };
            return p;
        }
    };
    if !meta.is_file() {
        p.outcome = Outcome::Skipped {
            reason: "not a regular file".into(),
        };
        return p;
    }
    p.bytes = meta.len();
    if meta.len() > max_size {
        p.outcome = Outcome::Skipped {
            reason: format!("larger than --max-file-size ({} MB)", max_size / (1024 * 1024)),
        };
        return p;
    }
    let mtime = mtime_nanos(&meta);
    if let Some(old) = existing
        && old.size == meta.len()
        && old.mtime == mtime
    {
        p.outcome = Outcome::Unchanged { docs: old.docs };
        return p;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    if let Err(e) = file.read_to_end(&mut bytes) {
        p.outcome = Outcome::Failed {
            error: format!("cannot read: {e}"),
        };
        return p;
    }
    drop(file);
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if let Some(old) = existing
        && old.hash == hash
    {
        p.outcome = Outcome::Unchanged { docs: old.docs };
        return p;
    }
    let stamp = FileStamp {
        file: p.key.clone(),
        size: bytes.len() as u64,
        mtime,
        hash,
    };
    let records = match read::read_file(path, &bytes) {
        ReadOutcome::Skipped { reason } => {
            p.outcome = Outcome::Skipped { reason };
            return p;
        }
        ReadOutcome::Records(records) => records,
    };
    drop(bytes);
    let ctx = FileContext {
        path: p.display.clone(),
        file_name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        site: sites.of(path),
    };
    let mut docs = Vec::new();
    let mut record_errors = Vec::new();
    for record in records {
        match record {
            Ok(raw) => {
                let article = normalize::normalize(raw, &ctx);
                let mentions = if options.extract {
                    crate::extract::extract(&article)
                } else {
                    Vec::new()
                };
                docs.push(builder.document(&article, &mentions, &stamp));
            }
            Err(e) => record_errors.push(FileError {
                path: p.display.clone(),
                record: Some(e.record),
                error: e.message,
            }),
        }
    }
    if docs.is_empty() && record_errors.is_empty() {
        p.outcome = Outcome::Skipped {
            reason: "no articles in file".into(),
        };
        return p;
    }
    p.outcome = Outcome::Indexed { docs, record_errors };
    p
}

/// glibc gives each thread that allocates an arena of its own, and ingest runs many (walker, workers, tantivy's
/// indexing, merge and store threads): memory freed in one arena stays resident there while another grows. Two
/// arenas, set before ingest starts its threads, keep less resident (see README, Benchmarks).
fn fewer_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a malloc setting; ingest calls it before it starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Run an ingest. `on_file` sees every file's report as it is written (for progress and `--verbose`).
pub fn run(options: &IngestOptions, on_file: &mut dyn FnMut(&FileReport)) -> Result<Summary, Error> {
    fewer_malloc_arenas();
    let started = Instant::now();
    let dir = &options.index_dir;
    let index = index::open_or_create(dir)?;
    let threads = options.threads.max(1);
    let writer = Writer::open(&index, dir, threads.min(4), options.memory_mb, options.max_merge_mb)?;
    let fields = writer.fields;
    let known = indexed_files(&index, dir)?;
    let mut sink = IndexSink {
        writer,
        commit_every: options.commit_every,
        since_commit: 0,
    };
    let mut summary = run_pipeline(&options.pipeline(), &known, &fields, &mut sink, on_file)?;
    sink.writer.finish()?;
    let reader = index.reader().map_err(|e| Error::index(dir, e))?;
    summary.documents = reader.searcher().num_docs();
    summary.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    Ok(summary)
}

/// Run the pipeline over `options.paths`: every file not `known` as it is now is read, normalized and extracted,
/// its documents built by `builder` and handed to `sink`; with `prune`, the known files under the paths that are
/// gone are deleted from `sink`. The summary's `documents` and `seconds` are left to the caller.
pub fn run_pipeline<B, S>(
    options: &Pipeline<'_>,
    known: &HashMap<String, IndexedFile>,
    builder: &B,
    sink: &mut S,
    on_file: &mut dyn FnMut(&FileReport),
) -> Result<Summary, Error>
where
    B: Documents,
    S: Sink<Doc = B::Doc>,
{
    let threads = options.threads.max(1);
    let mut summary = Summary::default();
    let mut seen: HashSet<String> = HashSet::new();

    let sites = &SiteCache::default();
    let (path_tx, path_rx) = crossbeam_channel::bounded::<Found>(256);
    let (result_tx, result_rx) = crossbeam_channel::bounded::<Processed<B::Doc>>(threads * 2);

    std::thread::scope(|scope| -> Result<(), Error> {
        let paths = options.paths;
        let filters = options.filters;
        scope.spawn(move || {
            for root in paths {
                if !walk::walk(root, filters, &mut |found| path_tx.send(found).is_ok()) {
                    break;
                }
            }
        });
        for _ in 0..threads {
            let path_rx = path_rx.clone();
            let result_tx = result_tx.clone();
            scope.spawn(move || {
                for found in path_rx {
                    let processed = match found {
                        Found::File(path) => process(&path, known, builder, options, sites),
                        Found::Error { path, message } => Processed {
                            display: path.to_string_lossy().into_owned(),
                            key: file_key(&path),
                            bytes: 0,
                            existed: false,
                            old_docs: 0,
                            outcome: Outcome::Failed { error: message },
                        },
                    };
                    if result_tx.send(processed).is_err() {
                        break;
                    }
                }
            });
        }
        drop(result_tx);
        drop(path_rx);

        for p in result_rx {
            summary.files += 1;
            summary.bytes += p.bytes;
            // Only pruning asks what was seen, and only of files the index already holds: a fresh run of a
            // million files keeps no set of a million paths.
            if options.prune && known.contains_key(&p.key) {
                seen.insert(p.key.clone());
            }
            let (status, documents, reason) = match p.outcome {
                Outcome::Unchanged { docs } => {
                    summary.unchanged += docs;
                    (FileStatus::Unchanged, docs, None)
                }
                Outcome::Skipped { reason } => {
                    summary.skipped += 1;
                    *summary.skipped_reasons.entry(reason.clone()).or_insert(0) += 1;
                    // An indexed file that now yields no article (emptied, binary, too large) has changed: its
                    // old documents go.
                    if p.existed {
                        sink.delete_file(&p.key)?;
                        summary.removed += p.old_docs;
                    }
                    (FileStatus::Skipped, 0, Some(reason))
                }
                Outcome::Failed { error } => {
                    summary.failed += 1;
                    summary.errors.push(FileError {
                        path: p.display.clone(),
                        record: None,
                        error: error.clone(),
                    });
                    (FileStatus::Failed, 0, Some(error))
                }
                Outcome::Indexed { docs, record_errors } => {
                    let n = docs.len() as u64;
                    summary.failed += record_errors.len() as u64;
                    summary.errors.extend(record_errors);
                    // A changed file replaces its documents, whatever it now holds (if every record now fails,
                    // the old documents go and the failures are reported).
                    if p.existed {
                        sink.delete_file(&p.key)?;
                        if n == 0 {
                            summary.removed += p.old_docs;
                        }
                        summary.updated += n;
                    } else {
                        summary.added += n;
                    }
                    sink.add(&p.key, docs)?;
                    sink.file_done()?;
                    let status = if n == 0 {
                        FileStatus::Failed
                    } else if p.existed {
                        FileStatus::Updated
                    } else {
                        FileStatus::Added
                    };
                    (status, n, None)
                }
            };
            on_file(&FileReport {
                path: p.display,
                status,
                documents,
                bytes: p.bytes,
                reason,
            });
        }
        Ok(())
    })?;

    if options.prune {
        let roots: Vec<String> = options.paths.iter().map(|p| file_key(p)).collect();
        for (key, file) in known {
            let under_root = roots.iter().any(|r| {
                key == r
                    || key
                        .strip_prefix(r.as_str())
                        .is_some_and(|rest| rest.starts_with(std::path::MAIN_SEPARATOR))
            });
            if under_root && !seen.contains(key) && !Path::new(key).exists() {
                sink.delete_file(key)?;
                summary.removed += file.docs;
            }
        }
    }
    Ok(summary)
}
