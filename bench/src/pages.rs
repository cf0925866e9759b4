//! `newsdex-bench pages`: how well normalization does on pages of outlets newsdex has no rules for.
//!
//! The fixtures in `tests/pages/` are article files written for newsdex in the styles of real outlets' pages, with
//! one expectation each in `expected.jsonl`: the title, outlet, date and language a reader would give, sentences of
//! the article that must be in the main text, and boilerplate of the same file (menus, newsletter prompts, related
//! headlines, credits, copyright) that must not be. The scorer runs `newsdex inspect --json DIR` once and compares.
//!
//! Strings are compared after collapsing whitespace (any Unicode space, so `&nbsp;` counts as a space) and turning
//! typographic quotes into straight ones; must and must-not strings are looked for as substrings of the body.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use crate::{Context, Result};

/// The default folder of fixtures.
pub const DEFAULT_DIR: &str = "tests/pages";

/// The expectations file inside the folder.
pub const EXPECTED_FILE: &str = "expected.jsonl";

/// Files of the folder that are not fixtures (left out of the `inspect` run).
const NOT_FIXTURES: &[&str] = &[EXPECTED_FILE, "README.md"];

/// How to run the scorer.
#[derive(Debug, Clone)]
pub struct Options {
    /// The fixture folder, holding `expected.jsonl`.
    pub dir: PathBuf,
    /// The `newsdex` binary to run.
    pub newsdex_bin: PathBuf,
}

/// What one fixture should give.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Expectation {
    /// Path of the fixture relative to the folder ("en/some-page.html").
    pub file: String,
    #[serde(default)]
    pub lang: Option<String>,
    pub title: String,
    /// The outlet; `None` when the file does not say.
    #[serde(default)]
    pub source: Option<String>,
    /// `YYYY-MM-DD`; `None` when the file holds no publication date.
    #[serde(default)]
    pub date: Option<String>,
    /// Sentences or long phrases of the article that must be in the body.
    pub must: Vec<String>,
    /// Boilerplate of the same file that must not be in the body.
    pub must_not: Vec<String>,
}

/// One line of `newsdex inspect --json` (the fields the scorer reads; others are ignored).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InspectLine {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub date_source: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    /// For `skipped` lines.
    #[serde(default)]
    pub reason: Option<String>,
    /// For `error` lines.
    #[serde(default)]
    pub error: Option<String>,
}

/// What became of a fixture.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "detail")]
pub enum Status {
    /// Read as an article.
    Article,
    /// `inspect` skipped it, with the reason.
    Skipped(String),
    /// `inspect` reported an error for it.
    Error(String),
    /// `inspect` said nothing about it.
    Missing,
}

/// The outcome for one fixture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileResult {
    pub file: String,
    pub lang: Option<String>,
    #[serde(flatten)]
    pub status: Status,
    pub must_total: usize,
    /// Must strings not found in the body.
    pub missing: Vec<String>,
    pub must_not_total: usize,
    /// Must-not strings found in the body.
    pub leaked: Vec<String>,
    pub expected_title: String,
    pub title: Option<String>,
    pub title_exact: bool,
    pub title_case_insensitive: bool,
    pub expected_source: Option<String>,
    pub source: Option<String>,
    pub source_ok: bool,
    pub expected_date: Option<String>,
    pub date: Option<String>,
    pub date_source: Option<String>,
    pub date_ok: bool,
    /// A date given where the file holds none.
    pub invented_date: bool,
    pub got_lang: Option<String>,
    pub lang_ok: bool,
}

impl FileResult {
    /// True when every check passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Article
            && self.missing.is_empty()
            && self.leaked.is_empty()
            && self.title_exact
            && self.source_ok
            && self.date_ok
            && self.lang_ok
    }
}

/// A count and what it is out of.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ratio {
    pub hits: usize,
    pub total: usize,
    /// `hits / total`, or `None` when `total` is 0.
    pub rate: Option<f64>,
}

impl Ratio {
    pub fn new(hits: usize, total: usize) -> Ratio {
        Ratio {
            hits,
            total,
            rate: (total > 0).then(|| hits as f64 / total as f64),
        }
    }

