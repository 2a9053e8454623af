//! `trawl attachment ID N --out FILE`: one attachment of an email (or `trawl attachment ID
//! --out FILE`, an attachment by its own id), written out byte-exact.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use sha2::{Digest, Sha256};

use trawl::document::DocKind;
use trawl::index::Store;
use trawl::sanitize::for_terminal;
use trawl::search;

use crate::UsageError;

/// The flags of `trawl attachment`.
#[derive(clap::Args)]
pub struct AttachmentArgs {
    /// Email id (or unique id prefix), as printed by search; or an attachment's own id
    id: String,
    /// Which attachment, from 1, as `trawl show` numbers them (not needed with an
    /// attachment's own id)
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    number: Option<u64>,
    /// Where to write it: a new file (never an existing one), or - for standard output
    /// (refused on a terminal). The attachment's own file name is never used
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Writes the attachment and says on stderr what was written.
pub fn run_attachment(
    store: &Store,
    args: &AttachmentArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (id, card) = search::resolve(store, &args.id)?;
    let number = match (args.number, card.kind) {
        (Some(n), _) => usize::try_from(n)?,
        (None, DocKind::Attachment) => 1,
        (None, _) => {
            let why =
                format!("{id} is an email: give the attachment's number (trawl show lists them)");
            return Err(UsageError(why).into());
        }
    };
    let (entry, bytes) = search::attachment(&id, &card, number)?;
    if args.out.as_os_str() == "-" {
        if io::stdout().is_terminal() {
            return Err(
                UsageError("--out -: standard output is a terminal; give a file".into()).into(),
            );
        }
        out.write_all(&bytes)?;
    } else {
        let mut file = std::fs::File::create_new(&args.out).with_context(|| {
            format!(
                "{} (an attachment is never written over a file)",
                args.out.display()
            )
        })?;
        file.write_all(&bytes)
            .with_context(|| format!("{}", args.out.display()))?;
    }
    let name = for_terminal(entry.name.as_deref().unwrap_or("(unnamed)"), false);
    let hash = data_encoding::HEXLOWER.encode(&Sha256::digest(&bytes));
    eprintln!(
        "attachment {number} of {id}: {name} ({}, {} bytes, sha256 {hash})",
        entry.mime,
        bytes.len()
    );
    Ok(())
}
