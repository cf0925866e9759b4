//! HTTP tests of `newsdex serve`: the real binary on port 0 against a small index built in a temporary folder by
//! the CLI. Every endpoint, the errors (400 for bad input, 404 for unknown ids and paths, never a 500), the API's
//! hits against the CLI's, the security headers and a hostile article, reloading after an ingest, a clean stop.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Workspace, json_lines, news_corpus};
use serde_json::Value;

/// A running `newsdex serve`, stopped (killed) when dropped.
struct Server {
    child: Child,
    addr: String,
    /// What the server printed on stderr after its URL (read by a thread until it exits).
    log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    fn start(ws: &Workspace, extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
            .arg("--index")
            .arg(ws.index())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("newsdex serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server prints its URL");
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{first}");
        Server { child, addr, log: rx }
    }

    /// GET a path (already percent-encoded): status, headers (lowercased names), body.
    fn get(&self, path: &str) -> Response {
        self.request(path, &format!("Host: {}", self.addr))
    }

    fn request(&self, path: &str, host_line: &str) -> Response {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\n{host_line}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8(raw).expect("utf-8 response");
        let (head, body) = text.split_once("\r\n\r\n").expect("a header block");
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// GET a JSON endpoint that must answer 200.
    fn json(&self, path: &str) -> Value {
        let r = self.get(path);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"), "{}", self.body);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Percent-encode a query-string value.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An article whose title, body, outlet and address are markup and script.
const HOSTILE: &str = r#"{"title": "Zorblax <script>alert('title')</script> report",
 "text": "Zorblax Industries said <img src=x onerror=\"alert('img')\"> that Maria Keller would visit Berlin. Read <a href=\"javascript:alert('link')\">more</a>.",
 "url": "javascript:alert('url')", "source": "Hostile <b>Times</b>", "date": "2024-03-05"}"#;

fn small_index() -> Workspace {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.write("news/hostile.json", HOSTILE);
    let summary = ws.ingest(&["news"]);
    assert_eq!(summary["documents"], 4, "{summary}");
    ws
}

#[test]
fn every_endpoint_answers() {
    let ws = small_index();
    let server = Server::start(&ws, &[]);

    assert_eq!(
        server.json("/api/health"),
        serde_json::json!({"status": "ok", "articles": 4})
    );

    let r = server.json(&format!(
        "/api/search?q={}&facet=person&facet=place&timeline=true",
        enc("person:putin")
    ));
    assert_eq!(r["count"], 2);
    let hits = r["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 2);
    assert!(
        hits.iter()
            .all(|h| h["type"] == "hit" && h["person"][0] == "Vladimir Putin"),
        "{r}"
    );
    let facets = r["facets"].as_array().expect("facets");
    assert_eq!(facets[0]["field"], "person");
    assert_eq!(facets[1]["field"], "place");
    assert!(
        facets[0]["values"]
            .as_array()
            .expect("values")
            .iter()
            .any(|v| v["value"] == "Vladimir Putin" && v["count"] == 2)
    );
    assert_eq!(r["timeline"], serde_json::json!([{"month": "2025-08", "count": 2}]));

    // Paging, date order and the date range.
    let r = server.json(&format!(
        "/api/search?q={}&sort=date&limit=1&offset=1",
        enc("putin OR jobs")
    ));
    assert_eq!(r["count"], 3);
    assert_eq!(r["hits"][0]["rank"], 2);
    assert_eq!(r["hits"][0]["date"], "2025-08-15");
    assert_eq!(r["hits"][0]["score"], Value::Null);
    let r = server.json(&format!(
        "/api/search?q={}&after=2025-08-16&before=2025-12-31",
        enc("putin")
    ));
    assert_eq!(r["count"], 1);
    assert_eq!(r["hits"][0]["date"], "2025-08-20");
    assert!(r.get("timeline").is_none(), "timeline only when asked for");
    // The timeline spans every match of the query, whatever the range; the count, hits and facets only the range.
    let r = server.json(&format!(
        "/api/search?q={}&after=2025-08-16&facet=person&timeline=true",
        enc("putin OR jobs")
    ));
    assert_eq!(r["count"], 1);
    assert_eq!(r["hits"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        r["timeline"],
        serde_json::json!([{"month": "2008-06", "count": 1}, {"month": "2025-08", "count": 2}])
    );
    assert_eq!(r["facets"][0]["values"][0]["value"], "Vladimir Putin");
    assert_eq!(r["facets"][0]["values"][0]["count"], 1);
    // Only the count (limit=0) with the timeline and no facet.
    let r = server.json(&format!("/api/search?q={}&limit=0&timeline=true", enc("putin OR jobs")));
    assert_eq!(r["count"], 3);
    assert_eq!(r["hits"].as_array().map(Vec::len), Some(0));
    assert_eq!(r["timeline"].as_array().map(Vec::len), Some(2));

    let r = server.json(&format!("/api/entities?q={}&kind=person&limit=5", enc("putin")));
    let entities = r["entities"].as_array().expect("entities");
    assert!(entities.len() <= 5 && !entities.is_empty());
    assert_eq!(
        entities[0],
        serde_json::json!({"type": "entity", "kind": "person", "name": "Vladimir Putin", "articles": 2})
    );
    let all = server.json("/api/entities");
    assert!(all["entities"].as_array().expect("entities").len() > 5);

    // The article, whole, with its mentions at character offsets of the body.
    let id = server.json(&format!("/api/search?q={}", enc("person:\"Steve Jobs\"")))["hits"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let a = server.json(&format!("/api/article/{id}"));
    assert_eq!(a["id"], id.as_str());
    assert_eq!(a["title"], "Apple releases a new iPhone");
    assert_eq!(a["date"], "2008-06-09");
    assert!(
        a["body"]
            .as_str()
            .expect("body")
            .starts_with("Apple chief executive Steve Jobs")
    );
    let chars: Vec<char> = a["body"].as_str().expect("body").chars().collect();
    let mentions = a["mentions"].as_array().expect("mentions");
    assert!(
        mentions
            .iter()
            .any(|m| m["name"] == "Steve Jobs" && m["kind"] == "person"),
        "{a}"
    );
    for m in mentions {
        let (start, end) = (
            m["start"].as_u64().expect("start") as usize,
            m["end"].as_u64().expect("end") as usize,
        );
        let text: String = chars[start..end].iter().collect();
        assert_eq!(text, m["text"].as_str().expect("text"), "{m}");
    }
    assert!(
        a["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .any(|e| e["name"] == "San Francisco")
    );

    // The page and its files.
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("<script src=\"/app.js\" defer></script>"));
    for (path, kind) in [
        ("/app.js", "text/javascript"),
        ("/app.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").is_some_and(|t| t.starts_with(kind)), "{path}");
        assert!(!r.body.is_empty());
    }
}

#[test]
fn api_hits_and_counts_are_the_clis() {
    let ws = small_index();
    // Three search threads, whatever the machine's cores: the API's answers come from the parallel search.
    let server = Server::start(&ws, &["--threads", "3"]);
    for (query, extra_cli, extra_api) in [
        ("person:\"Steve Jobs\"", vec![], ""),
        ("place:Brussels", vec![], ""),
        (
            "putin",
            vec!["--facet", "person", "--facet", "country"],
            "&facet=person&facet=country",
        ),
        (
            "nato OR apple",
            vec!["--sort", "date", "--limit", "2", "--offset", "1"],
            "&sort=date&limit=2&offset=1",
        ),
    ] {
        let cli = ws.search(query, &extra_cli);
        let api = server.json(&format!("/api/search?q={}{extra_api}", enc(query)));
        let cli_hits: Vec<&Value> = cli.iter().filter(|l| l["type"] == "hit").collect();
        let cli_facets: Vec<&Value> = cli.iter().filter(|l| l["type"] == "facet").collect();
        let api_hits: Vec<&Value> = api["hits"].as_array().expect("hits").iter().collect();
        let api_facets: Vec<&Value> = api["facets"].as_array().expect("facets").iter().collect();
        assert!(!cli_hits.is_empty(), "{query}");
        assert_eq!(api_hits, cli_hits, "{query}");
        assert_eq!(api_facets, cli_facets, "{query}");
        let count = ws.cmd(&["search", "--count", query]).output().expect("runs");
        let count: u64 = String::from_utf8_lossy(&count.stdout).trim().parse().expect("a count");
        assert_eq!(api["count"], count, "{query}");
    }
    // The page's "appears with" is read from the person, place and org facets (each kind's top N holds the top N
    // of all kinds): the same rows as /api/entities, in the same order.
    for query in ["putin", "person:\"Steve Jobs\"", "nato OR apple"] {
        let n = 6;
        let facets = server.json(&format!(
            "/api/search?q={}&facet=person,place,org&facet_limit={n}",
            enc(query)
        ));
        let mut rows: Vec<(String, String, u64)> = Vec::new();
        for f in facets["facets"].as_array().expect("facets") {
            for v in f["values"].as_array().expect("values") {
                let kind = f["field"].as_str().expect("field").to_string();
                rows.push((
                    kind,
                    v["value"].as_str().expect("value").to_string(),
                    v["count"].as_u64().expect("count"),
                ));
            }
        }
        rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        rows.truncate(n);
        let entities = server.json(&format!("/api/entities?q={}&limit={n}", enc(query)));
        let expected: Vec<(String, String, u64)> = entities["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap_or("").to_string(),
                    e["name"].as_str().unwrap_or("").to_string(),
                    e["articles"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        assert_eq!(rows, expected, "{query}");
    }
    let out = ws
        .cmd(&["entities", "--json", "--kind", "place", "--limit", "4", "putin"])
        .output()
        .expect("runs");
    let api = server.json("/api/entities?q=putin&kind=place&limit=4");
    assert_eq!(api["entities"], Value::Array(json_lines(&out.stdout)));
}

#[test]
fn bad_input_is_a_clear_json_error_never_a_500() {
    let ws = small_index();
    let server = Server::start(&ws, &[]);
    let long = "a".repeat(1001);
    let cases: Vec<(String, u16, &str)> = vec![
        ("/api/search".into(), 400, "missing query"),
        ("/api/search?q=".into(), 400, "missing query"),
        (format!("/api/search?q={}", enc("foo:bar")), 400, "unknown field `foo`"),
        (format!("/api/search?q={}", enc("person:(putin")), 400, "invalid query"),
        (format!("/api/search?q={}", enc("\"unclosed")), 400, "invalid query"),
        (format!("/api/search?q={long}"), 400, "too long"),
        ("/api/search?q=putin&limit=abc".into(), 400, "`limit`"),
        ("/api/search?q=putin&limit=101".into(), 400, "`limit`"),
        ("/api/search?q=putin&limit=-1".into(), 400, "`limit`"),
        ("/api/search?q=putin&offset=10001".into(), 400, "`offset`"),
        ("/api/search?q=putin&sort=random".into(), 400, "`sort`"),
        ("/api/search?q=putin&after=2025-13-01".into(), 400, "not a date"),
        ("/api/search?q=putin&facet=title".into(), 400, "not a facet field"),
        ("/api/search?q=putin&fuzzy=maybe".into(), 400, "`fuzzy`"),
        (
            "/api/search?q=putin&colour=red".into(),
            400,
            "unknown parameter `colour`",
        ),
        ("/api/entities?kind=animal".into(), 400, "`kind`"),
        ("/api/entities?limit=1000000".into(), 400, "`limit`"),
        ("/api/article/0123456789abcdef01234567".into(), 404, "no article"),
        (
            format!("/api/article/{}", enc("<script>alert(1)</script>")),
            404,
            "no article",
        ),
        ("/api/article/..%2F..%2FCargo.toml".into(), 404, "no article"),
        ("/api/article/".into(), 404, "not found"),
        ("/Cargo.toml".into(), 404, "not found"),
        ("/../../etc/passwd".into(), 404, "not found"),
        ("/src/serve/web/app.js".into(), 404, "not found"),
    ];
    for (path, status, message) in &cases {
        let r = server.get(path);
        assert_eq!(r.status, *status, "{path}: {}", r.body);
        let body = r.json();
        let error = body["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: no error in {body}"));
        assert!(error.contains(message), "{path}: {error}");
    }
    // A query error says where.
    let r = server.get(&format!("/api/search?q={}", enc("putin foo:bar")));
    assert_eq!(r.json()["position"], 7, "{}", r.body);
    // Odd queries: answered, or refused with 400; never a server error.
    for q in [
        "\"",
        "(",
        ")",
        "person:",
        "date:[2025 TO",
        "~",
        "-",
        "+",
        "AND",
        "a~9",
        "date:2025-99",
        "\\",
        "é*",
        "*",
    ] {
        let r = server.get(&format!("/api/search?q={}", enc(q)));
        assert!(r.status == 200 || r.status == 400, "{q}: {} {}", r.status, r.body);
        r.json();
    }
    // Another site's name for this address (DNS rebinding) is refused.
    let r = server.request("/api/health", "Host: attacker.example");
    assert_eq!(r.status, 421, "{}", r.body);
    assert_eq!(
        server
            .request(
                "/api/health",
                &format!("Host: localhost:{}", server.addr.split(':').nth(1).unwrap_or(""))
            )
            .status,
        200
    );
}

#[test]
fn hostile_article_is_data_and_the_page_cannot_run_it() {
    let ws = small_index();
    let server = Server::start(&ws, &[]);
    let r = server.get(&format!("/api/search?q={}", enc("zorblax")));
    // Article text only ever leaves as JSON, which a browser will not read as a page.
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let hits = r.json()["hits"].clone();
    assert_eq!(hits[0]["title"], "Zorblax <script>alert('title')</script> report");
    let id = hits[0]["id"].as_str().expect("id");
    let r = server.get(&format!("/api/article/{id}"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(!r.body.contains("\n"), "one JSON value");
    let a = r.json();
    assert_eq!(a["url"], "javascript:alert('url')");
    assert!(a["body"].as_str().expect("body").contains("<img src=x onerror="));
    // The page is the same static file whatever the index holds, and allows no inline script.
    let page = server.get("/?q=zorblax&article=x");
    assert!(!page.body.contains("Zorblax") && !page.body.contains("alert"));
    assert!(!page.body.contains("<script>"), "no inline script in the page");
    for path in ["/", "/app.js", "/api/health", "/api/article/nope"] {
        let csp = server
            .get(path)
            .header("content-security-policy")
            .map(str::to_string)
            .expect("CSP");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert!(csp.contains("default-src 'none'"), "{csp}");
    }
    // The script puts article text in as text: none of the ways of writing HTML from a string appears in it.
    let script = server.get("/app.js").body;
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ] {
        assert!(!script.contains(sink), "app.js uses {sink}");
    }
    // No CORS unless asked for.
    assert_eq!(server.get("/api/health").header("access-control-allow-origin"), None);
}

#[test]
fn cors_only_with_the_flag() {
    let ws = small_index();
    let server = Server::start(&ws, &["--cors", "https://newsroom.example"]);
    let r = server.get("/api/health");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://newsroom.example")
    );
}

#[test]
fn searches_see_a_new_commit_and_the_server_stops_on_ctrl_c() {
    let ws = small_index();
    let mut server = Server::start(&ws, &[]);
    assert_eq!(server.json("/api/health")["articles"], 4);
    ws.write(
        "more/rome.txt",
        "Pope visits Rome\n\nMay 2, 2024\n\nPope Francis spoke in Rome, Italy on Thursday to a large crowd.\n",
    );
    assert_eq!(ws.ingest(&["more"])["added"], 1);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if server.json("/api/health")["articles"] == 5 {
            break;
        }
        assert!(Instant::now() < deadline, "the server never saw the ingest's commit");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.json(&format!("/api/search?q={}", enc("place:Rome")))["count"], 1);

    // SIGINT is what Ctrl-C sends.
    let pid = i32::try_from(server.child.id()).expect("pid");
    // SAFETY: kill(2) with a process id of our own child and a valid signal number.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(log.iter().any(|l| l.contains("stopped")), "{log:?}");
}

#[test]
fn serve_refuses_a_missing_index_and_a_bad_address() {
    let ws = Workspace::new();
    let out = ws.cmd(&["serve", "--addr", "127.0.0.1:0"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newsdex ingest"));
    let ws = small_index();
    let out = ws.cmd(&["serve", "--addr", "localhost"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--addr"));
    let out = ws
        .cmd(&["serve", "--addr", "127.0.0.1:0", "--threads", "0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--threads"));
}
