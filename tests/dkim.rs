//! DKIM through the binary: messages signed by dkimpy, an independent implementation
//! (`tests/fixtures/dkim/`, written by `tests/reference/dkim_fixtures.py`, which checks each
//! result with dkimpy's own verifier first), verified at index time with and without their key
//! file, found by `dkim:` and `dkim-domain:`, counted by `facets --by dkim`, shown by `show`,
//! `search --json` and the export manifest, re-verified step by step by `trawl dkim`; a copy
//! in an mbox (`>From ` quoting, LF line ends) verified over its delivered bytes; keys fetched
//! from a DNS server on 127.0.0.1 only with `--dkim-dns`; and the body hashes of SpamAssassin's
//! real signed test messages.

mod common;

use std::collections::BTreeMap;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::shapes::{self, Hit};
use common::{count, ok, repo, scratch, shared_file, trawl};

fn fixtures() -> PathBuf {
    repo("tests/fixtures/dkim")
}

/// The fixtures' expected results, by file name.
fn expected() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(fixtures().join("expected.tsv")).expect("expected.tsv");
    text.lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, r)| (f.to_owned(), r.to_owned()))
        .collect()
}

/// The signed messages copied into `dir/mail` (not the key file and the expectations, which
/// would be indexed as articles).
fn mail(dir: &Path) -> PathBuf {
    let mail = dir.join("mail");
    std::fs::create_dir_all(&mail).expect("mail dir");
    for name in expected().keys() {
        std::fs::copy(fixtures().join(name), mail.join(name)).expect("copy");
    }
    mail
}

