//! Conversations: threads built from Message-ID / References / In-Reply-To (and a reply's
//! subject where those are missing), `thread:ID`, `trawl thread`, `search --threads`, and the
//! thread count of a generated corpus whose truth the generator knows.

mod common;

use std::path::Path;

use common::shapes::{self, Stats, ThreadHit, ThreadRow};
use common::{count, id_of, mbox_entry, ok, scratch, trawl};

/// A budget thread (a, b answering a, c answering b, f: a headerless `RE : Budget`), two
/// answers to a message that is not in the dump (d, e), a reply with headers that only shares
/// the subject (g), and a stranger (h). Each holds its own word.
fn dump(root: &Path) {
    let m = |id: &str, more: &[&str], subject: &str, date: &str, word: &str| {
        let mut headers = vec![
            format!("Message-ID: <{id}@horizon.example>"),
            format!("From: {id} <{id}@horizon.example>"),
            format!("Subject: {subject}"),
            format!("Date: {date}"),
        ];
        headers.extend(more.iter().map(|h| h.to_string()));
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        mbox_entry(&headers, word)
    };
    let mbox = [
        m(
            "c",
            &[
                "In-Reply-To: <b@horizon.example>",
                "References: <a@horizon.example>\n <b@horizon.example>",
            ],
            "Re: Re: Budget",
            "Wed, 3 May 2017 10:00:00 +0000",
            "wordc",
        ),
        m(
            "a",
            &[],
            "Budget",
            "Mon, 1 May 2017 10:00:00 +0000",
            "worda",
        ),
        m(
            "b",
            &["In-Reply-To: <a@horizon.example>"],
            "Re: Budget",
            "Tue, 2 May 2017 10:00:00 +0000",
            "wordb",
        ),
        m(
            "d",
            &["References: <lost@horizon.example>"],
            "Re: Lost",
            "Mon, 1 May 2017 11:00:00 +0000",
            "wordd",
        ),
        m(
            "e",
            &["In-Reply-To: <lost@horizon.example>"],
            "Re: Lost",
            "Mon, 1 May 2017 12:00:00 +0000",
            "worde",
        ),
        m(
            "f",
            &[],
            "RE : Budget",
            "Thu, 4 May 2017 10:00:00 +0000",
            "wordf",
        ),
        m(
            "g",
            &["References: <elsewhere@horizon.example>"],
            "Re: Budget",
            "Fri, 5 May 2017 10:00:00 +0000",
            "wordg",
        ),
        m(
            "h",
            &[],
            "Stranger",
            "Sat, 6 May 2017 10:00:00 +0000",
            "wordh",
        ),
    ];
    std::fs::write(root.join("threads.mbox"), mbox.concat()).expect("mbox");
}

#[test]
fn threads_follow_headers_and_only_headerless_replies_follow_subjects() {
    let dir = scratch("threads");
    let (dump_dir, index) = (dir.join("dump"), dir.join("index"));
    std::fs::create_dir_all(&dump_dir).expect("dump");
    dump(&dump_dir);
    ok(&index, &["index", dump_dir.to_str().expect("utf8")]);
    let id = |word: &str| id_of(&index, &format!("={word}"));
    let a = id("worda");
    for member in ["worda", "wordb", "wordc", "wordf"] {
        assert_eq!(
            count(&index, &format!("thread:{}", id(member))),
            4,
            "{member}"
        );
    }
    assert_eq!(
        count(&index, &format!("thread:{}", &a[..8])),
        4,
        "an id prefix"
    );
    assert_eq!(count(&index, &format!("thread:{} =wordc", id("wordb"))), 1);
    assert_eq!(count(&index, &format!("thread:{}", id("wordd"))), 2);
    assert_eq!(count(&index, &format!("thread:{}", id("wordg"))), 1);
    assert_eq!(count(&index, &format!("thread:{}", id("wordh"))), 1);
    let stats: Stats = shapes::one(&ok(&index, &["stats", "--json"]));
    assert_eq!(stats.threads, 4, "budget, lost, g, h");

    let rows: Vec<ThreadRow> = shapes::lines(&ok(&index, &["thread", "--json", &id("wordc")]));
    let got: Vec<(String, usize, Option<String>)> = rows
        .iter()
        .map(|r| {
            let from = r.from_address.clone().expect("from");
            (from, r.depth, r.parent.clone())
        })
        .collect();
    let addr = |x: &str| format!("{x}@horizon.example");
    assert_eq!(
        got,
        vec![
            (addr("a"), 0, None),
            (addr("b"), 1, Some(a.clone())),
            (addr("c"), 2, Some(id("wordb"))),
            (addr("f"), 1, Some(a.clone())),
        ]
    );
    assert!(rows.iter().all(|r| r.thread == a && r.v == 1));
    let tree = ok(&index, &["thread", &id("wordf")]);
    let lines: Vec<&str> = tree.lines().collect();
    assert_eq!(lines.len(), 4, "{tree}");
    assert!(lines[2].contains("   └─ Re: Re: Budget"), "{tree}");
    assert!(lines[3].contains("└─ RE : Budget") && lines[3].starts_with(&id("wordf")[..12]));
    let refused = trawl(&index, &["thread", "zz"]);
    assert!(!refused.status.success());
}

