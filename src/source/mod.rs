//! Reading the sources back: a file's first bytes (to sniff it) and the rest, the bytes at a
//! recorded location, and those bytes parsed back into their document ([`parse_bytes`]),
//! headers or text, as indexing parsed them. Files are read, never mapped: a large mbox is
//! streamed by [`crate::mbox::Blocks`], and a file that changes under trawl gives an error,
//! not a crash.
//!
//! `show --raw`, snippets and deduplication all read messages back through [`read_location`],
//! so the source file stays the record and the index never stores a body twice. A location
//! inside an archive (its path holds `!/`) is read back by [`crate::container::read`], a
//! message of a PST store by rebuilding it ([`crate::mailstore::pst::read_message`]).

mod parse;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{Error, Result};
use crate::location::{Format, Location, SEPARATOR};
use crate::{container, mbox};

pub use parse::{
    parse_bytes, parse_bytes_checked, parse_checked, parse_document, parse_headers, parse_text,
};

/// A source file opened for ingest: its first bytes, and the file to read the rest from.
pub struct Opened {
    /// The first bytes of the file (all of it when `whole`).
    pub head: Vec<u8>,
    /// The open file, positioned just after `head`.
    pub file: File,
    /// True when `head` holds the whole file.
    pub whole: bool,
}

/// Opens `path` and reads up to `head_len` bytes of it. `size` (the size found by the walk)
/// sizes the buffer, so that a small file takes one read instead of a series of growing ones.
pub fn open_head(path: &Path, head_len: usize, size: u64) -> Result<Opened> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let expected = usize::try_from(size).unwrap_or(usize::MAX).min(head_len);
    let mut head = Vec::with_capacity(expected + 1);
    let read = (&file)
        .take(head_len as u64 + 1)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    let whole = read <= head_len;
    if !whole {
        head.truncate(head_len);
        (&file)
            .seek(SeekFrom::Start(head_len as u64))
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(Opened { head, file, whole })
}

/// Every byte of an opened file: its head and the rest.
pub fn read_whole(opened: Opened, path: &Path) -> Result<Vec<u8>> {
    let Opened {
        mut head,
        file,
        whole,
    } = opened;
    if !whole {
        (&file)
            .read_to_end(&mut head)
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(head)
}

/// The bytes `stored` at `loc` as delivered: mboxrd quoting undone for a message of an mbox,
/// anything else as it is.
pub fn delivered(loc: &Location, stored: Vec<u8>) -> Vec<u8> {
    match loc.format {
        Format::Mbox => mbox::unquote(&stored).into_owned(),
        _ => stored,
    }
}

/// The bytes at `loc` exactly as stored in the file or archive member (mboxrd quoting still
/// in place).
pub fn read_location(loc: &Location) -> Result<Vec<u8>> {
    if loc.format == Format::Pst {
        return read_pst_message(loc);
    }
    if loc.path.contains(SEPARATOR) {
        return container::read::read_span(&loc.path, loc.offset, loc.length);
    }
    let path = Path::new(&loc.path);
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    file.seek(SeekFrom::Start(loc.offset))
        .map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(loc.length)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 != loc.length {
        return Err(Error::SourceChanged {
            path: path.into(),
            offset: loc.offset,
            reason: format!(
                "file is shorter than when indexed ({} of {} bytes)",
                bytes.len(),
                loc.length
            ),
        });
    }
    Ok(bytes)
}

/// A PST message rebuilt again from its store, which must give as many bytes as it did when
/// indexed (whether they are the same bytes is checked against the document's id).
fn read_pst_message(loc: &Location) -> Result<Vec<u8>> {
    let fail = |reason: String| Error::SourceChanged {
        path: loc.path.clone().into(),
        offset: loc.offset,
        reason,
    };
    let bytes = crate::mailstore::pst::read_message(&loc.path)
        .map_err(|reason| fail(reason.to_string()))?;
    if bytes.len() as u64 != loc.length {
        return Err(fail(format!(
            "the store gives a message of {} bytes, not the {} indexed",
            bytes.len(),
            loc.length
        )));
    }
    Ok(bytes)
}