    fn of<T>(items: &[T], pred: impl Fn(&T) -> bool) -> Ratio {
        Ratio::new(items.iter().filter(|i| pred(i)).count(), items.len())
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub dir: String,
    pub newsdex: String,
    pub fixtures: usize,
    /// Fixtures read as an article.
    pub read: usize,
    pub skipped: usize,
    pub errors: usize,
    /// Fixtures `inspect` printed nothing for.
    pub missing: usize,
    /// Article lines that matched no expectation (files in the folder without one).
    pub unexpected: usize,
    /// Must strings found in the body, over all fixtures (a fixture not read finds none).
    pub recall: Ratio,
    /// One minus the leak rate.
    pub precision: Option<f64>,
    pub f1: Option<f64>,
    /// Must-not strings found in the body, over the fixtures read.
    pub leak: Ratio,
    pub title_exact: Ratio,
    pub title_case_insensitive: Ratio,
    pub source: Ratio,
    pub date: Ratio,
    /// Dates given for fixtures that hold none, out of the fixtures that hold none.
    pub invented_dates: Ratio,
    pub lang: Ratio,
    /// Fixtures that passed every check.
    pub passed: Ratio,
    /// Per-fixture outcomes (in the JSON line only with `--verbose`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileResult>,
}

/// Collapse runs of whitespace (any Unicode white space) to one space, trim, and make typographic quotes straight.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(straight_quote(c));
    }
    out
}

fn straight_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
        _ => c,
    }
}

/// Does `haystack` (already normalized) hold `needle` once both are normalized? An empty needle is not found.
pub fn contains(normalized_haystack: &str, needle: &str) -> bool {
    let needle = normalize(needle);
    !needle.is_empty() && normalized_haystack.contains(&needle)
}

/// Equal after normalization.
pub fn same(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// Equal after normalization, ignoring case.
pub fn same_ignoring_case(a: &str, b: &str) -> bool {
    normalize(a).to_lowercase() == normalize(b).to_lowercase()
}

/// Does `path` (as `inspect` printed it) name the fixture `file` (relative to the folder)? True when it ends with
/// it at a path-component boundary; backslashes count as slashes.
pub fn path_matches(path: &str, file: &str) -> bool {
    let path = path.replace('\\', "/");
    let file = file.replace('\\', "/");
    let file = file.trim_start_matches("./");
    if file.is_empty() {
        return false;
    }
    path == file || path.strip_suffix(file).is_some_and(|head| head.ends_with('/'))
}

/// Read `expected.jsonl`: one expectation per non-blank line.
pub fn parse_expectations(text: &str, name: &str) -> Result<Vec<Expectation>> {
    let mut out: Vec<Expectation> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: Expectation = serde_json::from_str(line).with_context(|| format!("{name} line {}", i + 1))?;
        if e.file.trim().is_empty() {
            bail!("{name} line {}: empty \"file\"", i + 1);
        }
        if out.iter().any(|o| o.file == e.file) {
            bail!("{name} line {}: {} is listed twice", i + 1, e.file);
        }
        out.push(e);
    }
    if out.is_empty() {
        bail!("{name} holds no expectations");
    }
    Ok(out)
}

/// Parse `inspect --json` output: one JSON object per non-blank line.
pub fn parse_inspect(stdout: &str) -> Result<Vec<InspectLine>> {
    stdout
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("newsdex inspect output line {} is not a message", i + 1))
        })
        .collect()
}

/// Score one fixture against what `inspect` said about it (`None`: nothing).
pub fn score_file(e: &Expectation, line: Option<&InspectLine>) -> FileResult {
    let status = match line {
        None => Status::Missing,
        Some(l) => match l.kind.as_str() {
            "article" => Status::Article,
            "skipped" => Status::Skipped(l.reason.clone().unwrap_or_default()),
            "error" => Status::Error(l.error.clone().unwrap_or_default()),
            other => Status::Error(format!("unexpected message type {other:?}")),
        },
    };
    let article = line.filter(|_| status == Status::Article);
    let body = article.map(|a| normalize(&a.body)).unwrap_or_default();
    let missing = e.must.iter().filter(|m| !contains(&body, m)).cloned().collect();
    let leaked = e.must_not.iter().filter(|m| contains(&body, m)).cloned().collect();
    let title = article.map(|a| a.title.clone());
    let source = article.and_then(|a| a.source.clone()).filter(|s| !s.trim().is_empty());
    let date = article.and_then(|a| a.date.clone()).filter(|d| !d.trim().is_empty());
    let got_lang = article.and_then(|a| a.lang.clone());
    let source_ok = article.is_some()
        && match (&e.source, &source) {
            (None, None) => true,
            (Some(want), Some(got)) => same_ignoring_case(want, got),
            _ => false,
        };
    let date_ok = article.is_some() && normalized_opt(&e.date) == normalized_opt(&date);
    let lang_ok = article.is_some()
        && normalized_opt(&e.lang).map(|l| l.to_lowercase()) == normalized_opt(&got_lang).map(|l| l.to_lowercase());
    FileResult {
        file: e.file.clone(),
        lang: e.lang.clone(),
        must_total: e.must.len(),
        missing,
        must_not_total: e.must_not.len(),
        leaked,
        expected_title: e.title.clone(),
        title_exact: title.as_deref().is_some_and(|t| same(t, &e.title)),
        title_case_insensitive: title.as_deref().is_some_and(|t| same_ignoring_case(t, &e.title)),
        title,
        expected_source: e.source.clone(),
        source,
        source_ok,
        expected_date: e.date.clone(),
        invented_date: e.date.is_none() && date.is_some(),
        date,
        date_source: article.and_then(|a| a.date_source.clone()),
        date_ok,
        got_lang,
        lang_ok,
        status,
    }
}

