//! Mail-client stores through the binary: Apple Mail `.emlx`, MH folders, Outlook `.msg` and
//! PST are found with their location and folder, read back byte-exact, threaded and
//! accounted; damaged or foreign store files (a bad count line, a truncated `.msg`, a Word
//! file, a cut or altered PST) are reported with their path and reason, never lost and never
//! a crash.

mod common;

use std::path::{Path, PathBuf};

use common::{count, id_of, index_paths, json_lines, ok, repo, scratch, shared_file, trawl};
use serde_json::Value;

/// A folder or file of the bundled store samples.
fn sample(path: &str) -> PathBuf {
    repo("corpus-samples/stores").join(path)
}

/// The only hit of `query`, as `search --json` gives it.
fn one(index: &Path, query: &str) -> Value {
    let query = &format!("-kind:attachment {query}");
    let hits = json_lines(index, &["search", "--json", query]);
    assert_eq!(hits.len(), 1, "{query}: {hits:?}");
    hits[0].clone()
}

/// Exports the hits of `query` into `DIR/export`, checks the export with `trawl verify`, and
/// returns the export's directory.
fn exported_and_verified(index: &Path, dir: &Path, query: &str) -> PathBuf {
    let export = dir.join("export");
    let to = export.to_str().expect("utf8");
    ok(index, &["export", "--to", to, query]);
    assert!(trawl(index, &["verify", to]).status.success(), "{query}");
    export
}

/// The bytes a location of a hit points at, read from its file.
fn span(location: &Value) -> Vec<u8> {
    let file = std::fs::read(location["path"].as_str().expect("path")).expect("source");
    let n = |k: &str| location[k].as_u64().expect("a number") as usize;
    file[n("offset")..n("offset") + n("length")].to_vec()
}

/// `stats --json --sources`, checking that every source adds up.
fn stats(index: &Path) -> Value {
    let stats: Value =
        serde_json::from_str(&ok(index, &["stats", "--json", "--sources"])).expect("json");
    for src in stats["per_source"].as_array().expect("per_source") {
        let n = |k: &str| src[k].as_u64().expect("a count");
        assert_eq!(
            n("messages"),
            n("indexed") + n("duplicates") + n("failed"),
            "{src}"
        );
    }
    stats
}

#[test]
fn emlx_messages_are_their_own_span_and_read_back_exactly() {
    let index = scratch("stores-emlx").join("index");
    index_paths(&index, &[sample("applemail")]);
    let hit = one(&index, "brindolique");
    let location = &hit["locations"][0];
    let file = std::fs::read(location["path"].as_str().expect("path")).expect("emlx");
    let line = file.iter().position(|&b| b == b'\n').expect("count line") + 1;
    let stated: u64 = String::from_utf8_lossy(&file[..line])
        .trim()
        .parse()
        .expect("count");
    assert_eq!(
        (location["offset"].as_u64(), location["length"].as_u64()),
        (Some(line as u64), Some(stated))
    );
    let raw = trawl(&index, &["show", "--raw", hit["id"].as_str().expect("id")]).stdout;
    assert_eq!(
        raw,
        span(location),
        "show --raw gives the message, byte-exact"
    );
    assert!(raw.starts_with(b"Return-Path:") && raw.ends_with(b"Presse Libre\n"));
    assert_eq!(
        count(&index, "kind:email folder:presse"),
        2,
        "the Presse.mbox mailbox"
    );
    let reply = id_of(&index, "fafouillard");
    assert_eq!(count(&index, &format!("thread:{reply}")), 2);
    let stats = stats(&index);
    assert_eq!(stats["damaged"].as_u64(), Some(0));
    assert_eq!(
        stats["sources"].as_u64(),
        Some(2),
        "Info.plist is store metadata"
    );
}

#[test]
fn a_damaged_emlx_count_is_reported_and_its_message_kept() {
    let dir = scratch("stores-emlx-damaged");
    let messages = dir.join("dump/Boite.mbox/Messages");
    std::fs::create_dir_all(&messages).expect("dir");
    let message = "From: Nadia Benali <n.benali@mairie-valbonne.example>\nTo: c@horizon.example\n\
                   Subject: Salle\nMessage-ID: <salle@valbonne.example>\n\nLa salle zigomarte est prise.\n";
    let plist = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>\n";
    for (name, count) in [("1.emlx", "99999"), ("2.emlx", "1x2"), ("3.emlx", "7")] {
        let body = message.replace(
            "zigomarte",
            &format!("zigomarte{name}").replace(".emlx", ""),
        );
        std::fs::write(messages.join(name), format!("{count}\n{body}{plist}")).expect("emlx");
    }
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    for n in 1..=3 {
        let hit = one(&index, &format!("zigomarte{n}"));
        let raw = trawl(&index, &["show", "--raw", hit["id"].as_str().expect("id")]).stdout;
        assert!(
            raw.starts_with(b"From: ") && raw.ends_with(b"est prise.\n"),
            "{n}"
        );
        assert_eq!(hit["subject"], "Salle");
    }
    let stats = stats(&index);
    assert_eq!(
        (stats["damaged"].as_u64(), stats["failed"].as_u64()),
        (Some(3), Some(0))
    );
    let damaged = json_lines(&index, &["failures", "--json", "--damaged"]);
    let reasons: Vec<&str> = damaged
        .iter()
        .filter_map(|f| f["reason"].as_str())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("count line says 99999 bytes")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("count line is not a number")),
        "{reasons:?}"
    );
    assert!(
        damaged
            .iter()
            .all(|f| f["offset"].as_u64().is_some_and(|o| o > 0))
    );
}

