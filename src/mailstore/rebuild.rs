//! Outlook items rebuilt as the MIME messages they stand for, from their MAPI properties,
//! wherever these are read from (a [`PropertySource`]: an Outlook `.msg` compound file, a
//! message of a PST store): the body, every attachment base64-encoded, an attached Outlook
//! item as a `message/rfc822` part, and header lines made from the properties.
//!
//! [`crate::message`] then parses the result like any email, so that body text, attachment
//! names, types, sizes and text, languages and header words come out the same way whatever
//! store the message came from.

use crate::message::{self, Email, Mailbox};

use super::mapi::{EMBEDDED_HEADER, PropertySource, SUB_HEADER, TOP_HEADER};

/// Separates the parts of the rebuilt message; every part is base64, which never holds a `.`.
const BOUNDARY: &str = "trawl.msg.part";
/// Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01.
const FILETIME_TO_UNIX: i64 = 11_644_473_600;

/// MAPI property ids read here (MS-OXPROPS).
mod tag {
    pub const SUBJECT: u16 = 0x0037;
    pub const CLIENT_SUBMIT_TIME: u16 = 0x0039;
    pub const SENT_REPRESENTING_NAME: u16 = 0x0042;
    pub const SENT_REPRESENTING_EMAIL: u16 = 0x0065;
    pub const TRANSPORT_HEADERS: u16 = 0x007D;
    pub const RECIPIENT_TYPE: u16 = 0x0C15;
    pub const SENDER_NAME: u16 = 0x0C1A;
    pub const SENDER_EMAIL: u16 = 0x0C1F;
    pub const DELIVERY_TIME: u16 = 0x0E06;
    pub const BODY: u16 = 0x1000;
    pub const RTF_COMPRESSED: u16 = 0x1009;
    pub const HTML: u16 = 0x1013;
    pub const INTERNET_MESSAGE_ID: u16 = 0x1035;
    pub const INTERNET_REFERENCES: u16 = 0x1039;
    pub const IN_REPLY_TO: u16 = 0x1042;
    pub const DISPLAY_NAME: u16 = 0x3001;
    pub const EMAIL_ADDRESS: u16 = 0x3003;
    pub const ATTACH_DATA: u16 = 0x3701;
    pub const ATTACH_FILENAME: u16 = 0x3704;
    pub const ATTACH_LONG_FILENAME: u16 = 0x3707;
    pub const ATTACH_MIME_TAG: u16 = 0x370E;
    pub const SMTP_ADDRESS: u16 = 0x39FE;
    pub const SENDER_SMTP: u16 = 0x5D01;
    pub const SENT_REPRESENTING_SMTP: u16 = 0x5D02;
}

/// Which header lines open the rebuilt message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headers {
    /// The transport headers Outlook kept, as they are: the fields the properties state are
    /// set after parsing ([`stated_fields`]). For a `.msg`, whose bytes stay the file.
    Transport,
    /// Header lines made from the properties, then the transport headers' other fields: a
    /// message complete in itself, for a PST message, whose rebuilt MIME is its bytes.
    Stated,
}

/// The MIME message the item at the root of `props` stands for, opened by `headers`, with
/// attached Outlook items opened down to `max_depth`; and what could not be read.
pub fn mime(
    props: &mut dyn PropertySource,
    headers: Headers,
    max_depth: usize,
) -> (Vec<u8>, Vec<String>) {
    let mut rebuild = Rebuild {
        props,
        notes: Vec::new(),
        max_depth,
        headers,
    };
    let mime = rebuild.message(ROOT);
    (mime, rebuild.notes)
}

/// Where an Outlook item's properties are: its storage (its MS-OXMSG path), the size of its
/// properties stream's header, and how deep it is attached inside the message.
#[derive(Clone, Copy)]
struct Item<'d> {
    dir: &'d str,
    header: usize,
    depth: usize,
}

/// The message at the root.
const ROOT: Item = Item {
    dir: "",
    header: TOP_HEADER,
    depth: 0,
};

/// Rebuilds Outlook items as MIME messages, noting what could not be read.
struct Rebuild<'p> {
    props: &'p mut dyn PropertySource,
    notes: Vec<String>,
    /// How deep attached Outlook items are opened (the MIME depth limit).
    max_depth: usize,
    /// What the message at the root opens with.
    headers: Headers,
}

