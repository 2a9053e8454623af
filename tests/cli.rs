//! Integration tests: drive the `trawl` binary on real bytes (the bundled seeds, a small dump
//! written here, and the shared corpora) and check what a user would see.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::envelopes::{Counting, Envelopes};
use common::shapes::{self, Hit};
use trawl::mbox::{Blocks, Span, merged_envelope};

use common::{
    assert_sources_add_up, count, index_paths, repo, samples_index, scratch, shared_corpora,
    stdout, trawl,
};

/// The first hit of a `search --json`.
fn first_hit(index: &Path, query: &str) -> serde_json::Value {
    let o = trawl(index, &["search", "--json", query]);
    serde_json::from_str(stdout(&o).lines().next().expect("a hit")).expect("json")
}

fn stats_json(index: &Path) -> serde_json::Value {
    serde_json::from_str(&stdout(&trawl(index, &["stats", "--json"]))).expect("stats json")
}

const MBOX: &[u8] = b"From camille@horizon.example Tue May  2 09:14:03 2017\n\
Message-ID: <one@horizon.example>\nFrom: Camille Moreau <Camille.Moreau@horizon.example>\n\
To: julien@horizon.example\nSubject: Budget de campagne\nDate: Tue, 2 May 2017 09:14:03 +0200\n\n\
Le budget zorglubiste est pret.\n\n>From here on, we win.\n>>From the archives\n\n\
From julien@horizon.example Wed May  3 23:30:00 2017\nMessage-ID: <two@horizon.example>\n\
From: Julien Fabre <julien@horizon.example>\nSubject: =?UTF-8?Q?R=C3=A9union?=\n\
Date: Wed, 3 May 2017 23:30:00 -0400\nContent-Type: text/plain; charset=iso-8859-1\n\n\
La r\xe9union quetzalflan aura lieu.\n";

const DUP: &[u8] =
    b"Message-ID: <two@horizon.example>\nFrom: Julien Fabre <julien@horizon.example>\n\
Subject: =?UTF-8?Q?R=C3=A9union?=\nDate: Wed, 3 May 2017 23:30:00 -0400\n\
Content-Type: text/plain; charset=iso-8859-1\n\nLa r\xe9union quetzalflan aura lieu.\n";

/// A small dump: an mboxrd with two messages, and a maildir copy of the second.
fn small_dump(root: &Path) {
    std::fs::create_dir_all(root.join("maildir/cur")).expect("maildir");
    std::fs::create_dir_all(root.join("maildir/new")).expect("maildir");
    std::fs::create_dir_all(root.join("maildir/tmp")).expect("maildir");
    std::fs::write(root.join("box.mbox"), MBOX).expect("mbox");
    std::fs::write(root.join("maildir/cur/1493716443.M1P1.host:2,S"), DUP).expect("dup");
    std::fs::write(
        root.join("maildir/tmp/1493716443.M2P1.host"),
        b"From: a@b.example\nSubject: x\n\nneverfound\n",
    )
    .expect("tmp");
}

#[test]
fn small_dump_end_to_end() {
    let dir = scratch("small");
    small_dump(&dir.join("dump"));
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    assert_eq!(count(&index, "zorglubiste"), 1);
    assert_eq!(count(&index, "quetzalflan"), 1, "duplicate collapsed");
    assert_eq!(count(&index, "neverfound"), 0, "maildir tmp/ ignored");
    assert_eq!(
        count(&index, "here"),
        1,
        "a From line in a body does not split"
    );
    assert_eq!(count(&index, "RÉUNION"), 1, "case and accents folded");
    assert_eq!(count(&index, "reunion"), 1);
    assert_eq!(count(&index, "from:moreau"), 1);
    assert_eq!(count(&index, "from:camille.moreau@horizon.example"), 1);
    assert_eq!(count(&index, "from:moreau@horizon.example"), 0);
    assert_eq!(
        count(&index, "date:2017-05-04"),
        1,
        "23:30 -0400 is the 4th in UTC"
    );
    assert_eq!(count(&index, "date:2017-05-02..2017-05-03"), 1);
    assert_eq!(count(&index, "date:..2017"), 2);
    assert_eq!(count(&index, "zorglub*"), 1);
    assert_eq!(count(&index, "budget -quetzalflan"), 1);
    assert_eq!(count(&index, "zorglubiste OR quetzalflan"), 2);
    assert_eq!(count(&index, "\"budget zorglubiste\""), 1);
    assert_eq!(count(&index, "id:<two@horizon.example>"), 1);
    assert_eq!(count(&index, "path:maildir"), 1);
    assert_eq!(
        count(&index, "bcc:julien"),
        0,
        "a field empty in the index matches nothing"
    );
    assert_eq!(count(&index, "julien -bcc:julien"), 2);

    let hit = first_hit(&index, "quetzalflan");
    assert_eq!(hit["message_id"], "two@horizon.example");
    assert_eq!(hit["subject"], "Réunion");
    assert_eq!(hit["date"], "2017-05-04T03:30:00Z");
    assert_eq!(hit["from_address"], "julien@horizon.example");
    assert_eq!(hit["paths"].as_array().map(Vec::len), Some(2), "{hit}");
    assert_eq!(
        hit["locations"][0]["offset"],
        MBOX.windows(16)
            .position(|w| w == b"Message-ID: <two")
            .map(|p| p as u64)
            .expect("offset")
    );

    let o = trawl(&index, &["show", "--raw", hit["id"].as_str().expect("id")]);
    assert_eq!(o.stdout, DUP, "show --raw is byte-exact");

    let stats = stats_json(&index);
    assert_eq!(
        (
            stats["emails"].as_u64(),
            stats["occurrences"].as_u64(),
            stats["duplicates"].as_u64()
        ),
        (Some(2), Some(3), Some(1))
    );

    index_paths(&index, &[dir.join("dump")]);
    let stats2 = stats_json(&index);
    assert_eq!(stats, stats2, "indexing twice changes nothing");
}

#[test]
fn mboxrd_quoting_is_undone_by_show_raw() {
    let dir = scratch("rd");
    small_dump(&dir.join("dump"));
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump/box.mbox")]);
    let hit = first_hit(&index, "zorglubiste");
    let raw = trawl(&index, &["show", "--raw", hit["id"].as_str().expect("id")]).stdout;
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("\nFrom here on, we win.\n>From the archives\n"),
        "{text}"
    );
    assert!(text.starts_with("Message-ID: <one@horizon.example>"));
}

#[test]
fn malformed_queries_exit_2_with_one_line() {
    let dir = scratch("bad");
    let index = dir.join("index");
    std::fs::write(
        dir.join("a.eml"),
        b"From: a@b.example\nSubject: s\n\nhello\n",
    )
    .expect("eml");
    index_paths(&index, &[dir.join("a.eml")]);
    for q in ["(hello", "nope:x", "\"open", "date:2017-13"] {
        let o = trawl(&index, &["search", q]);
        assert_eq!(o.status.code(), Some(2), "{q}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr).trim().lines().count(),
            1,
            "{q}"
        );
    }
    for command in ["search", "count", "timeline", "contacts"] {
        let late = trawl(&index, &[command, "hello", "--limit", "1"]);
        assert_eq!(
            late.status.code(),
            Some(2),
            "{command}: a flag after the query"
        );
        let why = match command {
            "search" | "contacts" => {
                "--limit is among the query words: write flags before the query".to_owned()
            }
            _ => format!("`trawl {command}` has no flag --limit"),
        };
        assert!(
            String::from_utf8_lossy(&late.stderr).contains(&why),
            "{command}"
        );
    }
    assert_eq!(
        stdout(&trawl(&index, &["count", "hello", "-nothing"])).trim(),
        "1"
    );
}

#[test]
fn seeds_are_searchable_articles_with_dates() {
    let dir = scratch("seeds");
    let index = dir.join("index");
    index_paths(&index, &[repo("seeds")]);
    assert_eq!(count(&index, "kind:article"), 5);
    assert_eq!(count(&index, "MacronLeaks"), 1);
    assert_eq!(count(&index, "kushner"), 2);
    assert_eq!(count(&index, "ELECTION"), count(&index, "élection"));
    assert_eq!(
        count(&index, "date:2017-07-31"),
        1,
        "Publié le 31 juillet 2017"
    );
    assert_eq!(count(&index, "date:2017-11-14"), 1, "Créé: 14.11.2017");
    let hit = first_hit(&index, "macronleaks");
    assert_eq!(hit["kind"], "article");
    assert!(
        hit["subject"]
            .as_str()
            .is_some_and(|t| t.starts_with("\"MacronLeaks\" : Wikileaks divulgue"))
    );
}

