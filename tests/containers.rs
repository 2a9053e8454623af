//! Archives (`.zip`, `.tar`, `.tar.gz`, `.gz`, `.7z`, nested): members found with their
//! `archive!/member` locations, read back byte for byte, accounted for like files, read again
//! only when the archive changes, and hostile or damaged archives reported, never dropped.
//! Archives are built here with the archive crates, or taken from `corpus-samples/archives`.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{
    assert_sources_add_up, count, id_of, index_paths, json_lines, ok, repo, scratch, source_bytes,
    stdout, trawl, trawl_within,
};
use serde_json::Value;

/// A small email holding `word`, with its own Message-ID.
fn email(word: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{word}@horizon.example>\nFrom: Camille Moreau <camille@horizon.example>\n\
         To: julien@horizon.example\nSubject: Note {word}\nDate: Tue, 2 May 2017 09:14:03 +0200\n\n\
         Le mot du jour est {word}.\n"
    )
    .into_bytes()
}

/// A zip of `(name, bytes)` members, deflated.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(bytes).expect("zip bytes");
    }
    zip.finish().expect("zip written").into_inner()
}

/// A tar of regular `(name, bytes)` members.
fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, name, *bytes)
            .expect("tar entry");
    }
    tar.into_inner().expect("tar written")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip written")
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    std::fs::write(path, bytes).expect("written");
    path.to_path_buf()
}

/// The only hit of `word` as JSON.
fn hit(index: &Path, word: &str) -> Value {
    let hits = json_lines(index, &["search", "--json", word]);
    assert_eq!(hits.len(), 1, "{word}: {hits:?}");
    hits[0].clone()
}

/// The first location path of the only hit of `word`.
fn location_of(index: &Path, word: &str) -> String {
    hit(index, word)["locations"][0]["path"]
        .as_str()
        .expect("a path")
        .to_owned()
}

/// `trawl failures --json --damaged` lines.
fn failures(index: &Path) -> Vec<Value> {
    json_lines(index, &["failures", "--json", "--damaged"])
}

fn canonical(path: &Path) -> String {
    std::fs::canonicalize(path)
        .expect("exists")
        .to_string_lossy()
        .into_owned()
}

/// Every archive of the samples is found by content, each word at its `!/` location, and
/// `show --raw` gives the member's bytes at that span exactly (compared with the member
/// unpacked by the archive crates directly); the per-source sums hold.
#[test]
fn every_sample_archive_is_read_and_read_back_byte_exact() {
    let dir = scratch("containers-samples");
    let index = dir.join("index");
    let archives = repo("corpus-samples/archives");
    index_paths(&index, std::slice::from_ref(&archives));
    let root = canonical(&archives);
    let words = [
        ("fanfrelusque", "courriers-juin.zip!/lettre-mairie.eml"),
        ("pistoulaire", "courriers-juin.zip!/tracts.mbox"),
        (
            "caramboulis",
            "boite-sophie.tar.gz!/Sophie/cur/1497000000.M1P5120.laptop:2,S",
        ),
        ("brocamelle", "revue-presse.mbox.gz!/revue-presse.mbox"),
        ("chalumerine", "notes-tresorier.7z!/notes-tresorier.eml"),
        (
            "mirlitonade",
            "envoi-imbrique.zip!/lot-2.zip!/consignes.eml",
        ),
    ];
    for (word, member) in words {
        let found = hit(&index, word);
        let location = &found["locations"][0];
        assert_eq!(location["path"], format!("{root}/{member}"), "{word}");
        let (offset, length) = (location["offset"].as_u64(), location["length"].as_u64());
        let (offset, length) = (
            offset.expect("offset") as usize,
            length.expect("len") as usize,
        );
        let member_bytes = source_bytes(&format!("{root}/{member}"));
        let span = &member_bytes[offset..offset + length];
        let raw = trawl(
            &index,
            &["show", "--raw", found["id"].as_str().expect("id")],
        );
        assert!(raw.status.success(), "{word}");
        assert_eq!(raw.stdout, trawl::mbox::unquote(span).as_ref(), "{word}");
    }
    assert_eq!(count(&index, "kind:email"), 10);
    assert_eq!(
        count(&index, "folder:sophie"),
        2,
        "the maildir folder in the tar.gz"
    );
    assert_eq!(
        count(&index, "folder:lot-2.zip"),
        1,
        "a member at the top of a zip"
    );
    assert_sources_add_up(&index);
    assert_eq!(count(&index, "livraisonette"), 0, "in the maildir's tmp/");
    let skipped: Vec<(String, String)> = failures(&index)
        .iter()
        .map(|f| (f["path"].to_string(), f["reason"].to_string()))
        .collect();
    let tmp = "boite-sophie.tar.gz!/Sophie/tmp/1497164400.M3P5120.laptop";
    let expected = [
        (tmp, "in a maildir's tmp/: a message still being delivered"),
        (
            "courriers-juin.zip!/logo.png",
            "binary content, not mail or text",
        ),
    ]
    .map(|(p, r)| (format!("\"{root}/{p}\""), format!("\"{r}\"")));
    assert_eq!(skipped, expected);
}

