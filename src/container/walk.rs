//! Walking an archive for indexing: every entry in the archive's order, nested archives
//! recursed, each member handed to a [`Visitor`] (which sniffs and splits it like a file on
//! disk) or reported as skipped with its reason, within [`ContainerLimits`].
//!
//! Every decompressed byte, at every level, is counted against the archive's budget (members
//! not indexed included, so that a bomb hidden in a skipped member is caught too); past it,
//! past the depth or the member count, what was read is kept and the truncation recorded.

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::budget::Budget;
use super::{Bounds, Entry, EntryKind, Input, ReadSeek, base_name, each, member_path};
use crate::limits::ContainerLimits;
use crate::location::SEPARATOR;
use crate::problem::{Problem, ProblemKind, Reason};
use crate::sniff::{ContainerKind, SNIFF_LEN, container_kind};

/// Receives what an archive holds, in order. Every method returns false when the pipeline
/// has stopped, which stops the walk.
pub trait Visitor {
    /// A source begins at `path` (a member, or a nested archive), of `size` decompressed bytes
    /// as the archive states it (0 when unknown); `skipped` says why nothing in it is read.
    fn begin(&mut self, path: &str, size: u64, skipped: Option<Reason>) -> bool;
    /// A member that is not an archive, not begun yet: `head` holds its first bytes (up to
    /// [`SNIFF_LEN`]), `rest` the others.
    fn member(&mut self, path: &str, size: u64, head: Vec<u8>, rest: &mut dyn Read) -> bool;
    /// A problem of the archive begun at `archive`: damage ([`ProblemKind::Failed`], bytes
    /// that could not be read), or a limit reached ([`ProblemKind::Truncated`]).
    fn problem(&mut self, archive: &str, problem: Problem) -> bool;
}

/// What the walk of one archive on disk needs.
pub struct WalkRequest<'a> {
    /// The archive's path on disk (already begun with the visitor).
    pub path: &'a str,
    /// Its size on disk, for the ratio limit.
    pub size: u64,
    /// Its format.
    pub kind: ContainerKind,
    /// The limits.
    pub limits: ContainerLimits,
    /// Largest nested zip or 7z read into memory (the message-size limit).
    pub max_buffer: usize,
}

/// Walks the archive in `file`; false when the visitor stopped the walk. A panic of an
/// archive crate on hostile bytes is caught and reported as damage.
pub fn walk(request: &WalkRequest<'_>, file: &mut dyn ReadSeek, visitor: &mut dyn Visitor) -> bool {
    let budget = Budget::new(request.limits.budget(request.size));
    let mut walker = Walker {
        limits: request.limits,
        max_buffer: request.max_buffer,
        budget: &budget,
        top: request.path,
        current: request.path.to_owned(),
        stopped: false,
        visitor,
    };
    let listed = catch_unwind(AssertUnwindSafe(|| {
        walker.archive(request.path, request.kind, Input::Seekable(file), 1);
    }));
    if listed.is_err() {
        walker.damaged(request.path, 0, Reason::ArchivePanicked);
    }
    walker.report_budget();
    !walker.stopped
}

/// The state of one walk.
struct Walker<'a> {
    limits: ContainerLimits,
    max_buffer: usize,
    budget: &'a Budget,
    /// The archive on disk.
    top: &'a str,
    /// The member being read, for reports.
    current: String,
    stopped: bool,
    visitor: &'a mut dyn Visitor,
}

/// What one archive's listing has seen so far.
#[derive(Default)]
struct Listing {
    entries: u64,
    names: HashSet<String>,
    last_offset: u64,
    last_name: String,
    /// Maildir folders seen so far (the parent of a `cur/` or `new/`), `""` at the top.
    maildirs: HashSet<String>,
}

impl Listing {
    /// The name of a regular entry to read, or its name and why it is not read.
    fn admit(
        &mut self,
        name: Result<String, String>,
        kind: &EntryKind,
    ) -> Result<String, (String, Reason)> {
        let name = name.map_err(|lossy| (lossy, Reason::NameNotUtf8))?;
        if let Some(reason) = refusal(&name, kind, &self.names) {
            return Err((name, reason));
        }
        if self.in_maildir_tmp(&name) {
            return Err((name, Reason::MaildirTmp));
        }
        self.last_name.clone_from(&name);
        self.names.insert(name.clone());
        Ok(name)
    }

    /// Notes the maildir folder an entry shows: `Box` for `Box/cur/1` or a directory `Box/new/`.
    fn note_maildir(&mut self, name: &str) {
        let path = name.trim_end_matches('/');
        for candidate in [path, parent(path)] {
            if matches!(base_name(candidate), "cur" | "new") {
                self.maildirs.insert(parent(candidate).to_owned());
            }
        }
    }

