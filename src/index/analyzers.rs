//! Text analyzers: how article text and entity names are cut into searchable terms.
//!
//! * `news_text`: words, lowercased, ASCII-folded, English-stemmed (title, body, captions).
//! * `name`: words, lowercased, ASCII-folded, not stemmed (person, place, org, country, source, byline),
//!   so `person:putin` matches "Vladimir Putin" and `person:putins` does not.
//! * `name_words`: only the words of article text that can be part of a name (written with a capital or a digit,
//!   the small words inside names such as "of" in "Bank of England", and every word of a line with no lower-case
//!   or no upper-case letters), otherwise as `name`; the other words leave a gap so phrases never span them. Entity
//!   search matches a surname or a short form alone here ("Einstein" for "Albert Einstein").
//!
//! Words with German umlauts are also indexed in their transliterated form ("Grün" gives `grun` and `gruen`), so
//! both spellings find them.
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
pub const NAME_WORDS: &str = "name_words";

/// The analyzer for article prose.
pub fn news_text() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(UmlautVariants)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build()
}

/// [`news_text`] for query values: one term per word (no umlaut variants, which the index already holds), so a
/// phrase's terms follow each other.
pub fn news_text_query() -> TextAnalyzer {
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
            stemmer: english_stemmer(),
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

/// Stems by word. Words and stems of up to [`INLINE_BYTES`] bytes (nearly all of them) are kept inline in the
/// table's slots: a lookup then reads one slot instead of following a pointer to the key's bytes elsewhere in memory,
/// which in a table of 200,000 words is a cache miss on most lookups. Longer words are stemmed every time.
type StemCache = HashMap<InlineWord, InlineWord, rustc_hash::FxBuildHasher>;

/// The longest word kept in [`StemCache`].
const INLINE_BYTES: usize = 15;

/// A word of at most [`INLINE_BYTES`] bytes: its length, then its bytes, then zeros.
type InlineWord = [u8; INLINE_BYTES + 1];

/// `word` inline, when it is short enough.
fn inline_word(word: &str) -> Option<InlineWord> {
    let bytes = word.as_bytes();
    let len = u8::try_from(bytes.len())
        .ok()
        .filter(|&n| usize::from(n) <= INLINE_BYTES)?;
    let mut inline = [0u8; INLINE_BYTES + 1];
    inline[0] = len;
    inline[1..=bytes.len()].copy_from_slice(bytes);
    Some(inline)
}

/// The word an [`InlineWord`] holds (always a whole `str`: it was made from one).
fn inline_str(inline: &InlineWord) -> Option<&str> {
    std::str::from_utf8(&inline[1..=usize::from(inline[0]).min(INLINE_BYTES)]).ok()
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            cache: &mut self.cache,
            stem: String::new(),
        }
    }
}

/// The stem of `word` into `out`: from the cache, or from the stemmer (then cached).
fn stem_into(stemmer: &mut TextAnalyzer, cache: &mut StemCache, word: &str, out: &mut String) {
    out.clear();
    let key = inline_word(word);
    if let Some(stem) = key.and_then(|k| cache.get(&k)).and_then(inline_str) {
        out.push_str(stem);
        return;
    }
    let mut stream = stemmer.token_stream(word);
    out.push_str(if stream.advance() { &stream.token().text } else { word });
    if let (Some(key), Some(value)) = (key, inline_word(out)) {
        if cache.len() >= STEM_CACHE_MAX {
            cache.clear();
        }
        cache.insert(key, value);
    }
}

/// Stems of single words as [`news_text`] makes them (the same stemmer and cache), for code that already has the
/// words [`name`] cuts from a text: the two analyzers cut text the same way, so a word's stem is its `news_text`
/// term.
pub struct WordStems {
    stemmer: TextAnalyzer,
    cache: StemCache,
    stem: String,
}

impl WordStems {
    pub fn new() -> WordStems {
        WordStems {
            stemmer: english_stemmer(),
            cache: StemCache::default(),
            stem: String::new(),
        }
    }

    /// The stem of a word of [`name`]'s (lowercased, folded).
    pub fn stem(&mut self, word: &str) -> &str {
        stem_into(&mut self.stemmer, &mut self.cache, word, &mut self.stem);
        &self.stem
    }
}

impl Default for WordStems {
    fn default() -> WordStems {
        WordStems::new()
    }
}

