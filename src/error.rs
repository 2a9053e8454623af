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
    /// The index directory cannot take the run's writes (disk full, read-only, not allowed):
    /// nothing of the run was committed and the index holds what it held before.
    #[error("index {path}: {reason}")]
    Unwritable {
        /// The index directory.
        path: PathBuf,
        /// What the system said, and what it means for the index.
        reason: String,
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
    Query(#[from] QueryError),
    /// No document has this id (or the prefix is ambiguous).
    #[error("{0}")]
    NotFound(String),
    /// A request the library refuses to carry out as asked (serving a dump off loopback
    /// without a password, a batch too large): what is wrong and what to do.
    #[error("{0}")]
    Refused(String),
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
    /// A member of an archive cannot be read back: the archive is damaged, or no longer an
    /// archive, or no longer holds the member.
    #[error("{path} at offset {offset}: {reason}")]
    Archive {
        /// The member's location path (`archive.zip!/member`).
        path: String,
        /// Byte offset in the member's decompressed bytes.
        offset: u64,
        /// What went wrong.
        reason: String,
    },
    /// An export cannot be written where asked (a non-empty directory, a file).
    #[error("export to {path}: {reason}")]
    ExportTarget {
        /// The directory asked for.
        path: PathBuf,
        /// Why it cannot take the export.
        reason: String,
    },
    /// An export's manifest is missing or cannot be read, so the export cannot be verified.
    #[error("manifest {path}: {reason}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// Why an Outlook `.msg` file could not be read as a message at all. Recorded with the file's
/// path as a failed message (parts of a message that cannot be read are damage, not this).
#[derive(Debug, thiserror::Error)]
pub enum MsgError {
    /// The bytes are not a readable OLE compound file (truncated, or its sector tables broken).
    #[error("Outlook .msg: not a readable compound file: {0}")]
    Compound(std::io::Error),
    /// A compound file, but with no MAPI properties: not an Outlook item.
    #[error("Outlook .msg: the compound file holds no MAPI properties")]
    NotMessage,
}

/// A malformed query: what is wrong, and at which character (1-based) when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong.
    pub message: String,
    /// Character position (1-based), if the problem has one.
    pub column: Option<usize>,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) => write!(f, "{} (at character {c})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for QueryError {}

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
    /// A failure to store bytes (disk full, read-only, permission) becomes [`Error::Unwritable`].
    pub fn index(path: impl Into<PathBuf>, source: tantivy::TantivyError) -> Self {
        let path = path.into();
        match storage_problem(&source.to_string()) {
            Some(what) => Error::unwritable(path, what),
            None => Error::Index { path, source },
        }
    }

    /// This error and its causes in one line, joined with `: ` (as the CLI prints them): what
    /// a manifest or a batch row records, where there is no error chain to walk.
    pub fn with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        text
    }

    /// The index directory cannot take the run's writes, for the reason `what`.
    pub fn unwritable(path: impl Into<PathBuf>, what: &str) -> Self {
        Error::Unwritable {
            path: path.into(),
            reason: format!(
                "{what}: nothing of this run was committed, the index holds what it held \
                 before; fix that and run again"
            ),
        }
    }
}

/// What kind of storage failure a tantivy error reports, if it is one. tantivy passes some I/O
/// errors on as text only, so the system's own wording is what can be recognised.
fn storage_problem(text: &str) -> Option<&'static str> {
    const KNOWN: [(&str, &str); 4] = [
        ("No space left on device", "the disk is full"),
        ("Disk quota exceeded", "the disk quota is exceeded"),
        (
            "Read-only file system",
            "the index directory is on a read-only file system",
        ),
        ("Permission denied", "the index directory is not writable"),
    ];
    KNOWN
        .iter()
        .find(|(said, _)| text.contains(said))
        .map(|&(_, what)| what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_failures_are_named_and_say_the_index_is_unchanged() {
        let full =
            tantivy::TantivyError::InternalError("No space left on device (os error 28)".into());
        let text = Error::index("/ix", full).to_string();
        assert!(
            text.starts_with("index /ix: the disk is full: nothing"),
            "{text}"
        );
        let other = tantivy::TantivyError::InternalError("a bug".into());
        assert!(matches!(Error::index("/ix", other), Error::Index { .. }));
    }

    #[test]
    fn causes_are_spelled_out_on_one_line() {
        let gone = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        assert_eq!(
            Error::io("/dump/a.eml", gone).with_causes(),
            "/dump/a.eml: no such file"
        );
        let query = Error::from(QueryError {
            message: "unbalanced parenthesis".into(),
            column: Some(1),
        });
        let text = query.with_causes();
        assert!(text.starts_with("bad query: "), "{text}");
    }
}
