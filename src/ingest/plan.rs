//! The first two stages of the pipeline: reading files into units of work, and parsing a unit
//! into a document.
//!
//! [`read_all`] reads the found files in order, tells what each holds, and sends its units in
//! bounded batches; an mbox is streamed block by block, so memory does not grow with the size
//! of a mailbox. [`process`] runs on the rayon pool and never panics on data: a panic in a
//! parser becomes a failure record with the message's location.

use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use crate::discover::Found;
use crate::document::{Document, Format, Location};
use crate::index::ledger::Problem;
use crate::mbox::{Block, Blocks};
use crate::sniff::{SNIFF_LEN, Sniffed, sniff};
use crate::{article, mbox, message, source};

/// Files up to this size are read whole; larger ones are read in blocks when they are mboxes.
const WHOLE_FILE_LEN: usize = 4 * 1024 * 1024;
/// A batch is sent once it holds this many units...
const BATCH_UNITS: usize = 1024;
/// ...or this many bytes.
const BATCH_BYTES: usize = 16 * 1024 * 1024;

/// One message or article to parse: a range of bytes read from a file.
pub struct Unit {
    data: Arc<Vec<u8>>,
    range: Range<usize>,
    /// Where it sits.
    pub location: Location,
}

/// What the reader sends down the pipeline, in file order.
pub enum Feed {
    /// A file begins (before any of its units): record it, as skipped when `skipped` says why.
    Source {
        /// Absolute path.
        path: String,
        /// Size in bytes.
        bytes: u64,
        /// Why nothing in it is indexed, if so.
        skipped: Option<String>,
    },
    /// Units to parse, from files already announced.
    Units(Vec<Unit>),
    /// Bytes of an announced file that could not be read (an I/O error part-way).
    Unreadable(Problem),
}

/// What parsing a unit gave.
pub enum Outcome {
    /// A document (possibly damaged, see [`Document::damage`]).
    Doc(Box<Document>),
    /// Nothing indexable.
    Failed(Problem),
}

/// Reads every found file in order and hands `send` its announcement and its units in
/// batches. Stops early when `send` returns false (the pipeline has stopped).
pub fn read_all(found: &[Found], send: &mut dyn FnMut(Feed) -> bool) {
    let mut batch = Batch::default();
    for f in found {
        let going = match f {
            Found::File { path, bytes } => read_file(path, *bytes, &mut batch, send),
            Found::Problem { path, reason } => send(skipped(path, 0, reason.clone())),
        };
        if !going {
            return;
        }
    }
    if !batch.units.is_empty() {
        send(Feed::Units(batch.units));
    }
}

/// Units gathered for the next send.
#[derive(Default)]
struct Batch {
    units: Vec<Unit>,
    bytes: usize,
}

impl Batch {
    /// Adds a unit; returns the batch to send when it is full.
    fn push(&mut self, unit: Unit) -> Option<Vec<Unit>> {
        self.bytes += unit.range.len();
        self.units.push(unit);
        let full = self.units.len() >= BATCH_UNITS || self.bytes >= BATCH_BYTES;
        full.then(|| {
            self.bytes = 0;
            std::mem::take(&mut self.units)
        })
    }
}

fn skipped(path: &str, bytes: u64, reason: String) -> Feed {
    Feed::Source {
        path: path.to_owned(),
        bytes,
        skipped: Some(reason),
    }
}

/// Announces one file and queues its units.
fn read_file(
    path: &str,
    bytes: u64,
    batch: &mut Batch,
    send: &mut dyn FnMut(Feed) -> bool,
) -> bool {
    let opened = match source::open_head(Path::new(path), WHOLE_FILE_LEN) {
        Ok(o) => o,
        Err(e) => return send(skipped(path, bytes, format!("unreadable: {e}"))),
    };
    let format = match sniff(&opened.head[..opened.head.len().min(SNIFF_LEN)]) {
        Sniffed::Skip(reason) => return send(skipped(path, bytes, reason.to_owned())),
        Sniffed::Mbox => Format::Mbox,
        Sniffed::Message => Format::Message,
        Sniffed::Article { html } => [Format::Text, Format::Html][usize::from(html)],
    };
    let announced = Feed::Source {
        path: path.to_owned(),
        bytes,
        skipped: None,
    };
    if !send(announced) {
        return false;
    }
    let file = FileUnits { path, format };
    match format {
        Format::Mbox => file.stream_mbox(Blocks::new(opened.file, opened.head), batch, send),
        _ => match source::read_whole(opened, Path::new(path)) {
            Ok(data) => file.queue(
                std::iter::once(0..data.len()).collect(),
                Arc::new(data),
                0,
                batch,
                send,
            ),
            Err(e) => send(Feed::Unreadable(file.unreadable(0, bytes, &e.to_string()))),
        },
    }
}

