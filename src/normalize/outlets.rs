//! The outlet table: canonical names of news outlets with their aliases, web domains, kind, country
//! and language, and the cue scoring that finds an article's own outlet in its text ("You can now
//! listen to Fox News articles!", "did not return Fox News Digital's request for comment") while
//! ignoring mere attributions ("according to AP", "Reuters reported").
//!
//! Lookups: [`canonical`] takes a name, alias, URL or domain from metadata (case-insensitive; a URL's
//! host matches its registered domain or any subdomain of it, the longest registered domain first:
//! `cincodias.elpais.com` is Cinco Días, `edition.cnn.com` is CNN); [`outlet_from_cues`] matches
//! aliases case-sensitively as whole words in text with one automaton built on first use.
//!
//! Data: `data/outlets.tsv` (built in with `include_str!` and parsed once, on first use), written for
//! this project from general knowledge (MIT, like the code); it holds only publicly known outlet names
//! and domains. Its header says the format and the rules for aliases; `data/README.md` its source.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

/// What an outlet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A news agency or wire service (AP, Reuters, dpa).
    Agency,
    /// A newspaper, in print or online (The Guardian, Le Monde).
    Newspaper,
    /// A television or radio broadcaster and its news site (BBC, NHK).
    Broadcaster,
    /// A magazine (The Economist, Der Spiegel).
    Magazine,
    /// A news site without print or broadcast parent (Axios, The Verge).
    Digital,
}

impl Kind {
    /// The word the table uses for this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Agency => "agency",
            Kind::Newspaper => "newspaper",
            Kind::Broadcaster => "broadcaster",
            Kind::Magazine => "magazine",
            Kind::Digital => "digital",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "agency" => Kind::Agency,
            "newspaper" => Kind::Newspaper,
            "broadcaster" => Kind::Broadcaster,
            "magazine" => Kind::Magazine,
            "digital" => Kind::Digital,
            _ => return None,
        })
    }
}

/// One outlet: its canonical name, the ways text refers to it, its domains, and what it is.
#[derive(Debug)]
pub struct Outlet {
    pub name: &'static str,
    /// Aliases are matched case-sensitively as whole words in text, and case-insensitively when
    /// they come from metadata.
    pub aliases: Vec<&'static str>,
    /// Registered domains, lowercase, without "www."; subdomains match them.
    pub domains: Vec<&'static str>,
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 code of the home country ("US", "GB").
    pub country: &'static str,
    /// ISO 639-1 code of the language of its content ("en", "de").
    pub language: &'static str,
}

const TABLE: &str = include_str!("data/outlets.tsv");

/// Known outlets, in the order of `data/outlets.tsv`.
pub static OUTLETS: LazyLock<Vec<Outlet>> =
    LazyLock::new(|| parse_table(TABLE).unwrap_or_else(|e| panic!("src/normalize/data/outlets.tsv: {e}")));

/// Read the table: `#` comments, then rows of name, aliases, domains, kind, country, language
/// separated by TABs (aliases and domains `|`-separated; aliases may be empty).
fn parse_table(text: &'static str) -> Result<Vec<Outlet>, String> {
    let mut outlets = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: &str| format!("line {}: {what}: {line:?}", n + 1);
        let cols: Vec<&'static str> = line.split('\t').map(str::trim).collect();
        let [name, aliases, domains, kind, country, language] = cols[..] else {
            return Err(bad("expected 6 TAB-separated columns"));
        };
        let list =
            |s: &'static str| -> Vec<&'static str> { s.split('|').map(str::trim).filter(|a| !a.is_empty()).collect() };
        let domains = list(domains);
        if name.is_empty() || domains.is_empty() {
            return Err(bad("name and at least one domain are required"));
        }
        let kind = Kind::parse(kind).ok_or_else(|| bad("unknown kind"))?;
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad("country must be an ISO 3166-1 alpha-2 code"));
        }
        if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(bad("language must be an ISO 639-1 code"));
        }
        outlets.push(Outlet {
            name,
            aliases: list(aliases),
            domains,
            kind,
            country,
            language,
        });
    }
    Ok(outlets)
}

