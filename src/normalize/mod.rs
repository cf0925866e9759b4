//! Normalization: turning a raw article into an [`Article`]: title, body, date and source found and cleaned.

use chrono::NaiveDate;

use crate::article::{Article, DateSource};
use crate::read::RawArticle;

/// What the normalizer knows about the file around an article.
#[derive(Debug, Clone, Default)]
pub struct FileContext {
    /// The path as displayed to the user.
    pub path: String,
    pub file_name: String,
    pub mtime: Option<NaiveDate>,
}

/// A line that reads as a headline: short, no sentence-final period, starts with a capital or digit.
fn looks_like_title(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=25).contains(&words)
        && line.len() <= 200
        && !line.ends_with('.')
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Parse an explicit date written on a line of its own ("December 10, 2013", "2013-12-10").
pub fn parse_date_line(line: &str) -> Option<NaiveDate> {
    let line = line.trim().trim_end_matches('.');
    if line.len() > 40 {
        return None;
    }
    ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d", "%A, %B %d, %Y"]
        .iter()
        .find_map(|fmt| NaiveDate::parse_from_str(line, fmt).ok())
}

/// Normalize a raw article read from the file described by `ctx`.
pub fn normalize(raw: RawArticle, ctx: &FileContext) -> Article {
    let mut lines: Vec<&str> = raw.text.lines().collect();
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    let mut title = raw.title.clone().unwrap_or_default();
    let mut title_inferred = false;
    if title.is_empty() && lines.first().is_some_and(|l| looks_like_title(l)) {
        title = lines.remove(0).trim().to_string();
    }
    let mut date = raw
        .date
        .as_deref()
        .and_then(parse_date_line)
        .map(|d| (d, DateSource::Metadata));
    let mut body_lines = Vec::new();
    for line in lines {
        if date.is_none()
            && let Some(d) = parse_date_line(line)
        {
            date = Some((d, DateSource::Text));
            continue;
        }
        body_lines.push(line.trim_end());
    }
    let body = body_lines.join("\n").trim().to_string();
    if title.is_empty() {
        title = ctx.file_name.clone();
        title_inferred = true;
    }
    if date.is_none() {
        date = ctx.mtime.map(|d| (d, DateSource::FileMtime));
    }
    Article {
        path: ctx.path.clone(),
        record: raw.record,
        title,
        title_inferred,
        body,
        date: date.map(|(d, _)| d),
        date_source: date.map(|(_, s)| s),
        source: raw.source,
        url: raw.url,
        byline: (!raw.authors.is_empty()).then(|| raw.authors.join(", ")),
        ..Article::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wikinews_layout() {
        let raw = RawArticle {
            text: "Mary Barra appointed as General Motors chief\n\nDecember 10, 2013\n\nGeneral Motors today named Mary Barra.".into(),
            ..RawArticle::default()
        };
        let a = normalize(
            raw,
            &FileContext {
                path: "a.txt".into(),
                file_name: "a".into(),
                mtime: None,
            },
        );
        assert_eq!(a.title, "Mary Barra appointed as General Motors chief");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2013, 12, 10));
        assert_eq!(a.date_source, Some(DateSource::Text));
        assert_eq!(a.body, "General Motors today named Mary Barra.");
        assert!(!a.title_inferred);
    }

    #[test]
    fn sentence_is_not_a_title() {
        let raw = RawArticle {
            text: "This is a sentence.\nMore.".into(),
            ..RawArticle::default()
        };
        let a = normalize(
            raw,
            &FileContext {
                path: "x/b.txt".into(),
                file_name: "b".into(),
                mtime: None,
            },
        );
        assert_eq!(a.title, "b");
        assert!(a.title_inferred);
        assert_eq!(a.date, None);
    }
}
