//! Integration tests of the investigation workflow (issue #6): `export` writes the hits of a
//! query byte-exact with a manifest, `verify` re-checks an export, `batch` runs a file of
//! queries. They drive the binary on `corpus-samples/` and on small dumps written here.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{index_paths, samples_index, scratch, trawl_with_input};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn trawl(index: &Path, args: &[&str]) -> Output {
    trawl_with_input(index, args, b"")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest(export: &Path) -> Value {
    let bytes = std::fs::read(export.join("manifest.json")).expect("manifest.json");
    serde_json::from_slice(&bytes).expect("manifest is JSON")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn u64_of(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// Every hit of `query` as `search --json --all` gives it, by id.
fn hits(index: &Path, query: &str) -> BTreeMap<String, Value> {
    ok(&trawl(index, &["search", "--json", "--all", query]))
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json"))
        .map(|hit| (str_of(&hit, "id").to_owned(), hit))
        .collect()
}

/// The bytes of a location's span in its source file, mboxrd quoting undone for an mbox.
fn source_span(location: &Value) -> Vec<u8> {
    let path = str_of(location, "path");
    let bytes = common::source_bytes(path);
    let start = u64_of(location, "offset") as usize;
    let span = &bytes[start..start + u64_of(location, "length") as usize];
    match path.ends_with(".mboxrd") || path.ends_with(".mboxo") || path.ends_with(".mbox") {
        true => trawl::mbox::unquote(span).into_owned(),
        false => span.to_vec(),
    }
}

fn verify_json(export: &Path) -> (Option<i32>, Value) {
    let o = trawl(
        Path::new("unused"),
        &["verify", "--json", export.to_str().expect("utf8")],
    );
    let verdict = serde_json::from_slice(&o.stdout).expect("verify --json");
    (o.status.code(), verdict)
}

fn not_ok_checks(verdict: &Value) -> Vec<(String, String)> {
    verdict["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["verdict"] != "ok")
        .map(|c| {
            (
                str_of(c, "verdict").to_owned(),
                str_of(c, "file").to_owned(),
            )
        })
        .collect()
}

/// An eml export holds every hit, each file byte-identical to the source span (what `show
/// --raw` writes) and named by id; the manifest lists every hit with its SHA-256, every
/// location and the query; `verify` passes, then names an altered, a deleted and an added file.
#[test]
fn eml_export_is_byte_exact_listed_and_verified() {
    let dir = scratch("eml");
    let index = samples_index(&dir);
    let export = dir.join("out");
    let o = trawl(
        &index,
        &[
            "export",
            "kind:email",
            "--to",
            export.to_str().expect("utf8"),
        ],
    );
    let summary = ok(&o);
    let expected = hits(&index, "kind:email");
    assert_eq!(expected.len(), 51, "the samples' unique emails");
    assert!(summary.contains("exported 51 of 51"), "{summary}");
    let m = manifest(&export);
    assert_eq!(str_of(&m, "query"), "kind:email");
    assert_eq!(str_of(&m, "trawl_version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(str_of(&m, "format"), "eml");
    assert!(str_of(&m, "exported_at").ends_with('Z'), "{m}");
    assert_eq!(str_of(&m["index"], "state_sha256").len(), 64);
    assert_eq!(u64_of(&m["counts"], "exported"), 51);
    let entries = m["messages"].as_array().expect("messages");
    let listed: BTreeSet<&str> = entries.iter().map(|e| str_of(e, "id")).collect();
    assert_eq!(listed, expected.keys().map(String::as_str).collect());
    for e in entries {
        let hit = &expected[str_of(e, "id")];
        assert_eq!(
            e["locations"], hit["locations"],
            "every location, as search gives it"
        );
        assert_eq!(
            (&e["message_id"], &e["subject"]),
            (&hit["message_id"], &hit["subject"])
        );
        assert_eq!((&e["date"], &e["from"]), (&hit["date"], &hit["from"]));
        let outlook = str_of(&hit["locations"][0], "path").ends_with(".msg");
        let extension = if outlook { "msg" } else { "eml" };
        assert_eq!(
            str_of(e, "file"),
            format!("{}.{extension}", str_of(e, "id"))
        );
        let written = std::fs::read(export.join(str_of(e, "file"))).expect("written");
        assert_eq!(written, source_span(&hit["locations"][0]), "byte-exact");
        assert_eq!(str_of(e, "sha256"), sha256(&written));
        assert_eq!(u64_of(e, "size"), written.len() as u64);
    }
    let shown = trawl(&index, &["show", "--raw", str_of(&entries[0], "id")]).stdout;
    assert_eq!(
        std::fs::read(export.join(str_of(&entries[0], "file"))).expect("file"),
        shown
    );
    assert_csv_matches(&export, entries);

    let (code, verdict) = verify_json(&export);
    assert_eq!(
        (code, &verdict["ok"]),
        (Some(0), &Value::Bool(true)),
        "{verdict}"
    );
    assert_eq!(
        u64_of(&verdict["counts"], "ok"),
        52,
        "51 messages and manifest.csv"
    );
    tamper_and_verify(&export, entries);
}

/// manifest.csv holds a row per entry, with the same id, status and SHA-256.
fn assert_csv_matches(export: &Path, entries: &[Value]) {
    let mut csv = csv::Reader::from_path(export.join("manifest.csv")).expect("manifest.csv");
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), entries.len());
    for (row, e) in rows.iter().zip(entries) {
        assert_eq!(&row[0], str_of(e, "id"));
        assert_eq!((&row[2], &row[5]), ("exported", str_of(e, "sha256")));
    }
}

/// One altered byte, one deleted file, one added file: `verify` exits 1 and names each.
fn tamper_and_verify(export: &Path, entries: &[Value]) {
    let altered = str_of(&entries[0], "file");
    let deleted = str_of(&entries[1], "file");
    let mut bytes = std::fs::read(export.join(altered)).expect("file");
    bytes[20] ^= 1;
    std::fs::write(export.join(altered), bytes).expect("alter");
    std::fs::remove_file(export.join(deleted)).expect("delete");
    std::fs::write(export.join("notes.txt"), b"mine").expect("add");
    let (code, verdict) = verify_json(export);
    assert_eq!(code, Some(1));
    let mut found = not_ok_checks(&verdict);
    found.sort();
    let mut want = [
        ("altered", altered),
        ("missing", deleted),
        ("unlisted", "notes.txt"),
    ]
    .map(|(v, f)| (v.to_owned(), f.to_owned()));
    want.sort();
    assert_eq!(found, want);
    let o = trawl(
        Path::new("unused"),
        &["verify", export.to_str().expect("utf8")],
    );
    let human = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(human.contains(&format!("altered  {altered}")), "{human}");
    assert!(human.contains(&format!("missing  {deleted}")), "{human}");
    assert!(text(&o.stderr).contains("1 missing, 1 altered, 1 unlisted"));
    assert_eq!(
        verify_into_closed_pipe(export),
        Some(1),
        "a closed pipe hides nothing"
    );
}

/// The exit code of `verify` whose standard output is closed before it writes.
fn verify_into_closed_pipe(export: &Path) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args(["verify", export.to_str().expect("utf8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("trawl runs");
    drop(child.stdout.take());
    child.wait().expect("trawl ends").code()
}

/// An mbox export quotes every `From ` line start (mboxrd), records each message's span and
/// the SHA-256 of its unquoted bytes, verifies, and reads back through `trawl index` as the
/// same documents with the same bytes (a message without a final newline gains one, as an
/// mbox requires); one altered byte is named with its span.
#[test]
fn mbox_export_round_trips() {
    let dir = scratch("mbox");
    let index = samples_index(&dir);
    let export = dir.join("out");
    let to = export.to_str().expect("utf8");
    let o = trawl(
        &index,
        &["export", "--format", "mbox", "--to", to, "kind:email"],
    );
    assert_eq!(o.status.code(), Some(1), "the .msg emails are not exported");
    let m = manifest(&export);
    let mbox = std::fs::read(export.join("export.mbox")).expect("export.mbox");
    let listed = m["messages"].as_array().expect("messages");
    assert_eq!(listed.len(), 51);
    let (skipped, entries): (Vec<&Value>, Vec<&Value>) =
        listed.iter().partition(|e| e["status"] == "skipped");
    assert_eq!(
        skipped.len(),
        2,
        "the Outlook .msg files, which are not RFC 822 text"
    );
    assert!(
        skipped
            .iter()
            .all(|e| str_of(e, "reason").contains("Outlook .msg"))
    );
    for e in &entries {
        let start = u64_of(e, "mbox_offset") as usize;
        let span = &mbox[start..start + u64_of(e, "mbox_length") as usize];
        let raw = trawl::mbox::unquote(span);
        assert_eq!(str_of(e, "sha256"), sha256(&raw));
        assert_eq!(
            &*raw,
            trawl(&index, &["show", "--raw", str_of(e, "id")]).stdout
        );
    }
    let text = text(&mbox);
    assert!(
        text.contains("\n>From here on, the campaign"),
        "a From line of a body, quoted"
    );
    assert!(
        text.contains("\n>>From the archives"),
        "a quoted one, quoted again"
    );
    assert!(
        text.contains("\n>From 2015 to 2017"),
        "the mboxo line that did not split"
    );
    let (code, verdict) = verify_json(&export);
    assert_eq!(code, Some(0), "{verdict}");

    let again = dir.join("again");
    index_paths(&again, &[export.join("export.mbox")]);
    let mut before = hits(&index, "kind:email");
    for e in &skipped {
        before.remove(str_of(e, "id"));
    }
    let after = hits(&again, "kind:email");
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for id in after.keys() {
        let raw = |ix: &Path| trawl(ix, &["show", "--raw", id]).stdout;
        let mut original = raw(&index);
        if !original.ends_with(b"\n") {
            original.push(b'\n');
        }
        assert_eq!(raw(&again), original, "{id} reads back the same");
    }

    let target = &entries[3];
    let mut bytes = mbox.clone();
    bytes[u64_of(target, "mbox_offset") as usize + 5] ^= 1;
    std::fs::write(export.join("export.mbox"), bytes).expect("alter");
    let (code, verdict) = verify_json(&export);
    assert_eq!(code, Some(1));
    let span = verdict["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["verdict"] == "altered" && c["id"] == target["id"])
        .expect("the altered message is named");
    assert_eq!(span["mbox_offset"], target["mbox_offset"]);
}

/// A source changed or removed after indexing is reported (manifest, stderr) instead of
/// written, the rest is exported, the run exits 1; what was written still verifies. Paths
/// from the dump reach stderr sanitized and never name an output file.
#[test]
fn a_changed_or_vanished_source_is_reported_not_written() {
    let dir = scratch("changed");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump");
    let mail = |word: &str| format!("From: a@b.example\nSubject: {word}\n\nwitness {word}\n");
    let evil = dump.join("evil\x1b[2J.eml");
    std::fs::write(&evil, mail("forged")).expect("eml");
    std::fs::write(dump.join("gone.eml"), mail("gone")).expect("eml");
    std::fs::write(dump.join("kept.eml"), mail("kept")).expect("eml");
    let index = dir.join("index");
    index_paths(&index, std::slice::from_ref(&dump));
    std::fs::write(&evil, mail("FORGED")).expect("forge");
    std::fs::remove_file(dump.join("gone.eml")).expect("remove");

    let export = dir.join("out");
    let o = trawl(
        &index,
        &["export", "witness", "--to", export.to_str().expect("utf8")],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(
        err.contains("evil\u{FFFD}[2J.eml") && err.contains("differ"),
        "{err}"
    );
    assert!(err.contains("gone.eml") && err.contains("2 of 3"), "{err}");
    let m = manifest(&export);
    let status: BTreeMap<&str, (&str, Option<&str>)> = m["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|e| {
            (
                str_of(&e["locations"][0], "path"),
                (str_of(e, "status"), e["file"].as_str()),
            )
        })
        .collect();
    let path = |p: &Path| p.to_str().expect("utf8").to_owned();
    assert_eq!(status[path(&evil).as_str()], ("failed", None));
    assert_eq!(status[path(&dump.join("gone.eml")).as_str()].0, "failed");
    assert_eq!(status[path(&dump.join("kept.eml")).as_str()].0, "exported");
    let names = std::fs::read_dir(&export).expect("export").count();
    assert_eq!(names, 3, "one message and the two manifests");
    let (code, verdict) = verify_json(&export);
    assert_eq!(code, Some(0), "{verdict}");
    assert_eq!(u64_of(&verdict["counts"], "not_exported"), 2);
}

/// Articles are exported as their file's bytes, `<id>.<extension>`; an mbox export skips
/// them with the reason, and says so.
#[test]
fn articles_are_files_in_eml_and_skipped_in_mbox() {
    let dir = scratch("articles");
    let page = dir.join("dump/une.HTML");
    std::fs::create_dir_all(page.parent().expect("parent")).expect("dump");
    let html = "<html><head><title>Fuite</title></head><body><p>Publi\u{e9} le 31 juillet \
                2017. La fuite des courriels de campagne, analyse.</p></body></html>\n";
    std::fs::write(&page, html).expect("article");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let eml = dir.join("eml");
    ok(&trawl(
        &index,
        &["export", "fuite", "--to", eml.to_str().expect("utf8")],
    ));
    let entry = manifest(&eml)["messages"][0].clone();
    assert_eq!(str_of(&entry, "kind"), "article");
    assert_eq!(
        str_of(&entry, "file"),
        format!("{}.HTML", str_of(&entry, "id"))
    );
    let written = std::fs::read(eml.join(str_of(&entry, "file"))).expect("written");
    assert_eq!(written, html.as_bytes());

    let mbox = dir.join("mbox");
    let o = trawl(
        &index,
        &[
            "export",
            "fuite",
            "--format",
            "mbox",
            "--to",
            mbox.to_str().expect("utf8"),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("(skipped): an article"),
        "{}",
        text(&o.stderr)
    );
    let entry = manifest(&mbox)["messages"][0].clone();
    assert_eq!(
        (str_of(&entry, "status"), entry["file"].is_null()),
        ("skipped", true)
    );
    assert_eq!(
        std::fs::metadata(mbox.join("export.mbox"))
            .expect("mbox")
            .len(),
        0
    );
}

/// An export goes only into a new or empty directory; a malformed query exits 2 and creates
/// nothing; the state hash is the same for the same index and changes with a commit.
#[test]
fn export_refuses_other_files_and_names_the_index_state() {
    let dir = scratch("refuse");
    let index = samples_index(&dir);
    let full = dir.join("full");
    std::fs::create_dir_all(&full).expect("dir");
    std::fs::write(full.join("case-notes.txt"), b"mine").expect("file");
    let o = trawl(
        &index,
        &["export", "moreau", "--to", full.to_str().expect("utf8")],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("full: the directory is not empty"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read_dir(&full).expect("dir").count(),
        1,
        "nothing written"
    );
    let never = dir.join("never");
    let o = trawl(
        &index,
        &["export", "(moreau", "--to", never.to_str().expect("utf8")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!never.exists());

    let state = |name: &str| {
        let to = dir.join(name);
        ok(&trawl(
            &index,
            &["export", "--to", to.to_str().expect("utf8"), "moreau"],
        ));
        str_of(&manifest(&to)["index"], "state_sha256").to_owned()
    };
    let first = state("one");
    assert_eq!(state("two"), first, "same index, same state");
    let extra = dir.join("extra.eml");
    std::fs::write(&extra, b"From: x@y.example\nSubject: new\n\nnouveau\n").expect("eml");
    index_paths(&index, &[extra]);
    assert_ne!(state("three"), first, "a commit changes the state");
}

/// `batch` gives, line by line, the counts of `count`, the dates of the first and last hits
/// by date, and the top senders of `facets --by from --top 3`; a malformed line is reported
/// in its row and the run goes on, exiting 2; blank lines and comments are skipped.
#[test]
fn batch_agrees_with_count_and_facets() {
    let dir = scratch("batch");
    let index = samples_index(&dir);
    let queries = [
        "moreau",
        "fabre",
        "from:emily.carter@northpoll.example",
        "budget OR facture",
        "zzzznothing",
        "-kind:article campagne",
    ];
    let input = format!(
        "# suspects\n\n{}\n(broken\n  {}  \n",
        queries[..3].join("\n"),
        queries[3..].join("\n")
    );
    let o = trawl_with_input(&index, &["batch", "--json", "-"], input.as_bytes());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("1 of 7 queries"),
        "{}",
        text(&o.stderr)
    );
    let rows: Vec<Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let lines: Vec<u64> = rows.iter().map(|r| u64_of(r, "line")).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(str_of(&rows[3], "query"), "(broken");
    assert!(
        str_of(&rows[3], "error").starts_with("bad query"),
        "{}",
        rows[3]
    );
    assert!(rows[3]["hits"].is_null());
    for (query, row) in queries
        .iter()
        .zip(rows.iter().filter(|r| r["error"].is_null()))
    {
        assert_eq!(str_of(row, "query"), *query);
        assert_row_matches(&index, query, row);
    }
    let csv = trawl(&dir.join("index"), &["batch", "-"]);
    assert_eq!(
        text(&csv.stdout),
        "line,query,hits,first_date,last_date,top_senders,error\n"
    );
}

/// A row as `count`, `search --sort date` and `facets --by from --top 3` give it.
fn assert_row_matches(index: &Path, query: &str, row: &Value) {
    let count: u64 = ok(&trawl(index, &["count", query]))
        .trim()
        .parse()
        .expect("count");
    assert_eq!(u64_of(row, "hits"), count, "{query}");
    let edge = |sort: &str| {
        let first = ok(&trawl(
            index,
            &["search", "--json", "--sort", sort, "--limit", "1", query],
        ));
        first.lines().next().map_or(Value::Null, |l| {
            serde_json::from_str::<Value>(l).expect("json")["date"].clone()
        })
    };
    assert_eq!(
        (&row["first_date"], &row["last_date"]),
        (&edge("date"), &edge("-date")),
        "{query}"
    );
    let facets = ok(&trawl(
        index,
        &["facets", "--json", "--by", "from", "--top", "3", query],
    ));
    let senders: Vec<Value> = facets
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json"))
        .map(|b| serde_json::json!({"address": b["value"], "count": b["count"]}))
        .collect();
    assert_eq!(row["top_senders"], Value::Array(senders), "{query}");
}

/// CSV rows carry the same answers, one row for each of a hundred queries (their speed is
/// measured by `cargo bench --bench batch`).
#[test]
fn batch_csv_answers_a_hundred_queries() {
    let dir = scratch("batch-csv");
    let index = samples_index(&dir);
    let names = [
        "moreau", "fabre", "lambert", "girard", "carter", "budget", "=SUM(A1)", "zzz",
    ];
    let list: Vec<String> = (0..100)
        .map(|i| names[i % names.len()].to_owned())
        .collect();
    let file = dir.join("queries.txt");
    std::fs::write(&file, list.join("\n")).expect("queries");
    let out = ok(&trawl(&index, &["batch", file.to_str().expect("utf8")]));
    let mut csv = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 100);
    let moreau = &rows[0];
    assert_eq!((&moreau[0], &moreau[1]), ("1", "moreau"));
    let count = ok(&trawl(&index, &["count", "moreau"]));
    assert_eq!(&moreau[2], count.trim());
    assert!(
        moreau[5].starts_with("camille.moreau@horizon-commun.example ("),
        "{moreau:?}"
    );
    assert_eq!(
        &rows[6][1], "'=SUM(A1)",
        "a formula from the list is defused"
    );
}

/// The walk-through of docs/GUIDE.md: from a hit to its conversation, a label on the
/// conversation, an export of what carries the label that `verify` accepts, and the graph of
/// those emails.
#[test]
fn an_investigation_from_a_hit_to_a_verified_export_and_its_graph() {
    let dir = scratch("walkthrough");
    let index = samples_index(&dir);
    let run = |args: &[&str]| ok(&trawl(&index, args));
    let hit = run(&[
        "search",
        "--format",
        "ids",
        "--limit",
        "1",
        "subject:RE",
        "salle",
    ]);
    let conversation = json_lines_of(&run(&["thread", "--json", hit.trim()]));
    assert_eq!(
        conversation.len(),
        3,
        "request, answer, answer to the answer"
    );
    let thread = str_of(&conversation[0], "thread").to_owned();
    let said = run(&["tag", "+salle-des-fetes", &format!("thread:{thread}")]);
    assert_eq!(said.trim(), "3 matching, 3 changed: +salle-des-fetes");
    let export = dir.join("case-42");
    run(&[
        "export",
        "tag:salle-des-fetes",
        "--to",
        export.to_str().expect("utf8"),
    ]);
    let exported: BTreeSet<String> = manifest(&export)["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| str_of(m, "id").to_owned())
        .collect();
    let members: BTreeSet<String> = conversation
        .iter()
        .map(|r| str_of(r, "id").to_owned())
        .collect();
    assert_eq!(exported, members);
    let (code, verdict) = verify_json(&export);
    assert_eq!((code, &verdict["ok"]), (Some(0), &Value::Bool(true)));
    let graph = run(&["graph", "tag:salle-des-fetes"]);
    assert_eq!(
        graph.lines().count(),
        4,
        "a header and three sender → recipient pairs: {graph}"
    );
}

fn json_lines_of(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}