/// Each seed's title is its headline, as a reader would name it: not the breadcrumb before
/// it (000), not the dateline (001), not the date marker of a text with no headline (002).
#[test]
fn seeds_are_titled_by_their_headlines() {
    let dir = scratch("seed-titles");
    let index = dir.join("index");
    index_paths(&index, &[repo("seeds")]);
    let o = trawl(&index, &["search", "--json", "--all", "kind:article"]);
    let titles: std::collections::BTreeMap<String, String> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .map(|hit| {
            let path = hit["paths"][0].as_str().expect("a path");
            let seed = path.rsplit('/').next().expect("a name")[..3].to_owned();
            (seed, hit["subject"].as_str().expect("a title").to_owned())
        })
        .collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    assert_eq!(
        titles["000"],
        "L'étrange correspondance entre Donald Trump Jr et WikiLeaks"
    );
    assert!(
        titles["001"].contains("Trump Jr publie ses emails avec WikiLeaks"),
        "{titles:?}"
    );
    assert!(
        titles["002"].starts_with("C'est une révélation"),
        "{titles:?}"
    );
    assert_eq!(
        titles["003"],
        "Le gendre de Trump, Jared Kushner, a utilisé un serveur d'emails privé à la Maison-Blanche"
    );
    assert!(
        titles["004"].starts_with("\"MacronLeaks\" : Wikileaks divulgue"),
        "{titles:?}"
    );
}

/// Every file of the shared conformance corpora is indexed or reported, nothing panics, and
/// the counts are explained against MANIFEST.tsv, file by file, by
/// tests/fixtures/manifest-differences.tsv.
#[test]
#[ignore = "reads ../shared/corpora, which CI lays beside the clone"]
fn conformance_shared_corpora() {
    let shared = shared_corpora();
    let shared = std::fs::canonicalize(shared).expect("canonical corpora path");
    let dir = scratch("conf");
    let index = dir.join("index");
    let roots = [shared.join("mime-edge"), shared.join("caml-list-fr")];
    index_paths(&index, &roots);
    let files: u64 = roots.iter().map(|r| walkdir_count(r)).sum();
    let stats = stats_json(&index);
    let (sources, skipped) = (
        stats["sources"].as_u64().unwrap_or(0),
        stats["skipped"].as_u64().unwrap_or(0),
    );
    assert_eq!(sources + skipped, files, "every file indexed or reported");
    assert_eq!(stats["failed"].as_u64(), Some(0));
    let ledger = Ledger::read(&index, &shared);
    assert_eq!(
        ledger.raw_text(),
        ["mime-edge/stalwart-mail-parser-eml/resources/eml/malformed/019.eml"],
        "only a fuzzed file has no header line worth keeping"
    );
    explain_manifest(&shared, &ledger);
    explain_envelope_counts(&shared, &ledger);
    assert_sources_add_up(&index);
    let listed = stdout(&trawl(&index, &["failures", "--damaged"]));
    let n = |key: &str| stats[key].as_u64().unwrap_or(0);
    assert_eq!(
        listed.lines().count() as u64,
        skipped + n("damaged") + n("truncated") + n("merged")
    );
    assert!(
        listed.contains("attachment_pdf.eml @ 45 +3772: attachment broken.pdf: unreadable PDF"),
        "an attachment whose text cannot be read is reported with its email"
    );
    assert!(listed.contains("malformed/019.eml @ 0 +2804: no readable header block"));
    let caml = trawl(
        &index,
        &["count", &format!("kind:email path:{}", "caml-list-fr")],
    );
    assert_eq!(
        stdout(&caml).trim(),
        "924",
        "every French message found by its folder"
    );
}

/// What the index ledger says of each source file, keyed by path under the corpora folder.
struct Ledger(serde_json::Map<String, serde_json::Value>);

impl Ledger {
    fn read(index: &Path, shared: &Path) -> Ledger {
        let packed = std::fs::read(index.join("ledger.json.zst")).expect("ledger.json.zst");
        let bytes = zstd::decode_all(packed.as_slice()).expect("zstd ledger");
        let json: serde_json::Value = serde_json::from_slice(&bytes).expect("ledger json");
        let prefix = format!("{}/", shared.display());
        let sources = json["sources"].as_object().expect("sources").iter();
        Ledger(
            sources
                .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_owned(), v.clone())))
                .collect(),
        )
    }

    /// How trawl read a file: (read_as, emails read).
    fn read_as(&self, path: &str) -> (&'static str, u64) {
        match self.0.get(path) {
            None => ("ignored", 0),
            Some(r) if !r["skipped"].is_null() => ("skipped", 0),
            Some(r) if r["articles"].as_u64() == Some(1) => ("article", 0),
            Some(r) => ("mail", r["messages"].as_u64().unwrap_or(0)),
        }
    }

    /// Emails read from files under `folder`.
    fn emails_under(&self, folder: &str) -> u64 {
        let prefix = format!("{folder}/");
        self.0
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|(_, v)| v["messages"].as_u64().unwrap_or(0))
            .sum()
    }

    /// Files with a message reported as probably merged with another.
    fn merged(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(_, v)| v["merged"].as_array().is_some_and(|m| !m.is_empty()))
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// Files whose message had no header worth keeping (indexed as raw text).
    fn raw_text(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(_, v)| {
                v["damaged"].as_array().is_some_and(|d| {
                    d.iter()
                        .any(|p| p["reason"].as_str().is_some_and(|r| r.contains("raw text")))
                })
            })
            .map(|(k, _)| k.as_str())
            .collect()
    }
}

/// Each MANIFEST folder's Python count minus trawl's equals the sum of the fixture rows under
/// it, and each row states what trawl really made of that file.
fn explain_manifest(shared: &Path, ledger: &Ledger) {
    let fixture = std::fs::read_to_string(repo("tests/fixtures/manifest-differences.tsv"))
        .expect("manifest-differences.tsv");
    let rows: Vec<Vec<&str>> = fixture
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    for row in &rows {
        let trawl: u64 = row[2].parse().expect("trawl count");
        assert_eq!(ledger.read_as(row[0]), (row[3], trawl), "{}", row[0]);
    }
    let manifest = std::fs::read_to_string(shared.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    for line in manifest.lines().skip(1) {
        let col: Vec<&str> = line.split('\t').collect();
        let folder = col[0];
        if !(folder.starts_with("mime-edge/") || folder == "caml-list-fr") {
            continue;
        }
        let python: i64 = col[2].parse().expect("python count");
        let explained: i64 = rows
            .iter()
            .filter(|r| r[0].starts_with(&format!("{folder}/")))
            .map(|r| r[1].parse::<i64>().expect("n") - r[2].parse::<i64>().expect("n"))
            .sum();
        let trawl = ledger.emails_under(folder) as i64;
        assert_eq!(python - trawl, explained, "{folder}: {python} vs {trawl}");
    }
}

/// Each file trawl reads as an mbox (a `From ` first line, after any byte-order mark, then a
/// header line) holds as many emails as an independent count of its envelope lines
/// ([`common::envelopes`]), or the file is in tests/fixtures/envelope-differences.tsv, which
/// says which messages differ and why. A message the count finds and trawl does not cut out is
/// reported as `merged`.
fn explain_envelope_counts(shared: &Path, ledger: &Ledger) {
    let fixture = std::fs::read_to_string(repo("tests/fixtures/envelope-differences.tsv"))
        .expect("envelope-differences.tsv");
    let explained: Vec<(&str, u64, u64)> = fixture
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            let col: Vec<&str> = l.split('\t').collect();
            let n = |i: usize| col[i].parse::<u64>().expect("a count");
            (col[0], n(1), n(2))
        })
        .collect();
    let mut differing = Vec::new();
    let mut checked = 0;
    for (path, record) in &ledger.0 {
        let bytes = std::fs::read(shared.join(path)).unwrap_or_default();
        if ledger.read_as(path).0 != "mail" || !read_as_mbox(&bytes) {
            continue;
        }
        checked += 1;
        let (envelopes, emails) = (Envelopes::of(&bytes), record["messages"].as_u64());
        if emails != Some(envelopes) {
            differing.push((path.as_str(), envelopes, emails.unwrap_or(0)));
        }
    }
    assert!(checked > 100, "{checked} mbox files");
    assert_eq!(differing, explained);
    let uncut: Vec<&str> = explained
        .iter()
        .filter(|e| e.2 < e.1)
        .map(|e| e.0)
        .collect();
    assert_eq!(ledger.merged(), uncut, "every uncut envelope is reported");
}

/// What sniffing calls an mbox: a `From ` line first (after any UTF-8 byte-order mark), then
/// a header line.
fn read_as_mbox(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines = bytes.split(|&b| b == b'\n');
    let header = |l: &[u8]| {
        l.iter()
            .position(|&b| b == b':')
            .is_some_and(|c| c > 0 && l[..c].iter().all(|&b| b.is_ascii_graphic()))
    };
    lines.next().is_some_and(|l| l.starts_with(b"From ")) && lines.next().is_some_and(header)
}

