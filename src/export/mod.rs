//! `trawl export`: the documents a query matches, written byte-exact from their sources into
//! a new directory, with a manifest ([`manifest`]) recording where each came from and the
//! SHA-256 of what was written, so that the export can be re-checked ([`verify`]) and
//! reproduced (the query, the time, the trawl version, a hash of the index state).
//!
//! The bytes written for a document are its bytes at its first location with mboxrd quoting
//! undone, exactly what `trawl show --raw` writes, after the same check that they still hash
//! to the document's id. A document whose source changed or vanished is not written: the
//! manifest lists it with the reason and the export goes on. Output names come from document
//! ids, never from the dump. Every hit is exported, streamed in index order.

pub mod files;
pub mod manifest;
pub mod mboxrd;
pub mod verify;

use std::path::{Path, PathBuf};

use crate::date;
use crate::document::{Card, DocId, DocKind, parse_id};
use crate::error::{Error, Result};
use crate::index::Store;
use crate::location::Format;
use crate::search::{self, Hit, SearchRequest, Sort};

pub use manifest::ExportFormat;
use manifest::{Counts, Entry, FileRecord, IndexState, Manifest, Status};
use mboxrd::MboxWriter;

/// A validated export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The query (the language of `trawl search`).
    pub query: String,
    /// The directory to create, or an empty one.
    pub to: PathBuf,
    /// One file per document, or one mbox.
    pub format: ExportFormat,
    /// At most this many documents, the first in `sort` order; `None`: every match.
    pub limit: Option<usize>,
    /// The order documents are taken (and listed in the manifest) in.
    pub sort: Sort,
}

/// What an export did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Documents matched, exported, failed, skipped.
    pub counts: Counts,
    /// The entries of the documents not written, with their reasons.
    pub not_exported: Vec<Entry>,
    /// Hash of the index state searched (see [`Store::state_sha256`]).
    pub state_sha256: String,
    /// The index was committed to while the export ran (see [`IndexState`]).
    pub index_changed: bool,
    /// SHA-256 of the `manifest.json` written, to note beside the export.
    pub manifest_sha256: String,
}

/// Runs the query and writes every matching document, then the manifest, into
/// `request.to`, which must be missing or empty. A source that changed or vanished is
/// recorded, not fatal; a failure to write the export is.
pub fn export(store: &Store, request: &ExportRequest) -> Result<Report> {
    crate::query::parse(&request.query)?;
    prepare(&request.to)?;
    let state = store.state_sha256()?;
    let now = jiff::Timestamp::now().as_second();
    let mut exporter = Exporter::new(&request.to, request.format, now)?;
    let mut entries = Vec::new();
    search::search_each::<Error>(store, &hits_of(request), &mut |hit| {
        entries.push(exporter.put(&hit)?);
        Ok(())
    })?;
    let records = exporter.finish()?;
    let index = IndexState {
        path: absolute(&store.dir),
        changed_during_export: store.state_sha256()? != state,
        state_sha256: state,
    };
    write_manifest(request, index, date::rfc3339(now), records, entries)
}

/// Writes the manifest and says what was done.
fn write_manifest(
    request: &ExportRequest,
    index: IndexState,
    exported_at: String,
    records: Vec<FileRecord>,
    entries: Vec<Entry>,
) -> Result<Report> {
    let mut manifest = Manifest {
        v: manifest::VERSION,
        trawl_version: env!("CARGO_PKG_VERSION").to_owned(),
        query: request.query.clone(),
        limit: request.limit.map(|n| n as u64),
        sort: request.sort.name().to_owned(),
        exported_at,
        format: request.format,
        counts: tally(&entries),
        index,
        files: records,
        messages: entries,
    };
    let manifest_sha256 = manifest::write(&request.to, &mut manifest)?;
    Ok(Report {
        counts: manifest.counts,
        not_exported: manifest
            .messages
            .into_iter()
            .filter(|e| e.status != Status::Exported)
            .collect(),
        state_sha256: manifest.index.state_sha256,
        index_changed: manifest.index.changed_during_export,
        manifest_sha256,
    })
}

