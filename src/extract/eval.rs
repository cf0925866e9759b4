//! Span-level evaluation of the extractor on CoNLL files: exact-match precision, recall and F1 per type (PER,
//! LOC, ORG) and overall, with token count and tagging time. Tags with [`super::Extractor::tag_tokens`], the
//! same tagging ingest uses, one `-DOCSTART-` document at a time.

use std::path::Path;
use std::time::Instant;

use serde_json::{Value, json};

use super::Extractor;
use super::conll::{self, Document, normalize_tags, spans};
use super::tagger::{EntType, Tag};

/// True positives, false positives and false negatives for one type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn to_json(self) -> Value {
        let r4 = |x: f64| (x * 10000.0).round() / 10000.0;
        json!({"precision": r4(self.precision()), "recall": r4(self.recall()), "f1": r4(self.f1()),
               "tp": self.tp, "fp": self.fp, "fn": self.fn_})
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    /// Counts for PER, LOC, ORG in that order.
    pub types: [Counts; 3],
    pub tokens: usize,
    pub seconds: f64,
}

fn type_index(t: EntType) -> usize {
    match t {
        EntType::Per => 0,
        EntType::Loc => 1,
        EntType::Org => 2,
    }
}

impl EvalReport {
    /// Counts over all three types.
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for t in &self.types {
            c.add(t);
        }
        c
    }

    /// Add the spans of one sentence.
    pub fn score_sentence(&mut self, gold: &[Tag], pred: &[Tag]) {
        let g = spans(gold);
        let p = spans(pred);
        for s in &p {
            if g.contains(s) {
                self.types[type_index(s.2)].tp += 1;
            } else {
                self.types[type_index(s.2)].fp += 1;
            }
        }
        for s in &g {
            if !p.contains(s) {
                self.types[type_index(s.2)].fn_ += 1;
            }
        }
        self.tokens += gold.len();
    }

    /// The JSON object `{"PER":{...},"LOC":{...},"ORG":{...},"overall":{...},"tokens":N,"seconds":S}`.
    pub fn to_json(&self) -> Value {
        json!({
            "PER": self.types[0].to_json(),
            "LOC": self.types[1].to_json(),
            "ORG": self.types[2].to_json(),
            "overall": self.overall().to_json(),
            "tokens": self.tokens,
            "seconds": (self.seconds * 1000.0).round() / 1000.0,
        })
    }

    /// A small table for people.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}\n",
            "type", "precision", "recall", "f1", "tp", "fp", "fn"
        );
        let rows = [
            ("PER", self.types[0]),
            ("LOC", self.types[1]),
            ("ORG", self.types[2]),
            ("overall", self.overall()),
        ];
        for (name, c) in rows {
            s += &format!(
                "{:<8} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>7} {:>7}\n",
                name,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        let rate = if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        };
        s += &format!(
            "{} tokens in {:.3} s ({:.0} tokens/s)\n",
            self.tokens, self.seconds, rate
        );
        s
    }
}

/// Tag documents with the extractor and score them against their gold tags.
pub fn eval_docs(ex: &Extractor, docs: &[Document]) -> EvalReport {
    let mut report = EvalReport::default();
    let start = Instant::now();
    let tagged: Vec<Vec<Vec<Tag>>> = docs
        .iter()
        .map(|d| {
            let words: Vec<&Vec<String>> = d.iter().map(|s| &s.words).collect();
            let words: Vec<Vec<&str>> = words.iter().map(|w| w.iter().map(String::as_str).collect()).collect();
            ex.tag_tokens(&words)
        })
        .collect();
    report.seconds = start.elapsed().as_secs_f64();
    for (doc, pred) in docs.iter().zip(&tagged) {
        for (s, p) in doc.iter().zip(pred) {
            report.score_sentence(&normalize_tags(&s.tags), p);
        }
    }
    report
}

/// Evaluate the embedded extractor on a CoNLL file.
pub fn eval_conll(path: &Path) -> std::io::Result<EvalReport> {
    eval_conll_split(path, None)
}

/// Evaluate the embedded extractor on the documents of a CoNLL file that a split selects (see
/// [`conll::parse_spec`]).
pub fn eval_conll_split(path: &Path, split: Option<(usize, usize)>) -> std::io::Result<EvalReport> {
    eval_conll_with(Extractor::global(), path, split)
}

/// [`eval_conll_split`] with a given extractor (another model).
pub fn eval_conll_with(
    extractor: &Extractor,
    path: &Path,
    split: Option<(usize, usize)>,
) -> std::io::Result<EvalReport> {
    let docs = conll::select(conll::read(path)?, split);
    Ok(eval_docs(extractor, &docs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntType::*;

    #[test]
    fn scores_exact_spans_by_hand() {
        let mut r = EvalReport::default();
        // gold: [John Smith]PER visited [New York]LOC ; pred: [John]PER [Smith]PER visited [New York]LOC
        let gold = vec![Tag::B(Per), Tag::I(Per), Tag::O, Tag::B(Loc), Tag::I(Loc)];
        let pred = vec![Tag::B(Per), Tag::B(Per), Tag::O, Tag::B(Loc), Tag::I(Loc)];
        r.score_sentence(&gold, &pred);
        // gold: [Acme]ORG ; pred: [Acme]LOC
        r.score_sentence(&[Tag::B(Org)], &[Tag::B(Loc)]);
        assert_eq!(r.types[0], Counts { tp: 0, fp: 2, fn_: 1 });
        assert_eq!(r.types[1], Counts { tp: 1, fp: 1, fn_: 0 });
        assert_eq!(r.types[2], Counts { tp: 0, fp: 0, fn_: 1 });
        let o = r.overall();
        assert_eq!(o, Counts { tp: 1, fp: 3, fn_: 2 });
        assert!((o.precision() - 0.25).abs() < 1e-9);
        assert!((o.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((o.f1() - 2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0)).abs() < 1e-9);
        assert_eq!(r.tokens, 6);
        let j = r.to_json();
        assert_eq!(j["LOC"]["tp"], 1);
        assert_eq!(j["overall"]["fn"], 2);
        assert_eq!(j["PER"]["f1"], 0.0);
    }
}
