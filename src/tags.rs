//! Tags: labels an investigator puts on documents (`trawl tag +urgent QUERY`).
//!
//! They are kept beside the index, not in it, in `INDEX.tags.json` (for the index directory
//! `INDEX`): plain, sorted JSON keyed by document id, easy to read, diff and back up. Document
//! ids come from the messages' own bytes, so tags survive re-indexing, and since the file sits
//! outside the index directory they also survive deleting and rebuilding the index. Writers
//! take an exclusive lock on `INDEX.tags.lock` and replace the file atomically.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::write_atomic;

/// Longest label, in characters.
const MAX_LABEL: usize = 100;
/// What the file says it is.
const FORMAT: &str = "trawl-tags";

/// One change a `trawl tag` run makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `+label`: add it.
    Add(String),
    /// `-label`: remove it.
    Remove(String),
}

impl Change {
    /// Reads `+label` or `-label`. A label is lower-cased, 1 to 100 letters, digits, `-`, `_`
    /// or `.`, beginning with a letter or digit, so that it reads back in a query as
    /// `tag:label` whatever the query language makes of other characters.
    pub fn parse(arg: &str) -> Result<Change, String> {
        let (add, label) = match arg.split_at_checked(1) {
            Some(("+", label)) => (true, label),
            Some(("-", label)) => (false, label),
            _ => return Err(format!("'{arg}' is not +label or -label")),
        };
        let fits = |c: char| c.is_alphanumeric() || "-_.".contains(c);
        let starts = label.chars().next().is_some_and(char::is_alphanumeric);
        if !starts || label.chars().count() > MAX_LABEL || !label.chars().all(fits) {
            return Err(format!(
                "'{label}' cannot be a label: 1 to {MAX_LABEL} letters, digits, -, _ or ., \
                 beginning with a letter or digit"
            ));
        }
        let label = label.to_lowercase();
        Ok(if add {
            Change::Add(label)
        } else {
            Change::Remove(label)
        })
    }
}

/// The tags file as stored.
#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    version: u32,
    /// Labels by document id.
    documents: BTreeMap<String, BTreeSet<String>>,
}

/// The tags of an index.
#[derive(Debug)]
pub struct Tags {
    path: PathBuf,
    documents: BTreeMap<String, BTreeSet<String>>,
    /// Held while the tags may be changed and saved.
    _lock: Option<File>,
}

impl Tags {
    /// Where the tags of the index in `index_dir` are kept.
    pub fn path_for(index_dir: &Path) -> PathBuf {
        let mut name = index_dir.file_name().unwrap_or_default().to_os_string();
        name.push(".tags.json");
        index_dir.with_file_name(name)
    }

    /// The tags of the index in `index_dir`, to read (none yet if the file is missing).
    pub fn load(index_dir: &Path) -> Result<Tags> {
        let path = Tags::path_for(index_dir);
        let documents = match std::fs::read(&path) {
            Ok(bytes) => parse(&path, &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(Tags {
            path,
            documents,
            _lock: None,
        })
    }

    /// The tags of the index in `index_dir`, to change: waits for any other writer first.
    pub fn load_for_update(index_dir: &Path) -> Result<Tags> {
        let lock_path = Tags::path_for(index_dir).with_extension("lock");
        let lock = File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
        lock.lock().map_err(|e| Error::io(&lock_path, e))?;
        let mut tags = Tags::load(index_dir)?;
        tags._lock = Some(lock);
        Ok(tags)
    }

    /// Applies `changes` to each of `ids`; returns how many documents changed.
    pub fn apply(&mut self, ids: &[String], changes: &[Change]) -> usize {
        let mut changed = 0;
        for id in ids {
            let labels = self.documents.entry(id.clone()).or_default();
            let before = labels.clone();
            for change in changes {
                match change {
                    Change::Add(label) => labels.insert(label.clone()),
                    Change::Remove(label) => labels.remove(label),
                };
            }
            changed += usize::from(*labels != before);
            if labels.is_empty() {
                self.documents.remove(id);
            }
        }
        changed
    }

    /// Writes the tags back (atomically).
    pub fn save(&self) -> Result<()> {
        let stored = Stored {
            format: FORMAT.into(),
            version: 1,
            documents: self.documents.clone(),
        };
        let json = serde_json::to_vec_pretty(&stored).unwrap_or_default();
        write_atomic(&self.path, &json)
    }

    /// The documents labelled `label` (any case).
    pub fn ids_with(&self, label: &str) -> Vec<String> {
        let label = label.to_lowercase();
        let tagged = self.documents.iter().filter(|(_, l)| l.contains(&label));
        tagged.map(|(id, _)| id.clone()).collect()
    }

    /// The labels of document `id`, sorted.
    pub fn of(&self, id: &str) -> Vec<String> {
        self.documents
            .get(id)
            .map(|l| l.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Every label in use, sorted.
    pub fn labels(&self) -> BTreeSet<&str> {
        self.documents
            .values()
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let bad = |reason: String| Error::IndexState {
        path: path.to_owned(),
        reason,
    };
    let stored: Stored =
        serde_json::from_slice(bytes).map_err(|e| bad(format!("not a tags file: {e}")))?;
    if stored.format != FORMAT || stored.version != 1 {
        return Err(bad(format!(
            "{} version {}: not a tags file this trawl reads",
            stored.format, stored.version
        )));
    }
    Ok(stored.documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_validated_and_lower_cased() {
        assert_eq!(Change::parse("+Urgent"), Ok(Change::Add("urgent".into())));
        assert_eq!(
            Change::parse("-à-vérifier"),
            Ok(Change::Remove("à-vérifier".into()))
        );
        assert_eq!(Change::parse("+a.b_c-2"), Ok(Change::Add("a.b_c-2".into())));
        for bad in [
            "urgent",
            "+",
            "+a b",
            "+tag:x",
            "+\u{1b}[31m",
            "-(x)",
            "+-x",
            "+/x/",
        ] {
            assert!(Change::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tags_apply_save_and_load_beside_the_index() {
        let dir = std::env::temp_dir().join(format!("trawl-tags-{}", std::process::id()));
        let index = dir.join("index");
        std::fs::create_dir_all(&index).expect("dir");
        assert_eq!(Tags::path_for(&index), dir.join("index.tags.json"));
        let mut tags = Tags::load_for_update(&index).expect("load");
        let ids = ["b".to_owned(), "a".to_owned()];
        assert_eq!(
            tags.apply(&ids, &[Change::Add("x".into()), Change::Add("y".into())]),
            2
        );
        assert_eq!(
            tags.apply(&ids[..1], &[Change::Add("x".into())]),
            0,
            "already there"
        );
        assert_eq!(tags.apply(&ids[..1], &[Change::Remove("x".into())]), 1);
        tags.save().expect("save");
        drop(tags);
        let back = Tags::load(&index).expect("reload");
        assert_eq!(back.ids_with("X"), vec!["a".to_owned()]);
        assert_eq!(back.of("b"), vec!["y".to_owned()]);
        assert_eq!(
            back.labels().into_iter().collect::<Vec<_>>(),
            vec!["x", "y"]
        );
        std::fs::write(Tags::path_for(&index), b"{}").expect("garble");
        assert!(Tags::load(&index).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