/// The hits an export takes, without snippets: the first `limit` in `sort` order, or every
/// hit (streamed in index order for relevance).
fn hits_of(request: &ExportRequest) -> SearchRequest {
    SearchRequest {
        query: request.query.clone(),
        limit: request.limit.unwrap_or(1),
        offset: 0,
        sort: request.sort,
        all: request.limit.is_none(),
        snippets: false,
    }
}

/// Creates `dir`, or checks that it is an empty directory: an export never mixes with other
/// files, and never overwrites one.
fn prepare(dir: &Path) -> Result<()> {
    let refuse = |reason: &str| Error::ExportTarget {
        path: dir.to_path_buf(),
        reason: reason.to_owned(),
    };
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(refuse(
            "the directory is not empty: export into a new or empty directory",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(refuse("not a directory")),
        Err(e) => Err(Error::io(dir, e)),
    }
}

fn absolute(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

fn tally(entries: &[Entry]) -> Counts {
    let n = |status| entries.iter().filter(|e| e.status == status).count() as u64;
    Counts {
        matched: entries.len() as u64,
        exported: n(Status::Exported),
        failed: n(Status::Failed),
        skipped: n(Status::Skipped),
    }
}

/// Writes documents one by one into the export directory, or into its mbox.
struct Exporter<'a> {
    dir: &'a Path,
    mbox: Option<MboxWriter>,
    now: i64,
}

impl<'a> Exporter<'a> {
    fn new(dir: &'a Path, format: ExportFormat, now: i64) -> Result<Exporter<'a>> {
        let mbox = match format {
            ExportFormat::Mbox => Some(MboxWriter::create(dir)?),
            ExportFormat::Eml => None,
        };
        Ok(Exporter { dir, mbox, now })
    }

    /// Writes one hit and returns its manifest entry; only a failure to write the export is
    /// an error.
    fn put(&mut self, hit: &Hit) -> Result<Entry> {
        let entry = Entry::describe(&hit.id, &hit.card);
        let Some(id) = parse_id(&hit.id) else {
            return Ok(entry.refused(Status::Failed, "not a document id: the index is damaged"));
        };
        if let Some(why) = self.mbox.as_ref().and_then(|_| not_for_mbox(&hit.card)) {
            return Ok(entry.refused(Status::Skipped, why));
        }
        match search::original_bytes(&hit.id, &hit.card) {
            Ok(raw) => self.write(entry, id, &hit.card, &raw),
            Err(e) => Ok(entry.refused(Status::Failed, &e.with_causes())),
        }
    }

    /// Writes the verified bytes `raw` and records where they went and their SHA-256.
    fn write(&mut self, mut entry: Entry, id: DocId, card: &Card, raw: &[u8]) -> Result<Entry> {
        entry.sha256 = Some(files::sha256_hex(raw));
        entry.size = Some(raw.len() as u64);
        match &mut self.mbox {
            Some(mbox) => {
                let span = mbox.append(card, self.now, raw)?;
                entry.file = Some(mboxrd::FILE.to_owned());
                entry.mbox_offset = Some(span.offset);
                entry.mbox_length = Some(span.length);
            }
            None => {
                let name = file_name(id, card);
                files::create(&self.dir.join(&name), raw)?;
                entry.file = Some(name);
            }
        }
        Ok(entry)
    }

    /// Closes the mbox, if any, and lists it for the manifest.
    fn finish(self) -> Result<Vec<FileRecord>> {
        self.mbox.map(MboxWriter::finish).into_iter().collect()
    }
}

/// Why a document cannot go into an mbox export, if it cannot: an mbox holds RFC 822 text.
fn not_for_mbox(card: &Card) -> Option<&'static str> {
    if card.kind == DocKind::Attachment {
        return Some(
            "an attachment, not an email: an mbox export holds emails only (export \
             attachments with --format eml, which writes each as a file of its own)",
        );
    }
    if card.kind == DocKind::Article {
        return Some(
            "an article, not an email: an mbox export holds emails only (export articles \
             with --format eml)",
        );
    }
    let is_msg = card
        .locations
        .first()
        .is_some_and(|l| l.format == Format::Msg);
    is_msg.then_some(
        "an Outlook .msg file, not RFC 822 text: an mbox export cannot hold it (export it \
         with --format eml, which writes it as <id>.msg)",
    )
}

/// `<id>.eml` for an email, `<id>.msg` for one whose bytes are an Outlook `.msg` file;
/// `<id>.<extension>` for an article or an attachment, the extension of its source file (of
/// the attachment's name) when it is 1 to 8 ASCII letters or digits, else `html` or `txt` by
/// its format (`bin` for an attachment). The name from the dump never goes further.
fn file_name(id: DocId, card: &Card) -> String {
    let first = card.locations.first();
    let format = first.map(|l| l.format);
    let (named, fallback) = match card.kind {
        DocKind::Email if format == Some(Format::Msg) => return format!("{id}.msg"),
        DocKind::Email => return format!("{id}.eml"),
        DocKind::Attachment => (
            card.attachments.first().and_then(|a| a.name.as_deref()),
            "bin",
        ),
        DocKind::Article if format == Some(Format::Html) => {
            (first.map(|l| l.path.as_str()), "html")
        }
        DocKind::Article => (first.map(|l| l.path.as_str()), "txt"),
    };
    let original = named
        .and_then(|name| Path::new(name).extension())
        .and_then(|e| e.to_str())
        .filter(|e| (1..=8).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_alphanumeric()));
    format!("{id}.{}", original.unwrap_or(fallback))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(kind: &str, path: &str, format: &str) -> Card {
        serde_json::from_value(serde_json::json!({
            "kind": kind,
            "locations": [{"path": path, "offset": 0, "length": 1, "format": format}],
        }))
        .expect("a card")
    }

    #[test]
    fn names_come_from_the_id_and_never_carry_a_path() {
        let id = DocId([0xab; 16]);
        let hex = "ab".repeat(16);
        let named = |c: &Card| file_name(id, c);
        assert_eq!(
            named(&card("email", "/d/../x.txt", "message")),
            format!("{hex}.eml")
        );
        assert_eq!(
            named(&card("email", "/d/Outlook/x.MSG", "msg")),
            format!("{hex}.msg")
        );
        assert_eq!(
            named(&card("article", "/d/Note.HTM", "html")),
            format!("{hex}.HTM")
        );
        assert_eq!(
            named(&card("article", "/d/a.b/../x", "html")),
            format!("{hex}.html")
        );
        assert_eq!(
            named(&card("article", "/d/x.t\u{e9}xt", "text")),
            format!("{hex}.txt")
        );
        assert_eq!(
            named(&card("article", "/d/x.a b", "text")),
            format!("{hex}.txt")
        );
    }

    #[test]
    fn an_attachment_is_named_after_its_id_with_its_names_extension() {
        let id = DocId([0xcd; 16]);
        let attachment = |name: &str| -> Card {
            serde_json::from_value(serde_json::json!({
                "kind": "attachment",
                "attachments": [{"name": name, "mime": "application/pdf", "size": 1}],
                "locations": [{"path": "/d/a.msg", "offset": 0, "length": 1, "format": "msg",
                               "attachment": {"email": "ab", "number": 1}}],
            }))
            .expect("a card")
        };
        let hex = "cd".repeat(16);
        assert_eq!(
            file_name(id, &attachment("Devis.PDF")),
            format!("{hex}.PDF")
        );
        assert_eq!(
            file_name(id, &attachment("../../etc/passwd")),
            format!("{hex}.bin")
        );
        assert_eq!(
            file_name(id, &attachment("x.tar.gz; rm")),
            format!("{hex}.bin")
        );
    }

    #[test]
    fn an_export_goes_into_a_new_or_empty_directory_only() {
        let root = std::env::temp_dir().join(format!("trawl-prepare-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        assert!(prepare(&root.join("new/deep")).is_ok(), "created");
        assert!(prepare(&root.join("new/deep")).is_ok(), "empty");
        std::fs::write(root.join("new/deep/x"), b"x").expect("file");
        let refused = prepare(&root.join("new/deep")).map_err(|e| e.to_string());
        assert!(refused.is_err_and(|e| e.contains("new/deep") && e.contains("not empty")));
        assert!(prepare(&root.join("new/deep/x")).is_err(), "a file");
        let _ = std::fs::remove_dir_all(&root);
    }
}
