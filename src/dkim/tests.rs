//! Messages signed here with keys made here, verified with the keys as a key file holds
//! them: pass, an altered body, an altered header, a missing key, an unknown algorithm, and
//! each algorithm and canonicalization.

use ed25519_dalek::Signer;
use rsa::pkcs8::EncodePublicKey;
use rsa::rand_core::OsRng;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha1::Sha1;
use sha2::Sha256;

use super::canon::Canon;
use super::*;

enum Key {
    Rsa(RsaPrivateKey),
    Ed25519(ed25519_dalek::SigningKey),
}

impl Key {
    fn rsa(bits: usize) -> Key {
        Key::Rsa(RsaPrivateKey::new(&mut OsRng, bits).expect("an RSA key"))
    }

    fn ed25519() -> Key {
        let mut seed = [0u8; 32];
        rsa::rand_core::RngCore::fill_bytes(&mut OsRng, &mut seed);
        Key::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// The key record a signer would publish.
    fn record(&self) -> String {
        let (k, p) = match self {
            Key::Rsa(key) => {
                let der = key.to_public_key().to_public_key_der().expect("der");
                ("rsa", der.as_bytes().to_vec())
            }
            Key::Ed25519(key) => ("ed25519", key.verifying_key().to_bytes().to_vec()),
        };
        format!("v=DKIM1; k={k}; p={}", data_encoding::BASE64.encode(&p))
    }

    fn sign(&self, algorithm: &str, digest: &[u8]) -> Vec<u8> {
        match (self, algorithm) {
            (Key::Rsa(key), "rsa-sha1") => key.sign(Pkcs1v15Sign::new::<Sha1>(), digest),
            (Key::Rsa(key), _) => key.sign(Pkcs1v15Sign::new::<Sha256>(), digest),
            (Key::Ed25519(key), _) => Ok(key.sign(digest).to_bytes().to_vec()),
        }
        .expect("signed")
    }
}

const MESSAGE: &[u8] = b"From: Alice Martin <alice@example.com>\r\n\
To: bob@example.org\r\n\
Subject: Quarterly  figures\r\n\
Date: Tue, 04 Apr 2017 10:00:00 +0200\r\n\
Message-ID: <q1@example.com>\r\n\
\r\n\
The figures are attached.  \r\n\
\r\n\
Alice\r\n\r\n";

/// `message` with a `DKIM-Signature` by `key` put before it, as a signer does: body hash,
/// then the header hash over the signed fields and the signature's own field with `b=` empty.
fn sign(message: &[u8], key: &Key, algorithm: &str, c: (Canon, Canon)) -> Vec<u8> {
    sign_with(message, key, algorithm, c, None)
}

/// [`sign`], with a body length limit (`l=`) when `length` is given.
fn sign_with(
    message: &[u8],
    key: &Key,
    algorithm: &str,
    c: (Canon, Canon),
    length: Option<usize>,
) -> Vec<u8> {
    let a = signature::Algorithm::parse(algorithm).expect("known");
    let (_, body) = headers::split(message);
    let mut hasher = crypto::Hasher::new(a);
    let mut canonical = Vec::new();
    canon::body(&message[body..], c.1, &mut |p| {
        canonical.extend_from_slice(p)
    });
    let length = length.map(|l| l.min(canonical.len()));
    hasher.update(&canonical[..length.unwrap_or(canonical.len())]);
    let bh = data_encoding::BASE64.encode(&hasher.finish());
    let l = length.map_or(String::new(), |l| format!(" l={l};"));
    let value = format!(
        "v=1; a={algorithm}; c={}/{}; d=example.com; s=sel;{l}\r\n\th=from:to:subject:date:message-id; bh={bh};\r\n\tb=",
        c.0.as_str(),
        c.1.as_str()
    );
    let unsigned = [
        format!("DKIM-Signature: {value}QUJD\r\n").as_bytes(),
        message,
    ]
    .concat();
    let (fields, _) = headers::split(&unsigned);
    let sig = signature::parse(fields[0].value()).expect("readable");
    let digest = header_hash(&sig, &fields[0], &fields);
    let b = data_encoding::BASE64.encode(&key.sign(algorithm, &digest));
    [
        format!("DKIM-Signature: {value}{b}\r\n").as_bytes(),
        message,
    ]
    .concat()
}

fn keys_for(key: &Key) -> Keys {
    Keys::parse(&format!("sel._domainkey.example.com \"{}\"", key.record())).expect("keys")
}

fn results(raw: &[u8], keys: Keys) -> Vec<(Verdict, Option<String>)> {
    let signed = Verifier::new(keys).check(raw);
    signed.into_iter().map(|s| (s.result, s.reason)).collect()
}

fn replace(raw: &[u8], from: &str, to: &str) -> Vec<u8> {
    String::from_utf8_lossy(raw)
        .replacen(from, to, 1)
        .into_bytes()
}

#[test]
fn every_algorithm_and_canonicalization_passes() {
    let rsa = Key::rsa(1024);
    let ed = Key::ed25519();
    for (key, algorithm) in [
        (&rsa, "rsa-sha256"),
        (&rsa, "rsa-sha1"),
        (&ed, "ed25519-sha256"),
    ] {
        for h in [Canon::Simple, Canon::Relaxed] {
            for b in [Canon::Simple, Canon::Relaxed] {
                let raw = sign(MESSAGE, key, algorithm, (h, b));
                let signed = Verifier::new(keys_for(key)).check(&raw);
                assert_eq!(signed.len(), 1);
                assert_eq!(
                    (signed[0].result, &signed[0].reason),
                    (Verdict::Pass, &None),
                    "{algorithm} {h:?}/{b:?}"
                );
                assert_eq!(
                    (&*signed[0].domain, &*signed[0].selector),
                    ("example.com", "sel")
                );
            }
        }
    }
}

#[test]
fn a_message_stored_with_bare_line_feeds_still_passes() {
    let key = Key::rsa(1024);
    let raw = sign(MESSAGE, &key, "rsa-sha256", (Canon::Simple, Canon::Simple));
    let unix = raw
        .iter()
        .filter(|&&b| b != b'\r')
        .copied()
        .collect::<Vec<u8>>();
    assert_eq!(results(&unix, keys_for(&key))[0].0, Verdict::Pass);
}

#[test]
fn an_altered_body_fails_with_or_without_the_key() {
    let key = Key::rsa(1024);
    let raw = sign(
        MESSAGE,
        &key,
        "rsa-sha256",
        (Canon::Relaxed, Canon::Relaxed),
    );
    let altered = replace(&raw, "figures are", "figures were");
    for keys in [keys_for(&key), Keys::default()] {
        let got = results(&altered, keys);
        assert_eq!(got[0].0, Verdict::Fail);
        assert!(
            got[0]
                .1
                .as_deref()
                .unwrap_or_default()
                .contains("body hash"),
            "{got:?}"
        );
    }
    let spaced = replace(&raw, "figures are", "figures   are");
    assert_eq!(
        results(&spaced, keys_for(&key))[0].0,
        Verdict::Pass,
        "relaxed forgives spaces"
    );
}

#[test]
fn an_altered_header_fails_with_the_key_and_is_body_ok_without() {
    let key = Key::ed25519();
    let raw = sign(
        MESSAGE,
        &key,
        "ed25519-sha256",
        (Canon::Relaxed, Canon::Simple),
    );
    let altered = replace(&raw, "Subject: Quarterly", "Subject: Yearly");
    let got = results(&altered, keys_for(&key));
    assert_eq!(got[0].0, Verdict::Fail);
    assert!(
        got[0]
            .1
            .as_deref()
            .unwrap_or_default()
            .contains("header signature"),
        "{got:?}"
    );
    assert_eq!(results(&altered, Keys::default())[0].0, Verdict::BodyOk);
    let added = [b"Subject: Injected\r\n".as_slice(), &raw].concat();
    assert_eq!(
        results(&added, keys_for(&key))[0].0,
        Verdict::Pass,
        "an unsigned instance above"
    );
    let below = replace(&raw, "\r\n\r\nThe", "\r\nSubject: Injected\r\n\r\nThe");
    assert_eq!(
        results(&below, keys_for(&key))[0].0,
        Verdict::Fail,
        "the last instance is signed"
    );
}

#[test]
fn a_missing_key_leaves_the_body_checked() {
    let key = Key::rsa(1024);
    let raw = sign(
        MESSAGE,
        &key,
        "rsa-sha256",
        (Canon::Relaxed, Canon::Relaxed),
    );
    let other = Keys::parse(&format!(
        "other._domainkey.example.com \"{}\"",
        key.record()
    ));
    let got = results(&raw, other.expect("keys"));
    assert_eq!(got[0].0, Verdict::BodyOk);
    assert!(
        got[0]
            .1
            .as_deref()
            .unwrap_or_default()
            .contains("no key for sel._domainkey.example.com")
    );
    let wrong = Key::rsa(1024);
    assert_eq!(
        results(&raw, keys_for(&wrong))[0].0,
        Verdict::Fail,
        "another signer's key"
    );
    let revoked = Keys::parse("sel._domainkey.example.com \"v=DKIM1; p=\"").expect("keys");
    let got = results(&raw, revoked);
    assert_eq!(
        got[0],
        (Verdict::Fail, Some("the key is revoked (empty p=)".into()))
    );
}

#[test]
fn an_unknown_algorithm_fails_and_says_so() {
    let key = Key::rsa(1024);
    let raw = sign(MESSAGE, &key, "rsa-sha256", (Canon::Simple, Canon::Simple));
    let unknown = replace(&raw, "a=rsa-sha256", "a=rsa-sha512");
    let got = results(&unknown, keys_for(&key));
    assert_eq!(
        got,
        [(Verdict::Fail, Some("unknown algorithm a=rsa-sha512".into()))]
    );
    let ed_key_for_rsa = keys_for(&Key::ed25519());
    let got = results(&raw, ed_key_for_rsa);
    assert_eq!(got[0].0, Verdict::Fail);
    assert!(
        got[0]
            .1
            .as_deref()
            .unwrap_or_default()
            .contains("k=ed25519")
    );
}

#[test]
fn several_signatures_give_the_best_result_and_each_its_own() {
    let key = Key::rsa(1024);
    let one = sign(
        MESSAGE,
        &key,
        "rsa-sha256",
        (Canon::Relaxed, Canon::Relaxed),
    );
    let two = sign(&one, &key, "rsa-sha1", (Canon::Simple, Canon::Simple));
    let broken = replace(&two, "a=rsa-sha1", "a=rsa-sha1; x=y; x=z");
    let signed = Verifier::new(keys_for(&key)).check(&broken);
    let got: Vec<Verdict> = signed.iter().map(|s| s.result).collect();
    assert_eq!(got, [Verdict::Fail, Verdict::Pass]);
    assert_eq!(summary(&signed), Verdict::Pass);
    assert_eq!(summary(&[]), Verdict::None);
    assert_eq!(summary(&signed[..1]), Verdict::Fail);
}

#[test]
fn signatures_past_the_limit_are_named_but_not_checked() {
    let key = Key::rsa(1024);
    let one = sign(
        MESSAGE,
        &key,
        "rsa-sha256",
        (Canon::Relaxed, Canon::Relaxed),
    );
    let (fields, _) = headers::split(&one);
    let field = [fields[0].raw, b"\r\n"].concat();
    let many = [field.repeat(MAX_SIGNATURES + 2), one.clone()].concat();
    let signed = Verifier::new(keys_for(&key)).check(&many);
    assert_eq!(signed.len(), MAX_SIGNATURES + 3);
    assert!(
        signed[..MAX_SIGNATURES]
            .iter()
            .all(|s| s.result == Verdict::Pass)
    );
    let last = &signed[MAX_SIGNATURES];
    assert_eq!((last.result, &*last.domain), (Verdict::Fail, "example.com"));
    assert!(
        last.reason
            .as_deref()
            .unwrap_or_default()
            .starts_with("not checked")
    );
    let names = vec!["from"; signature::MAX_SIGNED_HEADERS + 1].join(":");
    let long = replace(
        &one,
        "h=from:to:subject:date:message-id",
        &format!("h={names}"),
    );
    let got = results(&long, keys_for(&key));
    assert!(
        got[0]
            .1
            .as_deref()
            .unwrap_or_default()
            .contains("more than the 256"),
        "{got:?}"
    );
}

#[test]
fn a_body_length_limit_covers_only_its_bytes() {
    let key = Key::rsa(1024);
    let raw = sign_with(
        MESSAGE,
        &key,
        "rsa-sha256",
        (Canon::Simple, Canon::Simple),
        Some(20),
    );
    let appended = [raw.as_slice(), b"P.S. wire the money\r\n"].concat();
    assert_eq!(results(&appended, keys_for(&key))[0].0, Verdict::Pass);
    let within = replace(&raw, "figures are", "figures were");
    assert_eq!(results(&within, keys_for(&key))[0].0, Verdict::Fail);
}

#[test]
fn each_step_is_recorded() {
    let key = Key::rsa(1024);
    let raw = sign(MESSAGE, &key, "rsa-sha256", (Canon::Simple, Canon::Simple));
    let steps = Verifier::new(keys_for(&key)).trace(&raw).remove(0).steps;
    let names: Vec<&str> = steps.iter().map(|s| s.step).collect();
    assert_eq!(
        names,
        [
            "read the signature",
            "hash the body",
            "find the key",
            "hash the signed headers",
            "check the signature"
        ]
    );
    assert!(
        steps[3]
            .detail
            .starts_with("from:to:subject:date:message-id (simple): ")
    );
}
