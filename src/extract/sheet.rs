//! Spreadsheets (XLSX, XLSM, XLS, ODS) with calamine: every sheet, its name then its rows,
//! cells separated by tabs.

use std::fmt::Write as _;
use std::io::Cursor;

use calamine::{Reader, open_workbook_auto_from_rs};

/// The cells of every sheet of the workbook in `bytes`, up to about `max` bytes.
pub fn text(bytes: &[u8], max: usize) -> Result<String, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("unreadable spreadsheet: {e}"))?;
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
