//! Headers read back from the sources, for `header:` queries on encoded data
//! ([`crate::query::recheck`]).

use tantivy::DocId;
use tantivy::schema::{Field, TantivyDocument, Value};
use tantivy::store::StoreReader;

use crate::document::Card;
use crate::limits::Limits;
use crate::query::recheck::HeaderSource;
use crate::source;

/// Reads a document's card from the index, then its headers from its first location.
pub struct SourceHeaders {
    card: Field,
    limits: Limits,
}

impl SourceHeaders {
    /// Headers of the documents whose cards are stored in `card`; attachments are not read.
    pub fn new(card: Field) -> SourceHeaders {
        SourceHeaders {
            card,
            limits: Limits::without_attachment_text(),
        }
    }
}

impl HeaderSource for SourceHeaders {
    fn values(&self, store: &StoreReader, doc: DocId, name: &str) -> Option<Vec<String>> {
        let stored: TantivyDocument = store.get(doc).ok()?;
        let card: Card = serde_json::from_slice(stored.get_first(self.card)?.as_bytes()?).ok()?;
        let location = card.locations.first()?;
        let bytes = source::read_location(location).ok()?;
        let headers = source::parse_headers(&bytes, location, &self.limits).ok()?;
        Some(
            headers
                .into_iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v)
                .collect(),
        )
    }
}