/// Lookups into [`OUTLETS`]: lowercase names and aliases, and domains, to the outlet's index.
struct Index {
    names: FxHashMap<String, usize>,
    domains: FxHashMap<&'static str, usize>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut names = FxHashMap::default();
    let mut domains = FxHashMap::default();
    for (i, o) in OUTLETS.iter().enumerate() {
        for n in std::iter::once(&o.name).chain(&o.aliases) {
            names.entry(name_key(n)).or_insert(i);
        }
        for d in &o.domains {
            domains.entry(*d).or_insert(i);
        }
    }
    Index { names, domains }
});

/// A name as the index keys it: lower case, accents dropped ("LA NACION" and "La Nación" are one key).
fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The outlet a host belongs to: the host itself or its nearest registered parent domain
/// ("edition.cnn.com" -> CNN, "cincodias.elpais.com" -> Cinco Días before El País).
pub fn outlet_of_host(host: &str) -> Option<&'static Outlet> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let mut h = host.as_str();
    loop {
        if let Some(&i) = INDEX.domains.get(h) {
            return Some(&OUTLETS[i]);
        }
        h = h.split_once('.')?.1;
    }
}

/// The outlet for a name, alias or domain given in metadata ("foxnews.com", "ap", "The Hindu").
pub fn find(name: &str) -> Option<&'static Outlet> {
    let full = name.trim();
    let bare = full.trim_start_matches("The ").trim();
    let by_name = |s: &str| INDEX.names.get(&name_key(s)).map(|&i| &OUTLETS[i]);
    by_name(full)
        .or_else(|| by_name(bare))
        .or_else(|| domain_of(name).and_then(|h| outlet_of_host(&h)))
}

/// The canonical outlet for a name, alias or domain given in metadata ("foxnews.com", "ap").
pub fn canonical(name: &str) -> Option<&'static str> {
    find(name).map(|o| o.name)
}

