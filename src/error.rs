//! Typed errors of the library. Each variant says where the problem is (a file, an offset, a
//! query position) so that the CLI can print one clear line without guessing.

use std::path::PathBuf;

/// Everything the library can fail with. Data problems inside a message are *not* errors: they
/// are recorded in the ledger and the run goes on. These are the failures that stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The search index could not be opened, read or written.
    #[error("index {path}")]
    Index {
        /// The index directory.
        path: PathBuf,
        /// What tantivy reported.
        source: tantivy::TantivyError,
    },
    /// The index directory exists but holds no trawl index, or one from another version.
    #[error("index {path}: {reason}")]
    IndexState {
        /// The index directory.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The query could not be understood.
    #[error("bad query")]
    Query(#[from] crate::query::QueryError),
    /// No document has this id (or the prefix is ambiguous).
    #[error("{0}")]
    NotFound(String),
    /// The bytes at a recorded location no longer match what was indexed.
    #[error("{path} at offset {offset}: {reason}")]
    SourceChanged {
        /// The source file.
        path: PathBuf,
        /// Byte offset of the message in that file.
        offset: u64,
        /// What differs.
        reason: String,
    },
}

/// Shorthand for results of library functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Wraps a tantivy error with the index directory it happened in.
    pub fn index(path: impl Into<PathBuf>, source: tantivy::TantivyError) -> Self {
        Error::Index {
            path: path.into(),
            source,
        }
    }
}
