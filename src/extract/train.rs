//! Training the tagger: a structured averaged perceptron over the features of [`super::features`], decoded with
//! the same Viterbi and the same per-document memory as tagging, so training sees what tagging will see.
//!
//! GMB quirks are handled here: titles are removed from the start of person spans (the model learns names only,
//! titles become roles), `gpe` (demonyms) is O, `geo` is LOC, and person or organization spans that are exactly a
//! known country or major city are relabelled LOC. Copies of some sentences in capitals teach headline text.
//! Training is deterministic: a fixed seed decides the document order and the augmented copies.

use std::path::PathBuf;

use super::conll::{self, normalize_tags, spans};
use super::features::{DocMemory, sentence_features, sentence_info};
use super::gazetteer::{Gazetteer, PlaceKind};
use super::tagger::{EntType, Model, NT, Tag, Transitions, viterbi};

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    /// log2 of the weight table size.
    pub bits: u32,
    pub seed: u64,
    /// Per mille of sentences also trained in capitals, and in title case.
    pub upper_permille: u32,
    pub title_permille: u32,
    /// Training runs (each in its own order) whose weights are averaged into the model.
    pub runs: usize,
    /// Sentences per pseudo-document in files without `-DOCSTART-` lines.
    pub doc_len: usize,
    /// Weights below this (absolute value) are dropped from the model file.
    pub prune: f32,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            bits: 21,
            seed: 0x5eed,
            upper_permille: 80,
            title_permille: 40,
            runs: 4,
            doc_len: 25,
            prune: 0.05,
            verbose: false,
        }
    }
}

/// A training file and which of its documents to use (`None` = all).
#[derive(Debug, Clone)]
pub struct TrainFile {
    pub path: PathBuf,
    /// Use only the documents whose index (counted from 0) satisfies `index % m == r`, when set to `(m, r)`.
    pub split: Option<(usize, usize)>,
}

struct Example {
    words: Vec<String>,
    gold: Vec<u8>,
}

/// Small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Gold tags for a training sentence, with the GMB fixes applied.
fn training_tags(words: &[String], raw: &[String], g: &Gazetteer) -> Vec<u8> {
    let mut tags = normalize_tags(raw);
    for (s, e, ty) in spans(&tags) {
        // Social-media handles and hashtags (Broad Twitter Corpus, WNUT) are no names in news text.
        if words[s..e].iter().any(|w| w.starts_with('@') || w.starts_with('#')) {
            for t in &mut tags[s..e] {
                *t = Tag::O;
            }
            continue;
        }
        match ty {
            EntType::Per if words[s..e].iter().all(|w| g.is_title(super::features::hash_lower(w))) => {
                // GMB often tags a title alone ("Mr.", "Prime") as a person: not a name.
                for t in &mut tags[s..e] {
                    *t = Tag::O;
                }
            }
            EntType::Per => {
                // Strip a leading run of title words, keeping at least one word.
                let mut k = s;
                while k + 1 < e && g.is_title(super::features::hash_lower(&words[k])) {
                    k += 1;
                }
                if k > s {
                    // A title run must start with a title head ("President", not "of").
                    if g.is_title_head(super::features::hash_lower(&words[s])) {
                        for t in &mut tags[s..k] {
                            *t = Tag::O;
                        }
                        tags[k] = Tag::B(EntType::Per);
                    }
                }
                relabel_place(words, &mut tags, k.min(e - 1), e, g);
            }
            EntType::Org => relabel_place(words, &mut tags, s, e, g),
            EntType::Loc => {}
        }
    }
    tags.iter().map(|t| t.index()).collect()
}

/// A person or organization span that is exactly a country or major place becomes a place.
fn relabel_place(words: &[String], tags: &mut [Tag], s: usize, e: usize, g: &Gazetteer) {
    // The gazetteer the tagger was trained with, without the names in other languages.
    let place = g.place_by_key(super::gazetteer::phrase_key(&words[s..e].join(" ")).0);
    if place.is_some_and(|p| p.kind == PlaceKind::Country || g.is_major(p)) {
        tags[s] = Tag::B(EntType::Loc);
        for t in &mut tags[s + 1..e] {
            *t = Tag::I(EntType::Loc);
        }
    }
}

