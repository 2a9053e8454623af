//! A 7z's headers checked against the archive's size and trawl's limits before sevenz-rust2
//! reads them. The crate (0.20, the last release for rust 1.89) allocates whatever a header
//! declares: a header of 2^40 bytes, a billion entries or data streams, a bit set per entry.
//! On hostile bytes that aborts the process (an allocation that cannot be made) or exhausts
//! memory, which no `catch_unwind` stops. So the headers are walked here first, exactly as
//! the crate will parse them, and every count and size is checked against the bytes that
//! hold it, the archive's length, the entries allowed (`--max-container-members`) and the
//! bytes a header may hold in memory (`--max-message-size`); a header that does not fit is
//! reported as the reason the archive is not read, and the crate never sees it.
//!
//! A compressed header (what `7z a` writes) is decompressed here (LZMA, LZMA2 or stored: what
//! 7-Zip writes headers with) within the same bounds, then checked like a plain one.

use std::io::{Read, SeekFrom};

use lzma_rust2::{Lzma2Reader, LzmaReader};

use super::{Bounds, ReadSeek};
use crate::problem::{Reason, SevenZHeader};

/// Bytes before the next header: signature, version, start header.
const START_LEN: u64 = 32;

const K_END: u8 = 0x00;
const K_HEADER: u8 = 0x01;
const K_ARCHIVE_PROPERTIES: u8 = 0x02;
const K_MAIN_STREAMS_INFO: u8 = 0x04;
const K_FILES_INFO: u8 = 0x05;
const K_PACK_INFO: u8 = 0x06;
const K_UNPACK_INFO: u8 = 0x07;
const K_SUB_STREAMS_INFO: u8 = 0x08;
const K_SIZE: u8 = 0x09;
const K_CRC: u8 = 0x0A;
const K_FOLDER: u8 = 0x0B;
const K_CODERS_UNPACK_SIZE: u8 = 0x0C;
const K_NUM_UNPACK_STREAM: u8 = 0x0D;
const K_EMPTY_STREAM: u8 = 0x0E;
const K_NAME: u8 = 0x11;
const K_ENCODED_HEADER: u8 = 0x17;

/// Coders and their streams in one folder, at most (7-Zip's own bound).
const MAX_CODERS: u64 = 64;

/// Checks the headers of the 7z in `source`; the error says what does not fit. `source` is
/// left at its start.
pub fn check(source: &mut dyn ReadSeek, bounds: Bounds) -> Result<(), Reason> {
    let checked = check_from_start(source, bounds);
    source.seek(SeekFrom::Start(0))?;
    checked
}

fn check_from_start(source: &mut dyn ReadSeek, bounds: Bounds) -> Result<(), Reason> {
    let len = source.seek(SeekFrom::End(0))?;
    let start = read_at(source, 0, START_LEN)?;
    let (offset, size) = next_header(&start)?;
    let begin = START_LEN.checked_add(offset);
    if begin
        .and_then(|b| b.checked_add(size))
        .is_none_or(|end| end > len)
    {
        return Err(SevenZHeader::BeyondEnd { size, offset, len }.into());
    }
    within(size, bounds.max_buffer as u64, "7z header (bytes)", BUFFER)?;
    let header = read_at(source, START_LEN + offset, size)?;
    match header.split_first() {
        Some((&K_HEADER, rest)) => Header::new(rest, bounds).header(),
        Some((&K_ENCODED_HEADER, rest)) => {
            let decoded = decode_header(source, len, rest, bounds)?;
            match decoded.split_first() {
                Some((&K_HEADER, rest)) => Header::new(rest, bounds).header(),
                _ => Err(SevenZHeader::CompressedHoldsNoHeader.into()),
            }
        }
        _ => Err(SevenZHeader::Missing.into()),
    }
}

