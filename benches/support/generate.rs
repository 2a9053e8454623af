//! The generated corpus the benchmarks share: `examples/gen_corpus`, run once per size.

use std::path::Path;
use std::process::Command;

/// Generates `messages` messages into `dir` unless a corpus of that size is already there.
pub fn generate(messages: u64, dir: &Path) {
    if dir.join("mbox/corpus.mbox").exists() {
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--release",
            "--example",
            "gen_corpus",
            "--",
        ])
        .args(["--messages", &messages.to_string(), "--out"])
        .arg(dir)
        .status()
        .expect("cargo runs gen_corpus");
    assert!(status.success(), "gen_corpus failed");
}
