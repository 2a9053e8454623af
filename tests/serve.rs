//! `trawl serve` over HTTP: the pages answer what the CLI answers, downloads are the
//! original bytes, dump content is escaped and made inert, and the guards (host, password,
//! CSRF, bounds) refuse what they must. The browser-level tests are in `tests/browser.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::serve::{Server, form_value, hrefs};
use common::{count, ok, repo, scratch, trawl};
use sha2::{Digest, Sha256};

/// One index of the bundled samples and the hostile fixture, shared by the tests.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = common::samples_index(&scratch("serve"));
        ok(
            &index,
            &[
                "index",
                repo("tests/fixtures/serve").to_str().expect("utf8"),
            ],
        );
        index
    })
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn id_of(query: &str) -> String {
    common::id_of(index(), query)
}

#[test]
fn the_search_page_counts_exactly_what_the_cli_counts_and_highlights_the_words() {
    let server = Server::start(index(), &[]);
    let page = server.get("/search?q=budget");
    assert_eq!(page.status, 200);
    let html = page.text();
    let total = count(index(), "budget");
    assert!(
        html.contains(&format!("data-total=\"{total}\"")),
        "count {total} not shown"
    );
    assert_eq!(
        html.matches("<li class=\"hit\"").count(),
        total.min(20) as usize
    );
    assert!(html.contains("<mark>budget</mark>") || html.contains("<mark>Budget</mark>"));
    let sorted = server.get("/search?q=budget&sort=-date").text();
    let newest = common::json_lines(
        index(),
        &[
            "search", "--json", "--sort", "-date", "--limit", "1", "budget",
        ],
    );
    let first_id = newest[0]["id"].as_str().expect("an id");
    let first_hit = sorted.find("data-id=\"").map(|i| &sorted[i + 9..i + 41]);
    assert_eq!(first_hit, Some(first_id));
}

#[test]
fn every_response_carries_the_security_headers() {
    let server = Server::start(index(), &[]);
    for target in [
        "/",
        "/search?q=budget",
        "/batch",
        "/assets/trawl.js",
        "/nowhere",
    ] {
        let r = server.get(target);
        let csp = r.header("content-security-policy");
        assert!(
            csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
            "{target}: {csp}"
        );
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{target}");
        assert_eq!(r.header("referrer-policy"), "no-referrer", "{target}");
        assert_eq!(r.header("x-frame-options"), "SAMEORIGIN", "{target}");
        assert_eq!(r.header("cache-control"), "no-store", "{target}");
    }
    assert_eq!(server.get("/nowhere").status, 404);
}

#[test]
fn a_facet_link_narrows_the_query_and_shows_it_in_the_box() {
    let server = Server::start(index(), &[]);
    let html = server.get("/search?q=budget").text();
    let narrowing = hrefs(&html)
        .into_iter()
        .find(|h| h.starts_with("/search?q=budget+from%3A"))
        .expect("a sender facet link");
    let narrowed = server.get(&narrowing);
    let query: String = serde_urlencoded::from_str::<Vec<(String, String)>>(&narrowing[8..])
        .expect("a query string")
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
        .expect("q");
    let text = narrowed.text();
    assert!(
        text.contains(&format!("data-total=\"{}\"", count(index(), &query))),
        "{query}"
    );
    let escaped = query.replace('"', "&quot;");
    assert!(
        text.contains(&format!("value=\"{escaped}\"")),
        "query {query} not in the box"
    );
    let month = hrefs(&html)
        .into_iter()
        .find(|h| h.contains("date%3A2017-06"))
        .expect("a timeline bar of June 2017");
    let june = server.get(&month).text();
    assert!(june.contains(&format!(
        "data-total=\"{}\"",
        count(index(), "budget date:2017-06")
    )));
}

#[test]
fn a_date_range_is_written_into_the_query() {
    let server = Server::start(index(), &[]);
    let r = server.get("/search?q=budget&after=2017-06&before=2017-06-20");
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        "/search?q=budget+date%3A2017-06..2017-06-20"
    );
}