/// The 49,992 messages of the linux-pm list in one 540 MB mboxrd, streamed through `xz -dc`:
/// trawl's splitter, reading it block by block as `trawl index` does, finds one message for
/// each envelope line the independent count finds in the same bytes, and no message whose
/// body still holds an envelope.
#[test]
#[ignore = "reads ../shared/corpora, which CI lays beside the clone"]
fn conformance_lore_mbox_splits_at_every_envelope() {
    let shared = shared_corpora();
    let mut xz = Command::new("xz")
        .arg("-dc")
        .arg(shared.join("lore-linux-pm.mbox.xz"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("xz runs");
    let mut counting = Counting::new(xz.stdout.take().expect("xz output"));
    let mut blocks = Blocks::new(&mut counting, Vec::new());
    let (mut messages, mut merged) = (0, 0);
    while let Some(block) = blocks.next_block().expect("xz output read") {
        messages += block.spans.len() as u64;
        let bytes = |s: &Span| &block.bytes[s.offset..s.offset + s.len];
        merged += block
            .spans
            .iter()
            .filter(|s| merged_envelope(bytes(s)).is_some())
            .count();
    }
    drop(blocks);
    assert!(xz.wait().expect("xz ends").success(), "xz -dc");
    assert_eq!(counting.envelopes.finish(), 49_992);
    assert_eq!(messages, 49_992);
    assert_eq!(merged, 0);
}

/// The two archives of real mail (44,755 Enron and 6,046 SpamAssassin messages), unpacked and
/// indexed: no failure, every file indexed or reported, and exactly MANIFEST.tsv's count of
/// messages read, duplicates included (all of them are mail).
#[test]
#[ignore = "reads ../shared/corpora, which CI lays beside the clone"]
fn conformance_enron_and_spamassassin_archives() {
    let shared = shared_corpora();
    let dir = scratch("archives");
    let manifest = std::fs::read_to_string(shared.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    for name in ["enron-inbox-subset", "spamassassin-public-corpus"] {
        let unpacked = Command::new("tar")
            .arg("-xJf")
            .arg(shared.join(format!("{name}.tar.xz")))
            .arg("-C")
            .arg(&dir)
            .status()
            .expect("tar (with xz) runs");
        assert!(unpacked.success(), "unpacking {name}");
        let root = std::fs::canonicalize(dir.join(name)).expect("unpacked");
        let index = dir.join(format!("{name}.index"));
        index_paths(&index, std::slice::from_ref(&root));
        let stats = stats_json(&index);
        let sources =
            stats["sources"].as_u64().unwrap_or(0) + stats["skipped"].as_u64().unwrap_or(0);
        assert_eq!(
            sources,
            walkdir_count(&root),
            "{name}: every file indexed or reported"
        );
        assert_eq!(stats["failed"].as_u64(), Some(0), "{name}");
        let expected: u64 = manifest
            .lines()
            .find(|l| l.starts_with(&format!("{name} (in .tar.xz)")))
            .and_then(|l| l.split('\t').nth(2))
            .and_then(|n| n.parse().ok())
            .expect("a MANIFEST row");
        assert_eq!(stats["occurrences"].as_u64(), Some(expected), "{name}");
        assert_sources_add_up(&index);
        let raw_text = stdout(&trawl(&index, &["failures", "--damaged"]));
        assert!(!raw_text.contains("raw text"), "{name}: {raw_text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn walkdir_count(root: &Path) -> u64 {
    let mut n = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable").flatten() {
            let t = e.file_type().expect("type");
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() && !ignored(&e.path()) {
                n += 1;
            }
        }
    }
    n
}

/// Files trawl leaves out by design: maildir tmp/ and mail-store metadata.
fn ignored(p: &Path) -> bool {
    let in_tmp = p
        .parent()
        .and_then(|d| d.file_name())
        .is_some_and(|n| n == "tmp")
        && p.parent()
            .and_then(Path::parent)
            .is_some_and(|f| f.join("cur").is_dir() || f.join("new").is_dir());
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    in_tmp
        || [
            "maildirfolder",
            ".DS_Store",
            ".mbsyncstate",
            ".uidvalidity",
            "dovecot-uidlist",
            ".mh_sequences",
        ]
        .contains(&name)
}

/// Splits the `paths` column: commas also occur inside maildir names (`:2,S`), so a new path
/// starts only at a comma followed by a top-level sample folder.
fn sample_paths(column: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in column.split(',') {
        let starts_path = ["mbox/", "maildir/", "eml/", "misc/", "stores/", "archives/"]
            .iter()
            .any(|p| piece.starts_with(p));
        match out.last_mut() {
            Some(last) if !starts_path => {
                last.push(',');
                last.push_str(piece);
            }
            _ => out.push(piece.to_owned()),
        }
    }
    out
}

/// Every unique word of corpus-samples/expected.tsv finds exactly its message, with the right
/// Message-ID, sender, subject, UTC date and every location; `absent` words find nothing.
#[test]
fn corpus_samples_match_expected_tsv() {
    let samples = repo("corpus-samples");
    let dir = scratch("samples");
    let index = samples_index(&dir);
    let tsv = std::fs::read_to_string(samples.join("expected.tsv")).expect("expected.tsv");
    for line in tsv.lines().skip(1) {
        let col: Vec<&str> = line.split('\t').collect();
        let (word, kind) = (col[0], col[1]);
        if kind == "absent" {
            assert_eq!(count(&index, word), 0, "{word} must not be found");
            continue;
        }
        let word = &format!("-kind:attachment {word}");
        assert_eq!(count(&index, word), 1, "{word}");
        let hit = first_hit(&index, word);
        let null_if_empty = |s: &str| {
            if s.is_empty() || s == "null" {
                serde_json::Value::Null
            } else {
                s.into()
            }
        };
        assert_eq!(
            hit["message_id"],
            null_if_empty(col[3]),
            "{word} message_id"
        );
        assert_eq!(hit["from_address"], null_if_empty(col[4]), "{word} from");
        assert_eq!(hit["subject"], null_if_empty(col[5]), "{word} subject");
        assert_eq!(hit["date"], null_if_empty(col[6]), "{word} date");
        let mut expected: Vec<String> = sample_paths(col[2])
            .iter()
            .map(|p| {
                let (disk, member) = p
                    .split_once("!/")
                    .map_or((p.as_str(), None), |(d, m)| (d, Some(m)));
                let disk = std::fs::canonicalize(samples.join(disk)).expect("path exists");
                let disk = disk.to_string_lossy();
                member.map_or_else(|| disk.clone().into_owned(), |m| format!("{disk}!/{m}"))
            })
            .collect();
        let mut got: Vec<String> = hit["paths"]
            .as_array()
            .expect("paths")
            .iter()
            .filter_map(|p| p.as_str().map(String::from))
            .collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "{word} paths");
    }
    let reply = first_hit(&index, "id:20170511170344.8831@horizon-commun.example");
    assert_eq!(
        reply["in_reply_to"],
        "D4F2A1B7C3E8.5A1@mairie-valbonne.example"
    );
    assert_eq!(
        reply["references"],
        serde_json::json!([
            "20170510100500.5512@horizon-commun.example",
            "D4F2A1B7C3E8.5A1@mairie-valbonne.example"
        ])
    );
    let stats = stats_json(&index);
    let counts = ["occurrences", "emails", "duplicates"].map(|k| stats[k].as_u64());
    assert_eq!(
        counts,
        [Some(53), Some(51), Some(2)],
        "55 copies in the README, less the two in maildir tmp/"
    );
    assert_eq!(
        stats["skipped"].as_u64(),
        Some(4),
        "empty.eml, logo.png, its copy in a zip, the tmp/ message of the tar.gz's maildir"
    );
    assert_sources_add_up(&index);
    let failures = stdout(&trawl(&index, &["failures", "--json"]));
    let listed: Vec<serde_json::Value> = failures
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let names: Vec<&str> = listed
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .and_then(|p| p.rsplit('/').next())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        names,
        [
            "1497164400.M3P5120.laptop",
            "logo.png",
            "empty.eml",
            "logo.png"
        ]
    );
    assert!(
        listed
            .iter()
            .all(|f| f["kind"] == "skipped" && f["reason"].is_string())
    );
}

/// The progress bar (messages/s, bytes/s) is drawn on a terminal and never into a pipe.
#[test]
fn progress_is_drawn_only_on_a_terminal() {
    let dir = scratch("progress");
    let samples = repo("corpus-samples/mbox");
    let piped = trawl(
        &dir.join("piped"),
        &["index", samples.to_str().expect("utf8")],
    );
    assert!(piped.status.success());
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("msg/s"));
    let command = format!(
        "{} --index {} index {}",
        env!("CARGO_BIN_EXE_trawl"),
        dir.join("tty").display(),
        samples.display()
    );
    // util-linux `script` runs the command on a pseudo-terminal and copies what it drew.
    let tty = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs");
    let drawn = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{drawn}");
    assert!(drawn.contains("msg/s") && drawn.contains("B/s"), "{drawn}");
}

