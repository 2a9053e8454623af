//! The HTML an email shows its reader: its first `text/html` part that is not an attachment,
//! decoded to text. Indexing reads HTML as text ([`crate::html::to_text`]); a renderer that
//! shows the message as its sender laid it out (`trawl serve`) needs the markup itself.

use mailparse::ParsedMail;

use super::body::{attachment_name, decoded_bytes};
use crate::charset;
use crate::limits::Limits;

/// The decoded markup of the first inline `text/html` part of `raw`, cut to the text limit of
/// `limits`; `None` when the message has none or cannot be parsed as MIME. Parts nested
/// deeper than the MIME depth limit, attachments and attached messages are not looked in.
pub fn html_body(raw: &[u8], limits: &Limits) -> Option<String> {
    let mail = mailparse::parse_mail(raw).ok()?;
    let part = first_html(&mail, 0, limits.mime_depth)?;
    let mut bytes = decoded_bytes(part);
    bytes.truncate(limits.text_bytes);
    Some(charset::lf_line_ends(charset::decode(
        &bytes,
        &part.ctype.charset,
    )))
}

/// Depth first, the first `text/html` part shown inline.
fn first_html<'a>(
    part: &'a ParsedMail<'a>,
    depth: usize,
    max: usize,
) -> Option<&'a ParsedMail<'a>> {
    if depth > max || attachment_name(part).is_some() {
        return None;
    }
    let mime = part.ctype.mimetype.to_ascii_lowercase();
    if mime == "text/html" {
        return Some(part);
    }
    if !mime.starts_with("multipart/") {
        return None;
    }
    part.subparts
        .iter()
        .find_map(|sub| first_html(sub, depth + 1, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALTERNATIVE: &[u8] = b"From: a@example.org\r\n\
Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
--m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n\
--a\r\nContent-Type: text/plain\r\n\r\nplain words\r\n\
--a\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
<p>Caf=E9 <b>noir</b></p>\r\n\
--a--\r\n\
--m\r\nContent-Type: text/html; name=\"page.html\"\r\nContent-Disposition: attachment; filename=\"page.html\"\r\n\r\n\
<p>attached page</p>\r\n\
--m--\r\n";

    #[test]
    fn the_inline_html_alternative_is_decoded_and_attachments_are_not_taken() {
        let html = html_body(ALTERNATIVE, &Limits::default()).expect("an HTML part");
        assert_eq!(html.trim(), "<p>Café <b>noir</b></p>");
    }

    #[test]
    fn a_plain_message_has_no_html_and_an_attached_page_is_not_its_html() {
        let plain = b"From: a@example.org\r\nSubject: x\r\n\r\nonly text\r\n";
        assert_eq!(html_body(plain, &Limits::default()), None);
        let only_attached = b"From: a@example.org\r\nContent-Type: text/html\r\n\
Content-Disposition: attachment; filename=\"x.html\"\r\n\r\n<p>x</p>\r\n";
        assert_eq!(html_body(only_attached, &Limits::default()), None);
    }
}