#[test]
fn a_bad_query_is_a_message_on_the_page_not_a_server_error() {
    let server = Server::start(index(), &[]);
    let r = server.get("/search?q=%22unclosed");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("class=\"message\""), "{}", r.text());
    assert_eq!(server.get("/search?q=budget&sort=sideways").status, 400);
    assert_eq!(server.get("/search?q=budget&page=5001").status, 400);
    assert_eq!(server.get("/message/zzzz").status, 404);
}

#[test]
fn the_message_view_shows_headers_text_attachments_and_provenance() {
    let server = Server::start(index(), &[]);
    let id = id_of("subject:\"previsionnel v3\"");
    let html = server.get(&format!("/message/{id}?q=budget&n=1")).text();
    for expected in [
        "julien.fabre@horizon-commun.example",
        "Voici la version 3",
        "budget_prévisionnel_caissorama.pdf",
        "id=\"citation\"",
        "/attachment/1\"",
    ] {
        assert!(html.contains(expected), "{expected} missing");
    }
    let raw = server.get(&format!("/message/{id}/raw"));
    assert_eq!(raw.status, 200);
    assert!(raw.header("content-disposition").starts_with("attachment;"));
    let cli_raw = trawl(index(), &["show", "--raw", &id]).stdout;
    assert_eq!(raw.body, cli_raw, "the download is what show --raw gives");
    assert!(
        html.contains(&hex(&raw.body)),
        "the page gives the SHA-256 of those bytes"
    );
    let file = server.get(&format!("/message/{id}/attachment/1"));
    let recorded = common::json_lines(index(), &["search", "--json", &format!("doc:{id}")]);
    let sha = recorded[0]["attachments"][0]["sha256"]
        .as_str()
        .expect("a SHA-256");
    assert_eq!(
        hex(&file.body),
        sha,
        "the attachment's bytes are those indexed"
    );
    assert_eq!(
        server.get(&format!("/message/{id}/attachment/9")).status,
        404
    );
}

#[test]
fn hostile_html_is_escaped_on_the_page_and_inert_in_its_frame() {
    let server = Server::start(index(), &[]);
    let id = id_of("from:mallory@piege.example");
    let page = server.get(&format!("/message/{id}")).text();
    assert!(
        !page.contains("<script>alert"),
        "dump markup reached the page"
    );
    assert!(page.contains("&lt;script&gt;alert('subject')"));
    assert!(page.contains(&format!("<iframe sandbox=\"\" src=\"/message/{id}/html\"")));
    assert!(
        page.contains("<code>http://192.0.2.7/programme</code>"),
        "the links are listed"
    );
    let frame = server.get(&format!("/message/{id}/html"));
    let csp = frame.header("content-security-policy");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("sandbox"),
        "{csp}"
    );
    let body = frame.text();
    assert!(body.contains("<b>programme</b>"));
    for gone in [
        "<script",
        "onload",
        "onerror",
        "192.0.2.7",
        "javascript:",
        "<iframe",
        "<link",
        "url(",
    ] {
        assert!(!body.contains(gone), "{gone} left in the frame: {body}");
    }
}

#[test]
fn the_host_check_keeps_other_sites_names_out() {
    let server = Server::start(index(), &[]);
    let r = server.request("GET", "/", &[("Host", "evil.example:80")], b"");
    assert_eq!(r.status, 421);
    let localhost = format!("localhost:{}", server.port);
    assert_eq!(
        server
            .request("GET", "/", &[("Host", &localhost)], b"")
            .status,
        200
    );
}

#[test]
fn off_loopback_needs_a_password_and_asks_for_it() {
    let refused = trawl(index(), &["serve", "--listen", "0.0.0.0:0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--password-file"));
    let dir = scratch("serve-password");
    let file = dir.join("pw.txt");
    std::fs::write(&file, "correct horse\nignored\n").expect("password file");
    let server = Server::start(index(), &["--password-file", file.to_str().expect("utf8")]);
    let r = server.get("/");
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").starts_with("Basic"));
    let good = format!(
        "Basic {}",
        data_encoding::BASE64.encode(b"reporter:correct horse")
    );
    assert_eq!(
        server
            .request("GET", "/", &[("Authorization", &good)], b"")
            .status,
        200
    );
    let bad = format!(
        "Basic {}",
        data_encoding::BASE64.encode(b"reporter:ignored")
    );
    assert_eq!(
        server
            .request("GET", "/", &[("Authorization", &bad)], b"")
            .status,
        401
    );
}

