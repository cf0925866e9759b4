//! The types every pipeline stage shares: the normalized [`Article`] and the entity [`Mention`]s found in it.

use serde::{Deserialize, Serialize};

/// What kind of named entity a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Org,
}

impl EntityKind {
    /// The index field (and CLI name) for this kind: `person`, `place`, `org`.
    pub fn field_name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Org => "org",
        }
    }

    /// Parse a kind from its field name or a common alias.
    pub fn parse(name: &str) -> Option<EntityKind> {
        match name.to_ascii_lowercase().as_str() {
            "person" | "people" | "persons" | "per" => Some(EntityKind::Person),
            "place" | "places" | "location" | "loc" => Some(EntityKind::Place),
            "org" | "orgs" | "organization" | "organisation" => Some(EntityKind::Org),
            _ => None,
        }
    }
}

/// Where a piece of text in an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextPart {
    Title,
    Body,
}

/// One occurrence of a named entity in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub kind: EntityKind,
    /// The text as it appears in the article ("Mr. Putin" gives surface "Putin").
    pub surface: String,
    /// The canonical name this mention resolves to ("Vladimir Putin", "United States").
    pub canonical: String,
    /// Which part of the article the mention is in.
    pub part: TextPart,
    /// Byte offsets of `surface` within that part.
    pub start: usize,
    pub end: usize,
    /// A title or role that preceded a person's name ("President", "Gen."), when present.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
    /// For places: the country the place is in, when known ("Kyiv" gives "Ukraine").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    /// True when what newsdex knows backs the type, not only the tagger: a known place, a known organization or a
    /// name with an organization word ("Bank", "Inc."), a person's name that starts with a known first name.
    #[serde(default)]
    pub confident: bool,
}

impl Mention {
    /// A mention in the body at offset 0, with no role, country or confidence: what tests and callers without
    /// offsets start from.
    pub fn new(kind: EntityKind, surface: &str, canonical: &str) -> Mention {
        Mention {
            kind,
            surface: surface.to_string(),
            canonical: canonical.to_string(),
            part: TextPart::Body,
            start: 0,
            end: surface.len(),
            role: None,
            country: None,
            confident: false,
        }
    }
}

/// Which evidence a date was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Metadata the file carried (front matter, JSON field, HTML meta tag).
    Metadata,
    /// An explicit date written in the text.
    Text,
    /// A date in the path of the article's URL (`/2020/02/18/`).
    Url,
    /// A date in the file name.
    FileName,
}

/// A normalized article, ready for entity extraction and indexing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable document id: derived from the path (plus the record number inside multi-record files).
    pub id: String,
    /// The file the article came from, as given on the command line or found by the walk.
    pub path: String,
    /// Record number inside a JSON array or JSONL file (1-based line number for JSONL).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<u64>,
    pub title: String,
    /// True when the title was not given by the file but guessed (file name, lead sentence).
    #[serde(default)]
    pub title_inferred: bool,
    pub body: String,
    /// Publication date, ISO `YYYY-MM-DD`.
    pub date: Option<chrono::NaiveDate>,
    pub date_source: Option<DateSource>,
    /// The outlet that published the article ("Fox News").
    pub source: Option<String>,
    pub url: Option<String>,
    /// Author(s), as written ("Jane Doe").
    pub byline: Option<String>,
    /// The place named in a dateline ("BRUSSELS (AP) —" gives "Brussels").
    pub dateline: Option<String>,
    /// The agency named in a dateline ("AP").
    pub agency: Option<String>,
    /// Photo captions removed from the body.
    #[serde(default)]
    pub captions: Vec<String>,
    /// Credit lines removed from the body ("The Associated Press contributed to this report.").
    #[serde(default)]
    pub credits: Vec<String>,
    /// The language of the text, ISO 639-1 ("en", "de"); `None` when it could not be told with confidence.
    #[serde(default)]
    pub lang: Option<String>,
}
