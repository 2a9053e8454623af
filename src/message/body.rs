//! The MIME walk: which parts are text, which are attachments, and how to decode them.

use mailparse::body::Body;
use mailparse::{DispositionType, MailHeaderMap, ParsedMail};

use sha2::{Digest, Sha256};

use super::{Attachment, Email, Reading, encoded_words, flowed, headers};
use crate::limits::{self, Limits};
use crate::{charset, extract, html};

/// One MIME walk: the message being filled, and the limits the walk keeps to.
pub struct Walk<'a> {
    /// The message being filled.
    pub email: &'a mut Email,
    /// What one message may cost.
    pub limits: &'a Limits,
    /// Which attachment's bytes to keep, and the texts already extracted in this run.
    pub reading: Reading<'a>,
}

impl Walk<'_> {
    /// Adds the text and attachments of `part` (and everything under it, down to the depth
    /// limit) to the message.
    pub fn part(&mut self, part: &ParsedMail, depth: usize) {
        if depth > self.limits.mime_depth {
            return self.truncated("MIME parts nested deeper than the limit were not opened");
        }
        let mime = part.ctype.mimetype.to_ascii_lowercase();
        self.part_type(&mime);
        let name = attachment_name(part);
        if mime == "message/rfc822" || mime == "message/global" || is_eml(name.as_deref()) {
            self.attached_message(part, name, &mime, depth);
        } else if let Some(name) = name {
            self.attachment(part, Some(name), &mime);
        } else if mime.starts_with("multipart/") && !part.subparts.is_empty() {
            self.multipart(part, &mime, depth);
        } else if mime.starts_with("text/") || mime.starts_with("multipart/") || !mime.contains('/')
        {
            // A type with no subtype (`Content-Type: text`) is no valid type: RFC 2045 (5.2)
            // reads the part as plain text, as it reads a part with no type.
            let (text, cut) = part_text(part, &mime, self.limits.text_bytes);
            if cut {
                self.truncated("text past the limit per message not indexed");
            }
            self.body_text(&text);
        } else {
            self.attachment(part, None, &mime);
        }
    }

    /// Notes a part's MIME type (for `mimetype:`).
    fn part_type(&mut self, mime: &str) {
        if !mime.is_empty() && !self.email.part_types.iter().any(|t| t == mime) {
            self.email.part_types.push(mime.to_owned());
        }
    }

    /// multipart/alternative shows one alternative (plain text first); others show every part.
    fn multipart(&mut self, part: &ParsedMail, mime: &str, depth: usize) {
        if mime == "multipart/alternative" {
            let plain = part
                .subparts
                .iter()
                .find(|p| p.ctype.mimetype.eq_ignore_ascii_case("text/plain"));
            for other in &part.subparts {
                self.part_type(&other.ctype.mimetype.to_ascii_lowercase());
            }
            if let Some(chosen) = plain.or(part.subparts.last()) {
                self.part(chosen, depth + 1);
            }
            return;
        }
        for sub in &part.subparts {
            self.part(sub, depth + 1);
        }
    }

    /// A message inside this one: forwarded inline, or attached (a named `message/rfc822`
    /// part, an `.eml` file), when it is also an attachment whose own text is the inner
    /// message's headers and text.
    fn attached_message(
        &mut self,
        part: &ParsedMail,
        name: Option<String>,
        mime: &str,
        depth: usize,
    ) {
        let Some(name) = name else {
            return self.forwarded(part, depth);
        };
        let number = self.email.attachments.len();
        self.attachment(part, Some(name), mime);
        let start = self.email.body.len();
        self.forwarded(part, depth);
        let inner = self.email.body.get(start..).unwrap_or_default().trim();
        if let Some(text) = self.email.attachment_texts.get_mut(number) {
            *text = inner.to_owned();
        }
    }

    /// A forwarded message: its headers and text become part of the outer message's body.
    fn forwarded(&mut self, part: &ParsedMail, depth: usize) {
        let raw = decoded_bytes(part);
        let inner = match mailparse::parse_mail(&raw) {
            Ok(inner) => inner,
            Err(_) => return self.body_text(&charset::lf_line_ends(charset::guess(&raw))),
        };
        let mut block = String::new();
        for key in ["From", "To", "Cc", "Date", "Subject"] {
            if let Some(h) = inner.headers.get_first_header(key) {
                block.push_str(&format!("{key}: {}\n", headers::decoded_value(h)));
            }
        }
        if let Some(id) = inner
            .headers
            .get_first_value("Message-ID")
            .and_then(|v| headers::message_id(&v))
        {
            block.push_str(&format!("Message-ID: {id}\n"));
        }
        self.body_text(&block);
        self.part(&inner, depth + 1);
    }

    /// Records an attachment (name, type, size, SHA-256 of its bytes); one whose kind holds
    /// text (PDF, office documents, RTF, HTML, text: see [`extract`]) also has its text
    /// indexed.
    fn attachment(&mut self, part: &ParsedMail, name: Option<String>, mime: &str) {
        let name = name.filter(|n| !n.is_empty());
        let bytes = decoded_bytes(part);
        let sha256: [u8; 32] = Sha256::digest(&bytes).into();
        let file = (&bytes[..], &sha256);
        let text = self.attachment_text(file, name.as_deref(), mime, &part.ctype.charset);
        if self.reading.keep == Some(self.email.attachments.len()) {
            self.email.kept = Some(bytes.clone());
        }
        self.email.attachments.push(Attachment {
            name,
            mime: mime.to_owned(),
            size: bytes.len() as u64,
            sha256: Some(data_encoding::HEXLOWER.encode(&sha256)),
        });
        self.email.attachment_texts.push(text);
    }

    /// The text of an attachment whose kind holds text (unless attachment text is off), also
    /// added to the message's attachment text; what could not be read is noted.
    fn attachment_text(
        &mut self,
        (bytes, sha256): (&[u8], &[u8; 32]),
        name: Option<&str>,
        mime: &str,
        charset: &str,
    ) -> String {
        let max = self.limits.attachment_text_bytes;
        let head = &bytes[..bytes.len().min(16)];
        let wanted = self
            .reading
            .text_of
            .is_none_or(|n| n == self.email.attachments.len());
        let Some(kind) = extract::kind(mime, name, head).filter(|_| max > 0 && wanted) else {
            return String::new();
        };
        let read = || extract::text(kind, bytes, charset, max, self.limits.extract_time);
        let extracted = match self.reading.cache {
            Some(cache) => cache.text((sha256, kind, charset), read),
            None => read(),
        };
        if let Some(note) = extracted.note {
            self.note(format!("attachment {}: {note}", name.unwrap_or(mime)));
        }
        let text = charset::lf_line_ends(extracted.text);
        if !push_text(
            &mut self.email.attachment_text,
            &text,
            self.limits.text_bytes,
        ) {
            self.truncated("attachment text past the limit per message not indexed");
        }
        text
    }

    fn body_text(&mut self, text: &str) {
        if !push_text(&mut self.email.body, text, self.limits.text_bytes) {
            self.truncated("text past the limit per message not indexed");
        }
    }

    fn truncated(&mut self, what: &'static str) {
        self.note(what.to_owned());
    }

    /// Records what could not be read in full, once.
    fn note(&mut self, what: String) {
        if !self.email.truncated.contains(&what) {
            self.email.truncated.push(what);
        }
    }
}

