//! End-to-end tests of read + normalize on whole articles.

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::read::{ReadOutcome, read_file};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn one(name: &str, bytes: &[u8]) -> Article {
    let path = Path::new(name);
    match read_file(path, bytes) {
        ReadOutcome::Records(mut r) => normalize(r.remove(0).unwrap(), &FileContext::new(path)),
        ReadOutcome::Skipped { reason } => panic!("skipped: {reason}"),
    }
}

const NATO: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/example/nato-chiefs-ukraine.txt"
));

#[test]
fn example_article() {
    let a = one("corpus/example/nato-chiefs-ukraine.txt", NATO.as_bytes());
    assert!(!a.body.contains("Share and Follow"));
    assert!(!a.body.contains("You can now listen"));
    assert_eq!(a.captions.len(), 1);
    assert!(a.captions[0].ends_with("(NATO)"));
    assert!(!a.body.contains("(NATO)"));
    assert_eq!(a.credits, vec!["The Associated Press contributed to this report."]);
    assert!(!a.body.contains("contributed to this report"));
    assert_eq!(a.source.as_deref(), Some("Fox News"));
    assert!(a.title_inferred);
    assert_eq!(a.title, "NATO Chiefs Ukraine");
    assert!(!a.body.starts_with(&a.title));
    assert!(a.body.starts_with("The NATO Chiefs of Defense reaffirmed"));
    // No date in metadata, text, URL or file name: none ("on Wednesday" and the file's time are no evidence).
    assert_eq!(a.date, None);
    assert_eq!(a.date_source, None);
    assert_eq!(a.path, "corpus/example/nato-chiefs-ukraine.txt");
}

#[test]
fn wikinews_article() {
    let text = "Mary Barra appointed as General Motors chief\n\nDecember 10, 2013\n\nThe United States's largest car manufacturer General Motors today named Mary Barra as its new chief executive.\n";
    let a = one("wikinews-1007169.txt", text.as_bytes());
    assert_eq!(a.title, "Mary Barra appointed as General Motors chief");
    assert!(!a.title_inferred);
    assert_eq!(a.date, Some(d(2013, 12, 10)));
    assert_eq!(a.date_source, Some(DateSource::Text));
    assert!(a.body.starts_with("The United States"));
    assert!(!a.body.contains("December 10, 2013"));
}

#[test]
fn dateline_and_byline() {
    let text = "Allies meet on Ukraine\nBy Jane Doe\nBRUSSELS (AP) \u{2014} NATO military chiefs met on Wednesday.\nMore text follows here.\n";
    let a = one("2025-08-20-allies.txt", text.as_bytes());
    assert_eq!(a.title, "Allies meet on Ukraine");
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(a.dateline.as_deref(), Some("Brussels"));
    assert_eq!(a.agency.as_deref(), Some("AP"));
    assert!(a.body.starts_with("NATO military chiefs met"), "{}", a.body);
    assert_eq!(a.date, Some(d(2025, 8, 20)));
    assert_eq!(a.date_source, Some(DateSource::FileName));
    // Agency as the outlet when nothing else names one.
    assert_eq!(a.source.as_deref(), Some("Associated Press"));
}

#[test]
fn attribution_is_not_the_outlet() {
    let text = "Talks stall\nRussia said the talks had stalled, according to AP.\nReuters reported the same.\n";
    let a = one("talks.txt", text.as_bytes());
    assert_eq!(a.source, None);
    assert_eq!(a.date, None);
    assert_eq!(a.date_source, None);
}

#[test]
fn dates_are_read_never_guessed() {
    // A weekday alone is no date.
    let a = one("x.txt", b"Headline words here\nThe council met on Wednesday.\n");
    assert_eq!((a.date, a.date_source), (None, None));
    // A byline with a date, a dateline with a date, in other languages too.
    let a = one(
        "x.txt",
        "Talks resume in Geneva\nBy Jane Doe | March 18, 2024\nThe delegations met again.\nMore text.\n".as_bytes(),
    );
    assert_eq!((a.date, a.date_source), (Some(d(2024, 3, 18)), Some(DateSource::Text)));
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    let a = one("x.txt", "Streik legt Bahn lahm\nBERLIN, 4. März 2024 (dpa) \u{2013} Der Streik der Lokführer hat begonnen.\nMehr Text.\n".as_bytes());
    assert_eq!((a.date, a.date_source), (Some(d(2024, 3, 4)), Some(DateSource::Text)));
    assert_eq!(a.dateline.as_deref(), Some("Berlin"));
    assert!(a.body.starts_with("Der Streik"), "{}", a.body);
    let a = one(
        "x.txt",
        "Huelga en el metro\nPublicado el 18 de marzo de 2024\nLos trabajadores del metro iniciaron una huelga.\n"
            .as_bytes(),
    );
    assert_eq!((a.date, a.date_source), (Some(d(2024, 3, 18)), Some(DateSource::Text)));
    // The address of a saved page, on a line of its own.
    let a = one("x.txt", "Council votes on budget\nThe council voted on the budget.\nMore text here.\nSource: https://news.example.com/2023/11/02/council-budget\n".as_bytes());
    assert_eq!((a.date, a.date_source), (Some(d(2023, 11, 2)), Some(DateSource::Url)));
    assert_eq!(
        a.url.as_deref(),
        Some("https://news.example.com/2023/11/02/council-budget")
    );
    assert!(!a.body.contains("https://"));
}

