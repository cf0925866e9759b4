//! Talking to an engine over HTTP: where `URL[/INDEX]` points (the Elasticsearch / OpenSearch index, or Quickwit's
//! Elasticsearch-compatible API), requests retried with backoff on 429 and 5xx (a bounded number of times), and
//! the Bulk API's answers read item by item ([`BulkSender`]).

use std::time::Duration;

use serde_json::Value;

use super::Target;
use super::bulk::{Chunk, Deliver, Delivery};
use crate::error::Error;

/// The index used when the URL names none.
pub const DEFAULT_INDEX: &str = "newsdex";
/// Attempts per request (the first and the retries).
const ATTEMPTS: u32 = 6;
/// The first retry waits this long; each next one twice as long, at most [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Where requests go: the server's root, the index, and the credentials the URL carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `scheme://host:port` plus any path prefix before the index, without `/api/v1/_elastic` and without a `/`
    /// at the end.
    pub root: String,
    pub index: String,
    /// `user:password` from the URL, sent as HTTP basic authentication.
    pub auth: Option<String>,
    pub target: Target,
}

impl Endpoint {
    /// Parse `URL[/INDEX]`: `http://localhost:9200/news`, `https://user:pw@es:9200`, or for Quickwit
    /// `http://localhost:7280/news` and `http://localhost:7280/api/v1/_elastic/news` (which is Quickwit whatever
    /// `target` says).
    pub fn parse(url: &str, target: Target) -> Result<Endpoint, Error> {
        let bad = |why: &str| Error::Usage(format!("URL `{url}`: {why} (expected http[s]://HOST[:PORT][/INDEX])"));
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
        if scheme != "http" && scheme != "https" {
            return Err(bad("only http and https are supported"));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (auth, host) = match authority.rsplit_once('@') {
            Some((userinfo, host)) => (Some(userinfo.to_string()), host),
            None => (None, authority),
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        if path.contains(['?', '#']) {
            return Err(bad("no query string or fragment"));
        }
        let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let index = match segments.last() {
            Some(last) if !last.starts_with('_') && *last != "api" && *last != "v1" => {
                let index = last.to_string();
                segments.pop();
                index
            }
            _ => DEFAULT_INDEX.to_string(),
        };
        // Quickwit's Elasticsearch-compatible API: the URL says which engine it is.
        let mut target = target;
        if let Some(i) = segments.windows(3).position(|w| w == ["api", "v1", "_elastic"]) {
            segments.truncate(i);
            target = Target::Quickwit;
        }
        let mut root = format!("{scheme}://{host}");
        for s in segments {
            root.push('/');
            root.push_str(s);
        }
        Ok(Endpoint {
            root,
            index,
            auth,
            target,
        })
    }

    /// The URL of an API of the index: `_bulk`, `_search`.
    pub fn api(&self, api: &str) -> String {
        match self.target {
            Target::Quickwit => format!("{}/api/v1/_elastic/{}/{api}", self.root, self.index),
            _ => format!("{}/{}/{api}", self.root, self.index),
        }
    }
}

/// A blocking HTTP client with bounded retries.
pub struct Client {
    agent: ureq::Agent,
    pub endpoint: Endpoint,
    /// The first retry's wait (tests make it short).
    pub backoff: Duration,
}

/// An answer: its status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Client {
    pub fn new(endpoint: Endpoint) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build();
        Client {
            agent: config.into(),
            endpoint,
            backoff: FIRST_BACKOFF,
        }
    }

    /// POST `body` (of `content_type`) to `url`, retrying on 429, 5xx and failed connections with exponential
    /// backoff (or the server's `Retry-After`), at most [`ATTEMPTS`] times. Any other answer is returned as it is.
    pub fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Answer, Error> {
        let mut wait = self.backoff;
        let mut last_problem = String::new();
        for attempt in 1..=ATTEMPTS {
            let mut request = self.agent.post(url).header("Content-Type", content_type);
            if let Some(auth) = &self.endpoint.auth {
                request = request.header("Authorization", format!("Basic {}", base64(auth.as_bytes())));
            }
            match request.send(body) {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let text = response
                        .body_mut()
                        .with_config()
                        .limit(512 * 1024 * 1024)
                        .read_to_string()
                        .unwrap_or_default();
                    if status != 429 && status < 500 {
                        return Ok(Answer { status, body: text });
                    }
                    last_problem = format!("{status} {}", first_line(&text));
                    if let Some(after) = retry_after {
                        wait = after.min(MAX_BACKOFF);
                    }
                }
                Err(e) => last_problem = e.to_string(),
            }
            if attempt < ATTEMPTS {
                eprintln!("newsdex: {url}: {last_problem}; retrying in {:.1}s", wait.as_secs_f64());
                std::thread::sleep(wait);
                wait = (wait * 2).min(MAX_BACKOFF);
            }
        }
        Err(Error::Other(format!(
            "{url}: no success after {ATTEMPTS} attempts: {last_problem}"
        )))
    }
}