#[test]
fn mh_folders_are_read_message_by_message_under_their_names() {
    let index = scratch("stores-mh").join("index");
    index_paths(&index, &[sample("mh")]);
    assert_eq!(count(&index, "folder:inbox"), 2);
    assert_eq!(count(&index, "folder:archives potirondel"), 1);
    let stats = stats(&index);
    assert_eq!(
        stats["sources"].as_u64(),
        Some(3),
        ".mh_sequences is no source"
    );
    let hit = one(&index, "grelotton");
    let raw = trawl(&index, &["show", "--raw", hit["id"].as_str().expect("id")]).stdout;
    assert_eq!(
        raw,
        std::fs::read(sample("mh/Mail/inbox/1")).expect("mh file")
    );
    assert_eq!(
        count(&index, &format!("thread:{}", id_of(&index, "miradoune"))),
        2
    );
}

#[test]
fn an_outlook_msg_is_an_email_like_any_other() {
    let dir = scratch("stores-msg");
    let index = dir.join("index");
    let path = sample("outlook/Re-Relecture-entretien.msg");
    let file = std::fs::read(&path).expect("msg");
    std::fs::create_dir_all(dir.join("copy")).expect("dir");
    std::fs::write(dir.join("copy/same.msg"), &file).expect("copy");
    index_paths(
        &index,
        &[sample("outlook"), sample("applemail"), dir.join("copy")],
    );
    let hit = one(&index, "chaloupiste");
    assert_eq!(
        hit["in_reply_to"],
        "20170607184000.6621@horizon-commun.example"
    );
    assert_eq!(
        hit["from"],
        "Claire Dubois <claire.dubois@presse-libre.example>"
    );
    assert_eq!(
        hit["cc"][0],
        "Sophie Lambert <sophie.lambert@horizon-commun.example>"
    );
    assert_eq!(hit["date"], "2017-06-08T08:20:51Z");
    assert_eq!(
        hit["attachments"],
        serde_json::json!([{
            "name": "planning-publication.csv",
            "mime": "text/csv",
            "size": 115,
            "sha256": "f425afbc4b9159b92c404bb0c13f8de733b59c40f2888422c25036de78981883"
        }])
    );
    assert_eq!(
        hit["locations"][0]["length"].as_u64(),
        Some(file.len() as u64)
    );
    assert_eq!(
        hit["paths"].as_array().map(Vec::len),
        Some(2),
        "one document, two copies"
    );
    assert_eq!(stats(&index)["duplicates"].as_u64(), Some(1));
    let id = hit["id"].as_str().expect("id");
    assert_eq!(trawl(&index, &["show", "--raw", id]).stdout, file);
    assert_eq!(one(&index, "bastrinquet")["id"], id, "attachment text");
    assert_eq!(
        one(&index, "header:X-Mailer:outlook")["id"],
        id,
        "transport headers"
    );
    assert_eq!(count(&index, &format!("thread:{id}")), 3);
    assert_eq!(count(&index, "kind:email folder:outlook folder:copy"), 1);
    let forward = one(&index, "galipotin");
    assert_eq!(
        forward["subject"], "TR: Comptes de juin",
        "the attached item's text"
    );
    assert_eq!(forward["attachments"][0]["mime"], "message/rfc822");
    assert_eq!(one(&index, "pastinouille")["id"], forward["id"]);
    let contacts = json_lines(&index, &["contacts", "--json"]);
    let sophie = contacts
        .iter()
        .find(|c| c["address"] == "sophie.lambert@horizon-commun.example");
    assert_eq!(sophie.map(|c| &c["received"]), Some(&Value::from(1)));
    let export = exported_and_verified(&index, &dir, "chaloupiste");
    assert_eq!(
        std::fs::read(export.join(format!("{id}.msg"))).expect("exported"),
        file
    );
}

