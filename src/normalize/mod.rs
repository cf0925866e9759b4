//! Normalization: turns a [`RawArticle`] into the [`Article`] every later stage uses. Cleans the
//! Unicode ([`unicode`]), sets boilerplate, captions and credits apart ([`boilerplate`]), and fills
//! title, dateline, byline, date and outlet from the file's metadata or the text ([`meta`],
//! [`outlets`]), and tells the language ([`crate::language`]). A pure function: the file's name
//! comes in a [`FileContext`]. The date is one the article gives (metadata, a date line, a byline
//! or dateline, its URL, its file name) or none: never the file's modification time.

pub mod boilerplate;
pub mod main_text;
pub mod meta;
pub mod outlets;
pub mod site;
pub mod unicode;

use crate::article::{Article, DateSource};
use crate::read::RawArticle;
use crate::read::detect::Format;
use boilerplate::Rule;
use unicode::clean_line;

/// What normalization may know about the file besides its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileContext {
    /// The path as displayed (given on the command line or found by the walk).
    pub path: String,
    /// The file name alone ("nato-chiefs-ukraine.txt").
    pub file_name: String,
    /// The lines the file's folder repeats across its saved pages, when the caller read the folder.
    pub site: Option<std::sync::Arc<site::SiteLines>>,
}

