//! `trawl search QUERY`: hits as blocks, JSON lines, CSV, ids or paths, or conversations with
//! `--threads`; `--explain` prints how the query is understood instead.

use std::io::{self, IsTerminal, Write};

use trawl::index::Store;
use trawl::output::{HitFormat, HitWriter};
use trawl::render::{self, Painter};
use trawl::search::{self, SearchRequest};

use super::request::{Query, Search, SearchOutput, ThreadFormat};

/// Prints the hits (or conversations) of the request; on a terminal, human output ends with
/// the number of hits on stderr.
pub fn run(r: &Search, out: &mut impl Write, painter: Painter) -> anyhow::Result<()> {
    let store = Store::open(&r.index)?;
    let format = match r.output {
        SearchOutput::Threads(format) => return threads(&store, &r.request, format, out, painter),
        SearchOutput::Hits(format) => format,
    };
    let mut writer = HitWriter::new(out, format, painter)?;
    let mut shown = 0;
    let total = search::search_each::<anyhow::Error>(&store, &r.request, &mut |hit| {
        shown += 1;
        Ok(writer.write(&hit)?)
    })?;
    writer.finish()?;
    if format == HitFormat::Human && io::stderr().is_terminal() {
        eprintln!("{}", render::hit_count(shown, r.request.offset, total));
    }
    Ok(())
}

/// `search --threads`: one block, JSON line or id per conversation.
fn threads(
    store: &Store,
    request: &SearchRequest,
    format: ThreadFormat,
    out: &mut impl Write,
    painter: Painter,
) -> anyhow::Result<()> {
    for t in search::search_threads(store, request)? {
        match format {
            ThreadFormat::Json => writeln!(out, "{}", render::thread_hit_json(&t))?,
            ThreadFormat::Ids => writeln!(out, "{}", t.thread)?,
            ThreadFormat::Human => render::write_thread_hit(out, &t, painter)?,
        }
    }
    Ok(())
}

/// `search --explain`: each part of the query with what it matches.
pub fn explain(r: &Query, out: &mut impl Write) -> anyhow::Result<()> {
    let text = trawl::explain::explain(&Store::open(&r.index)?, &r.query)?;
    Ok(write!(
        out,
        "{}",
        trawl::sanitize::for_terminal(&text, true)
    )?)
}
