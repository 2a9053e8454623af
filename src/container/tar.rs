//! `.tar` archives (POSIX, GNU, PAX names), read entry by entry from a stream: a tar member
//! is never held whole, and a `.tar.gz` is never decompressed to disk.

use std::io::Read;

use super::{EachEntry, Entry, EntryKind};
use crate::problem::Reason;

/// Lists every entry of the tar read from `source`, in the archive's order.
pub fn each(source: &mut dyn Read, f: &mut EachEntry<'_>) -> Result<(), Reason> {
    let mut archive = tar::Archive::new(source);
    let entries = archive.entries()?;
    for entry in entries {
        let mut entry = entry?;
        let name = match entry.path_bytes() {
            std::borrow::Cow::Borrowed(b) => name_of(b),
            std::borrow::Cow::Owned(b) => name_of(&b),
        };
        let kind = kind_of(entry.header().entry_type());
        let offset = entry.raw_header_position();
        if !f(Entry {
            name,
            kind,
            size: entry.header().size().unwrap_or(0),
            offset,
            reader: &mut entry,
        }) {
            break;
        }
    }
    Ok(())
}

fn name_of(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| String::from_utf8_lossy(bytes).into_owned())
}

fn kind_of(kind: tar::EntryType) -> EntryKind {
    match kind {
        tar::EntryType::Regular | tar::EntryType::Continuous => EntryKind::File,
        tar::EntryType::Directory => EntryKind::Directory,
        tar::EntryType::Symlink | tar::EntryType::Link => EntryKind::Link,
        other => EntryKind::Unsupported(Reason::TarEntryType(format!("{other:?}"))),
    }
}
