//! Output for people: readable hit lists, facets and summaries; bold only when styling is on.

use std::fmt::Write;

use crate::article::EntityKind;
use crate::search::{FacetField, Hit};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Text styling on or off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub enabled: bool,
}

impl Style {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.wrap(BOLD, text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.wrap(DIM, text)
    }
}

/// A snippet with its highlighted ranges in bold (or plain when styling is off).
pub fn snippet(text: &str, highlights: &[(usize, usize)], style: Style) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in highlights {
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&style.bold(&text[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn names(hit: &Hit, kind: EntityKind, max: usize) -> Option<String> {
    let names = hit.article.names(kind);
    if names.is_empty() {
        return None;
    }
    let mut shown = names.iter().take(max).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > max {
        let _ = write!(shown, " (+{})", names.len() - max);
    }
    Some(shown)
}

/// One hit, as a few lines.
pub fn hit(h: &Hit, style: Style) -> String {
    let a = &h.article;
    let mut out = String::new();
    let title = if a.title.is_empty() {
        "(untitled)"
    } else {
        a.title.as_str()
    };
    let _ = write!(out, "{}. {}", h.rank, style.bold(title));
    let mut meta = Vec::new();
    if let Some(d) = a.date {
        meta.push(d.to_string());
    }
    if let Some(s) = &a.source {
        meta.push(s.clone());
    }
    if let Some(score) = h.score {
        meta.push(format!("score {score:.2}"));
    }
    if !meta.is_empty() {
        let _ = write!(out, "  {}", style.dim(&format!("({})", meta.join(", "))));
    }
    let _ = write!(out, "\n   {}", a.path);
    if !h.snippet.text.is_empty() {
        let _ = write!(out, "\n   {}", snippet(&h.snippet.text, &h.snippet.highlights, style));
    }
    let mut ents = Vec::new();
    if let Some(p) = names(h, EntityKind::Person, 4) {
        ents.push(format!("people: {p}"));
    }
    if let Some(p) = names(h, EntityKind::Place, 4) {
        ents.push(format!("places: {p}"));
    }
    if let Some(p) = names(h, EntityKind::Org, 3) {
        ents.push(format!("orgs: {p}"));
    }
    if !ents.is_empty() {
        let _ = write!(out, "\n   {}", style.dim(&ents.join("; ")));
    }
    if !h.matches.is_empty() {
        let shown: Vec<String> = h
            .matches
            .iter()
            .map(|m| {
                if m.text == m.name {
                    format!("{} \"{}\"", m.field, m.text)
                } else {
                    format!("{} \"{}\" = {}", m.field, m.text, m.name)
                }
            })
            .collect();
        let _ = write!(out, "\n   {}", style.dim(&format!("matched: {}", shown.join(", "))));
    }
    out
}

/// A facet block.
pub fn facet(field: FacetField, values: &[(String, u64)], style: Style) -> String {
    let mut out = style.bold(&format!("{}:", field.name()));
    if values.is_empty() {
        out.push_str(" (none)");
    }
    for (value, n) in values {
        let _ = write!(out, "\n  {n:>6}  {value}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_bold_only_when_styled() {
        let plain = snippet("met Putin today", &[(4, 9)], Style { enabled: false });
        assert_eq!(plain, "met Putin today");
        let bold = snippet("met Putin today", &[(4, 9)], Style { enabled: true });
        assert_eq!(bold, "met \x1b[1mPutin\x1b[0m today");
    }
}
