//! Markdown articles: YAML (`---`) or TOML (`+++`) front matter gives the metadata, read with the
//! same field aliases as JSON; the body is parsed as CommonMark with pulldown-cmark and reduced to
//! plain text blocks (heading marks, emphasis, list and quote markers, images and link targets
//! dropped; reference links, escapes and entities resolved). Without a front-matter title, the
//! first first-level heading (`# Title` or `Title` over `=====`) before any paragraph of ten words
//! or more is the title.

use serde_json::Value;

use super::json::article_from_value;
use super::{RawArticle, text_blocks};

/// Read decoded Markdown.
pub fn read(text: &str) -> RawArticle {
    let (front, body) = split_front_matter(text);
    let meta = front.and_then(|(kind, src)| parse_front_matter(kind, src));
    let (heading_title, blocks) = blocks_of(body);
    let mut raw: RawArticle = meta.as_ref().map(article_from_value_lenient).unwrap_or_default();
    raw.blocks = blocks;
    if raw.title.is_none() {
        raw.title = heading_title;
    } else if let Some(h) = heading_title {
        // The heading repeats or extends the front-matter title: keep it out of the body only if equal.
        if raw.title.as_deref() != Some(h.as_str()) {
            raw.blocks.insert(0, h);
        }
    }
    raw
}

/// The text blocks of a Markdown body, parsed as CommonMark (with tables and strikethrough): one block per
/// paragraph line, heading, list item, quote line, table row or code line; link and emphasis marks, images, link
/// targets and raw HTML dropped; reference links, escapes and entities resolved. The first first-level heading (ATX
/// `#` or setext `===`) before any paragraph of ten words or more is returned apart, as the title.
fn blocks_of(body: &str) -> (Option<String>, Vec<String>) {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut title = None;
    let mut in_title = false;
    let mut image_depth = 0usize;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        for line in current.lines() {
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if !line.is_empty() {
                blocks.push(line);
            }
        }
        current.clear();
    };
    for event in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut blocks);
                // The first top-level heading before the article's prose: a saved page's masthead and menu may come
                // before it, a paragraph of ten words or more may not.
                in_title = level == HeadingLevel::H1
                    && title.is_none()
                    && !blocks.iter().any(|b: &String| b.split_whitespace().count() >= 10);
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_title {
                    let t = current.split_whitespace().collect::<Vec<_>>().join(" ");
                    current.clear();
                    title = (!t.is_empty()).then_some(t);
                    in_title = false;
                } else {
                    flush(&mut current, &mut blocks);
                }
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableRow | TagEnd::TableHead) => {
                flush(&mut current, &mut blocks)
            }
            Event::End(TagEnd::TableCell) => current.push_str(" | "),
            Event::Start(Tag::Item | Tag::Paragraph) => flush(&mut current, &mut blocks),
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    // Table rows end in the cell separator.
    for b in &mut blocks {
        if let Some(row) = b.strip_suffix(" |") {
            *b = row.to_owned();
        }
    }
    (title, text_blocks(&blocks.join("\n")))
}

/// Front matter may lack a text field: take its metadata anyway.
fn article_from_value_lenient(meta: &Value) -> RawArticle {
    let mut with_text = meta.clone();
    if let Some(map) = with_text.as_object_mut() {
        map.insert("text".into(), Value::String(".".into()));
    }
    let mut raw = article_from_value(&with_text).unwrap_or_default();
    raw.blocks.clear();
    raw
}

#[derive(Clone, Copy)]
enum FrontMatter {
    Yaml,
    Toml,
}

/// Split `---`/`+++` front matter from the body. Unterminated front matter is treated as body.
fn split_front_matter(text: &str) -> (Option<(FrontMatter, &str)>, &str) {
    let trimmed = text.trim_start_matches(['\u{feff}', '\n', ' ']);
    for (fence, kind) in [("---", FrontMatter::Yaml), ("+++", FrontMatter::Toml)] {
        let Some(rest) = trimmed.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix('\n') else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence || (matches!(kind, FrontMatter::Yaml) && line.trim_end() == "...") {
                let front = &rest[..offset];
                let body = &rest[offset + line.len()..];
                return (Some((kind, front)), body);
            }
            offset += line.len();
        }
    }
    (None, text)
}