    /// A file in the `tmp/` of a maildir folder whose `cur/` or `new/` came before it (tar
    /// and zip list a folder's entries in name order, as on disk: `cur`, `new`, `tmp`).
    fn in_maildir_tmp(&self, name: &str) -> bool {
        let dir = parent(name);
        base_name(dir) == "tmp" && self.maildirs.contains(parent(dir))
    }
}

/// The folder of an archive path (`""` at the archive's top).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

impl Walker<'_> {
    /// Lists one archive at `depth` (the one on disk is 1) and walks its entries.
    fn archive(&mut self, path: &str, kind: ContainerKind, input: Input<'_>, depth: usize) {
        let mut listing = Listing::default();
        let bounds = Bounds {
            max_buffer: self.max_buffer,
            max_entries: self.limits.members,
        };
        let listed = each(kind, input, path, bounds, &mut |entry| {
            self.entry(path, entry, depth, &mut listing)
        });
        let damaged = listed
            .err()
            .filter(|_| !self.budget.exhausted() && !self.stopped);
        if let Some(e) = damaged {
            let reason = damage(kind, &listing, e);
            self.damaged(path, listing.last_offset, reason);
        }
    }

    /// One entry; false to stop listing this archive.
    fn entry(
        &mut self,
        archive: &str,
        entry: Entry<'_>,
        depth: usize,
        listing: &mut Listing,
    ) -> bool {
        listing.entries += 1;
        listing.last_offset = entry.offset;
        if listing.entries > self.limits.members {
            self.too_many(archive, entry.offset);
            return false;
        }
        if let Ok(name) = &entry.name {
            listing.note_maildir(name);
        }
        if entry.kind == EntryKind::Directory {
            return true;
        }
        match listing.admit(entry.name, &entry.kind) {
            Ok(name) => self.file(member_path(archive, &name), entry.size, entry.reader, depth),
            Err((name, reason)) => {
                let going = self.skip(&member_path(archive, &name), reason);
                let mut counted = self.budget.counted(entry.reader);
                let _ = std::io::copy(&mut counted, &mut std::io::sink());
                going && !self.budget.exhausted()
            }
        }
    }

    /// A regular member: a nested archive, or content for the visitor; then the rest of its
    /// bytes are counted (read and dropped), so that a bomb in a skipped member is caught.
    fn file(&mut self, path: String, size: u64, reader: &mut dyn Read, depth: usize) -> bool {
        self.current.clone_from(&path);
        let budget: &Budget = self.budget;
        let mut counted = budget.counted(reader);
        let going = match read_head(&mut counted) {
            Ok(head) => self.content(&path, size, head, &mut counted, depth),
            Err(e) => {
                let begun = self.visitor.begin(&path, size, None);
                self.go(begun) && self.damaged(&path, 0, Reason::from(e))
            }
        };
        let _ = std::io::copy(&mut counted, &mut std::io::sink());
        going && !self.budget.exhausted()
    }

    /// A member's bytes, `head` read: an archive to open, or content for the visitor.
    fn content(
        &mut self,
        path: &str,
        size: u64,
        head: Vec<u8>,
        rest: &mut dyn Read,
        depth: usize,
    ) -> bool {
        match container_kind(&head) {
            Some(kind) => self.nested(path, size, kind, head, rest, depth + 1),
            None => {
                let going = self.visitor.member(path, size, head, rest);
                self.go(going)
            }
        }
    }

    /// A member that is itself an archive: begun as a source of its own, then listed.
    fn nested(
        &mut self,
        path: &str,
        size: u64,
        kind: ContainerKind,
        head: Vec<u8>,
        rest: &mut dyn Read,
        depth: usize,
    ) -> bool {
        if depth > self.limits.depth {
            let reason = Reason::NestedTooDeep {
                depth: self.limits.depth,
            };
            return self.skip_sized(path, size, reason);
        }
        let begun = self.visitor.begin(path, size, None);
        if !self.go(begun) {
            return false;
        }
        let mut stream = Cursor::new(head).chain(rest);
        self.archive(path, kind, Input::Stream(&mut stream), depth);
        !self.stopped
    }

    /// Reports a member skipped whole.
    fn skip(&mut self, path: &str, reason: Reason) -> bool {
        self.skip_sized(path, 0, reason)
    }

    fn skip_sized(&mut self, path: &str, size: u64, reason: Reason) -> bool {
        let going = self.visitor.begin(path, size, Some(reason));
        self.go(going)
    }

    /// Records that the archive (or member) at `path` could not be read from `offset` on.
    fn damaged(&mut self, path: &str, offset: u64, reason: Reason) -> bool {
        let problem = Problem {
            kind: ProblemKind::Failed,
            path: path.to_owned(),
            offset,
            length: 0,
            reason: Reason::UnreadableFrom(Box::new(reason)),
        };
        let going = self.visitor.problem(path, problem);
        self.go(going)
    }

    /// Records that an archive has more members than the limit lets trawl read.
    fn too_many(&mut self, archive: &str, offset: u64) {
        let reason = Reason::TooManyMembers {
            members: self.limits.members,
        };
        self.truncated(archive, archive, offset, reason);
    }

    /// Once the budget ran out: records where, in the archive on disk's record.
    fn report_budget(&mut self) {
        if !self.budget.exhausted() {
            return;
        }
        let (bytes, flag) = self.budget.limit;
        let reason = Reason::ContainerBudget {
            mb: bytes >> 20,
            flag,
        };
        let current = self.current.clone();
        self.truncated(self.top, &current, 0, reason);
    }

    fn truncated(&mut self, archive: &str, path: &str, offset: u64, reason: Reason) {
        let problem = Problem {
            kind: ProblemKind::Truncated,
            path: path.to_owned(),
            offset,
            length: 0,
            reason,
        };
        let going = self.visitor.problem(archive, problem);
        self.go(going);
    }

    /// Notes whether the visitor wants more.
    fn go(&mut self, going: bool) -> bool {
        self.stopped |= !going;
        going
    }
}