impl FileContext {
    /// The context of the file at `path`.
    pub fn new(path: &std::path::Path) -> FileContext {
        FileContext {
            path: path.display().to_string(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            site: None,
        }
    }
}

/// How many leading lines are searched for a headline, date line and byline.
const HEAD_LINES: usize = 5;

/// Normalize one raw article. Never panics.
pub fn normalize(raw: RawArticle, ctx: &FileContext) -> Article {
    let lines: Vec<String> = raw
        .blocks
        .iter()
        .map(|b| clean_line(b))
        .filter(|l| !l.is_empty())
        .collect();
    // A site menu anywhere in the text, before the boilerplate rules take its items away: the mark of a saved page.
    let saved_page = matches!(raw.format, Some(Format::Text | Format::Markdown)) && main_text::has_menu(&lines);
    let sorted = boilerplate::sort_lines(lines);
    let mut body = sorted.body;
    let clean_opt = |s: Option<String>| s.map(|s| clean_line(&s)).filter(|s| !s.is_empty());

    // Source named by the file's metadata or its URL (from metadata, or a line of a saved text that gives it).
    let meta_source = clean_opt(raw.source);
    let mut url = clean_opt(raw.url).or_else(|| meta::take_url_line(&mut body));
    let url_outlet = url.as_deref().and_then(outlets::canonical);
    let mut source = meta_source
        .as_deref()
        .map(|s| {
            // A name the table does not know that holds the name of the URL's outlet is its publisher's company
            // ("Ediciones El País" on elpais.com): the outlet is the news organization.
            outlets::canonical(s)
                .or_else(|| url_outlet.filter(|o| outlets::name_contains(s, o)))
                .map_or_else(|| s.to_owned(), str::to_owned)
        })
        .or_else(|| url_outlet.map(str::to_owned));

    // Title from metadata, without a trailing " - Site Name".
    let mut title = clean_opt(raw.title).map(|t| strip_site_suffix(&t, meta_source.as_deref(), source.as_deref()));
    let mut title_inferred = false;

    // A saved page's text: the article is the densest run of prose; the page's head before it gives the headline,
    // a date and a byline, and what follows it (related stories, sign-ups, the footer) is dropped.
    let mut head_date = None;
    let mut head_byline = None;
    if saved_page && let Some((start, end)) = main_text::core(&body) {
        body.truncate(end);
        let head: Vec<String> = body.drain(..start).collect();
        let mut title_at = if title.is_none() {
            main_text::headline_in_head(&head, meta::is_headline)
        } else {
            None
        };
        // No headline of four words or more in the head: a headline that reads as a sentence ("The four-day week
        // keeps working. Why aren't more employers trying it?") opens the article's prose instead.
        let weak = title_at.is_none_or(|t| head[t].split_whitespace().count() < 4);
        // Nor one that reads as a sentence because of an abbreviation ("... na poziomie 5,75 proc.") right before
        // a dateline ("Warszawa, 6 marca 2024 (PAP) – ..."), which opens an article and never a headline.
        let before_dateline = |body: &[String]| {
            body.len() > 1 && body[0].split_whitespace().count() <= 20 && meta::dateline(&body[1]).is_some()
        };
        if title.is_none()
            && weak
            && body.len() > 1
            && (main_text::is_question_headline(&body[0]) || before_dateline(&body))
        {
            title = Some(body.remove(0));
            title_at = None;
        }
        let mut kept = Vec::new();
        for (i, line) in head.into_iter().enumerate() {
            if Some(i) == title_at {
                title = Some(line);
                continue;
            }
            if url.is_none()
                && let Some(u) = meta::url_line(&line)
            {
                url = Some(u);
                continue;
            }
            // The masthead: a line that is an outlet's name ("EL MUNDO", "heise online", "The Hindu").
            if source.is_none() && line.split_whitespace().count() <= 5 {
                source = outlets::canonical(&line).map(str::to_owned);
            }
            let line_byline = meta::byline(&line);
            let is_byline = line_byline.is_some();
            if head_byline.is_none() {
                head_byline = line_byline;
            }
            if head_date.is_none() && line.split_whitespace().count() <= 30 {
                head_date = meta::date_line(&line).or_else(|| meta::date_in_line(&line));
            }
            // A standfirst between the headline and the article stays with the article.
            if title_at.is_some_and(|t| i > t) && main_text::is_prose(&line) && !is_byline {
                kept.push(line);
            }
        }
        body.splice(0..0, kept);
        if source.is_none() {
            source = url.as_deref().and_then(outlets::canonical).map(str::to_owned);
        }
    }

    // Lines the site repeats across the folder's pages, unless they would take most of the text (copies of one
    // story saved twice are not a site's furniture).
    if let Some(site) = &ctx.site
        && matches!(raw.format, Some(Format::Text | Format::Markdown | Format::Html))
    {
        let repeated: Vec<bool> = body.iter().map(|l| site.is_repeated(l)).collect();
        let total: usize = body.iter().map(String::len).sum();
        let dropped: usize = body
            .iter()
            .zip(&repeated)
            .filter(|(_, r)| **r)
            .map(|(l, _)| l.len())
            .sum();
        if dropped * 2 < total {
            let mut flags = repeated.into_iter();
            body.retain(|_| !flags.next().unwrap_or(false));
        }
    }

    if let Some(t) = &title {
        if body.first().is_some_and(|first| same_text(first, t)) {
            body.remove(0);
        }
    } else if body.len() > 1 && meta::is_headline(&body[0]) {
        title = Some(body.remove(0));
    }

    // Date lines and bylines in the head of the text.
    let mut text_date = head_date;
    let mut byline = {
        let authors: Vec<String> = raw
            .authors
            .iter()
            .map(|a| clean_line(a))
            .filter(|a| !a.is_empty())
            .collect();
        (!authors.is_empty()).then(|| authors.join(", "))
    }
    .or(head_byline);
    // The head is the first HEAD_LINES lines that stay; each line taken out brings the next one into it. (Lines
    // are marked and removed together at the end: a text of a hundred thousand date lines is read once.)
    let mut taken = vec![false; body.len()];
    let (mut kept, mut left) = (0, body.len());
    for (line, taken) in body.iter().zip(&mut taken) {
        if kept >= left.min(HEAD_LINES) || left <= 1 {
            break;
        }
        if let Some(d) = meta::date_line(line) {
            text_date.get_or_insert(d);
            *taken = true;
        } else if meta::is_timestamp_line(line) || line.chars().all(|c| c.is_ascii_digit()) {
            // "Updated 3:10 PM ET", "5 min read", and counters ("48" comments)
            *taken = true;
        } else if let Some(b) = meta::byline(line) {
            byline.get_or_insert(b);
            // "By Jane Doe | March 18, 2024"
            if let Some(d) = meta::date_in_line(line) {
                text_date.get_or_insert(d);
            }
            *taken = true;
        } else if let Some(d) = meta::dated_head_line(line) {
            // "Jonah Whitcombe - Nov 2, 2023 9:15 am UTC"
            text_date.get_or_insert(d);
            *taken = true;
        }
        if *taken {
            left -= 1;
        } else {
            kept += 1;
        }
    }
    let mut taken = taken.into_iter();
    body.retain(|_| !taken.next().unwrap_or(false));

    // "Jane Doe, Associated Press": the affiliation is an outlet, not a name.
    let mut byline_outlet = None;
    if let Some(b) = &byline
        && let Some((names, aff)) = b.rsplit_once(',')
        && let Some(outlet) = outlets::canonical(aff)
        && !names.trim().is_empty()
    {
        byline_outlet = Some(outlet);
        byline = Some(names.trim().to_owned());
    }

    // Dateline at the start of the body.
    let mut dateline = None;
    let mut agency = None;
    if let Some(first) = body.first_mut()
        && let Some(dl) = meta::dateline(first)
    {
        // "BERLIN, 4. März 2024 (dpa) –"
        if let Some(d) = first.get(..dl.len).and_then(meta::date_in_line) {
            text_date.get_or_insert(d);
        }
        let rest = first.get(dl.len..).unwrap_or("").to_owned();
        *first = rest;
        dateline = dl.place;
        agency = dl.agency;
        if first.is_empty() {
            body.remove(0);
        }
    }

    // Outlet from cues in the text, then from the dateline agency or the byline's affiliation.
    if source.is_none() {
        let strong = sorted
            .removed
            .iter()
            .filter(|(rule, _)| {
                matches!(
                    rule,
                    Rule::ListenPrompt | Rule::Copyright | Rule::Subscribe | Rule::CallToAction
                )
            })
            .map(|(_, l)| (l.as_str(), true));
        let weak = body.iter().map(|l| (l.as_str(), false));
        source = outlets::outlet_from_cues(strong.chain(weak)).map(str::to_owned);
    }
    if source.is_none() {
        source = agency.as_deref().and_then(outlets::canonical).map(str::to_owned);
    }
    if source.is_none() {
        source = byline_outlet.map(str::to_owned);
    }

    // Title fallbacks: the file name, then the lead sentence.
    if title.is_none() {
        let lead = body.first().map(String::as_str).unwrap_or("");
        let joined_head: String = body.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(" ");
        // One file name cannot title every record of a JSON dump.
        let from_name = if raw.record.is_none() {
            meta::title_from_file_name(&ctx.file_name, &joined_head)
        } else {
            None
        };
        title = from_name.or_else(|| (!lead.is_empty()).then(|| meta::title_from_lead(lead)));
        title_inferred = true;
    }

    // Date: metadata, a date line, byline or dateline, the URL, the file name; else none. A weekday alone
    // ("on Wednesday") and the file's modification time are no evidence of the date.
    let (date, date_source) = if let Some(d) = raw.date.as_deref().and_then(meta::parse_date) {
        (Some(d), Some(DateSource::Metadata))
    } else if let Some(d) = text_date {
        (Some(d), Some(DateSource::Text))
    } else if let Some(d) = url.as_deref().and_then(meta::date_in_url) {
        (Some(d), Some(DateSource::Url))
    } else if let Some(d) = meta::date_in_file_name(&ctx.file_name) {
        (Some(d), Some(DateSource::FileName))
    } else {
        (None, None)
    };

    let body = body.join("\n\n");
    let lang = crate::language::detect(title.as_deref().unwrap_or(""), &body).map(str::to_owned);
    Article {
        id: String::new(),
        path: ctx.path.clone(),
        record: raw.record,
        title: title.unwrap_or_default(),
        title_inferred,
        body,
        date,
        date_source,
        source,
        url,
        byline,
        dateline,
        agency,
        captions: sorted.captions,
        credits: sorted.credits,
        lang,
    }
}

/// Two texts equal up to case, punctuation and spacing.
fn same_text(a: &str, b: &str) -> bool {
    // A paragraph is never the same text as a headline: no need to fold it.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() > 2 * short.len() + 16 {
        return false;
    }
    let key = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    key(a) == key(b)
}

/// "Wikinews, the free news source" starts with the site name "Wikinews".
fn starts_with_name(tail: &str, name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && tail.len() > name.len()
        && tail.is_char_boundary(name.len())
        && tail[..name.len()].eq_ignore_ascii_case(name)
        && tail[name.len()..].starts_with([',', ':', ' '])
}

/// "Headline - Example News" -> "Headline" when the suffix names the site.
fn strip_site_suffix(title: &str, site: Option<&str>, outlet: Option<&str>) -> String {
    for sep in [" - ", " | ", " \u{2014} ", " \u{2013} ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail = tail.trim();
            let names_site = site.is_some_and(|s| same_text(s, tail) || starts_with_name(tail, s))
                || outlet.is_some_and(|o| same_text(o, tail))
                || outlets::canonical(tail).is_some();
            if names_site && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

#[cfg(test)]
mod tests;
