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
use crate::quotes;
use crate::source;

/// What the query asks for in each text field, gathered once per search.
pub(super) struct Snippets {
    body: Wanted,
    own: Wanted,
    quoted: Wanted,
    attachments: Wanted,
}

impl Snippets {
    pub(super) fn new(searcher: &Searcher, query: &dyn Query, store: &Store) -> Result<Snippets> {
        let make =
            |field| Wanted::of(searcher, query, field).map_err(|e| Error::index(&store.dir, e));
        Ok(Snippets {
            body: make(store.fields.body())?,
            own: make(store.fields.own())?,
            quoted: make(store.fields.quoted())?,
            attachments: make(store.fields.attachment_text())?,
        })
    }

    /// The best fragment of the body, else of its own or quoted text (`own:`, `quoted:`),
    /// else of attachment text, else the start of the body.
    /// The text is re-extracted from the first location; `show` is what verifies identity.
    /// An email is read for its body first, and its attachments' text (PDF, office
    /// documents) is extracted only when the body holds no match and it has attachments.
    pub(super) fn for_hit(&self, card: &Card) -> Snippet {
        match self.texts(card) {
            Ok(snippet) => snippet,
            Err(e) => Snippet {
                text: format!("[{e}]"),
                highlights: vec![],
            },
        }
    }

    fn texts(&self, card: &Card) -> std::result::Result<Snippet, String> {
        let loc = card.locations.first().ok_or("no location")?;
        let bytes = source::read_location(loc).map_err(|e| e.to_string())?;
        let whole =
            || source::parse_text(&bytes, loc, &Limits::default()).map_err(|r| r.to_string());
        let (body, attachment_text) = match loc.attachment.is_some() || card.attachments.is_empty()
        {
            true => whole()?,
            false => source::parse_text(&bytes, loc, &Limits::without_attachment_text())
                .map_err(|r| r.to_string())?,
        };
        if let Some(snippet) = self.body.snippet(&body, SNIPPET_CHARS) {
            return Ok(snippet);
        }
        if let Some(snippet) = self.in_parts(&body) {
            return Ok(snippet);
        }
        let attachment_text = match attachment_text.is_empty() && !card.attachments.is_empty() {
            true => whole()?.1,
            false => attachment_text,
        };
        Ok(self
            .attachments
            .snippet(&attachment_text, SNIPPET_CHARS)
            .unwrap_or_else(|| Snippet {
                text: body.chars().take(SNIPPET_CHARS).collect(),
                highlights: vec![],
            }))
    }

    /// The best fragment of the body's own text, else of its quoted text, each piece on its
    /// own line; `None` when the query names neither or they hold no match.
    fn in_parts(&self, body: &str) -> Option<Snippet> {
        if self.own.is_empty() && self.quoted.is_empty() {
            return None;
        }
        let parts = quotes::split(body);
        let own = parts.own(body).collect::<Vec<_>>().join("\n");
        let quoted = parts.quoted(body).collect::<Vec<_>>().join("\n");
        (self.own.snippet(&own, SNIPPET_CHARS))
            .or_else(|| self.quoted.snippet(&quoted, SNIPPET_CHARS))
    }
}
