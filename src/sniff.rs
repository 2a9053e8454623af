//! Decides from a file's first bytes what it holds: an archive (by its magic bytes), an mbox,
//! one message, an Apple Mail `.emlx` message, an OLE compound file (which may be an Outlook
//! `.msg`), an Outlook PST/OST store, an article, or nothing indexable. Content decides, never the extension alone: a
//! `.txt` can be an email and a file without extension too.

use crate::mbox;

/// How many leading bytes [`sniff`] needs to decide.
pub const SNIFF_LEN: usize = 64 * 1024;

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// Messages separated by `From ` lines.
    Mbox,
    /// One RFC 5322 message (an .eml, a maildir file, a .txt that is an email).
    Message,
    /// An Apple Mail `.emlx`: a line holding only the message's byte count, then the message.
    Emlx,
    /// An OLE compound file (`D0 CF 11 E0 A1 B1 1A E1`): an Outlook `.msg` when it holds MAPI
    /// properties ([`crate::mailstore::msg::holds_message`]), else a Word or Excel file.
    Compound,
    /// An Outlook PST or OST store (`!BDN`): folders of messages, read by
    /// [`crate::mailstore::pst`].
    Pst,
    /// Text or HTML that is not mail: a news article.
    Article {
        /// The text is HTML and must be converted.
        html: bool,
    },
    /// An archive or compressed file whose members are read (see [`crate::container`]).
    Container(ContainerKind),
    /// Nothing to index; the reason is reported.
    Skip(&'static str),
}

/// The signature of an OLE compound file (CFB), which every Outlook `.msg` is.
pub const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The signature of an Outlook PST or OST store.
const PST_MAGIC: &[u8] = b"!BDN";

/// The archive formats trawl reads inside, told apart by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// `PK\3\4` (or the end record of an empty zip).
    Zip,
    /// POSIX or GNU tar: `ustar` at byte 257.
    Tar,
    /// gzip (`1f 8b`): one compressed file, or a compressed tar.
    Gzip,
    /// 7-Zip (`7z BC AF 27 1C`).
    SevenZ,
}

impl ContainerKind {
    /// The format's usual name, for reports.
    pub fn name(self) -> &'static str {
        match self {
            ContainerKind::Zip => "zip",
            ContainerKind::Tar => "tar",
            ContainerKind::Gzip => "gzip",
            ContainerKind::SevenZ => "7z",
        }
    }
}

/// Bytes a head needs for [`container_kind`] to see every magic (tar's is at 257..262).
pub const MAGIC_LEN: usize = 262;

/// The archive format `head` starts with, if any.
pub fn container_kind(head: &[u8]) -> Option<ContainerKind> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(ContainerKind::Zip)
    } else if head.starts_with(b"\x1f\x8b") {
        Some(ContainerKind::Gzip)
    } else if head.starts_with(b"7z\xBC\xAF\x27\x1C") {
        Some(ContainerKind::SevenZ)
    } else if head.get(257..262) == Some(b"ustar") {
        Some(ContainerKind::Tar)
    } else {
        None
    }
}

/// Header names that only mail (or a MIME entity) starts with.
const MAIL_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "received",
    "return-path",
    "mime-version",
    "delivered-to",
    "x-mailer",
    "sender",
    "reply-to",
    "in-reply-to",
    "references",
    "content-type",
    "content-transfer-encoding",
    "x-original-to",
    "envelope-to",
    "dkim-signature",
    "authentication-results",
    "thread-topic",
    "user-agent",
    "x-mozilla-status",
    "status",
    "x-gm-thrid",
    "x-received",
    "bcc",
    "organization",
];

/// Classifies a file from its first bytes (`head`, at most [`SNIFF_LEN`]).
pub fn sniff(head: &[u8]) -> Sniffed {
    if let Some(kind) = container_kind(head) {
        return Sniffed::Container(kind);
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Sniffed::Skip("empty file");
    }
    if let Some(store) = store_kind(head) {
        return store;
    }
    if looks_like_mbox(body) {
        return Sniffed::Mbox;
    }
    if looks_like_emlx(body) {
        return Sniffed::Emlx;
    }
    if looks_like_message(body) {
        return Sniffed::Message;
    }
    if is_binary(body) {
        return Sniffed::Skip("binary content, not mail or text");
    }
    Sniffed::Article {
        html: looks_like_html(body),
    }
}