#[test]
fn stars_and_tags_need_the_token_and_are_the_cli_tags() {
    let dir = scratch("serve-tags");
    let index = common::samples_index(&dir);
    let server = Server::start(&index, &[]);
    let page = server.get("/search?q=budget").text();
    let token = form_value(&page, "csrf");
    let id = page
        .split("data-id=\"")
        .nth(1)
        .and_then(|s| s.get(..32))
        .expect("a hit")
        .to_owned();
    let forged = server.post_form(
        "/selection",
        &[("action", "star"), ("id", &id), ("csrf", "0000")],
    );
    assert_eq!(forged.status, 403);
    assert_eq!(count(&index, "tag:star"), 0);
    let back = "/search?q=budget";
    let fields = [
        ("csrf", token.as_str()),
        ("action", "star"),
        ("id", &id),
        ("back", back),
    ];
    let starred = server.post_form("/selection", &fields);
    assert_eq!((starred.status, starred.header("location")), (303, back));
    assert_eq!(
        ok(&index, &["search", "--format", "ids", "tag:star"]).trim(),
        id
    );
    let fields = [
        ("csrf", token.as_str()),
        ("action", "tag"),
        ("label", "Relire"),
        ("id", &id),
        ("back", "//evil.example/"),
    ];
    let tagged = server.post_form("/selection", &fields);
    assert_eq!((tagged.status, tagged.header("location")), (303, "/"));
    assert_eq!(count(&index, "tag:relire"), 1);
    let facets = server.get("/search?q=budget").text();
    assert!(
        facets.contains("data-facet=\"tag\""),
        "the tags are a facet"
    );
    assert!(
        hrefs(&facets)
            .iter()
            .any(|h| h == "/search?q=budget+tag%3Arelire")
    );
    let bad_label = [
        ("csrf", token.as_str()),
        ("action", "tag"),
        ("label", "no spaces"),
        ("id", &id),
    ];
    assert_eq!(server.post_form("/selection", &bad_label).status, 400);
}

#[test]
fn batch_search_gives_the_cli_batch_rows() {
    let server = Server::start(index(), &[]);
    let token = form_value(&server.get("/batch").text(), "csrf");
    let queries = "budget\n# comment\nfrom:julien.fabre@horizon-commun.example\n\"unclosed\n";
    let page = server.post_form("/batch", &[("csrf", &token), ("queries", queries)]);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains(&format!(
        "<td class=\"count\">{}</td>",
        count(index(), "budget")
    )));
    assert!(
        html.contains("class=\"error\""),
        "the malformed line is a row with its error"
    );
    let csv = server.post_form("/batch.csv", &[("csrf", &token), ("queries", queries)]);
    let cli = common::trawl_with_input(index(), &["batch", "-"], queries.as_bytes());
    assert_eq!(csv.text(), String::from_utf8_lossy(&cli.stdout));
    assert_eq!(
        server.post_form("/batch", &[("queries", queries)]).status,
        403
    );
    let many = "x\n".repeat(1001);
    assert_eq!(
        server
            .post_form("/batch", &[("csrf", &token), ("queries", &many)])
            .status,
        400
    );
}

#[test]
fn an_export_zip_unzips_to_what_trawl_verify_accepts() {
    let server = Server::start(index(), &[]);
    let token = form_value(&server.get("/search?q=budget").text(), "csrf");
    let r = server.post_form(
        "/export",
        &[("csrf", &token), ("q", "budget"), ("sort", "date")],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-disposition").contains(".zip"));
    let dir = scratch("serve-export");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(r.body)).expect("a zip");
    archive.extract(&dir).expect("unzipped");
    let folder = std::fs::read_dir(&dir)
        .expect("dir")
        .next()
        .expect("one folder")
        .expect("entry")
        .path();
    let files = std::fs::read_dir(&folder).expect("export").count();
    assert_eq!(
        files as u64,
        count(index(), "budget") + 2,
        "one file per document, manifest.json and .csv"
    );
    let verified = trawl(index(), &["verify", folder.to_str().expect("utf8")]);
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    assert_eq!(server.post_form("/export", &[("q", "budget")]).status, 403);
}

