//! Reading article files: turns a file's bytes into [`RawArticle`]s (text blocks plus whatever
//! metadata the file itself carried), or says why the file is skipped. Nothing here touches the
//! file system: the caller passes the bytes, so every reader is a pure function tested on its own.

pub mod detect;
pub mod html;
pub mod json;
pub mod markdown;
pub mod page_furniture;
pub mod prose_block;
pub mod txt;
pub mod walk;

use std::path::Path;

pub use detect::Format;

/// An article as the file gave it: text blocks (paragraphs or lines) and the metadata fields the
/// file carried, before any cleaning or inference.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawArticle {
    /// The article's text, one paragraph or line per block, in order.
    pub blocks: Vec<String>,
    pub title: Option<String>,
    /// The date as written in the metadata (parsed later by `normalize::meta`).
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// 1-based record number inside a multi-record file (line number for JSON Lines).
    pub record: Option<u64>,
    /// The format the article was read as.
    pub format: Option<Format>,
    /// The encoding the file was decoded from ("UTF-8", "windows-1252", ...).
    pub encoding: &'static str,
}

/// A record of a multi-record file that could not be read; the rest of the file still is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// 1-based record number (the line number for JSON Lines).
    pub record: u64,
    /// What went wrong, naming the line or record.
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The result of reading one file.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadOutcome {
    /// The file is not indexed: unsupported type, binary content, or nothing in it.
    Skipped { reason: String },
    /// One entry per article (or failed record) the file holds.
    Records(Vec<Result<RawArticle, RecordError>>),
}

impl ReadOutcome {
    fn skipped(reason: impl Into<String>) -> ReadOutcome {
        ReadOutcome::Skipped { reason: reason.into() }
    }
}

/// Read one file's bytes into raw articles. Never panics, whatever the bytes.
pub fn read_file(path: &Path, bytes: &[u8]) -> ReadOutcome {
    if let Some(reason) = detect::unsupported_extension(path) {
        return ReadOutcome::skipped(reason);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return ReadOutcome::skipped("empty file");
    }
    if let Some(reason) = detect::binary_reason(bytes) {
        return ReadOutcome::skipped(reason);
    }
    let (text, decoded) = detect::decode(bytes);
    let format = match detect::detect_format(path, &text) {
        Ok(f) => f,
        Err(reason) => return ReadOutcome::skipped(reason),
    };
    if text.trim().is_empty() {
        return ReadOutcome::skipped("empty file");
    }
    let mut records = match format {
        Format::Text => vec![Ok(txt::read(&text))],
        Format::Markdown => vec![Ok(markdown::read(&text))],
        Format::Html => vec![Ok(html::read(&text))],
        Format::Json => json::read_json(&text),
        Format::JsonLines => json::read_lines(&text),
    };
    for raw in records.iter_mut().flatten() {
        raw.format = Some(format);
        raw.encoding = decoded.encoding.name();
    }
    let has_content = records.iter().any(|r| match r {
        Ok(raw) => !raw.blocks.is_empty() || raw.title.is_some(),
        Err(_) => true,
    });
    if !has_content {
        return ReadOutcome::skipped(format!("no article text found ({})", format.name()));
    }
    ReadOutcome::Records(records)
}

/// Split text into trimmed, non-empty lines: the block shape every reader produces.
pub(crate) fn text_blocks(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(outcome: ReadOutcome) -> Vec<Result<RawArticle, RecordError>> {
        match outcome {
            ReadOutcome::Records(r) => r,
            ReadOutcome::Skipped { reason } => panic!("skipped: {reason}"),
        }
    }

    #[test]
    fn skips_empty_binary_and_unsupported() {
        for (name, bytes, want) in [
            ("a.txt", &b"  \n\n"[..], "empty"),
            ("a.txt", &b"%PDF-1.4 stuff"[..], "PDF"),
            ("a.html", &b"\x89PNG\r\n\x1a\n\0\0"[..], "PNG"),
            ("a.png", &b"\x89PNG\r\n\x1a\n\0\0"[..], ".png"),
            ("a.csv", &b"a,b,c"[..], ".csv"),
            ("a.json", &b"[]"[..], "no article text"),
        ] {
            match read_file(Path::new(name), bytes) {
                ReadOutcome::Skipped { reason } => {
                    assert!(reason.contains(want), "{name}: {reason}")
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn text_file_gets_format_and_encoding() {
        let r = records(read_file(Path::new("a.txt"), b"Title\r\n\r\nBody line.\r\n"));
        let raw = r[0].as_ref().unwrap();
        assert_eq!(raw.blocks, vec!["Title", "Body line."]);
        assert_eq!(raw.format, Some(Format::Text));
        assert_eq!(raw.encoding, "UTF-8");
    }

    #[test]
    fn never_panics_on_garbage() {
        let mut seed = 0x1234_5678_u32;
        for len in [1usize, 7, 64, 999, 4096] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed & 0xFF) as u8
                })
                .collect();
            for name in ["x.txt", "x.html", "x.md", "x.json", "x.jsonl", "x"] {
                let _ = read_file(Path::new(name), &bytes);
            }
        }
        for text in ["{", "[{", "---\n", "+++\n+++", "<html><", "{\"text\": 5}", "[1,2]"] {
            for name in ["x.json", "x.jsonl", "x.md", "x.html", "x.txt"] {
                let _ = read_file(Path::new(name), text.as_bytes());
            }
        }
    }
}