impl Rebuild<'_> {
    /// The MIME message an item stands for: its headers (for the message itself, as
    /// [`Headers`] says; made from the properties of an attached item), then its body and
    /// attachments.
    fn message(&mut self, item: Item) -> Vec<u8> {
        let mut mime = match (item.depth, self.headers) {
            (0, Headers::Transport) => transport_headers(self.props, &[]),
            (0, Headers::Stated) => {
                let stated = stated_headers(self.props, item);
                let names: Vec<&str> = stated.lines().filter_map(|l| l.split(':').next()).collect();
                let rest = transport_headers(self.props, &names);
                format!("{stated}{rest}")
            }
            _ => stated_headers(self.props, item),
        };
        mime.push_str(&format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{BOUNDARY}\"\r\n\r\n"
        ));
        if let Some((kind, text)) = self.body(item.dir) {
            let kind = format!("{kind}; charset=utf-8");
            mime.push_str(&part(&kind, None, text.as_bytes()));
        }
        for name in self.props.storages(item.dir, "__attach_version1.0_#") {
            mime.push_str(&self.attachment(&format!("{}/{name}", item.dir), item.depth));
        }
        mime.push_str(&format!("--{BOUNDARY}--\r\n"));
        mime.into_bytes()
    }

    /// The text body and its type: plain text when the item has it, else its HTML.
    fn body(&mut self, dir: &str) -> Option<(&'static str, String)> {
        if let Some(text) = self.props.string(dir, tag::BODY) {
            return Some(("text/plain", text));
        }
        let html = self
            .props
            .binary(dir, tag::HTML)
            .map(|b| self.props.html_text(&b))
            .or_else(|| self.props.string(dir, tag::HTML));
        if html.is_none() && self.props.binary(dir, tag::RTF_COMPRESSED).is_some() {
            self.notes
                .push("body stored only as compressed RTF, not read".into());
        }
        html.map(|h| ("text/html", h))
    }

    /// One attachment as a MIME part: its data, or the Outlook item it holds as a message.
    fn attachment(&mut self, dir: &str, depth: usize) -> String {
        let name = [
            tag::ATTACH_LONG_FILENAME,
            tag::ATTACH_FILENAME,
            tag::DISPLAY_NAME,
        ]
        .into_iter()
        .find_map(|id| self.props.string(dir, id));
        let shown = name.clone().unwrap_or_else(|| dir.to_owned());
        if self.props.has_object(dir, tag::ATTACH_DATA) {
            return self.attached_item(dir, name.as_deref(), depth);
        }
        let Some(data) = self.props.binary(dir, tag::ATTACH_DATA) else {
            self.notes.push(format!("attachment {shown:?} has no data"));
            return String::new();
        };
        let mime = self
            .props
            .string(dir, tag::ATTACH_MIME_TAG)
            .filter(|m| is_mime_type(m))
            .unwrap_or_else(|| "application/octet-stream".into());
        part(&mime, name.as_deref(), &data)
    }

    /// An attached Outlook item (a message forwarded as an attachment) as a `message/rfc822`
    /// part, so that its headers and text are found as a forwarded message's are; past the
    /// depth limit it is said, not opened.
    fn attached_item(&mut self, dir: &str, name: Option<&str>, depth: usize) -> String {
        if depth + 1 > self.max_depth {
            let shown = name.unwrap_or(dir);
            self.notes.push(format!(
                "attached Outlook item {shown:?} nested too deep, not opened"
            ));
            return String::new();
        }
        let dir = format!("{dir}/__substg1.0_{:04X}000D", tag::ATTACH_DATA);
        let item = Item {
            dir: &dir,
            header: EMBEDDED_HEADER,
            depth: depth + 1,
        };
        let inner = self.message(item);
        part("message/rfc822", name, &inner)
    }
}

/// The transport headers Outlook kept (as received), without their MIME fields (which
/// described a structure the message no longer has), without the fields named in `stated`
/// (written from the properties instead) and without blank lines.
fn transport_headers(props: &mut dyn PropertySource, stated: &[&str]) -> String {
    let headers = props.string("", tag::TRANSPORT_HEADERS).unwrap_or_default();
    let mut kept = String::new();
    let mut keeping = false;
    for line in headers.lines().filter(|l| !l.trim().is_empty()) {
        if !line.starts_with([' ', '\t']) {
            let name = line.split(':').next().unwrap_or_default().trim();
            let restated = stated.iter().any(|s| s.eq_ignore_ascii_case(name));
            keeping = !is_mime_field(line) && !restated;
        }
        if keeping {
            kept.push_str(line);
            kept.push_str("\r\n");
        }
    }
    kept
}

