//! HTML pages: the main content is extracted with dom_smoothie (a port of Mozilla's Readability),
//! and title, date, author, site name and URL are taken from JSON-LD, OpenGraph and `<meta>` tags.
//! Pages Readability cannot score (too short) fall back to the `<body>` text without navigation;
//! absurdly deep or huge markup is reduced by a flat tag stripper instead of a DOM, so no page can
//! exhaust the stack or the memory.

use dom_smoothie::{Config, Readability, TextMode};

use super::{RawArticle, text_blocks};

/// Deeper nesting than this (in the parsed tree) is not a real article page; it is read by the flat tokenizer.
const MAX_DEPTH: usize = 512;
/// Pages whose tags suggest deeper nesting than this are read by the flat tokenizer without building a tree to
/// check (building one costs time with the square of the depth).
const MAX_CHECKED_DEPTH: usize = 8 * MAX_DEPTH;
/// Larger pages are read by the flat tokenizer.
const MAX_DOM_BYTES: usize = 16 * 1024 * 1024;
/// Below this much extracted text, the plain `<body>` text (without navigation) is used instead.
const MIN_READABLE_CHARS: usize = 250;

/// Read a decoded HTML page.
pub fn read(html: &str) -> RawArticle {
    let html = &*without_ruby_annotations(html);
    // The tag count overestimates the nesting of sloppy pages (unclosed <div>, <font>, <td>); the real tree decides.
    // The tree builder's cost grows with the square of the nesting, so only a moderate estimate is checked.
    let too_deep = || {
        let estimate = nesting_depth(html);
        estimate > MAX_DEPTH
            && (estimate > MAX_CHECKED_DEPTH || dom_depth(&dom_query::Document::from(html), MAX_DEPTH) > MAX_DEPTH)
    };
    if html.len() > MAX_DOM_BYTES || too_deep() {
        return RawArticle {
            blocks: text_blocks(&strip_tags(html)),
            ..RawArticle::default()
        };
    }
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    // The page's furniture (comments, login forms, disclosures, related stories) goes before Readability scores
    // blocks, so that it can neither pick one nor keep one inside the article.
    let Ok(mut readability) = Readability::with_document(page_without_furniture(html), None, Some(cfg)) else {
        return RawArticle {
            blocks: text_blocks(&strip_tags(html)),
            ..RawArticle::default()
        };
    };
    // One pass gives content and metadata (JSON-LD, OpenGraph, meta tags); only a failed pass needs a second,
    // fresh look at the metadata, since parsing strips the document's scripts.
    let (text, meta) = match readability.parse() {
        Ok(article) => {
            // Readability needs a real article to score; on short pages its pick may include navigation.
            let text = if article.text_content.len() >= MIN_READABLE_CHARS {
                article.text_content.to_string()
            } else {
                body_text(html)
            };
            // A pick of lists or tables (signatories, contacts) when the page has paragraphs of prose elsewhere.
            let text = super::prose_block::better_than(&text, || page_without_furniture(html)).unwrap_or(text);
            let meta = Meta {
                title: article.title,
                byline: article.byline,
                published: article.published_time.or(article.modified_time),
                site_name: article.site_name,
                url: article.url,
            };
            (text, meta)
        }
        Err(_) => {
            let meta = match Readability::new(html, None, None) {
                Ok(fresh) => {
                    let m = fresh.get_article_metadata(fresh.parse_json_ld());
                    Meta {
                        title: m.title,
                        byline: m.byline,
                        published: m.published_time.or(m.modified_time),
                        site_name: m.site_name,
                        url: m.url,
                    }
                }
                Err(_) => Meta::default(),
            };
            (body_text(html), meta)
        }
    };
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut meta = meta;
    meta.published = nonempty(meta.published);
    meta.url = nonempty(meta.url);
    if meta.published.is_none() || meta.url.is_none() {
        let doc = dom_query::Document::from(html);
        if meta.published.is_none() {
            meta.published = published_in_markup(&doc);
        }
        if meta.url.is_none() {
            meta.url = canonical_url(&doc);
        }
    }
    RawArticle {
        blocks: text_blocks(&text),
        title: nonempty(Some(meta.title)),
        date: nonempty(meta.published),
        authors: nonempty(meta.byline).into_iter().collect(),
        source: nonempty(meta.site_name),
        url: nonempty(meta.url),
        ..RawArticle::default()
    }
}

/// The metadata fields taken from a page.
#[derive(Default)]
struct Meta {
    title: String,
    byline: Option<String>,
    published: Option<String>,
    site_name: Option<String>,
    url: Option<String>,
}

