//! Format and encoding detection: decides what a file is (by extension and by sniffing its content),
//! rejects binary content whatever its extension says, and decodes the bytes to a `String` with
//! `\n` line ends (UTF-8 with or without BOM, UTF-16 LE/BE, legacy charsets via chardetng).

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// The formats the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Markdown,
    /// One JSON article, an array of articles, or an object wrapping such an array.
    Json,
    /// JSON Lines / NDJSON: one article per line.
    JsonLines,
}

impl Format {
    /// A short lowercase name for messages and `inspect` output.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
        }
    }
}

/// What the extension alone says.
enum ByExtension {
    Known(Format),
    /// No extension at all: the content decides.
    None,
    /// An extension we do not read (`.pdf`, `.csv`, ...).
    Unsupported(String),
}

fn format_by_extension(path: &Path) -> ByExtension {
    let Some(ext) = path.extension() else {
        return ByExtension::None;
    };
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => ByExtension::Known(Format::Text),
        "html" | "htm" | "xhtml" => ByExtension::Known(Format::Html),
        "md" | "markdown" => ByExtension::Known(Format::Markdown),
        "json" => ByExtension::Known(Format::Json),
        "jsonl" | "ndjson" => ByExtension::Known(Format::JsonLines),
        _ => ByExtension::Unsupported(ext),
    }
}

/// The skip reason for an extension newsdex does not read (`.pdf`, `.jpg`, `.csv`), checked before the content.
pub fn unsupported_extension(path: &Path) -> Option<String> {
    match format_by_extension(path) {
        ByExtension::Unsupported(ext) => Some(format!("unsupported file type (.{ext})")),
        _ => None,
    }
}

/// Guess a format from decoded text alone.
pub fn sniff_format(text: &str) -> Option<Format> {
    let head = text.trim_start();
    let lower: String = head.chars().take(256).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with("<?xml") && lower.contains("<html"))
        || (lower.starts_with("<!--") && lower.contains("<html"))
    {
        return Some(Format::Html);
    }
    if head.starts_with("---\n") || head.starts_with("+++\n") {
        return Some(Format::Markdown);
    }
    if head.starts_with('[') {
        return Some(Format::Json);
    }
    if head.starts_with('{') {
        // Several lines that each open an object: JSON Lines.
        let object_lines = head
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .filter(|l| {
                let t = l.trim();
                t.starts_with('{') && t.ends_with('}')
            })
            .count();
        return Some(if object_lines >= 2 {
            Format::JsonLines
        } else {
            Format::Json
        });
    }
    None
}

/// Decide the format of a file from its path and decoded content.
///
/// The extension is the main signal; content sniffing overrides it where the two plainly disagree
/// (an HTML page saved as `.txt`), and decides alone for files without an extension.
/// `Err` carries the reason the file is skipped.
pub fn detect_format(path: &Path, text: &str) -> Result<Format, String> {
    match format_by_extension(path) {
        ByExtension::Known(Format::Text) => Ok(match sniff_format(text) {
            Some(Format::Html) => Format::Html,
            _ => Format::Text,
        }),
        ByExtension::Known(f) => Ok(f),
        ByExtension::None => Ok(sniff_format(text).unwrap_or(Format::Text)),
        ByExtension::Unsupported(ext) => Err(format!("unsupported file type (.{ext})")),
    }
}

/// Well-known binary signatures, named for the skip reason.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive or office document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"\x1F\x8B", "gzip archive"),
    (b"\x7FELF", "executable"),
    (b"\xD0\xCF\x11\xE0", "legacy office document"),
    (b"RIFF", "RIFF media file"),
    (b"BZh", "bzip2 archive"),
    (b"\xFD7zXZ", "xz archive"),
    (b"7z\xBC\xAF", "7z archive"),
];

/// The text encoding a file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    pub encoding: &'static Encoding,
    pub had_bom: bool,
}

