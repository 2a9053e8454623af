//! Reading a span of a member back (`show`, snippets, `export`, rewrites of duplicates): the
//! archive is opened again, the member found by name (the first of that name, as the walk
//! reads it), decompressed from its start, and the span cut out. Nested archives are opened
//! the same way, a nested zip or 7z in memory (up to the default message-size limit).

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};

use super::{Bounds, EntryKind, Input, ReadSeek, each, member_path, split_path};
use crate::error::{Error, Result};
use crate::limits::{ContainerLimits, Limits};
use crate::problem::Reason;
use crate::sniff::{ContainerKind, MAGIC_LEN, container_kind};

/// A span of a member's decompressed bytes.
#[derive(Clone, Copy)]
struct Span {
    offset: u64,
    length: u64,
}

/// The `length` bytes at `offset` of the member at location path `path` (holding `!/`).
pub fn read_span(path: &str, offset: u64, length: u64) -> Result<Vec<u8>> {
    let fail = |reason: Reason| Error::Archive {
        path: path.to_owned(),
        offset,
        reason: reason.to_string(),
    };
    let disk = super::disk_path(path);
    let mut file = File::open(disk).map_err(|e| Error::io(disk, e))?;
    let kind = kind_of(&mut file).map_err(|e| Error::io(disk, e))?;
    let kind = kind.ok_or_else(|| fail(Reason::NoLongerArchive(disk.to_owned())))?;
    read_span_in(kind, &mut file, path, offset, length).map_err(fail)
}

/// The `length` bytes at `offset` of the member at location path `path`, read from `archive`,
/// the bytes of the archive on disk the path starts with, of format `kind` (the fuzz target
/// `container_walk` reads back what the walk gave from bytes in memory).
pub fn read_span_in(
    kind: ContainerKind,
    archive: &mut dyn ReadSeek,
    path: &str,
    offset: u64,
    length: u64,
) -> std::result::Result<Vec<u8>, Reason> {
    let (disk, members) = split_path(path).ok_or(Reason::NotInArchive)?;
    let span = Span { offset, length };
    find(kind, Input::Seekable(archive), disk, &members, span)
}

/// The archive format of a file on disk, read from its first bytes; the file is left at 0.
fn kind_of(file: &mut File) -> std::io::Result<Option<ContainerKind>> {
    let mut head = Vec::with_capacity(MAGIC_LEN);
    (&mut *file).take(MAGIC_LEN as u64).read_to_end(&mut head)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(container_kind(&head))
}

/// Finds `members[0]` in the archive `input` (at location path `archive`), then the rest
/// inside it, and cuts `span` out of the last.
fn find(
    kind: ContainerKind,
    input: Input<'_>,
    archive: &str,
    members: &[&str],
    span: Span,
) -> std::result::Result<Vec<u8>, Reason> {
    let Some((&first, rest)) = members.split_first() else {
        return Err(Reason::NoMemberNamed);
    };
    let inner = member_path(archive, first);
    let bounds = Bounds {
        max_buffer: Limits::default().message_bytes,
        max_entries: ContainerLimits::default().members,
    };
    let mut found = None;
    each(kind, input, archive, bounds, &mut |entry| {
        if entry.kind != EntryKind::File || entry.name.as_deref() != Ok(first) {
            return true;
        }
        found = Some(match rest {
            [] => cut(entry.reader, span),
            _ => nested(entry.reader, &inner, rest, span),
        });
        false
    })?;
    found.unwrap_or_else(|| Err(Reason::MemberGone(first.to_owned())))
}

/// Opens the archive held in the member `reader` and goes on finding `members` in it.
fn nested(
    reader: &mut dyn Read,
    archive: &str,
    members: &[&str],
    span: Span,
) -> std::result::Result<Vec<u8>, Reason> {
    let mut head = Vec::with_capacity(MAGIC_LEN);
    (&mut *reader)
        .take(MAGIC_LEN as u64)
        .read_to_end(&mut head)?;
    let kind = container_kind(&head).ok_or_else(|| Reason::NoLongerArchive(archive.to_owned()))?;
    let mut stream = Cursor::new(head).chain(reader);
    find(kind, Input::Stream(&mut stream), archive, members, span)
}

/// The bytes of `span` in `reader`, which must hold all of them.
fn cut(reader: &mut dyn Read, span: Span) -> std::result::Result<Vec<u8>, Reason> {
    let skipped = std::io::copy(&mut (&mut *reader).take(span.offset), &mut std::io::sink())?;
    let mut bytes = Vec::new();
    reader.take(span.length).read_to_end(&mut bytes)?;
    if skipped < span.offset || bytes.len() as u64 != span.length {
        return Err(Reason::MemberShorter {
            read: skipped + bytes.len() as u64,
            expected: span.offset + span.length,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut tar = ::tar::Builder::new(Vec::new());
        for (name, bytes) in members {
            let mut header = ::tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            let appended = tar.append_data(&mut header, name, *bytes);
            assert!(appended.is_ok());
        }
        tar.into_inner().unwrap_or_default()
    }

    fn span_of(
        archive: &[u8],
        members: &[&str],
        offset: u64,
        length: u64,
    ) -> Result<Vec<u8>, String> {
        let mut cursor = Cursor::new(archive.to_vec());
        let span = Span { offset, length };
        find(
            ContainerKind::Tar,
            Input::Seekable(&mut cursor),
            "/d/t.tar",
            members,
            span,
        )
        .map_err(|reason| reason.to_string())
    }

    #[test]
    fn a_span_is_cut_from_the_first_member_of_its_name_nested_or_not() {
        let inner = tar_of(&[("m.mbox", b"0123456789")]);
        let outer = tar_of(&[("a", b"first"), ("a", b"second"), ("in.tar", &inner)]);
        assert_eq!(span_of(&outer, &["a"], 1, 3), Ok(b"irs".to_vec()));
        assert_eq!(
            span_of(&outer, &["in.tar", "m.mbox"], 4, 6),
            Ok(b"456789".to_vec())
        );
        let short = span_of(&outer, &["a"], 2, 10);
        assert!(short.is_err_and(|e| e.contains("shorter")));
        let gone = span_of(&outer, &["b"], 0, 1);
        assert!(gone.is_err_and(|e| e.contains("no longer holds `b`")));
    }
}
