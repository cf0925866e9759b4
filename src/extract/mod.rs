//! Entity extraction: people, places and organizations in an article.
//!
//! [`extract`] is the single entry point ingest uses. It tokenizes the title and body, tags them as one document
//! with the trained model (embedded in the binary, parsed once per process and shared by all threads), and turns
//! the tagged spans into [`Mention`]s with canonical names, roles and countries. [`Extractor::tag_tokens`] tags
//! pre-tokenized text the same way, for evaluation.

pub mod canonical;
pub mod conll;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod tagger;
pub mod tokenize;
pub mod train;

use std::sync::OnceLock;

use crate::article::{Article, EntityKind, Mention, TextPart};

use features::{DocMemory, TokInfo, hash_lower, sentence_features, sentence_info};
use gazetteer::Gazetteer;
use tagger::{EntType, Model, Tag};

pub use canonical::{canonical_org, canonical_person, canonical_place, country_of};

/// The trained model shipped with the binary (see `models/README.md`).
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");

/// A loaded tagger with its gazetteers.
pub struct Extractor {
    model: Model,
    gazetteer: &'static Gazetteer,
}

/// Reusable buffers for tagging.
#[derive(Default)]
struct Scratch {
    feats: Vec<u64>,
    starts: Vec<usize>,
    mem: DocMemory,
}

