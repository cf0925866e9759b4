//! Metadata inference from the text: headline lines, titles from file names or lead sentences,
//! datelines ("BRUSSELS (AP) —"), bylines ("By Jane Doe"), and dates (metadata strings, dates
//! written in the text, dates in file names, weekdays resolved against an anchor date).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;

const MONTHS: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTHS}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^0-9]|$)").expect("valid regex"));
static COMPACT_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9])(\d{4})_?(\d{2})_?(\d{2})(?:[^0-9]|$)").expect("valid regex"));
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+)*(?:,\s+[A-Z][A-Za-z'.]+(?:\s+[A-Z][A-Za-z'.]+)?)?)(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\)\s*)?(?P<dash>\u{2014}|\u{2013}|--|-)\s*",
    )
    .expect("valid regex")
});

/// CNN style: "Washington (CNN) —", or just "(CNN) —"; the agency must be a known outlet.
static DATELINE_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<place>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3}(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)\s*)?\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\)\s*(?P<dash>\u{2014}|\u{2013}|--|-)\s*",
    )
    .expect("valid regex")
});

fn month_number(name: &str) -> Option<u32> {
    let m = name.get(..3)?.to_ascii_lowercase();
    let n = match m.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d.parse().ok()?)
}

/// Parse a date as metadata writes it: ISO 8601 / RFC 3339 (the date part is taken), RFC 2822,
/// "December 10, 2013", "10 Dec 2013", "2013/12/10".
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    if let Some(c) = ISO_DATE.captures(s) {
        let m = c[2].parse().ok()?;
        if let Some(d) = ymd(&c[1], m, &c[3]) {
            return Some(d);
        }
    }
    find_written_date(s).or_else(|| {
        COMPACT_DATE
            .captures(s)
            .and_then(|c| ymd(&c[1], c[2].parse().ok()?, &c[3]))
    })
}

/// The first date written with a month name in `text` ("December 10, 2013", "10 Dec. 2013").
pub fn find_written_date(text: &str) -> Option<NaiveDate> {
    let a = MONTH_DAY_YEAR
        .captures(text)
        .and_then(|c| Some((c.get(0)?.start(), ymd(&c[3], month_number(&c[1])?, &c[2])?)));
    let b = DAY_MONTH_YEAR
        .captures(text)
        .and_then(|c| Some((c.get(0)?.start(), ymd(&c[3], month_number(&c[2])?, &c[1])?)));
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|x| x.1),
    }
}

/// A date in a file name: `2025-08-20`, `2025_08_20`, `20250820`.
pub fn date_in_file_name(name: &str) -> Option<NaiveDate> {
    if let Some(c) = ISO_DATE.captures(name)
        && let Some(d) = c[2].parse().ok().and_then(|m| ymd(&c[1], m, &c[3]))
    {
        return Some(d);
    }
    COMPACT_DATE
        .captures(name)
        .and_then(|c| ymd(&c[1], c[2].parse().ok()?, &c[3]))
}

/// Words that may stand beside a date on a date line ("Published Wednesday, Dec. 10, 2013 9:00 AM").
const DATE_LINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "modified",
    "on",
    "at",
    "am",
    "pm",
    "a",
    "m",
    "p",
    "et",
    "est",
    "edt",
    "bst",
    "gmt",
    "utc",
    "cet",
    "cest",
    "pt",
    "pst",
    "pdt",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "date",
];

/// If `line` is a short line whose content is a date (the Wikinews date line, "Published ..."),
/// the date it gives.
pub fn date_line(line: &str) -> Option<NaiveDate> {
    if line.len() > 80 {
        return None;
    }
    let date = find_written_date(line).or_else(|| {
        let c = ISO_DATE.captures(line)?;
        ymd(&c[1], c[2].parse().ok()?, &c[3])
    })?;
    let lower = line.to_lowercase();
    let rest_ok = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| month_number(w).is_none() || w.len() > 9)
        .filter(|w| !matches!(*w, "st" | "nd" | "rd" | "th" | "of"))
        .all(|w| DATE_LINE_WORDS.contains(&w));
    rest_ok.then_some(date)
}

