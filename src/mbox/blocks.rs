//! Streaming an mbox file: whole messages a block at a time, so that memory stays bounded
//! however large the file (a dump can be one 9 GB mailbox).
//!
//! Each block ends just before the last separator read so far; the bytes from there on are
//! carried into the next block. A separator is recognised from the bytes before it and the line
//! after it, so cutting at a recognised separator splits exactly as reading the whole file
//! would. A single message larger than a block makes the block grow until the message ends.

use std::io::{self, Read};

use super::{Span, bom_len, is_loose, separators, spans};

/// Bytes read per block (a block holds at least one whole message, usually many).
pub const BLOCK_LEN: usize = 4 * 1024 * 1024;

/// Whole messages from one stretch of the file.
#[derive(Debug)]
pub struct Block {
    /// The bytes, starting at a separator (or at the start of the file).
    pub bytes: Vec<u8>,
    /// Offset of `bytes[0]` in the file.
    pub offset: u64,
    /// The messages, relative to `bytes`.
    pub spans: Vec<Span>,
}

/// Reads an mbox block by block.
pub struct Blocks<R> {
    source: R,
    carry: Vec<u8>,
    offset: u64,
    loose: Option<bool>,
    at_end: bool,
    block_len: usize,
    max_carry: usize,
}

impl<R: Read> Blocks<R> {
    /// Streams `source`, whose first bytes (already read to sniff the file) are `head`.
    pub fn new(source: R, head: Vec<u8>) -> Blocks<R> {
        Blocks::with_block_len(source, head, BLOCK_LEN)
    }

    /// Same, with blocks of about `block_len` bytes.
    pub fn with_block_len(source: R, head: Vec<u8>, block_len: usize) -> Blocks<R> {
        Blocks {
            source,
            carry: head,
            offset: 0,
            loose: None,
            at_end: false,
            block_len: block_len.max(1),
            max_carry: usize::MAX,
        }
    }

    /// Refuses (with an error) to hold more than about `max` bytes of one message: for an
    /// mbox inside an archive, whose reader cannot be re-read, this bounds memory by the
    /// message-size limit instead of by the size of the largest message.
    pub fn with_max_message(mut self, max: usize) -> Blocks<R> {
        self.max_carry = max.saturating_add(self.block_len);
        self
    }

    /// The next block of whole messages; `None` at the end of the file.
    pub fn next_block(&mut self) -> io::Result<Option<Block>> {
        let mut wanted = self.block_len;
        loop {
            self.fill(wanted)?;
            if self.carry.is_empty() {
                return Ok(None);
            }
            let first_line_read = self.at_end || memchr::memchr(b'\n', &self.carry).is_some();
            if self.loose.is_none() && first_line_read {
                self.loose = Some(is_loose(&self.carry));
            }
            let starts = separators(&self.carry, self.loose.unwrap_or(false));
            let cut = match starts.last() {
                _ if self.at_end => self.carry.len(),
                Some(&last) if last > bom_len(&self.carry) && first_line_read => last,
                _ if self.carry.len() >= self.max_carry => return Err(too_large(self.max_carry)),
                _ => {
                    wanted = (self.carry.len() * 2).max(self.carry.len() + self.block_len);
                    wanted = wanted.min(self.max_carry);
                    continue;
                }
            };
            return Ok(Some(self.take(cut, &starts)));
        }
    }