/// Whether `name` holds the outlet name `outlet` as whole words, ignoring case ("Ediciones El País" holds "El País").
pub fn name_contains(name: &str, outlet: &str) -> bool {
    let (name, outlet) = (name.to_lowercase(), outlet.to_lowercase());
    name.match_indices(&outlet).any(|(i, m)| {
        let before = name[..i].chars().next_back();
        let after = name[i + m.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
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
    if before.ends_with(LISTEN_TO) && after.trim_start().starts_with("articles") {
        return 3;
    }
    if after.find(REQUEST_FOR_COMMENT).is_some_and(|i| i < 30) {
        return 2;
    }
    if alias.ends_with(DIGITAL_SUFFIX) {
        return 2;
    }
    if SELF_REFERENCES.iter().any(|a| before.ends_with(a)) {
        return 1;
    }
    0
}

/// "listen to X articles": a listen prompt names the text's own outlet.
const LISTEN_TO: &str = "listen to";
/// "X's request for comment": the outlet asking is the text's own.
const REQUEST_FOR_COMMENT: &str = "request for comment";
/// "Fox News Digital": an outlet's name for its own web newsroom.
const DIGITAL_SUFFIX: &str = " Digital";

/// Words before an outlet's name when a text speaks of its own outlet ("told CNN").
const SELF_REFERENCES: &[&str] = &[
    "told",
    "confirmed to",
    "statement to",
    "reached by",
    "spoke with",
    "spoke to",
];

/// Everything [`cue_score`] scores above 0 in a line that is not a strong cue: a line without one of these holds no
/// cue, and is not scanned for outlet names.
static CUE_CONTEXTS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(
            SELF_REFERENCES
                .iter()
                .chain(&[LISTEN_TO, REQUEST_FOR_COMMENT, DIGITAL_SUFFIX]),
        )
        .expect("cue contexts form a valid automaton")
});

static ALIASES: LazyLock<(AhoCorasick, Vec<(usize, &'static str)>)> = LazyLock::new(|| {
    let mut list: Vec<(usize, &'static str)> = Vec::new();
    for (i, o) in OUTLETS.iter().enumerate() {
        for a in &o.aliases {
            list.push((i, *a));
        }
    }
    // A DFA: built once per process in about 15 ms, it scans every line of every article about three times faster
    // than the default NFA, which matters in ingest (where the scan ran at a tenth of normalization's time).
    let ac = AhoCorasickBuilder::new()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
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
        if !strong && !CUE_CONTEXTS.is_match(line) {
            continue;
        }
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
    fn outlet_names_inside_company_names() {
        assert!(name_contains("Ediciones El País", "El País"));
        assert!(name_contains("NHK NEWS WEB", "NHK"));
        assert!(!name_contains("Elpaisaje", "El País"));
        assert!(!name_contains("CNNMoney", "CNN"));
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

    #[test]
    fn table_loads_with_every_kind_and_many_languages() {
        assert!(OUTLETS.len() >= 600, "{} outlets", OUTLETS.len());
        let count = |f: &dyn Fn(&Outlet) -> bool| OUTLETS.iter().filter(|o| f(o)).count();
        assert!(count(&|o| o.language == "en" && o.kind != Kind::Agency) >= 200);
        assert!(count(&|o| o.language != "en" && o.kind != Kind::Agency) >= 80);
        assert!(count(&|o| o.kind == Kind::Agency) >= 40);
        for kind in [
            Kind::Agency,
            Kind::Newspaper,
            Kind::Broadcaster,
            Kind::Magazine,
            Kind::Digital,
        ] {
            assert!(count(&|o| o.kind == kind) > 0, "{}", kind.as_str());
        }
        let spiegel = find("spiegel.de").expect("Der Spiegel");
        assert_eq!(
            (spiegel.name, spiegel.kind, spiegel.country, spiegel.language),
            ("Der Spiegel", Kind::Magazine, "DE", "de")
        );
    }

    #[test]
    fn malformed_rows_are_rejected() {
        assert!(parse_table("# comment\n\nA\t\ta.com\tdigital\tUS\ten\n").is_ok_and(|t| t.len() == 1));
        assert!(parse_table("A\t\ta.com\tdigital\tUS\n").is_err());
        assert!(parse_table("A\t\ta.com\tblog\tUS\ten\n").is_err());
        assert!(parse_table("A\t\t\tdigital\tUS\ten\n").is_err());
        assert!(parse_table("A\t\ta.com\tdigital\tusa\ten\n").is_err());
    }

    #[test]
    fn new_outlets_by_domain() {
        for (url, name) in [
            ("https://www.cnbc.com/2024/01/02/x.html", "CNBC"),
            ("https://www.spiegel.de/politik/ausland/x", "Der Spiegel"),
            ("sueddeutsche.de", "Süddeutsche Zeitung"),
            ("https://www.lemonde.fr/international/article/x.html", "Le Monde"),
            ("https://elpais.com/internacional/x.html", "El País"),
            ("https://www.abc.es/espana/x.html", "ABC (Spain)"),
            ("https://www.abc.net.au/news/2024-01-01/x", "ABC (Australia)"),
            ("https://abcnews.go.com/Politics/x", "ABC News"),
            ("https://timesofindia.indiatimes.com/india/x.cms", "The Times of India"),
            ("https://economictimes.indiatimes.com/news/x.cms", "The Economic Times"),
            ("https://www.theverge.com/2024/1/1/x", "The Verge"),
            ("https://techcrunch.com/2024/01/01/x/", "TechCrunch"),
            ("wyborcza.pl", "Gazeta Wyborcza"),
            ("https://nos.nl/artikel/x", "NOS"),
            ("https://www.nzz.ch/x", "Neue Zürcher Zeitung"),
            ("https://www.ansa.it/x", "ANSA"),
        ] {
            assert_eq!(canonical(url), Some(name), "{url}");
        }
        assert_eq!(canonical("indiatimes.com"), None);
    }

    #[test]
    fn new_outlets_by_name() {
        assert_eq!(canonical("LA NACION"), canonical("La Nación"));
        assert!(canonical("La Nación").is_some());
        for (given, name) in [
            ("The Times of India", "The Times of India"),
            ("TOI", "The Times of India"),
            ("times of india", "The Times of India"),
            ("Deutsche Presse-Agentur", "dpa"),
            ("DPA", "dpa"),
            ("Agencia EFE", "EFE"),
            ("PTI", "Press Trust of India"),
            ("Folha de S.Paulo", "Folha de S.Paulo"),
            ("FAZ", "Frankfurter Allgemeine Zeitung"),
            ("The Hill", "The Hill"),
            ("Australian Broadcasting Corporation", "ABC (Australia)"),
            ("Yonhap News Agency", "Yonhap"),
            ("Time", "Time"),
        ] {
            assert_eq!(canonical(given), Some(name), "{given}");
        }
        // Ambiguous or ordinary words name no outlet.
        for given in ["ABC", "Hill", "Sun", "Star", "Globe", "Nation", "Mirror", "Atlantic"] {
            assert_eq!(canonical(given), None, "{given}");
        }
    }

    #[test]
    fn subdomains_match_the_longest_registered_domain() {
        for (host, name) in [
            ("www.spiegel.de", Some("Der Spiegel")),
            ("m.spiegel.de", Some("Der Spiegel")),
            ("edition.cnn.com", Some("CNN")),
            ("cnnespanol.cnn.com", Some("CNN en Español")),
            ("news.sky.com", Some("Sky News")),
            ("uk.news.sky.com", Some("Sky News")),
            ("sky.com", None),
            ("cincodias.elpais.com", Some("Cinco Días")),
            ("english.elpais.com", Some("El País")),
            ("oglobo.globo.com", Some("O Globo")),
            ("g1.globo.com", Some("g1")),
            ("globo.com", Some("TV Globo")),
            ("folha.uol.com.br", Some("Folha de S.Paulo")),
            ("noticias.uol.com.br", Some("UOL")),
            ("english.news.cn", Some("Xinhua")),
            ("asia.nikkei.com", Some("Nikkei")),
            ("notcnn.com", None),
            ("cnn.com.evil.example", None),
            ("co.uk", None),
        ] {
            assert_eq!(outlet_of_host(host).map(|o| o.name), name, "{host}");
            assert_eq!(canonical(&format!("https://{host}/a/b?c=d")), name, "{host}");
        }
    }

    /// No name or alias may lead to two outlets (case-insensitively, and with a leading "The "
    /// dropped, as `canonical` reads them), no domain may belong to two outlets, and every domain
    /// must look like one.
    #[test]
    fn aliases_and_domains_are_unique_and_well_formed() {
        let mut names: FxHashMap<String, &str> = FxHashMap::default();
        for o in OUTLETS.iter() {
            for a in std::iter::once(&o.name).chain(&o.aliases) {
                assert_eq!(a.trim(), *a, "{a:?} of {}", o.name);
                let key = a.to_lowercase();
                let owner = *names.entry(key).or_insert(o.name);
                assert_eq!(owner, o.name, "{a:?} names both {owner} and {}", o.name);
            }
        }
        for (key, owner) in &names {
            if let Some(bare) = key.strip_prefix("the ")
                && let Some(other) = names.get(bare)
            {
                assert_eq!(other, owner, "{key:?} ({owner}) and {bare:?} ({other})");
            }
        }
        let mut domains: FxHashMap<&str, &str> = FxHashMap::default();
        for o in OUTLETS.iter() {
            for d in &o.domains {
                let owner = *domains.entry(d).or_insert(o.name);
                assert_eq!(owner, o.name, "{d} belongs to both {owner} and {}", o.name);
                let labels: Vec<&str> = d.split('.').collect();
                assert!(labels.len() >= 2 && !d.starts_with("www."), "{d}");
                assert!(
                    labels.iter().all(|l| {
                        !l.is_empty()
                            && !l.starts_with('-')
                            && !l.ends_with('-')
                            && l.bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    }),
                    "{d}"
                );
                let tld = labels[labels.len() - 1];
                assert!(tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase()), "{d}");
            }
        }
        // The cue scorer gives any alias ending in " Digital" a score of 2 on sight.
        let digital: Vec<&str> = OUTLETS
            .iter()
            .flat_map(|o| o.aliases.iter().copied())
            .filter(|a| a.ends_with(" Digital"))
            .collect();
        assert_eq!(digital, ["Fox News Digital"]);
    }

    #[test]
    fn cues_prefer_the_longest_alias() {
        let lines = [
            ("Officials told The Times of India the talks had failed.", false),
            ("A minister told The Times of India on Sunday.", false),
        ];
        assert_eq!(outlet_from_cues(lines.into_iter()), Some("The Times of India"));
        let lines = [("\u{a9} 2024 The Australian Financial Review", true)];
        assert_eq!(outlet_from_cues(lines.into_iter()), Some("Australian Financial Review"));
        // "MSNBC" is not "NBC", and "RTL" is not "RT".
        let lines = [("You can now listen to MSNBC articles", false)];
        assert_eq!(outlet_from_cues(lines.into_iter()), Some("MSNBC"));
        assert_eq!(outlet_from_cues([("\u{a9} RTL Group", true)].into_iter()), None);
    }
}