#[test]
fn damaged_and_foreign_store_files_are_reported_not_lost() {
    let dir = scratch("stores-damaged");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump");
    let msg = std::fs::read(sample("outlook/Re-Relecture-entretien.msg")).expect("msg");
    std::fs::write(dump.join("truncated.msg"), &msg[..700]).expect("write");
    std::fs::write(dump.join("truncated.bin"), &msg[..700]).expect("write");
    std::fs::write(dump.join("report.doc"), word_file()).expect("write");
    std::fs::write(
        dump.join("archive.pst"),
        b"!BDN\x00\x01\x02\x03 rest of a store",
    )
    .expect("write");
    let index = dir.join("index");
    index_paths(&index, &[dump]);
    let stats = stats(&index);
    let n = |k: &str| stats[k].as_u64();
    assert_eq!(
        (n("emails"), n("failed"), n("skipped")),
        (Some(0), Some(2), Some(2))
    );
    let failures = json_lines(&index, &["failures", "--json"]);
    let reason = |name: &str| {
        let f = failures
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)));
        f.map(|f| {
            (
                f["kind"].as_str().unwrap_or("").to_owned(),
                f["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
    };
    let has = |name: &str, kind: &str, words: &str| {
        reason(name).is_some_and(|(k, r)| k == kind && r.contains(words))
    };
    assert!(
        has(
            "truncated.msg",
            "failed",
            "Outlook .msg: not a readable compound file"
        ),
        "{failures:?}"
    );
    assert!(
        has(
            "truncated.bin",
            "skipped",
            "OLE compound file that cannot be opened"
        ),
        "{failures:?}"
    );
    assert!(
        has("report.doc", "skipped", "no MAPI properties"),
        "{failures:?}"
    );
    assert!(
        has("archive.pst", "failed", "Outlook PST/OST store unreadable"),
        "{failures:?}"
    );
}

/// A compound file such as Word writes: a `WordDocument` stream, no MAPI property.
fn word_file() -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    let mut stream = file.create_stream("/WordDocument").expect("stream");
    std::io::Write::write_all(&mut stream, &[0xEC, 0xA5, 0xC1, 0x00]).expect("write");
    drop(stream);
    file.into_inner().into_inner()
}

/// A `.msg` written by Outlook itself (a German newsletter, from the test suite of spamscope's
/// mail-parser, in ../shared/corpora): its MAPI properties and its bytes.
#[test]
#[ignore = "reads ../shared/corpora, which CI lays beside the clone"]
fn a_real_outlook_msg_from_the_shared_corpora() {
    let path = shared_file("mime-edge/spamscope-mail-parser-tests/tests/mails/mail_outlook_1");
    let index = scratch("stores-real-msg").join("index");
    index_paths(&index, std::slice::from_ref(&path));
    let hit = one(&index, "id:20170918100018.6AE0948009C@www.w-vwa.de");
    assert_eq!(
        hit["subject"],
        "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz"
    );
    assert_eq!(hit["date"], "2017-09-18T10:00:18Z");
    assert_eq!(hit["from_address"], "nueblingv@w-vwa.de");
    assert_eq!(hit["attachments"][0]["name"], "newsletter.png");
    assert_eq!(hit["attachments"][0]["size"].as_u64(), Some(100_150));
    assert_eq!(hit["attachments"].as_array().map(Vec::len), Some(5));
    assert_eq!(count(&index, "Newsletter lang:de"), 1);
    assert_eq!(
        count(&index, "header:Received:postfix"),
        1,
        "transport headers"
    );
    let raw = trawl(&index, &["show", "--raw", hit["id"].as_str().expect("id")]).stdout;
    assert_eq!(raw, std::fs::read(&path).expect("msg"));
}

/// A `.msg` changed after indexing is never shown as the document it was: `show --raw`
/// refuses it, naming the file.
#[test]
fn a_changed_msg_is_refused_not_shown() {
    let dir = scratch("stores-changed-msg");
    let copy = dir.join("dump/copy.msg");
    std::fs::create_dir_all(dir.join("dump")).expect("dump");
    let mut bytes = std::fs::read(sample("outlook/Re-Relecture-entretien.msg")).expect("msg");
    std::fs::write(&copy, &bytes).expect("copy");
    let index = dir.join("index");
    index_paths(&index, &[dir.join("dump")]);
    let id = id_of(&index, "chaloupiste");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&copy, &bytes).expect("changed");
    let shown = trawl(&index, &["show", "--raw", &id]);
    assert!(!shown.status.success() && shown.stdout.is_empty());
    let said = String::from_utf8_lossy(&shown.stderr);
    assert!(said.contains("copy.msg"), "{said}");
}

