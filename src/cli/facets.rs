//! `trawl facets --by X QUERY`: the matching documents counted by a value.

use std::io::Write;

use trawl::facets;
use trawl::index::Store;
use trawl::render;

use super::request::{Facets, Table};

/// Counts and prints a table, JSON lines or CSV.
pub fn run(r: &Facets, out: &mut impl Write) -> anyhow::Result<()> {
    let counted = facets::facets(&Store::open(&r.index)?, &r.query, r.by, r.top)?;
    match r.table {
        Table::Json => render::write_facets_json(out, &counted)?,
        Table::Csv => render::write_facets_csv(out, &counted)?,
        Table::Human => render::write_facets(out, &counted, r.by)?,
    }
    Ok(())
}
