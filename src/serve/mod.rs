//! `trawl serve`: the index in a browser, on the reporter's own machine.
//!
//! HTTP is one more renderer over the library's rooms: a page asks [`crate::search`],
//! [`crate::facets`], [`crate::threads`], [`crate::tags`], [`crate::batch`],
//! [`crate::export`] and [`crate::correspondents`] exactly what the CLI asks them, and writes
//! the answer as HTML (maud templates, escaped by default), CSV or a file. Pages are rendered
//! on the server and work with JavaScript off; one small script (`assets/trawl.js`, shipped
//! in the binary) adds keyboard shortcuts, find-in-message and the link confirmations.
//!
//! Dump content is hostile, so every response carries a strict Content-Security-Policy (no
//! script but the binary's own, nothing from elsewhere), an email's HTML is cut down to inert
//! markup and shown in a sandboxed frame, files are served by document id only, and
//! state-changing requests are POSTs carrying the server's CSRF token (see [`security`]).
//! The server binds to loopback unless a password is given.

mod actions;
mod app;
mod assets;
mod batch_page;
mod facet_panel;
mod html_body;
mod i18n;
mod layout;
mod message_page;
mod people;
mod routes;
mod search_page;
mod security;
mod thread_page;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::index::Store;

/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 64;
/// Time a client has to send a request's headers before its connection is closed.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Threads that run index work (searches, reads of sources) beside the event loop.
const INDEX_THREADS: usize = 4;

/// What `trawl serve` was asked to do, validated.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The index directory.
    pub index: PathBuf,
    /// Where to listen; port 0 takes any free port.
    pub listen: SocketAddr,
    /// The password of HTTP Basic authentication (any user name), required off loopback.
    pub password: Option<String>,
}

impl ServeConfig {
    /// A configuration, refused when it would serve a dump beyond this machine without a
    /// password.
    pub fn new(index: PathBuf, listen: SocketAddr, password: Option<String>) -> Result<Self> {
        if !listen.ip().is_loopback() && password.is_none() {
            return Err(Error::Refused(format!(
                "{listen} is reachable from other machines: give --password-file to serve there"
            )));
        }
        Ok(ServeConfig {
            index,
            listen,
            password,
        })
    }
}

/// Opens the index, binds, tells `on_bound` the address it listens on (the port chosen when
/// 0 was asked), then serves until the process is stopped. Fails when the index cannot be
/// opened or the address bound.
pub fn run(config: &ServeConfig, on_bound: &mut dyn FnMut(SocketAddr)) -> Result<()> {
    let store = Store::open(&config.index)?;
    let listen_error = |e| Error::io(format!("listen on {}", config.listen), e);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(INDEX_THREADS)
        .build()
        .map_err(listen_error)?;
    runtime.block_on(async {
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(listen_error)?;
        let bound = listener.local_addr().map_err(listen_error)?;
        on_bound(bound);
        let app = app::App::new(store, config, bound)?;
        accept_loop(listener, routes::router(Arc::new(app))).await;
        Ok(())
    })
}

/// Accepts connections for ever, each served on its own task with a header-read timeout, at
/// most [`MAX_CONNECTIONS`] at once.
async fn accept_loop(listener: TcpListener, router: axum::Router) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: wait for connections to close.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _slot = permit;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .max_buf_size(security::MAX_HEAD_BYTES)
                .serve_connection(TokioIo::new(stream), service);
            // A client that goes away mid-request is its own business.
            let _ = connection.await;
        });
    }
}
