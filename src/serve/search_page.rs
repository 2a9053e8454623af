//! `/search`: the query's hits, twenty a page, in the order asked, with the facet panel
//! beside them; `/` with no query: the whole index's panel; `/explain`: how the query reads.
//!
//! Everything a page shows is in its URL (`q`, `sort`, `page`), so that a colleague opening
//! the link sees the same results. A date range from the panel's form is written into the
//! query (`date:A..B`) and the browser sent to that URL.

use std::ops::Range;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::app::{App, PageError, blocking};
use super::facet_panel::{self, Panel};
use super::i18n::{Lang, Words};
use super::layout::{Frame, page};
use crate::document::DocKind;
use crate::error::Error;
use crate::message::Mailbox;
use crate::search::{self, Hit, SearchRequest, Snippet, Sort};
use crate::{date, explain};

/// Hits on a page.
pub const PAGE_SIZE: usize = 20;
/// The last hit a page may reach: deeper paging is a job for `trawl search --all`.
pub const DEEPEST_HIT: usize = 100_000;

/// The parameters of `/search`.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    /// The query.
    #[serde(default)]
    pub q: String,
    /// The order, as `--sort` spells it.
    #[serde(default)]
    pub sort: String,
    /// The page, from 1.
    pub page: Option<usize>,
    /// Start of a date range to add to the query (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub after: String,
    /// End of a date range to add to the query.
    #[serde(default)]
    pub before: String,
}

/// What one page of results shows.
struct Results {
    hits: Vec<Hit>,
    total: usize,
    panel: Panel,
}