/// Why a regular entry named `name` is not read, if it is not.
fn refusal(name: &str, kind: &EntryKind, seen: &HashSet<String>) -> Option<Reason> {
    match kind {
        EntryKind::Link => Some(Reason::LinkMember),
        EntryKind::Unsupported(why) => Some(why.clone()),
        _ if name.is_empty() => Some(Reason::EmptyMemberName),
        _ if name.contains(SEPARATOR) => Some(Reason::SeparatorInName),
        _ if crate::discover::is_store_metadata(base_name(name)) => Some(Reason::StoreMetadata),
        _ if seen.contains(name) => Some(Reason::DuplicateMember),
        _ => None,
    }
}

/// The first bytes of a member, up to [`SNIFF_LEN`].
fn read_head(reader: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    reader.take(SNIFF_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// What to say of an archive that broke off.
fn damage(kind: ContainerKind, listing: &Listing, error: Reason) -> Reason {
    let (format, error) = (kind.name(), Box::new(error));
    match listing.entries {
        0 => Reason::ArchiveUnreadable { format, error },
        entries => Reason::ArchiveDamaged {
            format,
            entries,
            last: listing.last_name.clone(),
            error,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maildir_tmp_members_are_refused_once_the_folder_is_a_maildir() {
        let mut listing = Listing::default();
        let file = EntryKind::File;
        let mut admit = |name: &str| {
            listing.note_maildir(name);
            listing
                .admit(Ok(name.to_owned()), &file)
                .map_err(|(_, r)| r.to_string())
        };
        assert!(
            admit("Box/tmp/0").is_ok(),
            "no cur/ or new/ seen: an ordinary folder"
        );
        assert!(admit("Box/cur/").is_ok());
        assert!(admit("Box/tmp/1").is_err_and(|r| r.contains("maildir")));
        assert!(admit("new/2").is_ok());
        assert!(admit("tmp/3").is_err(), "a maildir at the archive's top");
        assert!(admit("Other/tmp/4").is_ok());
    }

    #[test]
    fn members_refused_and_why() {
        let mut seen = HashSet::new();
        seen.insert("a.eml".to_owned());
        let file = EntryKind::File;
        let reason =
            |name: &str, kind: &EntryKind| refusal(name, kind, &seen).map(|r| r.to_string());
        assert_eq!(reason("b.eml", &file), None);
        assert_eq!(
            reason("../../b.eml", &file),
            None,
            "a name, never a place to write"
        );
        assert!(reason("a.eml", &file).is_some_and(|r| r.starts_with("duplicate")));
        assert!(reason("x!/y.eml", &file).is_some_and(|r| r.contains("separator")));
        assert!(reason("Box/dovecot-uidlist", &file).is_some_and(|r| r.contains("metadata")));
        assert_eq!(
            reason("l", &EntryKind::Link).as_deref(),
            Some("link member, not followed")
        );
        assert_eq!(
            reason("", &file).as_deref(),
            Some("member with an empty name")
        );
    }
}
