//! Finding source files: PATH arguments walked recursively, in a stable order.
//!
//! Symlink loops, unreadable entries, non-UTF-8 names and paths holding `!/` (the separator of
//! a member's path inside an archive, see [`crate::container`]) are reported, never fatal. Maildir
//! `tmp/` folders (messages still being delivered) and mail-store metadata files are left out.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::problem::Reason;

/// Mail-store bookkeeping files that hold no mail (maildir, Dovecot, Courier, mbsync, MH and
/// nmh, notmuch, Apple Mail's mailbox property lists).
const METADATA_NAMES: &[&str] = &[
    ".DS_Store",
    "Thumbs.db",
    ".mbsyncstate",
    ".uidvalidity",
    "maildirfolder",
    "dovecot-uidlist",
    "dovecot-keywords",
    "dovecot.index",
    "dovecot.index.log",
    "dovecot.index.cache",
    "courierimapuiddb",
    ".mh_sequences",
    ".xmhcache",
    ".notmuch",
    "Info.plist",
    ".mboxCache.plist",
];

/// One thing found while walking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular file, by absolute path, with its size.
    File {
        /// Absolute, canonical path.
        path: String,
        /// Size in bytes.
        bytes: u64,
        /// Last modification, in nanoseconds since the epoch (0 when unknown).
        modified: u64,
    },
    /// Something that could not be walked or read, and why.
    Problem {
        /// The path involved.
        path: String,
        /// Why it was not read.
        reason: Reason,
    },
}

/// Walks every path. A path that does not exist is an error (a typo, not a damaged dump).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Found>> {
    for p in paths {
        std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
    }
    let mut found = Vec::new();
    for root in paths {
        let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        let mut links = LinkTracker::default();
        let start = found.len();
        for entry in WalkDir::new(&root).follow_links(true) {
            let through_link = entry.as_ref().is_ok_and(|e| links.through_link(e));
            found.extend(classify(entry, through_link));
        }
        found[start..].sort_unstable_by(|a, b| path_order(a.path(), b.path()));
    }
    Ok(without_repeats(found))
}

/// Keeps the first of several finds of one file (through symlinks, or under two PATHs).
fn without_repeats(found: Vec<Found>) -> Vec<Found> {
    let mut files: Vec<usize> = (0..found.len())
        .filter(|&i| matches!(found[i], Found::File { .. }))
        .collect();
    files.sort_unstable_by(|&i, &j| found[i].path().cmp(found[j].path()).then(i.cmp(&j)));
    let mut repeat = vec![false; found.len()];
    for pair in files.windows(2) {
        repeat[pair[1]] = found[pair[0]].path() == found[pair[1]].path();
    }
    found
        .into_iter()
        .zip(repeat)
        .filter_map(|(f, r)| (!r).then_some(f))
        .collect()
}

impl Found {
    /// The path of the file or of the problem.
    pub fn path(&self) -> &str {
        match self {
            Found::File { path, .. } | Found::Problem { path, .. } => path,
        }
    }
}

/// The order of a depth-first walk that visits each directory's entries sorted by name:
/// byte order, with `/` before every other byte. Sorting the whole list once is cheaper than
/// having the walk sort each directory by file name, which re-parses both paths on every
/// comparison (a third of a re-run's time on a 71,848-file maildir).
fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let common = common_prefix(a, b);
    let rank = |s: &[u8]| {
        s.get(common)
            .map(|&c| if c == b'/' { 0 } else { u16::from(c) + 1 })
    };
    rank(a).cmp(&rank(b))
}

/// Length of the common prefix, eight bytes at a time while it lasts.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n && a[i..i + 8] == b[i..i + 8] {
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Knows, during a walk from a canonical root, whether an entry's path goes through a
/// followed symlink: only such paths need canonicalising (one system call per component), so
/// a maildir of a million files is not canonicalised file by file.
#[derive(Default)]
struct LinkTracker {
    /// Depth of the symlinked directory the walk is inside, if any.
    inside: Option<usize>,
}

impl LinkTracker {
    fn through_link(&mut self, entry: &walkdir::DirEntry) -> bool {
        if self.inside.is_some_and(|depth| entry.depth() <= depth) {
            self.inside = None;
        }
        if entry.path_is_symlink() && entry.file_type().is_dir() && self.inside.is_none() {
            self.inside = Some(entry.depth());
        }
        entry.path_is_symlink() || self.inside.is_some()
    }
}

fn classify(entry: walkdir::Result<walkdir::DirEntry>, through_link: bool) -> Option<Found> {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => return Some(walk_problem(&e)),
    };
    let path = entry.path();
    if !entry.file_type().is_file() || is_ignored(path) {
        return None;
    }
    let problem = |reason: Reason| {
        Some(Found::Problem {
            path: path.to_string_lossy().into_owned(),
            reason,
        })
    };
    let canonical = if through_link {
        match std::fs::canonicalize(path) {
            Ok(c) => c,
            Err(e) => return problem(Reason::Unreadable(e.to_string())),
        }
    } else {
        path.to_path_buf()
    };
    let Some(text) = canonical.to_str() else {
        return problem(Reason::FileNameNotUtf8);
    };
    if text.contains(crate::location::SEPARATOR) {
        return problem(Reason::PathHoldsSeparator);
    }
    match entry.metadata() {
        Ok(m) => Some(Found::File {
            path: text.to_owned(),
            bytes: m.len(),
            modified: modified_nanos(&m),
        }),
        Err(e) => problem(Reason::Unreadable(e.to_string())),
    }
}

