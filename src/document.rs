//! The unit of the index: one unique email or article, with every place it was found.
//!
//! Identity decides deduplication. An email with a Message-ID is identified by that id plus a
//! hash of its body, so the same message in two mailboxes (where mbox writers add `Status:` or
//! `Content-Length:` headers) is one document, while a forgery reusing a Message-ID with other
//! text is not. Without a Message-ID the whole message is hashed. Line ends and trailing blanks
//! are normalised first. SHA-256 keeps the ids collision-proof against a hostile dump.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::article::Article;
use crate::entities::Entities;
use crate::location::{Location, Part};
use crate::message::{Attachment, Email, Mailbox};
use crate::problem::Reason;
use crate::quotes::{self, Parts};

/// Stable document id: 128 bits of SHA-256, shown as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub [u8; 16]);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&data_encoding::HEXLOWER.encode(&self.0))
    }
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A message from an mbox, maildir or .eml file.
    Email,
    /// A text or HTML file that is not mail.
    Article,
    /// A file attached to one or more emails: one document per distinct file (SHA-256),
    /// found at its emails' locations.
    Attachment,
}

impl DocKind {
    /// The name used in queries (`kind:email`) and output.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Email => "email",
            DocKind::Article => "article",
            DocKind::Attachment => "attachment",
        }
    }
}

/// What results are rendered from, stored whole in the index. Empty fields are left out of the
/// stored form (and read back as empty), which keeps the document store small.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Card {
    /// Email or article.
    pub kind: DocKind,
    /// Message-ID without angle brackets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The Message-ID this one answers, without angle brackets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    /// Message-IDs of the thread's earlier messages (References), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Senders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<Mailbox>,
    /// To recipients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<Mailbox>,
    /// Cc recipients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<Mailbox>,
    /// Bcc recipients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bcc: Vec<Mailbox>,
    /// Subject, or article title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Seconds since the epoch, UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<i64>,
    /// The sender's UTC offset in minutes east, as the `Date:` header states it: `date` in
    /// the sender's own time is `date` shifted by it (see [`crate::date::rfc3339_local`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_offset: Option<i32>,
    /// Language of the text, ISO 639-1 (`fr`, `en`...) or `und` (see [`crate::lang`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Attachments (name, type, size).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// The result of each `DKIM-Signature` of an email, in header order (empty: the email has
    /// none); `None` when its signatures were not checked (not an email, or an Outlook item
    /// rebuilt from its properties, whose bytes are not those that were signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dkim: Option<Vec<crate::dkim::Signed>>,
    /// What its text mentions (addresses, URL domains, phones, IBANs...): an email's subject,
    /// body and attachments, an attachment's text, an article's title and text.
    #[serde(default, skip_serializing_if = "Entities::is_empty")]
    pub entities: Entities,
    /// Every place the document was found, first one first.
    pub locations: Vec<Location>,
}

impl Card {
    /// A card of `kind` with nothing but its one location.
    fn empty(kind: DocKind, location: Location) -> Card {
        Card {
            kind,
            message_id: None,
            in_reply_to: None,
            references: Vec::new(),
            from: Vec::new(),
            to: Vec::new(),
            cc: Vec::new(),
            bcc: Vec::new(),
            subject: None,
            date: None,
            date_offset: None,
            lang: None,
            attachments: Vec::new(),
            dkim: None,
            entities: Entities::default(),
            locations: vec![location],
        }
    }

    /// For an attachment's card: which attachment of which email its first location is.
    pub fn first_part(&self) -> Option<&Part> {
        self.locations.first()?.attachment.as_ref()
    }

    /// For an attachment's card: the distinct emails its locations are in, in order, each as
    /// (email id, the attachment's number there).
    pub fn emails(&self) -> Vec<(&str, usize)> {
        let mut out: Vec<(&str, usize)> = Vec::new();
        for part in self.locations.iter().filter_map(|l| l.attachment.as_ref()) {
            if !out.iter().any(|(id, _)| *id == part.email) {
                out.push((&part.email, part.number));
            }
        }
        out
    }

