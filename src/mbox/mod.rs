//! Splits an mbox file into messages, and undoes (or, for `trawl export`, applies) mboxrd
//! `>From ` quoting.
//!
//! A separator is a `From ` line at the start of the file, or after a blank line, shaped like
//! `From <sender> <date>` (the rest of the line has a time and a year) and followed by a header
//! line. A `From ` line inside a body that lacks that shape does not split the message. Three
//! real-world variants are also read: files whose first line is a dateless `From -` (then the
//! date is not required), a separator right after a MIME closing boundary instead of a blank
//! line, and the end of a body declared by `Content-Length`.
//! Spans exclude the separator line and the blank line that the mbox writer adds after each
//! message, so a span holds exactly the message as it was delivered (still quoted).

use std::borrow::Cow;

use memchr::memmem;

mod blocks;

pub use blocks::{Block, Blocks};

/// Where one message sits in an mbox file, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Offset of the message's first header byte (just after its `From ` line).
    pub offset: usize,
    /// Length of the message, quoting included, separator blank line excluded.
    pub len: usize,
}

/// True when `data` starts like an mbox file.
pub fn looks_like_mbox(data: &[u8]) -> bool {
    data.starts_with(b"From ")
}

/// Splits `data` (a whole mbox file) into message spans, in file order.
///
/// Data before the first separator (a file that does not start with `From `) is returned as a
/// first span, so that nothing is silently dropped.
pub fn split(data: &[u8]) -> Vec<Span> {
    spans(data, &separators(data, is_loose(data)))
}

/// The message spans of `data` given its separator offsets.
fn spans(data: &[u8], starts: &[usize]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(starts.len() + 1);
    if starts.first() != Some(&0) {
        let end = starts.first().copied().unwrap_or(data.len());
        push_span(&mut spans, data, 0, end);
    }
    for (k, &start) in starts.iter().enumerate() {
        let body_start = line_end(data, start);
        let end = starts.get(k + 1).copied().unwrap_or(data.len());
        push_span(&mut spans, data, body_start, end);
    }
    spans
}

/// True for a file whose first line is a dateless separator (`From -`): then later separators
/// need no date either.
fn is_loose(data: &[u8]) -> bool {
    looks_like_mbox(data) && !has_separator_shape(&data[..line_end(data, 0)])
}

/// Offsets of every separator line, in file order.
fn separators(data: &[u8], loose: bool) -> Vec<usize> {
    let mut starts: Vec<usize> = Vec::new();
    if looks_like_mbox(data) {
        starts.push(0);
    }
    for p in memmem::find_iter(data, b"\nFrom ").map(|i| i + 1) {
        let previous = starts.last().map(|&s| line_end(data, s));
        if is_separator(data, p, loose) || previous.is_some_and(|m| length_ends_at(data, m, p)) {
            starts.push(p);
        }
    }
    starts
}

/// Records the message in `data[start..end]`, minus the mbox writer's trailing blank line.
fn push_span(spans: &mut Vec<Span>, data: &[u8], start: usize, end: usize) {
    let end = strip_separator_newline(data, start, end);
    if end > start {
        spans.push(Span {
            offset: start,
            len: end - start,
        });
    }
}

/// Removes one line ending from `data[start..end]` when the range ends with a blank line.
fn strip_separator_newline(data: &[u8], start: usize, end: usize) -> usize {
    let s = &data[start..end];
    if s.ends_with(b"\r\n\r\n") {
        end - 2
    } else if s.ends_with(b"\n\n") || s.ends_with(b"\n\r\n") || s == b"\n" {
        end - 1
    } else {
        end
    }
}

/// Position just past the line that starts at `start` (its newline included).
fn line_end(data: &[u8], start: usize) -> usize {
    memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i + 1)
}

/// True when the line starting at `p` is preceded by an empty line (LF or CRLF).
fn after_blank_line(data: &[u8], p: usize) -> bool {
    let before = &data[..p];
    before.ends_with(b"\n\n") || before.ends_with(b"\n\r\n") || p == 1
}

/// True when the `From ` line at `p` separates messages: a header line follows it, it has the
/// `From <sender> <date>` shape (any shape in a `loose` file, one whose first line is a
/// dateless `From -`), and it comes after a blank line or right after a MIME closing boundary
/// (`--b--`), where writers that add no blank line leave it.
fn is_separator(data: &[u8], p: usize, loose: bool) -> bool {
    let end = line_end(data, p);
    let line = &data[p..end];
    if line.len() >= 1024 || !starts_with_header(&data[end..]) {
        return false;
    }
    (loose || has_separator_shape(line))
        && (after_blank_line(data, p) || after_close_boundary(data, p))
}

/// True when the line before `p` is a MIME closing boundary (`--something--`).
fn after_close_boundary(data: &[u8], p: usize) -> bool {
    let before = data[..p].trim_ascii_end();
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line = &before[line_start..];
    line.len() > 4 && line.starts_with(b"--") && line.ends_with(b"--")
}

