//! `export --url` and `search --remote` against a test server on loopback. The server is not an engine: it records
//! each request and answers as the Bulk and Search APIs answer (a whole request refused with 429, a per-item 429,
//! a per-item mapping error, a 404), so retries, error reporting and the state file can be checked.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::{Workspace, json_lines, news_corpus};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
struct Request {
    path: String,
    content_type: String,
    body: String,
}

type Recorded = Arc<Mutex<Vec<Request>>>;

/// Serve on 127.0.0.1 (a free port) in a thread, answering request number `n` with `answer(n, &request)`; at most
/// 50 requests, then the thread ends. Returns the base URL and the recorded requests.
fn serve(answer: impl Fn(usize, &Request) -> (u16, String) + Send + 'static) -> (String, Recorded) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let recorded: Recorded = Arc::default();
    let log = recorded.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().take(50).enumerate() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
            let Some(request) = read_request(&mut stream) else {
                continue;
            };
            log.lock().expect("lock").push(request.clone());
            let (status, body) = answer(n, &request);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, recorded)
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let (mut length, mut chunked, mut content_type) = (0usize, false, String::new());
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-type" => content_type = value.trim().to_string(),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut part = vec![0; size + 2];
            reader.read_exact(&mut part).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&part[..size]);
        }
    } else {
        body.resize(length, 0);
        reader.read_exact(&mut body).ok()?;
    }
    Some(Request {
        path,
        content_type,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// The (action, document) line pairs of a bulk body.
fn actions(body: &str) -> Vec<(Value, Value)> {
    let lines: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    lines.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect()
}

/// A Bulk API answer: one item per action, with the status `status_of` gives its document.
fn bulk_answer(body: &str, status_of: impl Fn(&Value) -> u16) -> String {
    let items: Vec<Value> = actions(body)
        .iter()
        .map(|(action, doc)| {
            let id = &action["index"]["_id"];
            match status_of(doc) {
                s if s < 300 => json!({"index": {"_id": id, "status": s}}),
                429 => json!({"index": {"_id": id, "status": 429, "error": {"type": "es_rejected_execution_exception", "reason": "queue full"}}}),
                s => json!({"index": {"_id": id, "status": s, "error": {"type": "mapper_parsing_exception", "reason": "failed to parse field [date]"}}}),
            }
        })
        .collect();
    let errors = items.iter().any(|i| i["index"]["status"].as_u64() != Some(201));
    json!({"took": 1, "errors": errors, "items": items}).to_string()
}

/// `newsdex export --target TARGET --url URL --state STATE EXTRA... news`, run.
fn export_to(ws: &Workspace, target: &str, url: &str, state: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["export", "--target", target, "--url", url, "--state", state];
    args.extend_from_slice(extra);
    args.push("news");
    ws.cmd(&args).output().expect("runs")
}

fn title(doc: &Value) -> &str {
    doc["title"].as_str().unwrap_or("")
}

#[test]
fn retries_busy_answers_and_reports_the_refused_item_by_file() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.write(
        "news/broken.txt",
        "Broken headline\n\nThis article is refused by the engine.\n",
    );
    let (base, recorded) = serve(|n, req| match n {
        0 => (429, r#"{"error":"too many requests"}"#.into()),
        1 => (
            200,
            bulk_answer(&req.body, |doc| match title(doc) {
                "Broken headline" => 400,
                t if t.starts_with("Apple") => 429,
                _ => 201,
            }),
        ),
        _ => (200, bulk_answer(&req.body, |_| 201)),
    });
    let out = export_to(
        &ws,
        "elasticsearch",
        &format!("{base}/news-index"),
        "state.json",
        &["--json"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("429") && stderr.contains("retrying"), "{stderr}");

    let reqs = recorded.lock().expect("lock").clone();
    assert_eq!(reqs.len(), 3, "{reqs:?}");
    assert!(reqs.iter().all(|r| r.path == "/news-index/_bulk"));
    assert_eq!(reqs[0].content_type, "application/x-ndjson");
    // The whole request again after the 429, then only the item refused as busy.
    assert_eq!(reqs[0].body, reqs[1].body);
    assert_eq!(actions(&reqs[0].body).len(), 4);
    let retried = actions(&reqs[2].body);
    assert_eq!(retried.len(), 1);
    assert!(title(&retried[0].1).starts_with("Apple"));

    let summary = json_lines(&out.stdout).pop().expect("summary");
    assert_eq!(summary["type"], "exported");
    assert_eq!(summary["indexed"], 3);
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["requests"], 1);
    let error = &summary["errors"][0];
    assert!(error["path"].as_str().expect("path").ends_with("broken.txt"), "{error}");
    assert!(
        error["error"]
            .as_str()
            .expect("error")
            .contains("mapper_parsing_exception"),
        "{error}"
    );

    // The refused file is not in the state: the next run sends it, and only it.
    let (base, recorded) = serve(|_, req| (200, bulk_answer(&req.body, |_| 201)));
    let out = export_to(
        &ws,
        "elasticsearch",
        &format!("{base}/news-index"),
        "state.json",
        &["--json"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reqs = recorded.lock().expect("lock").clone();
    assert_eq!(reqs.len(), 1);
    let sent = actions(&reqs[0].body);
    assert_eq!(sent.len(), 1);
    assert_eq!(title(&sent[0].1), "Broken headline");
    let summary = json_lines(&out.stdout).pop().expect("summary");
    assert_eq!(
        (summary["unchanged"].as_u64(), summary["documents"].as_u64()),
        (Some(3), Some(4))
    );
}

#[test]
fn a_refused_request_stops_with_one_line_naming_its_first_item() {
    let ws = Workspace::new();
    news_corpus(&ws);
    let (base, recorded) = serve(|_, _| {
        (
            404,
            r#"{"error":{"type":"index_not_found_exception","reason":"no such index [nope]"},"status":404}"#.into(),
        )
    });
    let out = export_to(&ws, "opensearch", &format!("{base}/nope"), "state.json", &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("opensearch answered 404")
            && errors[0].contains("first item: document")
            && errors[0].contains("index_not_found_exception"),
        "{stderr}"
    );
    assert_eq!(recorded.lock().expect("lock").len(), 1, "a 4xx is not retried");
    let state = std::fs::read_to_string(ws.path("state.json")).expect("state written");
    assert!(
        !state.contains("news/"),
        "nothing acknowledged, nothing recorded: {state}"
    );
}

#[test]
fn quickwit_gets_creates_and_delete_tasks() {
    let ws = Workspace::new();
    news_corpus(&ws);
    let (base, _) = serve(|_, _| (200, "{}".into()));
    let run = |base: &str| export_to(&ws, "quickwit", &format!("{base}/news"), "qw.json", &["--prune"]);
    assert!(run(&base).status.success());
    std::fs::remove_file(ws.path("news/apple-iphone.txt")).expect("rm");
    let (base, recorded) = serve(|_, _| (200, r#"{"create_timestamp":1}"#.into()));
    let out = run(&base);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reqs = recorded.lock().expect("lock").clone();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    assert_eq!(reqs[0].path, "/api/v1/news/delete-tasks");
    let task: Value = serde_json::from_str(&reqs[0].body).expect("JSON");
    assert!(task["query"].as_str().expect("query").starts_with("id:"), "{task}");
}

#[test]
fn remote_search_sends_the_explained_request_and_prints_hits_as_local_search_does() {
    let ws = Workspace::new();
    news_corpus(&ws);
    ws.ingest(&["news"]);
    let query = "person:putin place:alaska";
    let local = ws.search(query, &["--facet", "person"]);
    let local_hit = local.iter().find(|l| l["type"] == "hit").expect("a local hit");

    // The engine's answer: the exported document of that article.
    let ndjson = ws
        .cmd(&["export", "--target", "elasticsearch", "news"])
        .output()
        .expect("runs")
        .stdout;
    let doc = String::from_utf8_lossy(&ndjson)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .find(|d| d["id"] == local_hit["id"])
        .expect("exported");
    let answer = json!({
        "hits": {"total": {"value": 1}, "hits": [{"_id": doc["id"], "_score": 3.25, "_source": doc}]},
        "aggregations": {"person": {"buckets": [{"key": "Vladimir Putin", "doc_count": 1}]}}
    })
    .to_string();
    let (base, recorded) = serve(move |_, _| (200, answer.clone()));
    let remote = ws.search(query, &["--facet", "person", "--remote", &format!("{base}/news")]);

    let reqs = recorded.lock().expect("lock").clone();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].path, "/news/_search");
    let explained = ws
        .cmd(&["search", "--explain", "elasticsearch", "--facet", "person", query])
        .output()
        .expect("runs")
        .stdout;
    let explained: Value = serde_json::from_slice(&explained).expect("JSON");
    let sent: Value = serde_json::from_str(&reqs[0].body).expect("JSON");
    assert_eq!(sent, explained);

    let hit = remote.iter().find(|l| l["type"] == "hit").expect("a remote hit");
    let keys = |v: &Value| v.as_object().expect("object").keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(hit), keys(local_hit));
    assert_eq!(hit["score"], 3.25);
    for field in [
        "id", "path", "title", "date", "person", "place", "org", "country", "snippet", "matches",
    ] {
        assert_eq!(hit[field], local_hit[field], "{field}");
    }
    let facet = remote.iter().find(|l| l["type"] == "facet").expect("facet");
    assert_eq!(facet["values"][0], json!({"value": "Vladimir Putin", "count": 1}));
}

#[test]
fn cluster_check_skips_when_no_node_answers() {
    // A port nothing listens on: bound, then released.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/cluster-check.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .arg(format!("http://127.0.0.1:{port}"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("skipped: no node answers"), "{stdout}");
}

#[test]
fn an_answer_without_item_results_is_not_taken_for_success() {
    let ws = Workspace::new();
    news_corpus(&ws);
    let (base, _) = serve(|_, _| (200, "{}".into()));
    let out = export_to(&ws, "elasticsearch", &format!("{base}/news"), "s.json", &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("without a result per document"), "{stderr}");
    let state = std::fs::read_to_string(ws.path("s.json")).expect("state");
    assert!(!state.contains("putin-alaska"), "{state}");
}

#[test]
fn remote_count_and_errors() {
    let ws = Workspace::new();
    let (base, recorded) = serve(|n, _| match n {
        0 => (200, r#"{"hits":{"total":{"value":42},"hits":[]}}"#.into()),
        _ => (
            404,
            r#"{"error":{"type":"index_not_found_exception","reason":"no such index [news]"},"status":404}"#.into(),
        ),
    });
    let url = format!("{base}/news");
    let out = ws
        .cmd(&["search", "--remote", &url, "--count", "--sort", "date", "nato"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "42");
    let sent: Value = serde_json::from_str(&recorded.lock().expect("lock")[0].body).expect("JSON");
    assert_eq!(sent["size"], 0);
    assert_eq!(sent["sort"][0]["date"]["order"], "desc");

    let out = ws.cmd(&["search", "--remote", &url, "nato"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("answered 404") && stderr.contains("index_not_found_exception"),
        "{stderr}"
    );
    // A bad query is refused before anything is sent.
    let out = ws
        .cmd(&["search", "--remote", &url, "nato AND"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(recorded.lock().expect("lock").len(), 2);
}
