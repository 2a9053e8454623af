//! `trawl thread ID`: the whole conversation of an email, as a tree or JSON lines.

use std::io::Write;

use trawl::index::Store;
use trawl::render::{self, Painter};

/// The flags of `trawl thread`.
#[derive(clap::Args)]
pub struct ThreadArgs {
    /// Email id (or unique id prefix), as printed by search
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
    let rows = trawl::threads::conversation_of(store, &args.id)?;
    let Some(first) = rows.first() else {
        return Ok(());
    };
    if args.json {
        for row in &rows {
            writeln!(out, "{}", render::thread_row_json(row, &first.id))?;
        }
        return Ok(());
    }
    let prefix = args.id.trim().to_ascii_lowercase();
    let asked = rows.iter().find(|r| r.id.starts_with(&prefix));
    let asked = asked.map_or("", |r| r.id.as_str());
    Ok(render::write_thread(out, &rows, asked, painter)?)
}
