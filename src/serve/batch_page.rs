//! `/batch`: many queries at once, one per line (pasted, or read from a file by the page's
//! script), answered by the engine of `trawl batch`: a table of counts, first and last
//! dates and top senders, and the same rows as `trawl batch`'s CSV to download.

use std::path::Path;
use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::app::{App, PageError, blocking};
use super::i18n::{Lang, Words};
use super::layout::{Frame, page};
use super::message_page::download;
use super::search_page::search_url;
use super::security::check_csrf;
use crate::batch::{self, Row};
use crate::date;
use crate::error::{Error, Result};
use crate::output::BatchWriter;

/// Query lines one batch may hold.
pub const MOST_QUERIES: usize = 1_000;

/// The batch form's fields.
#[derive(Debug, Deserialize)]
pub struct BatchForm {
    /// The CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The query lines.
    #[serde(default)]
    pub queries: String,
}

/// `GET /batch`: the form.
pub async fn batch_form(State(app): State<Arc<App>>, headers: HeaderMap) -> Html<String> {
    let lang = Lang::of(&headers);
    let frame = Frame {
        lang,
        title: lang.words().batch,
        query: "",
    };
    page(&frame, form(lang.words(), &app.csrf, ""))
}

/// `POST /batch`: the form again, and the table of answers.
pub async fn batch_run(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(input): Form<BatchForm>,
) -> Result<Html<String>, PageError> {
    let lang = Lang::of(&headers);
    check_csrf(&app, &input.csrf).map_err(|e| e.in_lang(lang))?;
    let queries = input.queries.clone();
    let rows = blocking(&app, move |app| rows(app, &queries))
        .await?
        .map_err(|e| PageError::from(e).in_lang(lang))?;
    let w = lang.words();
    let content = html! {
        (form(w, &app.csrf, &input.queries))
        (table(w, &rows))
    };
    let frame = Frame {
        lang,
        title: w.batch,
        query: "",
    };
    Ok(page(&frame, content))
}

/// `POST /batch.csv`: the answers as `trawl batch` writes its CSV.
pub async fn batch_csv(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(input): Form<BatchForm>,
) -> Result<Response, PageError> {
    let lang = Lang::of(&headers);
    check_csrf(&app, &input.csrf).map_err(|e| e.in_lang(lang))?;
    let csv = blocking(&app, move |app| -> Result<Vec<u8>> {
        let rows = rows(app, &input.queries)?;
        let mut out = Vec::new();
        let io = |e| Error::io("batch.csv", e);
        let mut writer = BatchWriter::new(&mut out, false).map_err(io)?;
        for row in &rows {
            writer.write(row).map_err(io)?;
        }
        writer.finish().map_err(io)?;
        Ok(out)
    })
    .await?
    .map_err(|e| PageError::from(e).in_lang(lang))?;
    Ok(download("trawl-batch.csv", csv).into_response())
}

/// Every query line answered, refused past [`MOST_QUERIES`] lines.
fn rows(app: &App, queries: &str) -> Result<Vec<Row>> {
    let lines = queries.lines().filter(|l| !l.trim().is_empty()).count();
    if lines > MOST_QUERIES {
        return Err(Error::Refused(format!(
            "{lines} query lines: a batch in the browser holds at most {MOST_QUERIES}; \
             run `trawl batch` for more"
        )));
    }
    let mut rows = Vec::new();
    let mut input = queries.as_bytes();
    batch::run::<Error>(&app.store, &mut input, Path::new("(form)"), &mut |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok(rows)
}

fn form(w: &Words, csrf: &str, queries: &str) -> Markup {
    html! {
        section.batch {
            h1 { (w.batch) }
            p { (w.batch_intro) }
            form #batch method="post" action="/batch" {
                input type="hidden" name="csrf" value=(csrf);
                textarea #queries name="queries" rows="10" cols="70" { (queries) }
                br;
                label { (w.batch_file) " " input #queries-file type="file" accept=".txt,.csv,text/plain"; }
                br;
                button type="submit" { (w.run) }
                " "
                button type="submit" formaction="/batch.csv" { (w.download_csv) }
            }
        }
    }
}

fn table(w: &Words, rows: &[Row]) -> Markup {
    let day = |secs: i64| date::rfc3339(secs).get(..10).unwrap_or_default().to_owned();
    html! {
        table.batchrows {
            thead { tr { th { "#" } th { (w.query) } th { (w.count) } th { (w.first) } th { (w.last) } th { (w.top_senders) } } }
            tbody { @for row in rows {
                tr {
                    td { (row.line) }
                    td { a href=(search_url(&row.query, "", 1)) { (row.query) } }
                    @match &row.outcome {
                        Ok(o) => {
                            td.count { (o.matched) }
                            td { (o.dates.map(|d| day(d.0)).unwrap_or_default()) }
                            td { (o.dates.map(|d| day(d.1)).unwrap_or_default()) }
                            td { @for (n, s) in o.senders.iter().enumerate() { @if n > 0 { ", " } (s.value) " (" (s.count) ")" } }
                        }
                        Err(why) => td.error colspan="4" { (why) },
                    }
                }
            } }
        }
    }
}