/// A `Content-*:` or `MIME-Version:` header line.
fn is_mime_field(line: &str) -> bool {
    let name = line.split(':').next().unwrap_or_default().trim();
    let name = name.to_ascii_lowercase();
    name.starts_with("content-") || name == "mime-version"
}

/// A base64 part of type `mime`, an attachment named `name` when there is one.
fn part(mime: &str, name: Option<&str>, data: &[u8]) -> String {
    let disposition = name.map_or(String::new(), |n| {
        format!(
            "Content-Disposition: attachment; filename*=UTF-8''{}\r\n",
            percent(n)
        )
    });
    format!(
        "--{BOUNDARY}\r\nContent-Type: {mime}\r\n{disposition}\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        data_encoding::BASE64_MIME.encode(data)
    )
}

/// A plain `type/subtype`, safe to write in a header.
fn is_mime_type(text: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    text.split_once('/')
        .is_some_and(|(t, s)| token(t) && token(s))
}

/// RFC 2231 percent-encoding of a file name's UTF-8 bytes.
fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sets the fields the MAPI properties state, over what the transport headers said.
pub fn stated_fields(props: &mut dyn PropertySource, email: &mut Email) {
    if let Some(subject) = stated(props, "", tag::SUBJECT) {
        email.subject = Some(subject);
    }
    stated_ids(props, email);
    if let Some(date) = date(props, ROOT) {
        if email.date != Some(date) {
            email.date_offset = None;
        }
        email.date = Some(date);
    }
    if let Some(sender) = sender(props, "") {
        email.from = vec![sender];
    }
    if let Some((to, cc, bcc)) = recipients(props, "") {
        (email.to, email.cc, email.bcc) = (to, cc, bcc);
    }
}

/// Header lines made from an item's properties: From, To, Cc (and Bcc for the message
/// itself), Subject, Date, Message-ID, In-Reply-To, References, non-ASCII text as RFC 2047
/// words. Outlook keeps no transport headers for an attached item, so these are its headers.
fn stated_headers(props: &mut dyn PropertySource, item: Item) -> String {
    let mut fields = vec![("From", sender(props, item.dir).map(|m| header_mailbox(&m)))];
    if let Some((to, cc, bcc)) = recipients(props, item.dir) {
        let list = |boxes: Vec<Mailbox>| boxes.iter().map(header_mailbox).collect::<Vec<_>>();
        fields.push(("To", Some(list(to).join(", "))));
        fields.push(("Cc", Some(list(cc).join(", "))));
        if item.depth == 0 {
            fields.push(("Bcc", Some(list(bcc).join(", "))));
        }
    }
    fields.push((
        "Subject",
        stated(props, item.dir, tag::SUBJECT).map(|s| word(&s)),
    ));
    fields.push(("Date", date(props, item).and_then(rfc2822)));
    fields.push((
        "Message-ID",
        stated(props, item.dir, tag::INTERNET_MESSAGE_ID).map(|s| word(&s)),
    ));
    for (name, id) in [
        ("In-Reply-To", tag::IN_REPLY_TO),
        ("References", tag::INTERNET_REFERENCES),
    ] {
        fields.push((name, stated(props, item.dir, id).map(|s| word(&s))));
    }
    fields
        .into_iter()
        .filter_map(|(name, value)| {
            Some(format!("{name}: {}\r\n", value.filter(|v| !v.is_empty())?))
        })
        .collect()
}

/// A mailbox as a header writes it: `=?utf-8?b?...?= <address>` (an encoded name never
/// breaks an address list, whatever commas or quotes it holds).
fn header_mailbox(m: &Mailbox) -> String {
    let name = m.name.as_deref().map(|n| {
        let b64 = data_encoding::BASE64.encode(n.as_bytes());
        format!("=?utf-8?b?{b64}?=")
    });
    match (name, &m.address) {
        (Some(n), Some(a)) => format!("{n} <{a}>"),
        (None, Some(a)) => format!("<{a}>"),
        (n, None) => n.unwrap_or_default(),
    }
}

/// Text as one header value: as it is when it is printable ASCII, else an RFC 2047 word.
fn word(text: &str) -> String {
    let plain = text.bytes().all(|b| (b' '..=b'~').contains(&b));
    match plain {
        true => text.to_owned(),
        false => format!(
            "=?utf-8?b?{}?=",
            data_encoding::BASE64.encode(text.as_bytes())
        ),
    }
}

