//! `.gz` files: one compressed file, whose name is the archive's without `.gz` (`x.mbox.gz!/
//! x.mbox`; `.tgz` gives `.tar`), or a compressed tar (`.tar.gz`, `.tgz`), whose members are
//! listed directly (`x.tar.gz!/dir/m.eml`). Concatenated gzip streams read as one.

use std::io::{Cursor, Read};

use flate2::read::MultiGzDecoder;

use super::{EachEntry, Entry, EntryKind, base_name, tar};
use crate::problem::Reason;

/// Lists the one file of the gzip `source` (named after `name`, the archive's path), or the
/// members of the tar it holds.
pub fn each(source: &mut dyn Read, name: &str, f: &mut EachEntry<'_>) -> Result<(), Reason> {
    let mut decoder = MultiGzDecoder::new(source);
    let mut head = Vec::with_capacity(512);
    (&mut decoder).take(512).read_to_end(&mut head)?;
    let is_tar = head.get(257..262) == Some(b"ustar");
    let mut whole = Cursor::new(head).chain(decoder);
    if is_tar {
        return tar::each(&mut whole, f);
    }
    f(Entry {
        name: Ok(inner_name(name)),
        kind: EntryKind::File,
        size: 0,
        offset: 0,
        reader: &mut whole,
    });
    Ok(())
}

/// The name of the file compressed in the gzip at `path`: its name without `.gz`.
fn inner_name(path: &str) -> String {
    let name = base_name(path);
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tgz") {
        format!("{}.tar", &name[..name.len() - 4])
    } else if lower.ends_with(".gz") && name.len() > 3 {
        name[..name.len() - 3].to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inner_name_drops_the_gz() {
        assert_eq!(inner_name("/d/box.mbox.gz"), "box.mbox");
        assert_eq!(inner_name("/d/o.zip!/A.TGZ"), "A.tar");
        assert_eq!(inner_name("/d/.gz"), ".gz");
        assert_eq!(inner_name("/d/data"), "data");
    }
}
