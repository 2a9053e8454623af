//! Locations that a source file no longer holds.
//!
//! When a file an earlier run read is read again (it changed, or `--rescan`), or is gone, the
//! documents found in it may point at bytes that are no longer there. The sink reports here
//! which locations each such file still holds; at the end, every committed location in the
//! file that was not found again is gone (the sink then rewrites its document without it, or
//! removes a document left with no location at all). A file read again whose earlier
//! locations were all found again (an unchanged re-scan, an appended mbox) costs no query.

use std::collections::{BTreeMap, HashMap, HashSet};

use tantivy::Searcher;

use crate::document::DocId;
use crate::error::Result;
use crate::index::Store;
use crate::location::Location;

/// What a file read again has shown so far.
#[derive(Default)]
struct Watch {
    /// Documents' locations the file held when it was last read.
    expected: u64,
    /// How many of those were found again in this run.
    refound: u64,
    /// (offset, length) of every location read in this run.
    seen: HashSet<(u64, u64)>,
    /// Read to its end without error: only then can a missing location be called gone.
    complete: bool,
}

/// The files to check for gone locations.
#[derive(Default)]
pub struct Stale {
    /// By path, sorted so that an archive's members are found together.
    watched: BTreeMap<String, Watch>,
    removed: Vec<String>,
}

impl Stale {
    /// Watches a file read again that held `expected` locations when it was last read.
    pub fn watch(&mut self, path: &str, expected: u64) {
        if expected > 0 {
            let watch = Watch {
                expected,
                ..Watch::default()
            };
            self.watched.insert(path.to_owned(), watch);
        }
    }

    /// A location read in this run; `refound` when its document already had it.
    pub fn seen(&mut self, location: &Location, refound: bool) {
        if let Some(w) = self.watched.get_mut(&location.path) {
            w.seen.insert((location.offset, location.length));
            w.refound += u64::from(refound);
        }
    }

    /// The file was read to its end without a read error; for an archive, so were its
    /// members (a member not read again is gone from it).
    pub fn completed(&mut self, path: &str) {
        if let Some(w) = self.watched.get_mut(path) {
            w.complete = true;
        }
        let prefix = format!("{path}{}", crate::location::SEPARATOR);
        let members = self.watched.range_mut(prefix.clone()..);
        for (_, w) in members.take_while(|(p, _)| p.starts_with(&prefix)) {
            w.complete = true;
        }
    }

    /// Files gone since an earlier run read them: none of their locations holds any more.
    pub fn removed(&mut self, paths: &[String]) {
        self.removed.extend_from_slice(paths);
    }

    /// Files read whole in this run that did not show again every location they held, with
    /// the locations they showed.
    fn changed(&self) -> impl Iterator<Item = (&str, &HashSet<(u64, u64)>)> {
        self.watched
            .iter()
            .filter(|(_, w)| w.complete && w.refound < w.expected)
            .map(|(path, w)| (path.as_str(), &w.seen))
    }

    /// Every committed location that is gone, by document.
    pub fn gone(
        &self,
        store: &Store,
        searcher: &Searcher,
    ) -> Result<HashMap<DocId, Vec<Location>>> {
        let mut gone: HashMap<DocId, Vec<Location>> = HashMap::new();
        let nothing = HashSet::new();
        let removed = self.removed.iter().map(|path| (path.as_str(), &nothing));
        for (path, seen) in self.changed().chain(removed) {
            for (id, card) in store.docs_at(searcher, path)? {
                let missing = card
                    .locations
                    .into_iter()
                    .filter(|l| l.path == path && !seen.contains(&(l.offset, l.length)));
                gone.entry(id).or_default().extend(missing);
            }
        }
        Ok(gone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Format;

    fn at(path: &str, offset: u64) -> Location {
        Location {
            path: path.into(),
            offset,
            length: 10,
            format: Format::Mbox,
            attachment: None,
        }
    }

    #[test]
    fn only_files_read_whole_with_locations_missing_are_checked() {
        let mut stale = Stale::default();
        stale.watch("/a", 2);
        stale.watch("/b", 1);
        stale.watch("/c", 1);
        stale.watch("/new", 0);
        stale.seen(&at("/a", 0), true);
        stale.seen(&at("/a", 10), false);
        stale.seen(&at("/b", 0), true);
        stale.seen(&at("/new", 0), false);
        for path in ["/a", "/b"] {
            stale.completed(path);
        }
        let checked: Vec<(&str, usize)> = stale.changed().map(|(p, s)| (p, s.len())).collect();
        assert_eq!(
            checked,
            [("/a", 2)],
            "/b is whole, /c unfinished, /new was not indexed"
        );
    }
}
