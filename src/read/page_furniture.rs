//! Page furniture in HTML: the blocks of a news page that are not its article and that the page itself names for
//! what they are, in its `class` and `id` attributes or its markup: comment threads, login and sign-up forms,
//! paywall and subscription boxes, advertiser disclosures, related and recommended stories, share bars, newsletter
//! boxes, cookie banners, dialogs. [`remove`] takes them out of the parsed page before the article block is chosen,
//! so that no block scoring can pick one of them and no chosen block keeps one inside it.
//!
//! A name is only a hint, so a block is never removed when it holds the page's headline (`<h1>`), its `<main>` or
//! `articleBody`, or most of its paragraph text: those are the article or a wrapper around it, whatever their class
//! says (`<body class="single has-comments">`, `<div class="article-body share-enabled">`).

use dom_query::{Document, NodeRef, Selection};

/// Class and id words (whole words of the attribute, lowercased, split at anything not a letter or digit) that name
/// a block which is not the article, in the languages of the pages newsdex reads.
const FURNITURE_WORDS: &[&str] = &[
    // related and recommended stories
    "related",
    "relacionadas",
    "relacionados",
    "correlati",
    "recirculation",
    "recirc",
    "recommended",
    "recommendations",
    "outbrain",
    "taboola",
    "mostread",
    // sign-ups, subscriptions, paywalls, logins
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "signup",
    "paywall",
    "regwall",
    "login",
    "signin",
    // sharing
    "share",
    "sharing",
    "sharebar",
    "social",
    "compartir",
    "partage",
    "partager",
    "teilen",
    "condividi",
    // advertising and disclosures
    "advertiser",
    "advertisement",
    "advert",
    "adslot",
    "ads",
    "sponsored",
    "disclosure",
    "promo",
    // overlays and consent
    "modal",
    "popup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    // site navigation
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    // subscriptions in other languages
    "abo",
    "abonnement",
    "suscripcion",
];

/// Class and id words of comment threads: the one kind of furniture that may hold more text than the article.
const COMMENT_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "comentarios",
    "commentaires",
    "commenti",
    "kommentare",
    "komentarze",
];

/// Runs of class or id words that name furniture together though each alone does not ("a-lire-aussi",
/// "most-read", "sign-up", "author-bio").
const FURNITURE_PHRASES: &[&[&str]] = &[
    &["lire", "aussi"],
    &["leer", "mas"],
    &["leia", "tambem"],
    &["most", "read"],
    &["mas", "leidas"],
    &["sign", "up"],
    &["sign", "in"],
    &["author", "bio"],
    &["about", "author"],
    &["mehr", "zum", "thema"],
    &["ad", "slot"],
];

/// Class and id words of an article's own container: with one of them, a furniture word only counts for a small
/// block ("related-article" box), never for one holding much of the page's text ("article-body share-enabled").
const CONTENT_WORDS: &[&str] = &["article", "body", "content", "story", "entry", "post", "text", "main"];

/// A block with a content word keeps its furniture name only below this share of the page's paragraph text.
const MAX_NAMED_CONTENT_SHARE: f64 = 0.25;
/// Other furniture is smaller than the article: a block named so that holds half the page's text is the article in
/// a container named for how it is sold or shown (`<div class="paywall">` around a subscriber's article).
const MAX_FURNITURE_SHARE: f64 = 0.5;
/// A block holding at least this share of the page's paragraph text is the article or wraps it.
const WRAPPER_SHARE: f64 = 0.75;

/// Remove the page's furniture from `doc`; returns how many blocks were removed.
pub fn remove(doc: &Document) -> usize {
    let page_text = paragraph_chars(&doc.select("body"));
    let mut marked: Vec<NodeRef<'_>> = Vec::new();
    for node in doc.select("body *").nodes() {
        if marked.iter().any(|m| node.ancestors_it(None).any(|a| a.id == m.id)) {
            continue;
        }
        let Some(naming) = furniture_naming(node).or_else(|| links_to_other_stories(node).then_some(Naming::Plain))
        else {
            continue;
        };
        let block = Selection::from(*node);
        if block.select("h1, main, [itemprop~=articleBody]").exists() {
            continue;
        }
        let share = if page_text == 0 {
            0.0
        } else {
            paragraph_chars(&block) as f64 / page_text as f64
        };
        let max_share = match naming {
            Naming::Comments => WRAPPER_SHARE,
            Naming::Plain => MAX_FURNITURE_SHARE,
            Naming::WithContentWord => MAX_NAMED_CONTENT_SHARE,
        };
        if share >= max_share {
            continue;
        }
        marked.push(*node);
    }
    for node in &marked {
        node.remove_from_parent();
    }
    marked.len()
}

