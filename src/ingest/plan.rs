//! The first two stages of the pipeline: reading files into units of work, and parsing a unit
//! into a document.
//!
//! [`read_all`] reads the found files in order, tells what each holds, and sends its units in
//! bounded batches; an mbox is streamed block by block, so memory does not grow with the size
//! of a mailbox. An archive is walked by [`crate::container::walk`], which hands each member
//! back here to be sniffed and cut like a file. [`process`] runs on the rayon pool and never panics on data: a panic in a
//! parser becomes a failure record with the message's location.

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use crate::container::walk::WalkRequest;
use crate::container::{self, Visitor};
use crate::discover::Found;
use crate::dkim::Verifier;
use crate::document::Document;
use crate::limits::{ContainerLimits, Limits};
use crate::location::{Format, Location};
use crate::mailstore::{emlx, msg, pst};
use crate::mbox::{Block, Blocks};
use crate::message::Reading;
use crate::problem::{Problem, ProblemKind, Reason};
use crate::sniff::{ContainerKind, SNIFF_LEN, Sniffed, sniff};
use crate::{extract, mbox, source};

/// Files up to this size are read whole; larger ones are read in blocks when they are mboxes.
const WHOLE_FILE_LEN: usize = 4 * 1024 * 1024;

/// Bytes of a suspected envelope line quoted in the reason of a probably merged message.
const MERGED_LINE_SHOWN: usize = 80;
/// A batch is sent once it holds this many units...
const BATCH_UNITS: usize = 1024;
/// ...or this many bytes.
const BATCH_BYTES: usize = 4 * 1024 * 1024;

/// One message or article to parse: a range of bytes read from a file.
pub struct Unit {
    data: Arc<Vec<u8>>,
    range: Range<usize>,
    /// Where it sits.
    pub location: Location,
    /// Damage found while cutting it out of its file (an `.emlx` count line that is wrong).
    damage: Option<String>,
}

/// A file that begins: recorded in the ledger before any of its units.
pub struct SourceStart {
    /// Absolute path.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Why nothing in it is indexed, if so.
    pub skipped: Option<Reason>,
}

/// What the reader sends down the pipeline: files begun, units to parse, and bytes that could
/// not be read (an I/O error part-way through a file). Every unit and problem belongs to a
/// file begun in the same feed or an earlier one.
#[derive(Default)]
pub struct Feed {
    /// Files begun, in order.
    pub sources: Vec<SourceStart>,
    /// Units to parse, in order.
    pub units: Vec<Unit>,
    /// Unreadable stretches.
    pub unreadable: Vec<Problem>,
    /// Files read to their end, with their modification time: only those are recorded as
    /// read, so that a run stopped part-way reads the rest of a file next time.
    pub finished: Vec<(String, u64)>,
    /// Archives read only up to a limit: (the archive's path, where and why).
    pub truncated: Vec<(String, Problem)>,
}

/// The limits the reader applies: one message's size (a member read whole, a nested zip held
/// in memory) and an archive's.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// Largest message read from a member, in bytes.
    pub message_bytes: usize,
    /// What one archive may cost.
    pub container: ContainerLimits,
}

/// What parsing a unit gave.
pub enum Outcome {
    /// A document (possibly damaged, see [`Document::damage`]).
    Doc(Box<Document>),
    /// Nothing indexable.
    Failed(Problem),
}

/// Reads every found file in order and hands `send` feeds of bounded size. Stops early when
/// `send` returns false (the pipeline has stopped, or was asked to); returns whether every
/// file was read.
pub fn read_all(found: &[Found], limits: ReadLimits, send: &mut dyn FnMut(Feed) -> bool) -> bool {
    let mut out = Batcher {
        feed: Feed::default(),
        bytes: 0,
        limits,
        send,
    };
    for f in found {
        let going = match f {
            Found::File {
                path,
                bytes,
                modified,
            } => read_file(path, *bytes, *modified, &mut out),
            Found::Problem { path, reason } => out.begin(path, 0, Some(reason.clone())),
        };
        if !going {
            return false;
        }
    }
    out.flush()
}

