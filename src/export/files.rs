//! The files of an export: created once (never over another file) and hashed. SHA-256 is
//! what the manifest records and what `trawl verify` recomputes.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Creates `path`, which must not exist yet, holding `bytes`; returns the file, so that a
/// manifest can be synced to disk (the messages are not: `verify` finds any loss).
pub fn create(path: &Path, bytes: &[u8]) -> Result<File> {
    let mut file = File::create_new(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    Ok(file)
}

/// SHA-256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(bytes))
}

/// SHA-256 of everything `reader` yields, hex, read in blocks (an export's mbox can be large).
pub fn sha256_reader(reader: &mut impl Read) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(reader, &mut hasher)?;
    Ok(data_encoding::HEXLOWER.encode(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_sha256_hex() {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(sha256_hex(b""), empty);
        assert_eq!(sha256_reader(&mut &b""[..]).ok().as_deref(), Some(empty));
    }

    #[test]
    fn a_file_is_never_created_over_another() {
        let path = std::env::temp_dir().join(format!("trawl-files-{}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        assert!(create(&path, b"first").is_ok());
        assert!(create(&path, b"second").is_err());
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"first"[..]));
        let _ = std::fs::remove_file(&path);
    }
}
