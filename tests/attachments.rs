//! Attachments: the words inside PDF, DOCX, XLSX, ODT, PPTX and RTF attachments find the
//! attachment's own document, which names its email, and the email (unless `kind:email`);
//! `trawl attachment` and `show --raw` write one out byte-exact; a file attached to several
//! emails is one document linked to each, and `attachment-hash:` finds them all; an
//! unreadable attachment is reported with its email.

mod common;

use std::path::Path;

use common::shapes::{self, Hit};
use common::{
    count, id_of, json_lines, mbox_entry, ok, samples_index, scratch, trawl, trawl_within,
};
use sha2::{Digest, Sha256};

const WORDS: [(&str, &str); 6] = [
    ("cornemuseau", "devis-salle.pdf"),
    ("virevoltier", "compte-rendu.docx"),
    ("tabulorange", "depenses.xlsx"),
    ("opendocrumble", "note.odt"),
    ("diapositron", "strategie.pptx"),
    ("richetextine", "lettre.rtf"),
];

fn sha256(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(bytes))
}

/// Writes attachment `n` of email `id` to `file` and returns its bytes.
fn attachment(index: &Path, id: &str, n: usize, file: &Path) -> Vec<u8> {
    let out = file.to_str().expect("utf8");
    ok(index, &["attachment", id, &n.to_string(), "--out", out]);
    std::fs::read(file).expect("written")
}

