//! Differential test of header decoding: the Subject, From, To and Cc that trawl decodes from
//! every message of `../shared/corpora` against those of a reference decoder, Python's `email`
//! package with `policy.default`, stored in `tests/reference/decoded-headers.jsonl.zst` by
//! `tests/reference/decoded_headers.py` (see that script for the key of a message and the form
//! of a record).
//!
//! Every difference must be listed, with its reason, in
//! `tests/fixtures/decoded-headers-differences.tsv`, and every entry listed there must still be
//! a difference. `TRAWL_BLESS=1 cargo test --release --test decoded_headers` rewrites the list
//! from the differences found, keeping the reasons of entries already listed and marking new
//! ones `@unexplained`, a reason the test refuses: give each one its real reason by hand.
//!
//! Messages are found as trawl finds them (`mbox::split` and `mbox::Blocks` for a file that
//! starts with `From `, the whole file otherwise), keyed by file and header block, and parsed
//! by `message::parse` from their header block alone (with its blank line): the body plays no
//! part in header decoding, and reading every attachment would cost minutes. The archives are
//! read as streams (`xz -dc`, then the `tar` crate), never unpacked to disk.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use trawl::mbox;
use trawl::message::{self, Email, Mailbox};

use common::{repo, shared_corpora};

const REFERENCE: &str = "tests/reference/decoded-headers.jsonl.zst";
const EXPLAINED: &str = "tests/fixtures/decoded-headers-differences.tsv";
const UNEXPLAINED: &str = "unexplained";
/// The fields compared: (name in reports, key in the reference).
const FIELDS: [(&str, &str); 4] = [("subject", "s"), ("from", "f"), ("to", "t"), ("cc", "c")];

/// One field of one message where trawl and the reference disagree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Difference {
    key: String,
    field: String,
    trawl: String,
    python: String,
}

/// What the comparison found.
#[derive(Default)]
struct Outcome {
    compared: usize,
    trawl_only: usize,
    differences: Vec<Difference>,
    matched: HashSet<String>,
}

#[test]
#[ignore = "reads ../shared/corpora, which CI lays beside the clone"]
fn decoded_headers_match_python_or_are_explained() {
    let shared = shared_corpora();
    let reference = load_reference();
    let mut outcome = Outcome::default();
    for_each_message(&shared, |path, raw, quoted| {
        let key = format!("{path}#{}", header_hash(raw));
        let Some(record) = reference.get(&key) else {
            outcome.trawl_only += 1;
            return;
        };
        if !outcome.matched.insert(key.clone()) {
            return;
        }
        outcome.compared += 1;
        let email = parse_header_block(raw, quoted);
        outcome
            .differences
            .extend(differences(&key, &email, record));
    });
    report(&reference, &outcome);
    let missing = reference.len() - outcome.matched.len();
    assert!(
        outcome.compared > 100_000,
        "the reference covers the corpora ({} compared)",
        outcome.compared
    );
    assert!(
        missing * 1000 < reference.len(),
        "{missing} messages of the reference not found by trawl (more than 0.1%)"
    );
    check_explained(&outcome.differences);
}

/// The reference records by key.
fn load_reference() -> HashMap<String, Value> {
    let file = std::fs::File::open(repo(REFERENCE)).expect("the reference file");
    let lines = BufReader::new(zstd::Decoder::new(file).expect("zstd stream")).lines();
    lines
        .map(|line| {
            let line = line.expect("readable reference");
            let record: Value = serde_json::from_str(&line).expect("a JSON record");
            let key = record["k"].as_str().expect("a key").to_owned();
            (key, record)
        })
        .collect()
}

/// Calls `visit(path under the corpora, message bytes, mbox-quoted)` for every message of the
/// corpora, found as the reference script finds them.
fn for_each_message(shared: &Path, mut visit: impl FnMut(&str, &[u8], bool)) {
    for name in ["mime-edge", "caml-list-fr"] {
        for_each_file(&shared.join(name), name, &mut visit);
    }
    for name in ["enron-inbox-subset", "spamassassin-public-corpus"] {
        let mut xz = unxz(&shared.join(format!("{name}.tar.xz")));
        for_each_member(xz.stdout.take().expect("xz's output"), &mut visit);
        assert!(xz.wait().expect("xz ends").success(), "xz -dc of {name}");
    }
    let mut xz = unxz(&shared.join("lore-linux-pm.mbox.xz"));
    let lore = xz.stdout.take().expect("xz's output");
    for_each_in_mbox(lore, "lore-linux-pm.mbox", &mut visit);
    assert!(
        xz.wait().expect("xz ends").success(),
        "xz -dc of the lore mbox"
    );
}

