//! JSON Lines for scripts: one object per line, stable field names (documented in the README).

use serde::Serialize;
use serde_json::{Value, json};

use crate::article::EntityKind;
use crate::search::{FacetField, Hit};

/// One search hit as a JSON object.
pub fn hit(h: &Hit) -> Value {
    let a = &h.article;
    let countries: Vec<String> = {
        let mut seen = Vec::new();
        for e in &a.entities {
            if let Some(c) = &e.country
                && !seen.contains(c)
            {
                seen.push(c.clone());
            }
        }
        seen
    };
    json!({
        "type": "hit",
        "rank": h.rank,
        "score": h.score.map(|s| (f64::from(s) * 1000.0).round() / 1000.0),
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "date": a.date.map(|d| d.to_string()),
        "source": a.source,
        "byline": a.byline,
        "url": a.url,
        "lang": a.lang,
        "snippet": h.snippet.text,
        "highlights": h.snippet.highlights,
        "person": a.names(EntityKind::Person),
        "place": a.names(EntityKind::Place),
        "org": a.names(EntityKind::Org),
        "country": countries,
        "matches": h.matches,
    })
}

/// A facet's counts as a JSON object.
pub fn facet(field: FacetField, values: &[(String, u64)]) -> Value {
    json!({
        "type": "facet",
        "field": field.name(),
        "values": values.iter().map(|(v, n)| json!({"value": v, "count": n})).collect::<Vec<_>>(),
    })
}

/// Serialize any value on one line.
pub fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"type\":\"error\",\"error\":\"{e}\"}}"))
}