/// Train a model on the given files.
pub fn train(files: &[TrainFile], opts: &TrainOptions) -> std::io::Result<Model> {
    let g = Gazetteer::get();
    let mut rng = Rng(opts.seed | 1);
    let mut docs: Vec<Vec<Example>> = Vec::new();
    for f in files {
        let parsed = conll::read(&f.path)?;
        let single = parsed.len() == 1;
        for (di, doc) in parsed.into_iter().enumerate() {
            if f.split.is_some_and(|(m, r)| di % m.max(1) != r) {
                continue;
            }
            let chunk = if single { opts.doc_len } else { usize::MAX };
            let mut cur = Vec::new();
            for s in doc {
                let gold = training_tags(&s.words, &s.tags, g);
                let r = rng.below(1000) as u32;
                if r < opts.upper_permille {
                    let words = s.words.iter().map(|w| w.to_uppercase()).collect();
                    cur.push(Example {
                        words,
                        gold: gold.clone(),
                    });
                } else if r < opts.upper_permille + opts.title_permille {
                    let words = s.words.iter().map(|w| crate::casing::capitalize(w)).collect();
                    cur.push(Example {
                        words,
                        gold: gold.clone(),
                    });
                }
                cur.push(Example { words: s.words, gold });
                if cur.len() >= chunk {
                    docs.push(std::mem::take(&mut cur));
                }
            }
            if !cur.is_empty() {
                docs.push(cur);
            }
        }
    }
    // Several runs in different orders, their averaged weights averaged again: less variance from the order.
    let runs = opts.runs.max(1);
    let size = 1usize << opts.bits;
    let mut sum_w = vec![[0f32; NT]; size];
    let mut sum_t: Transitions = [[0f32; NT]; NT + 1];
    for run in 0..runs {
        let seed = opts
            .seed
            .wrapping_add(0x9e37_79b9_7f4a_7c15u64.wrapping_mul(run as u64));
        let (w, t) = train_run(&docs, opts, Rng(seed | 1), g);
        for (s, r) in sum_w.iter_mut().zip(&w) {
            for k in 0..NT {
                s[k] += r[k] / runs as f32;
            }
        }
        for (s, r) in sum_t.iter_mut().zip(&t) {
            for k in 0..NT {
                s[k] += r[k] / runs as f32;
            }
        }
        if opts.verbose && runs > 1 {
            eprintln!("run {} of {runs} done", run + 1);
        }
    }
    Ok(Model::from_weights(opts.bits, &sum_w, sum_t, opts.prune))
}

/// One perceptron training run over the documents; returns the averaged weights and transitions.
fn train_run(docs: &[Vec<Example>], opts: &TrainOptions, mut rng: Rng, g: &Gazetteer) -> (Vec<[f32; NT]>, Transitions) {
    let size = 1usize << opts.bits;
    let mut w = vec![[0f32; NT]; size];
    let mut u = vec![[0f32; NT]; size];
    let mut tw: Transitions = [[0f32; NT]; NT + 1];
    let mut tu: Transitions = [[0f32; NT]; NT + 1];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut mem = DocMemory::default();
    let (mut feats, mut starts) = (Vec::new(), Vec::new());
    for epoch in 0..opts.epochs {
        // Fisher-Yates with the fixed generator.
        for i in (1..order.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        let mut tokens = 0usize;
        for &d in &order {
            mem.clear();
            for ex in &docs[d] {
                let infos = sentence_info(&ex.words, g);
                sentence_features(&ex.words, &infos, &mem, None, &mut feats, &mut starts);
                let emit: Vec<[f32; NT]> = starts
                    .windows(2)
                    .map(|r| {
                        let mut acc = [0f32; NT];
                        for &f in &feats[r[0]..r[1]] {
                            let row = &w[super::tagger::row_of(f, opts.bits)];
                            for t in 0..NT {
                                acc[t] += row[t];
                            }
                        }
                        acc
                    })
                    .collect();
                let pred = viterbi(&emit, &tw);
                tokens += pred.len();
                if pred != ex.gold {
                    for i in 0..pred.len() {
                        let (gt, pt) = (ex.gold[i] as usize, pred[i] as usize);
                        if gt != pt {
                            errors += 1;
                            for &f in &feats[starts[i]..starts[i + 1]] {
                                let r = super::tagger::row_of(f, opts.bits);
                                w[r][gt] += 1.0;
                                w[r][pt] -= 1.0;
                                u[r][gt] += c;
                                u[r][pt] -= c;
                            }
                        }
                        let gp = if i == 0 { 0 } else { 1 + ex.gold[i - 1] as usize };
                        let pp = if i == 0 { 0 } else { 1 + pred[i - 1] as usize };
                        if (gp, gt) != (pp, pt) {
                            tw[gp][gt] += 1.0;
                            tw[pp][pt] -= 1.0;
                            tu[gp][gt] += c;
                            tu[pp][pt] -= c;
                        }
                    }
                }
                mem.record(&infos, &pred);
                c += 1.0;
            }
        }
        if opts.verbose {
            eprintln!("epoch {}: {} token errors in {} tokens", epoch + 1, errors, tokens);
        }
    }
    // Averaged weights: w - u / c.
    for (wr, ur) in w.iter_mut().zip(&u) {
        for t in 0..NT {
            wr[t] -= ur[t] / c;
        }
    }
    for (wr, ur) in tw.iter_mut().zip(&tu) {
        for t in 0..NT {
            wr[t] -= ur[t] / c;
        }
    }
    (w, tw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmb_titles_are_stripped_and_places_relabelled() {
        let g = Gazetteer::get();
        let words: Vec<String> = [
            "President",
            "George",
            "Bush",
            "visited",
            "Singapore",
            "and",
            "Iraqi",
            "troops",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let raw: Vec<String> = ["B-per", "I-per", "I-per", "O", "B-org", "O", "B-gpe", "O"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let tags: Vec<String> = training_tags(&words, &raw, g)
            .into_iter()
            .map(|t| Tag::from_index(t).to_string())
            .collect();
        assert_eq!(tags, vec!["O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"]);
        // A person span made only of titles is not a name.
        let words: Vec<String> = vec!["Prime".into(), "Minister".into(), "Smith".into()];
        let raw: Vec<String> = vec!["B-per".into(), "O".into(), "B-per".into()];
        assert_eq!(training_tags(&words, &raw, g), vec![0, 0, 1]);
    }
}
