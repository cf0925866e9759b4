//! CLI tests of ingesting every supported format: what is indexed, skipped and reported, and that the fields
//! normalization fills (captions, credits, source, byline, dateline) are searchable.

mod common;

use common::Workspace;

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

fn mixed_folder(ws: &Workspace) {
    ws.write(
        "news/alliance.txt",
        "Allies pledge support at Brussels meeting\n\nBy Jane Doe\n\nBRUSSELS (AP) \u{2014} NATO defense chiefs met on Wednesday to discuss security guarantees for Ukraine.\nShare and Follow\nOfficials said the talks were candid.\nNATO chiefs meet by video link on Wednesday. (NATO)\nThe Associated Press contributed to this report.\n",
    );
    ws.write(
        "news/page.html",
        "<!DOCTYPE html><html><head><title>Mary Barra to lead General Motors - Example News</title>\
         <meta property=\"og:site_name\" content=\"Example News\">\
         <meta property=\"article:published_time\" content=\"2013-12-10T09:00:00Z\"></head>\
         <body><nav><a>Home</a><a>World</a></nav><article><h1>Mary Barra to lead General Motors</h1>\
         <p>General Motors today named Mary Barra as its new chief executive, the first woman to lead a firm in the American auto industry.</p>\
         <p>She has been with General Motors for 33 years and is currently the global head of product development at the company.</p>\
         <p>She replaces Daniel Akerson, who was appointed by the government as chief executive and chairman in 2009.</p>\
         </article><footer>Copyright 2013 Example News. All rights reserved.</footer></body></html>",
    );
    ws.write(
        "news/notes.md",
        "---\ntitle: Apple lowers UK iTunes prices\ndate: 2008-01-09\nauthor: Ann Lee\n---\n\nThe European Commission has forced Apple to lower its prices in the United Kingdom.\n",
    );
    ws.write(
        "news/dump.jsonl",
        "{\"headline\":\"Boeing loses tanker deal\",\"maintext\":\"Northrop Grumman and EADS defeated Boeing for a US Air Force contract.\",\"source_domain\":\"reuters.com\"}\n\
         {broken\n\
         {\"title\":\"Steve Jobs opens WWDC\",\"content\":\"Steve Jobs gave the opening keynote in San Francisco.\",\"date_publish\":\"2005-06-06\"}\n",
    );
    ws.write(
        "news/one.json",
        "{\"title\":\"Apple releases iPhone SDK\",\"body\":\"Apple released the iPhone software development kit in Cupertino.\",\"authors\":[\"Bo Chan\"]}",
    );
    ws.write(
        "news/wide.txt",
        utf16le_with_bom(
            "Caf\u{e9} owners protest in Paris\r\n\r\nCaf\u{e9} owners in Paris protested against the new rules.\r\n",
        ),
    );
    ws.write(
        "news/latin1.txt",
        b"Z\xfcrich bank fined\n\nRegulators in Z\xfcrich fined the bank on Monday for breaking the rules.\n",
    );
    ws.write("news/scan.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    ws.write("news/photo.jpg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF");
}

#[test]
fn every_format_is_ingested_and_reported() {
    let ws = Workspace::new();
    mixed_folder(&ws);
    let out = ws.cmd(&["ingest", "--json", "news"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "a bad JSONL line makes the run partial");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().expect("summary")).expect("json");
    // alliance, page, notes, 2 JSONL records, one.json, wide, latin1.
    assert_eq!(summary["added"], 8, "{summary}");
    assert_eq!(summary["failed"], 1, "{summary}");
    let err = &summary["errors"][0];
    // Reported as inspect reports it: the file's path and the record's number.
    assert!(err["path"].as_str().is_some_and(|p| p.ends_with("dump.jsonl")), "{err}");
    assert_eq!(err["record"], 2, "{err}");
    assert!(err["error"].as_str().is_some_and(|e| e.starts_with("line 2:")), "{err}");
    assert_eq!(summary["skipped"], 2, "{summary}");
    let reasons = summary["skipped_reasons"].as_object().expect("reasons");
    assert!(reasons.keys().any(|r| r.contains("PDF")), "{reasons:?}");
    assert!(reasons.contains_key("unsupported file type (.jpg)"), "{reasons:?}");
}

#[test]
fn normalized_fields_are_searchable() {
    let ws = Workspace::new();
    mixed_folder(&ws);
    ws.ingest(&["news"]);
    assert_eq!(ws.hit_files("captions:video"), vec!["alliance.txt"]);
    assert_eq!(ws.hit_files("credits:\"associated press\""), vec!["alliance.txt"]);
    assert_eq!(ws.hit_files("byline:doe"), vec!["alliance.txt"]);
    assert_eq!(ws.hit_files("dateline:brussels"), vec!["alliance.txt"]);
    assert!(ws.hit_files("body:follow").is_empty(), "share widget left in the body");
    assert_eq!(ws.hit_files("source:reuters"), vec!["dump.jsonl"]);
    assert_eq!(ws.hit_files("source:\"example news\""), vec!["page.html"]);
    assert!(ws.hit_files("body:home").is_empty(), "navigation left in the body");
    assert_eq!(ws.hit_files("cafe"), vec!["wide.txt"]);
    assert_eq!(ws.hit_files("zurich"), vec!["latin1.txt"]);
    assert_eq!(ws.hit_files("date:2013-12-10"), vec!["page.html"]);
    assert_eq!(ws.hit_files("date:2008-01-09"), vec!["notes.md"]);
    let hits = ws.search("\"steve jobs\"", &[]);
    assert_eq!(hits[0]["title"], "Steve Jobs opens WWDC");
    assert_eq!(hits[0]["date"], "2005-06-06");
}