/// A binary mail store, told by its signature.
fn store_kind(head: &[u8]) -> Option<Sniffed> {
    if head.starts_with(CFB_MAGIC) {
        Some(Sniffed::Compound)
    } else if head.starts_with(PST_MAGIC) {
        Some(Sniffed::Pst)
    } else {
        None
    }
}

/// A first line of digits alone (Apple Mail pads it with blanks), then a message.
fn looks_like_emlx(data: &[u8]) -> bool {
    let Some(nl) = memchr::memchr(b'\n', data) else {
        return false;
    };
    let count = data[..nl].trim_ascii();
    !count.is_empty() && count.iter().all(u8::is_ascii_digit) && looks_like_message(&data[nl + 1..])
}

/// A `From ` first line followed by a header line.
fn looks_like_mbox(data: &[u8]) -> bool {
    mbox::looks_like_mbox(data)
        && memchr::memchr(b'\n', data).is_some_and(|nl| mbox::starts_with_header(&data[nl + 1..]))
}

/// Starts (after blank lines) with a header block that either holds two well-known mail header
/// names, or opens with one and ends cleanly with a blank line (a bare MIME entity such as
/// `Content-Type: multipart/mixed; ...` then the parts).
pub fn looks_like_message(data: &[u8]) -> bool {
    let block = header_block(leading_blank_lines_skipped(data));
    let known = block
        .names
        .iter()
        .filter(|n| is_mail_header(n))
        .take(2)
        .count();
    let first_known = block.names.first().is_some_and(|n| is_mail_header(n));
    known == 2 || (first_known && block.clean)
}

fn is_mail_header(name: &[u8]) -> bool {
    MAIL_HEADERS
        .iter()
        .any(|m| name.eq_ignore_ascii_case(m.as_bytes()))
}

/// Data from the first line that holds something other than blanks.
fn leading_blank_lines_skipped(data: &[u8]) -> &[u8] {
    let first = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    let line_start = data[..first]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |nl| nl + 1);
    &data[line_start..]
}

/// The leading header block of a file, as far as it can be read.
struct HeaderBlock<'a> {
    /// Field names in order (blanks before the colon excluded).
    names: Vec<&'a [u8]>,
    /// Every line up to a blank line (or the end) was a header, a continuation or one stray
    /// line between two headers.
    clean: bool,
}

/// Reads the header lines at the top of `data`, up to the first blank line or the first line
/// that is not a header (a stray line followed by a header is passed over, as mail readers do).
fn header_block(data: &[u8]) -> HeaderBlock<'_> {
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').take(200).collect();
    let mut block = HeaderBlock {
        names: Vec::new(),
        clean: lines.len() < 200,
    };
    for (i, line) in lines.iter().enumerate() {
        if line.trim_ascii().is_empty() {
            return block;
        }
        match (line.first(), field_name(line)) {
            (Some(b' ' | b'\t'), _) => {}
            (_, Some(name)) => block.names.push(name),
            _ if i > 0 && lines.get(i + 1).is_some_and(|l| field_name(l).is_some()) => {}
            _ => {
                block.clean = false;
                return block;
            }
        }
    }
    block
}

/// `Name` of a `Name: value` or obsolete `Name  : value` line.
fn field_name(line: &[u8]) -> Option<&[u8]> {
    let colon = memchr::memchr(b':', line)?;
    let name = line[..colon].trim_ascii_end();
    (!name.is_empty() && name.iter().all(|b| b.is_ascii_graphic())).then_some(name)
}

/// NUL bytes, or more than 1 % control bytes other than whitespace.
fn is_binary(data: &[u8]) -> bool {
    let controls = data
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    memchr::memchr(0, data).is_some() || controls * 100 > data.len()
}

