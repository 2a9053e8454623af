//! `.7z` archives (LZMA, LZMA2, the usual filters; not encrypted), read with sevenz-rust2 on
//! one thread. A solid archive is decompressed in order, so members are listed in that order.

use sevenz_rust2::{ArchiveEntry, ArchiveReader, Password};

use super::{EachEntry, Entry, EntryKind, ReadSeek};

/// Unix file-type bits of a symbolic link, kept by p7zip in the high half of the attributes.
const UNIX_SYMLINK: u32 = 0o120_000;
/// Set in the attributes when their high half holds a Unix mode.
const UNIX_EXTENSION: u32 = 0x8000;

/// Lists every entry of the 7z in `source`.
pub fn each(source: &mut dyn ReadSeek, f: &mut EachEntry<'_>) -> Result<(), String> {
    let mut archive = ArchiveReader::new(source, Password::empty()).map_err(|e| e.to_string())?;
    archive.set_thread_count(1);
    archive
        .for_each_entries(|entry, reader| {
            Ok(f(Entry {
                name: Ok(entry.name().to_owned()),
                kind: kind_of(entry),
                size: entry.size(),
                offset: 0,
                reader,
            }))
        })
        .map_err(|e| e.to_string())
}

fn kind_of(entry: &ArchiveEntry) -> EntryKind {
    let attributes = entry.windows_attributes();
    let unix_mode = (attributes & UNIX_EXTENSION != 0).then_some(attributes >> 16);
    if entry.is_directory() {
        EntryKind::Directory
    } else if unix_mode.is_some_and(|m| m & 0o170_000 == UNIX_SYMLINK) {
        EntryKind::Link
    } else if entry.is_anti_item() {
        EntryKind::Unsupported("7z anti-item (a deletion record)".into())
    } else {
        EntryKind::File
    }
}
