//! Sorting an article's lines, in any outlet: share/follow widgets, "listen to this article" prompts,
//! newsletter and subscribe prompts, "Read more" links, advertisement markers and copyright lines
//! are removed (each with its [`Rule`], kept for `inspect` and for cues such as an outlet named in
//! a listen prompt); photo captions (a short line ending in a credit such as "(NATO)" or
//! "(AP Photo/...)", BBC's "Image caption, ...") and photo credit lines ("Getty Images",
//! "Image source, Reuters") become captions; credit lines ("The Associated Press contributed to
//! this report.") are set aside. Each rule is deliberately narrow: a real sentence that merely
//! contains "read more" or ends in parentheses stays in the body. Boilerplate of particular outlets
//! is in [`super::outlets`].

/// Why a line was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    ShareWidget,
    ListenPrompt,
    Subscribe,
    ReadMore,
    Advertisement,
    Copyright,
    /// A call to action in any language: cookie notices, sign-up and subscription prompts, comment counts, share
    /// and save buttons, reading times, "show more".
    CallToAction,
    /// Navigation: skip links, headers of lists of other stories ("Mehr zum Thema", "Lea también: ...").
    Navigation,
}

/// What a line of an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Body,
    Boilerplate(Rule),
    Caption,
    Credit,
}

/// The lines of an article sorted by [`classify`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sorted {
    pub body: Vec<String>,
    pub captions: Vec<String>,
    pub credits: Vec<String>,
    /// Removed boilerplate, kept for cues (an outlet named in a listen prompt) and for `inspect`.
    pub removed: Vec<(Rule, String)>,
}

/// Sort cleaned lines into body, captions, credits and removed boilerplate.
pub fn sort_lines(lines: Vec<String>) -> Sorted {
    let mut sorted = Sorted::default();
    // Lines still to drop after a header of a list of other stories ("Mehr zum Thema", "À lire aussi"): the
    // headlines that follow it, up to the first line that reads as a sentence.
    let mut list_left = 0;
    for line in lines {
        if list_left > 0 {
            if is_listed_headline(&line) {
                list_left -= 1;
                sorted.removed.push((Rule::Navigation, line));
                continue;
            }
            list_left = 0;
        }
        let kind = classify(&line);
        if kind == LineKind::Boilerplate(Rule::Navigation) && is_list_header(&line) {
            list_left = MAX_LISTED_HEADLINES;
        }
        match kind {
            LineKind::Body => sorted.body.push(line),
            LineKind::Caption => {
                let caption = line.strip_prefix("Image caption, ").map_or(line.clone(), str::to_owned);
                sorted.captions.push(caption);
            }
            LineKind::Credit => sorted.credits.push(line),
            LineKind::Boilerplate(rule) => sorted.removed.push((rule, line)),
        }
    }
    sorted
}

/// How many headlines after a header of a list of other stories are dropped with it.
const MAX_LISTED_HEADLINES: usize = 6;

/// A header that stands alone on its line ("Mehr zum Thema", "Related stories"), not a link with its headline
/// ("Lea también: ...").
fn is_list_header(line: &str) -> bool {
    line.split_whitespace().count() <= 6 && !line.contains(':')
}

/// A headline in a list of other stories: short, and not a sentence of the article.
fn is_listed_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=16).contains(&words) && !line.trim_end().ends_with(['.', '!', ';', ':'])
}

/// Lines longer than this are paragraphs, never boilerplate.
const MAX_BOILERPLATE_LEN: usize = 250;
/// Lines longer than this are never captions.
const MAX_CAPTION_LEN: usize = 400;

