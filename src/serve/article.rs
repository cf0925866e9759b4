//! `GET /api/article/{id}`: an article as the index stores it, with where its people, places and organizations
//! are mentioned in the body. The index keeps each entity's canonical name and the spellings the article used
//! (not the extractor's offsets), so the mentions are found again here: every whole-word, case-sensitive
//! occurrence in the body of an entity's name or of one of its stored spellings, longest first where they overlap.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::article::EntityKind;
use crate::index::document::{EntityCount, StoredArticle};

/// The whole article, as served: its stored fields, then its mentions.
#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    #[serde(flatten)]
    pub article: &'a StoredArticle,
    /// Where the entities are written in the body, in order.
    pub mentions: Vec<BodyMention<'a>>,
}

/// One mention of an entity in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyMention<'a> {
    pub kind: EntityKind,
    /// The text as written.
    pub text: &'a str,
    /// The canonical name it stands for.
    pub name: &'a str,
    /// Character offsets (Unicode code points, not bytes) of `text` in the body: `[start, end)`.
    pub start: usize,
    pub end: usize,
}

impl<'a> ArticleView<'a> {
    pub fn new(article: &'a StoredArticle) -> ArticleView<'a> {
        ArticleView {
            article,
            mentions: mentions(&article.body, &article.entities),
        }
    }
}

/// Find the entities' names and spellings in `body`.
pub fn mentions<'a>(body: &'a str, entities: &'a [EntityCount]) -> Vec<BodyMention<'a>> {
    // Each spelling once, for the most mentioned entity that has it (entities come most mentioned first).
    let mut forms: Vec<(&str, &EntityCount)> = Vec::new();
    for e in entities {
        for form in std::iter::once(&e.name).chain(&e.surfaces) {
            if !form.trim().is_empty() && !forms.iter().any(|(f, _)| f == form) {
                forms.push((form, e));
            }
        }
    }
    if forms.is_empty() {
        return Vec::new();
    }
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(forms.iter().map(|(f, _)| f))
    else {
        return Vec::new();
    };
    // Every whole-word occurrence, then the longest of overlapping ones, leftmost first.
    let mut found: Vec<(usize, usize, usize)> = automaton
        .find_overlapping_iter(body)
        .filter(|m| whole_word(body, m.start(), m.end()))
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = Vec::new();
    let mut taken_to = 0;
    // Byte offsets to character offsets, counting as we go (the matches are in order).
    let (mut byte_at, mut char_at) = (0, 0);
    let mut chars_to = |byte: usize| {
        char_at += body[byte_at..byte].chars().count();
        byte_at = byte;
        char_at
    };
    for (start, end, pattern) in found {
        if start < taken_to {
            continue;
        }
        taken_to = end;
        let (form, entity) = forms[pattern];
        let start_char = chars_to(start);
        let end_char = chars_to(end);
        out.push(BodyMention {
            kind: entity.kind,
            text: form,
            name: &entity.name,
            start: start_char,
            end: end_char,
        });
    }
    out
}

/// True when `body[start..end]` is neither preceded nor followed by a letter or digit.
fn whole_word(body: &str, start: usize, end: usize) -> bool {
    let before = body[..start].chars().next_back();
    let after = body[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: EntityKind, name: &str, surfaces: &[&str]) -> EntityCount {
        EntityCount {
            kind,
            name: name.into(),
            count: 1,
            role: None,
            country: None,
            surfaces: surfaces.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn marks_names_and_spellings_with_character_offsets() {
        let body = "Café owner Steve Jobs met Jobs's rivals in the U.S. Jobsworth is not him.";
        let entities = vec![
            entity(EntityKind::Person, "Steve Jobs", &["Jobs"]),
            entity(EntityKind::Place, "United States", &["U.S."]),
        ];
        let ms = mentions(body, &entities);
        let got: Vec<(&str, &str, usize, usize)> = ms.iter().map(|m| (m.text, m.name, m.start, m.end)).collect();
        assert_eq!(
            got,
            vec![
                ("Steve Jobs", "Steve Jobs", 11, 21),
                ("Jobs", "Steve Jobs", 26, 30),
                ("U.S.", "United States", 47, 51),
            ]
        );
        // Character offsets, not bytes: "Café" is 4 characters and 5 bytes.
        let chars: Vec<char> = body.chars().collect();
        let text: String = chars[11..21].iter().collect();
        assert_eq!(text, "Steve Jobs");
    }

    #[test]
    fn no_entities_no_mentions() {
        assert!(mentions("Nothing here.", &[]).is_empty());
    }
}
