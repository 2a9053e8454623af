//! The server's state (the open index, the password, the CSRF token, the host names it
//! answers to), index work run off the event loop, and errors turned into pages.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::ServeConfig;
use super::facet_panel::{self, Panel};
use super::i18n::Lang;
use super::layout;
use crate::error::{Error, Result};
use crate::index::Store;
use crate::tags::Tags;

/// Everything a request handler shares.
pub struct App {
    /// The open index; each request takes a searcher over its last commit.
    pub store: Store,
    /// The HTTP Basic password, when the server is not on loopback only.
    pub password: Option<String>,
    /// The token every state-changing form carries, drawn at start.
    pub csrf: String,
    /// The `Host` values a request may name: the loopback names of the bound port, which
    /// keeps a page of another site that resolves its name to 127.0.0.1 (DNS rebinding) out;
    /// `None` off loopback, where the password guards.
    pub hosts: Option<Vec<String>>,
    /// The whole index's panel, and the commit and tags it was counted on: it changes only
    /// when one of them does, and it is the dearest page to count.
    home: Mutex<Option<(HomeState, Panel)>>,
}

/// What the whole index's panel depends on: the last commit, and the tags file's time.
type HomeState = (u64, Option<SystemTime>);

impl App {
    /// The state of a server for `config`, bound to `bound`.
    pub fn new(store: Store, config: &ServeConfig, bound: SocketAddr) -> Result<App> {
        let hosts = bound.ip().is_loopback().then(|| {
            let port = bound.port();
            vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ]
        });
        Ok(App {
            store,
            password: config.password.clone(),
            csrf: random_token()?,
            hosts,
            home: Mutex::new(None),
        })
    }

    /// The panel of every document: counted again only after a commit or a change of tags.
    pub fn home_panel(&self) -> Result<Panel> {
        let tags_time = std::fs::metadata(Tags::path_for(&self.store.dir))
            .and_then(|m| m.modified())
            .ok();
        let state = (self.store.opstamp()?, tags_time);
        if let Ok(cached) = self.home.lock()
            && let Some((counted_on, panel)) = cached.as_ref()
            && *counted_on == state
        {
            return Ok(panel.clone());
        }
        let searcher = self.store.searcher()?;
        let panel = facet_panel::gather(&self.store, &searcher, &tantivy::query::AllQuery, None)?;
        if let Ok(mut cached) = self.home.lock() {
            *cached = Some((state, panel.clone()));
        }
        Ok(panel)
    }
}

/// 32 random bytes from the operating system, in hex.
fn random_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Refused(format!("no random numbers from the system: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Runs `work` on the pool of index threads, off the event loop.
pub async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    work: impl FnOnce(&App) -> T + Send + 'static,
) -> std::result::Result<T, PageError> {
    let app = Arc::clone(app);
    tokio::task::spawn_blocking(move || work(&app))
        .await
        .map_err(|e| PageError::internal(format!("the request's work stopped: {e}")))
}

/// A request that cannot be answered as asked, shown as a page in the reader's language.
#[derive(Debug)]
pub struct PageError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the reader (dump text in it is escaped when shown).
    pub message: String,
    /// The language of the page.
    pub lang: Lang,
}

impl PageError {
    /// A 400: the request is malformed (a bad query, a page out of range).
    pub fn bad_request(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::NOT_FOUND, message)
    }

    /// A 500: the server failed.
    pub fn internal(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
            lang: Lang::En,
        }
    }

    /// The same error, shown in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> PageError {
        self.lang = lang;
        self
    }
}

impl From<Error> for PageError {
    /// A library error as the page that says it: a bad query is the reader's to fix (400),
    /// an unknown id is a 404, a source that changed since it was indexed a 409, anything
    /// else the server's failure (500), its message naming the file.
    fn from(e: Error) -> PageError {
        let status = match &e {
            Error::Query(_) | Error::Refused(_) => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::SourceChanged { .. } => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        PageError::new(status, e.with_causes())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = layout::error_page(self.lang, self.status, &self.message);
        (self.status, page).into_response()
    }
}
