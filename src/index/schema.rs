//! The index schema, in one place: every field, its analyzer, and its stored/fast/indexed choices.
//!
//! | field | analyzer | stored | fast | why |
//! |---|---|---|---|---|
//! | `id` | raw | yes | no | stable id (hash of the file's absolute path + record number); re-ingest replaces |
//! | `file` | raw | yes | yes | absolute path of the source file: incremental ingest, `--prune`, replacing a file's records |
//! | `path` | name | yes | no | the path as the user gave it; searchable word by word (`path:wikinews`) |
//! | `record` | u64 | yes | no | record number inside JSON / JSONL files |
//! | `title`, `body` | news_text (stemmed) | yes | no | full-text search, snippets |
//! | `captions`, `credits` | news_text | yes | no | photo captions and credit lines kept out of the body |
//! | `person`, `place`, `org`, `country` | name | no | no | one value per mention, so term frequency counts mentions |
//! | `person_exact`, ... | raw | no | yes | each distinct canonical name once: facets, entity counts |
//! | `entities` | none | yes | no | JSON summary of the article's entities (canonical name, kind, count, role) |
//! | `names` | name_words (documents only) | no | no | the name-like words of title and body: entity search's surnames and short forms |
//! | `name_keys` | raw | no | no | which full names a surname or a short form stands for (see [`super::document::name_keys`]) |
//! | `source`, `byline`, `dateline` | name | yes | no | outlet, author, dateline place |
//! | `url` | raw | yes | no | the article's address when the file carried one |
//! | `source_exact` | raw | no | yes | facets by outlet |
//! | `lang` | raw | yes | yes | the article's language (ISO 639-1), `lang:de`, facets |
//! | `date` | date | yes | yes | date queries, `--sort date` |
//! | `file_size`, `file_mtime`, `content_hash` | u64/i64/raw | yes | yes | cheap change detection on re-ingest |

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, SchemaBuilder,
    TextFieldIndexing, TextOptions,
};

use super::analyzers::{NAME, NAME_WORDS, NEWS_TEXT};
use crate::article::EntityKind;

/// Text fields a user may query by name, with their aliases, in the order listed in errors.
pub const QUERYABLE_FIELDS: &[(&str, &[&str])] = &[
    ("person", &["people", "persons"]),
    ("place", &["location", "places"]),
    ("org", &["organization", "organisation", "orgs"]),
    ("country", &["countries"]),
    ("title", &[]),
    ("body", &["text"]),
    ("source", &["outlet"]),
    ("byline", &["author"]),
    ("dateline", &[]),
    ("captions", &["caption"]),
    ("credits", &[]),
    ("path", &[]),
    ("lang", &["language"]),
    ("date", &[]),
];

/// Resolve a field name or alias typed in a query to the schema field name.
pub fn resolve_field_name(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    QUERYABLE_FIELDS
        .iter()
        .find(|(field, aliases)| *field == lower || aliases.contains(&lower.as_str()))
        .map(|(field, _)| *field)
}

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub file: Field,
    pub path: Field,
    pub record: Field,
    pub title: Field,
    pub body: Field,
    pub captions: Field,
    pub credits: Field,
    pub person: Field,
    pub place: Field,
    pub org: Field,
    pub country: Field,
    pub person_exact: Field,
    pub place_exact: Field,
    pub org_exact: Field,
    pub country_exact: Field,
    pub entities: Field,
    pub names: Field,
    pub name_keys: Field,
    pub source: Field,
    pub source_exact: Field,
    pub byline: Field,
    pub dateline: Field,
    pub url: Field,
    pub lang: Field,
    pub date: Field,
    pub file_size: Field,
    pub file_mtime: Field,
    pub content_hash: Field,
}

fn analyzed(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored { options.set_stored() } else { options }
}

fn exact_fast() -> TextOptions {
    STRING.set_fast("raw")
}