/// The first line of a body, shortened: for one-line error messages.
pub fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() > 300 {
        let cut: String = line.chars().take(300).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

/// Standard base64 (for HTTP basic authentication).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Sends Bulk API requests to an engine.
pub struct BulkSender {
    pub client: Client,
}

impl BulkSender {
    /// Send the items of `chunk` whose indexes are `which` (all of them the first time, then those the engine
    /// refused with 429); returns the answer's items, one per item sent.
    fn send(&self, chunk: &Chunk, which: &[usize]) -> Result<Vec<Option<(u16, String)>>, Error> {
        let mut body = Vec::with_capacity(chunk.body.len());
        for &i in which {
            let item = &chunk.items[i];
            body.extend_from_slice(&chunk.body[item.start..item.end]);
        }
        let url = self.client.endpoint.api("_bulk");
        let answer = self.client.post(&url, "application/x-ndjson", &body)?;
        let target = self.client.endpoint.target.name();
        if !(200..300).contains(&answer.status) {
            let first = which.first().and_then(|i| chunk.items.get(*i));
            let item = first.map_or(String::new(), |it| {
                format!(" (first item: document {} of {})", it.id, it.key)
            });
            return Err(Error::Other(format!(
                "{target} answered {} to the bulk request at {url}{item}: {}",
                answer.status,
                first_line(&answer.body)
            )));
        }
        let parsed: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
        let Some(items) = parsed.get("items").and_then(Value::as_array) else {
            if self.client.endpoint.target == Target::Quickwit {
                // Quickwit reports no items: a 2xx answer took them all.
                return Ok(vec![None; which.len()]);
            }
            return Err(Error::Other(format!(
                "{target} answered {} to the bulk request at {url} without a result per document: {}",
                answer.status,
                first_line(&answer.body)
            )));
        };
        Ok(which
            .iter()
            .enumerate()
            .map(|(n, _)| {
                let result = items.get(n)?.as_object()?.values().next()?;
                let status = result.get("status").and_then(Value::as_u64).unwrap_or(200) as u16;
                let reason = result
                    .get("error")
                    .map(|e| match (e.get("type"), e.get("reason")) {
                        (Some(t), Some(r)) => {
                            format!("{}: {}", t.as_str().unwrap_or("error"), r.as_str().unwrap_or(""))
                        }
                        _ => e.to_string(),
                    })
                    .unwrap_or_default();
                Some((status, reason))
            })
            .collect())
    }
}

impl Deliver for BulkSender {
    fn deliver(&mut self, chunk: &Chunk) -> Result<Delivery, Error> {
        let mut todo: Vec<usize> = (0..chunk.items.len()).collect();
        if self.client.endpoint.target == Target::Quickwit {
            // Quickwit's Bulk API only creates; deletions are delete tasks on the `id` field.
            let (deletes, creates): (Vec<usize>, Vec<usize>) = todo.iter().partition(|&&i| chunk.items[i].delete);
            for ids in deletes.chunks(200) {
                let query: Vec<String> = ids.iter().map(|&i| format!("id:{}", chunk.items[i].id)).collect();
                let body = serde_json::json!({"query": query.join(" OR ")}).to_string();
                let e = &self.client.endpoint;
                let url = format!("{}/api/v1/{}/delete-tasks", e.root, e.index);
                let answer = self.client.post(&url, "application/json", body.as_bytes())?;
                if !(200..300).contains(&answer.status) {
                    return Err(Error::Other(format!(
                        "quickwit answered {} to the delete task at {url}: {}",
                        answer.status,
                        first_line(&answer.body)
                    )));
                }
            }
            todo = creates;
        }
        let mut delivery = Delivery::default();
        let mut wait = self.client.backoff;
        for round in 1..=ATTEMPTS {
            if todo.is_empty() {
                break;
            }
            let results = self.send(chunk, &todo)?;
            let mut again = Vec::new();
            for (&i, result) in todo.iter().zip(results) {
                match result {
                    None => {}
                    Some((status, _)) if status < 300 => {}
                    // Deleting what is already gone is what was asked.
                    Some((404, _)) if chunk.items[i].delete => {}
                    Some((429, reason)) if round < ATTEMPTS => {
                        let _ = reason;
                        again.push(i);
                    }
                    Some((status, reason)) => delivery.failed.push((i, format!("{status} {reason}"))),
                }
            }
            if !again.is_empty() && round < ATTEMPTS {
                eprintln!(
                    "newsdex: {} of {} documents refused with 429 (busy); retrying in {:.1}s",
                    again.len(),
                    todo.len(),
                    wait.as_secs_f64()
                );
                std::thread::sleep(wait);
                wait = (wait * 2).min(MAX_BACKOFF);
            }
            todo = again;
        }
        Ok(delivery)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_root_and_index() {
        let e = Endpoint::parse("http://localhost:9200/news", Target::Elasticsearch).expect("parses");
        assert_eq!((e.root.as_str(), e.index.as_str()), ("http://localhost:9200", "news"));
        assert_eq!(e.api("_bulk"), "http://localhost:9200/news/_bulk");
        let e = Endpoint::parse("https://u:p@es.local:9200/", Target::Opensearch).expect("parses");
        assert_eq!(
            (e.root.as_str(), e.index.as_str()),
            ("https://es.local:9200", DEFAULT_INDEX)
        );
        assert_eq!(e.auth.as_deref(), Some("u:p"));
        let e = Endpoint::parse("http://qw:7280/api/v1/_elastic/news", Target::Elasticsearch).expect("parses");
        assert_eq!(e.target, Target::Quickwit);
        assert_eq!(e.api("_search"), "http://qw:7280/api/v1/_elastic/news/_search");
        assert!(Endpoint::parse("localhost:9200", Target::Elasticsearch).is_err());
        assert!(Endpoint::parse("ftp://x/y", Target::Elasticsearch).is_err());
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
    }
}
