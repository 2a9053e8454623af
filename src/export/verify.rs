//! `trawl verify`: re-checks an export against its `manifest.json`. Every exported document's
//! file must be there and hash to its recorded SHA-256 (in an mbox export, its recorded span
//! of `export.mbox`, mboxrd quoting undone); every other file the manifest lists
//! (`manifest.csv`, `export.mbox`) must hash to its record; and the directory must hold
//! nothing else. The verdict lists each check as ok, missing, altered or unlisted.

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::mbox;

use super::files;
use super::manifest::{self, Entry, ExportFormat, Manifest, Status};

/// What one check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// There, with the recorded SHA-256.
    Ok,
    /// Listed in the manifest, not in the directory (or not readable).
    Missing,
    /// There, with other bytes.
    Altered,
    /// In the directory, not listed in the manifest.
    Unlisted,
}

impl Verdict {
    /// The name printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Missing => "missing",
            Verdict::Altered => "altered",
            Verdict::Unlisted => "unlisted",
        }
    }
}

/// One file, or one message's span of `export.mbox`, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was found.
    pub verdict: Verdict,
    /// The file, in the export directory.
    pub file: String,
    /// The document, when the check is of one.
    pub id: Option<String>,
    /// The message's span in `export.mbox`: offset, then length.
    pub mbox_offset: Option<u64>,
    /// See `mbox_offset`.
    pub mbox_length: Option<u64>,
    /// The SHA-256 the manifest records.
    pub expected_sha256: Option<String>,
    /// The SHA-256 of what is there now.
    pub found_sha256: Option<String>,
    /// Why a file counts as missing when it is not simply absent, or a span as altered when
    /// it cannot be read whole.
    pub detail: Option<String>,
}

/// Checks counted by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Checks passed.
    pub ok: u64,
    /// Files listed but absent.
    pub missing: u64,
    /// Files or spans with other bytes.
    pub altered: u64,
    /// Files present but not listed.
    pub unlisted: u64,
    /// Documents the manifest lists as matched but not exported (failed or skipped).
    pub not_exported: u64,
}

/// The verdict on an export directory.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Version of this shape: fields are only ever added.
    pub v: u32,
    /// The export directory.
    pub dir: String,
    /// True when every check passed.
    pub ok: bool,
    /// SHA-256 of `manifest.json`, to compare with the one noted at export time.
    pub manifest_sha256: String,
    /// The query exported.
    pub query: String,
    /// When it was exported.
    pub exported_at: String,
    /// Checks by verdict.
    pub counts: Tally,
    /// Every check, messages first, then the other listed files, then unlisted files.
    pub checks: Vec<Check>,
}

/// Checks the export in `dir` against its manifest. A manifest that is missing, unreadable or
/// names a file outside the directory is an error; anything else found is a check.
pub fn verify(dir: &Path) -> Result<Verification> {
    let (manifest, manifest_sha256) = manifest::read(dir)?;
    let exported: Vec<&Entry> = manifest
        .messages
        .iter()
        .filter(|e| e.status == Status::Exported)
        .collect();
    let checks = every_check(dir, &manifest, &exported)?;
    let counts = tally(&checks, (manifest.messages.len() - exported.len()) as u64);
    Ok(Verification {
        v: 1,
        dir: dir.to_string_lossy().into_owned(),
        ok: counts.missing + counts.altered + counts.unlisted == 0,
        manifest_sha256,
        query: manifest.query,
        exported_at: manifest.exported_at,
        counts,
        checks,
    })
}

/// The messages' checks, then the other listed files', then the unlisted files'.
fn every_check(dir: &Path, manifest: &Manifest, exported: &[&Entry]) -> Result<Vec<Check>> {
    let mut checks = check_messages(dir, manifest, exported)?;
    for f in &manifest.files {
        checks.push(check_file(dir, plain(dir, &f.name)?, &f.sha256, None));
    }
    checks.extend(unlisted(dir, manifest, exported)?);
    Ok(checks)
}

fn tally(checks: &[Check], not_exported: u64) -> Tally {
    let n = |v| checks.iter().filter(|c| c.verdict == v).count() as u64;
    Tally {
        ok: n(Verdict::Ok),
        missing: n(Verdict::Missing),
        altered: n(Verdict::Altered),
        unlisted: n(Verdict::Unlisted),
        not_exported,
    }
}

/// The exported documents' checks: their files, or their spans of `export.mbox`.
fn check_messages(dir: &Path, manifest: &Manifest, exported: &[&Entry]) -> Result<Vec<Check>> {
    let mut mbox = Spans::open(dir);
    let mut checks = Vec::with_capacity(exported.len());
    for e in exported {
        let (file, sha256) = recorded(dir, e)?;
        let check = match manifest.format {
            ExportFormat::Eml => check_file(dir, file, sha256, Some(&e.id)),
            ExportFormat::Mbox => mbox.check(&e.id, span(dir, e)?, sha256),
        };
        checks.push(check);
    }
    Ok(checks)
}

/// The file and SHA-256 an exported entry must record.
fn recorded<'a>(dir: &Path, e: &'a Entry) -> Result<(&'a str, &'a str)> {
    match (&e.file, &e.sha256) {
        (Some(file), Some(sha256)) => Ok((plain(dir, file)?, sha256)),
        _ => Err(malformed(
            dir,
            &format!("{} is exported but has no file or sha256", e.id),
        )),
    }
}

