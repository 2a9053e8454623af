//! `/message/ID`: one document as evidence. Its headers, its text (with find-in-message),
//! its HTML made inert in a sandboxed frame, the links it holds (opened only when
//! confirmed), its attachments with their extracted text and byte-exact downloads, its
//! provenance (every location, and the SHA-256 of the bytes read) with a citation to copy,
//! its conversation as a tree, its tags, and the previous and next hits of the search it was
//! opened from. The downloads (`/raw`, `/attachment/N`) are served by id only, checked
//! against the index the way `show --raw` and `trawl attachment` check them.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::app::{App, PageError, blocking};
use super::html_body::{self, frame_document, inert, openable};
use super::i18n::{Lang, Words};
use super::layout::{Frame, page};
use super::search_page::{STAR, encode, kind_word, message_url, search_url};
use super::security::EMAIL_HTML_POLICY;
use crate::document::{Card, DocKind, Document};
use crate::error::Result;
use crate::limits::Limits;
use crate::message::Mailbox;
use crate::search::{self, SearchRequest, Sort};
use crate::tags::Tags;
use crate::threads;
use crate::{date, message, sanitize};

/// Where a message view was opened from: the search and the hit's rank in it.
#[derive(Debug, Default, Deserialize)]
pub struct FromSearch {
    /// The query.
    #[serde(default)]
    pub q: String,
    /// Its order.
    #[serde(default)]
    pub sort: String,
    /// The hit's rank, from 1.
    pub n: Option<usize>,
}

/// Everything the view shows, read on the index threads.
struct Evidence {
    id: String,
    card: Card,
    /// The document read back from its source, or why it could not be.
    reading: std::result::Result<(Document, Vec<u8>), String>,
    tags: Vec<String>,
    conversation: Vec<threads::Row>,
    neighbours: (Option<String>, Option<String>),
}

/// `GET /message/{id}`.
pub async fn message_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(from): Query<FromSearch>,
) -> Result<Html<String>, PageError> {
    let lang = Lang::of(&headers);
    let neighbours_of = (from.q.clone(), from.sort.clone(), from.n);
    let evidence = blocking(&app, move |app| gather(app, &id, neighbours_of))
        .await?
        .map_err(|e| PageError::from(e).in_lang(lang))?;
    let w = lang.words();
    let title = evidence
        .card
        .subject
        .clone()
        .unwrap_or_else(|| w.no_subject.to_owned());
    let view = View {
        w,
        e: &evidence,
        from: &from,
        csrf: &app.csrf,
    };
    let frame = Frame {
        lang,
        title: &title,
        query: &from.q,
    };
    Ok(page(&frame, view.render()))
}

fn gather(app: &App, id: &str, (q, sort, n): (String, String, Option<usize>)) -> Result<Evidence> {
    let store = &app.store;
    let (id, card) = search::resolve(store, id)?;
    let reading = search::reread_with_original(&id, &card).map_err(|e| e.with_causes());
    let tags = Tags::load(&store.dir)?.of(&id);
    let conversation = match card.kind {
        DocKind::Email => threads::conversation_of(store, &id).unwrap_or_default(),
        _ => Vec::new(),
    };
    let neighbours = match n {
        Some(rank) if !q.trim().is_empty() => neighbours(app, &q, &sort, rank).unwrap_or_default(),
        _ => (None, None),
    };
    Ok(Evidence {
        id,
        card,
        reading,
        tags,
        conversation,
        neighbours,
    })
}

/// The ids of the hits ranked just before and after `rank` in the search `q`.
fn neighbours(
    app: &App,
    q: &str,
    sort: &str,
    rank: usize,
) -> Result<(Option<String>, Option<String>)> {
    let sort = Sort::from_name(sort).unwrap_or(Sort::Relevance);
    let offset = rank.saturating_sub(2);
    let request = SearchRequest {
        query: q.to_owned(),
        limit: 3,
        offset,
        sort,
        all: false,
        snippets: false,
    };
    let hits = search::search(&app.store, &request)?;
    let at = |r: usize| {
        r.checked_sub(offset + 1)
            .and_then(|i| hits.get(i))
            .map(|h| h.id.clone())
    };
    Ok((rank.checked_sub(1).and_then(at), at(rank + 1)))
}

struct View<'a> {
    w: &'static Words,
    e: &'a Evidence,
    from: &'a FromSearch,
    csrf: &'a str,
}

