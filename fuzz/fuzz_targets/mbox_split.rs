//! The mbox splitter and its safety net never panic, and streaming a file in blocks of any
//! size gives exactly the messages that splitting it whole gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trawl::mbox::{self, Blocks};

fuzz_target!(|data: &[u8]| {
    let whole: Vec<(usize, usize)> = mbox::split(data)
        .iter()
        .map(|s| (s.offset, s.len))
        .collect();
    let block_len = 1 + usize::from(data.first().copied().unwrap_or(0)) * 7;
    let mut blocks = Blocks::with_block_len(data, Vec::new(), block_len);
    let mut streamed = Vec::new();
    while let Ok(Some(block)) = blocks.next_block() {
        for s in &block.spans {
            let start = block.offset as usize + s.offset;
            streamed.push((start, s.len));
            let message = &block.bytes[s.offset..s.offset + s.len];
            let _ = mbox::unquote(message);
            let _ = mbox::merged_envelope(message);
        }
    }
    assert_eq!(streamed, whole);
});