/// The span of `export.mbox` an exported entry of an mbox export must record.
fn span(dir: &Path, e: &Entry) -> Result<(u64, u64)> {
    match (e.mbox_offset, e.mbox_length) {
        (Some(offset), Some(length)) => Ok((offset, length)),
        _ => Err(malformed(
            dir,
            &format!("{} is exported but has no span", e.id),
        )),
    }
}

/// `name` when it is a plain file name: a manifest never sends verify out of its directory.
fn plain<'a>(dir: &Path, name: &'a str) -> Result<&'a str> {
    let mut parts = Path::new(name).components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(_)), None) => Ok(name),
        _ => Err(malformed(
            dir,
            &format!("lists '{name}', which is not a file name"),
        )),
    }
}

fn malformed(dir: &Path, reason: &str) -> Error {
    Error::Manifest {
        path: dir.join(manifest::JSON_FILE),
        reason: reason.to_owned(),
    }
}

/// A check of `name` as a whole file against `expected`.
fn check_file(dir: &Path, name: &str, expected: &str, id: Option<&str>) -> Check {
    let mut check = blank(name, id, expected);
    let found = File::open(dir.join(name)).and_then(|mut f| files::sha256_reader(&mut f));
    match found {
        Ok(sha256) => judge(&mut check, sha256),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => check.verdict = Verdict::Missing,
        Err(e) => {
            check.verdict = Verdict::Missing;
            check.detail = Some(format!("cannot be read: {e}"));
        }
    }
    check
}

/// A check not yet judged (missing until something is found).
fn blank(name: &str, id: Option<&str>, expected: &str) -> Check {
    Check {
        verdict: Verdict::Missing,
        file: name.to_owned(),
        id: id.map(str::to_owned),
        mbox_offset: None,
        mbox_length: None,
        expected_sha256: Some(expected.to_owned()),
        found_sha256: None,
        detail: None,
    }
}

fn judge(check: &mut Check, found: String) {
    check.verdict = match check.expected_sha256.as_deref() == Some(found.as_str()) {
        true => Verdict::Ok,
        false => Verdict::Altered,
    };
    check.found_sha256 = Some(found);
}

/// `export.mbox`, opened once, read span by span.
struct Spans {
    file: std::io::Result<File>,
}

impl Spans {
    fn open(dir: &Path) -> Spans {
        Spans {
            file: File::open(dir.join(super::mboxrd::FILE)),
        }
    }

    /// The check of one message's span: read, unquoted, hashed.
    fn check(&mut self, id: &str, (offset, length): (u64, u64), expected: &str) -> Check {
        let mut check = blank(super::mboxrd::FILE, Some(id), expected);
        (check.mbox_offset, check.mbox_length) = (Some(offset), Some(length));
        match self.read(offset, length) {
            Some(Ok(span)) => judge(&mut check, files::sha256_hex(&mbox::unquote(&span))),
            Some(Err(detail)) => (check.verdict, check.detail) = (Verdict::Altered, Some(detail)),
            None => {}
        }
        check
    }

    /// The span's bytes, why they cannot be read whole, or `None` without a file.
    fn read(&mut self, offset: u64, length: u64) -> Option<std::result::Result<Vec<u8>, String>> {
        let file = self.file.as_mut().ok()?;
        let mut span = Vec::new();
        let read = file
            .seek(SeekFrom::Start(offset))
            .and_then(|_| file.take(length).read_to_end(&mut span));
        Some(match read {
            Ok(n) if n as u64 == length => Ok(span),
            Ok(n) => Err(format!("the file ends {n} bytes into this message's span")),
            Err(e) => Err(format!("cannot be read: {e}")),
        })
    }
}

/// A check for every name in `dir` that the manifest does not list, in name order.
fn unlisted(dir: &Path, manifest: &Manifest, exported: &[&Entry]) -> Result<Vec<Check>> {
    let mut listed: HashSet<&str> = exported.iter().filter_map(|e| e.file.as_deref()).collect();
    listed.extend(manifest.files.iter().map(|f| f.name.as_str()));
    listed.insert(manifest::JSON_FILE);
    let mut names = names_in(dir)?;
    names.retain(|name| !listed.contains(name.as_str()));
    names.sort();
    let check = |name: String| Check {
        verdict: Verdict::Unlisted,
        expected_sha256: None,
        ..blank(&name, None, "")
    };
    Ok(names.into_iter().map(check).collect())
}

/// The names in `dir` (made valid UTF-8).
fn names_in(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let name = entry.map_err(|e| Error::io(dir, e))?.file_name();
        names.push(name.to_string_lossy().into_owned());
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_followed() {
        let dir = Path::new("/export");
        assert!(plain(dir, "0123.eml").is_ok());
        for bad in ["../etc/passwd", "/etc/passwd", "a/b", "..", ".", ""] {
            assert!(plain(dir, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_check_is_ok_only_with_the_recorded_hash() {
        let mut check = blank("a.eml", Some("a"), "00");
        judge(&mut check, "00".into());
        assert_eq!(check.verdict, Verdict::Ok);
        judge(&mut check, "01".into());
        assert_eq!(check.verdict, Verdict::Altered);
        assert_eq!(check.found_sha256.as_deref(), Some("01"));
    }
}
