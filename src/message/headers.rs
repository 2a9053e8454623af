//! Header fields: subject, Message-ID, the other headers, and the text of any header's value.

use mailparse::{MailHeader, MailHeaderMap};

use super::encoded_words;
use crate::charset;

/// The text of a header's value: unfolded, encoded words decoded (see
/// [`encoded_words::decode`]). Bytes that are not ASCII are read as UTF-8, or as
/// windows-1252 when they are not UTF-8 (RFC 6532 headers, and older mailers' 8-bit ones).
pub fn decoded_value(header: &MailHeader) -> String {
    encoded_words::decode(&unfolded(header))
}

/// A header's value as text on one line: each line break and the blanks that start the next
/// line become one space.
pub(super) fn unfolded(header: &MailHeader) -> String {
    lines_joined(header, " ")
}

/// A header's value as text, its lines joined by `joint` once the blanks that start each
/// continuation line are dropped.
pub(super) fn lines_joined(header: &MailHeader, joint: &str) -> String {
    let raw = charset::guess(header.get_value_raw());
    let mut lines = raw.lines();
    let mut out = lines.next().unwrap_or_default().to_owned();
    for line in lines {
        out.push_str(joint);
        out.push_str(line.trim_start_matches([' ', '\t']));
    }
    out
}

/// Headers with a field of their own (`from:`, `subject:`...) or kept as threading ids (a
/// word per Message-ID part would add a unique word per message and reference, the costliest
/// kind to index), left out of [`others`].
const OWN_FIELDS: [&str; 9] = [
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "message-id",
    "date",
    "references",
    "in-reply-to",
];

/// Every other header as (lower-case name, decoded value), in order, for `header:Name:value`.
pub fn others(headers: &[MailHeader]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|h| (h.get_key().to_ascii_lowercase(), decoded_value(h)))
        .filter(|(name, _)| !name.is_empty() && !OWN_FIELDS.contains(&name.as_str()))
        .collect()
}

/// The decoded subject (the first Subject header); encoded words that do not decode stay as
/// written.
pub fn subject(headers: &[MailHeader]) -> Option<String> {
    let value = decoded_value(headers.get_first_header("Subject")?);
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A Message-ID without angle brackets or surrounding blanks; `None` when empty.
pub fn message_id(value: &str) -> Option<String> {
    let v = value.trim();
    let v = v.split_whitespace().next()?;
    let v = v.trim_start_matches('<').trim_end_matches('>');
    (!v.is_empty()).then(|| v.to_owned())
}

/// Every `<id>` in a header such as References or In-Reply-To, brackets removed; a value with
/// no brackets at all is read as blank-separated ids.
pub fn message_ids(value: &str) -> Vec<String> {
    let bracketed: Vec<String> = value
        .split('<')
        .skip(1)
        .filter_map(|piece| piece.split_once('>'))
        .map(|(id, _)| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .collect();
    if bracketed.is_empty() && !value.contains('<') {
        return value.split_whitespace().map(str::to_owned).collect();
    }
    bracketed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(raw: &[u8]) -> Vec<MailHeader<'_>> {
        mailparse::parse_headers(raw)
            .map(|(h, _)| h)
            .unwrap_or_default()
    }

    #[test]
    fn subjects_of_the_kernel_list_decode_whole() {
        let h = headers(
            b"Subject: =?utf-8?q?Re=3A?==?utf-8?q?_=5BPATCH=5D?==?utf-8?q?_usb=3A?=\r\n \
            =?utf-8?q?_core=3A?= fix =?utf-8?q?quirks=5Fparam=5Fset=28=29?= writing to\r\n\r\n",
        );
        assert_eq!(
            subject(&h).as_deref(),
            Some("Re: [PATCH] usb: core: fix quirks_param_set() writing to")
        );
    }

    #[test]
    fn raw_8bit_values_are_utf8_or_windows_1252() {
        let h = headers(b"Subject: caf\xc3\xa9 \x93ok\x94\nX-Note: l\xe9gal\n\n");
        assert_eq!(
            subject(&h).as_deref(),
            Some("cafÃ© “ok”"),
            "not UTF-8: all windows-1252"
        );
        let h = headers(b"Subject: caf\xc3\xa9\nX-Note: l\xe9gal =?utf-8?q?=C3=A9?=\n\n");
        assert_eq!(subject(&h).as_deref(), Some("café"));
        assert_eq!(others(&h), [("x-note".to_owned(), "légal é".to_owned())]);
    }

    #[test]
    fn broken_encoded_word_keeps_raw_text() {
        let h = headers(b"Subject: =?UTF-8?Q?R=C3=A9union_incompl\n\n");
        assert_eq!(
            subject(&h).as_deref(),
            Some("=?UTF-8?Q?R=C3=A9union_incompl")
        );
    }

    #[test]
    fn references_and_in_reply_to() {
        assert_eq!(
            message_ids("<a@x>\n\t<b@y> (comment) <c@z>"),
            ["a@x", "b@y", "c@z"]
        );
        assert_eq!(message_ids("<a@x> (Camille's message of today)"), ["a@x"]);
        assert_eq!(message_ids("bare@x"), ["bare@x"]);
        assert!(message_ids("  ").is_empty());
    }

    #[test]
    fn message_id_forms() {
        assert_eq!(message_id(" <a@b> ").as_deref(), Some("a@b"));
        assert_eq!(message_id("a@b (comment)").as_deref(), Some("a@b"));
        assert_eq!(message_id("  "), None);
    }
}
