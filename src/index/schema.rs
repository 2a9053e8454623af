//! The tantivy schema, built from [`crate::fields::TABLE`], and the conversion of a
//! [`Document`] into a tantivy document.

use crate::analysis::{FOLDED, HEADER_WORDS};
use crate::document::{DocKind, Document};
use crate::entities::{self, Kind};
use crate::fields::{self, CARD, DOCID, FieldKind, TABLE};
use crate::location::Location;
use crate::message::Mailbox;
use tantivy::schema::{
    BytesOptions, Field, IndexRecordOption, NumericOptions, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions,
};

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
    own: Field,
    quoted: Field,
    attachment: Field,
    attachment_text: Field,
    attachment_hash: Field,
    path: Field,
    date: Field,
    folder: Field,
    mimetype: Field,
    attachment_type: Field,
    has: Field,
    domain: Field,
    header: Field,
    lang: Field,
    dkim: Field,
    dkim_domain: Field,
    size: Field,
    addresses: [(Field, Field); 4],
    url: Field,
    entities: [(Kind, Field); 6],
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
    let label = keyword.clone().set_fast("raw");
    let header = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(HEADER_WORDS)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let size = NumericOptions::default().set_indexed().set_fast();
    for def in TABLE {
        match def.kind {
            FieldKind::Text | FieldKind::Prose => b.add_text_field(def.name, text.clone()),
            FieldKind::Keyword => b.add_text_field(def.name, keyword.clone()),
            FieldKind::Label => b.add_text_field(def.name, label.clone()),
            FieldKind::Size => b.add_u64_field(def.name, size.clone()),
            FieldKind::Header => b.add_text_field(def.name, header.clone()),
            FieldKind::Table => continue,
            FieldKind::Date => {
                b.add_i64_field(def.name, NumericOptions::default().set_indexed().set_fast())
            }
            FieldKind::Address => {
                let exact = match fields::FACETED_ADDRESSES.contains(&def.name) {
                    true => label.clone(),
                    false => keyword.clone(),
                };
                b.add_text_field(&fields::address_companion(def.name), exact);
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
            own: f("own"),
            quoted: f("quoted"),
            attachment: f("attachment"),
            attachment_text: f("attachment_text"),
            attachment_hash: f("attachment_hash"),
            path: f("path"),
            date: f("date"),
            folder: f("folder"),
            mimetype: f("mimetype"),
            attachment_type: f("attachment_type"),
            has: f("has"),
            domain: f("domain"),
            header: f("header"),
            lang: f("lang"),
            dkim: f("dkim"),
            dkim_domain: f("dkim_domain"),
            size: f("size"),
            addresses: [addr("from"), addr("to"), addr("cc"), addr("bcc")],
            url: f("url"),
            entities: Kind::ALL.map(|kind| (kind, f(entity_field(kind)))),
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

    /// The field of an email's own text, for snippets.
    pub fn own(&self) -> Field {
        self.own
    }

    /// The field of an email's quoted text, for snippets.
    pub fn quoted(&self) -> Field {
        self.quoted
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
        self.add_text(&mut t, doc);
        t.add_text(self.attachment_text, &doc.attachment_text);
        for name in card.attachments.iter().filter_map(|a| a.name.as_deref()) {
            t.add_text(self.attachment, name);
        }
        let hashes = card.attachments.iter().filter_map(|a| a.sha256.clone());
        add_distinct(&mut t, self.attachment_hash, hashes);
        for loc in locations {
            t.add_text(self.path, &loc.path);
        }
        if let Some(date) = card.date {
            t.add_i64(self.date, date);
        }
        self.add_labels(&mut t, doc, locations);
        self.add_entities(&mut t, &card.entities);
        let stored = crate::document::Card {
            locations: locations.to_vec(),
            ..card.clone()
        };
        t.add_bytes(self.card, &serde_json::to_vec(&stored).unwrap_or_default());
        t
    }
}

impl Fields {
    /// The text: an email's as its own text and its quoted text (see
    /// [`fields::BODY_PARTS`]), each piece a value of its own so that a phrase never runs
    /// from one piece into the next; any other document's as its body.
    fn add_text(&self, t: &mut TantivyDocument, doc: &Document) {
        let Some(parts) = &doc.quotes else {
            t.add_text(self.body, &doc.body);
            return;
        };
        for piece in parts.own(&doc.body) {
            t.add_text(self.own, piece);
        }
        for piece in parts.quoted(&doc.body) {
            t.add_text(self.quoted, piece);
        }
    }

    /// The fields that describe rather than contain: folders, MIME types, domains, size (an
    /// attachment's own size; an email's size in its source).
    fn add_labels(&self, t: &mut TantivyDocument, doc: &Document, locations: &[Location]) {
        let card = &doc.card;
        let folders = locations.iter().filter_map(Location::folder);
        add_distinct(t, self.folder, folders);
        add_distinct(t, self.mimetype, doc.part_types.iter().cloned());
        let attached = card.attachments.iter().map(|a| a.mime.to_lowercase());
        add_distinct(t, self.attachment_type, attached);
        let is_attachment = card.kind == DocKind::Attachment;
        if !card.attachments.is_empty() && !is_attachment {
            t.add_text(self.has, "attachment");
        }
        add_distinct(t, self.domain, card.domains());
        if let Some(lang) = &card.lang {
            t.add_text(self.lang, lang);
        }
        if let Some(signed) = &card.dkim {
            t.add_text(self.dkim, crate::dkim::summary(signed).as_str());
            let domains = signed.iter().flat_map(|s| {
                [
                    s.domain.clone(),
                    format!("{}:{}", s.domain, s.result.as_str()),
                ]
            });
            let named = domains.filter(|d| !d.is_empty() && !d.starts_with(':'));
            add_distinct(t, self.dkim_domain, named);
        }
        if !doc.header_words.is_empty() {
            t.add_text(self.header, &doc.header_words);
        }
        let size = match is_attachment {
            true => card.attachments.first().map(|a| a.size),
            false => locations.first().map(|l| l.length),
        };
        if let Some(size) = size {
            t.add_u64(self.size, size);
        }
    }
}

impl Fields {
    /// What the text mentions: each kind in its field, and a URL's host with its parent
    /// domains in `url`.
    fn add_entities(&self, t: &mut TantivyDocument, found: &entities::Entities) {
        for (kind, field) in self.entities {
            for value in found.of(kind) {
                t.add_text(field, value);
            }
        }
        let domains = found
            .url_domains
            .iter()
            .flat_map(|host| entities::domain_and_parents(host).map(str::to_owned));
        add_distinct(t, self.url, domains);
    }
}

/// The field an entity kind is indexed in (a [`FieldKind::Label`] of the table).
pub fn entity_field(kind: Kind) -> &'static str {
    match kind {
        Kind::Mention => "mentions",
        Kind::UrlDomain => "url_domain",
        Kind::Phone => "phone",
        Kind::Iban => "iban",
        Kind::Card => "payment_card",
        Kind::Siren => "siren",
    }
}

/// Adds each value once.
fn add_distinct(t: &mut TantivyDocument, field: Field, values: impl Iterator<Item = String>) {
    let mut seen = std::collections::HashSet::new();
    for value in values {
        if seen.insert(value.clone()) {
            t.add_text(field, value);
        }
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
