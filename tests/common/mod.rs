//! Helpers shared by the integration tests of the investigation workflow: run the binary,
//! read its output, make scratch directories and small mboxes.

#![allow(
    dead_code,
    reason = "each test file uses its own subset of these helpers"
)]

pub mod envelopes;
pub mod serve;
pub mod shapes;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `trawl --index INDEX ARGS...`.
pub fn trawl(index: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trawl"))
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("trawl runs")
}

/// Runs `trawl --index INDEX ARGS...` with `input` on its standard input.
pub fn trawl_with_input(index: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .arg("--index")
        .arg(index)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("trawl runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("input written");
    drop(stdin);
    child.wait_with_output().expect("trawl ends")
}

/// Runs `trawl --index INDEX ARGS...` (its output dropped) and returns its exit status; the
/// test fails, and trawl is killed, if it still runs after `seconds`: a hang is a failure,
/// not a stuck test run.
pub fn trawl_within(index: &Path, args: &[&str], seconds: u64) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .arg("--index")
        .arg(index)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("trawl runs");
    let start = std::time::Instant::now();
    while start.elapsed().as_secs() < seconds {
        if let Some(status) = child.try_wait().expect("trawl waited for") {
            return status;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("trawl {args:?} still running after {seconds} s");
}

/// A command's standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs trawl and returns its standard output, failing the test if it failed.
pub fn ok(index: &Path, args: &[&str]) -> String {
    let o = trawl(index, args);
    assert!(
        o.status.success(),
        "trawl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The number `trawl count QUERY` prints.
pub fn count(index: &Path, query: &str) -> u64 {
    ok(index, &["count", query])
        .trim()
        .parse()
        .expect("count prints a number")
}

/// Each line of `trawl ARGS` parsed as JSON.
pub fn json_lines(index: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    ok(index, args)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A fresh, empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trawl-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `../shared/corpora`, the public mail the conformance tests read. The tests that call it are
/// `#[ignore]`d, since only CI is sure to have the corpora beside the clone (`cargo test
/// --release -- --include-ignored` runs them); where the corpora are missing they fail,
/// naming the path, and never pass without reading them.
pub fn shared_corpora() -> PathBuf {
    let shared = repo("../shared/corpora");
    assert!(
        shared.is_dir(),
        "{} is missing: this test reads the shared corpora (in CI, shared/ lies beside the clone)",
        shared.display()
    );
    shared
}

/// A file of `../shared/corpora` (a path relative to it); the test fails, naming the file,
/// when it is missing (see [`shared_corpora`]).
pub fn shared_file(path: &str) -> PathBuf {
    let file = shared_corpora().join(path);
    assert!(
        file.exists(),
        "{} is missing from the shared corpora",
        file.display()
    );
    file
}

/// Indexes `paths` into `index` and checks the run succeeded.
pub fn index_paths(index: &Path, paths: &[PathBuf]) {
    let mut args = vec!["index"];
    args.extend(paths.iter().map(|p| p.to_str().expect("utf8 path")));
    ok(index, &args);
}

/// An index in `dir` of the bundled samples' mail folders (as their README says: not the
/// folder itself, whose README and truth file would be indexed as articles).
pub fn samples_index(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let roots: Vec<PathBuf> = ["mbox", "maildir", "eml", "misc", "stores", "archives"]
        .iter()
        .map(|d| repo("corpus-samples").join(d))
        .collect();
    index_paths(&index, &roots);
    index
}

/// One message of an mbox: `From ` line, the given header lines, a blank line, the body.
pub fn mbox_entry(headers: &[&str], body: &str) -> String {
    format!(
        "From someone@horizon.example Tue May  2 09:14:03 2017\n{}\n\n{body}\n\n",
        headers.join("\n")
    )
}

/// Per source: emails read = indexed + duplicates + failed; and the sums are the totals.
pub fn assert_sources_add_up(index: &Path) {
    let stats: shapes::Stats = shapes::one(&ok(index, &["stats", "--json", "--sources"]));
    let (mut indexed, mut duplicates) = (0, 0);
    for src in stats.per_source.as_deref().expect("per_source") {
        let parts = src.indexed + src.duplicates + src.failed;
        assert_eq!(src.messages, parts, "{src:?}");
        indexed += src.indexed;
        duplicates += src.duplicates;
    }
    assert_eq!((indexed, duplicates), (stats.emails, stats.duplicates));
}

/// The id of the only document `query` finds.
pub fn id_of(index: &Path, query: &str) -> String {
    let ids = ok(index, &["search", "--format", "ids", query]);
    let ids: Vec<&str> = ids.lines().collect();
    assert_eq!(ids.len(), 1, "{query} should find one document: {ids:?}");
    ids[0].to_owned()
}

/// Every byte of a file, or of a member of an archive (`a.zip!/x.eml`, nested too), unpacked
/// here with the archive crates themselves, not through trawl's reading back: what a test
/// compares trawl's output with. Knows the formats of the samples by their extensions.
///
/// A PST message has no bytes of its own: it is rebuilt from the store with the library's
/// reader (checked against an independent reader, readpst, when the sample was made).
pub fn source_bytes(path: &str) -> Vec<u8> {
    if path.contains(".pst!/") {
        return trawl::mailstore::pst::read_message(path).expect("PST message");
    }
    let mut parts = path.split("!/");
    let disk = parts.next().expect("a path");
    let mut bytes = std::fs::read(disk).expect("source");
    let mut name = disk.to_owned();
    for member in parts {
        bytes = unpack(&name, bytes, member);
        name = member.to_owned();
    }
    bytes
}

fn unpack(archive: &str, bytes: Vec<u8>, member: &str) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    if archive.ends_with(".zip") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut file = zip.by_name(member).expect("member");
        file.read_to_end(&mut out).expect("unzipped");
    } else if archive.ends_with(".7z") {
        let mut z = sevenz_rust2::ArchiveReader::new(
            std::io::Cursor::new(bytes),
            sevenz_rust2::Password::empty(),
        )
        .expect("7z");
        out = z.read_file(member).expect("member");
    } else if archive.ends_with(".tar.gz") || archive.ends_with(".tgz") {
        let gz = flate2::read::GzDecoder::new(bytes.as_slice());
        let mut tar = tar::Archive::new(gz);
        let entries = tar.entries().expect("tar");
        let mut entry = entries
            .filter_map(Result::ok)
            .find(|e| e.path_bytes().as_ref() == member.as_bytes())
            .expect("member");
        entry.read_to_end(&mut out).expect("untarred");
    } else {
        let mut gz = flate2::read::GzDecoder::new(bytes.as_slice());
        gz.read_to_end(&mut out).expect("gunzipped");
    }
    out
}