/// Classify one cleaned line.
pub fn classify(line: &str) -> LineKind {
    if line.len() > MAX_CAPTION_LEN {
        return LineKind::Body;
    }
    if is_caption(line) || is_photo_credit_line(line) {
        return LineKind::Caption;
    }
    if line.len() > MAX_BOILERPLATE_LEN {
        return LineKind::Body;
    }
    let lower = line.to_lowercase();
    let words = words(&lower);
    if is_credit(&lower, &words) {
        return LineKind::Credit;
    }
    let rule = if is_share_widget(&lower, &words) {
        Rule::ShareWidget
    } else if is_listen_prompt(&lower, &words) {
        Rule::ListenPrompt
    } else if is_subscribe(&lower, &words) {
        Rule::Subscribe
    } else if is_read_more(line, &lower, &words) {
        Rule::ReadMore
    } else if is_advertisement(&words) {
        Rule::Advertisement
    } else if is_copyright(&lower, &words) {
        Rule::Copyright
    } else if is_navigation(&lower, &words) {
        Rule::Navigation
    } else if is_call_to_action(&lower, &words) {
        Rule::CallToAction
    } else {
        return LineKind::Body;
    };
    LineKind::Boilerplate(rule)
}

/// Lowercase alphanumeric words.
fn words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn starts_with_words(words: &[&str], prefix: &[&str]) -> bool {
    words.len() >= prefix.len() && words.iter().zip(prefix).all(|(a, b)| a == b)
}

/// Words that make up share/follow widgets.
const WIDGET_WORDS: &[&str] = &[
    "share",
    "shares",
    "and",
    "follow",
    "us",
    "on",
    "this",
    "article",
    "story",
    "tweet",
    "email",
    "e",
    "mail",
    "print",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "bluesky",
    "threads",
    "flipboard",
    "telegram",
    "messenger",
    "copy",
    "link",
    "copied",
    "comments",
    "comment",
    "save",
    "gift",
    "via",
    "or",
    "the",
    "page",
    "sms",
    "more",
    "options",
    "instagram",
    "youtube",
    "tiktok",
    "click",
    "to",
    "opens",
    "in",
    "new",
    "window",
    "tab",
];
/// At least one of these must be present for a line to be a widget.
const WIDGET_CORE: &[&str] = &[
    "share",
    "shares",
    "follow",
    "tweet",
    "email",
    "print",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "bluesky",
    "flipboard",
    "telegram",
    "copy",
    "comments",
];

fn is_share_widget(lower: &str, words: &[&str]) -> bool {
    lower.len() <= 80
        && !words.is_empty()
        && words
            .iter()
            .all(|w| WIDGET_WORDS.contains(w) || w.chars().all(|c| c.is_ascii_digit()))
        && words.iter().any(|w| WIDGET_CORE.contains(w))
}

fn is_listen_prompt(lower: &str, words: &[&str]) -> bool {
    lower.contains("listen to this article")
        || lower.contains("you can now listen to")
        || lower.contains("audio for this article is generated")
        || lower.contains("this audio is auto-generated")
        || (lower.len() <= 40
            && words.first() == Some(&"listen")
            && words.iter().any(|w| *w == "min" || *w == "minutes"))
}

/// Opening words of subscribe and app-promotion prompts.
const SUBSCRIBE_OPENERS: &[&[&str]] = &[
    &["sign", "up"],
    &["subscribe"],
    &["click", "here"],
    &["get", "the", "latest"],
    &["get", "our"],
    &["join", "our"],
    &["download", "the"],
    &["get", "breaking", "news"],
    &["never", "miss"],
    &["don", "t", "miss"],
    &["want", "more"],
    &["get", "alerts"],
    &["stay", "informed"],
    &["become", "a", "member"],
    &["support", "our", "journalism"],
];

fn is_subscribe(lower: &str, words: &[&str]) -> bool {
    let opener = SUBSCRIBE_OPENERS.iter().any(|p| starts_with_words(words, p));
    let promo_word = lower.contains("newsletter")
        || lower.contains("inbox")
        || lower.contains("subscri")
        || lower.contains(" app")
        || lower.contains("sign up")
        || lower.contains("alerts")
        || lower.contains("here to")
        || words.len() <= 6;
    opener && promo_word || (lower.contains("newsletter") && lower.contains("sign up"))
}

