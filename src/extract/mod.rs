//! Entity extraction: finding the people, places and organizations an article mentions.
//!
//! The single entry point is [`extract`]; everything behind it (today a rule-based baseline) can be replaced
//! without touching ingest, inspect or search.

mod rules;

use crate::article::{Article, Mention, TextPart};

/// All entity mentions in an article's title and body, with canonical names.
pub fn extract(article: &Article) -> Vec<Mention> {
    let mut known = rules::Known::default();
    let mut mentions = rules::find(&article.title, TextPart::Title, &mut known);
    mentions.extend(rules::find(&article.body, TextPart::Body, &mut known));
    rules::link_surnames(&mut mentions, &known);
    mentions
}

/// The canonical form of a place name as typed by a user or found in text ("US" gives "United States").
pub fn canonical_place(name: &str) -> String {
    rules::canonical_place(name)
}