/// `<meta>` names and properties that hold a publication date, beyond those Readability reads.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "original-publish-date",
];

/// A publication date the markup states: a `<meta>` from [`DATE_META`], an element marked
/// `itemprop="datePublished"`, or a `<time datetime>` that is marked as the publication date (`pubdate`) or stands
/// in the article itself (not in navigation, asides or lists of other stories).
fn published_in_markup(doc: &dom_query::Document) -> Option<String> {
    let attr =
        |sel: dom_query::Selection, name: &str| sel.attr(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    for node in doc.select("meta").nodes() {
        let sel = dom_query::Selection::from(*node);
        let key = attr(sel.clone(), "property")
            .or_else(|| attr(sel.clone(), "name"))
            .or_else(|| attr(sel.clone(), "itemprop"))
            .map(|k| k.to_ascii_lowercase());
        if key.is_some_and(|k| DATE_META.contains(&k.as_str()))
            && let Some(v) = attr(sel, "content")
        {
            return Some(v);
        }
    }
    for node in doc.select("[itemprop=datePublished]").nodes() {
        let sel = dom_query::Selection::from(*node);
        if let Some(v) = attr(sel.clone(), "datetime").or_else(|| attr(sel.clone(), "content")) {
            return Some(v);
        }
        let text = sel.text().trim().to_owned();
        if !text.is_empty() {
            return Some(text);
        }
    }
    if let Some(v) = attr(doc.select("time[pubdate][datetime]").first(), "datetime") {
        return Some(v);
    }
    let in_article = doc
        .select("article time[datetime], main time[datetime]")
        .nodes()
        .iter()
        .find(|n| !n.ancestors_it(None).any(|a| a.is("aside, nav, footer, ul, ol")))
        .and_then(|n| attr(dom_query::Selection::from(*n), "datetime"));
    if in_article.is_some() {
        return in_article;
    }
    // A byline or date element's text ("Von Karl Mertens, Berlin - 27.09.2023, 18:42"), read as a date later.
    doc.select(
        "[class*=date], [class*=Date], [class*=byline], [class*=Byline], [class*=author], [class*=Autor], \
         [class*=autor], [class*=published], [class*=timestamp]",
    )
    .nodes()
    .iter()
    .filter(|n| {
        // Not in navigation or lists of other stories, and not in the site's own header (which may show today's
        // date): a header counts only inside the article.
        let outside = !n.ancestors_it(None).any(|a| a.is("aside, nav, footer, ul, ol"));
        let in_site_header =
            n.ancestors_it(None).any(|a| a.is("header")) && !n.ancestors_it(None).any(|a| a.is("article, main"));
        outside && !in_site_header
    })
    .map(|n| dom_query::Selection::from(*n).text().trim().to_owned())
    .find(|t| !t.is_empty() && t.len() <= 120 && t.chars().any(|c| c.is_ascii_digit()))
}

/// The page's address from `<link rel="canonical">` or `og:url`.
fn canonical_url(doc: &dom_query::Document) -> Option<String> {
    let href = doc.select("link[rel=canonical]").first().attr("href");
    let og = || doc.select("meta[property='og:url']").first().attr("content");
    href.or_else(og)
        .map(|u| u.trim().to_owned())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
}

/// The page parsed, without its furniture (comments, login forms, disclosures, related stories): what every reading
/// of the article's block starts from.
fn page_without_furniture(html: &str) -> dom_query::Document {
    let page = dom_query::Document::from(html);
    super::page_furniture::remove(&page);
    page
}

/// The page's `<body>` text without scripts, navigation, headers, footers, asides and forms.
fn body_text(html: &str) -> String {
    let doc = page_without_furniture(html);
    doc.select("script, style, noscript, template, nav, header, footer, aside, form, iframe, svg")
        .remove();
    doc.select("body").formatted_text().to_string()
}

/// The deepest element nesting, estimated from tags without building a tree.
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        i += off + 1;
        match bytes.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |p| i + p);
                let name = html.get(i..name_end).unwrap_or("").to_ascii_lowercase();
                if !is_void(&name) {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
    )
}

/// Elements whose content is never text of the page.
const SKIPPED_CONTENT: &[&str] = &["script", "style", "noscript", "template", "rt", "rp"];
/// Elements that start a new line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "section",
    "article",
    "blockquote",
    "figcaption",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "ul",
    "ol",
    "table",
    "pre",
    "hr",
];