/// Labels of links to other stories ("READ MORE: ...", "Related: ...").
const READ_MORE_LEADS: &[&str] = &[
    "read more",
    "related",
    "also read",
    "continue reading",
    "more coverage",
    "recommended",
];

/// The length of the label of other stories a lower-cased text starts with ("lire aussi", "read more", "mehr zum
/// thema"), if any: HTML readers use it to find the links to other stories inside an article.
pub fn other_stories_label(lower: &str) -> Option<usize> {
    NAVIGATION_LEADS
        .iter()
        .chain(READ_MORE_LEADS)
        .find(|l| lower.starts_with(*l) && !lower[l.len()..].starts_with(|c: char| c.is_alphanumeric()))
        .map(|l| l.len())
}

fn is_read_more(line: &str, lower: &str, words: &[&str]) -> bool {
    for &l in READ_MORE_LEADS {
        let Some(rest) = lower.strip_prefix(l) else {
            continue;
        };
        let rest = rest.trim_start();
        // Just the link text, or the link text followed by a separator and a headline.
        if rest.is_empty()
            || rest.starts_with([
                ':', '\u{bb}', '\u{203a}', '>', '|', '\u{2026}', '\u{2192}', '-', '\u{2014}', '\u{2013}',
            ])
            || rest.chars().all(|c| !c.is_alphanumeric())
        {
            return true;
        }
        // "READ MORE ON THIS STORY" / "Related Articles": upper-case or a short label.
        if line.chars().take(l.len()).all(|c| !c.is_lowercase()) {
            return true;
        }
        if l == "related"
            && words.len() <= 3
            && matches!(
                words.get(1),
                Some(&"articles" | &"stories" | &"coverage" | &"content" | &"links" | &"news")
            )
        {
            return true;
        }
    }
    false
}

/// Whole-line advertisement markers.
const AD_MARKERS: &[&str] = &[
    "advertisement",
    "advertisements",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "paid content",
    "paid post",
    "promoted content",
    "ad feedback",
    "skip advertisement",
    "story continues below advertisement",
    "article continues below advertisement",
    "story continues below",
    "article continues below",
    "continue reading below",
    "continue reading the main story",
    "content continues below",
    "scroll to continue with content",
    "advertisement scroll to continue with content",
    "advertisement continue reading below",
];

fn is_advertisement(words: &[&str]) -> bool {
    words.len() <= 8 && {
        let joined = words.join(" ");
        AD_MARKERS.contains(&joined.as_str())
    }
}

