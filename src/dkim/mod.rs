//! DKIM (RFC 6376): whether an email's `DKIM-Signature` headers still verify over its exact
//! original bytes, which tells an investigator that a leaked email is what the signing domain
//! sent, unaltered.
//!
//! Each signature is read ([`signature`]), the body canonicalized and hashed and compared with
//! `bh=` ([`canon`]: offline, needs no key), then the signed header fields and the signature
//! itself canonicalized, hashed and checked against a public key ([`crypto`]) from the key
//! file the investigator supplied ([`keys`]), or from live DNS only when asked
//! ([`dns`]). A signature's expiry (`x=`) is not held against it: an old leak is judged on its
//! bytes, not on today's date, so that a result depends on the dump and the keys alone.
//!
//! An email's result is the best of its signatures' ([`summary`]): `pass` when one verifies,
//! else `body-ok` when one's body hash matches but no key was available for its header
//! signature, else `fail`; `none` without a signature.

pub mod canon;
pub mod crypto;
pub mod dns;
pub mod headers;
pub mod keys;
pub mod signature;
pub mod tags;

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use headers::Field;
pub use keys::{KeyFileError, KeyRecord, Keys};
use signature::Signature;

/// The name of the key file kept in an index directory: every key a run was given or fetched,
/// so that later runs (and `trawl dkim`) verify with them again.
pub const KEY_FILE: &str = "dkim-keys.txt";

/// The result of one signature, or of an email (the best of its signatures').
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The signature verifies: body hash and header signature.
    Pass,
    /// The body hash matches, but no key was available to check the header signature.
    BodyOk,
    /// The signature does not verify, or cannot be read (the reason says which).
    Fail,
    /// No signature (an email's result only).
    None,
}

impl Verdict {
    /// Its name in queries (`dkim:body-ok`) and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::BodyOk => "body-ok",
            Verdict::Fail => "fail",
            Verdict::None => "none",
        }
    }
}

/// One signature's result, as the stored card and `--json` give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    /// The signing domain (`d=`), lower-cased.
    pub domain: String,
    /// The selector (`s=`), lower-cased.
    pub selector: String,
    /// Pass, body-ok or fail.
    pub result: Verdict,
    /// Why it did not pass; `None` for a pass.
    pub reason: Option<String>,
}

/// An email's result: the best of its signatures' (pass, then body-ok, then fail), `none`
/// without one.
pub fn summary(signed: &[Signed]) -> Verdict {
    signed
        .iter()
        .map(|s| s.result)
        .min()
        .unwrap_or(Verdict::None)
}

/// An email's result and each signature's, on one line, for `show` and the export manifest:
/// `pass (example.com s=sel: pass; example.org s=k1: fail: body hash mismatch...)`.
pub fn describe(signed: &[Signed]) -> String {
    let each: Vec<String> = signed
        .iter()
        .map(|s| {
            let reason = s
                .reason
                .as_deref()
                .map_or(String::new(), |r| format!(": {r}"));
            format!(
                "{} s={}: {}{reason}",
                s.domain,
                s.selector,
                s.result.as_str()
            )
        })
        .collect();
    let summary = summary(signed).as_str();
    match each.is_empty() {
        true => summary.to_owned(),
        false => format!("{summary} ({})", each.join("; ")),
    }
}

/// One step of a verification, for `trawl dkim`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// What was done.
    pub step: &'static str,
    /// What was found.
    pub detail: String,
}

/// One signature verified, with each step of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Its result.
    #[serde(flatten)]
    pub signed: Signed,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// Verifies signatures with the keys it was given, and fetches others from DNS only when it
/// was made with a resolver ([`Verifier::with_dns`]).
#[derive(Debug, Default)]
pub struct Verifier {
    keys: Keys,
    dns: Option<dns::Resolver>,
    /// What DNS answered in this run, by name: the records (none found: an empty list), or
    /// why it could not be asked, so that each name is asked once.
    fetched: Mutex<std::collections::HashMap<String, Result<Vec<KeyRecord>, String>>>,
}

