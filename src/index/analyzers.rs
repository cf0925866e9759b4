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
    TextAnalyzer::builder(NameWordsTokenizer)
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
/// can be part of a name (see the module doc), with their positions, so the left-out words are gaps. The words are
/// read one at a time with one word of lookahead, so a long text costs no memory beyond its current token.
#[derive(Clone, Default)]
pub struct NameWordsTokenizer;

impl Tokenizer for NameWordsTokenizer {
    type TokenStream<'a> = NameWordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NameWordsStream<'a> {
        let mut stream = NameWordsStream {
            text,
            caseless_text: !text.chars().any(char::is_uppercase),
            scan: 0,
            line_end: 0,
            line_mixed: false,
            before: None,
            word: None,
            after: None,
            position: 0,
            token: Token::default(),
        };
        stream.after = stream.next_word();
        stream
    }
}

/// A word of the text: its byte range and whether it is written like a name.
#[derive(Clone, Copy)]
struct Word {
    from: usize,
    to: usize,
    name_like: bool,
}

/// The token stream of [`NameWordsTokenizer`]: the words before, at and after the one being decided.
pub struct NameWordsStream<'a> {
    text: &'a str,
    /// No capital anywhere: the case of a word says nothing, so every word is kept.
    caseless_text: bool,
    /// Where the search for the next word goes on.
    scan: usize,
    /// The end of the line of the current word, and whether that line mixes cases. A line in capitals (a
    /// headline, a dateline) or without capitals says nothing by the case of its words.
    line_end: usize,
    line_mixed: bool,
    before: Option<Word>,
    word: Option<Word>,
    after: Option<Word>,
    /// The position of `word` among all the words of the text.
    position: usize,
    token: Token,
}

impl NameWordsStream<'_> {
    fn next_word(&mut self) -> Option<Word> {
        let rest = self.text.get(self.scan..)?;
        let (offset, _) = rest.char_indices().find(|(_, c)| c.is_alphanumeric())?;
        let from = self.scan + offset;
        let len = self.text[from..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(self.text.len() - from, |(i, _)| i);
        let to = from + len;
        self.scan = to;
        Some(Word {
            from,
            to,
            name_like: is_name_word(&self.text[from..to]),
        })
    }

    /// Is the current word kept?
    fn keep(&mut self, w: Word) -> bool {
        if w.from >= self.line_end {
            let text = self.text;
            let line_start = text[..w.from].rfind('\n').map_or(0, |p| p + 1);
            self.line_end = text[w.from..].find('\n').map_or(text.len(), |p| w.from + p);
            let line = &text[line_start..self.line_end];
            self.line_mixed = line.chars().any(char::is_lowercase) && line.chars().any(char::is_uppercase);
        }
        let between_names = self.before.is_some_and(|b| b.name_like)
            && self.after.is_some_and(|a| a.name_like)
            && NAME_CONNECTORS.contains(&&self.text[w.from..w.to]);
        self.caseless_text || !self.line_mixed || w.name_like || between_names
    }
}

impl TokenStream for NameWordsStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.word.is_some() {
                self.position += 1;
            }
            self.before = self.word.take();
            self.word = self.after.take();
            self.after = self.next_word();
            let Some(w) = self.word else {
                return false;
            };
            if self.keep(w) {
                let t = &mut self.token;
                t.offset_from = w.from;
                t.offset_to = w.to;
                t.position = self.position;
                t.position_length = 1;
                t.text.clear();
                t.text.push_str(&self.text[w.from..w.to]);
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
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

    /// The `names` words as the rules of the module doc define them, computed over the whole text at once: the
    /// reference the streaming tokenizer must match.
    fn name_words_at_once(text: &str) -> Vec<(usize, usize, usize)> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c.is_alphanumeric() && i < text.len(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push((s, i, is_name_word(&text[s..i])));
                    start = None;
                }
                _ => {}
            }
        }
        let caseless = !text.chars().any(char::is_uppercase);
        let mut kept = Vec::new();
        for (i, &(from, to, name_like)) in words.iter().enumerate() {
            let line_start = text[..from].rfind('\n').map_or(0, |p| p + 1);
            let line_end = text[from..].find('\n').map_or(text.len(), |p| from + p);
            let line = &text[line_start..line_end];
            let mixed = line.chars().any(char::is_lowercase) && line.chars().any(char::is_uppercase);
            let between = i > 0
                && i + 1 < words.len()
                && words[i - 1].2
                && words[i + 1].2
                && NAME_CONNECTORS.contains(&&text[from..to]);
            if caseless || !mixed || name_like || between {
                kept.push((from, to, i));
            }
        }
        kept
    }

    #[test]
    fn name_words_stream_matches_the_rules_on_any_text() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let pieces = [
            "Bank", "of", "England", "the", "said", "PARIS", "\n", " ", ", ", "Müller", "über", "Ålesund", "de",
            "Gaulle", "42", "x", "\n\n", "-", "Ünal", "and", "&", "São", "Paulo", "é", "日本", "'s",
        ];
        let mut tokenizer = NameWordsTokenizer;
        for _ in 0..500 {
            let mut text = String::new();
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            for k in 0..(rng % 40) {
                let pick = (rng.rotate_left(k as u32 * 5) % pieces.len() as u64) as usize;
                text.push_str(pieces[pick]);
                if k % 3 != 0 {
                    text.push(' ');
                }
            }
            let mut got = Vec::new();
            let mut stream = tokenizer.token_stream(&text);
            while stream.advance() {
                let t = stream.token();
                assert_eq!(t.text, text[t.offset_from..t.offset_to]);
                got.push((t.offset_from, t.offset_to, t.position));
            }
            assert_eq!(got, name_words_at_once(&text), "{text:?}");
        }
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