/// The text of a page without building a tree: the HTML5 tokenizer (every named and numeric character reference
/// decoded as browsers do) with the contents of scripts, styles, templates and ruby annotations dropped and block
/// elements as line breaks. Linear time, no recursion: for pages too large or too deeply nested for a DOM, and for
/// HTML inside JSON fields.
pub fn strip_tags(html: &str) -> String {
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let sink = FlatText::default();
    let input = BufferQueue::default();
    input.push_back(html5ever::tendril::StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.out.take()
}

/// The token sink of [`strip_tags`].
#[derive(Default)]
struct FlatText {
    out: std::cell::RefCell<String>,
    /// Open elements whose content is skipped.
    skipping: std::cell::Cell<u32>,
}

impl html5ever::tokenizer::TokenSink for FlatText {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let skipped = SKIPPED_CONTENT.contains(&name);
                match tag.kind {
                    TagKind::StartTag => {
                        if BLOCKS.contains(&name) {
                            self.out.borrow_mut().push('\n');
                        }
                        if skipped && !tag.self_closing {
                            self.skipping.set(self.skipping.get() + 1);
                        }
                        // As a tree builder would: the tokenizer reads these elements' content as raw text.
                        match name {
                            "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "noscript" | "xmp" | "iframe" | "noembed" | "noframes" => {
                                return TokenSinkResult::RawData(RawKind::Rawtext);
                            }
                            "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                            "plaintext" => return TokenSinkResult::Plaintext,
                            _ => {}
                        }
                    }
                    TagKind::EndTag => {
                        if skipped {
                            self.skipping.set(self.skipping.get().saturating_sub(1));
                        }
                        if BLOCKS.contains(&name) {
                            self.out.borrow_mut().push('\n');
                        }
                    }
                }
            }
            Token::CharacterTokens(text) if self.skipping.get() == 0 => self.out.borrow_mut().push_str(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The deepest element nesting of a parsed page, counted without recursion; stops counting past `limit`.
fn dom_depth(doc: &dom_query::Document, limit: usize) -> usize {
    let mut node = doc.root();
    let (mut depth, mut max) = (0usize, 0usize);
    loop {
        if let Some(child) = node.first_child() {
            node = child;
            depth += 1;
            max = max.max(depth);
            if max > limit {
                return max;
            }
            continue;
        }
        loop {
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) if depth > 0 => {
                    node = parent;
                    depth -= 1;
                }
                _ => return max,
            }
        }
    }
}

