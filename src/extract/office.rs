//! Office documents that are zip files of XML: Word and PowerPoint 2007+ (DOCX, PPTX) and
//! OpenDocument text and presentations (ODT, ODP). The text is every XML text node of the
//! document parts, a line break after each paragraph. Parts are read through a bounded reader,
//! so that a zip bomb stops at the limit.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::problem::Reason;

/// Most decompressed XML read from one part, whatever the output limit: markup is several
/// times the size of its text.
pub const XML_PER_TEXT_BYTE: usize = 16;

/// The text of a DOCX: the body, then headers, footers and notes.
pub fn docx(bytes: &[u8], max: usize) -> Result<String, Reason> {
    let mut zip = open(bytes)?;
    let mut parts = part_names(&zip, |n| n == "word/document.xml");
    parts.extend(part_names(&zip, |n| {
        n.starts_with("word/")
            && ["header", "footer", "footnotes", "endnotes"]
                .iter()
                .any(|p| n[5..].starts_with(p))
    }));
    text_of_parts(&mut zip, &parts, max)
}

/// The text of a PPTX: its slides in order, then their notes.
pub fn pptx(bytes: &[u8], max: usize) -> Result<String, Reason> {
    let mut zip = open(bytes)?;
    let mut slides = part_names(&zip, |n| {
        n.starts_with("ppt/slides/slide") && n.ends_with(".xml")
    });
    slides.sort_by_key(|n| number_in(n));
    let mut notes = part_names(&zip, |n| {
        n.starts_with("ppt/notesSlides/") && n.ends_with(".xml")
    });
    notes.sort_by_key(|n| number_in(n));
    slides.extend(notes);
    text_of_parts(&mut zip, &slides, max)
}

/// The text of an ODT or ODP: `content.xml`.
pub fn open_document(bytes: &[u8], max: usize) -> Result<String, Reason> {
    let mut zip = open(bytes)?;
    text_of_parts(&mut zip, &["content.xml".to_owned()], max)
}

fn open(bytes: &[u8]) -> Result<ZipArchive<Cursor<&[u8]>>, Reason> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| Reason::UnreadableOffice(e.to_string()))
}

/// The names of the archive's entries that `wanted` accepts, in archive order.
fn part_names(zip: &ZipArchive<Cursor<&[u8]>>, wanted: impl Fn(&str) -> bool) -> Vec<String> {
    zip.file_names()
        .filter_map(Result::ok)
        .filter(|n| wanted(n))
        .map(|n| n.into_owned())
        .collect()
}

/// The number in a part name (`slide12.xml` → 12), for document order.
fn number_in(name: &str) -> u32 {
    let digits: String = name.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(u32::MAX)
}

/// The text of each named part, in order, up to about `max` bytes in all.
fn text_of_parts(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    max: usize,
) -> Result<String, Reason> {
    if names.is_empty() {
        return Err(Reason::NoDocumentPart);
    }
    let damaged = |part: &str, e: &dyn std::fmt::Display| Reason::DamagedOffice {
        part: part.to_owned(),
        error: e.to_string(),
    };
    let mut out = String::new();
    for name in names {
        let part = zip.by_name(name).map_err(|e| damaged(name, &e))?;
        let mut xml = Vec::new();
        let limit = (max.saturating_mul(XML_PER_TEXT_BYTE)) as u64;
        part.take(limit)
            .read_to_end(&mut xml)
            .map_err(|e| damaged(name, &e))?;
        xml_text(&xml, &mut out);
        if out.len() > max {
            break;
        }
    }
    Ok(out)
}

/// Appends the text nodes of `xml` to `out`, a line break after each paragraph (`w:p`, `a:p`,
/// `text:p`, `text:h`) and a space for tabs and line breaks inside one. Stops quietly at
/// damaged XML, keeping what came before.
fn xml_text(xml: &[u8], out: &mut String) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Text(t)) => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => out.push_str(&entity(&r.into_inner())),
            Ok(Event::End(e)) if is_paragraph(e.local_name().as_ref()) => out.push('\n'),
            Ok(Event::Empty(e)) if is_break(e.local_name().as_ref()) => out.push(' '),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}

fn is_paragraph(local: &str) -> bool {
    matches!(local, "p" | "h")
}

fn is_break(local: &str) -> bool {
    matches!(local, "tab" | "br" | "s" | "line-break")
}

/// The character an XML entity or character reference stands for.
fn entity(name: &str) -> String {
    let code = name
        .strip_prefix("#x")
        .map(|h| u32::from_str_radix(h, 16))
        .or_else(|| name.strip_prefix('#').map(str::parse::<u32>));
    if let Some(Ok(c)) = code {
        return char::from_u32(c).map(String::from).unwrap_or_default();
    }
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_and_entities() {
        let mut out = String::new();
        xml_text(
            b"<w:document><w:body><w:p><w:r><w:t>Bonjour</w:t></w:r><w:tab/><w:r><w:t>&amp; &#233;t&#xE9;</w:t></w:r></w:p><w:p><w:t>fin</w:t></w:p></w:body></w:document>",
            &mut out,
        );
        assert_eq!(out, "Bonjour & été\nfin\n");
    }
}