    /// Domains of the sender and recipients, lower-cased, each once, in order of appearance.
    pub fn domains(&self) -> impl Iterator<Item = String> {
        let mut seen = Vec::new();
        let boxes = self
            .from
            .iter()
            .chain(&self.to)
            .chain(&self.cc)
            .chain(&self.bcc);
        for m in boxes {
            let domain = m.address.as_deref().and_then(|a| a.rsplit_once('@'));
            if let Some((_, d)) = domain.filter(|(_, d)| !d.is_empty()) {
                let d = d.to_lowercase();
                if !seen.contains(&d) {
                    seen.push(d);
                }
            }
        }
        seen.into_iter()
    }
}

/// A document ready for the index writer.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its identity.
    pub id: DocId,
    /// Its summary; `locations` holds the occurrence it was parsed from.
    pub card: Card,
    /// Searchable text.
    pub body: String,
    /// Searchable text of text attachments.
    pub attachment_text: String,
    /// For an email: its body split into the sender's own text and what it quotes
    /// ([`crate::quotes`]), made here in the parallel stage; `None` for an article or an
    /// attachment, which has neither.
    pub quotes: Option<Parts>,
    /// MIME types of its parts and attachments, lower-cased, each once.
    pub part_types: Vec<String>,
    /// The words of the headers without a field of their own, as `name:word` terms
    /// ([`crate::analysis::header_words`]), made here in the parallel stage.
    pub header_words: String,
    /// Why the message was only partly readable, if it was.
    pub damage: Option<String>,
    /// Why the message probably holds another one that its mbox's splitter did not cut out
    /// (see [`crate::mbox::merged_envelope`]), if it does.
    pub merged: Option<Reason>,
    /// What was left unread because the message went past a limit.
    pub truncated: Vec<String>,
    /// The documents of an email's attachments, in order (see [`DocKind::Attachment`]).
    pub attachments: Vec<Document>,
}

impl Document {
    /// Builds the document for an email whose (unquoted) bytes are `raw`.
    pub fn from_email(raw: &[u8], email: Email, location: Location) -> Document {
        let id = email_id(email.message_id.as_deref(), raw);
        Document::email_with_id(id, email, location)
    }

    /// Builds the document for an email read from an Outlook `.msg` file whose bytes are
    /// `file`. Its id is the hash of the whole file ([`file_id`]): the `.msg` is what
    /// `show --raw` gives back and what is checked against the id.
    pub fn from_msg(file: &[u8], email: Email, location: Location) -> Document {
        Document::email_with_id(file_id(b"msg", file), email, location)
    }

    fn email_with_id(id: DocId, mut email: Email, location: Location) -> Document {
        let parent = Parent {
            id,
            date: (email.date, email.date_offset),
            location: &location,
        };
        let attachments = parent.attachments(&mut email);
        let lang = crate::lang::detect(email.subject.as_deref(), &email.body);
        let mut entities = Entities::extract(
            email
                .subject
                .as_deref()
                .into_iter()
                .chain([email.body.as_str()]),
        );
        for attachment in &attachments {
            entities.merge(&attachment.card.entities);
        }
        let card = Card {
            kind: DocKind::Email,
            message_id: email.message_id,
            in_reply_to: email.in_reply_to,
            references: email.references,
            from: email.from,
            to: email.to,
            cc: email.cc,
            bcc: email.bcc,
            subject: email.subject,
            date: email.date,
            date_offset: email.date_offset,
            lang: Some(lang.to_owned()),
            attachments: email.attachments,
            dkim: None,
            entities,
            locations: vec![location],
        };
        Document {
            id,
            card,
            quotes: Some(quotes::split(&email.body)),
            body: email.body,
            attachment_text: email.attachment_text,
            part_types: email.part_types,
            header_words: crate::analysis::header_words(&email.headers),
            damage: email.damage,
            merged: None,
            truncated: email.truncated,
            attachments,
        }
    }

    /// The document of the attachment a location with a [`Part`] names, from this parsed
    /// email; `None` when the email has no such attachment.
    pub fn attachment_at(self, location: &Location) -> Option<Document> {
        let number = location.attachment.as_ref()?.number;
        let at = |d: &Document| d.card.locations[0].attachment.as_ref().map(|p| p.number);
        self.attachments.into_iter().find(|d| at(d) == Some(number))
    }

