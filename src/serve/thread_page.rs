//! `/thread/ID`: a whole conversation on one page, message after message in reading order,
//! each message's quoted pieces (see [`crate::quotes`]) folded away so that what each sender
//! added reads on.

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
use crate::threads::{self, Row};
use crate::{quotes, search};

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

/// A body with each quoted piece (what [`crate::quotes`] does not take for the sender's own
/// text: `>` lines, attributions, reply and forward blocks, signatures) in a closed
/// `<details>`.
fn folded(w: &Words, body: &str) -> Markup {
    html! {
        @for (quoted, text) in blocks(body) {
            @if quoted {
                details.quoted { summary { (w.quoted) " (" (text.trim_end().lines().count()) ")" } pre { (text.trim_end()) } }
            } @else {
                pre { (text.trim_end()) }
            }
        }
    }
}

/// The body cut into the sender's own pieces and the quoted ones between them, in order;
/// blank pieces left out.
fn blocks(body: &str) -> Vec<(bool, &str)> {
    let parts = quotes::split(body);
    let mut pieces: Vec<(bool, Option<&str>)> = Vec::new();
    let mut at = 0;
    for own in parts.own_ranges() {
        pieces.push((true, body.get(at..own.start)));
        pieces.push((false, body.get(own.clone())));
        at = own.end;
    }
    pieces.push((true, body.get(at..)));
    pieces
        .into_iter()
        .filter_map(|(quoted, piece)| Some((quoted, piece.filter(|p| !p.trim().is_empty())?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_pieces_are_cut_from_the_senders_own_text() {
        let body = "Yes, agreed.\n\nOn Monday Anne wrote:\n> the budget\n> is late\n\nThanks\n";
        let got = blocks(body);
        let own: String = got.iter().filter(|(q, _)| !q).map(|(_, t)| *t).collect();
        let quoted: String = got.iter().filter(|(q, _)| *q).map(|(_, t)| *t).collect();
        assert!(
            own.contains("Yes, agreed.") && own.contains("Thanks"),
            "{got:?}"
        );
        assert!(
            quoted.contains("On Monday Anne wrote:") && quoted.contains("> is late"),
            "{got:?}"
        );
        assert!(
            !own.contains("> the budget") && !quoted.contains("Yes"),
            "{got:?}"
        );
    }
}
