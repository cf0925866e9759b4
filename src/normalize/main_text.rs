//! The article inside a saved page's text: a page copied from a browser (select all, copy) or saved as text holds
//! the site's navigation, the headline, a byline, share buttons, then the article's paragraphs, then related
//! headlines, sign-up prompts and the footer. The article runs from the first to the last substantial run of prose
//! lines (long lines that read as sentences, with at most a few short lines between them: subheadings, a quote, a
//! list); what comes before it is the page's head, where the headline, the date and the byline are looked for, and
//! what comes after it is dropped. Text with much outside that range (a transcript, a list) is kept whole.
//! Recognizes no outlet: only the shape of an article.

/// A line with at least this many words (or twice as many characters of a script written without spaces) that ends
/// like a sentence is prose.
const PROSE_WORDS: usize = 10;
/// Short lines allowed between two prose lines of one article (subheadings, a pull quote, a short list).
const MAX_GAP: usize = 4;
/// Below this many characters of prose, a text is left as it is (a short note, a list, a poem).
const MIN_CORE_CHARS: usize = 200;

/// Does the line read as a sentence of running text?
pub fn is_prose(line: &str) -> bool {
    // The ending first (one look at the last characters), then the words up to the threshold only.
    ends_like_sentence(line)
        && (line.split_whitespace().take(PROSE_WORDS).count() >= PROSE_WORDS
            || (unspaced_script(line) && line.chars().count() >= 4 * PROSE_WORDS))
}

/// Is the line in a script written without spaces between words (Chinese, Japanese, Thai, ...)?
fn unspaced_script(line: &str) -> bool {
    line.split_whitespace().count() < 3 && line.chars().filter(|c| *c >= '\u{0E00}').count() * 2 > line.chars().count()
}

fn ends_like_sentence(line: &str) -> bool {
    let end = line
        .trim_end()
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', '\u{bb}', ')', '\u{300d}']);
    end.ends_with(['.', '!', '?', '\u{2026}', '\u{3002}', '\u{ff01}', '\u{ff1f}', ':', ';'])
}

/// A run of prose lines with at least this many lines, or this many characters, is article text wherever it stands;
/// a lone prose line at the edges of the page is not (a cookie notice, a sign-up sentence).
const SUBSTANTIAL_LINES: usize = 2;
const SUBSTANTIAL_CHARS: usize = 400;
/// When more than this share of the text's characters lies outside the article so found, the text is not a saved
/// page around an article (a transcript, a list, a poem) and is kept whole.
const MAX_OUTSIDE_SHARE: f64 = 0.4;

/// The article's lines among `lines`: the half-open range from the first to the last substantial run of prose lines
/// (runs allow gaps of up to [`MAX_GAP`] other lines; what lies between runs stays). `None` when the text has too
/// little prose to tell, or too much text outside that range to be a page around an article: it is then kept whole.
pub fn core(lines: &[String]) -> Option<(usize, usize)> {
    // Runs of prose lines: start, end (exclusive), prose lines, prose characters.
    let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !is_prose(line) {
            continue;
        }
        match runs.last_mut() {
            Some(run) if i - run.1 <= MAX_GAP => {
                run.1 = i + 1;
                run.2 += 1;
                run.3 += line.len();
            }
            _ => runs.push((i, i + 1, 1, line.len())),
        }
    }
    let substantial = |r: &&(usize, usize, usize, usize)| r.2 >= SUBSTANTIAL_LINES || r.3 >= SUBSTANTIAL_CHARS;
    let start = runs.iter().find(substantial)?.0;
    let last_run_end = runs.iter().rev().find(substantial)?.1;
    // An article often ends on a short sentence ("The next meeting is in April."), too short to count as prose.
    let end = last_run_end
        + lines[last_run_end..]
            .iter()
            .take(MAX_CLOSING_SENTENCES)
            .take_while(|l| is_closing_sentence(l))
            .count();
    let inside: usize = lines[start..end].iter().map(String::len).sum();
    let total: usize = lines.iter().map(String::len).sum();
    if inside < MIN_CORE_CHARS || (total - inside) as f64 > MAX_OUTSIDE_SHARE * total as f64 {
        return None;
    }
    Some((start, end))
}

/// Short sentences right after the last run of prose that still belong to the article.
const MAX_CLOSING_SENTENCES: usize = 2;

/// A short sentence: three words or more, a capital (or a quotation mark) first and sentence punctuation last.
fn is_closing_sentence(line: &str) -> bool {
    let line = line.trim();
    line.split_whitespace().nth(2).is_some()
        && line.starts_with(|c: char| c.is_uppercase() || matches!(c, '"' | '\u{201c}' | '\u{201e}' | '\u{ab}'))
        && line.ends_with(['.', '!', '?', '"', '\u{201d}', '\u{bb}'])
}

/// A headline written as a question or exclamation, which reads as prose: four to twenty words ending in `?` or
/// `!`.
pub fn is_question_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (4..=20).contains(&words) && line.trim_end().ends_with(['?', '!'])
}

