//! The outlet table: canonical names of news outlets with their aliases and web domains, and the
//! cue scoring that finds an article's own outlet in its text ("You can now listen to Fox News
//! articles!", "did not return Fox News Digital's request for comment") while ignoring mere
//! attributions ("according to AP", "Reuters reported").
//!
//! Data: the table below was written by hand for this project (MIT, like the code); it holds only
//! publicly known outlet names and domains.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One outlet: its canonical name, the ways text refers to it, and its domains.
pub struct Outlet {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub domains: &'static [&'static str],
}

/// Known outlets. Aliases are matched case-sensitively as whole words in text, and
/// case-insensitively when they come from metadata.
pub const OUTLETS: &[Outlet] = &[
    Outlet {
        name: "Fox News",
        aliases: &[
            "Fox News",
            "Fox News Digital",
            "FOX News",
            "Fox News Channel",
            "FoxNews",
        ],
        domains: &["foxnews.com", "foxbusiness.com"],
    },
    Outlet {
        name: "Associated Press",
        aliases: &["Associated Press", "The Associated Press", "AP"],
        domains: &["apnews.com", "ap.org"],
    },
    Outlet {
        name: "Reuters",
        aliases: &["Reuters", "Thomson Reuters"],
        domains: &["reuters.com"],
    },
    Outlet {
        name: "AFP",
        aliases: &["AFP", "Agence France-Presse", "Agence France Presse"],
        domains: &["afp.com"],
    },
    Outlet {
        name: "BBC",
        aliases: &["BBC", "BBC News", "British Broadcasting Corporation"],
        domains: &["bbc.com", "bbc.co.uk"],
    },
    Outlet {
        name: "CNN",
        aliases: &["CNN", "Cable News Network"],
        domains: &["cnn.com"],
    },
    Outlet {
        name: "The New York Times",
        aliases: &["New York Times", "The New York Times", "NYT", "NYTimes"],
        domains: &["nytimes.com"],
    },
    Outlet {
        name: "The Washington Post",
        aliases: &["Washington Post", "The Washington Post", "WaPo"],
        domains: &["washingtonpost.com"],
    },
    Outlet {
        name: "The Wall Street Journal",
        aliases: &["Wall Street Journal", "The Wall Street Journal", "WSJ"],
        domains: &["wsj.com"],
    },
    Outlet {
        name: "The Guardian",
        aliases: &["The Guardian", "Guardian"],
        domains: &["theguardian.com", "guardian.co.uk"],
    },
    Outlet {
        name: "Bloomberg",
        aliases: &["Bloomberg", "Bloomberg News"],
        domains: &["bloomberg.com"],
    },
    Outlet {
        name: "NPR",
        aliases: &["NPR", "National Public Radio"],
        domains: &["npr.org"],
    },
    Outlet {
        name: "Al Jazeera",
        aliases: &["Al Jazeera"],
        domains: &["aljazeera.com"],
    },
    Outlet {
        name: "NBC News",
        aliases: &["NBC News", "NBC"],
        domains: &["nbcnews.com"],
    },
    Outlet {
        name: "CBS News",
        aliases: &["CBS News", "CBS"],
        domains: &["cbsnews.com"],
    },
    Outlet {
        name: "ABC News",
        aliases: &["ABC News"],
        domains: &["abcnews.go.com", "abc.net.au"],
    },
    Outlet {
        name: "USA Today",
        aliases: &["USA Today", "USA TODAY"],
        domains: &["usatoday.com"],
    },
    Outlet {
        name: "Los Angeles Times",
        aliases: &["Los Angeles Times", "LA Times"],
        domains: &["latimes.com"],
    },
    Outlet {
        name: "Financial Times",
        aliases: &["Financial Times", "FT"],
        domains: &["ft.com"],
    },
    Outlet {
        name: "Politico",
        aliases: &["Politico", "POLITICO"],
        domains: &["politico.com", "politico.eu"],
    },
    Outlet {
        name: "Axios",
        aliases: &["Axios"],
        domains: &["axios.com"],
    },
    Outlet {
        name: "The Times",
        aliases: &["The Times", "Times Online"],
        domains: &["thetimes.co.uk", "thetimes.com"],
    },
    Outlet {
        name: "The Telegraph",
        aliases: &["The Telegraph", "Daily Telegraph"],
        domains: &["telegraph.co.uk"],
    },
    Outlet {
        name: "The Independent",
        aliases: &["The Independent"],
        domains: &["independent.co.uk"],
    },
    Outlet {
        name: "Sky News",
        aliases: &["Sky News"],
        domains: &["news.sky.com"],
    },
    Outlet {
        name: "Deutsche Welle",
        aliases: &["Deutsche Welle", "DW"],
        domains: &["dw.com"],
    },
    Outlet {
        name: "France 24",
        aliases: &["France 24"],
        domains: &["france24.com"],
    },
    Outlet {
        name: "Euronews",
        aliases: &["Euronews"],
        domains: &["euronews.com"],
    },
    Outlet {
        name: "The Hill",
        aliases: &["The Hill"],
        domains: &["thehill.com"],
    },
    Outlet {
        name: "Newsweek",
        aliases: &["Newsweek"],
        domains: &["newsweek.com"],
    },
    Outlet {
        name: "The Economist",
        aliases: &["The Economist"],
        domains: &["economist.com"],
    },
    Outlet {
        name: "The Register",
        aliases: &["The Register"],
        domains: &["theregister.com", "theregister.co.uk"],
    },
    Outlet {
        name: "Kyiv Independent",
        aliases: &["Kyiv Independent", "The Kyiv Independent"],
        domains: &["kyivindependent.com"],
    },
    Outlet {
        name: "RIA Novosti",
        aliases: &["RIA Novosti", "RIA"],
        domains: &["ria.ru"],
    },
    Outlet {
        name: "TASS",
        aliases: &["TASS"],
        domains: &["tass.com", "tass.ru"],
    },
    Outlet {
        name: "Xinhua",
        aliases: &["Xinhua"],
        domains: &["xinhuanet.com", "news.cn"],
    },
    Outlet {
        name: "Wikinews",
        aliases: &["Wikinews"],
        domains: &["wikinews.org"],
    },
];

