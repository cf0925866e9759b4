//! Benchmarks of ingest, search and extraction (issues 5, 6 and 10), driven by the `newsdex-bench` binary. A
//! workspace member of its own (`publish = false`), so that the product library and binary hold no benchmark code.
//!
//! * [`generate`]: the deterministic corpus generator shared by both benchmarks.
//! * [`extract`]: extraction speed alone, per CPU second of one core.
//! * [`ingest`]: ingest throughput with extraction, a plain-tantivy baseline, peak RSS, index size, re-run time.
//! * [`search`]: in-process and whole-process query latency for person, place+date and free-text queries.
//! * [`load`]: `newsdex serve` under concurrent clients on loopback: latency percentiles, errors, server memory.
//! * [`pages`]: not a speed benchmark: scores normalization (main text, title, outlet, date) on the fixture pages of
//!   `tests/pages/` by running `newsdex inspect --json` on them.
//!
//! This module owns the measuring helpers they share: percentiles, process memory and CPU time, machine load and
//! directory sizes. Everything here reads Linux's `/proc`; elsewhere the figures are reported as unknown.

/// Return early with a formatted [`Error`].
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::Error(format!($($arg)*)))
    };
}

pub mod extract;
pub mod generate;
pub mod ingest;
pub mod load;
pub mod pages;
pub mod search;
pub mod tantivy_cli;

use std::fmt::Display;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// A benchmark failure: one line saying what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(pub String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error(e.to_string())
    }
}

impl From<newsdex::error::Error> for Error {
    fn from(e: newsdex::error::Error) -> Error {
        Error(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Adding what was being done to an error, as in "reading corpus/a.txt: permission denied".
pub trait Context<T> {
    fn context(self, what: &str) -> Result<T>;
    fn with_context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: &str) -> Result<T> {
        self.map_err(|e| Error(format!("{what}: {e}")))
    }

    fn with_context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {e}", what())))
    }
}

/// The `p`-th percentile (0..=100) of `sorted` (ascending) by the nearest-rank method: the smallest value such
/// that at least `p`% of the values are less than or equal to it. `None` for an empty slice.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let p = p.clamp(0.0, 100.0);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Summary statistics of a set of durations, in milliseconds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    pub samples: usize,
    pub median_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

impl Stats {
    /// Statistics of `ms` (any order); `None` when empty.
    pub fn of(ms: &[f64]) -> Option<Stats> {
        let mut sorted: Vec<f64> = ms.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        Some(Stats {
            samples: sorted.len(),
            median_ms: percentile(&sorted, 50.0)?,
            p99_ms: percentile(&sorted, 99.0)?,
            mean_ms: sorted.iter().sum::<f64>() / sorted.len() as f64,
            min_ms: *sorted.first()?,
            max_ms: *sorted.last()?,
        })
    }
}

/// A `kB` line of `/proc/self/status` (or of another process, `/proc/PID/status`), in bytes.
fn proc_status_kb(key: &str) -> Option<u64> {
    proc_status_kb_of("self", key)
}

fn proc_status_kb_of(process: &str, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let kb: u64 = rest.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb * 1024)
    })
}

/// Peak resident memory of this process so far (`VmHWM`), in bytes.
pub fn peak_rss_bytes() -> Option<u64> {
    proc_status_kb("VmHWM")
}

/// Peak resident memory of another process so far (`VmHWM`), in bytes, and its resident memory now (`VmRSS`).
pub fn rss_of(pid: u32) -> (Option<u64>, Option<u64>) {
    let pid = pid.to_string();
    (proc_status_kb_of(&pid, "VmHWM"), proc_status_kb_of(&pid, "VmRSS"))
}

/// User + system CPU time of this process (all threads) so far, in seconds.
pub fn cpu_seconds() -> Option<f64> {
    cpu_times().map(|(user, system)| user + system)
}

/// User and system CPU time of this process (all threads) so far, in seconds. Assumes the usual 100 clock ticks
/// per second (`getconf CLK_TCK`).
pub fn cpu_times() -> Option<(f64, f64)> {
    cpu_times_of("self")
}

/// User + system CPU time of another process (all threads) so far, in seconds.
pub fn cpu_seconds_of(pid: u32) -> Option<f64> {
    cpu_times_of(&pid.to_string()).map(|(user, system)| user + system)
}

fn cpu_times_of(pid: &str) -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the name: state is field 3, utime field 14, stime field 15.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime / 100.0, stime / 100.0))
}

/// The 1-minute load average.
pub fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Total size of the regular files under `dir`, in bytes.
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Megabytes (10^6 bytes), for tables.
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_names_what_failed() {
        let r: std::result::Result<(), std::io::Error> = Err(std::io::Error::other("denied"));
        assert_eq!(r.context("reading a.txt"), Err(Error("reading a.txt: denied".into())));
    }

    #[test]
    fn percentile_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), Some(50.0));
        assert_eq!(percentile(&v, 99.0), Some(99.0));
        assert_eq!(percentile(&v, 100.0), Some(100.0));
        assert_eq!(percentile(&v, 0.0), Some(1.0));
        assert_eq!(percentile(&[3.0], 99.0), Some(3.0));
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 50.0), Some(3.0));
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 50.0), Some(2.0));
        // With fewer than 100 samples the p99 is the maximum.
        assert_eq!(percentile(&[1.0, 2.0, 9.0], 99.0), Some(9.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn stats_sort_their_input() {
        let s = Stats::of(&[5.0, 1.0, 3.0, f64::NAN]).unwrap_or_else(|| panic!("stats"));
        assert_eq!(s.samples, 3);
        assert_eq!(s.median_ms, 3.0);
        assert_eq!(s.p99_ms, 5.0);
        assert_eq!(s.min_ms, 1.0);
        assert_eq!(s.mean_ms, 3.0);
        assert!(Stats::of(&[]).is_none());
    }

    #[test]
    fn proc_readers_work_on_linux() {
        if Path::new("/proc/self/status").exists() {
            assert!(peak_rss_bytes().is_some_and(|b| b > 0));
            assert!(cpu_seconds().is_some());
        }
    }
}
