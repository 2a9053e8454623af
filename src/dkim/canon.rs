//! Canonicalization (RFC 6376 §3.4): the `simple` and `relaxed` forms of header fields and
//! of a body, which the signer hashed. Lines end in CR LF in both; a bare LF, as an mbox or a
//! file written on Unix stores it, counts as a line end, as the CR LF it stood for on the
//! wire.

use super::headers::Field;

/// A canonicalization algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canon {
    /// Bytes as they are, but for trailing empty lines of a body.
    Simple,
    /// White space runs made one space, trailing white space dropped; header names
    /// lower-cased and values unfolded.
    Relaxed,
}

impl Canon {
    /// Its name in a `c=` tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Canon::Simple => "simple",
            Canon::Relaxed => "relaxed",
        }
    }

    /// Parses a name of a `c=` tag.
    pub fn parse(name: &str) -> Option<Canon> {
        match name.trim() {
            "simple" => Some(Canon::Simple),
            "relaxed" => Some(Canon::Relaxed),
            _ => None,
        }
    }
}

/// Writes the canonical form of `body` to `out`, in pieces, without copying the body.
pub fn body(body: &[u8], canon: Canon, out: &mut dyn FnMut(&[u8])) {
    let mut empty_lines = 0usize;
    let mut wrote = false;
    let mut line_buf = Vec::new();
    for line in lines(body) {
        let line = match canon {
            Canon::Relaxed if needs_relaxing(line) => {
                relaxed_line(line, &mut line_buf);
                &line_buf[..]
            }
            _ => line,
        };
        if line.is_empty() {
            empty_lines += 1;
            continue;
        }
        for _ in 0..empty_lines {
            out(b"\r\n");
        }
        empty_lines = 0;
        out(line);
        out(b"\r\n");
        wrote = true;
    }
    if !wrote && canon == Canon::Simple {
        out(b"\r\n");
    }
}

/// The lines of `body` without their line ends; a last line without one counts.
fn lines(body: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    let pieces = (!body.is_empty()).then(|| body.split(|&b| b == b'\n'));
    pieces
        .into_iter()
        .flatten()
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
}

/// Whether the relaxed form of a line differs from the line: it has a tab, two spaces in a
/// row, or white space at its end (most lines have none, and are hashed as they are).
fn needs_relaxing(line: &[u8]) -> bool {
    matches!(line.last(), Some(b' ' | b'\t'))
        || memchr::memchr(b'\t', line).is_some()
        || memchr::memmem::find(line, b"  ").is_some()
}

/// A body line in relaxed form: runs of white space as one space, none at the end.
fn relaxed_line(line: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut blank = false;
    for &b in line {
        if b == b' ' || b == b'\t' {
            blank = true;
            continue;
        }
        if blank {
            out.push(b' ');
            blank = false;
        }
        out.push(b);
    }
}

/// The canonical form of a header field, without its final CR LF.
pub fn header(field: &Field<'_>, canon: Canon) -> Vec<u8> {
    match canon {
        Canon::Simple => crlf(field.raw),
        Canon::Relaxed => relaxed_header(field),
    }
}

/// The bytes with every bare LF made CR LF.
fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 8);
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\n' && (i == 0 || raw[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// `name:value`: the name lower-cased, the value unfolded, its white space runs made one
/// space and trimmed at both ends.
fn relaxed_header(field: &Field<'_>) -> Vec<u8> {
    let mut out = field.name.to_ascii_lowercase();
    out.push(b':');
    let mut blank = false;
    let mut started = false;
    for &b in field.value() {
        match b {
            b'\r' | b'\n' => continue,
            b' ' | b'\t' => blank = true,
            _ => {
                if blank && started {
                    out.push(b' ');
                }
                blank = false;
                started = true;
                out.push(b);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dkim::headers::split;

    fn canon_body(raw: &[u8], canon: Canon) -> Vec<u8> {
        let mut out = Vec::new();
        body(raw, canon, &mut |piece| out.extend_from_slice(piece));
        out
    }

    /// RFC 6376 §3.4.5, the example body: ` C \r\nD \t E\r\n\r\n\r\n`.
    #[test]
    fn the_rfc_example_body() {
        let raw = b" C \r\nD \t E\r\n\r\n\r\n";
        assert_eq!(canon_body(raw, Canon::Relaxed), b" C\r\nD E\r\n");
        assert_eq!(canon_body(raw, Canon::Simple), b" C \r\nD \t E\r\n");
    }

    /// RFC 6376 §3.4.5, the example headers: `A: X`, `B : Y\t\r\n\tZ  `.
    #[test]
    fn the_rfc_example_headers() {
        let raw = b"A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n";
        let (fields, _) = split(raw);
        let relaxed: Vec<Vec<u8>> = fields.iter().map(|f| header(f, Canon::Relaxed)).collect();
        assert_eq!(relaxed, [b"a:X".to_vec(), b"b:Y Z".to_vec()]);
        assert_eq!(header(&fields[1], Canon::Simple), b"B : Y\t\r\n\tZ  ");
    }

    #[test]
    fn bare_line_feeds_count_as_line_ends() {
        assert_eq!(canon_body(b"a\nb\n\n", Canon::Simple), b"a\r\nb\r\n");
        assert_eq!(canon_body(b"a\nb", Canon::Relaxed), b"a\r\nb\r\n");
        let (fields, _) = split(b"S: a\n b\n\n");
        assert_eq!(header(&fields[0], Canon::Simple), b"S: a\r\n b");
    }

    #[test]
    fn lines_without_runs_of_white_space_stay_as_they_are() {
        for line in [&b"a b c"[..], b"a  b", b"a\tb", b"a ", b" a", b""] {
            let mut relaxed = Vec::new();
            relaxed_line(line, &mut relaxed);
            assert_eq!(needs_relaxing(line), relaxed != line, "{line:?}");
        }
    }

    #[test]
    fn empty_bodies() {
        assert_eq!(canon_body(b"", Canon::Simple), b"\r\n");
        assert_eq!(canon_body(b"\r\n\r\n", Canon::Simple), b"\r\n");
        assert_eq!(canon_body(b"", Canon::Relaxed), b"");
        assert_eq!(canon_body(b" \r\n\t\r\n", Canon::Relaxed), b"");
    }
}
