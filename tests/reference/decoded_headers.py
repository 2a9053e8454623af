#!/usr/bin/env python3
"""Writes the reference that tests/decoded_headers.rs compares trawl's header decoding with:
the Subject, From, To and Cc of every message of the shared corpora, as Python's `email`
package decodes them with `policy.default`.

    python3 tests/reference/decoded_headers.py [CORPORA] [OUT]

CORPORA defaults to ../shared/corpora beside the repository, OUT to
tests/reference/decoded-headers.jsonl.zst. Needs only the standard library, plus the `zstd`
command to compress the output. Run once; the output is kept in the repository.

What is read, in this order: every file under mime-edge/ and caml-list-fr/, every file of
enron-inbox-subset.tar.xz and spamassassin-public-corpus.tar.xz (unpacked to a temporary
directory), and lore-linux-pm.mbox.xz (decompressed to one). A file that starts with `From `
is an mbox split by Python's `mailbox.mbox`, any other file is one message (as MANIFEST.tsv
counts them).

One JSON line per message, sorted by key:
- `k`: the file's path under CORPORA (an archive's name without `.tar.xz` or `.xz` as its
  first component), `#`, and the first 16 hex digits of the SHA-256 of the message's header
  block: its bytes up to the first empty line, without the mbox `From ` line and without
  CR bytes. The key does not depend on where a message sits in its mbox, so that a splitter
  that finds one message more or less still matches every other. Messages of one file with
  the same header block have the same decoded headers and appear once;
- `s`: the Subject (the first one) as a string, or null when there is none;
- `f`, `t`, `c`: the addresses of every From, To and Cc header, groups flattened, each a
  pair [display name, address] as `header.addresses` gives them (`display_name`,
  `addr_spec`);
- `x`: the fields where Python raised an exception, {field: "ExceptionType: message"}; such
  a field's value is left out.

Python keeps bytes that are not ASCII in a header as lone surrogates (in display names) or
U+FFFD (in unstructured headers). JSON cannot carry lone surrogates, so every string is turned
into text as Python's unstructured headers turn such bytes: UTF-8 when they are valid UTF-8,
else U+FFFD for each byte that is not.
"""
import hashlib
import json
import lzma
import mailbox
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from email import policy
from email.parser import BytesParser

PARSER = BytesParser(policy=policy.default)
ADDRESS_FIELDS = (("f", "from"), ("t", "to"), ("c", "cc"))


def header_block(raw):
    """The bytes of the header block: up to the first empty line, CRs removed."""
    raw = raw.replace(b"\r", b"")
    if raw.startswith(b"From "):
        raw = raw[raw.find(b"\n") + 1 :] if b"\n" in raw else b""
    if raw.startswith(b"\n"):
        return b""
    end = raw.find(b"\n\n")
    return raw if end < 0 else raw[: end + 1]


def key(path, raw):
    return path + "#" + hashlib.sha256(header_block(raw)).hexdigest()[:16]


def text(value):
    """A Python header string as JSON-safe text (see the module's doc)."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def decoded(raw):
    """The reference record of one message's bytes (without its key)."""
    record, errors = {}, {}
    msg = PARSER.parsebytes(raw)
    try:
        subject = msg["subject"]
        record["s"] = None if subject is None else text(str(subject))
    except Exception as e:  # Python's own parser failing on a bad header: recorded.
        errors["s"] = f"{type(e).__name__}: {e}"
    for short, name in ADDRESS_FIELDS:
        try:
            pairs = []
            for header in msg.get_all(name) or []:
                for a in header.addresses:
                    pairs.append([text(a.display_name), text(a.addr_spec)])
            record[short] = pairs
        except Exception as e:
            errors[short] = f"{type(e).__name__}: {e}"
    if errors:
        record["x"] = errors
    return record


def messages(path, full):
    """(bytes) of every message of one file, as MANIFEST.tsv counts them."""
    with open(full, "rb") as f:
        is_mbox = f.read(5) == b"From "
    if not is_mbox:
        with open(full, "rb") as f:
            yield f.read()
        return
    box = mailbox.mbox(full, create=False)
    try:
        for k in box.keys():
            yield box.get_bytes(k)
    finally:
        box.close()


def walk(root, prefix):
    """(path under CORPORA, full path) of every file under root, sorted."""
    found = []
    for top, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(top, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            found.append((f"{prefix}/{rel}" if rel != "." else prefix, full))
    return found


def sources(corpora, scratch):
    for name in ("mime-edge", "caml-list-fr"):
        yield from walk(os.path.join(corpora, name), name)
    for name in ("enron-inbox-subset", "spamassassin-public-corpus"):
        with tarfile.open(os.path.join(corpora, name + ".tar.xz"), "r:xz") as tar:
            tar.extractall(scratch, filter="data")
        yield from walk(os.path.join(scratch, name), name)
    lore = os.path.join(scratch, "lore-linux-pm.mbox")
    with lzma.open(os.path.join(corpora, "lore-linux-pm.mbox.xz")) as src, open(lore, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    yield ("lore-linux-pm.mbox", lore)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    corpora = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "corpora")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        repo, "tests", "reference", "decoded-headers.jsonl.zst"
    )
    records = {}
    read = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path, full in sources(corpora, scratch):
            for raw in messages(path, full):
                read += 1
                k = key(path, raw)
                if k not in records:
                    records[k] = decoded(raw)
    lines = []
    for k in sorted(records):
        lines.append(json.dumps({"k": k, **records[k]}, ensure_ascii=False, sort_keys=True))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    subprocess.run(["zstd", "--ultra", "-22", "--long=27", "-q", "-f", "-o", out], input=data, check=True)
    print(f"{read} messages read, {len(records)} distinct keys written to {out}")


if __name__ == "__main__":
    main()
