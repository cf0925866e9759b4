//! Entity extraction: people, places and organizations in an article.
//!
//! [`extract`] is the single entry point ingest uses. It tokenizes the title and body, tags them as one document
//! (a body over [`TAGGED_PIECE_BYTES`] a piece at a time) with the trained model (embedded in the binary, parsed
//! once per process and shared by all threads), and turns the tagged spans into [`Mention`]s with canonical names,
//! roles and countries. [`Extractor::tag_tokens`] tags
//! pre-tokenized text the same way, for evaluation.

pub mod canonical;
pub mod conll;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod hashing;
pub mod other_languages;
pub mod resolve;
pub mod tagger;
pub mod tokenize;
pub mod train;

use std::ops::Range;
use std::sync::OnceLock;

use crate::article::{Article, EntityKind, Mention, TextPart};

use features::{DocMemory, TokInfo, hash_lower, sentence_features, sentence_info_into};
use gazetteer::Gazetteer;
use tagger::{EntType, Model, Tag};

pub use canonical::{canonical_org, canonical_person, canonical_place, countries_of, country_of};

/// The trained model shipped with the binary (see `models/README.md`).
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");

/// A loaded tagger with its gazetteers.
pub struct Extractor {
    model: Model,
    gazetteer: &'static Gazetteer,
}

/// Reusable buffers for tagging, kept per thread from one document to the next.
#[derive(Default)]
struct Scratch {
    feats: Vec<u64>,
    starts: Vec<usize>,
    scored: Vec<bool>,
    tag: tagger::TagScratch,
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

    /// Tag one sentence into `tags` (as long as `words`).
    fn tag_sentence<S: AsRef<str>>(
        &self,
        words: &[S],
        infos: &[TokInfo],
        caps: bool,
        scratch: &mut Scratch,
        tags: &mut [u8],
    ) {
        features::scored_tokens(infos, &mut scratch.scored);
        let scored = Some(scratch.scored.as_slice());
        sentence_features(
            words,
            infos,
            &scratch.mem,
            scored,
            &mut scratch.feats,
            &mut scratch.starts,
        );
        self.model
            .tag(&scratch.feats, &scratch.starts, scored, &mut scratch.tag, tags);
        link_surnames(infos, tags, &scratch.mem, caps);
        if !caps {
            first_names_take_the_surname(infos, tags);
        }
        people_with_org_suffix(infos, tags);
        split_at_slashes(infos, tags);
        scratch.mem.record(infos, tags);
    }

