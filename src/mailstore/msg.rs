//! Outlook `.msg` files: one message as an OLE compound file of MAPI properties.
//!
//! The message is rebuilt in memory by [`super::rebuild`] as the MIME message it stands for
//! (its transport headers when Outlook kept them, its body, its attachments base64-encoded)
//! and parsed by [`crate::message`] like any email, so that body text, attachment names, types, sizes and
//! text, languages and header words come out the same way. The MAPI properties then give the
//! fields they state (sender, recipients, subject, date, Message-ID, In-Reply-To, References),
//! which override what the transport headers said. The document's bytes stay the `.msg` file.

use crate::error::MsgError;
use crate::limits::Limits;
use crate::message::{self, Email, Reading};

use super::mapi::{self, Properties};
use super::rebuild::{self, Headers};

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
    let (mime, mut notes) = rebuild::mime(&mut props, Headers::Transport, limits.mime_depth);
    let mut email = message::parse_reading(&mime, limits, reading);
    rebuild::stated_fields(&mut props, &mut email);
    notes.append(&mut props.damage);
    notes.extend(email.damage.take());
    email.damage = (!notes.is_empty()).then(|| notes.join("; "));
    Ok(email)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;
    use crate::mailstore::mapi::{EMBEDDED_HEADER, SUB_HEADER, TOP_HEADER};

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
    fn what_is_not_an_outlook_message_is_refused() {
        assert!(matches!(
            parse(b"plain text", &Limits::default()),
            Err(MsgError::Compound(_))
        ));
        assert!(holds_message(Cursor::new(b"plain text")).is_err());
    }
}
