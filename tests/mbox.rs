//! Integration tests of mbox splitting through the binary: envelopes that follow a body line
//! with no blank line before them (pipermail archives, messages without a final newline), in
//! mboxo and mboxrd files, and the `merged` report of a body that still holds an envelope.

mod common;

use std::path::{Path, PathBuf};

use common::{count, index_paths, json_lines, ok, scratch};

/// A pipermail archive (mboxo): each scrubbed attachment leaves a `URL:` line right before the
/// next envelope, whose sender is written `name at domain` and followed by two spaces.
const PIPERMAIL: &str = "From ines.moreau at example.org  Wed Apr 27 12:37:28 2005
From: ines.moreau at example.org (Ines Moreau)
Date: Wed, 27 Apr 2005 12:37:28 +0000
Subject: [R] lm() drops a factor level
Message-ID: <p1.ines@example.org>

See the attached table.
>From the docs, this should work.
-------------- next part --------------
A non-text attachment was scrubbed...
Name: table.pdf
URL: https://lists.example.org/pipermail/r-help/attachments/20050427/p1.pdf
From tomas.ilves at example.net  Wed Apr 27 13:02:11 2005
From: tomas.ilves at example.net (Tomas Ilves)
Date: Wed, 27 Apr 2005 13:02:11 +0000
Subject: Re: [R] lm() drops a factor level
In-Reply-To: <p1.ines@example.org>
Message-ID: <p2.tomas@example.net>

From the docs, use drop.unused.levels
and it keeps them all.
-------------- next part --------------
An HTML attachment was scrubbed...
URL: https://lists.example.org/pipermail/r-help/attachments/20050427/p2.html
From ines.moreau at example.org  Wed Apr 27 14:45:00 2005
From: ines.moreau at example.org (Ines Moreau)
Date: Wed, 27 Apr 2005 14:45:00 +0000
Subject: Re: [R] lm() drops a factor level
Message-ID: <p3.ines@example.org>

Thanks, solved.

From noor.haddad at example.com  Thu Apr 28 08:00:05 2005
From: noor.haddad at example.com (Noor Haddad)
Date: Thu, 28 Apr 2005 08:00:05 +0000
Subject: [R] plotting on a log axis
Message-ID: <p4.noor@example.com>

How do I put a log axis on a barplot?
";

/// An mboxrd file whose writer added nothing after a message without a final newline: the
/// next envelope follows its last line.
const NO_FINAL_NEWLINE: &str = "From oskar.lind@example.se Mon Mar  3 10:00:00 2014
From: Oskar Lind <oskar.lind@example.se>
Date: Mon, 3 Mar 2014 10:00:00 +0100
Subject: harbour schedule
Message-ID: <n1.oskar@example.se>

>From Monday the ferry leaves at nine.
See you there
From maja.berg@example.se Mon Mar  3 11:30:00 2014
From: Maja Berg <maja.berg@example.se>
Date: Mon, 3 Mar 2014 11:30:00 +0100
Subject: Re: harbour schedule
Message-ID: <n2.maja@example.se>

Noted, quaysidewords
From oskar.lind@example.se Mon Mar  3 12:15:00 2014
From: Oskar Lind <oskar.lind@example.se>
Date: Mon, 3 Mar 2014 12:15:00 +0100
Subject: Re: Re: harbour schedule
Message-ID: <n3.oskar@example.se>

Good.
";

/// The second pipermail message as delivered, alone in a file: a copy of it.
const COPY: &str = "From: tomas.ilves at example.net (Tomas Ilves)
Date: Wed, 27 Apr 2005 13:02:11 +0000
Subject: Re: [R] lm() drops a factor level
In-Reply-To: <p1.ines@example.org>
Message-ID: <p2.tomas@example.net>

From the docs, use drop.unused.levels
and it keeps them all.
-------------- next part --------------
An HTML attachment was scrubbed...
URL: https://lists.example.org/pipermail/r-help/attachments/20050427/p2.html
";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("sample written");
}

/// The raw bytes `show --raw` gives for the email whose Message-ID is `id`.
fn raw(index: &Path, id: &str) -> String {
    let hits = json_lines(index, &["search", "--json", &format!("id:{id}")]);
    assert_eq!(hits.len(), 1, "{id}");
    let doc = hits[0]["id"].as_str().expect("an id");
    ok(index, &["show", "--raw", doc])
}

/// An index in `dir` of the pipermail archive, the mboxrd file and the copy.
fn indexed_dump(dir: &Path) -> PathBuf {
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump dir");
    write(&dump, "2005-April.txt", PIPERMAIL);
    write(&dump, "harbour.mboxrd", NO_FINAL_NEWLINE);
    write(&dump, "copy.eml", COPY);
    let index = dir.join("index");
    index_paths(&index, &[dump]);
    index
}

/// The ids of the emails of an index, sorted.
fn email_ids(index: &Path) -> Vec<String> {
    let mut ids: Vec<String> = ok(index, &["search", "--all", "--format", "ids", "kind:email"])
        .lines()
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids
}

