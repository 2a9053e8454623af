//! Parse and extract: raw message bytes in, searchable fields out.
//!
//! [`parse`] never fails and never panics on data: when mailparse misreads a header block, the
//! block is salvaged line by line (see `salvage`) and parsed again; when no header line can be
//! kept, the message is kept as raw text. Either way the reason is recorded in [`Email::damage`].

mod addresses;
mod body;
mod encoded_words;
mod flowed;
mod headers;
mod html_part;
mod salvage;

use std::borrow::Cow;

use mailparse::{MailHeaderMap, ParsedMail};
use serde::{Deserialize, Serialize};

pub use addresses::Mailbox;
pub use headers::{message_id, message_ids};
pub use html_part::html_body;

use crate::extract;
use crate::limits::Limits;

/// An attachment as recorded in the index: name, type and size, never its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// File name, RFC 2231 and RFC 2047 decoded; `None` for unnamed inline parts.
    pub name: Option<String>,
    /// MIME type, lower-cased (`application/pdf`).
    pub mime: String,
    /// Size in bytes once the transfer encoding is undone.
    pub size: u64,
    /// SHA-256 of those bytes, hex: the same file attached to several emails has one hash
    /// (`attachment-hash:`). Absent in indexes made before trawl computed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// Everything trawl extracts from one email.
#[derive(Debug, Default, Clone)]
pub struct Email {
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// The Message-ID this one answers (first id of In-Reply-To), without angle brackets.
    pub in_reply_to: Option<String>,
    /// The thread's ancestors named by References, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// Senders (usually one).
    pub from: Vec<Mailbox>,
    /// To recipients.
    pub to: Vec<Mailbox>,
    /// Cc recipients.
    pub cc: Vec<Mailbox>,
    /// Bcc recipients, when the dump kept them.
    pub bcc: Vec<Mailbox>,
    /// Decoded subject (raw text where an encoded word is broken).
    pub subject: Option<String>,
    /// Date in seconds since the epoch, UTC; `None` when missing or unreadable.
    pub date: Option<i64>,
    /// The sender's UTC offset in minutes east, as their `Date:` header states it (see
    /// [`crate::date::mail_offset`]): what shows the time as they wrote it.
    pub date_offset: Option<i32>,
    /// Text of the message, forwarded messages included.
    pub body: String,
    /// Text of the attachments, one after the other, within the text limit per message.
    pub attachment_text: String,
    /// Attachments (name, type, size).
    pub attachments: Vec<Attachment>,
    /// The text of each attachment on its own, in the order of [`Email::attachments`] (empty
    /// for one with no text): what the attachment's own document is searched by.
    pub attachment_texts: Vec<String>,
    /// MIME types of every part, lower-cased, each once, in order of appearance.
    pub part_types: Vec<String>,
    /// The other headers of the message, (lower-case name, decoded value), in order.
    pub headers: Vec<(String, String)>,
    /// Why the message could only be read in a degraded way, if it could.
    pub damage: Option<String>,
    /// What was left unread because the message went past a limit (see [`Limits`]).
    pub truncated: Vec<String>,
    /// The decoded bytes of the attachment [`Reading::keep`] asks for, if there is one: how
    /// `trawl attachment` writes one out exactly as the walk that indexed it saw it.
    pub kept: Option<Vec<u8>>,
}

/// Parses one message within the default limits. Always returns something searchable.
pub fn parse(raw: &[u8]) -> Email {
    parse_with(raw, &Limits::default())
}

/// Parses one message within `limits`: what lies past a limit is left unread and recorded in
/// [`Email::truncated`]. Always returns something searchable.
pub fn parse_with(raw: &[u8], limits: &Limits) -> Email {
    parse_reading(raw, limits, Reading::default())
}

/// How one parse treats attachments beyond indexing them.
#[derive(Clone, Copy, Default)]
pub struct Reading<'a> {
    /// The attachment whose decoded bytes go to [`Email::kept`], by number from 0 in the
    /// order of [`Email::attachments`].
    pub keep: Option<usize>,
    /// The texts already extracted in this run, so that a file is read once per run.
    pub cache: Option<&'a extract::Cache>,
    /// Read only this attachment (by number from 0) for text, when only its text is wanted
    /// (the snippet of an attachment's hit); `None` reads them all.
    pub text_of: Option<usize>,
}

/// Parses like [`parse_with`], reading attachments as `reading` says.
pub fn parse_reading(raw: &[u8], limits: &Limits, reading: Reading) -> Email {
    let (bounded, mut truncated) = within_limits(raw, limits);
    let mut email = parse_bounded(&bounded, limits, reading);
    truncated.append(&mut email.truncated);
    email.truncated = truncated;
    email
}

