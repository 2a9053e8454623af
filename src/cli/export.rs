//! `trawl export --to DIR QUERY`: every matching document written byte-exact, with a manifest;
//! exit 1 when a document was not exported.

use std::io::{self, Write};
use std::path::Path;

use anyhow::bail;

use trawl::export::{self, Report};
use trawl::index::Store;
use trawl::render;
use trawl::sanitize::for_terminal;

use super::request::Export;

/// Exports, lists on stderr each document not written and why, and prints the summary; exit
/// 1 when the export is incomplete (even when the summary meets a closed pipe).
pub fn run(r: &Export, out: &mut impl Write) -> anyhow::Result<()> {
    let report = export::export(&Store::open(&r.index)?, &r.request)?;
    let err = &mut io::stderr().lock();
    for entry in &report.not_exported {
        render::write_not_exported(err, entry)?;
    }
    let printed = render::write_export_report(out, &r.request.to, &report);
    incomplete(&r.request.to, &report)?;
    Ok(printed?)
}

/// The export's shortcomings as an error (exit 1): documents not written, or an index that
/// changed while it ran.
fn incomplete(to: &Path, report: &Report) -> anyhow::Result<()> {
    let c = &report.counts;
    let to = for_terminal(&to.display().to_string(), false);
    if c.exported < c.matched {
        bail!(
            "{} of {} matching documents were not exported; {to}/manifest.csv says why",
            c.matched - c.exported,
            c.matched
        );
    }
    if report.index_changed {
        bail!(
            "the index was written to during the export, so the state hash in {to}/manifest.json \
             may not be the state searched: export again into an empty directory"
        );
    }
    Ok(())
}
