//! `newsdex serve`: the web page and JSON API over the index (see [`crate::serve`]).

use std::net::SocketAddr;
use std::path::Path;

use clap::Args;

use crate::error::Error;
use crate::serve::{Config, DEFAULT_ADDR};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; the default is loopback only (port 0: any free port)
    #[arg(long, default_value = DEFAULT_ADDR, value_name = "IP:PORT")]
    pub addr: String,
    /// Let pages from this origin call the API (Access-Control-Allow-Origin; `*` for any); none by default
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Log every request on stderr
    #[arg(long, short)]
    pub verbose: bool,
    /// Threads searching the index's segments, shared by all requests [default: number of cores, at most 8]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

pub fn run(index_dir: &Path, args: ServeArgs) -> Result<i32, Error> {
    let addr: SocketAddr = args
        .addr
        .parse()
        .map_err(|_| Error::Usage(format!("--addr `{}`: expected IP:PORT, e.g. {DEFAULT_ADDR}", args.addr)))?;
    crate::serve::run(Config {
        index_dir: index_dir.to_path_buf(),
        addr,
        cors_origin: args.cors,
        verbose: args.verbose,
        search_threads: super::search_threads(args.threads)?,
    })
}
