//! `export.mbox`: the exported emails in one mboxrd file. Each message comes after a
//! `From <sender> <date>` line and is followed by a blank line; a line of the message that
//! starts with `From ` (after any `>`) gains one `>` ([`crate::mbox::quote`]), which is exactly
//! what `trawl verify` (and `trawl index`, reading the file back) undoes. The writer records
//! where each message's quoted bytes sit, and hashes the whole file as it writes it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::date;
use crate::document::Card;
use crate::error::{Error, Result};
use crate::mbox;

use super::manifest::FileRecord;

/// The file's name in the export directory.
pub const FILE: &str = "export.mbox";

/// Sender of the `From ` line when the message's own address cannot stand there.
const UNKNOWN_SENDER: &str = "MAILER-DAEMON";

/// Where one message's bytes sit in `export.mbox`, mboxrd quoting included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Offset of its first byte (just after its `From ` line).
    pub offset: u64,
    /// Its length, quoting included, separator blank line excluded.
    pub length: u64,
}

/// Appends messages to a new `export.mbox`.
pub struct MboxWriter {
    path: PathBuf,
    out: BufWriter<File>,
    written: u64,
    hasher: Sha256,
}

impl MboxWriter {
    /// Creates `export.mbox` in `dir`; it must not exist yet.
    pub fn create(dir: &Path) -> Result<MboxWriter> {
        let path = dir.join(FILE);
        let file = File::create_new(&path).map_err(|e| Error::io(&path, e))?;
        Ok(MboxWriter {
            path,
            out: BufWriter::new(file),
            written: 0,
            hasher: Sha256::new(),
        })
    }

    /// Appends the message whose raw bytes are `raw`, with a `From ` line naming the sender
    /// and date of `card` (`when` for an undated message), and says where its bytes went.
    pub fn append(&mut self, card: &Card, when: i64, raw: &[u8]) -> Result<Span> {
        let date = date::asctime(card.date.unwrap_or(when));
        self.put(format!("From {} {date}\n", envelope_sender(card)).as_bytes())?;
        let quoted = mbox::quote(raw);
        let span = Span {
            offset: self.written,
            length: quoted.len() as u64,
        };
        self.put(&quoted)?;
        if !quoted.ends_with(b"\n") {
            self.put(b"\n")?;
        }
        self.put(b"\n")?;
        Ok(span)
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io(&self.path, e))?;
        self.hasher.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Flushes the file to disk and describes it for the manifest.
    pub fn finish(self) -> Result<FileRecord> {
        let path = self.path;
        let file = self
            .out
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&path, e))?;
        Ok(FileRecord {
            name: FILE.to_owned(),
            size: self.written,
            sha256: data_encoding::HEXLOWER.encode(&self.hasher.finalize()),
        })
    }
}

/// The first sender's address when it can stand in a `From ` line (printable ASCII, no
/// space, at most 254 bytes: an address from the dump never breaks the file), else
/// `MAILER-DAEMON`.
fn envelope_sender(card: &Card) -> &str {
    card.from
        .first()
        .and_then(|m| m.address.as_deref())
        .filter(|a| (1..=254).contains(&a.len()) && a.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or(UNKNOWN_SENDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(from: &str, date: Option<i64>) -> Card {
        serde_json::from_value(serde_json::json!({
            "kind": "email",
            "from": [{"name": null, "address": from}],
            "date": date,
            "locations": [],
        }))
        .expect("a card")
    }

    #[test]
    fn messages_are_separated_quoted_and_located() {
        let dir = std::env::temp_dir().join(format!("trawl-mboxrd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let mut w = MboxWriter::create(&dir).expect("create");
        let one = w.append(&card("a@x.example", Some(0)), 9, b"S: 1\n\nFrom me\n");
        let two = w.append(
            &card("evil \n@x", None),
            1_493_716_443,
            b"S: 2\n\nno newline",
        );
        let record = w.finish().expect("finish");
        let bytes = std::fs::read(dir.join(FILE)).expect("read");
        let expected = "From a@x.example Thu Jan  1 00:00:00 1970\nS: 1\n\n>From me\n\n\
            From MAILER-DAEMON Tue May  2 09:14:03 2017\nS: 2\n\nno newline\n\n";
        assert_eq!(String::from_utf8_lossy(&bytes), expected);
        let spans = [one.expect("one"), two.expect("two")];
        let at = |s: Span| &bytes[s.offset as usize..][..s.length as usize];
        assert_eq!(at(spans[0]), b"S: 1\n\n>From me\n");
        assert_eq!(at(spans[1]), b"S: 2\n\nno newline");
        assert_eq!(record.size, bytes.len() as u64);
        assert_eq!(record.sha256, super::super::files::sha256_hex(&bytes));
        assert!(MboxWriter::create(&dir).is_err(), "never overwrites");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
