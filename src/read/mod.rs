//! Reading article files: deciding whether a file is an article we can read, decoding it, and splitting it into
//! records with the metadata the file itself carried.

use std::path::Path;

pub mod walk;

/// An article as found in a file, before normalization.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawArticle {
    /// Title the file carried explicitly (front matter, JSON, HTML), if any.
    pub title: Option<String>,
    /// The article text, lines separated by `\n`.
    pub text: String,
    /// A date string the file carried explicitly, if any.
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Record number inside a multi-record file.
    pub record: Option<u64>,
}

/// A record inside a file that could not be read (the rest of the file still is).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordError {
    pub record: u64,
    pub message: String,
}

/// What reading a file gave.
#[derive(Debug)]
pub enum ReadOutcome {
    /// Not an article file; the reason is reported in the summary.
    Skipped {
        reason: String,
    },
    Records(Vec<Result<RawArticle, RecordError>>),
}

/// Read one file's bytes into raw articles. Never panics, whatever the bytes.
pub fn read_file(path: &Path, bytes: &[u8]) -> ReadOutcome {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ext != "txt" {
        let shown = if ext.is_empty() {
            "no extension".to_string()
        } else {
            format!(".{ext}")
        };
        return ReadOutcome::Skipped {
            reason: format!("unsupported file type ({shown})"),
        };
    }
    if bytes.is_empty() {
        return ReadOutcome::Skipped {
            reason: "empty file".into(),
        };
    }
    if bytes.contains(&0) {
        return ReadOutcome::Skipped {
            reason: "binary content".into(),
        };
    }
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return ReadOutcome::Skipped {
            reason: "empty file".into(),
        };
    }
    ReadOutcome::Records(vec![Ok(RawArticle {
        text,
        ..RawArticle::default()
    })])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_skips_others() {
        match read_file(Path::new("a.txt"), b"Title\r\n\r\nBody") {
            ReadOutcome::Records(r) => assert_eq!(r[0].as_ref().map(|a| a.text.as_str()), Ok("Title\n\nBody")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_file(Path::new("a.png"), b"x"),
            ReadOutcome::Skipped { .. }
        ));
        assert!(matches!(
            read_file(Path::new("a.txt"), b"a\0b"),
            ReadOutcome::Skipped { .. }
        ));
        assert!(matches!(
            read_file(Path::new("a.txt"), b"  \n"),
            ReadOutcome::Skipped { .. }
        ));
    }
}
