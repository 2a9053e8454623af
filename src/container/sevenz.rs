//! `.7z` archives (LZMA, LZMA2, the usual filters; not encrypted), read with sevenz-rust2 on
//! one thread. A solid archive is decompressed in order, so members are listed in that order.
//!
//! Its headers are checked first ([`sevenz_header`]), and once a member's bytes fail to
//! decompress, nothing more of the archive is read: lzma-rust2 (0.16) spins for ever when
//! read again after an error, and in a solid archive the next member is read from the same
//! broken decoder. For the same reason, what the caller left unread of a member is read and
//! dropped before the next one: sevenz-rust2 does not skip it, and the next member would start
//! with the bytes of this one. And once the caller stops the listing, no further entry is
//! handed over: sevenz-rust2 stops only the current block, and lists the next blocks' entries.

use std::io::{self, Read};

use sevenz_rust2::{ArchiveEntry, ArchiveReader, Password};

use super::{Bounds, EachEntry, Entry, EntryKind, ReadSeek, sevenz_header};
use crate::problem::Reason;

/// Unix file-type bits of a symbolic link, kept by p7zip in the high half of the attributes.
const UNIX_SYMLINK: u32 = 0o120_000;
/// Set in the attributes when their high half holds a Unix mode.
const UNIX_EXTENSION: u32 = 0x8000;

/// Lists every entry of the 7z in `source`, once its headers are known to fit `bounds`.
pub fn each(
    source: &mut dyn ReadSeek,
    bounds: Bounds,
    f: &mut EachEntry<'_>,
) -> Result<(), Reason> {
    sevenz_header::check(source, bounds)?;
    let decoder = |e: sevenz_rust2::Error| Reason::Decoder(e.to_string());
    let mut archive = ArchiveReader::new(source, Password::empty()).map_err(decoder)?;
    archive.set_thread_count(1);
    let mut failed = None;
    let mut stopped = false;
    archive
        .for_each_entries(|entry, reader| {
            if stopped {
                return Ok(false);
            }
            let mut fused = Fused {
                inner: reader,
                failed: &mut failed,
            };
            let going = f(Entry {
                name: Ok(entry.name().to_owned()),
                kind: kind_of(entry),
                size: entry.size(),
                offset: 0,
                reader: &mut fused,
            });
            if going {
                let _ = io::copy(&mut fused, &mut io::sink());
            }
            stopped = !going || failed.is_some();
            Ok(!stopped)
        })
        .map_err(decoder)?;
    failed.map_or(Ok(()), |why| Err(Reason::Io(why)))
}

/// A member's reader that, once it failed, fails again without reading (see the module doc).
struct Fused<'a> {
    inner: &'a mut dyn Read,
    failed: &'a mut Option<String>,
}

impl Read for Fused<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(why) = self.failed {
            return Err(io::Error::other(why.clone()));
        }
        self.inner.read(buf).inspect_err(|e| {
            *self.failed = Some(e.to_string());
        })
    }
}

fn kind_of(entry: &ArchiveEntry) -> EntryKind {
    let attributes = entry.windows_attributes();
    let unix_mode = (attributes & UNIX_EXTENSION != 0).then_some(attributes >> 16);
    if entry.is_directory() {
        EntryKind::Directory
    } else if unix_mode.is_some_and(|m| m & 0o170_000 == UNIX_SYMLINK) {
        EntryKind::Link
    } else if entry.is_anti_item() {
        EntryKind::Unsupported(Reason::SevenZAntiItem)
    } else {
        EntryKind::File
    }
}