impl Verifier {
    /// A verifier with these keys and no DNS.
    pub fn new(keys: Keys) -> Verifier {
        Verifier {
            keys,
            ..Verifier::default()
        }
    }

    /// Also looks keys that the key file lacks up in DNS, through `resolver`.
    pub fn with_dns(mut self, resolver: dns::Resolver) -> Verifier {
        self.dns = Some(resolver);
        self
    }

    /// The keys it was given.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// The records fetched from DNS so far, as keys (to keep beside the index).
    pub fn fetched(&self) -> Keys {
        let mut keys = Keys::default();
        let fetched = self.fetched.lock().unwrap_or_else(|e| e.into_inner());
        for (name, records) in fetched.iter() {
            for record in records.iter().flatten() {
                keys.add(name, record.clone());
            }
        }
        keys
    }

    /// The result of each signature of the message whose exact bytes are `raw`, in header
    /// order.
    pub fn check(&self, raw: &[u8]) -> Vec<Signed> {
        self.trace(raw).into_iter().map(|c| c.signed).collect()
    }

    /// Each signature of `raw` verified, step by step.
    pub fn trace(&self, raw: &[u8]) -> Vec<Check> {
        let (fields, body) = headers::split(raw);
        let mut hashes = BodyHashes::default();
        fields
            .iter()
            .filter(|f| f.is("DKIM-Signature"))
            .enumerate()
            .map(|(n, field)| match n < MAX_SIGNATURES {
                true => self.verify(field, &fields, &raw[body..], &mut hashes),
                false => unchecked(field),
            })
            .collect()
    }

