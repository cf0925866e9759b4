//! `newsdex train-ner`: train the entity tagger on CoNLL files and write the model file (deterministic).

use std::time::Instant;

use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, exit};
use crate::extract::{conll, train};

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// CoNLL training file, repeatable (a file given twice counts twice); `FILE@M:R` keeps the documents whose
    /// index is R modulo M
    #[arg(long, required = true, value_name = "FILE")]
    pub train: Vec<String>,
    /// Where to write the model
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Passes over the training data
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub epochs: usize,
    /// Training runs in different orders whose weights are averaged (less variance)
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub runs: usize,
}

pub fn run(args: TrainNerArgs) -> Result<i32, Error> {
    let files: Vec<train::TrainFile> = args
        .train
        .iter()
        .map(|spec| {
            let (path, split) = conll::parse_spec(spec);
            train::TrainFile { path, split }
        })
        .collect();
    for f in &files {
        if !f.path.is_file() {
            return Err(Error::Usage(format!("{}: training file not found", f.path.display())));
        }
    }
    if args.epochs == 0 || args.runs == 0 {
        return Err(Error::Usage("--epochs and --runs must be at least 1".into()));
    }
    let opts = train::TrainOptions {
        epochs: args.epochs,
        runs: args.runs,
        verbose: true,
        ..Default::default()
    };
    let start = Instant::now();
    let model = train::train(&files, &opts).map_err(|e| Error::Other(format!("reading training data: {e}")))?;
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).map_err(|e| Error::File {
        path: args.out.clone(),
        message: e.to_string(),
    })?;
    eprintln!(
        "wrote {} ({} bytes) in {:.1} s; rebuild to embed it",
        args.out.display(),
        bytes.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(exit::OK)
}
