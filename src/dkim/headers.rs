//! A message's header fields as the signer saw them: the raw bytes of each field (folding
//! included) and where the body starts, cut from the exact bytes of the message.

/// One header field: its name and every byte of it, from the name to the end of its last
/// line (the line end excluded).
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The name, as written (white space before the colon excluded).
    pub name: &'a [u8],
    /// The whole field.
    pub raw: &'a [u8],
}

impl Field<'_> {
    /// Whether the field's name is `name`, ignoring case (header names are case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// The value: the bytes after the colon.
    pub fn value(&self) -> &[u8] {
        let colon = memchr::memchr(b':', self.raw).map_or(self.raw.len(), |i| i + 1);
        &self.raw[colon..]
    }
}

/// The header fields of `raw`, in order, and the offset of its body (after the empty line;
/// the end when there is none). An mbox envelope line (`From ...`) before them is skipped.
pub fn split(raw: &[u8]) -> (Vec<Field<'_>>, usize) {
    let mut fields: Vec<Field<'_>> = Vec::new();
    let mut at = match raw.starts_with(b"From ") {
        true => line_end(raw, 0).1,
        false => 0,
    };
    let mut start: Option<usize> = None;
    while at < raw.len() {
        let (end, next) = line_end(raw, at);
        let line = &raw[at..end];
        if line.is_empty() {
            close(raw, start.take(), at, &mut fields);
            return (fields, next);
        }
        if !matches!(line[0], b' ' | b'\t') {
            close(raw, start.take(), at, &mut fields);
            start = Some(at);
        }
        at = next;
    }
    close(raw, start, raw.len(), &mut fields);
    (fields, raw.len())
}

/// The end of the line starting at `at` (before its CR LF or LF) and the start of the next.
fn line_end(raw: &[u8], at: usize) -> (usize, usize) {
    match memchr::memchr(b'\n', &raw[at..]) {
        Some(i) => {
            let lf = at + i;
            let end = if lf > at && raw[lf - 1] == b'\r' {
                lf - 1
            } else {
                lf
            };
            (end, lf + 1)
        }
        None => (raw.len(), raw.len()),
    }
}

/// Ends the field begun at `start` before `next` (its line end trimmed) and keeps it when it
/// has a name and a colon.
fn close<'a>(raw: &'a [u8], start: Option<usize>, next: usize, fields: &mut Vec<Field<'a>>) {
    let Some(start) = start else { return };
    let mut field = &raw[start..next];
    while let [rest @ .., b'\r' | b'\n'] = field {
        field = rest;
    }
    if let Some(colon) = memchr::memchr(b':', field) {
        let name = field[..colon].trim_ascii_end();
        if !name.is_empty() {
            fields.push(Field { name, raw: field });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_fields_keep_their_bytes_and_the_body_starts_after_the_blank_line() {
        let raw = b"From x@y Mon Jan  1 00:00:00 2024\nSubject : a\r\n b\r\nTo: c\r\n\r\nbody\r\n";
        let (fields, body) = split(raw);
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].name, b"Subject");
        assert_eq!(fields[0].raw, b"Subject : a\r\n b");
        assert_eq!(fields[0].value(), b" a\r\n b");
        assert!(fields[1].is("TO"));
        assert_eq!(&raw[body..], b"body\r\n");
    }

    #[test]
    fn a_message_without_a_body() {
        let (fields, body) = split(b"A: 1\nB: 2");
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[1].raw, b"B: 2");
        assert_eq!(body, 9);
    }
}