    /// Builds the document for an article whose file bytes are `raw`.
    pub fn from_article(raw: &[u8], article: Article, location: Location) -> Document {
        let id = hash_id(&[b"article"], raw);
        let lang = crate::lang::detect(article.title.as_deref(), &article.text);
        let entities = Entities::extract(
            article
                .title
                .as_deref()
                .into_iter()
                .chain([article.text.as_str()]),
        );
        let card = Card {
            entities,
            subject: article.title,
            date: article.date,
            lang: Some(lang.to_owned()),
            ..Card::empty(DocKind::Article, location)
        };
        Document {
            id,
            card,
            body: article.text,
            attachment_text: String::new(),
            quotes: None,
            part_types: Vec::new(),
            header_words: String::new(),
            damage: None,
            merged: None,
            truncated: Vec::new(),
            attachments: Vec::new(),
        }
    }
}

/// The email whose attachments become documents.
struct Parent<'a> {
    id: DocId,
    /// The email's date and its sender's offset.
    date: (Option<i64>, Option<i32>),
    location: &'a Location,
}

impl Parent<'_> {
    /// The documents of every attachment of `email` (whose texts are taken from it).
    fn attachments(&self, email: &mut Email) -> Vec<Document> {
        let texts = std::mem::take(&mut email.attachment_texts);
        let texts = texts.into_iter().chain(std::iter::repeat_with(String::new));
        email
            .attachments
            .iter()
            .zip(texts)
            .enumerate()
            .filter_map(|(i, (entry, text))| self.attachment(i + 1, entry, text))
            .collect()
    }

    /// The document of attachment `number` (from 1), its text `text`: identified by its
    /// bytes' SHA-256 (its id is the first half of it), dated like the email, found at the
    /// email's location. `None` for an entry without a hash.
    fn attachment(&self, number: usize, entry: &Attachment, text: String) -> Option<Document> {
        let id = parse_id(entry.sha256.as_deref()?.get(..32)?)?;
        let location = Location {
            attachment: Some(Part {
                email: self.id.to_string(),
                number,
            }),
            ..self.location.clone()
        };
        let lang = crate::lang::detect(entry.name.as_deref(), &text);
        let card = Card {
            date: self.date.0,
            date_offset: self.date.1,
            lang: Some(lang.to_owned()),
            attachments: vec![entry.clone()],
            entities: Entities::extract([text.as_str()]),
            ..Card::empty(DocKind::Attachment, location)
        };
        Some(Document {
            id,
            card,
            body: String::new(),
            attachment_text: text,
            quotes: None,
            part_types: vec![entry.mime.clone()],
            header_words: String::new(),
            damage: None,
            merged: None,
            truncated: Vec::new(),
            attachments: Vec::new(),
        })
    }
}

/// Identity of an email: Message-ID plus body when there is an id, the whole message otherwise.
pub fn email_id(message_id: Option<&str>, raw: &[u8]) -> DocId {
    match message_id {
        Some(mid) => hash_id(&[b"email", mid.as_bytes()], body_of(raw)),
        None => hash_id(&[b"email-without-id"], raw),
    }
}

/// Identity of a file read as one whole (an Outlook `.msg`): SHA-256 of its kind and of every
/// byte as it is, nothing normalised, since a binary file has no line ends to forgive.
pub fn file_id(kind: &[u8], file: &[u8]) -> DocId {
    let mut hasher = Sha256::new();
    for part in [kind, file] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    finish(hasher)
}

/// SHA-256 of length-prefixed `parts`, then of `text` normalised: CRs removed and trailing
/// whitespace trimmed (so CRLF and LF copies match), hashed without building that copy.
fn hash_id(parts: &[&[u8]], text: &[u8]) -> DocId {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let trimmed = text.trim_ascii_end();
    let crs = memchr::memchr_iter(b'\r', trimmed).count();
    hasher.update(((trimmed.len() - crs) as u64).to_le_bytes());
    let mut start = 0;
    for cr in memchr::memchr_iter(b'\r', trimmed) {
        hasher.update(&trimmed[start..cr]);
        start = cr + 1;
    }
    hasher.update(&trimmed[start..]);
    finish(hasher)
}

