//! Per file: sniff it, split it into units of work, and parse one unit into a document.
//! Runs on the rayon pool; never panics on data (a panic in a parser becomes a failure record).

use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use crate::document::{Document, Format, Location};
use crate::index::ledger::Problem;
use crate::sniff::{SNIFF_LEN, Sniffed, sniff};
use crate::source::{self, SourceData};
use crate::{article, mbox, message};

/// One message or article to parse: a range of a loaded file.
pub struct Unit {
    data: Arc<SourceData>,
    range: Range<usize>,
    /// Where it sits.
    pub location: Location,
}

/// What a file turned into.
pub enum Planned {
    /// Units to parse.
    Units(Vec<Unit>),
    /// Nothing to index, and why.
    Skipped(String),
}

/// What parsing a unit gave.
pub enum Outcome {
    /// A document (possibly damaged, see [`Document::damage`]).
    Doc(Box<Document>),
    /// Nothing indexable.
    Failed(Problem),
}

/// Loads and splits one file.
pub fn plan(path: &str) -> Planned {
    let data = match source::open(Path::new(path)) {
        Ok(d) => Arc::new(d),
        Err(e) => return Planned::Skipped(format!("unreadable: {e}")),
    };
    let format = match sniff(&data[..data.len().min(SNIFF_LEN)]) {
        Sniffed::Skip(reason) => return Planned::Skipped(reason.to_owned()),
        Sniffed::Mbox => Format::Mbox,
        Sniffed::Message => Format::Message,
        Sniffed::Article { html: false } => Format::Text,
        Sniffed::Article { html: true } => Format::Html,
    };
    let ranges: Vec<Range<usize>> = match format {
        Format::Mbox => mbox::split(&data)
            .into_iter()
            .map(|s| s.offset..s.offset + s.len)
            .collect(),
        _ => std::iter::once(0..data.len()).collect(),
    };
    let unit = |range: Range<usize>| Unit {
        data: Arc::clone(&data),
        location: Location {
            path: path.to_owned(),
            offset: range.start as u64,
            length: range.len() as u64,
            format,
        },
        range,
    };
    Planned::Units(ranges.into_iter().map(unit).collect())
}

/// Parses one unit; a panic inside a parser is caught and reported with the location.
pub fn process(unit: &Unit) -> Outcome {
    let bytes = &unit.data[unit.range.clone()];
    let location = unit.location.clone();
    match catch_unwind(AssertUnwindSafe(|| parse_bytes(bytes, location.clone()))) {
        Ok(doc) => Outcome::Doc(Box::new(doc)),
        Err(panic) => Outcome::Failed(Problem {
            path: location.path,
            offset: location.offset,
            length: location.length,
            reason: format!("parser panicked: {}", panic_text(&panic)),
        }),
    }
}

/// Builds the document for the bytes of a location (as stored in the file).
pub fn parse_bytes(bytes: &[u8], location: Location) -> Document {
    match location.format {
        Format::Mbox => {
            let raw = mbox::unquote(bytes);
            Document::from_email(&raw, message::parse(&raw), location)
        }
        Format::Message => Document::from_email(bytes, message::parse(bytes), location),
        Format::Text | Format::Html => Document::from_article(
            bytes,
            article::parse(bytes, location.format == Format::Html),
            location,
        ),
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
