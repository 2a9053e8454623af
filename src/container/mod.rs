//! Archives and compressed files (`.zip`, `.tar`, `.tar.gz`/`.tgz`, `.gz`, `.7z`): their
//! members are read, recursively, and classified like files on disk.
//!
//! A member's location is written `archive.zip!/path/in/archive` (nested:
//! `outer.zip!/inner.tar.gz!/x.eml`), its offset and length counting the member's
//! decompressed bytes. No file name on Unix holds `!/` (`/` only separates directories); a
//! path could, through a directory whose name ends in `!`, so [`crate::discover`] reports such
//! files instead of reading them, and a path holding `!/` is never a file on disk. A member
//! whose own name holds `!/` is skipped and reported likewise.
//!
//! Each format has one file (`zip`, `tar`, `gzip`, `sevenz`) that lists the entries of one
//! archive in the archive's own order (stable for the same bytes) with a reader over each;
//! [`walk`] goes through them for indexing, within [`crate::limits::ContainerLimits`];
//! [`read`] finds a member again to read a span of it back. Nothing is ever written to disk.

mod budget;
mod gzip;
pub mod read;
mod sevenz;
mod sevenz_header;
mod tar;
pub mod walk;
mod zip;

use std::io::{Cursor, Read, Seek};

use crate::location::SEPARATOR;
use crate::problem::Reason;
use crate::sniff::ContainerKind;

pub use walk::{Visitor, walk};

/// What an entry of an archive is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file: read.
    File,
    /// A directory: holds nothing itself.
    Directory,
    /// A symbolic or hard link: never followed (it could point anywhere).
    Link,
    /// Anything else (device, FIFO), or a member the crate cannot decompress, and why.
    Unsupported(Reason),
}

/// One entry of an archive, with a reader over its decompressed bytes.
pub struct Entry<'a> {
    /// Its name in the archive: `Err` holds a lossy form when it is not valid UTF-8.
    pub name: Result<String, String>,
    /// What it is.
    pub kind: EntryKind,
    /// Its decompressed size as the archive states it (0 when it does not).
    pub size: u64,
    /// Where its record starts in the archive (decompressed, for a `.tar.gz`), for reports.
    pub offset: u64,
    /// Its bytes.
    pub reader: &'a mut dyn Read,
}

/// Called for each entry; returns false to stop the listing.
pub type EachEntry<'f> = dyn FnMut(Entry<'_>) -> bool + 'f;

/// A reader that can also seek: zip and 7z archives are read from their end.
pub trait ReadSeek: Read + Seek {}

impl<T: Read + Seek> ReadSeek for T {}

/// Where an archive's bytes come from.
pub enum Input<'a> {
    /// A file on disk (or bytes in memory).
    Seekable(&'a mut dyn ReadSeek),
    /// A member of another archive, readable once from start to end.
    Stream(&'a mut dyn Read),
}

/// What listing one archive may hold in memory.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Largest zip or 7z nested in another archive read into memory, and largest 7z header
    /// (the message-size limit).
    pub max_buffer: usize,
    /// Entries an archive may declare up front (a 7z's header lists them all).
    pub max_entries: u64,
}

/// Lists the entries of an archive of `kind` named `name`; an error says what is damaged,
/// after the entries that could be read. A zip or 7z member of another archive needs random
/// access, so it is read into memory first, refused when larger than `bounds.max_buffer`.
pub fn each(
    kind: ContainerKind,
    input: Input<'_>,
    name: &str,
    bounds: Bounds,
    f: &mut EachEntry<'_>,
) -> Result<(), Reason> {
    match (kind, input) {
        (ContainerKind::Tar, Input::Seekable(r)) => tar::each(r, f),
        (ContainerKind::Tar, Input::Stream(r)) => tar::each(r, f),
        (ContainerKind::Gzip, Input::Seekable(r)) => gzip::each(r, name, f),
        (ContainerKind::Gzip, Input::Stream(r)) => gzip::each(r, name, f),
        (kind, Input::Seekable(r)) => each_seekable(kind, r, bounds, f),
        (kind, Input::Stream(r)) => {
            let bytes = buffered(r, bounds.max_buffer)?;
            each_seekable(kind, &mut Cursor::new(bytes), bounds, f)
        }
    }
}

fn each_seekable(
    kind: ContainerKind,
    source: &mut dyn ReadSeek,
    bounds: Bounds,
    f: &mut EachEntry<'_>,
) -> Result<(), Reason> {
    match kind {
        ContainerKind::SevenZ => sevenz::each(source, bounds, f),
        _ => zip::each(source, f),
    }
}

/// All of a nested archive that needs random access, up to `max` bytes.
fn buffered(reader: &mut dyn Read, max: usize) -> Result<Vec<u8>, Reason> {
    let mut bytes = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Err(Reason::NestedTooLarge { mb: max >> 20 });
    }
    Ok(bytes)
}

/// The location path of member `name` of the archive at `archive`.
pub fn member_path(archive: &str, name: &str) -> String {
    format!("{archive}{SEPARATOR}{name}")
}

/// The file on disk a location path is in: the part before the first `!/`.
pub fn disk_path(path: &str) -> &str {
    path.split_once(SEPARATOR).map_or(path, |(disk, _)| disk)
}

/// The file on disk and the members down to the one meant, for a path holding `!/`.
pub fn split_path(path: &str) -> Option<(&str, Vec<&str>)> {
    let (disk, rest) = path.split_once(SEPARATOR)?;
    Some((disk, rest.split(SEPARATOR).collect()))
}

/// The last path component of `path` (a file on disk or a member).
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_at_every_separator() {
        let path = member_path(&member_path("/d/o.zip", "in/i.tar.gz"), "x.eml");
        assert_eq!(path, "/d/o.zip!/in/i.tar.gz!/x.eml");
        assert_eq!(disk_path(&path), "/d/o.zip");
        assert_eq!(
            split_path(&path),
            Some(("/d/o.zip", vec!["in/i.tar.gz", "x.eml"]))
        );
        assert_eq!(split_path("/d/plain!.eml"), None);
        assert_eq!(base_name("/d/o.zip"), "o.zip");
    }
}
