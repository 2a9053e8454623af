//! `trawl serve` in a real browser: headless Chromium, driven through chromedriver, over the
//! bundled samples. Each test starts its own server, driver and browser. They need Debian's
//! `chromium` and `chromium-driver`, which `.ci/run` installs, so they are ignored by a plain
//! `cargo test` and run by `cargo test --release -- --include-ignored`.
//!
//! With `TRAWL_SCREENSHOTS=docs` the screenshot test writes `docs/images/serve-*.png`, the
//! pictures README and the guide show.

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use browser::{Beacon, Driver, downloaded, run};
use common::serve::Server;
use common::{count, ok, repo, scratch, trawl};
use fantoccini::{Client, Locator};
use sha2::{Digest, Sha256};

fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| common::samples_index(&scratch("browser")))
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("its text")
}

async fn click(client: &Client, css: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn total(client: &Client) -> u64 {
    let shown = client
        .find(Locator::Css("#count"))
        .await
        .expect("a count")
        .attr("data-total")
        .await
        .expect("data-total")
        .expect("a total");
    shown.parse().expect("a number")
}

async fn query_in_box(client: &Client) -> String {
    client
        .find(Locator::Css("#q"))
        .await
        .expect("the search box")
        .prop("value")
        .await
        .expect("its value")
        .unwrap_or_default()
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn search_narrow_by_a_facet_open_a_message_and_find_in_it() {
    let server = Server::start(index(), &[]);
    let driver = Driver::start();
    let downloads = scratch("browser-search");
    run(async {
        let c = driver.browser(&downloads).await;
        c.goto(&server.url()).await.expect("home");
        let q = c.find(Locator::Css("#q")).await.expect("box");
        q.send_keys("budget\n").await.expect("typed");
        c.wait()
            .for_element(Locator::Css("li.hit"))
            .await
            .expect("hits");
        assert_eq!(total(&c).await, count(index(), "budget"));
        click(&c, "section.facet[data-facet=from] li:first-child a").await;
        c.wait()
            .for_element(Locator::Css("li.hit"))
            .await
            .expect("hits");
        let narrowed = query_in_box(&c).await;
        assert!(narrowed.starts_with("budget from:"), "{narrowed}");
        assert_eq!(total(&c).await, count(index(), &narrowed));
        click(&c, "li.hit a.subject").await;
        c.wait()
            .for_element(Locator::Css("#message-text"))
            .await
            .expect("the message");
        let find = c.find(Locator::Css("#find")).await.expect("find box");
        find.send_keys("budget").await.expect("typed");
        let found = text_of(&c, "#find-count").await;
        let (at, of) = found
            .split_once(" / ")
            .unwrap_or_else(|| panic!("{found:?}"));
        assert_eq!(at, "1");
        let marks = c.find_all(Locator::Css("mark.found")).await.expect("marks");
        assert_eq!(marks.len().to_string(), of);
        if marks.len() > 1 {
            click(&c, "#find-next").await;
            assert_eq!(text_of(&c, "#find-count").await, format!("2 / {of}"));
        }
        c.close().await.expect("closed");
    });
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn a_conversation_opens_from_its_message_and_reads_as_one_page() {
    let threads = common::json_lines(
        index(),
        &[
            "search",
            "--threads",
            "--json",
            "subject:\"Relecture de l'entretien\"",
        ],
    );
    let id = threads[0]["thread"].as_str().expect("a thread").to_owned();
    let members = ok(index(), &["thread", "--json", &id]).lines().count();
    let server = Server::start(index(), &[]);
    let driver = Driver::start();
    run(async {
        let c = driver.browser(&scratch("browser-thread")).await;
        c.goto(&format!("{}/message/{id}", server.url()))
            .await
            .expect("message");
        let tree = c.find_all(Locator::Css("ul.tree li")).await.expect("tree");
        assert_eq!(tree.len(), members);
        click(&c, "#read-thread").await;
        c.wait()
            .for_element(Locator::Css("section.thread"))
            .await
            .expect("thread page");
        let read = c
            .find_all(Locator::Css("article.inthread"))
            .await
            .expect("messages");
        assert_eq!(read.len(), members);
        c.close().await.expect("closed");
    });
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn an_attachment_downloads_byte_for_byte() {
    let id = common::id_of(index(), "subject:\"previsionnel v3\"");
    let recorded = common::json_lines(index(), &["search", "--json", &format!("doc:{id}")]);
    let sha = recorded[0]["attachments"][0]["sha256"]
        .as_str()
        .expect("a SHA-256")
        .to_owned();
    let server = Server::start(index(), &[]);
    let driver = Driver::start();
    let downloads = scratch("browser-download");
    run(async {
        let c = driver.browser(&downloads).await;
        c.goto(&format!("{}/message/{id}", server.url()))
            .await
            .expect("message");
        click(&c, "li.attachment a.download").await;
        let file = downloaded(&downloads);
        assert_eq!(hex(&std::fs::read(&file).expect("the file")), sha);
        c.close().await.expect("closed");
    });
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn a_tag_added_to_a_selection_becomes_a_facet() {
    let index = common::samples_index(&scratch("browser-tags"));
    let server = Server::start(&index, &[]);
    let driver = Driver::start();
    run(async {
        let c = driver.browser(&scratch("browser-tags-dl")).await;
        c.goto(&format!("{}/search?q=budget", server.url()))
            .await
            .expect("search");
        click(&c, "li.hit input.pick").await;
        let label = c
            .find(Locator::Css("#selection input[name=label]"))
            .await
            .expect("label");
        label.send_keys("verifier").await.expect("typed");
        click(&c, "#selection button[value=tag]").await;
        let facet = text_of(&c, "section.facet[data-facet=tag]").await;
        assert!(facet.contains("verifier"), "{facet}");
        click(&c, "section.facet[data-facet=tag] li a").await;
        c.wait()
            .for_element(Locator::Css("li.hit"))
            .await
            .expect("hits");
        assert_eq!(total(&c).await, 1);
        c.close().await.expect("closed");
    });
    assert_eq!(count(&index, "tag:verifier"), 1, "the CLI sees the tag");
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn batch_search_answers_each_line() {
    let server = Server::start(index(), &[]);
    let driver = Driver::start();
    run(async {
        let c = driver.browser(&scratch("browser-batch")).await;
        c.goto(&format!("{}/batch", server.url()))
            .await
            .expect("batch");
        let area = c.find(Locator::Css("#queries")).await.expect("textarea");
        area.send_keys("budget\nfrom:julien.fabre@horizon-commun.example\n")
            .await
            .expect("typed");
        click(&c, "#batch button[type=submit]:not([formaction])").await;
        c.wait()
            .for_element(Locator::Css("table.batchrows"))
            .await
            .expect("table");
        let counts = c.find_all(Locator::Css("td.count")).await.expect("counts");
        let mut shown = Vec::new();
        for cell in counts {
            shown.push(cell.text().await.expect("text"));
        }
        let expected = vec![
            count(index(), "budget").to_string(),
            count(index(), "from:julien.fabre@horizon-commun.example").to_string(),
        ];
        assert_eq!(shown, expected);
        c.close().await.expect("closed");
    });
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn an_export_downloads_as_a_zip_that_trawl_verify_accepts() {
    let server = Server::start(index(), &[]);
    let driver = Driver::start();
    let downloads = scratch("browser-export");
    run(async {
        let c = driver.browser(&downloads).await;
        c.goto(&format!("{}/search?q=budget", server.url()))
            .await
            .expect("search");
        click(&c, "form.export button").await;
        let zip = downloaded(&downloads);
        let unzipped = scratch("browser-export-unzipped");
        let file = std::fs::File::open(&zip).expect("zip");
        zip::ZipArchive::new(file)
            .expect("a zip")
            .extract(&unzipped)
            .expect("unzipped");
        let folder = std::fs::read_dir(&unzipped)
            .expect("dir")
            .next()
            .expect("a folder")
            .expect("entry")
            .path();
        let verified = trawl(index(), &["verify", folder.to_str().expect("utf8")]);
        assert!(
            verified.status.success(),
            "{}",
            String::from_utf8_lossy(&verified.stdout)
        );
        c.close().await.expect("closed");
    });
}

/// A hostile email whose every remote reference points at `beacon`: script, event handlers,
/// image, CSS `url()`, style sheet, frame and links.
fn hostile_email(beacon: u16) -> String {
    let far = format!("http://127.0.0.1:{beacon}");
    format!(
        "From: Mallory <mallory@piege.example>\r\nTo: camille.moreau@horizon-commun.example\r\n\
Subject: Point presse\r\nDate: Thu, 11 May 2017 10:15:00 +0200\r\nMessage-ID: <beacon@piege.example>\r\n\
MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<html><head><style>body{{background:url({far}/css)}}</style><link rel=stylesheet href=\"{far}/sheet\">\
<script src=\"{far}/script-src\"></script><script>fetch('{far}/inline-script');document.title='ran'</script></head>\
<body onload=\"fetch('{far}/onload')\"><p>Le programme</p><img src=\"{far}/img\" onerror=\"fetch('{far}/onerror')\">\
<div style=\"background-image:url('{far}/style')\">x</div><iframe src=\"{far}/frame\"></iframe>\
<a href=\"javascript:fetch('{far}/js')\">js</a> <a id=\"far\" href=\"{far}/link\">lien</a></body></html>\r\n"
    )
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn a_hostile_email_runs_no_script_and_nothing_leaves_the_server() {
    let beacon = Beacon::start();
    let dir = scratch("browser-hostile");
    std::fs::create_dir_all(dir.join("mail")).expect("dir");
    std::fs::write(dir.join("mail/hostile.eml"), hostile_email(beacon.port)).expect("fixture");
    let index = dir.join("index");
    ok(&index, &["index", dir.join("mail").to_str().expect("utf8")]);
    let id = common::id_of(&index, "from:mallory@piege.example");
    let server = Server::start(&index, &[]);
    let driver = Driver::start();
    run(async {
        let c = driver.browser(&dir).await;
        c.goto(&format!("{}/message/{id}", server.url()))
            .await
            .expect("message");
        click(&c, "details.html summary").await;
        click(&c, "details.links summary").await;
        let frame = c
            .find(Locator::Css("details.html iframe"))
            .await
            .expect("frame");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        frame.clone().enter_frame().await.expect("into the frame");
        let left = c
            .execute("return document.querySelectorAll('script,[onload],[onerror],[src],[href],[style],iframe,link,body style').length", vec![])
            .await;
        // A sandboxed frame without allow-scripts may refuse WebDriver's script: then it is
        // read through its source instead.
        match left {
            Ok(n) => assert_eq!(n, serde_json::json!(0)),
            Err(_) => {
                let source = c.source().await.expect("frame source");
                assert!(!source.contains("127.0.0.1"), "{source}");
            }
        }
        c.enter_parent_frame().await.expect("back out");
        assert_ne!(c.title().await.expect("title"), "ran");
        click(&c, "button.open-link").await;
        let asked = c.get_alert_text().await.expect("a confirmation is asked");
        assert!(
            asked.contains(&format!("127.0.0.1:{}/link", beacon.port)),
            "{asked}"
        );
        c.dismiss_alert().await.expect("refused");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            c.windows().await.expect("windows").len(),
            1,
            "a refused link opens nothing"
        );
        c.close().await.expect("closed");
    });
    assert_eq!(
        beacon.hits(),
        0,
        "the browser reached outside the trawl server"
    );
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, which .ci/run installs"]
fn screenshots_of_the_search_page_and_a_message() {
    let id = common::id_of(index(), "subject:\"previsionnel v3\"");
    let server = Server::start(index(), &[]);
    let driver = Driver::start();
    let to_docs = std::env::var("TRAWL_SCREENSHOTS").is_ok_and(|v| v == "docs");
    let out = match to_docs {
        true => repo("docs/images"),
        false => scratch("browser-screenshots"),
    };
    std::fs::create_dir_all(&out).expect("screenshot dir");
    run(async {
        let c = driver.browser(&scratch("browser-shots-dl")).await;
        for (name, target) in [
            ("serve-search.png", "/search?q=budget".to_owned()),
            ("serve-message.png", format!("/message/{id}?q=budget&n=1")),
        ] {
            c.goto(&format!("{}{target}", server.url()))
                .await
                .expect("page");
            c.wait()
                .for_element(Locator::Css("main"))
                .await
                .expect("main");
            let png = c.screenshot().await.expect("a screenshot");
            assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
            std::fs::write(out.join(name), png).expect("written");
        }
        c.close().await.expect("closed");
    });
}