/// When a file was last modified, in nanoseconds since the epoch; 0 when the system cannot say.
fn modified_nanos(m: &std::fs::Metadata) -> u64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn walk_problem(e: &walkdir::Error) -> Found {
    let path = e
        .path()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let reason = match (e.loop_ancestor(), e.io_error()) {
        (Some(a), _) => Reason::SymlinkLoop(a.display().to_string()),
        (None, Some(io)) => Reason::Unreadable(io.to_string()),
        (None, None) => Reason::Walk(e.to_string()),
    };
    Found::Problem { path, reason }
}

/// A mail store's bookkeeping file name (`dovecot-uidlist`, `.DS_Store`...): it holds no
/// mail. Left out of the walk on disk; inside an archive, a skipped member with this reason.
pub fn is_store_metadata(name: &str) -> bool {
    METADATA_NAMES.contains(&name)
}

/// Maildir `tmp/` files and store metadata.
fn is_ignored(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    is_store_metadata(name) || in_maildir_tmp(path)
}

fn in_maildir_tmp(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let Some(folder) = dir.parent() else {
        return false;
    };
    dir.file_name().is_some_and(|n| n == "tmp")
        && (folder.join("cur").is_dir() || folder.join("new").is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(found: &[Found]) -> Vec<String> {
        found
            .iter()
            .filter_map(|f| match f {
                Found::File { path, .. } => Path::new(path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned()),
                Found::Problem { .. } => None,
            })
            .collect()
    }

    #[test]
    fn maildir_tmp_and_metadata_are_left_out() -> std::io::Result<()> {
        let dir = tempdir("discover-tmp")?;
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(dir.join("box").join(sub))?;
        }
        std::fs::write(dir.join("box/cur/a"), "x")?;
        std::fs::write(dir.join("box/tmp/b"), "x")?;
        std::fs::write(dir.join("box/dovecot-uidlist"), "x")?;
        let found = discover(std::slice::from_ref(&dir)).map_err(std::io::Error::other)?;
        assert_eq!(files(&found), ["a"]);
        std::fs::remove_dir_all(dir)
    }

    #[test]
    fn symlink_loops_are_reported_not_fatal() -> std::io::Result<()> {
        let dir = tempdir("discover-loop")?;
        std::fs::write(dir.join("m.eml"), "x")?;
        std::os::unix::fs::symlink(&dir, dir.join("loop"))?;
        let found = discover(std::slice::from_ref(&dir)).map_err(std::io::Error::other)?;
        assert_eq!(files(&found), ["m.eml"]);
        assert!(found.iter().any(
            |f| matches!(f, Found::Problem { reason, .. } if reason.to_string().contains("loop"))
        ));
        std::fs::remove_dir_all(dir)
    }

    #[test]
    fn paths_are_canonical_through_symlinks_and_counted_once() -> std::io::Result<()> {
        let dir = tempdir("discover-links")?;
        std::fs::create_dir_all(dir.join("real/sub"))?;
        std::fs::write(dir.join("real/sub/m.eml"), "x")?;
        std::os::unix::fs::symlink(dir.join("real"), dir.join("alias"))?;
        std::os::unix::fs::symlink(dir.join("real/sub/m.eml"), dir.join("link.eml"))?;
        let relative = dir.join("real/../real");
        let found = discover(&[relative, dir.clone()]).map_err(std::io::Error::other)?;
        let canonical = std::fs::canonicalize(dir.join("real/sub/m.eml"))?;
        assert!(matches!(
            found.as_slice(),
            [Found::File { path, bytes: 1, modified }]
                if *path == canonical.to_string_lossy() && *modified > 0
        ));
        std::fs::remove_dir_all(dir)
    }

    #[test]
    fn order_is_a_sorted_depth_first_walk() {
        let mut paths = vec!["/d/a.b", "/d/a/z", "/d/a-c", "/d/a/b/c", "/d/B", "/d/a/b.x"];
        paths.sort_unstable_by(|a, b| path_order(a, b));
        assert_eq!(
            paths,
            ["/d/B", "/d/a/b/c", "/d/a/b.x", "/d/a/z", "/d/a-c", "/d/a.b"]
        );
    }

    #[test]
    fn a_path_holding_the_archive_separator_is_reported() -> std::io::Result<()> {
        let dir = tempdir("discover-bang")?;
        std::fs::create_dir_all(dir.join("box!"))?;
        std::fs::write(dir.join("box!/m.eml"), "x")?;
        let found = discover(std::slice::from_ref(&dir)).map_err(std::io::Error::other)?;
        assert!(matches!(
            found.as_slice(),
            [Found::Problem { path, reason }] if path.ends_with("box!/m.eml") && reason.to_string().contains("!/")
        ));
        std::fs::remove_dir_all(dir)
    }

    #[test]
    fn missing_path_is_an_error() {
        assert!(discover(&[PathBuf::from("/nonexistent/trawl")]).is_err());
    }

    fn tempdir(name: &str) -> std::io::Result<PathBuf> {
        let dir = std::env::temp_dir().join(format!("trawl-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}
