//! Searching an index that cannot be written: on read-only media, or a folder the reader may
//! not write to (an index handed over with the evidence).
//!
//! tantivy's reader takes a lock file in the index directory, so that a writer in the same
//! directory does not delete files the reader is opening. Where the lock file cannot be
//! created because nothing can be written, no writer can delete anything either: this
//! directory then opens the reader without it. Everything else is the memory-mapped directory.

use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// A memory-mapped directory whose readers also open on read-only storage.
#[derive(Debug, Clone)]
pub struct TolerantDirectory {
    inner: MmapDirectory,
}

impl TolerantDirectory {
    /// Opens `path`.
    pub fn open(path: &Path) -> Result<TolerantDirectory, OpenDirectoryError> {
        Ok(TolerantDirectory {
            inner: MmapDirectory::open(path)?,
        })
    }
}

/// Whether a failed lock means that nothing can be written here at all.
fn unwritable(error: &LockError) -> bool {
    let LockError::IoError(io) = error else {
        return false;
    };
    matches!(
        io.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}

impl Directory for TolerantDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    /// The reader's lock is waived where nothing can be written; a writer's never is.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        let is_reader = lock.filepath == tantivy::directory::META_LOCK.filepath;
        match self.inner.acquire_lock(lock) {
            Err(e) if is_reader && unwritable(&e) => Ok(DirectoryLock::from(Box::new(()))),
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
