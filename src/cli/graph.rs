//! `trawl graph [QUERY]`: who wrote to whom in the matching emails, as a directed graph.

use std::io::Write;

use trawl::correspondents::{self, formats};
use trawl::index::Store;

use super::request::Graph;

/// Writes the sender → recipient graph of the matching emails (every email without a query).
pub fn run(r: &Graph, out: &mut impl Write) -> anyhow::Result<()> {
    let options = correspondents::Options {
        mentions: r.mentions,
    };
    let mut graph =
        correspondents::gather_with(&Store::open(&r.index)?, r.query.as_deref(), options)?;
    graph.edges.retain(|e| e.weight() >= r.min);
    Ok(formats::write_graph(out, &graph, r.format)?)
}
