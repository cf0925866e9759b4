//! Markdown articles: YAML (`---`) or TOML (`+++`) front matter gives the metadata, read with the
//! same field aliases as JSON; the body is reduced to plain text blocks (heading marks, emphasis,
//! list and quote markers, images and link targets dropped). Without a front-matter title, a
//! leading `# Heading` is the title.

use serde_json::Value;

use super::json::article_from_value;
use super::{RawArticle, text_blocks};

/// Read decoded Markdown.
pub fn read(text: &str) -> RawArticle {
    let (front, body) = split_front_matter(text);
    let meta = front.and_then(|(kind, src)| parse_front_matter(kind, src));
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut heading_title = None;
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(t.to_owned());
            continue;
        }
        if is_rule(t) || t.starts_with("<!--") {
            continue;
        }
        if let Some(h) = t.strip_prefix("# ")
            && heading_title.is_none()
            && lines.iter().all(String::is_empty)
        {
            heading_title = Some(strip_inline(h.trim().trim_end_matches('#').trim()));
            continue;
        }
        lines.push(strip_inline(strip_block_marker(t)));
    }
    let mut raw: RawArticle = meta.as_ref().map(article_from_value_lenient).unwrap_or_default();
    raw.blocks = text_blocks(&lines.join("\n"));
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

fn is_rule(t: &str) -> bool {
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*') || t.chars().all(|c| c == '_'))
}

/// Drop heading hashes, quote marks and list bullets at the start of a line.
fn strip_block_marker(t: &str) -> &str {
    let t = t.trim_start_matches('#').trim_start();
    let t = t.trim_start_matches('>').trim_start();
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest;
        }
    }
    t
}

/// Inline markup to plain text: `![alt](src)` dropped, `[text](url)` to `text`, emphasis and code
/// marks removed.
fn strip_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['[', '*', '_', '`', '!']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("![") {
            if let Some((_, after_link)) = link_parts(after) {
                rest = after_link;
                continue;
            }
        } else if let Some(after) = tail.strip_prefix('[') {
            if let Some((text, after_link)) = link_parts(after) {
                out.push_str(text);
                rest = after_link;
                continue;
            }
        } else if tail.starts_with("**") || tail.starts_with("__") {
            rest = &tail[2..];
            continue;
        } else if tail.starts_with('*') || tail.starts_with('`') {
            rest = &tail[1..];
            continue;
        } else if let Some(after) = tail.strip_prefix('_') {
            // Underscores inside words (snake_case) stay; emphasis underscores at word edges go.
            let prev = out.chars().last();
            let next = after.chars().next();
            let inside = prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            if !inside {
                rest = after;
                continue;
            }
        }
        let c = tail.chars().next().map_or(1, char::len_utf8);
        out.push_str(&tail[..c]);
        rest = &tail[c..];
    }
    out.push_str(rest);
    out
}

/// How far a link's `](` and `)` are looked for.
const LINK_WINDOW: usize = 2048;

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// For text after `[`: `(link text, rest after ")")` when it is `text](target)`.
fn link_parts(after_bracket: &str) -> Option<(&str, &str)> {
    // Bounded look-ahead keeps long lines full of brackets linear.
    let window = &after_bracket[..floor_char_boundary(after_bracket, LINK_WINDOW)];
    let close = window.find("](")?;
    let text = &after_bracket[..close];
    if text.contains('[') {
        return None;
    }
    let target = &after_bracket[close + 2..];
    let end = target[..floor_char_boundary(target, LINK_WINDOW)].find(')')?;
    Some((text, &target[end + 1..]))
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
        assert_eq!(raw.blocks, vec!["Body  text."]);
    }

    #[test]
    fn heading_is_title_without_front_matter() {
        let raw = read("# My *Title*\n\nsnake_case_word stays, _emph_ goes.\n");
        assert_eq!(raw.title.as_deref(), Some("My Title"));
        assert_eq!(raw.blocks, vec!["snake_case_word stays, emph goes."]);
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
