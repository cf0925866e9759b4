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
    DateOptions, DateTimePrecision, FAST, Field, FieldEntry, FieldType, INDEXED, IndexRecordOption, NumericOptions,
    STORED, STRING, Schema, SchemaBuilder, TextFieldIndexing, TextOptions,
};

use super::analyzers::{NAME, NAME_WORDS, NEWS_TEXT};
use crate::article::EntityKind;

/// How a field goes to Elasticsearch, OpenSearch and Quickwit (`newsdex export`): the mappings and the exported
/// documents are generated from this column of the table, and the field's kind there (keyword, English text, name
/// text, number, date) from its options here (see `crate::export::mapping`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// Not exported: internal to the local index (change detection, the `names` words only tantivy's analyzer
    /// makes).
    No,
    /// One value, as the index holds it.
    One,
    /// A list of values, as the index holds them.
    Many,
    /// An entity field: the article's canonical names, most mentioned first (as `search --json` lists them).
    Names,
    /// The stored JSON, as JSON (kept, not searched).
    Json,
    /// Not exported itself: the exact values of the field it names, which gets a `keyword` sub-field
    /// (Elasticsearch, OpenSearch) or a fast column (Quickwit) for facets.
    FacetOf(&'static str),
}

/// The one table of fields: each field's name (the identifier, as stored in the index), its options and how it is
/// exported, in schema order. It declares [`Fields`] (a handle per field), [`field_name`] (each name as a constant,
/// for code that addresses columns by name), [`EXPORTED`] and [`build`].
macro_rules! schema_fields {
    ($($field:ident: $options:expr => $export:expr,)*) => {
        /// Handles to every field of the schema.
        #[derive(Debug, Clone, Copy)]
        pub struct Fields {
            $(pub $field: Field,)*
        }

        /// The name of every field, as stored in the index.
        #[allow(non_upper_case_globals)]
        pub mod field_name {
            $(pub const $field: &str = stringify!($field);)*
        }

        /// Every field with how it is exported to Elasticsearch, OpenSearch and Quickwit, in schema order.
        pub const EXPORTED: &[(&str, Export)] = &[$((stringify!($field), $export),)*];

        /// Build the schema (used when creating an index).
        pub fn build() -> Schema {
            let mut b: SchemaBuilder = Schema::builder();
            $(b.add_field(FieldEntry::new(stringify!($field).to_string(), $options));)*
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
                    $($field: f(stringify!($field))?,)*
                })
            }
        }
    };
}

schema_fields! {
    id: text(STRING | STORED) => Export::One,
    file: text(exact_fast().set_stored()) => Export::One,
    path: text(analyzed(NAME, true)) => Export::One,
    record: FieldType::U64(NumericOptions::from(STORED)) => Export::One,
    title: text(analyzed(NEWS_TEXT, true)) => Export::One,
    body: text(analyzed(NEWS_TEXT, true)) => Export::One,
    captions: text(analyzed(NEWS_TEXT, true)) => Export::Many,
    credits: text(analyzed(NEWS_TEXT, true)) => Export::Many,
    person: text(analyzed(NAME, false)) => Export::Names,
    person_exact: text(exact_fast()) => Export::FacetOf(field_name::person),
    place: text(analyzed(NAME, false)) => Export::Names,
    place_exact: text(exact_fast()) => Export::FacetOf(field_name::place),
    org: text(analyzed(NAME, false)) => Export::Names,
    org_exact: text(exact_fast()) => Export::FacetOf(field_name::org),
    country: text(analyzed(NAME, false)) => Export::Names,
    country_exact: text(exact_fast()) => Export::FacetOf(field_name::country),
    entities: text(TextOptions::from(STORED)) => Export::Json,
    // Which name-like words an article has, not where: no frequencies or positions (the cheapest postings).
    names: text(TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(NAME_WORDS)
            .set_index_option(IndexRecordOption::Basic),
    )) => Export::No,
    name_keys: text(STRING) => Export::Many,
    source: text(analyzed(NAME, true)) => Export::One,
    source_exact: text(exact_fast()) => Export::FacetOf(field_name::source),
    byline: text(analyzed(NAME, true)) => Export::One,
    dateline: text(analyzed(NAME, true)) => Export::One,
    url: text(STRING | STORED) => Export::One,
    lang: text(exact_fast().set_stored()) => Export::One,
    date: FieldType::Date(
        DateOptions::from(INDEXED)
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    ) => Export::One,
    file_size: FieldType::U64(NumericOptions::from(STORED | FAST)) => Export::No,
    file_mtime: FieldType::I64(NumericOptions::from(STORED | FAST)) => Export::No,
    content_hash: text(exact_fast().set_stored()) => Export::One,
}