/// Stems one word: the whole text as one token, through tantivy's English stemmer.
fn english_stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build()
}

struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
    cache: &'a mut StemCache,
    /// The stem being made, swapped into the token.
    stem: String,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        stem_into(self.stemmer, self.cache, &token.text, &mut self.stem);
        std::mem::swap(&mut token.text, &mut self.stem);
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
        .filter(UmlautVariants)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// [`name`] for query values (see [`news_text_query`]).
pub fn name_query() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The index-time analyzer of the `names` field: the name-like words of article text (see the module doc).
pub fn name_words() -> TextAnalyzer {
    TextAnalyzer::builder(NameWordsTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(UmlautVariants)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Register newsdex's analyzers on an index (needed every time an index is opened).
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(NEWS_TEXT, news_text());
    tokenizers.register(NAME, name());
    tokenizers.register(NAME_WORDS, name_words());
}

/// Small lower-case words that occur inside names ("Bank of England", "Charles de Gaulle", "Osama bin Laden",
/// "Marks & Spencer"); kept in the `names` field only between two name words.
const NAME_CONNECTORS: &[&str] = &[
    "&", "a", "al", "and", "at", "av", "bin", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do",
    "dos", "du", "e", "el", "for", "ibn", "in", "la", "le", "les", "of", "on", "the", "ter", "upon", "van", "von", "y",
    "zu",
];

fn is_name_word(word: &str) -> bool {
    word.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Splits like [`SimpleTokenizer`] (at every character that is not alphanumeric) and keeps only the words that
/// can be part of a name (see the module doc), with their positions, so the left-out words are gaps. Only the kept
/// words are copied, into tokens reused from one text to the next.
#[derive(Clone, Default)]
pub struct NameWordsTokenizer {
    /// Every word of the text: byte range and whether it is written like a name.
    words: Vec<(usize, usize, bool)>,
    kept: Vec<Token>,
}

impl Tokenizer for NameWordsTokenizer {
    type TokenStream<'a> = VecTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens<'a> {
        self.words.clear();
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c.is_alphanumeric() && i < text.len(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    self.words.push((s, i, is_name_word(&text[s..i])));
                    start = None;
                }
                _ => {}
            }
        }
        let caseless_text = !text.chars().any(char::is_uppercase);
        // Per line: does it mix cases? A line in capitals (a headline, a dateline) or without capitals says nothing
        // by the case of its words.
        let mut line_mixed = false;
        let mut line_end = 0;
        let mut n = 0;
        for i in 0..self.words.len() {
            let (from, to, name_like) = self.words[i];
            if from >= line_end {
                let line_start = text[..from].rfind('\n').map_or(0, |p| p + 1);
                line_end = text[from..].find('\n').map_or(text.len(), |p| from + p);
                let line = &text[line_start..line_end];
                line_mixed = line.chars().any(char::is_lowercase) && line.chars().any(char::is_uppercase);
            }
            let word = &text[from..to];
            let keep = caseless_text
                || !line_mixed
                || name_like
                || (i > 0
                    && i + 1 < self.words.len()
                    && self.words[i - 1].2
                    && self.words[i + 1].2
                    && NAME_CONNECTORS.contains(&word));
            if !keep {
                continue;
            }
            if n == self.kept.len() {
                self.kept.push(Token::default());
            }
            let t = &mut self.kept[n];
            t.offset_from = from;
            t.offset_to = to;
            t.position = i;
            t.position_length = 1;
            t.text.clear();
            t.text.push_str(word);
            n += 1;
        }
        VecTokens {
            tokens: &mut self.kept[..n],
            at: None,
        }
    }
}

/// A token stream over a list of tokens made in advance.
pub struct VecTokens<'a> {
    tokens: &'a mut [Token],
    at: Option<usize>,
}

impl TokenStream for VecTokens<'_> {
    fn advance(&mut self) -> bool {
        let next = self.at.map_or(0, |i| i + 1);
        self.at = Some(next);
        next < self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at.unwrap_or(0).min(self.tokens.len().saturating_sub(1))]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.at.unwrap_or(0).min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

