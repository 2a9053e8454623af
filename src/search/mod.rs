//! Running queries: collect and sort hits, load their cards (and an attachment's email), make
//! snippets (`snippets`); count; resolve an id (or a unique prefix of one) for `show`; read a
//! document back from its source as evidence (`evidence`); group hits by conversation
//! (`threads`).

mod evidence;
mod highlight;
mod recheck;
mod snippets;
mod threads;

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{EnableScoring, Query, RegexQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Order, Searcher, TERMINATED, Term};

use crate::document::{Card, parse_id};
use crate::error::{Error, Result};
use crate::index::Store;
use crate::query::recheck::HeaderSource;
use crate::query::{self, build::Lookups, build::QueryBuilder};
use crate::tags::Tags;
use crate::threads::Threads;

pub use evidence::{attachment, original_bytes, reread, reread_with_original};
pub use threads::{ThreadHit, search_threads};

use snippets::Snippets;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 200;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best BM25 score first.
    Relevance,
    /// Oldest first; undated last.
    DateAscending,
    /// Newest first; undated last.
    DateDescending,
    /// By sender address, A to Z; no sender last.
    SenderAscending,
    /// By sender address, Z to A.
    SenderDescending,
    /// Smallest message first.
    SizeAscending,
    /// Largest message first.
    SizeDescending,
}

impl Sort {
    /// The order `--sort` spells `name` (`relevance`, `date`, `-date`, ...); `None` for a
    /// name that is no order.
    pub fn from_name(name: &str) -> Option<Sort> {
        [
            Sort::Relevance,
            Sort::DateAscending,
            Sort::DateDescending,
            Sort::SenderAscending,
            Sort::SenderDescending,
            Sort::SizeAscending,
            Sort::SizeDescending,
        ]
        .into_iter()
        .find(|sort| sort.name() == name)
    }

    /// The order as `--sort` spells it (`relevance`, `date`, `-date`, ...), for records such
    /// as an export's manifest.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::DateAscending => "date",
            Sort::DateDescending => "-date",
            Sort::SenderAscending => "sender",
            Sort::SenderDescending => "-sender",
            Sort::SizeAscending => "size",
            Sort::SizeDescending => "-size",
        }
    }
}

/// A validated search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text.
    pub query: String,
    /// Hits to return (at least 1).
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Order.
    pub sort: Sort,
    /// Every hit, whatever `limit` says: in index order for relevance (streamed, in constant
    /// memory), else sorted (holding a sort key per hit, not the hits).
    pub all: bool,
    /// Cut a snippet for each hit (re-reading its source).
    pub snippets: bool,
}

/// A fragment of text with the byte ranges of matched words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The fragment.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<Range<usize>>,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// BM25 score (relevance order only).
    pub score: Option<f32>,
    /// Stored summary.
    pub card: Card,
    /// Best fragment of the text.
    pub snippet: Snippet,
    /// Its labels (see [`crate::tags`]), sorted.
    pub tags: Vec<String>,
    /// For an attachment: the first email it was found in.
    pub email: Option<ParentEmail>,
}

/// The email an attachment's hit names: which email, and which of its attachments it is.
#[derive(Debug, Clone)]
pub struct ParentEmail {
    /// The email's id.
    pub id: String,
    /// The attachment's number in it, from 1.
    pub number: usize,
    /// The email's card; `None` when the index no longer holds the email.
    pub card: Option<Card>,
    /// How many other emails carried the same file.
    pub others: usize,
}

/// Turns matching documents into hits: card, snippet (when asked for) and labels.
struct HitMaker<'a> {
    store: &'a Store,
    searcher: &'a Searcher,
    snippets: Option<Snippets>,
    tags: Tags,
}

impl<'a> HitMaker<'a> {
    /// Hits of the search `query` on `searcher`, with snippets if `snippets`.
    fn new(
        store: &'a Store,
        searcher: &'a Searcher,
        query: &dyn Query,
        snippets: bool,
    ) -> Result<HitMaker<'a>> {
        let snippets = match snippets {
            true => Some(Snippets::new(searcher, query, store)?),
            false => None,
        };
        let tags = Tags::load(&store.dir)?;
        Ok(HitMaker {
            store,
            searcher,
            snippets,
            tags,
        })
    }

    /// The hit for the document at `addr`.
    fn hit(&self, score: Option<f32>, addr: DocAddress) -> Result<Hit> {
        let (id, card) = self.store.card(self.searcher, addr)?;
        let snippet = self
            .snippets
            .as_ref()
            .map(|s| s.for_hit(&card))
            .unwrap_or_default();
        let tags = self.tags.of(&id);
        let email = self.parent(&card)?;
        Ok(Hit {
            id,
            score,
            card,
            snippet,
            tags,
            email,
        })
    }

    /// The first email an attachment's card names, if it is an attachment's.
    fn parent(&self, card: &Card) -> Result<Option<ParentEmail>> {
        let Some(part) = card.first_part() else {
            return Ok(None);
        };
        let parent_card = match parse_id(&part.email) {
            Some(id) => self.store.find(self.searcher, id)?.map(|(_, c)| c),
            None => None,
        };
        Ok(Some(ParentEmail {
            id: part.email.clone(),
            number: part.number,
            card: parent_card,
            others: card.emails().len().saturating_sub(1),
        }))
    }
}