/// The file name of a part that is an attachment, if it is one: a `Content-Disposition:
/// attachment`, or any part that carries a file name and is not inline text.
pub(super) fn attachment_name(part: &ParsedMail) -> Option<String> {
    let disposition = part.get_content_disposition();
    let name = disposition
        .params
        .get("filename")
        .or_else(|| part.ctype.params.get("name"))
        .map(|n| encoded_words::decode(n));
    let is_attachment = disposition.disposition == DispositionType::Attachment;
    let inline_text = part.ctype.mimetype.starts_with("text/") && !is_attachment;
    match name {
        Some(n) if !inline_text => Some(n),
        None if is_attachment => Some(String::new()),
        _ => None,
    }
}

/// Whether an attachment's file name says it is a message (`.eml`), whatever its type says.
fn is_eml(name: Option<&str>) -> bool {
    name.and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("eml"))
}

/// The text of a text part, charset-decoded, with LF line ends, HTML converted, flowed text
/// unwrapped, from at most `max` decoded bytes; true when the part had more.
fn part_text(part: &ParsedMail, mime: &str, max: usize) -> (String, bool) {
    let mut bytes = decoded_bytes(part);
    let cut = bytes.len() > max;
    bytes.truncate(max);
    let text = charset::lf_line_ends(charset::decode(&bytes, &part.ctype.charset));
    let param = |name: &str| part.ctype.params.get(name).map(|v| v.trim());
    let text = if mime == "text/html" {
        html::to_text(&text)
    } else if mime == "text/plain"
        && param("format").is_some_and(|f| f.eq_ignore_ascii_case("flowed"))
    {
        let delsp = param("delsp").is_some_and(|d| d.eq_ignore_ascii_case("yes"));
        flowed::unflow(&text, delsp)
    } else {
        text
    };
    (text, cut)
}

