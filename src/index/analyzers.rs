//! Text analyzers: how article text and entity names are cut into searchable terms.
//!
//! * `news_text`: words, lowercased, ASCII-folded, English-stemmed (title, body, captions).
//! * `name`: words, lowercased, ASCII-folded, not stemmed (person, place, org, country, source, byline),
//!   so `person:putin` matches "Vladimir Putin" and `person:putins` does not.
//!
//! Curly quotes, dashes and other punctuation never reach the index: the tokenizer splits on them, so `"` and `“`
//! search the same.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

pub const NEWS_TEXT: &str = "news_text";
pub const NAME: &str = "name";

/// The analyzer for article prose.
pub fn news_text() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The analyzer for names of people, places, organizations and outlets.
pub fn name() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Register newsdex's analyzers on an index (needed every time an index is opened).
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(NEWS_TEXT, news_text());
    tokenizers.register(NAME, name());
}

/// Run an analyzer over `text` and return its terms in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_text_stems_and_folds() {
        assert_eq!(terms(&mut news_text(), "Ministers’ Résumés"), vec!["minist", "resum"]);
    }

    #[test]
    fn name_folds_without_stemming() {
        assert_eq!(
            terms(&mut name(), "Volodymyr Zelenskyy’s"),
            vec!["volodymyr", "zelenskyy", "s"]
        );
        assert_eq!(terms(&mut name(), "José Martí"), vec!["jose", "marti"]);
    }
}