/// A copy found in a later run joins the document written by an earlier run, and a third copy
/// in the same run as the second joins it too; nothing is counted twice on a re-run.
#[test]
fn duplicates_across_runs_collect_every_location() {
    let dir = scratch("dup-runs");
    small_dump(&dir.join("dump"));
    std::fs::write(dir.join("dump/copy.eml"), DUP).expect("third copy");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump/box.mbox")]);
    index_paths(
        &index,
        &[dir.join("dump/maildir"), dir.join("dump/copy.eml")],
    );
    let hit = first_hit(&index, "quetzalflan");
    assert_eq!(hit["paths"].as_array().map(Vec::len), Some(3), "{hit}");
    index_paths(&index, &[dir.join("dump")]);
    let stats = stats_json(&index);
    assert_eq!(
        ["emails", "occurrences", "duplicates"].map(|k| stats[k].as_u64()),
        [Some(2), Some(4), Some(2)]
    );
    assert_sources_add_up(&index);
    assert_eq!(count(&index, "quetzalflan"), 1);
}

/// `--threads` and `--memory` set the writer; a budget too small for the threads is a usage
/// error (exit 2, one line), and the index built with other settings answers the same.
#[test]
fn index_threads_and_memory_flags() {
    let dir = scratch("flags");
    small_dump(&dir.join("dump"));
    let dump = dir.join("dump");
    let dump = dump.to_str().expect("utf8");
    let refused = trawl(
        &dir.join("a"),
        &["index", "--threads", "4", "--memory", "40", dump],
    );
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--memory 40") && err.trim().lines().count() == 1,
        "{err}"
    );
    let ok = trawl(
        &dir.join("b"),
        &["index", "--threads", "1", "--memory", "16", dump],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(count(&dir.join("b"), "zorglubiste OR quetzalflan"), 2);
}

/// An mbox larger than a read block (4 MiB) is streamed: every message is found, with the
/// right offsets, including the ones that straddle a block boundary.
#[test]
fn large_mbox_is_streamed_without_losing_a_message() {
    let dir = scratch("large-mbox");
    let filler = "Le budget de la campagne avance bien. ".repeat(100);
    let mut mbox = Vec::new();
    let mut offsets = Vec::new();
    for n in 0..2500 {
        mbox.extend_from_slice(b"From moreau@horizon.example Tue May  2 09:14:03 2017\n");
        offsets.push(mbox.len());
        let message = format!(
            "Message-ID: <m{n}@horizon.example>\nSubject: note {n}\n\nmot{n}unique\n{filler}\n"
        );
        mbox.extend_from_slice(message.as_bytes());
        mbox.push(b'\n');
    }
    assert!(mbox.len() > 2 * 4 * 1024 * 1024, "spans several blocks");
    std::fs::write(dir.join("big.mbox"), &mbox).expect("mbox");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("big.mbox")]);
    let o = trawl(
        &index,
        &["search", "--json", "--limit", "3000", "subject:note"],
    );
    let mut seen = vec![false; offsets.len()];
    for line in stdout(&o).lines() {
        let hit: serde_json::Value = serde_json::from_str(line).expect("json");
        let subject = hit["subject"].as_str().expect("subject");
        let n: usize = subject.trim_start_matches("note ").parse().expect("number");
        assert_eq!(
            hit["locations"][0]["offset"], offsets[n] as u64,
            "message {n}"
        );
        seen[n] = true;
    }
    assert!(seen.iter().all(|&s| s), "every message found");
    let block = 4 * 1024 * 1024;
    let straddling = offsets.iter().position(|&o| o > block).expect("a boundary") - 1;
    let hit = first_hit(&index, &format!("mot{straddling}unique"));
    let raw = trawl(&index, &["show", "--raw", hit["id"].as_str().expect("id")]).stdout;
    let end = offsets[straddling + 1]
        - "From moreau@horizon.example Tue May  2 09:14:03 2017\n".len()
        - 1;
    assert_eq!(
        raw,
        &mbox[offsets[straddling]..end],
        "byte-exact across the boundary"
    );
}

/// While a run holds the writer lock, a second `trawl index` is refused with the holder's pid,
/// searches read the last commit, and once the lock is released indexing works again.
#[test]
fn a_second_index_run_names_the_holder_and_search_still_works() {
    let dir = scratch("lock");
    small_dump(&dir.join("dump"));
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let store = trawl::index::Store::open(&index).expect("store");
    let limits = trawl::limits::Limits::default();
    let dkim = std::sync::Arc::new(trawl::dkim::Verifier::default());
    let sink =
        trawl::ingest::sink::Sink::new(&store, 1, 16 << 20, limits, dkim).expect("writer lock");
    let dump = dir.join("dump");
    let refused = trawl(&index, &["index", "--rescan", dump.to_str().expect("utf8")]);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    let holder = format!("locked by pid {}", std::process::id());
    assert!(
        err.contains(&holder) && err.trim().lines().count() == 1,
        "{err}"
    );
    assert_eq!(
        count(&index, "zorglubiste"),
        1,
        "search reads the last commit"
    );
    drop(sink);
    assert!(!index.join("index.pid").exists(), "the holder is forgotten");
    index_paths(&index, &[dump]);
}

/// An index written by an incompatible trawl is refused with "re-index needed", never misread.
#[test]
fn an_incompatible_index_is_refused() {
    let dir = scratch("schema");
    let index = dir.join("index");
    index_paths(&index, &[repo("seeds")]);
    let meta = index.join("trawl.json");
    let text = std::fs::read_to_string(&meta).expect("trawl.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("trawl.json is JSON");
    let version = json["schema_version"].as_u64().expect("schema_version");
    let bumped = text.replace(
        &format!("\"schema_version\": {version}"),
        "\"schema_version\": 999",
    );
    assert_ne!(text, bumped, "the test must change the version");
    std::fs::write(&meta, bumped).expect("write");
    for args in [&["count", "macronleaks"][..], &["index", "seeds"]] {
        let o = trawl(&index, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("re-index needed"), "{err}");
    }
}

/// Escape sequences and bidi overrides from a dump never reach the terminal: not in search
/// results, not in `show`, not in `stats`' problem lists; JSON escapes them.
#[test]
fn hostile_content_is_neutralised_before_the_terminal() {
    let dir = scratch("hostile");
    let evil = "From: \"Eve \x1b[2J\x1b]0;pwned\x07\" <eve@x.example>\n\
        Subject: invoice \u{202e}fdp.exe \x1b[31mred\n\
        Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n\
        hostilemot \x1b[1mbold\x1b[0m \u{9b}31m\n--b\n\
        Content-Type: application/pdf; name=\"../../\x1b[2Jetc/passwd\"\n\n%PDF\n--b--\n";
    std::fs::write(dir.join("evil.eml"), evil).expect("eml");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("evil.eml")]);
    let human = stdout(&trawl(&index, &["search", "hostilemot"]));
    let hit = first_hit(&index, "hostilemot");
    let shown = stdout(&trawl(&index, &["show", hit["id"].as_str().expect("id")]));
    for out in [&human, &shown] {
        assert!(out.contains("hostilemot"), "{out}");
        for bad in ['\x1b', '\x07', '\u{9b}', '\u{202e}'] {
            assert!(!out.contains(bad), "{bad:?} reached the terminal: {out:?}");
        }
    }
    let json = stdout(&trawl(&index, &["search", "--json", "hostilemot"]));
    assert!(json.contains("\\u001b") && !json.contains('\x1b'), "{json}");
    assert!(
        !dir.join("etc").exists(),
        "attachment names are never used as paths"
    );
}

/// Writes `dir/box.mbox`: `messages` messages of about 1.6 KB, each with the subject
/// `note N`, and returns its path.
fn numbered_mbox(dir: &Path, messages: u64) -> PathBuf {
    let filler = "Le budget de la campagne avance bien. ".repeat(40);
    let mut mbox = String::new();
    for n in 0..messages {
        mbox.push_str("From moreau@horizon.example Tue May  2 09:14:03 2017\n");
        mbox.push_str(&format!(
            "Message-ID: <n{n}@horizon.example>\nSubject: note {n}\n\n{filler}\n\n"
        ));
    }
    let path = dir.join("box.mbox");
    std::fs::write(&path, mbox).expect("mbox");
    path
}

/// Starts `trawl index source` in the background, output discarded.
fn spawn_index(index: &Path, source: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_trawl"))
        .arg("--index")
        .arg(index)
        .arg("index")
        .arg(source)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("trawl starts")
}

/// `kill -9` at any moment of a run leaves an index that opens, and the next run completes it:
/// every message exactly once, no partial document, counts exact.
#[test]
fn a_killed_run_is_completed_by_the_next() {
    let dir = scratch("crash");
    let source = numbered_mbox(&dir, 4000);
    for (round, delay_ms) in [5u64, 40, 120, 250].into_iter().enumerate() {
        let index = dir.join(format!("index{round}"));
        let mut child = spawn_index(&index, &source);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        index_paths(&index, std::slice::from_ref(&source));
        assert_eq!(
            count(&index, "subject:note"),
            4000,
            "killed after {delay_ms} ms"
        );
        let stats = stats_json(&index);
        assert_eq!(
            ["emails", "occurrences", "duplicates"].map(|k| stats[k].as_u64()),
            [Some(4000), Some(4000), Some(0)],
            "killed after {delay_ms} ms"
        );
    }
}