/// The part's bytes with the transfer encoding undone; damaged base64 is decoded as far as it
/// goes rather than dropped.
pub(super) fn decoded_bytes(part: &ParsedMail) -> Vec<u8> {
    match part.get_body_encoded() {
        Body::Base64(b) => b
            .get_decoded()
            .unwrap_or_else(|_| lenient_base64(b.get_raw())),
        Body::QuotedPrintable(b) => b.get_decoded().unwrap_or_else(|_| b.get_raw().to_vec()),
        Body::SevenBit(b) | Body::EightBit(b) => b.get_raw().to_vec(),
        Body::Binary(b) => b.get_raw().to_vec(),
    }
}

fn is_base64_symbol(c: u8) -> bool {
    (c.wrapping_sub(b'A') < 26)
        | (c.wrapping_sub(b'a') < 26)
        | (c.wrapping_sub(b'0') < 10)
        | (c == b'+')
        | (c == b'/')
}

/// Decodes whatever valid base64 symbols there are, ignoring junk and a truncated tail.
fn lenient_base64(raw: &[u8]) -> Vec<u8> {
    let mut symbols: Vec<u8> = raw
        .iter()
        .copied()
        .take_while(|&c| c != b'=')
        .filter(|&c| is_base64_symbol(c))
        .collect();
    if symbols.len() % 4 == 1 {
        symbols.pop();
    }
    data_encoding::BASE64_NOPAD
        .decode(&symbols)
        .unwrap_or_default()
}

