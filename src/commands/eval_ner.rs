//! `newsdex eval-ner`: score the entity extractor on a CoNLL file (span-level exact match per type).

use std::io::Write;

use clap::Args;

use crate::error::{Error, exit};
use crate::extract::tagger::Model;
use crate::extract::{Extractor, conll, eval};
use crate::output::json;

#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// CoNLL file: token first, gold tag (IOB1/IOB2; PER, LOC, ORG; MISC ignored) last; `-DOCSTART-` between
    /// documents. `FILE@M:R` scores only the documents whose index is R modulo M
    #[arg(value_name = "FILE")]
    pub file: String,
    /// One JSON object for scripts
    #[arg(long)]
    pub json: bool,
    /// Score this model file (from `train-ner`) instead of the model built into newsdex
    #[arg(long, value_name = "FILE")]
    pub model: Option<std::path::PathBuf>,
}

pub fn run(args: EvalNerArgs) -> Result<i32, Error> {
    let (path, split) = conll::parse_spec(&args.file);
    let loaded;
    let extractor = match &args.model {
        Some(file) => {
            let bytes = std::fs::read(file).map_err(|e| Error::Usage(format!("{}: {e}", file.display())))?;
            let model = Model::from_bytes(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", file.display())))?;
            loaded = Extractor::new(model);
            &loaded
        }
        None => Extractor::global(),
    };
    // An unreadable or empty file is a usage error (exit 2): the argument points at the problem.
    let report =
        eval::eval_conll_with(extractor, &path, split).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    if report.tokens == 0 {
        return Err(Error::Usage(format!(
            "{}: no tokens found (expected CoNLL: token first, tag last, blank lines between sentences)",
            path.display()
        )));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = Error::Output;
    if args.json {
        let scores = match report.to_json() {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        writeln!(out, "{}", json::line(&json::Message::Eval(scores))).map_err(io)?;
    } else {
        write!(out, "{}", report.to_text()).map_err(io)?;
    }
    Ok(exit::OK)
}