/// If the bytes are not text, say why.
///
/// Checks known magic numbers, then NUL bytes and the ratio of control characters in the first
/// 8 KiB. UTF-16 (with a BOM, or a regular NUL pattern) is text, not binary.
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(format!("binary content ({what})"));
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() {
        return None;
    }
    if utf16_without_bom(head).is_some() {
        return None;
    }
    if head.contains(&0) {
        return Some("binary content (NUL bytes)".to_string());
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    if control * 10 > head.len() {
        return Some(format!(
            "binary content ({}% control characters)",
            control * 100 / head.len()
        ));
    }
    None
}

/// UTF-16 text without a BOM shows NULs in every other byte (for Latin-script text).
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_nul = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 10 >= pairs * 6 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 6 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decode bytes to text: BOM first, then strict UTF-8 (valid UTF-8 with non-ASCII letters is never a legacy
/// charset's text, whatever a page declares: browsers re-encode pages they save), then the charset an HTML or XML
/// page declares (trusted: bytes invalid in it become U+FFFD), then UTF-16 without BOM, then a chardetng guess among
/// legacy charsets (Windows-1252 covers Latin-1). Line ends become `\n`.
pub fn decode(bytes: &[u8]) -> (String, Decoded) {
    let (text, decoded) = decode_raw(bytes);
    (normalize_line_ends(text), decoded)
}

fn decode_raw(bytes: &[u8]) -> (String, Decoded) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (
            text.into_owned(),
            Decoded {
                encoding,
                had_bom: true,
            },
        );
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (
            s.to_owned(),
            Decoded {
                encoding: UTF_8,
                had_bom: false,
            },
        );
    }
    // Not UTF-8 throughout: a declared charset is trusted (a page declaring UTF-8 with one bad byte stays UTF-8,
    // the byte becomes U+FFFD); only without one is the charset guessed.
    if let Some(encoding) = declared_charset(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return (
            text.into_owned(),
            Decoded {
                encoding,
                had_bom: false,
            },
        );
    }
    let head = &bytes[..bytes.len().min(8192)];
    let encoding = utf16_without_bom(head).unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        detector.guess(None, true)
    });
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (
        text.into_owned(),
        Decoded {
            encoding,
            had_bom: false,
        },
    )
}

/// How far into a page a charset declaration is looked for (browsers look at 1024 bytes; pages with long
/// `<head>`s put it later).
const CHARSET_PRESCAN: usize = 4096;

/// The charset an HTML page declares in a `<meta charset>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">`, or an XML declaration's `encoding`, among the first bytes. A declared UTF-16 is
/// read as UTF-8, as browsers do: a page whose declaration can be read in ASCII is not UTF-16.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_PRESCAN)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let label_after = |at: usize| -> Option<&'static Encoding> {
        let rest = &lower[at..];
        let rest = &rest[rest.iter().position(|b| !matches!(b, b' ' | b'=' | b'"' | b'\''))?..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'>' | b'/' | b'?'))
            .unwrap_or(rest.len());
        let encoding = Encoding::for_label(&rest[..end])?;
        Some(if encoding == UTF_16LE || encoding == UTF_16BE {
            UTF_8
        } else {
            encoding
        })
    };
    if lower.starts_with(b"<?xml")
        && let Some(end) = find(&lower, b"?>")
        && let Some(at) = find(&lower[..end], b"encoding")
    {
        return label_after(at + b"encoding".len());
    }
    let mut from = 0;
    while let Some(off) = find(&lower[from..], b"<meta") {
        let start = from + off;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |p| start + p);
        if let Some(at) = find(&lower[start..end], b"charset") {
            return label_after(start + at + b"charset".len());
        }
        from = end;
    }
    None
}

