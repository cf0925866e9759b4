//! Normalization on pages of outlets newsdex has no rules for (issue 11), through `inspect --json` and `search`.

mod common;

use common::{Workspace, json_lines};

/// The one article `inspect --json` gives for `rel`.
fn inspect(ws: &Workspace, rel: &str) -> serde_json::Value {
    let out = ws
        .cmd(&["inspect", "--json", rel])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_lines(&out).into_iter().next().expect("one article")
}

#[test]
fn no_date_is_invented_from_the_file_time_or_a_weekday() {
    let ws = Workspace::new();
    let example = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/example/nato-chiefs-ukraine.txt"
    ));
    ws.write("nato-chiefs-ukraine.txt", example);
    let a = inspect(&ws, "nato-chiefs-ukraine.txt");
    // The article says "Wednesday" and the file was written today: neither is its date.
    assert_eq!(a["date"], serde_json::Value::Null, "{a}");
    assert_eq!(a["date_source"], serde_json::Value::Null);
    // Indexed without a date: a date query does not find it, the article does.
    ws.ingest(&["nato-chiefs-ukraine.txt"]);
    assert_eq!(ws.hit_files("nato"), vec!["nato-chiefs-ukraine.txt"]);
    let today = chrono::Utc::now().date_naive().format("%Y").to_string();
    assert!(ws.hit_files(&format!("nato date:{today}")).is_empty());
}

#[test]
fn dates_come_from_where_pages_keep_them() {
    let ws = Workspace::new();
    let page = |head: &str, body: &str| {
        format!(
            "<!doctype html><html><head><title>Harbour reopens after storm</title>{head}</head><body>\
             <nav><a href=/>Home</a></nav><article><h1>Harbour reopens after storm</h1>{body}\
             <p>The harbour of the small town reopened on the third day after the storm, the port authority said, \
             and the first ferries left in the morning with trucks and passengers who had waited for days.</p>\
             <p>Workers cleared debris from the quays through the night while divers checked the moorings, and \
             the authority said repairs to the breakwater would take several months.</p></article></body></html>"
        )
    };
    ws.write(
        "time.html",
        page(
            "",
            r#"<p class="meta">By Ana Ruiz <time datetime="2024-03-18T09:30:00+01:00">18 March</time></p>"#,
        ),
    );
    ws.write(
        "canonical.html",
        page(
            r#"<link rel="canonical" href="https://news.example.org/2023/11/02/harbour-reopens">"#,
            "",
        ),
    );
    ws.write(
        "epoch.html",
        page(
            r#"<meta property="article:published_time" content="1970-01-01T00:00:00Z">"#,
            "",
        ),
    );
    let a = inspect(&ws, "time.html");
    assert_eq!(
        (a["date"].as_str(), a["date_source"].as_str()),
        (Some("2024-03-18"), Some("metadata"))
    );
    let a = inspect(&ws, "canonical.html");
    assert_eq!(
        (a["date"].as_str(), a["date_source"].as_str()),
        (Some("2023-11-02"), Some("url"))
    );
    assert_eq!(
        a["url"].as_str(),
        Some("https://news.example.org/2023/11/02/harbour-reopens")
    );
    let a = inspect(&ws, "epoch.html");
    assert_eq!(a["date"], serde_json::Value::Null, "{a}");
}
