#!/usr/bin/env python3
"""Writes tests/fixtures/dkim/: messages signed by dkimpy (an independent DKIM implementation)
with keys made here, the public keys as a trawl key file (keys.txt), and expected.tsv, the
result each message must give. Each result is first checked with dkimpy's own verifier, so that
trawl's integration test (tests/dkim.rs) holds trawl to what a second implementation says.

Run once, by hand, from the repository root: python3 tests/reference/dkim_fixtures.py
(needs `pip install dkimpy pynacl cryptography`). The private keys are not kept."""

import base64
import os

import dkim
import nacl.signing
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "dkim")
DOMAIN = b"horizon-commun.example"

MESSAGE = (
    b"From: Claire Martin <claire.martin@horizon-commun.example>\r\n"
    b"To: tresorerie@horizon-commun.example\r\n"
    b"Subject: Virement du 12 avril\r\n"
    b"Date: Wed, 12 Apr 2017 09:14:00 +0200\r\n"
    b"Message-ID: <virement-12-CASE@horizon-commun.example>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Bonjour,\r\n"
    b"\r\n"
    b"From the desk of the treasurer: the transfer of 45 000 EUR is approved.  \r\n"
    b"\r\n"
    b"Claire\r\n"
)

HEADERS = [b"from", b"to", b"subject", b"date", b"message-id"]


def rsa_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def ed25519_key():
    key = nacl.signing.SigningKey.generate()
    private = base64.b64encode(bytes(key))
    public = base64.b64encode(bytes(key.verify_key))
    return private, b"v=DKIM1; k=ed25519; p=" + public


def message(case):
    """The message with a Message-ID of its own, so that each case is a document of its own
    (trawl folds copies with the same Message-ID and body into one)."""
    return MESSAGE.replace(b"CASE", case.encode())


def sign(message, selector, private, algorithm=b"rsa-sha256", canon=(b"relaxed", b"relaxed")):
    header = dkim.sign(
        message,
        selector,
        DOMAIN,
        private,
        canonicalize=canon,
        include_headers=HEADERS,
        signature_algorithm=algorithm,
    )
    return header + message


def main():
    rsa_private, rsa_record = rsa_key()
    ed_private, ed_record = ed25519_key()
    gone_private, _ = rsa_key()
    records = {b"rsa2017": rsa_record, b"ed2017": ed_record}

    def dns(name, timeout=5):
        selector = name.split(b"._domainkey.")[0]
        return records.get(selector)

    def relaxed(case):
        return sign(message(case), b"rsa2017", rsa_private)

    cases = [
        ("pass-rsa-sha256-relaxed.eml", relaxed("relaxed"), "pass", True),
        (
            "pass-rsa-sha1-simple.eml",
            sign(message("sha1"), b"rsa2017", rsa_private, b"rsa-sha1", (b"simple", b"simple")),
            "pass",
            True,
        ),
        (
            "pass-ed25519-sha256.eml",
            sign(message("ed25519"), b"ed2017", ed_private, b"ed25519-sha256"),
            "pass",
            True,
        ),
        ("altered-body.eml", relaxed("body").replace(b"45 000", b"95 000"), "fail", False),
        (
            "altered-header.eml",
            relaxed("header").replace(b"Subject: Virement du 12", b"Subject: Virement du 14"),
            "fail",
            False,
        ),
        ("missing-key.eml", sign(message("nokey"), b"gone2016", gone_private), "body-ok", False),
        (
            "unknown-algorithm.eml",
            relaxed("alg").replace(b"a=rsa-sha256", b"a=rsa-sha512"),
            "fail",
            False,
        ),
    ]
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for name, signed, expected, verifies in cases:
        verdict = dkim.verify(signed, dnsfunc=dns)
        assert verdict == verifies, f"dkimpy says {verdict} for {name}"
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(signed)
        rows.append(f"{name}\t{expected}\n")
    with open(os.path.join(OUT, "keys.txt"), "wb") as f:
        f.write(b"# Public keys of the messages here, as DNS TXT records (see dkim_fixtures.py).\n")
        for selector, record in records.items():
            f.write(selector + b"._domainkey." + DOMAIN + b' "' + record + b'"\n')
    with open(os.path.join(OUT, "expected.tsv"), "w") as f:
        f.write("file\tdkim\n")
        f.writelines(rows)


if __name__ == "__main__":
    main()
