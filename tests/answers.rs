//! What a reporter reads is what the dump says, and trawl says what it did: dates in the
//! sender's own time beside UTC, hit counts on a terminal, operators written in lower case,
//! unknown flags, `timeline` and `export` flags, an attachment written under its own name.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{json_lines, mbox_entry, ok, scratch, stdout, trawl};

/// Three emails of one conversation, written in three zones, and a fourth with an unknown
/// offset (`-0000`); the third carries an attachment whose name is a path.
fn dump(dir: &Path) -> PathBuf {
    let attachment = [
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Voici la note grivelinade.",
        "--b",
        "Content-Type: text/plain; name=\"note.txt\"",
        "Content-Disposition: attachment; filename=\"../../.profile\u{202E}txt.sh\"",
        "",
        "Contenu de la note jointe.",
        "--b--",
    ]
    .join("\n");
    let mbox = [
        mbox_entry(
            &[
                "From: Alice Aubrac <alice@horizon.example>",
                "To: Bruno Bastide <bruno@horizon.example>",
                "Subject: Lundi",
                "Message-ID: <lundi@horizon.example>",
                "Date: Thu, 11 May 2017 14:22:10 +0200",
            ],
            "Rendez-vous lundi, grivelinade et budget.",
        ),
        mbox_entry(
            &[
                "From: Bruno Bastide <bruno@horizon.example>",
                "To: Alice Aubrac <alice@horizon.example>",
                "Subject: Re: Lundi",
                "Message-ID: <re-lundi@horizon.example>",
                "In-Reply-To: <lundi@horizon.example>",
                "Date: Wed, 3 May 2017 23:30:00 -0400",
            ],
            "D'accord pour la grivelinade.",
        ),
        mbox_entry(
            &[
                "From: Chloé Carat <chloe@horizon.example>",
                "To: Alice Aubrac <alice@horizon.example>",
                "Subject: Note",
                "Message-ID: <note@horizon.example>",
                "Date: Fri, 12 May 2017 08:00:00 GMT",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"b\"",
            ],
            &attachment,
        ),
        mbox_entry(
            &[
                "From: Denis Dargent <denis@horizon.example>",
                "To: Alice Aubrac <alice@horizon.example>",
                "Subject: Sans fuseau",
                "Message-ID: <sans@horizon.example>",
                "Date: Sat, 13 May 2017 09:00:00 -0000",
            ],
            "Le budget, encore.",
        ),
    ]
    .concat();
    std::fs::create_dir_all(dir).expect("dump dir");
    let path = dir.join("box.mbox");
    std::fs::write(&path, mbox).expect("mbox written");
    path
}

