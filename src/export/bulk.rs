//! Articles as Bulk API requests: each article's document (built from the very tantivy document `ingest` indexes,
//! field by field as the schema table exports them), its action line with the local index's id, and the sink that
//! cuts them into requests of `--chunk-mb` and hands each to a [`Deliver`] (stdout, a file, a folder of request
//! files, or an engine), keeping
//! the export state in step with what the engine acknowledged.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tantivy::TantivyDocument;
use tantivy::schema::{Field, Value as _};

use super::Target;
use super::mapping::{self, FieldSpec, Kind};
use super::state::{FileEntry, State};
use crate::article::{Article, EntityKind, Mention};
use crate::error::Error;
use crate::index::Fields;
use crate::index::document::{EntityCount, FileStamp, countries, to_document};
use crate::index::schema::{Export, field_name};
use crate::ingest::{Documents, FileError, Sink};

/// One article ready to export: its id and its document (JSON, one line).
#[derive(Debug, Clone)]
pub struct ExportDoc {
    pub id: String,
    pub source: String,
    pub stamp: FileStamp,
}

/// Builds exported documents on the pipeline's worker threads.
pub struct ExportDocs {
    fields: Fields,
    plan: Vec<(FieldSpec, Field)>,
}

impl ExportDocs {
    pub fn new() -> Result<ExportDocs, Error> {
        let schema = crate::index::schema::build();
        let fields = Fields::from_schema(&schema).map_err(Error::Other)?;
        let mut plan = Vec::new();
        for spec in mapping::fields().map_err(Error::Other)? {
            let field = schema.get_field(spec.name).map_err(|e| Error::Other(e.to_string()))?;
            plan.push((spec, field));
        }
        Ok(ExportDocs { fields, plan })
    }

    /// The exported document of a tantivy document, as a JSON object in schema order.
    pub fn source(&self, doc: &TantivyDocument) -> Map<String, Value> {
        let stored_entities = doc
            .get_first(self.fields.entities)
            .and_then(|v| v.as_str())
            .unwrap_or("[]");
        let entities: Vec<EntityCount> = serde_json::from_str(stored_entities).unwrap_or_default();
        let mut out = Map::new();
        for (spec, field) in &self.plan {
            let value = match spec.export {
                Export::Names => Value::from(entity_names(spec.name, &entities)),
                Export::Json => serde_json::from_str(stored_entities).unwrap_or(Value::Array(Vec::new())),
                _ => {
                    let mut values: Vec<Value> = doc.get_all(*field).filter_map(|v| json_value(spec.kind, v)).collect();
                    if spec.many() {
                        Value::Array(values)
                    } else if values.is_empty() {
                        Value::Null
                    } else {
                        values.swap_remove(0)
                    }
                }
            };
            out.insert(spec.name.to_string(), value);
        }
        out
    }
}

impl Documents for ExportDocs {
    type Doc = ExportDoc;

    fn document(&self, article: &Article, mentions: &[Mention], stamp: &FileStamp) -> ExportDoc {
        let doc = to_document(&self.fields, article, mentions, stamp);
        let id = doc
            .get_first(self.fields.id)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let source = Value::Object(self.source(&doc)).to_string();
        ExportDoc {
            id,
            source,
            stamp: stamp.clone(),
        }
    }
}

/// The values of an entity field: canonical names of the kind, or the entities' countries.
fn entity_names(field: &str, entities: &[EntityCount]) -> Vec<String> {
    match EntityKind::parse(field) {
        Some(kind) => entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.name.clone())
            .collect(),
        None if field == field_name::country => countries(entities),
        None => Vec::new(),
    }
}

fn json_value<'a>(kind: Kind, v: impl tantivy::schema::Value<'a>) -> Option<Value> {
    match kind {
        Kind::U64 => v.as_u64().map(Value::from),
        Kind::I64 => v.as_i64().map(Value::from),
        Kind::Date => v
            .as_datetime()
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| Value::from(d.date_naive().to_string())),
        _ => v.as_str().map(Value::from),
    }
}

/// The action line of a document: `index` with the id (replacing any document with that id) for Elasticsearch
/// and OpenSearch; `create` for Quickwit, the only action its Bulk API takes (it keeps no ids of its own: the `id`
/// field carries it).
pub fn index_action(target: Target, id: &str) -> String {
    let verb = if target == Target::Quickwit { "create" } else { "index" };
    format!("{{\"{verb}\":{{\"_id\":{}}}}}", Value::from(id))
}

