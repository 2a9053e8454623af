//! Search hits written one by one in the format asked for: human blocks, JSON lines, CSV, ids
//! or paths; and `trawl batch` rows, as CSV or JSON lines. Nothing is buffered beyond the
//! current hit or row, so `search --all` and `batch` stream.

use std::io::{self, Write};

use serde::Serialize;

use crate::batch::Row;
use crate::date;
use crate::facets::{Bucket, Overview};
use crate::message::Mailbox;
use crate::render::{self, Painter};
use crate::sanitize::{for_terminal, spreadsheet_safe};
use crate::search::Hit;

/// How hits are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitFormat {
    /// Compact blocks for people, sanitized, coloured on a terminal.
    Human,
    /// One JSON object per line (see [`render::hit_json`]).
    Json,
    /// CSV with a header row ([`CSV_HEADER`]).
    Csv,
    /// The document id, one a line.
    Ids,
    /// Each distinct file of a hit's locations, one a line.
    Paths,
}

/// The CSV columns, in order (`email` and `attachment`: for an attachment, the first email
/// it was found in and its number there; `date` is UTC, `date_local` the sender's own time
/// with their offset, empty when unknown). Columns are only ever added at the end.
pub const CSV_HEADER: [&str; 17] = [
    "id",
    "kind",
    "date",
    "from",
    "to",
    "cc",
    "subject",
    "attachments",
    "paths",
    "offset",
    "length",
    "score",
    "snippet",
    "tags",
    "email",
    "attachment",
    "date_local",
];

/// Writes hits to `out` in one format.
pub struct HitWriter<'a, W: Write> {
    out: Sink<'a, W>,
    painter: Painter,
}

enum Sink<'a, W: Write> {
    Plain(&'a mut W, HitFormat),
    Csv(Box<csv::Writer<&'a mut W>>),
}

impl<'a, W: Write> HitWriter<'a, W> {
    /// A writer; CSV starts with its header row.
    pub fn new(out: &'a mut W, format: HitFormat, painter: Painter) -> io::Result<Self> {
        let out = match format {
            HitFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(CSV_HEADER)?;
                Sink::Csv(Box::new(csv))
            }
            other => Sink::Plain(out, other),
        };
        Ok(HitWriter { out, painter })
    }

    /// Writes one hit.
    pub fn write(&mut self, hit: &Hit) -> io::Result<()> {
        match &mut self.out {
            Sink::Csv(csv) => Ok(csv.write_record(csv_row(hit))?),
            Sink::Plain(w, HitFormat::Json) => writeln!(w, "{}", render::hit_json(hit)),
            Sink::Plain(w, HitFormat::Ids) => writeln!(w, "{}", hit.id),
            Sink::Plain(w, HitFormat::Paths) => write_paths(w, hit),
            Sink::Plain(w, _) => render::write_hit(w, hit, self.painter),
        }
    }

    /// Flushes what is left.
    pub fn finish(self) -> io::Result<()> {
        match self.out {
            Sink::Csv(mut csv) => csv.flush(),
            Sink::Plain(w, _) => w.flush(),
        }
    }
}

fn write_paths(w: &mut impl Write, hit: &Hit) -> io::Result<()> {
    for path in render::paths(&hit.card.locations) {
        writeln!(w, "{}", for_terminal(path, false))?;
    }
    Ok(())
}

/// One CSV row, in [`CSV_HEADER`] order.
fn csv_row(hit: &Hit) -> Vec<String> {
    let c = &hit.card;
    let boxes = |b: &[Mailbox]| {
        b.iter()
            .map(Mailbox::display)
            .collect::<Vec<_>>()
            .join("; ")
    };
    let first = c.locations.first();
    let row = [
        hit.id.clone(),
        c.kind.as_str().to_owned(),
        c.date.map(date::rfc3339).unwrap_or_default(),
        boxes(&c.from),
        boxes(&c.to),
        boxes(&c.cc),
        c.subject.clone().unwrap_or_default(),
        c.attachments
            .iter()
            .filter_map(|a| a.name.as_deref())
            .collect::<Vec<_>>()
            .join("; "),
        render::paths(&c.locations).join("; "),
        first.map(|l| l.offset.to_string()).unwrap_or_default(),
        first.map(|l| l.length.to_string()).unwrap_or_default(),
        hit.score.map(|s| s.to_string()).unwrap_or_default(),
        hit.snippet.text.clone(),
        hit.tags.join("; "),
        hit.email.as_ref().map(|e| e.id.clone()).unwrap_or_default(),
        hit.email
            .as_ref()
            .map(|e| e.number.to_string())
            .unwrap_or_default(),
        render::local_date(c).unwrap_or_default(),
    ];
    row.into_iter()
        .map(|cell| spreadsheet_safe(&cell))
        .collect()
}

