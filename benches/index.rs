//! Indexing throughput and memory on the generated MacronLeaks-sized corpus.
//!
//! `cargo bench --bench index [-- --messages N --scale K --keep DIR]` generates the corpus with
//! `examples/gen_corpus` (N messages, 71,848 by default, and K times as many, 4 by default),
//! indexes each one from an empty index with the release `trawl` binary, as an mbox and as a
//! maildir, and prints messages/s, MB/s, peak RSS and index size / corpus size, then how much
//! the peak RSS grew between the N and the K×N run (the flat-memory target: under 25 %).
//! This is a benchmark, not a test: it asserts nothing and takes minutes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What one indexing process cost.
struct Run {
    seconds: f64,
    peak_rss_bytes: u64,
    index_bytes: u64,
}

/// Options: `--messages N`, `--scale K`, `--keep DIR` (reuse or keep the corpora there).
struct Options {
    messages: u64,
    scale: u64,
    workdir: PathBuf,
    keep: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let keep = value("--keep");
    Options {
        messages: value("--messages").map_or(71_848, |v| v.parse().expect("--messages N")),
        scale: value("--scale").map_or(4, |v| v.parse().expect("--scale K")),
        workdir: keep
            .clone()
            .map_or_else(|| std::env::temp_dir().join("trawl-bench"), PathBuf::from),
        keep: keep.is_some(),
    }
}

/// Generates `messages` messages into `dir` unless a corpus of that size is already there.
fn generate(messages: u64, dir: &Path) {
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

/// Runs `trawl index input` into a fresh index and measures it with wait4(2).
fn index(input: &Path, index: &Path) -> Run {
    let _ = std::fs::remove_dir_all(index);
    let started = Instant::now();
    #[expect(
        clippy::zombie_processes,
        reason = "reaped by wait4 in wait_peak_rss, which also reports the peak RSS"
    )]
    let child = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .arg("--index")
        .arg(index)
        .arg("index")
        .arg(input)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("trawl starts");
    let peak_rss_bytes = wait_peak_rss(child.id());
    Run {
        seconds: started.elapsed().as_secs_f64(),
        peak_rss_bytes,
        index_bytes: du(index),
    }
}

/// Waits for process `pid` and returns its peak resident set size in bytes.
fn wait_peak_rss(pid: u32) -> u64 {
    let mut status = 0;
    // SAFETY: rusage is plain old data, fully written by wait4 on success.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child; status and usage point to live locals.
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(
        waited == pid as libc::pid_t && status == 0,
        "trawl index failed"
    );
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

/// Bytes of every file under `path`.
fn du(path: &Path) -> u64 {
    match std::fs::read_dir(path) {
        Ok(entries) => entries.flatten().map(|e| du(&e.path())).sum(),
        Err(_) => std::fs::metadata(path).map_or(0, |m| m.len()),
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Indexes one corpus as an mbox and as a maildir, printing a table row for each.
fn bench_corpus(messages: u64, dir: &Path) -> Run {
    generate(messages, dir);
    let corpus_bytes = du(&dir.join("mbox"));
    let mut mbox_run = None;
    for input in ["mbox/corpus.mbox", "maildir"] {
        let run = index(&dir.join(input), &dir.join("index"));
        println!(
            "| {messages} | {input} | {:.1} | {:.0} | {:.1} | {:.0} | {:.1} | {:.1} % |",
            run.seconds,
            messages as f64 / run.seconds,
            mb(corpus_bytes) / run.seconds,
            mb(run.peak_rss_bytes),
            mb(run.index_bytes),
            100.0 * run.index_bytes as f64 / corpus_bytes as f64,
        );
        mbox_run.get_or_insert(run);
    }
    mbox_run.expect("the mbox run")
}

fn main() {
    let opts = options();
    std::fs::create_dir_all(&opts.workdir).expect("work dir");
    println!(
        "| messages | input | seconds | msg/s | MB/s | peak RSS MB | index MB | index / corpus |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|");
    let base = bench_corpus(
        opts.messages,
        &opts.workdir.join(format!("c{}", opts.messages)),
    );
    let large_n = opts.messages * opts.scale;
    let large = bench_corpus(large_n, &opts.workdir.join(format!("c{large_n}")));
    let growth = large.peak_rss_bytes as f64 / base.peak_rss_bytes as f64 - 1.0;
    println!(
        "\npeak RSS, mbox: {:.0} MB at {} messages, {:.0} MB at {} ({:+.0} %)",
        mb(base.peak_rss_bytes),
        opts.messages,
        mb(large.peak_rss_bytes),
        large_n,
        growth * 100.0
    );
    if !opts.keep {
        let _ = std::fs::remove_dir_all(&opts.workdir);
    }
}
