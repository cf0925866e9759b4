//! newsdex: normalize news articles, extract the people, places and organizations they mention, index them with
//! tantivy, and search them by field.
//!
//! The pipeline runs one way: [`read`] (files to raw articles) -> [`normalize`] (clean [`article::Article`]) ->
//! [`extract`] (entity mentions) -> [`index`] (tantivy documents); [`search`] answers queries; [`ingest`] drives
//! the pipeline over many files; [`export`] hands its documents and queries to Elasticsearch, OpenSearch and
//! Quickwit; [`commands`] and [`output`] are the command line's side, [`serve`] the web page and JSON API's.
//! [`language`] tells normalization the language of a text and extraction which reader to use.

pub mod article;
pub mod casing;
pub mod cli;
pub mod commands;
pub mod error;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod language;
pub mod normalize;
pub mod output;
pub mod read;
pub mod search;
pub mod serve;
