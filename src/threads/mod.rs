//! Conversations: which emails belong together, and which answers which.
//!
//! After each indexing run the threading headers of every stored email (Message-ID,
//! References, In-Reply-To, subject, date) are threaded with [`jwz`] and the result is written
//! beside the index as `threads.bin`, a table sorted by document id: the thread and parent of
//! each email. A thread changes when a later run brings a message that links two of them, so
//! threads are recomputed whole from the index, never patched; the table records the tantivy
//! commit (opstamp) it was computed from, and a table older than the index is recomputed in
//! memory when read. `thread:ID` queries, `trawl thread ID` and `search --threads` read it.

mod file;
pub mod jwz;

use std::collections::HashMap;

use serde::Deserialize;
use tantivy::Searcher;

use crate::document::{Card, DocId, DocKind};
use crate::error::{Error, Result};
use crate::index::Store;

/// File name of the table in the index directory.
const FILE: &str = "threads.bin";

/// One email's place in the conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The email.
    pub id: DocId,
    /// Its thread's number (valid for this table only).
    pub thread: u32,
    /// The email it answers, as a position in the table.
    pub parent: Option<u32>,
    /// Its date, seconds since the epoch.
    pub date: Option<i64>,
}

/// The conversations of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threads {
    /// The tantivy commit the table was computed from.
    opstamp: u64,
    /// Every email, sorted by id.
    entries: Vec<Entry>,
    /// Positions in `entries`, grouped by thread.
    by_thread: Vec<u32>,
    /// Where each thread's positions start in `by_thread` (one more than there are threads).
    starts: Vec<u32>,
}

/// The part of a stored card that threading reads.
#[derive(Deserialize)]
struct Headers {
    kind: DocKind,
    #[serde(default)]
    message_id: Option<String>,
    #[serde(default)]
    in_reply_to: Option<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    date: Option<i64>,
}

impl Threads {
    /// Threads every email of the index `searcher` reads (committed as `opstamp`).
    pub fn compute(store: &Store, searcher: &Searcher, opstamp: u64) -> Result<Threads> {
        let mut ids = Vec::new();
        let mut messages = Vec::new();
        store.each_card(searcher, &mut |id, bytes| {
            let headers: Headers =
                serde_json::from_slice(bytes).map_err(|e| Error::IndexState {
                    path: store.dir.clone(),
                    reason: format!("corrupt stored card for {id}: {e}"),
                })?;
            if headers.kind == DocKind::Email {
                ids.push(id);
                messages.push(message(headers));
            }
            Ok(())
        })?;
        let threading = jwz::thread(&messages);
        Ok(Threads::from_threading(
            opstamp, &ids, &messages, &threading,
        ))
    }

    /// The table for `ids` threaded as `threading`, sorted by id.
    fn from_threading(
        opstamp: u64,
        ids: &[DocId],
        messages: &[jwz::Message],
        threading: &jwz::Threading,
    ) -> Threads {
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_unstable_by_key(|&i| ids[i]);
        let mut position = vec![0u32; ids.len()];
        for (at, &i) in order.iter().enumerate() {
            position[i] = at as u32;
        }
        let entries = order
            .iter()
            .map(|&i| Entry {
                id: ids[i],
                thread: threading.thread[i],
                parent: threading.parent[i].map(|p| position[p as usize]),
                date: messages[i].date,
            })
            .collect();
        Threads::new(opstamp, entries)
    }

    /// The table of `entries` (sorted by id), with each thread's members found in one pass.
    fn new(opstamp: u64, entries: Vec<Entry>) -> Threads {
        let count = entries
            .iter()
            .map(|e| e.thread as usize + 1)
            .max()
            .unwrap_or(0);
        let mut starts = vec![0u32; count + 1];
        for e in &entries {
            starts[e.thread as usize + 1] += 1;
        }
        for t in 0..count {
            starts[t + 1] += starts[t];
        }
        let mut next = starts.clone();
        let mut by_thread = vec![0u32; entries.len()];
        for (position, e) in entries.iter().enumerate() {
            by_thread[next[e.thread as usize] as usize] = position as u32;
            next[e.thread as usize] += 1;
        }
        Threads {
            opstamp,
            entries,
            by_thread,
            starts,
        }
    }

    /// Computes the table for the last commit of `store` and writes it beside the index.
    pub fn refresh(store: &Store) -> Result<Threads> {
        let searcher = store.searcher()?;
        let threads = Threads::compute(store, &searcher, store.opstamp()?)?;
        file::write(&store.dir.join(FILE), &threads)?;
        Ok(threads)
    }