/// `xz -dc PATH`, its output piped.
fn unxz(path: &Path) -> Child {
    Command::new("xz")
        .arg("-dc")
        .arg(path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("xz runs")
}

/// Every message of every file of a tar stream, the member's path as its path.
fn for_each_member(tar: impl Read, visit: &mut impl FnMut(&str, &[u8], bool)) {
    let mut archive = tar::Archive::new(tar);
    for entry in archive.entries().expect("a tar stream") {
        let mut entry = entry.expect("a readable tar entry");
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().expect("a member path");
        let path = path.to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .expect("a readable tar member");
        for_each_in_file(&path, &bytes, visit);
    }
}

/// Every message of every file under `root`.
fn for_each_file(root: &Path, prefix: &str, visit: &mut impl FnMut(&str, &[u8], bool)) {
    for file in walkdir::WalkDir::new(root) {
        let file = file.expect("walkable corpus");
        if !file.file_type().is_file() {
            continue;
        }
        let rel = file.path().strip_prefix(root).expect("under its root");
        let path = format!("{prefix}/{}", rel.to_string_lossy());
        let bytes = std::fs::read(file.path()).expect("readable corpus file");
        for_each_in_file(&path, &bytes, visit);
    }
}

/// The messages of one file: an mbox's, or the file as one message.
fn for_each_in_file(path: &str, bytes: &[u8], visit: &mut impl FnMut(&str, &[u8], bool)) {
    if mbox::looks_like_mbox(bytes) {
        for span in mbox::split(bytes) {
            visit(path, &bytes[span.offset..span.offset + span.len], true);
        }
    } else {
        visit(path, bytes, false);
    }
}

/// Every message of an mbox streamed from `source`, block by block.
fn for_each_in_mbox(source: impl Read, path: &str, visit: &mut impl FnMut(&str, &[u8], bool)) {
    let mut blocks = mbox::Blocks::new(source, Vec::new());
    while let Some(block) = blocks.next_block().expect("readable mbox") {
        for span in &block.spans {
            visit(
                path,
                &block.bytes[span.offset..span.offset + span.len],
                true,
            );
        }
    }
}

/// The first 16 hex digits of the SHA-256 of a message's header block, as the reference
/// script computes it: the bytes up to the first empty line, CRs removed, an mbox `From `
/// line dropped.
fn header_hash(raw: &[u8]) -> String {
    let mut bytes: Vec<u8> = raw.iter().copied().filter(|&b| b != b'\r').collect();
    if bytes.starts_with(b"From ") {
        let first_line = memchr_newline(&bytes).map_or(bytes.len(), |i| i + 1);
        bytes.drain(..first_line);
    }
    let block = if bytes.first() == Some(&b'\n') {
        &bytes[..0]
    } else {
        let end = bytes.windows(2).position(|w| w == b"\n\n");
        &bytes[..end.map_or(bytes.len(), |i| i + 1)]
    };
    let digest = Sha256::digest(block);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// trawl's reading of a message's headers: its header block and blank line, unquoted when it
/// comes from an mbox, through `message::parse`.
fn parse_header_block(raw: &[u8], quoted: bool) -> Email {
    let end = message::blank_line(raw).map_or(raw.len(), |(_, body)| body);
    let head = &raw[..end];
    if quoted {
        message::parse(&mbox::unquote(head))
    } else {
        message::parse(head)
    }
}

/// The fields where `email` and the reference `record` disagree, once normalised.
fn differences(key: &str, email: &Email, record: &Value) -> Vec<Difference> {
    let trawl = [
        text_value(email.subject.as_deref()),
        mailboxes_value(&email.from),
        mailboxes_value(&email.to),
        mailboxes_value(&email.cc),
    ];
    FIELDS
        .iter()
        .zip(trawl)
        .filter_map(|(&(field, short), ours)| {
            let theirs = reference_value(record, short);
            (ours != theirs).then(|| Difference {
                key: key.to_owned(),
                field: field.to_owned(),
                trawl: ours.to_string(),
                python: theirs.to_string(),
            })
        })
        .collect()
}

/// A field of the reference, normalised like trawl's; `{"error": ...}` where Python raised.
fn reference_value(record: &Value, short: &str) -> Value {
    if let Some(error) = record["x"].get(short) {
        return json!({ "error": error });
    }
    match &record[short] {
        Value::Array(pairs) => Value::Array(
            pairs
                .iter()
                .map(|p| {
                    pair(
                        p[0].as_str(),
                        p[1].as_str().map(str::to_lowercase).as_deref(),
                    )
                })
                .collect(),
        ),
        other => text_value(other.as_str()),
    }
}

fn mailboxes_value(mailboxes: &[Mailbox]) -> Value {
    Value::Array(
        mailboxes
            .iter()
            .map(|m| pair(m.name.as_deref(), m.address.as_deref()))
            .collect(),
    )
}

fn pair(name: Option<&str>, address: Option<&str>) -> Value {
    json!([text_value(name), text_value(address)])
}

/// Text with its blanks collapsed to one space and trimmed; null when empty.
fn text_value(text: Option<&str>) -> Value {
    let words: Vec<&str> = text.unwrap_or_default().split_whitespace().collect();
    if words.is_empty() {
        Value::Null
    } else {
        Value::String(words.join(" "))
    }
}

/// Counts, by field, and the messages on one side only.
fn report(reference: &HashMap<String, Value>, outcome: &Outcome) {
    let mut by_field: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &outcome.differences {
        *by_field.entry(d.field.as_str()).or_default() += 1;
    }
    eprintln!(
        "decoded headers: {} messages compared, {} of the reference not found by trawl, {} \
         found by trawl not in the reference; differences by field: {by_field:?}",
        outcome.compared,
        reference.len() - outcome.matched.len(),
        outcome.trawl_only,
    );
    let mut missing: Vec<&String> = reference
        .keys()
        .filter(|k| !outcome.matched.contains(*k))
        .collect();
    missing.sort();
    for key in missing.iter().take(20) {
        eprintln!("  not found by trawl: {key}");
    }
}

/// An entry of the explanation file: a difference and its reason.
struct Explained {
    difference: Difference,
    reason: String,
}

/// The explanation file: reasons by id (`@id<TAB>text` lines) and entries
/// (`key<TAB>field<TAB>reason<TAB>trawl<TAB>python`); `#` lines are comments.
fn load_explained() -> (BTreeMap<String, String>, Vec<Explained>) {
    let text = std::fs::read_to_string(repo(EXPLAINED)).unwrap_or_default();
    let (mut reasons, mut entries) = (BTreeMap::new(), Vec::new());
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Some(reason) = line.strip_prefix('@') {
            let (id, why) = reason.split_once('\t').expect("@id<TAB>reason");
            reasons.insert(id.to_owned(), why.to_owned());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "key, field, reason, trawl, python: {line}");
        entries.push(Explained {
            difference: Difference {
                key: cols[0].into(),
                field: cols[1].into(),
                trawl: cols[3].into(),
                python: cols[4].into(),
            },
            reason: cols[2].into(),
        });
    }
    (reasons, entries)
}

/// Every difference is listed with a defined reason, and every listed one is still found.
fn check_explained(found: &[Difference]) {
    let (reasons, entries) = load_explained();
    if std::env::var_os("TRAWL_BLESS").is_some() {
        return bless(&reasons, &entries, found);
    }
    let listed: HashSet<&Difference> = entries.iter().map(|e| &e.difference).collect();
    let found_set: HashSet<&Difference> = found.iter().collect();
    let unlisted: Vec<&&Difference> = found_set.difference(&listed).collect();
    let stale: Vec<&&Difference> = listed.difference(&found_set).collect();
    let undefined: Vec<&Explained> = entries
        .iter()
        .filter(|e| e.reason == UNEXPLAINED || !reasons.contains_key(&e.reason))
        .collect();
    for d in unlisted.iter().take(30) {
        eprintln!("unexplained: {d:?}");
    }
    for d in stale.iter().take(30) {
        eprintln!("listed but no longer a difference: {d:?}");
    }
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "{} differences not in {EXPLAINED}, {} listed there no longer found \
         (TRAWL_BLESS=1 rewrites it; then give each new entry its reason)",
        unlisted.len(),
        stale.len()
    );
    assert!(
        undefined.is_empty(),
        "{} entries of {EXPLAINED} have no defined reason, the first: {:?}",
        undefined.len(),
        undefined.first().map(|e| (&e.difference.key, &e.reason))
    );
}

/// Rewrites the explanation file from the differences found.
fn bless(reasons: &BTreeMap<String, String>, entries: &[Explained], found: &[Difference]) {
    let known: HashMap<(&str, &str), &str> = entries
        .iter()
        .map(|e| {
            let d = &e.difference;
            ((d.key.as_str(), d.field.as_str()), e.reason.as_str())
        })
        .collect();
    let old = std::fs::read_to_string(repo(EXPLAINED)).unwrap_or_default();
    let mut out: String = old
        .lines()
        .take_while(|l| l.starts_with('#') || l.starts_with('@') || l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    if reasons.is_empty() && out.is_empty() {
        out.push_str("# key\tfield\treason\ttrawl\tpython\n");
    }
    let mut sorted = found.to_vec();
    sorted.sort();
    for d in sorted {
        let reason = known
            .get(&(d.key.as_str(), d.field.as_str()))
            .copied()
            .unwrap_or(UNEXPLAINED);
        out.push_str(&format!(
            "{}\t{}\t{reason}\t{}\t{}\n",
            d.key, d.field, d.trawl, d.python
        ));
    }
    std::fs::write(repo(EXPLAINED), out).expect("writable fixture");
}
