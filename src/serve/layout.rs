//! The frame every page shares: the search box, the links to the other pages, the keys; and
//! the page of an error.

use axum::http::StatusCode;
use axum::response::Html;
use maud::{DOCTYPE, Markup, html};

use super::i18n::Lang;

/// What the frame shows around a page's own content.
pub struct Frame<'a> {
    /// The interface's language.
    pub lang: Lang,
    /// The window title (dump text is escaped like any value).
    pub title: &'a str,
    /// The query the search box shows.
    pub query: &'a str,
}

/// A whole page: `content` in the shared frame.
pub fn page(frame: &Frame, content: Markup) -> Html<String> {
    let w = frame.lang.words();
    let markup = html! {
        (DOCTYPE)
        html lang=(frame.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (frame.title) " · trawl" }
                link rel="stylesheet" href="/assets/trawl.css";
                script src="/assets/trawl.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "trawl" }
                    form.searchbox method="get" action="/search" role="search" {
                        input #q type="search" name="q" value=(frame.query)
                            placeholder=(w.query_placeholder) aria-label=(w.search);
                        button type="submit" { (w.search) }
                    }
                    nav { a href="/batch" { (w.batch) } }
                }
                main { (content) }
                footer { small { (w.shortcuts) } }
            }
        }
    };
    Html(markup.into_string())
}

/// The page of an error: its status and what went wrong.
pub fn error_page(lang: Lang, status: StatusCode, message: &str) -> Html<String> {
    let w = lang.words();
    let title = format!("{} {}", w.error, status.as_u16());
    let content = html! {
        section.error {
            h1 { (title) }
            p.message { (message) }
        }
    };
    page(
        &Frame {
            lang,
            title: &title,
            query: "",
        },
        content,
    )
}