fn looks_like_html(data: &[u8]) -> bool {
    let start = &data[..data.len().min(2048)];
    let lower = String::from_utf8_lossy(start).to_ascii_lowercase();
    let t = lower.trim_start();
    t.starts_with("<!doctype html") || t.starts_with("<html") || lower.contains("<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mbox_message_article_and_skips() {
        assert_eq!(
            sniff(b"From a@b Tue May  2 09:14:03 2017\nSubject: x\n\nb"),
            Sniffed::Mbox
        );
        assert_eq!(
            sniff(b"Return-Path: <a@b>\nFrom: a@b\n\nhi"),
            Sniffed::Message
        );
        assert_eq!(
            sniff(b"From Paris, our correspondent writes.\n"),
            Sniffed::Article { html: false }
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><p>x</p>"),
            Sniffed::Article { html: true }
        );
        assert_eq!(sniff(b""), Sniffed::Skip("empty file"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), sniff(b"\0"));
    }

    #[test]
    fn one_known_header_is_not_enough() {
        assert_eq!(
            sniff(b"Note: remember\nthe milk\n"),
            Sniffed::Article { html: false }
        );
        assert_eq!(sniff(b"Date: 2017\nSubject: x\n\nbody"), Sniffed::Message);
    }

    #[test]
    fn bare_mime_entities_and_leading_blank_lines() {
        let entity = b"Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n";
        assert_eq!(sniff(entity), Sniffed::Message);
        assert_eq!(sniff(b"Subject:"), Sniffed::Message);
        assert_eq!(
            sniff(b"X-Spam: 1\nFrom: a@b\nTo: c@d\n\nb"),
            Sniffed::Message
        );
        assert_eq!(
            sniff(b"Received: a\nquite X: y\nDate: d\n\nb"),
            Sniffed::Message,
            "a stray line between headers"
        );
        assert_eq!(
            sniff(b"   \r\nDelivered-To: a@b.example\r\nReceived: x\r\n\r\nhi"),
            Sniffed::Message
        );
        assert_eq!(
            sniff(b"Subject :obsolete\r\nDate    :  x\r\n\r\nb"),
            Sniffed::Message
        );
        assert_eq!(
            sniff(b"Date: 14 mai 2017\nLe texte commence ici.\n"),
            Sniffed::Article { html: false }
        );
    }

    #[test]
    fn stores_by_their_signatures() {
        assert_eq!(sniff(b"1234      \nFrom: a@b\nTo: c@d\n\nb"), Sniffed::Emlx);
        assert_eq!(sniff(b"42\r\nSubject: x\r\n\r\nb"), Sniffed::Emlx);
        assert_eq!(
            sniff(b"2017\nLe budget de la campagne.\n"),
            Sniffed::Article { html: false },
            "a year alone then text is not an emlx"
        );
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend_from_slice(&[0; 504]);
        assert_eq!(sniff(&cfb), Sniffed::Compound);
        assert_eq!(sniff(b"!BDN\x00\x01\x02"), Sniffed::Pst);
    }

    #[test]
    fn archives_by_magic_bytes_not_by_name() {
        assert_eq!(
            sniff(b"PK\x03\x04\x14\0"),
            Sniffed::Container(ContainerKind::Zip)
        );
        assert_eq!(
            sniff(b"\x1f\x8b\x08\0"),
            Sniffed::Container(ContainerKind::Gzip)
        );
        assert_eq!(
            sniff(b"7z\xBC\xAF\x27\x1C\0\x04"),
            Sniffed::Container(ContainerKind::SevenZ)
        );
        let mut tar = vec![b'x'; 512];
        tar[257..263].copy_from_slice(b"ustar\0");
        assert_eq!(sniff(&tar), Sniffed::Container(ContainerKind::Tar));
        assert_eq!(container_kind(b"PK but not a zip"), None);
        assert_eq!(container_kind(&tar[..200]), None);
    }

    #[test]
    fn folded_headers_and_bom() {
        let m = b"\xEF\xBB\xBFSubject: a\n  continued\nFrom: x@y\n\nbody";
        assert_eq!(sniff(m), Sniffed::Message);
    }
}
