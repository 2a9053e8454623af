//! The writer end of the pipeline: deduplication and the tantivy IndexWriter.
//!
//! A document seen for the first time is written at once, and only its id is remembered (16
//! bytes a message, so memory stays flat on a large dump). When the same document turns up at
//! another location (in this run, or already in the index from an earlier run), the new
//! location is remembered. At the end the run commits, then each such document is re-read from
//! its first location and rewritten with the locations of its committed card plus the new ones
//! (tantivy deletes apply to documents added before the delete, so delete-then-add is exact),
//! and commits again. Re-reading the same location changes nothing, which makes `trawl index`
//! idempotent; a crash between the two commits leaves documents that a re-run completes.
//! Locations gone from a changed or removed file (see [`super::stale`]) are dropped in the same
//! rewrite, and a document left with no location is removed from the index.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::indexer::NoMergePolicy;
use tantivy::{IndexWriter, Searcher, Term};

use super::stale::Stale;
use crate::dkim::Verifier;
use crate::document::{DocId, DocKind, Document};
use crate::error::{Error, Result};
use crate::index::holder::{self, Holder};
use crate::index::ledger::{Ledger, SourceRecord};
use crate::index::{self, Store};
use crate::limits::Limits;
use crate::location::Location;
use crate::problem::{Problem, ProblemKind, Reason};
use crate::source;

/// Counts for one run of `trawl index`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCounts {
    /// Emails read (duplicates and failures included).
    pub read: u64,
    /// New unique emails indexed.
    pub new_emails: u64,
    /// New articles indexed.
    pub new_articles: u64,
    /// Emails already indexed at another location (copies of the same message).
    pub duplicates: u64,
    /// Occurrences already indexed at this very location (a re-run).
    pub unchanged: u64,
    /// Messages not indexed.
    pub failed: u64,
    /// Messages indexed in a degraded way.
    pub damaged: u64,
    /// Messages indexed that probably hold another message (see
    /// [`crate::mbox::merged_envelope`]).
    pub merged: u64,
    /// Files skipped.
    pub skipped: u64,
    /// Documents removed from the index: no source holds them any more.
    pub dropped: u64,
    /// New distinct attachments indexed as documents of their own.
    pub new_attachments: u64,
}

/// Locations found for a document already written.
#[derive(Default)]
struct Pending {
    /// Its locations in the committed index (none for a document added in this run).
    known: Vec<Location>,
    /// Locations found in this run, to add.
    new: Vec<Location>,
    /// Its locations that a changed or removed file no longer holds, to drop.
    gone: Vec<Location>,
    /// Its DKIM results read in this run differ from the committed ones (other keys): it is
    /// written again even if its locations stay the same.
    reverified: bool,
    /// Every location of `known` and `new`: a file attached to tens of thousands of emails
    /// has as many locations, each looked up as it is met again.
    all: HashSet<Location>,
}

impl Pending {
    /// The pending changes of a document committed with the locations `known`.
    fn knowing(known: Vec<Location>) -> Pending {
        Pending {
            all: known.iter().cloned().collect(),
            known,
            ..Pending::default()
        }
    }
}

/// Receives parsed documents in order and writes the index.
pub struct Sink<'a> {
    store: &'a Store,
    writer: IndexWriter,
    /// Names this process in `index.pid` while it holds the writer lock.
    _holder: Holder,
    /// The limits documents are parsed within (rewrites must read them the same way).
    limits: Limits,
    /// Checks DKIM signatures, as the parse stage did, when a document is written again.
    dkim: Arc<Verifier>,
    committed: Searcher,
    /// Documents added in this run.
    added: HashSet<DocId>,
    /// Documents already written that were found at more places, by document.
    more: HashMap<DocId, Pending>,
    /// Files read again or removed, whose gone locations are dropped at the end.
    stale: Stale,
    /// Counts so far.
    pub counts: RunCounts,
}

