//! The benchmark corpus generator: deterministic Wikinews-like article files built from real sentences.
//!
//! Sentences come from a CoNLL file (`token<TAB>tag`, a blank line between sentences), by default the public-domain
//! Voice of America sentences of `/work/shared/data/ner/gmb.train.conll`, read at run time and never copied into
//! the repository. Each article is a run of consecutive sentences (so its people and places co-occur as in real
//! news), laid out as newsdex's `.txt` reader expects:
//!
//! ```text
//! Title made of the first words of a sentence
//!
//! March 4, 2012
//!
//! Paragraph of one to four sentences.
//!
//! Another paragraph.
//! ```
//!
//! Same data file, seed and article count give byte-identical files: the only randomness is [`SplitMix64`].

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Context, Result};
use chrono::{Datelike, Days, NaiveDate};

/// Where the VOA sentences live on this machine.
pub const DEFAULT_SENTENCES: &str = "/work/shared/data/ner/gmb.train.conll";
/// Articles per subfolder.
pub const PER_FOLDER: usize = 1000;
/// Fewest and most sentences in an article.
pub const MIN_SENTENCES: usize = 5;
pub const MAX_SENTENCES: usize = 40;
/// Dates are spread over ten years from this day.
pub const FIRST_DAY: (i32, u32, u32) = (2008, 1, 1);
pub const DAYS: u64 = 3652;
/// Hidden file (skipped by ingest) recording how a corpus folder was generated.
pub const STAMP_FILE: &str = ".newsdex-bench-corpus.json";

/// splitmix64: tiny, fast, and fixed forever (no dependency whose output could drift between versions).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi` (slightly biased for huge ranges, which does not matter here).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        debug_assert!(lo <= hi);
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// Tokens that attach to the word before them ("Nigeria 's", "5 %", "don n't").
fn attaches_left(tok: &str) -> bool {
    matches!(
        tok,
        "." | ","
            | ";"
            | ":"
            | "?"
            | "!"
            | "%"
            | ")"
            | "]"
            | "}"
            | "'"
            | "'s"
            | "'S"
            | "n't"
            | "'re"
            | "'ve"
            | "'ll"
            | "'d"
            | "'m"
            | "..."
    )
}

/// Tokens that attach to the word after them ("$ 17", "( AP").
fn attaches_right(tok: &str) -> bool {
    matches!(tok, "$" | "(" | "[" | "{" | "#")
}

/// Join tokens into text as a person would write it: no space before punctuation and clitics, none after opening
/// brackets and currency signs, straight double quotes alternately opening and closing.
pub fn detokenize<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    let mut glue_next = true; // no space before the first token
    let mut quote_open = false;
    for tok in tokens {
        let tok = tok.as_ref();
        if tok.is_empty() {
            continue;
        }
        let (space, glue_after) = if tok == "\"" {
            if quote_open {
                quote_open = false;
                (false, false)
            } else {
                quote_open = true;
                (true, true)
            }
        } else if attaches_left(tok) {
            (false, false)
        } else {
            (true, attaches_right(tok))
        };
        if space && !glue_next {
            out.push(' ');
        }
        out.push_str(tok);
        glue_next = glue_after;
    }
    out
}

/// Read a CoNLL file into detokenized sentences (empty sentences and `-DOCSTART-` markers dropped).
pub fn parse_conll(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut tokens: Vec<&str> = Vec::new();
    let mut flush = |tokens: &mut Vec<&str>| {
        if !tokens.is_empty() {
            sentences.push(detokenize(tokens));
            tokens.clear();
        }
    };
    for line in text.lines() {
        let token = line.split('\t').next().unwrap_or("").trim();
        if token.is_empty() {
            flush(&mut tokens);
        } else if token != "-DOCSTART-" {
            tokens.push(token);
        }
    }
    flush(&mut tokens);
    sentences
}

/// Load the sentences of a CoNLL file.
pub fn load_sentences(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading sentences from {}", path.display()))?;
    let sentences = parse_conll(&text);
    if sentences.len() < MAX_SENTENCES {
        bail!(
            "{}: only {} sentences; need at least {MAX_SENTENCES}",
            path.display(),
            sentences.len()
        );
    }
    Ok(sentences)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "December 10, 2013", as Wikinews writes dates.
pub fn format_date(d: NaiveDate) -> String {
    format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
}

/// A headline from a sentence: its first 4 to 12 words, trailing punctuation removed, first letter capitalized.
fn headline(sentence: &str, rng: &mut SplitMix64) -> String {
    let take = rng.range(4, 12) as usize;
    let sentence = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = sentence.split_whitespace().take(take).collect();
    let mut title = words.join(" ");
    while title.ends_with(|c: char| c.is_ascii_punctuation() && c != ')' && c != '%') {
        title.pop();
    }
    let mut chars = title.chars();
    let mut out = match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>(),
        None => String::from("News"),
    };
    out.push_str(chars.as_str());
    out
}