/// The message cut to the size limit, its header block cut to the header limits.
fn within_limits<'a>(raw: &'a [u8], limits: &Limits) -> (Cow<'a, [u8]>, Vec<String>) {
    let mut notes = Vec::new();
    let raw = if raw.len() > limits.message_bytes {
        notes.push(format!(
            "message of {} bytes: only its first {} bytes read",
            raw.len(),
            limits.message_bytes
        ));
        &raw[..limits.message_bytes]
    } else {
        raw
    };
    match header_cut(raw, limits) {
        None => (Cow::Borrowed(raw), notes),
        Some((cut, body)) => {
            notes.push("header block past the limits: only its first fields read".into());
            let mut bounded = raw[..cut].to_vec();
            bounded.push(b'\n');
            bounded.extend_from_slice(&raw[body..]);
            (Cow::Owned(bounded), notes)
        }
    }
}

/// Where to cut a header block that has more fields or bytes than the limits allow: the end of
/// the last field kept, and where the body starts. `None` when it is within the limits.
fn header_cut(raw: &[u8], limits: &Limits) -> Option<(usize, usize)> {
    let body = blank_line(raw).map_or(raw.len(), |(start, _)| start);
    let (mut fields, mut pos) = (0, 0);
    while pos < body {
        let end = memchr::memchr(b'\n', &raw[pos..body]).map_or(body, |i| pos + i + 1);
        let starts_field = !matches!(raw[pos], b' ' | b'\t');
        fields += usize::from(starts_field);
        if (starts_field && fields > limits.header_count) || end > limits.header_bytes {
            return Some((pos, body));
        }
        pos = end;
    }
    None
}

/// The blank line that ends a header block (LF or CRLF): where it starts and where the body
/// after it starts; `None` when there is none.
pub fn blank_line(raw: &[u8]) -> Option<(usize, usize)> {
    let lf = memchr::memmem::find(raw, b"\n\n").map(|i| (i + 1, i + 2));
    let crlf = memchr::memmem::find(raw, b"\n\r\n").map(|i| (i + 1, i + 3));
    lf.into_iter().chain(crlf).min()
}

/// Parses a message already within the size limits.
fn parse_bounded(raw: &[u8], limits: &Limits, reading: Reading) -> Email {
    if let Some(mail) = mailparse::parse_mail(raw).ok().filter(plausible) {
        return extract(&mail, limits, reading);
    }
    let Some(salvaged) = salvage::salvage(raw) else {
        return raw_text(raw);
    };
    match mailparse::parse_mail(&salvaged.bytes)
        .ok()
        .filter(plausible)
    {
        Some(mail) => Email {
            damage: Some(format!(
                "header block repaired: {}",
                salvaged.notes.join(", ")
            )),
            ..extract(&mail, limits, reading)
        },
        None => raw_text(raw),
    }
}

/// The last resort: the whole message as text, so that it is still found.
fn raw_text(raw: &[u8]) -> Email {
    Email {
        body: crate::charset::lf_line_ends(crate::charset::guess(raw)),
        damage: Some("no readable header block, indexed as raw text".into()),
        ..Email::default()
    }
}

/// mailparse accepts almost anything as headers; a real header block has printable field
/// names and no bare CR inside values (a sign of old Mac line ends mistaken for one line).
fn plausible(mail: &ParsedMail) -> bool {
    mail.headers.iter().all(|h| {
        let key = h.get_key_raw();
        let value = h.get_value_raw();
        let bare_cr = value.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n')
            || value.last() == Some(&b'\r');
        !key.is_empty() && key.iter().all(|b| b.is_ascii_graphic()) && !bare_cr
    })
}

