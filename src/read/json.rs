//! JSON articles: `.json` (one article, an array of articles, or an object wrapping such an array
//! under `articles`/`data`/`items`/`results`/`records`) and `.jsonl`/`.ndjson` (one article per line,
//! the record number being the 1-based line number). Field names differ between scrapers and data
//! sets, so the common aliases are accepted ([`TITLE`], [`TEXT`], [`DATE`], [`AUTHORS`], [`SOURCE`],
//! [`URL`]); unknown fields are ignored. A bad line is reported with its number and the rest read.

use serde_json::Value;

use super::{RawArticle, RecordError, text_blocks};

/// Accepted names for each field, in order of preference.
pub const TITLE: &[&str] = &["title", "headline"];
pub const TEXT: &[&str] = &["text", "body", "maintext", "article", "content"];
pub const DATE: &[&str] = &["date", "date_publish", "published", "datePublished"];
pub const AUTHORS: &[&str] = &["authors", "author", "byline"];
pub const SOURCE: &[&str] = &["source", "source_domain", "publication", "domain", "site_name"];
pub const URL: &[&str] = &["url"];

/// Keys under which a wrapper object may hold its array of articles.
const WRAPPERS: &[&str] = &["articles", "data", "items", "results", "records"];

/// Read a `.json` file.
pub fn read_json(text: &str) -> Vec<Result<RawArticle, RecordError>> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // JSON Lines saved with a `.json` name.
        Err(_) if super::detect::sniff_format(text) == Some(super::Format::JsonLines) => return read_lines(text),
        Err(e) => {
            return vec![Err(RecordError {
                record: 1,
                message: format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
            })];
        }
    };
    let array = match &value {
        Value::Array(items) => Some(items),
        Value::Object(map) if find(&value, TEXT).is_none() => {
            WRAPPERS.iter().find_map(|k| map.get(*k).and_then(Value::as_array))
        }
        _ => None,
    };
    match array {
        Some(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let record = i as u64 + 1;
                article_from_value(item)
                    .map(|mut raw| {
                        raw.record = Some(record);
                        raw
                    })
                    .map_err(|e| RecordError {
                        record,
                        message: format!("record {record}: {e}"),
                    })
            })
            .collect(),
        None => vec![article_from_value(&value).map_err(|e| RecordError { record: 1, message: e })],
    }
}

/// Read a `.jsonl`/`.ndjson` file: one article per non-empty line.
pub fn read_lines(text: &str) -> Vec<Result<RawArticle, RecordError>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let record = i as u64 + 1;
            serde_json::from_str::<Value>(line)
                .map_err(|e| format!("invalid JSON at column {}: {e}", e.column()))
                .and_then(|v| article_from_value(&v))
                .map(|mut raw| {
                    raw.record = Some(record);
                    raw
                })
                .map_err(|e| RecordError {
                    record,
                    message: format!("line {record}: {e}"),
                })
        })
        .collect()
}

/// The first present, non-null value among `names`.
fn find<'a>(value: &'a Value, names: &[&str]) -> Option<&'a Value> {
    let map = value.as_object()?;
    names.iter().filter_map(|n| map.get(*n)).find(|v| !v.is_null())
}

/// A value as plain text: strings as they are, numbers printed, `{"name": ...}` objects by name,
/// arrays of strings joined by blank lines.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(map) => ["name", "@value", "text"]
            .iter()
            .find_map(|k| map.get(*k).and_then(as_text)),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(as_text).collect();
            (!parts.is_empty()).then(|| parts.join("\n\n"))
        }
        _ => None,
    }
    .map(|s| s.trim().to_owned())
    .filter(|s| !s.is_empty())
}

/// Build a raw article from one JSON object using the field aliases.
pub(crate) fn article_from_value(value: &Value) -> Result<RawArticle, String> {
    if !value.is_object() {
        return Err(format!("expected an object, found {}", type_name(value)));
    }
    let title = find(value, TITLE).and_then(as_text);
    let blocks = find(value, TEXT)
        .and_then(as_text)
        .map(|t| {
            // Some exports store the body as HTML.
            if looks_like_html(&t) {
                text_blocks(&super::html::strip_tags(&t))
            } else {
                text_blocks(&t)
            }
        })
        .unwrap_or_default();
    if blocks.is_empty() && title.is_none() {
        return Err(format!(
            "no article text (expected one of the fields {})",
            TEXT.join(", ")
        ));
    }
    Ok(RawArticle {
        blocks,
        title,
        date: find(value, DATE).and_then(date_text),
        authors: find(value, AUTHORS).map(authors).unwrap_or_default(),
        source: find(value, SOURCE).and_then(as_text),
        url: find(value, URL).and_then(as_text),
        ..RawArticle::default()
    })
}

/// A text field holding HTML markup rather than text.
fn looks_like_html(text: &str) -> bool {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    ["</p>", "<p>", "<br", "</div>"].iter().any(|t| head.contains(t))
}