/// The next header's offset and size from the start header (`bytes`: the first 32 bytes).
fn next_header(bytes: &[u8]) -> Result<(u64, u64), Reason> {
    let field = |at: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    if bytes[8..].iter().all(|&b| b == 0) {
        return Err(SevenZHeader::BlankStart.into());
    }
    Ok((field(12), field(20)))
}

/// `len` bytes of `source` from `at`, which must all be there.
fn read_at(source: &mut dyn ReadSeek, at: u64, len: u64) -> Result<Vec<u8>, Reason> {
    source.seek(SeekFrom::Start(at))?;
    let mut bytes = Vec::new();
    source.take(len).read_to_end(&mut bytes)?;
    if (bytes.len() as u64) < len {
        return Err(SevenZHeader::CutShortAt { len, at }.into());
    }
    Ok(bytes)
}

/// Refuses `value` above `max`, naming `what` and the bound (`limit`: a flag, or why).
fn within(value: u64, max: u64, what: &'static str, limit: &'static str) -> Result<(), Reason> {
    if value > max {
        return Err(SevenZHeader::Declares {
            what,
            value,
            limit,
            max,
        }
        .into());
    }
    Ok(())
}

/// The flag bounding what a 7z may hold in memory.
const BUFFER: &str = "--max-message-size";
/// The flag bounding a 7z's entries.
const MEMBERS: &str = "--max-container-members";

/// The header a compressed header (`encoded`, after its first byte) stands for, decompressed
/// within the bounds.
fn decode_header(
    source: &mut dyn ReadSeek,
    len: u64,
    encoded: &[u8],
    bounds: Bounds,
) -> Result<Vec<u8>, Reason> {
    let mut header = Header::new(encoded, bounds);
    let streams = header.streams_info()?;
    let (Some(folder), Some(&packed)) = (streams.folders.first(), streams.pack_sizes.first())
    else {
        return Err(SevenZHeader::CompressedWithoutData.into());
    };
    let at = START_LEN.saturating_add(streams.pack_pos);
    if at.checked_add(packed).is_none_or(|end| end > len) {
        return Err(SevenZHeader::CompressedBeyondEnd.into());
    }
    let max = bounds.max_buffer as u64;
    within(packed, max, "7z compressed header (bytes)", BUFFER)?;
    within(folder.unpack_size, max, "7z header (bytes)", BUFFER)?;
    let packed = read_at(source, at, packed)?;
    decompress(folder, &packed)
}

/// The bytes of a compressed header's one coder, decompressed.
fn decompress(folder: &Folder, packed: &[u8]) -> Result<Vec<u8>, Reason> {
    let size = folder.unpack_size;
    let mut out = Vec::new();
    let unknown = || Reason::from(SevenZHeader::UnknownMethod);
    let [coder] = folder.coders.as_slice() else {
        return Err(unknown());
    };
    let read = match (coder.method.as_slice(), coder.props.as_slice()) {
        ([0x00], _) => packed.take(size).read_to_end(&mut out),
        ([0x03, 0x01, 0x01], [lc_lp_pb, d0, d1, d2, d3]) => {
            let dict = u32::from_le_bytes([*d0, *d1, *d2, *d3]);
            LzmaReader::new_with_props(packed, size, *lc_lp_pb, dict, None)?
                .take(size)
                .read_to_end(&mut out)
        }
        ([0x21], [p]) if *p <= 40 => {
            let dict = lzma2_dictionary(*p).min(u32::try_from(size.max(4096)).unwrap_or(u32::MAX));
            Lzma2Reader::new(packed, dict, None)
                .take(size)
                .read_to_end(&mut out)
        }
        _ => return Err(unknown()),
    };
    read.map_err(|e| SevenZHeader::Decompress(e.to_string()))?;
    Ok(out)
}

/// The dictionary size an LZMA2 property byte (at most 40) stands for.
fn lzma2_dictionary(p: u8) -> u32 {
    match p {
        40.. => u32::MAX,
        _ => (2 | u32::from(p & 1)) << (p / 2 + 11),
    }
}