/// A head line that only says when or how long ("Updated 3:10 PM ET", "5 min read", "2 hours ago").
pub fn is_timestamp_line(line: &str) -> bool {
    if line.len() > 60 {
        return false;
    }
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has_time_word = words.iter().any(|w| {
        matches!(
            *w,
            "updated" | "published" | "posted" | "read" | "ago" | "am" | "pm" | "et" | "gmt" | "utc" | "edt" | "est"
        )
    });
    has_time_word
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || DATE_LINE_WORDS.contains(w)
                || month_number(w).is_some() && w.len() <= 9
                || matches!(
                    *w,
                    "min"
                        | "mins"
                        | "minute"
                        | "minutes"
                        | "read"
                        | "ago"
                        | "hour"
                        | "hours"
                        | "day"
                        | "days"
                        | "h"
                        | "m"
                )
        })
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("Monday", Weekday::Mon),
    ("Tuesday", Weekday::Tue),
    ("Wednesday", Weekday::Wed),
    ("Thursday", Weekday::Thu),
    ("Friday", Weekday::Fri),
    ("Saturday", Weekday::Sat),
    ("Sunday", Weekday::Sun),
];

/// The first weekday named in `text`, resolved to the latest such day on or before `anchor`.
/// Never resolved against the clock: without an anchor there is no answer.
pub fn resolve_weekday(text: &str, anchor: NaiveDate) -> Option<NaiveDate> {
    let (_, day) = WEEKDAYS
        .iter()
        .filter_map(|(name, day)| {
            text.match_indices(name)
                .find(|(i, _)| {
                    let before_ok = text[..*i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    let after_ok = text[i + name.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric());
                    before_ok && after_ok
                })
                .map(|(i, _)| (i, *day))
        })
        .min_by_key(|(i, _)| *i)?;
    let back = (7 + anchor.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    anchor.checked_sub_days(chrono::Days::new(u64::from(back)))
}

/// A dateline found at the start of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The place, in title case ("Brussels", "New York"); `None` for a bare "(CNN) —".
    pub place: Option<String>,
    /// The agency in parentheses ("AP", "Reuters").
    pub agency: Option<String>,
    /// Bytes of the line the dateline occupies.
    pub len: usize,
}

/// Recognize "BRUSSELS (AP) —", "NEW YORK, Aug 20 (Reuters) -", "KYIV, Ukraine —" at the start of a line.
pub fn dateline(line: &str) -> Option<Dateline> {
    upper_case_dateline(line).or_else(|| agency_dateline(line))
}

fn agency_dateline(line: &str) -> Option<Dateline> {
    let c = DATELINE_AGENCY.captures(line)?;
    let whole = c.get(0)?;
    let agency = c.name("agency")?.as_str().trim();
    super::outlets::canonical(agency)?;
    if line[whole.end()..].trim().is_empty() {
        return None;
    }
    Some(Dateline {
        place: c.name("place").map(|p| p.as_str().to_owned()),
        agency: Some(agency.to_owned()),
        len: whole.end(),
    })
}

fn upper_case_dateline(line: &str) -> Option<Dateline> {
    let c = DATELINE.captures(line)?;
    let whole = c.get(0)?;
    let place = c.name("place")?.as_str();
    let agency = c.name("agency").map(|a| a.as_str().trim().to_owned());
    let dash = c.name("dash")?.as_str();
    // The first place word must be all capitals and more than an initial.
    let first_word = place.split([' ', ',']).next().unwrap_or("");
    if first_word.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return None;
    }
    // Without an agency only an em dash (or "--") marks a dateline; "NATO - the alliance" is no dateline.
    if agency.is_none() && !(dash == "\u{2014}" || dash == "--") {
        return None;
    }
    // Something must follow.
    if line[whole.end()..].trim().is_empty() {
        return None;
    }
    let (caps, tail) = place.split_once(',').map_or((place, ""), |(a, b)| (a, b));
    let mut cased = crate::casing::title_case(caps);
    if !tail.is_empty() {
        cased.push(',');
        cased.push_str(tail);
    }
    Some(Dateline {
        place: Some(cased),
        agency,
        len: whole.end(),
    })
}

/// "By Jane Doe" / "By Jane Doe and John Roe, Associated Press" -> the names.
pub fn byline(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))?
        .trim();
    if rest.is_empty() || rest.len() > 120 || rest.split_whitespace().count() > 14 {
        return None;
    }
    if !rest.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // A sentence ("By noon, the crowd had grown.") is no byline: names are capitalised words.
    let names = rest.split(['|', '\u{2022}']).next().unwrap_or(rest).trim();
    let capitalised = names
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                || matches!(w, "and" | "&" | "de" | "van" | "von" | "al" | "bin")
        });
    if !capitalised {
        return None;
    }
    Some(names.trim_end_matches(',').to_owned())
}

/// Does this line read as a headline: short, several words, capitalised, not a sentence.
pub fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    line.len() <= 200
        && (2..=25).contains(&words)
        && line.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || c == '\'' || c == '"' || c == '\u{201c}' || c == '\u{2018}'
        })
        && !line.ends_with(['.', ',', ';', ':'])
        && date_line(line).is_none()
        && byline(line).is_none()
}

