//! Reading a document back from its source, as evidence: its original bytes (`show --raw`,
//! `export`), an attachment's decoded bytes (`trawl attachment`), each checked against what
//! was indexed (the document's id, the attachment's SHA-256) so that other bytes are never
//! given in their place.

use sha2::{Digest, Sha256};

use crate::document::{Card, DocKind, Document};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::location::{Format, Location};
use crate::message::{Attachment, Reading};
use crate::source;

/// Re-extracts a document from its first location and checks it is still the same document.
pub fn reread(id: &str, card: &Card) -> Result<Document> {
    Ok(verified(id, card, &Limits::default())?.1)
}

/// A document read back from its first location together with its original bytes (what
/// [`reread`] and [`original_bytes`] give), checked once: an email's source is read and
/// parsed one time for both.
pub fn reread_with_original(id: &str, card: &Card) -> Result<(Document, Vec<u8>)> {
    let first = first_location(id, card)?;
    if first.attachment.is_some() {
        return Ok((reread(id, card)?, original_bytes(id, card)?));
    }
    let (stored, doc) = verified(id, card, &Limits::default())?;
    Ok((doc, source::delivered(first, stored)))
}

/// The original bytes of a document, exactly what `show --raw` writes: the bytes at its first
/// location with mboxrd quoting undone, once they are checked to still hash to `id`; for an
/// attachment, its decoded bytes, checked against its SHA-256. A source that changed or
/// vanished since it was indexed gives an error naming it, never other bytes.
pub fn original_bytes(id: &str, card: &Card) -> Result<Vec<u8>> {
    let first = first_location(id, card)?;
    if let Some(part) = &first.attachment {
        return attached(first, part.number, card.attachments.first());
    }
    let (stored, _) = verified(id, card, &Limits::without_attachment_text())?;
    Ok(source::delivered(first, stored))
}

/// Attachment `number` (from 1, as `show` lists them) of email `id`: its entry and its
/// decoded bytes, read from the email's verified source bytes and checked against the SHA-256
/// recorded when it was indexed.
///
/// An attachment's own document has one attachment, number 1: the file itself.
pub fn attachment(id: &str, card: &Card, number: usize) -> Result<(Attachment, Vec<u8>)> {
    if card.kind == DocKind::Attachment
        && number == 1
        && let Some(entry) = card.attachments.first()
    {
        return Ok((entry.clone(), original_bytes(id, card)?));
    }
    let entry = number
        .checked_sub(1)
        .and_then(|i| card.attachments.get(i))
        .ok_or_else(|| {
            Error::NotFound(format!(
                "email {id} has no attachment {number} (it has {})",
                card.attachments.len()
            ))
        })?;
    let (stored, _) = verified(id, card, &Limits::without_attachment_text())?;
    let first = first_location(id, card)?;
    let raw = source::delivered(first, stored);
    let bytes = kept_attachment(&raw, first, number, Some(entry))?;
    Ok((entry.clone(), bytes))
}

/// Attachment `number` of the email whose location is `at`, read again from its source,
/// checked against `entry`'s SHA-256.
fn attached(at: &Location, number: usize, entry: Option<&Attachment>) -> Result<Vec<u8>> {
    let email = at.email();
    let raw = source::delivered(&email, source::read_location(&email)?);
    kept_attachment(&raw, at, number, entry)
}

/// Attachment `number` of the email `raw` read from `at`, which must hash to what `entry`
/// records.
fn kept_attachment(
    raw: &[u8],
    at: &Location,
    number: usize,
    entry: Option<&Attachment>,
) -> Result<Vec<u8>> {
    let limits = Limits::without_attachment_text();
    let reading = Reading {
        keep: number.checked_sub(1),
        ..Reading::default()
    };
    let email = match at.format {
        Format::Msg => crate::mailstore::msg::parse_reading(raw, &limits, reading).ok(),
        _ => Some(crate::message::parse_reading(raw, &limits, reading)),
    };
    let bytes = email.and_then(|e| e.kept).unwrap_or_default();
    let hash = data_encoding::HEXLOWER.encode(&Sha256::digest(&bytes));
    let recorded = entry.and_then(|e| e.sha256.as_ref());
    if recorded.is_some_and(|recorded| *recorded != hash) {
        return Err(Error::SourceChanged {
            path: at.path.clone().into(),
            offset: at.offset,
            reason: format!("attachment {number} no longer hashes to what was indexed"),
        });
    }
    Ok(bytes)
}

/// The stored bytes at the first location and the document they parse to, which must be `id`.
fn verified(id: &str, card: &Card, limits: &Limits) -> Result<(Vec<u8>, Document)> {
    let loc = first_location(id, card)?;
    let bytes = source::read_location(loc)?;
    let doc = source::parse_bytes(&bytes, loc.clone(), limits).map_err(|reason| {
        Error::SourceChanged {
            path: loc.path.clone().into(),
            offset: loc.offset,
            reason: reason.to_string(),
        }
    })?;
    if doc.id.to_string() != id {
        return Err(Error::SourceChanged {
            path: loc.path.clone().into(),
            offset: loc.offset,
            reason: "bytes differ from what was indexed".into(),
        });
    }
    Ok((bytes, doc))
}

fn first_location<'a>(id: &str, card: &'a Card) -> Result<&'a Location> {
    card.locations
        .first()
        .ok_or_else(|| Error::NotFound(format!("document {id} has no location")))
}
