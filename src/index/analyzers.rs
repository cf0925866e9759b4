//! Text analyzers: how article text and entity names are cut into searchable terms.
//!
//! * `news_text`: words, lowercased, ASCII-folded, English-stemmed (title, body, captions).
//! * `name`: words, lowercased, ASCII-folded, not stemmed (person, place, org, country, source, byline),
//!   so `person:putin` matches "Vladimir Putin" and `person:putins` does not.
//!
//! Curly quotes, dashes and other punctuation never reach the index: the tokenizer splits on them, so `"` and `“`
//! search the same.

use std::collections::HashMap;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

pub const NEWS_TEXT: &str = "news_text";
pub const NAME: &str = "name";

/// The analyzer for article prose.
pub fn news_text() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build()
}

/// tantivy's English [`Stemmer`] behind a cache from word to stem, kept by each copy of the analyzer (tantivy gives
/// every indexing thread its own): news vocabulary is Zipfian, so nearly every word has been stemmed before, and
/// the Snowball stemmer was the largest single cost of indexing the text. The terms are exactly the stemmer's.
#[derive(Clone, Copy)]
struct CachedStemmer;

/// Words kept before the stem cache starts over.
const STEM_CACHE_MAX: usize = 200_000;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            cache: StemCache::default(),
        }
    }
}

#[derive(Clone)]
struct CachedStemmerFilter<T> {
    inner: T,
    /// Stems one word: the whole text as one token, through tantivy's stemmer.
    stemmer: TextAnalyzer,
    cache: StemCache,
}

/// Stems by word; FxHash because the keys are short index terms and a collision only costs a longer probe.
type StemCache = HashMap<String, String, rustc_hash::FxBuildHasher>;

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            cache: &mut self.cache,
        }
    }
}

struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
    cache: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(&token.text);
            if stream.advance() {
                stream.token().text.clone()
            } else {
                token.text.clone()
            }
        };
        if self.cache.len() >= STEM_CACHE_MAX {
            self.cache.clear();
        }
        let word = std::mem::replace(&mut token.text, stem);
        self.cache.insert(word, token.text.clone());
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
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
    fn cached_stems_are_the_stemmers() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = news_text();
        let text = "Ministers’ Résumés: the ministers resumed talks, talking of running runners and ran; \
                    generously generous generation generations a i 1,000 2008 U.S. talks talks";
        for _ in 0..3 {
            assert_eq!(terms(&mut cached, text), terms(&mut plain, text));
        }
        // Positions and offsets are untouched.
        let mut a = cached.token_stream(text);
        let mut b = plain.token_stream(text);
        while a.advance() {
            assert!(b.advance());
            let (x, y) = (a.token(), b.token());
            assert_eq!(
                (x.position, x.offset_from, x.offset_to),
                (y.position, y.offset_from, y.offset_to)
            );
        }
        assert!(!b.advance());
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
