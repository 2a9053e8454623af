//! Text out of attachments: PDF (text layer), Word (DOCX), PowerPoint (PPTX), OpenDocument
//! text and slides (ODT, ODP), spreadsheets (XLSX, XLS, ODS), RTF, HTML, CSV and plain text.
//!
//! The kind of an attachment is told by its MIME type, then its file name's extension, then
//! its first bytes (mail programs often send everything as `application/octet-stream`). Other
//! attachments (images, archives, executables) are not read for text. Every reader is given
//! at most `max` bytes of output to produce, runs under `catch_unwind` and, but for text and
//! HTML, under a time limit (`--max-extract-seconds`) on a thread of its own ([`deadline`]): a
//! hostile file gives an empty text and a note, never a crash or a stall of the pipeline. A
//! run reads each distinct file once ([`Cache`]).

mod cache;
mod deadline;
mod office;
mod pdf;
mod pdf_recursion;
mod sheet;

use std::time::Duration;

use crate::problem::Reason;
use crate::{charset, html};

pub use cache::Cache;

/// What kind of document an attachment is, as far as its text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// PDF: the text layer (scans without one give nothing).
    Pdf,
    /// Word 2007+ (`.docx`).
    Docx,
    /// PowerPoint 2007+ (`.pptx`).
    Pptx,
    /// OpenDocument text or presentation (`.odt`, `.odp`).
    OpenDocument,
    /// A spreadsheet: `.xlsx`, `.xlsm`, `.xls`, `.ods`.
    Sheet,
    /// Rich Text Format.
    Rtf,
    /// HTML.
    Html,
    /// Plain text, CSV and other `text/*`.
    Plain,
}

impl Kind {
    /// Every kind, the document files (read on a thread of their own) first.
    pub const ALL: [Kind; 8] = [
        Kind::Pdf,
        Kind::Docx,
        Kind::Pptx,
        Kind::OpenDocument,
        Kind::Sheet,
        Kind::Rtf,
        Kind::Html,
        Kind::Plain,
    ];
}

/// The text of an attachment and, when it could not all be read, why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The text (at most the `max` given, cut at a character boundary).
    pub text: String,
    /// Why the text is missing or partial (damaged file, past the limit).
    pub note: Option<Reason>,
}

/// The kind of an attachment from its MIME type, file name and first bytes; `None` when it
/// holds no text trawl can read.
pub fn kind(mime: &str, name: Option<&str>, head: &[u8]) -> Option<Kind> {
    by_mime(mime)
        .or_else(|| name.and_then(by_extension))
        .or_else(|| by_magic(head))
}

/// The kind a file name's extension names.
pub fn by_extension(name: &str) -> Option<Kind> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "pdf" => Kind::Pdf,
        "docx" | "docm" => Kind::Docx,
        "pptx" | "pptm" => Kind::Pptx,
        "odt" | "odp" => Kind::OpenDocument,
        "xlsx" | "xlsm" | "xls" | "ods" => Kind::Sheet,
        "rtf" => Kind::Rtf,
        "html" | "htm" => Kind::Html,
        "txt" | "csv" | "tsv" | "md" | "log" => Kind::Plain,
        _ => return None,
    })
}

fn by_mime(mime: &str) -> Option<Kind> {
    Some(match mime {
        "application/pdf" | "application/x-pdf" => Kind::Pdf,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Kind::Docx,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => Kind::Pptx,
        "application/vnd.oasis.opendocument.text"
        | "application/vnd.oasis.opendocument.presentation" => Kind::OpenDocument,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.ms-excel"
        | "application/vnd.oasis.opendocument.spreadsheet" => Kind::Sheet,
        "application/rtf" | "text/rtf" => Kind::Rtf,
        "text/html" => Kind::Html,
        m if m.starts_with("text/") => Kind::Plain,
        _ => return None,
    })
}

/// PDFs and RTF by their signature; a zip is only known by its name or type.
fn by_magic(head: &[u8]) -> Option<Kind> {
    match head {
        [b'%', b'P', b'D', b'F', b'-', ..] => Some(Kind::Pdf),
        [b'{', b'\\', b'r', b't', b'f', ..] => Some(Kind::Rtf),
        _ => None,
    }
}

