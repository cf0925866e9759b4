//! One module per subcommand: each turns its arguments into library calls and prints the results.

pub mod bench_extract;
pub mod entities;
pub mod eval_ner;
pub mod ingest;
pub mod inspect;
pub mod search;
pub mod train_ner;

use crate::error::Error;

/// Parse a `YYYY-MM-DD` flag value.
pub fn parse_day(flag: &str, value: &str) -> Result<chrono::NaiveDate, Error> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| Error::Usage(format!("{flag} `{value}` is not a date (YYYY-MM-DD)")))
}
