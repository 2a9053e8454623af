//! `trawl timeline QUERY`: the matching documents of each month (or year), drawn as a chart.

use std::io::Write;

use trawl::chart;
use trawl::facets;
use trawl::index::Store;
use trawl::render::{self, Painter};

use super::request::{Facets, Table};

/// Counts by period and draws the chart, or writes the rows as `facets` does.
pub fn run(r: &Facets, out: &mut impl Write, painter: Painter) -> anyhow::Result<()> {
    let counted = facets::facets(&Store::open(&r.index)?, &r.query, r.by, r.top)?;
    match r.table {
        Table::Json => render::write_facets_json(out, &counted)?,
        Table::Csv => render::write_facets_csv(out, &counted)?,
        Table::Human => chart::write_timeline(out, &counted, painter)?,
    }
    Ok(())
}
