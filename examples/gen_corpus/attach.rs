//! Attachments: documents of a few pages (real PDF, DOCX, XLSX, PPTX; random bytes behind the
//! right magic number for images and archives), base64, with realistic and sometimes accented
//! names, and small text attachments.

use fastrand::Rng;

use crate::documents;
use crate::encode::{self, Charset};
use crate::mime::{Leaf, Part, Transfer};
use crate::text::{self, Writer};
use crate::vocab::{Language, Zipf};
use crate::words;

/// Smallest binary attachment, in bytes.
const MIN_BINARY: f64 = 5_120.0;
/// Largest binary attachment, in bytes.
const MAX_BINARY: f64 = 32_768.0;

/// An attachment ready to be put in a multipart/mixed, with its file name.
pub struct Attachment {
    /// The file name as the sender's client saw it.
    pub name: String,
    /// The MIME entity.
    pub part: Part,
}

/// A binary document: its kind follows `stems`. A PDF, DOCX, XLSX or PPTX is a real one of a
/// few pages of filler text ([`documents`]); anything else is random bytes behind the right
/// magic number, log-uniform in 5-32 KiB. Their contents come from a stream of their own, so
/// that they do not shift the rest of the dump.
pub fn binary(rng: &mut Rng, stems: &Zipf) -> Attachment {
    let (stem, extension) = words::ATTACHMENT_STEMS[stems.sample(rng)];
    let name = file_name(rng, stem, extension);
    let (mime, magic) = file_type(extension);
    let size = (MIN_BINARY * (MAX_BINARY / MIN_BINARY).powf(rng.f64())) as usize;
    let mut own = Rng::with_seed(rng.u64(..));
    let mut random = vec![0; size.max(magic.len())];
    own.fill(&mut random);
    let data = document(&mut own, extension, &random).unwrap_or_else(|| {
        random[..magic.len()].copy_from_slice(magic);
        random
    });
    let part = attachment_part(rng, mime, &name, &data, Transfer::Base64);
    Attachment { name, part }
}

/// A real document of a few pages for the extensions trawl reads, carrying `image` (so that
/// it weighs what such files do), else `None`.
fn document(rng: &mut Rng, extension: &str, image: &[u8]) -> Option<Vec<u8>> {
    Some(match extension {
        "pdf" => {
            let pages = rng.usize(1..=4);
            let pages: Vec<Vec<String>> = (0..pages).map(|_| filler(rng, 40..=40)).collect();
            documents::pdf(&pages, image)
        }
        "docx" => documents::docx(&filler(rng, 30..=120), image),
        "xlsx" => documents::xlsx(&filler(rng, 20..=80), image),
        "pptx" => documents::pptx(&filler(rng, 6..=30), image),
        _ => return None,
    })
}

/// Between `lines.start()` and `lines.end()` lines of filler text.
fn filler(rng: &mut Rng, lines: std::ops::RangeInclusive<usize>) -> Vec<String> {
    let count = rng.usize(lines);
    documents::lines(rng, count)
}

/// A small text attachment: a CSV of expenses or meeting notes.
pub fn text_file(writer: &mut Writer, language: Language) -> Attachment {
    match writer.rng.bool() {
        true => {
            let name = format!("depenses-2017-{:02}.csv", writer.rng.u8(1..=5));
            let csv = expenses(writer.rng);
            text_attachment(writer.rng, name, "text/csv", &csv)
        }
        false => {
            let text = notes(writer, language);
            text_attachment(
                writer.rng,
                "notes-reunion.txt".to_string(),
                "text/plain",
                &text,
            )
        }
    }
}

/// An 8-bit UTF-8 text attachment.
fn text_attachment(rng: &mut Rng, name: String, mime: &str, content: &str) -> Attachment {
    let content_type = format!("{mime}; charset=utf-8");
    let part = attachment_part(
        rng,
        &content_type,
        &name,
        content.as_bytes(),
        Transfer::EightBit,
    );
    Attachment { name, part }
}

/// Rows of `date;poste;montant`.
fn expenses(rng: &mut Rng) -> String {
    let mut csv = String::from("date;poste;montant\n");
    for _ in 0..rng.usize(5..=40) {
        let item = text::pick(rng, words::EXPENSE_ITEMS);
        let (month, day) = (rng.u8(1..=5), rng.u8(1..=28));
        let (euros, cents) = (rng.u32(10..20_000), rng.u8(..100));
        csv.push_str(&format!(
            "2017-{month:02}-{day:02};{item};{euros}.{cents:02}\n"
        ));
    }
    csv
}

/// Two to four paragraphs, one per line.
fn notes(writer: &mut Writer, language: Language) -> String {
    let paragraphs: Vec<String> = (0..writer.rng.usize(2..=4))
        .map(|_| writer.paragraph(language))
        .collect();
    paragraphs.join("\n\n") + "\n"
}

/// `stem.ext`, sometimes with a month, a version or a number, as people name files.
fn file_name(rng: &mut Rng, stem: &str, extension: &str) -> String {
    match rng.u8(..4) {
        0 => format!(
            "{stem}-{}-{:02}.{extension}",
            rng.u16(2015..=2017),
            rng.u8(1..=12)
        ),
        1 => format!("{stem}_v{}.{extension}", rng.u8(2..=5)),
        2 => format!("{stem}_{:04}.{extension}", rng.u16(..10_000)),
        _ => format!("{stem}.{extension}"),
    }
}

/// The MIME type and magic bytes of an extension.
fn file_type(extension: &str) -> (&'static str, &'static [u8]) {
    words::ATTACHMENT_TYPES
        .iter()
        .find(|(known, _, _)| *known == extension)
        .map_or(("application/octet-stream", b""), |&(_, mime, magic)| {
            (mime, magic)
        })
}

/// An attachment entity holding `content` encoded for transfer.
fn attachment_part(
    rng: &mut Rng,
    mime: &str,
    name: &str,
    content: &[u8],
    transfer: Transfer,
) -> Part {
    let (name_parameter, file_name_parameter) = name_parameters(rng, name);
    Part::Leaf(Leaf {
        content_type: format!("{mime};\n\t{name_parameter}"),
        transfer,
        disposition: Some(format!("attachment;\n\t{file_name_parameter}")),
        data: transfer.apply(content),
    })
}

/// The `name` (Content-Type) and `filename` (Content-Disposition) parameters; a non-ASCII
/// name is given as RFC 2231 or RFC 2047, as different clients do.
fn name_parameters(rng: &mut Rng, name: &str) -> (String, String) {
    match (name.is_ascii(), rng.bool()) {
        (true, _) => (format!("name=\"{name}\""), format!("filename=\"{name}\"")),
        (false, true) => {
            let value = encode::rfc2231_value(name);
            (format!("name*={value}"), format!("filename*={value}"))
        }
        (false, false) => {
            let value = encode::encoded_words(name, Charset::Utf8);
            (format!("name=\"{value}\""), format!("filename=\"{value}\""))
        }
    }
}