/// How an element says it is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// By its markup (a login form, a dialog) or by a furniture name alone.
    Plain,
    /// As a comment thread, which may run longer than the article.
    Comments,
    /// By a furniture name beside a word of an article's container.
    WithContentWord,
}

/// Whether an element names itself furniture, and how.
fn furniture_naming(node: &NodeRef<'_>) -> Option<Naming> {
    let name = node.node_name()?;
    if &*name == "dialog"
        || node.attr("aria-modal").is_some_and(|v| &*v == "true")
        || (&*name == "form"
            && Selection::from(*node)
                .select("input[type=password], input[type=email]")
                .exists())
    {
        return Some(Naming::Plain);
    }
    let mut words: Vec<String> = Vec::new();
    for attr in ["class", "id"] {
        if let Some(value) = node.attr(attr) {
            attribute_words(&value, &mut words);
        }
    }
    if words.is_empty() {
        return None;
    }
    // "has-comments", "no-ads", "with-sidebar" say what a block has or lacks, not what it is.
    let named_word = |i: usize, list: &[&str]| {
        list.contains(&words[i].as_str()) && (i == 0 || !FEATURE_MODIFIERS.contains(&words[i - 1].as_str()))
    };
    let comments = (0..words.len()).any(|i| named_word(i, COMMENT_WORDS));
    let named = comments
        || (0..words.len()).any(|i| named_word(i, FURNITURE_WORDS))
        || FURNITURE_PHRASES.iter().any(|phrase| {
            words
                .windows(phrase.len())
                .any(|run| run.iter().zip(phrase.iter()).all(|(w, p)| w == p))
        });
    if !named {
        return None;
    }
    if words.iter().any(|w| CONTENT_WORDS.contains(&w.as_str())) {
        Some(Naming::WithContentWord)
    } else if comments {
        Some(Naming::Comments)
    } else {
        Some(Naming::Plain)
    }
}

/// Longer blocks are article text even when they start with a label of other stories.
const MAX_OTHER_STORIES_WORDS: usize = 40;
/// Blocks of more nodes than this are not a label with its links.
const MAX_OTHER_STORIES_NODES: usize = 40;

