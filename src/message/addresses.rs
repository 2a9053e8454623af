//! Address headers (From, To, Cc, Bcc): mailboxes with decoded display names.

use std::borrow::Cow;

use mailparse::{MailAddr, MailHeader, MailHeaderMap};
use serde::{Deserialize, Serialize};

use super::encoded_words;
use super::headers::{lines_joined, unfolded};

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
///
/// The list is parsed before its encoded words are decoded, so that a decoded `,` or `<` in a
/// display name is not read as structure; the display names are decoded after. Comments are
/// dropped first, nested ones included (`x86@kernel.org (maintainer:X86 ARCHITECTURE (32-BIT
/// AND 64-BIT))`, as `get_maintainer.pl` writes them), which the address parser cannot nest;
/// a quoted local part (`"linux-cxl"@meta.com`), which it cannot read either, loses its quotes.
pub fn mailboxes(headers: &[MailHeader], key: &str) -> Vec<Mailbox> {
    headers
        .get_all_headers(key)
        .into_iter()
        .flat_map(|h| {
            let value = unfolded(h);
            let protected = encoded_words::protect(&value);
            let list = without_comments(&protected);
            let list = without_empty_members(&without_quoted_local_parts(&list));
            match mailparse::addrparse(&list) {
                Ok(list) => {
                    let folded = lines_joined(h, "\n ");
                    let mailbox = |s| mailbox(s, &folded);
                    list.into_inner()
                        .into_iter()
                        .flat_map(|a| match a {
                            MailAddr::Single(s) => vec![mailbox(s)],
                            MailAddr::Group(g) => g.addrs.into_iter().map(mailbox).collect(),
                        })
                        .collect()
                }
                Err(_) => lenient_mailboxes(&encoded_words::decode(&value)),
            }
        })
        .collect()
}

/// One parsed mailbox, its display name decoded; `folded` is the header's value with its line
/// breaks kept (see [`joined_at_folds`]).
fn mailbox(s: mailparse::SingleInfo, folded: &str) -> Mailbox {
    let address = joined_at_folds(s.addr.trim(), folded).to_lowercase();
    Mailbox {
        name: s
            .display_name
            .map(|n| encoded_words::decode(&n))
            .filter(|n| !n.trim().is_empty()),
        address: Some(address).filter(|a| !a.is_empty()),
    }
}

/// An address whose blanks all stand where the header's lines were folded (`<leon@kernel.or`
/// then ` g>` on the next line), without them: `leon@kernel.org`, as mutt reads it. A blank the
/// sender wrote (`<Undisclosed Recipients@x>`) stays.
fn joined_at_folds<'a>(address: &'a str, folded: &str) -> Cow<'a, str> {
    if !address.contains(' ') || !folded.contains(&address.replace(' ', "\n ")) {
        return Cow::Borrowed(address);
    }
    Cow::Owned(address.replace(' ', ""))
}

/// `value` without the empty members of the list (`To: , a@b` or `a@b, , c@d`), which the
/// address parser would glue to the next address.
fn without_empty_members(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let (mut quoted, mut escaped, mut member_empty) = (false, false, true);
    for c in value.chars() {
        if !quoted && c == ',' && member_empty {
            continue;
        }
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => member_empty = true,
            _ => {}
        }
        if c != ',' && !c.is_whitespace() {
            member_empty = false;
        }
        out.push(c);
    }
    out
}

