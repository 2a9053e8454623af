//! What `show` and snippets print of a message's text: its lines as the message has them (no
//! space the sender did not write, none of the source's dropped), flowed paragraphs joined,
//! and phrases highlighted where the index matched them.

mod common;

use std::path::{Path, PathBuf};

use common::{count, id_of, index_paths, json_lines, ok, scratch, shared_file};

/// The text `trawl show` prints after its header lines, line by line.
fn shown_lines(index: &Path, id: &str) -> Vec<String> {
    let shown = ok(index, &["show", id]);
    let (_, text) = shown
        .split_once("\n\n")
        .expect("headers, a blank line, the text");
    text.lines().map(str::to_owned).collect()
}

/// The lines of a single-part message's body (after the blank line that ends the header
/// block), decoded as Latin-1 (which ASCII is part of), CRLF or LF ends removed, blank lines
/// around the text left out (`show` prints the text, not the space around it).
fn body_lines(message: &[u8]) -> Vec<String> {
    let text: String = message.iter().map(|&b| char::from(b)).collect();
    let body = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .expect("a header block")
        .1;
    let mut lines: Vec<String> = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    lines.split_off(first)
}

const CRLF: &[u8] = b"From: Camille Moreau <camille@horizon.example>\r\n\
Subject: lignes exactes\r\nMessage-ID: <exact@horizon.example>\r\n\
Content-Type: text/plain; charset=iso-8859-1\r\n\r\n\
Hello,\r\n\r\n\tindented with a tab\r\n  and with spaces\r\n\
this line ends with a space the sender typed \r\nd\xe9j\xe0 vu\r\nBye\r\n";

/// `show` prints each line of `message`'s body as the file has it, found by `query` in `index`.
fn assert_shows_the_body_lines(index: &Path, file: &Path, query: &str) {
    let message = std::fs::read(file).expect("read");
    let expected = body_lines(&message);
    let shown = shown_lines(index, &id_of(index, query));
    assert_eq!(shown, expected, "{}", file.display());
}

#[test]
fn show_prints_the_body_lines_the_message_has() {
    let dir = scratch("exact-show");
    let file = dir.join("crlf.eml");
    std::fs::write(&file, CRLF).expect("written");
    let index = dir.join("index");
    index_paths(&index, std::slice::from_ref(&file));
    assert_shows_the_body_lines(&index, &file, "\"lignes exactes\"");
    let shown = shown_lines(&index, &id_of(&index, "\"lignes exactes\""));
    assert_eq!(
        shown[0], "Hello,",
        "no space after it: the message has none"
    );
    assert_eq!(shown[5], "déjà vu");
    assert!(
        shown.iter().filter(|l| l.ends_with(' ')).count() == 1,
        "only the line whose source ends with a space: {shown:?}"
    );
}

/// Real messages of the corpora: a body line for line as the file has it.
#[test]
#[ignore = "reads ../shared/corpora, which CI lays beside the clone"]
fn show_prints_the_body_lines_of_real_messages() {
    let dir = scratch("exact-show-real");
    let real = [
        (
            "mime-edge/stalwart-mail-parser-eml/resources/eml/legacy/038.eml",
            "tortoise",
        ),
        (
            "mime-edge/stalwart-mail-parser-eml/resources/eml/legacy/020.eml",
            "hasen",
        ),
        // `Content-Type: text`, no subtype: plain text (RFC 2045), not an unnamed attachment.
        (
            "caml-list-fr/1fb4b5bcadcd948e1d96d4f727e645124d08ad26.eml",
            "bdd",
        ),
    ];
    let files: Vec<PathBuf> = real.iter().map(|(path, _)| shared_file(path)).collect();
    let index = dir.join("index");
    index_paths(&index, &files);
    for (file, (_, query)) in files.iter().zip(real) {
        assert_shows_the_body_lines(&index, file, query);
    }
}

const FLOWED: &[u8] = b"From: Camille Moreau <camille@horizon.example>\r\n\
Subject: paragraphe flottant\r\nMessage-ID: <flowed@horizon.example>\r\n\
Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n\
Bonjour, ce paragraphe a \r\n\xc3\xa9t\xc3\xa9 coup\xc3\xa9 pour le transport.\r\n\
 From here, stuffed.\r\n> une citation \r\n> sur deux lignes\r\n-- \r\nCamille\r\n";

#[test]
fn show_joins_the_paragraphs_of_flowed_text() {
    let dir = scratch("exact-flowed");
    let file = dir.join("flowed.eml");
    std::fs::write(&file, FLOWED).expect("written");
    let index = dir.join("index");
    index_paths(&index, &[file]);
    assert_eq!(
        shown_lines(&index, &id_of(&index, "flottant")),
        [
            "Bonjour, ce paragraphe a été coupé pour le transport.",
            "From here, stuffed.",
            "> une citation sur deux lignes",
            "-- ",
            "Camille",
        ]
    );
}