/// Parses and builds a query for `store`, leaving out the fields `searcher` has no term in.
pub fn compile(store: &Store, searcher: &Searcher, text: &str) -> Result<Box<dyn Query>> {
    let node = query::parse(text)?;
    let empty = store.empty_fields(searcher)?;
    let lookups = IndexLookups::new(store);
    Ok(QueryBuilder::new(store.fields.schema.clone())
        .skipping(empty)
        .reading(searcher)
        .looking_up(&lookups)
        .build(&node)?)
}

/// The tables kept beside an index, read the first time a query needs one.
pub struct IndexLookups<'s> {
    store: &'s Store,
    threads: OnceCell<Threads>,
}

impl<'s> IndexLookups<'s> {
    /// Lookups in the tables of `store`.
    pub fn new(store: &'s Store) -> IndexLookups<'s> {
        IndexLookups {
            store,
            threads: OnceCell::new(),
        }
    }

    fn threads(&self) -> Result<&Threads, String> {
        if let Some(threads) = self.threads.get() {
            return Ok(threads);
        }
        let loaded = Threads::load(self.store).map_err(|e| e.with_causes())?;
        Ok(self.threads.get_or_init(|| loaded))
    }
}

impl Lookups for IndexLookups<'_> {
    fn ids(&self, field: &str, value: &str) -> Result<Vec<String>, String> {
        match field {
            "thread" => {
                let threads = self.threads()?;
                let entry = threads.find(value)?;
                let members = threads.members(entry.thread);
                Ok(members.iter().map(|e| e.id.to_string()).collect())
            }
            "tag" => {
                let tags = Tags::load(&self.store.dir).map_err(|e| e.with_causes())?;
                Ok(tags.ids_with(value))
            }
            "doc" => match parse_id(&value.to_ascii_lowercase()) {
                Some(id) => Ok(vec![id.to_string()]),
                None => Err(format!("doc:{value}: a document id is 32 hex digits")),
            },
            other => Err(format!("{other}: is not a table trawl keeps")),
        }
    }

    fn header_source(&self) -> Option<Arc<dyn HeaderSource>> {
        Some(Arc::new(recheck::SourceHeaders::new(
            self.store.fields.card(),
        )))
    }
}

/// Runs a search and returns the hits.
pub fn search(store: &Store, request: &SearchRequest) -> Result<Vec<Hit>> {
    let mut hits = Vec::new();
    search_each::<Error>(store, request, &mut |hit| {
        hits.push(hit);
        Ok(())
    })?;
    Ok(hits)
}

/// Runs a search and hands each hit to `emit`, in order, as soon as it is ready: with
/// `request.all` in relevance order, nothing but the current hit is held. Returns how many
/// documents match in all (counted in the same pass). An error from `emit` (a closed pipe)
/// stops the search and is returned as is.
pub fn search_each<E: From<Error>>(
    store: &Store,
    request: &SearchRequest,
    emit: &mut dyn FnMut(Hit) -> Result<(), E>,
) -> Result<usize, E> {
    let searcher = store.searcher()?;
    let query = compile(store, &searcher, &request.query)?;
    search_compiled(store, &searcher, &*query, request, emit)
}

/// Runs `query`, already compiled against `searcher` (see [`compile`]), as [`search_each`]
/// runs `request.query`: for callers that ask several things of one searcher (a web page's
/// hits and its facets), so that all its parts see the same commit.
pub fn search_compiled<E: From<Error>>(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    request: &SearchRequest,
    emit: &mut dyn FnMut(Hit) -> Result<(), E>,
) -> Result<usize, E> {
    let maker = HitMaker::new(store, searcher, query, request.snippets)?;
    if request.all && request.sort == Sort::Relevance {
        let mut hit = |score: Option<f32>, addr: DocAddress| emit(maker.hit(score, addr)?);
        return stream_all(store, searcher, query, request.offset, &mut hit);
    }
    let limit = match request.all {
        true => searcher
            .search(query, &Count)
            .map_err(|e| Error::index(&store.dir, e))?,
        false => request.limit,
    };
    let (found, total) = sorted(searcher, query, (limit, request.offset), request.sort)
        .map_err(|e| Error::index(&store.dir, e))?;
    for chunk in found.chunks(HITS_MADE_TOGETHER) {
        let made: Vec<Result<Hit>> = chunk
            .par_iter()
            .map(|&(score, addr)| maker.hit(score, addr))
            .collect();
        for hit in made {
            emit(hit?)?;
        }
    }
    Ok(total)
}

