//! Metadata inference from the text: headline lines, titles from file names or lead sentences,
//! datelines ("BRUSSELS (AP) —"), bylines ("By Jane Doe"), and dates (metadata strings, dates
//! written in the text in English, German, Spanish, French, Italian, Portuguese, Dutch or Polish,
//! dates in URL paths and file names). A date is only ever read, never inferred: a weekday alone
//! ("on Wednesday") gives none, and neither does the file's modification time.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// A word that may be a month's name (checked by [`month_number`]), with an optional abbreviation dot.
const MONTH_WORD: &str = r"(\p{L}{3,12})\.?";

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
/// "10 December 2013", "10th of December, 2013", "4. März 2024", "18 de marzo de 2024", "1er mars 2024".
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:of\s+|de\s+)?{MONTH_WORD},?\s+(?:de\s+|del\s+)?(\d{{4}})\b"
    ))
    .expect("valid regex")
});
/// "18.03.2024", "18/03/2024", "3/18/2024" (day and month told apart only when one of them is above 12, or by the
/// dots, which only day-first writing uses).
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9./])(\d{1,2})([./])(\d{1,2})[./](\d{4})(?:[^0-9]|$)").expect("valid regex")
});
/// A date as a URL path writes it: /2020/02/18/, /2024/3/18/.
static URL_DATE_SLASHES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)").expect("valid regex"));
/// ... or as one word: /2020-02-18-slug, -20240305-p5fa1x.html, /20200218/.
static URL_DATE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d{2})(-?)(0[1-9]|1[0-2])(-?)(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)").expect("valid regex")
});

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^0-9]|$)").expect("valid regex"));
static COMPACT_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9])(\d{4})_?(\d{2})_?(\d{2})(?:[^0-9]|$)").expect("valid regex"));
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+)*(?:,\s+[A-Z][A-Za-z'.]+(?:\s+[A-Z][A-Za-z'.]+)?)?)(?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\.?\s+(?:de\s+)?\p{L}{3,12}\.?\s+(?:de\s+)?\d{4}))?\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\)\s*)?(?P<dash>\u{2014}|\u{2013}|--|-)\s*",
    )
    .expect("valid regex")
});

/// CNN style: "Washington (CNN) —", or just "(CNN) —"; the agency must be a known outlet.
static DATELINE_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<place>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3}(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)(?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\.?\s+(?:de\s+)?\p{L}{3,12}\.?(?:\s+(?:de\s+)?\d{4})?))?\s*)?\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\)\.?\s*(?P<dash>\u{2014}|\u{2013}|--|-)\s*",
    )
    .expect("valid regex")
});

/// Month names and their abbreviations in the languages newsdex reads, lower case: (name, month).
const MONTH_NAMES: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // Spanish
    ("enero", 1),
    ("ene", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("abr", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("ago", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("dic", 12),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("out", 10),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Polish: the genitive of dates ("18 marca 2024") and the nominative
    ("stycznia", 1),
    ("styczeń", 1),
    ("lutego", 2),
    ("luty", 2),
    ("marca", 3),
    ("marzec", 3),
    ("kwietnia", 4),
    ("kwiecień", 4),
    ("maja", 5),
    ("maj", 5),
    ("czerwca", 6),
    ("czerwiec", 6),
    ("lipca", 7),
    ("lipiec", 7),
    ("sierpnia", 8),
    ("sierpień", 8),
    ("września", 9),
    ("wrzesień", 9),
    ("października", 10),
    ("październik", 10),
    ("listopada", 11),
    ("listopad", 11),
    ("grudnia", 12),
    ("grudzień", 12),
];

/// The month a word names, in any of [`MONTH_NAMES`]' languages ("March", "Dec", "März", "marzo", "août").
fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    MONTH_NAMES.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
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
    parse_date_any(s.trim()).filter(|d| *d != NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default())
}

/// [`parse_date`] without its guard: 1970-01-01 is what an empty timestamp prints as, never an article's date.
fn parse_date_any(s: &str) -> Option<NaiveDate> {
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    if let Some(c) = ISO_DATE.captures(s) {
        let m = c[2].parse().ok()?;
        if let Some(d) = ymd(&c[1], m, &c[3]) {
            return Some(d);
        }
    }
    find_written_date(s)
        .or_else(|| {
            COMPACT_DATE
                .captures(s)
                .and_then(|c| ymd(&c[1], c[2].parse().ok()?, &c[3]))
        })
        .or_else(|| find_numeric_date(s))
}

/// The first date written with a month name in `text` ("December 10, 2013", "10 Dec. 2013", "4. März 2024",
/// "18 de marzo de 2024").
pub fn find_written_date(text: &str) -> Option<NaiveDate> {
    let a = MONTH_DAY_YEAR
        .captures_iter(text)
        .find_map(|c| Some((c.get(0)?.start(), ymd(&c[3], month_number(&c[1])?, &c[2])?)));
    let b = DAY_MONTH_YEAR
        .captures_iter(text)
        .find_map(|c| Some((c.get(0)?.start(), ymd(&c[3], month_number(&c[2])?, &c[1])?)));
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|x| x.1),
    }
}