/// A field a user may name in a query (`person:`, `date:`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryField {
    Person,
    Place,
    Org,
    Country,
    Title,
    Body,
    Source,
    Byline,
    Dateline,
    Captions,
    Credits,
    Path,
    Lang,
    Date,
}

/// Every queryable field: its name (the schema field's) and its aliases, in the order listed in errors.
pub const QUERYABLE_FIELDS: &[(QueryField, &str, &[&str])] = &[
    (QueryField::Person, field_name::person, &["people", "persons"]),
    (QueryField::Place, field_name::place, &["location", "places"]),
    (
        QueryField::Org,
        field_name::org,
        &["organization", "organisation", "orgs"],
    ),
    (QueryField::Country, field_name::country, &["countries"]),
    (QueryField::Title, field_name::title, &[]),
    (QueryField::Body, field_name::body, &["text"]),
    (QueryField::Source, field_name::source, &["outlet"]),
    (QueryField::Byline, field_name::byline, &["author"]),
    (QueryField::Dateline, field_name::dateline, &[]),
    (QueryField::Captions, field_name::captions, &["caption"]),
    (QueryField::Credits, field_name::credits, &[]),
    (QueryField::Path, field_name::path, &[]),
    (QueryField::Lang, field_name::lang, &["language"]),
    (QueryField::Date, field_name::date, &[]),
];

impl QueryField {
    /// The field a name or alias typed in a query stands for (any case).
    pub fn resolve(name: &str) -> Option<QueryField> {
        let lower = name.to_ascii_lowercase();
        QUERYABLE_FIELDS
            .iter()
            .find(|(_, field, aliases)| *field == lower || aliases.contains(&lower.as_str()))
            .map(|(q, _, _)| *q)
    }

    /// The field's name as users write it (and as the schema stores it).
    pub fn name(self) -> &'static str {
        QUERYABLE_FIELDS
            .iter()
            .find(|(q, _, _)| *q == self)
            .map_or("?", |(_, name, _)| *name)
    }
}

fn text(options: TextOptions) -> FieldType {
    FieldType::Str(options)
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

impl Fields {
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
        for (q, name, _) in QUERYABLE_FIELDS {
            assert!(schema.get_field(name).is_ok(), "{name}");
            assert_eq!(QueryField::resolve(name), Some(*q));
            assert_eq!(q.name(), *name);
        }
        let fields = Fields::from_schema(&schema).expect("fields");
        for kind in [EntityKind::Person, EntityKind::Place, EntityKind::Org] {
            assert_eq!(schema.get_field(kind.field_name()).ok(), Some(fields.entity(kind)));
        }
    }

    #[test]
    fn aliases_resolve() {
        assert_eq!(QueryField::resolve("people"), Some(QueryField::Person));
        assert_eq!(QueryField::resolve("Location"), Some(QueryField::Place));
        assert_eq!(QueryField::resolve("outlet"), Some(QueryField::Source));
        assert_eq!(QueryField::resolve("nope"), None);
    }

    #[test]
    fn schema_is_self_compatible() {
        assert!(check_compatible(&build()).is_ok());
        let mut b = Schema::builder();
        b.add_text_field("id", STRING);
        assert!(check_compatible(&b.build()).is_err());
    }
}
