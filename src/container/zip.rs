//! `.zip` archives (stored and deflated members; others are reported as unsupported), listed
//! from the central directory in its order.

use super::{EachEntry, Entry, EntryKind, ReadSeek};
use crate::problem::Reason;

/// Lists every entry of the zip in `source`.
pub fn each(source: &mut dyn ReadSeek, f: &mut EachEntry<'_>) -> Result<(), Reason> {
    let mut archive = ::zip::ZipArchive::new(source).map_err(|e| Reason::Decoder(e.to_string()))?;
    for i in 0..archive.len() {
        let name = archive
            .name_for_index(i)
            .and_then(Result::ok)
            .map_or_else(|| Err(format!("entry {i}")), |n| Ok(n.into_owned()));
        let going = match archive.by_index(i) {
            Ok(mut file) => {
                let kind = kind_of(&file);
                let offset = file.header_start();
                let size = file.size();
                f(Entry {
                    name,
                    kind,
                    size,
                    offset,
                    reader: &mut file,
                })
            }
            Err(e) => f(Entry {
                name,
                kind: EntryKind::Unsupported(Reason::ZipMemberUnreadable(e.to_string())),
                size: 0,
                offset: 0,
                reader: &mut std::io::empty(),
            }),
        };
        if !going {
            break;
        }
    }
    Ok(())
}

fn kind_of<R: std::io::Read>(file: &::zip::read::ZipFile<'_, R>) -> EntryKind {
    if file.is_dir() {
        EntryKind::Directory
    } else if file.is_symlink() {
        EntryKind::Link
    } else {
        EntryKind::File
    }
}
