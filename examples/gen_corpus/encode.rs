//! Byte-level encodings of mail: quoted-printable, base64, RFC 2047 encoded words, RFC 2231
//! parameter values, latin-1 and HTML text.

use data_encoding::BASE64;

/// Longest encoded line, as RFC 2045 requires for quoted-printable and base64.
const LINE_LIMIT: usize = 76;
/// Upper-case hexadecimal digits of `=XX` escapes.
const HEX: &[u8; 16] = b"0123456789ABCDEF";
/// Most payload characters put in one RFC 2047 encoded word (which must stay under 75).
const ENCODED_WORD_PAYLOAD: usize = 60;

/// A character set used to encode text in headers and bodies.
#[derive(Clone, Copy)]
pub enum Charset {
    /// UTF-8.
    Utf8,
    /// ISO-8859-1: every character of the generated text fits in it.
    Latin1,
}

impl Charset {
    /// The MIME label of the charset.
    pub fn label(self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Latin1 => "ISO-8859-1",
        }
    }

    /// The text encoded in this charset.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Charset::Utf8 => text.as_bytes().to_vec(),
            Charset::Latin1 => text.chars().map(latin1_byte).collect(),
        }
    }
}

/// The latin-1 byte of a character, `?` for the few outside latin-1.
fn latin1_byte(character: char) -> u8 {
    u8::try_from(u32::from(character)).unwrap_or(b'?')
}

/// Quoted-printable encoding of LF-separated text (RFC 2045 §6.7), with soft line breaks.
pub fn quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    for line in bytes
        .strip_suffix(b"\n")
        .unwrap_or(bytes)
        .split(|&b| b == b'\n')
    {
        quoted_printable_line(line, &mut out);
        out.push(b'\n');
    }
    out
}

/// Appends one encoded line, breaking it with `=` before it exceeds the line limit.
fn quoted_printable_line(line: &[u8], out: &mut Vec<u8>) {
    let mut column = 0;
    for (index, &byte) in line.iter().enumerate() {
        let at_end = index + 1 == line.len();
        let literal = matches!(byte, b'!'..=b'<' | b'>'..=b'~') || (byte == b' ' && !at_end);
        let width = if literal { 1 } else { 3 };
        if column + width > LINE_LIMIT - 1 {
            out.extend_from_slice(b"=\n");
            column = 0;
        }
        match literal {
            true => out.push(byte),
            false => out.extend_from_slice(&[
                b'=',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ]),
        }
        column += width;
    }
}

/// Base64 encoding cut into lines of 76 characters, each ending with LF.
pub fn base64_lines(bytes: &[u8]) -> Vec<u8> {
    let encoded = BASE64.encode(bytes);
    let mut out = Vec::with_capacity(encoded.len() + encoded.len() / LINE_LIMIT + 1);
    for chunk in encoded.as_bytes().chunks(LINE_LIMIT) {
        out.extend_from_slice(chunk);
        out.push(b'\n');
    }
    out
}

/// The text as RFC 2047 "Q" encoded words, folded onto continuation lines when long.
pub fn encoded_words(text: &str, charset: Charset) -> String {
    let mut words = vec![String::new()];
    for character in text.chars() {
        let encoded = q_encode(&charset.encode(character.encode_utf8(&mut [0; 4])));
        let current = words
            .last_mut()
            .filter(|word| word.len() + encoded.len() <= ENCODED_WORD_PAYLOAD);
        match current {
            Some(word) => word.push_str(&encoded),
            None => words.push(encoded),
        }
    }
    let label = charset.label();
    let wrapped: Vec<String> = words
        .iter()
        .map(|payload| format!("=?{label}?Q?{payload}?="))
        .collect();
    wrapped.join("\n ")
}

/// "Q" encoding of bytes: letters, digits and `!*+-/` as is, space as `_`, the rest as `=XX`.
fn q_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'!' | b'*' | b'+' | b'-' | b'/' => {
                char::from(byte).to_string()
            }
            b' ' => "_".to_string(),
            _ => format!("={byte:02X}"),
        })
        .collect()
}

/// An RFC 2231 extended parameter value: `UTF-8''` then the percent-encoded UTF-8 bytes.
pub fn rfc2231_value(text: &str) -> String {
    let mut value = String::from("UTF-8''");
    for &byte in text.as_bytes() {
        match byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            true => value.push(char::from(byte)),
            false => value.push_str(&format!("%{byte:02X}")),
        }
    }
    value
}

/// Text made safe for HTML; with `entities`, French accented letters become named entities.
pub fn html_text(text: &str, entities: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for character in text.chars() {
        match (html_entity(character), entities) {
            (Some(name), true) => out.push_str(name),
            _ => html_escape_into(character, &mut out),
        }
    }
    out
}

/// Appends a character, escaping the three HTML metacharacters.
fn html_escape_into(character: char, out: &mut String) {
    match character {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        other => out.push(other),
    }
}

/// The named HTML entity of a French accented letter.
fn html_entity(character: char) -> Option<&'static str> {
    Some(match character {
        'é' => "&eacute;",
        'è' => "&egrave;",
        'ê' => "&ecirc;",
        'à' => "&agrave;",
        'â' => "&acirc;",
        'ç' => "&ccedil;",
        'ô' => "&ocirc;",
        'û' => "&ucirc;",
        'î' => "&icirc;",
        'ù' => "&ugrave;",
        'É' => "&Eacute;",
        _ => return None,
    })
}