#[test]
fn the_conversation_reads_on_one_page_and_the_view_links_its_tree() {
    let server = Server::start(index(), &[]);
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
    let thread = ok(index(), &["thread", "--json", &id]);
    let members = thread.lines().count();
    assert!(members >= 2, "the sample thread has answers");
    let page = server.get(&format!("/thread/{id}")).text();
    assert_eq!(page.matches("<article class=\"inthread").count(), members);
    let view = server.get(&format!("/message/{id}")).text();
    assert!(view.contains(&format!("href=\"/thread/{id}\"")));
}

#[test]
fn the_people_downloads_are_the_cli_files() {
    let server = Server::start(index(), &[]);
    let csv = server.get("/contacts.csv?q=budget");
    assert_eq!(csv.text(), ok(index(), &["contacts", "--csv", "budget"]));
    let graph = server.get("/graph.graphml?q=budget");
    assert_eq!(
        graph.text(),
        ok(index(), &["graph", "--format", "graphml", "budget"])
    );
}

#[test]
fn requests_past_the_bounds_are_refused_with_their_status() {
    let server = Server::start(index(), &[]);
    let long = format!("/search?q={}", "a".repeat(9000));
    assert_eq!(server.get(&long).status, 414);
    let token = form_value(&server.get("/batch").text(), "csrf");
    let huge = "budget\n".repeat(200_000);
    assert_eq!(
        server
            .post_form("/batch", &[("csrf", &token), ("queries", &huge)])
            .status,
        413
    );
}

#[test]
fn the_interface_speaks_french_to_a_french_browser() {
    let server = Server::start(index(), &[]);
    let fr = server.request(
        "GET",
        "/search?q=budget",
        &[("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5")],
        b"",
    );
    assert!(fr.text().contains("<html lang=\"fr\">") && fr.text().contains("Expéditeurs"));
    let en = server.get("/search?q=budget").text();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Senders"));
}

#[test]
fn pages_keep_answering_while_trawl_index_runs_and_show_each_commit() {
    let dir = scratch("serve-while-indexing");
    let index = dir.join("index");
    common::index_paths(&index, &[repo("corpus-samples/mbox")]);
    let server = Server::start(&index, &[]);
    let before = count(&index, "kind:email");
    let shown = |r: &common::serve::Response| {
        let text = r.text();
        let at = text.find("data-total=\"").map(|i| i + 12).expect("a count");
        text[at..]
            .split('"')
            .next()
            .unwrap_or("")
            .parse::<u64>()
            .expect("a number")
    };
    assert_eq!(shown(&server.get("/search?q=kind%3Aemail")), before);
    let indexing = std::process::Command::new(env!("CARGO_BIN_EXE_trawl"))
        .arg("--index")
        .arg(&index)
        .arg("index")
        .args(["maildir", "eml", "stores", "archives"].map(|d| repo("corpus-samples").join(d)))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("trawl index starts");
    let mut indexing = indexing;
    let mut answered = 0;
    while indexing.try_wait().expect("waited for").is_none() {
        let r = server.get("/search?q=kind%3Aemail");
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(shown(&r) >= before);
        answered += 1;
    }
    assert!(indexing.wait().expect("index ends").success());
    let after = count(&index, "kind:email");
    assert!(after > before && answered > 0);
    assert_eq!(
        shown(&server.get("/search?q=kind%3Aemail")),
        after,
        "the new commit is shown"
    );
}

#[test]
fn the_contacts_page_lists_what_trawl_contacts_lists() {
    let server = Server::start(index(), &[]);
    let page = server.get("/contacts?q=budget").text();
    let listed = common::json_lines(index(), &["contacts", "--json", "budget"]);
    assert!(
        page.contains(&format!("Contacts ({})", listed.len())),
        "{page}"
    );
    for contact in &listed {
        let address = contact["address"].as_str().expect("an address");
        assert!(
            page.contains(&format!(">{address}</a>")),
            "{address} missing"
        );
    }
}