/// Words of a date line in a language that writes the day first: "Publié le 07/02/2024" is 7 February.
const DAY_FIRST_WORDS: &[&str] = &[
    "publié",
    "mis à jour",
    "publicado",
    "actualizado",
    "pubblicato",
    "aggiornato",
    "veröffentlicht",
    "aktualisiert",
    "stand:",
    "opublikowano",
    "aktualizacja",
    "gepubliceerd",
    "bijgewerkt",
    "atualizado",
    " le ",
    " el ",
    " il ",
    " am ",
    " um ",
];

/// The first numeric date in `text` that can be read one way only (or that a day-first language's words say how to
/// read): "18.03.2024" (day first), "18/03/2024",
/// "3/18/2024"; "03/04/2024" could be either and gives none.
pub fn find_numeric_date(text: &str) -> Option<NaiveDate> {
    let lower = text.to_lowercase();
    let day_first = DAY_FIRST_WORDS.iter().any(|w| lower.contains(w));
    NUMERIC_DATE.captures_iter(text).find_map(|c| {
        let (a, b): (u32, u32) = (c[1].parse().ok()?, c[3].parse().ok()?);
        let (day, month) = match (&c[2], a > 12, b > 12) {
            (".", _, false) => (a, b),
            ("/", true, false) => (a, b),
            ("/", false, true) => (b, a),
            ("/", false, false) if day_first => (a, b),
            _ => return None,
        };
        ymd(&c[4], month, &day.to_string())
    })
}

/// A date in a URL's path ("https://example.com/2020/02/18/slug" -> 2020-02-18); the host is not read.
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/')?..];
    if let Some(c) = URL_DATE_SLASHES.captures(path) {
        return ymd(&c[1], c[2].parse().ok()?, &c[3]);
    }
    let c = URL_DATE_WORD.captures(path)?;
    // Both separators or neither: "/2020-0218" is no date.
    if c[2] != c[4] {
        return None;
    }
    ymd(&c[1], c[3].parse().ok()?, &c[5])
}

/// A written or numeric date in a byline or a dateline ("By Jane Doe | March 18, 2024", "BERLIN, 4. März 2024
/// (dpa) –").
pub fn date_in_line(line: &str) -> Option<NaiveDate> {
    find_written_date(line).or_else(|| find_numeric_date(line))
}

/// How many lines at either end of a saved text are searched for its address.
const URL_LINES: usize = 3;

/// The article's address from a line that gives only it ("https://example.com/2024/03/18/slug", "Source:
/// https://...", "Quelle: https://..."), among the first and last lines of the body; the line is removed.
pub fn take_url_line(body: &mut Vec<String>) -> Option<String> {
    let n = body.len();
    if n < 2 {
        return None;
    }
    let candidates = (0..n.min(URL_LINES)).chain(n.saturating_sub(URL_LINES).max(URL_LINES.min(n))..n);
    for i in candidates {
        if let Some(url) = url_line(&body[i]) {
            body.remove(i);
            return Some(url);
        }
    }
    None
}

/// The address a line gives when it gives only that ("https://...", "Source: https://...").
pub fn url_line(line: &str) -> Option<String> {
    let line = line.trim();
    let rest = match line.split_once(':') {
        Some((label, rest))
            if label.split_whitespace().count() <= 3 && !label.contains('/') && !label.starts_with("http") =>
        {
            rest.trim()
        }
        _ => line,
    };
    let url_only = (rest.starts_with("https://") || rest.starts_with("http://"))
        && !rest.contains(char::is_whitespace)
        && rest.len() > 12;
    url_only.then(|| rest.to_owned())
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
    // German, Spanish, French, Italian, Portuguese, Dutch, Polish
    "veröffentlicht",
    "aktualisiert",
    "stand",
    "um",
    "uhr",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "publicado",
    "actualizado",
    "el",
    "de",
    "del",
    "las",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "publié",
    "mis",
    "jour",
    "le",
    "à",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "pubblicato",
    "aggiornato",
    "il",
    "alle",
    "ore",
    "atualizado",
    "gepubliceerd",
    "bijgewerkt",
    "opublikowano",
    "aktualizacja",
    "godz",
];

/// If `line` is a short line whose content is a date (the Wikinews date line, "Published ..."),
/// the date it gives.
pub fn date_line(line: &str) -> Option<NaiveDate> {
    if line.len() > 80 {
        return None;
    }
    let date = find_written_date(line)
        .or_else(|| {
            let c = ISO_DATE.captures(line)?;
            ymd(&c[1], c[2].parse().ok()?, &c[3])
        })
        .or_else(|| find_numeric_date(line))?;
    let lower = line.to_lowercase();
    let rest_ok = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| month_number(w).is_none())
        .filter(|w| !matches!(*w, "st" | "nd" | "rd" | "th" | "of"))
        .all(|w| DATE_LINE_WORDS.contains(&w));
    rest_ok.then_some(date)
}

