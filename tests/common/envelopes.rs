//! An independent count of the envelope lines of an mbox, to check trawl's splitter against:
//! written from the rule as documented, without calling trawl's code.
//!
//! An envelope line is the file's first line (a file read as an mbox starts with one), or a
//! line that names a sender, then a time and a year (`From <sender> ... hh:mm[:ss] ... yyyy`),
//! followed by a header-shaped line (`Name:`). In a file whose first line carries no date, a
//! `From <sender>` line with nothing after the sender (`From -`), followed by a header-shaped
//! line, is one too.

use std::io::{self, Read};

use regex::bytes::Regex;

/// Counts the envelope lines of the bytes fed to it, a chunk at a time.
pub struct Envelopes {
    dated: Regex,
    dateless: Regex,
    header: Regex,
    /// Bytes of a line not yet ended.
    partial: Vec<u8>,
    /// Lines seen so far.
    lines: u64,
    /// Whether the first line carries no date.
    dateless_file: bool,
    /// Whether the line before is an envelope if this one is a header.
    pending: bool,
    /// Envelope lines found.
    pub count: u64,
}

impl Default for Envelopes {
    fn default() -> Envelopes {
        let regex = |r: &str| Regex::new(r).expect("a valid regex");
        Envelopes {
            dated: regex(r"^From \S.* \d{1,2}:\d{2}(:\d{2})? .*\d{4}"),
            dateless: regex(r"^From \S+\s*$"),
            header: regex(r"^[!-9;-~]+:"),
            partial: Vec::new(),
            lines: 0,
            dateless_file: false,
            pending: false,
            count: 0,
        }
    }
}

impl Envelopes {
    /// The count for a whole file's bytes.
    pub fn of(bytes: &[u8]) -> u64 {
        let mut envelopes = Envelopes::default();
        envelopes.feed(bytes);
        envelopes.finish()
    }

    /// Reads the next bytes of the file.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        while let Some(nl) = memchr::memchr(b'\n', bytes) {
            if self.partial.is_empty() {
                self.line(&bytes[..nl]);
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&bytes[..nl]);
                self.line(&line);
            }
            bytes = &bytes[nl + 1..];
        }
        self.partial.extend_from_slice(bytes);
    }

    /// The count, once the file has ended.
    pub fn finish(mut self) -> u64 {
        let last = std::mem::take(&mut self.partial);
        self.line(&last);
        self.count
    }

    fn line(&mut self, line: &[u8]) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let first = self.lines == 0;
        self.lines += 1;
        if first {
            let from = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            self.count += u64::from(from.starts_with(b"From "));
            self.dateless_file = !self.dated.is_match(from);
            return;
        }
        if self.pending && self.header.is_match(line) {
            self.count += 1;
        }
        self.pending =
            self.dated.is_match(line) || self.dateless_file && self.dateless.is_match(line);
    }
}

/// A reader that counts the envelope lines of what is read through it.
pub struct Counting<R> {
    inner: R,
    /// The count so far.
    pub envelopes: Envelopes,
}

impl<R: Read> Counting<R> {
    /// Counts what is read from `inner`.
    pub fn new(inner: R) -> Counting<R> {
        Counting {
            inner,
            envelopes: Envelopes::default(),
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.envelopes.feed(&buf[..n]);
        Ok(n)
    }
}
