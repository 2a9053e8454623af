//! `trawl export` and `trawl verify`: flags into an [`ExportRequest`] or a directory to check,
//! the library call, the report; exit 1 when a document was not exported or a check failed.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::ValueEnum;

use trawl::export::{self, ExportFormat, ExportRequest, Report, verify};
use trawl::index::Store;
use trawl::render;
use trawl::sanitize::for_terminal;

use super::SortArg;

/// The flags of `trawl export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// Directory to write into: created if missing, refused unless empty
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    /// eml: a file per document (<id>.eml, articles <id>.<extension>); mbox: one mboxrd file,
    /// export.mbox (emails only: articles are listed as skipped)
    #[arg(long, value_enum, default_value = "eml")]
    format: FormatArg,
    /// Documents to export at most: the first in --sort order [default: every match]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    limit: Option<u64>,
    /// Order the documents are taken and listed in, as for `trawl search`: relevance, date
    /// (oldest first), -date (newest first), sender, -sender, size, -size
    #[arg(long, default_value = "relevance", allow_hyphen_values = true)]
    sort: SortArg,
    /// The query, one argument (quote it): the language of `trawl search`; every hit is
    /// exported (or the first --limit). Flags may come before or after it
    #[arg(allow_hyphen_values = true)]
    query: String,
}

/// The flags of `trawl verify`.
#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The export directory (holding manifest.json)
    dir: PathBuf,
    /// One JSON object: the verdict and every check
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Eml,
    Mbox,
}

fn request(args: &ExportArgs) -> ExportRequest {
    ExportRequest {
        query: args.query.clone(),
        to: args.to.clone(),
        format: match args.format {
            FormatArg::Eml => ExportFormat::Eml,
            FormatArg::Mbox => ExportFormat::Mbox,
        },
        limit: args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        sort: args.sort.sort(),
    }
}

/// Exports, lists on stderr each document not written and why, and prints the summary; exit
/// 1 when the export is incomplete (even when the summary meets a closed pipe).
pub fn run_export(index: &Path, args: &ExportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    crate::query_text("export", std::slice::from_ref(&args.query))?;
    let request = request(args);
    let report = export::export(&Store::open(index)?, &request)?;
    let err = &mut io::stderr().lock();
    for entry in &report.not_exported {
        render::write_not_exported(err, entry)?;
    }
    let printed = render::write_export_report(out, &request.to, &report);
    incomplete(&request.to, &report)?;
    Ok(printed?)
}

/// The export's shortcomings as an error (exit 1): documents not written, or an index that
/// changed while it ran.
fn incomplete(to: &Path, report: &Report) -> anyhow::Result<()> {
    let c = &report.counts;
    let to = for_terminal(&to.display().to_string(), false);
    if c.exported < c.matched {
        bail!(
            "{} of {} matching documents were not exported; {to}/manifest.csv says why",
            c.matched - c.exported,
            c.matched
        );
    }
    if report.index_changed {
        bail!(
            "the index was written to during the export, so the state hash in {to}/manifest.json \
             may not be the state searched: export again into an empty directory"
        );
    }
    Ok(())
}

/// Verifies an export and prints every check; exit 1 unless all passed (even when the
/// output is cut short by a closed pipe).
pub fn run_verify(args: &VerifyArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let verdict = verify::verify(&args.dir)?;
    let printed = match args.json {
        true => writeln!(out, "{}", serde_json::to_string(&verdict)?),
        false => render::write_verification(out, &verdict),
    };
    failed_checks(&args.dir, &verdict)?;
    Ok(printed?)
}

/// Failed checks as an error (exit 1).
fn failed_checks(dir: &Path, verdict: &verify::Verification) -> anyhow::Result<()> {
    let t = &verdict.counts;
    if !verdict.ok {
        bail!(
            "{} does not match its manifest: {} missing, {} altered, {} unlisted",
            for_terminal(&dir.display().to_string(), false),
            t.missing,
            t.altered,
            t.unlisted
        );
    }
    Ok(())
}
