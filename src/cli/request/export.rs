//! `trawl export`'s two forms: the flags, then the query words, as every query command takes
//! them; and one query argument followed by more flags (`export 'QUERY' --to DIR`), whose
//! flags [`ExportTail`] reads.

use std::path::PathBuf;

use clap::Parser;

use trawl::export::{ExportFormat, ExportRequest};

use super::Export;
use super::flags::{index_dir, sort};
use super::query::{has_flag, long_flag, query_text};
use crate::cli::args::{self, ExportFlags, ExportTail};
use crate::cli::exit::UsageError;

/// `trawl export`: its flags, wherever written, and its query. The query is the words after
/// the flags, as for every command; one query argument followed by more flags (`export
/// 'QUERY' --to DIR`) is accepted too, those flags read as [`ExportTail`].
pub(super) fn export(index_flag: Option<PathBuf>, a: &args::ExportArgs) -> anyhow::Result<Export> {
    let (query, flags, index_after) = match a.query.as_slice() {
        [query, tail @ ..] if tail.first().is_some_and(|w| long_flag(w).is_some()) => {
            let after = export_tail(tail)?;
            let flags = joined(a.flags.clone(), after.flags)?;
            (
                query_text("export", std::slice::from_ref(query))?,
                flags,
                after.index,
            )
        }
        words => (query_text("export", words)?, a.flags.clone(), None),
    };
    let index = match (index_flag, index_after) {
        (Some(_), Some(_)) => return Err(twice("index").into()),
        (before, after) => index_dir(before.or(after))?,
    };
    let to = flags.to.ok_or_else(|| {
        UsageError("`trawl export` needs --to DIR, the directory to write into".into())
    })?;
    let request = ExportRequest {
        query,
        to,
        format: match flags.format.unwrap_or(args::ExportFormatArg::Eml) {
            args::ExportFormatArg::Eml => ExportFormat::Eml,
            args::ExportFormatArg::Mbox => ExportFormat::Mbox,
        },
        limit: flags
            .limit
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        sort: sort(flags.sort.unwrap_or(args::SortArg::Relevance)),
    };
    Ok(Export { index, request })
}

/// The flags after `export 'QUERY'`: a flag `export` lacks is named as such, anything else
/// clap refuses is reported as clap says it.
fn export_tail(tail: &[String]) -> anyhow::Result<ExportTail> {
    for word in tail {
        if let Some(name) = long_flag(word).filter(|name| !has_flag("export", name)) {
            let why = format!("`trawl export` has no flag --{name} (see `trawl help export`)");
            return Err(UsageError(why).into());
        }
    }
    ExportTail::try_parse_from(tail).map_err(|e| {
        let said = e.render().to_string();
        let said = said.trim().trim_start_matches("error: ");
        UsageError(format!("after the query of `trawl export`: {said}")).into()
    })
}

/// The export flags written before the query and after it; each may be written once.
fn joined(before: ExportFlags, after: ExportFlags) -> Result<ExportFlags, UsageError> {
    fn once<T>(name: &str, a: Option<T>, b: Option<T>) -> Result<Option<T>, UsageError> {
        match (a, b) {
            (Some(_), Some(_)) => Err(twice(name)),
            (a, b) => Ok(a.or(b)),
        }
    }
    Ok(ExportFlags {
        to: once("to", before.to, after.to)?,
        format: once("format", before.format, after.format)?,
        limit: once("limit", before.limit, after.limit)?,
        sort: once("sort", before.sort, after.sort)?,
    })
}

fn twice(name: &str) -> UsageError {
    UsageError(format!("--{name} is given twice: give it once"))
}