/// German umlauts written out: "Grün" -> "Gruen", "Köln" -> "Koeln" ("ß" is folded to "ss" by ASCII folding).
pub fn umlaut_variant(word: &str) -> Option<String> {
    if !word.chars().any(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'Ä' | 'Ö' | 'Ü')) {
        return None;
    }
    let mut out = String::with_capacity(word.len() + 2);
    for c in word.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            other => out.push(other),
        }
    }
    Some(out)
}

/// Adds, at the same position, the written-out form of every word with a German umlaut ("Grün" gives "Grün" and
/// "Gruen"), so that a name typed either way finds the other.
#[derive(Clone, Copy)]
struct UmlautVariants;

impl TokenFilter for UmlautVariants {
    type Tokenizer<T: Tokenizer> = UmlautVariantsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> UmlautVariantsFilter<T> {
        UmlautVariantsFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
struct UmlautVariantsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for UmlautVariantsFilter<T> {
    type TokenStream<'a> = UmlautVariantsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        UmlautVariantsStream {
            tail: self.inner.token_stream(text),
            current: Token::default(),
            pending: None,
            on_variant: false,
        }
    }
}

struct UmlautVariantsStream<T> {
    tail: T,
    /// The written-out form of the tail's current token, once it has been given in its place.
    current: Token,
    /// A written-out form waiting to be given after the tail's token.
    pending: Option<Token>,
    /// Whether `token()` is `current` (a written-out form) rather than the tail's token, which is not copied.
    on_variant: bool,
}

impl<T: TokenStream> TokenStream for UmlautVariantsStream<T> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.pending.take() {
            self.current = next;
            self.on_variant = true;
            return true;
        }
        self.on_variant = false;
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        // Most words are ASCII: no copy, no search.
        if !token.text.is_ascii()
            && let Some(variant) = umlaut_variant(&token.text)
        {
            let mut extra = token.clone();
            extra.text = variant;
            self.pending = Some(extra);
        }
        true
    }

    fn token(&self) -> &Token {
        if self.on_variant {
            &self.current
        } else {
            self.tail.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.on_variant {
            &mut self.current
        } else {
            self.tail.token_mut()
        }
    }
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
    fn typographic_punctuation_searches_as_ascii() {
        for analyzer in [news_text as fn() -> TextAnalyzer, name] {
            assert_eq!(
                terms(
                    &mut analyzer(),
                    "\u{201c}Candid\u{201d} \u{2014} Russia\u{2019}s war\u{2026}"
                ),
                terms(&mut analyzer(), "\"Candid\" - Russia's war...")
            );
        }
    }

    #[test]
    fn cached_stems_are_the_stemmers() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(UmlautVariants)
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = news_text();
        let text = "Ministers’ Résumés: the ministers resumed talks, talking of running runners and ran; \
                    generously generous generation generations a i 1,000 2008 U.S. talks talks internationalization internationalizations counterrevolutionaries résumé";
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
    fn name_words_keeps_names_and_their_positions() {
        let mut a = name_words();
        let mut got = Vec::new();
        {
            let mut stream = a.token_stream("Byron went to the Bank of England with Einstein's friend, said Reuters.");
            while stream.advance() {
                got.push((stream.token().text.clone(), stream.token().position));
            }
        }
        let expect: Vec<(String, usize)> = [
            ("byron", 0),
            ("bank", 4),
            ("of", 5),
            ("england", 6),
            ("einstein", 8),
            ("reuters", 12),
        ]
        .iter()
        .map(|(w, p)| (w.to_string(), *p))
        .collect();
        assert_eq!(got, expect);
        // "of" is kept only between two name words; a line in capitals or a text without capitals keeps every word.
        assert_eq!(terms(&mut a, "one of Paris"), vec!["paris"]);
        assert_eq!(
            terms(&mut a, "MARKETS FALL IN TOKYO\nShares fell."),
            vec!["markets", "fall", "in", "tokyo", "shares"]
        );
        assert_eq!(terms(&mut a, "putin met trump"), vec!["putin", "met", "trump"]);
    }

    #[test]
    fn umlauts_are_indexed_both_ways() {
        assert_eq!(terms(&mut name(), "Grün Köln"), vec!["grun", "gruen", "koln", "koeln"]);
        assert_eq!(terms(&mut name(), "Gruen"), vec!["gruen"]);
        assert_eq!(umlaut_variant("Zürich").as_deref(), Some("Zuerich"));
        assert_eq!(umlaut_variant("Zurich"), None);
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
