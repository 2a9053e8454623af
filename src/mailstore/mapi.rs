//! MAPI properties: [`PropertySource`], what the MIME rebuild reads them through, and
//! [`Properties`], those of an Outlook `.msg` (MS-OXMSG): fixed-size values in a storage's
//! `__properties_version1.0` stream, variable-size ones in its `__substg1.0_IIIITTTT` streams.
//!
//! A `.msg` is hostile data: every stream is read through the `cfb` crate (which checks sector
//! chains) and at most as many bytes as the file has, and a stream that exists but cannot be
//! read is recorded in [`Properties::damage`], never dropped silently.

use std::io::{Cursor, Read};

use cfb::CompoundFile;

/// The stream of fixed-size property values in every storage.
pub const PROPERTIES: &str = "__properties_version1.0";
/// Bytes before the first property entry at the top of a message.
pub const TOP_HEADER: usize = 32;
/// Bytes before the first property entry in a recipient or attachment storage.
pub const SUB_HEADER: usize = 8;
/// Bytes before the first property entry of an Outlook item attached to a message.
pub const EMBEDDED_HEADER: usize = 24;
/// Size of one entry of a properties stream: tag, flags, 8 bytes of value.
const ENTRY: usize = 16;
/// `PR_MESSAGE_CODEPAGE`: the code page of the message's 8-bit string properties.
pub const MESSAGE_CODEPAGE: u16 = 0x3FFD;
/// `PR_INTERNET_CPID`: the code page of its HTML body.
pub const INTERNET_CPID: u16 = 0x3FDE;

/// Where the MIME rebuild ([`super::rebuild`]) reads an Outlook item's MAPI properties from:
/// an Outlook `.msg` compound file ([`Properties`]), or a PST message loaded into memory
/// ([`super::pst`]). Objects are named by their MS-OXMSG storage path, whatever holds them:
/// `""` for the message, `/__recip_version1.0_#0000000N` for a recipient,
/// `/__attach_version1.0_#0000000N` for an attachment, and an attached Outlook item below its
/// attachment at `/__substg1.0_3701000D`.
pub trait PropertySource {
    /// A string property of `dir`, decoded (UTF-16, or 8-bit text in the item's code page).
    fn string(&mut self, dir: &str, id: u16) -> Option<String>;
    /// A binary property of `dir`.
    fn binary(&mut self, dir: &str, id: u16) -> Option<Vec<u8>>;
    /// A fixed-size property of `dir` (an integer, or a FILETIME) as a number; `header` is the
    /// size of a `.msg` properties stream's header, which a PST has not.
    fn fixed(&mut self, dir: &str, header: usize, id: u16) -> Option<u64>;
    /// Names of the objects right below `dir` whose name begins with `prefix`, in name order.
    fn storages(&mut self, dir: &str, prefix: &str) -> Vec<String>;
    /// True when `dir` holds an object (an attached Outlook item) for property `id`.
    fn has_object(&self, dir: &str, id: u16) -> bool;
    /// An HTML body's bytes as text, in the code page the item states for it.
    fn html_text(&self, bytes: &[u8]) -> String;
}

/// The compound file of a `.msg`, read property by property.
pub struct Properties<'a> {
    file: CompoundFile<Cursor<&'a [u8]>>,
    /// The most any stream can hold: the size of the file.
    most: u64,
    /// Code pages of 8-bit strings and of the HTML body, when the message states them.
    codepages: [Option<u32>; 2],
    /// Streams that exist but could not be read, with the reason.
    pub damage: Vec<String>,
}

impl<'a> Properties<'a> {
    /// Opens the compound file held in `data`, and reads the code pages its text is in.
    pub fn open(data: &'a [u8]) -> std::io::Result<Self> {
        let mut props = Properties {
            file: CompoundFile::open(Cursor::new(data))?,
            most: data.len() as u64,
            codepages: [None, None],
            damage: Vec::new(),
        };
        let mut codepage = |id| props.fixed("", TOP_HEADER, id).map(|v| v as u32);
        let (message, internet) = (codepage(MESSAGE_CODEPAGE), codepage(INTERNET_CPID));
        props.codepages = [message.or(internet), internet.or(message)];
        Ok(props)
    }

    /// True when the root holds MAPI property streams: an Outlook item, not a Word file.
    pub fn holds_message(&self) -> bool {
        holds_properties(&self.file)
    }