/// `value` with the quotes of each quoted local part (`"kernel-team"@meta.com`) removed, when
/// what they quote holds no blank and no character that structures an address list.
fn without_quoted_local_parts(value: &str) -> Cow<'_, str> {
    if !value.contains("\"@") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("\"@") {
        let (before, after) = rest.split_at(at);
        let simple = |q: &str| {
            let q = q.trim();
            !q.is_empty() && !q.contains(|c: char| c.is_whitespace() || "\"\\(),:;<>[]".contains(c))
        };
        match before.rfind('"') {
            Some(open) if simple(&before[open + 1..]) => {
                out.push_str(&before[..open]);
                out.push_str(before[open + 1..].trim());
            }
            _ => out.push_str(&rest[..at + 1]),
        }
        rest = &after[1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `value` with every complete comment (`(...)`, nested and `\`-escaped parentheses
/// included, outside quoted strings) replaced by a blank, or by nothing inside `<...>`, where
/// it sits within the address (`<pete(his account)@silly.test>`). An unclosed comment stays,
/// so that the address parser refuses the list and [`lenient_mailboxes`] keeps all its text.
fn without_comments(value: &str) -> Cow<'_, str> {
    if !value.contains('(') {
        return Cow::Borrowed(value);
    }
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let (mut k, mut kept, mut quoted, mut angle) = (0, 0, false, false);
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 1,
            b'"' => quoted = !quoted,
            b'<' if !quoted => angle = true,
            b'>' if !quoted => angle = false,
            b'(' if !quoted => {
                if let Some(end) = comment_end(bytes, k) {
                    out.push_str(&value[kept..k]);
                    if !angle {
                        out.push(' ');
                    }
                    (k, kept) = (end, end);
                    continue;
                }
            }
            _ => {}
        }
        k += 1;
    }
    if kept == 0 {
        return Cow::Borrowed(value);
    }
    out.push_str(value.get(kept..).unwrap_or_default());
    Cow::Owned(out)
}

/// Where the comment opening at `start` ends (just past its closing parenthesis), if it does.
fn comment_end(bytes: &[u8], start: usize) -> Option<usize> {
    let (mut depth, mut k) = (0usize, start);
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// Splits a header that failed address parsing on commas, keeping every piece (one bad
/// member, such as a local name without `@` in a list of addresses, makes the parser refuse
/// the whole list).
fn lenient_mailboxes(value: &str) -> Vec<Mailbox> {
    value
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(lenient_mailbox)
        .collect()
}

/// One piece of a list the parser refused: `Name <address>` gives both parts, a lone address
/// no name, and any other text is kept whole as the name, with any `x@y` word in it taken as
/// the address.
fn lenient_mailbox(piece: &str) -> Mailbox {
    let nonempty = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
    if let Some((name, address)) = piece
        .strip_suffix('>')
        .and_then(|p| p.rsplit_once('<'))
        .filter(|(_, address)| !address.contains(['<', '"']))
    {
        return Mailbox {
            name: nonempty(name.trim().trim_matches('"').trim()),
            address: nonempty(&address.trim().to_lowercase()),
        };
    }
    if !piece.contains(char::is_whitespace) && piece.contains('@') {
        return Mailbox {
            name: None,
            address: nonempty(&piece.to_lowercase()),
        };
    }
    let address = piece
        .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .find(|w| w.contains('@'))
        .map(str::to_lowercase);
    Mailbox {
        name: Some(piece.to_owned()),
        address,
    }
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
    fn display_names_decode_as_mailers_write_them() {
        let h = headers(
            b"From: Valdis Kl=?utf-8?Q?=c4=93?=tnieks <valdis@vt.example>\n\
            To: \"=?utf-8?Q?Ren=C3=A9?= Dupont\" <r@x.example>,\n \
            =?iso-8859-1?Q?Fabre,_Julien?= <j@x.example>, \"Ren=?utf-8?Q?=C3=A9?=\" <s@x.example>\n\
            Cc: =?utf-8?b?w6k=?=\n =?utf-8?q?_=3C=C3=A9=3E?= <e@x.example>, plain@x.example\n\n",
        );
        let names = |key| -> Vec<(Option<String>, Option<String>)> {
            mailboxes(&h, key)
                .into_iter()
                .map(|m| (m.name, m.address))
                .collect()
        };
        let pair = |n: Option<&str>, a: &str| (n.map(str::to_owned), Some(a.to_owned()));
        assert_eq!(
            names("From"),
            [pair(Some("Valdis Klētnieks"), "valdis@vt.example")]
        );
        assert_eq!(
            names("To"),
            [
                pair(Some("René Dupont"), "r@x.example"),
                pair(Some("Fabre, Julien"), "j@x.example"),
                pair(Some("René"), "s@x.example"),
            ]
        );
        assert_eq!(
            names("Cc"),
            [
                pair(Some("é <é>"), "e@x.example"),
                pair(None, "plain@x.example")
            ]
        );
    }

    #[test]
    fn nested_comments_and_folded_addresses() {
        let h = headers(
            b"Cc: x86@kernel.org (maintainer:X86 ARCHITECTURE (32-BIT AND 64-BIT)),\n \
            llvm@lists.linux.dev (open list:CLANG/LLVM:Keyword:\\b(?i:clang|llvm)\\b),\n \
            \"Len (the) Brown\" <lenb@kernel.org>, Leon Romanovsky <leon@kernel.or\n g>\n\n",
        );
        let m = mailboxes(&h, "Cc");
        let pairs: Vec<(Option<&str>, Option<&str>)> = m
            .iter()
            .map(|m| (m.name.as_deref(), m.address.as_deref()))
            .collect();
        assert_eq!(
            pairs,
            [
                (None, Some("x86@kernel.org")),
                (None, Some("llvm@lists.linux.dev")),
                (Some("Len (the) Brown"), Some("lenb@kernel.org")),
                (Some("Leon Romanovsky"), Some("leon@kernel.org")),
            ]
        );
    }

    #[test]
    fn quoted_local_parts_and_blanks_in_addresses() {
        let h = headers(
            b"Cc: Shakeel Butt <shakeel.butt@linux.dev>, \"linux-cxl@vger.kernel.orgkernel-team\"@meta.com,\n \
            SeongJae Park <sj@kernel.org>, \" dsingh01\"@univ.example, cros-qcom-dts-wat\n chers@chromium.org,\n \
            <Undisclosed Recipients@netnote.example>\n\n",
        );
        let pairs: Vec<(Option<String>, Option<String>)> = mailboxes(&h, "Cc")
            .into_iter()
            .map(|m| (m.name, m.address))
            .collect();
        let pair = |n: Option<&str>, a: &str| (n.map(str::to_owned), Some(a.to_owned()));
        assert_eq!(
            pairs,
            [
                pair(Some("Shakeel Butt"), "shakeel.butt@linux.dev"),
                pair(None, "linux-cxl@vger.kernel.orgkernel-team@meta.com"),
                pair(Some("SeongJae Park"), "sj@kernel.org"),
                pair(None, "dsingh01@univ.example"),
                pair(None, "cros-qcom-dts-watchers@chromium.org"),
                pair(None, "undisclosed recipients@netnote.example"),
            ]
        );
        assert_eq!(
            without_quoted_local_parts(r#""a b"@x, "c"@y, "d,e"@z, x"@"#),
            r#""a b"@x, c@y, "d,e"@z, x"@"#
        );
    }

    #[test]
    fn empty_members_are_dropped() {
        assert_eq!(without_empty_members(", a@b, , c@d,"), " a@b,  c@d,");
        assert_eq!(without_empty_members("\"x,, y\" <a@b>"), "\"x,, y\" <a@b>");
        let h = headers(b"To: , user@aol.example, e@app.example\n\n");
        let addresses: Vec<Option<String>> =
            mailboxes(&h, "To").into_iter().map(|m| m.address).collect();
        assert_eq!(
            addresses,
            [
                Some("user@aol.example".to_owned()),
                Some("e@app.example".to_owned())
            ]
        );
    }

    #[test]
    fn comments_are_dropped_whole_or_not_at_all() {
        assert_eq!(without_comments("a@b (c (d) e) f"), "a@b   f");
        assert_eq!(without_comments(r"a@b (c \) d) e"), "a@b   e");
        assert_eq!(
            without_comments("\"(not one)\" <a@b>"),
            "\"(not one)\" <a@b>"
        );
        assert_eq!(without_comments("a@b (unclosed"), "a@b (unclosed");
        assert_eq!(without_comments("(x)a@b"), " a@b");
        assert_eq!(without_comments("a@b )"), "a@b )");
        assert_eq!(
            without_comments("Pete(A \\) chap) <pete(his account)@silly.test(his host)>"),
            "Pete  <pete@silly.test>"
        );
    }

    #[test]
    fn a_list_with_one_local_name_keeps_its_names_and_addresses_apart() {
        let h = headers(
            b"To: kazi@haas.example, contract <jeff>, \"Nathaniel Borenstein\" <nsb>, eryq\n\n",
        );
        let pairs: Vec<(Option<String>, Option<String>)> = mailboxes(&h, "To")
            .into_iter()
            .map(|m| (m.name, m.address))
            .collect();
        let own = |s: &str| Some(s.to_owned());
        assert_eq!(
            pairs,
            [
                (None, own("kazi@haas.example")),
                (own("contract"), own("jeff")),
                (own("Nathaniel Borenstein"), own("nsb")),
                (own("eryq"), None),
            ]
        );
    }

    #[test]
    fn broken_address_list_is_kept() {
        let h = headers(b"From: \"unterminated <bad@x.example>\n\n");
        let m = mailboxes(&h, "From");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].address.as_deref(), Some("bad@x.example"));
    }
}
