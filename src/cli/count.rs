//! `trawl count QUERY`: the number of matching documents, nothing else.

use std::io::Write;

use trawl::index::Store;
use trawl::search;

use super::request::Query;

/// Prints the count.
pub fn run(r: &Query, out: &mut impl Write) -> anyhow::Result<()> {
    let n = search::count(&Store::open(&r.index)?, &r.query)?;
    Ok(writeln!(out, "{n}")?)
}
