//! Snippets: the best fragment of a hit's text, cut from text re-extracted from the source
//! bytes, so that they show the evidence itself and the index does not store bodies twice.

use tantivy::Searcher;
use tantivy::query::Query;

use super::highlight::Wanted;
use super::{SNIPPET_CHARS, Snippet};
use crate::document::Card;
use crate::error::{Error, Result};
use crate::index::Store;
use crate::limits::Limits;
use crate::source;

/// What the query asks for in each text field, gathered once per search.
pub(super) struct Snippets {
    body: Wanted,
    attachments: Wanted,
}

impl Snippets {
    pub(super) fn new(searcher: &Searcher, query: &dyn Query, store: &Store) -> Result<Snippets> {
        let make =
            |field| Wanted::of(searcher, query, field).map_err(|e| Error::index(&store.dir, e));
        Ok(Snippets {
            body: make(store.fields.body())?,
            attachments: make(store.fields.attachment_text())?,
        })
    }

    /// The best fragment of the body, else of attachment text, else the start of the body.
    /// The text is re-extracted from the first location; `show` is what verifies identity.
    pub(super) fn for_hit(&self, card: &Card) -> Snippet {
        let text = card
            .locations
            .first()
            .ok_or_else(|| "no location".to_owned())
            .and_then(|loc| {
                let bytes = source::read_location(loc).map_err(|e| e.to_string())?;
                source::parse_text(&bytes, loc, &Limits::default())
            });
        let (body, attachment_text) = match text {
            Ok(text) => text,
            Err(e) => {
                return Snippet {
                    text: format!("[{e}]"),
                    highlights: vec![],
                };
            }
        };
        [(&self.body, &body), (&self.attachments, &attachment_text)]
            .into_iter()
            .find_map(|(wanted, text)| wanted.snippet(text, SNIPPET_CHARS))
            .unwrap_or_else(|| Snippet {
                text: body.chars().take(SNIPPET_CHARS).collect(),
                highlights: vec![],
            })
    }
}