/// A navigation item: one to three words, no sentence punctuation, digits, commas or addresses ("News", "Sign In",
/// "Listen Live", "heise+").
pub fn is_nav_item(line: &str) -> bool {
    // Three words are never longer than this: a paragraph is rejected without reading it.
    if line.len() > 64 {
        return false;
    }
    let words = line.split_whitespace().count();
    (1..=3).contains(&words)
        && !line.contains(['.', ',', '@', '?', '!', ';', ':'])
        && !line.chars().any(|c| c.is_ascii_digit())
}

/// Does a run of at least three navigation items stand among `lines`: a site's menu, share buttons, a footer? Only a
/// text that has one is read as a saved page (an academic paper's head of title, authors and affiliations is not).
pub fn has_menu(lines: &[String]) -> bool {
    let mut run = 0;
    for line in lines {
        // A menu on one line: three items or more between separators ("Politique · International · Société").
        if line.len() <= 400 && line.contains(['\u{b7}', '|', '\u{2022}']) {
            let items: Vec<&str> = line.split(['\u{b7}', '|', '\u{2022}']).map(str::trim).collect();
            if items.len() >= 3 && items.iter().all(|i| i.split_whitespace().count() <= 3) {
                return true;
            }
        }
        run = if is_nav_item(line) { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// The headline among the lines before the article. A page's head runs: navigation (one to three words an item,
/// or items on one line between `·` or `|`), a tagline or section name, the headline, a standfirst (which may read as
/// a headline too), a byline, share buttons. So: the first headline-like line of six words or more; else the last
/// of four or more; else the last of two or more.
pub fn headline_in_head(head: &[String], is_headline: impl Fn(&str) -> bool) -> Option<usize> {
    let words = |l: &str| {
        let n = l.split_whitespace().count();
        // Scripts written without spaces: a line of some length counts as a long headline.
        if unspaced_script(l) && l.chars().count() >= 12 {
            6
        } else {
            n
        }
    };
    let is_menu = |l: &str| l.matches(['\u{b7}', '|', '\u{2022}']).count() >= 2;
    let candidate = |l: &String, min: usize| words(l) >= min && !is_menu(l) && is_headline(l);
    head.iter()
        .position(|l| candidate(l, 6))
        .or_else(|| head.iter().rposition(|l| candidate(l, 4)))
        .or_else(|| head.iter().rposition(|l| candidate(l, 2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn the_article_is_the_densest_run_of_prose() {
        let page = lines(
            "Home\nNews\nSign in\nCity council approves the new budget for parks\nBy Jane Doe\nShare\n\
             The city council approved a new budget for its parks on Tuesday, after a debate that lasted four hours \
             and drew more residents to the chamber than any meeting since the library vote two years ago.\n\
             Funding\n\
             The plan gives the parks department twelve million dollars more than last year, most of it for trees.\n\
             Residents who spoke at the meeting asked for more benches, more lights and longer opening hours, and \
             several of them said the parks had become the only place where their children could play safely.\n\
             Related\nMayor opens new library\nBus fares rise in March\nSchool year starts early\nNew bridge opens\n\
             Sign up for our newsletter to get the best of the city in your inbox every single morning.\n\
             Copyright 2024",
        );
        let (start, end) = core(&page).expect("a core");
        assert_eq!(page[start], page[6]);
        assert_eq!(end, 10);
        assert_eq!(headline_in_head(&page[..start], |l| !l.ends_with('.')), Some(3));
        assert!(has_menu(&page[..start]));
        let paper = lines(
            "Aesthetic Appreciation and Spanish Art:\nInsights from Eye-Tracking\nPablo Ruiz Fabo\npablo@example.org\nLattice Lab, CNRS, France\nAbstract",
        );
        assert!(!has_menu(&paper));
        // A tagline before the headline is shorter; a standfirst after it comes second.
        let head = lines(
            "Skip to main content\nNews · Sport · Culture\nOttawa\nOttawa's snow budget is already 80% spent, in January\n\
             City says contractors were called out 11 times in December, a record for the month\nBy Jane Doe",
        );
        assert_eq!(headline_in_head(&head, |l| !l.ends_with('.')), Some(3));
        let head = lines("Home\nWorld\nHarbour reopens after storm\nShare");
        assert_eq!(headline_in_head(&head, |l| !l.ends_with('.')), Some(2));
    }

    #[test]
    fn question_headlines() {
        assert!(is_question_headline(
            "The four-day workweek pilots keep working. Why aren't more employers trying it?"
        ));
        assert!(!is_question_headline("Why?"));
        assert!(!is_question_headline(
            "The council approved the budget on Tuesday after a long debate."
        ));
    }

    #[test]
    fn little_prose_leaves_the_text_alone() {
        assert_eq!(core(&lines("Shopping list\nMilk\nBread\nEggs")), None);
        assert_eq!(
            core(&lines("One sentence here that is long enough to be prose, but alone.")),
            None
        );
    }

    #[test]
    fn prose_in_scripts_without_spaces() {
        assert!(is_prose(
            "桜の花が咲き始め、東京の公園には多くの人が集まりました。今年は例年より早い開花です。"
        ));
        assert!(!is_prose("ニュース"));
        assert_eq!(
            headline_in_head(
                &lines("Süddeutsche Zeitung\nPassau bereitet sich auf Pegelstand von über neun Metern vor"),
                |_| true
            ),
            Some(1)
        );
    }
}
