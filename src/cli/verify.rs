//! `trawl verify DIR`: an export checked against its manifest; exit 1 when a check failed.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use trawl::export::verify;
use trawl::render;
use trawl::sanitize::for_terminal;

use super::request::Verify;

/// Verifies an export and prints every check; exit 1 unless all passed (even when the
/// output is cut short by a closed pipe).
pub fn run(r: &Verify, out: &mut impl Write) -> anyhow::Result<()> {
    let verdict = verify::verify(&r.dir)?;
    let printed = match r.json {
        true => writeln!(out, "{}", serde_json::to_string(&verdict)?),
        false => render::write_verification(out, &verdict),
    };
    failed_checks(&r.dir, &verdict)?;
    Ok(printed?)
}

/// Failed checks as an error (exit 1).
fn failed_checks(dir: &Path, verdict: &verify::Verification) -> anyhow::Result<()> {
    let t = &verdict.counts;
    if !verdict.ok {
        bail!(
            "{} does not match its manifest: {} missing, {} altered, {} unlisted",
            for_terminal(&dir.display().to_string(), false),
            t.missing,
            t.altered,
            t.unlisted
        );
    }
    Ok(())
}