/// `GET /search`.
pub async fn search_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(params): Query<SearchParams>,
) -> Result<Response, PageError> {
    let lang = Lang::of(&headers);
    if let Some(narrowed) = with_date_range(&params) {
        return Ok(Redirect::to(&search_url(&narrowed, &params.sort, 1)).into_response());
    }
    let query = params.q.trim().to_owned();
    if query.is_empty() {
        return home(app, lang).await;
    }
    let sort = parse_sort(&params.sort).map_err(|e| e.in_lang(lang))?;
    let page_number = params.page.unwrap_or(1).max(1);
    let offset = (page_number - 1).saturating_mul(PAGE_SIZE);
    if offset.saturating_add(PAGE_SIZE) > DEEPEST_HIT {
        let why = format!(
            "pages stop at hit {DEEPEST_HIT}: narrow the query, or use `trawl search --all`"
        );
        return Err(PageError::bad_request(why).in_lang(lang));
    }
    let request = SearchRequest {
        query: query.clone(),
        limit: PAGE_SIZE,
        offset,
        sort,
        all: false,
        snippets: true,
    };
    let found = blocking(&app, move |app| results(app, &request)).await?;
    let frame = Frame {
        lang,
        title: &query,
        query: &query,
    };
    match found {
        Ok(results) => {
            let view = ResultsView {
                w: lang.words(),
                query: &query,
                sort: &params.sort,
                page: page_number,
                csrf: &app.csrf,
            };
            Ok(page(&frame, view.render(&results)).into_response())
        }
        Err(Error::Query(e)) => {
            let content = html! { section.error { p.message { (e.to_string()) } } };
            let mut response = page(&frame, content).into_response();
            *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(response)
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

/// The hits of `request` and the panel of its query, all from one searcher.
fn results(app: &App, request: &SearchRequest) -> Result<Results, Error> {
    let store = &app.store;
    let searcher = store.searcher()?;
    let compiled = search::compile(store, &searcher, &request.query)?;
    let mut hits = Vec::with_capacity(PAGE_SIZE);
    let total =
        search::search_compiled::<Error>(store, &searcher, &*compiled, request, &mut |h| {
            hits.push(h);
            Ok(())
        })?;
    let panel = facet_panel::gather(store, &searcher, &*compiled, Some(&request.query))?;
    Ok(Results { hits, total, panel })
}

/// The page with no query: the whole index's panel.
async fn home(app: Arc<App>, lang: Lang) -> Result<Response, PageError> {
    let panel = blocking(&app, |app| app.home_panel())
        .await?
        .map_err(|e| PageError::from(e).in_lang(lang))?;
    let w = lang.words();
    let content = html! {
        div.layout {
            (facet_panel::render(&panel, w, ""))
            section.home {
                p.count { (crate::render::thousands(panel.matched as usize)) " " (w.documents_indexed) }
                p { small { (w.shortcuts) } }
            }
        }
    };
    let frame = Frame {
        lang,
        title: "trawl",
        query: "",
    };
    Ok(page(&frame, content).into_response())
}

/// The parameters of `/explain`.
#[derive(Debug, Deserialize)]
pub struct ExplainParams {
    /// The query.
    #[serde(default)]
    pub q: String,
}

/// `GET /explain`: each part of the query with its words and counts, as `search --explain`
/// prints it.
pub async fn explain_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(params): Query<ExplainParams>,
) -> Result<Html<String>, PageError> {
    let lang = Lang::of(&headers);
    let query = params.q.clone();
    let reading = blocking(&app, move |app| explain::explain(&app.store, &query))
        .await?
        .map_err(|e| PageError::from(e).in_lang(lang))?;
    let w = lang.words();
    let content = html! {
        section.explain {
            h1 { (w.explain) }
            pre { (reading) }
            p { a href=(search_url(&params.q, "", 1)) { (w.back_to_results) } }
        }
    };
    let frame = Frame {
        lang,
        title: &params.q,
        query: &params.q,
    };
    Ok(page(&frame, content))
}

/// The query with the date range of the panel's form written into it, when one was given.
fn with_date_range(params: &SearchParams) -> Option<String> {
    let (after, before) = (params.after.trim(), params.before.trim());
    if after.is_empty() && before.is_empty() {
        return None;
    }
    let range = format!("date:{after}..{before}");
    Some(format!("{} {range}", params.q.trim()).trim().to_owned())
}

/// The order `--sort` names; relevance when empty.
fn parse_sort(name: &str) -> Result<Sort, PageError> {
    match name {
        "" => Ok(Sort::Relevance),
        other => Sort::from_name(other)
            .ok_or_else(|| PageError::bad_request(format!("no order named '{other}'"))),
    }
}

/// The URL of a page of results.
pub fn search_url(query: &str, sort: &str, page: usize) -> String {
    let mut pairs = vec![("q", query.to_owned())];
    if !sort.is_empty() && sort != "relevance" {
        pairs.push(("sort", sort.to_owned()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    format!("/search?{}", encode(&pairs))
}

/// Pairs as a URL's query string.
pub fn encode(pairs: &[(&str, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// What the results part of a page needs besides the results.
struct ResultsView<'a> {
    w: &'static Words,
    query: &'a str,
    sort: &'a str,
    page: usize,
    csrf: &'a str,
}

impl ResultsView<'_> {
    fn render(&self, r: &Results) -> Markup {
        let w = self.w;
        let first = (self.page - 1) * PAGE_SIZE;
        html! {
            div.layout {
                (facet_panel::render(&r.panel, w, self.query))
                section.results {
                    div.resultbar {
                        span.count #count data-total=(r.total) {
                            (crate::render::thousands(r.total)) " "
                            (if r.total == 1 { w.result } else { w.results })
                        }
                        (self.sort_links())
                        a.explain href={"/explain?" (encode(&[("q", self.query.to_owned())]))} { (w.explain) }
                    }
                    @if r.hits.is_empty() {
                        p.none { (w.no_results) }
                    } @else {
                        (self.actions(r.total))
                        ol.hits start=(first + 1) {
                            @for (n, hit) in r.hits.iter().enumerate() {
                                (self.hit(hit, first + n + 1))
                            }
                        }
                        (self.pager(r.total))
                    }
                }
            }
        }
    }

    fn sort_links(&self) -> Markup {
        let w = self.w;
        let orders = [
            ("relevance", w.relevance),
            ("-date", w.newest),
            ("date", w.oldest),
            ("sender", w.sender_az),
            ("-sender", w.sender_za),
            ("-size", w.largest),
            ("size", w.smallest),
        ];
        let current = if self.sort.is_empty() {
            "relevance"
        } else {
            self.sort
        };
        html! {
            span.sorts {
                (w.sort) ": "
                @for (name, label) in orders {
                    @if name == current {
                        strong { (label) }
                    } @else {
                        a href=(search_url(self.query, name, 1)) { (label) }
                    }
                    " "
                }
            }
        }
    }

    /// The selection's form (its checkboxes are on the hits) and the export of every result.
    fn actions(&self, total: usize) -> Markup {
        let w = self.w;
        let people = encode(&[("q", self.query.to_owned())]);
        html! {
            div.actions {
                form #selection method="post" action="/selection" {
                    input type="hidden" name="csrf" value=(self.csrf);
                    input type="hidden" name="back" value=(search_url(self.query, self.sort, self.page));
                    label { input #select-all type="checkbox"; " " (w.select_all) }
                    " " (w.selection) ": "
                    button type="submit" name="action" value="star" { "★ " (w.star) }
                    button type="submit" name="action" value="unstar" { (w.unstar) }
                    input type="text" name="label" placeholder=(w.label) size="10" aria-label=(w.label);
                    button type="submit" name="action" value="tag" { (w.add_tag) }
                    button type="submit" name="action" value="untag" { (w.remove_tag) }
                    button type="submit" name="action" value="export" { (w.export_selection) }
                }
                form.export method="post" action="/export" {
                    input type="hidden" name="csrf" value=(self.csrf);
                    input type="hidden" name="q" value=(self.query);
                    input type="hidden" name="sort" value=(self.sort);
                    button type="submit" { (w.export_results) " (" (crate::render::thousands(total)) ")" }
                }
                span.people {
                    a href={"/contacts?" (people)} { (w.contacts) }
                    " · "
                    a href={"/contacts.csv?" (people)} download { (w.contacts_csv) }
                    " · "
                    a href={"/graph.graphml?" (people)} download { (w.graph_graphml) }
                }
            }
        }
    }

    fn hit(&self, hit: &Hit, rank: usize) -> Markup {
        let w = self.w;
        let card = &hit.card;
        let open = message_url(&hit.id, self.query, self.sort, rank);
        let starred = hit.tags.iter().any(|t| t == STAR);
        html! {
            li.hit data-id=(hit.id) data-rank=(rank) {
                input.pick type="checkbox" form="selection" name="id" value=(hit.id) aria-label=(hit.id);
                div.line {
                    span.kind { (kind_word(card.kind, w)) }
                    @if starred { span.star title=(w.star) { "★" } }
                    span.date { (card.date.map_or_else(|| w.undated.to_owned(), |d| date::short(d, card.date_offset))) }
                    span.from { (people(&card.from, 1)) }
                    @if !card.to.is_empty() { span.to { "→ " (people(&card.to, 3)) } }
                }
                a.subject href=(open) { (card.subject.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(w.no_subject)) }
                @if let Some(parent) = &hit.email {
                    span.parent { " " (w.in_email) " " a href={"/message/" (parent.id)} {
                        (parent.card.as_ref().and_then(|c| c.subject.as_deref()).unwrap_or(w.no_subject))
                    } }
                }
                @if !card.attachments.is_empty() && card.kind != DocKind::Attachment {
                    div.files { (w.attachments) ": "
                        @for a in &card.attachments { span.file { (a.name.as_deref().unwrap_or("(unnamed)")) } " " }
                    }
                }
                @if !hit.tags.is_empty() {
                    div.tags { @for t in &hit.tags { a.tag href=(search_url(&format!("tag:{t}"), "", 1)) { (t) } " " } }
                }
                p.snippet { (highlighted(&hit.snippet)) }
            }
        }
    }

    fn pager(&self, total: usize) -> Markup {
        let w = self.w;
        let last_page = total.div_ceil(PAGE_SIZE).clamp(1, DEEPEST_HIT / PAGE_SIZE);
        html! {
            nav.pager {
                @if self.page > 1 {
                    a rel="prev" href=(search_url(self.query, self.sort, self.page - 1)) { "← " (w.previous) }
                }
                span { (w.page) " " (self.page) " / " (last_page) }
                @if self.page < last_page {
                    a rel="next" href=(search_url(self.query, self.sort, self.page + 1)) { (w.next) " →" }
                }
            }
        }
    }
}

/// The tag a star is.
pub const STAR: &str = "star";

/// The URL of a hit's message view, which knows the search it came from (for the previous
/// and next hits).
pub fn message_url(id: &str, query: &str, sort: &str, rank: usize) -> String {
    let mut pairs = vec![("q", query.to_owned()), ("n", rank.to_string())];
    if !sort.is_empty() {
        pairs.push(("sort", sort.to_owned()));
    }
    format!("/message/{id}?{}", encode(&pairs))
}

/// A document kind in the interface's words.
pub fn kind_word(kind: DocKind, w: &Words) -> &'static str {
    match kind {
        DocKind::Email => w.kind_email,
        DocKind::Attachment => w.kind_attachment,
        DocKind::Article => w.kind_article,
    }
}

/// The first `shown` mailboxes, and how many more.
pub fn people(boxes: &[Mailbox], shown: usize) -> String {
    let mut out: Vec<String> = boxes.iter().take(shown).map(Mailbox::display).collect();
    if boxes.len() > shown {
        out.push(format!("+{}", boxes.len() - shown));
    }
    out.join(", ")
}

/// A snippet with its matched words in `<mark>`, every piece escaped.
pub fn highlighted(snippet: &Snippet) -> Markup {
    let pieces = pieces(&snippet.text, &snippet.highlights);
    html! {
        @for (text, marked) in pieces {
            @if marked { mark { (text) } } @else { (text) }
        }
    }
}

/// `text` cut at the highlighted ranges (sorted, overlaps and ranges off character
/// boundaries dropped): each piece and whether it is marked.
fn pieces<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<(&'t str, bool)> {
    let mut sorted: Vec<&Range<usize>> = ranges.iter().collect();
    sorted.sort_by_key(|r| r.start);
    let (mut out, mut at) = (Vec::new(), 0);
    for r in sorted {
        let (Some(before), Some(marked)) = (text.get(at..r.start), text.get(r.start..r.end)) else {
            continue;
        };
        out.push((before, false));
        out.push((marked, true));
        at = r.end;
    }
    out.push((text.get(at..).unwrap_or_default(), false));
    out.retain(|(t, _)| !t.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_cut_the_text_and_bad_ranges_are_dropped() {
        let text = "le budget de la campagne";
        assert_eq!(
            pieces(text, &[16..24, 3..9]),
            vec![
                ("le ", false),
                ("budget", true),
                (" de la ", false),
                ("campagne", true)
            ]
        );
        assert_eq!(
            pieces(text, &[3..9, 5..12]),
            vec![("le ", false), ("budget", true), (" de la campagne", false)]
        );
        let off_boundary: Vec<Range<usize>> = std::iter::once(0..1).collect();
        assert_eq!(pieces("é", &off_boundary), vec![("é", false)]);
    }

    #[test]
    fn a_date_range_is_written_into_the_query() {
        let params = SearchParams {
            q: " budget ".into(),
            after: "2017-03".into(),
            ..SearchParams::default()
        };
        assert_eq!(
            with_date_range(&params).as_deref(),
            Some("budget date:2017-03..")
        );
        assert_eq!(with_date_range(&SearchParams::default()), None);
    }

    #[test]
    fn urls_carry_the_query_sort_and_page() {
        assert_eq!(
            search_url("from:a@b.fr \"x y\"", "", 1),
            "/search?q=from%3Aa%40b.fr+%22x+y%22"
        );
        assert_eq!(search_url("x", "-date", 3), "/search?q=x&sort=-date&page=3");
    }
}