/// The text of `bytes`, an attachment of kind `kind` (and MIME charset `charset` for text),
/// at most `max` bytes of it. Text and HTML are decoded here; the readers of other kinds run
/// on a thread of their own, whose text is given up past `time`.
pub fn text(kind: Kind, bytes: &[u8], charset: &str, max: usize, time: Duration) -> Extracted {
    let read = match kind {
        Kind::Html => Ok(html::to_text(&charset::decode(bytes, charset))),
        Kind::Plain => Ok(charset::decode(bytes, charset)),
        _ => {
            let owned = bytes.to_vec();
            deadline::within(time, move || read_document(kind, &owned, max))
        }
    };
    match read {
        Ok(text) => bounded(text, max),
        Err(why) => Extracted {
            text: String::new(),
            note: Some(why),
        },
    }
}

/// The text of a document file, a crash of its reader being an error like any other.
fn read_document(kind: Kind, bytes: &[u8], max: usize) -> Result<String, Reason> {
    let read = std::panic::catch_unwind(|| match kind {
        Kind::Pdf => pdf::text(bytes),
        Kind::Docx => office::docx(bytes, max),
        Kind::Pptx => office::pptx(bytes, max),
        Kind::OpenDocument => office::open_document(bytes, max),
        Kind::Sheet => sheet::text(bytes, max),
        Kind::Rtf => rtf(bytes),
        Kind::Html | Kind::Plain => Ok(String::new()),
    });
    read.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("no reason given");
        Err(Reason::ReaderGaveUp(why.to_owned()))
    })
}

/// `text` cut to `max` bytes, with a note when it was cut.
fn bounded(mut text: String, max: usize) -> Extracted {
    if text.len() <= max {
        return Extracted { text, note: None };
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    Extracted {
        text,
        note: Some(Reason::TextLimit),
    }
}

fn rtf(bytes: &[u8]) -> Result<String, Reason> {
    let source = charset::decode(bytes, "windows-1252");
    let document = rtf_parser::RtfDocument::try_from(source.as_str())
        .map_err(|e| Reason::DamagedRtf(e.to_string()))?;
    Ok(document.get_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn kinds_come_from_type_then_name_then_signature() {
        let octet = "application/octet-stream";
        assert_eq!(kind("application/pdf", None, b""), Some(Kind::Pdf));
        assert_eq!(
            kind(octet, Some("Budget 2017.XLSX"), b"PK"),
            Some(Kind::Sheet)
        );
        assert_eq!(kind(octet, Some("scan"), b"%PDF-1.4\n"), Some(Kind::Pdf));
        assert_eq!(kind(octet, None, b"{\\rtf1\\ansi"), Some(Kind::Rtf));
        assert_eq!(kind("text/csv", Some("x.bin"), b""), Some(Kind::Plain));
        assert_eq!(kind("image/png", Some("photo.png"), b"\x89PNG"), None);
        assert_eq!(kind(octet, Some("archive.zip"), b"PK\x03\x04"), None);
    }

    #[test]
    fn text_is_bounded_and_damage_is_a_note() {
        let long = text(Kind::Plain, "é".repeat(10).as_bytes(), "utf-8", 5, SECOND);
        assert_eq!(long.text, "éé");
        assert!(long.note.is_some());
        for kind in &Kind::ALL[..6] {
            let kind = *kind;
            let broken = text(kind, b"PK\x03\x04 not really", "", 1000, SECOND);
            assert_eq!(broken.text, "", "{kind:?}");
            assert!(broken.note.is_some(), "{kind:?}");
        }
    }

    #[test]
    fn rtf_gives_its_text() {
        let got = text(
            Kind::Rtf,
            b"{\\rtf1\\ansi{\\fonttbl\\f0 Arial;}\\f0 Bonjour \\'e9t\\'e9 rtfmotunique}",
            "",
            1000,
            SECOND,
        );
        assert!(got.text.contains("rtfmotunique"), "{got:?}");
    }
}
