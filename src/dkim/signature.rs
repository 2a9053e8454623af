//! A `DKIM-Signature` header field's value read into its tags (RFC 6376 §3.5).

use super::canon::Canon;
use super::tags::{self, Tags};

/// A signing algorithm (`a=`) that trawl verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `rsa-sha1` (RFC 6376; historic since RFC 8301, still found in old dumps).
    RsaSha1,
    /// `rsa-sha256`.
    RsaSha256,
    /// `ed25519-sha256` (RFC 8463).
    Ed25519Sha256,
}

impl Algorithm {
    /// Its name in an `a=` tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::RsaSha1 => "rsa-sha1",
            Algorithm::RsaSha256 => "rsa-sha256",
            Algorithm::Ed25519Sha256 => "ed25519-sha256",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Algorithm> {
        match name.to_ascii_lowercase().as_str() {
            "rsa-sha1" => Some(Algorithm::RsaSha1),
            "rsa-sha256" => Some(Algorithm::RsaSha256),
            "ed25519-sha256" => Some(Algorithm::Ed25519Sha256),
            _ => None,
        }
    }

    /// The hash it uses, as a key record's `h=` names it.
    pub fn hash_name(self) -> &'static str {
        match self {
            Algorithm::RsaSha1 => "sha1",
            Algorithm::RsaSha256 | Algorithm::Ed25519Sha256 => "sha256",
        }
    }

    /// The key type it needs, as a key record's `k=` names it.
    pub fn key_type(self) -> &'static str {
        match self {
            Algorithm::RsaSha1 | Algorithm::RsaSha256 => "rsa",
            Algorithm::Ed25519Sha256 => "ed25519",
        }
    }
}

/// A signature's tags, checked.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The signing domain (`d=`), lower-cased.
    pub domain: String,
    /// The selector (`s=`), lower-cased.
    pub selector: String,
    /// `a=`.
    pub algorithm: Algorithm,
    /// Header canonicalization (`c=`, first half).
    pub header_canon: Canon,
    /// Body canonicalization (`c=`, second half).
    pub body_canon: Canon,
    /// The signed header names (`h=`), in order.
    pub headers: Vec<String>,
    /// The body hash (`bh=`).
    pub body_hash: Vec<u8>,
    /// The signature (`b=`).
    pub signature: Vec<u8>,
    /// Bytes of the canonical body that were signed (`l=`), when not all.
    pub length: Option<u64>,
    /// The agent or user identifier (`i=`).
    pub identity: Option<String>,
}

/// A signature that could not be read: what of its domain and selector could be, and why.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// `d=`, lower-cased, or empty.
    pub domain: String,
    /// `s=`, lower-cased, or empty.
    pub selector: String,
    /// Why it cannot be verified.
    pub reason: String,
}

/// The most header names a signature's `h=` may list (real signers list a few dozen, some
/// twice to forbid additions); past it the signature fails unchecked, which bounds the work a
/// hostile one makes.
pub const MAX_SIGNED_HEADERS: usize = 256;