impl View<'_> {
    fn render(&self) -> Markup {
        let (w, e) = (self.w, self.e);
        html! {
            article.message data-id=(e.id) {
                (self.navigation())
                h1 { (e.card.subject.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(w.no_subject)) }
                (self.headers())
                (self.tag_form())
                @match &e.reading {
                    Ok((doc, raw)) => {
                        (self.text(doc, raw))
                        (self.attachments(doc))
                        (self.provenance(raw))
                    }
                    Err(why) => {
                        p.error.message { (why) }
                        (self.attachments_listed())
                    }
                }
                (self.conversation())
            }
        }
    }

    fn navigation(&self) -> Markup {
        let (w, f) = (self.w, self.from);
        let Some(rank) = f.n.filter(|_| !f.q.is_empty()) else {
            return html! {};
        };
        let (previous, next) = &self.e.neighbours;
        html! {
            nav.hitnav {
                @if let Some(id) = previous {
                    a #prev-hit rel="prev" href=(message_url(id, &f.q, &f.sort, rank - 1)) { (w.previous_hit) }
                }
                " "
                a href=(search_url(&f.q, &f.sort, (rank - 1) / super::search_page::PAGE_SIZE + 1)) { (w.back_to_results) }
                " "
                @if let Some(id) = next {
                    a #next-hit rel="next" href=(message_url(id, &f.q, &f.sort, rank + 1)) { (w.next_hit) }
                }
            }
        }
    }

    fn headers(&self) -> Markup {
        let (w, c) = (self.w, &self.e.card);
        let rows: [(&str, &[Mailbox]); 4] = [
            (w.from, &c.from),
            (w.to, &c.to),
            (w.cc, &c.cc),
            (w.bcc, &c.bcc),
        ];
        html! {
            dl.headers {
                dt { "Id" } dd.id { code { (self.e.id) } " " span.kind { (kind_word(c.kind, w)) } }
                @for (name, boxes) in rows {
                    @if !boxes.is_empty() {
                        dt { (name) }
                        dd { @for (n, m) in boxes.iter().enumerate() {
                            @if n > 0 { ", " }
                            @match &m.address {
                                Some(a) => a href=(search_url(&format!("from:{a} OR to:{a} OR cc:{a}"), "", 1)) { (m.display()) },
                                None => span { (m.display()) },
                            }
                        } }
                    }
                }
                dt { (w.date) }
                dd { (if c.date.is_some() { crate::render::show_date(c) } else { w.undated.to_owned() }) }
                @if let Some(signed) = &c.dkim {
                    @let verdict = crate::dkim::summary(signed).as_str();
                    dt { "DKIM" }
                    dd.dkim {
                        a href=(search_url(&format!("dkim:{verdict}"), "", 1)) { (verdict) }
                        @for s in signed {
                            " · " (s.domain) " s=" (s.selector) ": " (s.result.as_str())
                            @if let Some(why) = &s.reason { " (" (why) ")" }
                        }
                    }
                }
                @if let Some(mid) = &c.message_id { dt { "Message-ID" } dd { code { (mid) } } }
                @if let Some(parent) = &c.in_reply_to { dt { "In-Reply-To" } dd { code { (parent) } } }
            }
        }
    }

    fn tag_form(&self) -> Markup {
        let (w, e) = (self.w, self.e);
        let starred = e.tags.iter().any(|t| t == STAR);
        let back = format!(
            "/message/{}?{}",
            e.id,
            encode(&[
                ("q", self.from.q.clone()),
                ("sort", self.from.sort.clone()),
                ("n", self.from.n.map(|n| n.to_string()).unwrap_or_default())
            ])
        );
        html! {
            form.tagging #tagging method="post" action="/selection" {
                input type="hidden" name="csrf" value=(self.csrf);
                input type="hidden" name="id" value=(e.id);
                input type="hidden" name="back" value=(back);
                @if starred {
                    button #star type="submit" name="action" value="unstar" { "★ " (w.unstar) }
                } @else {
                    button #star type="submit" name="action" value="star" { "☆ " (w.star) }
                }
                " "
                input type="text" name="label" placeholder=(w.label) size="12" aria-label=(w.label);
                button type="submit" name="action" value="tag" { (w.add_tag) }
                button type="submit" name="action" value="untag" { (w.remove_tag) }
                span.tags { @for t in &e.tags { " " a.tag href=(search_url(&format!("tag:{t}"), "", 1)) { (t) } } }
            }
        }
    }

    fn text(&self, doc: &Document, raw: &[u8]) -> Markup {
        let w = self.w;
        let own = match self.e.card.kind {
            DocKind::Attachment => doc.attachment_text.trim(),
            _ => doc.body.trim_end(),
        };
        let html_markup = match self.e.card.kind {
            DocKind::Attachment => None,
            _ => message::html_body(raw, &Limits::without_attachment_text()),
        };
        let links = html_markup
            .as_deref()
            .map(|h| inert(h).1)
            .unwrap_or_default();
        html! {
            section.body {
                div.find {
                    label { (w.find) " " input #find type="search" size="20"; }
                    button #find-prev type="button" { (w.find_previous) }
                    button #find-next type="button" { (w.find_next) }
                    span #find-count {}
                }
                h2 { (w.text) }
                pre #message-text { (own) }
                @if html_markup.is_some() {
                    details.html {
                        summary { (w.html) }
                        iframe sandbox="" src={"/message/" (self.e.id) "/html"} title=(w.html) referrerpolicy="no-referrer" {}
                    }
                }
                @if !links.is_empty() {
                    details.links {
                        summary { (w.links) " (" (links.len()) ")" }
                        ul { @for link in &links {
                            li {
                                code { (link) }
                                @if openable(link) {
                                    " " button.open-link type="button" data-href=(link) data-confirm=(w.confirm_link) { (w.open_link) }
                                }
                            }
                        } }
                    }
                }
            }
        }
    }

    fn attachments(&self, doc: &Document) -> Markup {
        let (w, e) = (self.w, self.e);
        if e.card.kind == DocKind::Attachment {
            return self.carriers();
        }
        if e.card.attachments.is_empty() {
            return html! {};
        }
        html! {
            section.attachments {
                h2 { (w.attachments) }
                ol { @for (n, a) in e.card.attachments.iter().enumerate() {
                    @let text = a.sha256.as_deref().and_then(|sha| attachment_text(doc, sha));
                    li.attachment {
                        strong { (a.name.as_deref().unwrap_or("(unnamed)")) }
                        " (" (a.mime) ", " (crate::render::thousands(a.size as usize)) " bytes) "
                        a.download href={"/message/" (e.id) "/attachment/" (n + 1)} download { (w.download) }
                        @if let Some(sha) = &a.sha256 {
                            " · " a href=(search_url(&format!("attachment-hash:{sha}"), "", 1)) { (w.same_file_elsewhere) }
                            br; small { "SHA-256 " code { (sha) } }
                        }
                        @if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                            details { summary { (w.attachment_text) } pre { (text) } }
                        }
                    }
                } }
            }
        }
    }

    /// An attachment's own page: the emails that carried the file.
    fn carriers(&self) -> Markup {
        let w = self.w;
        html! {
            section.carriers {
                h2 { (w.in_email) }
                ul { @for (email, number) in self.e.card.emails() {
                    li { a href={"/message/" (email)} { code { (email) } } " #" (number) }
                } }
                p { a.download href={"/message/" (self.e.id) "/attachment/1"} download { (w.download) } }
            }
        }
    }

    /// The attachment list from the card alone, when the source could not be read.
    fn attachments_listed(&self) -> Markup {
        html! {
            ul { @for a in &self.e.card.attachments {
                li { (a.name.as_deref().unwrap_or("(unnamed)")) " (" (a.mime) ")" }
            } }
        }
    }

    fn provenance(&self, raw: &[u8]) -> Markup {
        let (w, e) = (self.w, self.e);
        let sha = hex_sha256(raw);
        let citation = citation(&e.id, &e.card, &sha, raw.len());
        html! {
            section.provenance {
                h2 { (w.provenance) }
                table {
                    @for l in &e.card.locations {
                        tr {
                            td { code { (l.path) } }
                            td { "@ " (l.offset) } td { "+" (l.length) }
                            @if let Some(part) = &l.attachment { td { (w.in_email) " " a href={"/message/" (part.email)} { code { (part.email) } } " #" (part.number) } }
                        }
                    }
                }
                p { "SHA-256 " code #sha256 { (sha) } " (" (raw.len()) " bytes)" }
                p { a.download href={"/message/" (e.id) "/raw"} download { (w.raw_message) } }
                h3 { (w.citation) }
                textarea #citation readonly rows="3" { (citation) }
                button #copy-citation type="button" data-target="citation" { (w.copy_citation) }
            }
        }
    }

    fn conversation(&self) -> Markup {
        let (w, e) = (self.w, self.e);
        if e.conversation.len() < 2 {
            return html! {};
        }
        html! {
            section.conversation {
                h2 { (w.conversation) " (" (e.conversation.len()) ")" }
                p { a #read-thread href={"/thread/" (e.id)} { (w.read_conversation) } }
                ul.tree { @for row in &e.conversation {
                    li class={"depth-" (row.depth.min(12))} {
                        @if row.id == e.id {
                            strong { (summary_line(&row.card, w)) }
                        } @else {
                            a href={"/message/" (row.id)} { (summary_line(&row.card, w)) }
                        }
                    }
                } }
            }
        }
    }
}

/// Date, sender and subject on one line.
pub fn summary_line(card: &Card, w: &Words) -> String {
    let when = card.date.map_or_else(
        || w.undated.to_owned(),
        |d| date::short(d, card.date_offset),
    );
    let who = card.from.first().map(Mailbox::display).unwrap_or_default();
    let what = card.subject.as_deref().unwrap_or(w.no_subject);
    format!("{when} · {who} · {what}")
}

/// The extracted text of the attachment with this SHA-256, from the document read back.
fn attachment_text<'d>(doc: &'d Document, sha: &str) -> Option<&'d str> {
    doc.attachments
        .iter()
        .find(|a| a.card.attachments.first().and_then(|x| x.sha256.as_deref()) == Some(sha))
        .map(|a| a.attachment_text.as_str())
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A citation of the document: what it is, where its bytes are and their SHA-256.
pub fn citation(id: &str, card: &Card, sha: &str, length: usize) -> String {
    let subject = card.subject.as_deref().unwrap_or("(no subject)");
    let from = card.from.first().map(Mailbox::display).unwrap_or_default();
    let when = card
        .date
        .map(date::rfc3339)
        .unwrap_or_else(|| "undated".into());
    let places: Vec<String> = card
        .locations
        .iter()
        .map(|l| format!("{} @ {} +{}", l.path, l.offset, l.length))
        .collect();
    format!(
        "\"{subject}\", {from}, {when}. Source: {}. {length} bytes, SHA-256 {sha}. trawl document {id}.",
        places.join("; ")
    )
}