/// Whether an element is a label of other stories and links to them, and nothing else: "<p><b>READ MORE</b><br>
/// <a>…</a></p>", "<section><span>Lire aussi</span> <a>…</a></section>".
fn links_to_other_stories(node: &NodeRef<'_>) -> bool {
    if !node
        .node_name()
        .is_some_and(|n| matches!(&*n, "p" | "div" | "section" | "aside" | "li"))
    {
        return false;
    }
    // A label and its links are a handful of nodes: larger blocks are never read as text here (a container's text
    // is its whole subtree, and every container of the page is looked at).
    if node.descendants_it().nth(MAX_OTHER_STORIES_NODES).is_some() {
        return false;
    }
    let text = node.text();
    let trimmed = text.trim_start();
    if trimmed.is_empty() || trimmed.split_whitespace().nth(MAX_OTHER_STORIES_WORDS).is_some() {
        return false;
    }
    // The formatted text, where a `<br>` between the label and the link is a line break ("READ MORE" + "Hawker…").
    let lower = node.formatted_text().trim_start().to_lowercase();
    let Some(label) = crate::normalize::boilerplate::other_stories_label(&lower) else {
        return false;
    };
    let rest: usize = lower[label..].chars().filter(|c| c.is_alphanumeric()).count();
    let linked: usize = Selection::from(*node)
        .select("a")
        .nodes()
        .iter()
        .map(|a| a.text().chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    rest > 0 && linked * 10 >= rest * 8
}

/// Words before a furniture word that make it a feature of the block rather than its kind.
const FEATURE_MODIFIERS: &[&str] = &[
    "has", "with", "no", "without", "hide", "show", "enable", "disable", "is",
];

/// The words of a class or id attribute, lowercased: split at anything not a letter or digit and where a lower-case
/// letter meets an upper-case one ("relatedArticles" is "related", "articles").
fn attribute_words(value: &str, words: &mut Vec<String>) {
    for part in value.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut word = String::new();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && prev_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = c.is_lowercase();
            word.extend(c.to_lowercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
}

/// Characters of paragraph text (`<p>`) inside a block.
fn paragraph_chars(block: &Selection<'_>) -> usize {
    block.select("p").nodes().iter().map(|p| p.text().len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_after_removal(html: &str) -> String {
        let doc = Document::from(html);
        remove(&doc);
        doc.select("body")
            .text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    const ARTICLE: &str = "<p>The council approved the new bus lanes on Tuesday after a long debate about parking.</p>\
        <p>Work on the first section starts in the spring and should take about eight months.</p>";

    #[test]
    fn named_blocks_and_login_forms_go() {
        let html = format!(
            "<body><h1>Bus lanes approved</h1><div class=\"article-body\">{ARTICLE}\
             <div class=\"related-article\"><p>Another story about trams that readers also liked a lot.</p></div></div>\
             <div class=\"advertiser-disclosure\"><p>We are an independent, advertising-supported service.</p></div>\
             <section id=\"comentarios\"><p>Esto pasa todos los años.</p></section>\
             <div class=\"a-lire-aussi\"><a href=\"#\">Un autre article</a></div>\
             <form><input type=\"email\"><button>Sign up</button></form></body>"
        );
        let text = body_after_removal(&html);
        assert!(text.contains("The council approved the new bus lanes"), "{text}");
        assert!(text.contains("Work on the first section"), "{text}");
        for gone in [
            "trams",
            "advertising-supported",
            "Esto pasa",
            "Un autre article",
            "Sign up",
        ] {
            assert!(!text.contains(gone), "{gone} kept: {text}");
        }
    }

    #[test]
    fn a_name_never_removes_the_article_or_its_wrapper() {
        // The headline inside, most of the text inside, or a content word on a big block: kept.
        let html = format!(
            "<body class=\"single has-comments\"><div id=\"page-share-wrapper\"><h1>Bus lanes approved</h1>\
             <div class=\"article-body social-enabled\">{ARTICLE}</div></div></body>"
        );
        let text = body_after_removal(&html);
        assert!(
            text.contains("Bus lanes approved") && text.contains("Work on the first section"),
            "{text}"
        );
        let no_headline = format!("<body><div class=\"story-content share-tools\">{ARTICLE}</div><p>Short.</p></body>");
        assert!(body_after_removal(&no_headline).contains("The council approved"));
    }

    #[test]
    fn labelled_links_to_other_stories_go_and_sentences_stay() {
        let html = format!(
            "<body><h1>Bus lanes</h1>{ARTICLE}<p><b>READ MORE</b><br><a href=\"/a\">Trams return to the old town</a></p>\
             <section class=\"catcher\"><span>Lire aussi</span> <a href=\"/b\">Le tramway revient</a></section>\
             <p>Related plans for cycle lanes were <a href=\"/c\">published</a> last year by the council.</p></body>"
        );
        let text = body_after_removal(&html);
        assert!(!text.contains("Trams return") && !text.contains("Le tramway"), "{text}");
        assert!(text.contains("Related plans for cycle lanes were published"), "{text}");
    }

    #[test]
    fn attribute_words_split_at_case_and_features_do_not_name() {
        let mut words = Vec::new();
        attribute_words("relatedArticles js-shareBar", &mut words);
        assert_eq!(words, ["related", "articles", "js", "share", "bar"]);
        let html = format!(
            "<body><h1>Bus lanes</h1><div class=\"layout no-ads has-sidebar\">{ARTICLE}</div>\
             <div id=\"relatedStories\"><p>Trams return to the old town after many years away.</p></div>\
             <p>Another paragraph of the page that is long enough to be text of its own here.</p></body>"
        );
        let text = body_after_removal(&html);
        assert!(
            text.contains("The council approved") && !text.contains("Trams return"),
            "{text}"
        );
    }

    #[test]
    fn a_container_named_for_how_the_article_is_sold_keeps_it() {
        // A subscriber's saved page: the article inside `<div class="paywall">`, the headline outside it.
        let html = format!(
            "<body><h1>Bus lanes</h1><div class=\"paywall\">{ARTICLE}</div>\
             <div class=\"paywall-prompt\"><p>Subscribe to read more.</p></div>\
             <aside><p>The weather tomorrow will be mild with some rain in the evening.</p></aside></body>"
        );
        let text = body_after_removal(&html);
        assert!(text.contains("The council approved"), "{text}");
        assert!(!text.contains("Subscribe to read more"), "{text}");
    }

    #[test]
    fn words_inside_other_words_do_not_count() {
        // "shared", "commentary", "address" are not furniture words.
        let html = format!(
            "<body><h1>Bus lanes</h1><div>{ARTICLE}</div>\
             <div class=\"commentary shared-address\"><p>An analysis that stays.</p></div></body>"
        );
        assert!(body_after_removal(&html).contains("An analysis that stays."));
    }
}