/// Bytes the LZMA or LZMA2 decoder of `coder` allocates (and fills) for its dictionary, the
/// LZMA one cut to the folder's unpacked size as lzma-rust2 does; 0 for other methods.
fn dictionary_bytes(coder: &Coder, unpack_size: u64) -> u64 {
    match (coder.method.as_slice(), coder.props.as_slice()) {
        ([0x03, 0x01, 0x01], [_, d0, d1, d2, d3]) => {
            u64::from(u32::from_le_bytes([*d0, *d1, *d2, *d3])).min(unpack_size)
        }
        ([0x21], [p]) => u64::from(lzma2_dictionary(*p)),
        _ => 0,
    }
}

/// What a streams-info block declares, as far as the checks need.
#[derive(Default)]
struct Streams {
    pack_pos: u64,
    pack_sizes: Vec<u64>,
    folders: Vec<Folder>,
    /// Data streams (files with bytes) the folders hold.
    data_streams: u64,
}

/// One folder (block): its coders, the streams it reads and writes, its unpacked size (the
/// largest of its outputs) and CRC.
#[derive(Default)]
struct Folder {
    coders: Vec<Coder>,
    packed_streams: u64,
    outputs: u64,
    unpack_size: u64,
    has_crc: bool,
}

/// One coder of a folder: its method id and properties.
struct Coder {
    method: Vec<u8>,
    props: Vec<u8>,
}

/// A header's bytes, read as sevenz-rust2 reads them, every count checked.
struct Header<'a> {
    bytes: &'a [u8],
    pos: usize,
    bounds: Bounds,
}

impl<'a> Header<'a> {
    fn new(bytes: &'a [u8], bounds: Bounds) -> Header<'a> {
        Header {
            bytes,
            pos: 0,
            bounds,
        }
    }

    fn left(&self) -> u64 {
        (self.bytes.len() - self.pos) as u64
    }

    fn byte(&mut self) -> Result<u8, Reason> {
        let byte = *self.bytes.get(self.pos).ok_or(SevenZHeader::CutShort)?;
        self.pos += 1;
        Ok(byte)
    }

    fn skip(&mut self, n: u64) -> Result<&'a [u8], Reason> {
        if n > self.left() {
            return Err(SevenZHeader::CutShort.into());
        }
        let start = self.pos;
        self.pos += n as usize;
        Ok(&self.bytes[start..self.pos])
    }

    /// A 7z number: the first byte's high bits say how many bytes follow.
    fn number(&mut self) -> Result<u64, Reason> {
        let first = u64::from(self.byte()?);
        let mut mask = 0x80;
        let mut value = 0;
        for i in 0..8 {
            if first & mask == 0 {
                return Ok(value | ((first & (mask - 1)) << (8 * i)));
            }
            value |= u64::from(self.byte()?) << (8 * i);
            mask >>= 1;
        }
        Ok(value)
    }

    /// A count of things each taking at least one more byte of this header.
    fn count(&mut self, what: &'static str) -> Result<u64, Reason> {
        let n = self.number()?;
        within(n, self.left(), what, "the header bytes left")?;
        Ok(n)
    }

    fn expect(&mut self, id: u8, what: &'static str) -> Result<(), Reason> {
        match self.byte()? {
            b if b == id => Ok(()),
            found => Err(SevenZHeader::Expected { what, found }.into()),
        }
    }

    /// The header after its first byte.
    fn header(&mut self) -> Result<(), Reason> {
        let mut id = self.byte()?;
        if id == K_ARCHIVE_PROPERTIES {
            self.archive_properties()?;
            id = self.byte()?;
        }
        let mut streams = Streams::default();
        if id == K_MAIN_STREAMS_INFO {
            streams = self.streams_info()?;
            id = self.byte()?;
        }
        if id == K_FILES_INFO {
            self.files_info(&streams)?;
        }
        Ok(())
    }