/// Gathers the next feed and sends it when full. Every method returns false once the
/// pipeline has stopped.
struct Batcher<'a> {
    feed: Feed,
    bytes: usize,
    limits: ReadLimits,
    send: &'a mut dyn FnMut(Feed) -> bool,
}

impl Batcher<'_> {
    fn begin(&mut self, path: &str, bytes: u64, skipped: Option<Reason>) -> bool {
        self.feed.sources.push(SourceStart {
            path: path.to_owned(),
            bytes,
            skipped,
        });
        self.flush_if_full()
    }

    /// Records that a file was read to its end (or skipped whole).
    fn finish(&mut self, path: &str, modified: u64) -> bool {
        self.feed.finished.push((path.to_owned(), modified));
        self.flush_if_full()
    }

    fn push(&mut self, unit: Unit) -> bool {
        self.bytes += unit.range.len();
        self.feed.units.push(unit);
        self.flush_if_full()
    }

    fn unreadable(&mut self, problem: Problem) -> bool {
        self.feed.unreadable.push(problem);
        self.flush_if_full()
    }

    fn truncated(&mut self, archive: &str, problem: Problem) -> bool {
        self.feed.truncated.push((archive.to_owned(), problem));
        self.flush_if_full()
    }

    fn flush_if_full(&mut self) -> bool {
        let full = self.feed.units.len() >= BATCH_UNITS
            || self.feed.sources.len() >= BATCH_UNITS
            || self.bytes >= BATCH_BYTES;
        !full || self.flush()
    }

    fn flush(&mut self) -> bool {
        self.bytes = 0;
        let feed = std::mem::take(&mut self.feed);
        let empty = feed.sources.is_empty()
            && feed.units.is_empty()
            && feed.unreadable.is_empty()
            && feed.finished.is_empty()
            && feed.truncated.is_empty();
        empty || (self.send)(feed)
    }
}

/// Begins one file and queues its units.
fn read_file(path: &str, bytes: u64, modified: u64, out: &mut Batcher) -> bool {
    read_units(path, bytes, out) && out.finish(path, modified)
}

/// Begins one file and queues all its units; false when the pipeline stopped meanwhile.
fn read_units(path: &str, bytes: u64, out: &mut Batcher) -> bool {
    let opened = match source::open_head(Path::new(path), WHOLE_FILE_LEN, bytes) {
        Ok(o) => o,
        Err(e) => return out.begin(path, bytes, Some(Reason::Unreadable(e.to_string()))),
    };
    let head = &opened.head[..opened.head.len().min(SNIFF_LEN)];
    let format = match sniff(head) {
        Sniffed::Container(kind) => return read_archive(path, bytes, kind, opened.file, out),
        Sniffed::Pst => return read_store(path, bytes, out),
        sniffed => format_of(sniffed, head, path),
    };
    let format = match format {
        Ok(format) => format,
        Err(reason) => return out.begin(path, bytes, Some(reason)),
    };
    let file = FileUnits { path, format };
    if let Some(reason) = (format == Format::Msg)
        .then(|| file.compound_skipped())
        .flatten()
    {
        return out.begin(path, bytes, Some(reason));
    }
    if !out.begin(path, bytes, None) {
        return false;
    }
    match format {
        Format::Mbox => file.stream_mbox(Blocks::new(opened.file, opened.head), out),
        _ => match source::read_whole(opened, Path::new(path)) {
            Ok(data) => file.queue_whole(data, out),
            Err(e) => out.unreadable(file.unreadable(0, bytes, Reason::Io(e.to_string()))),
        },
    }
}