/// Ctrl-C stops a run cleanly: exit 130, what was read is committed and counted consistently,
/// and running the same command again finishes the job. The mailbox is far larger than what
/// the pipeline holds in flight (a few 4 MiB batches), so the signal lands while reading.
#[test]
fn ctrl_c_commits_what_was_read() {
    const MESSAGES: u64 = 30_000;
    let dir = scratch("sigint");
    let source = numbered_mbox(&dir, MESSAGES);
    let mut interrupted = 0;
    for (round, delay_ms) in [150u64, 400].into_iter().enumerate() {
        let index = dir.join(format!("index{round}"));
        let child = spawn_index(&index, &source);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SAFETY: kill(2) on our own child's pid, with a valid signal number.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let status = child.wait_with_output().expect("waited").status;
        if status.code() == Some(130) {
            interrupted += 1;
            let stats = stats_json(&index);
            let committed = count(&index, "subject:note");
            assert!(committed < MESSAGES, "stopped before the end");
            assert_eq!(stats["emails"].as_u64(), Some(committed));
            assert_eq!(stats["occurrences"].as_u64(), Some(committed));
        }
        index_paths(&index, std::slice::from_ref(&source));
        assert_eq!(
            count(&index, "subject:note"),
            MESSAGES,
            "after {delay_ms} ms"
        );
    }
    assert!(interrupted > 0, "no run was caught mid-way");
}