/// `GET /message/{id}/html`: the email's HTML made inert, under a policy that lets it load
/// nothing and run nothing, as a sandboxed document.
pub async fn html_frame(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let markup = blocking(&app, move |app| -> Result<String> {
        let (id, card) = search::resolve(&app.store, &id)?;
        let raw = search::original_bytes(&id, &card)?;
        let html = message::html_body(&raw, &Limits::without_attachment_text()).unwrap_or_default();
        Ok(frame_document(&html_body::inert(&html).0))
    })
    .await??;
    Ok((
        [
            (header::CONTENT_SECURITY_POLICY, EMAIL_HTML_POLICY),
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        ],
        markup,
    )
        .into_response())
}

/// `GET /message/{id}/raw`: the original bytes, checked against the id.
pub async fn raw(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (id, bytes) = blocking(&app, move |app| -> Result<(String, Vec<u8>)> {
        let (id, card) = search::resolve(&app.store, &id)?;
        let bytes = search::original_bytes(&id, &card)?;
        Ok((id, bytes))
    })
    .await??;
    Ok(download(&format!("{id}.eml"), bytes))
}

/// `GET /message/{id}/attachment/{n}`: attachment `n` (from 1), checked against its SHA-256.
pub async fn attachment(
    State(app): State<Arc<App>>,
    Path((id, number)): Path<(String, usize)>,
) -> Result<Response, PageError> {
    let (name, bytes) = blocking(&app, move |app| -> Result<(String, Vec<u8>)> {
        let (id, card) = search::resolve(&app.store, &id)?;
        let (entry, bytes) = search::attachment(&id, &card, number)?;
        let name = entry
            .name
            .as_deref()
            .and_then(sanitize::file_name)
            .unwrap_or_else(|| format!("{id}-attachment-{number}"));
        Ok((name, bytes))
    })
    .await??;
    Ok(download(&name, bytes))
}

/// A file to save, never to show: `Content-Disposition: attachment` with its name.
pub fn download(name: &str, bytes: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let disposition =
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}