/// Begins an archive on disk and walks its members.
fn read_archive(
    path: &str,
    bytes: u64,
    kind: ContainerKind,
    mut file: std::fs::File,
    out: &mut Batcher,
) -> bool {
    if !out.begin(path, bytes, None) {
        return false;
    }
    if let Err(e) = file.seek(SeekFrom::Start(0)) {
        return out.unreadable(FileUnits::new(path).unreadable(0, bytes, Reason::from(e)));
    }
    let request = WalkRequest {
        path,
        size: bytes,
        kind,
        limits: out.limits.container,
        max_buffer: out.limits.message_bytes,
    };
    container::walk(&request, &mut file, out)
}

/// Begins an Outlook PST/OST store and queues each of its messages as a source of its own
/// (`STORE!/FOLDER/NODE-ID`, like an archive's member), rebuilt as MIME; a message that cannot
/// be read is a failure at its own path, a store that cannot be opened one at the store's.
fn read_store(path: &str, bytes: u64, out: &mut Batcher) -> bool {
    if !out.begin(path, bytes, None) {
        return false;
    }
    let mut going = true;
    let walked = pst::each_message(path, &mut |member| {
        going = queue_store_member(member, out);
        going
    });
    match walked {
        Ok(()) => going,
        Err(e) => out.unreadable(Problem {
            kind: ProblemKind::Failed,
            path: path.to_owned(),
            offset: 0,
            length: 0,
            reason: Reason::StoreUnreadable(Box::new(e)),
        }),
    }
}

/// Begins one message of a store and queues it, or records why it cannot be read.
fn queue_store_member(member: pst::Member, out: &mut Batcher) -> bool {
    let file = FileUnits {
        path: &member.path,
        format: Format::Pst,
    };
    match member.message {
        Ok((mime, damage)) => {
            let size = mime.len();
            out.begin(&member.path, size as u64, None)
                && out.push(file.unit(&Arc::new(mime), 0..size, 0, damage))
        }
        Err(reason) => {
            let problem = Problem {
                kind: ProblemKind::Failed,
                path: member.path.clone(),
                offset: 0,
                length: 0,
                reason,
            };
            out.begin(&member.path, 0, None) && out.unreadable(problem)
        }
    }
}

/// A member of an archive is a source of its own: sniffed, then cut like a file, except that
/// it can be read only once, so a member that is not an mbox is read whole up to the
/// message-size limit, and an mbox member's blocks are bounded by it.
impl Visitor for Batcher<'_> {
    fn begin(&mut self, path: &str, size: u64, skipped: Option<Reason>) -> bool {
        Batcher::begin(self, path, size, skipped)
    }

    fn member(&mut self, path: &str, size: u64, head: Vec<u8>, rest: &mut dyn Read) -> bool {
        let format = match format_of(sniff(&head), &head, path) {
            Ok(format) => format,
            Err(reason) => return self.begin(path, size, Some(reason)),
        };
        if !Batcher::begin(self, path, size, None) {
            return false;
        }
        let file = FileUnits { path, format };
        let max = self.limits.message_bytes;
        match format {
            Format::Mbox => file.stream_mbox(Blocks::new(rest, head).with_max_message(max), self),
            _ => file.read_member(head, rest, max, self),
        }
    }

    fn problem(&mut self, archive: &str, problem: Problem) -> bool {
        match problem.kind {
            ProblemKind::Truncated => self.truncated(archive, problem),
            _ => self.unreadable(problem),
        }
    }
}

/// How a file's bytes are read, from what its first bytes hold; why it is skipped otherwise.
/// The name only breaks a tie: text named `.emlx` whose first line is a damaged count, then a
/// message, is an `.emlx`.
fn format_of(sniffed: Sniffed, head: &[u8], path: &str) -> Result<Format, Reason> {
    match sniffed {
        Sniffed::Article { .. } if is_damaged_emlx(head, path) => Ok(Format::Emlx),
        Sniffed::Skip(reason) => Err(Reason::Sniffed(reason)),
        Sniffed::Container(_) => Err(Reason::ArchiveNotOpened),
        Sniffed::Pst => Err(Reason::PstInArchive),
        Sniffed::Mbox => Ok(Format::Mbox),
        Sniffed::Message => Ok(Format::Message),
        Sniffed::Emlx => Ok(Format::Emlx),
        Sniffed::Compound => Ok(Format::Msg),
        Sniffed::Article { html: false } => Ok(Format::Text),
        Sniffed::Article { html: true } => Ok(Format::Html),
    }
}