fn normalized_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(normalize).filter(|s| !s.is_empty())
}

/// Score every expectation against `inspect`'s lines.
pub fn score(dir: &str, newsdex: &str, expected: &[Expectation], lines: &[InspectLine]) -> Report {
    // The first line naming each fixture counts; a later one for the same file (a second record) is ignored.
    let mut by_file: HashMap<&str, &InspectLine> = HashMap::new();
    let mut unexpected = 0;
    for l in lines {
        let Some(e) = expected.iter().find(|e| path_matches(&l.path, &e.file)) else {
            if l.kind == "article" {
                unexpected += 1;
            }
            continue;
        };
        by_file.entry(e.file.as_str()).or_insert(l);
    }
    let files: Vec<FileResult> = expected
        .iter()
        .map(|e| score_file(e, by_file.get(e.file.as_str()).copied()))
        .collect();
    let count = |f: fn(&Status) -> bool| files.iter().filter(|r| f(&r.status)).count();
    let must_total: usize = files.iter().map(|r| r.must_total).sum();
    let must_found: usize = files.iter().map(|r| r.must_total - r.missing.len()).sum();
    let read: Vec<&FileResult> = files.iter().filter(|r| r.status == Status::Article).collect();
    let leak_total: usize = read.iter().map(|r| r.must_not_total).sum();
    let leaked: usize = read.iter().map(|r| r.leaked.len()).sum();
    let recall = Ratio::new(must_found, must_total);
    let leak = Ratio::new(leaked, leak_total);
    let precision = leak.rate.map(|l| 1.0 - l);
    let f1 = match (precision, recall.rate) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    };
    let no_date: Vec<&FileResult> = files.iter().filter(|r| r.expected_date.is_none()).collect();
    Report {
        kind: "pages-report",
        dir: dir.to_string(),
        newsdex: newsdex.to_string(),
        fixtures: files.len(),
        read: read.len(),
        skipped: count(|s| matches!(s, Status::Skipped(_))),
        errors: count(|s| matches!(s, Status::Error(_))),
        missing: count(|s| matches!(s, Status::Missing)),
        unexpected,
        recall,
        precision,
        f1,
        leak,
        title_exact: Ratio::of(&files, |r| r.title_exact),
        title_case_insensitive: Ratio::of(&files, |r| r.title_case_insensitive),
        source: Ratio::of(&files, |r| r.source_ok),
        date: Ratio::of(&files, |r| r.date_ok),
        invented_dates: Ratio::of(&no_date, |r| r.invented_date),
        lang: Ratio::of(&files, |r| r.lang_ok),
        passed: Ratio::of(&files, FileResult::passed),
        files,
    }
}

/// Run `newsdex inspect --json DIR` and score its output.
pub fn run(opts: &Options) -> Result<Report> {
    let dir = &opts.dir;
    if !dir.is_dir() {
        bail!(
            "{}: no such folder (run from the repository root, or pass the fixture folder)",
            dir.display()
        );
    }
    let expected_path = dir.join(EXPECTED_FILE);
    let text =
        std::fs::read_to_string(&expected_path).with_context(|| format!("reading {}", expected_path.display()))?;
    let expected = parse_expectations(&text, &expected_path.display().to_string())?;
    let stdout = run_inspect(&opts.newsdex_bin, dir)?;
    let lines = parse_inspect(&stdout)?;
    Ok(score(
        &dir.display().to_string(),
        &opts.newsdex_bin.display().to_string(),
        &expected,
        &lines,
    ))
}

