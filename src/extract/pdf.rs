//! The text layer of a PDF, with pdf-extract (on lopdf). A PDF that is only scanned images
//! has no text layer and gives nothing; an encrypted one is reported.
//!
//! lopdf inflates the streams it reads whole, so a few megabytes of PDF can ask for gigabytes
//! of memory (a compression bomb). Before parsing, every stream of the file is inflated once
//! into nothing, counting bytes, and a PDF whose streams would inflate past [`MAX_INFLATED`]
//! is not read. Nor is one whose forms or page tree pdf-extract would follow without end
//! ([`super::pdf_recursion`]).

use std::io::Read;

use super::pdf_recursion;
use crate::problem::Reason;

/// Most bytes a PDF's compressed streams may inflate to, in all, for its text to be read.
pub const MAX_INFLATED: u64 = 256 << 20;

/// The text of the PDF in `bytes`.
pub fn text(bytes: &[u8]) -> Result<String, Reason> {
    let inflated = inflated_size(bytes, MAX_INFLATED);
    if inflated > MAX_INFLATED {
        return Err(Reason::PdfBomb(MAX_INFLATED >> 20));
    }
    let refused = pdf_extract::Document::load_mem(bytes)
        .ok()
        .and_then(|doc| pdf_recursion::refusal(&doc));
    if let Some(why) = refused {
        return Err(Reason::PdfRefused(Box::new(why)));
    }
    pdf_extract::extract_text_from_mem(bytes).map_err(|e| Reason::UnreadablePdf(e.to_string()))
}

/// How many bytes the zlib streams of the file inflate to, counting no further than just past
/// `cap`. A stream is what follows a `stream` keyword up to the next `endstream`; one that is
/// not zlib data counts for nothing.
fn inflated_size(bytes: &[u8], cap: u64) -> u64 {
    let mut total: u64 = 0;
    for start in memchr::memmem::find_iter(bytes, b"stream") {
        if bytes[..start].ends_with(b"end") {
            continue;
        }
        let data = &bytes[start + 6..];
        let data = data.strip_prefix(b"\r").unwrap_or(data);
        let data = data.strip_prefix(b"\n").unwrap_or(data);
        let end = memchr::memmem::find(data, b"endstream").unwrap_or(data.len());
        total = total.saturating_add(inflated(&data[..end], cap - total + 1));
        if total > cap {
            break;
        }
    }
    total
}

/// Bytes `data` inflates to as zlib, at most `cap`.
fn inflated(data: &[u8], cap: u64) -> u64 {
    let mut decoder = flate2::read::ZlibDecoder::new(data).take(cap);
    std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(bytes).expect("compressed");
        z.finish().expect("compressed")
    }

    #[test]
    fn streams_are_counted_inflated_and_a_bomb_is_refused() {
        let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Length 9 >>\nstream\n".to_vec();
        pdf.extend(zlib(&[b'x'; 1000]));
        pdf.extend(b"\nendstream\nendobj\n2 0 obj\n<<>>\nstream\r\nnot zlib\nendstream\n");
        assert_eq!(inflated_size(&pdf, 1 << 20), 1000);
        assert_eq!(
            inflated_size(&pdf, 10),
            11,
            "counting stops just past the cap"
        );
        let mut bomb = b"%PDF-1.4\n1 0 obj\n<< >>\nstream\n".to_vec();
        bomb.extend(zlib(&vec![b'0'; (MAX_INFLATED + 1) as usize]));
        bomb.extend(b"\nendstream\n");
        let refused = text(&bomb).map_err(|reason| reason.to_string());
        assert!(refused.is_err_and(|e| e.contains("compression bomb")));
    }
}