/// A short head line that gives a date beside a name or a place ("Jonah Whitcombe - Nov 2, 2023 9:15 am UTC",
/// "Sofia Lindqvist · CBC News · Posted: Jan 09, 2024"): its date. Not a sentence of the article.
pub fn dated_head_line(line: &str) -> Option<NaiveDate> {
    let words = line.split_whitespace().count();
    if words > 16 || line.trim_end().ends_with(['.', '!', '?']) && words > 4 {
        return None;
    }
    // A byline's date stands after a separator or with a time of day; "Born: June 11, 1988 (age 30) Fort Worth,
    // Texas" at the head of a biography is neither, and its date is not the article's.
    let separated = [" - ", " \u{2013} ", " \u{2014} ", "|", "\u{b7}", "\u{2022}"]
        .iter()
        .any(|s| line.contains(s));
    let timed = line
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    if !(separated || timed) {
        return None;
    }
    date_in_line(line)
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

/// "By Jane Doe" / "By Jane Doe and John Roe, Associated Press" / "Von Felix Aldinger" / "Por Ana Ruiz" -> the
/// names.
pub fn byline(line: &str) -> Option<String> {
    // "By" and its equivalents in the languages newsdex reads ("Von", "Por", "Par", "Door", "Przez"), and labels.
    const PREFIXES: &[&str] = &[
        "By ",
        "BY ",
        "by ",
        "Von ",
        "VON ",
        "von ",
        "Por ",
        "POR ",
        "por ",
        "Par ",
        "PAR ",
        "par ",
        "Door ",
        "door ",
        "Autor: ",
        "Autorin: ",
        "Author: ",
        "Auteur : ",
        "Auteur: ",
        "Written by ",
        "Text: ",
        "di ",
        "Di ",
        "DI ",
    ];
    let rest = PREFIXES.iter().find_map(|p| line.strip_prefix(p))?.trim();
    if rest.is_empty() || rest.len() > 120 || rest.split_whitespace().count() > 14 {
        return None;
    }
    if !rest.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // A sentence ("By noon, the crowd had grown.") is no byline: names are capitalised words.
    let names = rest.split(['|', '\u{2022}', '\u{b7}']).next().unwrap_or(rest);
    let names = names
        .split(" - ")
        .next()
        .unwrap_or(names)
        .split(" \u{2013} ")
        .next()
        .unwrap_or(names)
        .trim();
    let capitalised = names
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                || matches!(
                    w,
                    "and"
                        | "und"
                        | "y"
                        | "et"
                        | "e"
                        | "en"
                        | "i"
                        | "&"
                        | "de"
                        | "van"
                        | "von"
                        | "al"
                        | "bin"
                        | "del"
                        | "da"
                        | "di"
                        | "la"
                        | "le"
                        | "der"
                )
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
    fn dates_in_many_languages_and_forms() {
        assert_eq!(find_written_date("4. März 2024"), Some(d(2024, 3, 4)));
        assert_eq!(find_written_date("18 de marzo de 2024"), Some(d(2024, 3, 18)));
        assert_eq!(find_written_date("le 1er mars 2024"), Some(d(2024, 3, 1)));
        assert_eq!(find_written_date("18 marca 2024 r."), Some(d(2024, 3, 18)));
        assert_eq!(
            find_written_date("Chapter 11 2009, then March 5, 2010"),
            Some(d(2010, 3, 5))
        );
        assert_eq!(find_written_date("Marching 5 2019"), None);
        assert_eq!(find_numeric_date("Stand: 18.03.2024 10:32 Uhr"), Some(d(2024, 3, 18)));
        assert_eq!(find_numeric_date("3/18/2024"), Some(d(2024, 3, 18)));
        assert_eq!(find_numeric_date("03/04/2024"), None);
        assert_eq!(find_numeric_date("Publié le 07/02/2024 à 18:30"), Some(d(2024, 2, 7)));
        assert_eq!(date_line("Stand: 18.03.2024 10:32 Uhr"), Some(d(2024, 3, 18)));
        assert_eq!(date_in_url("https://example.com/2020/02/18/slug"), Some(d(2020, 2, 18)));
        assert_eq!(
            date_in_url("https://example.com/news/2020-02-18-slug"),
            Some(d(2020, 2, 18))
        );
        assert_eq!(date_in_url("https://example.com/2020/0218/slug"), None);
        assert_eq!(
            date_in_url("https://www.theverge.com/2024/3/18/24104555/slug"),
            Some(d(2024, 3, 18))
        );
        assert_eq!(
            date_in_url("https://www.smh.com.au/national/swim-signs-20240305-p5fa1x.html"),
            Some(d(2024, 3, 5))
        );
        assert_eq!(
            byline("Von Karl Mertens, Berlin - 27.09.2023, 18:42").as_deref(),
            Some("Karl Mertens, Berlin")
        );
        assert_eq!(byline("di Marco Ferri | 3 maggio 2024").as_deref(), Some("Marco Ferri"));
        assert_eq!(
            dated_head_line("Jonah Whitcombe - Nov 2, 2023 9:15 am UTC"),
            Some(d(2023, 11, 2))
        );
        assert_eq!(dated_head_line("Born: June 11, 1988 (age 30) Fort Worth, Texas"), None);
        assert_eq!(date_in_url("https://2020.example.com/x"), None);
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), None);
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
