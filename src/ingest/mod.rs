//! `trawl index`: discover sources → split into raw messages → parse and extract (in parallel)
//! → deduplicate → index writer → commit, then the ledger and the threads.
//!
//! Three stages run at once, joined by bounded queues so that memory stays flat however large
//! the dump: a reader thread reads and sniffs files and cuts them into batches of units (an
//! mbox is streamed block by block); a parse thread parses each batch on the rayon pool; this
//! thread feeds the documents, in order, to the [`sink::Sink`], whose tantivy writer indexes on
//! its own threads meanwhile.

mod plan;
mod progress;
pub mod sink;
mod stale;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rayon::prelude::*;

use crate::discover::{self, Found};
use crate::dkim::Verifier;
use crate::error::Result;
use crate::index::Store;
use crate::index::ledger::{Ledger, SourceRecord};
use crate::limits::{ContainerLimits, Limits};
use crate::problem::{Problem, Reason};
use crate::threads::Threads;
use crate::{container, extract};
use plan::{Feed, Outcome, ReadLimits};
use progress::Progress;
pub use sink::RunCounts;
use sink::Sink;

/// Batches waiting between two stages: with the batch being worked on at each end, this bounds
/// the bytes in flight to a few batches, however large the dump.
const QUEUE_BATCHES: usize = 2;

/// Feeds being parsed at once (see `parse_stage`): few enough to keep memory to a few batches.
const FEEDS_IN_FLIGHT: usize = 3;

/// What `trawl index` was asked to do, validated.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    /// Files and directories to index.
    pub paths: Vec<std::path::PathBuf>,
    /// Indexing threads for the tantivy writer.
    pub writer_threads: usize,
    /// Memory budget of the tantivy writer, in bytes.
    pub writer_memory: usize,
    /// Draw a progress bar (only sensible on a terminal).
    pub progress: bool,
    /// What one message may cost to read.
    pub limits: Limits,
    /// What one archive may cost to read.
    pub container_limits: ContainerLimits,
    /// Read every file again, even those unchanged since the last run.
    pub rescan: bool,
    /// Checks each email's DKIM signatures, with the keys of the run (see [`crate::dkim`]).
    pub dkim: Arc<Verifier>,
    /// Set (by a Ctrl-C handler) to stop reading: what was read is then indexed and
    /// committed, and the report says the run was interrupted.
    pub stop: Arc<AtomicBool>,
}

/// The outcome of a run: counts, and every file or message that was not (fully) indexed.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Counts.
    pub counts: RunCounts,
    /// (path, reason) for every skipped file of this run.
    pub skipped: Vec<(String, Reason)>,
    /// Messages not indexed in this run.
    pub failed: Vec<Problem>,
    /// The run was stopped before reading everything (what was read is committed).
    pub interrupted: bool,
    /// Files not read again: same size and modification time as when last read.
    pub unchanged_files: u64,
    /// Files read by an earlier run, under the paths given, that are gone now.
    pub removed: Vec<String>,
}

/// What the parse stage hands the writer: a [`Feed`] with its units parsed.
struct Parsed {
    /// Files begun, with their fresh ledger records.
    sources: Vec<(String, SourceRecord)>,
    /// Parsed units: (bytes read, outcome), in order.
    outcomes: Vec<(u64, Outcome)>,
    /// Bytes that could not be read.
    unreadable: Vec<Problem>,
    /// Files read to their end, with their modification time.
    finished: Vec<(String, u64)>,
    /// Archives read only up to a limit.
    truncated: Vec<(String, Problem)>,
}

