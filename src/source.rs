//! Reading source files: whole files (mapped when large) and the bytes at a recorded location.
//!
//! `show --raw`, snippets and deduplication all read messages back through [`read_location`],
//! so the source file stays the record and the index never stores a body twice.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Deref;
use std::path::Path;

use crate::document::{Format, Location};
use crate::error::{Error, Result};
use crate::mbox;

/// Files larger than this are memory-mapped instead of read.
const MAP_THRESHOLD: u64 = 4 * 1024 * 1024;

/// The bytes of a whole source file.
pub enum SourceData {
    /// A large file, mapped.
    Mapped(memmap2::Mmap),
    /// A small file, read.
    Owned(Vec<u8>),
}

impl Deref for SourceData {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            SourceData::Mapped(m) => m,
            SourceData::Owned(v) => v,
        }
    }
}

/// Opens a whole file for reading.
pub fn open(path: &Path) -> Result<SourceData> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len >= MAP_THRESHOLD {
        // SAFETY: the map is read-only. If another process truncates the file while it is
        // mapped, reads past the new end fault; trawl documents that sources must not be
        // modified during indexing, as every mmap-based indexer does.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        return Ok(SourceData::Mapped(map));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    (&file)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(SourceData::Owned(bytes))
}

/// The message at `loc` as delivered: the stored bytes with mboxrd quoting undone.
pub fn message_bytes(loc: &Location) -> Result<Vec<u8>> {
    let stored = read_location(loc)?;
    Ok(match loc.format {
        Format::Mbox => mbox::unquote(&stored).into_owned(),
        _ => stored,
    })
}

/// The bytes at `loc` exactly as stored in the file (mboxrd quoting still in place).
pub fn read_location(loc: &Location) -> Result<Vec<u8>> {
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
