//! The JSON API of `newsdex serve`: `/api/search`, `/api/article/{id}`, `/api/entities`, `/api/health`, and the
//! JSON errors (`{"error":"…","position":N}`). Parameters are checked and bounded here; hits, facets and entity
//! counts are the CLI's own `--json` messages ([`crate::output::json`]), so the two never drift apart.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use super::article::ArticleView;
use crate::article::EntityKind;
use crate::error::Error;
use crate::output::json::{self, Message};
use crate::search::timeline::MonthCount;
use crate::search::{FacetField, SearchRequest, SortOrder};

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Largest `limit` (hits, entities) and `facet_limit`.
pub const MAX_LIMIT: usize = 100;
/// Deepest page: `offset` at most this.
pub const MAX_OFFSET: usize = 10_000;
/// Most `facet` parameters in one request.
const MAX_FACETS: usize = 8;

/// An error answered as `{"error":"…","position":N}` (`position`, the 1-based character of the query at fault,
/// only for query errors).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    position: Option<usize>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: &str) -> ApiError {
        ApiError {
            status,
            message: message.to_string(),
            position: None,
        }
    }

    fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            position: None,
        }
    }

    pub fn internal(message: &str) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<Error> for ApiError {
    /// A bad query or parameter is the client's (400); the index failing is the server's (500, and logged).
    fn from(e: Error) -> ApiError {
        match e {
            Error::Query { position, message } => ApiError {
                status: StatusCode::BAD_REQUEST,
                message: format!("invalid query: {message}"),
                position: Some(position),
            },
            Error::Usage(message) => ApiError::bad(message),
            other => ApiError::internal(&other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            eprintln!("newsdex serve: error: {}", self.message);
        }
        let body = ErrorBody {
            error: &self.message,
            position: self.position,
        };
        (self.status, Json(body)).into_response()
    }
}

/// Query-string parameters, in order, as given (a parameter may repeat: `facet=person&facet=place`).
type Params = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The parameters of one endpoint, each checked against the names it knows.
struct ParamList(Vec<(String, String)>);

impl ParamList {
    fn new(params: Params, known: &[&str]) -> Result<ParamList, ApiError> {
        let Query(pairs) = params.map_err(|e| ApiError::bad(format!("bad query string: {}", e.body_text())))?;
        if let Some((name, _)) = pairs.iter().find(|(name, _)| !known.contains(&name.as_str())) {
            return Err(ApiError::bad(format!(
                "unknown parameter `{name}` (known: {})",
                known.join(", ")
            )));
        }
        Ok(ParamList(pairs))
    }

    /// The value of a parameter given once (the last one when repeated).
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// A whole number between 0 and `max`, or `default` when absent.
    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(v) = self.get(name) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(ApiError::bad(format!(
                "`{name}` must be a whole number from 0 to {max}, not `{v}`"
            ))),
        }
    }

    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name) {
            None | Some("" | "0" | "false") => Ok(false),
            Some("1" | "true") => Ok(true),
            Some(v) => Err(ApiError::bad(format!("`{name}` must be true or false, not `{v}`"))),
        }
    }

    /// The query `q`: required or not, and bounded.
    fn query(&self, required: bool) -> Result<Option<String>, ApiError> {
        match self.get("q") {
            Some(q) if q.len() > MAX_QUERY_BYTES => Err(ApiError::bad(format!(
                "the query is too long ({} bytes; at most {MAX_QUERY_BYTES})",
                q.len()
            ))),
            Some(q) if !q.trim().is_empty() => Ok(Some(q.to_string())),
            _ if required => Err(ApiError::bad("missing query: give `q`, e.g. q=person:putin")),
            _ => Ok(None),
        }
    }
}

/// `GET /api/search` answers `{"count":N,"hits":[…],"facets":[…]}` (and `"timeline":[…]` when asked for).
#[derive(Serialize)]
struct SearchBody<'a> {
    count: usize,
    hits: Vec<Message<'a>>,
    facets: Vec<Message<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Vec<MonthCount>>,
}

const SEARCH_PARAMS: &[&str] = &[
    "q",
    "limit",
    "offset",
    "sort",
    "after",
    "before",
    "fuzzy",
    "facet",
    "facet_limit",
    "timeline",
];

