//! Golden tests for parsing, mail-parser style: every message of `corpus-samples/` and of
//! `tests/golden/input/` is parsed, and what trawl extracts (headers, decoded text,
//! attachments, damage) must equal `tests/golden/expected/<name>.json` exactly.
//!
//! After a deliberate change of extraction, regenerate the expected files with
//! `TRAWL_BLESS=1 cargo test --release --test golden` and review the diff before committing.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use trawl::message::{Email, Mailbox};
use trawl::sniff::{Sniffed, sniff};
use trawl::{date, mbox, message};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every file under `dir`, sorted, maildir `tmp/` included (the parser sees what it is given).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// (name, raw message) for each message of a file: one per mbox message, one for a single
/// message file, none for files that are not mail.
fn messages(root: &Path, file: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(file).expect("readable file");
    let relative = file
        .strip_prefix(root)
        .expect("under root")
        .to_string_lossy();
    let name = relative.replace(['/', ':', ','], "_");
    match sniff(&bytes) {
        Sniffed::Mbox => mbox::split(&bytes)
            .iter()
            .enumerate()
            .map(|(n, span)| {
                let raw = mbox::unquote(&bytes[span.offset..span.offset + span.len]);
                (format!("{name}.{}", n + 1), raw.into_owned())
            })
            .collect(),
        Sniffed::Message => vec![(name, bytes)],
        Sniffed::Emlx => {
            let span = trawl::mailstore::emlx::message_span(&bytes);
            vec![(name, bytes[span.range].to_vec())]
        }
        _ => Vec::new(),
    }
}

fn mailboxes(boxes: &[Mailbox]) -> Value {
    boxes
        .iter()
        .map(|m| json!({"name": m.name, "address": m.address}))
        .collect()
}

/// Everything the parser extracted, as reviewable JSON.
fn extracted(email: &Email) -> Value {
    json!({
        "message_id": email.message_id,
        "in_reply_to": email.in_reply_to,
        "references": email.references,
        "from": mailboxes(&email.from),
        "to": mailboxes(&email.to),
        "cc": mailboxes(&email.cc),
        "bcc": mailboxes(&email.bcc),
        "subject": email.subject,
        "date": email.date.map(date::rfc3339),
        "body": email.body,
        "attachment_text": email.attachment_text,
        "attachments": email.attachments,
        "part_types": email.part_types,
        "damage": email.damage,
    })
}

/// Compares (or, blessing, writes) one expected file; returns a complaint when it differs.
fn check(name: &str, got: &Value, bless: bool) -> Option<String> {
    let path = repo("tests/golden/expected").join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(got).expect("json") + "\n";
    if bless {
        std::fs::write(&path, text).expect("write expected");
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == text => None,
        Ok(_) => Some(format!("{name}: differs from {}\n{text}", path.display())),
        Err(_) => Some(format!(
            "{name}: no {} (bless to create it)",
            path.display()
        )),
    }
}

#[test]
fn parsing_matches_golden_files() {
    let bless = std::env::var_os("TRAWL_BLESS").is_some();
    let mut seen = 0;
    let mut failures = Vec::new();
    for root in ["corpus-samples", "tests/golden/input"] {
        let root = repo(root);
        for file in files(&root) {
            for (name, raw) in messages(&root, &file) {
                seen += 1;
                failures.extend(check(&name, &extracted(&message::parse(&raw)), bless));
            }
        }
    }
    assert!(seen >= 35, "only {seen} golden messages found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expected_file_has_its_message() {
    let mut names = Vec::new();
    for root in ["corpus-samples", "tests/golden/input"] {
        let root = repo(root);
        for file in files(&root) {
            names.extend(messages(&root, &file).into_iter().map(|(n, _)| n));
        }
    }
    for expected in files(&repo("tests/golden/expected")) {
        let stem = expected.file_stem().expect("name").to_string_lossy();
        assert!(
            names.contains(&stem.to_string()),
            "stale golden file {stem}"
        );
    }
}
