//! The interface's one style sheet and one script, shipped inside the binary.

use axum::http::header;
use axum::response::IntoResponse;

/// `/assets/trawl.css`.
pub async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/trawl.css"),
    )
}

/// `/assets/trawl.js`: keyboard shortcuts, find-in-message, confirmed links, copy citation,
/// select all, reading a batch file. Every page works without it.
pub async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/trawl.js"),
    )
}
