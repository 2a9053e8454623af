//! The text layer of a PDF, with pdf-extract (on lopdf). A PDF that is only scanned images
//! has no text layer and gives nothing; an encrypted one is reported.

/// The text of the PDF in `bytes`.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    pdf_extract::extract_text_from_mem(bytes).map_err(|e| format!("unreadable PDF: {e}"))
}
