//! The server's URLs and the guard in front of them.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};

use super::app::{App, PageError};
use super::security::{MAX_BODY_BYTES, guard};
use super::{actions, assets, batch_page, message_page, people, search_page, thread_page};

/// Every page, download and action, behind [`guard`].
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(search_page::search_page))
        .route("/search", get(search_page::search_page))
        .route("/explain", get(search_page::explain_page))
        .route("/message/{id}", get(message_page::message_page))
        .route("/message/{id}/html", get(message_page::html_frame))
        .route("/message/{id}/raw", get(message_page::raw))
        .route(
            "/message/{id}/attachment/{n}",
            get(message_page::attachment),
        )
        .route("/thread/{id}", get(thread_page::thread_page))
        .route("/selection", post(actions::selection))
        .route("/export", post(actions::export_results))
        .route(
            "/batch",
            get(batch_page::batch_form).post(batch_page::batch_run),
        )
        .route("/batch.csv", post(batch_page::batch_csv))
        .route("/contacts", get(people::contacts_page))
        .route("/contacts.csv", get(people::contacts_csv))
        .route("/graph.graphml", get(people::graph_graphml))
        .route("/assets/trawl.css", get(assets::style))
        .route("/assets/trawl.js", get(assets::script))
        .fallback(nowhere)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

/// Any other URL.
async fn nowhere() -> PageError {
    PageError::not_found("no such page")
}
