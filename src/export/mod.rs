//! Export to distributed engines: Elasticsearch, OpenSearch and Quickwit. The index mapping generated from the
//! schema ([`mapping`]), the articles as Bulk API requests built by ingest's own pipeline ([`bulk`]), sent by a
//! small HTTP client ([`send`]), and the query language compiled to Elasticsearch Query DSL ([`dsl`]) for
//! `search --explain` and `search --remote` ([`remote`]).

pub mod bulk;
pub mod dsl;
pub mod mapping;
pub mod remote;
pub mod send;
pub mod state;

use serde::Serialize;

use crate::ingest::Summary;

/// The engine an export or a query is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Elasticsearch,
    Opensearch,
    Quickwit,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Elasticsearch => "elasticsearch",
            Target::Opensearch => "opensearch",
            Target::Quickwit => "quickwit",
        }
    }
}

/// The `exported` message: ingest's summary of the files, then where the requests went and what they did.
#[derive(Debug, Serialize)]
pub struct ExportSummary<'a> {
    #[serde(flatten)]
    pub files: &'a Summary,
    pub target: &'static str,
    /// `stdout`, the file, or the URL (without credentials).
    pub destination: String,
    pub requests: u64,
    pub request_bytes: u64,
    /// Documents indexed and deleted by the engine (or written, for a file or stdout).
    pub indexed: u64,
    pub deleted: u64,
}
