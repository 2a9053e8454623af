//! Search hits written one by one in the format asked for: human blocks, JSON lines, CSV, ids
//! or paths. Nothing is buffered beyond the current hit, so `search --all` streams.

use std::io::{self, Write};

use crate::date;
use crate::message::Mailbox;
use crate::render::{self, Painter};
use crate::sanitize::for_terminal;
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

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 14] = [
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
    ];
    row.into_iter()
        .map(|cell| spreadsheet_safe(&cell))
        .collect()
}

/// A cell as a spreadsheet may open it safely: control characters made visible, and a cell
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) quoted with `'`.
pub fn spreadsheet_safe(cell: &str) -> String {
    let clean = for_terminal(cell, false);
    match clean.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{clean}"),
        _ => clean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_escapes_from_a_dump_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-- urgent"), "'-- urgent");
        assert!(!spreadsheet_safe("red \x1b[31m").contains('\x1b'));
        assert_eq!(spreadsheet_safe("plain"), "plain");
    }
}