    fn archive_properties(&mut self) -> Result<(), Reason> {
        while self.byte()? != K_END {
            let size = self.count("7z archive property size")?;
            self.skip(size)?;
        }
        Ok(())
    }

    fn streams_info(&mut self) -> Result<Streams, Reason> {
        let mut streams = Streams::default();
        let mut id = self.byte()?;
        if id == K_PACK_INFO {
            self.pack_info(&mut streams)?;
            id = self.byte()?;
        }
        if id == K_UNPACK_INFO {
            self.unpack_info(&mut streams)?;
            id = self.byte()?;
        }
        streams.data_streams = streams.folders.len() as u64;
        if id == K_SUB_STREAMS_INFO {
            self.sub_streams_info(&mut streams)?;
            id = self.byte()?;
        }
        if id != K_END {
            return Err(SevenZHeader::NotEnded("streams info").into());
        }
        let packed: u64 = streams.folders.iter().map(|f| f.packed_streams).sum();
        if packed > streams.pack_sizes.len() as u64 {
            return Err(SevenZHeader::MorePackedStreams.into());
        }
        Ok(streams)
    }

    fn pack_info(&mut self, streams: &mut Streams) -> Result<(), Reason> {
        streams.pack_pos = self.number()?;
        let n = self.count("7z packed streams")?;
        let mut id = self.byte()?;
        if id == K_SIZE {
            streams.pack_sizes = (0..n).map(|_| self.number()).collect::<Result<_, _>>()?;
            id = self.byte()?;
        }
        if id == K_CRC {
            self.digests(n)?;
            id = self.byte()?;
        }
        if id != K_END {
            return Err(SevenZHeader::NotEnded("pack info").into());
        }
        Ok(())
    }

    fn unpack_info(&mut self, streams: &mut Streams) -> Result<(), Reason> {
        self.expect(K_FOLDER, "folders")?;
        let n = self.count("7z folders")?;
        self.expect(0, "folders in the header")?;
        streams.folders = (0..n).map(|_| self.folder()).collect::<Result<_, _>>()?;
        self.expect(K_CODERS_UNPACK_SIZE, "unpacked sizes")?;
        for folder in &mut streams.folders {
            for _ in 0..folder.outputs {
                folder.unpack_size = folder.unpack_size.max(self.number()?);
            }
            for coder in &folder.coders {
                let max = self.bounds.max_buffer as u64;
                let bytes = dictionary_bytes(coder, folder.unpack_size);
                within(bytes, max, "a 7z dictionary (bytes)", BUFFER)?;
            }
        }
        let mut id = self.byte()?;
        if id == K_CRC {
            let defined = self.bits_or_all(n)?;
            for (i, folder) in streams.folders.iter_mut().enumerate() {
                folder.has_crc = defined.get(i).copied().unwrap_or(true);
                if folder.has_crc {
                    self.skip(4)?;
                }
            }
            id = self.byte()?;
        }
        if id != K_END {
            return Err(SevenZHeader::NotEnded("unpack info").into());
        }
        Ok(())
    }

    fn folder(&mut self) -> Result<Folder, Reason> {
        let coders = self.number()?;
        within(coders, MAX_CODERS, "a 7z folder's coders", "7-Zip's bound")?;
        let mut folder = Folder::default();
        let mut inputs = 0;
        for _ in 0..coders {
            let flags = self.byte()?;
            let method = self.skip(u64::from(flags & 0x0F))?.to_vec();
            let (i, o) = match flags & 0x10 {
                0 => (1, 1),
                _ => (self.number()?, self.number()?),
            };
            within(i, MAX_CODERS, "a 7z coder's inputs", "7-Zip's bound")?;
            within(o, MAX_CODERS, "a 7z coder's outputs", "7-Zip's bound")?;
            inputs += i;
            folder.outputs += o;
            let mut props = Vec::new();
            if flags & 0x20 != 0 {
                let size = self.count("7z coder properties")?;
                props = self.skip(size)?.to_vec();
            }
            folder.coders.push(Coder { method, props });
            if flags & 0x80 != 0 {
                return Err(SevenZHeader::AlternativeMethods.into());
            }
        }
        let bind_pairs = folder
            .outputs
            .checked_sub(1)
            .ok_or(SevenZHeader::NoOutput)?;
        for _ in 0..bind_pairs * 2 {
            self.number()?;
        }
        folder.packed_streams = inputs
            .checked_sub(bind_pairs)
            .ok_or(SevenZHeader::Bindings)?;
        if folder.packed_streams > 1 {
            for _ in 0..folder.packed_streams {
                self.number()?;
            }
        }
        Ok(folder)
    }