#[test]
fn title_from_lead_when_nothing_else() {
    let a = one("wikinews-1.txt", "The European Commission has forced Apple Inc. to lower its prices for media in its United Kingdom iTunes store. More.".as_bytes());
    assert!(a.title_inferred);
    assert!(a.title.starts_with("The European Commission has forced"));
    assert!(a.title.ends_with('\u{2026}'));
    assert!(a.title.len() < 100);
}

#[test]
fn json_metadata_wins() {
    let json = r#"{"headline":"Apple to lower UK iTunes prices - Reuters","text":"Apple to lower UK iTunes prices\nThe European Commission has forced Apple.","date_publish":"2008-01-09","author":["Ann Lee","Bo Chan"],"source_domain":"www.reuters.com","url":"https://www.reuters.com/a"}"#;
    let a = one("dump.json", json.as_bytes());
    assert_eq!(a.title, "Apple to lower UK iTunes prices");
    assert!(!a.title_inferred);
    assert_eq!(a.body, "The European Commission has forced Apple.");
    assert_eq!(a.date, Some(d(2008, 1, 9)));
    assert_eq!(a.date_source, Some(DateSource::Metadata));
    assert_eq!(a.byline.as_deref(), Some("Ann Lee, Bo Chan"));
    assert_eq!(a.source.as_deref(), Some("Reuters"));
    assert_eq!(a.url.as_deref(), Some("https://www.reuters.com/a"));
}

#[test]
fn unknown_source_kept_as_given() {
    let a = one(
        "a.json",
        br#"{"title":"T","text":"x y z","publication":"The Springfield Shopper"}"#,
    );
    assert_eq!(a.source.as_deref(), Some("The Springfield Shopper"));
}

#[test]
fn jsonl_records_keep_line_numbers() {
    let path = Path::new("dump.jsonl");
    let ReadOutcome::Records(r) = read_file(
        path,
        b"{\"title\":\"A\",\"text\":\"a\"}\n\n{\"title\":\"B\",\"text\":\"b\"}\n",
    ) else {
        panic!()
    };
    let ctx = FileContext::new(path);
    let arts: Vec<Article> = r.into_iter().map(|x| normalize(x.unwrap(), &ctx)).collect();
    assert_eq!(arts[0].record, Some(1));
    assert_eq!(arts[1].record, Some(3));
}

