//! The manifest of an export: what was asked (query, time, trawl version, index state), and for
//! every matching document where it came from (every source location), what was written (file,
//! span in `export.mbox`, SHA-256 of its raw bytes) or why nothing was. Written twice:
//! `manifest.json` (the record `trawl verify` reads) and `manifest.csv` (one row per document,
//! for a spreadsheet, cells made safe). `manifest.json` lists `manifest.csv` with its SHA-256.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date;
use crate::document::{Card, DocKind};
use crate::error::{Error, Result};
use crate::message::Mailbox;
use crate::sanitize::spreadsheet_safe;

use super::files::{self, sha256_hex};

/// The manifest read by `trawl verify`.
pub const JSON_FILE: &str = "manifest.json";
/// The same entries as CSV.
pub const CSV_FILE: &str = "manifest.csv";
/// Version of the manifest's shape: fields are only ever added.
pub const VERSION: u32 = 1;

/// How the messages were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One file per document, `<id>.eml` (articles `<id>.<extension>`).
    Eml,
    /// One mboxrd file, `export.mbox`, holding every email.
    Mbox,
}

/// Everything an export records.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// [`VERSION`].
    pub v: u32,
    /// The trawl that wrote the export.
    pub trawl_version: String,
    /// The query, as given to `trawl export`.
    pub query: String,
    /// `--limit`: at most this many documents were taken, the first in `sort` order; `null`
    /// when every match was.
    #[serde(default)]
    pub limit: Option<u64>,
    /// `--sort`: the order documents were taken and are listed in (`relevance`, `date`,
    /// `-date`, `sender`, `-sender`, `size`, `-size`); relevance with no limit lists them in
    /// index order.
    #[serde(default = "relevance")]
    pub sort: String,
    /// When the export was made, RFC 3339 UTC.
    pub exported_at: String,
    /// How the messages were written.
    pub format: ExportFormat,
    /// The index searched, and its state.
    pub index: IndexState,
    /// How many documents matched, and what became of them.
    pub counts: Counts,
    /// The files of the export besides the messages' own files and this manifest:
    /// `manifest.csv`, and `export.mbox` for the mbox format.
    pub files: Vec<FileRecord>,
    /// One entry per matching document, in `sort` order (index order for relevance without
    /// a limit).
    pub messages: Vec<Entry>,
}

/// The index an export was made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexState {
    /// The index directory.
    pub path: String,
    /// SHA-256 of its committed state before the search (see
    /// [`crate::index::Store::state_sha256`]).
    pub state_sha256: String,
    /// True when the index was committed to while the export ran: then the hash may not
    /// describe the state searched, and the export should be made again.
    pub changed_during_export: bool,
}

/// What became of the matching documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Documents the query matched.
    pub matched: u64,
    /// Written to the export.
    pub exported: u64,
    /// Not written: the source changed or vanished since it was indexed.
    pub failed: u64,
    /// Not written by design: articles in an mbox export.
    pub skipped: u64,
}

/// A file of the export with its size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Its name in the export directory.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
}

/// What became of one matching document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Written, and its bytes hashed to its id first.
    Exported,
    /// Not written: its source changed or vanished (`reason` says which and where).
    Failed,
    /// Not written by design (`reason` says why).
    Skipped,
}

impl Status {
    /// The name written in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Exported => "exported",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

/// One matching document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Document id.
    pub id: String,
    /// Email or article.
    pub kind: DocKind,
    /// Exported, failed or skipped.
    pub status: Status,
    /// Why it was not exported.
    pub reason: Option<String>,
    /// The file holding it in the export (`<id>.eml`, `export.mbox`).
    pub file: Option<String>,
    /// SHA-256 of its raw bytes, hex: what `show --raw` writes (mboxrd quoting undone).
    pub sha256: Option<String>,
    /// Size of its raw bytes.
    pub size: Option<u64>,
    /// Offset of its first byte in `export.mbox` (after its `From ` line).
    pub mbox_offset: Option<u64>,
    /// Length of its bytes in `export.mbox`, mboxrd quoting included.
    pub mbox_length: Option<u64>,
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// Date, RFC 3339 UTC.
    pub date: Option<String>,
    /// First sender, `Name <address>`.
    pub from: Option<String>,
    /// Subject, or article title.
    pub subject: Option<String>,
    /// Every place the document was found in the dump.
    pub locations: Vec<LocationRecord>,
    /// An email's DKIM signatures as indexed (empty: unsigned); `None` when not checked.
    #[serde(default)]
    pub dkim: Option<Vec<crate::dkim::Signed>>,
}

/// A byte range of a source file, as the index records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationRecord {
    /// The source file.
    pub path: String,
    /// Offset of the document's first byte.
    pub offset: u64,
    /// Length as stored in the file (mboxrd quoting included).
    pub length: u64,
}

