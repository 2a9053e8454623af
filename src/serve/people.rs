//! The correspondence of the current query: its contacts as a page (`/contacts`, the most
//! active first, as `trawl contacts` lists them) and as CSV (the columns of `trawl contacts
//! --csv`), and its sender → recipient graph as GraphML (`trawl graph`).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use maud::html;
use serde::Deserialize;

use super::app::{App, PageError, blocking};
use super::i18n::Lang;
use super::layout::{Frame, page};
use super::message_page::download;
use super::search_page::{encode, search_url};
use crate::correspondents::{self, formats::GraphFormat};
use crate::error::{Error, Result};
use crate::{date, render};

/// Contacts a page lists; the CSV has them all.
pub const CONTACTS_SHOWN: usize = 200;

/// `GET /contacts`: the most active addresses of the query's emails.
pub async fn contacts_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(params): Query<PeopleParams>,
) -> Result<Html<String>, PageError> {
    let lang = Lang::of(&headers);
    let text = params.q.trim().to_owned();
    let query = text.clone();
    let found = blocking(&app, move |app| {
        correspondents::gather(&app.store, Some(query.as_str()).filter(|q| !q.is_empty()))
    })
    .await?
    .map_err(|e| PageError::from(e).in_lang(lang))?;
    let w = lang.words();
    let day = |secs: Option<i64>| {
        secs.map(|s| date::rfc3339(s).get(..10).unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    let q = encode(&[("q", text.clone())]);
    let content = html! {
        section.contacts {
            h1 { (w.contacts) " (" (render::thousands(found.contacts.len())) ")" }
            p {
                a href={"/contacts.csv?" (q)} download { (w.contacts_csv) } " · "
                a href={"/graph.graphml?" (q)} download { (w.graph_graphml) }
                @if !text.is_empty() { " · " a href=(search_url(&text, "", 1)) { (w.back_to_results) } }
            }
            table.batchrows {
                thead { tr { th { "Address" } th { (w.sent) } th { (w.received) } th { (w.first) } th { (w.last) } } }
                tbody { @for c in found.contacts.iter().take(CONTACTS_SHOWN) {
                    tr {
                        td {
                            a href=(search_url(&format!("from:{0} OR to:{0} OR cc:{0}", c.address), "", 1)) { (c.address) }
                            @if let Some(name) = c.names.first() { " " small { (name) } }
                        }
                        td.count { (c.sent) } td.count { (c.received) }
                        td { (day(c.first)) } td { (day(c.last)) }
                    }
                } }
            }
        }
    };
    let frame = Frame {
        lang,
        title: w.contacts,
        query: &text,
    };
    Ok(page(&frame, content))
}

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
