//! The tantivy schema, built from [`crate::fields::TABLE`], and the conversion of a
//! [`Document`] into a tantivy document.

use tantivy::schema::{
    BytesOptions, Field, IndexRecordOption, NumericOptions, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

use crate::document::{Document, Location};
use crate::fields::{self, CARD, DOCID, FieldKind, TABLE};
use crate::message::Mailbox;

/// Name of the case- and accent-folding tokenizer used by every text field.
pub const FOLDED: &str = "trawl_folded";

/// The analyzer behind [`FOLDED`]: words split on non-alphanumerics, lower-cased, accents
/// folded (`ÉLECTION` → `election`), absurdly long tokens dropped.
pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(100))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Handles on the schema's fields.
#[derive(Clone)]
pub struct Fields {
    /// The schema itself.
    pub schema: Schema,
    docid: Field,
    card: Field,
    kind: Field,
    message_id: Field,
    subject: Field,
    body: Field,
    attachment: Field,
    attachment_text: Field,
    path: Field,
    date: Field,
    addresses: [(Field, Field); 4],
}

/// Builds the schema: one field per table row, a companion per address field, plus the
/// internal id and card.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FOLDED)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    for def in TABLE {
        match def.kind {
            FieldKind::Text => b.add_text_field(def.name, text.clone()),
            FieldKind::Keyword => b.add_text_field(def.name, keyword.clone()),
            FieldKind::Date => {
                b.add_i64_field(def.name, NumericOptions::default().set_indexed().set_fast())
            }
            FieldKind::Address => {
                b.add_text_field(&fields::address_companion(def.name), keyword.clone());
                b.add_text_field(def.name, text.clone())
            }
        };
    }
    b.add_text_field(DOCID, keyword.set_stored());
    b.add_bytes_field(CARD, BytesOptions::default().set_stored());
    b.build()
}

impl Fields {
    /// Resolves the handles in `schema` (which must come from [`build`]).
    pub fn new(schema: Schema) -> Fields {
        let f = |name: &str| {
            schema
                .get_field(name)
                .unwrap_or_else(|_| panic!("schema lacks field {name}"))
        };
        let addr = |name: &str| (f(name), f(&fields::address_companion(name)));
        Fields {
            docid: f(DOCID),
            card: f(CARD),
            kind: f("kind"),
            message_id: f("message_id"),
            subject: f("subject"),
            body: f("body"),
            attachment: f("attachment"),
            attachment_text: f("attachment_text"),
            path: f("path"),
            date: f("date"),
            addresses: [addr("from"), addr("to"), addr("cc"), addr("bcc")],
            schema,
        }
    }

    /// The id field (exact, stored).
    pub fn docid(&self) -> Field {
        self.docid
    }

    /// The stored card.
    pub fn card(&self) -> Field {
        self.card
    }

    /// The field of the files a document was found in, one value per location.
    pub fn path(&self) -> Field {
        self.path
    }

    /// The body text field, for snippets.
    pub fn body(&self) -> Field {
        self.body
    }

    /// The attachment text field, for snippets.
    pub fn attachment_text(&self) -> Field {
        self.attachment_text
    }

    /// The tantivy document for `doc`, found at `locations`.
    pub fn to_tantivy(&self, doc: &Document, locations: &[Location]) -> TantivyDocument {
        let mut t = TantivyDocument::default();
        let card = &doc.card;
        t.add_text(self.docid, doc.id.to_string());
        t.add_text(self.kind, card.kind.as_str());
        if let Some(id) = &card.message_id {
            t.add_text(self.message_id, id);
        }
        for ((text, exact), boxes) in self
            .addresses
            .iter()
            .zip([&card.from, &card.to, &card.cc, &card.bcc])
        {
            add_mailboxes(&mut t, *text, *exact, boxes);
        }
        if let Some(s) = &card.subject {
            t.add_text(self.subject, s);
        }
        t.add_text(self.body, &doc.body);
        t.add_text(self.attachment_text, &doc.attachment_text);
        for name in card.attachments.iter().filter_map(|a| a.name.as_deref()) {
            t.add_text(self.attachment, name);
        }
        for loc in locations {
            t.add_text(self.path, &loc.path);
        }
        if let Some(date) = card.date {
            t.add_i64(self.date, date);
        }
        let stored = crate::document::Card {
            locations: locations.to_vec(),
            ..card.clone()
        };
        t.add_bytes(self.card, &serde_json::to_vec(&stored).unwrap_or_default());
        t
    }
}

fn add_mailboxes(t: &mut TantivyDocument, text: Field, exact: Field, boxes: &[Mailbox]) {
    for m in boxes {
        t.add_text(text, m.display());
        if let Some(a) = &m.address {
            t.add_text(exact, a);
        }
    }
}