/// A real `format=flowed; DelSp=yes` message of the corpora, its paragraphs joined.
#[test]
#[ignore = "reads ../shared/corpora, which CI lays beside the clone"]
fn show_joins_the_paragraphs_of_real_flowed_text() {
    let dir = scratch("exact-flowed-real");
    let file = shared_file("caml-list-fr/ab4082f94290e25903a914b5d9a9ab3c20216a07.eml");
    let index = dir.join("index");
    index_paths(&index, &[file]);
    let shown = shown_lines(&index, &id_of(&index, "JFLA"));
    assert!(
        shown.contains(
            &"conférence porte également sur les techniques et outils complémentaires qui"
                .to_owned()
        ),
        "a DelSp=yes line joined to the next, its wrapping space removed: {shown:?}"
    );
    assert!(
        shown.iter().all(|l| !l.ends_with(' ')),
        "a flowed line's end is no line end: {shown:?}"
    );
}

/// `"budget campagne"`'s words stand apart first, then together, 300 characters later.
const PHRASE: &str = "From: Camille Moreau <camille@horizon.example>\r\n\
Subject: le budget\r\nMessage-ID: <phrase@horizon.example>\r\n\r\n\
Le budget de l'association est vot\u{e9} en mars ; la campagne commence en avril.\r\n\
Rien d'autre ne change cette ann\u{e9}e : les r\u{e9}unions restent le mardi, les comptes \
sont tenus par Julien et les adh\u{e9}sions sont ouvertes \u{e0} tous, comme avant.\r\n\
Mais le Budget Campagne de l'\u{c9}lection a doubl\u{e9} depuis le printemps.\r\n";

/// `budget` and `campagne` two words apart, after each stands alone.
const NEAR: &str = "From: Julien Fabre <julien@horizon.example>\r\n\
Subject: proximite\r\nMessage-ID: <near@horizon.example>\r\n\r\n\
Un budget sans rapport, puis des mots, encore des mots, et une campagne sans rapport non \
plus ; il faut assez de texte entre eux pour qu'un fragment ne les tienne pas avec la suite \
que voici.\r\nEnfin le budget de la campagne est arr\u{ea}t\u{e9}.\r\n";

/// The highlighted words of a `search --json` hit, in order, with the snippet's text.
fn highlighted(hit: &serde_json::Value) -> (String, Vec<String>) {
    let snippet = hit["snippet"].as_str().expect("snippet").to_owned();
    let chars: Vec<char> = snippet.chars().collect();
    let words = hit["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|pair| {
            let at = |i: usize| pair[i].as_u64().expect("offset") as usize;
            chars[at(0)..at(1)].iter().collect()
        })
        .collect();
    (snippet, words)
}

fn phrase_index(name: &str) -> PathBuf {
    let dir = scratch(name);
    let (phrase, near) = (dir.join("phrase.eml"), dir.join("near.eml"));
    std::fs::write(&phrase, PHRASE).expect("written");
    std::fs::write(&near, NEAR).expect("written");
    let index = dir.join("index");
    index_paths(&index, &[phrase, near]);
    index
}

#[test]
fn a_phrase_is_highlighted_where_its_words_stand_together() {
    let index = phrase_index("exact-phrase");
    let hits = json_lines(&index, &["search", "--json", "\"budget campagne\""]);
    assert_eq!(hits.len(), 1, "only the email that has the phrase");
    let (snippet, words) = highlighted(&hits[0]);
    assert_eq!(
        words,
        ["Budget", "Campagne"],
        "the phrase, not its words standing apart: {snippet:?}"
    );
    assert!(
        snippet.contains("le Budget Campagne de l'Élection a doublé"),
        "the fragment is cut around the phrase: {snippet:?}"
    );
    let human = ok(&index, &["search", "\"budget campagne\""]);
    assert!(
        human.contains("Mais le Budget Campagne de l'Élection a doublé depuis le printemps"),
        "{human}"
    );
    let (_, words) = highlighted(
        &json_lines(
            &index,
            &["search", "--json", "\"election\" \"budget campagne\""],
        )[0],
    );
    assert_eq!(
        words,
        ["Budget", "Campagne", "Élection"],
        "folded like the index"
    );
}

#[test]
fn a_near_phrase_is_highlighted_where_its_words_are_within_reach() {
    let index = phrase_index("exact-near");
    assert_eq!(count(&index, "\"budget campagne\"~1 subject:proximite"), 0);
    let query = "\"budget campagne\"~2 subject:proximite";
    let hits = json_lines(&index, &["search", "--json", query]);
    assert_eq!(hits.len(), 1, "the index finds the words two moves apart");
    let (snippet, words) = highlighted(&hits[0]);
    assert_eq!(words, ["budget", "campagne"], "{snippet:?}");
    assert!(
        snippet.contains("le budget de la campagne est arrêté"),
        "{snippet:?}"
    );
    let (_, words) = highlighted(
        &json_lines(
            &index,
            &["search", "--json", "\"budget campagne\"~2 -proximite"],
        )[0],
    );
    assert_eq!(
        words,
        ["Budget", "Campagne"],
        "in the other email, the words in a row are within reach"
    );
}

#[test]
fn snippets_carry_no_carriage_return() {
    let dir = scratch("exact-snippet");
    let file = dir.join("crlf.eml");
    std::fs::write(&file, CRLF).expect("written");
    let index = dir.join("index");
    index_paths(&index, &[file]);
    let hits = json_lines(&index, &["search", "--json", "hello"]);
    let (snippet, words) = highlighted(&hits[0]);
    assert_eq!(words, ["Hello"]);
    assert!(snippet.starts_with("Hello,\n\n\tindented"), "{snippet:?}");
    assert!(!snippet.contains('\r'), "{snippet:?}");
}