/// Fields of a parsed message (and the bytes of the attachment `reading` keeps).
fn extract(mail: &ParsedMail, limits: &Limits, reading: Reading) -> Email {
    let h = &mail.headers;
    let date_header = h.get_first_value("Date");
    let date = date_header
        .as_deref()
        .and_then(crate::date::parse_mail_date);
    let mut email = Email {
        message_id: h
            .get_first_value("Message-ID")
            .and_then(|v| headers::message_id(&v)),
        in_reply_to: h
            .get_first_value("In-Reply-To")
            .and_then(|v| headers::message_ids(&v).into_iter().next()),
        references: h
            .get_first_value("References")
            .map(|v| headers::message_ids(&v))
            .unwrap_or_default(),
        from: addresses::mailboxes(h, "From"),
        to: addresses::mailboxes(h, "To"),
        cc: addresses::mailboxes(h, "Cc"),
        bcc: addresses::mailboxes(h, "Bcc"),
        subject: headers::subject(h),
        date,
        date_offset: date
            .and(date_header.as_deref())
            .and_then(crate::date::mail_offset),
        headers: headers::others(h),
        ..Email::default()
    };
    body::Walk {
        email: &mut email,
        limits,
        reading,
    }
    .part(mail, 0);
    email
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_plain_body() {
        let raw = b"From: Camille Moreau <Camille.Moreau@Horizon.example>\r\n\
            To: a@x.example, \"Fabre, Julien\" <julien@x.example>\r\n\
            Subject: =?UTF-8?Q?R=C3=A9union?= du lundi\r\n\
            Date: Wed, 3 May 2017 23:30:00 -0400\r\n\
            Message-ID: <abc@horizon.example>\r\n\r\nBonjour \xc3\xa0 tous\r\n";
        let e = parse(raw);
        assert_eq!(e.message_id.as_deref(), Some("abc@horizon.example"));
        assert_eq!(
            e.from[0].address.as_deref(),
            Some("camille.moreau@horizon.example")
        );
        assert_eq!(e.from[0].name.as_deref(), Some("Camille Moreau"));
        assert_eq!(e.to.len(), 2);
        assert_eq!(e.to[1].name.as_deref(), Some("Fabre, Julien"));
        assert_eq!(e.subject.as_deref(), Some("Réunion du lundi"));
        assert_eq!(
            e.date.map(crate::date::rfc3339).as_deref(),
            Some("2017-05-04T03:30:00Z")
        );
        assert!(e.body.contains("Bonjour à tous"));
        assert!(e.damage.is_none());
    }

    #[test]
    fn lone_cr_is_repaired_not_lost() {
        let e = parse(b"Subject: x\rFrom: a@b.example\r\rbody words");
        assert!(e.body.contains("body words"), "{e:?}");
    }

    #[test]
    fn garbage_is_kept_as_text() {
        let e = parse(b"\x00\x01 not a mail at all: \xff");
        assert!(e.body.contains("not a mail"));
    }

    fn tight() -> Limits {
        Limits {
            message_bytes: 400,
            mime_depth: 3,
            header_count: 3,
            header_bytes: 200,
            text_bytes: 100,
            attachment_text_bytes: 20,
            ..Limits::default()
        }
    }

    #[test]
    fn a_message_past_the_size_limit_keeps_its_headers_and_says_so() {
        let raw = format!(
            "Subject: big\nFrom: a@b.example\n\nstart {}",
            "word ".repeat(200)
        );
        let e = parse_with(raw.as_bytes(), &tight());
        assert_eq!(e.subject.as_deref(), Some("big"));
        assert!(e.body.starts_with("start") && e.body.len() <= 100);
        assert_eq!(e.truncated.len(), 2, "{:?}", e.truncated);
        assert!(e.truncated[0].contains("only its first 400 bytes read"));
    }

    #[test]
    fn header_fields_past_the_limits_are_not_read() {
        let raw = b"From: a@b.example\nTo: c@d.example\nDate: Tue, 2 May 2017 09:14:03 +0200\n\
            Subject: fourth field\n\nbody words\n";
        let e = parse_with(raw, &tight());
        assert_eq!(e.subject, None, "the fourth field is past the limit");
        assert!(e.date.is_some() && e.body.contains("body words"));
        assert_eq!(
            e.truncated,
            ["header block past the limits: only its first fields read"]
        );
        let long = format!("X-Junk: {}\nSubject: s\n\nb\n", "j".repeat(300));
        let e = parse_with(long.as_bytes(), &tight());
        assert_eq!((e.subject, e.body.as_str()), (None, "b"));
    }

    #[test]
    fn deep_mime_and_long_attachments_stop_at_their_limits() {
        let mut raw = String::from("Subject: s\n");
        for level in 0..6 {
            raw.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=b{level}\n\n--b{level}\n"
            ));
        }
        raw.push_str("Content-Type: text/plain\n\ndeepword\n");
        let e = parse_with(raw.as_bytes(), &tight());
        assert!(!e.body.contains("deepword"));
        assert!(e.truncated.iter().any(|t| t.contains("nested deeper")));
        let attached = "Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\
            Content-Type: text/csv; name=a.csv\nContent-Disposition: attachment\n\n\
            first;row;of;the;file;then;much;more\n--b--\n";
        let e = parse_with(attached.as_bytes(), &tight());
        assert_eq!(e.attachment_text, "first;row;of;the;fil");
        assert!(
            e.truncated
                .iter()
                .any(|t| t == "attachment a.csv: text read up to the limit per attachment")
        );
    }

    #[test]
    fn missing_date_and_id_are_none() {
        let e = parse(b"Subject: x\nDate: le lendemain du d\xc3\xa9bat\n\nb");
        assert_eq!(e.date, None);
        assert_eq!(e.message_id, None);
    }
}
