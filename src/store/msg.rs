//! Outlook `.msg` files: one message as an OLE compound file of MAPI properties.
//!
//! The message is rebuilt in memory as the MIME message it stands for (its transport headers
//! when Outlook kept them, its body, its attachments base64-encoded) and parsed by
//! [`crate::message`] like any email, so that body text, attachment names, types, sizes and
//! text, languages and header words come out the same way. The MAPI properties then give the
//! fields they state (sender, recipients, subject, date, Message-ID, In-Reply-To, References),
//! which override what the transport headers said. The document's bytes stay the `.msg` file.

use crate::error::MsgError;
use crate::limits::Limits;
use crate::message::{self, Email, Mailbox, Reading};

use super::mapi::{self, EMBEDDED_HEADER, Properties, SUB_HEADER, TOP_HEADER};

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

/// Whether a compound file holds an Outlook item's properties (a Word or Excel file is a
/// compound file too, and is not mail), from its header and directory only; an error when it
/// cannot be opened at all.
pub fn holds_message<F: std::io::Read + std::io::Seek>(file: F) -> std::io::Result<bool> {
    cfb::CompoundFile::open(file).map(|f| mapi::holds_properties(&f))
}

/// Reads a `.msg` file's bytes into an email, within `limits`. Fails only when the bytes are
/// not a readable compound file of MAPI properties; a part that cannot be read is recorded in
/// [`Email::damage`].
pub fn parse(data: &[u8], limits: &Limits) -> Result<Email, MsgError> {
    parse_reading(data, limits, Reading::default())
}

/// Reads a `.msg` like [`parse`], its attachments as `reading` says (keeping one's decoded
/// bytes in [`Email::kept`], as [`message::parse_reading`] does for RFC 822 mail).
pub fn parse_reading(data: &[u8], limits: &Limits, reading: Reading) -> Result<Email, MsgError> {
    let mut props = Properties::open(data).map_err(MsgError::Compound)?;
    if !props.holds_message() {
        return Err(MsgError::NotMessage);
    }
    let mut rebuild = Rebuild {
        props: &mut props,
        notes: Vec::new(),
        max_depth: limits.mime_depth,
    };
    let mime = rebuild.message(ROOT);
    let mut notes = std::mem::take(&mut rebuild.notes);
    let mut email = message::parse_reading(&mime, limits, reading);
    stated_fields(&mut props, &mut email);
    notes.append(&mut props.damage);
    notes.extend(email.damage.take());
    email.damage = (!notes.is_empty()).then(|| notes.join("; "));
    Ok(email)
}

/// Where an Outlook item's properties are: its storage, the size of its properties stream's
/// header, and how deep it is attached inside the `.msg`.
#[derive(Clone, Copy)]
struct Item<'d> {
    dir: &'d str,
    header: usize,
    depth: usize,
}

/// The message a `.msg` file holds at its root.
const ROOT: Item = Item {
    dir: "",
    header: TOP_HEADER,
    depth: 0,
};

/// Rebuilds Outlook items as MIME messages, noting what could not be read.
struct Rebuild<'p, 'a> {
    props: &'p mut Properties<'a>,
    notes: Vec<String>,
    /// How deep attached Outlook items are opened (the MIME depth limit).
    max_depth: usize,
}