/// A title from a descriptive file name ("nato-chiefs-ukraine.txt" -> "NATO Chiefs Ukraine"),
/// each word cased as the body writes it. `None` for names like "wikinews-1007169" or "article2".
pub fn title_from_file_name(file_name: &str, body: &str) -> Option<String> {
    // Ingest may pass the stem or the whole name: drop only an article extension.
    let stem = file_name
        .rsplit_once('.')
        .filter(|(_, ext)| {
            matches!(
                ext.to_ascii_lowercase().as_str(),
                "txt" | "text" | "html" | "htm" | "xhtml" | "md" | "markdown" | "json" | "jsonl" | "ndjson"
            )
        })
        .map_or(file_name, |(s, _)| s);
    let words: Vec<&str> = stem
        .split(['-', '_', ' ', '.', '+'])
        .filter(|w| !w.is_empty())
        .collect();
    let descriptive: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().all(char::is_alphabetic) && w.chars().count() >= 2)
        .collect();
    if descriptive.len() < 2 || descriptive.len() * 2 < words.len() {
        return None;
    }
    let cased: Vec<String> = descriptive
        .iter()
        .map(|w| cased_as_in(w, body).unwrap_or_else(|| crate::casing::title_case(w)))
        .collect();
    let mut title = cased.join(" ");
    if let Some(first) = title.chars().next() {
        let upper: String = first.to_uppercase().collect();
        title.replace_range(..first.len_utf8(), &upper);
    }
    Some(title)
}

/// The form a word takes in `body` when it appears there as a whole word, preferring a
/// capitalised form ("nato" -> "NATO", "chiefs" -> "Chiefs").
fn cased_as_in(word: &str, body: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let mut found: Option<&str> = None;
    for token in body.split(|c: char| !c.is_alphanumeric()) {
        if token.len() == lower.len() && token.to_lowercase() == lower {
            if token.chars().next().is_some_and(char::is_uppercase) {
                return Some(token.to_owned());
            }
            found.get_or_insert(token);
        }
    }
    found.map(str::to_owned)
}

