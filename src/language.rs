//! The language an article is written in, as an ISO 639-1 code ("en", "de"), detected from its title and the
//! start of its body with the `whatlang` crate (trigram statistics over 69 languages). When the detector is not
//! confident (short or mixed text) the language is unknown: `None`, never a guess.
//!
//! Most archives are mostly English, and the detector costs a tenth of a millisecond per article, a tenth of
//! ingest's CPU: text in which English-only function words ("the", "and", "of", "which", ...) make up a large share
//! of the words is English without asking it (the classic stop-word method; no other language writes these
//! words, and a test checks the two agree on every shipped and evaluation article). Text in one of the other
//! languages of `extract/data/function_words.tsv` whose function words plainly outnumber every other language's is
//! that language, also without the detector (which costs ten times the rest of normalization on such text).

use std::collections::HashMap;
use std::sync::LazyLock;

use whatlang::Lang;

/// How much of the body is read: enough for a confident answer, bounded so that long articles cost no more.
const SAMPLE_BYTES: usize = 1000;

/// The ISO 639-1 code of a language whatlang knows.
fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

/// Function words that only English writes (not "a", "in", "on", "was", "for": other languages have them too).
const ENGLISH_ONLY: &[&str] = &[
    "the", "and", "of", "that", "with", "said", "from", "this", "which", "have", "has", "their", "would", "will",
    "been", "after", "were", "they", "there", "about", "its",
];

/// Words read for the English fast path, and the share of them that must be English-only function words.
const FAST_WORDS: usize = 150;
const FAST_SHARE: f64 = 0.12;

/// Is this text plainly English: at least 40 words, "the" among them, and English-only function words making up
/// at least 12% of its first 150 words (running English text has 25 to 35%)?
fn plainly_english(sample: &str) -> bool {
    let bytes = sample.as_bytes();
    let (mut words, mut english, mut the) = (0usize, 0usize, false);
    let mut i = 0;
    // Words are runs of alphanumeric characters, read byte by byte: only non-ASCII bytes need a decoded character.
    let alphanumeric_at = |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric(), 1);
        }
        let c = sample[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8().max(1))
    };
    while i < bytes.len() && words < FAST_WORDS {
        let (alnum, len) = alphanumeric_at(i);
        if !alnum {
            i += len;
            continue;
        }
        let start = i;
        while i < bytes.len() {
            let (alnum, len) = alphanumeric_at(i);
            if !alnum {
                break;
            }
            i += len;
        }
        words += 1;
        let w = &bytes[start..i];
        if (2..=5).contains(&w.len()) && w.is_ascii() {
            let key = ascii_key(w);
            if english_only_keys().binary_search(&key).is_ok() {
                english += 1;
                the |= key == ascii_key(b"the");
            }
        }
    }
    words >= 40 && the && english as f64 >= FAST_SHARE * words as f64
}

/// A word of at most eight ASCII letters as a number, lowercased: compared in one step.
fn ascii_key(word: &[u8]) -> u64 {
    word.iter()
        .take(8)
        .fold(0u64, |k, b| (k << 8) | u64::from(b.to_ascii_lowercase()))
}

/// [`ENGLISH_ONLY`] as sorted [`ascii_key`]s.
fn english_only_keys() -> &'static [u64] {
    static KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut keys: Vec<u64> = ENGLISH_ONLY.iter().map(|w| ascii_key(w.as_bytes())).collect();
        keys.sort_unstable();
        keys
    });
    &KEYS
}

/// The title and the start of the body, up to [`SAMPLE_BYTES`] of it.
fn sample(title: &str, body: &str) -> String {
    let mut end = body.len().min(SAMPLE_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    format!("{title}\n{}", &body[..end])
}

/// The function words of the other languages newsdex reads (shared with extraction, which must never take them for
/// names).
const FUNCTION_WORDS: &str = include_str!("extract/data/function_words.tsv");

/// The function-word lists, one per language: (ISO 639-1 code, words). The one reader of the file; extraction's
/// gazetteer builds its own sets from it.
pub fn function_word_lists() -> impl Iterator<Item = (&'static str, impl Iterator<Item = &'static str>)> {
    FUNCTION_WORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .map(|(lang, list)| (lang, list.split_whitespace()))
}

/// Each function word with the languages (bits, in the order of the lists) whose list holds it.
fn function_word_table() -> &'static (HashMap<&'static str, u32>, Vec<&'static str>) {
    static TABLE: LazyLock<(HashMap<&'static str, u32>, Vec<&'static str>)> = LazyLock::new(|| {
        let mut words: HashMap<&'static str, u32> = HashMap::new();
        let mut langs = Vec::new();
        for (lang, list) in function_word_lists().take(32) {
            let bit = 1u32 << langs.len();
            langs.push(lang);
            for w in list {
                *words.entry(w).or_default() |= bit;
            }
        }
        (words, langs)
    });
    &TABLE
}

/// Words read for the other languages' fast path, the share of them that must be the leading language's function
/// words, and how far it must lead the next language.
const OTHER_SHARE: f64 = 0.2;
/// The lead, as a ratio: the leading language's count times 2 must reach this many times the next one's.
const OTHER_LEAD_HALVES: usize = 3;

