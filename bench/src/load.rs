//! The load benchmark of `newsdex serve` (issue 12): starts the server on loopback (port 0) over an index, then
//! runs N concurrent clients, each on its own keep-alive connection, sending `GET /api/search` requests drawn
//! from the search benchmark's query classes (a person, a place within a year, free text) until a time limit or a
//! request count is reached, whichever comes first. Reports latency percentiles, errors, throughput and the
//! server's resident memory (peak and at the end), then stops the server with SIGINT. Loopback only: the server
//! it measures is the one it started on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::{Context, Error, Result, Stats};

/// Longest run allowed, whatever is asked.
pub const MAX_SECONDS: f64 = 600.0;

/// What to run (the `newsdex-bench load` options).
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// The newsdex index to serve
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// The newsdex binary [default: `newsdex` next to this binary]
    #[arg(long, value_name = "FILE")]
    pub newsdex: Option<PathBuf>,
    /// Concurrent clients, each on its own keep-alive connection
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub clients: usize,
    /// How long to send requests (at most 600)
    #[arg(long, value_name = "S", default_value_t = 30.0)]
    pub seconds: f64,
    /// Stop after this many requests in all, even before the time is up
    #[arg(long, value_name = "N", default_value_t = 5_000_000)]
    pub max_requests: u64,
    /// Queries per class (person, place+date, free text)
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub queries: usize,
    /// Ask for what the web page asks for: five facets and the timeline besides the hits
    #[arg(long)]
    pub page: bool,
    /// Each client starts a request at most once per this many ms (people reading between searches); 0: back to
    /// back, which measures the server saturated
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub pace_ms: u64,
}

#[derive(Debug, Serialize)]
pub struct Report {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub index: String,
    pub documents: u64,
    pub clients: usize,
    pub page_requests: bool,
    pub pace_ms: u64,
    pub seconds: f64,
    pub requests: u64,
    /// Requests that failed: a connection error or a status other than 200.
    pub errors: u64,
    pub requests_per_second: f64,
    pub latency: Option<Stats>,
    /// The server's CPU time (user + system, all threads) while the clients ran, per request answered: what a
    /// request costs, whatever the other load on the machine.
    pub server_cpu_ms_per_request: Option<f64>,
    pub server_peak_rss_bytes: Option<u64>,
    pub server_rss_at_end_bytes: Option<u64>,
    pub load_before: Option<f64>,
    pub load_after: Option<f64>,
}