/// Build the schema (used when creating an index).
pub fn build() -> Schema {
    let mut b: SchemaBuilder = Schema::builder();
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("file", exact_fast().set_stored());
    b.add_text_field("path", analyzed(NAME, true));
    b.add_u64_field("record", STORED);
    b.add_text_field("title", analyzed(NEWS_TEXT, true));
    b.add_text_field("body", analyzed(NEWS_TEXT, true));
    b.add_text_field("captions", analyzed(NEWS_TEXT, true));
    b.add_text_field("credits", analyzed(NEWS_TEXT, true));
    for kind in ["person", "place", "org", "country"] {
        b.add_text_field(kind, analyzed(NAME, false));
        b.add_text_field(&format!("{kind}_exact"), exact_fast());
    }
    b.add_text_field("entities", STORED);
    // Which name-like words an article has, not where: no frequencies or positions (the cheapest postings).
    b.add_text_field(
        "names",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NAME_WORDS)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    b.add_text_field("name_keys", STRING);
    b.add_text_field("source", analyzed(NAME, true));
    b.add_text_field("source_exact", exact_fast());
    b.add_text_field("byline", analyzed(NAME, true));
    b.add_text_field("dateline", analyzed(NAME, true));
    b.add_text_field("url", STRING | STORED);
    b.add_text_field("lang", exact_fast().set_stored());
    let date = DateOptions::from(INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    b.add_date_field("date", date);
    b.add_u64_field("file_size", STORED | FAST);
    b.add_i64_field("file_mtime", STORED | FAST);
    b.add_text_field("content_hash", exact_fast().set_stored());
    b.build()
}

impl Fields {
    /// Look up every field in `schema`; fails with the name of the first one missing.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("field `{name}` is missing (index built by another newsdex version?)"))
        };
        Ok(Fields {
            id: f("id")?,
            file: f("file")?,
            path: f("path")?,
            record: f("record")?,
            title: f("title")?,
            body: f("body")?,
            captions: f("captions")?,
            credits: f("credits")?,
            person: f("person")?,
            place: f("place")?,
            org: f("org")?,
            country: f("country")?,
            person_exact: f("person_exact")?,
            place_exact: f("place_exact")?,
            org_exact: f("org_exact")?,
            country_exact: f("country_exact")?,
            entities: f("entities")?,
            names: f("names")?,
            name_keys: f("name_keys")?,
            source: f("source")?,
            source_exact: f("source_exact")?,
            byline: f("byline")?,
            dateline: f("dateline")?,
            url: f("url")?,
            lang: f("lang")?,
            date: f("date")?,
            file_size: f("file_size")?,
            file_mtime: f("file_mtime")?,
            content_hash: f("content_hash")?,
        })
    }

    /// The tokenized entity field for a kind.
    pub fn entity(&self, kind: EntityKind) -> Field {
        match kind {
            EntityKind::Person => self.person,
            EntityKind::Place => self.place,
            EntityKind::Org => self.org,
        }
    }

    /// The exact (facet) field for a kind.
    pub fn entity_exact(&self, kind: EntityKind) -> Field {
        match kind {
            EntityKind::Person => self.person_exact,
            EntityKind::Place => self.place_exact,
            EntityKind::Org => self.org_exact,
        }
    }
}

/// Check that an index on disk has the fields this version needs.
pub fn check_compatible(schema: &Schema) -> Result<(), String> {
    let expected = build();
    for (_, entry) in expected.fields() {
        match schema.get_field(entry.name()) {
            Ok(field) if schema.get_field_entry(field).field_type() == entry.field_type() => {}
            _ => {
                return Err(format!(
                    "field `{}` differs from this newsdex version's schema; delete the index and ingest again",
                    entry.name()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_queryable_field_exists_in_schema() {
        let schema = build();
        for (name, _) in QUERYABLE_FIELDS {
            assert!(schema.get_field(name).is_ok(), "{name}");
        }
        assert!(Fields::from_schema(&schema).is_ok());
    }

    #[test]
    fn aliases_resolve() {
        assert_eq!(resolve_field_name("people"), Some("person"));
        assert_eq!(resolve_field_name("Location"), Some("place"));
        assert_eq!(resolve_field_name("outlet"), Some("source"));
        assert_eq!(resolve_field_name("nope"), None);
    }

    #[test]
    fn schema_is_self_compatible() {
        assert!(check_compatible(&build()).is_ok());
        let mut b = Schema::builder();
        b.add_text_field("id", STRING);
        assert!(check_compatible(&b.build()).is_err());
    }
}
