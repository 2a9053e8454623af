//! `trawl index PATH...`: reads the paths into the index and prints a summary; skipped files
//! and failed messages go to stderr. Ctrl-C stops reading and commits what was read.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use trawl::dkim::{self, Verifier};
use trawl::index::Store;
use trawl::ingest::{self, RunReport};
use trawl::sanitize::for_terminal;

use super::exit::Interrupted;
use super::request::Index;

/// Skipped files and failed messages listed on stderr, each (the rest are counted).
const SHOWN: usize = 20;

/// Indexes, then prints the run's counts.
pub fn run(r: &Index, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::create_or_open(&r.index)?;
    let started = std::time::Instant::now();
    stop_on_ctrl_c(Arc::clone(&r.request.stop));
    let report = ingest::run(&store, &r.request)?;
    keep_dkim_keys(&r.index, &r.request.dkim)?;
    print_problems(&report, &r.index);
    writeln!(
        out,
        "indexed into {} in {:.1} s",
        r.index.display(),
        started.elapsed().as_secs_f64()
    )?;
    write_counts(out, &report)?;
    if report.interrupted {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Writes the run's DKIM keys (those kept before, the key file's, those fetched from DNS) into
/// the index, so that later runs and `trawl dkim` verify with them again; nothing when there
/// are none or they are unchanged.
fn keep_dkim_keys(index: &Path, verifier: &Verifier) -> anyhow::Result<()> {
    let mut keys = verifier.keys().clone();
    keys.merge(&verifier.fetched());
    let path = index.join(dkim::KEY_FILE);
    let text = keys.to_text();
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    if !keys.is_empty() && text != kept {
        trawl::index::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("keeping the DKIM keys in {}", path.display()))?;
    }
    Ok(())
}

/// The summary's counts, one a line; the rare ones only when not zero.
fn write_counts(out: &mut impl Write, report: &RunReport) -> std::io::Result<()> {
    let c = &report.counts;
    writeln!(
        out,
        "  unchanged files: {} (not read again)",
        report.unchanged_files
    )?;
    writeln!(out, "  emails read:     {}", c.read)?;
    writeln!(out, "  new unique:      {}", c.new_emails)?;
    writeln!(out, "  duplicates:      {}", c.duplicates)?;
    writeln!(out, "  already indexed: {}", c.unchanged)?;
    writeln!(out, "  new articles:    {}", c.new_articles)?;
    writeln!(out, "  new attachments: {}", c.new_attachments)?;
    writeln!(out, "  skipped files:   {}", c.skipped)?;
    writeln!(out, "  failed:          {}", c.failed)?;
    writeln!(
        out,
        "  damaged:         {} (indexed with what could be read)",
        c.damaged
    )?;
    if c.merged > 0 {
        writeln!(
            out,
            "  merged:          {} (a body holds another message's envelope: failures --damaged)",
            c.merged
        )?;
    }
    if !report.removed.is_empty() {
        writeln!(
            out,
            "  removed files:   {} (gone since they were indexed)",
            report.removed.len()
        )?;
    }
    if c.dropped > 0 {
        writeln!(
            out,
            "  dropped:         {} (documents no source holds any more)",
            c.dropped
        )?;
    }
    Ok(())
}

/// The first Ctrl-C asks the run to stop reading and commit what it read; a second one
/// aborts at once (the index stays as of its last commit).
fn stop_on_ctrl_c(stop: Arc<AtomicBool>) {
    let _ = ctrlc::set_handler(move || {
        if stop.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
        eprintln!("trawl: stopping: committing what was read (Ctrl-C again to abort)");
    });
}

/// Lists skipped files and failed messages on stderr (the first [`SHOWN`] of each).
fn print_problems(report: &RunReport, dir: &Path) {
    let clean = |s: &str| for_terminal(s, false);
    for (path, reason) in report.skipped.iter().take(SHOWN) {
        eprintln!("skipped {}: {}", clean(path), clean(&reason.to_string()));
    }
    for path in report.removed.iter().take(SHOWN) {
        eprintln!("removed {}: gone since it was indexed", clean(path));
    }
    for f in report.failed.iter().take(SHOWN) {
        eprintln!(
            "failed {} at offset {} (+{}): {}",
            clean(&f.path),
            f.offset,
            f.length,
            clean(&f.reason.to_string())
        );
    }
    let hidden =
        report.skipped.len().saturating_sub(SHOWN) + report.failed.len().saturating_sub(SHOWN);
    if hidden > 0 {
        eprintln!(
            "... and {hidden} more: `trawl --index {} failures` lists them all",
            dir.display()
        );
    }
}