/// Indexes `request.paths` into `store`: a reader thread, a parse thread driving the rayon
/// pool, and the writer on this thread, joined by bounded queues.
pub fn run(store: &Store, request: &IndexRequest) -> Result<RunReport> {
    let found = discover::discover(&request.paths)?;
    let mut ledger = Ledger::load(&store.dir)?;
    let removed = removed_files(&request.paths, &found, &ledger);
    let all = found.len();
    let found: Vec<Found> = if request.rescan {
        found
    } else {
        found
            .into_iter()
            .filter(|f| !unchanged(f, &ledger))
            .collect()
    };
    if found.is_empty() && removed.is_empty() {
        let mut report = report(RunCounts::default(), &ledger, &found);
        report.unchanged_files = all as u64;
        report.removed = removed;
        return Ok(report);
    }
    let progress = Progress::new(total_bytes(&found), request.progress);
    let mut sink = Sink::new(
        store,
        request.writer_threads,
        request.writer_memory,
        request.limits,
        Arc::clone(&request.dkim),
    )?;
    let interrupted = std::thread::scope(|scope| {
        let (feed_tx, feed_rx) = sync_channel(QUEUE_BATCHES);
        let (parsed_tx, parsed_rx) = sync_channel(QUEUE_BATCHES);
        let (found, stop) = (&found, &request.stop);
        let send = move |feed| !stop.load(Ordering::Relaxed) && feed_tx.send(feed).is_ok();
        let read_limits = ReadLimits {
            message_bytes: request.limits.message_bytes,
            container: request.container_limits,
        };
        let reader = scope.spawn(move || plan::read_all(found, read_limits, &mut { send }));
        let limits = request.limits;
        let dkim = Arc::clone(&request.dkim);
        scope.spawn(move || parse_stage(&feed_rx, &parsed_tx, limits, &dkim));
        let written = write_stage(&parsed_rx, &mut sink, &mut ledger, &progress);
        written.map(|()| reader.join().unwrap_or(false))
    })
    .map(|read_everything| !read_everything)?;
    sink.removed(&removed);
    let counts = sink.finish(&mut ledger)?;
    for path in &removed {
        ledger.sources.remove(path);
    }
    ledger.save(&store.dir)?;
    Threads::refresh(store)?;
    progress.finish();
    let mut report = report(counts, &ledger, &found);
    report.interrupted = interrupted;
    report.unchanged_files = (all - found.len()) as u64;
    report.removed = removed;
    Ok(report)
}

/// A file the ledger says was read with this very size and modification time.
fn unchanged(found: &Found, ledger: &Ledger) -> bool {
    let Found::File {
        path,
        bytes,
        modified,
    } = found
    else {
        return false;
    };
    let same = |r: &SourceRecord| r.bytes == *bytes && r.modified == *modified;
    *modified != 0 && ledger.sources.get(path).is_some_and(same)
}

