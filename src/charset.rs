//! Turns bytes in a declared (or undeclared, or wrong) charset into text.
//!
//! Declared charsets are honoured through encoding_rs. A missing, unknown or too-generic label
//! (us-ascii with 8-bit bytes, unknown-8bit, x-unknown, utf-7) falls back to UTF-8 when the
//! bytes are valid UTF-8 and to windows-1252 otherwise: a best effort, never a dropped message.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes `bytes` labelled with `label` (a MIME charset name, possibly empty).
pub fn decode(bytes: &[u8], label: &str) -> String {
    match encoding_for(label) {
        Some(enc) if enc != UTF_8 => enc.decode(bytes).0.into_owned(),
        _ => guess(bytes),
    }
}

/// UTF-8 when the bytes are valid UTF-8, windows-1252 otherwise.
pub fn guess(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The encoding a label names, or `None` when it names nothing useful (ASCII-like labels are
/// treated as unknown so that their 8-bit bytes are guessed rather than replaced).
fn encoding_for(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(['"', '\'']);
    let generic = label.is_empty()
        || label.eq_ignore_ascii_case("us-ascii")
        || label.eq_ignore_ascii_case("ascii");
    if generic {
        return None;
    }
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_cp1252() {
        assert_eq!(decode(b"\xe9lection", "iso-8859-1"), "élection");
        assert_eq!(decode(b"\x80 l\x92\x9cuvre", "windows-1252"), "€ l’œuvre");
        assert_eq!(decode(b"\xa4", "ISO-8859-15"), "€");
    }

    #[test]
    fn utf8_declared_or_not() {
        assert_eq!(decode("é".as_bytes(), "utf-8"), "é");
        assert_eq!(decode("é".as_bytes(), ""), "é");
        assert_eq!(decode("é".as_bytes(), "us-ascii"), "é");
    }

    #[test]
    fn wrong_or_unknown_labels_fall_back() {
        assert_eq!(decode(b"caf\xe9", "utf-8"), "café");
        assert_eq!(decode(b"caf\xe9", "x-unknown"), "café");
        assert_eq!(decode(b"plain", "utf-7"), "plain");
    }

    #[test]
    fn other_legacy_charsets() {
        assert_eq!(decode(b"\xf0\xd2\xc9\xd7\xc5\xd4", "koi8-r"), "Привет");
    }
}