    fn sub_streams_info(&mut self, streams: &mut Streams) -> Result<(), Reason> {
        let mut counts = vec![1; streams.folders.len()];
        let mut id = self.byte()?;
        if id == K_NUM_UNPACK_STREAM {
            for count in &mut counts {
                *count = self.number()?;
                let max = self.bounds.max_entries;
                within(*count, max, "a 7z folder's data streams", MEMBERS)?;
            }
            id = self.byte()?;
        }
        streams.data_streams = counts.iter().sum();
        let max = self.bounds.max_entries;
        within(streams.data_streams, max, "7z data streams", MEMBERS)?;
        if id == K_SIZE {
            for _ in 0..counts.iter().map(|n| n.saturating_sub(1)).sum::<u64>() {
                self.number()?;
            }
            id = self.byte()?;
        }
        if id == K_CRC {
            let digests = counts
                .iter()
                .zip(&streams.folders)
                .filter(|(n, f)| **n != 1 || !f.has_crc)
                .map(|(n, _)| n)
                .sum();
            self.digests(digests)?;
            id = self.byte()?;
        }
        if id != K_END {
            return Err(SevenZHeader::NotEnded("substreams info").into());
        }
        Ok(())
    }

    /// A bit set of `n` entries: one byte saying "all set", or the bits.
    fn bits_or_all(&mut self, n: u64) -> Result<Vec<bool>, Reason> {
        if self.byte()? != 0 {
            return Ok(Vec::new());
        }
        self.bits(n)
    }

    fn bits(&mut self, n: u64) -> Result<Vec<bool>, Reason> {
        let bytes = self.skip(n.div_ceil(8))?;
        Ok((0..n as usize)
            .map(|i| bytes[i / 8] & (0x80 >> (i % 8)) != 0)
            .collect())
    }

    /// CRCs of `n` streams, those defined.
    fn digests(&mut self, n: u64) -> Result<(), Reason> {
        let all = self.byte()? != 0;
        let defined = match all {
            true => n,
            false => self.bits(n)?.iter().filter(|&&b| b).count() as u64,
        };
        self.skip(defined.saturating_mul(4)).map(|_| ())
    }

    fn files_info(&mut self, streams: &Streams) -> Result<(), Reason> {
        let files = self.count("7z entries")?;
        within(files, self.bounds.max_entries, "7z entries", MEMBERS)?;
        let mut with_data = files;
        loop {
            let kind = self.byte()?;
            if kind == K_END {
                break;
            }
            let size = self.count("7z entry property size")?;
            let property = self.skip(size)?;
            match kind {
                K_EMPTY_STREAM => with_data = files - empty(property, files),
                K_NAME => names(property, files)?,
                _ => {}
            }
        }
        if with_data > streams.data_streams {
            return Err(SevenZHeader::MoreEntriesThanStreams {
                with_data,
                streams: streams.data_streams,
            }
            .into());
        }
        Ok(())
    }
}

/// Entries with no data, from a `kEmptyStream` bit set of `files` entries.
fn empty(property: &[u8], files: u64) -> u64 {
    (0..files as usize)
        .filter(|i| {
            property
                .get(i / 8)
                .is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
        })
        .count() as u64
}

