//! `trawl thread ID`: the whole conversation of an email, as a tree or JSON lines.

use std::io::Write;

use trawl::index::Store;
use trawl::render::{self, Painter};
use trawl::search;

/// The flags of `trawl thread`.
#[derive(clap::Args)]
pub struct ThreadArgs {
    /// Email id (or unique id prefix), as printed by search; an attachment's id gives its
    /// email's conversation
    id: String,
    /// One JSON object per email, in reading order
    #[arg(long)]
    json: bool,
}

/// Prints the conversation of `args.id`, the email asked about in bold on a terminal.
pub fn run_thread(
    store: &Store,
    args: &ThreadArgs,
    out: &mut impl Write,
    painter: Painter,
) -> anyhow::Result<()> {
    let id = email_of(store, &args.id);
    let rows = trawl::threads::conversation_of(store, &id)?;
    let Some(first) = rows.first() else {
        return Ok(());
    };
    if args.json {
        for row in &rows {
            writeln!(out, "{}", render::thread_row_json(row, &first.id))?;
        }
        return Ok(());
    }
    let prefix = id.trim().to_ascii_lowercase();
    let asked = rows.iter().find(|r| r.id.starts_with(&prefix));
    let asked = asked.map_or("", |r| r.id.as_str());
    Ok(render::write_thread(out, &rows, asked, painter)?)
}

/// The id asked about, or for an attachment's id the id of the first email it was found in:
/// an attachment's conversation is its email's.
fn email_of(store: &Store, id: &str) -> String {
    let card = search::resolve(store, id).ok().map(|(_, card)| card);
    let email = card.and_then(|card| Some(card.first_part()?.email.clone()));
    email.unwrap_or_else(|| id.to_owned())
}
