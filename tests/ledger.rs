//! A ledger written by an earlier build loads and reports what that build reported.
//!
//! `tests/fixtures/ledger/` holds the `ledger.json.zst` that trawl 0.1.0 as built from main on
//! 2 December 2026 (its failures held as text) wrote when indexing a small dump with every kind
//! of problem (skipped files, a damaged zip, a damaged, a truncated and a probably merged
//! message, an archive past `--max-container-members`), and what that build printed from it:
//! `failures --damaged --json` and `stats --sources --json`.

mod common;

use std::path::Path;

use common::{ok, scratch};
use serde_json::Value;

/// The fixture's files.
fn fixture(name: &str) -> String {
    let path = common::repo("tests/fixtures/ledger").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An index made by this build, its ledger replaced by the fixture's.
fn index_with_fixture_ledger(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    let (index, empty) = (dir.join("ix"), dir.join("empty"));
    std::fs::create_dir_all(&empty).expect("empty dir");
    ok(&index, &["index", empty.to_str().expect("utf8")]);
    let ledger = common::repo("tests/fixtures/ledger/ledger.json.zst");
    std::fs::copy(ledger, index.join("ledger.json.zst")).expect("ledger copied");
    index
}

/// The counts of `stats --sources --json` that come from the ledger alone (the others count
/// the index's documents).
fn ledger_counts(stats: &Value) -> Vec<(&'static str, Value)> {
    let keys = [
        "occurrences",
        "skipped",
        "failed",
        "damaged",
        "truncated",
        "merged",
        "sources",
        "per_source",
    ];
    keys.iter().map(|&k| (k, stats[k].clone())).collect()
}

fn assert_reports_as_written(index: &Path) {
    let failures = ok(index, &["failures", "--damaged", "--json"]);
    assert_eq!(failures, fixture("failures-damaged.jsonl"));
    let kinds: Vec<String> = failures
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|f| f["kind"].as_str().map(str::to_owned))
        .collect();
    for kind in ["skipped", "failed", "damaged", "truncated", "merged"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    let stats: Value =
        serde_json::from_str(&ok(index, &["stats", "--sources", "--json"])).expect("JSON");
    let written: Value = serde_json::from_str(&fixture("stats-sources.json")).expect("JSON");
    assert_eq!(ledger_counts(&stats), ledger_counts(&written));
}

#[test]
fn a_ledger_written_by_an_earlier_build_reports_the_same() {
    let index = index_with_fixture_ledger("old-ledger");
    assert_reports_as_written(&index);
}

#[test]
fn a_ledger_written_by_an_earlier_build_is_saved_again_unchanged_by_a_run() {
    let index = index_with_fixture_ledger("old-ledger-saved");
    let dump = scratch("old-ledger-saved-dump");
    let eml = "From: a@x.org\nTo: b@x.org\nSubject: hello\n\nbody\n";
    std::fs::write(dump.join("m.eml"), eml).expect("eml written");
    ok(&index, &["index", dump.to_str().expect("utf8")]);
    let failures = ok(&index, &["failures", "--damaged", "--json"]);
    assert_eq!(failures, fixture("failures-damaged.jsonl"));
}