impl Rebuild<'_, '_> {
    /// The MIME message an item stands for: its headers (transport headers Outlook kept for
    /// the message itself, headers made from the properties of an attached item), then its
    /// body and attachments.
    fn message(&mut self, item: Item) -> Vec<u8> {
        let mut mime = match item.depth {
            0 => transport_headers(self.props),
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
/// described a structure the `.msg` no longer has) and without blank lines.
fn transport_headers(props: &mut Properties) -> String {
    let headers = props.string("", tag::TRANSPORT_HEADERS).unwrap_or_default();
    let mut kept = String::new();
    let mut keeping = false;
    for line in headers.lines().filter(|l| !l.trim().is_empty()) {
        if !line.starts_with([' ', '\t']) {
            keeping = !is_mime_field(line);
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
fn stated_fields(props: &mut Properties, email: &mut Email) {
    if let Some(subject) = stated(props, "", tag::SUBJECT) {
        email.subject = Some(subject);
    }
    stated_ids(props, email);
    if let Some(date) = date(props, ROOT) {
        email.date = Some(date);
    }
    if let Some(sender) = sender(props, "") {
        email.from = vec![sender];
    }
    if let Some((to, cc, bcc)) = recipients(props, "") {
        (email.to, email.cc, email.bcc) = (to, cc, bcc);
    }
}

/// Header lines made from an attached item's properties (Outlook keeps no transport headers
/// for it): From, To, Cc, Subject, Date, Message-ID, non-ASCII text as RFC 2047 words.
fn stated_headers(props: &mut Properties, item: Item) -> String {
    let mut fields = vec![("From", sender(props, item.dir).map(|m| header_mailbox(&m)))];
    if let Some((to, cc, _)) = recipients(props, item.dir) {
        let list = |boxes: Vec<Mailbox>| boxes.iter().map(header_mailbox).collect::<Vec<_>>();
        fields.push(("To", Some(list(to).join(", "))));
        fields.push(("Cc", Some(list(cc).join(", "))));
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
fn stated(props: &mut Properties, dir: &str, id: u16) -> Option<String> {
    props.string(dir, id).filter(|s| !s.trim().is_empty())
}

/// Message-ID, In-Reply-To and References, as the `PR_INTERNET_*` properties state them.
fn stated_ids(props: &mut Properties, email: &mut Email) {
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
fn date(props: &mut Properties, item: Item) -> Option<i64> {
    let filetime = props
        .fixed(item.dir, item.header, tag::CLIENT_SUBMIT_TIME)
        .or_else(|| props.fixed(item.dir, item.header, tag::DELIVERY_TIME))?;
    let seconds = i64::try_from(filetime / 10_000_000).ok()? - FILETIME_TO_UNIX;
    (filetime != 0).then_some(seconds)
}

/// The sender: its SMTP address when stated, else an address property that is one.
fn sender(props: &mut Properties, dir: &str) -> Option<Mailbox> {
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
fn recipients(props: &mut Properties, dir: &str) -> Option<Recipients> {
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
fn recipient(props: &mut Properties, dir: &str) -> Option<(Option<u64>, Mailbox)> {
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
    use std::io::{Cursor, Write};

    use super::*;

    /// A compound file holding `streams` (path, bytes), their storages made on the way.
    fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
        for (path, bytes) in streams {
            if let Some((dir, _)) = path.rsplit_once('/').filter(|(d, _)| !d.is_empty()) {
                file.create_storage_all(dir).expect("storage");
            }
            file.create_stream(path)
                .expect("stream")
                .write_all(bytes)
                .expect("write");
        }
        file.into_inner().into_inner()
    }

    fn wide(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    /// A properties stream: `header` zero bytes, then one 8-byte value per (tag, value).
    fn properties(header: usize, values: &[(u32, u64)]) -> Vec<u8> {
        let mut out = vec![0; header];
        for (tag, value) in values {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&6u32.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        }
        out
    }

    #[test]
    fn properties_become_the_fields_of_an_email() {
        let top = properties(TOP_HEADER, &[(0x0039_0040, 131_396_112_510_000_000)]);
        let recip = properties(SUB_HEADER, &[(0x0C15_0003, 2)]);
        let data = compound(&[
            ("/__properties_version1.0", &top),
            ("/__substg1.0_0037001F", &wide("Ordre du jour")),
            (
                "/__substg1.0_1000001F",
                &wide("Le vote plumerande a lieu jeudi.\0"),
            ),
            ("/__substg1.0_1035001E", b"<a1@horizon.example>\0"),
            ("/__substg1.0_0C1A001F", &wide("Julien Fabre")),
            (
                "/__substg1.0_5D01001F",
                &wide("Julien.Fabre@Horizon.example"),
            ),
            (
                "/__recip_version1.0_#00000000/__properties_version1.0",
                &recip,
            ),
            (
                "/__recip_version1.0_#00000000/__substg1.0_3001001F",
                &wide("Sophie"),
            ),
            (
                "/__recip_version1.0_#00000000/__substg1.0_39FE001F",
                &wide("s@h.example"),
            ),
        ]);
        let email = parse(&data, &Limits::default()).expect("a message");
        assert_eq!(email.subject.as_deref(), Some("Ordre du jour"));
        assert!(email.body.contains("plumerande"), "{:?}", email.body);
        assert_eq!(email.message_id.as_deref(), Some("a1@horizon.example"));
        assert_eq!(
            email.from[0].address.as_deref(),
            Some("julien.fabre@horizon.example")
        );
        assert_eq!((email.to.len(), email.cc.len()), (0, 1));
        assert_eq!(email.cc[0].name.as_deref(), Some("Sophie"));
        assert_eq!(email.date, Some(1_495_137_651), "FILETIME to the epoch");
        assert_eq!(email.damage, None);
    }

    #[test]
    fn eight_bit_text_is_read_in_the_code_page_the_message_states() {
        let top = properties(TOP_HEADER, &[(0x3FFD_0003, 1251)]);
        let data = compound(&[
            ("/__properties_version1.0", &top),
            ("/__substg1.0_0037001E", b"\xcf\xf0\xe8\xe2\xe5\xf2\0"),
            ("/__substg1.0_10130102", b"<p>\xe4\xe0</p>"),
        ]);
        let email = parse(&data, &Limits::default()).expect("a message");
        assert_eq!(email.subject.as_deref(), Some("Привет"));
        assert_eq!(
            email.body.trim(),
            "да",
            "the HTML body, in the same code page"
        );
    }

    #[test]
    fn what_cannot_be_read_is_said_in_the_damage() {
        let data = compound(&[
            ("/__properties_version1.0", &[0; TOP_HEADER]),
            ("/__substg1.0_10090102", b"compressed rtf"),
            (
                "/__attach_version1.0_#00000000/__substg1.0_3707001F",
                &wide("vide.pdf"),
            ),
        ]);
        let damage = parse(&data, &Limits::default()).expect("a message").damage;
        let damage = damage.unwrap_or_default();
        assert!(damage.contains("compressed RTF"), "{damage}");
        assert!(damage.contains("\"vide.pdf\" has no data"), "{damage}");
    }

    /// A message forwarded as an attachment (an attached Outlook item, MS-OXMSG 2.2.2.1).
    fn forwarded() -> Vec<u8> {
        let item = "/__attach_version1.0_#00000000/__substg1.0_3701000D";
        let props = properties(EMBEDDED_HEADER, &[(0x0039_0040, 131_396_112_510_000_000)]);
        let recip = properties(SUB_HEADER, &[(0x0C15_0003, 1)]);
        let streams: Vec<(String, Vec<u8>)> = vec![
            ("/__properties_version1.0".into(), vec![0; TOP_HEADER]),
            ("/__substg1.0_1000001F".into(), wide("voir plus bas")),
            (format!("{item}/__properties_version1.0"), props),
            (
                format!("{item}/__substg1.0_0037001F"),
                wide("Comptes, version réservée"),
            ),
            (
                format!("{item}/__substg1.0_1000001F"),
                wide("Le total grabulence est faux."),
            ),
            (
                format!("{item}/__substg1.0_0C1A001F"),
                wide("Fabre, Julien"),
            ),
            (
                format!("{item}/__substg1.0_5D01001F"),
                wide("julien@h.example"),
            ),
            (
                format!("{item}/__recip_version1.0_#00000000/__properties_version1.0"),
                recip,
            ),
            (
                format!("{item}/__recip_version1.0_#00000000/__substg1.0_39FE001F"),
                wide("c@h.example"),
            ),
            (
                "/__attach_version1.0_#00000000/__substg1.0_3707001F".into(),
                wide("Comptes.msg"),
            ),
        ];
        let refs: Vec<(&str, &[u8])> = streams
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        compound(&refs)
    }

    #[test]
    fn an_attached_outlook_item_is_read_as_a_forwarded_message() {
        let email = parse(&forwarded(), &Limits::default()).expect("a message");
        assert!(email.body.contains("grabulence"), "{}", email.body);
        assert!(
            email.body.contains("Subject: Comptes, version réservée"),
            "{}",
            email.body
        );
        assert!(
            email.body.contains("Fabre, Julien <julien@h.example>"),
            "{}",
            email.body
        );
        assert!(
            email.body.contains("Date: Thu, 18 May 2017 20:00:51 +0000"),
            "{}",
            email.body
        );
        assert_eq!(email.attachments[0].name.as_deref(), Some("Comptes.msg"));
        assert_eq!(email.attachments[0].mime, "message/rfc822");
        assert_eq!(email.damage, None);
        let shallow = Limits {
            mime_depth: 0,
            ..Limits::default()
        };
        let damage = parse(&forwarded(), &shallow).expect("a message").damage;
        assert!(damage.is_some_and(|d| d.contains("\"Comptes.msg\" nested too deep")));
    }

    #[test]
    fn a_compound_file_without_mapi_properties_is_not_a_message() {
        let word = compound(&[("/WordDocument", b"\xEC\xA5")]);
        assert!(matches!(holds_message(Cursor::new(&word)), Ok(false)));
        assert!(matches!(
            parse(&word, &Limits::default()),
            Err(MsgError::NotMessage)
        ));
    }

    /// Cut short anywhere or with any byte changed, the sample never makes the reader panic.
    #[test]
    fn hostile_bytes_never_panic() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus-samples/stores/outlook/Re-Relecture-entretien.msg"
        );
        let sample = std::fs::read(path).expect("the sample .msg");
        for cut in (0..sample.len()).step_by(61) {
            let _ = parse(&sample[..cut], &Limits::default());
        }
        for at in (0..sample.len()).step_by(7) {
            let mut changed = sample.clone();
            changed[at] ^= 0xFF;
            let _ = parse(&changed, &Limits::default());
        }
    }

    #[test]
    fn file_names_are_percent_encoded_and_types_checked() {
        assert_eq!(percent("budget prévu.pdf"), "budget%20pr%C3%A9vu.pdf");
        assert!(is_mime_type("application/vnd.ms-excel"));
        assert!(!is_mime_type("text/plain\r\nX-Evil: 1"));
        assert!(!is_mime_type("text"));
    }

    #[test]
    fn what_is_not_an_outlook_message_is_refused() {
        assert!(matches!(
            parse(b"plain text", &Limits::default()),
            Err(MsgError::Compound(_))
        ));
        assert!(holds_message(Cursor::new(b"plain text")).is_err());
    }
}