fn indexed(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let mbox = dump(&dir.join("dump"));
    let index = dir.join("index");
    ok(&index, &["index", mbox.to_str().expect("utf8")]);
    (dir, index)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// UTC for sorting, `date:` and JSON `date`; the sender's own time with its offset in
/// `date_local`, the CSV, show, and every human line (UTC said so where no offset is known).
#[test]
fn dates_keep_the_senders_own_time() {
    let (_dir, index) = indexed("dates");
    let hit = |query: &str| json_lines(&index, &["search", "--json", query]).remove(0);
    let lundi = hit("subject:lundi -subject:re");
    assert_eq!(lundi["date"], "2017-05-11T12:22:10Z");
    assert_eq!(lundi["date_local"], "2017-05-11T14:22:10+02:00");
    let late = hit("subject:re");
    assert_eq!(late["date"], "2017-05-04T03:30:00Z");
    assert_eq!(late["date_local"], "2017-05-03T23:30:00-04:00");
    assert_eq!(
        hit("subject:note")["date_local"],
        "2017-05-12T08:00:00+00:00"
    );
    assert!(
        hit("subject:fuseau")["date_local"].is_null(),
        "-0000: unknown"
    );
    assert_eq!(
        stdout(&trawl(&index, &["count", "date:2017-05-04"])).trim(),
        "1",
        "date: stays UTC"
    );
    let human = ok(&index, &["search", "--sort", "date", "--all", "budget"]);
    assert!(
        human.contains("2017-05-11 14:22 +02:00  Alice Aubrac"),
        "{human}"
    );
    assert!(
        human.contains("2017-05-13 09:00 UTC  Denis Dargent"),
        "{human}"
    );
    let csv = ok(&index, &["search", "--csv", "subject:lundi -subject:re"]);
    let mut rows = csv.lines();
    assert!(
        rows.next()
            .is_some_and(|h| h.ends_with(",email,attachment,date_local"))
    );
    assert!(
        rows.next()
            .is_some_and(|r| r.ends_with(",2017-05-11T14:22:10+02:00")),
        "{csv}"
    );
    let id = lundi["id"].as_str().expect("id");
    let shown = ok(&index, &["show", id]);
    assert!(
        shown.contains("Date: 2017-05-11 14:22:10+02:00 (2017-05-11T12:22:10Z)\n"),
        "{shown}"
    );
    let tree = ok(&index, &["thread", id]);
    assert!(tree.contains("2017-05-11 14:22 +02:00") && tree.contains("2017-05-03 23:30 -04:00"));
    let rows = json_lines(&index, &["thread", "--json", id]);
    assert!(
        rows.iter()
            .any(|r| r["date_local"] == "2017-05-03T23:30:00-04:00")
    );
    let contacts = ok(&index, &["contacts"]);
    assert!(
        contacts
            .lines()
            .next()
            .is_some_and(|h| h.contains("first UTC"))
    );
}

/// Runs `trawl ARGS` on a pseudo-terminal (util-linux `script`): what a person sees.
fn on_terminal(index: &Path, args: &[&str]) -> String {
    let command = format!(
        "{} --index {} {}",
        env!("CARGO_BIN_EXE_trawl"),
        index.display(),
        args.join(" ")
    );
    let tty = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs");
    String::from_utf8_lossy(&tty.stdout).replace('\r', "")
}

/// On a terminal a search ends by saying how many hits there are, or that there are none;
/// into a pipe it prints exactly the hits.
#[test]
fn hit_counts_on_a_terminal_only() {
    let (_dir, index) = indexed("counts");
    let seen = on_terminal(&index, &["search", "--limit", "1", "grivelinade"]);
    assert!(seen.trim_end().ends_with("1 of 3 hits"), "{seen}");
    let seen = on_terminal(&index, &["search", "zzzqqq"]);
    assert_eq!(seen.trim(), "no hits");
    let seen = on_terminal(&index, &["search", "--offset", "1", "grivelinade"]);
    assert!(seen.trim_end().ends_with("hits 2 to 3 of 3"), "{seen}");
    let piped = trawl(&index, &["search", "--limit", "1", "grivelinade"]);
    assert!(stderr(&piped).is_empty(), "{}", stderr(&piped));
    assert!(!stdout(&piped).contains("hits"));
    assert!(stdout(&trawl(&index, &["search", "zzzqqq"])).is_empty());
}

/// `or`, `and` and `not` in lower case are searched as words, and trawl says so on stderr
/// (and in --explain); stdout is unchanged.
#[test]
fn lower_case_operators_are_pointed_out() {
    let (_dir, index) = indexed("operators");
    let lower = trawl(&index, &["count", "grivelinade", "or", "budget"]);
    assert_eq!(stdout(&lower).trim(), "0");
    assert!(
        stderr(&lower).contains("\"or\" was searched as a word; write OR for either"),
        "{}",
        stderr(&lower)
    );
    let upper = trawl(&index, &["count", "grivelinade", "OR", "budget"]);
    assert_eq!(stdout(&upper).trim(), "4");
    assert!(stderr(&upper).is_empty());
    let quoted = trawl(&index, &["count", "\"budget and more\""]);
    assert!(stderr(&quoted).is_empty(), "inside a phrase it is a word");
    let explained = ok(&index, &["search", "--explain", "budget", "not", "lundi"]);
    assert!(
        explained.contains("note: \"not\" was searched as a word; write NOT"),
        "{explained}"
    );
}

/// A flag the command does not have is named as such; one it has but written after the
/// query is named as misplaced. `timeline` takes --json and --csv like `facets`.
#[test]
fn flags_are_named_for_what_they_are() {
    let (_dir, index) = indexed("flags");
    let unknown = trawl(&index, &["timeline", "--bogus", "budget"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("`trawl timeline` has no flag --bogus"),
        "{}",
        stderr(&unknown)
    );
    let to = index.with_file_name("never-written");
    let export = trawl(
        &index,
        &["export", "--to", to.to_str().expect("utf8"), "--bogus"],
    );
    assert_eq!(export.status.code(), Some(2));
    assert!(stderr(&export).contains("`trawl export` has no flag --bogus"));
    assert!(!to.exists());
    let late = trawl(&index, &["search", "budget", "--limit", "5"]);
    assert_eq!(late.status.code(), Some(2));
    assert!(
        stderr(&late).contains("--limit is among the query words: write flags before the query")
    );
    let csv = ok(&index, &["timeline", "--csv", "grivelinade"]);
    assert_eq!(
        csv.lines().next(),
        Some("value,count,first_date,last_date,query"),
        "{csv}"
    );
    assert!(
        csv.contains("2017-05,3,,,(grivelinade) date:2017-05"),
        "{csv}"
    );
    let json = json_lines(&index, &["timeline", "--by", "year", "--json", "budget"]);
    assert_eq!(json.len(), 1);
    assert_eq!(
        (&json[0]["value"], &json[0]["count"]),
        (&"2017".into(), &2.into())
    );
}

/// `export --limit N --sort -date` takes the N newest hits, says so in the manifest, and the
/// export verifies.
#[test]
fn export_takes_the_first_hits_in_an_order() {
    let (dir, index) = indexed("export-limit");
    let to = dir.join("latest");
    let to_arg = to.to_str().expect("utf8");
    ok(
        &index,
        &[
            "export",
            "--to",
            to_arg,
            "--limit",
            "2",
            "--sort",
            "-date",
            "kind:email horizon",
        ],
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(to.join("manifest.json")).expect("manifest.json"))
            .expect("manifest JSON");
    assert_eq!(manifest["limit"], 2);
    assert_eq!(manifest["sort"], "-date");
    let subjects: Vec<&str> = manifest["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["subject"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        subjects,
        ["Sans fuseau", "Note"],
        "the two newest, newest first"
    );
    ok(&index, &["verify", to_arg]);
}

/// `export` takes its flags, then the query words, as every query command does; the form
/// with one quoted query followed by flags is accepted too, flags on both sides of it joined,
/// each flag once. Both forms export the same documents under the same query.
#[test]
fn export_takes_the_query_after_its_flags_or_quoted_before_them() {
    let (dir, index) = indexed("export-forms");
    let exported = |name: &str, args: &[&str]| -> serde_json::Value {
        let dest = dir.join(name);
        let to = dest.to_str().expect("utf8");
        let mut all = vec!["export"];
        all.extend(args.iter().map(|&a| if a == "TO" { to } else { a }));
        ok(&index, &all);
        let manifest = std::fs::read(dest.join("manifest.json")).expect("manifest.json");
        let manifest: serde_json::Value = serde_json::from_slice(&manifest).expect("JSON");
        ok(&index, &["verify", to]);
        manifest
    };
    let ids = |m: &serde_json::Value| -> Vec<String> {
        let listed = m["messages"].as_array().expect("messages");
        listed
            .iter()
            .map(|e| e["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let words = exported(
        "words",
        &[
            "--to",
            "TO",
            "--limit",
            "2",
            "--sort",
            "-date",
            "kind:email",
            "horizon",
        ],
    );
    assert_eq!(words["query"], "kind:email horizon");
    assert_eq!(
        (&words["limit"], &words["sort"]),
        (&2.into(), &"-date".into())
    );
    assert_eq!(ids(&words).len(), 2);
    for (name, args) in [
        (
            "quoted",
            vec![
                "kind:email horizon",
                "--to",
                "TO",
                "--limit",
                "2",
                "--sort",
                "-date",
            ],
        ),
        (
            "around",
            vec![
                "--limit",
                "2",
                "kind:email horizon",
                "--to",
                "TO",
                "--sort=-date",
            ],
        ),
    ] {
        let m = exported(name, &args);
        assert_eq!(m["query"], "kind:email horizon", "{name}");
        assert_eq!(
            (&m["limit"], &m["sort"]),
            (&2.into(), &"-date".into()),
            "{name}"
        );
        assert_eq!(ids(&m), ids(&words), "{name}");
    }
    let negated = exported("negated", &["--to", "TO", "budget", "-grivelinade"]);
    assert_eq!(negated["query"], "budget -grivelinade");
    assert_eq!(ids(&negated).len(), 1, "Sans fuseau only");

    let never = dir.join("never");
    let to = never.to_str().expect("utf8");
    for (args, said) in [
        (
            vec!["--to", to, "budget", "--to", to],
            "--to is given twice",
        ),
        (vec!["budget"], "`trawl export` needs --to DIR"),
        (
            vec!["budget", "--to", to, "--bogus"],
            "`trawl export` has no flag --bogus",
        ),
        (
            vec!["--to", to, "budget", "lundi", "--limit", "1"],
            "--limit is among the query words",
        ),
        (
            vec!["budget", "--to", to, "extra"],
            "after the query of `trawl export`",
        ),
    ] {
        let mut all = vec!["export"];
        all.extend(&args);
        let o = trawl(&index, &all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(said), "{args:?}: {}", stderr(&o));
        assert!(!never.exists(), "{args:?}");
    }
    let late_index = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args(["export", "budget", "--to"])
        .arg(dir.join("late-index"))
        .arg("--index")
        .arg(&index)
        .output()
        .expect("trawl runs");
    assert!(late_index.status.success(), "{}", stderr(&late_index));
    assert!(dir.join("late-index/manifest.json").exists());
}

/// Without --out an attachment is written under its own name, made safe, in the current
/// directory; a second time under a new name, never over the first.
#[test]
fn an_attachment_keeps_its_own_name_made_safe() {
    let (dir, index) = indexed("attachment-name");
    let id = json_lines(&index, &["search", "--json", "subject:note"])[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let cwd = dir.join("cwd");
    std::fs::create_dir_all(&cwd).expect("cwd");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_trawl"))
            .current_dir(&cwd)
            .arg("--index")
            .arg(&index)
            .args(["attachment", &id, "1"])
            .output()
            .expect("trawl runs")
    };
    let first = run();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("written to profiletxt.sh"),
        "{}",
        stderr(&first)
    );
    let second = run();
    assert!(
        stderr(&second).contains("written to profiletxt (2).sh"),
        "{}",
        stderr(&second)
    );
    let mut names: Vec<String> = std::fs::read_dir(&cwd)
        .expect("cwd")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["profiletxt (2).sh", "profiletxt.sh"]);
    let written = std::fs::read(cwd.join("profiletxt.sh")).expect("written");
    assert_eq!(written, b"Contenu de la note jointe.");
}
