//! Header fields: mailboxes, subject, Message-ID.

use mailparse::{MailAddr, MailHeader, MailHeaderMap, addrparse_header};
use serde::{Deserialize, Serialize};

/// A sender or recipient: display name and lower-cased address, either possibly missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mailbox {
    /// Display name, RFC 2047 decoded.
    pub name: Option<String>,
    /// Address, lower-cased.
    pub address: Option<String>,
}

impl Mailbox {
    /// `Name <address>`, or whichever part exists.
    pub fn display(&self) -> String {
        match (&self.name, &self.address) {
            (Some(n), Some(a)) => format!("{n} <{a}>"),
            (Some(n), None) => n.clone(),
            (None, Some(a)) => a.clone(),
            (None, None) => String::new(),
        }
    }
}

/// Every mailbox in every header named `key` (groups flattened). A header that does not parse
/// as an address list is kept as display text, with any `x@y` word in it taken as an address.
pub fn mailboxes(headers: &[MailHeader], key: &str) -> Vec<Mailbox> {
    headers
        .get_all_headers(key)
        .into_iter()
        .flat_map(|h| match addrparse_header(h) {
            Ok(list) => list.into_inner().into_iter().flat_map(flatten).collect(),
            Err(_) => lenient_mailboxes(&h.get_value()),
        })
        .collect()
}

fn flatten(addr: MailAddr) -> Vec<Mailbox> {
    let single = |s: mailparse::SingleInfo| Mailbox {
        name: s.display_name.filter(|n| !n.trim().is_empty()),
        address: Some(s.addr.trim().to_lowercase()).filter(|a| !a.is_empty()),
    };
    match addr {
        MailAddr::Single(s) => vec![single(s)],
        MailAddr::Group(g) => g.addrs.into_iter().map(single).collect(),
    }
}

/// Splits a header that failed address parsing on commas, keeping every piece.
fn lenient_mailboxes(value: &str) -> Vec<Mailbox> {
    value
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|piece| {
            let address = piece
                .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
                .find(|w| w.contains('@'))
                .map(str::to_lowercase);
            Mailbox {
                name: Some(piece.to_owned()),
                address,
            }
        })
        .collect()
}

/// The decoded subject; encoded words that do not decode stay as written.
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
        .map(|h| (h.get_key().to_ascii_lowercase(), h.get_value()))
        .filter(|(name, _)| !name.is_empty() && !OWN_FIELDS.contains(&name.as_str()))
        .collect()
}

pub fn subject(headers: &[MailHeader]) -> Option<String> {
    let value = headers.get_first_value("Subject")?;
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
    fn encoded_display_names_and_groups() {
        let h = headers(
            b"To: =?ISO-8859-1?Q?Ren=E9?= <R@X.example>, team: a@b.example, c@d.example;\n\n",
        );
        let m = mailboxes(&h, "To");
        assert_eq!(m[0].name.as_deref(), Some("René"));
        assert_eq!(m[0].address.as_deref(), Some("r@x.example"));
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn broken_address_list_is_kept() {
        let h = headers(b"From: \"unterminated <bad@x.example>\n\n");
        let m = mailboxes(&h, "From");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].address.as_deref(), Some("bad@x.example"));
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