/// The sample PST: each message found by its words with its fields, in its folder, read
/// back, exported and verified; the message whose attached item cannot be opened is indexed
/// and said damaged; every message accounted.
#[test]
fn an_outlook_pst_is_read_folder_by_folder() {
    let dir = scratch("stores-pst");
    let index = dir.join("index");
    let pst = sample("pst/campagne.pst");
    index_paths(&index, std::slice::from_ref(&pst));
    let store = std::fs::canonicalize(&pst).expect("pst");
    let store = store.to_string_lossy();
    let body = one(&index, "tirelipot");
    assert_eq!(body["subject"], "Ordre du jour du comité de campagne");
    assert_eq!(
        body["from"],
        "Julien Fabre <julien.fabre@horizon-commun.example>"
    );
    assert_eq!(body["lang"], "fr");
    assert_eq!(body["paths"][0], format!("{store}!/Inbox/2097188"));
    let pdf = one(&index, "farandolite");
    assert_eq!(pdf["attachments"][0]["name"], "devis-imprimeur.pdf");
    assert_eq!(pdf["attachments"][0]["mime"], "application/pdf");
    let docx = one(&index, "brimbalouette");
    assert_eq!(docx["attachments"][0]["name"], "fieldwork-plan.docx");
    assert_eq!(
        docx["cc"][0],
        "Sophie Lambert <sophie.lambert@horizon-commun.example>"
    );
    let reply = one(&index, "cancoillotier");
    assert_eq!(reply["in_reply_to"], "1497606300.5521.3@northpoll.example");
    assert_eq!(
        count(
            &index,
            &format!("thread:{}", reply["id"].as_str().expect("id"))
        ),
        2
    );
    assert_eq!(count(&index, "kind:email folder:projets"), 3);
    assert_eq!(count(&index, "kind:email folder:inbox"), 1);
    assert_eq!(
        count(&index, "-kind:attachment folder:projets farandolite"),
        1
    );
    assert_eq!(count(&index, "kind:email path:inbox/projets"), 3);
    assert_eq!(
        count(&index, "kind:attachment folder:projets"),
        2,
        "the PDF and the DOCX"
    );
    let id = pdf["id"].as_str().expect("id");
    let raw = trawl(&index, &["show", "--raw", id]).stdout;
    assert_eq!(
        raw.len() as u64,
        pdf["locations"][0]["length"].as_u64().expect("length")
    );
    assert!(
        raw.starts_with(b"From: "),
        "the rebuilt message, headers first"
    );
    let export = exported_and_verified(&index, &dir, "folder:projets");
    assert_eq!(
        std::fs::read(export.join(format!("{id}.eml"))).expect("exported"),
        raw
    );
    let stats = stats(&index);
    let n = |k: &str| stats[k].as_u64();
    assert_eq!(
        (n("occurrences"), n("emails"), n("failed"), n("damaged")),
        (Some(5), Some(5), Some(0), Some(1))
    );
    let damaged = json_lines(&index, &["failures", "--json", "--damaged"]);
    assert!(
        damaged[0]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("!/Inbox/Projets/2097316"))
            && damaged[0]["reason"]
                .as_str()
                .is_some_and(|r| r.contains("attachment 0 unreadable")),
        "{damaged:?}"
    );
}

/// A PST cut short, or with bytes changed, never stops the run: what can be read is indexed,
/// every message or store that cannot is a failure with its path and reason, and the counts
/// add up.
#[test]
fn a_cut_or_altered_pst_is_reported_never_a_crash() {
    let dir = scratch("stores-pst-damaged");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump");
    let pst = std::fs::read(sample("pst/campagne.pst")).expect("pst");
    std::fs::write(dump.join("half.pst"), &pst[..pst.len() / 2]).expect("write");
    std::fs::write(dump.join("cut.pst"), &pst[..100_000]).expect("write");
    std::fs::write(dump.join("start.pst"), &pst[..4096]).expect("write");
    let mut flipped = pst.clone();
    for at in (0x4400..flipped.len()).step_by(251) {
        flipped[at] ^= 0xFF;
    }
    std::fs::write(dump.join("flipped.pst"), &flipped).expect("write");
    let index = dir.join("index");
    index_paths(&index, &[dump]);
    let stats = stats(&index);
    common::assert_sources_add_up(&index);
    let failures = json_lines(&index, &["failures", "--json"]);
    let reason = |name: &str| {
        failures
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.contains(name)))
            .and_then(|f| f["reason"].as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    assert!(
        reason("start.pst").contains("Outlook PST/OST store unreadable"),
        "{failures:?}"
    );
    assert!(
        reason("flipped.pst").contains("Outlook PST/OST store unreadable"),
        "{failures:?}"
    );
    assert!(
        reason("cut.pst!/Inbox/Projets/2097316").contains("PST message node 2097316"),
        "{failures:?}"
    );
    assert_eq!(
        count(&index, "-kind:attachment farandolite"),
        1,
        "read from what was left"
    );
    assert!(stats["failed"].as_u64().is_some_and(|n| n >= 3), "{stats}");
}
