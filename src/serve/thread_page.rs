//! `/thread/ID`: a whole conversation on one page, message after message in reading order,
//! each message's quoted lines (`>`) folded away so that what each sender added reads on.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Html;
use maud::{Markup, html};
use rayon::prelude::*;

use super::app::{App, PageError, blocking};
use super::i18n::{Lang, Words};
use super::layout::{Frame, page};
use super::message_page::summary_line;
use crate::error::Result;
use crate::search;
use crate::threads::{self, Row};

/// Messages one page reads back; a longer conversation lists the rest as links.
pub const MOST_READ: usize = 200;

/// `GET /thread/{id}`.
pub async fn thread_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let lang = Lang::of(&headers);
    let messages = blocking(&app, move |app| read_conversation(app, &id))
        .await?
        .map_err(|e| PageError::from(e).in_lang(lang))?;
    let w = lang.words();
    let title = messages
        .first()
        .and_then(|(row, _)| row.card.subject.clone())
        .unwrap_or_else(|| w.conversation.to_owned());
    let content = html! {
        section.thread {
            h1 { (w.conversation) ": " (title) " (" (messages.len()) ")" }
            @for (row, text) in &messages { (message(w, row, text.as_ref())) }
        }
    };
    let frame = Frame {
        lang,
        title: &title,
        query: "",
    };
    Ok(page(&frame, content))
}

/// A message's text read back, or why it could not be; `None` past [`MOST_READ`].
type Reading = Option<std::result::Result<String, String>>;

/// The conversation of `id`, each message with its text read back (or why it could not be),
/// the first [`MOST_READ`] read on every core.
fn read_conversation(app: &App, id: &str) -> Result<Vec<(Row, Reading)>> {
    let rows = threads::conversation_of(&app.store, id)?;
    Ok(rows
        .into_par_iter()
        .enumerate()
        .map(|(n, row)| {
            let text = (n < MOST_READ).then(|| {
                search::reread(&row.id, &row.card)
                    .map(|doc| doc.body)
                    .map_err(|e| e.with_causes())
            });
            (row, text)
        })
        .collect())
}

fn message(w: &Words, row: &Row, text: Option<&std::result::Result<String, String>>) -> Markup {
    html! {
        article.inthread class={"depth-" (row.depth.min(12))} id={"m-" (row.id)} {
            h2 { a href={"/message/" (row.id)} { (summary_line(&row.card, w)) } }
            @match text {
                Some(Ok(body)) => (folded(w, body)),
                Some(Err(why)) => p.error.message { (why) },
                None => {},
            }
        }
    }
}

/// A body with each run of quoted lines in a closed `<details>`.
fn folded(w: &Words, body: &str) -> Markup {
    let blocks = blocks(body);
    html! {
        @for (quoted, lines) in blocks {
            @if quoted {
                details.quoted { summary { (w.quoted) " (" (lines.len()) ")" } pre { (lines.join("\n")) } }
            } @else {
                pre { (lines.join("\n")) }
            }
        }
    }
}

/// The body's lines in runs: quoted (`>`) or not, blank lines at the end of a run kept with it.
fn blocks(body: &str) -> Vec<(bool, Vec<&str>)> {
    let mut out: Vec<(bool, Vec<&str>)> = Vec::new();
    for line in body.trim_end().lines() {
        let quoted = line.trim_start().starts_with('>');
        match out.last_mut() {
            Some((q, lines)) if *q == quoted || line.trim().is_empty() => lines.push(line),
            _ => out.push((quoted, vec![line])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_runs_are_cut_from_the_senders_lines() {
        let body = "Yes, agreed.\n\nOn Monday Anne wrote:\n> the budget\n> is late\n\nThanks\n";
        let got = blocks(body);
        assert_eq!(
            got,
            vec![
                (false, vec!["Yes, agreed.", "", "On Monday Anne wrote:"]),
                (true, vec!["> the budget", "> is late", ""]),
                (false, vec!["Thanks"]),
            ]
        );
    }
}