/// Files of the ledger under the paths given that the walk did not find again.
fn removed_files(paths: &[std::path::PathBuf], found: &[Found], ledger: &Ledger) -> Vec<String> {
    let roots: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut seen: Vec<&str> = found.iter().map(Found::path).collect();
    let on_disk = |path: &str| container::disk_path(path).to_owned();
    seen.sort_unstable();
    let under = |path: &str| {
        roots.iter().any(|r| {
            path == r
                || path
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    ledger
        .sources
        .keys()
        .filter(|p| under(p) && seen.binary_search(&on_disk(p).as_str()).is_err())
        .cloned()
        .collect()
}

fn total_bytes(found: &[Found]) -> u64 {
    found
        .iter()
        .map(|f| match f {
            Found::File { bytes, .. } => *bytes,
            Found::Problem { .. } => 0,
        })
        .sum()
}

/// Parses each feed's units on the rayon pool and passes everything on, in order. Several
/// feeds are parsed at once, so that an attachment whose reader runs to the time limit holds
/// up its own feed, not the ones behind it; this thread (not one of the pool's) waits for each
/// in turn.
fn parse_stage(
    feeds: &Receiver<Feed>,
    parsed: &SyncSender<Parsed>,
    limits: Limits,
    dkim: &Arc<Verifier>,
) {
    let cache = Arc::new(extract::Cache::default());
    let mut in_flight = VecDeque::new();
    for feed in feeds {
        let (done, result) = sync_channel(1);
        let cache = Arc::clone(&cache);
        let dkim = Arc::clone(dkim);
        rayon::spawn(move || {
            let _ = done.send(parse_feed(feed, &limits, &cache, &dkim));
        });
        in_flight.push_back(result);
        if in_flight.len() >= FEEDS_IN_FLIGHT && !pass_oldest(&mut in_flight, parsed) {
            return;
        }
    }
    while !in_flight.is_empty() && pass_oldest(&mut in_flight, parsed) {}
}

/// Waits for the oldest feed in flight and passes it on; false when it or the writer is gone.
fn pass_oldest(in_flight: &mut VecDeque<Receiver<Parsed>>, parsed: &SyncSender<Parsed>) -> bool {
    let oldest = in_flight.pop_front().and_then(|r| r.recv().ok());
    oldest.is_some_and(|batch| parsed.send(batch).is_ok())
}

fn parse_feed(feed: Feed, limits: &Limits, cache: &extract::Cache, dkim: &Verifier) -> Parsed {
    let sources = feed
        .sources
        .into_iter()
        .map(|s| {
            let record = SourceRecord {
                bytes: s.bytes,
                skipped: s.skipped,
                ..SourceRecord::default()
            };
            (s.path, record)
        })
        .collect();
    let outcomes = feed
        .units
        .par_iter()
        .map(|u| (u.location.length, plan::process(u, limits, cache, dkim)))
        .collect();
    Parsed {
        sources,
        outcomes,
        unreadable: feed.unreadable,
        finished: feed.finished,
        truncated: feed.truncated,
    }
}

/// Records sources in the ledger and feeds documents to the sink. On an error it returns at
/// once, which closes the queues and stops the other stages.
fn write_stage(
    parsed: &Receiver<Parsed>,
    sink: &mut Sink,
    ledger: &mut Ledger,
    progress: &Progress,
) -> Result<()> {
    for batch in parsed {
        write_batch(batch, sink, ledger, progress)?;
    }
    Ok(())
}

fn write_batch(
    batch: Parsed,
    sink: &mut Sink,
    ledger: &mut Ledger,
    progress: &Progress,
) -> Result<()> {
    for (path, record) in batch.sources {
        sink.counts.skipped += u64::from(record.skipped.is_some());
        forget_members(&path, sink, ledger);
        if let Some(old) = ledger.sources.insert(path.clone(), record) {
            sink.reread(&path, &old);
        }
    }
    for (bytes, outcome) in batch.outcomes {
        progress.advance(bytes);
        match outcome {
            Outcome::Doc(doc) => sink.accept(*doc, ledger)?,
            Outcome::Failed(problem) => sink.reject(problem, ledger),
        }
    }
    for problem in batch.unreadable {
        sink.reject(problem, ledger);
    }
    for (archive, problem) in batch.truncated {
        ledger.sources.entry(archive).or_default().record(problem);
    }
    for (path, modified) in batch.finished {
        if let Some(record) = ledger.sources.get_mut(&path).filter(|r| !had_read_error(r)) {
            record.modified = modified;
            sink.completed(&path);
        }
    }
    Ok(())
}

/// An archive read again: the records of its members (and nested archives) from the last
/// run are dropped, and their locations watched, so that a member gone from the archive loses
/// its locations like a removed file once the archive is read to its end.
fn forget_members(path: &str, sink: &mut Sink, ledger: &mut Ledger) {
    let members: Vec<String> = ledger.members(path).map(|(p, _)| p.clone()).collect();
    for member in members {
        if let Some(old) = ledger.sources.remove(&member) {
            sink.reread(&member, &old);
        }
    }
}

/// A file that could not be read to its end is read again next time, changed or not.
fn had_read_error(record: &SourceRecord) -> bool {
    record.skipped.as_ref().is_some_and(Reason::is_read_error)
        || record.failed.iter().any(|p| p.reason.is_read_error())
}

fn report(counts: RunCounts, ledger: &Ledger, found: &[Found]) -> RunReport {
    let mut skipped = Vec::new();
    let mut failed = Vec::new();
    for f in found {
        let path = f.path();
        let here = ledger.sources.get_key_value(path).into_iter();
        for (path, record) in here.chain(ledger.members(path)) {
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
        interrupted: false,
        unchanged_files: 0,
        removed: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::ProblemKind;

    fn failed(reason: Reason) -> Problem {
        Problem {
            kind: ProblemKind::Failed,
            path: "/d/a.zip".into(),
            offset: 10,
            length: 0,
            reason,
        }
    }

    #[test]
    fn a_file_is_read_again_after_bytes_it_could_not_read_and_only_then() {
        let io = || Box::new(Reason::Io("unexpected end of file".into()));
        let broken_off = SourceRecord {
            failed: vec![failed(Reason::UnreadableFrom(io()))],
            ..SourceRecord::default()
        };
        assert!(had_read_error(&broken_off));
        let unopened = SourceRecord {
            skipped: Some(Reason::Unreadable("permission denied".into())),
            ..SourceRecord::default()
        };
        assert!(had_read_error(&unopened));
        let message_failed = SourceRecord {
            failed: vec![failed(Reason::ParserPanicked("index out of bounds".into()))],
            ..SourceRecord::default()
        };
        assert!(!had_read_error(&message_failed));
        let empty = SourceRecord {
            skipped: Some(Reason::Sniffed("empty file")),
            ..SourceRecord::default()
        };
        assert!(!had_read_error(&empty));
    }
}