#[test]
fn search_threads_groups_hits_by_conversation() {
    let dir = scratch("search-threads");
    let (dump_dir, index) = (dir.join("dump"), dir.join("index"));
    std::fs::create_dir_all(&dump_dir).expect("dump");
    dump(&dump_dir);
    ok(&index, &["index", dump_dir.to_str().expect("utf8")]);
    let query = "=wordb OR =wordc OR =wordd OR =wordh";
    let groups: Vec<ThreadHit> = shapes::lines(&ok(
        &index,
        &["search", "--threads", "--json", "--sort", "date", query],
    ));
    let shape: Vec<(usize, usize, usize)> = groups
        .iter()
        .map(|g| (g.matched, g.total, g.hits.len()))
        .collect();
    assert_eq!(
        shape,
        vec![(1, 2, 1), (2, 4, 2), (1, 1, 1)],
        "lost, budget, stranger by date"
    );
    assert_eq!(groups[1].thread, id_of(&index, "=worda"));
    assert_eq!(groups[1].subject.as_deref(), Some("Budget"));
    assert_eq!(
        groups[1].first_date.as_deref(),
        Some("2017-05-01T10:00:00Z")
    );
    assert_eq!(groups[1].last_date.as_deref(), Some("2017-05-04T10:00:00Z"));
    assert_eq!(groups[1].hits[0].id, id_of(&index, "=wordb"));
    let ids = ok(
        &index,
        &[
            "search",
            "--threads",
            "--format",
            "ids",
            "--limit",
            "1",
            "--offset",
            "1",
            "--sort",
            "date",
            query,
        ],
    );
    assert_eq!(ids.trim(), id_of(&index, "=worda"));
    let human = ok(&index, &["search", "--threads", query]);
    assert!(
        human.contains("[2 of 4 emails]")
            && human.contains("2017-05-01 10:00 UTC → 2017-05-04 10:00 UTC"),
        "{human}"
    );
    assert!(
        !trawl(&index, &["search", "--threads", "--csv", query])
            .status
            .success()
    );
}

/// A later run that brings the missing ancestor joins its answers into its thread; the table
/// is recomputed when it is missing or damaged.
#[test]
fn threads_follow_new_runs_and_survive_a_lost_table() {
    let dir = scratch("threads-rerun");
    let (dump_dir, index) = (dir.join("dump"), dir.join("index"));
    std::fs::create_dir_all(&dump_dir).expect("dump");
    dump(&dump_dir);
    ok(&index, &["index", dump_dir.to_str().expect("utf8")]);
    let lost = mbox_entry(
        &[
            "Message-ID: <lost@horizon.example>",
            "Subject: Lost",
            "Date: Sun, 30 Apr 2017 09:00:00 +0000",
        ],
        "wordlost",
    );
    std::fs::write(dump_dir.join("later.mbox"), lost).expect("later");
    ok(&index, &["index", dump_dir.to_str().expect("utf8")]);
    let d = id_of(&index, "=wordd");
    assert_eq!(count(&index, &format!("thread:{d}")), 3);
    let rows: Vec<ThreadRow> = shapes::lines(&ok(&index, &["thread", "--json", &d]));
    assert_eq!(rows[0].id, id_of(&index, "=wordlost"));
    std::fs::remove_file(index.join("threads.bin")).expect("table");
    assert_eq!(
        count(&index, &format!("thread:{d}")),
        3,
        "recomputed when missing"
    );
    std::fs::write(index.join("threads.bin"), b"TRAWLTH1 damaged").expect("damage");
    assert_eq!(
        count(&index, &format!("thread:{d}")),
        3,
        "recomputed when damaged"
    );
}

/// On a generated corpus, trawl finds exactly the conversations the generator wrote.
#[test]
fn generated_threads_match_the_generator() {
    let exe = Path::new(env!("CARGO_BIN_EXE_trawl"));
    let generator = exe.with_file_name("examples").join("gen_corpus");
    assert!(
        generator.exists(),
        "cargo test builds examples/gen_corpus: {generator:?}"
    );
    let dir = scratch("threads-generated");
    let made = std::process::Command::new(&generator)
        .args(["--messages", "3000", "--out"])
        .arg(dir.join("corpus"))
        .output()
        .expect("gen_corpus runs");
    let said = String::from_utf8_lossy(&made.stdout);
    let threads: u64 = said
        .split_whitespace()
        .skip_while(|w| *w != "threads")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("gen_corpus prints its thread count");
    let index = dir.join("index");
    ok(
        &index,
        &["index", dir.join("corpus/mbox").to_str().expect("utf8")],
    );
    let stats: Stats = shapes::one(&ok(&index, &["stats", "--json"]));
    assert_eq!(stats.emails, 3000);
    assert_eq!(stats.threads, threads);
}
