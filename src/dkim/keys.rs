//! Public keys: DKIM key records (RFC 6376 §3.6.1) and the key file an investigator
//! supplies, one DNS TXT record a line, as `selector._domainkey.domain "v=DKIM1; k=rsa; p=..."`
//! (a zone-file line, `NAME [TTL] [IN] TXT "..." "..."`, reads too). The keys of an old leak
//! are often gone from DNS and come from archives: a key file makes the results reproducible
//! offline.

use std::collections::BTreeMap;
use std::path::Path;

use super::tags;

/// A key record, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// `k=`: `rsa` (the default) or `ed25519`, lower-cased.
    pub key_type: String,
    /// `p=`, decoded; empty for a revoked key.
    pub public: Vec<u8>,
    /// `h=`: the hashes the key may be used with; empty for any.
    pub hashes: Vec<String>,
    /// `t=s`: the `i=` of a signature must be in `d=` itself, not a subdomain.
    pub strict: bool,
    /// The record as written, for the key file and `trawl dkim`.
    pub text: String,
}

impl KeyRecord {
    /// Reads a key record's text.
    pub fn parse(text: &str) -> Result<KeyRecord, String> {
        let tags = tags::parse(text)?;
        if let Some(v) = tags::get(&tags, "v").filter(|v| *v != "DKIM1") {
            return Err(format!("not a DKIM key record (v={v})"));
        }
        let public = tags::get(&tags, "p").ok_or("no p= tag")?;
        let list = |tag: &str| -> Vec<String> {
            tags::get(&tags, tag)
                .unwrap_or_default()
                .split(':')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect()
        };
        Ok(KeyRecord {
            key_type: tags::get(&tags, "k").unwrap_or("rsa").to_ascii_lowercase(),
            public: tags::base64(public).map_err(|e| format!("p=: {e}"))?,
            hashes: list("h"),
            strict: list("t").iter().any(|f| f == "s"),
            text: text.trim().to_owned(),
        })
    }
}

/// Where a key record is published: `selector._domainkey.domain`, lower-cased, without the
/// final dot.
pub fn record_name(selector: &str, domain: &str) -> String {
    format!("{selector}._domainkey.{domain}").to_ascii_lowercase()
}

/// Key records by the name they are published at; a name may hold several (keys rotated under
/// one selector, from archives of several years): a signature passes if one of them verifies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    records: BTreeMap<String, Vec<KeyRecord>>,
}

/// A key file that cannot be read: which line, and why.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file could not be read.
    #[error("{path}")]
    Io {
        /// The key file.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A line is no key record.
    #[error("{path}:{line}: {reason}")]
    Line {
        /// The key file.
        path: std::path::PathBuf,
        /// The line number, from 1.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

impl Keys {
    /// The records published at `selector._domainkey.domain`.
    pub fn get(&self, selector: &str, domain: &str) -> &[KeyRecord] {
        self.records
            .get(&record_name(selector, domain))
            .map_or(&[], Vec::as_slice)
    }

    /// Adds a record at `name` unless it is there already; true if it was new.
    pub fn add(&mut self, name: &str, record: KeyRecord) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let at = self.records.entry(name).or_default();
        let new = !at
            .iter()
            .any(|r| r.public == record.public && r.text == record.text);
        if new {
            at.push(record);
        }
        new
    }

    /// Adds every record of `other`; the number that were new.
    pub fn merge(&mut self, other: &Keys) -> usize {
        let mut added = 0;
        for (name, records) in &other.records {
            for record in records {
                added += usize::from(self.add(name, record.clone()));
            }
        }
        added
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.records.values().map(Vec::len).sum()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Reads a key file.
    pub fn read(path: &Path) -> Result<Keys, KeyFileError> {
        let text = std::fs::read(path).map_err(|source| KeyFileError::Io {
            path: path.into(),
            source,
        })?;
        Keys::parse(&String::from_utf8_lossy(&text)).map_err(|(line, reason)| KeyFileError::Line {
            path: path.into(),
            line,
            reason,
        })
    }

    /// Reads a key file's text; an error names the line (from 1).
    pub fn parse(text: &str) -> Result<Keys, (usize, String)> {
        let mut keys = Keys::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let (name, record) = key_line(line).map_err(|reason| (n + 1, reason))?;
            keys.add(&name, record);
        }
        Ok(keys)
    }

    /// The key file's text: one line a record, sorted by name, that [`Keys::parse`] reads
    /// back as the same keys.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (name, records) in &self.records {
            for record in records {
                out.push_str(&format!("{name} \"{}\"\n", record.text.replace('"', "")));
            }
        }
        out
    }
}

/// A key file line: its name (which must hold `._domainkey.`) and its record, the quoted
/// strings joined, or the rest of the line when nothing is quoted.
fn key_line(line: &str) -> Result<(String, KeyRecord), String> {
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    if !name.to_ascii_lowercase().contains("._domainkey.") {
        return Err(format!(
            "{name:?} is no key name (selector._domainkey.domain)"
        ));
    }
    let quoted: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
    let text = match quoted.is_empty() {
        true => rest.trim().to_owned(),
        false => quoted.concat(),
    };
    let record = KeyRecord::parse(&text).map_err(|e| format!("{name}: {e}"))?;
    Ok((name.to_owned(), record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_with_comments_zone_lines_and_split_strings() {
        let text = "# keys from an archive\n\
            s1._domainkey.Example.com \"v=DKIM1; k=rsa; p=QUJD\"\n\
            s2._domainkey.example.com. 300 IN TXT \"v=DKIM1; k=ed25519; \" \"p=REVG\"\n\
            s1._domainkey.example.com v=DKIM1; p=R0hJ; t=s\n";
        let keys = Keys::parse(text).expect("keys");
        assert_eq!(keys.len(), 3);
        let s1 = keys.get("S1", "example.COM");
        assert_eq!(s1.len(), 2, "two keys under one selector");
        assert_eq!(s1[0].public, b"ABC");
        assert!(s1[1].strict);
        assert_eq!(keys.get("s2", "example.com")[0].key_type, "ed25519");
        assert!(keys.get("s3", "example.com").is_empty());
        assert_eq!(Keys::parse(&keys.to_text()).expect("again"), keys);
    }

    #[test]
    fn bad_lines_are_named() {
        let err = Keys::parse("\nexample.com \"v=DKIM1; p=QUJD\"\n").expect_err("no selector");
        assert_eq!(err.0, 2);
        let err = Keys::parse("s._domainkey.x.org \"v=DKIM1; k=rsa\"").expect_err("no p=");
        assert!(err.1.contains("no p="), "{}", err.1);
    }

    #[test]
    fn a_revoked_key_has_no_bytes_and_merging_adds_only_new_records() {
        let mut keys = Keys::parse("s._domainkey.x.org \"v=DKIM1; p=\"").expect("keys");
        assert!(keys.get("s", "x.org")[0].public.is_empty());
        let other =
            Keys::parse("s._domainkey.x.org \"v=DKIM1; p=\"\nt._domainkey.x.org \"p=QUJD\"")
                .expect("other");
        assert_eq!(keys.merge(&other), 1);
        assert_eq!(keys.len(), 2);
    }
}
