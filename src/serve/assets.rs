//! The web page's files, compiled into the binary (no CDN, no build step, works offline): the HTML shell, its
//! script and its style sheet. Only these four routes serve files; nothing is read from disk.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const APP_CSS: &str = include_str!("web/app.css");
const FAVICON_SVG: &str = include_str!("web/favicon.svg");

fn file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

pub async fn index() -> Response {
    file("text/html; charset=utf-8", INDEX_HTML)
}

pub async fn script() -> Response {
    file("text/javascript; charset=utf-8", APP_JS)
}

pub async fn style() -> Response {
    file("text/css; charset=utf-8", APP_CSS)
}

pub async fn icon() -> Response {
    file("image/svg+xml", FAVICON_SVG)
}