#[test]
fn words_inside_attachments_find_their_email_and_files_come_out_exact() {
    let dir = scratch("attachments");
    let index = samples_index(&dir);
    let email = id_of(&index, "=bureauclaste");
    for (n, (word, name)) in WORDS.into_iter().enumerate() {
        let query = format!("={word}");
        assert_eq!(id_of(&index, &format!("-kind:attachment {query}")), email);
        assert_eq!(
            count(&index, &format!("kind:email {query}")),
            0,
            "own text only"
        );
        let hits: Vec<Hit> = shapes::lines(&ok(
            &index,
            &["search", "--json", &format!("kind:attachment {query}")],
        ));
        let [hit] = hits.as_slice() else {
            panic!("{word}: one attachment, not {hits:?}")
        };
        assert_eq!(hit.attachments[0].name.as_deref(), Some(name), "{word}");
        let parent = hit.email.as_ref().expect("an attachment's email");
        assert_eq!(parent.id, email, "{word}");
        assert_eq!(parent.attachment, n + 1, "{word}");
        assert_eq!(
            parent.subject.as_deref(),
            Some("Pieces jointes pour le bureau")
        );
        assert_eq!(hit.locations[0].email.as_deref(), Some(email.as_str()));
        let sha = hit.attachments[0].sha256.as_deref().expect("sha256");
        assert!(
            sha.starts_with(&hit.id),
            "an attachment's id is its hash's first half"
        );
    }
    let hits: Vec<Hit> = shapes::lines(&ok(
        &index,
        &["search", "--json", "kind:email =bureauclaste"],
    ));
    let listed = &hits[0].attachments;
    let names: Vec<&str> = listed
        .iter()
        .map(|a| a.name.as_deref().expect("name"))
        .collect();
    assert_eq!(names, WORDS.map(|(_, name)| name));
    assert!(hits[0].email.is_none(), "an email has no parent email");
    for (n, entry) in listed.iter().enumerate() {
        let bytes = attachment(&index, &email, n + 1, &dir.join(format!("a{n}")));
        assert_eq!(bytes.len() as u64, entry.size);
        assert_eq!(Some(sha256(&bytes)), entry.sha256);
    }
    assert!(
        std::fs::read(dir.join("a0"))
            .expect("pdf")
            .starts_with(b"%PDF-")
    );
    let again = trawl(
        &index,
        &[
            "attachment",
            &email,
            "1",
            "--out",
            dir.join("a0").to_str().expect("utf8"),
        ],
    );
    assert_eq!(again.status.code(), Some(1), "never written over a file");
    let missing = trawl(
        &index,
        &[
            "attachment",
            &email,
            "7",
            "--out",
            dir.join("x").to_str().expect("utf8"),
        ],
    );
    assert!(String::from_utf8_lossy(&missing.stderr).contains("has no attachment 7 (it has 6)"));
    let msg = id_of(&index, "=chaloupiste");
    let csv = attachment(&index, &msg, 1, &dir.join("from-msg.csv"));
    let listed = &json_lines(&index, &["search", "--json", "=chaloupiste"])[0]["attachments"][0];
    assert_eq!(
        sha256(&csv),
        listed["sha256"].as_str().expect("sha256"),
        "from an Outlook .msg"
    );
    let shown = ok(&index, &["show", &email]);
    assert!(
        shown.contains("Attachment: 6. lettre.rtf (application/rtf, 85 bytes, sha256 "),
        "{shown}"
    );
    let pdf = id_of(&index, "kind:attachment =cornemuseau");
    let shown = ok(&index, &["show", &pdf]);
    for line in [
        "Kind: attachment\n",
        "File: devis-salle.pdf (application/pdf, 1049 bytes)\n",
        &format!("Email: {email} (attachment 1)\n"),
        "Budget du meeting de Valbonne: cornemuseau",
    ] {
        assert!(shown.contains(line), "{line} in {shown}");
    }
    let by_own_id = dir.join("by-own-id.pdf");
    ok(
        &index,
        &[
            "attachment",
            &pdf,
            "--out",
            by_own_id.to_str().expect("utf8"),
        ],
    );
    assert_eq!(
        std::fs::read(&by_own_id).expect("written"),
        std::fs::read(dir.join("a0")).expect("a0")
    );
    let conversation = ok(&index, &["thread", "--json", &pdf]);
    assert!(
        conversation.contains(&email),
        "an attachment's conversation is its email's"
    );
    let grouped = json_lines(&index, &["search", "--threads", "--json", "=cornemuseau"]);
    assert_eq!(
        grouped.len(),
        1,
        "the attachment joins its email's conversation"
    );
    assert_eq!(
        grouped[0]["matched"], 1,
        "one email matches, through its attachment too"
    );
    assert_eq!(grouped[0]["hits"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        grouped[0]["attachments"], 1,
        "one of the two hits is the file"
    );
    let human = common::ok(&index, &["search", "--threads", "=cornemuseau"]);
    assert!(
        human.contains("[1 of 1 email, 1 attachment]")
            && human.contains(&format!("{} (attachment)", &pdf[..12])),
        "{human}"
    );
    let raw = common::trawl(&index, &["show", "--raw", &pdf]).stdout;
    assert_eq!(
        raw,
        std::fs::read(dir.join("a0")).expect("a0"),
        "show --raw"
    );
}

/// The same PDF attached to two emails of another dump: `attachment-hash:` and its words find
/// both; a damaged PDF is indexed with its email and reported.
#[test]
fn one_file_attached_twice_is_found_by_its_hash() {
    let dir = scratch("attachment-hash");
    let samples = samples_index(&dir.join("samples"));
    let pdf = attachment(
        &samples,
        &id_of(&samples, "=bureauclaste"),
        1,
        &dir.join("devis.pdf"),
    );
    let encoded = data_encoding::BASE64_MIME.encode(&pdf);
    let email = |id: &str, word: &str, attached: &str| {
        let body = format!(
            "--b\nContent-Type: text/plain\n\n{word}\n--b\nContent-Type: application/pdf; name=devis.pdf\n\
             Content-Disposition: attachment; filename=devis.pdf\nContent-Transfer-Encoding: base64\n\n{attached}\n--b--"
        );
        let message_id = format!("Message-ID: <{id}@x.example>");
        mbox_entry(
            &[
                &message_id,
                "From: a@x.example",
                "Subject: devis",
                "Content-Type: multipart/mixed; boundary=b",
            ],
            &body,
        )
    };
    let broken = data_encoding::BASE64_MIME.encode(b"%PDF-1.4\nnot a real pdf at all\n");
    let mbox = [
        email("one", "premierdevis", &encoded),
        email("two", "secondevis", &encoded),
        email("three", "devisabime", &broken),
    ];
    let dump = dir.join("dump");
    let mbox_path = dump.join("two.mbox");
    std::fs::create_dir_all(&dump).expect("dump");
    std::fs::write(&mbox_path, mbox.concat()).expect("mbox");
    let index = dir.join("index");
    ok(&index, &["index", mbox_path.to_str().expect("utf8")]);
    let hash = sha256(&pdf);
    assert_eq!(
        count(&index, &format!("kind:email attachment-hash:{hash}")),
        2
    );
    assert_eq!(
        count(&index, &format!("attachment-hash:{}", hash.to_uppercase())),
        3,
        "both emails and the file itself"
    );
    assert_eq!(count(&index, "-kind:attachment =cornemuseau"), 2);
    let files = json_lines(
        &index,
        &["search", "--json", "kind:attachment =cornemuseau"],
    );
    let [file] = files.as_slice() else {
        panic!("one document for one file, not {files:?}")
    };
    assert_eq!(file["email"]["others"], 1, "{file}");
    let parents: Vec<&str> = file["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["email"].as_str().expect("email"))
        .collect();
    let mut emails = vec![id_of(&index, "=premierdevis"), id_of(&index, "=secondevis")];
    emails.sort();
    let mut sorted = parents.clone();
    sorted.sort();
    assert_eq!(sorted, emails, "linked to both emails");
    let again = ok(
        &index,
        &["index", mbox_path.to_str().expect("utf8"), "--rescan"],
    );
    assert!(again.contains("new attachments: 0"), "{again}");
    assert_eq!(
        count(&index, "kind:attachment =cornemuseau"),
        1,
        "a re-run adds nothing"
    );
    assert_eq!(
        count(&index, "=devisabime"),
        1,
        "an email with a damaged PDF is indexed"
    );
    let failures = ok(&index, &["failures", "--damaged"]);
    assert!(
        failures.contains("attachment devis.pdf: unreadable PDF"),
        "{failures}"
    );
    std::fs::write(&mbox_path, [mbox[1].clone(), mbox[2].clone()].concat()).expect("mbox");
    ok(&index, &["index", mbox_path.to_str().expect("utf8")]);
    let files = json_lines(
        &index,
        &["search", "--json", "kind:attachment =cornemuseau"],
    );
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0]["locations"].as_array().map(Vec::len),
        Some(1),
        "one email left"
    );
    assert_eq!(
        files[0]["email"]["id"],
        id_of(&index, "=secondevis").as_str()
    );
    std::fs::remove_file(&mbox_path).expect("removed");
    ok(&index, &["index", dump.to_str().expect("utf8")]);
    assert_eq!(
        count(&index, "kind:attachment"),
        0,
        "gone with their emails"
    );
}

