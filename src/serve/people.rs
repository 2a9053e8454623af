//! The correspondence of the current query as downloads: its contacts as CSV (the columns
//! of `trawl contacts --csv`) and its sender → recipient graph as GraphML (`trawl graph`).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::app::{App, PageError, blocking};
use super::i18n::Lang;
use super::message_page::download;
use crate::correspondents::{self, formats::GraphFormat};
use crate::error::{Error, Result};
use crate::render;

/// The query of a download; empty for every email.
#[derive(Debug, Deserialize)]
pub struct PeopleParams {
    /// The query.
    #[serde(default)]
    pub q: String,
}

/// `GET /contacts.csv`.
pub async fn contacts_csv(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(params): Query<PeopleParams>,
) -> Result<Response, PageError> {
    people(app, headers, params, "trawl-contacts.csv", |c, out| {
        render::write_contacts_csv(out, &c.contacts)
    })
    .await
}

/// `GET /graph.graphml`.
pub async fn graph_graphml(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(params): Query<PeopleParams>,
) -> Result<Response, PageError> {
    people(app, headers, params, "trawl-graph.graphml", |c, out| {
        correspondents::formats::write_graph(out, c, GraphFormat::Graphml)
    })
    .await
}

type Writer = fn(&correspondents::Correspondence, &mut Vec<u8>) -> std::io::Result<()>;

async fn people(
    app: Arc<App>,
    headers: HeaderMap,
    params: PeopleParams,
    name: &'static str,
    write: Writer,
) -> Result<Response, PageError> {
    let lang = Lang::of(&headers);
    let bytes = blocking(&app, move |app| -> Result<Vec<u8>> {
        let query = Some(params.q.trim()).filter(|q| !q.is_empty());
        let found = correspondents::gather(&app.store, query)?;
        let mut out = Vec::new();
        write(&found, &mut out).map_err(|e| Error::io(name, e))?;
        Ok(out)
    })
    .await?
    .map_err(|e| PageError::from(e).in_lang(lang))?;
    Ok(download(name, bytes))
}