/// Evidence is exact: once a source's bytes change, `show` refuses to present the document as
/// what was indexed, and says where.
#[test]
fn show_refuses_a_source_that_changed() {
    let dir = scratch("changed");
    let eml = dir.join("a.eml");
    std::fs::write(&eml, b"From: a@b.example\nSubject: s\n\noriginal words\n").expect("eml");
    let index = dir.join("index");
    index_paths(&index, std::slice::from_ref(&eml));
    let id = first_hit(&index, "original")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    std::fs::write(&eml, b"From: a@b.example\nSubject: s\n\nforged!! words\n").expect("forge");
    let o = trawl(&index, &["show", &id]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a.eml") && err.contains("differ"), "{err}");
}

/// Past a limit a message is indexed with what was read, and the truncation is recorded:
/// counted in `stats`, listed by `failures --damaged` with the message's location.
#[test]
fn limits_truncate_and_record_never_drop() {
    let dir = scratch("limits");
    let text = format!(
        "From: a@b.example\nSubject: long note\n\nbeginword {} endword\n",
        "filler ".repeat(300_000)
    );
    std::fs::write(dir.join("long.eml"), &text).expect("eml");
    let index = dir.join("index");
    let eml = dir.join("long.eml");
    let o = trawl(
        &index,
        &["index", "--max-text-size", "1", eml.to_str().expect("utf8")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(count(&index, "beginword"), 1);
    assert_eq!(count(&index, "endword"), 0, "past the 1 MB text limit");
    assert_eq!(count(&index, "subject:long"), 1);
    assert_eq!(stats_json(&index)["truncated"].as_u64(), Some(1));
    let listed = stdout(&trawl(&index, &["failures", "--damaged"]));
    assert!(
        listed.starts_with("truncated") && listed.contains("long.eml @ 0 +"),
        "{listed}"
    );
    let refused = trawl(&index, &["index", "--max-mime-depth", "0", "x"]);
    assert_eq!(refused.status.code(), Some(2), "limits are validated");
}

/// A second run reads only what changed: unchanged files are not read again, an mbox that grew
/// is read again (its new message found, the others already indexed), a removed file is
/// reported; `--rescan` reads everything again.
#[test]
fn rerun_reads_only_new_or_changed_files() {
    let dir = scratch("rerun");
    small_dump(&dir.join("dump"));
    let index = dir.join("index");
    let dump = dir.join("dump");
    let dump_arg = dump.to_str().expect("utf8");
    index_paths(&index, std::slice::from_ref(&dump));
    let again = stdout(&trawl(&index, &["index", dump_arg]));
    assert!(again.contains("unchanged files: 2"), "{again}");
    assert!(again.contains("emails read:     0"), "{again}");
    let mut grown = MBOX.to_vec();
    grown.extend_from_slice(
        b"\nFrom c@horizon.example Thu May  4 10:00:00 2017\nMessage-ID: <three@horizon.example>\n\
          Subject: appended\n\nvolapukwort\n",
    );
    std::fs::write(dump.join("box.mbox"), grown).expect("append");
    std::fs::remove_file(dump.join("maildir/cur/1493716443.M1P1.host:2,S")).expect("remove");
    let o = trawl(&index, &["index", dump_arg]);
    let (out, err) = (stdout(&o), String::from_utf8_lossy(&o.stderr).into_owned());
    assert!(
        out.contains("emails read:     3") && out.contains("new unique:      1"),
        "{out}"
    );
    assert!(
        out.contains("removed files:   1") && err.contains("removed "),
        "{out}{err}"
    );
    assert_eq!(count(&index, "volapukwort"), 1);
    assert_eq!(count(&index, "kind:email"), 3);
    let rescan = stdout(&trawl(&index, &["index", "--rescan", dump_arg]));
    assert!(rescan.contains("unchanged files: 0") && rescan.contains("emails read:     3"));
}

/// One mbox message: envelope line, Message-ID `<id@horizon.example>`, `word` in the body.
fn mbox_message(id: &str, word: &str) -> String {
    format!(
        "From a@horizon.example Tue May  2 09:14:03 2017\nMessage-ID: <{id}@horizon.example>\n\
         From: a@horizon.example\nSubject: {id}\n\n{word}\n\n"
    )
}

/// A file changed in the middle or removed loses the locations it no longer holds: messages
/// that moved are found at their new offsets (and `show` reads them there), a message gone
/// from every source leaves the index, a copy elsewhere keeps its document, and every count
/// still adds up per source.
#[test]
fn changed_and_removed_sources_drop_gone_locations() {
    let dir = scratch("stale");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump");
    let msg = |id: &str, word: &str| mbox_message(id, word);
    let mbox = dump.join("a.mbox");
    std::fs::write(
        &mbox,
        [
            msg("a", "alphaword"),
            msg("b", "betaword"),
            msg("c", "gammaword"),
        ]
        .concat(),
    )
    .expect("mbox");
    let copy_of_b = msg("b", "betaword");
    let copy_of_b = copy_of_b.split_once('\n').map_or("", |(_, rest)| rest);
    std::fs::write(
        dump.join("copy.eml"),
        copy_of_b.trim_end().to_owned() + "\n",
    )
    .expect("eml");
    std::fs::write(
        dump.join("solo.eml"),
        "Message-ID: <d@x>\nSubject: d\n\ndeltaword\n",
    )
    .expect("solo");
    let index = dir.join("index");
    index_paths(&index, std::slice::from_ref(&dump));
    assert_eq!(count(&index, "kind:email"), 4);
    assert_eq!(
        first_hit(&index, "betaword")["paths"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    std::fs::write(
        &mbox,
        [
            msg("e", "epsilonword"),
            msg("a", "alphaword"),
            msg("c", "gammaword"),
        ]
        .concat(),
    )
    .expect("rewrite");
    std::fs::remove_file(dump.join("solo.eml")).expect("remove");
    let o = trawl(&index, &["index", dump.to_str().expect("utf8")]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("removed files:   1"), "{out}");
    assert!(out.contains("dropped:         1"), "{out}");
    assert!(
        out.contains("new unique:      1") && out.contains("duplicates:      0"),
        "{out}"
    );

    assert_eq!(count(&index, "kind:email"), 4, "a, b, c and e");
    assert_eq!(count(&index, "deltaword"), 0, "gone from every source");
    let b = first_hit(&index, "betaword");
    let paths: Vec<&str> = b["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(paths.len() == 1 && paths[0].ends_with("copy.eml"), "{b}");
    for word in ["alphaword", "gammaword", "epsilonword"] {
        let hit = first_hit(&index, word);
        assert_eq!(hit["locations"].as_array().map(Vec::len), Some(1), "{hit}");
        let shown = trawl(&index, &["show", hit["id"].as_str().expect("id")]);
        assert!(
            shown.status.success() && stdout(&shown).contains(word),
            "{hit}"
        );
    }
    assert_sources_add_up(&index);
    let stats = stats_json(&index);
    assert_eq!(
        ["emails", "occurrences", "duplicates"].map(|k| stats[k].as_u64()),
        [Some(4), Some(4), Some(0)],
        "{stats}"
    );
    let again = stdout(&trawl(
        &index,
        &["index", "--rescan", dump.to_str().expect("utf8")],
    ));
    assert!(
        again.contains("already indexed: 4") && !again.contains("dropped"),
        "{again}"
    );
}

/// Runs `script` with `sh` in private user and mount namespaces, where it may mount a small
/// tmpfs; fails, saying so, where this system does not allow that.
fn in_mount_namespace(script: &str) -> Output {
    let probe = Command::new("unshare").args(["-rm", "true"]).output();
    assert!(
        probe.is_ok_and(|o| o.status.success()),
        "`unshare -rm true` fails: this test needs user and mount namespaces (util-linux unshare)"
    );
    Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .output()
        .expect("unshare runs")
}

/// A full disk, then a read-only one, stop `trawl index` with a clear error that names the
/// index, and the index answers exactly as before; the next run on a writable disk removes
/// the failed run's partial files and completes.
#[test]
#[ignore = "mounts a 1 MB tmpfs under `unshare -rm`: needs user and mount namespaces, as in CI"]
fn a_full_or_read_only_disk_leaves_the_index_as_it_was() {
    let dir = scratch("full");
    let mnt = dir.join("mnt");
    std::fs::create_dir_all(&mnt).expect("mount point");
    let big = numbered_mbox(&dir, 20_000);
    let script = format!(
        "set -u\n\
         mount -t tmpfs -o size=1m tmpfs {mnt}\n\
         t() {{ {bin} --index {mnt}/ix \"$@\"; echo \"rc=$?\"; }}\n\
         t index {small} >/dev/null\n\
         t count kind:email\n\
         t index {big}\n\
         t count kind:email\n\
         echo \"files=$(ls {mnt}/ix | wc -l)\"\n\
         mount -o remount,ro {mnt}\n\
         t index --rescan {small}\n\
         t count kind:email\n\
         mount -o remount,rw,size=64m {mnt}\n\
         t index --rescan {small} >/dev/null\n\
         echo \"files=$(ls {mnt}/ix | wc -l)\"\n\
         t index {big} >/dev/null\n\
         t count kind:email\n",
        mnt = mnt.display(),
        bin = env!("CARGO_BIN_EXE_trawl"),
        small = repo("corpus-samples/mbox").display(),
        big = big.display(),
    );
    let o = in_mount_namespace(&script);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 12, "{out}{err}");
    let before = lines[0];
    assert_eq!(lines[1], "rc=0", "{out}{err}");
    assert_eq!(lines[2], "rc=1", "the full disk fails the run: {out}{err}");
    assert_eq!(
        (lines[3], lines[4]),
        (before, "rc=0"),
        "unchanged: {out}{err}"
    );
    assert!(
        err.contains("the disk is full: nothing of this run was committed"),
        "{err}"
    );
    assert_eq!(lines[6], "rc=1", "read-only: {out}{err}");
    assert!(err.contains("read-only file system"), "{err}");
    assert_eq!(
        (lines[7], lines[8]),
        (before, "rc=0"),
        "still searchable: {out}{err}"
    );
    let files = |line: &str| {
        line.strip_prefix("files=")
            .and_then(|n| n.parse::<u64>().ok())
    };
    assert!(
        files(lines[9]) < files(lines[5]),
        "partial files removed: {out}"
    );
    assert_eq!(lines[11], "rc=0", "{out}{err}");
    let total: u64 = lines[10].parse().expect("a count");
    assert_eq!(total, before.parse::<u64>().expect("a count") + 20_000);
}

/// A dump whose folders, MIME types, domains and sizes are known: two maildir folders, an mbox
/// and a loose .eml (see `labels_and_sizes_are_searchable`).
fn labelled_dump(root: &Path) {
    let plain = |from: &str, to: &str, id: &str, body: &str| {
        format!("From: {from}\nTo: {to}\nMessage-ID: <{id}@t>\nSubject: {id}\n\n{body}\n")
    };
    let attached = |from: &str, to: &str, id: &str, mime: &str, name: &str| {
        format!(
            "From: {from}\nTo: {to}\nMessage-ID: <{id}@t>\nSubject: {id}\n\
             Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n\
             see attached\n--b\nContent-Type: {mime}; name={name}\n\
             Content-Transfer-Encoding: base64\n\nAAAA\n--b--\n"
        )
    };
    let files = [
        (
            "maildir/Inbox/cur/1.x:2,S",
            plain("a@alpha.example", "b@beta.example", "m1", "one"),
        ),
        (
            "maildir/Inbox/new/2.x",
            attached(
                "c@gamma.example",
                "a@alpha.example",
                "m2",
                "application/pdf",
                "r.pdf",
            ),
        ),
        (
            "maildir/Sent/cur/3.x:2,S",
            "From: a@alpha.example\nTo: d@beta.example\nCc: e@delta.example\n\
             Message-ID: <m3@t>\nSubject: m3\n\
             Content-Type: multipart/alternative; boundary=b\n\n--b\n\
             Content-Type: text/plain\n\nthree\n--b\nContent-Type: text/html\n\n\
             <p>three</p>\n--b--\n"
                .to_owned(),
        ),
        (
            "archive.mbox",
            format!(
                "From f@gamma.example Tue May  2 09:14:03 2017\n{}\n\
                 From a@alpha.example Tue May  2 09:14:03 2017\n{}\n",
                attached(
                    "f@gamma.example",
                    "g@epsilon.example",
                    "m4",
                    "image/png",
                    "p.png"
                ),
                plain(
                    "a@alpha.example",
                    "b@beta.example",
                    "m5",
                    &"padding ".repeat(512)
                ),
            ),
        ),
        (
            "loose/note.eml",
            plain("g@epsilon.example", "h@zeta.example", "m6", "six"),
        ),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }
}

/// folder:, has:attachment, mimetype:, domain: and size: ranges give exact counts on a dump
/// whose truth is known, and on the bundled samples.
#[test]
fn labels_and_sizes_are_searchable() {
    let dir = scratch("labels");
    labelled_dump(&dir.join("dump"));
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let expected = [
        ("folder:inbox", 2),
        ("folder:Sent", 1),
        ("folder:archive", 2),
        ("folder:loose", 1),
        ("folder:in*", 2),
        ("has:attachment", 2),
        ("has:attachment folder:inbox", 1),
        ("mimetype:application/pdf", 1),
        ("mimetype:text/html", 1),
        ("mimetype:text/plain", 6),
        ("mimetype:multipart/mixed", 2),
        ("mimetype:image/*", 1),
        ("domain:alpha.example", 4),
        ("domain:beta.example", 3),
        ("domain:gamma.example", 2),
        ("domain:epsilon.example", 2),
        ("domain:delta.example", 1),
        ("size:3k..", 1),
        ("size:..3k", 5),
        ("size:1..1G -has:attachment", 4),
    ];
    for (query, n) in expected {
        assert_eq!(count(&index, &format!("kind:email {query}")), n, "{query}");
    }
    assert_eq!(
        count(&index, "kind:attachment"),
        1,
        "one distinct file attached"
    );
    assert_eq!(
        count(&index, "kind:attachment folder:inbox"),
        1,
        "found in its email's folder"
    );
    let samples = dir.join("samples");
    index_paths(&samples, &[repo("corpus-samples")]);
    assert_eq!(
        count(&samples, "kind:email folder:camille"),
        5,
        "maildir Camille, cur and new"
    );
    assert_eq!(
        count(&samples, "kind:email mimetype:application/pdf"),
        4,
        "budget-previsionnel-v3.eml, pieces-jointes-bureau.eml, the PDF part Apple Mail left empty in 4102.partial.emlx, and the PST's quote"
    );
    assert_eq!(
        count(&samples, "kind:attachment mimetype:application/pdf"),
        4,
        "their four distinct PDF files"
    );
}

/// A prefix finds every word it starts, however many there are (tantivy's prefix query stops
/// at 50 by default), alone, after another word (`x-zq*`) and on an exact field.
#[test]
fn prefixes_expand_to_every_word() {
    let dir = scratch("prefix");
    let mut mbox = String::new();
    for n in 0..120 {
        mbox.push_str(&format!(
            "From a@x.example Tue May  2 09:14:03 2017\nFrom: a@x.example\n\
             Message-ID: <p{n}@x.example>\nSubject: zq{n:04}\n\nref x-zq{n:04}\n\n"
        ));
    }
    std::fs::create_dir_all(dir.join("dump")).expect("dump");
    std::fs::write(dir.join("dump/box.mbox"), mbox).expect("mbox");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    assert_eq!(count(&index, "zq*"), 120);
    assert_eq!(count(&index, "subject:zq00*"), 100);
    assert_eq!(count(&index, "x-zq*"), 120);
    assert_eq!(count(&index, "id:p1*"), 31, "p1, p10..p19, p100..p119");
}

/// `search` sorts by sender and size, streams every hit with `--all`, and writes JSON lines
/// with `"v":1`, CSV with a header row, ids and paths; a closed pipe ends it quietly.
#[test]
fn search_sorts_streams_and_formats() {
    let dir = scratch("formats");
    labelled_dump(&dir.join("dump"));
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let lines = |args: &[&str]| -> Vec<String> {
        let o = trawl(&index, args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        stdout(&o).lines().map(str::to_owned).collect()
    };
    let json = |args: &[&str]| -> Vec<Hit> { shapes::lines(&lines(args).join("\n")) };
    let all = json(&["search", "--json", "--all", "kind:email"]);
    assert_eq!(all.len(), 6, "--all ignores --limit's default");
    assert!(all.iter().all(|h| h.v == 1), "versioned JSON");
    let senders = |sort: &str| -> Vec<String> {
        json(&["search", "--json", "--all", "--sort", sort, "kind:email"])
            .into_iter()
            .map(|h| h.from_address.unwrap_or_default())
            .collect()
    };
    let ascending = senders("sender");
    assert_eq!(
        ascending.first().map(String::as_str),
        Some("a@alpha.example")
    );
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    assert_eq!(
        senders("-sender").first().map(String::as_str),
        Some("g@epsilon.example")
    );
    let sizes = |sort: &str| -> Vec<u64> {
        json(&["search", "--json", "--all", "--sort", sort, "kind:email"])
            .iter()
            .map(|h| h.locations[0].length)
            .collect()
    };
    assert!(sizes("size").windows(2).all(|w| w[0] <= w[1]));
    let largest = json(&[
        "search",
        "--json",
        "--sort",
        "-size",
        "--limit",
        "1",
        "kind:email",
    ]);
    assert_eq!(
        largest[0].subject.as_deref(),
        Some("m5"),
        "the padded message"
    );
    let padded = &json(&["search", "--json", "Padding"])[0];
    let snippet: Vec<char> = padded.snippet.chars().collect();
    assert!(!padded.highlights.is_empty(), "{padded:?}");
    for &[start, end] in &padded.highlights {
        let word: String = snippet[start..end].iter().collect();
        assert_eq!(word, "padding", "{padded:?}");
    }
    assert_eq!(
        lines(&["search", "--format", "ids", "--all", "has:attachment"]).len(),
        2
    );
    let paths = lines(&["search", "--format", "paths", "kind:email folder:archive"]);
    assert_eq!(paths.len(), 2);
    assert!(
        paths.iter().all(|p| p.ends_with("archive.mbox")),
        "{paths:?}"
    );
    let csv = lines(&["search", "--csv", "--all", "kind:email folder:inbox"]);
    assert_eq!(csv.len(), 3, "a header and two rows: {csv:?}");
    assert!(csv[0].starts_with("id,kind,date,from,to,cc,subject,attachments,paths"));
    let skipped = lines(&[
        "search",
        "--format",
        "ids",
        "--all",
        "--offset",
        "4",
        "kind:email",
    ]);
    assert_eq!(skipped.len(), 2);
    let refused = trawl(&index, &["search", "--json", "--csv", "x"]);
    assert_eq!(refused.status.code(), Some(2), "one format at a time");

    let mut child = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args([
            "--index",
            index.to_str().expect("utf8"),
            "search",
            "--all",
            "kind:email",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait");
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "a closed pipe is not an error"
    );
}

/// `facets` counts by value from the index's columns, exactly: on the labelled dump, and by
/// month on the bundled samples against the dates of `corpus-samples/expected.tsv`;
/// `timeline` draws the same months.
#[test]
fn facets_and_timeline_count_exactly() {
    let dir = scratch("facets");
    labelled_dump(&dir.join("dump"));
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let buckets = |index: &Path, args: &[&str]| -> Vec<(String, u64)> {
        let mut all = vec!["facets", "--json"];
        all.extend_from_slice(args);
        let o = trawl(index, &all);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        stdout(&o)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("json");
                let value = v["value"].as_str().expect("value").to_owned();
                (value, v["count"].as_u64().expect("count"))
            })
            .collect()
    };
    let owned = |pairs: &[(&str, u64)]| -> Vec<(String, u64)> {
        pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
    };
    assert_eq!(
        buckets(&index, &["--by", "domain", "kind:email"]),
        owned(&[
            ("alpha.example", 4),
            ("beta.example", 3),
            ("epsilon.example", 2),
            ("gamma.example", 2),
            ("delta.example", 1),
            ("zeta.example", 1)
        ])
    );
    assert_eq!(
        buckets(&index, &["--by", "folder", "--top", "2", "kind:email"]),
        owned(&[("archive", 2), ("inbox", 2)])
    );
    assert_eq!(
        buckets(&index, &["--by", "attachment-type", "has:attachment"]),
        owned(&[("application/pdf", 1), ("image/png", 1)])
    );
    assert_eq!(
        buckets(
            &index,
            &["--by", "from", "--top", "1", "domain:beta.example"]
        ),
        owned(&[("a@alpha.example", 3)])
    );
    let csv = stdout(&trawl(
        &index,
        &["facets", "--csv", "--by", "to", "folder:inbox"],
    ));
    assert_eq!(
        csv,
        "value,count,first_date,last_date,query\n\
         a@alpha.example,1,,,(folder:inbox) to:a@alpha.example\n\
         b@beta.example,1,,,(folder:inbox) to:b@beta.example\n",
        "dateless emails: no first or last date"
    );

    let samples = dir.join("samples");
    index_paths(&samples, &[repo("corpus-samples")]);
    let expected = std::fs::read_to_string(repo("corpus-samples/expected.tsv")).expect("tsv");
    let mut seen = std::collections::HashSet::new();
    let mut months: std::collections::BTreeMap<String, u64> = Default::default();
    for row in expected
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
    {
        if row[1] == "email" && seen.insert(row[3]) && row[6].len() >= 7 {
            *months.entry(row[6][..7].to_owned()).or_default() += 1;
        }
    }
    let truth: Vec<(String, u64)> = months.into_iter().collect();
    assert_eq!(buckets(&samples, &["--by", "month", "kind:email"]), truth);
    let english = "from:emily.carter@northpoll.example";
    assert_eq!(
        count(&samples, english),
        3,
        "the pollster writes in English (twice in the mbox, once in the PST)"
    );
    assert_eq!(count(&samples, &format!("lang:en {english}")), 3);
    let camille = "from:camille.moreau@horizon-commun.example";
    assert_eq!(
        count(&samples, &format!("lang:fr {camille}")),
        8,
        "4 in mbox and maildir, 1 in Apple Mail, 3 in archives"
    );
    assert_eq!(
        count(&samples, &format!("lang:en {camille}")),
        2,
        "her replies to Emily Carter, in the mbox and in the PST"
    );
    let langs = buckets(&samples, &["--by", "lang", "kind:email"]);
    assert_eq!(langs.iter().map(|(_, n)| n).sum::<u64>(), 51, "{langs:?}");
    let drawn = stdout(&trawl(&samples, &["timeline", "kind:email"]));
    for (month, n) in &truth {
        let row = drawn
            .lines()
            .find(|l| l.starts_with(month.as_str()))
            .expect("a row a month");
        assert!(
            row.contains('█') && row.ends_with(&format!(" {n}")),
            "{drawn}"
        );
    }
    assert!(drawn.contains("└──"), "an axis: {drawn}");
}

/// Proximity (`"a b"~N`), fuzzy (`word~N`) and regular-expression (`/re/`) searches give
/// exact counts on messages written for them; bad ones exit 2 with the reason.
#[test]
fn proximity_fuzzy_and_regex_queries() {
    let dir = scratch("query-language");
    let bodies = [
        "le budget de la campagne electorale",
        "le budget previsionnel de notre campagne",
        "rapport de Moreau",
        "rapport de Moreaux",
        "rapport de Moraeu",
        "facture 2017-0042",
        "facture 2018-0007",
    ];
    let mut mbox = String::new();
    for (n, body) in bodies.iter().enumerate() {
        mbox.push_str(&format!(
            "From x@y.example Tue May  2 09:14:03 2017\nFrom: x@y.example\n\
             Message-ID: <q{n}@y.example>\nSubject: q{n}\n\n{body}\n\n"
        ));
    }
    std::fs::create_dir_all(dir.join("dump")).expect("dump");
    std::fs::write(dir.join("dump/box.mbox"), mbox).expect("mbox");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let expected = [
        ("\"budget campagne\"", 0),
        ("\"budget campagne\"~2", 1),
        ("\"budget campagne\"~3", 2),
        ("body:\"budget campagne\"~3", 2),
        ("moreau", 2),
        ("=moreau", 1),
        ("moreau~0", 1),
        ("moreau~1", 3),
        ("moreau~", 3),
        ("/20(17|18)/", 2),
        ("/fact.re/", 2),
        ("body:/bud.et/", 2),
        ("subject:/Q[0-2]/", 3),
        ("/mor.*/ -moreau", 1),
        ("/mor.*/ -=moreau", 2),
    ];
    for (query, n) in expected {
        assert_eq!(count(&index, query), n, "{query}");
    }
    let explained = stdout(&trawl(
        &index,
        &["search", "--explain", "budg* OR moreau~1 -q2"],
    ));
    for line in [
        "any of:",
        "prefix \"budg\" → budg (1 words: budget), in from to cc bcc subject body",
        ": 2 documents",
        "words within 1 edits of \"moreau\" → moreau, in from",
        ": 3 documents",
        "none of:",
        "the whole query matches 4 documents",
    ] {
        assert!(explained.contains(line), "{line:?} in\n{explained}");
    }
    for bad in ["/(unclosed/", "moreau~3", "\"a b\"~x", "/never"] {
        let o = trawl(&index, &["count", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr).lines().count(),
            1,
            "{bad}"
        );
    }
}

/// `trawl help query` explains every operator and lists every field prefix of the table;
/// `trawl help CMD` gives a command's help; an unknown topic is a usage error.
#[test]
fn help_query_covers_the_language() {
    let dir = scratch("help");
    let index = dir.join("index");
    let o = trawl(&index, &["help", "query"]);
    let text = stdout(&o);
    assert!(o.status.success(), "{text}");
    for prefix in trawl::fields::TABLE.iter().filter_map(|f| f.prefix) {
        assert!(text.contains(&format!("{prefix}:")), "{prefix} in\n{text}");
    }
    for operator in [
        "OR", "\"~3", "elect*", "moreau~1", "/budg", "date:", "size:",
    ] {
        assert!(text.contains(operator), "{operator} in\n{text}");
    }
    assert!(stdout(&trawl(&index, &["help", "facets"])).contains("trawl facets"));
    assert_eq!(trawl(&index, &["help", "nope"]).status.code(), Some(2));
}

/// A word of running text also finds its other French or English forms; `=word`, phrases and
/// short words stay exact; addresses are never stemmed.
#[test]
fn stemming_finds_other_forms_unless_exact() {
    let dir = scratch("stems");
    let bodies = [
        "une élection présidentielle",
        "les élections législatives",
        "electoral campaign",
        "the meeting went well",
        "two meetings tomorrow",
        "we met him",
    ];
    let mut mbox = String::new();
    for (n, body) in bodies.iter().enumerate() {
        mbox.push_str(&format!(
            "From x@y.example Tue May  2 09:14:03 2017\nFrom: meetings@y.example\n\
             Message-ID: <s{n}@y.example>\nSubject: s{n}\n\
             Content-Type: text/plain; charset=utf-8\n\n{body}\n\n"
        ));
    }
    std::fs::create_dir_all(dir.join("dump")).expect("dump");
    std::fs::write(dir.join("dump/box.mbox"), mbox).expect("mbox");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let expected = [
        ("body:élections", 2),
        ("body:election", 2),
        ("body:=élections", 1),
        ("body:\"élections\"", 1),
        ("body:meetings", 2),
        ("body:=meeting", 1),
        ("body:met", 1),
        ("from:meeting", 0),
        ("élections législatives", 1),
    ];
    for (query, n) in expected {
        assert_eq!(count(&index, query), n, "{query}");
    }
    let explained = stdout(&trawl(&index, &["search", "--explain", "body:meetings"]));
    assert!(
        explained.contains("forms in running text: meeting, meetings"),
        "{explained}"
    );
}

/// Writes `dir/dump/box.mbox`: one message for each block of extra header lines, with the
/// Message-ID and subject `{tag}{n}`. Returns the file's path and text.
fn header_mbox(dir: &Path, tag: &str, messages: &[&str]) -> (PathBuf, String) {
    let mut mbox = String::new();
    for (n, headers) in messages.iter().enumerate() {
        mbox.push_str(&format!(
            "From x@y.example Tue May  2 09:14:03 2017\nFrom: x@y.example\n{headers}\n\
             Message-ID: <{tag}{n}@y.example>\nSubject: {tag}{n}\n\nbody\n\n"
        ));
    }
    std::fs::create_dir_all(dir.join("dump")).expect("dump");
    let path = dir.join("dump/box.mbox");
    std::fs::write(&path, &mbox).expect("mbox");
    (path, mbox)
}

/// Encoded data in headers (signatures, base64 runs, ids) is kept out of the term dictionary
/// but still found: whole runs, runs joined over folded lines, ids, prefixes and presence,
/// each candidate rechecked against its source, so a run changed in the file is no longer
/// found; a piece of a run is not a word.
#[test]
fn encoded_header_data_is_found_by_rechecking_the_source() {
    let dir = scratch("encoded-headers");
    let run_one = "AzEeeIYQCHNeyPBc0w9fyw+2uLibyXio5JexgYsLJ+/gKwWSxvZdiZ4zygSQgegScw6c";
    let run_two = "Z/s7RUM2pP4FhGSEoW2pS8JxXm+laYcRuwOuZyoshc+LCjXIcGeoyebQXkwaR0hOZ4mV";
    let body_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    let signed = format!(
        "DKIM-Signature: v=1; a=rsa-sha256; d=kernel.org; s=k20201202;\n\t\
         t=1711086921; bh={body_hash};\n\th=From:Subject; b={run_one}\n\t {run_two}\n\t 9n1Q==\n\
         X-Mailer: Outlook16\nReceived: from relay.example by mx id 4VKxyz2abcdQ3"
    );
    let messages = [
        signed.as_str(),
        "DKIM-Signature: v=1; a=rsa-sha256; d=kernel.org; s=k20201202;\n\t\
         b=Ucb3G3GLFZ9BVRQ7wiew+OXhuiRup49sFw7ZwjXItDglXlC0YgaJY4/yaKtkfIWmAi\n\
         X-Gm-Message-State: AOJu0YwXVNjLotbqZ20CUBMd08sooRNRuOz2kiEQ51Jc=",
        "X-Mailer: Outlook 16",
    ];
    let (path, mbox) = header_mbox(&dir, "e", &messages);
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let whole = format!("{run_one}{run_two}9n1Q==");
    let expected = [
        ("header:DKIM-Signature:d=kernel.org".to_owned(), 2),
        ("header:DKIM-Signature:k20201202".to_owned(), 2),
        ("header:DKIM-Signature:1711086921".to_owned(), 1),
        (format!("header:DKIM-Signature:{run_one}"), 1),
        (format!("header:DKIM-Signature:b={run_one}"), 1),
        (format!("header:DKIM-Signature:{whole}"), 1),
        (format!("header:DKIM-Signature:{body_hash}"), 1),
        ("header:DKIM-Signature:47DEQpj8*".to_owned(), 1),
        ("header:DKIM-Signature:47DEQpj8HBSa".to_owned(), 0),
        (format!("header:X-Mailer:{run_one}"), 0),
        ("header:X-Mailer:outlook16".to_owned(), 1),
        ("header:X-Mailer:outlook*".to_owned(), 2),
        ("header:X-Mailer:outlook".to_owned(), 1),
        ("header:X-Gm-Message-State:".to_owned(), 1),
        ("header:Received:4VKxyz2abcdQ3".to_owned(), 1),
        ("header:Received:4VKxyz2abcdQ4".to_owned(), 0),
        (
            "header:DKIM-Signature:k20201202 -header:X-Mailer:".to_owned(),
            1,
        ),
    ];
    for (query, n) in &expected {
        assert_eq!(count(&index, query), *n, "{query}");
    }
    let explained = stdout(&trawl(
        &index,
        &["search", "--explain", "header:Received:4VKxyz2abcdQ3"],
    ));
    assert!(
        explained.contains("rechecked in each candidate's source: 4vkxyz2abcdq3"),
        "{explained}"
    );
    let changed = mbox.replace(run_one, &run_one.to_ascii_lowercase().replace('a', "b"));
    assert_eq!(changed.len(), mbox.len());
    std::fs::write(&path, changed).expect("changed mbox");
    assert_eq!(
        count(&index, &format!("header:DKIM-Signature:{run_one}")),
        0
    );
    assert_eq!(count(&index, "header:DKIM-Signature:k20201202"), 2);
}

/// `header:Name:value` searches any header without a field of its own, word by word, with
/// prefixes and "any value"; a header query without a name is a usage error.
#[test]
fn any_header_is_searchable() {
    let dir = scratch("headers");
    let messages = [
        "X-Mailer: Microsoft Outlook 16.0\nReceived: from relay.example ([10.0.0.1]) by mx",
        "X-Mailer: Apple Mail (2.3445)",
        "Received: from relay.example ([10.0.0.1]) by mx\nX-Spam-Flag: YES",
    ];
    header_mbox(&dir, "h", &messages);
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let expected = [
        ("header:X-Mailer:outlook", 1),
        ("header:x-mailer:apple-mail", 1),
        ("header:X-Mailer:", 2),
        ("header:X-Mailer:*", 2),
        ("header:X-Mailer:out*", 1),
        ("header:Received:10.0.0.1", 2),
        ("header:Received:relay*", 2),
        ("header:X-Spam-Flag:yes", 1),
        ("header:X-Spam-Flag:no", 0),
        ("header:Received:relay -header:X-Mailer:", 1),
    ];
    for (query, n) in expected {
        assert_eq!(count(&index, query), n, "{query}");
    }
    assert_eq!(
        trawl(&index, &["count", "header:outlook"]).status.code(),
        Some(2)
    );
}
