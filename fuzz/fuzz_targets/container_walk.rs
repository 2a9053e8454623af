//! Archive readers never take the process down: any bytes, walked as a zip, tar, gzip (a
//! `.gz` or a `.tar.gz`) or 7z by the indexer's own walk with its default limits, give members
//! and reports within the decompression budget (no panic escapes, no runaway memory or time),
//! and a member read whole reads back byte for byte through its `!/` location.
#![no_main]

use std::io::{Cursor, Read};

use libfuzzer_sys::fuzz_target;
use trawl::container::read::read_span_in;
use trawl::container::walk::{Visitor, WalkRequest, walk};
use trawl::limits::{ContainerLimits, Limits};
use trawl::problem::{Problem, ProblemKind, Reason};
use trawl::sniff::ContainerKind;

/// The formats, picked by the input's first byte.
const KINDS: [(ContainerKind, &str); 4] = [
    (ContainerKind::Zip, "/fuzz/input.zip"),
    (ContainerKind::Tar, "/fuzz/input.tar"),
    (ContainerKind::Gzip, "/fuzz/input.mbox.gz"),
    (ContainerKind::SevenZ, "/fuzz/input.7z"),
];

/// Members read back per input (each read back decompresses the archive again).
const READ_BACK: usize = 4;

/// Bytes of a member kept to compare with its read-back.
const KEPT: u64 = 64 << 10;

/// What the walk handed over: members read without error, and whether a limit cut it.
#[derive(Default)]
struct Recorder {
    members: Vec<(String, Vec<u8>)>,
    decompressed: u64,
    truncated: bool,
}

impl Visitor for Recorder {
    fn begin(&mut self, _path: &str, _size: u64, _skipped: Option<Reason>) -> bool {
        true
    }

    fn member(&mut self, path: &str, _size: u64, mut head: Vec<u8>, rest: &mut dyn Read) -> bool {
        let kept = rest.take(KEPT).read_to_end(&mut head);
        let more = std::io::copy(rest, &mut std::io::sink());
        if let (Ok(_), Ok(more)) = (kept, more) {
            self.decompressed += head.len() as u64 + more;
            if more == 0 {
                self.members.push((path.to_owned(), head));
            }
        }
        true
    }

    fn problem(&mut self, _archive: &str, problem: Problem) -> bool {
        self.truncated |= problem.kind == ProblemKind::Truncated;
        true
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let (kind, path) = KINDS[usize::from(selector) % KINDS.len()];
    let limits = ContainerLimits::default();
    let request = WalkRequest {
        path,
        size: bytes.len() as u64,
        kind,
        limits,
        max_buffer: Limits::default().message_bytes,
    };
    let mut recorder = Recorder::default();
    assert!(walk(&request, &mut Cursor::new(bytes), &mut recorder));
    assert!(recorder.decompressed <= limits.budget(request.size).0);
    if recorder.truncated {
        return;
    }
    for (member, bytes_read) in recorder.members.iter().take(READ_BACK) {
        let length = bytes_read.len() as u64;
        let back = read_span_in(kind, &mut Cursor::new(bytes), member, 0, length);
        assert_eq!(back.as_ref(), Ok(bytes_read), "{member}");
    }
});