/// Phrases of calls to action, lower case, in English, German, Spanish, French, Italian, Portuguese, Dutch and
/// Polish. A line of at most [`CTA_MAX_WORDS`] words holding one is a call to action, not article text.
const CTA_PHRASES: &[&str] = &[
    // cookies and consent
    "cookie",
    "cookie-",
    "plików cookie",
    // newsletters, sign-ups, log-ins
    "newsletter",
    "sign in",
    "log in",
    "register or subscribe",
    "your inbox",
    "in ihr postfach",
    "hier anmelden",
    "jetzt anmelden",
    "inicia sesión",
    "iniciar sesión",
    "se connecter",
    "connectez-vous",
    "zaloguj",
    "accedi",
    "by submitting your email",
    "push alerts",
    "notifications for breaking news",
    "on whatsapp",
    // subscriptions and paywalls
    "abonnieren",
    "digital-abo",
    "kostenlos testen",
    "jetzt lesen",
    "suscríbete",
    "suscribite",
    "abonnez-vous",
    "abbonati",
    "abbonamento",
    "prenumerat",
    "assine",
    "become a member",
    "support our work",
    "support our journalism",
    "fund our journalism",
    "readers like you",
    "gift article",
    "gift this article",
    "free trial",
    // comments, sharing, saving, reading, feedback
    "comments",
    "kommentare",
    "beiträge)",
    "comentarios",
    "commentaires",
    "commenti",
    "komentarze",
    "zum forum",
    "diskutieren sie mit",
    "join the conversation",
    "artikel teilen",
    "link kopieren",
    "merkliste",
    "compartir",
    "partager",
    "condividi",
    "udostępnij",
    "sharing options",
    "social sharing",
    "save for later",
    "save articles",
    "lesezeit",
    "tiempo de lectura",
    "temps de lecture",
    "tempo di lettura",
    "min read",
    "reading time",
    "mehr anzeigen",
    "show more",
    "ver más",
    "voir plus",
    "text size",
    "schriftgröße",
    "fehler gefunden",
    "report an error",
    "feature is currently unavailable",
    "view mobile site",
    "skip to",
    "zum inhalt springen",
    "ir al contenido",
    "aller au contenu",
    // publishers' own notices
    "journalistic standards",
    "disclosure statement",
    "republished from",
    "view original content",
    "republish this story",
    "creative commons license",
    "receives funding from",
    "terms and privacy",
    "privacy policy",
    "terms of use",
    "impressum",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
    "tous droits réservés",
    "tutti i diritti riservati",
    "wszelkie prawa zastrzeżone",
    "todos os direitos reservados",
    "alle rechten voorbehouden",
    "is published by",
    "want to write?",
    "réservé aux abonnés",
    "reservado para suscriptores",
    "exclusivo para suscriptores",
    "nur für abonnenten",
    "riservato agli abbonati",
    "subscribers only",
    "exclusive to subscribers",
    "riproduzione riservata",
    "apuntarte",
];
/// Longer lines are sentences of the article even when they hold a call-to-action phrase.
const CTA_MAX_WORDS: usize = 24;

/// All of [`CTA_PHRASES`] in one automaton: a line is scanned once, not once per phrase.
static CTA_MATCHER: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(CTA_PHRASES).expect("call-to-action phrases form a valid automaton")
});

fn is_call_to_action(lower: &str, words: &[&str]) -> bool {
    // A consent banner runs long ("Wir verwenden Cookies ... Mit Klick auf „Akzeptieren“ ..."): its unmistakable
    // phrases count up to twice the length.
    if words.len() > CTA_MAX_WORDS
        && words.len() <= 2 * CTA_MAX_WORDS
        && COOKIE_CONSENT.iter().any(|p| lower.contains(p))
    {
        return true;
    }
    words.len() <= CTA_MAX_WORDS
        && CTA_MATCHER.is_match(lower)
        // "15. Januar 2024 · Quelle: ZEIT ONLINE · 94 Kommentare" is the article's date line first.
        && super::meta::date_in_line(lower).is_none()
        && {
        // "The court's comments on the ruling were sharp." is a sentence that mentions comments: a short sentence
        // with a verb form ending in a full stop is kept unless the phrase is unmistakable.
        let sentence = lower.trim_end().ends_with('.') && words.len() > 8;
        !sentence || UNMISTAKABLE.iter().any(|p| lower.contains(p))
    }
}

/// Phrases of consent banners.
const COOKIE_CONSENT: &[&str] = &[
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "wir verwenden cookies",
    "verwendet cookies",
    "utilizamos cookies",
    "nous utilisons des cookies",
    "utilizziamo i cookie",
    "utilizziamo cookie",
    "używamy plików cookie",
    "wij gebruiken cookies",
    "utilizamos cookies",
];

