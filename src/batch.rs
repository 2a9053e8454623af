//! `trawl batch`: many queries (a list of names, companies, phone numbers) against one open
//! index, one row each: the hit count, the first and last dates, the top senders.
//!
//! The index and its searcher are opened once; each query is compiled with
//! [`search::compile`] and counted in one pass over fast columns ([`facets::overview`]), so a
//! hundred queries take milliseconds. A line that is not a query is reported in its own row
//! and the run goes on.

use std::io::BufRead;
use std::path::Path;

use tantivy::Searcher;

use crate::error::{Error, Result};
use crate::facets::{self, Overview};
use crate::index::Store;
use crate::search;

/// Senders listed per query, most frequent first.
pub const TOP_SENDERS: usize = 3;

/// The answer to one query line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line number in the input, from 1.
    pub line: u64,
    /// The query, as written (trimmed).
    pub query: String,
    /// What it matched, or why it could not be run (a malformed query, a line that is not
    /// UTF-8).
    pub outcome: std::result::Result<Overview, String>,
}

/// How a run went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Query lines read (blank lines and `#` comments not counted).
    pub queries: u64,
    /// Of those, the lines that could not be run.
    pub failed: u64,
}

/// Runs every query line of `input` (named `name` in errors) against `store`, handing each
/// row to `emit` as soon as it is ready. Blank lines and lines starting with `#` are skipped.
/// A malformed line becomes a row with its error; a failure to read the input or the index
/// stops the run, as does an error from `emit` (a closed pipe), returned as is.
pub fn run<E: From<Error>>(
    store: &Store,
    input: &mut dyn BufRead,
    name: &Path,
    emit: &mut dyn FnMut(Row) -> Result<(), E>,
) -> Result<Summary, E> {
    let searcher = store.searcher()?;
    let mut summary = Summary::default();
    for (number, bytes) in (1u64..).zip(input.split(b'\n')) {
        let bytes = bytes.map_err(|e| Error::io(name, e))?;
        let Some(text) = query_text(&bytes) else {
            continue;
        };
        let row = answer(store, &searcher, number, text)?;
        summary.queries += 1;
        summary.failed += u64::from(row.outcome.is_err());
        emit(row)?;
    }
    Ok(summary)
}

/// The byte-order mark that lists saved by spreadsheets start with.
const BOM: char = '\u{FEFF}';

/// The query of a line, trimmed (and without a byte-order mark), or `None` for a blank line
/// or a `#` comment. A line that is not UTF-8 is kept (as an error, with its text made valid).
fn query_text(bytes: &[u8]) -> Option<std::result::Result<&str, String>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.trim_start_matches(BOM).trim()),
        Err(_) => Err(String::from_utf8_lossy(bytes)
            .trim_start_matches(BOM)
            .trim()
            .to_owned()),
    };
    let shown = match &text {
        Ok(text) => *text,
        Err(lossy) => lossy.as_str(),
    };
    (!shown.is_empty() && !shown.starts_with('#')).then_some(text)
}

/// The row of one query line.
fn answer(
    store: &Store,
    searcher: &Searcher,
    line: u64,
    text: std::result::Result<&str, String>,
) -> Result<Row> {
    let (query, outcome) = match text {
        Err(lossy) => (lossy, Err("the line is not UTF-8 text".to_owned())),
        Ok(query) => (query.to_owned(), overview(store, searcher, query)?),
    };
    Ok(Row {
        line,
        query,
        outcome,
    })
}

/// What `query` matches, or the parser's reason when it is malformed; any other error (the
/// index) stops the run.
fn overview(
    store: &Store,
    searcher: &Searcher,
    query: &str,
) -> Result<std::result::Result<Overview, String>> {
    match search::compile(store, searcher, query) {
        Ok(compiled) => Ok(Ok(facets::overview(
            store,
            searcher,
            &*compiled,
            TOP_SENDERS,
        )?)),
        Err(e @ Error::Query(_)) => Ok(Err(e.with_causes())),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_comments_are_skipped_and_lines_trimmed() {
        assert_eq!(query_text(b"  moreau \r"), Some(Ok("moreau")));
        assert_eq!(query_text(b"   \r"), None);
        assert_eq!(query_text(b"# suppliers"), None);
        assert_eq!(query_text(b"  # indented comment"), None);
        assert_eq!(query_text(b"from:x #1"), Some(Ok("from:x #1")));
        assert_eq!(
            query_text("\u{FEFF}moreau\r".as_bytes()),
            Some(Ok("moreau"))
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_kept_as_an_error() {
        let got = query_text(b"caf\xe9 ");
        assert_eq!(got, Some(Err("caf\u{FFFD}".to_owned())));
    }
}
