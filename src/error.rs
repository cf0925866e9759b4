//! Errors a user can cause, each with its exit code and a one-line message.

use std::path::PathBuf;

/// Exit codes, as documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    /// Ingest finished but some files failed.
    pub const PARTIAL: i32 = 1;
    /// Usage error or invalid query.
    pub const USAGE: i32 = 2;
    /// The index cannot be used (missing, locked, corrupt).
    pub const INDEX: i32 = 3;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("invalid query at position {position}: {message}")]
    Query { position: usize, message: String },
    #[error("no index at {} (create one with `newsdex ingest PATH`, or point --index / NEWSDEX_INDEX at it)", .0.display())]
    IndexMissing(PathBuf),
    #[error("index {} is being written by another newsdex process; try again when it has finished", .0.display())]
    IndexLocked(PathBuf),
    #[error("index {} cannot be used: {reason}", dir.display())]
    IndexUnusable { dir: PathBuf, reason: String },
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    /// Writing results failed (stdout closed or full); a closed pipe ends the program quietly (see `main`).
    #[error("writing output: {0}")]
    Output(std::io::Error),
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Query { .. } => exit::USAGE,
            Error::IndexMissing(_) | Error::IndexLocked(_) | Error::IndexUnusable { .. } => exit::INDEX,
            Error::File { .. } | Error::Output(_) | Error::Other(_) => exit::PARTIAL,
        }
    }

    /// True when the reader of our output went away (`newsdex search … | head -1`): like other command-line
    /// tools, newsdex then stops quietly with success.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// Wrap a tantivy error that happened while using the index at `dir`.
    pub fn index(dir: &std::path::Path, err: impl std::fmt::Display) -> Error {
        Error::IndexUnusable {
            dir: dir.to_path_buf(),
            reason: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_conventions() {
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert_eq!(
            Error::Query {
                position: 3,
                message: "m".into()
            }
            .exit_code(),
            2
        );
        assert_eq!(Error::IndexMissing("i".into()).exit_code(), 3);
        assert_eq!(Error::IndexLocked("i".into()).exit_code(), 3);
    }

    #[test]
    fn messages_are_one_line_and_name_the_position() {
        let e = Error::Query {
            position: 7,
            message: "unknown field `foo`".into(),
        };
        assert_eq!(e.to_string(), "invalid query at position 7: unknown field `foo`");
        assert!(!Error::IndexMissing("idx".into()).to_string().contains('\n'));
    }
}
