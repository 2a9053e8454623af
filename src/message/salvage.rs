//! Header-block salvage: rebuilds a message whose header block mailparse would misread, keeping
//! every good header line and dropping only the bad ones.
//!
//! Real dumps carry header blocks that break the rules in a handful of ways: a byte-order mark
//! or an mbox `From ` envelope line before the headers, an envelope line among them, a field
//! name followed by blanks (`From  :`), a line with no field name (`: Crash`), old Mac line ends
//! (lone CRs), a "blank" separator line holding a space, or no separator at all before the body.
//! [`salvage`] rewrites such a block line by line into a clean one and says what it changed.

use memchr::memchr;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// A rebuilt message and what was changed to get it.
#[derive(Debug, PartialEq, Eq)]
pub struct Salvaged {
    /// Clean header lines, a blank line, then the original body bytes.
    pub bytes: Vec<u8>,
    /// What was repaired, for the damage record (e.g. "dropped an envelope line").
    pub notes: Vec<&'static str>,
}

/// What one header-block line is.
enum Line {
    /// End of the header block (empty or blank line).
    Separator,
    /// A folded continuation of the previous header.
    Continuation,
    /// `Name: value`, with the length of the name (blanks before the colon excluded).
    Header(usize),
    /// An mbox envelope line (`From sender date`).
    Envelope,
    /// A colon with nothing before it.
    NamelessField,
    /// Anything else: the body has started.
    Text,
}

/// Rebuilds `raw` with a clean header block; `None` when no header line could be kept.
pub fn salvage(raw: &[u8]) -> Option<Salvaged> {
    let mut notes = Vec::new();
    let text = without_lone_crs(raw, &mut notes);
    let mut rest = leading_junk_skipped(&text, &mut notes);
    let mut headers: Vec<u8> = Vec::with_capacity(rest.len().min(64 * 1024));
    while !rest.is_empty() {
        let (line, after) = split_line(rest);
        match classify(line) {
            Line::Separator => {
                if !trim_eol(line).is_empty() {
                    notes.push("blanks on the line ending the headers");
                }
                rest = after;
                break;
            }
            Line::Text if more_headers_follow(after) => {
                notes.push("dropped a line that is not a header");
            }
            Line::Text => {
                notes.push("no blank line between headers and body");
                break;
            }
            kind => keep_or_drop(kind, line, &mut headers, &mut notes),
        }
        rest = after;
    }
    (!headers.is_empty()).then(|| assemble(headers, rest, notes))
}

/// Headers, a blank line, then the body.
fn assemble(mut headers: Vec<u8>, body: &[u8], mut notes: Vec<&'static str>) -> Salvaged {
    let mut seen = Vec::new();
    notes.retain(|note| {
        !seen.contains(note) && {
            seen.push(*note);
            true
        }
    });
    headers.push(b'\n');
    headers.extend_from_slice(body);
    Salvaged {
        bytes: headers,
        notes,
    }
}

/// Appends a header or continuation line (normalised to end with LF) or records why it went.
fn keep_or_drop(kind: Line, line: &[u8], headers: &mut Vec<u8>, notes: &mut Vec<&'static str>) {
    let content = trim_eol(line);
    match kind {
        Line::Header(name_len) => {
            if content[name_len] != b':' {
                notes.push("blanks between a field name and its colon");
            }
            let colon = memchr(b':', content).unwrap_or(name_len);
            headers.extend_from_slice(&content[..name_len]);
            headers.extend_from_slice(&content[colon..]);
        }
        Line::Continuation if !headers.is_empty() => headers.extend_from_slice(content),
        Line::Continuation => return notes.push("dropped a continuation line with no header"),
        Line::Envelope => return notes.push("dropped an mbox envelope line"),
        _ => return notes.push("dropped a line with no field name"),
    }
    headers.push(b'\n');
}

/// True when the next line is a header field: a stray line inside the block, not the body.
fn more_headers_follow(rest: &[u8]) -> bool {
    let (next, _) = split_line(rest);
    !next.is_empty() && matches!(classify(next), Line::Header(_))
}

fn classify(line: &[u8]) -> Line {
    let content = trim_eol(line);
    if content.iter().all(|b| matches!(b, b' ' | b'\t')) {
        return Line::Separator;
    }
    if matches!(content[0], b' ' | b'\t') {
        return Line::Continuation;
    }
    if content.starts_with(b"From ") && header_name(content).is_none() {
        return Line::Envelope;
    }
    if content[0] == b':' {
        return Line::NamelessField;
    }
    header_name(content).map_or(Line::Text, Line::Header)
}