/// A re-run on unchanged archives reads nothing; a changed archive is read again, and the
/// member gone from it loses its locations (its message leaves the index) and its record.
#[test]
fn unchanged_archives_are_not_read_again_and_gone_members_are_dropped() {
    let dir = scratch("containers-rerun");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump");
    let index = dir.join("index");
    let (a, b) = (email("ourlipette"), email("sablonnade"));
    let zip = write(
        &dump.join("lot.zip"),
        &zip_of(&[("a.eml", &a), ("b.eml", &b)]),
    );
    index_paths(&index, std::slice::from_ref(&dump));
    assert_eq!(count(&index, "ourlipette OR sablonnade"), 2);
    let again = ok(&index, &["index", dump.to_str().expect("utf8")]);
    assert!(again.contains("unchanged files: 1"), "{again}");
    assert!(again.contains("emails read:     0"), "{again}");

    std::thread::sleep(std::time::Duration::from_millis(20));
    write(&zip, &zip_of(&[("b.eml", &b)]));
    index_paths(&index, std::slice::from_ref(&dump));
    assert_eq!(
        count(&index, "ourlipette"),
        0,
        "gone from the archive, gone from the index"
    );
    assert_eq!(
        location_of(&index, "sablonnade"),
        format!("{}!/b.eml", canonical(&zip))
    );
    let stats: Value =
        serde_json::from_str(&ok(&index, &["stats", "--json", "--sources"])).expect("stats");
    let paths: Vec<&str> = stats["per_source"]
        .as_array()
        .expect("per_source")
        .iter()
        .filter_map(|s| s["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [canonical(&zip), format!("{}!/b.eml", canonical(&zip))]
    );
    assert_sources_add_up(&index);
}

/// Past `--max-container-size`, what was read is indexed and the truncation is recorded
/// with the member where it happened; the members after it are not read.
#[test]
fn a_zip_bomb_stops_at_the_size_limit_and_is_reported() {
    let dir = scratch("containers-bomb");
    let index = dir.join("index");
    let filler = "remplissage sans fin\n".repeat(150_000);
    let bytes = zip_of(&[
        ("premier.eml", &email("gribouillon")),
        ("bombe.txt", filler.as_bytes()),
        ("apres.eml", &email("tartempion")),
    ]);
    let zip = write(&dir.join("bombe.zip"), &bytes);
    let o = trawl(
        &index,
        &[
            "index",
            "--max-container-size",
            "1",
            zip.to_str().expect("utf8"),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        count(&index, "gribouillon"),
        1,
        "read before the limit: kept"
    );
    assert_eq!(count(&index, "tartempion"), 0, "after the limit: not read");
    let truncated: Vec<Value> = failures(&index)
        .into_iter()
        .filter(|f| f["kind"] == "truncated")
        .collect();
    assert_eq!(truncated.len(), 1, "{truncated:?}");
    assert_eq!(
        truncated[0]["path"],
        format!("{}!/bombe.txt", canonical(&zip))
    );
    let reason = truncated[0]["reason"].as_str().expect("reason");
    assert!(reason.contains("--max-container-size"), "{reason}");
    let stats: Value = serde_json::from_str(&ok(&index, &["stats", "--json"])).expect("stats");
    assert_eq!(stats["truncated"], 1);
}

/// A gzip that expands thousands of times is stopped by the ratio limit (past its floor).
#[test]
fn a_gzip_bomb_stops_at_the_ratio_limit() {
    let dir = scratch("containers-ratio");
    let index = dir.join("index");
    let mut mbox = String::from_utf8(email("zinzolin")).expect("utf8");
    mbox.insert_str(0, "From camille@horizon.example Tue May  2 09:14:03 2017\n");
    let zeros = vec![b'0'; 24 << 20];
    let mut bytes = mbox.into_bytes();
    bytes.extend_from_slice(&zeros);
    let gz = write(&dir.join("bombe.mbox.gz"), &gzip(&bytes));
    index_paths(&index, std::slice::from_ref(&gz));
    let truncated: Vec<Value> = failures(&index)
        .into_iter()
        .filter(|f| f["kind"] == "truncated")
        .collect();
    assert_eq!(truncated.len(), 1, "{truncated:?}");
    let reason = truncated[0]["reason"].as_str().expect("reason");
    assert!(reason.contains("--max-container-ratio"), "{reason}");
    assert_eq!(
        truncated[0]["path"],
        format!("{}!/bombe.mbox", canonical(&gz))
    );
    assert_sources_add_up(&index);
}

/// An archive nested deeper than `--max-container-depth` is reported as skipped, with the
/// limit named; what is above it is indexed.
#[test]
fn nesting_past_the_depth_limit_is_reported() {
    let dir = scratch("containers-depth");
    let index = dir.join("index");
    let inner = zip_of(&[("fond.eml", &email("profondeur"))]);
    let middle = zip_of(&[("niveau-3.zip", &inner), ("milieu.eml", &email("mitoyen"))]);
    let outer = zip_of(&[("niveau-2.zip", &middle)]);
    let zip = write(&dir.join("niveau-1.zip"), &outer);
    let o = trawl(
        &index,
        &[
            "index",
            "--max-container-depth",
            "2",
            zip.to_str().expect("utf8"),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(count(&index, "mitoyen"), 1);
    assert_eq!(count(&index, "profondeur"), 0);
    let listed = failures(&index);
    let deep = format!("{}!/niveau-2.zip!/niveau-3.zip", canonical(&zip));
    let skipped = listed.iter().find(|f| f["path"] == deep.as_str());
    let reason = skipped
        .and_then(|f| f["reason"].as_str())
        .unwrap_or_default();
    assert!(reason.contains("--max-container-depth (2)"), "{listed:?}");
    let path = zip.to_str().expect("utf8");
    let again = ok(
        &index,
        &["index", "--rescan", "--max-container-depth", "2", path],
    );
    assert!(again.contains("skipped files:   1"), "{again}");
    ok(&index, &["index", "--rescan", path]);
    assert_eq!(count(&index, "profondeur"), 1, "within the default depth");
}

/// A tar cut off in its third member keeps the two before, and reports the damage with the
/// archive's path and an offset; a zip cut off before its directory is reported as
/// unreadable. Neither stops the run.
#[test]
fn damaged_archives_are_reported_with_what_was_readable_kept() {
    let dir = scratch("containers-damaged");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump");
    let index = dir.join("index");
    let long = "x".repeat(4000);
    let third = [email("troisieme").as_slice(), long.as_bytes()].concat();
    let tar = tar_of(&[
        ("un.eml", &email("primevere")),
        ("deux.eml", &email("secondine")),
        ("trois.eml", &third),
    ]);
    let cut = write(&dump.join("coupe.tar"), &tar[..tar.len() - 3000]);
    let zip = zip_of(&[("a.eml", &email("zippetout"))]);
    let broken = write(&dump.join("casse.zip"), &zip[..zip.len() - 30]);
    index_paths(&index, std::slice::from_ref(&dump));
    assert_eq!(count(&index, "primevere OR secondine"), 2);
    let listed = failures(&index);
    let of = |path: &Path| {
        let path = canonical(path);
        listed
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.starts_with(&path)))
            .cloned()
            .collect::<Vec<Value>>()
    };
    let tar_failures = of(&cut);
    assert!(
        tar_failures.iter().any(|f| f["kind"] == "failed"
            && f["reason"]
                .as_str()
                .is_some_and(|r| r.starts_with("unreadable"))),
        "{tar_failures:?}"
    );
    let zip_failures = of(&broken);
    assert_eq!(zip_failures.len(), 1, "{zip_failures:?}");
    assert_eq!(zip_failures[0]["path"], canonical(&broken));
    assert!(
        zip_failures[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("cannot be read as zip")),
        "{zip_failures:?}"
    );
    assert_sources_add_up(&index);
}

/// Hostile member names and kinds: a path climbing out (`../`) is only a name in a location,
/// a symlink is not followed, a second member of the same name and a name holding `!/` are
/// skipped with their reasons; nothing is written outside, nothing panics.
#[test]
fn hostile_members_are_named_skipped_or_refused_never_followed() {
    let dir = scratch("containers-hostile");
    let index = dir.join("index");
    let mut tar = tar::Builder::new(Vec::new());
    let mut add = |name: &[u8], kind: tar::EntryType, bytes: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.as_gnu_mut().expect("gnu").name[..name.len()].copy_from_slice(name);
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(kind);
        header.set_cksum();
        tar.append(&header, bytes).expect("entry");
    };
    add(
        b"../../evade.eml",
        tar::EntryType::Regular,
        &email("evasion"),
    );
    add(b"lien.eml", tar::EntryType::Symlink, b"");
    add(
        b"double.eml",
        tar::EntryType::Regular,
        &email("premierdouble"),
    );
    add(
        b"double.eml",
        tar::EntryType::Regular,
        &email("secondouble"),
    );
    add(b"a!/b.eml", tar::EntryType::Regular, &email("pointexclam"));
    let bytes = tar.into_inner().expect("tar");
    let path = write(&dir.join("hostile.tar"), &bytes);
    index_paths(&index, std::slice::from_ref(&path));
    let base = canonical(&path);
    assert_eq!(
        location_of(&index, "evasion"),
        format!("{base}!/../../evade.eml")
    );
    assert!(!dir.join("evade.eml").exists() && !Path::new("/evade.eml").exists());
    assert_eq!(count(&index, "premierdouble"), 1);
    assert_eq!(count(&index, "secondouble OR pointexclam"), 0);
    let reasons: Vec<(String, String)> = failures(&index)
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or_default();
            let name = path.strip_prefix(&format!("{base}!/")).unwrap_or(path);
            (
                name.to_owned(),
                f["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let reason_of = |name: &str| {
        reasons
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
    };
    assert_eq!(
        reason_of("lien.eml").as_deref(),
        Some("link member, not followed")
    );
    assert!(reason_of("double.eml").is_some_and(|r| r.starts_with("duplicate member name")));
    assert!(reason_of("a!/b.eml").is_some_and(|r| r.contains("archive separator")));
    let id = id_of(&index, "evasion");
    let raw = trawl(&index, &["show", "--raw", &id]);
    assert_eq!(raw.stdout, email("evasion"));
    assert_sources_add_up(&index);
}

/// A zip renamed `.txt` is still read as a zip (content decides), and a file on disk whose
/// directory ends in `!` is reported, never confused with a member.
#[test]
fn archives_are_found_by_content_and_bang_paths_are_refused() {
    let dir = scratch("containers-content");
    let dump = dir.join("dump");
    std::fs::create_dir_all(dump.join("boite!")).expect("dirs");
    let zip = write(
        &dump.join("notes.txt"),
        &zip_of(&[("m.eml", &email("camouflet"))]),
    );
    write(&dump.join("boite!/m.eml"), &email("exclamatif"));
    let index = dir.join("index");
    let o = trawl(&index, &["index", dump.to_str().expect("utf8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("skipped files:   1"), "{}", stdout(&o));
    assert_eq!(
        location_of(&index, "camouflet"),
        format!("{}!/m.eml", canonical(&zip))
    );
    assert_eq!(count(&index, "exclamatif"), 0);
    let listed = failures(&index);
    assert!(
        listed
            .iter()
            .any(|f| f["reason"].as_str().is_some_and(|r| r.contains("`!/`"))),
        "{listed:?}"
    );
}

/// Past `--max-container-members`, the entries read are indexed and the rest of that archive
/// is recorded as truncated at the archive.
#[test]
fn members_past_the_count_limit_are_recorded_not_read() {
    let dir = scratch("containers-members");
    let index = dir.join("index");
    let words = ["unieme", "deuxieme", "troisieme", "quatrieme"];
    let emails: Vec<Vec<u8>> = words.iter().map(|w| email(w)).collect();
    let names: Vec<String> = (1..=words.len()).map(|i| format!("{i}.eml")).collect();
    let members: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&emails)
        .map(|(n, e)| (n.as_str(), e.as_slice()))
        .collect();
    let zip = write(&dir.join("lot.zip"), &zip_of(&members));
    let path = zip.to_str().expect("utf8");
    ok(&index, &["index", "--max-container-members", "2", path]);
    assert_eq!(count(&index, "unieme OR deuxieme"), 2);
    assert_eq!(count(&index, "troisieme OR quatrieme"), 0);
    let truncated: Vec<Value> = failures(&index)
        .into_iter()
        .filter(|f| f["kind"] == "truncated")
        .collect();
    assert_eq!(truncated.len(), 1, "{truncated:?}");
    assert_eq!(truncated[0]["path"], canonical(&zip));
    let reason = truncated[0]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("more than 2 members"), "{reason}");
    assert_sources_add_up(&index);
}

/// The archive name each `container_walk` fuzz input is read as, by its first byte (the order
/// of `KINDS` in `fuzz/fuzz_targets/container_walk.rs`).
fn fuzzed_name(selector: u8) -> &'static str {
    ["input.zip", "input.tar", "input.mbox.gz", "input.7z"][usize::from(selector) % 4]
}

/// Every input the `container_walk` fuzz target found (`fuzz/regressions/container_walk`, the
/// first byte naming the archive kind) is indexed without a crash or a hang; every email
/// indexed from it reads back with `show --raw` (a solid 7z's second member once read back
/// as the first one's bytes), and an archive that gave none is reported as damaged.
#[test]
fn archives_found_by_the_fuzzer_are_read_back_or_reported() {
    let dir = scratch("containers-fuzzed");
    let found = std::fs::read_dir(repo("fuzz/regressions/container_walk")).expect("regressions");
    for (n, entry) in found.enumerate() {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("regression file");
        let case = dir.join(n.to_string());
        std::fs::create_dir_all(&case).expect("case dir");
        let archive = write(&case.join(fuzzed_name(bytes[0])), &bytes[1..]);
        let index = case.join("index");
        let run = trawl_within(&index, &["index", archive.to_str().expect("utf8")], 60);
        assert!(run.success());
        let ids = ok(
            &index,
            &["search", "--all", "--format", "ids", "kind:email"],
        );
        for id in ids.lines() {
            ok(&index, &["show", "--raw", id]);
        }
        let path = canonical(&archive);
        let reported = failures(&index).into_iter().any(|f| {
            f["path"].as_str().is_some_and(|p| p.starts_with(&path))
                && f["reason"]
                    .as_str()
                    .is_some_and(|r| r.contains("unreadable"))
        });
        assert!(
            reported || !ids.is_empty(),
            "{path}: {:?}",
            failures(&index)
        );
    }
}

/// A 7z whose header asks for more than the archive holds or the limits allow (a next header
/// of 2^40 bytes, an LZMA2 dictionary of 4 GB) is reported as unreadable, naming what it
/// asked for, and never given to the 7z crate, which would allocate it.
#[test]
fn a_7z_whose_header_asks_too_much_is_reported_not_read() {
    let dir = scratch("containers-7z-header");
    let sample = std::fs::read(repo("corpus-samples/archives/notes-tresorier.7z")).expect("7z");
    let mut huge = sample.clone();
    huge[20..28].copy_from_slice(&(1u64 << 40).to_le_bytes());
    let mut dictionary = sample.clone();
    let lzma2 = sample
        .windows(4)
        .position(|w| w == [0x21, 0x21, 0x01, 0x00]);
    dictionary[lzma2.expect("the sample's LZMA2 coder") + 3] = 40;
    for (name, bytes, said) in [
        ("huge.7z", huge, "beyond the end of the archive"),
        (
            "dict.7z",
            dictionary,
            "a 7z dictionary (bytes) declares 4294967295",
        ),
    ] {
        let archive = write(&dir.join(name), &bytes);
        let index = dir.join(format!("index-{name}"));
        index_paths(&index, std::slice::from_ref(&archive));
        let listed = failures(&index);
        let reported = listed.iter().any(|f| {
            f["path"] == canonical(&archive)
                && f["reason"].as_str().is_some_and(|r| {
                    r.starts_with("unreadable from this offset on: cannot be read as 7z")
                        && r.contains(said)
                })
        });
        assert!(reported, "{name}: {listed:?}");
    }
}

/// In a solid 7z (written by `7z a`), a member skipped unread (a Dovecot `dovecot-uidlist`)
/// is still read through, so that the message after it is its own bytes, indexed and read
/// back: sevenz-rust2 starts each member where the last read stopped.
#[test]
fn a_solid_7z_member_after_a_skipped_one_is_its_own_bytes() {
    let dir = scratch("containers-7z-solid");
    let fixture = std::fs::read(repo("tests/fixtures/solid-after-skipped-member.7z")).expect("7z");
    let archive = write(&dir.join("s.7z"), &fixture);
    let index = dir.join("index");
    index_paths(&index, std::slice::from_ref(&archive));
    assert_eq!(count(&index, "skipaftermot"), 1);
    let raw = ok(&index, &["show", "--raw", &id_of(&index, "skipaftermot")]);
    assert!(
        raw.starts_with("From: a@b.example\nSubject: skipafter\n"),
        "{raw}"
    );
    let listed = failures(&index);
    assert!(
        listed
            .iter()
            .all(|f| f["kind"] != "failed" && f["kind"] != "damaged"),
        "{listed:?}"
    );
}