/// The date of an article.
fn article_date(rng: &mut SplitMix64) -> NaiveDate {
    let (y, m, d) = FIRST_DAY;
    let first = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    first
        .checked_add_days(Days::new(rng.range(0, DAYS - 1)))
        .unwrap_or(first)
}

/// Article number `n` (0-based) of a corpus: depends only on the sentences, the seed and `n`.
pub fn article(sentences: &[String], seed: u64, n: u64) -> String {
    if sentences.is_empty() {
        return String::new();
    }
    // One generator per article, so any article can be built alone and in any order.
    let mut rng = SplitMix64::new(seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
    rng.next_u64();
    let count = rng.range(MIN_SENTENCES as u64, MAX_SENTENCES as u64) as usize;
    let count = count.min(sentences.len());
    let start = rng.range(0, (sentences.len() - count) as u64) as usize;
    let body = &sentences[start..start + count];
    let title_from = rng.range(0, count.min(3) as u64 - 1) as usize;
    let mut out = String::with_capacity(count * 140 + 64);
    out.push_str(&headline(&body[title_from], &mut rng));
    out.push_str("\n\n");
    out.push_str(&format_date(article_date(&mut rng)));
    out.push_str("\n\n");
    let mut i = 0;
    while i < count {
        let para = (rng.range(1, 4) as usize).min(count - i);
        if i > 0 {
            out.push_str("\n\n");
        }
        for (j, s) in body[i..i + para].iter().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.push_str(s);
        }
        i += para;
    }
    out.push('\n');
    out
}

/// The relative path of article `n`: `00042/article-0042137.txt`.
pub fn article_path(n: u64) -> PathBuf {
    let folder = n / PER_FOLDER as u64;
    PathBuf::from(format!("{folder:05}")).join(format!("article-{n:07}.txt"))
}

/// What a generate run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Generated {
    pub articles: u64,
    pub seed: u64,
    pub bytes: u64,
    pub sentences_file: String,
    pub sentences: usize,
    pub seconds: f64,
}