fn keys() -> String {
    fixtures().join("keys.txt").to_string_lossy().into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// Every email's hit, by its file name.
fn hits(index: &Path) -> BTreeMap<String, Hit> {
    ok(index, &["search", "--json", "--all", "kind:email"])
        .lines()
        .map(shapes::one::<Hit>)
        .map(|h| {
            let name = Path::new(&h.paths[0]).file_name().expect("name");
            (name.to_string_lossy().into_owned(), h)
        })
        .collect()
}

/// An email's result: the best of its signatures'.
fn summary(hit: &Hit) -> &str {
    let results: Vec<&str> = hit
        .dkim
        .as_deref()
        .expect("checked")
        .iter()
        .map(|s| s.result.as_str())
        .collect();
    ["pass", "body-ok", "fail"]
        .into_iter()
        .find(|r| results.contains(r))
        .unwrap_or("none")
}

#[test]
fn with_their_keys_the_fixtures_give_what_dkimpy_says() {
    let dir = scratch("dkim-keys");
    let index = dir.join("index");
    ok(
        &index,
        &["index", "--dkim-keys", &keys(), path(&mail(&dir))],
    );
    let hits = hits(&index);
    assert_eq!(hits.len(), expected().len());
    for (name, want) in expected() {
        let hit = &hits[&name];
        assert_eq!(summary(hit), want, "{name}: {:?}", hit.dkim);
        let signed = &hit.dkim.as_deref().expect("checked")[0];
        assert_eq!(signed.domain, "horizon-commun.example");
        assert_eq!(
            signed.reason.is_none(),
            want == "pass",
            "{name}: {signed:?}"
        );
        assert!(count(&index, &format!("dkim:{want} subject:virement")) > 0);
    }
    let reasons: BTreeMap<&str, &str> = hits
        .iter()
        .map(|(n, h)| {
            (
                n.as_str(),
                h.dkim.as_deref().expect("dkim")[0]
                    .reason
                    .as_deref()
                    .unwrap_or(""),
            )
        })
        .collect();
    assert!(reasons["altered-body.eml"].starts_with("body hash mismatch"));
    assert!(reasons["altered-header.eml"].starts_with("the header signature does not verify"));
    assert!(
        reasons["missing-key.eml"]
            .starts_with("no key for gone2016._domainkey.horizon-commun.example")
    );
    assert_eq!(
        reasons["unknown-algorithm.eml"],
        "unknown algorithm a=rsa-sha512"
    );
    let facets = ok(&index, &["facets", "--by", "dkim", "--json", "kind:email"]);
    let counts: BTreeMap<String, u64> = facets
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .map(|v| {
            (
                v["value"].as_str().unwrap_or("").to_owned(),
                v["count"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want: BTreeMap<String, u64> = [
        ("pass".into(), 3),
        ("fail".into(), 3),
        ("body-ok".into(), 1),
    ]
    .into();
    assert_eq!(counts, want);
}

#[test]
fn without_keys_only_the_body_hashes_are_checked() {
    let dir = scratch("dkim-nokeys");
    let index = dir.join("index");
    ok(&index, &["index", path(&mail(&dir))]);
    for (name, hit) in hits(&index) {
        let want = match name.as_str() {
            "altered-body.eml" | "unknown-algorithm.eml" => "fail",
            _ => "body-ok",
        };
        assert_eq!(summary(&hit), want, "{name}");
    }
    assert!(
        !index.join("dkim-keys.txt").exists(),
        "no keys, nothing kept"
    );
    assert_eq!(count(&index, "dkim:pass"), 0);
    assert_eq!(count(&index, "dkim:none"), 0);
}

#[test]
fn a_key_file_given_later_verifies_the_emails_indexed_before_and_is_kept() {
    let dir = scratch("dkim-later");
    let index = dir.join("index");
    let mail = mail(&dir);
    ok(&index, &["index", path(&mail)]);
    assert_eq!(count(&index, "dkim:pass"), 0);
    ok(&index, &["index", "--dkim-keys", &keys(), path(&mail)]);
    assert_eq!(
        count(&index, "dkim:pass"),
        3,
        "the files were read again with the keys"
    );
    let kept = std::fs::read_to_string(index.join("dkim-keys.txt")).expect("kept keys");
    assert_eq!(kept.lines().count(), 2, "{kept}");
    ok(&index, &["index", "--rescan", path(&mail)]);
    assert_eq!(
        count(&index, "dkim:pass"),
        3,
        "later runs verify with the kept keys"
    );
}

#[test]
fn dkim_domain_finds_the_signer_alone_or_with_its_result() {
    let dir = scratch("dkim-domain");
    let index = dir.join("index");
    ok(
        &index,
        &["index", "--dkim-keys", &keys(), path(&mail(&dir))],
    );
    assert_eq!(count(&index, "dkim-domain:horizon-commun.example"), 7);
    assert_eq!(count(&index, "dkim-domain:Horizon-Commun.Example:pass"), 3);
    assert_eq!(
        count(&index, "dkim-domain:horizon-commun.example:body-ok"),
        1
    );
    assert_eq!(count(&index, "dkim-domain:horizon-commun.example:fail"), 3);
    assert_eq!(count(&index, "dkim-domain:example.org"), 0);
    assert_eq!(
        count(&index, "dkim:pass dkim-domain:horizon-commun.example"),
        3
    );
}

#[test]
fn show_the_manifest_and_trawl_dkim_give_the_results() {
    let dir = scratch("dkim-show");
    let index = dir.join("index");
    ok(
        &index,
        &["index", "--dkim-keys", &keys(), path(&mail(&dir))],
    );
    let hits = hits(&index);
    let altered = &hits["altered-header.eml"].id;
    let shown = ok(&index, &["show", altered]);
    assert!(
        shown.contains("DKIM: fail (horizon-commun.example s=rsa2017: fail: the header signature does not verify"),
        "{shown}"
    );
    let passed = &hits["pass-ed25519-sha256.eml"].id;
    let steps = ok(&index, &["dkim", passed]);
    let lines: Vec<&str> = steps.lines().collect();
    assert_eq!(lines[0], format!("{passed}: dkim pass (indexed: pass)"));
    assert_eq!(
        lines[1],
        "signature 1: d=horizon-commun.example s=ed2017: pass"
    );
    for (n, step) in [
        "read the signature",
        "hash the body",
        "find the key",
        "hash the signed headers",
        "check the signature",
    ]
    .iter()
    .enumerate()
    {
        assert!(
            lines[n + 2].starts_with(&format!("  {}. {step}: ", n + 1)),
            "{steps}"
        );
    }
    assert!(lines[6].ends_with("k=ed25519: verifies"), "{steps}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&index, &["dkim", "--json", altered])).expect("json");
    assert_eq!(json["result"], "fail");
    assert_eq!(json["indexed"][0]["result"], "fail");
    assert_eq!(
        json["signatures"][0]["steps"].as_array().map(Vec::len),
        Some(5)
    );
    let export = dir.join("out");
    ok(&index, &["export", "kind:email", "--to", path(&export)]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export.join("manifest.json")).expect("manifest"))
            .expect("json");
    let entries = manifest["messages"].as_array().expect("messages");
    let entry = entries
        .iter()
        .find(|e| e["id"] == altered.as_str())
        .expect("entry");
    assert_eq!(entry["dkim"][0]["result"], "fail");
    let csv = std::fs::read_to_string(export.join("manifest.csv")).expect("csv");
    assert!(csv.lines().next().unwrap_or("").ends_with(",dkim"), "{csv}");
    assert!(
        csv.contains("pass (horizon-commun.example s=rsa2017: pass)"),
        "{csv}"
    );
}

#[test]
fn trawl_dkim_refuses_a_document_that_is_no_email() {
    let dir = scratch("dkim-article");
    let index = dir.join("index");
    ok(&index, &["index", path(&fixtures())]);
    let articles = ok(&index, &["search", "--json", "kind:article"]);
    let hits: Vec<Hit> = articles.lines().map(shapes::one::<Hit>).collect();
    assert_eq!(hits.len(), 2, "keys.txt and expected.tsv");
    assert!(
        hits.iter().all(|h| h.dkim.is_none()),
        "an article is not checked"
    );
    let o = trawl(&index, &["dkim", &hits[0].id]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("it has no DKIM signature to verify"));
}

/// The mbox a list archive would keep: LF line ends, a `From ` envelope, and the body's
/// `From the desk` line quoted `>From `. Its signature still verifies: it is checked over the
/// bytes as delivered, quoting undone.
#[test]
fn an_mbox_copy_is_verified_over_its_delivered_bytes() {
    let dir = scratch("dkim-mbox");
    let index = dir.join("index");
    let eml = std::fs::read(fixtures().join("pass-rsa-sha256-relaxed.eml")).expect("eml");
    let lf: Vec<u8> = eml.iter().filter(|&&b| b != b'\r').copied().collect();
    let quoted = String::from_utf8_lossy(&lf).replace("\nFrom the desk", "\n>From the desk");
    assert_ne!(quoted.as_bytes(), &lf[..], "the body has a line to quote");
    let mbox = dir.join("list.mbox");
    std::fs::write(
        &mbox,
        format!("From mboxrd@z Thu Jan  1 00:00:00 1970\n{quoted}\n"),
    )
    .expect("mbox");
    ok(&index, &["index", "--dkim-keys", &keys(), path(&mbox)]);
    assert_eq!(count(&index, "dkim:pass"), 1);
}

/// A DNS server on 127.0.0.1 that answers TXT queries from `records` (name → record), and
/// nothing for other names, for at most `queries` queries or 20 seconds.
fn dns_server(records: BTreeMap<String, String>, queries: usize) -> std::net::SocketAddr {
    use hickory_proto::op::{Message, MessageType, ResponseCode};
    use hickory_proto::rr::rdata::TXT;
    use hickory_proto::rr::{RData, Record};
    use hickory_proto::serialize::binary::BinDecodable;
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let addr = socket.local_addr().expect("addr");
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        for _ in 0..queries {
            let Ok((n, from)) = socket.recv_from(&mut buf) else {
                return;
            };
            let Ok(query) = Message::from_bytes(&buf[..n]) else {
                continue;
            };
            let mut answer = Message::new();
            answer
                .set_id(query.id())
                .set_message_type(MessageType::Response);
            answer.add_queries(query.queries().to_vec());
            let name = query.queries()[0].name().clone();
            let key = name.to_ascii().trim_end_matches('.').to_ascii_lowercase();
            match records.get(&key) {
                Some(txt) => {
                    let strings = txt.as_bytes().chunks(255);
                    let strings = strings.map(|s| String::from_utf8_lossy(s).into_owned());
                    let data = RData::TXT(TXT::new(strings.collect()));
                    answer.add_answer(Record::from_rdata(name, 300, data));
                }
                None => {
                    answer.set_response_code(ResponseCode::NXDomain);
                }
            }
            let _ = socket.send_to(&answer.to_vec().expect("encode"), from);
        }
    });
    addr
}

#[test]
fn keys_come_from_dns_only_when_asked_and_are_kept() {
    let dir = scratch("dkim-dns");
    let index = dir.join("index");
    let mail = mail(&dir);
    let records: BTreeMap<String, String> = std::fs::read_to_string(keys())
        .expect("keys")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .map(|(name, record)| (name.to_owned(), record.trim_matches('"').to_owned()))
        .collect();
    ok(&index, &["index", path(&mail)]);
    assert_eq!(count(&index, "dkim:pass"), 0, "no DNS without --dkim-dns");
    let server = dns_server(records, 8);
    let flag = format!("--dkim-dns={server}");
    ok(&index, &["index", &flag, path(&mail)]);
    assert_eq!(count(&index, "dkim:pass"), 3);
    let hits = hits(&index);
    let missing = &hits["missing-key.eml"].dkim.as_deref().expect("dkim")[0];
    assert_eq!(missing.result, "body-ok");
    assert!(
        missing.reason.as_deref().unwrap_or("").contains("(DNS)"),
        "{missing:?}"
    );
    let kept = std::fs::read_to_string(index.join("dkim-keys.txt")).expect("kept");
    assert_eq!(kept.lines().count(), 2, "the keys found are kept: {kept}");
}

/// SpamAssassin's real signed test messages (`t/data/dkim`, signed by its test domain whose
/// keys are not here): every body hash of its `test-pass-*` messages matches, simple and
/// relaxed, rsa-sha1 and rsa-sha256.
#[test]
#[ignore = "needs ../shared/corpora"]
fn conformance_spamassassin_signed_bodies_hash_as_signed() {
    let samples = shared_file("mime-edge/spamassassin-t-data/t/data/dkim");
    let verifier = trawl::dkim::Verifier::new(trawl::dkim::Keys::default());
    let mut checked = 0;
    for entry in std::fs::read_dir(&samples).expect("dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !name.starts_with("test-pass-") {
            continue;
        }
        let signed = verifier.check(&std::fs::read(&path).expect("message"));
        assert!(!signed.is_empty(), "{name}");
        for s in signed {
            assert_eq!(s.result.as_str(), "body-ok", "{name}: {s:?}");
        }
        checked += 1;
    }
    assert_eq!(checked, 23);
}