/// Appends a block of text (its blank lines around left out, its lines as they are),
/// separated from what came before by a blank line, keeping `out` within `max` bytes; false
/// when some was left out.
fn push_text(out: &mut String, text: &str, max: usize) -> bool {
    let text = without_blank_lines_around(text);
    if text.is_empty() {
        return true;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    let room = max.saturating_sub(out.len());
    let kept = limits::prefix(text, room);
    out.push_str(kept);
    kept.len() == text.len()
}

/// `text` from its first line holding more than blanks (indentation and all) to the end of
/// its last (trailing blanks and all).
fn without_blank_lines_around(text: &str) -> &str {
    let Some(last_char) = text.rfind(|c: char| !c.is_whitespace()) else {
        return "";
    };
    let line_end = text[last_char..]
        .find('\n')
        .map_or(text.len(), |n| last_char + n);
    let text = &text[..line_end];
    let first_line = text
        .char_indices()
        .take_while(|(_, c)| c.is_whitespace())
        .filter(|&(_, c)| c == '\n')
        .last()
        .map_or(0, |(at, _)| at + 1);
    &text[first_line..]
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn alternative_prefers_plain() {
        let raw = b"Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nplainword\n--b\nContent-Type: text/html\n\n<p>htmlword</p>\n--b--\n";
        let e = parse(raw);
        assert!(e.body.contains("plainword") && !e.body.contains("htmlword"));
    }

    #[test]
    fn html_only_converted() {
        let raw = b"Content-Type: text/html; charset=utf-8\n\n<p>d&eacute;l&eacute;gu&eacute;s</p><script>hidden</script>";
        let e = parse(raw);
        assert_eq!(e.body, "délégués");
    }

    #[test]
    fn forwarded_message_is_searchable() {
        let raw = b"Subject: Fwd\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee below\n--b\nContent-Type: message/rfc822\n\nFrom: inner@x.example\nSubject: inner subject\n\ninnerword here\n--b--\n";
        let e = parse(raw);
        assert!(
            e.body.contains("innerword") && e.body.contains("inner subject"),
            "{}",
            e.body
        );
    }

    #[test]
    fn message_forwarded_as_attachment_is_searchable_and_listed() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"fwd.eml\"\n\nFrom: inner@x.example\nSubject: s\n\nattachedword\n--b--\n";
        let e = parse(raw);
        assert!(e.body.contains("attachedword"), "{}", e.body);
        assert_eq!(e.attachments[0].name.as_deref(), Some("fwd.eml"));
    }

    #[test]
    fn rfc2231_name_base64_size_and_text_attachment() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename*=UTF-8''budget_pr%C3%A9vu.pdf\n\nAAECAwQF\nBgc=\n--b\nContent-Type: text/csv; name=\"dons.csv\"\nContent-Disposition: attachment\n\nnom;montant\ncsvword;10\n--b--\n";
        let e = parse(raw);
        assert_eq!(e.attachments[0].name.as_deref(), Some("budget_prévu.pdf"));
        assert_eq!(e.attachments[0].size, 8);
        assert_eq!(e.attachments[0].mime, "application/pdf");
        assert_eq!(e.attachments[1].name.as_deref(), Some("dons.csv"));
        assert!(e.attachment_text.contains("csvword"));
        assert!(!e.body.contains("csvword"));
    }

    #[test]
    fn each_attachment_has_its_text_and_one_can_be_read_alone() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/csv; name=a.csv\nContent-Disposition: attachment\n\nfirstword\n--b\nContent-Type: text/plain; name=b.txt\nContent-Disposition: attachment\n\nsecondword\n--b--\n";
        let all = parse(raw);
        assert_eq!(all.attachment_texts, ["firstword", "secondword"]);
        let reading = Reading {
            text_of: Some(1),
            ..Reading::default()
        };
        let one = super::super::parse_reading(raw, &Limits::default(), reading);
        assert_eq!(one.attachment_texts, ["", "secondword"]);
        assert_eq!(
            one.attachments, all.attachments,
            "both still listed and hashed"
        );
    }

    #[test]
    fn an_attached_message_is_an_attachment_whose_text_is_its_own() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nouter\n--b\nContent-Type: application/octet-stream; name=old.eml\n\nFrom: x@y.example\nSubject: inner\n\ninnerword\n--b--\n";
        let e = parse(raw);
        assert_eq!(e.attachments[0].name.as_deref(), Some("old.eml"));
        assert!(e.attachment_texts[0].contains("innerword"), "{e:?}");
        assert!(e.attachment_texts[0].contains("Subject: inner"));
        assert!(e.body.contains("innerword"), "part of the outer text too");
    }

    #[test]
    fn rfc2047_attachment_name() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=\"=?UTF-8?B?w6l0w6kuYmlu?=\"\n\nxx\n--b--\n";
        assert_eq!(parse(raw).attachments[0].name.as_deref(), Some("été.bin"));
    }

    #[test]
    fn damaged_base64_decodes_what_it_can() {
        assert_eq!(lenient_base64(b"aGVsbG8g!!d29y\nbGQ"), b"hello world");
        let raw =
            b"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\naGVsbG8g*d29ybGQ=x\n";
        assert!(parse(raw).body.contains("hello world"));
    }

    #[test]
    fn the_text_keeps_its_lines_whole_and_loses_the_blank_lines_around() {
        assert_eq!(
            without_blank_lines_around(" \n\n  indented \n last  \n\n \n"),
            "  indented \n last  "
        );
        assert_eq!(without_blank_lines_around("x"), "x");
        assert_eq!(without_blank_lines_around(" \n\t\n"), "");
    }

    #[test]
    fn a_type_without_subtype_is_plain_text() {
        let e = parse(b"Subject: s\nContent-Type: text\n\nBonjour,\ntexte\n");
        assert_eq!(e.body, "Bonjour,\ntexte");
        assert!(e.attachments.is_empty());
    }

    #[test]
    fn latin1_quoted_printable() {
        let raw = b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n=E9lection pr=E9sidentielle\n";
        assert_eq!(parse(raw).body, "élection présidentielle");
    }
}
