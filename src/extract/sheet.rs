//! Spreadsheets (XLSX, XLSM, XLS, ODS) with calamine: every sheet, its name then its rows,
//! cells separated by tabs. calamine reads whole parts into memory, so a zipped workbook whose
//! parts declare more than [`super::office::XML_PER_TEXT_BYTE`] bytes per byte of text allowed
//! is refused before it is opened (a zip bomb); the zip reader stops any part at its declared
//! size.

use std::fmt::Write as _;
use std::io::Cursor;

use calamine::{Reader, open_workbook_auto_from_rs};

use crate::problem::Reason;

/// The cells of every sheet of the workbook in `bytes`, up to about `max` bytes.
pub fn text(bytes: &[u8], max: usize) -> Result<String, Reason> {
    if bytes.starts_with(b"PK") {
        within_declared_sizes(bytes, max.saturating_mul(super::office::XML_PER_TEXT_BYTE))?;
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| Reason::UnreadableSheet(e.to_string()))?;
    let mut out = String::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let _ = writeln!(out, "{name}");
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            let _ = writeln!(out, "{}", cells.join("\t").trim_end());
            if out.len() > max {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// Refuses a zip whose entries declare more than `limit` decompressed bytes in all.
fn within_declared_sizes(bytes: &[u8], limit: usize) -> Result<(), Reason> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Reason::UnreadableSheet(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let size = zip.by_index_raw(i).map_or(0, |entry| entry.size());
        total = total.saturating_add(size);
    }
    match total > limit as u64 {
        true => Err(Reason::SheetBomb(total)),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_workbook_that_would_decompress_past_the_limit_is_refused() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/sharedStrings.xml", options)
            .expect("entry");
        zip.write_all(&vec![b' '; 4 << 20]).expect("written");
        let bomb = zip.finish().expect("zip").into_inner();
        assert!(bomb.len() < 64 << 10, "compressed small: {}", bomb.len());
        let refused = text(&bomb, 1000).map_err(|reason| reason.to_string());
        assert!(refused.is_err_and(|e| e.contains("zip bomb")));
    }
}