    fn verify(
        &self,
        field: &Field<'_>,
        fields: &[Field<'_>],
        body: &[u8],
        hashes: &mut BodyHashes,
    ) -> Check {
        let mut steps = Vec::new();
        let sig = match signature::parse(field.value()) {
            Ok(sig) => sig,
            Err(bad) => {
                steps.push(step("read the signature", bad.reason.clone()));
                return done(&bad.domain, &bad.selector, Err(bad.reason), steps);
            }
        };
        steps.push(step("read the signature", tags_read(&sig)));
        let message = (fields, body);
        let result = self.verify_read(&sig, field, message, hashes, &mut steps);
        done(&sig.domain, &sig.selector, result, steps)
    }

    /// Body hash, key, header hash, signature: `Ok(true)` for a pass, `Ok(false)` for a
    /// matching body without a key (the reason in the last step), `Err` for a failure.
    fn verify_read(
        &self,
        sig: &Signature,
        field: &Field<'_>,
        (fields, body): (&[Field<'_>], &[u8]),
        hashes: &mut BodyHashes,
        steps: &mut Vec<Step>,
    ) -> Result<bool, String> {
        let (computed, hashed) = hashes.get(sig, body);
        let b64 = |bytes: &[u8]| data_encoding::BASE64.encode(bytes);
        steps.push(step(
            "hash the body",
            format!(
                "{} canonical bytes hashed ({}{}): {}; bh= says {}",
                hashed,
                sig.body_canon.as_str(),
                sig.length.map_or(String::new(), |l| format!(", l={l}")),
                b64(&computed),
                b64(&sig.body_hash)
            ),
        ));
        if computed != sig.body_hash {
            return Err("body hash mismatch: the body is not the one signed".into());
        }
        let name = keys::record_name(&sig.selector, &sig.domain);
        let (records, source) = self.lookup(&sig.selector, &sig.domain);
        if records.is_empty() {
            let reason = format!("no key for {name} ({source})");
            steps.push(step("find the key", reason));
            return Ok(false);
        }
        steps.push(step(
            "find the key",
            format!("{} record(s) at {name} ({source})", records.len()),
        ));
        let digest = header_hash(sig, field, fields);
        steps.push(step(
            "hash the signed headers",
            format!(
                "{} ({}): {}",
                sig.headers.join(":"),
                sig.header_canon.as_str(),
                data_encoding::HEXLOWER.encode(&digest)
            ),
        ));
        let mut last = String::new();
        for record in &records {
            let verdict = verify_with(sig, record, &digest);
            steps.push(step(
                "check the signature",
                format!(
                    "{}: {}",
                    key_summary(record),
                    verdict
                        .as_ref()
                        .map_or_else(|e| e.clone(), |()| "verifies".into())
                ),
            ));
            match verdict {
                Ok(()) => return Ok(true),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// The records for a selector and domain: from the keys given, else from DNS when allowed
    /// (once per name and run); with where they came from.
    fn lookup(&self, selector: &str, domain: &str) -> (Vec<KeyRecord>, String) {
        let given = self.keys.get(selector, domain);
        if !given.is_empty() {
            return (given.to_vec(), "key file".into());
        }
        let Some(resolver) = &self.dns else {
            return (Vec::new(), "not in the key file; DNS not asked".into());
        };
        let name = keys::record_name(selector, domain);
        let answer = match self.cached(&name) {
            Some(answer) => answer,
            None => {
                let answer = resolver.txt(&name).map(|texts| {
                    let records = texts.iter().filter_map(|t| KeyRecord::parse(t).ok());
                    records.collect::<Vec<KeyRecord>>()
                });
                let mut fetched = self.fetched.lock().unwrap_or_else(|e| e.into_inner());
                fetched.insert(name, answer.clone());
                answer
            }
        };
        match answer {
            Ok(records) => (records, "DNS".into()),
            Err(e) => (Vec::new(), format!("DNS: {e}")),
        }
    }

    fn cached(&self, name: &str) -> Option<Result<Vec<KeyRecord>, String>> {
        let fetched = self.fetched.lock().unwrap_or_else(|e| e.into_inner());
        fetched.get(name).cloned()
    }
}

/// The signatures of one email that are verified; those past it fail unchecked, so that a
/// hostile message with thousands of signatures costs no more than this many.
pub const MAX_SIGNATURES: usize = 32;

/// A signature past [`MAX_SIGNATURES`]: named, not verified.
fn unchecked(field: &Field<'_>) -> Check {
    let (domain, selector) = match signature::parse(field.value()) {
        Ok(sig) => (sig.domain, sig.selector),
        Err(bad) => (bad.domain, bad.selector),
    };
    let reason = format!("not checked: past the first {MAX_SIGNATURES} signatures of the email");
    done(&domain, &selector, Err(reason), Vec::new())
}

/// The body hashes made for one email, by canonicalization, hash and `l=`: its body is hashed
/// once for each kind its signatures ask for, however many they are.
#[derive(Default)]
struct BodyHashes(Vec<(BodyHashKind, (Vec<u8>, u64))>);

type BodyHashKind = (canon::Canon, &'static str, Option<u64>);

impl BodyHashes {
    /// The hash of `body` that `sig` asks for, and how many canonical bytes it covers.
    fn get(&mut self, sig: &Signature, body: &[u8]) -> (Vec<u8>, u64) {
        let kind = (sig.body_canon, sig.algorithm.hash_name(), sig.length);
        if let Some((_, made)) = self.0.iter().find(|(k, _)| *k == kind) {
            return made.clone();
        }
        let made = body_hash(sig, body);
        self.0.push((kind, made.clone()));
        made
    }
}

fn step(step: &'static str, detail: String) -> Step {
    Step { step, detail }
}

fn done(domain: &str, selector: &str, result: Result<bool, String>, steps: Vec<Step>) -> Check {
    let (result, reason) = match result {
        Ok(true) => (Verdict::Pass, None),
        Ok(false) => (Verdict::BodyOk, steps.last().map(|s| s.detail.clone())),
        Err(reason) => (Verdict::Fail, Some(reason)),
    };
    Check {
        signed: Signed {
            domain: domain.to_owned(),
            selector: selector.to_owned(),
            result,
            reason,
        },
        steps,
    }
}

fn tags_read(sig: &Signature) -> String {
    format!(
        "d={} s={} a={} c={}/{} h={}{}",
        sig.domain,
        sig.selector,
        sig.algorithm.as_str(),
        sig.header_canon.as_str(),
        sig.body_canon.as_str(),
        sig.headers.join(":"),
        sig.identity
            .as_deref()
            .map_or(String::new(), |i| format!(" i={i}"))
    )
}

fn key_summary(record: &KeyRecord) -> String {
    match crypto::rsa_bits(&record.public).filter(|_| record.key_type == "rsa") {
        Some(bits) => format!("k=rsa, {bits} bits"),
        None => format!("k={}", record.key_type),
    }
}

/// The signature checked with one key: its type and hashes, `t=s`, then the cryptography.
fn verify_with(sig: &Signature, record: &KeyRecord, digest: &[u8]) -> Result<(), String> {
    if record.strict
        && let Some(i) = &sig.identity
        && !i
            .to_ascii_lowercase()
            .ends_with(&format!("@{}", sig.domain))
    {
        return Err(format!("the key is t=s but i={i} is a subdomain of d="));
    }
    crypto::verify(sig.algorithm, record, digest, &sig.signature)
}

/// The hash of the canonical body (cut to `l=`), and how many bytes were hashed. The
/// canonical pieces (a line, its CR LF) are gathered into blocks before they are hashed.
fn body_hash(sig: &Signature, body: &[u8]) -> (Vec<u8>, u64) {
    const BLOCK: usize = 64 * 1024;
    let mut hasher = crypto::Hasher::new(sig.algorithm);
    let mut left = sig.length.unwrap_or(u64::MAX);
    let mut hashed = 0u64;
    let mut block = Vec::with_capacity(BLOCK);
    canon::body(body, sig.body_canon, &mut |piece| {
        let take = piece.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if block.len() + take > BLOCK {
            hasher.update(&block);
            block.clear();
        }
        block.extend_from_slice(&piece[..take]);
        left -= take as u64;
        hashed += take as u64;
    });
    hasher.update(&block);
    (hasher.finish(), hashed)
}

/// The hash of the signed header fields (each name of `h=` takes the last instance not yet
/// taken; a name with none adds nothing) and of the signature's own field with its `b=`
/// value emptied, without its final CR LF (RFC 6376 §3.7).
fn header_hash(sig: &Signature, own: &Field<'_>, fields: &[Field<'_>]) -> Vec<u8> {
    let mut hasher = crypto::Hasher::new(sig.algorithm);
    let mut taken = vec![false; fields.len()];
    for name in &sig.headers {
        let found = (0..fields.len())
            .rev()
            .find(|&i| !taken[i] && fields[i].is(name));
        if let Some(i) = found {
            taken[i] = true;
            hasher.update(&canon::header(&fields[i], sig.header_canon));
            hasher.update(b"\r\n");
        }
    }
    let emptied = without_b(own.raw);
    let own = Field {
        name: own.name,
        raw: &emptied,
    };
    hasher.update(&canon::header(&own, sig.header_canon));
    hasher.finish()
}

/// A `DKIM-Signature` field with the value of its `b=` tag removed (white space and folding
/// included), everything else as it was.
fn without_b(raw: &[u8]) -> Vec<u8> {
    let colon = memchr::memchr(b':', raw).map_or(raw.len(), |i| i + 1);
    let mut out = raw[..colon].to_vec();
    let value = &raw[colon..];
    let mut first = true;
    for spec in value.split(|&b| b == b';') {
        if !first {
            out.push(b';');
        }
        first = false;
        match spec.iter().position(|&b| b == b'=') {
            Some(eq) if spec[..eq].trim_ascii() == b"b" => out.extend_from_slice(&spec[..=eq]),
            _ => out.extend_from_slice(spec),
        }
    }
    out
}

#[cfg(test)]
mod tests;
