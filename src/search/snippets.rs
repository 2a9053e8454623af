//! Snippets: the best fragment of a hit's text, cut from text re-extracted from the source
//! bytes, so that they show the evidence itself and the index does not store bodies twice.

use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::schema::Field;

use super::highlight::Wanted;
use super::{SNIPPET_CHARS, Snippet};
use crate::document::{Card, DocKind};
use crate::error::{Error, Result};
use crate::index::Store;
use crate::limits::Limits;
use crate::quotes;
use crate::source;

/// What the query asks for in each text field, gathered once per search.
pub(super) struct Snippets {
    /// In an article's text.
    body: Wanted,
    /// In an email's text, own or quoted (and in `body`, which `body:` and bare words search
    /// with them).
    text: Wanted,
    /// In an email's own text only.
    own: Wanted,
    /// In an email's quoted text only.
    quoted: Wanted,
    attachments: Wanted,
}

impl Snippets {
    pub(super) fn new(searcher: &Searcher, query: &dyn Query, store: &Store) -> Result<Snippets> {
        let f = &store.fields;
        let make = |fields: &[Field]| {
            Wanted::of(searcher, query, fields).map_err(|e| Error::index(&store.dir, e))
        };
        Ok(Snippets {
            body: make(&[f.body()])?,
            text: make(&[f.body(), f.own(), f.quoted()])?,
            own: make(&[f.own()])?,
            quoted: make(&[f.quoted()])?,
            attachments: make(&[f.attachment_text()])?,
        })
    }

    /// The best fragment of the text (of an email's own or quoted text alone when the
    /// query asks for words in one of them only), else of attachment text, else the start
    /// of the text.
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
        if let Some(snippet) = self.in_text(card, &body) {
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

    /// The best fragment of an article's text, or of an email's: its own text alone when the
    /// query asks for words there and none in its quoted text, its quoted text alone in the
    /// opposite case, else all of it.
    fn in_text(&self, card: &Card, body: &str) -> Option<Snippet> {
        if card.kind != DocKind::Email {
            return self.body.snippet(body, SNIPPET_CHARS);
        }
        let joined = |pieces: Vec<&str>| pieces.join("\n");
        match (self.own.is_empty(), self.quoted.is_empty()) {
            (false, true) => {
                let own = joined(quotes::split(body).own(body).collect());
                self.own.snippet(&own, SNIPPET_CHARS)
            }
            (true, false) => {
                let quoted = joined(quotes::split(body).quoted(body).collect());
                self.quoted.snippet(&quoted, SNIPPET_CHARS)
            }
            _ => self.text.snippet(body, SNIPPET_CHARS),
        }
    }
}
