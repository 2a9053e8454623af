//! How fast `trawl batch` answers a list of queries on the bundled samples.
//!
//! `cargo bench --bench batch [-- --queries N --runs R]` indexes the mail folders of
//! `corpus-samples/` (as `demo.sh` does) with the release `trawl` binary, writes N queries
//! (100 by default: names, words, a formula and a word found nowhere, in turn, as the test
//! `batch_csv_answers_a_hundred_queries` asks them), runs `trawl batch` on them R times (10
//! by default) and prints the fastest and the median wall seconds of a run, and queries per
//! second at the median. The first run opens a cold index; the others find it in the page
//! cache. This is a benchmark, not a test: it asserts nothing but that trawl succeeds.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The queries, asked in turn until there are N of them.
const QUERIES: [&str; 8] = [
    "moreau", "fabre", "lambert", "girard", "carter", "budget", "=SUM(A1)", "zzz",
];

/// The bundled samples' mail folders (not the folder itself, whose README and truth file
/// would be indexed as articles).
const SAMPLES: [&str; 6] = ["mbox", "maildir", "eml", "misc", "stores", "archives"];

/// Options: `--queries N`, `--runs R`.
struct Options {
    queries: usize,
    runs: usize,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse::<usize>().expect("a number after the flag"))
    };
    Options {
        queries: value("--queries").unwrap_or(100),
        runs: value("--runs").unwrap_or(10).max(1),
    }
}

/// Runs `trawl --index INDEX ARGS...`, its output dropped, and checks it succeeded (its
/// standard error shown if not).
fn trawl(index: &Path, args: &[&str]) {
    let run = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .arg("--index")
        .arg(index)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("trawl starts");
    assert!(
        run.status.success(),
        "trawl {args:?} failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// An index of the bundled samples in `dir`.
fn samples_index(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus-samples");
    let roots: Vec<String> = SAMPLES
        .iter()
        .map(|d| samples.join(d).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["index"];
    args.extend(roots.iter().map(String::as_str));
    trawl(&index, &args);
    index
}

/// Wall seconds of each of `runs` runs of `trawl batch FILE`.
fn time_batch(index: &Path, file: &Path, runs: usize) -> Vec<f64> {
    let file = file.to_str().expect("a UTF-8 path");
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            trawl(index, &["batch", file]);
            started.elapsed().as_secs_f64()
        })
        .collect()
}

fn main() {
    let opts = options();
    let dir = std::env::temp_dir().join(format!("trawl-bench-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("work dir");
    let index = samples_index(&dir);
    let list: Vec<&str> = QUERIES.iter().cycle().take(opts.queries).copied().collect();
    let file = dir.join("queries.txt");
    std::fs::write(&file, list.join("\n")).expect("queries written");
    let mut seconds = time_batch(&index, &file, opts.runs);
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];
    println!(
        "{} queries, {} runs: fastest {:.4} s, median {:.4} s, {:.0} queries/s at the median",
        opts.queries,
        opts.runs,
        seconds[0],
        median,
        opts.queries as f64 / median
    );
    let _ = std::fs::remove_dir_all(&dir);
}
