//! A `header:` query for encoded data, which the index keeps only as fingerprints
//! ([`crate::analysis::header`]): the documents the fingerprints find are candidates, and each
//! is kept only when its header, read again from the source, holds the pieces asked for.

use std::fmt;
use std::sync::Arc;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::store::StoreReader;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::analysis::folded_analyzer;
use crate::analysis::header::{self, Encoded};

/// Reads a document's header values back from its source, for [`RecheckQuery`].
pub trait HeaderSource: Send + Sync {
    /// The values of header `name` (lower case) of document `doc`, whose stored fields `store`
    /// reads, decoded as indexing decoded them; `None` when its source can no longer be read.
    fn values(&self, store: &StoreReader, doc: DocId, name: &str) -> Option<Vec<String>>;
}

/// What one `header:Name:…` query wants of the header's values beyond its terms.
#[derive(Clone, Debug)]
pub struct Wanted {
    /// The header's name, lower case.
    pub name: String,
    /// Encoded pieces each value set must hold.
    pub pieces: Vec<Encoded>,
    /// Whether the last piece need only start a piece of the value.
    pub last_is_prefix: bool,
}

impl Wanted {
    /// Whether the header's values hold every wanted piece (each in any of them); each value is
    /// cut into pieces once.
    fn held_by(&self, values: &[String]) -> bool {
        let mut analyzer = folded_analyzer();
        let held: Vec<Vec<Encoded>> = values
            .iter()
            .map(|v| header::encoded_pieces(v, &mut analyzer))
            .collect();
        let last = self.pieces.len().saturating_sub(1);
        self.pieces.iter().enumerate().all(|(i, piece)| {
            let prefix = self.last_is_prefix && i == last;
            held.iter().any(|h| piece.found_among(h, prefix))
        })
    }
}

/// The documents `candidates` finds whose header, read again, holds what [`Wanted`] says.
pub struct RecheckQuery {
    candidates: Box<dyn Query>,
    wanted: Arc<Wanted>,
    source: Arc<dyn HeaderSource>,
}

impl RecheckQuery {
    /// Keeps the documents of `candidates` that hold `wanted`, as `source` reads them.
    pub fn new(
        candidates: Box<dyn Query>,
        wanted: Wanted,
        source: Arc<dyn HeaderSource>,
    ) -> RecheckQuery {
        RecheckQuery {
            candidates,
            wanted: Arc::new(wanted),
            source,
        }
    }
}

impl Clone for RecheckQuery {
    fn clone(&self) -> RecheckQuery {
        RecheckQuery {
            candidates: self.candidates.box_clone(),
            wanted: self.wanted.clone(),
            source: self.source.clone(),
        }
    }
}

impl fmt::Debug for RecheckQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecheckQuery")
            .field("candidates", &self.candidates)
            .field("wanted", &self.wanted)
            .finish_non_exhaustive()
    }
}

impl Query for RecheckQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(RecheckWeight {
            candidates: self.candidates.weight(scoring)?,
            wanted: self.wanted.clone(),
            source: self.source.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.candidates.query_terms(visitor);
    }
}

struct RecheckWeight {
    candidates: Box<dyn Weight>,
    wanted: Arc<Wanted>,
    source: Arc<dyn HeaderSource>,
}

impl Weight for RecheckWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = RecheckScorer {
            candidates: self.candidates.scorer(reader, boost)?,
            store: reader.get_store_reader(4)?,
            wanted: self.wanted.clone(),
            source: self.source.clone(),
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "header rechecked against its source",
            scorer.score(),
        ))
    }
}

struct RecheckScorer {
    candidates: Box<dyn Scorer>,
    store: StoreReader,
    wanted: Arc<Wanted>,
    source: Arc<dyn HeaderSource>,
}

impl RecheckScorer {
    /// Moves on from the current candidate to the first that holds what is wanted.
    fn settle(&mut self) -> DocId {
        loop {
            let doc = self.candidates.doc();
            if doc == TERMINATED || self.holds(doc) {
                return doc;
            }
            self.candidates.advance();
        }
    }

    fn holds(&self, doc: DocId) -> bool {
        self.source
            .values(&self.store, doc, &self.wanted.name)
            .is_some_and(|values| self.wanted.held_by(&values))
    }
}

impl DocSet for RecheckScorer {
    fn advance(&mut self) -> DocId {
        self.candidates.advance();
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.candidates.seek(target);
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.candidates.doc()
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }
}

impl Scorer for RecheckScorer {
    fn score(&mut self) -> Score {
        self.candidates.score()
    }
}
