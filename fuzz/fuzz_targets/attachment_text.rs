//! Attachment readers never take the process down: any bytes, read as any kind of document,
//! give a text or a note, within their bounds (no panic escapes, no runaway memory).
#![no_main]

use libfuzzer_sys::fuzz_target;
use trawl::extract::{self, Kind};
use trawl::limits::Limits;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let kind = Kind::ALL[usize::from(selector) % Kind::ALL.len()];
    let time = Limits::default().extract_time;
    let read = extract::text(kind, bytes, "utf-8", 64 << 10, time);
    assert!(read.text.len() <= 64 << 10);
});