/// The language of plainly written text in one of the function-word languages: at least 40 words, a fifth of them
/// that language's function words, and half again as many as any other language's (Danish and Norwegian, Spanish and
/// Catalan stay for the statistical detector).
fn plainly_other(sample: &str) -> Option<&'static str> {
    let (table, langs) = function_word_table();
    let mut counts = [0usize; 32];
    let mut words = 0;
    for w in sample
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(FAST_WORDS)
    {
        words += 1;
        let lower = w.to_lowercase();
        if let Some(&bits) = table.get(lower.as_str()) {
            for (i, count) in counts.iter_mut().enumerate().take(langs.len()) {
                if bits & (1 << i) != 0 {
                    *count += 1;
                }
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.iter().copied().enumerate().take(langs.len()).collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    let (best, n) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.1);
    (words >= 40 && n as f64 >= OTHER_SHARE * words as f64 && 2 * n >= OTHER_LEAD_HALVES * second.max(1))
        .then(|| langs[best])
}

/// The language of an article's text, when the detector is confident of it.
pub fn detect(title: &str, body: &str) -> Option<&'static str> {
    let sample = sample(title, body);
    if plainly_english(&sample) {
        return Some("en");
    }
    plainly_other(&sample).or_else(|| detect_with_whatlang(&sample))
}

/// The detector's best guess when it is not confident enough to name the article's language (short or mixed
/// text) but still leans one way (confidence at least 0.5): for choosing how to read an article, never stored as
/// its language.
pub fn best_guess(title: &str, body: &str) -> Option<&'static str> {
    let sample = sample(title, body);
    if plainly_english(&sample) {
        return Some("en");
    }
    if let Some(lang) = plainly_other(&sample) {
        return Some(lang);
    }
    whatlang::detect(&sample)
        .filter(|info| info.confidence() >= GUESS_CONFIDENCE)
        .map(|info| iso639_1(info.lang()))
}

/// How sure the detector must be for [`best_guess`].
const GUESS_CONFIDENCE: f64 = 0.5;

fn detect_with_whatlang(sample: &str) -> Option<&'static str> {
    let info = whatlang::detect(sample)?;
    info.is_reliable().then(|| iso639_1(info.lang()))
}

/// The ISO 639-1 code for a language as a user may type it: a code ("de", "deu"), an English name ("German") or
/// the language's own name ("Deutsch"); `None` when unknown.
pub fn code_for(value: &str) -> Option<&'static str> {
    let v = value.trim().to_lowercase();
    Lang::all().iter().copied().find_map(|lang| {
        let code = iso639_1(lang);
        let matches =
            v == code || v == lang.code() || v == lang.eng_name().to_lowercase() || v == lang.name().to_lowercase();
        matches.then_some(code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_news_languages() {
        let cases = [
            (
                "en",
                "Talks resume",
                "The two leaders met on Friday and said the talks had been useful for both sides.",
            ),
            (
                "de",
                "Gespräche",
                "Die beiden Politiker trafen sich am Freitag und sagten, die Gespräche seien nützlich gewesen.",
            ),
            (
                "es",
                "Conversaciones",
                "Los dos dirigentes se reunieron el viernes y dijeron que las conversaciones fueron útiles.",
            ),
            (
                "fr",
                "Pourparlers",
                "Les deux dirigeants se sont rencontrés vendredi et ont dit que les discussions avaient été utiles.",
            ),
            (
                "pl",
                "Rozmowy",
                "Obaj przywódcy spotkali się w piątek i powiedzieli, że rozmowy były bardzo pożyteczne dla obu stron.",
            ),
        ];
        for (lang, title, body) in cases {
            assert_eq!(detect(title, body), Some(lang), "{body}");
        }
        assert_eq!(detect("", ""), None);
    }

    /// The English fast path says "en" only where the detector says "en" too: every article shipped in
    /// `corpus/` and, when present, the retrieval evaluation's articles.
    #[test]
    fn fast_path_agrees_with_the_detector() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![
            root.join("corpus/wikinews"),
            root.join("corpus/multilingual"),
            root.join("corpus/example"),
        ];
        dirs.push(root.join("../shared/data/retrieval/articles"));
        let mut checked = 0;
        let mut fast = 0;
        let mut other = 0;
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let mut end = text.len().min(SAMPLE_BYTES);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let sample = &text[..end];
                checked += 1;
                if plainly_english(sample) {
                    fast += 1;
                    assert_eq!(detect_with_whatlang(sample), Some("en"), "{}", entry.path().display());
                } else if let Some(lang) = plainly_other(sample) {
                    other += 1;
                    // The statistical detector agrees, or is not sure (then the function words decide).
                    let stats = detect_with_whatlang(sample);
                    assert!(
                        stats.is_none() || stats == Some(lang),
                        "{lang} {stats:?} {}",
                        entry.path().display()
                    );
                }
            }
        }
        assert!(other >= 30, "the other languages' fast path took only {other}");
        assert!(checked >= 160, "{checked}");
        assert!(fast * 10 >= checked * 6, "the fast path took only {fast} of {checked}");
    }

    #[test]
    fn short_texts_lean_without_being_named() {
        let body = "Der Stadtrat von München hat am Montag den Bau beschlossen.";
        assert_eq!(best_guess("", body), Some("de"));
        // Too short to lean anywhere: the English tagger reads it.
        assert!(matches!(
            best_guess("", "Putin met Trump in Alaska on Friday."),
            None | Some("en")
        ));
    }

    #[test]
    fn language_names_and_codes_resolve() {
        assert_eq!(code_for("de"), Some("de"));
        assert_eq!(code_for("deu"), Some("de"));
        assert_eq!(code_for("German"), Some("de"));
        assert_eq!(code_for("Deutsch"), Some("de"));
        assert_eq!(code_for("polish"), Some("pl"));
        assert_eq!(code_for("klingon"), None);
    }
}