/// A PDF on which pdf-extract panics (found by the `attachment_text` fuzz target): the email
/// is indexed, the attachment reported with the reader's reason, and no backtrace is printed.
#[test]
fn a_reader_that_panics_is_reported_quietly() {
    let dir = scratch("attachment-panic");
    let crash = std::fs::read(common::repo(
        "fuzz/regressions/attachment_text/pdf-extract-panics-on-missing-object",
    ))
    .expect("regression file");
    let pdf = data_encoding::BASE64_MIME.encode(&crash[1..]);
    let body = format!(
        "--b\nContent-Type: text/plain\n\npanicmot\n--b\nContent-Type: application/pdf; name=crash.pdf\n\
         Content-Transfer-Encoding: base64\n\n{pdf}\n--b--"
    );
    let headers = [
        "Message-ID: <panic@x.example>",
        "Subject: crash",
        "Content-Type: multipart/mixed; boundary=b",
    ];
    std::fs::write(dir.join("crash.mbox"), mbox_entry(&headers, &body)).expect("mbox");
    let index = dir.join("index");
    let run = trawl(
        &index,
        &["index", dir.join("crash.mbox").to_str().expect("utf8")],
    );
    assert!(run.status.success());
    assert!(
        !String::from_utf8_lossy(&run.stderr).contains("panicked"),
        "quiet"
    );
    assert_eq!(count(&index, "=panicmot"), 1);
    let failures = ok(&index, &["failures", "--damaged"]);
    assert!(
        failures.contains(
            "crash.pdf: the file could not be read (its reader gave up: missing object reference"
        ),
        "{failures}"
    );
}