/// The CSV columns of `trawl batch`, in order.
pub const BATCH_CSV_HEADER: [&str; 7] = [
    "line",
    "query",
    "hits",
    "first_date",
    "last_date",
    "top_senders",
    "error",
];

/// Writes `trawl batch` rows to `out`: CSV with a header row, or JSON lines.
pub enum BatchWriter<'a, W: Write> {
    /// CSV, [`BATCH_CSV_HEADER`] first.
    Csv(Box<csv::Writer<&'a mut W>>),
    /// One JSON object per line (see [`batch_json`]).
    Json(&'a mut W),
}

impl<'a, W: Write> BatchWriter<'a, W> {
    /// A writer of JSON lines, or of CSV (which starts with its header row).
    pub fn new(out: &'a mut W, json: bool) -> io::Result<Self> {
        if json {
            return Ok(BatchWriter::Json(out));
        }
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(BATCH_CSV_HEADER)?;
        Ok(BatchWriter::Csv(Box::new(csv)))
    }

    /// Writes one row.
    pub fn write(&mut self, row: &Row) -> io::Result<()> {
        match self {
            BatchWriter::Csv(csv) => Ok(csv.write_record(batch_csv_row(row))?),
            BatchWriter::Json(w) => writeln!(w, "{}", batch_json(row)),
        }
    }

    /// Flushes what is left.
    pub fn finish(self) -> io::Result<()> {
        match self {
            BatchWriter::Csv(mut csv) => csv.flush(),
            BatchWriter::Json(w) => w.flush(),
        }
    }
}

/// One batch row in [`BATCH_CSV_HEADER`] order. A failed row has only its line, query and
/// error.
fn batch_csv_row(row: &Row) -> Vec<String> {
    let answer = match &row.outcome {
        Ok(o) => overview_cells(o),
        Err(e) => {
            let mut cells: [String; 5] = Default::default();
            cells[4].clone_from(e);
            cells
        }
    };
    [row.line.to_string(), row.query.clone()]
        .into_iter()
        .chain(answer)
        .map(|cell| spreadsheet_safe(&cell))
        .collect()
}

/// Hits, first and last dates, the senders in one cell (`address (count)` joined with `; `),
/// and an empty error.
fn overview_cells(o: &Overview) -> [String; 5] {
    let (first, last) = rfc3339_span(o.dates).unwrap_or_default();
    let senders: Vec<String> = o
        .senders
        .iter()
        .map(|b| format!("{} ({})", b.value, b.count))
        .collect();
    [
        o.matched.to_string(),
        first,
        last,
        senders.join("; "),
        String::new(),
    ]
}

fn rfc3339_span(span: Option<(i64, i64)>) -> Option<(String, String)> {
    span.map(|(first, last)| (date::rfc3339(first), date::rfc3339(last)))
}

/// The JSON shape of a batch row: a contract, like a search hit's (extend it, never break it).
#[derive(Serialize)]
struct BatchJson<'a> {
    v: u32,
    line: u64,
    query: &'a str,
    hits: Option<u64>,
    first_date: Option<String>,
    last_date: Option<String>,
    top_senders: Vec<SenderJson<'a>>,
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct SenderJson<'a> {
    address: &'a str,
    count: u64,
}

fn sender_json(b: &Bucket) -> SenderJson<'_> {
    SenderJson {
        address: &b.value,
        count: b.count,
    }
}

/// One batch row as a JSON object on one line.
pub fn batch_json(row: &Row) -> String {
    let ok = row.outcome.as_ref().ok();
    let (first_date, last_date) = rfc3339_span(ok.and_then(|o| o.dates)).unzip();
    let json = BatchJson {
        v: 1,
        line: row.line,
        query: &row.query,
        hits: ok.map(|o| o.matched),
        first_date,
        last_date,
        top_senders: ok.map_or_else(Vec::new, |o| o.senders.iter().map(sender_json).collect()),
        error: row.outcome.as_ref().err().map(String::as_str),
    };
    serde_json::to_string(&json).unwrap_or_default()
}