/// The page without ruby annotations (`<rt>`, `<rp>`: the reading aids above Japanese or Chinese characters), so
/// that the text reads as written ("漢字", not "漢字(かんじ)").
fn without_ruby_annotations(html: &str) -> std::borrow::Cow<'_, str> {
    static RUBY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?is)<rp\b[^>]*>.*?</rp\s*>|<rt\b[^>]*>.*?</rt\s*>").expect("valid regex")
    });
    if !html.contains("<rt") && !html.contains("<RT") && !html.contains("<rp") && !html.contains("<RP") {
        return std::borrow::Cow::Borrowed(html);
    }
    RUBY.replace_all(html, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
<title>Mary Barra appointed as General Motors chief - Example News</title>
<meta property="og:title" content="Mary Barra appointed as General Motors chief">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2013-12-10T09:00:00Z">
<meta name="author" content="Jane Doe">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Mary Barra appointed as General Motors chief","datePublished":"2013-12-10",
 "author":{"@type":"Person","name":"Jane Doe"},"publisher":{"@type":"Organization","name":"Example News"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<div class="share"><a>Share on Facebook</a> <a>Share on Twitter</a></div>
<article><h1>Mary Barra appointed as General Motors chief</h1>
<p>The United States's largest car manufacturer General Motors today named Mary Barra as its new chief executive. Barra, 51, will be the first woman to lead a firm in the American auto industry.</p>
<p>She has been with General Motors for 33 years, and is currently the global head of product development. She said in a statement that this is an exciting time at the company.</p>
<p>She replaces Daniel Akerson, who was appointed by the government as both chief executive and chairman in 2009 during the company's bankruptcy.</p>
</article>
<footer>Copyright 2013 Example News. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn main_content_and_metadata() {
        let raw = read(PAGE);
        assert_eq!(
            raw.title.as_deref(),
            Some("Mary Barra appointed as General Motors chief")
        );
        assert_eq!(raw.source.as_deref(), Some("Example News"));
        assert!(raw.date.as_deref().unwrap_or("").starts_with("2013-12-10"));
        assert_eq!(raw.authors, vec!["Jane Doe"]);
        let body = raw.blocks.join("\n");
        assert!(body.contains("named Mary Barra"), "{body}");
        assert!(body.contains("Daniel Akerson"));
        assert!(!body.contains("Home"), "{body}");
        assert!(!body.contains("All rights reserved"), "{body}");
    }

    #[test]
    fn short_page_falls_back_to_body() {
        let raw = read("<html><head><title>T</title></head><body><nav>Menu</nav><p>Just one line.</p></body></html>");
        assert_eq!(raw.title.as_deref(), Some("T"));
        assert_eq!(raw.blocks, vec!["Just one line."]);
    }

    #[test]
    fn deep_and_malformed_markup_does_not_blow_up() {
        let deep = format!(
            "<html><body>{}deep text{}</body></html>",
            "<div>".repeat(200_000),
            "</div>".repeat(10)
        );
        let raw = read(&deep);
        assert_eq!(raw.blocks, vec!["deep text"]);
        // Just under the limit: the DOM path must cope on a normal 2 MiB thread stack.
        let near_limit = format!(
            "<html><body>{}<p>{}</p></body></html>",
            "<div>".repeat(MAX_DEPTH - 4),
            "words ".repeat(100)
        );
        let raw = read(&near_limit);
        assert!(raw.blocks.join(" ").contains("words"));
        let moderately_deep = format!("<html><body>{}<p>text</p></body></html>", "<span><div>".repeat(200));
        let _ = read(&moderately_deep);
        for bad in [
            "<",
            "<html",
            "<p>unclosed <b>bold <i>x",
            "</div></div>text",
            "<script>never closed",
            "<!-- open comment",
        ] {
            let _ = read(bad);
        }
    }

    #[test]
    fn sloppy_pages_are_parsed_as_browsers_parse_them() {
        // Hundreds of unclosed cells and rows look deep to the tag count; the parsed tree is shallow, so the page
        // is read as a page (navigation dropped, entities decoded), not flattened whole.
        let rows = "<tr><td>Cell text".repeat(700);
        let html = format!(
            "<html><head><title>Sloppy page</title></head><body><nav>Home Login Subscribe</nav><article><h1>Sloppy page</h1>\
             <p>The mayor&#039;s plan &#8212; announced on Monday &eacute;t&eacute; &copy; &hellip; drew crowds to the hall, \
             where residents argued for hours about the new bus lanes and the closing of the old market square.<p>A \
             second paragraph follows without closing the first, as many pages do, and it is long enough to count.\
             </article><table>{rows}</table></body></html>"
        );
        assert!(nesting_depth(&html) > MAX_DEPTH);
        let raw = read(&html);
        let text = raw.blocks.join("\n");
        assert!(
            text.contains("The mayor's plan \u{2014} announced on Monday \u{e9}t\u{e9} \u{a9} \u{2026}"),
            "{text}"
        );
        assert!(!text.contains("Login"), "{text}");
        assert!(!text.contains("&#"), "{text}");
    }

    #[test]
    fn the_flat_reader_decodes_every_entity_and_drops_ruby() {
        assert_eq!(
            strip_tags("<p>It&#039;s &#x2019;&rsquo; &copy;&nbsp;2024 &eacute;t&eacute; &amp;amp; &bogus;</p>"),
            "\nIt's \u{2019}\u{2019} \u{a9}\u{a0}2024 \u{e9}t\u{e9} &amp; &bogus;\n"
        );
        assert_eq!(
            strip_tags("<p><ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を読む</p>"),
            "\n漢字を読む\n"
        );
        let raw = read(&format!(
            "<html><body><article><p><ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を読むのは楽しいです。{}</p></article></body></html>",
            "日本語の文章です。".repeat(40)
        ));
        let text = raw.blocks.join("");
        assert!(text.starts_with("漢字を読む"), "{text}");
        assert!(!text.contains("かんじ"), "{text}");
    }

    #[test]
    fn many_unclosed_scripts_stay_linear() {
        let html = "<SCRIPT>x</Script><p>kept</p>".repeat(20_000);
        let text = strip_tags(&html);
        assert_eq!(text.matches("kept").count(), 20_000);
        assert!(!text.contains('x'));
    }

    #[test]
    fn tag_stripper() {
        assert_eq!(
            strip_tags("<p>a &amp; b</p><script>x()</script><!-- c --><div>d</div>"),
            "\na & b\n\nd\n"
        );
    }
}