impl<'a> Sink<'a> {
    /// Takes the index's writer lock; when another run holds it, the error names its pid.
    pub fn new(
        store: &'a Store,
        threads: usize,
        memory_bytes: usize,
        limits: Limits,
        dkim: Arc<Verifier>,
    ) -> Result<Sink<'a>> {
        let writer = store
            .index
            .writer_with_num_threads(threads, memory_bytes)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                ) => locked(&store.dir),
                e => Error::index(&store.dir, e),
            })?;
        // Segments are merged once, at the end of the run (see `finish`), not while it runs.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        // Files left by a run that failed (a full disk) go before this one writes; if they
        // cannot, the next commit removes them.
        let _ = writer.garbage_collect_files().wait();
        Ok(Sink {
            store,
            committed: store.searcher()?,
            writer,
            _holder: Holder::record(&store.dir)?,
            limits,
            dkim,
            added: HashSet::new(),
            more: HashMap::new(),
            stale: Stale::default(),
            counts: RunCounts::default(),
        })
    }

    /// Accounts for and indexes one parsed document, then the documents of its attachments.
    /// In the ledger, each email read counts as indexed (its document was first found here)
    /// or as a duplicate (found elsewhere first), so that per source: messages = indexed +
    /// duplicates + failed. Attachments are counted apart: they are not messages.
    pub fn accept(&mut self, mut doc: Document, ledger: &mut Ledger) -> Result<()> {
        let attachments = std::mem::take(&mut doc.attachments);
        self.accept_read(doc, ledger)?;
        for attachment in attachments {
            let location = attachment.card.locations[0].clone();
            self.place(attachment, location)?;
        }
        Ok(())
    }

    /// Accounts for and indexes an email or article read at its (only) location.
    fn accept_read(&mut self, doc: Document, ledger: &mut Ledger) -> Result<()> {
        let location = doc.card.locations[0].clone();
        let is_email = doc.card.kind == DocKind::Email;
        let record = ledger.sources.entry(location.path.clone()).or_default();
        self.account(record, &doc, &location);
        let seen = self.place(doc, location.clone())?;
        let refound = matches!(seen, Seen::Again { .. });
        self.counts.unchanged += u64::from(refound);
        self.stale.seen(&location, refound);
        if is_email {
            self.counts.duplicates += u64::from(seen == Seen::Elsewhere);
            match seen {
                Seen::New | Seen::Again { first: true } => record.indexed += 1,
                _ => record.duplicates += 1,
            }
        }
        Ok(())
    }

    /// Counts what was read at a location: a message or an article, damage, truncation, a
    /// probable merge.
    fn account(&mut self, record: &mut SourceRecord, doc: &Document, location: &Location) {
        match doc.card.kind {
            DocKind::Email => {
                record.messages += 1;
                self.counts.read += 1;
            }
            DocKind::Article => record.articles += 1,
            DocKind::Attachment => {}
        }
        if let Some(damage) = &doc.damage {
            let reason = Reason::Damage(damage.clone());
            record.record(problem(ProblemKind::Damaged, location, reason));
            self.counts.damaged += 1;
        }
        if let Some(reason) = &doc.merged {
            record.record(problem(ProblemKind::Merged, location, reason.clone()));
            self.counts.merged += 1;
        }
        if !doc.truncated.is_empty() {
            let reason = Reason::Limits(doc.truncated.clone());
            record.record(problem(ProblemKind::Truncated, location, reason));
        }
    }

    /// Writes a new document, or notes one more location of a known one.
    fn place(&mut self, doc: Document, location: Location) -> Result<Seen> {
        if let Some(pending) = self.more.get_mut(&doc.id) {
            return Ok(add_location(pending, location));
        }
        if self.added.contains(&doc.id) {
            let mut pending = Pending::default();
            let seen = add_location(&mut pending, location);
            self.more.insert(doc.id, pending);
            return Ok(seen);
        }
        let Some((_, card)) = self.store.find(&self.committed, doc.id)? else {
            self.add_new(doc, location)?;
            return Ok(Seen::New);
        };
        let first_here = card.locations.first() == Some(&location);
        let mut pending = Pending::knowing(card.locations);
        let seen = add_location(&mut pending, location);
        pending.reverified = first_here && doc.card.dkim.is_some() && doc.card.dkim != card.dkim;
        if !pending.new.is_empty() || pending.reverified || doc.card.kind == DocKind::Attachment {
            self.more.insert(doc.id, pending);
        }
        Ok(seen)
    }

    /// A file an earlier run read is being read again: `old` is what it yielded then.
    pub fn reread(&mut self, path: &str, old: &SourceRecord) {
        self.stale
            .watch(path, old.indexed + old.duplicates + old.articles);
    }

    /// A file was read to its end without a read error.
    pub fn completed(&mut self, path: &str) {
        self.stale.completed(path);
    }

    /// Files gone since an earlier run read them.
    pub fn removed(&mut self, paths: &[String]) {
        self.stale.removed(paths);
    }

    /// Records a message that could not be indexed.
    pub fn reject(&mut self, failure: Problem, ledger: &mut Ledger) {
        let record = ledger.sources.entry(failure.path.clone()).or_default();
        record.messages += 1;
        record.failed.push(failure);
        self.counts.read += 1;
        self.counts.failed += 1;
    }

    fn add_new(&mut self, doc: Document, location: Location) -> Result<()> {
        match doc.card.kind {
            DocKind::Email => self.counts.new_emails += 1,
            DocKind::Article => self.counts.new_articles += 1,
            DocKind::Attachment => self.counts.new_attachments += 1,
        }
        self.writer
            .add_document(self.store.fields.to_tantivy(&doc, &[location]))
            .map_err(|e| self.err(e))?;
        self.added.insert(doc.id);
        Ok(())
    }

    /// Commits, rewrites the documents that gained locations and commits again, then merges
    /// the index into one segment: every query opens each segment's files and looks each
    /// word up in each segment's dictionary, so one segment answers soonest and stores each
    /// word once. An index left in one segment is not merged again.
    pub fn finish(mut self, ledger: &mut Ledger) -> Result<RunCounts> {
        self.commit()?;
        let searcher = self.store.searcher()?;
        for (id, gone) in self.stale.gone(self.store, &searcher)? {
            self.more.entry(id).or_default().gone = gone;
        }
        if !self.more.is_empty() {
            self.relocate(ledger, &searcher)?;
            self.commit()?;
        }
        let dir = self.store.dir.clone();
        let segments = self
            .store
            .index
            .searchable_segment_ids()
            .map_err(|e| Error::index(&dir, e))?;
        if segments.len() > 1 {
            self.writer
                .merge(&segments)
                .wait()
                .map_err(|e| index::writer_error(&dir, e))?;
        }
        self.writer
            .wait_merging_threads()
            .map_err(|e| index::writer_error(&dir, e))?;
        Ok(self.counts)
    }

    /// Rewrites each committed document whose locations changed: found at more places, or
    /// gone from some. A document left with no location is deleted.
    fn relocate(&mut self, ledger: &mut Ledger, searcher: &Searcher) -> Result<()> {
        for (id, pending) in std::mem::take(&mut self.more) {
            let Some((_, card)) = self.store.find(searcher, id)? else {
                continue;
            };
            let locations = merged(&card.locations, &pending);
            if locations == card.locations && !pending.reverified {
                continue;
            }
            let Some(first) = locations.first() else {
                self.writer.delete_term(self.id_term(id));
                self.counts.dropped += 1;
                continue;
            };
            if card.kind == DocKind::Email && *first != card.locations[0] {
                self.promote(first, &pending, ledger);
            }
            if let Err(reason) = self.rewrite(id, &locations) {
                let record = ledger.sources.entry(first.path.clone()).or_default();
                record.record(problem(ProblemKind::Failed, first, reason));
                self.counts.failed += 1;
            }
        }
        Ok(())
    }

    /// An email's first location was gone, so `first` is its first location now: the
    /// occurrence there was counted as a duplicate and becomes the indexed one.
    fn promote(&mut self, first: &Location, pending: &Pending, ledger: &mut Ledger) {
        if let Some(record) = ledger.sources.get_mut(&first.path)
            && record.duplicates > 0
        {
            record.duplicates -= 1;
            record.indexed += 1;
        }
        if pending.new.contains(first) {
            self.counts.duplicates = self.counts.duplicates.saturating_sub(1);
            self.counts.unchanged += 1;
        }
    }

    fn id_term(&self, id: DocId) -> Term {
        Term::from_field_text(self.store.fields.docid(), &id.to_string())
    }

    fn commit(&mut self) -> Result<()> {
        self.writer
            .commit()
            .map(|_| ())
            .map_err(|e| index::writer_error(&self.store.dir, e))
    }

    /// Re-reads a document from its first location and writes it with every location.
    fn rewrite(&mut self, id: DocId, locations: &[Location]) -> std::result::Result<(), Reason> {
        let first = &locations[0];
        let bytes = source::read_location(first).map_err(|e| Reason::ReadBack(e.to_string()))?;
        let doc =
            source::parse_bytes_checked(&bytes, first.clone(), &self.limits, Some(&self.dkim))?;
        if doc.id != id {
            return Err(Reason::SourceChanged);
        }
        self.writer.delete_term(self.id_term(id));
        self.writer
            .add_document(self.store.fields.to_tantivy(&doc, locations))
            .map_err(|e| Reason::Index(e.to_string()))?;
        Ok(())
    }

    fn err(&self, e: tantivy::TantivyError) -> Error {
        index::writer_error(&self.store.dir, e)
    }
}

