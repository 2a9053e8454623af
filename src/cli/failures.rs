//! `trawl failures`: every skipped file and message not indexed (and, with `--damaged`, every
//! message indexed from a degraded parse, truncated, or probably merged).

use std::io::Write;

use trawl::accounting;
use trawl::index::Store;
use trawl::render;

use super::request::Failures;

/// Prints one line, or JSON object, per failure.
pub fn run(r: &Failures, out: &mut impl Write) -> anyhow::Result<()> {
    for f in accounting::failures(&Store::open(&r.index)?, r.damaged)? {
        match r.json {
            true => writeln!(out, "{}", serde_json::to_string(&f)?)?,
            false => render::write_failure(out, &f)?,
        }
    }
    Ok(())
}