/// Reads a `DKIM-Signature` value.
pub fn parse(value: &[u8]) -> Result<Signature, Unreadable> {
    let text = String::from_utf8_lossy(value);
    let tags = tags::parse(&text).map_err(|reason| Unreadable {
        domain: String::new(),
        selector: String::new(),
        reason: format!("malformed signature: {reason}"),
    })?;
    let name = |tag: &str| {
        tags::get(&tags, tag)
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let (domain, selector) = (name("d"), name("s"));
    checked(&tags, domain.clone(), selector.clone()).map_err(|reason| Unreadable {
        domain,
        selector,
        reason,
    })
}

fn checked(tags: &Tags, domain: String, selector: String) -> Result<Signature, String> {
    let required = |tag: &str| {
        tags::get(tags, tag)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("malformed signature: no {tag}= tag"))
    };
    if required("v")? != "1" {
        return Err(format!("unknown signature version v={}", required("v")?));
    }
    let a = required("a")?;
    let algorithm = Algorithm::parse(a).ok_or_else(|| format!("unknown algorithm a={a}"))?;
    let (header_canon, body_canon) = canonicalization(tags::get(tags, "c"))?;
    let headers: Vec<String> = required("h")?
        .split(':')
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .collect();
    if headers.len() > MAX_SIGNED_HEADERS {
        return Err(format!(
            "h= names {} header fields, more than the {MAX_SIGNED_HEADERS} checked",
            headers.len()
        ));
    }
    if !headers.iter().any(|h| h.eq_ignore_ascii_case("from")) {
        return Err("the signature does not cover From (h= lacks it)".into());
    }
    let length = match tags::get(tags, "l") {
        Some(l) => Some(l.parse().map_err(|_| format!("bad body length l={l}"))?),
        None => None,
    };
    required("d")?;
    required("s")?;
    let identity = tags::get(tags, "i").map(str::to_owned);
    check_identity(identity.as_deref(), &domain)?;
    if let Some(q) = tags::get(tags, "q").filter(|q| !q.starts_with("dns/txt")) {
        return Err(format!("unknown key query method q={q}"));
    }
    Ok(Signature {
        algorithm,
        header_canon,
        body_canon,
        headers,
        body_hash: tags::base64(required("bh")?).map_err(|e| format!("bh=: {e}"))?,
        signature: tags::base64(required("b")?).map_err(|e| format!("b=: {e}"))?,
        length,
        identity,
        domain,
        selector,
    })
}

/// `c=header/body`; either half defaults to `simple`.
fn canonicalization(c: Option<&str>) -> Result<(Canon, Canon), String> {
    let c = c.unwrap_or("simple/simple");
    let (h, b) = c.split_once('/').unwrap_or((c, "simple"));
    match (Canon::parse(h), Canon::parse(b)) {
        (Some(h), Some(b)) => Ok((h, b)),
        _ => Err(format!("unknown canonicalization c={c}")),
    }
}

/// The domain of `i=` must be `d=` or one of its subdomains (RFC 6376 §3.5).
fn check_identity(identity: Option<&str>, domain: &str) -> Result<(), String> {
    let Some(i) = identity else { return Ok(()) };
    let at = i
        .rsplit_once('@')
        .map_or(i, |(_, d)| d)
        .to_ascii_lowercase();
    match at == domain || at.ends_with(&format!(".{domain}")) {
        true => Ok(()),
        false => Err(format!("i={i} is not within the signing domain d={domain}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_read() {
        let value = b" v=1; a=rsa-sha256; c=relaxed; d=Example.COM; s=Sel;\r\n\th=from:to : subject; bh=QUJD; b=REVG\r\n RkY=; l=10";
        let sig = parse(value).expect("signature");
        assert_eq!(sig.domain, "example.com");
        assert_eq!(sig.selector, "sel");
        assert_eq!(sig.header_canon, Canon::Relaxed);
        assert_eq!(sig.body_canon, Canon::Simple);
        assert_eq!(sig.headers, ["from", "to", "subject"]);
        assert_eq!(sig.body_hash, b"ABC");
        assert_eq!(sig.signature, b"DEFFF");
        assert_eq!(sig.length, Some(10));
    }

    #[test]
    fn unreadable_signatures_say_why_and_keep_their_domain() {
        let unknown = parse(b"v=1; a=rsa-md5; d=x.org; s=s; h=from; bh=QUJD; b=QUJD")
            .expect_err("unknown algorithm");
        assert_eq!(unknown.reason, "unknown algorithm a=rsa-md5");
        assert_eq!(unknown.domain, "x.org");
        let no_from = parse(b"v=1; a=rsa-sha256; d=x.org; s=s; h=to; bh=QUJD; b=QUJD");
        assert!(no_from.expect_err("no from").reason.contains("From"));
        let foreign =
            parse(b"v=1; a=rsa-sha256; d=x.org; s=s; i=@evil.org; h=from; bh=QUJD; b=QUJD");
        assert!(foreign.expect_err("i=").reason.contains("not within"));
        let missing = parse(b"v=1; a=rsa-sha256; d=x.org; s=s; h=from; b=QUJD");
        assert_eq!(
            missing.expect_err("bh").reason,
            "malformed signature: no bh= tag"
        );
    }
}
