//! `trawl index`: discover sources → split into raw messages → parse and extract (in parallel)
//! → deduplicate → index writer → commit, then the ledger.
//!
//! Files are planned (read, sniffed, split) in parallel chunks; units are parsed in parallel
//! batches on the rayon pool and handed in order to the [`sink::Sink`], whose tantivy writer
//! indexes on its own threads meanwhile. Batches bound the memory held at any time.

mod plan;
mod progress;
pub mod sink;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::discover::{self, Found};
use crate::error::Result;
use crate::index::Store;
use crate::index::ledger::{Ledger, SourceRecord};
pub use plan::parse_bytes;
use plan::{Outcome, Planned, Unit};
use progress::Progress;
pub use sink::RunCounts;
use sink::Sink;

/// Files planned together.
const FILE_CHUNK: usize = 256;
/// Units parsed together.
const UNIT_BATCH: usize = 2048;

/// What `trawl index` was asked to do, validated.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    /// Files and directories to index.
    pub paths: Vec<PathBuf>,
    /// Indexing threads for the tantivy writer.
    pub writer_threads: usize,
    /// Memory budget of the tantivy writer, in bytes.
    pub writer_memory: usize,
    /// Draw a progress bar (only sensible on a terminal).
    pub progress: bool,
}

/// The outcome of a run: counts, and every file or message that was not (fully) indexed.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Counts.
    pub counts: RunCounts,
    /// (path, reason) for every skipped file of this run.
    pub skipped: Vec<(String, String)>,
    /// Messages not indexed in this run.
    pub failed: Vec<crate::index::ledger::Problem>,
}

/// Indexes `request.paths` into `store`.
pub fn run(store: &Store, request: &IndexRequest) -> Result<RunReport> {
    let found = discover::discover(&request.paths)?;
    let total: u64 = found
        .iter()
        .map(|f| {
            if let Found::File { bytes, .. } = f {
                *bytes
            } else {
                0
            }
        })
        .sum();
    let progress = Progress::new(total, request.progress);
    let mut ledger = Ledger::load(&store.dir)?;
    let mut sink = Sink::new(store, request.writer_threads, request.writer_memory)?;
    let mut touched = Vec::new();
    let mut pending: Vec<Unit> = Vec::new();
    for chunk in found.chunks(FILE_CHUNK) {
        let planned: Vec<(String, u64, Planned)> = chunk.par_iter().map(plan_found).collect();
        for (path, bytes, planned) in planned {
            let mut record = SourceRecord {
                bytes,
                ..SourceRecord::default()
            };
            match planned {
                Planned::Units(units) => pending.extend(units),
                Planned::Skipped(reason) => {
                    sink.counts.skipped += 1;
                    record.skipped = Some(reason);
                }
            }
            ledger.sources.insert(path.clone(), record);
            touched.push(path);
            while pending.len() >= UNIT_BATCH {
                let batch: Vec<Unit> = pending.drain(..UNIT_BATCH).collect();
                parse_batch(&batch, &mut sink, &mut ledger, &progress)?;
            }
        }
    }
    parse_batch(&pending, &mut sink, &mut ledger, &progress)?;
    let counts = sink.finish(&mut ledger)?;
    ledger.save(&store.dir)?;
    progress.finish();
    Ok(report(counts, &ledger, &touched))
}

/// Reads and splits a found file; a walk problem becomes a skipped source.
fn plan_found(found: &Found) -> (String, u64, Planned) {
    match found {
        Found::File { path, bytes } => (path.clone(), *bytes, plan::plan(path)),
        Found::Problem { path, reason } => (path.clone(), 0, Planned::Skipped(reason.clone())),
    }
}

/// Parses a batch in parallel, then feeds the sink in order.
fn parse_batch(
    batch: &[Unit],
    sink: &mut Sink,
    ledger: &mut Ledger,
    progress: &Progress,
) -> Result<()> {
    let outcomes: Vec<Outcome> = batch.par_iter().map(plan::process).collect();
    for (unit, outcome) in batch.iter().zip(outcomes) {
        progress.advance(unit.location.length);
        match outcome {
            Outcome::Doc(doc) => sink.accept(*doc, ledger)?,
            Outcome::Failed(problem) => sink.reject(problem, ledger),
        }
    }
    Ok(())
}

fn report(counts: RunCounts, ledger: &Ledger, touched: &[String]) -> RunReport {
    let mut skipped = Vec::new();
    let mut failed = Vec::new();
    for path in touched {
        if let Some(record) = ledger.sources.get(path) {
            if let Some(reason) = &record.skipped {
                skipped.push((path.clone(), reason.clone()));
            }
            failed.extend(record.failed.iter().cloned());
        }
    }
    RunReport {
        counts,
        skipped,
        failed,
    }
}