/// Cuts one file's bytes into units.
struct FileUnits<'a> {
    path: &'a str,
    format: Format,
}

impl FileUnits<'_> {
    /// Queues every message of an mbox, block by block.
    fn stream_mbox(
        &self,
        mut blocks: Blocks<std::fs::File>,
        batch: &mut Batch,
        send: &mut dyn FnMut(Feed) -> bool,
    ) -> bool {
        loop {
            match blocks.next_block() {
                Ok(None) => return true,
                Ok(Some(Block {
                    bytes,
                    offset,
                    spans,
                })) => {
                    let ranges = spans.iter().map(|s| s.offset..s.offset + s.len).collect();
                    if !self.queue(ranges, Arc::new(bytes), offset, batch, send) {
                        return false;
                    }
                }
                Err(e) => {
                    let rest = self.unreadable(blocks.offset(), 0, &e.to_string());
                    return send(Feed::Unreadable(rest));
                }
            }
        }
    }

    /// Queues the units at `ranges` of `data` (read at file offset `offset`).
    fn queue(
        &self,
        ranges: Vec<Range<usize>>,
        data: Arc<Vec<u8>>,
        offset: u64,
        batch: &mut Batch,
        send: &mut dyn FnMut(Feed) -> bool,
    ) -> bool {
        for range in ranges {
            let unit = Unit {
                location: self.location(offset + range.start as u64, range.len() as u64),
                data: Arc::clone(&data),
                range,
            };
            if let Some(full) = batch.push(unit) {
                if !send(Feed::Units(full)) {
                    return false;
                }
            }
        }
        true
    }

    /// The bytes from `offset` on could not be read (`length` 0 when unknown).
    fn unreadable(&self, offset: u64, length: u64, reason: &str) -> Problem {
        Problem {
            path: self.path.to_owned(),
            offset,
            length,
            reason: format!("unreadable from this offset on: {reason}"),
        }
    }

    fn location(&self, offset: u64, length: u64) -> Location {
        Location {
            path: self.path.to_owned(),
            offset,
            length,
            format: self.format,
        }
    }
}

/// Parses one unit; a panic inside a parser is caught and reported with the location.
pub fn process(unit: &Unit) -> Outcome {
    let bytes = &unit.data[unit.range.clone()];
    let location = unit.location.clone();
    match catch_unwind(AssertUnwindSafe(|| parse_bytes(bytes, location.clone()))) {
        Ok(doc) => Outcome::Doc(Box::new(doc)),
        Err(panic) => Outcome::Failed(problem(
            location,
            format!("parser panicked: {}", panic_text(&panic)),
        )),
    }
}

fn problem(location: Location, reason: String) -> Problem {
    Problem {
        path: location.path,
        offset: location.offset,
        length: location.length,
        reason,
    }
}

/// Builds the document for the bytes of a location (as stored in the file).
pub fn parse_bytes(bytes: &[u8], location: Location) -> Document {
    match extract(bytes, location.format) {
        Extracted::Email(raw, email) => Document::from_email(&raw, email, location),
        Extracted::Article(a) => Document::from_article(bytes, a, location),
    }
}

/// The searchable text (body, attachment text) of a location's bytes, without the identity
/// hashing that [`parse_bytes`] does: what snippets are cut from.
pub fn parse_text(bytes: &[u8], format: Format) -> (String, String) {
    match extract(bytes, format) {
        Extracted::Email(_, email) => (email.body, email.attachment_text),
        Extracted::Article(a) => (a.text, String::new()),
    }
}

/// A parsed email with its unquoted bytes, or a parsed article.
enum Extracted<'a> {
    Email(std::borrow::Cow<'a, [u8]>, message::Email),
    Article(article::Article),
}

fn extract(bytes: &[u8], format: Format) -> Extracted<'_> {
    match format {
        Format::Mbox => {
            let raw = mbox::unquote(bytes);
            let email = message::parse(&raw);
            Extracted::Email(raw, email)
        }
        Format::Message => Extracted::Email(bytes.into(), message::parse(bytes)),
        Format::Text | Format::Html => {
            Extracted::Article(article::parse(bytes, format == Format::Html))
        }
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