/// The canonical outlet for a name, alias or domain given in metadata ("foxnews.com", "ap").
pub fn canonical(name: &str) -> Option<&'static str> {
    let n = name.trim().trim_start_matches("The ").trim();
    let host = domain_of(name);
    OUTLETS
        .iter()
        .find(|o| {
            o.name.eq_ignore_ascii_case(name.trim())
                || o.aliases
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(n) || a.eq_ignore_ascii_case(name.trim()))
                || host
                    .as_deref()
                    .is_some_and(|h| o.domains.iter().any(|d| h == *d || h.ends_with(&format!(".{d}"))))
        })
        .map(|o| o.name)
}

/// The lowercase host of a URL or bare domain ("https://www.foxnews.com/x" -> "foxnews.com").
pub fn domain_of(s: &str) -> Option<String> {
    let s = s.trim();
    let rest = s.split_once("://").map_or(s, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (host.contains('.') && !host.contains(' ')).then_some(host)
}

/// How much a mention of an outlet says the article is its own.
fn cue_score(before: &str, after: &str, alias: &str) -> u32 {
    let before = before.trim_end().to_lowercase();
    let after = after.to_lowercase();
    let attributions = [
        "according to",
        "according to the",
        "reported by",
        "cited by",
        "quoted by",
        "via",
        "told the",
    ];
    if attributions.iter().any(|a| before.ends_with(a)) {
        return 0;
    }
    if before.ends_with("listen to") && after.trim_start().starts_with("articles") {
        return 3;
    }
    if after.contains("request for comment") && after.find("request for comment").is_some_and(|i| i < 30) {
        return 2;
    }
    if alias.ends_with(" Digital") {
        return 2;
    }
    let self_refs = [
        "told",
        "confirmed to",
        "statement to",
        "reached by",
        "spoke with",
        "spoke to",
    ];
    if self_refs.iter().any(|a| before.ends_with(a)) {
        return 1;
    }
    0
}

static ALIASES: LazyLock<(AhoCorasick, Vec<(usize, &'static str)>)> = LazyLock::new(|| {
    let mut list: Vec<(usize, &'static str)> = Vec::new();
    for (i, o) in OUTLETS.iter().enumerate() {
        for a in o.aliases {
            list.push((i, a));
        }
    }
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(list.iter().map(|(_, a)| a))
        .expect("outlet aliases form a valid automaton");
    (ac, list)
});

/// Score outlet mentions in `lines`; `strong` lines (listen prompts, copyright lines) count triple.
/// Returns the best outlet with a score of at least 2.
pub fn outlet_from_cues<'a>(lines: impl Iterator<Item = (&'a str, bool)>) -> Option<&'static str> {
    let (ac, list) = &*ALIASES;
    let mut scores = vec![0u32; OUTLETS.len()];
    for (line, strong) in lines {
        for m in ac.find_iter(line) {
            let (outlet, alias) = list[m.pattern().as_usize()];
            let before = &line[..m.start()];
            let after = &line[m.end()..];
            let boundary_before = before.chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let boundary_after = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
            if !(boundary_before && boundary_after) {
                continue;
            }
            let score = if strong { 3 } else { cue_score(before, after, alias) };
            scores[outlet] += score;
        }
    }
    let (best, score) = scores.iter().enumerate().max_by_key(|(_, s)| **s)?;
    (*score >= 2).then(|| OUTLETS[best].name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names_aliases_domains() {
        assert_eq!(canonical("Fox News Digital"), Some("Fox News"));
        assert_eq!(canonical("foxnews.com"), Some("Fox News"));
        assert_eq!(canonical("https://www.foxnews.com/world/x"), Some("Fox News"));
        assert_eq!(canonical("AP"), Some("Associated Press"));
        assert_eq!(canonical("The Associated Press"), Some("Associated Press"));
        assert_eq!(canonical("reuters.com"), Some("Reuters"));
        assert_eq!(canonical("nyt"), Some("The New York Times"));
        assert_eq!(canonical("edition.cnn.com"), Some("CNN"));
        assert_eq!(canonical("Some Local Gazette"), None);
    }

    #[test]
    fn cues_find_the_own_outlet() {
        let lines = [
            ("NEWYou can now listen to Fox News articles!", false),
            (
                "The White House did not immediately return Fox News Digital\u{2019}s request for comment.",
                false,
            ),
        ];
        assert_eq!(outlet_from_cues(lines.into_iter()), Some("Fox News"));
        assert_eq!(
            outlet_from_cues(
                [
                    ("Officials told CNN the plan was dead.", false),
                    ("The spokesman told CNN later.", false)
                ]
                .into_iter()
            ),
            Some("CNN")
        );
    }

    #[test]
    fn attributions_are_not_the_outlet() {
        let lines = [
            ("Russia will respond, RIA Novosti reported, according to AP.", false),
            ("According to the Associated Press, assurances are central.", false),
            ("Reuters reported the talks had stalled.", false),
        ];
        assert_eq!(outlet_from_cues(lines.into_iter()), None);
        // "AP" inside a word is no mention.
        assert_eq!(
            outlet_from_cues([("listen to APPLE articles", false)].into_iter()),
            None
        );
    }
}