/// True when the message whose headers start at `message` declares a `Content-Length` that
/// ends its body exactly before `p` (allowing the blank line some writers add): how
/// Content-Length mailboxes mark separators that follow no blank line.
fn length_ends_at(data: &[u8], message: usize, p: usize) -> bool {
    let Some((body, length)) = content_length(&data[message..p]) else {
        return false;
    };
    let end = message + body + length;
    (end..=end + 2).contains(&p)
}

/// Offset of the body and the value of the `Content-Length` header in a message's bytes.
fn content_length(msg: &[u8]) -> Option<(usize, usize)> {
    let head = &msg[..msg.len().min(64 * 1024)];
    let (headers_len, sep) = memmem::find(head, b"\n\n")
        .map(|i| (i, 2))
        .or_else(|| memmem::find(head, b"\n\r\n").map(|i| (i, 3)))?;
    let value = head[..headers_len]
        .split(|&b| b == b'\n')
        .find_map(|line| strip_prefix_ignore_case(line, b"content-length:"))?;
    let length = std::str::from_utf8(value).ok()?.trim().parse().ok()?;
    Some((headers_len + sep, length))
}

fn strip_prefix_ignore_case<'a>(line: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &line[prefix.len()..])
}

/// `From <sender> <date>`: a non-empty sender, then a time (`hh:mm`) and a four-digit year.
fn has_separator_shape(line: &[u8]) -> bool {
    let rest = &line[5..];
    let Some(space) = memchr::memchr(b' ', rest) else {
        return false;
    };
    let date = &rest[space..];
    space > 0 && has_time(date) && has_year(date)
}

fn has_time(s: &[u8]) -> bool {
    s.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    })
}

/// A standalone four-digit year starting with 19 or 20.
fn has_year(s: &[u8]) -> bool {
    (0..s.len().saturating_sub(3)).any(|i| {
        let w = &s[i..i + 4];
        w.iter().all(u8::is_ascii_digit)
            && (w.starts_with(b"19") || w.starts_with(b"20"))
            && (i == 0 || !s[i - 1].is_ascii_digit())
            && s.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
    })
}

/// True when `rest` starts with a header field line (`Name:`) or an mboxrd-quoted From.
pub fn starts_with_header(rest: &[u8]) -> bool {
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    let Some(colon) = memchr::memchr(b':', line) else {
        return false;
    };
    colon > 0
        && line[..colon]
            .iter()
            .all(|&b| b.is_ascii_graphic() && b != b':')
}

/// Undoes `>From ` quoting: a line made of one or more `>` then `From ` loses one `>`.
///
/// This is the mboxrd rule; applied to an mboxo file it turns a body's original `>From ` into
/// `From `, which is the accepted loss of that ambiguous format.
pub fn unquote(msg: &[u8]) -> Cow<'_, [u8]> {
    let mut cuts = memmem::find_iter(msg, b">From ")
        .filter_map(|i| quote_start(msg, i))
        .peekable();
    if cuts.peek().is_none() {
        return Cow::Borrowed(msg);
    }
    let mut out = Vec::with_capacity(msg.len());
    let mut from = 0;
    for cut in cuts {
        out.extend_from_slice(&msg[from..cut]);
        from = cut + 1;
    }
    out.extend_from_slice(&msg[from..]);
    Cow::Owned(out)
}

/// Applies mboxrd quoting, the inverse of [`unquote`]: a line made of zero or more `>` then
/// `From ` gains one `>`. No line of the result reads as a separator, and
/// `unquote(&quote(m)) == m` for every message `m`.
pub fn quote(msg: &[u8]) -> Cow<'_, [u8]> {
    let mut cuts = memmem::find_iter(msg, b"From ")
        .filter_map(|i| quote_start(msg, i))
        .peekable();
    if cuts.peek().is_none() {
        return Cow::Borrowed(msg);
    }
    let mut out = Vec::with_capacity(msg.len() + 64);
    let mut from = 0;
    for cut in cuts {
        out.extend_from_slice(&msg[from..cut]);
        out.push(b'>');
        from = cut;
    }
    out.extend_from_slice(&msg[from..]);
    Cow::Owned(out)
}