/// A PDF of `objects` (numbered from 1; the first is the catalog), with its cross-reference
/// table.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", n + 1).bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let (xref, size) = (pdf.len(), objects.len() + 1);
    pdf.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    let trailer = format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    pdf.extend(trailer.bytes());
    pdf
}

/// A stream object holding `content`, with `dictionary` entries.
fn stream(dictionary: &str, content: &[u8]) -> Vec<u8> {
    let length = content.len();
    let mut object = format!("<< {dictionary} /Length {length} >>\nstream\n").into_bytes();
    object.extend(content);
    object.extend(b"\nendstream");
    object
}

/// A one-page PDF whose page draws `content` with `resources`, then objects 5 and on.
fn page_pdf(resources: &str, content: &str, more: &[Vec<u8>]) -> Vec<u8> {
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << \
         {resources} >> >>"
    );
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page.into_bytes(),
        stream("", content.as_bytes()),
    ];
    objects.extend_from_slice(more);
    pdf_of(&objects)
}

/// A one-page PDF showing `word`.
fn text_pdf(word: &str) -> Vec<u8> {
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec();
    let content = format!("BT /F1 12 Tf 72 720 Td ({word}) Tj ET");
    page_pdf("/Font << /F1 5 0 R >>", &content, &[font])
}

/// A PDF whose page draws a form that draws the next form twice, `depth` forms deep, the
/// last one drawing `lines` lines (zlib-compressed): 2^depth draws of the last form for a
/// reader that follows them all, as pdf-extract does.
fn forms_pdf(depth: usize, lines: usize) -> Vec<u8> {
    let form = "/Type /XObject /Subtype /Form /BBox [0 0 1 1]";
    let mut forms: Vec<Vec<u8>> = (1..depth)
        .map(|i| {
            let next = format!("{form} /Resources << /XObject << /X {} 0 R >> >>", i + 5);
            stream(&next, b"/X Do /X Do")
        })
        .collect();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut z, "0 0 m 1 1 l S\n".repeat(lines).as_bytes()).expect("zlib");
    let last = z.finish().expect("zlib");
    forms.push(stream(&format!("{form} /Filter /FlateDecode"), &last));
    page_pdf("/XObject << /X 5 0 R >>", "/X Do", &forms)
}

/// A PDF whose one form draws itself.
fn self_drawing_pdf() -> Vec<u8> {
    let form =
        "/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /X 5 0 R >> >>";
    page_pdf(
        "/XObject << /X 5 0 R >>",
        "/X Do",
        &[stream(form, b"/X Do")],
    )
}

/// An email of the mbox with `body_word` in its text and `pdf` attached as `name`.
fn email_with_pdf(id: &str, body_word: &str, name: &str, pdf: &[u8]) -> String {
    let pdf = data_encoding::BASE64_MIME.encode(pdf);
    let body = format!(
        "--b\nContent-Type: text/plain\n\n{body_word}\n--b\nContent-Type: application/pdf; \
         name={name}\nContent-Transfer-Encoding: base64\n\n{pdf}\n--b--"
    );
    let message_id = format!("Message-ID: <{id}@x.example>");
    let headers = [
        message_id.as_str(),
        "Subject: pdf",
        "Content-Type: multipart/mixed; boundary=b",
    ];
    mbox_entry(&headers, &body)
}

