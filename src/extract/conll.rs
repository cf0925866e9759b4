//! Reading CoNLL-style NER files: token in the first column, tag in the last, blank lines between sentences,
//! `-DOCSTART-` lines between documents; IOB1 or IOB2; GMB's own tag names (per, geo, org, gpe, ...) are mapped.

use std::path::{Path, PathBuf};

use super::tagger::{EntType, Tag};

/// One sentence: words and their raw tags.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<String>,
}

/// A document: the sentences between two `-DOCSTART-` lines.
pub type Document = Vec<Sentence>;

/// Parse CoNLL text into documents. A file without `-DOCSTART-` lines is one document.
pub fn parse(text: &str) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc: Document = Vec::new();
    let mut sent = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let mut cols = line.split_whitespace();
        let Some(first) = cols.next() else {
            if !sent.words.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            continue;
        };
        if first == "-DOCSTART-" {
            if !sent.words.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = cols.last().unwrap_or("O");
        sent.words.push(first.to_string());
        sent.tags.push(tag.to_string());
    }
    if !sent.words.is_empty() {
        doc.push(sent);
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    docs
}

/// A CoNLL file argument: `PATH`, or `PATH@M:R` for only the documents whose index (from 0) is R modulo M
/// (`wikigold.conll@2:1` is the odd documents). A path that exists as given is never split.
pub fn parse_spec(spec: &str) -> (PathBuf, Option<(usize, usize)>) {
    if !Path::new(spec).exists()
        && let Some((path, split)) = spec.rsplit_once('@')
        && let Some((m, r)) = split.split_once(':')
        && let (Ok(m), Ok(r)) = (m.parse::<usize>(), r.parse::<usize>())
        && m > 0
        && r < m
    {
        return (PathBuf::from(path), Some((m, r)));
    }
    (PathBuf::from(spec), None)
}

/// Keep the documents a split selects (all when `split` is None).
pub fn select(docs: Vec<Document>, split: Option<(usize, usize)>) -> Vec<Document> {
    match split {
        None => docs,
        Some((m, r)) => docs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % m == r)
            .map(|(_, d)| d)
            .collect(),
    }
}

/// Read and parse a CoNLL file.
pub fn read(path: &Path) -> std::io::Result<Vec<Document>> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(&text))
}

/// The entity type a raw tag's label names: PER/LOC/ORG, or GMB's per/geo/org. Others (MISC, gpe, tim) give None.
fn label_type(label: &str) -> Option<EntType> {
    match label {
        "per" => Some(EntType::Per),
        "geo" => Some(EntType::Loc),
        "org" => Some(EntType::Org),
        _ => EntType::parse(label).filter(|_| label.bytes().all(|b| b.is_ascii_uppercase())),
    }
}

/// Convert raw tags (IOB1 or IOB2, CoNLL or GMB labels) to IOB2 [`Tag`]s; unknown types become O.
pub fn normalize_tags<S: AsRef<str>>(raw: &[S]) -> Vec<Tag> {
    let mut out = Vec::with_capacity(raw.len());
    let mut prev: Option<EntType> = None;
    for r in raw {
        let r = r.as_ref();
        let (prefix, label) = r.split_once('-').unwrap_or((r, ""));
        let ty = label_type(label);
        let tag = match (prefix, ty) {
            ("B", Some(t)) => Tag::B(t),
            ("I", Some(t)) if prev == Some(t) => Tag::I(t),
            ("I", Some(t)) => Tag::B(t),
            _ => Tag::O,
        };
        prev = ty.filter(|_| tag != Tag::O);
        out.push(tag);
    }
    out
}

/// Entity spans `(start, end, type)` (end exclusive) of an IOB2 tag sequence; a stray I- starts a span.
pub fn spans(tags: &[Tag]) -> Vec<(usize, usize, EntType)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntType)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match t {
            Tag::I(ty) if cur.is_some_and(|(_, c)| c == ty) => {}
            _ => {
                if let Some((s, ty)) = cur.take() {
                    out.push((s, i, ty));
                }
                if let Tag::B(ty) | Tag::I(ty) = t {
                    cur = Some((i, ty));
                }
            }
        }
    }
    if let Some((s, ty)) = cur {
        out.push((s, tags.len(), ty));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_and_sentences() {
        let text = "-DOCSTART- O\n\nJohn B-PER\nSmith I-PER\n\nParis I-LOC\n-DOCSTART- O\nAcme NNP B-ORG\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].len(), 2);
        assert_eq!(docs[0][1].words, vec!["Paris"]);
        assert_eq!(docs[1][0].tags, vec!["B-ORG"]);
    }

    #[test]
    fn file_specs_select_documents() {
        assert_eq!(
            parse_spec("no/such/file.conll@2:1"),
            (PathBuf::from("no/such/file.conll"), Some((2, 1)))
        );
        assert_eq!(
            parse_spec("no/such/file.conll"),
            (PathBuf::from("no/such/file.conll"), None)
        );
        assert_eq!(parse_spec("x@2:5").1, None);
        let docs = parse("-DOCSTART-\na O\n-DOCSTART-\nb O\n-DOCSTART-\nc O\n");
        let odd = select(docs, Some((2, 1)));
        assert_eq!(odd.len(), 1);
        assert_eq!(odd[0][0].words, vec!["b"]);
    }

    #[test]
    fn normalizes_iob1_and_gmb_labels() {
        use EntType::*;
        let t = normalize_tags(&["I-PER", "I-PER", "I-LOC", "O", "I-MISC", "B-PER"]);
        assert_eq!(
            t,
            vec![Tag::B(Per), Tag::I(Per), Tag::B(Loc), Tag::O, Tag::O, Tag::B(Per)]
        );
        let t = normalize_tags(&["B-per", "I-per", "B-geo", "B-gpe", "B-org", "I-org", "B-tim"]);
        assert_eq!(
            t,
            vec![
                Tag::B(Per),
                Tag::I(Per),
                Tag::B(Loc),
                Tag::O,
                Tag::B(Org),
                Tag::I(Org),
                Tag::O
            ]
        );
        assert_eq!(spans(&t), vec![(0, 2, Per), (2, 3, Loc), (4, 6, Org)]);
        assert_eq!(spans(&[Tag::I(Org), Tag::I(Per)]), vec![(0, 1, Org), (1, 2, Per)]);
    }
}