    /// The table beside the index if it is that of the last commit; else computed again (and
    /// written, where the directory can be written).
    pub fn load(store: &Store) -> Result<Threads> {
        let opstamp = store.opstamp()?;
        match file::read(&store.dir.join(FILE)) {
            Ok(threads) if threads.opstamp == opstamp => Ok(threads),
            _ => {
                let searcher = store.searcher()?;
                let threads = Threads::compute(store, &searcher, opstamp)?;
                let _ = file::write(&store.dir.join(FILE), &threads);
                Ok(threads)
            }
        }
    }

    /// The entry of email `id`, if it is an indexed email.
    pub fn entry(&self, id: DocId) -> Option<&Entry> {
        let at = self.entries.binary_search_by_key(&id, |e| e.id).ok()?;
        self.entries.get(at)
    }

    /// The email whose id is `id` or starts with `id` (hex, at least 6 digits, any case).
    pub fn find(&self, id: &str) -> Result<&Entry, String> {
        let prefix = id.trim().to_ascii_lowercase();
        if prefix.len() < 6 || prefix.len() > 32 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "'{id}' is not an email id (32 hex digits, or a unique prefix of 6 or more)"
            ));
        }
        let start = self
            .entries
            .partition_point(|e| e.id.to_string().as_str() < prefix.as_str());
        let mut matching = self.entries[start..]
            .iter()
            .take_while(|e| e.id.to_string().starts_with(&prefix));
        match (matching.next(), matching.next()) {
            (Some(entry), None) => Ok(entry),
            (Some(_), Some(_)) => Err(format!("id prefix {prefix} is ambiguous: give more digits")),
            (None, _) => Err(format!("no email with id {prefix}")),
        }
    }

    /// Every email of thread `thread`, as entries.
    pub fn members(&self, thread: u32) -> Vec<&Entry> {
        let t = thread as usize;
        let (Some(&start), Some(&end)) = (self.starts.get(t), self.starts.get(t + 1)) else {
            return Vec::new();
        };
        let positions = &self.by_thread[start as usize..end as usize];
        positions
            .iter()
            .map(|&p| &self.entries[p as usize])
            .collect()
    }

    /// The email that `entry` answers.
    pub fn parent(&self, entry: &Entry) -> Option<&Entry> {
        self.entries.get(entry.parent? as usize)
    }

    /// The emails of `thread` in reading order, each with its depth: a message comes after
    /// the one it answers, and messages answering the same one (or starting the thread) come
    /// in date order.
    pub fn conversation(&self, thread: u32) -> Vec<(&Entry, usize)> {
        let members = self.members(thread);
        let key = |e: &&Entry| (e.date, e.id);
        let mut children: HashMap<Option<u32>, Vec<&Entry>> = HashMap::new();
        for e in members {
            children.entry(e.parent).or_default().push(e);
        }
        children.values_mut().for_each(|v| v.sort_by_key(key));
        let mut order = Vec::new();
        let mut stack: Vec<(&Entry, usize)> = children
            .get(&None)
            .map(|roots| roots.iter().rev().map(|&e| (e, 0)).collect())
            .unwrap_or_default();
        while let Some((entry, depth)) = stack.pop() {
            order.push((entry, depth));
            let position = self.entries.binary_search_by_key(&entry.id, |e| e.id).ok();
            let below = position.and_then(|p| children.get(&Some(p as u32)));
            stack.extend(below.into_iter().flatten().rev().map(|&e| (e, depth + 1)));
        }
        order
    }

    /// How many threads there are.
    pub fn count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// One email of a conversation, as `trawl thread` shows it.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its id.
    pub id: String,
    /// The id of the email it answers, if that one is indexed.
    pub parent: Option<String>,
    /// How many answers deep it is (0: it starts the thread or answers a missing message).
    pub depth: usize,
    /// Its stored card.
    pub card: Card,
}

/// The whole conversation of email `id` (an id or unique prefix), in reading order (see
/// [`Threads::conversation`]); the first row's id names the thread.
pub fn conversation_of(store: &Store, id: &str) -> Result<Vec<Row>> {
    let threads = Threads::load(store)?;
    let entry = threads.find(id).map_err(Error::NotFound)?;
    let searcher = store.searcher()?;
    let mut rows = Vec::new();
    for (e, depth) in threads.conversation(entry.thread) {
        let Some((_, card)) = store.find(&searcher, e.id)? else {
            continue;
        };
        rows.push(Row {
            id: e.id.to_string(),
            parent: threads.parent(e).map(|p| p.id.to_string()),
            depth,
            card,
        });
    }
    Ok(rows)
}

/// What [`jwz`] needs of an email's headers: its References, then its In-Reply-To unless the
/// References already name it.
fn message(headers: Headers) -> jwz::Message {
    let mut parents = headers.references;
    if let Some(reply_to) = headers.in_reply_to
        && !parents.contains(&reply_to)
    {
        parents.push(reply_to);
    }
    jwz::Message {
        message_id: headers.message_id,
        parents,
        subject: headers.subject,
        date: headers.date,
    }
}
