//! What every request passes before a page sees it, and what every response carries.
//!
//! - A request whose `Host` is not this server's loopback name is refused (421): a site the
//!   reader visits cannot point a name of its own at 127.0.0.1 and read the dump.
//! - Off loopback, HTTP Basic authentication with the server's password (any user name),
//!   compared in constant time.
//! - Bounds: request heads ([`MAX_HEAD_BYTES`]), targets ([`MAX_TARGET_BYTES`], 414) and
//!   bodies ([`MAX_BODY_BYTES`], 413).
//! - State-changing requests are POSTs with the server's CSRF token ([`check_csrf`]); a
//!   cross-site form cannot read the token off a page.
//! - Responses carry a Content-Security-Policy that lets a page load nothing but this
//!   server's own script, style and frames, `nosniff`, `no-referrer`, framing by this server
//!   only, and `no-store` (dump pages stay out of the browser's cache).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use data_encoding::BASE64;

use super::app::{App, PageError};

/// Largest request head (request line and headers) read.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Longest request target (path and query).
pub const MAX_TARGET_BYTES: usize = 8 * 1024;
/// Largest request body (a batch of queries, a selection).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The policy of every page: this server's script, style, images and frames, nothing else;
/// forms post here only; framed by this server only.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'self'";

/// The policy of an email's HTML, shown in a frame: it may load nothing at all and runs as a
/// sandboxed document of no origin, scripts off, whatever the markup says.
pub const EMAIL_HTML_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

/// Checks the request, runs the page, then adds the security headers to its response.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = match refusal(&app, &request) {
        Some(refused) => refused,
        None => next.run(request).await,
    };
    secure(response.headers_mut());
    response
}

/// Why `request` is not served, as the response that says so; `None` when it may pass.
fn refusal(app: &App, request: &Request) -> Option<Response> {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > MAX_TARGET_BYTES {
        let why = format!("request target longer than {MAX_TARGET_BYTES} bytes");
        return Some((StatusCode::URI_TOO_LONG, why).into_response());
    }
    if let Some(hosts) = &app.hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok());
        if !host.is_some_and(|h| hosts.iter().any(|ok| ok.eq_ignore_ascii_case(h))) {
            let why = "this server answers to its loopback address only";
            return Some((StatusCode::MISDIRECTED_REQUEST, why).into_response());
        }
    }
    match &app.password {
        Some(password) if !authorized(request.headers(), password) => Some(
            (
                StatusCode::UNAUTHORIZED,
                [(
                    header::WWW_AUTHENTICATE,
                    "Basic realm=\"trawl\", charset=\"UTF-8\"",
                )],
                "a password is needed",
            )
                .into_response(),
        ),
        _ => None,
    }
}

/// True when the request's Basic credentials carry `password` (the user name is ignored).
fn authorized(headers: &HeaderMap, password: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| BASE64.decode(b64.trim().as_bytes()).ok());
    let Some(given) = given else {
        return false;
    };
    let secret = given
        .iter()
        .position(|&b| b == b':')
        .map_or(&given[..0], |colon| &given[colon + 1..]);
    same_secret(secret, password.as_bytes())
}

/// Compares two secrets in time that depends on their lengths only.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses a state-changing request whose form does not carry the server's token (403).
pub fn check_csrf(app: &App, token: &str) -> Result<(), PageError> {
    match same_secret(token.as_bytes(), app.csrf.as_bytes()) {
        true => Ok(()),
        false => Err(PageError {
            status: StatusCode::FORBIDDEN,
            message: "this form did not come from this trawl page (CSRF token missing or \
                      stale: reload the page)"
                .into(),
            lang: super::i18n::Lang::En,
        }),
    }
}

/// Adds the security headers that the page has not set itself.
fn secure(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, PAGE_POLICY);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_FRAME_OPTIONS, "SAMEORIGIN");
    set(headers, header::CACHE_CONTROL, "no-store");
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(credentials: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = format!("Basic {}", BASE64.encode(credentials.as_bytes()));
        headers.insert(
            header::AUTHORIZATION,
            value.parse().expect("a header value"),
        );
        headers
    }

    #[test]
    fn basic_credentials_pass_with_the_password_whatever_the_user() {
        assert!(authorized(&basic("anyone:s3cret"), "s3cret"));
        assert!(authorized(&basic(":s3cret"), "s3cret"));
        assert!(authorized(&basic("a:b:s3cret"), "b:s3cret"));
        assert!(!authorized(&basic("anyone:s3cre"), "s3cret"));
        assert!(!authorized(&basic("s3cret"), "s3cret"));
        assert!(!authorized(&HeaderMap::new(), "s3cret"));
    }

    #[test]
    fn secrets_are_equal_only_when_every_byte_is() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"a"));
    }
}
