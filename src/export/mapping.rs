//! The index mapping each engine needs, generated from the schema table ([`crate::index::schema::EXPORTED`] and
//! each field's tantivy options): Elasticsearch / OpenSearch settings and mappings (JSON), and the Quickwit index
//! config (YAML). A field added to the schema table appears here, in the exported documents and in the golden
//! tests at once.

use serde_json::{Map, Value, json};
use tantivy::schema::{FieldType, Schema};

use super::Target;
use crate::index::analyzers::{NAME, NEWS_TEXT};
use crate::index::schema::{self, EXPORTED, Export};

/// The sub-field (Elasticsearch, OpenSearch) that holds a faceted field's exact values.
pub const FACET_SUBFIELD: &str = "keyword";
/// The analyzers (Elasticsearch, OpenSearch) and tokenizer (Quickwit) that stand for newsdex's.
pub const TEXT_ANALYZER: &str = "newsdex_text";
pub const NAME_ANALYZER: &str = "newsdex_name";
/// Tokens of this many characters or more are dropped, as tantivy's `RemoveLongFilter::limit(64)` drops them.
const MAX_TOKEN_CHARS: u32 = 63;

/// What an exported field is, from its tantivy options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An exact string (`raw` tokenizer).
    Keyword,
    /// Prose: words, lowercased, accents folded, English-stemmed (`news_text`).
    Text,
    /// Names: as [`Kind::Text`] without stemming (`name`).
    Name,
    U64,
    I64,
    /// A day (`YYYY-MM-DD`).
    Date,
    /// Stored JSON, not searched.
    Json,
}

/// One exported field: its name, kind, how its values are taken, and whether it is faceted (has exact values for
/// `terms` aggregations) or fast (a column) in the local index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub export: Export,
    pub facet: bool,
    pub fast: bool,
}

impl FieldSpec {
    /// True when a document holds a list of values for this field (the entities JSON is a list too).
    pub fn many(&self) -> bool {
        matches!(self.export, Export::Many | Export::Names | Export::Json)
    }
}

/// The kind of a field from its tantivy options; `None` for options no engine has an equivalent of (the `names`
/// field's analyzer).
fn kind_of(field_type: &FieldType, export: Export) -> Option<Kind> {
    if export == Export::Json {
        return Some(Kind::Json);
    }
    match field_type {
        FieldType::Str(options) => match options.get_indexing_options().map(|i| i.tokenizer()) {
            Some("raw") => Some(Kind::Keyword),
            Some(t) if t == NEWS_TEXT => Some(Kind::Text),
            Some(t) if t == NAME => Some(Kind::Name),
            _ => None,
        },
        FieldType::U64(_) => Some(Kind::U64),
        FieldType::I64(_) => Some(Kind::I64),
        FieldType::Date(_) => Some(Kind::Date),
        _ => None,
    }
}

/// Every exported field, in schema order. A field marked exported whose options have no equivalent is an error
/// that names it (caught by the unit tests, never by a user).
pub fn fields() -> Result<Vec<FieldSpec>, String> {
    fields_of(&schema::build())
}

fn fields_of(schema: &Schema) -> Result<Vec<FieldSpec>, String> {
    let mut out = Vec::new();
    for (name, export) in EXPORTED {
        if matches!(export, Export::No | Export::FacetOf(_)) {
            continue;
        }
        let field = schema.get_field(name).map_err(|e| e.to_string())?;
        let field_type = schema.get_field_entry(field).field_type();
        let kind = kind_of(field_type, *export)
            .ok_or_else(|| format!("field `{name}` is exported but its options have no equivalent in the engines"))?;
        let facet = EXPORTED
            .iter()
            .any(|(_, e)| matches!(e, Export::FacetOf(of) if of == name));
        out.push(FieldSpec {
            name,
            kind,
            export: *export,
            facet,
            fast: field_type.is_fast(),
        });
    }
    Ok(out)
}

/// The field a `terms` aggregation counts for the facet of `field`.
pub fn facet_field(target: Target, field: &str) -> String {
    let spec = fields().ok().and_then(|fs| fs.into_iter().find(|f| f.name == field));
    match (target, spec) {
        (Target::Elasticsearch | Target::Opensearch, Some(s)) if s.facet => format!("{field}.{FACET_SUBFIELD}"),
        _ => field.to_string(),
    }
}

/// The mapping for `target`, as the text to give the engine: JSON for Elasticsearch and OpenSearch (the body of
/// `PUT /INDEX`), YAML for Quickwit (the index config for `quickwit index create` or `POST /api/v1/indexes`).
pub fn render(target: Target, index_id: &str) -> Result<String, String> {
    let specs = fields()?;
    match target {
        Target::Elasticsearch | Target::Opensearch => {
            serde_json::to_string_pretty(&elasticsearch(&specs)).map_err(|e| e.to_string())
        }
        Target::Quickwit => serde_yaml_ng::to_string(&quickwit(&specs, index_id)).map_err(|e| e.to_string()),
    }
}

