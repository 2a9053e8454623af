//! Who holds the index's writer lock: `index.pid` names the process, so that a second
//! `trawl index` on the same index can say which run to wait for (or kill).
//!
//! tantivy's lock file is the lock; this file only names its holder. It is written once the
//! lock is taken and removed when the holder is dropped (if it still names this process).
//! After a crash it stays behind, naming a dead process, until the next run replaces it.

use std::path::{Path, PathBuf};

use super::write_atomic;
use crate::error::Result;

const PID_FILE: &str = "index.pid";

/// Names this process as the writer of the index in a directory, for as long as it lives.
#[derive(Debug)]
pub struct Holder {
    path: PathBuf,
}

impl Holder {
    /// Records this process as the holder of `dir`'s writer lock (call once it is taken).
    pub fn record(dir: &Path) -> Result<Holder> {
        let path = dir.join(PID_FILE);
        write_atomic(&path, std::process::id().to_string().as_bytes())?;
        Ok(Holder { path })
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        if read_pid(&self.path) == Some(std::process::id()) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The process recorded as holding `dir`'s writer lock, if one is.
pub fn holder(dir: &Path) -> Option<u32> {
    read_pid(&dir.join(PID_FILE))
}

fn read_pid(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_is_named_while_it_lives() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("trawl-holder-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let held = Holder::record(&dir).map_err(std::io::Error::other)?;
        assert_eq!(holder(&dir), Some(std::process::id()));
        drop(held);
        assert_eq!(holder(&dir), None);
        std::fs::remove_dir_all(dir)
    }
}
