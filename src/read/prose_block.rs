//! The page block richest in prose, as a check on Readability's pick. Readability scores blocks by their commas and
//! length, so a long list of signatories ("Name, Title, University") or a table of contacts can outscore a short
//! article. An article is paragraphs of sentences: when the pick holds little of that and another block of the page
//! holds much more, that block is the article. Prose is what it is for saved text pages ([`is_prose`]): lines of
//! enough words that end like a sentence.

use dom_query::{Document, Selection};

use crate::normalize::main_text::is_prose;

/// A pick whose prose is below this share of its text is mostly lists or tables.
const MIN_PROSE_SHARE: f64 = 0.5;
/// Another block replaces such a pick only when it holds at least this many times as much prose.
const MIN_GAIN: usize = 2;

/// Bytes of prose in a text, one paragraph per line.
pub fn prose_bytes(text: &str) -> usize {
    text.lines().filter(|l| is_prose(l)).map(str::len).sum()
}

/// The text of the page's block that holds the most prose, when `pick` (Readability's text) is mostly something
/// else and that block holds at least twice its prose; `None` keeps the pick. The page is only asked for (parsed)
/// when the pick is in doubt.
pub fn better_than(pick: &str, page: impl FnOnce() -> Document) -> Option<String> {
    let pick_prose = prose_bytes(pick);
    if pick.trim().is_empty() || pick_prose as f64 >= MIN_PROSE_SHARE * pick.trim().len() as f64 {
        return None;
    }
    let page = page();
    // Each paragraph of prose counts for the element around it.
    let mut parents: Vec<(dom_query::NodeId, usize)> = Vec::new();
    for p in page.select("body p").nodes() {
        let text = p.text();
        if !is_prose(&text) {
            continue;
        }
        let Some(parent) = p.parent() else { continue };
        match parents.iter_mut().find(|(id, _)| *id == parent.id) {
            Some((_, n)) => *n += text.len(),
            None => parents.push((parent.id, text.len())),
        }
    }
    let (best, best_prose) = parents.into_iter().max_by_key(|(_, n)| *n)?;
    if best_prose < MIN_GAIN * pick_prose.max(1) {
        return None;
    }
    let node = page.tree.get(&best)?;
    Some(Selection::from(node).formatted_text().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_sentences_not_names_or_cells() {
        let text = "Mehr als neunzig Forschende haben sich in einem offenen Brief an die Regierung gewandt.\n\
                    Olaf Schuster, Deutscher Anwaltverein, Ausschuss Informationsrecht, Berlin\n\
                    Megan Tallis Media relations megan.tallis@example.com +1 (617) 555-0142\n\
                    Too short.";
        assert_eq!(prose_bytes(text), text.lines().next().map_or(0, str::len));
    }

    #[test]
    fn a_list_of_names_gives_way_to_the_article() {
        let names: String = (0..40)
            .map(|i| format!("<p>Person {i}, Professor, University of Somewhere</p>"))
            .collect();
        let html = format!(
            "<body><h1>Letter</h1><div class=\"a\"><p>More than forty researchers signed a letter on Monday asking \
             for money.</p><p>The maps decide which homeowners must buy flood insurance in the valley.</p></div>\
             <div class=\"b\">{names}</div></body>"
        );
        let page = Document::from(html.as_str());
        let pick = page.select("div.b").formatted_text().to_string();
        let better = better_than(&pick, || Document::from(html.as_str())).expect("the article block");
        assert!(
            better.contains("More than forty researchers") && better.contains("The maps decide"),
            "{better}"
        );
        assert!(!better.contains("Person 3"), "{better}");
        // An article pick is kept.
        let article = page.select("div.a").formatted_text().to_string();
        assert_eq!(better_than(&article, || Document::from(html.as_str())), None);
    }
}