/// The action line that deletes a document.
pub fn delete_action(id: &str) -> String {
    format!("{{\"delete\":{{\"_id\":{}}}}}", Value::from(id))
}

/// One action of a request, for telling which file a failed item belongs to.
#[derive(Debug, Clone)]
pub struct Item {
    pub key: String,
    pub id: String,
    pub delete: bool,
    /// Where the action (and its document) sits in the body.
    pub start: usize,
    pub end: usize,
}

/// One request body and what it changes in the state once the engine has it.
#[derive(Debug, Default)]
pub struct Chunk {
    pub body: Vec<u8>,
    pub items: Vec<Item>,
    /// Per file: its new entry (`None`: it has no documents any more).
    staged: Vec<(String, Option<FileEntry>)>,
}

/// What an engine said of a request: the items it refused (index in [`Chunk::items`], reason).
#[derive(Debug, Default)]
pub struct Delivery {
    pub failed: Vec<(usize, String)>,
}

/// Where requests go.
pub trait Deliver {
    fn deliver(&mut self, chunk: &Chunk) -> Result<Delivery, Error>;
}

/// Requests written one after the other to a file or stdout.
pub struct WriteOut<W: Write>(pub W);

impl<W: Write> Deliver for WriteOut<W> {
    fn deliver(&mut self, chunk: &Chunk) -> Result<Delivery, Error> {
        self.0.write_all(&chunk.body).map_err(Error::Output)?;
        self.0.flush().map_err(Error::Output)?;
        Ok(Delivery::default())
    }
}

/// One file per request in a folder (`--out DIR`): `bulk-000001.ndjson`, `bulk-000002.ndjson`, ..., each a whole
/// Bulk API request body of at most `--chunk-mb`, to send with `curl --data-binary @FILE`.
pub struct WriteDir {
    dir: PathBuf,
    written: u32,
}

/// The name of the `n`th request file.
pub fn request_file(n: u32) -> String {
    format!("bulk-{n:06}.ndjson")
}

impl WriteDir {
    /// Refuses a folder that already holds request files: a file left from another run must not pass for one of
    /// this run's.
    pub fn new(dir: &Path) -> Result<WriteDir, Error> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::File {
            path: dir.to_path_buf(),
            message: format!("cannot read the folder: {e}"),
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("bulk-") && name.ends_with(".ndjson") {
                return Err(Error::Usage(format!(
                    "{}: already holds request files ({name}); remove them or give an empty folder",
                    dir.display()
                )));
            }
        }
        Ok(WriteDir {
            dir: dir.to_path_buf(),
            written: 0,
        })
    }
}

impl Deliver for WriteDir {
    fn deliver(&mut self, chunk: &Chunk) -> Result<Delivery, Error> {
        self.written += 1;
        let path = self.dir.join(request_file(self.written));
        std::fs::write(&path, &chunk.body).map_err(|e| Error::File {
            path,
            message: format!("cannot write: {e}"),
        })?;
        Ok(Delivery::default())
    }
}

/// Counts of what was delivered.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sent {
    pub indexed: u64,
    pub deleted: u64,
    pub requests: u64,
    pub bytes: u64,
}

/// A delivery's answer, with the request it answers.
type Answer = (Chunk, Result<Delivery, Error>);

/// Where the sink's requests go: delivered on the calling thread, or on a thread of their own while the next request
/// fills (one request in flight at a time, answers taken in order).
pub enum Output<'a> {
    Here(&'a mut dyn Deliver),
    Thread {
        requests: crossbeam_channel::Sender<Chunk>,
        answers: crossbeam_channel::Receiver<Answer>,
        in_flight: bool,
    },
}

impl<'a> Output<'a> {
    /// Deliver on a thread of `scope`, which ends when the sink is dropped.
    pub fn on_thread<'scope, 'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        mut out: Box<dyn Deliver + Send + 'env>,
    ) -> Output<'a> {
        let (requests, to_send) = crossbeam_channel::bounded::<Chunk>(1);
        let (answered, answers) = crossbeam_channel::bounded::<Answer>(1);
        scope.spawn(move || {
            for chunk in to_send {
                let result = out.deliver(&chunk);
                if answered.send((chunk, result)).is_err() {
                    break;
                }
            }
        });
        Output::Thread {
            requests,
            answers,
            in_flight: false,
        }
    }
}

