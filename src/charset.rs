//! Turns bytes in a declared (or undeclared, or wrong) charset into text.
//!
//! Declared charsets are honoured through encoding_rs, and UTF-7 (RFC 2152, which old Outlook
//! versions wrote, and encoding_rs lacks) through the `charset` crate when the bytes are 7-bit
//! as UTF-7 is. A missing, unknown or too-generic label (us-ascii with 8-bit bytes,
//! unknown-8bit, x-unknown) falls back to UTF-8 when the bytes are valid UTF-8 and to
//! windows-1252 otherwise: a best effort, never a dropped message.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes `bytes` labelled with `label` (a MIME charset name, possibly empty).
pub fn decode(bytes: &[u8], label: &str) -> String {
    if is_utf7(label) && bytes.is_ascii() {
        return ::charset::Charset::for_label(b"utf-7")
            .map(|utf7| utf7.decode_without_bom_handling(bytes).0.into_owned())
            .unwrap_or_else(|| guess(bytes));
    }
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

/// `text` with each line ending (CRLF, or a lone CR as old Mac files end lines) made a single
/// LF, so that a line of the text is a line of the source and carries no `\r` to print.
pub fn lf_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Decodes `bytes` written in the Windows code page `codepage` (as Outlook's MAPI properties
/// name it: 1252, 1251, 65001...); an unknown or missing code page is guessed as [`guess`] does.
pub fn decode_codepage(bytes: &[u8], codepage: Option<u32>) -> String {
    match codepage.and_then(codepage_label) {
        Some(label) => decode(bytes, &label),
        None => guess(bytes),
    }
}

/// The WHATWG label of a Windows code page, when encoding_rs knows it.
fn codepage_label(codepage: u32) -> Option<String> {
    let label = match codepage {
        874 | 1250..=1258 => format!("windows-{codepage}"),
        28591..=28606 => format!("iso-8859-{}", codepage - 28590),
        65001 => "utf-8".into(),
        866 => "ibm866".into(),
        932 => "shift_jis".into(),
        936 => "gbk".into(),
        949 => "euc-kr".into(),
        950 => "big5".into(),
        10000 => "macintosh".into(),
        20866 => "koi8-r".into(),
        21866 => "koi8-u".into(),
        50220 => "iso-2022-jp".into(),
        51932 => "euc-jp".into(),
        54936 => "gb18030".into(),
        _ => return None,
    };
    Some(label)
}

/// True for a UTF-7 label.
fn is_utf7(label: &str) -> bool {
    let label = label.trim().trim_matches(['"', '\'']);
    label.eq_ignore_ascii_case("utf-7") || label.eq_ignore_ascii_case("utf7")
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
    fn line_ends_become_lf() {
        assert_eq!(lf_line_ends("a\r\nb\rc\n\r\n".into()), "a\nb\nc\n\n");
        assert_eq!(lf_line_ends("Hello, \nx".into()), "Hello, \nx");
    }

    #[test]
    fn windows_code_pages_are_honoured() {
        assert_eq!(decode_codepage(b"\xcf\xf0\xe8", Some(1251)), "При");
        assert_eq!(decode_codepage(b"caf\xe9", Some(28591)), "café");
        assert_eq!(decode_codepage("café".as_bytes(), Some(65001)), "café");
        assert_eq!(
            decode_codepage(b"caf\xe9", Some(99)),
            "café",
            "unknown: guessed"
        );
        assert_eq!(decode_codepage(b"caf\xe9", None), "café");
    }

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
        assert_eq!(decode(b"caf\xe9", "utf-7"), "café", "8-bit: not UTF-7");
    }

    #[test]
    fn utf7() {
        assert_eq!(decode(b"Die Fr+APY-sche", "UTF-7"), "Die Frösche");
        assert_eq!(decode(b"1 +- 1", "utf-7"), "1 + 1");
    }

    #[test]
    fn other_legacy_charsets() {
        assert_eq!(decode(b"\xf0\xd2\xc9\xd7\xc5\xd4", "koi8-r"), "Привет");
    }
}