/// The lead sentence shortened to a title: at most 12 words or 90 characters, cut at a word.
pub fn title_from_lead(paragraph: &str) -> String {
    let sentence_end = paragraph
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            // Not after an abbreviation or initial ("U.S.", "Gen.").
            let word = paragraph[..i].rsplit(' ').next().unwrap_or("");
            word.chars().count() > 3 && !word.contains('.')
        })
        .unwrap_or(paragraph.len());
    let sentence = paragraph[..sentence_end].trim_end_matches('.');
    let mut out = String::new();
    for (n, w) in sentence.split_whitespace().enumerate() {
        if n >= 12 || out.len() + w.len() + 1 > 90 {
            out = out.trim_end_matches([',', ';', ':']).to_owned();
            out.push('\u{2026}');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(parse_date("2013-12-10"), Some(d(2013, 12, 10)));
        assert_eq!(parse_date("2013-12-10T23:30:00-05:00"), Some(d(2013, 12, 10)));
        assert_eq!(parse_date("2020-01-02 10:00:00"), Some(d(2020, 1, 2)));
        assert_eq!(parse_date("Tue, 10 Dec 2013 09:00:00 +0000"), Some(d(2013, 12, 10)));
        assert_eq!(parse_date("December 10, 2013"), Some(d(2013, 12, 10)));
        assert_eq!(parse_date("10 Dec. 2013"), Some(d(2013, 12, 10)));
        assert_eq!(parse_date("20131210"), Some(d(2013, 12, 10)));
        assert_eq!(parse_date("2013-13-45"), None);
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn date_lines() {
        assert_eq!(date_line("December 10, 2013"), Some(d(2013, 12, 10)));
        assert_eq!(date_line("March 01, 2008"), Some(d(2008, 3, 1)));
        assert_eq!(
            date_line("Published Wednesday, Aug. 20, 2025 9:00 AM EDT"),
            Some(d(2025, 8, 20))
        );
        assert_eq!(date_line("Updated: 2025-08-20"), Some(d(2025, 8, 20)));
        assert_eq!(date_line("The store opened on April 28, 2003 in California."), None);
    }

    #[test]
    fn file_name_dates() {
        assert_eq!(date_in_file_name("2025-08-20-nato.txt"), Some(d(2025, 8, 20)));
        assert_eq!(date_in_file_name("nato_20250820.html"), Some(d(2025, 8, 20)));
        assert_eq!(date_in_file_name("wikinews-1007169.txt"), None);
        assert_eq!(date_in_file_name("story-12345678901.txt"), None);
    }

    #[test]
    fn weekdays_against_anchor() {
        // 2025-08-21 is a Thursday; "Wednesday" is the day before.
        assert_eq!(
            resolve_weekday("met on Wednesday in Brussels", d(2025, 8, 21)),
            Some(d(2025, 8, 20))
        );
        assert_eq!(resolve_weekday("met Thursday", d(2025, 8, 21)), Some(d(2025, 8, 21)));
        assert_eq!(
            resolve_weekday("Wednesdays are busy; no day named", d(2025, 8, 21)),
            None
        );
        assert_eq!(resolve_weekday("no day", d(2025, 8, 21)), None);
    }

    #[test]
    fn datelines() {
        let dl = dateline("BRUSSELS (AP) \u{2014} NATO chiefs met.").unwrap();
        assert_eq!(
            (dl.place.as_deref(), dl.agency.as_deref()),
            (Some("Brussels"), Some("AP"))
        );
        assert_eq!(&"BRUSSELS (AP) \u{2014} NATO chiefs met."[dl.len..], "NATO chiefs met.");
        let dl = dateline("NEW YORK, Aug 20 (Reuters) - Stocks rose.").unwrap();
        assert_eq!(
            (dl.place.as_deref(), dl.agency.as_deref()),
            (Some("New York"), Some("Reuters"))
        );
        let dl = dateline("KYIV, Ukraine \u{2014} Drones struck.").unwrap();
        assert_eq!((dl.place.as_deref(), dl.agency), (Some("Kyiv, Ukraine"), None));
        let dl = dateline("Washington (CNN) \u{2014} The Senate voted.").unwrap();
        assert_eq!(
            (dl.place.as_deref(), dl.agency.as_deref()),
            (Some("Washington"), Some("CNN"))
        );
        let dl = dateline("(CNN) \u{2014} The Senate voted.").unwrap();
        assert_eq!((dl.place, dl.agency.as_deref()), (None, Some("CNN")));
        assert_eq!(dateline("Washington (state) - the vote."), None);
        assert_eq!(dateline("Paris (France) \u{2014} more."), None);
        assert_eq!(dateline("NATO - the alliance met."), None);
        assert_eq!(dateline("The NATO Chiefs of Defense met."), None);
        assert_eq!(dateline("U.S. officials said \u{2014} again."), None);
    }

    #[test]
    fn timestamp_lines() {
        assert!(is_timestamp_line("Updated 3:10 PM ET"));
        assert!(is_timestamp_line("5 min read"));
        assert!(is_timestamp_line("Published 2 hours ago"));
        assert!(!is_timestamp_line("Read the statement"));
        assert!(!is_timestamp_line("Officials met at 3 pm."));
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            byline("By Jane Doe and John Roe | Fox News").as_deref(),
            Some("Jane Doe and John Roe")
        );
        assert_eq!(
            byline("BY JANE DOE, Associated Press").as_deref(),
            Some("JANE DOE, Associated Press")
        );
        assert_eq!(byline("By noon, the crowd had grown to thousands."), None);
        assert_eq!(byline("Byline"), None);
    }

    #[test]
    fn headlines() {
        assert!(is_headline("Mary Barra appointed as General Motors chief"));
        assert!(is_headline("Is NATO ready?"));
        assert!(!is_headline(
            "The NATO Chiefs of Defense reaffirmed support for Ukraine in a virtual meeting."
        ));
        assert!(!is_headline("December 10, 2013"));
        assert!(!is_headline("By Jane Doe"));
        assert!(!is_headline("lowercase start line"));
    }

    #[test]
    fn titles_from_file_names_and_leads() {
        let body = "The NATO Chiefs of Defense reaffirmed support for Ukraine.";
        assert_eq!(
            title_from_file_name("nato-chiefs-ukraine.txt", body).as_deref(),
            Some("NATO Chiefs Ukraine")
        );
        assert_eq!(title_from_file_name("wikinews-1007169.txt", body), None);
        assert_eq!(title_from_file_name("article2.txt", body), None);
        assert_eq!(
            title_from_file_name("budget_vote_passes.txt", "x").as_deref(),
            Some("Budget Vote Passes")
        );
        let lead = "U.S. Gen. Dan Caine attended the meeting virtually, along with Grynkewich, who also leads U.S. European Command. More text.";
        let t = title_from_lead(lead);
        assert!(t.ends_with('\u{2026}') && t.starts_with("U.S. Gen. Dan Caine"), "{t}");
        assert_eq!(title_from_lead("Short lead. Then more."), "Short lead");
    }
}
