//! A location's bytes parsed back into what indexing made of them: its document, an
//! attachment's included ([`parse_bytes`]), its headers ([`parse_headers`]) or its text
//! ([`parse_text`]). Indexing and every reader of the sources (snippets, evidence, rechecks,
//! the sink's rewrites) parse the same bytes the same way, through here.

use crate::dkim::Verifier;
use crate::document::Document;
use crate::limits::Limits;
use crate::location::{Format, Location};
use crate::mailstore::msg;
use crate::message::{self, Reading};
use crate::problem::Reason;
use crate::{article, mbox};

/// Builds the document for the bytes of a location (as stored in the file): the email or
/// article there, or for an attachment's location the attachment's document; the reason when
/// they hold no readable message (an Outlook `.msg` that is not one) or no such attachment.
pub fn parse_bytes(bytes: &[u8], location: Location, limits: &Limits) -> Result<Document, Reason> {
    parse_bytes_checked(bytes, location, limits, None)
}

/// What [`parse_bytes`] builds, an email's DKIM signatures checked by `dkim` when one is
/// given (see [`parse_checked`]): what the sink writes again when it rewrites a document.
pub fn parse_bytes_checked(
    bytes: &[u8],
    location: Location,
    limits: &Limits,
    dkim: Option<&Verifier>,
) -> Result<Document, Reason> {
    let Some(reading) = text_of(&location) else {
        return parse_checked(bytes, location, limits, Reading::default(), dkim);
    };
    parse_document(bytes, location.email(), limits, reading)?
        .attachment_at(&location)
        .ok_or(Reason::AttachmentGone)
}

/// The document at a location's bytes (as stored in the file), read as `reading` asks:
/// what [`parse_bytes`] builds, and what indexing builds with its run's attachment cache.
pub fn parse_document(
    bytes: &[u8],
    location: Location,
    limits: &Limits,
    reading: Reading,
) -> Result<Document, Reason> {
    parse_checked(bytes, location, limits, reading, None)
}

/// What [`parse_document`] builds, with an email's DKIM signatures checked by `dkim` over
/// its delivered bytes (mboxrd quoting undone) when one is given: what indexing stores. An
/// Outlook item (`.msg`, PST) is left unchecked, its bytes rebuilt rather than those signed.
pub fn parse_checked(
    bytes: &[u8],
    location: Location,
    limits: &Limits,
    reading: Reading,
    dkim: Option<&Verifier>,
) -> Result<Document, Reason> {
    let signed = location.format != Format::Pst;
    Ok(match extract(bytes, location.format, limits, reading)? {
        Extracted::Email(raw, email) => {
            let mut doc = Document::from_email(&raw, *email, location);
            if let Some(verifier) = dkim.filter(|_| signed) {
                doc.card.dkim = Some(verifier.check(&raw));
            }
            doc
        }
        Extracted::Msg(email) => Document::from_msg(bytes, *email, location),
        Extracted::Article(a) => Document::from_article(bytes, a, location),
    })
}

/// The headers without a field of their own of the email at a location (its bytes as
/// stored), read as indexing read them: what a `header:` query on encoded data rechecks. An
/// article has none.
pub fn parse_headers(
    bytes: &[u8],
    location: &Location,
    limits: &Limits,
) -> Result<Vec<(String, String)>, Reason> {
    Ok(
        match extract(bytes, location.format, limits, Reading::default())? {
            Extracted::Email(_, email) | Extracted::Msg(email) => email.headers,
            Extracted::Article(_) => Vec::new(),
        },
    )
}

/// The searchable text (body, attachment text) of a location's bytes, without the identity
/// hashing that [`parse_bytes`] does: what snippets are cut from. An attachment's location
/// gives that attachment's text alone (as its attachment text).
pub fn parse_text(
    bytes: &[u8],
    location: &Location,
    limits: &Limits,
) -> Result<(String, String), Reason> {
    let reading = text_of(location).unwrap_or_default();
    Ok(match extract(bytes, location.format, limits, reading)? {
        Extracted::Email(_, email) | Extracted::Msg(email) => match &location.attachment {
            Some(part) => {
                let mut texts = email.attachment_texts;
                let text = texts.get_mut(part.number.wrapping_sub(1));
                (String::new(), text.map(std::mem::take).unwrap_or_default())
            }
            None => (email.body, email.attachment_text),
        },
        Extracted::Article(a) => (a.text, String::new()),
    })
}

/// For an attachment's location: a reading of its email that reads that attachment alone for
/// text.
fn text_of(location: &Location) -> Option<Reading<'static>> {
    let number = location.attachment.as_ref()?.number;
    Some(Reading {
        text_of: number.checked_sub(1),
        ..Reading::default()
    })
}

/// A parsed email with its unquoted bytes, an email read from a `.msg`, or a parsed article.
enum Extracted<'a> {
    Email(std::borrow::Cow<'a, [u8]>, Box<message::Email>),
    Msg(Box<message::Email>),
    Article(article::Article),
}

fn extract<'a>(
    bytes: &'a [u8],
    format: Format,
    limits: &Limits,
    reading: Reading,
) -> Result<Extracted<'a>, Reason> {
    let email = |raw: &[u8]| Box::new(message::parse_reading(raw, limits, reading));
    Ok(match format {
        Format::Mbox => {
            let raw = mbox::unquote(bytes);
            let email = email(&raw);
            Extracted::Email(raw, email)
        }
        Format::Message | Format::Emlx | Format::Pst => {
            Extracted::Email(bytes.into(), email(bytes))
        }
        Format::Msg => {
            let email = msg::parse_reading(bytes, limits, reading)
                .map_err(|e| Reason::Msg(e.to_string()))?;
            Extracted::Msg(Box::new(email))
        }
        Format::Text | Format::Html => {
            Extracted::Article(article::parse(bytes, format == Format::Html))
        }
    })
}