/// The standard output of `newsdex inspect --json DIR`, leaving out the files that are not fixtures.
fn run_inspect(bin: &Path, dir: &Path) -> Result<String> {
    if !bin.is_file() {
        bail!(
            "{}: no newsdex binary there (build it with `cargo build --release`, or pass --newsdex FILE)",
            bin.display()
        );
    }
    let mut cmd = Command::new(bin);
    cmd.arg("inspect").arg("--json").arg(dir);
    for name in NOT_FIXTURES {
        cmd.arg("--exclude").arg(name);
    }
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    // inspect exits non-zero when a file could not be read, and still prints every file: only an empty output is a
    // failure of the run itself.
    if !out.status.success() && stdout.trim().is_empty() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        bail!("{} inspect failed ({}): {first}", bin.display(), out.status);
    }
    Ok(stdout)
}

fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn frac(r: &Ratio) -> String {
    format!("{}/{}", r.hits, r.total)
}

/// The report as a table.
pub fn table(r: &Report) -> String {
    let mut lines = vec![
        format!(
            "pages: {} fixtures in {}; {} read as articles, {} skipped, {} errors, {} missing",
            r.fixtures, r.dir, r.read, r.skipped, r.errors, r.missing
        ),
        format!("{:<28} {:>7}  {}", "check", "score", "count"),
    ];
    let mut row = |name: &str, value: String, count: String| {
        lines.push(format!("{name:<28} {value:>7}  {count}").trim_end().to_string())
    };
    row(
        "main text precision",
        pct(r.precision),
        format!("1 - leak, over the {} fixtures read", r.read),
    );
    row(
        "main text recall",
        pct(r.recall.rate),
        format!("{} must strings found", frac(&r.recall)),
    );
    row("main text F1", pct(r.f1), String::new());
    row(
        "boilerplate leak rate",
        pct(r.leak.rate),
        format!("{} must-not strings in the body", frac(&r.leak)),
    );
    row("title (exact)", pct(r.title_exact.rate), frac(&r.title_exact));
    row(
        "title (case-insensitive)",
        pct(r.title_case_insensitive.rate),
        frac(&r.title_case_insensitive),
    );
    row("outlet", pct(r.source.rate), frac(&r.source));
    row("date", pct(r.date.rate), frac(&r.date));
    row(
        "invented dates",
        pct(r.invented_dates.rate),
        format!("{} fixtures without a date got one", frac(&r.invented_dates)),
    );
    row("language", pct(r.lang.rate), frac(&r.lang));
    row("all checks passed", pct(r.passed.rate), frac(&r.passed));
    if r.unexpected > 0 {
        lines.push(format!(
            "({} articles in the folder have no expectation and were not scored)",
            r.unexpected
        ));
    }
    lines.join("\n")
}

fn shown(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "null".into(), |s| format!("{s:?}"))
}

