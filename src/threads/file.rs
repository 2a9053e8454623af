//! `threads.bin`: the thread table as fixed-size little-endian records, read back without
//! parsing (71,848 emails: 2.3 MB, read in about a millisecond).
//!
//! Layout: the magic `TRAWLTH1`, the opstamp (u64), the number of entries (u64), then per
//! entry, sorted by id: id (16 bytes), thread (u32), parent position (u32, `u32::MAX` for
//! none), date (i64, `i64::MIN` for none).

use std::path::Path;

use super::{Entry, Threads};
use crate::document::DocId;
use crate::error::{Error, Result};
use crate::index::write_atomic;

const MAGIC: &[u8; 8] = b"TRAWLTH1";
const HEAD: usize = 24;
const RECORD: usize = 32;

/// Writes `threads` to `path` atomically.
pub fn write(path: &Path, threads: &Threads) -> Result<()> {
    let mut out = Vec::with_capacity(HEAD + RECORD * threads.entries.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&threads.opstamp.to_le_bytes());
    out.extend_from_slice(&(threads.entries.len() as u64).to_le_bytes());
    for e in &threads.entries {
        out.extend_from_slice(&e.id.0);
        out.extend_from_slice(&e.thread.to_le_bytes());
        out.extend_from_slice(&e.parent.unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&e.date.unwrap_or(i64::MIN).to_le_bytes());
    }
    write_atomic(path, &out)
}

/// Reads the table at `path`; an error if it is missing, damaged or of another layout.
pub fn read(path: &Path) -> Result<Threads> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse(&bytes).ok_or_else(|| Error::IndexState {
        path: path.to_owned(),
        reason: "damaged thread table".into(),
    })
}

fn parse(bytes: &[u8]) -> Option<Threads> {
    let (head, body) = bytes.split_at_checked(HEAD)?;
    if &head[..8] != MAGIC {
        return None;
    }
    let opstamp = u64::from_le_bytes(head[8..16].try_into().ok()?);
    let count = usize::try_from(u64::from_le_bytes(head[16..24].try_into().ok()?)).ok()?;
    if body.len() != count.checked_mul(RECORD)? {
        return None;
    }
    let entries = body
        .chunks_exact(RECORD)
        .map(entry)
        .collect::<Option<Vec<_>>>()?;
    let sorted = entries.windows(2).all(|w| w[0].id < w[1].id);
    let linked = entries
        .iter()
        .all(|e| e.parent.is_none_or(|p| (p as usize) < count));
    let dense = entries.iter().all(|e| (e.thread as usize) < count);
    (sorted && linked && dense).then(|| Threads::new(opstamp, entries))
}

fn entry(record: &[u8]) -> Option<Entry> {
    let parent = u32::from_le_bytes(record[20..24].try_into().ok()?);
    let date = i64::from_le_bytes(record[24..32].try_into().ok()?);
    Some(Entry {
        id: DocId(record[..16].try_into().ok()?),
        thread: u32::from_le_bytes(record[16..20].try_into().ok()?),
        parent: (parent != u32::MAX).then_some(parent),
        date: (date != i64::MIN).then_some(date),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_round_trips_and_damage_is_refused() {
        let threads = Threads::new(
            7,
            vec![
                Entry {
                    id: DocId([1; 16]),
                    thread: 0,
                    parent: None,
                    date: Some(-5),
                },
                Entry {
                    id: DocId([2; 16]),
                    thread: 0,
                    parent: Some(0),
                    date: None,
                },
            ],
        );
        let path = std::env::temp_dir().join(format!("trawl-threads-{}", std::process::id()));
        write(&path, &threads).expect("written");
        assert_eq!(read(&path).expect("read"), threads);
        let mut bytes = std::fs::read(&path).expect("bytes");
        bytes.pop();
        assert!(parse(&bytes).is_none(), "truncated");
        bytes.push(0);
        bytes[HEAD + RECORD + 20] = 9;
        assert!(parse(&bytes).is_none(), "parent out of range");
        let _ = std::fs::remove_file(&path);
    }
}