/// One attachment whose reading takes minutes (a PDF whose 16 forms make 65,534 draws, under
/// the bound on draws, the last drawing 20,000 lines each time: some 20 minutes here) costs
/// its email at most `--max-extract-seconds`: the email is indexed with its text and reported
/// with the limit, and the pipeline goes on meanwhile: the 1,500 messages after it (more than
/// a batch) are indexed, and a PDF after it is read for its text while the slow reader runs.
#[test]
fn a_reader_past_the_time_limit_is_given_up_and_the_rest_goes_on() {
    let dir = scratch("attachment-deadline");
    let mut mbox = email_with_pdf("bombe", "lentemot", "bombe.pdf", &forms_pdf(16, 20_000));
    for n in 0..1500 {
        let id = format!("Message-ID: <suite{n}@x.example>");
        mbox += &mbox_entry(&[id.as_str(), "Subject: suite"], &format!("ordinaire {n}"));
    }
    mbox += &email_with_pdf("lisible", "apresmot", "lu.pdf", &text_pdf("pdflisible"));
    let path = dir.join("lent.mbox");
    std::fs::write(&path, mbox).expect("mbox");
    let index = dir.join("index");
    let args = [
        "index",
        "--max-extract-seconds",
        "1",
        path.to_str().expect("utf8"),
    ];
    assert!(trawl_within(&index, &args, 120).success());
    assert_eq!(count(&index, "=lentemot"), 1);
    assert_eq!(count(&index, "ordinaire"), 1500);
    assert_eq!(
        count(&index, "kind:attachment =pdflisible"),
        1,
        "a PDF read while the bomb still runs"
    );
    assert_eq!(
        count(&index, "-kind:attachment =pdflisible"),
        1,
        "and its email"
    );
    let failures = ok(&index, &["failures", "--damaged"]);
    let note = "attachment bombe.pdf: not read: took longer than the 1 s allowed per \
                attachment (--max-extract-seconds)";
    assert!(failures.contains(note), "{failures}");
    assert_eq!(failures.lines().count(), 1, "{failures}");
}

/// The time limit is a validated flag: 0, more than a day and non-numbers are refused with a
/// usage error naming the flag.
#[test]
fn the_extraction_time_limit_is_validated() {
    let dir = scratch("attachment-deadline-flag");
    for bad in ["0", "soon", "86401"] {
        let run = trawl(
            &dir.join("index"),
            &["index", "--max-extract-seconds", bad, "x"],
        );
        assert_eq!(run.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("--max-extract-seconds"), "{bad}: {stderr}");
    }
}

/// PDFs that pdf-extract would follow without end are not given to it: a form that draws
/// itself (which overflowed the reader's stack and aborted `trawl index`: exit 134) and forms
/// that draw one another 2^30 times. Each email is indexed and its attachment reported.
#[test]
fn pdfs_whose_forms_never_end_are_refused_before_reading() {
    let dir = scratch("attachment-forms");
    let mut mbox = email_with_pdf("soi", "soimeme", "soi.pdf", &self_drawing_pdf());
    mbox += &email_with_pdf("bombe", "bombemot", "bombe.pdf", &forms_pdf(30, 1));
    let path = dir.join("formes.mbox");
    std::fs::write(&path, mbox).expect("mbox");
    let index = dir.join("index");
    let run = trawl_within(&index, &["index", path.to_str().expect("utf8")], 60);
    assert!(run.success(), "{run:?}");
    assert_eq!(count(&index, "=soimeme OR =bombemot"), 2);
    let failures = ok(&index, &["failures", "--damaged"]);
    for note in [
        "attachment soi.pdf: not read: forms drawn inside one another more than 32 deep",
        "attachment bombe.pdf: not read: its forms draw one another more than 200000 times",
    ] {
        assert!(failures.contains(note), "{note}: {failures}");
    }
}

/// An email's snippet comes from its body when the body matches, else from the attachment
/// whose text matches, highlighted either way.
#[test]
fn an_emails_snippet_comes_from_the_text_that_matches() {
    let dir = scratch("attachment-snippets");
    let index = samples_index(&dir);
    for (word, from) in [("cornemuseau", "attachment"), ("bureauclaste", "body")] {
        let hits = json_lines(&index, &["search", "--json", "--limit", "50", word]);
        let hit = hits
            .iter()
            .find(|h| h["kind"] == "email")
            .unwrap_or_else(|| panic!("no email hit for {word}"));
        let snippet = hit["snippet"].as_str().expect("snippet").to_lowercase();
        assert!(snippet.contains(word), "{word} ({from}): {snippet}");
        let highlights = hit["highlights"].as_array().expect("highlights");
        assert!(!highlights.is_empty(), "{word} ({from}): no highlight");
    }
}
