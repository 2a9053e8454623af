//! `trawl batch`: a file of queries (or standard input) into rows of CSV or JSON lines; exit 2
//! when a line could not be run as a query.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use trawl::batch;
use trawl::index::Store;
use trawl::output::BatchWriter;

use super::exit::UsageError;
use super::request::Batch;

/// Runs every query of the file against the index, one row each as it is answered.
pub fn run(r: &Batch, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut input, name) = open(&r.file)?;
    let store = Store::open(&r.index)?;
    let mut writer = BatchWriter::new(out, r.json)?;
    let summary = batch::run::<anyhow::Error>(&store, &mut *input, &name, &mut |row| {
        Ok(writer.write(&row)?)
    })?;
    writer.finish()?;
    if summary.failed > 0 {
        return Err(UsageError(format!(
            "{} of {} queries could not be run: their rows say why",
            summary.failed, summary.queries
        ))
        .into());
    }
    Ok(())
}

/// The queries' reader and the name to give it in errors; `-` is standard input.
fn open(file: &Path) -> anyhow::Result<(Box<dyn BufRead>, PathBuf)> {
    if file == Path::new("-") {
        return Ok((Box::new(io::stdin().lock()), PathBuf::from("<stdin>")));
    }
    let opened = File::open(file).with_context(|| format!("{}", file.display()))?;
    Ok((Box::new(BufReader::new(opened)), file.to_path_buf()))
}