/// A file named `.emlx` whose text after its first line is a message.
fn is_damaged_emlx(head: &[u8], path: &str) -> bool {
    let named = path.to_ascii_lowercase().ends_with(".emlx");
    let after_first_line = memchr::memchr(b'\n', head).map(|nl| &head[nl + 1..]);
    named && after_first_line.is_some_and(crate::sniff::looks_like_message)
}

/// Cuts one file's bytes into units.
struct FileUnits<'a> {
    path: &'a str,
    format: Format,
}

impl<'a> FileUnits<'a> {
    /// Units of a file whose format does not matter (only problems are reported).
    fn new(path: &'a str) -> FileUnits<'a> {
        FileUnits {
            path,
            format: Format::Message,
        }
    }

    /// Queues every message of an mbox, block by block.
    fn stream_mbox<R: Read>(&self, mut blocks: Blocks<R>, out: &mut Batcher) -> bool {
        loop {
            match blocks.next_block() {
                Ok(None) => return true,
                Ok(Some(Block {
                    bytes,
                    offset,
                    spans,
                })) => {
                    let ranges = spans.iter().map(|s| s.offset..s.offset + s.len).collect();
                    if !self.queue(ranges, Arc::new(bytes), offset, out) {
                        return false;
                    }
                }
                Err(e) => {
                    let rest = self.unreadable(blocks.offset(), 0, Reason::Io(e.to_string()));
                    return out.unreadable(rest);
                }
            }
        }
    }

    /// Queues a file (or member) read whole: the message span of an `.emlx`, the whole bytes
    /// otherwise.
    fn queue_whole(&self, data: Vec<u8>, out: &mut Batcher) -> bool {
        let (range, damage) = match self.format {
            Format::Emlx => {
                let span = emlx::message_span(&data);
                (span.range, span.damage)
            }
            _ => (0..data.len(), None),
        };
        out.push(self.unit(&Arc::new(data), range, 0, damage))
    }

    /// Reads a member that is not an mbox (its first bytes `head`, then `rest`) up to `max`
    /// bytes and queues it; past `max`, or after a read error, what was read is still queued
    /// and the rest is recorded.
    fn read_member(
        &self,
        mut head: Vec<u8>,
        rest: &mut dyn Read,
        max: usize,
        out: &mut Batcher,
    ) -> bool {
        let room = max.saturating_sub(head.len()) as u64;
        let failed = rest.take(room + 1).read_to_end(&mut head).err();
        let over = head.len() > max;
        head.truncate(max);
        let read = head.len() as u64;
        let queued = head.is_empty() || self.queue_whole(head, out);
        match (failed, over) {
            (Some(e), _) => queued && out.unreadable(self.unreadable(read, 0, Reason::from(e))),
            (None, true) => queued && out.truncated(self.path, self.too_large(read)),
            (None, false) => queued,
        }
    }

    /// A member larger than the message-size limit, read up to `read` bytes.
    fn too_large(&self, read: u64) -> Problem {
        Problem {
            kind: ProblemKind::Truncated,
            path: self.path.to_owned(),
            offset: read,
            length: 0,
            reason: Reason::MemberTooLarge { mb: read >> 20 },
        }
    }

    /// Queues the units at `ranges` of `data` (read at file offset `offset`).
    fn queue(
        &self,
        ranges: Vec<Range<usize>>,
        data: Arc<Vec<u8>>,
        offset: u64,
        out: &mut Batcher,
    ) -> bool {
        ranges
            .into_iter()
            .all(|range| out.push(self.unit(&data, range, offset, None)))
    }

    /// Why a compound file is not read as an Outlook `.msg`, if it is not: it holds no MAPI
    /// properties, or it cannot be opened and is not named `.msg` (the name breaks that tie;
    /// a damaged `.msg` goes on to fail with the reason, counted as a failed message). Only
    /// the file's header and directory are read: a large Word or Excel file is never read
    /// whole to find out.
    fn compound_skipped(&self) -> Option<Reason> {
        let named_msg = Path::new(self.path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("msg"));
        match std::fs::File::open(self.path).and_then(msg::holds_message) {
            Ok(true) => None,
            Ok(false) => Some(Reason::NotOutlook),
            Err(_) if named_msg => None,
            Err(e) => Some(Reason::CompoundUnreadable(e.to_string())),
        }
    }

    fn unit(
        &self,
        data: &Arc<Vec<u8>>,
        range: Range<usize>,
        offset: u64,
        damage: Option<String>,
    ) -> Unit {
        Unit {
            location: self.location(offset + range.start as u64, range.len() as u64),
            data: Arc::clone(data),
            range,
            damage,
        }
    }

    /// The bytes from `offset` on could not be read (`length` 0 when unknown).
    fn unreadable(&self, offset: u64, length: u64, reason: Reason) -> Problem {
        Problem {
            kind: ProblemKind::Failed,
            path: self.path.to_owned(),
            offset,
            length,
            reason: Reason::UnreadableFrom(Box::new(reason)),
        }
    }

    fn location(&self, offset: u64, length: u64) -> Location {
        Location {
            path: self.path.to_owned(),
            offset,
            length,
            format: self.format,
            attachment: None,
        }
    }
}

/// Parses one unit within `limits`, reading each distinct attachment once per run through
/// `cache` and checking an email's DKIM signatures with `dkim`; a panic inside a parser is
/// caught and reported with the location.
pub fn process(unit: &Unit, limits: &Limits, cache: &extract::Cache, dkim: &Verifier) -> Outcome {
    let bytes = &unit.data[unit.range.clone()];
    let location = unit.location.clone();
    let reading = Reading {
        cache: Some(cache),
        ..Reading::default()
    };
    match catch_unwind(AssertUnwindSafe(|| {
        source::parse_checked(bytes, location.clone(), limits, reading, Some(dkim))
    })) {
        Ok(Ok(doc)) => {
            let mut doc = with_damage(doc, unit.damage.as_deref());
            doc.merged = merged_reason(bytes, &unit.location);
            Outcome::Doc(Box::new(doc))
        }
        Ok(Err(reason)) => Outcome::Failed(problem(location, reason)),
        Err(panic) => Outcome::Failed(problem(
            location,
            Reason::ParserPanicked(panic_text(&panic)),
        )),
    }
}

/// For a message cut out of an mbox whose body still holds a line that reads like another
/// message's envelope, followed by header lines ([`mbox::merged_envelope`]): where that line
/// is in the file, and its first bytes.
fn merged_reason(bytes: &[u8], location: &Location) -> Option<Reason> {
    if location.format != Format::Mbox {
        return None;
    }
    let at = mbox::merged_envelope(bytes)?;
    let line = bytes[at..]
        .split(|&b| b == b'\n')
        .next()
        .unwrap_or_default();
    let shown = String::from_utf8_lossy(&line[..line.len().min(MERGED_LINE_SHOWN)]);
    Some(Reason::Merged {
        at: location.offset + at as u64,
        line: shown.trim_end().to_owned(),
    })
}

/// The document with the damage found while cutting its unit out, if any, added to its own.
fn with_damage(mut doc: Document, cut: Option<&str>) -> Document {
    if let Some(cut) = cut {
        doc.damage = Some(match doc.damage.take() {
            Some(own) => format!("{cut}; {own}"),
            None => cut.to_owned(),
        });
    }
    doc
}

/// A message at `location` not indexed.
fn problem(location: Location, reason: Reason) -> Problem {
    Problem {
        kind: ProblemKind::Failed,
        path: location.path,
        offset: location.offset,
        length: location.length,
        reason,
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
