//! `trawl attachment ID N [--out FILE]`: one attachment of an email (or `trawl attachment ID`,
//! an attachment by its own id), written out byte-exact; by default under its own file name,
//! made safe, in the current directory, never over another file.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use sha2::{Digest, Sha256};

use trawl::document::DocKind;
use trawl::index::Store;
use trawl::sanitize::for_terminal;
use trawl::search;

use super::exit::UsageError;
use super::request::{Attachment, Destination};

/// Names tried after the attachment's own before giving up: `NAME (2).EXT` to this.
const MAX_RENAMES: usize = 999;

/// Writes the attachment and says on stderr what was written.
pub fn run(r: &Attachment, out: &mut impl Write) -> anyhow::Result<()> {
    let (id, card) = search::resolve(&Store::open(&r.index)?, &r.id)?;
    let number = match (r.number, card.kind) {
        (Some(n), _) => n,
        (None, DocKind::Attachment) => 1,
        (None, _) => {
            let why =
                format!("{id} is an email: give the attachment's number (trawl show lists them)");
            return Err(UsageError(why).into());
        }
    };
    let (entry, bytes) = search::attachment(&id, &card, number)?;
    let written = match &r.out {
        Destination::Stdout => {
            out.write_all(&bytes)?;
            None
        }
        Destination::File(path) => {
            let file = File::create_new(path).with_context(|| {
                format!(
                    "{} (an attachment is never written over a file)",
                    path.display()
                )
            })?;
            Some(write_file(file, path.clone(), &bytes)?)
        }
        Destination::OwnName => {
            let name = trawl::sanitize::file_name(entry.name.as_deref().unwrap_or_default())
                .unwrap_or_else(|| format!("{}-{number}.bin", &id[..12.min(id.len())]));
            let (file, path) = create_free(Path::new(&name))?;
            Some(write_file(file, path, &bytes)?)
        }
    };
    let name = for_terminal(entry.name.as_deref().unwrap_or("(unnamed)"), false);
    let hash = data_encoding::HEXLOWER.encode(&Sha256::digest(&bytes));
    let place = written.map_or_else(String::new, |p| {
        format!(
            " written to {}",
            for_terminal(&p.display().to_string(), false)
        )
    });
    eprintln!(
        "attachment {number} of {id}: {name} ({}, {} bytes, sha256 {hash}){place}",
        entry.mime,
        bytes.len()
    );
    Ok(())
}

/// Writes `bytes` into the new `file` at `path`, and gives the path back.
fn write_file(mut file: File, path: PathBuf, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    file.write_all(bytes)
        .with_context(|| format!("{}", path.display()))?;
    Ok(path)
}

/// Creates `name`, or when it exists `STEM (2).EXT`, `STEM (3).EXT`...: the first that is free
/// (each created atomically, never over a file).
fn create_free(name: &Path) -> anyhow::Result<(File, PathBuf)> {
    let stem = name.file_stem().map(|s| s.to_string_lossy().into_owned());
    let extension = name
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()));
    for k in 1..=MAX_RENAMES {
        let path = match k {
            1 => name.to_path_buf(),
            k => PathBuf::from(format!(
                "{} ({k}){}",
                stem.as_deref().unwrap_or_default(),
                extension.as_deref().unwrap_or_default()
            )),
        };
        match File::create_new(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("{}", path.display())),
        }
    }
    anyhow::bail!(
        "{} and {MAX_RENAMES} numbered names after it exist: give --out",
        name.display()
    )
}
