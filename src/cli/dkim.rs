//! `trawl dkim ID`: an email's DKIM signatures verified again from its original bytes, each
//! step printed, beside the results stored when it was indexed.

use std::io::Write;

use anyhow::bail;
use serde_json::json;

use trawl::dkim::{self, Check};
use trawl::document::DocKind;
use trawl::index::Store;
use trawl::location::Format;
use trawl::sanitize::for_terminal;
use trawl::search;

use super::request::Dkim;

/// Verifies and prints, as text or one JSON object.
pub fn run(r: &Dkim, out: &mut impl Write) -> anyhow::Result<()> {
    let (id, card) = search::resolve(&Store::open(&r.index)?, &r.id)?;
    let format = card.locations.first().map(|l| l.format);
    if card.kind != DocKind::Email || matches!(format, Some(Format::Msg | Format::Pst)) {
        bail!(
            "{id} is not an email as it was received (an article, an attachment, or an Outlook item rebuilt from its properties): it has no DKIM signature to verify"
        );
    }
    let bytes = search::original_bytes(&id, &card)?;
    let checks = r.verifier.trace(&bytes);
    let signed: Vec<dkim::Signed> = checks.iter().map(|c| c.signed.clone()).collect();
    let result = dkim::summary(&signed);
    if r.json {
        let value = json!({
            "v": 1,
            "id": id,
            "result": result,
            "indexed": card.dkim,
            "signatures": checks,
        });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    let indexed = card.dkim.as_deref().map_or("not checked".to_owned(), |s| {
        dkim::summary(s).as_str().to_owned()
    });
    writeln!(out, "{id}: dkim {} (indexed: {indexed})", result.as_str())?;
    if checks.is_empty() {
        writeln!(out, "no DKIM-Signature header")?;
    }
    for (n, check) in checks.iter().enumerate() {
        write_check(out, n + 1, check)?;
    }
    Ok(())
}

fn write_check(out: &mut impl Write, n: usize, check: &Check) -> std::io::Result<()> {
    let clean = |s: &str| for_terminal(s, false);
    let s = &check.signed;
    writeln!(
        out,
        "signature {n}: d={} s={}: {}{}",
        clean(&s.domain),
        clean(&s.selector),
        s.result.as_str(),
        s.reason
            .as_deref()
            .map_or(String::new(), |r| format!(" ({})", clean(r)))
    )?;
    for (i, step) in check.steps.iter().enumerate() {
        writeln!(out, "  {}. {}: {}", i + 1, step.step, clean(&step.detail))?;
    }
    Ok(())
}
