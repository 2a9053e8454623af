//! The hashes and the signature check: SHA-1 and SHA-256, RSA (PKCS #1 v1.5) and Ed25519.

use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::keys::KeyRecord;
use super::signature::Algorithm;

/// A running hash of the algorithm a signature names.
pub enum Hasher {
    /// SHA-1, for `rsa-sha1`.
    Sha1(Sha1),
    /// SHA-256.
    Sha256(Sha256),
}

impl Hasher {
    /// A new hash for `algorithm`.
    pub fn new(algorithm: Algorithm) -> Hasher {
        match algorithm {
            Algorithm::RsaSha1 => Hasher::Sha1(Sha1::new()),
            Algorithm::RsaSha256 | Algorithm::Ed25519Sha256 => Hasher::Sha256(Sha256::new()),
        }
    }

    /// Hashes `bytes` too.
    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha1(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
        }
    }

    /// The digest.
    pub fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        }
    }
}

/// Whether `signature` over the header hash `digest` verifies with `key`; why not otherwise.
pub fn verify(
    algorithm: Algorithm,
    key: &KeyRecord,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    if key.public.is_empty() {
        return Err("the key is revoked (empty p=)".into());
    }
    if key.key_type != algorithm.key_type() {
        return Err(format!(
            "the key is k={}, the signature a={}",
            key.key_type,
            algorithm.as_str()
        ));
    }
    let hash = algorithm.hash_name();
    if !key.hashes.is_empty() && !key.hashes.iter().any(|h| h == hash) {
        return Err(format!(
            "the key does not allow {hash} (h={})",
            key.hashes.join(":")
        ));
    }
    match algorithm {
        Algorithm::RsaSha1 => rsa(key, Pkcs1v15Sign::new::<Sha1>(), digest, signature),
        Algorithm::RsaSha256 => rsa(key, Pkcs1v15Sign::new::<Sha256>(), digest, signature),
        Algorithm::Ed25519Sha256 => ed25519(key, digest, signature),
    }
}

const MISMATCH: &str = "the header signature does not verify: a signed header was altered, or the key is not the signer's";

fn rsa(key: &KeyRecord, scheme: Pkcs1v15Sign, digest: &[u8], sig: &[u8]) -> Result<(), String> {
    let public = rsa_key(&key.public)?;
    public
        .verify(scheme, digest, sig)
        .map_err(|_| MISMATCH.to_owned())
}

/// An RSA key as DKIM publishes it: a SubjectPublicKeyInfo, or (as some signers wrote it) a
/// bare PKCS #1 RSAPublicKey.
fn rsa_key(der: &[u8]) -> Result<RsaPublicKey, String> {
    RsaPublicKey::from_public_key_der(der)
        .or_else(|_| RsaPublicKey::from_pkcs1_der(der))
        .map_err(|e| format!("unreadable RSA key ({e})"))
}

/// The size of an RSA key in bits, for `trawl dkim`.
pub fn rsa_bits(der: &[u8]) -> Option<usize> {
    use rsa::traits::PublicKeyParts;
    rsa_key(der).ok().map(|k| k.n().bits())
}

/// Ed25519 (RFC 8463): the signature is over the SHA-256 digest of the header data.
fn ed25519(key: &KeyRecord, digest: &[u8], sig: &[u8]) -> Result<(), String> {
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};
    let bytes: &[u8; 32] = key
        .public
        .as_slice()
        .try_into()
        .map_err(|_| format!("an Ed25519 key has 32 bytes, not {}", key.public.len()))?;
    let public =
        VerifyingKey::from_bytes(bytes).map_err(|e| format!("unreadable Ed25519 key ({e})"))?;
    let sig = Signature::from_slice(sig)
        .map_err(|_| format!("an Ed25519 signature has 64 bytes, not {}", sig.len()))?;
    public.verify(digest, &sig).map_err(|_| MISMATCH.to_owned())
}
