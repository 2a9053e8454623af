//! What the ledger says about the index: `trawl stats` (index-wide and per-source counts, which
//! always add up) and `trawl failures` (every file skipped and message not indexed, and why, as
//! [`Problem`]s).

use serde::Serialize;

use crate::error::Result;
use crate::index::Store;
use crate::index::ledger::Ledger;
use crate::problem::{Problem, ProblemKind};
use crate::search::count;
use crate::threads::Threads;

/// Index-wide counts, as `trawl stats` prints them.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Unique email documents.
    pub emails: u64,
    /// Emails read from sources, duplicates included.
    pub occurrences: u64,
    /// Occurrences beyond the first of each email.
    pub duplicates: u64,
    /// Article documents.
    pub articles: u64,
    /// Attachment documents: distinct files attached to the emails (see
    /// [`crate::document::DocKind::Attachment`]).
    pub attachments: u64,
    /// Conversations the emails make (see [`crate::threads`]).
    pub threads: u64,
    /// Files skipped (binary, empty, unreadable).
    pub skipped: u64,
    /// Messages that could not be indexed.
    pub failed: u64,
    /// Messages indexed in a degraded way (raw text, repaired headers).
    pub damaged: u64,
    /// Messages indexed only up to a limit (see `trawl index --help`).
    pub truncated: u64,
    /// Messages indexed whose body still holds another message's envelope and headers:
    /// probably two messages merged (see [`crate::mbox::merged_envelope`]).
    pub merged: u64,
    /// Source files that yielded emails or articles.
    pub sources: u64,
    /// Counts for each source file, when asked for (`stats --sources`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_source: Option<Vec<SourceStats>>,
}

/// What one source file yielded. For emails: `messages = indexed + duplicates + failed`.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStats {
    /// The file.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Emails read from it.
    pub messages: u64,
    /// Emails whose document was first found here.
    pub indexed: u64,
    /// Emails whose document was first found elsewhere.
    pub duplicates: u64,
    /// Emails not indexed.
    pub failed: u64,
    /// Emails indexed from a degraded parse.
    pub damaged: u64,
    /// Emails indexed only up to a limit.
    pub truncated: u64,
    /// Emails indexed that probably hold another message.
    pub merged: u64,
    /// Articles read from it (0 or 1).
    pub articles: u64,
    /// Why the file was skipped, if it was.
    pub skipped: Option<String>,
}

/// Index-wide counts; with `per_source`, also each source file's.
pub fn stats(store: &Store, per_source: bool) -> Result<Stats> {
    let ledger = Ledger::load(&store.dir)?;
    let (emails, articles, attachments) = (
        count(store, "kind:email")? as u64,
        count(store, "kind:article")? as u64,
        count(store, "kind:attachment")? as u64,
    );
    let occurrences = ledger.occurrences();
    let failed = ledger.failed();
    Ok(Stats {
        emails,
        occurrences,
        duplicates: occurrences.saturating_sub(emails + failed),
        articles,
        attachments,
        threads: Threads::load(store)?.count() as u64,
        skipped: ledger.skipped(),
        failed,
        damaged: ledger.damaged(),
        truncated: ledger.truncated(),
        merged: ledger.merged(),
        sources: ledger.indexed_sources(),
        per_source: per_source.then(|| source_stats(&ledger)),
    })
}

fn source_stats(ledger: &Ledger) -> Vec<SourceStats> {
    let len = |v: &Vec<_>| v.len() as u64;
    ledger
        .sources
        .iter()
        .map(|(path, r)| SourceStats {
            path: path.clone(),
            bytes: r.bytes,
            messages: r.messages,
            indexed: r.indexed,
            duplicates: r.duplicates,
            failed: len(&r.failed),
            damaged: len(&r.damaged),
            truncated: len(&r.truncated),
            merged: len(&r.merged),
            articles: r.articles,
            skipped: r.skipped.as_ref().map(ToString::to_string),
        })
        .collect()
}

/// Every skipped file and failed message the ledger records, by path; with `damaged`, also
/// the messages indexed from a degraded parse, only up to a limit, or probably merged.
pub fn failures(store: &Store, damaged: bool) -> Result<Vec<Problem>> {
    let ledger = Ledger::load(&store.dir)?;
    let mut out = Vec::new();
    let kinds: &[ProblemKind] = match damaged {
        true => &[
            ProblemKind::Failed,
            ProblemKind::Damaged,
            ProblemKind::Truncated,
            ProblemKind::Merged,
        ],
        false => &[ProblemKind::Failed],
    };
    for (path, record) in &ledger.sources {
        if let Some(reason) = &record.skipped {
            out.push(Problem {
                kind: ProblemKind::Skipped,
                path: path.clone(),
                offset: 0,
                length: record.bytes,
                reason: reason.clone(),
            });
        }
        for &kind in kinds {
            out.extend(record.problems(kind).iter().cloned());
        }
    }
    Ok(out)
}
