//! CLI tests for `eval-ner` and `train-ner` on a tiny hand-made CoNLL file.
//!
//! tests/data/ner_tiny.conll has two documents. Its gold tags are deliberately wrong in two places so that every
//! count is exercised: "Microsoft" is gold LOC (the tagger says ORG) and "London" is gold ORG (the tagger says
//! LOC); "Paris" is written in IOB1 (I-LOC at the start of a span); MISC spans are ignored. Counted by hand:
//! PER: Vladimir Putin, Angela Merkel, Putin -> tp 3, fp 0, fn 0.
//! LOC: gold Moscow, Microsoft, Paris; predicted Moscow, Paris, London -> tp 2, fp 1, fn 1.
//! ORG: gold United Nations, London; predicted United Nations, Microsoft -> tp 1, fp 1, fn 1.
//! Overall: tp 6, fp 2, fn 2; 34 tokens.

mod common;

use common::Workspace;

const TINY: &str = include_str!("data/ner_tiny.conll");

fn eval_json(ws: &Workspace, file: &str) -> serde_json::Value {
    let out = ws.cmd(&["eval-ner", file, "--json"]).output().expect("runs");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn eval_ner_counts_match_hand_computed_spans() {
    let ws = Workspace::new();
    ws.write("tiny.conll", TINY);
    let v = eval_json(&ws, "tiny.conll");
    let counts = |t: &str| (v[t]["tp"].as_u64(), v[t]["fp"].as_u64(), v[t]["fn"].as_u64());
    assert_eq!(counts("PER"), (Some(3), Some(0), Some(0)));
    assert_eq!(counts("LOC"), (Some(2), Some(1), Some(1)));
    assert_eq!(counts("ORG"), (Some(1), Some(1), Some(1)));
    assert_eq!(counts("overall"), (Some(6), Some(2), Some(2)));
    assert_eq!(v["tokens"], 34);
    assert_eq!(v["overall"]["precision"], 0.75);
    assert_eq!(v["LOC"]["f1"], 0.6667);
    assert!(v["seconds"].as_f64().is_some());
}

#[test]
fn eval_ner_split_selects_documents() {
    let ws = Workspace::new();
    ws.write("tiny.conll", TINY);
    // Document 1 (odd) only: Officials in Paris and London said so.
    let v = eval_json(&ws, "tiny.conll@2:1");
    assert_eq!(v["tokens"], 8);
    assert_eq!(v["LOC"]["tp"], 1);
    assert_eq!(v["LOC"]["fp"], 1);
    assert_eq!(v["ORG"]["fn"], 1);
}

#[test]
fn eval_ner_human_output_is_a_table() {
    let ws = Workspace::new();
    ws.write("tiny.conll", TINY);
    let out = ws.cmd(&["eval-ner", "tiny.conll"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("overall"), "{text}");
    assert!(text.contains("34 tokens"), "{text}");
}

#[test]
fn eval_ner_missing_or_empty_file_is_a_usage_error() {
    let ws = Workspace::new();
    let out = ws.cmd(&["eval-ner", "nope.conll"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error:") && err.contains("nope.conll"), "{err}");
    ws.write("empty.conll", "\n\n");
    let out = ws.cmd(&["eval-ner", "empty.conll"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn train_ner_writes_a_loadable_model() {
    let ws = Workspace::new();
    ws.write("tiny.conll", TINY);
    let out = ws
        .cmd(&[
            "train-ner",
            "--train",
            "tiny.conll",
            "--out",
            "m.bin",
            "--epochs",
            "2",
            "--runs",
            "2",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(ws.path("m.bin")).expect("model written");
    let model = newsdex::extract::tagger::Model::from_bytes(&bytes).expect("model parses");
    assert!(model.memory_bytes() > 0);
    // Same data, same seed: the same bytes.
    ws.cmd(&[
        "train-ner",
        "--train",
        "tiny.conll",
        "--out",
        "m2.bin",
        "--epochs",
        "2",
        "--runs",
        "2",
    ])
    .assert()
    .success();
    assert_eq!(std::fs::read(ws.path("m2.bin")).expect("second model"), bytes);
    let out = ws
        .cmd(&["train-ner", "--train", "missing.conll", "--out", "m3.bin"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