/// Call-to-action phrases that never stand in article text, even in a sentence.
const UNMISTAKABLE: &[&str] = &[
    "your inbox",
    "in ihr postfach",
    "abonnieren",
    "suscríbete",
    "abonnez-vous",
    "inscrivez-vous",
    "iscriviti",
    "regístrate",
    "melden sie sich",
    "sign up for",
    "subscribe to our",
    "zapisz się",
    "by submitting your email",
    "readers like you",
    "republished from",
    "receives funding from",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
    "tous droits réservés",
    "tutti i diritti riservati",
    "we use cookies",
    "uses cookies",
    "verwendet cookies",
    "verwenden cookies",
    "utilizamos cookies",
    "utiliza cookies",
    "nous utilisons des cookies",
    "utilizziamo i cookie",
    "feature is currently unavailable",
    "creative commons license",
    "log in, register",
    "apúntate",
    "en tu correo",
    "inscríbete",
    "votre boîte",
    "nella tua casella",
    "na twoją skrzynkę",
    "jetzt registrieren",
    "in your inbox",
    "to your inbox",
    "réservé aux abonnés",
    "reservado para suscriptores",
    "nur für abonnenten",
    "riservato agli abbonati",
    "riproduzione riservata",
    "apuntarte",
];

/// Headers of lists of other stories and links to them, in the languages newsdex reads.
const NAVIGATION_LEADS: &[&str] = &[
    "mehr zum thema",
    "lesen sie mehr",
    "lesen sie auch",
    "auch interessant",
    "das könnte sie interessieren",
    "lea también",
    "leé también",
    "te puede interesar",
    "más noticias",
    "ver también",
    "seguir leyendo",
    "lire aussi",
    "à lire aussi",
    "dans la même rubrique",
    "sur le même sujet",
    "leggi anche",
    "potrebbe interessarti",
    "zobacz też",
    "zobacz także",
    "czytaj też",
    "czytaj także",
    "leia também",
    "lees ook",
    "related topics",
    "related stories",
    "related articles",
    "more on this story",
    "more stories",
    "most read",
    "most popular",
    "top stories",
    "latest news",
    "you may also like",
    "recommended for you",
    "further reading",
    "see also",
    "zur startseite",
    "zur sz-startseite",
    "back to top",
];

fn is_navigation(lower: &str, words: &[&str]) -> bool {
    words.len() <= 20
        && NAVIGATION_LEADS.iter().any(|l| {
            lower.strip_prefix(l).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.is_empty() || rest.starts_with([':', '|', '\u{bb}', '\u{203a}', '>', '-', '\u{2014}', '\u{2013}'])
            })
        })
}

fn is_copyright(lower: &str, words: &[&str]) -> bool {
    let year_follows = |w: Option<&&str>| {
        w.is_some_and(|w| w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit()))
    };
    lower.starts_with('\u{a9}')
        || lower.starts_with("copyright \u{a9}")
        || lower.starts_with("copyright (c)")
        || (lower.starts_with("(c) ") && year_follows(words.get(1)))
        || (words.first() == Some(&"copyright") && year_follows(words.get(1)))
        || lower.contains("all rights reserved")
        || lower.contains("may not be published, broadcast, rewritten")
        || lower.starts_with("our standards: the thomson reuters trust principles")
}

fn is_credit(lower: &str, words: &[&str]) -> bool {
    let end = lower.trim_end_matches(['.', ' ']);
    [
        "contributed to this report",
        "contributed to this story",
        "contributed to this article",
        "contributed reporting",
        "contributed reporting to this story",
        "contributed reporting to this report",
    ]
    .iter()
    .any(|e| end.ends_with(e))
        || (end.ends_with(" contributed")
            && ["writer", "reporter", "correspondent", "journalist", "producer"]
                .iter()
                .any(|w| lower.contains(w)))
        || starts_with_words(words, &["reporting", "by"])
        || starts_with_words(words, &["additional", "reporting", "by"])
        || starts_with_words(words, &["writing", "by"])
        || starts_with_words(words, &["editing", "by"])
}