/// The server this benchmark started; stopped (SIGINT, then kill) when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(bin: &Path, index: &Path) -> Result<Server> {
        let mut child = Command::new(bin)
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {} serve", bin.display()))?;
        let stderr = child.stderr.take().ok_or_else(|| Error("no stderr".into()))?;
        let mut first = String::new();
        BufReader::new(stderr).read_line(&mut first)?;
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .map(str::to_string);
        match addr {
            Some(addr) if addr.starts_with("127.0.0.1:") => Ok(Server { child, addr }),
            _ => {
                let _ = child.kill();
                bail!("newsdex serve did not start on loopback: {}", first.trim())
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with the id of our own child process and a valid signal.
            unsafe { libc::kill(pid, libc::SIGINT) };
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encode a query-string value.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
}

impl Client {
    /// GET `path`; the status, once the whole body has been read.
    fn get(&mut self, path: &str) -> std::io::Result<u16> {
        if self.stream.is_none() {
            let s = TcpStream::connect(&self.addr)?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            self.stream = Some(BufReader::new(s));
        }
        let result = self.exchange(path);
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    fn exchange(&mut self, path: &str) -> std::io::Result<u16> {
        let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
        let addr = self.addr.clone();
        let stream = self.stream.as_mut().ok_or_else(|| bad("no connection"))?;
        write!(stream.get_mut(), "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n")?;
        let mut line = String::new();
        stream.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("no status line"))?;
        let mut length: Option<usize> = None;
        loop {
            line.clear();
            if stream.read_line(&mut line)? == 0 {
                return Err(bad("connection closed in the headers"));
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok();
            }
        }
        let length = length.ok_or_else(|| bad("no content-length"))?;
        let mut body = vec![0; length];
        stream.read_exact(&mut body)?;
        Ok(status)
    }
}

/// Run the load benchmark.
pub fn run(opts: &Options) -> Result<Report> {
    let index = newsdex::index::open(&opts.index)?;
    let searcher = newsdex::search::Searcher::open(&index, &opts.index)?;
    let documents = searcher.num_docs();
    let extra = if opts.page {
        "&facet=person,place,org,country,source&facet_limit=8&timeline=true"
    } else {
        ""
    };
    let paths: Vec<String> = crate::search::queries(&searcher, opts.queries)?
        .into_iter()
        .flat_map(|(_, queries)| queries)
        .map(|q| format!("/api/search?q={}&limit=10{extra}", encode(&q)))
        .collect();
    drop(searcher);
    let bin = opts.newsdex.clone().unwrap_or_else(|| PathBuf::from("newsdex"));
    let server = Server::start(&bin, &opts.index)?;
    let load_before = crate::load_average();
    // Warm-up, not counted: every query once.
    let mut warm = Client {
        addr: server.addr.clone(),
        stream: None,
    };
    for path in &paths {
        let status = warm.get(path).with_context(|| format!("warm-up request {path}"))?;
        if status != 200 {
            bail!("warm-up request {path} answered {status}");
        }
    }
    let seconds = opts.seconds.clamp(0.1, MAX_SECONDS);
    let cpu_before = crate::cpu_seconds_of(server.child.id());
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let sent = Arc::new(AtomicU64::new(0));
    let paths = Arc::new(paths);
    let workers: Vec<_> = (0..opts.clients.max(1))
        .map(|i| {
            let (sent, paths, addr) = (Arc::clone(&sent), Arc::clone(&paths), server.addr.clone());
            let max = opts.max_requests;
            let pace = Duration::from_millis(opts.pace_ms);
            // Paced clients start spread over one interval, not all at once.
            let mut due = started + pace.mul_f64(i as f64 / opts.clients.max(1) as f64);
            std::thread::spawn(move || {
                let mut client = Client { addr, stream: None };
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut next = i;
                loop {
                    let now = Instant::now();
                    if due > now {
                        std::thread::sleep(due - now);
                    }
                    due = due.max(Instant::now()) + pace;
                    if Instant::now() >= deadline || sent.fetch_add(1, Ordering::Relaxed) >= max {
                        break;
                    }
                    let path = &paths[next % paths.len()];
                    next += 1;
                    let t = Instant::now();
                    match client.get(path) {
                        Ok(200) => latencies.push(t.elapsed().as_secs_f64() * 1000.0),
                        Ok(_) | Err(_) => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.join().map_err(|_| Error("a client thread panicked".into()))?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu_after = crate::cpu_seconds_of(server.child.id());
    let (peak, now) = crate::rss_of(server.child.id());
    let load_after = crate::load_average();
    drop(server);
    let requests = latencies.len() as u64 + errors;
    Ok(Report {
        kind: "load",
        index: opts.index.display().to_string(),
        documents,
        clients: opts.clients.max(1),
        page_requests: opts.page,
        pace_ms: opts.pace_ms,
        seconds: elapsed,
        requests,
        errors,
        requests_per_second: requests as f64 / elapsed,
        server_cpu_ms_per_request: match (cpu_before, cpu_after) {
            (Some(a), Some(b)) if requests > 0 => Some((b - a) * 1000.0 / requests as f64),
            _ => None,
        },
        latency: Stats::of(&latencies),
        server_peak_rss_bytes: peak,
        server_rss_at_end_bytes: now,
        load_before,
        load_after,
    })
}

/// The report as a few lines for people.
pub fn table(r: &Report) -> String {
    let ms = |f: fn(&Stats) -> f64| r.latency.as_ref().map_or("-".into(), |s| format!("{:.2}", f(s)));
    let mib = |b: Option<u64>| b.map_or("-".into(), |b| format!("{:.0} MiB", b as f64 / 1_048_576.0));
    format!(
        "newsdex serve under load: {} clients{} for {:.1} s over {} articles ({})\n\
         requests  {} ({:.0}/s), errors {}, server CPU {} ms a request\n\
         latency   p50 {} ms, p99 {} ms, mean {} ms, max {} ms\n\
         server    peak RSS {}, RSS at the end {}\n\
         load      {} before, {} after (1 min)",
        r.clients,
        if r.pace_ms > 0 {
            format!(", each at most one request per {} ms", r.pace_ms)
        } else {
            ", back to back".into()
        },
        r.seconds,
        r.documents,
        if r.page_requests {
            "the page's requests: hits, 5 facets, timeline"
        } else {
            "hits only"
        },
        r.requests,
        r.requests_per_second,
        r.errors,
        r.server_cpu_ms_per_request.map_or("-".into(), |c| format!("{c:.2}")),
        ms(|s| s.median_ms),
        ms(|s| s.p99_ms),
        ms(|s| s.mean_ms),
        ms(|s| s.max_ms),
        mib(r.server_peak_rss_bytes),
        mib(r.server_rss_at_end_bytes),
        r.load_before.map_or("-".into(), |l| format!("{l:.2}")),
        r.load_after.map_or("-".into(), |l| format!("{l:.2}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(encode("person:\"A B\""), "person%3A%22A%20B%22");
        assert_eq!(encode("date:[2009-01-01 TO *]"), "date%3A%5B2009-01-01%20TO%20%2A%5D");
    }
}