fn finish(hasher: Sha256) -> DocId {
    let digest = hasher.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    DocId(id)
}

/// The bytes after the header block (after the first empty line).
fn body_of(raw: &[u8]) -> &[u8] {
    crate::message::blank_line(raw).map_or(&[], |(_, body)| &raw[body..])
}

/// Parses a 32-hex-digit id.
pub fn parse_id(text: &str) -> Option<DocId> {
    let bytes = data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .ok()?;
    Some(DocId(bytes.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Format;

    #[test]
    fn same_message_with_extra_mbox_headers_is_one_document() {
        let a = b"Message-ID: <m@x>\nSubject: s\n\nbody\n";
        let b = b"Message-ID: <m@x>\nStatus: RO\nSubject: s\r\n\r\nbody\r\n\r\n";
        assert_eq!(email_id(Some("m@x"), a), email_id(Some("m@x"), b));
    }

    #[test]
    fn same_id_other_body_is_another_document() {
        let a = b"Message-ID: <m@x>\n\nbody\n";
        let b = b"Message-ID: <m@x>\n\nforged body\n";
        assert_ne!(email_id(Some("m@x"), a), email_id(Some("m@x"), b));
    }

    #[test]
    fn without_message_id_the_whole_message_counts() {
        let a = b"Subject: a\n\nbody\n";
        let b = b"Subject: b\n\nbody\n";
        assert_ne!(email_id(None, a), email_id(None, b));
        assert_eq!(
            email_id(None, a),
            email_id(None, b"Subject: a\r\n\r\nbody\r\n")
        );
    }

    /// Ids are stored in indexes and quoted by users: the hashing must never change.
    #[test]
    fn ids_are_stable() {
        let crlf = b"Message-ID: <m@x>\r\n\r\nbody\r\n\r\n";
        assert_eq!(
            email_id(Some("m@x"), crlf).to_string(),
            "2f7abd9f4aac1f09ef0c507cee2630c9"
        );
        assert_eq!(
            email_id(None, b"Subject: a\n\nbody\n").to_string(),
            "11df7f96b839cb183bc586b00d928503"
        );
    }

    #[test]
    fn a_msg_file_is_identified_by_every_byte() {
        assert_ne!(file_id(b"msg", b"a\r\nb"), file_id(b"msg", b"a\nb"));
        assert_eq!(
            file_id(b"msg", b"x").to_string(),
            "891667cdcc88b7add494507a8772937c"
        );
    }

    #[test]
    fn an_emails_attachments_are_documents_at_its_location() {
        let raw = b"Message-ID: <a@x>\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: text/csv; name=a.csv\nContent-Disposition: attachment\n\nsame\n--b\nContent-Type: text/csv; name=b.csv\nContent-Disposition: attachment\n\nsame\n--b--\n";
        let at = Location {
            path: "/d/box.mbox".into(),
            offset: 7,
            length: raw.len() as u64,
            format: Format::Mbox,
            attachment: None,
        };
        let email = Document::from_email(raw, crate::message::parse(raw), at.clone());
        let [one, two] = email.attachments.as_slice() else {
            panic!("two attachments: {:?}", email.attachments)
        };
        assert_eq!(one.id, two.id, "the same bytes are the same document");
        let sha = one.card.attachments[0].sha256.as_deref().expect("sha256");
        assert_eq!(one.id.to_string(), sha[..32]);
        assert_eq!(one.card.kind, DocKind::Attachment);
        assert_eq!(one.attachment_text, "same");
        let second = Location {
            attachment: Some(Part {
                email: email.id.to_string(),
                number: 2,
            }),
            ..at.clone()
        };
        assert_eq!(two.card.locations, std::slice::from_ref(&second));
        assert_eq!(second.email(), at);
        let found = email.clone().attachment_at(&second).expect("found");
        assert_eq!(found.card.attachments[0].name.as_deref(), Some("b.csv"));
    }

    #[test]
    fn ids_round_trip_as_hex() {
        let id = email_id(None, b"x");
        assert_eq!(id.to_string().len(), 32);
        assert_eq!(parse_id(&id.to_string()), Some(id));
        assert_eq!(parse_id("xyz"), None);
    }
}
