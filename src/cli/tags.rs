//! `trawl tags`: the labels in use, each with the number of indexed documents carrying it.

use std::io::Write;

use trawl::index::Store;
use trawl::search;
use trawl::tags::Tags;

use super::request::Listing;

/// Prints each label with its count, or a JSON object per label.
pub fn run(r: &Listing, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::open(&r.index)?;
    let tags = Tags::load(&store.dir)?;
    for label in tags.labels() {
        let n = search::count(&store, &format!("tag:{label}"))?;
        match r.json {
            true => writeln!(out, "{}", serde_json::json!({"label": label, "count": n}))?,
            false => writeln!(
                out,
                "{n:>8}  {}",
                trawl::sanitize::for_terminal(label, false)
            )?,
        }
    }
    Ok(())
}