/// Words in a parenthesised credit that mark it as a photo or media credit.
const PHOTO_CREDIT_WORDS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "photographer",
    "image",
    "images",
    "getty",
    "ap",
    "reuters",
    "afp",
    "epa",
    "upi",
    "credit",
    "courtesy",
    "file",
    "pool",
    "shutterstock",
    "istock",
    "handout",
    "screenshot",
    "screengrab",
    "via",
    "illustration",
    "video",
    "xinhua",
    "efe",
    "anadolu",
    "dpa",
    "imagn",
    "bloomberg",
    "alamy",
];

/// A line that is only a photo credit ("AP Photo/Evan Vucci", "(Getty Images)", BBC's "Image source, Reuters").
fn is_photo_credit_line(line: &str) -> bool {
    if line.len() > 80 || line.split_whitespace().count() > 8 {
        return false;
    }
    let inner = line.trim_start_matches('(').trim_end_matches(')').trim();
    let lower = inner.to_lowercase();
    lower.starts_with("image source, ")
        || lower.starts_with("ap photo")
        || lower.starts_with("photo: ")
        || lower.starts_with("photo by ")
        || lower.starts_with("photo credit")
        || lower.starts_with("image: ")
        || lower.starts_with("image credit")
        || lower.starts_with("credit: ")
        || lower == "getty images"
        || lower.ends_with(" via getty images")
        || lower.ends_with("/getty images")
        || lower.starts_with("reuters/")
}

fn is_caption(line: &str) -> bool {
    if line.starts_with("Image caption, ") && line.len() > 15 {
        return true;
    }
    if has_trailing_photo_credit(line) {
        return true;
    }
    let Some(inner_and_before) = line.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner_and_before.rfind('(') else {
        return false;
    };
    let credit = inner_and_before[open + 1..].trim();
    let before = inner_and_before[..open].trim_end();
    if credit.is_empty() || credit.len() > 80 || before.is_empty() || credit.contains('(') {
        return false;
    }
    let before_words = before.split_whitespace().count();
    if !(3..=60).contains(&before_words) {
        return false;
    }
    let credit_lower = credit.to_lowercase();
    let credit_words = words(&credit_lower);
    let photo_credit = credit_words.iter().any(|w| PHOTO_CREDIT_WORDS.contains(w));
    let ends_sentence = before.ends_with(['.', '!', '?', '"', '\u{201d}', '\'', '\u{2019}']);
    // A credit of proper names: every word capitalised ("NATO", "U.S. Navy", "Fox News Digital").
    let proper = credit.split_whitespace().count() <= 6
        && credit
            .split(|c: char| c.is_whitespace() || c == '/')
            .filter(|w| !w.is_empty())
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()));
    ends_sentence && (photo_credit || proper) || (photo_credit && credit.contains('/'))
}

