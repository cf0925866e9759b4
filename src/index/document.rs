//! Converting between an annotated [`Article`] and a tantivy document, both ways.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument};

use super::Fields;
use crate::article::{Article, EntityKind, Mention};

/// What ingest knows about the file an article came from, kept for change detection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    /// Absolute path of the file: the key shared by all its records.
    pub file: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: i64,
    /// blake3 of the file's bytes, hex.
    pub hash: String,
}

/// One entity of an article, as stored: canonical name, kind, how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityCount {
    pub kind: EntityKind,
    pub name: String,
    pub count: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    /// How the article writes the name, when not as `name` ("U.S." for United States, "Putin" for Vladimir
    /// Putin); at most [`MAX_SURFACES`].
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub surfaces: Vec<String>,
}

/// Spellings kept per entity of an article.
pub const MAX_SURFACES: usize = 5;

/// The stable id of a record: a hash of the file's absolute path and the record number.
pub fn document_id(file: &str, record: Option<u64>) -> String {
    let key = match record {
        Some(r) => format!("{file}#{r}"),
        None => file.to_string(),
    };
    let hash = blake3::hash(key.as_bytes());
    hash.to_hex()[..24].to_string()
}

/// Count the mentions per (kind, canonical name), most mentioned first (ties by name).
pub fn count_entities(mentions: &[Mention]) -> Vec<EntityCount> {
    let mut counts: BTreeMap<(EntityKind, &str), EntityCount> = BTreeMap::new();
    for m in mentions {
        let entry = counts
            .entry((m.kind, m.canonical.as_str()))
            .or_insert_with(|| EntityCount {
                kind: m.kind,
                name: m.canonical.clone(),
                count: 0,
                role: None,
                country: None,
                surfaces: Vec::new(),
            });
        entry.count += 1;
        if m.surface != m.canonical && entry.surfaces.len() < MAX_SURFACES && !entry.surfaces.contains(&m.surface) {
            entry.surfaces.push(m.surface.clone());
        }
        if entry.role.is_none() {
            entry.role.clone_from(&m.role);
        }
        if entry.country.is_none() {
            entry.country.clone_from(&m.country);
        }
    }
    let mut out: Vec<EntityCount> = counts.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The countries of an article's entities, in the entities' order (most mentioned first), each once: the `country`
/// list of `search --json` and of exported documents.
pub fn countries(entities: &[EntityCount]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in entities {
        if let Some(c) = &e.country
            && !out.contains(c)
        {
            out.push(c.clone());
        }
    }
    out
}

fn to_date_time(date: NaiveDate) -> Option<DateTime> {
    let secs = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
    Some(DateTime::from_timestamp_secs(secs))
}

/// Build the tantivy document for an article and its mentions.
pub fn to_document(fields: &Fields, article: &Article, mentions: &[Mention], stamp: &FileStamp) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, document_id(&stamp.file, article.record));
    doc.add_text(fields.file, &stamp.file);
    doc.add_text(fields.path, &article.path);
    if let Some(record) = article.record {
        doc.add_u64(fields.record, record);
    }
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.body, &article.body);
    for caption in &article.captions {
        doc.add_text(fields.captions, caption);
    }
    for credit in &article.credits {
        doc.add_text(fields.credits, credit);
    }

    // Tokenized entity fields get one value per mention, so term frequency counts mentions; a surface form that
    // differs from the canonical name (a variant spelling) is indexed once so it can be searched too.
    let mut variants_seen = std::collections::HashSet::new();
    let mut countries = Vec::new();
    for m in mentions {
        let field = fields.entity(m.kind);
        doc.add_text(field, &m.canonical);
        if m.surface != m.canonical && variants_seen.insert((m.kind, m.surface.as_str())) {
            doc.add_text(field, &m.surface);
        }
        if let Some(country) = &m.country {
            doc.add_text(fields.country, country);
            countries.push(country.clone());
        }
    }
    let entities = count_entities(mentions);
    let mut keys = std::collections::BTreeSet::new();
    for e in &entities {
        doc.add_text(fields.entity_exact(e.kind), &e.name);
        keys.extend(super::name_keys::keys_for(e.kind, &e.name));
    }
    for m in mentions.iter().filter(|m| m.confident) {
        keys.insert(super::name_keys::sure_key(m.kind, &m.surface));
        keys.insert(super::name_keys::sure_key(m.kind, &m.canonical));
        // A surname of a person named in full is that person's here ("Ford" in "Gerald Ford").
        if m.kind == EntityKind::Person {
            let words = super::name_keys::key_words(&m.canonical);
            if let Some(i) = super::name_keys::surname_at(&words) {
                keys.insert(super::name_keys::sure_key(m.kind, &words[i]));
            }
        }
    }
    for key in &keys {
        doc.add_text(fields.name_keys, key);
    }
    // The name-like words of the text, for matching surnames and short forms (an inferred title is not the
    // author's text).
    if !article.title_inferred {
        doc.add_text(fields.names, &article.title);
    }
    doc.add_text(fields.names, &article.body);
    countries.sort();
    countries.dedup();
    for country in &countries {
        doc.add_text(fields.country_exact, country);
    }
    doc.add_text(
        fields.entities,
        serde_json::to_string(&entities).unwrap_or_else(|_| "[]".into()),
    );

    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
        doc.add_text(fields.source_exact, source);
    }
    if let Some(byline) = &article.byline {
        doc.add_text(fields.byline, byline);
    }
    if let Some(dateline) = &article.dateline {
        doc.add_text(fields.dateline, dateline);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(lang) = &article.lang {
        doc.add_text(fields.lang, lang);
    }
    if let Some(date) = article.date.and_then(to_date_time) {
        doc.add_date(fields.date, date);
    }
    doc.add_u64(fields.file_size, stamp.size);
    doc.add_i64(fields.file_mtime, stamp.mtime);
    doc.add_text(fields.content_hash, &stamp.hash);
    doc
}