impl Entry {
    /// The entry of a document as the index describes it, marked exported: the exporter fills
    /// in where it was written, or marks it [`Entry::refused`].
    pub fn describe(id: &str, card: &Card) -> Entry {
        let locations = card.locations.iter().map(|l| LocationRecord {
            path: l.path.clone(),
            offset: l.offset,
            length: l.length,
        });
        Entry {
            id: id.to_owned(),
            kind: card.kind,
            status: Status::Exported,
            reason: None,
            file: None,
            sha256: None,
            size: None,
            mbox_offset: None,
            mbox_length: None,
            message_id: card.message_id.clone(),
            date: card.date.map(date::rfc3339),
            from: card.from.first().map(Mailbox::display),
            subject: card.subject.clone(),
            locations: locations.collect(),
            dkim: card.dkim.clone(),
        }
    }

    /// The entry of a document that was not written, and why.
    pub fn refused(mut self, status: Status, reason: &str) -> Entry {
        self.status = status;
        self.reason = Some(reason.to_owned());
        self
    }
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 15] = [
    "id",
    "kind",
    "status",
    "reason",
    "file",
    "sha256",
    "size",
    "mbox_offset",
    "mbox_length",
    "message_id",
    "date",
    "from",
    "subject",
    "locations",
    "dkim",
];

/// One CSV row; locations as `path @ offset +length`, joined with `; `.
/// The order of a manifest that does not say one: every match, in index order.
fn relevance() -> String {
    "relevance".to_owned()
}

fn csv_row(e: &Entry) -> Vec<String> {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let locations: Vec<String> = e
        .locations
        .iter()
        .map(|l| format!("{} @ {} +{}", l.path, l.offset, l.length))
        .collect();
    let row = [
        e.id.clone(),
        e.kind.as_str().to_owned(),
        e.status.as_str().to_owned(),
        text(&e.reason),
        text(&e.file),
        text(&e.sha256),
        number(e.size),
        number(e.mbox_offset),
        number(e.mbox_length),
        text(&e.message_id),
        text(&e.date),
        text(&e.from),
        text(&e.subject),
        locations.join("; "),
        e.dkim
            .as_deref()
            .map(crate::dkim::describe)
            .unwrap_or_default(),
    ];
    row.iter().map(|cell| spreadsheet_safe(cell)).collect()
}

/// Writes `manifest.csv`, then `manifest.json` listing it; returns the SHA-256 of
/// `manifest.json`, which the investigator can note to recognise this export later.
pub fn write(dir: &Path, manifest: &mut Manifest) -> Result<String> {
    let csv = csv_bytes(&manifest.messages).map_err(|e| Error::io(dir.join(CSV_FILE), e))?;
    synced(&dir.join(CSV_FILE), &csv)?;
    manifest.files.push(FileRecord {
        name: CSV_FILE.to_owned(),
        size: csv.len() as u64,
        sha256: sha256_hex(&csv),
    });
    let json = serde_json::to_vec_pretty(manifest)
        .map_err(|e| Error::io(dir.join(JSON_FILE), io::Error::other(e)))?;
    synced(&dir.join(JSON_FILE), &json)?;
    Ok(sha256_hex(&json))
}

fn synced(path: &Path, bytes: &[u8]) -> Result<()> {
    files::create(path, bytes)?
        .sync_all()
        .map_err(|e| Error::io(path, e))
}

fn csv_bytes(entries: &[Entry]) -> io::Result<Vec<u8>> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(CSV_HEADER)?;
    for e in entries {
        csv.write_record(csv_row(e))?;
    }
    csv.into_inner().map_err(|e| e.into_error())
}

/// Reads `manifest.json` from an export directory, with its SHA-256.
pub fn read(dir: &Path) -> Result<(Manifest, String)> {
    let path = dir.join(JSON_FILE);
    let bad = |reason: String| Error::Manifest {
        path: path.clone(),
        reason,
    };
    let bytes = std::fs::read(&path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| bad(format!("not a trawl manifest: {e}")))?;
    if manifest.v != VERSION {
        return Err(bad(format!(
            "version {} (this trawl reads version {VERSION})",
            manifest.v
        )));
    }
    Ok((manifest, sha256_hex(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Card {
        serde_json::from_value(serde_json::json!({
            "kind": "email",
            "subject": "=SUM(A1) budget",
            "locations": [
                {"path": "/dump/a.mbox", "offset": 10, "length": 20, "format": "mbox"},
                {"path": "/dump/b.eml", "offset": 0, "length": 19, "format": "message"},
            ],
        }))
        .expect("a card")
    }

    #[test]
    fn every_location_is_listed_and_cells_are_defused() {
        let e = Entry::describe("00ff", &card()).refused(Status::Failed, "gone");
        assert_eq!(e.locations.len(), 2);
        let row = csv_row(&e);
        assert_eq!(row[12], "'=SUM(A1) budget");
        assert_eq!(row[13], "/dump/a.mbox @ 10 +20; /dump/b.eml @ 0 +19");
        assert_eq!((row[2].as_str(), row[3].as_str()), ("failed", "gone"));
        assert_eq!(row[14], "", "not checked");
        let mut signed = card();
        signed.dkim = Some(vec![crate::dkim::Signed {
            domain: "x.org".into(),
            selector: "s".into(),
            result: crate::dkim::Verdict::Fail,
            reason: Some("body hash mismatch".into()),
        }]);
        let row = csv_row(&Entry::describe("00ff", &signed));
        assert_eq!(row[14], "fail (x.org s=s: fail: body hash mismatch)");
    }
}