/// Write `articles` article files under `out` (created when missing). Existing files with the same names are
/// overwritten only when their content differs, so regenerating an unchanged corpus keeps its mtimes.
pub fn generate(out: &Path, articles: u64, seed: u64, sentences_file: &Path) -> Result<Generated> {
    let started = std::time::Instant::now();
    let sentences = load_sentences(sentences_file)?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut bytes = 0u64;
    let mut folder = None;
    for n in 0..articles {
        let rel = article_path(n);
        let path = out.join(&rel);
        if let Some(parent) = path.parent()
            && folder.as_deref() != Some(parent)
        {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            folder = Some(parent.to_path_buf());
        }
        let text = article(&sentences, seed, n);
        bytes += text.len() as u64;
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            continue;
        }
        let mut f = std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
        f.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let generated = Generated {
        articles,
        seed,
        bytes,
        sentences_file: sentences_file.display().to_string(),
        sentences: sentences.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    let stamp = serde_json::to_string(&generated).context("serializing the corpus stamp")?;
    std::fs::write(out.join(STAMP_FILE), stamp + "\n").with_context(|| format!("writing {}", STAMP_FILE))?;
    Ok(generated)
}

/// A one-line description of a generate run, for people.
pub fn describe(g: &Generated) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "generated {} articles ({:.1} MB, seed {}) from {} sentences of {} in {:.1}s",
        g.articles,
        g.bytes as f64 / 1e6,
        g.seed,
        g.sentences,
        g.sentences_file,
        g.seconds
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn detokenize_attaches_punctuation_and_clitics() {
        assert_eq!(
            detokenize(&toks("Thousands marched through London , Nigeria 's capital .")),
            "Thousands marched through London, Nigeria's capital."
        );
        assert_eq!(
            detokenize(&toks("They do n't pay $ 17.09 ( about 5 % )")),
            "They don't pay $17.09 (about 5%)"
        );
        assert_eq!(detokenize(&toks("the rebels ' team")), "the rebels' team");
        assert_eq!(detokenize(&toks("U.S. - China relations")), "U.S. - China relations");
    }

    #[test]
    fn detokenize_pairs_double_quotes() {
        assert_eq!(
            detokenize(&toks("slogans as \" Bush Number One \" and \" Stop \" .")),
            "slogans as \"Bush Number One\" and \"Stop\"."
        );
        assert_eq!(detokenize(&toks("\" The thing , \" he said")), "\"The thing,\" he said");
    }

    #[test]
    fn parse_conll_splits_sentences_and_skips_docstart() {
        let text = "-DOCSTART-\tO\n\nHe\tO\nwent\tO\n.\tO\n\n\nShe\tO\nstayed\tO\n!\tO\n";
        assert_eq!(parse_conll(text), vec!["He went.", "She stayed!"]);
    }

    fn sample() -> Vec<String> {
        (0..60).map(|i| format!("Sentence number {i} about Baghdad.")).collect()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let s = sample();
        for n in 0..20 {
            assert_eq!(article(&s, 7, n), article(&s, 7, n));
        }
        assert_ne!(article(&s, 7, 3), article(&s, 8, 3));
        assert_ne!(article(&s, 7, 3), article(&s, 7, 4));
    }

    #[test]
    fn articles_have_the_wikinews_layout() {
        let s = sample();
        for n in 0..50 {
            let a = article(&s, 1, n);
            let mut lines = a.lines();
            let title = lines.next().unwrap_or_default();
            assert!(!title.is_empty() && !title.ends_with('.'), "{title:?}");
            assert_eq!(lines.next(), Some(""));
            let date = lines.next().unwrap_or_default();
            assert!(MONTHS.iter().any(|m| date.starts_with(m)), "{date:?}");
            assert_eq!(lines.next(), Some(""));
            let body: String = lines.collect::<Vec<_>>().join("\n");
            let sentences = body.matches("Sentence number").count();
            assert!((MIN_SENTENCES..=MAX_SENTENCES).contains(&sentences), "{sentences}");
        }
    }

    #[test]
    fn newsdex_reads_the_title_and_date_back() {
        let s = sample();
        for n in 0..20 {
            let text = article(&s, 9, n);
            let path = Path::new("article.txt");
            let raw = match newsdex::read::read_file(path, text.as_bytes()) {
                newsdex::read::ReadOutcome::Records(mut records) => records.remove(0),
                newsdex::read::ReadOutcome::Skipped { reason } => panic!("skipped: {reason}"),
            };
            let raw = raw.unwrap_or_else(|e| panic!("{e:?}"));
            let a = newsdex::normalize::normalize(raw, &newsdex::normalize::FileContext::new(path));
            assert_eq!(a.title, text.lines().next().unwrap_or_default());
            let date = a.date.map(format_date);
            assert_eq!(date.as_deref(), text.lines().nth(2), "{text}");
        }
    }

    #[test]
    fn generate_is_deterministic_on_disk() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("s.conll");
        let conll: String = (0..80).map(|i| format!("Word{i}\tO\nhere\tO\n.\tO\n\n")).collect();
        std::fs::write(&data, conll).unwrap_or_else(|e| panic!("{e}"));
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        let ga = generate(&a, 1203, 42, &data).unwrap_or_else(|e| panic!("{e}"));
        let gb = generate(&b, 1203, 42, &data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ga.bytes, gb.bytes);
        for n in [0u64, 999, 1000, 1202] {
            let fa = std::fs::read(a.join(article_path(n))).unwrap_or_default();
            let fb = std::fs::read(b.join(article_path(n))).unwrap_or_default();
            assert!(!fa.is_empty());
            assert_eq!(fa, fb);
        }
        assert!(a.join("00001/article-0001202.txt").is_file());
        assert!(!a.join(article_path(1203)).exists());
    }

    #[test]
    fn dates_span_about_ten_years() {
        let mut rng = SplitMix64::new(5);
        let years: std::collections::BTreeSet<i32> = (0..2000).map(|_| article_date(&mut rng).year()).collect();
        assert_eq!(years.first(), Some(&2008));
        assert_eq!(years.last(), Some(&2017));
    }

    #[test]
    fn no_sentences_no_article() {
        assert_eq!(article(&[], 1, 0), "");
        assert!(!article(&["One.".to_string()], 1, 0).is_empty());
    }

    #[test]
    fn splitmix_is_fixed() {
        // Reference values of splitmix64 seeded with 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
