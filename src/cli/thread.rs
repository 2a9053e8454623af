//! `trawl thread ID`: the whole conversation of an email, as a tree or JSON lines.

use std::io::Write;

use trawl::index::Store;
use trawl::render::{self, Painter};
use trawl::search;

use super::request::Thread;

/// Prints the conversation of the email asked about, that email in bold on a terminal.
pub fn run(r: &Thread, out: &mut impl Write, painter: Painter) -> anyhow::Result<()> {
    let store = Store::open(&r.index)?;
    let id = email_of(&store, &r.id);
    let rows = trawl::threads::conversation_of(&store, &id)?;
    let Some(first) = rows.first() else {
        return Ok(());
    };
    if r.json {
        for row in &rows {
            writeln!(out, "{}", render::thread_row_json(row, &first.id))?;
        }
        return Ok(());
    }
    let prefix = id.trim().to_ascii_lowercase();
    let asked = rows.iter().find(|row| row.id.starts_with(&prefix));
    let asked = asked.map_or("", |row| row.id.as_str());
    Ok(render::write_thread(out, &rows, asked, painter)?)
}

/// The id asked about, or for an attachment's id the id of the first email it was found in:
/// an attachment's conversation is its email's.
fn email_of(store: &Store, id: &str) -> String {
    let card = search::resolve(store, id).ok().map(|(_, card)| card);
    let email = card.and_then(|card| Some(card.first_part()?.email.clone()));
    email.unwrap_or_else(|| id.to_owned())
}