fn parse_front_matter(kind: FrontMatter, src: &str) -> Option<Value> {
    match kind {
        FrontMatter::Yaml => serde_yaml_ng::from_str::<Value>(src).ok(),
        FrontMatter::Toml => src
            .parse::<toml::Table>()
            .ok()
            .map(|t| toml_to_json(toml::Value::Table(t))),
    }
    .filter(Value::is_object)
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let raw = read(
            "---\ntitle: \"Apple to lower UK iTunes prices\"\ndate: 2008-01-09\nauthor:\n  - Ann Lee\nsource: Wikinews\nurl: http://x\ntags: [a, b]\n---\n\n# Apple to lower UK iTunes prices\n\nThe **European Commission** has [forced](http://e) Apple.\n\n- a list item\n> a quote\n",
        );
        assert_eq!(raw.title.as_deref(), Some("Apple to lower UK iTunes prices"));
        assert_eq!(raw.date.as_deref(), Some("2008-01-09"));
        assert_eq!(raw.authors, vec!["Ann Lee"]);
        assert_eq!(raw.source.as_deref(), Some("Wikinews"));
        assert_eq!(raw.url.as_deref(), Some("http://x"));
        assert_eq!(
            raw.blocks,
            vec!["The European Commission has forced Apple.", "a list item", "a quote"]
        );
    }

    #[test]
    fn toml_front_matter() {
        let raw =
            read("+++\ntitle = \"T\"\ndate = 2013-12-10\nauthors = [\"A\", \"B\"]\n+++\nBody ![img](x.png) text.\n");
        assert_eq!(raw.title.as_deref(), Some("T"));
        assert_eq!(raw.date.as_deref(), Some("2013-12-10"));
        assert_eq!(raw.authors, vec!["A", "B"]);
        assert_eq!(raw.blocks, vec!["Body text."]);
    }

    #[test]
    fn heading_is_title_without_front_matter() {
        let raw = read("# My *Title*\n\nsnake_case_word stays, _emph_ goes.\n");
        assert_eq!(raw.title.as_deref(), Some("My Title"));
        assert_eq!(raw.blocks, vec!["snake_case_word stays, emph goes."]);
    }

    #[test]
    fn commonmark_constructs() {
        let raw = read(
            "How a Loophole Let Waste In\n===========================\n\nState regulators \\*rarely\\* inspect \
             [farms][f] &amp; streams.\n\n1. first point\n2. second point\n\nSection\n-------\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
             [f]: https://example.org/farms\n",
        );
        assert_eq!(raw.title.as_deref(), Some("How a Loophole Let Waste In"));
        assert_eq!(
            raw.blocks,
            vec![
                "State regulators *rarely* inspect farms & streams.",
                "first point",
                "second point",
                "Section",
                "a | b",
                "1 | 2"
            ]
        );
    }

    #[test]
    fn a_saved_pages_heading_after_its_masthead_is_the_title() {
        let raw = read(
            "ProPublica\n\n[Donate][d] | [Search][s]\n\nHow a Loophole Let Waste In\n===\n\nBody text.\n\n[d]: /d\n[s]: /s\n",
        );
        assert_eq!(raw.title.as_deref(), Some("How a Loophole Let Waste In"));
        assert_eq!(raw.blocks, vec!["ProPublica", "Donate | Search", "Body text."]);
        let raw =
            read("A first paragraph that is long enough to be the article's own text, surely.\n\n# Later heading\n");
        assert_eq!(raw.title, None);
    }

    #[test]
    fn long_bracket_lines_are_fast_and_safe() {
        let line = "[\u{e9}".repeat(100_000);
        let raw = read(&line);
        assert_eq!(raw.blocks.len(), 1);
    }

    #[test]
    fn bad_or_unterminated_front_matter_is_harmless() {
        let raw = read("---\ntitle: [unclosed\n---\nBody.\n");
        assert_eq!(raw.title, None);
        assert_eq!(raw.blocks, vec!["Body."]);
        let raw = read("---\ntitle: x\nno end\n");
        assert!(!raw.blocks.is_empty());
    }
}