/// Dates may be strings or Unix timestamps (seconds or milliseconds).
fn date_text(value: &Value) -> Option<String> {
    if let Some(n) = value.as_i64() {
        let secs = if n > 100_000_000_000 { n / 1000 } else { n };
        return chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive().to_string());
    }
    as_text(value)
}

/// Authors: a string, an array of strings, or objects with a `name`.
fn authors(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(as_text).collect(),
        other => as_text(other).into_iter().collect(),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_article_with_aliases() {
        let r = read_json(
            r#"{"headline":"H","maintext":"Para one.\n\nPara two.","date_publish":"2020-01-02 10:00:00",
               "byline":"Jane Doe","source_domain":"apnews.com","url":"https://x/y","extra":{"a":1}}"#,
        );
        let raw = r[0].as_ref().unwrap();
        assert_eq!(raw.title.as_deref(), Some("H"));
        assert_eq!(raw.blocks, vec!["Para one.", "Para two."]);
        assert_eq!(raw.date.as_deref(), Some("2020-01-02 10:00:00"));
        assert_eq!(raw.authors, vec!["Jane Doe"]);
        assert_eq!(raw.source.as_deref(), Some("apnews.com"));
        assert_eq!(raw.url.as_deref(), Some("https://x/y"));
        assert_eq!(raw.record, None);
    }

    #[test]
    fn every_alias_is_accepted() {
        for t in TITLE {
            for b in TEXT {
                let json = format!(r#"{{"{t}":"T","{b}":"B"}}"#);
                let raw = read_json(&json).remove(0).unwrap();
                assert_eq!((raw.title.as_deref(), raw.blocks.len()), (Some("T"), 1), "{json}");
            }
        }
        for d in DATE {
            let raw = read_json(&format!(r#"{{"text":"x","{d}":"2021-05-06"}}"#))
                .remove(0)
                .unwrap();
            assert_eq!(raw.date.as_deref(), Some("2021-05-06"), "{d}");
        }
        for a in AUTHORS {
            let raw = read_json(&format!(r#"{{"text":"x","{a}":["A B","C D"]}}"#))
                .remove(0)
                .unwrap();
            assert_eq!(raw.authors, vec!["A B", "C D"], "{a}");
        }
        for s in SOURCE {
            let raw = read_json(&format!(r#"{{"text":"x","{s}":"Reuters"}}"#))
                .remove(0)
                .unwrap();
            assert_eq!(raw.source.as_deref(), Some("Reuters"), "{s}");
        }
    }

    #[test]
    fn array_and_wrapper() {
        let r = read_json(r#"[{"title":"a","text":"x"}, 5, {"title":"c","body":"y"}]"#);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].as_ref().unwrap().record, Some(1));
        let e = r[1].as_ref().unwrap_err();
        assert_eq!(e.record, 2);
        assert!(e.message.contains("record 2"));
        assert_eq!(r[2].as_ref().unwrap().record, Some(3));
        let w = read_json(r#"{"articles":[{"text":"x"},{"text":"y"}]}"#);
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn author_objects_and_timestamps() {
        let raw = read_json(r#"{"text":"x","author":[{"name":"Ann Lee"}],"published":1386633600}"#)
            .remove(0)
            .unwrap();
        assert_eq!(raw.authors, vec!["Ann Lee"]);
        assert_eq!(raw.date.as_deref(), Some("2013-12-10"));
    }

    #[test]
    fn html_bodies_are_stripped() {
        let raw = read_json(r#"{"title":"T","content":"<p>First &amp; one.</p><p>Second.</p>"}"#)
            .remove(0)
            .unwrap();
        assert_eq!(raw.blocks, vec!["First & one.", "Second."]);
        // Multi-byte text around the look-ahead limit is safe.
        let long = format!(r#"{{"text":"x{}"}}"#, "\u{e9}".repeat(3000));
        assert_eq!(read_json(&long).len(), 1);
    }

    #[test]
    fn json_lines_in_a_json_file() {
        let r = read_json("{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].as_ref().unwrap().record, Some(2));
    }

    #[test]
    fn invalid_json_file_is_one_error() {
        let r = read_json("{\"text\": ");
        assert!(r[0].as_ref().unwrap_err().message.contains("invalid JSON"));
    }

    #[test]
    fn jsonl_bad_line_reported_rest_read() {
        let r = read_lines("{\"text\":\"one\"}\n\nnot json\n{\"title\":\"t\",\"content\":\"three\"}\n{\"foo\":1}\n");
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].as_ref().unwrap().record, Some(1));
        let e = r[1].as_ref().unwrap_err();
        assert_eq!(e.record, 3);
        assert!(e.message.starts_with("line 3: invalid JSON"), "{}", e.message);
        assert_eq!(r[2].as_ref().unwrap().record, Some(4));
        assert!(
            r[3].as_ref()
                .unwrap_err()
                .message
                .starts_with("line 5: no article text")
        );
    }
}
