//! `trawl serve` under load: concurrent clients on loopback against an index of the generated
//! corpus.
//!
//! `cargo bench --bench serve [-- --messages N --clients C --requests R --keep DIR]` generates
//! N messages (70,000 by default) with `examples/gen_corpus`, indexes their maildir with the
//! release `trawl`, starts `trawl serve` on a free port, then has C clients (8) send R requests
//! in all (2,000): first search pages (`/search?q=QUERY`, the first page of 20 hits with
//! snippets, the facet panel and the timeline; the queries of the corpus's `queries.tsv`, in
//! turn), then as many requests for the whole index's facet panel (`/`). Each request is its
//! own connection (`Connection: close`), timed from connect to the last byte. It prints the
//! p50, p90, p99 and max latency of each kind, and the machine's load average.
//! This is a benchmark, not a test: it asserts nothing but that every answer is a 200.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "support/generate.rs"]
mod generate;

struct Options {
    messages: u64,
    clients: usize,
    requests: usize,
    workdir: PathBuf,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    Options {
        messages: value("--messages").map_or(70_000, |v| v.parse().expect("--messages N")),
        clients: value("--clients").map_or(8, |v| v.parse().expect("--clients C")),
        requests: value("--requests").map_or(2_000, |v| v.parse().expect("--requests R")),
        workdir: value("--keep").map_or_else(
            || std::env::temp_dir().join("trawl-bench-serve"),
            PathBuf::from,
        ),
    }
}

fn main() {
    let o = options();
    let corpus = o.workdir.join(format!("corpus-{}", o.messages));
    generate::generate(o.messages, &corpus);
    let index = corpus.join("index");
    if !index.join("meta.json").exists() {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_trawl"))
            .arg("--index")
            .arg(&index)
            .arg("index")
            .arg(corpus.join("maildir"))
            .stdout(Stdio::null())
            .status()
            .expect("trawl index runs");
        assert!(status.success(), "trawl index failed");
        println!(
            "indexed {} messages in {:.1} s",
            o.messages,
            started.elapsed().as_secs_f64()
        );
    }
    let queries = queries(&corpus.join("queries.tsv"));
    let server = Server::start(&index);
    let search: Vec<String> = (0..o.requests)
        .map(|n| format!("/search?q={}", encode(&queries[n % queries.len()])))
        .collect();
    let home: Vec<String> = (0..o.requests).map(|_| "/".to_owned()).collect();
    println!(
        "{} clients, {} requests each kind, {} queries; load average before: {}",
        o.clients,
        o.requests,
        queries.len(),
        load_average()
    );
    for (name, targets) in [
        ("search page (20 hits, facets, timeline)", search),
        ("facets of the whole index (/)", home),
    ] {
        let (latencies, seconds) = load(server.port, o.clients, targets);
        report(name, &latencies, seconds);
    }
    println!("load average after: {}", load_average());
}

/// The trawl column of `queries.tsv`.
fn queries(tsv: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(tsv).expect("queries.tsv");
    text.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .map(str::to_owned)
        .collect()
}

fn encode(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `targets` requested by `clients` threads taking them in turn; each request's latency, and
/// the wall time of the whole.
fn load(port: u16, clients: usize, targets: Vec<String>) -> (Vec<Duration>, f64) {
    let targets = Arc::new(targets);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (targets, next) = (Arc::clone(&targets), Arc::clone(&next));
            std::thread::spawn(move || {
                let mut times = Vec::new();
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(target) = targets.get(n) else {
                        return times;
                    };
                    times.push(get(port, target));
                }
            })
        })
        .collect();
    let mut all: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a client"))
        .collect();
    all.sort();
    (all, started.elapsed().as_secs_f64())
}

/// One GET on a connection of its own, checked to be a 200; its latency.
fn get(port: u16, target: &str) -> Duration {
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let request =
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("sent");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let elapsed = started.elapsed();
    assert!(
        response.starts_with(b"HTTP/1.1 200"),
        "{target}: {}",
        String::from_utf8_lossy(&response[..response.len().min(200)])
    );
    elapsed
}

fn report(name: &str, sorted: &[Duration], seconds: f64) {
    let at = |p: f64| {
        sorted[((sorted.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(sorted.len() - 1)]
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: {} requests in {seconds:.1} s ({:.0}/s): p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sorted.len(),
        sorted.len() as f64 / seconds,
        ms(at(0.50)),
        ms(at(0.90)),
        ms(at(0.99)),
        ms(at(1.0)),
    );
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// The server under test, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(index: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trawl"))
            .arg("--index")
            .arg(index)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("trawl serve starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr"))
            .read_line(&mut line)
            .expect("its address");
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("a port");
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