    /// The bytes of the stream at `path`, if it exists; a read error is recorded as damage.
    fn stream(&mut self, path: &str) -> Option<Vec<u8>> {
        if !self.file.is_stream(path) {
            return None;
        }
        let mut bytes = Vec::new();
        let read = self
            .file
            .open_stream(path)
            .and_then(|s| s.take(self.most).read_to_end(&mut bytes));
        match read {
            Ok(_) => Some(bytes),
            Err(e) => {
                self.damage.push(format!("stream {path} unreadable: {e}"));
                None
            }
        }
    }
}

impl PropertySource for Properties<'_> {
    fn html_text(&self, bytes: &[u8]) -> String {
        crate::charset::decode_codepage(bytes, self.codepages[1])
    }

    fn storages(&mut self, dir: &str, prefix: &str) -> Vec<String> {
        let path = if dir.is_empty() { "/" } else { dir };
        let entries = match self.file.read_storage(path) {
            Ok(entries) => entries,
            Err(e) => {
                self.damage.push(format!("storage {path} unreadable: {e}"));
                return Vec::new();
            }
        };
        let mut names: Vec<String> = entries
            .filter(|e| e.is_storage() && e.name().starts_with(prefix))
            .map(|e| e.name().to_owned())
            .collect();
        names.sort_unstable();
        names
    }

    fn has_object(&self, dir: &str, id: u16) -> bool {
        self.file.is_storage(stream_path(dir, id, 0x000D))
    }

    fn string(&mut self, dir: &str, id: u16) -> Option<String> {
        if let Some(wide) = self.stream(&stream_path(dir, id, 0x001F)) {
            return Some(utf16(&wide));
        }
        let narrow = self.stream(&stream_path(dir, id, 0x001E))?;
        let text = narrow.strip_suffix(&[0]).unwrap_or(&narrow);
        Some(crate::charset::decode_codepage(text, self.codepages[0]))
    }

    fn binary(&mut self, dir: &str, id: u16) -> Option<Vec<u8>> {
        self.stream(&stream_path(dir, id, 0x0102))
    }

    fn fixed(&mut self, dir: &str, header: usize, id: u16) -> Option<u64> {
        let stream = self.stream(&format!("{dir}/{PROPERTIES}"))?;
        stream
            .get(header..)?
            .chunks_exact(ENTRY)
            .find(|e| u16::from_le_bytes([e[2], e[3]]) == id)
            .and_then(|e| Some(u64::from_le_bytes(e[8..16].try_into().ok()?)))
    }
}

/// True when the root of a compound file holds MAPI property streams.
pub fn holds_properties<F: std::io::Read + std::io::Seek>(file: &CompoundFile<F>) -> bool {
    file.read_root_storage().any(|e| {
        let name = e.name();
        name == PROPERTIES || name.starts_with("__substg1.0_")
    })
}

/// `dir/__substg1.0_IIIITTTT`: where a variable-size property of type `kind` is stored.
fn stream_path(dir: &str, id: u16, kind: u16) -> String {
    format!("{dir}/__substg1.0_{id:04X}{kind:04X}")
}

/// UTF-16LE text, a trailing NUL and odd last byte left out, bad pairs replaced.
fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let units = units.strip_suffix(&[0]).unwrap_or(&units);
    String::from_utf16_lossy(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_text_is_decoded_without_its_terminator() {
        assert_eq!(utf16(b"a\0\xe9\0\0\0"), "a\u{e9}");
        assert_eq!(utf16(b"a\0b"), "a", "odd last byte");
        assert_eq!(utf16(b"\x00\xd8"), "\u{fffd}", "lone surrogate");
    }

    #[test]
    fn stream_paths_follow_ms_oxmsg() {
        assert_eq!(stream_path("", 0x37, 0x1F), "/__substg1.0_0037001F");
        assert_eq!(
            stream_path("/__recip_version1.0_#00000000", 0x39FE, 0x1F),
            "/__recip_version1.0_#00000000/__substg1.0_39FE001F"
        );
    }

    #[test]
    fn what_is_not_a_compound_file_is_refused() {
        assert!(Properties::open(b"not a compound file").is_err());
        assert!(
            Properties::open(crate::sniff::CFB_MAGIC).is_err(),
            "truncated"
        );
    }
}
