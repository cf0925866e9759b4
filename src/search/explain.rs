//! Why an article matched an entity query: the mentions as the article writes them ("Einstein", "U.S."), each
//! with the name it stands for ("Albert Einstein", "United States"), so a script can check a hit.

use serde::Serialize;

use crate::article::EntityKind;
use crate::index::document::StoredArticle;
use crate::index::{analyzers, name_keys};

/// How many matched mentions are reported per entity value.
const MAX_MATCHES: usize = 10;

/// One entity value of a query (`person:"Albert Einstein"`) as search looked for it.
#[derive(Debug, Clone, Default)]
pub struct EntityQuery {
    pub kind: Option<EntityKind>,
    /// The canonical name searched for.
    pub name: String,
    /// The value as typed and its canonical form: names whose words were looked for in the text.
    pub forms: Vec<String>,
    /// Short forms that stand for the name alone in this index ("Einstein").
    pub short_forms: Vec<String>,
}

/// A mention that made an article match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// `person`, `place` or `org`.
    pub field: &'static str,
    /// The mention as the article writes it.
    pub text: String,
    /// The canonical name it stands for.
    pub name: String,
}

/// Folded words of a text with the byte range of each.
fn words_of(text: &str) -> Vec<(String, usize, usize)> {
    let mut a = analyzers::name_query();
    let mut out = Vec::new();
    let mut stream = a.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from, t.offset_to));
    }
    out
}

/// The mentions of `article` that match the entity values of a query, in the order found: first the article's
/// extracted entities whose name contains the value (with the way the article wrote them), then the value's
/// words anywhere in the title or body.
pub fn matches(article: &StoredArticle, queries: &[EntityQuery]) -> Vec<Match> {
    let mut out: Vec<Match> = Vec::new();
    if queries.iter().all(|q| q.kind.is_none()) {
        return out;
    }
    let parts = [words_of(&article.title), words_of(&article.body)];
    let texts = [article.title.as_str(), article.body.as_str()];
    for q in queries {
        let Some(kind) = q.kind else { continue };
        let field = kind.field_name();
        let mut found = 0;
        let mut push = |out: &mut Vec<Match>, text: &str, name: &str| {
            let m = Match {
                field,
                text: text.to_string(),
                name: name.to_string(),
            };
            if found < MAX_MATCHES && !out.contains(&m) {
                out.push(m);
                found += 1;
            }
        };
        let wanted: Vec<String> = q.forms.iter().map(|f| name_keys::key_words(f).join(" ")).collect();
        // Extracted entities of this kind whose name holds a searched form, with the article's spellings.
        for e in article.entities.iter().filter(|e| e.kind == kind) {
            let folded = format!(" {} ", name_keys::key_words(&e.name).join(" "));
            if wanted
                .iter()
                .any(|w| !w.is_empty() && folded.contains(&format!(" {w} ")))
            {
                if e.surfaces.is_empty() {
                    push(&mut out, &e.name, &e.name);
                }
                for s in &e.surfaces {
                    push(&mut out, s, &e.name);
                }
            }
        }
        // The searched forms and short forms as written in the text.
        let short: Vec<String> = q
            .short_forms
            .iter()
            .map(|f| name_keys::key_words(f).join(" "))
            .collect();
        for (words, text) in parts.iter().zip(texts) {
            for form in wanted.iter().chain(&short) {
                let needle: Vec<&str> = form.split(' ').filter(|w| !w.is_empty()).collect();
                if needle.is_empty() || needle.len() > words.len() {
                    continue;
                }
                for i in 0..=words.len() - needle.len() {
                    if needle.iter().enumerate().all(|(k, w)| words[i + k].0 == *w) {
                        let (start, end) = (words[i].1, words[i + needle.len() - 1].2);
                        if let Some(written) = text.get(start..end) {
                            push(&mut out, written, &q.name);
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::document::EntityCount;

    #[test]
    fn reports_spellings_and_the_names_they_stand_for() {
        let article = StoredArticle {
            title: "EINSTEIN'S CLOCKS".into(),
            body: "Satellite clocks run fast, as Einstein predicted for the U.S. system.".into(),
            entities: vec![EntityCount {
                kind: EntityKind::Place,
                name: "United States".into(),
                count: 1,
                role: None,
                country: None,
                surfaces: vec!["U.S.".into()],
            }],
            ..StoredArticle::default()
        };
        let person = EntityQuery {
            kind: Some(EntityKind::Person),
            name: "Albert Einstein".into(),
            forms: vec!["Albert Einstein".into()],
            short_forms: vec!["einstein".into()],
        };
        let place = EntityQuery {
            kind: Some(EntityKind::Place),
            name: "United States".into(),
            forms: vec!["United States".into(), "US".into()],
            short_forms: Vec::new(),
        };
        let got = matches(&article, &[person, place]);
        let pairs: Vec<(&str, &str, &str)> = got
            .iter()
            .map(|m| (m.field, m.text.as_str(), m.name.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("person", "EINSTEIN", "Albert Einstein"),
                ("person", "Einstein", "Albert Einstein"),
                ("place", "U.S.", "United States"),
            ]
        );
    }
}