/// Hits whose cards and snippets are made at once, on every core, before they are handed on
/// in order: each reads and parses its source for the snippet, which is most of a page's
/// time.
const HITS_MADE_TOGETHER: usize = 64;

/// Every live matching document in index order, from `offset` on, scored; returns how many
/// match, those skipped included.
fn stream_all<E: From<Error>>(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    offset: usize,
    hit: &mut dyn FnMut(Option<f32>, DocAddress) -> Result<(), E>,
) -> Result<usize, E> {
    let ix = |e| Error::index(&store.dir, e);
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .map_err(ix)?;
    let (mut skip, mut total) = (offset, 0);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut scorer = weight.scorer(reader, 1.0).map_err(ix)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                total += 1;
                match skip {
                    0 => hit(Some(scorer.score()), DocAddress::new(ord as u32, doc))?,
                    _ => skip -= 1,
                }
            }
            doc = scorer.advance();
        }
    }
    Ok(total)
}

/// The top documents in `sort` order, and how many match in all (one pass).
fn sorted(
    searcher: &Searcher,
    query: &dyn Query,
    (limit, offset): (usize, usize),
    sort: Sort,
) -> tantivy::Result<Found> {
    let (asc, desc) = (Order::Asc, Order::Desc);
    let top = || TopDocs::with_limit(limit.max(1)).and_offset(offset);
    let by_date = |order| (top().order_by_fast_field::<i64>("date", order), Count);
    let by_size = |order| (top().order_by_fast_field::<u64>("size", order), Count);
    let by_sender = |order| (top().order_by_string_fast_field("from_addr", order), Count);
    Ok(match sort {
        Sort::Relevance => {
            let (hits, total) = searcher.search(query, &(top().order_by_score(), Count))?;
            let scored = hits.into_iter().map(|(s, a)| (Some(s), a)).collect();
            (scored, total)
        }
        Sort::DateAscending => unscored(searcher.search(query, &by_date(asc))?),
        Sort::DateDescending => unscored(searcher.search(query, &by_date(desc))?),
        Sort::SizeAscending => unscored(searcher.search(query, &by_size(asc))?),
        Sort::SizeDescending => unscored(searcher.search(query, &by_size(desc))?),
        Sort::SenderAscending => unscored(searcher.search(query, &by_sender(asc))?),
        Sort::SenderDescending => unscored(searcher.search(query, &by_sender(desc))?),
    })
}

/// The documents of a search in order, each with its score when sorted by relevance, and how
/// many matched in all.
type Found = (Vec<(Option<f32>, DocAddress)>, usize);

fn unscored<K>((hits, total): (Vec<(K, DocAddress)>, usize)) -> Found {
    (hits.into_iter().map(|(_, a)| (None, a)).collect(), total)
}

/// Number of documents matching a query.
pub fn count(store: &Store, text: &str) -> Result<usize> {
    let searcher = store.searcher()?;
    let query = compile(store, &searcher, text)?;
    searcher
        .search(&query, &Count)
        .map_err(|e| Error::index(&store.dir, e))
}

/// The ids of every document `text` matches, in index order.
pub fn matching_ids(store: &Store, text: &str) -> Result<Vec<String>> {
    let searcher = store.searcher()?;
    let query = compile(store, &searcher, text)?;
    let found = searcher
        .search(&query, &DocSetCollector)
        .map_err(|e| Error::index(&store.dir, e))?;
    let mut found: Vec<DocAddress> = found.into_iter().collect();
    found.sort_unstable();
    found
        .into_iter()
        .map(|a| store.id_at(&searcher, a))
        .collect()
}

/// Finds a document by its full id or a unique prefix of at least 6 hex digits.
pub fn resolve(store: &Store, id: &str) -> Result<(String, Card)> {
    let id = id.trim().to_ascii_lowercase();
    let searcher = store.searcher()?;
    let field = store.fields.docid();
    let query: Box<dyn Query> = match parse_id(&id) {
        Some(_) => Box::new(TermQuery::new(
            Term::from_field_text(field, &id),
            IndexRecordOption::Basic,
        )),
        None if id.len() >= 6 && id.bytes().all(|b| b.is_ascii_hexdigit()) => Box::new(
            RegexQuery::from_pattern(&format!("{id}.*"), field)
                .map_err(|e| Error::index(&store.dir, e))?,
        ),
        None => {
            return Err(Error::NotFound(format!(
                "'{id}' is not a document id (32 hex digits, or a unique prefix of 6 or more)"
            )));
        }
    };
    let top = searcher
        .search(&query, &TopDocs::with_limit(2).order_by_score())
        .map_err(|e| Error::index(&store.dir, e))?;
    match top.as_slice() {
        [] => Err(Error::NotFound(format!("no document with id {id}"))),
        [(_, addr)] => store.card(&searcher, *addr),
        _ => Err(Error::NotFound(format!(
            "id prefix {id} is ambiguous: give more digits"
        ))),
    }
}