/// A date as RFC 2822 writes it, in UTC.
fn rfc2822(secs: i64) -> Option<String> {
    let time = jiff::Timestamp::from_second(secs).ok()?;
    Some(time.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string())
}

/// A string property of an item that holds more than blanks.
fn stated(props: &mut dyn PropertySource, dir: &str, id: u16) -> Option<String> {
    props.string(dir, id).filter(|s| !s.trim().is_empty())
}

/// Message-ID, In-Reply-To and References, as the `PR_INTERNET_*` properties state them.
fn stated_ids(props: &mut dyn PropertySource, email: &mut Email) {
    let own = stated(props, "", tag::INTERNET_MESSAGE_ID).and_then(|v| message::message_id(&v));
    if let Some(id) = own {
        email.message_id = Some(id);
    }
    if let Some(v) = stated(props, "", tag::IN_REPLY_TO) {
        email.in_reply_to = message::message_ids(&v).into_iter().next();
    }
    if let Some(v) = stated(props, "", tag::INTERNET_REFERENCES) {
        email.references = message::message_ids(&v);
    }
}

/// When an item was sent (else delivered), in seconds since the epoch.
fn date(props: &mut dyn PropertySource, item: Item) -> Option<i64> {
    let filetime = props
        .fixed(item.dir, item.header, tag::CLIENT_SUBMIT_TIME)
        .or_else(|| props.fixed(item.dir, item.header, tag::DELIVERY_TIME))?;
    let seconds = i64::try_from(filetime / 10_000_000).ok()? - FILETIME_TO_UNIX;
    (filetime != 0).then_some(seconds)
}

/// The sender: its SMTP address when stated, else an address property that is one.
fn sender(props: &mut dyn PropertySource, dir: &str) -> Option<Mailbox> {
    let name = props
        .string(dir, tag::SENDER_NAME)
        .or_else(|| props.string(dir, tag::SENT_REPRESENTING_NAME));
    let address = [
        tag::SENDER_SMTP,
        tag::SENDER_EMAIL,
        tag::SENT_REPRESENTING_SMTP,
        tag::SENT_REPRESENTING_EMAIL,
    ]
    .into_iter()
    .find_map(|id| props.string(dir, id).filter(|a| a.contains('@')));
    mailbox(name, address)
}

/// To, Cc and Bcc recipients.
type Recipients = (Vec<Mailbox>, Vec<Mailbox>, Vec<Mailbox>);

/// To, Cc and Bcc from an item's recipient table, when it has one.
fn recipients(props: &mut dyn PropertySource, dir: &str) -> Option<Recipients> {
    let rows = props.storages(dir, "__recip_version1.0_#");
    if rows.is_empty() {
        return None;
    }
    let (mut to, mut cc, mut bcc) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        match recipient(props, &format!("{dir}/{row}")) {
            Some((Some(2), m)) => cc.push(m),
            Some((Some(3), m)) => bcc.push(m),
            Some((_, m)) => to.push(m),
            None => {}
        }
    }
    Some((to, cc, bcc))
}

/// One row of the recipient table: its type (1 To, 2 Cc, 3 Bcc) and mailbox.
fn recipient(props: &mut dyn PropertySource, dir: &str) -> Option<(Option<u64>, Mailbox)> {
    let name = props.string(dir, tag::DISPLAY_NAME);
    let address = props
        .string(dir, tag::SMTP_ADDRESS)
        .or_else(|| props.string(dir, tag::EMAIL_ADDRESS))
        .filter(|a| a.contains('@'));
    let kind = props.fixed(dir, SUB_HEADER, tag::RECIPIENT_TYPE);
    Some((kind.map(|v| v & 0xFFFF_FFFF), mailbox(name, address)?))
}

/// A mailbox from a name and an address (lower-cased, as everywhere in trawl), if either.
fn mailbox(name: Option<String>, address: Option<String>) -> Option<Mailbox> {
    let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let address = address
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty());
    (name.is_some() || address.is_some()).then_some(Mailbox { name, address })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_percent_encoded_and_types_checked() {
        assert_eq!(percent("budget prévu.pdf"), "budget%20pr%C3%A9vu.pdf");
        assert!(is_mime_type("application/vnd.ms-excel"));
        assert!(!is_mime_type("text/plain\r\nX-Evil: 1"));
        assert!(!is_mime_type("text"));
    }
}
