//! `trawl show` of a document's text: on a terminal the quoted parts of an email dimmed, and
//! `show --json`, the document's fields with its text and the byte ranges of its own text.

use std::io::{self, Write};

use serde::Serialize;

use super::{DIM, LocationJson, Painter, displays, local_date, paths};
use crate::date;
use crate::document::{Card, DocKind, Document};
use crate::message::{Attachment, Mailbox};
use crate::sanitize::for_terminal;

/// The JSON shape of `show --json`: the contract scripts rely on (extend it, never break it).
#[derive(Serialize)]
struct ShowJson<'a> {
    /// Version of this shape: fields are only ever added.
    v: u32,
    id: &'a str,
    kind: &'static str,
    message_id: Option<&'a str>,
    in_reply_to: Option<&'a str>,
    references: &'a [String],
    from: Option<String>,
    from_address: Option<&'a str>,
    to: Vec<String>,
    cc: Vec<String>,
    bcc: Vec<String>,
    subject: Option<&'a str>,
    /// UTC, RFC 3339.
    date: Option<String>,
    /// The sender's own time with their offset.
    date_local: Option<String>,
    lang: Option<&'a str>,
    paths: Vec<&'a str>,
    locations: Vec<LocationJson<'a>>,
    attachments: &'a [Attachment],
    /// The text `show` prints: an email's or article's body as decoded for indexing (before
    /// terminal escapes are made safe), an attachment's extracted text.
    text: &'a str,
    /// For an email: the `[start, end)` byte ranges of `text` (UTF-8) that its sender wrote,
    /// in order; what lies between them is quoted. `null` for an article or an attachment.
    own: Option<Vec<[usize; 2]>>,
}

/// `trawl show --json`: one JSON object on one line.
pub fn write_document_json(
    w: &mut impl Write,
    id: &str,
    card: &Card,
    doc: &Document,
) -> io::Result<()> {
    let text = match card.kind {
        DocKind::Attachment => doc.attachment_text.as_str(),
        DocKind::Email | DocKind::Article => doc.body.as_str(),
    };
    let own = doc.quotes.as_ref().map(|parts| {
        let ranges = parts.own_ranges().iter();
        ranges.map(|r| [r.start, r.end]).collect()
    });
    let shape = ShowJson {
        v: 1,
        id,
        kind: card.kind.as_str(),
        message_id: card.message_id.as_deref(),
        in_reply_to: card.in_reply_to.as_deref(),
        references: &card.references,
        from: card.from.first().map(Mailbox::display),
        from_address: card.from.first().and_then(|m| m.address.as_deref()),
        to: displays(&card.to),
        cc: displays(&card.cc),
        bcc: displays(&card.bcc),
        subject: card.subject.as_deref(),
        date: card.date.map(date::rfc3339),
        date_local: local_date(card),
        lang: card.lang.as_deref(),
        paths: paths(&card.locations),
        locations: card.locations.iter().map(LocationJson::of).collect(),
        attachments: &card.attachments,
        text,
        own,
    };
    serde_json::to_writer(&mut *w, &shape)?;
    writeln!(w)
}

/// An email's body for people, its quoted parts dimmed on a terminal; any other text as it
/// is.
pub(super) fn write_body(w: &mut impl Write, doc: &Document, p: Painter) -> io::Result<()> {
    let text = &doc.body;
    let Some(parts) = doc.quotes.as_ref().filter(|_| p.color) else {
        return writeln!(w, "{}", for_terminal(text, true));
    };
    let mut at = 0;
    for r in parts.own_ranges() {
        write_quoted(w, text.get(at..r.start).unwrap_or_default(), p)?;
        write!(
            w,
            "{}",
            for_terminal(text.get(r.clone()).unwrap_or_default(), true)
        )?;
        at = r.end;
    }
    write_quoted(w, text.get(at..).unwrap_or_default(), p)?;
    writeln!(w)
}

/// A quoted piece, dimmed (nothing for an empty one).
fn write_quoted(w: &mut impl Write, piece: &str, p: Painter) -> io::Result<()> {
    if piece.is_empty() {
        return Ok(());
    }
    write!(w, "{}", p.paint(DIM, &for_terminal(piece, true)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::{Format, Location};

    fn email(raw: &[u8]) -> Document {
        let at = Location {
            path: "/d/a.eml".into(),
            offset: 0,
            length: raw.len() as u64,
            format: Format::Message,
            attachment: None,
        };
        Document::from_email(raw, crate::message::parse(raw), at)
    }

    fn body(doc: &Document, color: bool) -> String {
        let mut out = Vec::new();
        write_body(&mut out, doc, Painter { color }).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn quotes_are_dimmed_on_a_terminal_only() {
        let doc =
            email(b"Subject: s\n\nOui.\n\nLe 1 mars 2004, Jean a \xc3\xa9crit :\n> Vraiment ?\n");
        assert_eq!(body(&doc, false), format!("{}\n", doc.body));
        let painted = body(&doc, true);
        assert!(painted.starts_with("Oui."), "{painted:?}");
        let dimmed = format!("{DIM}\n\nLe 1 mars 2004, Jean a écrit :\n> Vraiment ?");
        assert!(painted.contains(&dimmed), "{painted:?}");
    }

    #[test]
    fn json_ranges_index_the_text() {
        let doc = email(b"Subject: s\n\n> Vraiment ?\n\nOui, \xc3\xa0 coup s\xc3\xbbr.\n");
        let mut out = Vec::new();
        write_document_json(&mut out, "id", &doc.card, &doc).expect("written");
        let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        let text = json["text"].as_str().expect("text");
        let [start, end] = [0, 1].map(|i| json["own"][0][i].as_u64().unwrap_or(0) as usize);
        assert_eq!(&text[start..end], "Oui, à coup sûr.");
        assert_eq!(json["own"].as_array().map(Vec::len), Some(1));
    }
}
