//! What an export has already sent (`--state FILE`): per source file, its size, modification time, content hash
//! and the ids of its documents. It plays the part the local index's bookkeeping fields play for `ingest`: an
//! unchanged file is skipped, a changed one replaced (ids it no longer has deleted), a pruned one deleted.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Target;
use crate::error::Error;
use crate::index::writer::IndexedFile;

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub size: u64,
    pub mtime: i64,
    pub hash: String,
    /// The ids of its documents in the engine.
    pub ids: Vec<String>,
}

/// The whole state file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    /// The engine the documents went to: a state is never reused for another.
    pub target: Option<String>,
    pub files: BTreeMap<String, FileEntry>,
}

const VERSION_KEY: &str = "newsdex_export_state";

#[derive(Serialize, Deserialize)]
struct OnDisk {
    newsdex_export_state: u32,
    #[serde(flatten)]
    state: State,
}

impl State {
    /// Read a state file; a missing file is an empty state (the first export).
    pub fn load(path: &Path, target: Target) -> Result<State, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(State {
                    target: Some(target.name().into()),
                    files: BTreeMap::new(),
                });
            }
            Err(e) => {
                return Err(Error::File {
                    path: path.to_path_buf(),
                    message: format!("cannot read the export state: {e}"),
                });
            }
        };
        let disk: OnDisk = serde_json::from_str(&text).map_err(|e| Error::File {
            path: path.to_path_buf(),
            message: format!("not a newsdex export state file ({VERSION_KEY}): {e}"),
        })?;
        if disk.state.target.as_deref() != Some(target.name()) {
            return Err(Error::Usage(format!(
                "{}: this export state is for {}, not {}; use another --state file",
                path.display(),
                disk.state.target.as_deref().unwrap_or("another engine"),
                target.name()
            )));
        }
        Ok(disk.state)
    }

    /// Write the state next to `path` and rename it into place, so a crash never leaves half a file.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let io = |e: std::io::Error| Error::File {
            path: path.to_path_buf(),
            message: format!("cannot write the export state: {e}"),
        };
        let disk = OnDisk {
            newsdex_export_state: 1,
            state: self.clone(),
        };
        let text = serde_json::to_string(&disk).map_err(|e| io(std::io::Error::other(e)))?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// The files as the pipeline's change detection reads them.
    pub fn known(&self) -> HashMap<String, IndexedFile> {
        self.files
            .iter()
            .map(|(key, f)| {
                (
                    key.clone(),
                    IndexedFile {
                        size: f.size,
                        mtime: f.mtime,
                        hash: f.hash.clone(),
                        docs: f.ids.len() as u64,
                    },
                )
            })
            .collect()
    }

    /// Documents the engine holds from the files listed.
    pub fn documents(&self) -> u64 {
        self.files.values().map(|f| f.ids.len() as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json");
        let mut s = State::load(&path, Target::Opensearch).expect("missing is empty");
        s.files.insert(
            "/a.txt".into(),
            FileEntry {
                size: 1,
                mtime: 2,
                hash: "h".into(),
                ids: vec!["x".into()],
            },
        );
        s.save(&path).expect("saves");
        let back = State::load(&path, Target::Opensearch).expect("loads");
        assert_eq!(back.files, s.files);
        assert_eq!(back.documents(), 1);
        assert_eq!(back.known()["/a.txt"].docs, 1);
        assert!(matches!(State::load(&path, Target::Quickwit), Err(Error::Usage(_))));
        std::fs::write(&path, "{").expect("write");
        let err = State::load(&path, Target::Opensearch).expect_err("broken");
        assert!(err.to_string().contains("s.json"), "{err}");
    }
}