/// For a `From ` or `>From ` found at `i`, the start of its run of `>` if that run begins the
/// line.
fn quote_start(msg: &[u8], i: usize) -> Option<usize> {
    let mut k = i;
    while k > 0 && msg[k - 1] == b'>' {
        k -= 1;
    }
    (k == 0 || msg[k - 1] == b'\n').then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(data: &[u8]) -> Vec<String> {
        split(data)
            .into_iter()
            .map(|s| String::from_utf8_lossy(&data[s.offset..s.offset + s.len]).into_owned())
            .collect()
    }

    const SEP1: &str = "From a@x.example Tue May  2 09:14:03 2017\n";
    const SEP2: &str = "From b@y.example Wed May  3 10:00:00 2017\n";

    #[test]
    fn splits_two_messages_and_drops_separator_blank_line() {
        let data = format!("{SEP1}Subject: one\n\nbody one\n\n{SEP2}Subject: two\n\nbody two\n");
        assert_eq!(
            messages(data.as_bytes()),
            ["Subject: one\n\nbody one\n", "Subject: two\n\nbody two\n"]
        );
    }

    #[test]
    fn from_line_in_body_without_date_shape_does_not_split() {
        let data = format!("{SEP1}Subject: one\n\nintro\n\nFrom here on, we win.\n");
        assert_eq!(messages(data.as_bytes()).len(), 1);
    }

    #[test]
    fn from_line_not_after_blank_line_does_not_split() {
        let data = format!("{SEP1}Subject: one\n\nintro\n{SEP2}Subject: two\n\nbody\n");
        assert_eq!(messages(data.as_bytes()).len(), 1);
    }

    #[test]
    fn dated_from_line_followed_by_prose_does_not_split() {
        let data =
            format!("{SEP1}Subject: one\n\nx\n\nFrom 9:00 to 17:00 on 2 May 2017\nwe meet.\n");
        assert_eq!(messages(data.as_bytes()).len(), 1);
    }

    #[test]
    fn dateless_from_dash_mailbox_splits_after_blank_lines() {
        let data = "From - \nSubject: one\n\nFrom - here\n\nFrom - \nSubject: two\n\nb\n";
        assert_eq!(
            messages(data.as_bytes()),
            ["Subject: one\n\nFrom - here\n", "Subject: two\n\nb\n"]
        );
    }

    #[test]
    fn shaped_from_line_after_closing_boundary_splits() {
        let data = format!("{SEP1}Subject: one\n\n--b\nx\n--b--\n{SEP2}Subject: two\n\nb\n");
        assert_eq!(messages(data.as_bytes()).len(), 2);
    }

    #[test]
    fn content_length_marks_a_separator_without_blank_line() {
        let data = "From - Mon Jun  3 12:50:27 1996\nContent-Length: 5\n\nbody\n\
                    From - Mon Jun  3 12:51:27 1996\nSubject: two\n\nb\n";
        assert_eq!(
            messages(data.as_bytes()),
            ["Content-Length: 5\n\nbody\n", "Subject: two\n\nb\n"]
        );
        let wrong = data.replace("Length: 5", "Length: 9");
        assert_eq!(messages(wrong.as_bytes()).len(), 1);
    }

    #[test]
    fn crlf_mailbox() {
        let data = "From a@x Tue May  2 09:14:03 2017\r\nSubject: one\r\n\r\nbody\r\n\r\n\
                    From b@y Tue May  2 09:15:03 2017\r\nSubject: two\r\n\r\nbody2\r\n";
        assert_eq!(
            messages(data.as_bytes()),
            [
                "Subject: one\r\n\r\nbody\r\n",
                "Subject: two\r\n\r\nbody2\r\n"
            ]
        );
    }

    #[test]
    fn no_trailing_newline_at_end_of_file() {
        let data = format!("{SEP1}Subject: one\n\nlast words");
        assert_eq!(messages(data.as_bytes()), ["Subject: one\n\nlast words"]);
    }

    #[test]
    fn empty_file_has_no_messages() {
        assert!(split(b"").is_empty());
    }

    #[test]
    fn leading_garbage_is_kept_as_a_span() {
        let data = format!("garbage line\n\n{SEP1}Subject: one\n\nb\n");
        assert_eq!(
            messages(data.as_bytes()),
            ["garbage line\n", "Subject: one\n\nb\n"]
        );
    }

    #[test]
    fn offsets_point_into_the_file() {
        let data = format!("{SEP1}Subject: one\n\nb\n\n{SEP2}Subject: two\n\nc\n");
        let spans = split(data.as_bytes());
        assert_eq!(spans[0].offset, SEP1.len());
        assert_eq!(&data.as_bytes()[spans[1].offset..][..12], b"Subject: two");
    }

    #[test]
    fn mboxrd_unquoting() {
        let q = b"a\n>From here\n>>From there\nx >From not at line start\n>Fromage\n";
        let u = unquote(q);
        assert_eq!(
            &*u,
            b"a\nFrom here\n>From there\nx >From not at line start\n>Fromage\n"
        );
    }

    #[test]
    fn unquote_at_start_and_borrowed_when_clean() {
        assert_eq!(&*unquote(b">From x\n"), b"From x\n");
        assert!(matches!(unquote(b"nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn quoting_leaves_no_separator_and_unquotes_exactly() {
        let m: &[u8] = b"From x\r\nSubject: s\r\n\r\nFrom here\n>From there\n>>From far\n\
            x From mid-line\n>Fromage\nFrom";
        let q = quote(m);
        assert_eq!(
            &*q,
            &b">From x\r\nSubject: s\r\n\r\n>From here\n>>From there\n>>>From far\n\
            x From mid-line\n>Fromage\nFrom"[..]
        );
        assert!(!q.starts_with(b"From ") && memmem::find(&q, b"\nFrom ").is_none());
        assert_eq!(&*unquote(&q), m);
        assert!(matches!(quote(b"Subject: s\n\nbody\n"), Cow::Borrowed(_)));
    }
}