/// `GET /api/search?q=…&limit=&offset=&sort=&after=&before=&fuzzy=&facet=…&facet_limit=&timeline=`.
pub async fn search(State(state): State<Arc<AppState>>, params: Params) -> Result<Response, ApiError> {
    let params = ParamList::new(params, SEARCH_PARAMS)?;
    let query = params.query(true)?.unwrap_or_default();
    let facets = params
        .all("facet")
        .flat_map(|f| f.split(','))
        .filter(|f| !f.is_empty())
        .map(|f| {
            FacetField::parse(f).ok_or_else(|| {
                ApiError::bad(format!(
                    "facet `{f}`: not a facet field (person, place, org, country, source, lang)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if facets.len() > MAX_FACETS {
        return Err(ApiError::bad(format!("at most {MAX_FACETS} facets")));
    }
    let day = |name: &str| {
        params
            .get(name)
            .filter(|v| !v.is_empty())
            .map(|v| crate::commands::parse_day(name, v))
            .transpose()
    };
    let request = SearchRequest {
        query,
        limit: params.number("limit", 10, MAX_LIMIT)?,
        offset: params.number("offset", 0, MAX_OFFSET)?,
        sort: match params.get("sort") {
            None | Some("" | "score") => SortOrder::Score,
            Some("date") => SortOrder::Date,
            Some(v) => return Err(ApiError::bad(format!("`sort` must be score or date, not `{v}`"))),
        },
        after: day("after")?,
        before: day("before")?,
        fuzzy: params.flag("fuzzy")?,
        facets,
        facet_limit: params.number("facet_limit", 10, MAX_LIMIT)?,
        timeline: params.flag("timeline")?,
    };
    state
        .with_searcher(move |searcher| {
            let results = searcher.search(&request)?;
            let body = SearchBody {
                count: results.total,
                hits: results.hits.iter().map(json::hit).collect(),
                facets: results.facets.iter().map(|(f, v)| json::facet(*f, v)).collect(),
                timeline: results.timeline,
            };
            Ok(Json(body).into_response())
        })
        .await
}

/// `GET /api/entities?q=…&kind=…&limit=&fuzzy=` answers `{"entities":[…]}`: the CLI's `entity` messages.
pub async fn entities(State(state): State<Arc<AppState>>, params: Params) -> Result<Response, ApiError> {
    let params = ParamList::new(params, &["q", "kind", "limit", "fuzzy"])?;
    let query = params.query(false)?;
    let kinds = match params.get("kind").filter(|k| !k.is_empty()) {
        Some(k) => vec![
            EntityKind::parse(k)
                .ok_or_else(|| ApiError::bad(format!("`kind` must be person, place or org, not `{k}`")))?,
        ],
        None => vec![EntityKind::Person, EntityKind::Place, EntityKind::Org],
    };
    let limit = params.number("limit", 20, MAX_LIMIT)?;
    let fuzzy = params.flag("fuzzy")?;
    state
        .with_searcher(move |searcher| {
            let rows = searcher.entities(query.as_deref(), &kinds, limit, fuzzy)?;
            let entities: Vec<Message<'_>> = rows
                .iter()
                .map(|(kind, name, articles)| Message::Entity {
                    kind: *kind,
                    name,
                    articles: *articles,
                })
                .collect();
            Ok(Json(serde_json::json!({ "entities": entities })).into_response())
        })
        .await
}

/// `GET /api/article/{id}`: the whole article as stored, with its entities marked in the body; 404 when the
/// index holds no article with that id.
pub async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, ApiError> {
    // Ids are hex hashes: anything else cannot name an article (and is not echoed back at length).
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no article with this id"));
    }
    let found = state.with_searcher(move |searcher| searcher.article(&id)).await?;
    match found {
        Some(stored) => Ok(Json(ArticleView::new(&stored)).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "no article with this id")),
    }
}

/// `GET /api/health`: `{"status":"ok","articles":N}` (the number of articles in the last commit loaded).
pub async fn health(State(state): State<Arc<AppState>>) -> Response {
    let articles = state.reader.searcher().num_docs();
    Json(serde_json::json!({ "status": "ok", "articles": articles })).into_response()
}

/// Anything else: 404, in JSON.
pub async fn not_found(uri: Uri) -> ApiError {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::new(StatusCode::NOT_FOUND, &format!("not found: {path}"))
}