    /// File offset of the bytes not yet returned in a block.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Reads until the carried bytes reach `wanted` or the file ends. The bytes are read into
    /// the buffer's spare capacity: nothing is zeroed first (a small mailbox costs one read,
    /// not a 4 MiB memset).
    fn fill(&mut self, wanted: usize) -> io::Result<()> {
        while !self.at_end && self.carry.len() < wanted {
            let missing = (wanted - self.carry.len()) as u64;
            match (&mut self.source)
                .take(missing)
                .read_to_end(&mut self.carry)
            {
                Ok(n) if (n as u64) < missing => self.at_end = true,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Cuts the first `cut` carried bytes off as a block.
    fn take(&mut self, cut: usize, starts: &[usize]) -> Block {
        let rest = self.carry.split_off(cut);
        let bytes = std::mem::replace(&mut self.carry, rest);
        let inside: Vec<usize> = starts.iter().copied().filter(|&s| s < cut).collect();
        let block = Block {
            spans: spans(&bytes, &inside),
            offset: self.offset,
            bytes,
        };
        self.offset += cut as u64;
        block
    }
}

fn too_large(max: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a message larger than {max} bytes, past --max-message-size"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_past_the_cap_is_an_error_after_the_messages_before_it() {
        let mut data = b"From a Mon Jan  1 00:00:00 2017\nSubject: a\n\nx\n\n".to_vec();
        data.extend_from_slice(b"From b Mon Jan  1 00:00:00 2017\nSubject: b\n\n");
        data.extend(std::iter::repeat_n(b'y', 5000));
        let mut blocks = Blocks::with_block_len(&data[..], Vec::new(), 64).with_max_message(1000);
        let first = blocks.next_block().ok().flatten().map(|b| b.spans.len());
        assert_eq!(first, Some(1));
        assert!(blocks.next_block().is_err());
    }

    /// Every message of `data`, as (file offset, bytes), read in blocks of `len` bytes.
    fn streamed(data: &[u8], head: usize, len: usize) -> Vec<(u64, Vec<u8>)> {
        let mut blocks = Blocks::with_block_len(&data[head..], data[..head].to_vec(), len);
        let mut out = Vec::new();
        while let Some(block) = blocks.next_block().expect("in-memory read") {
            for s in &block.spans {
                let bytes = block.bytes[s.offset..s.offset + s.len].to_vec();
                out.push((block.offset + s.offset as u64, bytes));
            }
        }
        out
    }

    fn whole(data: &[u8]) -> Vec<(u64, Vec<u8>)> {
        let spans = crate::mbox::split(data);
        let bytes = |s: &Span| data[s.offset..s.offset + s.len].to_vec();
        spans.iter().map(|s| (s.offset as u64, bytes(s))).collect()
    }

    const MAILBOX: &str = "From a@x.example Tue May  2 09:14:03 2017\nSubject: one\n\nbody\n\n\
        From here on, prose.\n\n\
        From b@y.example Wed May  3 10:00:00 2017\nSubject: two\n\n--b\nx\n--b--\n\
        From c@y.example Wed May  3 11:00:00 2017\nContent-Length: 5\n\nbody\n\
        From d@y.example Wed May  3 12:00:00 2017\nSubject: four\r\n\r\nlast";

    #[test]
    fn any_block_size_splits_like_the_whole_file() {
        let data = MAILBOX.as_bytes();
        assert_eq!(whole(data).len(), 4);
        for len in [1, 7, 40, 64, 100, 1000] {
            for head in [0, 3, 60] {
                assert_eq!(
                    streamed(data, head, len),
                    whole(data),
                    "block {len}, head {head}"
                );
            }
        }
    }

    #[test]
    fn envelopes_after_body_lines_stream_like_the_whole_file_at_every_cut() {
        let no_final_newline = "From a@x.example Tue May  2 09:14:03 2017\nSubject: one\n\nend\n\
            From b@y.example Tue May  2 09:15:03 2017\r\nSubject: two\r\n\r\nend\r\n\
            From c@y.example Tue May  2 09:16:03 2017\nSubject: three\n\nlast";
        let loose = "From - \nSubject: one\n\ntext\nFrom - \nFrom: b@y\n\nb\n";
        let bom = "\u{feff}From -\nFrom: a@x\n\nFrom Russia with love\n\nFrom -\nFrom: b@y\n\nb\n";
        let cases = [
            (crate::mbox::tests::PIPERMAIL, 3),
            (no_final_newline, 3),
            (loose, 2),
            (bom, 2),
        ];
        for (mailbox, messages) in cases {
            let data = mailbox.as_bytes();
            assert_eq!(whole(data).len(), messages, "{mailbox}");
            for len in 1..=data.len() {
                assert_eq!(streamed(data, 0, len), whole(data), "block {len}");
            }
        }
    }

    #[test]
    fn dateless_mailbox_streams_like_the_whole_file() {
        let data = b"From - \nSubject: one\n\nx\n\nFrom - \nSubject: two\n\ny\n";
        for len in [1, 10, 30] {
            assert_eq!(streamed(data, 0, len), whole(data), "block {len}");
        }
    }

    /// Gives its bytes, then fails.
    struct Failing<'a>(&'a [u8]);

    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_read_error_is_returned_with_the_offset_reached() {
        let data = MAILBOX.as_bytes();
        let mut blocks = Blocks::with_block_len(Failing(data), Vec::new(), 64);
        let mut done = 0;
        let error = loop {
            match blocks.next_block() {
                Ok(Some(block)) => done = block.offset as usize + block.bytes.len(),
                Ok(None) => panic!("the source fails before its end"),
                Err(e) => break e,
            }
        };
        assert_eq!(error.to_string(), "disk gone");
        assert_eq!(blocks.offset(), done as u64);
        assert!(done > 0 && done < data.len());
    }

    #[test]
    fn empty_source_gives_no_block() {
        assert!(streamed(b"", 0, 16).is_empty());
    }
}
