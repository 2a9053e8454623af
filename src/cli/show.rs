//! `trawl show ID [--raw | --json]`: a document's fields and text, its original bytes, or
//! its fields and text as JSON.

use std::io::{self, IsTerminal, Write};

use trawl::index::Store;
use trawl::render::{self, Painter};
use trawl::search;

use super::request::Show;

/// Prints the document; `--raw` writes its bytes, control characters escaped on a terminal;
/// `--json` writes one JSON object.
pub fn run(r: &Show, out: &mut impl Write, painter: Painter) -> anyhow::Result<()> {
    let (id, card) = search::resolve(&Store::open(&r.index)?, &r.id)?;
    if r.json {
        let doc = search::reread(&id, &card)?;
        return Ok(render::write_document_json(out, &id, &card, &doc)?);
    }
    if !r.raw {
        let doc = search::reread(&id, &card)?;
        return Ok(render::write_document(out, &id, &card, &doc, painter)?);
    }
    let bytes = search::original_bytes(&id, &card)?;
    if io::stdout().is_terminal() {
        let text = String::from_utf8_lossy(&bytes);
        out.write_all(trawl::sanitize::for_terminal(&text, true).as_bytes())?;
    } else {
        out.write_all(&bytes)?;
    }
    Ok(())
}