/// What failed, fixture by fixture (fixtures that passed every check are left out).
pub fn failures(r: &Report) -> String {
    let mut out = Vec::new();
    for f in r.files.iter().filter(|f| !f.passed()) {
        out.push(f.file.clone());
        match &f.status {
            Status::Article => {}
            Status::Skipped(why) => out.push(format!("  skipped: {why}")),
            Status::Error(why) => out.push(format!("  error: {why}")),
            Status::Missing => out.push("  missing: newsdex inspect printed nothing for it".into()),
        }
        if f.status != Status::Article {
            continue;
        }
        if !f.title_exact {
            let case = if f.title_case_insensitive {
                " (differs in case only)"
            } else {
                ""
            };
            out.push(format!(
                "  title: expected {:?}, got {}{case}",
                f.expected_title,
                shown(&f.title)
            ));
        }
        if !f.source_ok {
            out.push(format!(
                "  outlet: expected {}, got {}",
                shown(&f.expected_source),
                shown(&f.source)
            ));
        }
        if !f.date_ok {
            let from = f
                .date_source
                .as_deref()
                .map(|s| format!(" (from {s})"))
                .unwrap_or_default();
            let invented = if f.invented_date { " INVENTED" } else { "" };
            out.push(format!(
                "  date: expected {}, got {}{from}{invented}",
                shown(&f.expected_date),
                shown(&f.date)
            ));
        }
        if !f.lang_ok {
            out.push(format!(
                "  language: expected {}, got {}",
                shown(&f.lang),
                shown(&f.got_lang)
            ));
        }
        for m in &f.missing {
            out.push(format!("  missing from body: {m:?}"));
        }
        for m in &f.leaked {
            out.push(format!("  leaked into body: {m:?}"));
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expectation(file: &str, date: Option<&str>, source: Option<&str>) -> Expectation {
        Expectation {
            file: file.into(),
            lang: Some("en".into()),
            title: "Ferry fares will rise".into(),
            source: source.map(str::to_string),
            date: date.map(str::to_string),
            must: vec![
                "The operator's fares rise \u{201C}soon\u{201D}.".into(),
                "Second sentence here.".into(),
            ],
            must_not: vec!["Sign up for our newsletter".into(), "© 2024 Example".into()],
        }
    }

    fn article(path: &str, title: &str, body: &str, date: Option<&str>, source: Option<&str>) -> InspectLine {
        InspectLine {
            kind: "article".into(),
            path: path.into(),
            title: title.into(),
            body: body.into(),
            date: date.map(str::to_string),
            date_source: date.map(|_| "metadata".into()),
            source: source.map(str::to_string),
            lang: Some("en".into()),
            ..InspectLine::default()
        }
    }

    #[test]
    fn normalize_collapses_whitespace_and_straightens_quotes() {
        assert_eq!(normalize("  a \n\t b\u{00A0}c  "), "a b c");
        assert_eq!(
            normalize("\u{2018}x\u{2019} \u{201C}y\u{201D} \u{201E}z\u{201C} \u{201A}w\u{2018}"),
            "'x' \"y\" \"z\" 'w'"
        );
        assert_eq!(normalize("it\u{2019}s"), "it's");
        // Guillemets are not quotes to straighten.
        assert_eq!(normalize("\u{AB} oui \u{BB}"), "\u{AB} oui \u{BB}");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \u{3000} "), "");
    }

    #[test]
    fn contains_compares_normalized_strings() {
        let body = normalize("He said \u{201C}no\u{201D}.\n\nThe  city\u{00A0}council voted.");
        assert!(contains(&body, "said \"no\". The city council voted."));
        assert!(contains(&body, "The city council   voted."));
        assert!(!contains(&body, "the city council voted."), "case matters in the body");
        assert!(!contains(&body, ""), "an empty string is never found");
        assert!(!contains(&body, "   "));
    }

    #[test]
    fn titles_compare_exactly_or_ignoring_case() {
        assert!(same(" Rice prices  climb ", "Rice prices climb"));
        assert!(same("Karnataka\u{2019}s reservoirs", "Karnataka's reservoirs"));
        assert!(!same("Rice Prices Climb", "Rice prices climb"));
        assert!(same_ignoring_case("RICE PRICES CLIMB", "Rice prices climb"));
        assert!(same_ignoring_case("EL PA\u{CD}S", "El Pa\u{ED}s"));
        assert!(!same_ignoring_case("Rice prices", "Rice prices climb"));
    }

    #[test]
    fn paths_match_at_component_boundaries() {
        assert!(path_matches("tests/pages/en/a.html", "en/a.html"));
        assert!(path_matches("/abs/tests/pages//en/a.html", "en/a.html"));
        assert!(path_matches("en/a.html", "en/a.html"));
        assert!(path_matches("tests\\pages\\en\\a.html", "en/a.html"));
        assert!(path_matches("tests/pages/en/a.html", "./en/a.html"));
        assert!(!path_matches("tests/pages/xen/a.html", "en/a.html"));
        assert!(!path_matches("tests/pages/en/a.html.bak", "en/a.html"));
        assert!(!path_matches("tests/pages/en/a.html", ""));
    }

    #[test]
    fn expectations_parse_and_errors_name_the_line() {
        let ok = concat!(
            r#"{"file":"a.txt","lang":"en","title":"T","source":null,"date":null,"must":["x"],"must_not":["y"]}"#,
            "\n\n",
            r#"{"file":"b.txt","title":"T","source":"Vox","date":"2024-01-02","must":[],"must_not":[]}"#,
            "\n"
        );
        let e = parse_expectations(ok, "expected.jsonl").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].source, None);
        assert_eq!(e[1].date.as_deref(), Some("2024-01-02"));
        let bad = format!("{}\n{{\"file\": ", ok.lines().next().unwrap_or_default());
        let err = parse_expectations(&bad, "expected.jsonl")
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(err.starts_with("expected.jsonl line 2:"), "{err}");
        let twice = format!("{0}\n{0}", ok.lines().next().unwrap_or_default());
        let err = parse_expectations(&twice, "x").err().map(|e| e.0).unwrap_or_default();
        assert!(err.contains("listed twice"), "{err}");
        assert!(parse_expectations("\n", "x").is_err());
    }

    #[test]
    fn a_fixture_is_scored_field_by_field() {
        let e = expectation("en/a.html", Some("2024-02-27"), Some("CBC News"));
        let body = "The operator\u{2019}s fares rise \"soon\".\n\nSign up for our newsletter\n\nMore text.";
        let l = article(
            "tests/pages/en/a.html",
            "Ferry fares  will rise",
            body,
            Some("2024-02-27"),
            Some("CBC NEWS"),
        );
        let r = score_file(&e, Some(&l));
        assert_eq!(r.status, Status::Article);
        assert_eq!(r.missing, vec!["Second sentence here.".to_string()]);
        assert_eq!(r.leaked, vec!["Sign up for our newsletter".to_string()]);
        assert!(r.title_exact && r.title_case_insensitive);
        assert!(r.source_ok, "outlets compare ignoring case");
        assert!(r.date_ok && !r.invented_date);
        assert!(r.lang_ok);
        assert!(!r.passed());
    }

    #[test]
    fn null_expectations_must_stay_null() {
        let e = expectation("a.txt", None, None);
        let invented = article(
            "a.txt",
            "Ferry fares will rise",
            "",
            Some("2026-12-02"),
            Some("The Hindu"),
        );
        let r = score_file(&e, Some(&invented));
        assert!(r.invented_date && !r.date_ok);
        assert!(!r.source_ok);
        let fine = article("a.txt", "Ferry fares will rise", "", None, None);
        let r = score_file(&e, Some(&fine));
        assert!(!r.invented_date && r.date_ok && r.source_ok);
        // A date expected and none given is wrong but not invented.
        let e = expectation("a.txt", Some("2024-01-01"), None);
        let r = score_file(&e, Some(&fine));
        assert!(!r.date_ok && !r.invented_date);
    }

    #[test]
    fn unread_fixtures_fail_every_check() {
        let e = expectation("a.txt", None, None);
        let skipped = InspectLine {
            kind: "skipped".into(),
            path: "a.txt".into(),
            reason: Some("empty file".into()),
            ..InspectLine::default()
        };
        for (line, status) in [
            (Some(&skipped), Status::Skipped("empty file".into())),
            (None, Status::Missing),
        ] {
            let r = score_file(&e, line);
            assert_eq!(r.status, status);
            assert_eq!(r.missing.len(), 2);
            assert!(r.leaked.is_empty());
            assert!(!r.title_exact && !r.source_ok && !r.date_ok && !r.lang_ok && !r.invented_date);
        }
    }

    #[test]
    fn report_totals() {
        let expected = vec![
            expectation("en/a.html", Some("2024-02-27"), Some("CBC News")),
            expectation("en/b.txt", None, None),
            expectation("en/c.txt", None, None),
            expectation("en/d.txt", None, None),
        ];
        let good_body = "The operator's fares rise \"soon\". Second sentence here.";
        let lines = vec![
            article(
                "p/en/a.html",
                "Ferry fares will rise",
                good_body,
                Some("2024-02-27"),
                Some("CBC News"),
            ),
            article(
                "p/en/b.txt",
                "b",
                "Sign up for our newsletter. © 2024 Example",
                Some("2026-01-01"),
                None,
            ),
            InspectLine {
                kind: "error".into(),
                path: "p/en/c.txt".into(),
                error: Some("cannot read".into()),
                ..InspectLine::default()
            },
            article("p/en/other.txt", "x", "", None, None),
        ];
        let r = score("p", "newsdex", &expected, &lines);
        assert_eq!(
            (r.fixtures, r.read, r.errors, r.missing, r.skipped, r.unexpected),
            (4, 2, 1, 1, 0, 1)
        );
        assert_eq!((r.recall.hits, r.recall.total), (2, 8));
        // Leaks count over the fixtures read: b leaked both of its two.
        assert_eq!((r.leak.hits, r.leak.total), (2, 4));
        assert_eq!(r.precision, Some(0.5));
        let f1 = r.f1.unwrap_or_default();
        assert!((f1 - 2.0 * 0.5 * 0.25 / 0.75).abs() < 1e-9, "{f1}");
        assert_eq!((r.title_exact.hits, r.title_exact.total), (1, 4));
        assert_eq!((r.source.hits, r.source.total), (2, 4));
        assert_eq!((r.date.hits, r.date.total), (1, 4));
        assert_eq!((r.invented_dates.hits, r.invented_dates.total), (1, 3));
        assert_eq!((r.passed.hits, r.passed.total), (1, 4));
        let t = table(&r);
        assert!(t.contains("invented dates") && t.contains("33.3%"), "{t}");
        let f = failures(&r);
        assert!(
            f.contains("en/b.txt") && f.contains("INVENTED") && f.contains("error: cannot read"),
            "{f}"
        );
        assert!(f.contains("missing: newsdex inspect printed nothing"), "{f}");
        assert!(!f.contains("en/a.html"), "a passed every check: {f}");
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(json.starts_with(r#"{"type":"pages-report""#), "{json}");
    }

    #[test]
    fn inspect_output_must_be_json_lines() {
        let out = "{\"type\":\"article\",\"path\":\"a.txt\",\"title\":\"T\",\"body\":\"B\",\"date\":null,\"extra\":[1]}\n\n{\"type\":\"skipped\",\"path\":\"b.bin\",\"reason\":\"binary\"}\n";
        let lines = parse_inspect(out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].reason.as_deref(), Some("binary"));
        let err = parse_inspect("{\"type\":\"article\"}\nnot json\n")
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn missing_things_are_one_line_errors() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let opts = |d: &Path, bin: &Path| Options {
            dir: d.to_path_buf(),
            newsdex_bin: bin.to_path_buf(),
        };
        let nowhere = dir.path().join("nowhere");
        let err = run(&opts(&nowhere, &nowhere)).err().map(|e| e.0).unwrap_or_default();
        assert!(err.contains("no such folder") && !err.contains('\n'), "{err}");
        let err = run(&opts(dir.path(), &nowhere)).err().map(|e| e.0).unwrap_or_default();
        assert!(err.starts_with("reading ") && err.contains(EXPECTED_FILE), "{err}");
        let line = r#"{"file":"a.txt","title":"T","must":["x"],"must_not":["y"]}"#;
        std::fs::write(dir.path().join(EXPECTED_FILE), line).unwrap_or_else(|e| panic!("{e}"));
        let err = run(&opts(dir.path(), &nowhere)).err().map(|e| e.0).unwrap_or_default();
        assert!(err.contains("no newsdex binary there") && !err.contains('\n'), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn runs_a_newsdex_binary_once() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let pages = dir.path().join("pages");
        std::fs::create_dir(&pages).unwrap_or_else(|e| panic!("{e}"));
        let line = r#"{"file":"en/a.txt","lang":"en","title":"T","source":null,"date":null,"must":["Body text."],"must_not":["Share"]}"#;
        std::fs::write(pages.join(EXPECTED_FILE), line).unwrap_or_else(|e| panic!("{e}"));
        // A stand-in for newsdex that checks its arguments and prints one article.
        let bin = dir.path().join("newsdex");
        let script = r#"#!/bin/sh
[ "$1 $2" = "inspect --json" ] || { echo "bad arguments: $*" >&2; exit 2; }
case "$*" in *"--exclude expected.jsonl"*) ;; *) echo "expected.jsonl not excluded" >&2; exit 2;; esac
echo '{"type":"article","path":"'"$3"'/en/a.txt","title":"T","body":"Body text.","date":null,"date_source":null,"source":null,"lang":"en"}'
"#;
        std::fs::write(&bin, script).unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
        let r = run(&Options {
            dir: pages.clone(),
            newsdex_bin: bin.clone(),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.read, r.passed.hits), (1, 1), "{}", failures(&r));
        // A binary that fails without output is a one-line error with its message.
        let broken = dir.path().join("broken-newsdex");
        std::fs::write(&broken, "#!/bin/sh\necho 'error: something broke' >&2\nexit 2\n")
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&broken, std::fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
        let err = run(&Options {
            dir: pages,
            newsdex_bin: broken,
        })
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
        assert!(
            err.contains("inspect failed") && err.contains("something broke"),
            "{err}"
        );
    }
}
