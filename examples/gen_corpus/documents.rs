//! Real office documents for attachments, so that the benchmark measures text extraction:
//! PDFs with a text layer (a minimal writer: one Helvetica content stream per page), DOCX,
//! XLSX and PPTX (the zip parts a reader needs). Their text is Latin filler that shares no
//! word with the corpus vocabulary: mairix does not search attachments, so the hit counts
//! that peers.sh compares stay equal.

use std::io::{Cursor, Write};

use fastrand::Rng;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// Filler words, none of them in the generated vocabulary.
const FILLER: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "labore",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "minim",
    "veniam",
    "quis",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
    "nisi",
    "aliquip",
    "commodo",
    "consequat",
    "duis",
    "aute",
    "irure",
    "reprehenderit",
    "voluptate",
    "velit",
    "esse",
    "cillum",
    "fugiat",
    "nulla",
    "pariatur",
    "excepteur",
    "sint",
    "occaecat",
    "cupidatat",
    "proident",
    "sunt",
    "culpa",
    "officia",
    "deserunt",
    "mollit",
    "anim",
    "laborum",
];

/// `count` lines of about twelve filler words, the first words most frequent.
pub fn lines(rng: &mut Rng, count: usize) -> Vec<String> {
    (0..count)
        .map(|_| {
            let words: Vec<&str> = (0..rng.usize(8..=16))
                .map(|_| FILLER[rng.usize(..FILLER.len()).min(rng.usize(..FILLER.len()))])
                .collect();
            words.join(" ")
        })
        .collect()
}

/// A PDF of `pages`, each a list of lines, carrying `image` as an image stream (scans and
/// logos make real PDFs tens of kilobytes).
pub fn pdf(pages: &[Vec<String>], image: &[u8]) -> Vec<u8> {
    let n = pages.len();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        let mut stream = String::from("BT /F1 11 Tf 50 800 Td 14 TL\n");
        for line in lines {
            stream.push_str(&format!(
                "({}) Tj T*\n",
                line.replace('\\', "\\\\")
                    .replace('(', "\\(")
                    .replace(')', "\\)")
            ));
        }
        stream.push_str("ET");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    offsets.push(out.len());
    let image_object = format!(
        "{} 0 obj\n<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray \
         /BitsPerComponent 8 /Length {} >>\nstream\n",
        objects.len() + 1,
        image.len()
    );
    out.extend_from_slice(image_object.as_bytes());
    out.extend_from_slice(image);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let objects = objects.len() + 1;
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects + 1
    );
    out.extend_from_slice(trailer.as_bytes());
    out
}

/// A DOCX holding one paragraph per line, and `image` as a picture.
pub fn docx(lines: &[String], image: &[u8]) -> Vec<u8> {
    let body: String = lines
        .iter()
        .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
        .collect();
    zipped(&[
        ("[Content_Types].xml", CONTENT_TYPES.replace("MAIN", "/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")),
        ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>")),
    ], ("word/media/image1.png", image))
}

/// An XLSX with one sheet, one row per line, one cell per word, and `image` as a picture.
pub fn xlsx(lines: &[String], image: &[u8]) -> Vec<u8> {
    let rows: String = lines
        .iter()
        .map(|l| {
            let cells: String = l
                .split(' ')
                .map(|w| format!("<c t=\"inlineStr\"><is><t>{w}</t></is></c>"))
                .collect();
            format!("<row>{cells}</row>")
        })
        .collect();
    let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    zipped(&[
        ("[Content_Types].xml", CONTENT_TYPES.replace("MAIN", "/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_owned()),
        ("xl/workbook.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook {ns}><sheets><sheet name=\"Feuil1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_owned()),
        ("xl/worksheets/sheet1.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet {ns}><sheetData>{rows}</sheetData></worksheet>")),
    ], ("xl/media/image1.png", image))
}

/// A PPTX with one slide per group of three lines, and `image` as a picture.
pub fn pptx(lines: &[String], image: &[u8]) -> Vec<u8> {
    let mut parts = vec![("[Content_Types].xml", CONTENT_TYPES.replace("MAIN", "/ppt/presentation.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"))];
    let slides: Vec<(String, String)> = lines
        .chunks(3)
        .enumerate()
        .map(|(i, chunk)| {
            let text: String = chunk.iter().map(|l| format!("<a:p><a:r><a:t>{l}</a:t></a:r></a:p>")).collect();
            (format!("ppt/slides/slide{}.xml", i + 1), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><p:sld xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"><p:cSld><p:spTree><p:sp><p:txBody>{text}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"))
        })
        .collect();
    parts.extend(slides.iter().map(|(n, x)| (n.as_str(), x.clone())));
    zipped(&parts, ("ppt/media/image1.png", image))
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"MAIN\"/></Types>";

/// A zip of `parts` (name, text), deflated, and of `media` (name, bytes), stored, with a
/// fixed date so that the output is reproducible.
fn zipped(parts: &[(&str, String)], media: (&str, &[u8])) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    for (name, text) in parts {
        zip.start_file(*name, options)
            .expect("a zip entry in memory");
        zip.write_all(text.as_bytes())
            .expect("a zip entry in memory");
    }
    let stored = options.compression_method(zip::CompressionMethod::Stored);
    zip.start_file(media.0, stored)
        .expect("a zip entry in memory");
    zip.write_all(media.1).expect("a zip entry in memory");
    zip.finish().expect("a zip in memory").into_inner()
}
