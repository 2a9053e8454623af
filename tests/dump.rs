//! The dump issue #7 is done with: an Outlook PST, a zip of `.eml` files and an mbox whose
//! messages carry PDF, DOCX and XLSX attachments (and an Outlook `.msg`), indexed in one
//! command. A word found only inside one attachment finds that attachment, naming its email,
//! and the email.

mod common;

use std::io::Write;
use std::path::Path;

use common::{count, id_of, json_lines, mbox_entry, ok, repo, scratch};

/// The attachments of the bundled sample with six real documents, by file name.
fn sample_documents() -> Vec<(String, Vec<u8>)> {
    let raw = std::fs::read(repo("corpus-samples/eml/2017/06/pieces-jointes-bureau.eml"))
        .expect("sample");
    let mail = mailparse::parse_mail(&raw).expect("parses");
    mail.subparts
        .iter()
        .filter_map(|part| {
            let name = part
                .get_content_disposition()
                .params
                .get("filename")?
                .clone();
            Some((name, part.get_body_raw().expect("decodes")))
        })
        .collect()
}

/// One email whose body holds `word` and which carries the file `name`.
fn email_carrying(
    id: &str,
    word: &str,
    (name, bytes): &(String, Vec<u8>),
) -> (Vec<String>, String) {
    let headers = vec![
        format!("Message-ID: <{id}@fuite.example>"),
        "From: Lucie Marchand <lucie.marchand@fuite.example>".to_owned(),
        format!("Subject: envoi {id}"),
        "Date: Tue, 13 Jun 2017 10:00:00 +0200".to_owned(),
        "Content-Type: multipart/mixed; boundary=b".to_owned(),
    ];
    let body = format!(
        "--b\nContent-Type: text/plain\n\n{word}\n--b\nContent-Type: application/octet-stream\n\
         Content-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n{}\n--b--\n",
        data_encoding::BASE64_MIME.encode(bytes)
    );
    (headers, body)
}

fn as_eml((headers, body): &(Vec<String>, String)) -> String {
    format!("{}\n\n{body}", headers.join("\n"))
}

fn write_zip(path: &Path, members: &[(&str, String)]) {
    let file = std::fs::File::create(path).expect("zip");
    let mut zip = zip::ZipWriter::new(file);
    for (name, text) in members {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("member");
        zip.write_all(text.as_bytes()).expect("written");
    }
    zip.finish().expect("closed");
}

/// (body word, attachment word, file name) of each email of the dump.
const CASES: [(&str, &str, &str); 3] = [
    ("envoimboxpdf", "cornemuseau", "devis-salle.pdf"),
    ("envoimboxtableur", "tabulorange", "depenses.xlsx"),
    ("envoizipword", "virevoltier", "compte-rendu.docx"),
];

#[test]
fn a_word_inside_one_attachment_finds_it_and_its_email() {
    let dir = scratch("dump");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).expect("dump");
    let documents = sample_documents();
    let file = |name: &str| {
        documents
            .iter()
            .find(|(n, _)| n == name)
            .expect("in the sample")
    };
    let emails: Vec<_> = CASES
        .iter()
        .map(|(word, _, name)| email_carrying(word, word, file(name)))
        .collect();
    let mbox = [&emails[0], &emails[1]].map(|(h, b)| {
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        mbox_entry(&h, b)
    });
    std::fs::write(dump.join("boite.mbox"), mbox.concat()).expect("mbox");
    write_zip(
        &dump.join("envois.zip"),
        &[
            ("envoi.eml", as_eml(&emails[2])),
            ("vide.eml", as_eml(&emails[0])),
        ],
    );
    std::fs::copy(
        repo("corpus-samples/stores/outlook/Re-Relecture-entretien.msg"),
        dump.join("reponse.msg"),
    )
    .expect("msg");
    std::fs::copy(
        repo("corpus-samples/stores/pst/campagne.pst"),
        dump.join("campagne.pst"),
    )
    .expect("pst");
    let index = dir.join("index");
    ok(&index, &["index", dump.to_str().expect("utf8")]);
    for (body_word, word, name) in CASES {
        let email = id_of(&index, &format!("kind:email ={body_word}"));
        let hits = json_lines(
            &index,
            &["search", "--json", &format!("kind:attachment ={word}")],
        );
        let [hit] = hits.as_slice() else {
            panic!("{word}: one attachment, not {hits:?}")
        };
        assert_eq!(hit["attachments"][0]["name"], name);
        assert_eq!(hit["email"]["id"], email.as_str(), "{word}: its email");
        assert_eq!(id_of(&index, &format!("-kind:attachment ={word}")), email);
    }
    let zipped = json_lines(
        &index,
        &["search", "--json", "kind:attachment =virevoltier"],
    );
    let path = zipped[0]["locations"][0]["path"].as_str().expect("path");
    assert!(path.ends_with("envois.zip!/envoi.eml"), "{path}");
    for (word, name, subject) in [
        (
            "farandolite",
            ".pdf",
            "Devis de l'imprimeur pour les tracts",
        ),
        (
            "brimbalouette",
            ".docx",
            "Fieldwork plan for the second round",
        ),
    ] {
        let hits = json_lines(
            &index,
            &["search", "--json", &format!("kind:attachment ={word}")],
        );
        let [hit] = hits.as_slice() else {
            panic!("{word}: one attachment, not {hits:?}")
        };
        let file = hit["attachments"][0]["name"].as_str().expect("name");
        assert!(file.ends_with(name), "{word}: {file}");
        assert_eq!(hit["email"]["subject"], subject, "{word}");
        let path = hit["locations"][0]["path"].as_str().expect("path");
        assert!(
            path.contains("campagne.pst!/"),
            "{word}: in the PST, {path}"
        );
        let email = id_of(&index, &format!("-kind:attachment ={word}"));
        assert_eq!(hit["email"]["id"], email.as_str(), "{word}");
        assert_eq!(
            count(&index, &format!("body:{word}")),
            0,
            "{word}: attachment only"
        );
    }
    common::assert_sources_add_up(&index);
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&index, &["stats", "--json"])).expect("stats json");
    assert_eq!(
        stats["attachments"].as_u64(),
        Some(count(&index, "kind:attachment"))
    );
    let csv = id_of(&index, "kind:attachment =bastrinquet");
    let shown = ok(&index, &["show", &csv]);
    assert!(
        shown.contains("File: planning-publication.csv (text/csv, 115 bytes)"),
        "{shown}"
    );
    assert_eq!(
        count(&index, "kind:email -path:campagne.pst"),
        4,
        "three emails (one twice) and the .msg"
    );
    assert_eq!(count(&index, "kind:email path:campagne.pst"), 5);
    assert_eq!(count(&index, "kind:attachment -path:campagne.pst"), 4);
    let copies = json_lines(
        &index,
        &["search", "--json", "kind:attachment =cornemuseau"],
    );
    assert_eq!(
        copies[0]["locations"].as_array().map(Vec::len),
        Some(2),
        "the PDF's email is in the mbox and the zip"
    );
}
