//! Attachment readers never take the process down: any bytes, read as any kind of document,
//! give a text or a note, within their bounds (no panic escapes, no runaway memory).
#![no_main]

use libfuzzer_sys::fuzz_target;
use trawl::extract::{self, Kind};

const KINDS: [Kind; 8] = [
    Kind::Pdf,
    Kind::Docx,
    Kind::Pptx,
    Kind::OpenDocument,
    Kind::Sheet,
    Kind::Rtf,
    Kind::Html,
    Kind::Plain,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let kind = KINDS[usize::from(selector) % KINDS.len()];
    let read = extract::text(kind, bytes, "utf-8", 64 << 10);
    assert!(read.text.len() <= 64 << 10);
});
