//! Finding the files to ingest: walking folders (walkdir), reading path lists from stdin, include/exclude globs,
//! skipping hidden files and `.git`.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use crate::error::Error;

/// Something the walk found: a file to consider, or a path it could not walk.
#[derive(Debug)]
pub enum Found {
    File(PathBuf),
    Error { path: PathBuf, message: String },
}

/// Filters applied to every file found.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Also walk hidden files and folders (names starting with `.`).
    pub hidden: bool,
}

fn glob_set(patterns: &[String], flag: &str) -> Result<Option<GlobSet>, Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| Error::Usage(format!("{flag} `{p}`: {e}")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| Error::Usage(format!("{flag}: {e}")))
}

impl Filters {
    pub fn new(include: &[String], exclude: &[String], hidden: bool) -> Result<Filters, Error> {
        Ok(Filters {
            include: glob_set(include, "--include")?,
            exclude: glob_set(exclude, "--exclude")?,
            hidden,
        })
    }

    /// Whether a file found under `root` (a path given on the command line) passes the globs. As in ripgrep and
    /// fd, a pattern is matched against the path relative to the root (`drafts/*` excludes `ROOT/drafts/x.html`);
    /// it also matches the file's name alone (`*.html`) or its whole path as found.
    pub fn accepts(&self, root: &Path, path: &Path) -> bool {
        let name = path.file_name().map(Path::new).unwrap_or(path);
        let relative = path.strip_prefix(root).ok().filter(|r| !r.as_os_str().is_empty());
        let hit = |set: &GlobSet| set.is_match(name) || set.is_match(path) || relative.is_some_and(|r| set.is_match(r));
        self.include.as_ref().is_none_or(hit) && !self.exclude.as_ref().is_some_and(hit)
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.') && name != "." && name != ".."
}

/// Walk `root` (a file or a folder), calling `found` for every file that passes the filters.
/// Returns false if `found` asked to stop.
pub fn walk(root: &Path, filters: &Filters, found: &mut dyn FnMut(Found) -> bool) -> bool {
    let walker = WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|e| e.depth() == 0 || filters.hidden || !is_hidden(e.file_name()));
    for entry in walker {
        let item = match entry {
            Ok(e) if e.file_type().is_dir() => continue,
            Ok(e) => {
                if !filters.accepts(root, e.path()) {
                    continue;
                }
                Found::File(e.into_path())
            }
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else if let Some(io) = e.io_error() {
                    io.to_string()
                } else {
                    e.to_string()
                };
                Found::Error { path, message }
            }
        };
        if !found(item) {
            return false;
        }
    }
    true
}

/// Read a list of paths from `input`: one per line, or NUL-separated when `null` is set.
pub fn read_path_list(mut input: impl Read, null: bool) -> std::io::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let sep = if null { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|p| {
            if !null && p.ends_with(b"\r") {
                &p[..p.len() - 1]
            } else {
                p
            }
        })
        .filter(|p| !p.is_empty())
        .map(path_from_bytes)
        .collect())
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(OsString::from_vec(bytes.to_vec()))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(OsString::from(String::from_utf8_lossy(bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_lists() {
        let list = read_path_list(&b"a.txt\r\nb c.txt\n\n"[..], false).expect("reads");
        assert_eq!(list, vec![PathBuf::from("a.txt"), PathBuf::from("b c.txt")]);
        let list = read_path_list(&b"x\ny.txt\0z.txt\0"[..], true).expect("reads");
        assert_eq!(list, vec![PathBuf::from("x\ny.txt"), PathBuf::from("z.txt")]);
    }

    #[test]
    fn globs_match_name_or_path() {
        let root = Path::new("corpus");
        let f = Filters::new(&["*.txt".into()], &["*draft*".into()], false).expect("globs");
        assert!(f.accepts(root, Path::new("corpus/a.txt")));
        assert!(!f.accepts(root, Path::new("corpus/a.html")));
        assert!(!f.accepts(root, Path::new("corpus/draft-a.txt")));
        assert!(Filters::new(&["[".into()], &[], false).is_err());
    }

    #[test]
    fn globs_match_relative_to_the_root() {
        let f = Filters::new(&[], &["drafts/*".into()], false).expect("globs");
        let root = Path::new("/home/me/articles");
        assert!(!f.accepts(root, Path::new("/home/me/articles/drafts/x.html")));
        assert!(f.accepts(root, Path::new("/home/me/articles/final/x.html")));
        // A deeper folder of the same name is another path relative to the root.
        assert!(f.accepts(root, Path::new("/home/me/articles/2024/drafts/x.html")));
        let f = Filters::new(&["**/drafts/**".into()], &[], false).expect("globs");
        assert!(f.accepts(root, Path::new("/home/me/articles/2024/drafts/x.html")));
        // A file given by itself is its own root: its name is matched.
        let f = Filters::new(&["*.html".into()], &[], false).expect("globs");
        let file = Path::new("/tmp/page.html");
        assert!(f.accepts(file, file));
    }

    #[test]
    fn walk_skips_hidden() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join(".git")).expect("mkdir");
        std::fs::write(dir.path().join(".git/config"), "x").expect("write");
        std::fs::write(dir.path().join(".hidden.txt"), "x").expect("write");
        std::fs::write(dir.path().join("a.txt"), "x").expect("write");
        let mut files = Vec::new();
        walk(dir.path(), &Filters::default(), &mut |f| {
            if let Found::File(p) = f {
                files.push(p);
            }
            true
        });
        assert_eq!(files, vec![dir.path().join("a.txt")]);
    }
}
