//! `trawl tag +label -label QUERY`: labels added to and removed from every matching document.

use std::io::Write;

use trawl::index::Store;
use trawl::search;
use trawl::tags::Tags;

use super::request::Tag;

/// Applies the changes to every document the query matches; says how many matched and changed.
pub fn run(r: &Tag, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::open(&r.index)?;
    let ids = search::matching_ids(&store, &r.query)?;
    let mut tags = Tags::load_for_update(&store.dir)?;
    let changed = tags.apply(&ids, &r.changes);
    tags.save()?;
    writeln!(
        out,
        "{} matching, {changed} changed: {}",
        ids.len(),
        r.said.join(" ")
    )?;
    Ok(())
}