/// Checks that a `kName` property (an external flag, then UTF-16 names each ending in a
/// zero) names exactly `files` entries.
fn names(property: &[u8], files: u64) -> Result<(), Reason> {
    let Some((0, utf16)) = property.split_first() else {
        return Err(SevenZHeader::NamesElsewhere.into());
    };
    let ends = utf16.chunks(2).filter(|unit| unit == &[0, 0]).count() as u64;
    let unended = u64::from(!utf16.is_empty() && !utf16.ends_with(&[0, 0]));
    if ends + unended != files || utf16.len() % 2 != 0 {
        return Err(SevenZHeader::NameCount {
            names: ends + unended,
            files,
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const BOUNDS: Bounds = Bounds {
        max_buffer: 1 << 20,
        max_entries: 1000,
    };

    fn sample() -> Vec<u8> {
        std::fs::read("corpus-samples/archives/notes-tresorier.7z").unwrap_or_default()
    }

    fn checked(bytes: &[u8]) -> Result<(), String> {
        check(&mut Cursor::new(bytes.to_vec()), BOUNDS).map_err(|reason| reason.to_string())
    }

    #[test]
    fn a_sound_archive_passes() {
        assert_eq!(checked(&sample()), Ok(()));
    }

    #[test]
    fn a_compressed_header_is_decompressed_and_checked() {
        let written = std::fs::read("tests/fixtures/encoded-header.7z").unwrap_or_default();
        let offset = next_header(&written[..32]).map_or(0, |(offset, _)| offset);
        let at = (START_LEN + offset) as usize;
        assert_eq!(
            written.get(at),
            Some(&K_ENCODED_HEADER),
            "as `7z a` writes it"
        );
        assert_eq!(checked(&written), Ok(()));
        let mut damaged = written.clone();
        damaged[at - 5..at].fill(0xFF);
        assert!(checked(&damaged).is_err(), "its packed bytes damaged");
    }

    #[test]
    fn a_header_past_the_end_of_the_archive_is_refused() {
        let mut bytes = sample();
        bytes[20..28].copy_from_slice(&(1u64 << 40).to_le_bytes());
        assert!(checked(&bytes).is_err_and(|e| e.contains("beyond the end")));
    }

    #[test]
    fn dictionaries_are_counted_as_the_decoders_allocate_them() {
        let coder = |method: &[u8], props: &[u8]| Coder {
            method: method.to_vec(),
            props: props.to_vec(),
        };
        let lzma = coder(&[3, 1, 1], &[0x5d, 0, 0, 0, 0x40]);
        assert_eq!(
            dictionary_bytes(&lzma, 1000),
            1000,
            "cut to the unpacked size"
        );
        assert_eq!(dictionary_bytes(&lzma, u64::MAX), 1 << 30);
        assert_eq!(dictionary_bytes(&coder(&[0x21], &[0]), 10), 4096);
        assert_eq!(
            dictionary_bytes(&coder(&[0x21], &[40]), 10),
            u64::from(u32::MAX)
        );
        assert_eq!(dictionary_bytes(&coder(&[0x21], &[28]), 10), 64 << 20);
        assert_eq!(dictionary_bytes(&coder(&[0], &[]), 10), 0);
    }

    #[test]
    fn a_dictionary_past_the_buffer_limit_is_refused() {
        let mut bytes = sample();
        let lzma2 = bytes.windows(4).position(|w| w == [0x21, 0x21, 0x01, 0x00]);
        let Some(at) = lzma2 else {
            panic!("the sample's LZMA2 coder");
        };
        bytes[at + 3] = 40;
        let refused = checked(&bytes);
        assert!(
            refused.as_ref().is_err_and(|e| e.contains(
                "a 7z dictionary (bytes) declares 4294967295, more than --max-message-size"
            )),
            "{refused:?}"
        );
    }

    #[test]
    fn a_blank_start_header_is_refused() {
        let mut bytes = sample();
        bytes[8..32].fill(0);
        assert!(checked(&bytes).is_err_and(|e| e.contains("blank")));
    }
}