/// The export's [`Sink`]: actions in requests of at most `chunk_bytes`, delivered as they fill; the state
/// updated only for files whose every action was delivered.
pub struct BulkSink<'a> {
    target: Target,
    chunk_bytes: usize,
    state: &'a mut State,
    out: Output<'a>,
    chunk: Chunk,
    /// Ids of files being replaced or removed, not yet written as deletions: (file, id).
    pending_deletes: Vec<(String, String)>,
    /// Files with an action the engine refused (a file's actions may span requests): their state stays as it was.
    refused: HashSet<String>,
    /// Items the engine refused, reported as ingest reports failed files.
    pub failures: Vec<FileError>,
    pub sent: Sent,
    /// Where the state is saved while requests go out, so that an export that is killed
    /// keeps (nearly) all that the engine acknowledged.
    checkpoint: Option<Checkpoint>,
}

struct Checkpoint {
    path: PathBuf,
    every: Duration,
    last: Instant,
}

/// How often the state is saved during an export (it is saved at the end in any case).
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(30);

impl<'a> BulkSink<'a> {
    pub fn new(target: Target, chunk_bytes: usize, state: &'a mut State, out: Output<'a>) -> BulkSink<'a> {
        BulkSink {
            target,
            chunk_bytes: chunk_bytes.max(1),
            state,
            out,
            chunk: Chunk::default(),
            pending_deletes: Vec::new(),
            refused: HashSet::new(),
            failures: Vec::new(),
            sent: Sent::default(),
            checkpoint: None,
        }
    }

    /// Save the state to `path` every `every` (the command: [`CHECKPOINT_EVERY`]) while delivering.
    pub fn checkpoint_to(&mut self, path: &Path, every: Duration) {
        self.checkpoint = Some(Checkpoint {
            path: path.to_path_buf(),
            every,
            last: Instant::now(),
        });
    }

    /// Append an action (and its document), delivering the chunk first when it would grow past the limit; a
    /// file's action and document are never split.
    fn push(&mut self, key: &str, id: &str, lines: &[&str], delete: bool) -> Result<(), Error> {
        let len: usize = lines.iter().map(|l| l.len() + 1).sum();
        if !self.chunk.body.is_empty() && self.chunk.body.len() + len > self.chunk_bytes {
            self.deliver()?;
        }
        let start = self.chunk.body.len();
        for line in lines {
            self.chunk.body.extend_from_slice(str::as_bytes(line));
            self.chunk.body.push(b'\n');
        }
        self.chunk.items.push(Item {
            key: key.to_string(),
            id: id.to_string(),
            delete,
            start,
            end: self.chunk.body.len(),
        });
        Ok(())
    }

    fn flush_deletes(&mut self) -> Result<(), Error> {
        for (key, id) in std::mem::take(&mut self.pending_deletes) {
            self.push(&key, &id, &[&delete_action(&id)], true)?;
        }
        Ok(())
    }

    /// Hand the current chunk over for delivery (after settling the one in flight, if any).
    pub fn deliver(&mut self) -> Result<(), Error> {
        let chunk = std::mem::take(&mut self.chunk);
        if chunk.items.is_empty() && chunk.staged.is_empty() {
            return Ok(());
        }
        self.settle_in_flight()?;
        if chunk.items.is_empty() {
            return self.settle(chunk, Delivery::default());
        }
        let delivered = match &mut self.out {
            Output::Here(out) => {
                let delivery = out.deliver(&chunk)?;
                Some((chunk, delivery))
            }
            Output::Thread {
                requests, in_flight, ..
            } => {
                requests
                    .send(chunk)
                    .map_err(|_| Error::Other("export: the thread sending requests has stopped".into()))?;
                *in_flight = true;
                None
            }
        };
        match delivered {
            Some((chunk, delivery)) => self.settle(chunk, delivery),
            None => Ok(()),
        }
    }

    /// Wait for the request in flight and settle it.
    fn settle_in_flight(&mut self) -> Result<(), Error> {
        if let Output::Thread { answers, in_flight, .. } = &mut self.out
            && *in_flight
        {
            *in_flight = false;
            let (chunk, result) = answers
                .recv()
                .map_err(|_| Error::Other("export: the thread sending requests has stopped".into()))?;
            return self.settle(chunk, result?);
        }
        Ok(())
    }

    /// Count what a delivered chunk did, report what the engine refused, and apply its state changes for the
    /// files the engine took whole.
    fn settle(&mut self, chunk: Chunk, delivery: Delivery) -> Result<(), Error> {
        if !chunk.items.is_empty() {
            self.sent.requests += 1;
            self.sent.bytes += chunk.body.len() as u64;
        }
        let failed: HashSet<usize> = delivery.failed.iter().map(|(i, _)| *i).collect();
        for (i, reason) in &delivery.failed {
            if let Some(item) = chunk.items.get(*i)
                && self.refused.insert(item.key.clone())
            {
                self.failures.push(FileError {
                    path: item.key.clone(),
                    record: None,
                    error: format!(
                        "{} refused {} of document {}: {reason}",
                        self.target.name(),
                        if item.delete { "the deletion" } else { "the indexing" },
                        item.id
                    ),
                });
            }
        }
        for (i, item) in chunk.items.iter().enumerate() {
            if failed.contains(&i) {
                continue;
            }
            if item.delete {
                self.sent.deleted += 1;
            } else {
                self.sent.indexed += 1;
            }
        }
        for (key, entry) in chunk.staged {
            if self.refused.contains(&key) {
                // Left as it was: the next run sees the file as changed (or still to prune) and tries again.
                continue;
            }
            match entry {
                Some(e) => self.state.files.insert(key, e),
                None => self.state.files.remove(&key),
            };
        }
        if let Some(c) = &mut self.checkpoint
            && c.last.elapsed() >= c.every
        {
            self.state.save(&c.path)?;
            c.last = Instant::now();
        }
        Ok(())
    }

    /// Deliver what is left and wait for the last answer.
    pub fn finish(&mut self) -> Result<(), Error> {
        self.flush_deletes()?;
        self.deliver()?;
        self.settle_in_flight()
    }
}

