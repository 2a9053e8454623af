//! Indexing throughput and memory on the generated MacronLeaks-sized corpus.
//!
//! `cargo bench --bench index [-- --messages N --scale K --keep DIR --memory MB]` generates the
//! corpus with `examples/gen_corpus` (N messages, 71,848 by default, and K times as many, 4 by
//! default), indexes each one from an empty index with the release `trawl` binary (passing
//! `--memory MB` on if given), as an mbox, as a maildir, and as the mbox again without reading
//! attachments for text (`--max-attachment-text-size 0`), and prints messages/s, MB/s, peak
//! RSS, peak anonymous memory and index size / corpus size, then how much both peaks grew
//! between the N and the K×N run (the flat-memory target: under 25 %).
//!
//! Peak RSS (wait4) also counts the pages of index files that tantivy maps while it merges
//! segments: page cache, which the kernel reclaims at will. Peak anonymous memory (RssAnon of
//! `/proc/PID/status`, sampled every 10 ms) is what the process itself allocated.
//! This is a benchmark, not a test: it asserts nothing and takes minutes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[path = "support/generate.rs"]
mod generate;
use generate::generate;

/// What one indexing process cost.
struct Run {
    seconds: f64,
    peak_rss_bytes: u64,
    peak_anon_bytes: u64,
    index_bytes: u64,
}

/// Options: `--messages N`, `--scale K`, `--keep DIR` (reuse or keep the corpora there),
/// `--memory MB` (trawl's writer budget; its default if absent).
struct Options {
    messages: u64,
    scale: u64,
    workdir: PathBuf,
    keep: bool,
    memory: Option<String>,
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
        memory: value("--memory"),
    }
}

/// Runs `trawl index [--memory MB] input` into a fresh index and measures it with wait4(2)
/// and a sampler of its anonymous memory.
fn index(input: &Path, index: &Path, flags: &[&str]) -> Run {
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
        .args(flags)
        .arg(input)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("trawl starts");
    let done = Arc::new(AtomicBool::new(false));
    let sampler = sample_peak_anon(child.id(), Arc::clone(&done));
    let peak_rss_bytes = wait_peak_rss(child.id());
    done.store(true, Ordering::Relaxed);
    Run {
        seconds: started.elapsed().as_secs_f64(),
        peak_rss_bytes,
        peak_anon_bytes: sampler.join().unwrap_or(0),
        index_bytes: du(index),
    }
}

/// Samples process `pid`'s anonymous resident memory every 10 ms until `done`; returns the
/// largest sample in bytes.
fn sample_peak_anon(pid: u32, done: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let status = format!("/proc/{pid}/status");
        let mut peak = 0;
        while !done.load(Ordering::Relaxed) {
            let anon_kb = std::fs::read_to_string(&status).ok().and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("RssAnon:"))?;
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            });
            peak = peak.max(anon_kb.unwrap_or(0) * 1024);
            std::thread::sleep(Duration::from_millis(10));
        }
        peak
    })
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

/// Indexes one corpus as an mbox, as a maildir and as the mbox without attachment text,
/// printing a table row for each; returns the first mbox run.
fn bench_corpus(messages: u64, dir: &Path, memory: Option<&str>) -> Run {
    generate(messages, dir);
    let corpus_bytes = du(&dir.join("mbox"));
    let mut flags: Vec<&str> = memory.map(|mb| vec!["--memory", mb]).unwrap_or_default();
    let mbox = "mbox/corpus.mbox";
    let mbox_run = bench_row(messages, dir, (mbox, mbox), &flags, corpus_bytes);
    bench_row(messages, dir, ("maildir", "maildir"), &flags, corpus_bytes);
    flags.extend(["--max-attachment-text-size", "0"]);
    let label = "mbox/corpus.mbox, no attachment text";
    let _ = bench_row(messages, dir, (mbox, label), &flags, corpus_bytes);
    mbox_run
}

/// Indexes `path` (under `dir`) with `flags` and prints its table row, named `label`.
fn bench_row(
    messages: u64,
    dir: &Path,
    (path, label): (&str, &str),
    flags: &[&str],
    corpus_bytes: u64,
) -> Run {
    let run = index(&dir.join(path), &dir.join("index"), flags);
    println!(
        "| {messages} | {label} | {:.1} | {:.0} | {:.1} | {:.0} | {:.0} | {:.1} | {:.1} % |",
        run.seconds,
        messages as f64 / run.seconds,
        mb(corpus_bytes) / run.seconds,
        mb(run.peak_rss_bytes),
        mb(run.peak_anon_bytes),
        mb(run.index_bytes),
        100.0 * run.index_bytes as f64 / corpus_bytes as f64,
    );
    run
}

fn main() {
    let opts = options();
    std::fs::create_dir_all(&opts.workdir).expect("work dir");
    println!(
        "| messages | input | seconds | msg/s | MB/s | peak RSS MB | peak anon MB | index MB | index / corpus |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    let memory = opts.memory.as_deref();
    let base_dir = opts.workdir.join(format!("c{}", opts.messages));
    let base = bench_corpus(opts.messages, &base_dir, memory);
    let large_n = opts.messages * opts.scale;
    let large = bench_corpus(large_n, &opts.workdir.join(format!("c{large_n}")), memory);
    println!();
    for (what, small, big) in [
        ("peak RSS", base.peak_rss_bytes, large.peak_rss_bytes),
        ("peak anon", base.peak_anon_bytes, large.peak_anon_bytes),
    ] {
        println!(
            "{what}, mbox: {:.0} MB at {} messages, {:.0} MB at {large_n} ({:+.0} %)",
            mb(small),
            opts.messages,
            mb(big),
            (big as f64 / small as f64 - 1.0) * 100.0
        );
    }
    if !opts.keep {
        let _ = std::fs::remove_dir_all(&opts.workdir);
    }
}
