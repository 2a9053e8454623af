//! `trawl stats`: the index's counts, as a table or one JSON object.

use std::io::Write;

use trawl::accounting;
use trawl::index::Store;
use trawl::render;

use super::request::Stats;

/// Prints the counts (each source's too with `--sources`).
pub fn run(r: &Stats, out: &mut impl Write) -> anyhow::Result<()> {
    let stats = accounting::stats(&Store::open(&r.index)?, r.sources)?;
    match r.json {
        true => writeln!(out, "{}", serde_json::to_string(&stats)?)?,
        false => render::write_stats(out, &stats)?,
    }
    Ok(())
}
