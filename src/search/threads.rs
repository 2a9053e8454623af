//! `search --threads`: the hits grouped by conversation (see [`crate::threads`]), each
//! conversation placed where its first hit falls in the requested order, as notmuch does.

use tantivy::collector::Count;
use tantivy::{DocAddress, Searcher};

use super::{Hit, HitMaker, SearchRequest, compile, sorted};
use crate::document::parse_id;
use crate::error::{Error, Result};
use crate::index::Store;
use crate::threads::Threads;

/// A conversation holding hits.
#[derive(Debug, Clone)]
pub struct ThreadHit {
    /// The conversation: the id of its first email in reading order (an article is a
    /// conversation of its own, named by its id).
    pub thread: String,
    /// The subject of that first email.
    pub subject: Option<String>,
    /// How many emails the conversation holds, matching or not.
    pub total: usize,
    /// Its earliest and latest dates.
    pub dates: (Option<i64>, Option<i64>),
    /// Its matching documents, in the requested order.
    pub hits: Vec<Hit>,
}

/// Which conversation a hit belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    /// A thread of the table.
    Thread(u32),
    /// A document in no thread (an article): a group of its own.
    Alone(usize),
}

/// A hit before its card is read: score (relevance order only) and address.
type Found = (Option<f32>, DocAddress);

/// Runs `request` and returns `request.limit` conversations (every one with `request.all`)
/// from `request.offset` on, each with all its hits.
pub fn search_threads(store: &Store, request: &SearchRequest) -> Result<Vec<ThreadHit>> {
    let searcher = store.searcher()?;
    let query = compile(store, &searcher, &request.query)?;
    let ix = |e| Error::index(&store.dir, e);
    let matching = searcher.search(&query, &Count).map_err(ix)?;
    let (found, _) = sorted(&searcher, &*query, (matching, 0), request.sort).map_err(ix)?;
    let threads = Threads::load(store)?;
    let groups = group(store, &searcher, &threads, found)?;
    let maker = HitMaker::new(store, &searcher, &*query, request.snippets)?;
    let shown = groups.into_iter().skip(request.offset);
    let shown: Vec<_> = match request.all {
        true => shown.collect(),
        false => shown.take(request.limit).collect(),
    };
    let mut out = Vec::new();
    for (group, found) in shown {
        let hits = found
            .into_iter()
            .map(|(score, addr)| maker.hit(score, addr));
        let hits = hits.collect::<Result<Vec<_>>>()?;
        out.push(describe(store, &searcher, &threads, group, hits)?);
    }
    Ok(out)
}

/// The hits gathered by conversation, conversations in order of their first hit.
fn group(
    store: &Store,
    searcher: &Searcher,
    threads: &Threads,
    found: Vec<Found>,
) -> Result<Vec<(Group, Vec<Found>)>> {
    let mut groups: Vec<(Group, Vec<_>)> = Vec::new();
    let mut at = std::collections::HashMap::new();
    for (i, (score, addr)) in found.into_iter().enumerate() {
        let group = match thread_of(store, searcher, threads, addr)? {
            Some(thread) => Group::Thread(thread),
            None => Group::Alone(i),
        };
        let slot = *at.entry(group).or_insert_with(|| {
            groups.push((group, Vec::new()));
            groups.len() - 1
        });
        groups[slot].1.push((score, addr));
    }
    Ok(groups)
}

/// The thread of the email at `addr`, or of the first email an attachment was found in;
/// `None` for an article.
fn thread_of(
    store: &Store,
    searcher: &Searcher,
    threads: &Threads,
    addr: DocAddress,
) -> Result<Option<u32>> {
    let id = parse_id(&store.id_at(searcher, addr)?);
    if let Some(entry) = id.and_then(|id| threads.entry(id)) {
        return Ok(Some(entry.thread));
    }
    let (_, card) = store.card(searcher, addr)?;
    let parent = card.first_part().and_then(|p| parse_id(&p.email));
    Ok(parent.and_then(|id| threads.entry(id)).map(|e| e.thread))
}

/// The conversation `group`, holding `hits`.
fn describe(
    store: &Store,
    searcher: &Searcher,
    threads: &Threads,
    group: Group,
    hits: Vec<Hit>,
) -> Result<ThreadHit> {
    let Group::Thread(number) = group else {
        let card = hits.first().map(|h| &h.card);
        return Ok(ThreadHit {
            thread: hits.first().map(|h| h.id.clone()).unwrap_or_default(),
            subject: card.and_then(|c| c.subject.clone()),
            total: 1,
            dates: (card.and_then(|c| c.date), card.and_then(|c| c.date)),
            hits,
        });
    };
    let members = threads.conversation(number);
    let first = members.first().map(|(e, _)| e.id);
    let subject = match first {
        Some(id) => store.find(searcher, id)?.and_then(|(_, c)| c.subject),
        None => None,
    };
    let dates = members.iter().filter_map(|(e, _)| e.date);
    Ok(ThreadHit {
        thread: first.map(|id| id.to_string()).unwrap_or_default(),
        subject,
        total: members.len(),
        dates: (dates.clone().min(), dates.max()),
        hits,
    })
}