    /// Tag a document given as one list of words and the ranges of its sentences; the tags are indices (see
    /// [`Tag::index`]), one per word. Headline-like sentences (in capitals, or With Every Word Capitalized) are
    /// tagged after the others, so that what the rest of the document says about their words is known by then.
    fn tag_document<S: AsRef<str>>(&self, words: &[S], sentences: &[Range<usize>]) -> Vec<u8> {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            scratch.mem.clear();
            self.tag_document_with(words, sentences, &mut scratch)
        })
    }

    fn tag_document_with<S: AsRef<str>>(
        &self,
        words: &[S],
        sentences: &[Range<usize>],
        scratch: &mut Scratch,
    ) -> Vec<u8> {
        let mut infos = Vec::with_capacity(words.len());
        for r in sentences {
            sentence_info_into(&words[r.clone()], self.gazetteer, &mut infos);
        }
        let mut tags = vec![0u8; words.len()];
        for pass_caps in [false, true] {
            for r in sentences {
                let inf = &infos[r.clone()];
                if features::is_headline(inf) == pass_caps {
                    self.tag_sentence(&words[r.clone()], inf, pass_caps, scratch, &mut tags[r.clone()]);
                }
            }
        }
        vote_types(&infos, sentences, &mut tags);
        tags
    }

    /// Tag a pre-tokenized document (a list of sentences), with document-level memory across its sentences;
    /// exactly the tagging [`Extractor::extract`] does.
    pub fn tag_tokens<S: AsRef<str>>(&self, doc: &[Vec<S>]) -> Vec<Vec<Tag>> {
        let words: Vec<&str> = doc.iter().flatten().map(AsRef::as_ref).collect();
        let mut sentences = Vec::with_capacity(doc.len());
        let mut at = 0;
        for s in doc {
            sentences.push(at..at + s.len());
            at += s.len();
        }
        let tags = self.tag_document(&words, &sentences);
        sentences
            .into_iter()
            .map(|r| tags[r].iter().map(|&t| Tag::from_index(t)).collect())
            .collect()
    }

    /// Find the people, places and organizations in an article: English (or an article whose language could
    /// not be told) with the tagger, other languages by [`other_languages`]' rules.
    pub fn extract(&self, article: &Article) -> Vec<Mention> {
        let lang = match article.lang.as_deref() {
            Some(lang) => Some(lang),
            // Not known for sure: the detector's best guess still chooses the reader (a short German text must not
            // go through the English tagger), though it is not stored as the article's language.
            None => crate::language::best_guess(&article.title, &article.body),
        };
        match lang {
            Some(lang) if lang != "en" => other_languages::extract(article, lang),
            _ => self.extract_english(article),
        }
    }

    /// [`Extractor::extract`] for English: title and body tagged as one document (a body longer than
    /// [`TAGGED_PIECE_BYTES`] a piece at a time).
    pub fn extract_english(&self, article: &Article) -> Vec<Mention> {
        // A title newsdex inferred (from the file name or the lead) is not the author's text: tagging it would
        // invent entities ("NATO Chiefs Ukraine" from nato-chiefs-ukraine.txt).
        let title = if article.title_inferred {
            ""
        } else {
            article.title.as_str()
        };
        let mut out = Vec::new();
        for (n, (offset, piece)) in body_pieces(&article.body, TAGGED_PIECE_BYTES).into_iter().enumerate() {
            let title = if n == 0 { title } else { "" };
            let first = out.len();
            self.tag_mentions(title, piece, &mut out);
            for m in out[first..].iter_mut().filter(|m| m.part == TextPart::Body) {
                m.start += offset;
                m.end += offset;
            }
        }
        resolve::apply_knowledge(&mut out);
        resolve::settle_kinds(&mut out);
        canonical::link_people(&mut out);
        resolve::link_acronyms(&mut out);
        resolve::link_short_orgs(&mut out);
        canonical::settle_countries(&mut out);
        resolve::mark_confident(&mut out);
        out
    }

    /// Tag `title` and `body` as one document and push their mentions (offsets within each), before the
    /// article-level rules.
    fn tag_mentions(&self, title: &str, body: &str, out: &mut Vec<Mention>) {
        let parts = [
            (TextPart::Title, title, tokenize::tokenize(title)),
            (TextPart::Body, body, tokenize::tokenize(body)),
        ];
        // All words of the title and body in one list, and every sentence: (part, its text, its tokens, the range
        // of its words in the list).
        let mut words: Vec<&str> = Vec::with_capacity(parts.iter().map(|p| p.2.len()).sum());
        let mut sentences: Vec<(TextPart, &str, &[tokenize::Token], Range<usize>)> = Vec::new();
        for (part, text, tokens) in &parts {
            let first = words.len();
            words.extend(tokens.iter().map(|t| t.text(text)));
            for range in tokenize::sentences(text, tokens) {
                let in_words = first + range.start..first + range.end;
                sentences.push((*part, text, &tokens[range], in_words));
            }
        }
        let ranges: Vec<Range<usize>> = sentences.iter().map(|s| s.3.clone()).collect();
        let tagged = self.tag_document(&words, &ranges);
        let mut tags: Vec<Tag> = Vec::new();
        for (part, text, toks, range) in &sentences {
            tags.clear();
            tags.extend(tagged[range.clone()].iter().map(|&t| Tag::from_index(t)));
            for (s, e, ty) in conll::spans(&tags) {
                if let Some(m) = self.mention(text, *part, toks, &words[range.clone()], s, e, ty) {
                    out.push(m);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn mention(
        &self,
        text: &str,
        part: TextPart,
        toks: &[tokenize::Token],
        words: &[&str],
        mut s: usize,
        mut e: usize,
        ty: EntType,
    ) -> Option<Mention> {
        let g = self.gazetteer;
        let mut role = None;
        // Punctuation at either end of a span ("- Apple Inc.") is not part of a name.
        let wordlike = |w: &str| w.chars().any(char::is_alphanumeric);
        while s < e && !wordlike(words[s]) {
            s += 1;
        }
        while e > s && !wordlike(words[e - 1]) {
            e -= 1;
        }
        if s == e {
            return None;
        }
        match ty {
            EntType::Per => {
                // Titles inside the span (the model should leave them out) or just before it become the role.
                let k = canonical::title_len(&words[s..e]);
                let mut r0 = s;
                while r0 > 0
                    && g.is_title(hash_lower(words[r0 - 1]))
                    && (words[r0 - 1].chars().next().is_some_and(char::is_uppercase) || words[r0 - 1] == "of")
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
        while e > s + 1 && matches!(words[e - 1], "'s" | "’s" | "'" | "’") {
            e -= 1;
        }
        // Part of a product's or an index's name ("X Leopard" in "Mac OS X Leopard") is no entity.
        if self.inside_non_entity(words, s, e) {
            return None;
        }
        // A short acronym tagged as a person in ordinary text ("RIM", "ANA") names an organization.
        let mut ty = ty;
        if ty == EntType::Per
            && e - s == 1
            && is_acronym(words[s])
            && words.iter().any(|w| w.chars().any(char::is_lowercase))
        {
            ty = EntType::Org;
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
            confident: false,
        })
    }
}

/// Bodies longer than this are tagged a piece at a time, so that an article of tens of megabytes does not hold
/// every word's features at once (in one piece a 60 MB text took 0.9 to 1.3 GB to tag). The document-level rules of
/// tagging (the memory of names, one type per name, headlines last) then see one piece at a time; the article-level
/// rules after tagging still see the whole article. News articles are far shorter.
pub const TAGGED_PIECE_BYTES: usize = 1 << 20;

/// `body` cut into contiguous pieces of at most `limit` bytes where it can be (at a paragraph break, else a line
/// break, else a space; a word longer than `limit` is cut at a character boundary), each with its byte offset. An
/// empty body is one empty piece.
fn body_pieces(body: &str, limit: usize) -> Vec<(usize, &str)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    while body.len() - start > limit {
        let mut window_end = start + limit;
        while !body.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let window = &body[start..window_end];
        let cut = if window.is_empty() {
            // A first character longer than `limit`: a piece of its own.
            body[start..].chars().next().map_or(1, char::len_utf8)
        } else {
            window
                .rfind("\n\n")
                .map(|p| p + 2)
                .or_else(|| window.rfind('\n').map(|p| p + 1))
                .or_else(|| window.rfind(|c: char| c.is_ascii_whitespace()).map(|p| p + 1))
                .unwrap_or(window.len())
        };
        pieces.push((start, &body[start..start + cut]));
        start += cut;
    }
    pieces.push((start, &body[start..]));
    pieces
}

/// Two to five capital letters (periods allowed): "RIM", "U.N.".
fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| *c != '.').count();
    (2..=5).contains(&letters) && word.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

impl Extractor {
    /// Do the words `s..e`, with up to three words more on either side, make a product's or market index's name?
    fn inside_non_entity(&self, words: &[&str], s: usize, e: usize) -> bool {
        let orgs = gazetteer::OrgNames::get();
        let (from, to) = (s - 3.min(s), e + 3.min(words.len() - e));
        for start in from..=s {
            let first = hash_lower(words[start]);
            if !orgs.starts_not_entity(first) {
                continue;
            }
            let mut key = first;
            for end in start + 1..=to {
                if end > start + 1 {
                    key = features::extend_phrase(key, hash_lower(words[end - 1]));
                }
                if end >= e && (start < s || end > e) && orgs.is_not_entity_key(key) {
                    return true;
                }
            }
        }
        false
    }
}

/// Document-level consistency: a one-word entity that ended a full person name earlier in the document ("Putin"
/// after "Vladimir Putin") is that person, whatever type the sentence alone suggested. Untagged words are left
/// alone (retagging them cost precision on the development data), except in sentences written in capitals.
fn link_surnames(infos: &[TokInfo], tags: &mut [u8], mem: &DocMemory, caps: bool) {
    let per_b = Tag::B(EntType::Per).index();
    let per_i = Tag::I(EntType::Per).index();
    // Surnames of full names in this very sentence count too ("Marco Rubio ... Mr. Rubio's team").
    let here: Vec<u64> = (1..infos.len())
        .filter(|&i| tags[i] == per_i && tags.get(i + 1) != Some(&per_i))
        .map(|i| infos[i].lower)
        .collect();
    for i in 0..infos.len() {
        let t = tags[i];
        let next_inside = tags.get(i + 1).is_some_and(|&n| n != 0 && n % 2 == 0);
        let alone = t % 2 == 1 && !next_inside;
        // In a sentence in capitals the case of a word tells nothing, so an untagged known surname is taken too.
        let untagged = caps && t == 0 && !next_inside;
        let surname = mem.is_surname(infos[i].lower) || here.contains(&infos[i].lower);
        if (alone || untagged) && t != per_b && surname {
            // Not inside a longer name: the neighbours must not be part of a person span.
            if i > 0 && (tags[i - 1] == per_b || tags[i - 1] == per_i) {
                continue;
            }
            tags[i] = per_b;
        }
    }
}

/// One type per name in a document: every span of the same words takes the type most of its spans have (a tie
/// changes nothing). The tagger decides each sentence alone; an article that calls "Chrysler" an organization
/// three times and a person once means the organization.
fn vote_types(infos: &[TokInfo], sentences: &[Range<usize>], tags: &mut [u8]) {
    let mut found: Vec<(usize, usize, EntType, u64)> = Vec::new();
    let mut sentence_tags: Vec<Tag> = Vec::new();
    for r in sentences {
        sentence_tags.clear();
        sentence_tags.extend(tags[r.clone()].iter().map(|&t| Tag::from_index(t)));
        for (s, e, ty) in conll::spans(&sentence_tags) {
            let key = infos[r.start + s..r.start + e]
                .iter()
                .fold(0x2545_f491_4f6c_dd1d, |h, i| features::mix(h, i.lower));
            found.push((r.start + s, r.start + e, ty, key));
        }
    }
    let mut votes: rustc_hash::FxHashMap<u64, [u32; 3]> = rustc_hash::FxHashMap::default();
    for &(_, _, ty, key) in &found {
        votes.entry(key).or_default()[ty as usize] += 1;
    }
    for &(s, e, ty, key) in &found {
        let Some(counts) = votes.get(&key) else { continue };
        let best = counts.iter().copied().max().unwrap_or(0);
        let winners: Vec<usize> = (0..3).filter(|&k| counts[k] == best).collect();
        if winners.len() == 1 && winners[0] != ty as usize {
            let to = [EntType::Per, EntType::Loc, EntType::Org][winners[0]];
            tags[s] = Tag::B(to).index();
            for t in &mut tags[s + 1..e] {
                *t = Tag::I(to).index();
            }
        }
    }
}

/// A person's name of one word that is a known first name, followed by a capitalized ordinary word the tagger
/// left out, goes on with it: "Steve" + "Jobs". (Not in sentences in capitals, where every word is capitalized.)
fn first_names_take_the_surname(infos: &[TokInfo], tags: &mut [u8]) {
    let per_b = Tag::B(EntType::Per).index();
    let per_i = Tag::I(EntType::Per).index();
    for i in 0..infos.len().saturating_sub(1) {
        let alone = tags[i] == per_b && tags.get(i + 1) != Some(&per_i);
        let next = &infos[i + 1];
        // Only a word that is also an ordinary word, which is why the tagger left it out.
        let surname_like = next.flags & features::F_INIT_CAP != 0
            && next.flags & features::F_COMMON != 0
            && next.flags & (features::F_ALL_CAPS | features::F_TITLE | features::F_PUNCT) == 0;
        if alone && infos[i].flags & features::F_FIRST_NAME != 0 && tags[i + 1] == 0 && surname_like {
            tags[i + 1] = per_i;
        }
    }
}

/// A slash never belongs to a name: "Pearl / Mansion / Crobar" is three names, not one.
fn split_at_slashes(infos: &[TokInfo], tags: &mut [u8]) {
    let slash = hash_lower("/");
    for i in 0..tags.len() {
        if infos[i].lower == slash && tags[i] != 0 {
            tags[i] = 0;
            if let Some(next) = tags.get_mut(i + 1)
                && *next != 0
                && *next % 2 == 0
            {
                *next -= 1;
            }
        }
    }
}

/// A "person" whose last word is an organization suffix ("Ford Motor Company", "Smith Inc.") is an organization.
fn people_with_org_suffix(infos: &[TokInfo], tags: &mut [u8]) {
    let tag_list: Vec<Tag> = tags.iter().map(|&t| Tag::from_index(t)).collect();
    for (s, e, ty) in conll::spans(&tag_list) {
        let last = &infos[e - 1];
        if ty == EntType::Per
            && e - s >= 2
            && last.flags & features::F_ORG_SUFFIX != 0
            && last.flags & features::F_INIT_CAP != 0
        {
            tags[s] = Tag::B(EntType::Org).index();
            for t in &mut tags[s + 1..e] {
                *t = Tag::I(EntType::Org).index();
            }
        }
    }
}

/// Find the people, places and organizations in an article: the product's single entry point.
pub fn extract(article: &Article) -> Vec<Mention> {
    Extractor::global().extract(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use features::sentence_info;

    #[test]
    fn document_rules_fix_what_one_sentence_gets_wrong() {
        let article = Article {
            title: "Keynote".into(),
            body: "Apple chief executive Steve Jobs presented the new Mac OS X Leopard in San Francisco. RIM shares \
                   fell. Analysts said Jobs surprised them."
                .into(),
            ..Article::default()
        };
        let ms = extract(&article);
        let found: Vec<(EntityKind, &str)> = ms.iter().map(|m| (m.kind, m.canonical.as_str())).collect();
        // A first name goes on with a capitalized ordinary word; the surname alone links to the full name.
        assert!(found.contains(&(EntityKind::Person, "Steve Jobs")), "{found:?}");
        assert!(!found.contains(&(EntityKind::Person, "Steve")), "{found:?}");
        // No part of a product's name is an entity; a short acronym is not a person.
        assert!(ms.iter().all(|m| !m.surface.contains("Leopard")), "{found:?}");
        assert!(
            found.iter().all(|(k, n)| !(*k == EntityKind::Person && *n == "RIM")),
            "{found:?}"
        );
    }

    #[test]
    fn one_type_per_name_in_a_document() {
        let words = [
            "Chrysler", "said", ".", "Chrysler", "fell", ".", "Chrysler", "rose", ".",
        ];
        let g = Gazetteer::get();
        let mut infos = Vec::new();
        sentence_info_into(&words, g, &mut infos);
        let sentences = [0..3, 3..6, 6..9];
        let per = Tag::B(EntType::Per).index();
        let org = Tag::B(EntType::Org).index();
        let mut tags = vec![per, 0, 0, org, 0, 0, org, 0, 0];
        vote_types(&infos, &sentences, &mut tags);
        assert_eq!((tags[0], tags[3], tags[6]), (org, org, org));
        // A tie changes nothing.
        let mut tags = vec![per, 0, 0, org, 0, 0, 0, 0, 0];
        vote_types(&infos, &sentences, &mut tags);
        assert_eq!((tags[0], tags[3]), (per, org));
    }

    #[test]
    fn inferred_titles_are_not_tagged() {
        let mut article = Article {
            title: "Nato Chiefs Ukraine".into(),
            title_inferred: true,
            body: "Officials met in Brussels.".into(),
            ..Article::default()
        };
        assert!(extract(&article).iter().all(|m| m.part == TextPart::Body));
        article.title_inferred = false;
        article.title = "Putin meets Trump in Alaska".into();
        assert!(extract(&article).iter().any(|m| m.part == TextPart::Title));
    }

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
    fn capitals_headline_uses_the_body_and_roles_span_of() {
        let article = Article {
            title: "PUTIN AND TRUMP MEET IN ALASKA".into(),
            body: "Russian President Vladimir Putin and U.S. President Donald Trump met in Anchorage on Friday. \
                   Secretary of State Marco Rubio said Mr. Rubio's team was ready."
                .into(),
            ..Article::default()
        };
        let ms = extract(&article);
        let title_people: Vec<&str> = ms
            .iter()
            .filter(|m| m.part == TextPart::Title && m.kind == EntityKind::Person)
            .map(|m| m.canonical.as_str())
            .collect();
        assert_eq!(title_people, vec!["Vladimir Putin", "Donald Trump"], "{ms:?}");
        let rubio: Vec<&Mention> = ms.iter().filter(|m| m.surface.contains("Rubio")).collect();
        assert_eq!(rubio.len(), 2, "{ms:?}");
        assert_eq!(rubio[0].role.as_deref(), Some("Secretary of State"));
        assert_eq!(rubio[1].kind, EntityKind::Person);
        assert_eq!(rubio[1].canonical, "Marco Rubio");
        assert_eq!(rubio[1].role.as_deref(), Some("Mr."));
        // The same with a title-case headline.
        let article = Article {
            title: "Putin Meets Trump In Alaska As Talks Begin".into(),
            ..article
        };
        let people: Vec<String> = extract(&article)
            .into_iter()
            .filter(|m| m.part == TextPart::Title && m.kind == EntityKind::Person)
            .map(|m| m.canonical)
            .collect();
        assert_eq!(people, vec!["Vladimir Putin", "Donald Trump"]);
    }

    #[test]
    fn headlines_are_recognized() {
        let g = Gazetteer::get();
        assert!(features::is_headline(&sentence_info(&["PUTIN", "MEETS", "TRUMP"], g)));
        assert!(features::is_headline(&sentence_info(
            &["Putin", "Meets", "Trump", "In", "Alaska"],
            g
        )));
        assert!(!features::is_headline(&sentence_info(
            &["Putin", "met", "Trump", "in", "Alaska", "."],
            g
        )));
        assert!(!features::is_headline(&sentence_info(&["Putin", "Trump"], g)));
    }

    #[test]
    fn surname_rule_retags_lone_entities() {
        let g = Gazetteer::get();
        let mut mem = DocMemory::default();
        let first = sentence_info(&["Vladimir", "Putin", "spoke"], g);
        mem.record(&first, &[1, 2, 0]);
        let s = sentence_info(&["Trump", "met", "Putin", "and", "Putin", "Inc"], g);
        // "Putin" tagged ORG alone becomes PER; O stays O outside capitals; an ORG span of two words is kept.
        let mut tags = vec![1, 0, 5, 0, 5, 6];
        link_surnames(&s, &mut tags, &mem, false);
        assert_eq!(tags, vec![1, 0, 1, 0, 5, 6]);
        let mut tags = vec![0, 0, 0, 0, 0, 0];
        link_surnames(&s, &mut tags, &mem, false);
        assert_eq!(tags, vec![0; 6]);
        link_surnames(&s, &mut tags, &mem, true);
        assert_eq!(tags, vec![0, 0, 1, 0, 1, 0]);
    }

    #[test]
    fn spans_lose_edge_punctuation() {
        let ex = Extractor::global();
        let text = "- Apple Inc. said";
        let toks = tokenize::tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        let m = ex
            .mention(text, TextPart::Body, &toks, &words, 0, 3, EntType::Org)
            .expect("mention");
        assert_eq!((m.surface.as_str(), m.start, m.end), ("Apple Inc.", 2, 12));
        assert!(
            ex.mention(text, TextPart::Body, &toks, &words, 0, 1, EntType::Org)
                .is_none()
        );
    }

    #[test]
    fn slashes_split_names() {
        let g = Gazetteer::get();
        let s = sentence_info(&["Pearl", "/", "Mansion", "/", "Crobar"], g);
        let mut tags = vec![5, 6, 6, 6, 6];
        split_at_slashes(&s, &mut tags);
        assert_eq!(tags, vec![5, 0, 5, 0, 5]);
    }

    #[test]
    fn people_ending_in_an_org_suffix_are_orgs() {
        let g = Gazetteer::get();
        let s = sentence_info(&["Ford", "Motor", "Company", "and", "John", "Smith"], g);
        let mut tags = vec![1, 2, 2, 0, 1, 2];
        people_with_org_suffix(&s, &mut tags);
        assert_eq!(tags, vec![5, 6, 6, 0, 1, 2]);
    }

    #[test]
    fn random_text_never_panics_and_spans_stay_valid() {
        // Deterministic pseudo-random text built from pieces that stress the tokenizer and tagger.
        let pieces = [
            "Putin",
            "U.S.",
            "Mr.",
            "’s",
            "'",
            "\"",
            "“",
            "”",
            "—",
            "-",
            ".",
            "...",
            "…",
            " ",
            "\n",
            "\n\n",
            "é",
            "ß",
            "İ",
            "東京",
            "🙂",
            "O'Donnell",
            "NATO",
            "Kyiv",
            "al-",
            "Inc.",
            ",",
            "(",
            ")",
            "1,000",
            "3.5",
            "Zelenskyy’s",
            "\t",
            "\u{00a0}",
            "ǅ",
            "A",
            "the",
            "of",
            "NEW YORK",
            "St.",
            "'s",
            "n't",
            "Ⅻ",
        ];
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let mut title = String::new();
            let mut body = String::new();
            for i in 0..(next() % 60) {
                let p = pieces[(next() % pieces.len() as u64) as usize];
                if i % 7 == 0 {
                    title.push_str(p);
                } else {
                    body.push_str(p);
                }
                if next() % 3 == 0 {
                    body.push(' ');
                }
            }
            let article = Article {
                title,
                body,
                ..Article::default()
            };
            for m in extract(&article) {
                let text = if m.part == TextPart::Title {
                    &article.title
                } else {
                    &article.body
                };
                assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
                assert_eq!(text.get(m.start..m.end), Some(m.surface.as_str()));
            }
        }
    }

    #[test]
    fn long_bodies_are_cut_into_pieces_at_breaks() {
        let body = "One para.\n\nTwo para here.\nThree\n\nFour";
        let pieces = body_pieces(body, 20);
        // Contiguous, covering the body, each within the limit, cut after a break where there is one.
        assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), body);
        for (offset, piece) in &pieces {
            assert_eq!(&body[*offset..*offset + piece.len()], *piece);
            assert!(piece.len() <= 20, "{piece:?}");
        }
        assert_eq!(pieces[0].1, "One para.\n\n");
        // A word longer than the limit is cut at character boundaries; an empty body is one piece.
        let word = "é".repeat(10);
        let pieces = body_pieces(&word, 5);
        assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), word);
        assert!(pieces.iter().all(|p| p.1.len() <= 5 && !p.1.is_empty()));
        assert_eq!(body_pieces("", 5), vec![(0, "")]);
        assert_eq!(body_pieces("short", 1 << 20), vec![(0, "short")]);
    }

    #[test]
    fn a_body_tagged_in_pieces_gives_mentions_at_their_place_in_the_body() {
        let paragraph = "President Vladimir Putin met officials in Moscow on Monday. Putin said talks would go on.\n\n";
        let repeats = TAGGED_PIECE_BYTES / paragraph.len() + 10;
        let article = Article {
            title: "Putin in Moscow".into(),
            body: paragraph.repeat(repeats),
            ..Article::default()
        };
        assert!(body_pieces(&article.body, TAGGED_PIECE_BYTES).len() >= 2);
        let ms = extract(&article);
        let in_body: Vec<&Mention> = ms.iter().filter(|m| m.part == TextPart::Body).collect();
        // Every paragraph's names are found, wherever the cut fell, and each points at its own text.
        let moscow = in_body.iter().filter(|m| m.canonical == "Moscow").count();
        assert_eq!(moscow, repeats);
        for m in &in_body {
            assert_eq!(&article.body[m.start..m.end], m.surface, "{m:?}");
        }
        assert!(
            in_body
                .iter()
                .filter(|m| m.surface == "Putin")
                .all(|m| m.canonical == "Vladimir Putin")
        );
        assert!(ms.iter().any(|m| m.part == TextPart::Title));
    }

    #[test]
    fn empty_article_has_no_mentions() {
        assert!(extract(&Article::default()).is_empty());
    }
}