/// Turn CRLF and lone CR into LF.
pub fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> &Path {
        Path::new(s)
    }

    #[test]
    fn a_declared_charset_is_trusted_when_the_bytes_are_not_utf8() {
        // Declares UTF-8, holds one bad byte: UTF-8 with one replacement character, not windows-1252 mojibake.
        let mut page = "<html><head><meta charset=\"utf-8\"></head><body><p>Caf\u{e9} in M\u{fc}nchen \u{2014} "
            .as_bytes()
            .to_vec();
        page.push(0xFF);
        page.extend_from_slice(b" end</p></body></html>");
        let (text, d) = decode(&page);
        assert_eq!(d.encoding, UTF_8);
        assert!(
            text.contains("Caf\u{e9} in M\u{fc}nchen \u{2014} \u{fffd} end"),
            "{text}"
        );
        // Declares windows-1252 in an http-equiv meta: read as declared.
        let page = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'></head><body>Stra\xdfe \x93quoted\x94</body></html>";
        let (text, d) = decode(page);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
        assert!(text.contains("Stra\u{df}e \u{201c}quoted\u{201d}"), "{text}");
        // An XML declaration.
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"iso-8859-2\"?><html>"),
            Some(encoding_rs::ISO_8859_2)
        );
        // A declared UTF-16 in an ASCII-readable page means UTF-8.
        assert_eq!(declared_charset(b"<meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(declared_charset(b"<p>no declaration</p>"), None);
    }

    #[test]
    fn format_by_extension_and_sniffing() {
        assert_eq!(detect_format(p("a.txt"), "hello"), Ok(Format::Text));
        assert_eq!(detect_format(p("a.HTM"), "x"), Ok(Format::Html));
        assert_eq!(detect_format(p("a.md"), "# x"), Ok(Format::Markdown));
        assert_eq!(detect_format(p("a.json"), "{}"), Ok(Format::Json));
        assert_eq!(detect_format(p("a.ndjson"), "{}"), Ok(Format::JsonLines));
        // An HTML page saved as .txt is read as HTML.
        assert_eq!(
            detect_format(p("a.txt"), "<!DOCTYPE html><html></html>"),
            Ok(Format::Html)
        );
        // No extension: content decides.
        assert_eq!(
            detect_format(p("README"), "{\"a\":1}\n{\"a\":2}\n"),
            Ok(Format::JsonLines)
        );
        assert_eq!(
            detect_format(p("notes"), "---\ntitle: x\n---\nbody"),
            Ok(Format::Markdown)
        );
        assert_eq!(detect_format(p("notes"), "just words"), Ok(Format::Text));
        assert!(detect_format(p("a.csv"), "a,b").unwrap_err().contains(".csv"));
    }

    #[test]
    fn binary_is_detected_whatever_the_extension() {
        assert!(binary_reason(b"%PDF-1.7\n...").unwrap().contains("PDF"));
        assert!(binary_reason(b"abc\0def").unwrap().contains("NUL"));
        let ctrl: Vec<u8> = (0..100u8).map(|i| if i % 3 == 0 { 1 } else { b'a' }).collect();
        assert!(binary_reason(&ctrl).unwrap().contains("control"));
        assert_eq!(binary_reason(b"plain text\r\nwith lines\t tabs"), None);
        assert_eq!(binary_reason(b""), None);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, d) = decode("caf\u{e9}".as_bytes());
        assert_eq!(t, "caf\u{e9}");
        assert!(!d.had_bom);
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("caf\u{e9}".as_bytes());
        let (t, d) = decode(&b);
        assert_eq!(t, "caf\u{e9}");
        assert!(d.had_bom);
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let s = "Caf\u{e9} \u{201c}news\u{201d}";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(binary_reason(&le), None);
        assert_eq!(decode(&le).0, s);
        assert_eq!(decode(&be).0, s);
        assert_eq!(decode(&be).1.encoding, UTF_16BE);
        // Without a BOM the NUL pattern gives it away.
        let bare: Vec<u8> = le[2..].to_vec();
        assert_eq!(binary_reason(&bare), None);
        assert_eq!(decode(&bare).0, s);
    }

    #[test]
    fn legacy_windows_1252() {
        // "Caf\xe9 \x93quoted\x94 \x96 dash" in Windows-1252.
        let bytes =
            b"The caf\xe9 owner said \x93we are open\x94 \x96 and the na\xefve visitors came to the caf\xe9 again.";
        assert_eq!(binary_reason(bytes), None);
        let (t, d) = decode(bytes);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
        assert!(t.contains("caf\u{e9}"));
        assert!(t.contains("\u{201c}we are open\u{201d} \u{2013}"));
    }

    #[test]
    fn line_ends() {
        assert_eq!(decode(b"a\r\nb\rc\n").0, "a\nb\nc\n");
    }
}