impl Sink for BulkSink<'_> {
    type Doc = ExportDoc;

    fn delete_file(&mut self, key: &str) -> Result<(), Error> {
        if let Some(old) = self.state.files.get(key) {
            for id in &old.ids {
                self.pending_deletes.push((key.to_string(), id.clone()));
            }
        }
        self.chunk.staged.push((key.to_string(), None));
        Ok(())
    }

    fn add(&mut self, key: &str, docs: Vec<ExportDoc>) -> Result<(), Error> {
        // Ids that are written again need no deletion: the new document replaces the old one.
        let new_ids: HashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        if self.target != Target::Quickwit {
            self.pending_deletes.retain(|(_, id)| !new_ids.contains(id.as_str()));
        }
        self.flush_deletes()?;
        let Some(stamp) = docs.first().map(|d| d.stamp.clone()) else {
            return Ok(());
        };
        let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
        for doc in &docs {
            self.push(key, &doc.id, &[&index_action(self.target, &doc.id), &doc.source], false)?;
        }
        self.chunk.staged.push((
            key.to_string(),
            Some(FileEntry {
                size: stamp.size,
                mtime: stamp.mtime,
                hash: stamp.hash,
                ids,
            }),
        ));
        Ok(())
    }

    fn file_done(&mut self) -> Result<(), Error> {
        if self.chunk.body.len() >= self.chunk_bytes {
            self.deliver()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Recorder {
        bodies: Vec<String>,
        refuse_id: Option<String>,
    }

    impl Deliver for Recorder {
        fn deliver(&mut self, chunk: &Chunk) -> Result<Delivery, Error> {
            self.bodies.push(String::from_utf8_lossy(&chunk.body).into_owned());
            let failed = chunk
                .items
                .iter()
                .enumerate()
                .filter(|(_, it)| Some(&it.id) == self.refuse_id.as_ref())
                .map(|(i, _)| (i, "mapper_parsing_exception".to_string()))
                .collect();
            Ok(Delivery { failed })
        }
    }

    fn doc(id: &str, file: &str) -> ExportDoc {
        ExportDoc {
            id: id.into(),
            source: format!("{{\"id\":\"{id}\"}}"),
            stamp: FileStamp {
                file: file.into(),
                size: 1,
                mtime: 1,
                hash: "h".into(),
            },
        }
    }

    #[test]
    fn chunks_stay_under_the_limit_and_refused_files_stay_out_of_the_state() {
        let mut state = State::default();
        let mut rec = Recorder {
            bodies: Vec::new(),
            refuse_id: Some("b1".into()),
        };
        {
            let mut sink = BulkSink::new(Target::Elasticsearch, 60, &mut state, Output::Here(&mut rec));
            sink.add("/a", vec![doc("a1", "/a")]).expect("add");
            sink.file_done().expect("done");
            sink.add("/b", vec![doc("b1", "/b"), doc("b2", "/b")]).expect("add");
            sink.file_done().expect("done");
            sink.finish().expect("finish");
            assert_eq!(sink.failures.len(), 1);
            assert!(sink.failures[0].error.contains("b1"), "{:?}", sink.failures);
            assert_eq!(sink.sent.indexed, 2);
        }
        assert!(rec.bodies.iter().all(|b| b.len() <= 60 && b.lines().count() % 2 == 0));
        assert_eq!(rec.bodies.concat().lines().count(), 6);
        assert!(state.files.contains_key("/a"));
        assert!(!state.files.contains_key("/b"));
    }

    #[test]
    fn requests_sent_on_their_own_thread_settle_in_order() {
        let mut state = State::default();
        let (failures, sent) = std::thread::scope(|scope| {
            let rec = Recorder {
                bodies: Vec::new(),
                refuse_id: Some("b2".into()),
            };
            let mut sink = BulkSink::new(
                Target::Elasticsearch,
                60,
                &mut state,
                Output::on_thread(scope, Box::new(rec)),
            );
            for (key, ids) in [("/a", ["a1", "a2"]), ("/b", ["b1", "b2"]), ("/c", ["c1", "c2"])] {
                sink.add(key, ids.iter().map(|id| doc(id, key)).collect()).expect("add");
                sink.file_done().expect("done");
            }
            sink.finish().expect("finish");
            (std::mem::take(&mut sink.failures), sink.sent)
        });
        assert_eq!(sent.indexed, 5);
        assert_eq!(sent.requests, 6);
        assert_eq!(failures.len(), 1);
        let kept: Vec<&str> = state.files.keys().map(String::as_str).collect();
        assert_eq!(kept, ["/a", "/c"]);
    }

    #[test]
    fn the_state_is_saved_while_requests_go_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("state.json");
        let mut state = State {
            target: Some("elasticsearch".into()),
            ..State::default()
        };
        let mut rec = Recorder {
            bodies: Vec::new(),
            refuse_id: None,
        };
        let mut sink = BulkSink::new(Target::Elasticsearch, 10, &mut state, Output::Here(&mut rec));
        sink.checkpoint_to(&path, Duration::ZERO);
        sink.add("/a", vec![doc("a1", "/a")]).expect("add");
        sink.file_done().expect("delivers: the chunk is over 10 bytes");
        // Saved before the export ends: a killed export keeps what was acknowledged.
        let saved = State::load(&path, Target::Elasticsearch).expect("saved");
        assert!(saved.files.contains_key("/a"));
    }

    #[test]
    fn a_replaced_file_deletes_only_the_ids_it_lost() {
        let mut state = State::default();
        state.files.insert(
            "/j".into(),
            FileEntry {
                size: 0,
                mtime: 0,
                hash: "old".into(),
                ids: vec!["r1".into(), "r2".into()],
            },
        );
        let mut rec = Recorder {
            bodies: Vec::new(),
            refuse_id: None,
        };
        {
            let mut sink = BulkSink::new(Target::Opensearch, 1 << 20, &mut state, Output::Here(&mut rec));
            sink.delete_file("/j").expect("delete");
            sink.add("/j", vec![doc("r1", "/j")]).expect("add");
            sink.finish().expect("finish");
        }
        let body = rec.bodies.concat();
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines[0], r#"{"delete":{"_id":"r2"}}"#);
        assert_eq!(lines[1], r#"{"index":{"_id":"r1"}}"#);
        assert_eq!(state.files["/j"].ids, vec!["r1".to_string()]);
    }
}