#[test]
fn encodings_end_to_end() {
    let text = "Caf\u{e9} owners protest\r\nThe caf\u{e9} owners said \u{201c}no\u{201d} to the plan.\r\n";
    // UTF-8 with BOM.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    // UTF-16 LE with BOM.
    let mut le = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    // Windows-1252.
    let (cp, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    for bytes in [text.as_bytes().to_vec(), bom, le, cp.into_owned()] {
        let a = one("cafe.txt", &bytes);
        assert_eq!(a.title, "Caf\u{e9} owners protest");
        assert_eq!(a.body, "The caf\u{e9} owners said \u{201c}no\u{201d} to the plan.");
    }
}

#[test]
fn unicode_cleanup_in_body() {
    let a = one(
        "x.txt",
        "Head line here\nA\u{a0}line with\u{200b} soft\u{ad}hyphen and Cafe\u{301}.\n".as_bytes(),
    );
    assert_eq!(a.body, "A line with softhyphen and Caf\u{e9}.");
}

#[test]
fn html_page_end_to_end() {
    let html = r#"<html><head><title>Budget passes - Example News</title><meta property="og:site_name" content="Example News"></head>
<body><nav>Home World</nav><div>Share on Facebook</div><article><h1>Budget passes</h1>
<p>WASHINGTON (AP) &mdash; The budget passed the Senate on Tuesday after a long night of votes and debate among the members.</p>
<p>Senators from both parties said the compromise was the best that could be reached this year, and the bill now heads to the House.</p>
<p>The Associated Press contributed to this report.</p></article><footer>&copy; 2025 Example News</footer></body></html>"#;
    let a = one("page.html", html.as_bytes());
    assert_eq!(a.title, "Budget passes");
    assert_eq!(a.source.as_deref(), Some("Example News"));
    assert_eq!(a.dateline.as_deref(), Some("Washington"));
    assert!(a.body.starts_with("The budget passed"), "{}", a.body);
    assert_eq!(a.credits.len(), 1);
}

#[test]
fn markdown_end_to_end() {
    let md = "---\ntitle: Apple to lower UK iTunes prices\ndate: 2008-01-09\nsource: Wikinews\n---\n\n# Apple to lower UK iTunes prices\n\nThe European Commission has forced Apple.\n";
    let a = one("apple.md", md.as_bytes());
    assert_eq!(a.title, "Apple to lower UK iTunes prices");
    assert_eq!(a.date_source, Some(DateSource::Metadata));
    assert_eq!(a.source.as_deref(), Some("Wikinews"));
    assert_eq!(a.body, "The European Commission has forced Apple.");
}

#[test]
fn never_panics_on_odd_lines() {
    let pieces = [
        "(",
        ")",
        "\u{2014}",
        "By ",
        "BRUSSELS ",
        "(AP) ",
        "December 10, 2013",
        "Wednesday",
        "\u{e9}",
        "\u{1f600}",
        ". ",
        "Read more",
        "Share",
        "\u{a0}",
        "\u{200b}",
        "Fox News",
        "AP",
        "listen to ",
        " articles",
        "'s request for comment",
        "\u{301}",
        "--",
        "2025-08-20",
        "\n",
        "x",
        "Copyright ",
        "\u{a9}",
        "contributed to this report",
        " ",
    ];
    let mut seed = 0x9e37_79b9_u32;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            text.push_str(pieces[(seed as usize) % pieces.len()]);
        }
        let raw = RawArticle {
            blocks: text.split('\n').map(str::to_owned).collect(),
            title: seed.is_multiple_of(3).then(|| text.clone()),
            date: seed.is_multiple_of(5).then(|| text.clone()),
            source: seed.is_multiple_of(7).then(|| text.clone()),
            ..RawArticle::default()
        };
        let ctx = FileContext {
            path: text.clone(),
            file_name: text.clone(),
            site: None,
        };
        let _ = normalize(raw, &ctx);
    }
}

#[test]
fn ap_style_copy() {
    let text = "Allies weigh security guarantees for Ukraine\nBy LORNE COOK\nUpdated 3:10 PM EDT, August 20, 2025\nBRUSSELS (AP) \u{2014} NATO military chiefs met by video on Wednesday.\nAP Photo/Virginia Mayo\nThe talks covered security guarantees.\nAssociated Press writer Jane Doe in Kyiv contributed.\nCopyright 2025 The Associated Press. All rights reserved.\n";
    let a = one("allies.txt", text.as_bytes());
    assert_eq!(a.title, "Allies weigh security guarantees for Ukraine");
    assert_eq!(a.byline.as_deref(), Some("LORNE COOK"));
    assert_eq!(a.date, Some(d(2025, 8, 20)));
    assert_eq!(a.date_source, Some(DateSource::Text));
    assert_eq!(a.dateline.as_deref(), Some("Brussels"));
    assert_eq!(a.source.as_deref(), Some("Associated Press"));
    assert_eq!(a.captions, vec!["AP Photo/Virginia Mayo"]);
    assert_eq!(a.credits.len(), 1);
    assert_eq!(
        a.body,
        "NATO military chiefs met by video on Wednesday.\n\nThe talks covered security guarantees."
    );
}

#[test]
fn reuters_and_cnn_style_copy() {
    let text = "Stocks rise on rate hopes\nNEW YORK, Aug 20 (Reuters) - Wall Street rose on Wednesday.\n5 min read\nReporting by Jane Doe; Editing by John Roe\nOur Standards: The Thomson Reuters Trust Principles.\n";
    let a = one("stocks.txt", text.as_bytes());
    assert_eq!(
        (a.dateline.as_deref(), a.agency.as_deref()),
        (Some("New York"), Some("Reuters"))
    );
    assert_eq!(a.source.as_deref(), Some("Reuters"));
    assert_eq!(a.body, "Wall Street rose on Wednesday.");
    assert_eq!(a.credits, vec!["Reporting by Jane Doe; Editing by John Roe"]);
    let text =
        "Senate passes the bill\nWashington (CNN) \u{2014} The Senate passed the bill late Tuesday.\nMore text.\n";
    let a = one("senate.txt", text.as_bytes());
    assert_eq!(
        (a.dateline.as_deref(), a.agency.as_deref()),
        (Some("Washington"), Some("CNN"))
    );
    assert_eq!(a.source.as_deref(), Some("CNN"));
    assert!(a.body.starts_with("The Senate passed"));
}

