//! Snippets: the passage of an article that best shows why it matched, with the matched words' positions.

use serde::Serialize;

use super::compile::Highlight;
use crate::index::analyzers;
use tantivy::tokenizer::TextAnalyzer;

/// Words in a snippet.
const WINDOW: usize = 32;

/// A passage and the byte ranges in it to highlight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

struct Word {
    start: usize,
    end: usize,
    matched: bool,
}

thread_local! {
    /// What snippets read text with, kept per thread: the stem cache stays warm from one snippet to the next (a
    /// server's search threads made ten snippets a request, each stemming a whole body from an empty cache).
    static ANALYZERS: std::cell::RefCell<(TextAnalyzer, analyzers::WordStems)> =
        std::cell::RefCell::new((analyzers::name(), analyzers::WordStems::new()));
}

/// The words of `text`, each marked when its name term or its stem is highlighted. One pass of the `name`
/// analyzer: a word's `news_text` term is the stem of its `name` term.
fn words(text: &str, highlight: &Highlight) -> Vec<Word> {
    ANALYZERS.with(|cell| {
        let mut guard = cell.borrow_mut();
        let (names, stems) = &mut *guard;
        let mut out: Vec<Word> = Vec::new();
        let mut stream = names.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            let matched = highlight.name_terms.contains(&t.text)
                || (!highlight.text_terms.is_empty() && highlight.text_terms.contains(stems.stem(&t.text)));
            // A word indexed two ways ("Grün" as `grun` and `gruen`) is one word.
            if let Some(last) = out.last_mut()
                && last.start == t.offset_from
            {
                last.matched |= matched;
                continue;
            }
            out.push(Word {
                start: t.offset_from,
                end: t.offset_to,
                matched,
            });
        }
        out
    })
}

/// The best window of `text` for `highlight`: the one with the most matched words, earliest on ties.
pub fn make(text: &str, highlight: &Highlight) -> Snippet {
    let ws = words(text, highlight);
    if ws.is_empty() {
        return Snippet {
            text: String::new(),
            highlights: Vec::new(),
        };
    }
    let mut best = 0;
    let mut best_count = 0;
    let mut count = 0;
    for i in 0..ws.len() {
        if ws[i].matched {
            count += 1;
        }
        if i >= WINDOW && ws[i - WINDOW].matched {
            count -= 1;
        }
        if count > best_count {
            best_count = count;
            best = (i + 1).saturating_sub(WINDOW);
        }
    }
    // Start a few words before the first match so it has some context.
    if best_count > 0 {
        let first = (best..ws.len()).find(|&i| ws[i].matched).unwrap_or(best);
        best = first.saturating_sub(4).max(best.saturating_sub(0));
    }
    let last = (best + WINDOW).min(ws.len()) - 1;
    let from = if best == 0 { 0 } else { ws[best].start };
    let to = if last + 1 == ws.len() { text.len() } else { ws[last].end };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let offset = out.len();
    out.push_str(&text[from..to]);
    let highlights = ws[best..=last]
        .iter()
        .filter(|w| w.matched)
        .map(|w| (w.start - from + offset, w.end - from + offset))
        .collect();
    if to < text.len() {
        out.push('…');
    }
    // Collapse line breaks so a snippet is one line; byte lengths do not change.
    let text = out.replace(['\n', '\r', '\t'], " ");
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(text: &[&str], names: &[&str]) -> Highlight {
        Highlight {
            text_terms: text.iter().map(|s| s.to_string()).collect(),
            name_terms: names.iter().map(|s| s.to_string()).collect(),
            entities: Vec::new(),
        }
    }

    #[test]
    fn a_word_indexed_two_ways_is_one_word() {
        let s = make("Schools in Grün am See stayed shut.", &hl(&[], &["gruen"]));
        let marked: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(marked, vec!["Grün"]);
    }

    #[test]
    fn marks_stemmed_and_name_matches() {
        let s = make("Ministers met Putin in Alaska.", &hl(&["minist"], &["putin"]));
        let marked: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(marked, vec!["Ministers", "Putin"]);
    }

    #[test]
    fn picks_the_window_with_matches() {
        let mut text = "filler ".repeat(100);
        text.push_str("the summit in Alaska ended");
        text.push_str(&" more".repeat(100));
        let s = make(&text, &hl(&[], &["alaska"]));
        assert!(s.text.starts_with('…'));
        assert!(s.text.ends_with('…'));
        let (a, b) = s.highlights[0];
        assert_eq!(&s.text[a..b], "Alaska");
    }

    #[test]
    fn no_match_gives_the_lead() {
        let s = make("One two three.", &hl(&[], &[]));
        assert_eq!(s.text, "One two three.");
        assert!(s.highlights.is_empty());
    }
}