/// Elasticsearch and OpenSearch: the analysis settings and the strict mapping.
fn elasticsearch(specs: &[FieldSpec]) -> Value {
    let mut properties = Map::new();
    for s in specs {
        let mut m = match s.kind {
            Kind::Keyword => json!({"type": "keyword"}),
            Kind::Text => json!({"type": "text", "analyzer": TEXT_ANALYZER}),
            Kind::Name => json!({"type": "text", "analyzer": NAME_ANALYZER}),
            Kind::U64 | Kind::I64 => json!({"type": "long"}),
            Kind::Date => json!({"type": "date", "format": "strict_date"}),
            Kind::Json => json!({"type": "object", "enabled": false}),
        };
        if s.facet
            && let Some(obj) = m.as_object_mut()
        {
            obj.insert(
                "fields".into(),
                json!({FACET_SUBFIELD: {"type": "keyword", "ignore_above": 1024}}),
            );
        }
        properties.insert(s.name.to_string(), m);
    }
    json!({
        "settings": {
            "analysis": {
                "tokenizer": {
                    // tantivy's SimpleTokenizer: runs of letters and digits.
                    "newsdex_words": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"}
                },
                "filter": {
                    "newsdex_long": {"type": "length", "max": MAX_TOKEN_CHARS},
                    // Snowball English (Porter2), the stemmer tantivy's English `Stemmer` runs.
                    "newsdex_english": {"type": "stemmer", "language": "porter2"}
                },
                "analyzer": {
                    TEXT_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "newsdex_words",
                        "filter": ["newsdex_long", "lowercase", "asciifolding", "newsdex_english"]
                    },
                    NAME_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "newsdex_words",
                        "filter": ["newsdex_long", "lowercase", "asciifolding"]
                    }
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "properties": properties
        }
    })
}

/// Quickwit: the index config, with the doc mapping, its name tokenizer and the timestamp field.
fn quickwit(specs: &[FieldSpec], index_id: &str) -> Value {
    let mut mappings = Vec::new();
    let mut timestamp = None;
    for s in specs {
        let ty = |base: &str| {
            if s.many() {
                format!("array<{base}>")
            } else {
                base.to_string()
            }
        };
        let mut m = Map::new();
        m.insert("name".into(), json!(s.name));
        match s.kind {
            Kind::Keyword => {
                m.insert("type".into(), json!(ty("text")));
                m.insert("tokenizer".into(), json!("raw"));
                if s.fast || s.facet {
                    m.insert("fast".into(), json!(true));
                }
            }
            Kind::Text | Kind::Name => {
                m.insert("type".into(), json!(ty("text")));
                // Quickwit's custom tokenizers have no stemmer: prose takes its built-in `en_stem` (no accent
                // folding), names newsdex's name tokenizer.
                let tokenizer = if s.kind == Kind::Text { "en_stem" } else { NAME_ANALYZER };
                m.insert("tokenizer".into(), json!(tokenizer));
                m.insert("record".into(), json!("position"));
                m.insert("fieldnorms".into(), json!(true));
                if s.facet {
                    // A fast text column holds the exact (raw) values: `terms` aggregations count them.
                    m.insert("fast".into(), json!({"normalizer": "raw"}));
                }
            }
            Kind::U64 => {
                m.insert("type".into(), json!(ty("u64")));
            }
            Kind::I64 => {
                m.insert("type".into(), json!(ty("i64")));
            }
            Kind::Date => {
                m.insert("type".into(), json!(ty("datetime")));
                m.insert("input_formats".into(), json!(["%Y-%m-%d"]));
                m.insert("output_format".into(), json!("%Y-%m-%d"));
                m.insert("fast".into(), json!(true));
                m.insert("fast_precision".into(), json!("seconds"));
                timestamp.get_or_insert(s.name);
            }
            Kind::Json => {
                m.insert("type".into(), json!(ty("json")));
                m.insert("indexed".into(), json!(false));
            }
        }
        mappings.push(Value::Object(m));
    }
    let mut doc_mapping = Map::new();
    doc_mapping.insert("mode".into(), json!("strict"));
    doc_mapping.insert("field_mappings".into(), Value::Array(mappings));
    if let Some(ts) = timestamp {
        doc_mapping.insert("timestamp_field".into(), json!(ts));
    }
    doc_mapping.insert(
        "tokenizers".into(),
        json!([{"name": NAME_ANALYZER, "type": "simple", "filters": ["remove_long", "lower_caser", "ascii_folding"]}]),
    );
    json!({
        "version": "0.8",
        "index_id": index_id,
        "doc_mapping": doc_mapping,
        "search_settings": {"default_search_fields": ["title", "body"]},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_field_has_a_kind() {
        let specs = fields().expect("every exported field maps");
        assert!(
            specs
                .iter()
                .any(|s| s.name == "person" && s.facet && s.kind == Kind::Name)
        );
        assert!(specs.iter().any(|s| s.name == "date" && s.kind == Kind::Date));
        assert!(!specs.iter().any(|s| s.name == "names" || s.name.ends_with("_exact")));
    }

    #[test]
    fn facets_use_the_keyword_subfield_on_elasticsearch_only() {
        assert_eq!(facet_field(Target::Elasticsearch, "person"), "person.keyword");
        assert_eq!(facet_field(Target::Opensearch, "source"), "source.keyword");
        assert_eq!(facet_field(Target::Quickwit, "person"), "person");
        assert_eq!(facet_field(Target::Elasticsearch, "lang"), "lang");
    }

    #[test]
    fn an_unmappable_field_is_named() {
        let mut b = Schema::builder();
        for (name, _) in EXPORTED {
            b.add_u64_field(name, tantivy::schema::STORED);
        }
        let schema = b.build();
        assert!(fields_of(&schema).is_ok());
        let mut b = Schema::builder();
        for (name, _) in EXPORTED {
            b.add_bool_field(name, tantivy::schema::STORED);
        }
        let err = fields_of(&b.build()).expect_err("bool fields have no kind");
        assert!(err.contains("field `id`"), "{err}");
    }
}