/// An article as read back from the index, for printing results (serialized whole by `newsdex serve`'s
/// `/api/article/{id}`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub path: String,
    pub title: String,
    pub body: String,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub dateline: Option<String>,
    pub captions: Vec<String>,
    pub credits: Vec<String>,
    pub entities: Vec<EntityCount>,
}

impl StoredArticle {
    /// Canonical names of one kind, most mentioned first.
    pub fn names(&self, kind: EntityKind) -> Vec<String> {
        self.entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.name.clone())
            .collect()
    }
}

/// Read the stored fields of a document back.
pub fn from_document(fields: &Fields, doc: &TantivyDocument) -> StoredArticle {
    let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let texts = |field| {
        doc.get_all(field)
            .filter_map(|v| v.as_str())
            .map(str::to_string)
            .collect()
    };
    StoredArticle {
        id: text(fields.id).unwrap_or_default(),
        path: text(fields.path).unwrap_or_default(),
        title: text(fields.title).unwrap_or_default(),
        body: text(fields.body).unwrap_or_default(),
        date: doc
            .get_first(fields.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.date_naive()),
        source: text(fields.source),
        byline: text(fields.byline),
        url: text(fields.url),
        lang: text(fields.lang),
        dateline: text(fields.dateline),
        captions: texts(fields.captions),
        credits: texts(fields.credits),
        entities: text(fields.entities)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(kind: EntityKind, surface: &str, canonical: &str) -> Mention {
        Mention::new(kind, surface, canonical)
    }

    #[test]
    fn ids_are_stable_and_distinct_per_record() {
        assert_eq!(document_id("/a/b.txt", None), document_id("/a/b.txt", None));
        assert_ne!(document_id("/a/b.jsonl", Some(1)), document_id("/a/b.jsonl", Some(2)));
        assert_eq!(document_id("/a/b.txt", None).len(), 24);
    }

    #[test]
    fn entity_counts_sorted_by_mentions() {
        let ms = vec![
            mention(EntityKind::Person, "Putin", "Vladimir Putin"),
            mention(EntityKind::Place, "Alaska", "Alaska"),
            mention(EntityKind::Person, "Vladimir Putin", "Vladimir Putin"),
        ];
        let counts = count_entities(&ms);
        assert_eq!(counts[0].name, "Vladimir Putin");
        assert_eq!(counts[0].count, 2);
        assert_eq!(counts[1].name, "Alaska");
    }

    #[test]
    fn document_round_trip() {
        let schema = super::super::schema::build();
        let fields = Fields::from_schema(&schema).expect("fields");
        let article = Article {
            path: "x/a.txt".into(),
            title: "Title".into(),
            body: "Body text".into(),
            date: NaiveDate::from_ymd_opt(2013, 12, 10),
            source: Some("Wikinews".into()),
            ..Article::default()
        };
        let stamp = FileStamp {
            file: "/x/a.txt".into(),
            size: 3,
            mtime: 4,
            hash: "h".into(),
        };
        let ms = vec![mention(EntityKind::Person, "Barra", "Mary Barra")];
        let doc = to_document(&fields, &article, &ms, &stamp);
        let back = from_document(&fields, &doc);
        assert_eq!(back.title, "Title");
        assert_eq!(back.date, article.date);
        assert_eq!(back.source.as_deref(), Some("Wikinews"));
        assert_eq!(back.names(EntityKind::Person), vec!["Mary Barra".to_string()]);
        assert_eq!(back.id, document_id("/x/a.txt", None));
    }
}