/// Length of the field name when `line` is `Name: value` or `Name  : value`.
fn header_name(line: &[u8]) -> Option<usize> {
    let colon = memchr(b':', line)?;
    let name = &line[..colon];
    let name_len = name.iter().rposition(|b| !matches!(b, b' ' | b'\t'))? + 1;
    let printable = name[..name_len]
        .iter()
        .all(|&b| b.is_ascii_graphic() && b != b':');
    printable.then_some(name_len)
}

/// Skips a byte-order mark, leading blank lines and an mbox envelope line.
fn leading_junk_skipped<'a>(text: &'a [u8], notes: &mut Vec<&'static str>) -> &'a [u8] {
    let mut rest = text.strip_prefix(BOM).unwrap_or(text);
    if rest.len() < text.len() {
        notes.push("dropped a byte-order mark");
    }
    let start = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    if start > 0 {
        notes.push("dropped blank lines before the headers");
    }
    rest = &rest[start..];
    let (first, after) = split_line(rest);
    if first.starts_with(b"From ") && header_name(trim_eol(first)).is_none() {
        notes.push("dropped an mbox envelope line");
        rest = after;
    }
    rest
}

/// Old Mac line ends (a CR not followed by LF) become LF.
fn without_lone_crs(raw: &[u8], notes: &mut Vec<&'static str>) -> Vec<u8> {
    let mut out = raw.to_vec();
    let mut changed = false;
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
            changed = true;
        }
    }
    if changed {
        notes.push("lone CR line ends");
    }
    out
}

/// The first line (with its line end) and the rest.
fn split_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    match memchr(b'\n', bytes) {
        Some(i) => bytes.split_at(i + 1),
        None => (bytes, &[]),
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(raw: &[u8]) -> (String, Vec<&'static str>) {
        let s = salvage(raw).expect("salvaged");
        (String::from_utf8_lossy(&s.bytes).into_owned(), s.notes)
    }

    #[test]
    fn envelope_line_among_headers_is_dropped() {
        let (text, notes) =
            fixed(b"Received: x\nFrom a@b.example Fri Dec  7 11:07:41 2001\nSubject: s\n\nbody\n");
        assert_eq!(text, "Received: x\nSubject: s\n\nbody\n");
        assert_eq!(notes, ["dropped an mbox envelope line"]);
    }

    #[test]
    fn blanks_before_colon_are_removed() {
        let (text, _) = fixed(b"From  :<tst1@example.com>\nTo: x@y.example\n\nb");
        assert_eq!(text, "From:<tst1@example.com>\nTo: x@y.example\n\nb");
    }

    #[test]
    fn missing_separator_starts_the_body_at_the_first_non_header() {
        let (text, notes) =
            fixed(b"From: a@dom.ain\nSubject: hi\ncounter to RFC 2822, no newline\n");
        assert_eq!(
            text,
            "From: a@dom.ain\nSubject: hi\n\ncounter to RFC 2822, no newline\n"
        );
        assert_eq!(notes, ["no blank line between headers and body"]);
    }

    #[test]
    fn a_stray_line_inside_the_block_is_dropped() {
        let (text, notes) = fixed(b"Received: x\r\nquite Delivered-To: y\r\nSubject: s\r\n\r\nb");
        assert_eq!(text, "Received: x\nSubject: s\n\nb");
        assert_eq!(notes, ["dropped a line that is not a header"]);
    }

    #[test]
    fn a_space_only_line_separates() {
        let (text, notes) = fixed(b"Subject: s\r\nTo: t@x.example\r\n \r\nThe body.\r\n");
        assert_eq!(text, "Subject: s\nTo: t@x.example\n\nThe body.\r\n");
        assert_eq!(notes, ["blanks on the line ending the headers"]);
    }

    #[test]
    fn nameless_field_bom_and_leading_envelope_are_dropped() {
        let (text, notes) = fixed(b"\xef\xbb\xbfFrom -\nTo: f@d.example\n: Crash\n\nasdf");
        assert_eq!(text, "To: f@d.example\n\nasdf");
        assert_eq!(
            notes,
            [
                "dropped a byte-order mark",
                "dropped an mbox envelope line",
                "dropped a line with no field name"
            ]
        );
    }

    #[test]
    fn continuations_stay_with_their_header() {
        let (text, _) = fixed(b"To: a@x.example,\n  b@x.example\nSubject: s\n\nb");
        assert_eq!(text, "To: a@x.example,\n  b@x.example\nSubject: s\n\nb");
    }

    #[test]
    fn lone_crs_become_line_ends() {
        let (text, notes) = fixed(b"Subject: x\rFrom: a@b.example\r\rbody words");
        assert_eq!(text, "Subject: x\nFrom: a@b.example\n\nbody words");
        assert_eq!(notes, ["lone CR line ends"]);
    }

    #[test]
    fn no_header_at_all_is_none() {
        assert_eq!(salvage(b"just some text, not mail\n"), None);
        assert_eq!(salvage(b""), None);
    }
}