#[test]
fn bbc_style_image_lines() {
    let text = "Floods hit the north\nImage source, Getty Images\nImage caption, Rescuers reached the village by boat\nHeavy rain flooded homes across the region on Sunday.\n";
    let a = one("floods.txt", text.as_bytes());
    assert_eq!(
        a.captions,
        vec!["Image source, Getty Images", "Rescuers reached the village by boat"]
    );
    assert_eq!(a.body, "Heavy rain flooded homes across the region on Sunday.");
}

#[test]
fn byline_affiliation_and_records_without_titles() {
    let a = one(
        "ap-story.txt",
        b"Headline for the story\nBy Jane Doe, Associated Press\nText of the story.\n",
    );
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(a.source.as_deref(), Some("Associated Press"));
    // Records of a dump never take the dump's file name as title.
    let path = Path::new("nato-news-dump.jsonl");
    let ReadOutcome::Records(r) = read_file(path, b"{\"text\":\"The alliance met in Brussels. More.\"}\n") else {
        panic!()
    };
    let a = normalize(r.into_iter().next().unwrap().unwrap(), &FileContext::new(path));
    assert_eq!(a.title, "The alliance met in Brussels");
    assert!(a.title_inferred);
}

#[test]
fn html_title_suffix_with_site_tagline() {
    let html = "<html><head><title>Senate budget passes easily - Wikinews, the free news source</title><meta property=\"og:site_name\" content=\"Wikinews\"></head><body><p>The budget passed.</p></body></html>";
    let a = one("b.html", html.as_bytes());
    assert_eq!(a.title, "Senate budget passes easily");
}

#[test]
fn saved_page_headline_before_a_dateline_and_a_short_last_sentence() {
    // The headline ends in an abbreviation, so it reads as a sentence; the dateline after it says it is the
    // headline. The article's last sentence is too short to count as prose and still belongs to it.
    let page = "Gazeta Codzienna\nKraj\nŚwiat\nSport\nKultura\nZaloguj się\n\
        Rada bez zmian. Stopy procentowe w Polsce pozostają na poziomie 5,75 proc.\nUdostępnij\n\
        Warszawa, 6 marca 2024 (PAP) – Rada na marcowym posiedzeniu pozostawiła stopy procentowe bez zmian, \
        zgodnie z oczekiwaniami większości ekonomistów ankietowanych przed posiedzeniem.\n\
        Ekonomiści spodziewają się, że pierwsze obniżki stóp mogą nastąpić najwcześniej pod koniec roku, \
        a część z nich uważa, że Rada nie zdecyduje się na ruch przed 2025 r.\n\
        Kolejne posiedzenie zaplanowano na kwiecień.\nCzytaj więcej\nZłoty najmocniejszy od trzech lat\n";
    let a = one("news/stopy.txt", page.as_bytes());
    assert_eq!(
        a.title,
        "Rada bez zmian. Stopy procentowe w Polsce pozostają na poziomie 5,75 proc."
    );
    assert!(!a.title_inferred);
    assert_eq!(a.date, Some(d(2024, 3, 6)));
    assert!(
        a.body.ends_with("Kolejne posiedzenie zaplanowano na kwiecień."),
        "{}",
        a.body
    );
}

#[test]
fn head_lines_taken_out_bring_the_next_ones_into_the_head() {
    // Title, then six lines of date, byline and counters: all of them are in the head, because each one taken
    // out brings the next into it. The first date wins.
    let text = "Council approves budget\n\nMarch 4, 2012\n\nBy Jane Doe\n\n5 min read\n\n48\n\nMarch 9, 2012\n\n\
                Updated 3:10 PM ET\n\nThe council approved the budget on Monday after a long debate.\n\n\
                The vote was close.\n\nThe mayor welcomed it.\n\nThe opposition did not.\n\n\
                Both sides will meet again.\n\nMarch 10, 2012\n\nThe next session opens in April.\n";
    let a = one("budget.txt", text.as_bytes());
    assert_eq!(a.title, "Council approves budget");
    assert_eq!(a.date, Some(d(2012, 3, 4)));
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    assert!(a.body.starts_with("The council approved"), "{:?}", a.body);
    // A date line after the five lines of the head that stay is in the body.
    assert!(a.body.contains("March 10, 2012"), "{:?}", a.body);
}

#[test]
fn a_text_of_date_lines_keeps_its_last_line() {
    // Every line is a date line: all but the last are taken out of the head, one by one.
    let text = "March 4, 2012\n".repeat(50_000);
    let a = one("dates.txt", text.as_bytes());
    assert_eq!(a.date, Some(d(2012, 3, 4)));
    assert_eq!(a.body.trim(), "March 4, 2012");
}
