//! What could not be read, or only partly, and why: a [`Problem`] is the one record of it, from
//! the reader that finds it to the ledger that keeps it and the `failures` report that lists it;
//! its [`Reason`] says why.
//!
//! It sits at the bottom of the library so that the rooms that find problems (`discover`,
//! `container`, `extract`, `mailstore`), the ledger that accounts for them and the pipeline can
//! all name it without reaching into one another.

mod reason;

use serde::{Deserialize, Serialize};

pub use reason::{Reason, SevenZHeader};

/// What became of the file or message a [`Problem`] is about. Serialized as its name in lower
/// case (`failed`), as `trawl failures --json` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// A whole file (or archive member) not read.
    Skipped,
    /// A message not indexed, or bytes of a file that could not be read.
    Failed,
    /// A message indexed from a degraded parse (raw text, repaired headers).
    Damaged,
    /// A message (or archive) indexed only up to a limit.
    Truncated,
    /// A message indexed whose body still holds a line that reads like another message's
    /// envelope, followed by header lines: probably two messages the mbox splitter did not cut
    /// apart (see `mbox::merged_envelope`).
    Merged,
}

impl ProblemKind {
    /// Its name, as reports and JSON write it.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::Skipped => "skipped",
            ProblemKind::Failed => "failed",
            ProblemKind::Damaged => "damaged",
            ProblemKind::Truncated => "truncated",
            ProblemKind::Merged => "merged",
        }
    }
}

/// Its name; width and alignment apply (`{:<8}`).
impl std::fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

/// A file or message that was not indexed, or only partly, where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// What became of it.
    pub kind: ProblemKind,
    /// The source file (or member, or store message).
    pub path: String,
    /// Byte offset of the message in the file (0 for a whole file).
    pub offset: u64,
    /// Length in bytes (0 when unknown; the file's size for a skipped file).
    pub length: u64,
    /// Why.
    pub reason: Reason,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_serializes_with_its_kind_first_as_failures_json_writes_it() {
        let problem = Problem {
            kind: ProblemKind::Truncated,
            path: "/d/a.mbox".into(),
            offset: 12,
            length: 34,
            reason: Reason::TextLimit,
        };
        let json = serde_json::to_string(&problem).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"kind":"truncated","path":"/d/a.mbox","offset":12,"length":34,"reason":"text read up to the limit per attachment"}"#
        );
        assert_eq!(format!("{:<8}|", ProblemKind::Failed), "failed  |");
    }
}
