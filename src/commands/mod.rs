//! One module per subcommand: each turns its arguments into library calls and prints the results.

pub mod entities;
pub mod eval_ner;
pub mod export;
pub mod ingest;
pub mod inspect;
pub mod search;
pub mod serve;
pub mod train_ner;

use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::read::walk::{Filters, read_path_list};

/// The files a command reads: paths of files and folders, or `-` for a list on stdin, with globs. Shared by
/// `ingest` and `inspect`, which take the same things.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Files or folders (read recursively); `-` reads a list of paths from stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Which files of the paths given are read (`PathArgs` without the paths, for commands whose paths are optional).
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Path lists on stdin are NUL-separated (as `find -print0` writes them)
    #[arg(long, short = '0')]
    pub null: bool,
    /// Only files matching this glob (relative to the folder given, the file name, or the path); repeatable
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files matching this glob; repeatable
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Also read hidden files and folders (names starting with `.`)
    #[arg(long)]
    pub hidden: bool,
}

impl PathArgs {
    /// The roots to walk (stdin's list read when `-` is given) and the filters; every path given must exist.
    pub fn resolve(&self) -> Result<(Vec<PathBuf>, Filters), Error> {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut stdin_used = false;
        for p in &self.paths {
            if p.as_os_str() == "-" {
                if stdin_used {
                    return Err(Error::Usage("`-` (read paths from stdin) may be given once".into()));
                }
                stdin_used = true;
                let list = read_path_list(std::io::stdin().lock(), self.filters.null)
                    .map_err(|e| Error::Usage(format!("reading paths from stdin: {e}")))?;
                paths.extend(list);
            } else {
                if std::fs::symlink_metadata(p).is_err() {
                    return Err(Error::Usage(format!("{}: no such file or directory", p.display())));
                }
                paths.push(p.clone());
            }
        }
        if self.filters.null && !stdin_used {
            return Err(Error::Usage(
                "--null only applies to a path list read from stdin (`-`)".into(),
            ));
        }
        let f = &self.filters;
        Ok((paths, Filters::new(&f.include, &f.exclude, f.hidden)?))
    }
}

/// Parse a `YYYY-MM-DD` flag value.
pub fn parse_day(flag: &str, value: &str) -> Result<chrono::NaiveDate, Error> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| Error::Usage(format!("{flag} `{value}` is not a date (YYYY-MM-DD)")))
}

/// `--threads` of `search` and `entities`, checked: the number of cores when not given, at most
/// [`crate::index::MAX_SEARCH_THREADS`] then.
pub(crate) fn search_threads(flag: Option<usize>) -> Result<usize, Error> {
    match flag {
        Some(n) => ingest::worker_threads(Some(n)),
        None => Ok(ingest::worker_threads(None)?.min(crate::index::MAX_SEARCH_THREADS)),
    }
}