#[test]
fn envelopes_after_body_lines_start_messages_of_their_own() {
    let dir = scratch("mbox-envelopes");
    let index = indexed_dump(&dir);
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&index, &["stats", "--json"])).expect("stats json");
    assert_eq!(stats["occurrences"], 8, "4 + 3 messages and one copy");
    assert_eq!(stats["duplicates"], 1, "the copy is found a duplicate");
    assert_eq!(stats["merged"], 0);
    let ids = [
        "p1.ines@example.org",
        "p2.tomas@example.net",
        "p3.ines@example.org",
        "p4.noor@example.com",
        "n1.oskar@example.se",
        "n2.maja@example.se",
        "n3.oskar@example.se",
    ];
    for id in ids {
        assert_eq!(count(&index, &format!("id:{id}")), 1, "{id}");
    }
    assert_eq!(count(&index, "subject:plotting"), 1);
    assert_eq!(count(&index, "from:noor.haddad"), 1);
    assert_eq!(count(&index, "quaysidewords"), 1);
    assert_eq!(count(&index, "date:2005-04-28"), 1);
    let first = raw(&index, "p1.ines@example.org");
    assert!(
        first.ends_with("/20050427/p1.pdf\n"),
        "the message ends on its URL line: {first}"
    );
    let second = raw(&index, "n2.maja@example.se");
    assert!(second.ends_with("\n\nNoted, quaysidewords\n"), "{second}");
    assert!(raw(&index, "n1.oskar@example.se").contains("\n\nFrom Monday the ferry"));
}

#[test]
fn messages_cut_after_body_lines_export_and_read_back_the_same() {
    let dir = scratch("mbox-envelopes-export");
    let index = indexed_dump(&dir);
    let export = dir.join("out");
    let to = export.to_str().expect("utf8");
    ok(
        &index,
        &["export", "--format", "mbox", "--to", to, "kind:email"],
    );
    let again = dir.join("again");
    index_paths(&again, &[export.join("export.mbox")]);
    let ids = email_ids(&index);
    assert_eq!(ids.len(), 7);
    assert_eq!(email_ids(&again), ids);
    for id in &ids {
        let raw = |ix: &Path| ok(ix, &["show", "--raw", id]);
        assert_eq!(raw(&again), raw(&index), "{id} reads back the same");
    }
}

/// A file that starts with a dated envelope and whose body holds a dateless `From -` line
/// followed by headers: the splitter does not cut there, and the message is listed as
/// probably merged.
const UNCUT: &str = "From lea.roux@example.fr Fri Jun  6 09:00:00 2008
From: Lea Roux <lea.roux@example.fr>
Subject: minutes
Message-ID: <u1.lea@example.fr>

The minutes follow.
From -
From: Marc Petit <marc.petit@example.fr>
Subject: agenda
Message-ID: <u2.marc@example.fr>

Agenda items.
";

#[test]
fn a_body_holding_an_uncut_envelope_is_listed_as_merged() {
    let dir = scratch("mbox-merged");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump dir");
    write(&dump, "uncut.mbox", UNCUT);
    let index = dir.join("index");
    let run = ok(&index, &["index", dump.to_str().expect("utf8")]);
    assert!(run.contains("  merged:          1"), "{run}");
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&index, &["stats", "--json", "--sources"])).expect("stats");
    assert_eq!(stats["occurrences"], 1);
    assert_eq!(stats["merged"], 1);
    assert_eq!(stats["damaged"], 0);
    assert_eq!(stats["per_source"][0]["merged"], 1);
    assert!(ok(&index, &["failures"]).is_empty(), "indexed, not failed");
    let listed = ok(&index, &["failures", "--damaged"]);
    let line = listed.lines().next().unwrap_or_default();
    let path = std::fs::canonicalize(dump.join("uncut.mbox")).expect("path");
    assert_eq!(
        line,
        format!(
            "merged   {} @ 50 +219: probably two messages merged: the body line at byte \
             157 reads like another message's envelope, header lines follow it (\"From -\")",
            path.display()
        )
    );
    assert_eq!(&UNCUT.as_bytes()[157..164], b"From -\n");
    let json = json_lines(&index, &["failures", "--json", "--damaged"]);
    assert_eq!(json.len(), 1);
    assert_eq!(json[0]["kind"], "merged");
    assert_eq!(json[0]["offset"], 50);
    assert_eq!(json[0]["length"], 219);
    assert!(ok(&index, &["stats"]).contains("merged (indexed)   1"));
}

/// A message that begins with a blank line (a file that started with one, put into an mbox as
/// it was) is a message of its own, found by its own headers, not the end of the one before.
#[test]
fn a_message_beginning_with_a_blank_line_keeps_its_headers() {
    let dir = scratch("mbox-blank-start");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump dir");
    write(
        &dump,
        "custodian.mbox",
        "From ines.moreau@example.org Wed Apr 27 12:37:28 2005\n\
         From: Ines Moreau <ines.moreau@example.org>\n\
         Subject: first\n\
         Message-ID: <blank1@example.org>\n\
         \n\
         Premier message.\n\
         \n\
         From tomas.ilves@example.net Wed Apr 27 13:02:11 2005\n\
         \n\
         From: Tomas Ilves <tomas.ilves@example.net>\n\
         Subject: second, after a blank line\n\
         Message-ID: <blank2@example.net>\n\
         \n\
         Second message, mot-cle vraquenon.\n",
    );
    let index = dir.join("index");
    index_paths(&index, &[dump]);
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&index, &["stats", "--json"])).expect("stats json");
    assert_eq!(stats["occurrences"], 2);
    let hit = &json_lines(&index, &["search", "--json", "vraquenon"])[0];
    assert_eq!(hit["message_id"], "blank2@example.net", "{hit}");
    assert_eq!(hit["from_address"], "tomas.ilves@example.net");
}