/// A document's locations once the gone ones are dropped and the new ones added.
fn merged(committed: &[Location], pending: &Pending) -> Vec<Location> {
    let gone: HashSet<&Location> = pending.gone.iter().collect();
    let mut locations: Vec<Location> = committed
        .iter()
        .filter(|l| !gone.contains(l))
        .cloned()
        .collect();
    let mut listed: HashSet<Location> = locations.iter().cloned().collect();
    for location in &pending.new {
        if listed.insert(location.clone()) {
            locations.push(location.clone());
        }
    }
    locations
}

/// Where a document read in this run had been seen before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Nowhere: it was written now.
    New,
    /// At this very location (a re-run); `first` when that is the document's first location.
    Again { first: bool },
    /// At another location: this one is added to it.
    Elsewhere,
}

/// Adds an occurrence of a known document.
fn add_location(pending: &mut Pending, location: Location) -> Seen {
    if pending.all.contains(&location) {
        let first = pending.known.first() == Some(&location);
        return Seen::Again { first };
    }
    pending.all.insert(location.clone());
    pending.new.push(location);
    Seen::Elsewhere
}

fn locked(dir: &std::path::Path) -> Error {
    let by = holder::holder(dir).map_or_else(String::new, |pid| format!(" by pid {pid}"));
    Error::IndexState {
        path: dir.to_path_buf(),
        reason: format!("index is locked{by}: another `trawl index` is writing it"),
    }
}

/// A problem of `kind` with the message at `location`.
fn problem(kind: ProblemKind, location: &Location, reason: Reason) -> Problem {
    Problem {
        kind,
        path: location.path.clone(),
        offset: location.offset,
        length: location.length,
        reason,
    }
}