impl Extractor {
    /// The process-wide extractor with the embedded model, loaded on first use.
    pub fn global() -> &'static Extractor {
        static E: OnceLock<Extractor> = OnceLock::new();
        E.get_or_init(|| {
            let model = Model::from_bytes(MODEL_BYTES).unwrap_or_else(|e| {
                // The embedded model is part of the build; a broken one is a build defect, not user input.
                eprintln!("warning: embedded NER model unusable ({e}); no entities will be found");
                Model::from_weights(
                    8,
                    &vec![[0f32; tagger::NT]; 256],
                    [[0f32; tagger::NT]; tagger::NT + 1],
                    0.0,
                )
            });
            Extractor::new(model)
        })
    }

    /// An extractor using the given model.
    pub fn new(model: Model) -> Extractor {
        Extractor {
            model,
            gazetteer: Gazetteer::get(),
        }
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    fn tag_sentence<S: AsRef<str>>(&self, words: &[S], scratch: &mut Scratch) -> (Vec<TokInfo>, Vec<u8>) {
        let infos = sentence_info(words, self.gazetteer);
        sentence_features(&infos, &scratch.mem, &mut scratch.feats, &mut scratch.starts);
        let tags = self.model.tag(&scratch.feats, &scratch.starts);
        scratch.mem.record(&infos, &tags);
        (infos, tags)
    }

    /// Tag a pre-tokenized document (a list of sentences), with document-level memory across its sentences.
    pub fn tag_tokens<S: AsRef<str>>(&self, doc: &[Vec<S>]) -> Vec<Vec<Tag>> {
        let mut scratch = Scratch::default();
        doc.iter()
            .map(|s| {
                self.tag_sentence(s, &mut scratch)
                    .1
                    .into_iter()
                    .map(Tag::from_index)
                    .collect()
            })
            .collect()
    }

    /// Find the people, places and organizations in an article (title and body tagged as one document).
    pub fn extract(&self, article: &Article) -> Vec<Mention> {
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        for (part, text) in [
            (TextPart::Title, article.title.as_str()),
            (TextPart::Body, article.body.as_str()),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            let tokens = tokenize::tokenize(text);
            for range in tokenize::sentences(text, &tokens) {
                let toks = &tokens[range];
                let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
                let (_, tags) = self.tag_sentence(&words, &mut scratch);
                let tags: Vec<Tag> = tags.into_iter().map(Tag::from_index).collect();
                for (s, e, ty) in conll::spans(&tags) {
                    if let Some(m) = self.mention(text, part, toks, &words, s, e, ty) {
                        out.push(m);
                    }
                }
            }
        }
        canonical::link_people(&mut out);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn mention(
        &self,
        text: &str,
        part: TextPart,
        toks: &[tokenize::Token],
        words: &[&str],
        mut s: usize,
        e: usize,
        ty: EntType,
    ) -> Option<Mention> {
        let g = self.gazetteer;
        let mut role = None;
        match ty {
            EntType::Per => {
                // Titles inside the span (the model should leave them out) or just before it become the role.
                let k = canonical::title_len(&words[s..e]);
                let mut r0 = s;
                while r0 > 0
                    && g.is_title(hash_lower(words[r0 - 1]))
                    && words[r0 - 1].chars().next().is_some_and(char::is_uppercase)
                {
                    r0 -= 1;
                }
                while r0 < s && !g.is_title_head(hash_lower(words[r0])) {
                    r0 += 1;
                }
                let role_end = s + k;
                if r0 < role_end {
                    role = Some(canonical::normalize_ws(&text[toks[r0].start..toks[role_end - 1].end]));
                }
                s += k;
            }
            EntType::Org => {
                if e - s > 1 && words[s].eq_ignore_ascii_case("the") {
                    s += 1;
                }
            }
            EntType::Loc => {}
        }
        // A trailing possessive is not part of a name.
        let mut e = e;
        while e > s + 1 && matches!(words[e - 1], "'s" | "’s" | "'" | "’") {
            e -= 1;
        }
        let (start, end) = (toks[s].start, toks[e - 1].end);
        let surface = text[start..end].to_string();
        if !surface.chars().any(char::is_alphabetic) {
            return None;
        }
        let (kind, canonical, country) = match ty {
            EntType::Per => (EntityKind::Person, canonical::canonical_person(&surface), None),
            EntType::Loc => {
                let c = canonical::canonical_place(&surface);
                let country = canonical::country_of(&c).map(str::to_string);
                (EntityKind::Place, c, country)
            }
            EntType::Org => (EntityKind::Org, canonical::canonical_org(&surface), None),
        };
        Some(Mention {
            kind,
            surface,
            canonical,
            part,
            start,
            end,
            role,
            country,
        })
    }
}

/// Find the people, places and organizations in an article: the product's single entry point.
pub fn extract(article: &Article) -> Vec<Mention> {
    Extractor::global().extract(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_point_into_their_part() {
        let article = Article {
            title: "Putin meets Trump in Alaska".into(),
            body: "Russian President Vladimir Putin met U.S. President Donald Trump in Anchorage, Alaska, on Friday. \
                   Mr. Putin said talks with the United Nations were useful. Trump agreed."
                .into(),
            ..Article::default()
        };
        let ms = extract(&article);
        for m in &ms {
            let text = if m.part == TextPart::Title {
                &article.title
            } else {
                &article.body
            };
            assert_eq!(&text[m.start..m.end], m.surface);
        }
        // Whatever the model finds, person canonicals carry no titles and link surnames.
        for m in ms.iter().filter(|m| m.kind == EntityKind::Person) {
            assert!(
                !m.canonical.starts_with("Mr") && !m.canonical.starts_with("President"),
                "{m:?}"
            );
            if m.surface == "Putin" {
                assert_eq!(m.canonical, "Vladimir Putin");
            }
        }
        let names: Vec<&str> = ms.iter().map(|m| m.canonical.as_str()).collect();
        assert!(names.contains(&"Vladimir Putin"), "{names:?}");
        assert!(names.contains(&"Alaska"), "{names:?}");
        let vp = ms
            .iter()
            .find(|m| m.surface == "Vladimir Putin")
            .expect("full name found");
        assert_eq!(vp.role.as_deref(), Some("President"));
        let us = ms.iter().find(|m| m.canonical == "United States");
        if let Some(us) = us {
            assert_eq!(us.country.as_deref(), Some("United States"));
        }
    }

    #[test]
    fn empty_article_has_no_mentions() {
        assert!(extract(&Article::default()).is_empty());
    }
}