/// A caption that ends in a labelled photo credit, in the languages newsdex reads ("... | Photo Credit: M.A.
/// Sriram", "Windräder in Brandenburg Foto: Patrick Pleul / dpa", "... PHOTO: HOUSING AND DEVELOPMENT BOARD"), or in
/// a credit written in capitals with a slash ("... (Hautes-Alpes). JEAN-PIERRE CLATOT / CROSSPICS").
fn has_trailing_photo_credit(line: &str) -> bool {
    static LABELLED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)(?:^|[\s|.])(?:photo credit|photo|photograph|foto|fotos|bild|imagen|image|crédit photo|crédit|zdjęcie|fot\.)\s*:\s*[^:]{1,59}[^.:!?]$",
        )
        .expect("valid regex")
    });
    static CAPITALS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[.!?]\s+\p{Lu}[\p{Lu} .'\-]{2,40} / \p{Lu}[\p{Lu} .'\-]{1,30}$").expect("valid regex")
    });
    let words = line.split_whitespace().count();
    (3..=70).contains(&words) && (LABELLED.is_match(line) || CAPITALS.is_match(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> LineKind {
        classify(line)
    }

    fn body(line: &str) {
        assert_eq!(kind(line), LineKind::Body, "{line}");
    }

    fn rule(line: &str, r: Rule) {
        assert_eq!(kind(line), LineKind::Boilerplate(r), "{line}");
    }

    #[test]
    fn share_widgets() {
        rule("Share and Follow", Rule::ShareWidget);
        rule("Share on Facebook Share on X Email", Rule::ShareWidget);
        rule("Follow us on Twitter", Rule::ShareWidget);
        rule("Copy link", Rule::ShareWidget);
        rule("Click to share on X (Opens in new window)", Rule::ShareWidget);
        body("Share prices fell sharply on Monday.");
        body("Follow the money, the investigator said.");
    }

    #[test]
    fn listen_prompts() {
        rule("NEWYou can now listen to Fox News articles!", Rule::ListenPrompt);
        rule("Listen to this article", Rule::ListenPrompt);
        rule("Listen 5 min", Rule::ListenPrompt);
        body("Residents were told to listen to local radio for evacuation orders.");
        body("Listen carefully, the teacher told the class before the exam began.");
    }

    #[test]
    fn subscribe_prompts() {
        rule("Sign up for our daily newsletter", Rule::Subscribe);
        rule("CLICK HERE TO GET THE FOX NEWS APP", Rule::Subscribe);
        rule("Subscribe", Rule::Subscribe);
        rule("Get the latest news delivered to your inbox.", Rule::Subscribe);
        body("Subscribers to the service rose by 5% in the quarter.");
        body("The newsletter, founded in 1998, was sold to a rival publisher last year for an undisclosed sum.");
        body("Sign language interpreters were present at the briefing.");
    }

    #[test]
    fn calls_to_action_and_navigation_in_any_language() {
        for line in [
            "Recibe las noticias más importantes del día en tu correo. Apúntate a nuestra newsletter.",
            "Diese Website verwendet Cookies und ähnliche Technologien.",
            "Kommentare lesen (37 Beiträge)",
            "Lesezeit: 2 Min.",
            "Recevez chaque matin l'essentiel de l'actualité. Inscrivez-vous à notre newsletter.",
            "Skip to main content",
            "Log in, register or subscribe to save articles for later.",
        ] {
            rule(line, Rule::CallToAction);
        }
        for line in [
            "Mehr zum Thema: Wie sicher ist die Rente?",
            "Lea también: Precio del dólar",
            "Dans la même rubrique",
        ] {
            rule(line, Rule::Navigation);
        }
        body("The court's comments on the ruling were sharp, and lawyers for both sides said they would appeal.");
        body("15. Januar 2024, 14:20 Uhr · Quelle: ZEIT ONLINE · 94 Kommentare");
        body(
            "Die Zeitung hat ihren Newsletter im vergangenen Jahr an einen Konkurrenten verkauft, sagte der Verleger.",
        );
    }

    #[test]
    fn captions_with_labelled_or_capital_credits() {
        for line in [
            "Water being released from the dam near Mysuru on Friday. | Photo Credit: M.A. Sriram",
            "Windräder in Brandenburg Foto: Patrick Pleul / dpa",
            "The hawker centre will have 40 stalls when it opens in 2025. PHOTO: HOUSING AND DEVELOPMENT BOARD",
            "Un troupeau de brebis dans la vallée du Champsaur (Hautes-Alpes). JEAN-PIERRE CLATOT / CROSSPICS",
        ] {
            assert_eq!(kind(line), LineKind::Caption, "{line}");
        }
        body("The photo: a crowd of thousands gathered in the square, and the police watched from the roofs.");
        body("Critics said the image: was misleading, though the ministry defended it on Tuesday.");
    }

    #[test]
    fn read_more_links() {
        rule("Read more", Rule::ReadMore);
        rule("Read more: NATO chiefs meet in Brussels", Rule::ReadMore);
        rule("READ MORE ON THIS STORY", Rule::ReadMore);
        rule("Related Articles", Rule::ReadMore);
        rule("RELATED: Trump meets Putin in Alaska", Rule::ReadMore);
        body("Officials urged the public to read more about the new rules before voting.");
        body("Read more books, the minister told students at the opening ceremony.");
        body("Related talks will take place next week in Geneva.");
    }

    #[test]
    fn advertisements() {
        rule("Advertisement", Rule::Advertisement);
        rule("ADVERTISEMENT", Rule::Advertisement);
        rule("Story continues below advertisement", Rule::Advertisement);
        rule("Continue reading the main story", Rule::Advertisement);
        rule("- Advertisement -", Rule::Advertisement);
        body("The advertisement ran during the Super Bowl and drew complaints.");
        body("Ad spending fell 4% last year.");
    }

    #[test]
    fn copyright_lines() {
        rule(
            "\u{a9} 2025 Fox News Network, LLC. All rights reserved.",
            Rule::Copyright,
        );
        rule(
            "Copyright 2024 The Associated Press. All rights reserved.",
            Rule::Copyright,
        );
        rule("Copyright (c) Reuters", Rule::Copyright);
        rule("Our Standards: The Thomson Reuters Trust Principles.", Rule::Copyright);
        body("Copyright law was at the heart of the case against the publisher.");
        body("The court ruled on copyright in 2019.");
    }

    #[test]
    fn captions() {
        for c in [
            "NATO military leaders reaffirm support for Ukraine in a virtual meeting with 32 allied chiefs on Wednesday. (NATO)",
            "President Trump speaks to reporters at the White House. (AP Photo/Evan Vucci)",
            "Rescue workers search the rubble in Kyiv. (Getty Images)",
            "Smoke rises over the city after the strike (Photo by John Smith/AFP via Getty Images)",
        ] {
            assert_eq!(kind(c), LineKind::Caption, "{c}");
        }
        for c in [
            "AP Photo/Evan Vucci",
            "(Getty Images)",
            "Image source, Getty Images",
            "Jane Doe/AFP via Getty Images",
        ] {
            assert_eq!(kind(c), LineKind::Caption, "{c}");
        }
        let s = sort_lines(vec!["Image caption, Rescuers at the site on Tuesday".into()]);
        assert_eq!(s.captions, vec!["Rescuers at the site on Tuesday"]);
        body("Getty Images was sold to a new owner in 2018.");
        body("The photo by the agency won an award.");
        // Real sentences that end in parentheses stay.
        body("The meeting took place at Supreme Headquarters Allied Powers Europe (SHAPE)");
        body("He led the North Atlantic Treaty Organization (NATO).");
        body("The alliance admitted its newest member last year (see the timeline below).");
        body("Inflation eased to 2.9%, according to the statistics office (ONS).");
    }

    #[test]
    fn credits() {
        assert_eq!(
            kind("The Associated Press contributed to this report."),
            LineKind::Credit
        );
        assert_eq!(kind("Fox News' Jane Doe contributed reporting."), LineKind::Credit);
        assert_eq!(kind("Reporting by Jane Doe; Editing by John Roe"), LineKind::Credit);
        assert_eq!(
            kind("Associated Press writer Lorne Cook in Brussels contributed."),
            LineKind::Credit
        );
        body("Several writers contributed to the anthology, which was published in May.");
        body("Scientists from 12 countries contributed to this report, which warns of rising seas.");
        body("Reporting on the war has become more dangerous, the group said.");
    }

    #[test]
    fn sorting() {
        let s = sort_lines(vec![
            "Share and Follow".into(),
            "A real paragraph of the story.".into(),
            "The Associated Press contributed to this report.".into(),
        ]);
        assert_eq!(s.body, vec!["A real paragraph of the story."]);
        assert_eq!(s.credits.len(), 1);
        assert_eq!(s.removed, vec![(Rule::ShareWidget, "Share and Follow".to_string())]);
    }

    #[test]
    fn long_paragraphs_are_never_boilerplate() {
        let long = format!("Read more: {}", "word ".repeat(100));
        body(&long);
    }
}
