//! Splits an mbox file into messages, and undoes (or, for `trawl export`, applies) mboxrd
//! `>From ` quoting.
//!
//! A separator is a `From ` line shaped like `From <sender> <date>` (the rest of the line has a
//! time and a year) and followed by a header line, wherever it stands: at the start of the file,
//! after a blank line, or straight after the last line of the message before it. Pipermail
//! writes its `URL: ...` line of a scrubbed attachment just before the next envelope, and a
//! writer that adds nothing after a message without a final newline leaves no blank line
//! either. A `From ` line that lacks that shape (`From the docs, ...`), or that no header line
//! follows, does not split the message. Two real-world variants are also read: files whose
//! first line carries no date, such as `From -` (then a `From -` line followed by a header line
//! separates too, and any `From ` line followed by a header line does after a blank line or a
//! MIME closing boundary), and the end of a body declared by `Content-Length`.
//! Spans exclude the separator line and the blank line that the mbox writer adds after each
//! message, so a span holds exactly the message as it was delivered (still quoted). A message
//! followed by its next separator with no blank line keeps every byte up to that `From ` line:
//! its last line, and that line's newline.
//!
//! [`merged_envelope`] is the safety net behind the splitter: it finds, inside one message's
//! body, a line that still reads like the envelope of another message.

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

/// Length of a UTF-8 byte-order mark at the start of `data`, which some tools write before an
/// mbox's first envelope: 3, or 0 when there is none.
pub(crate) fn bom_len(data: &[u8]) -> usize {
    if data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// The message spans of `data` given its separator offsets. A byte-order mark before the
/// first separator is no message of its own.
fn spans(data: &[u8], starts: &[usize]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(starts.len() + 1);
    let lead = bom_len(data);
    let before = starts.first().copied().unwrap_or(data.len());
    if starts.first() != Some(&lead) && (lead == 0 || before > lead) {
        push_span(&mut spans, data, 0, before);
    }
    for (k, &start) in starts.iter().enumerate() {
        let body_start = first_header(data, line_end(data, start));
        let end = starts.get(k + 1).copied().unwrap_or(data.len());
        push_span(&mut spans, data, body_start, end);
    }
    spans
}

/// True for a file whose first line (after a byte-order mark) is a dateless separator
/// (`From -`): then later separators need no date either.
fn is_loose(data: &[u8]) -> bool {
    let data = &data[bom_len(data)..];
    looks_like_mbox(data) && !has_separator_shape(&data[..line_end(data, 0)])
}

/// Offsets of every separator line, in file order.
fn separators(data: &[u8], loose: bool) -> Vec<usize> {
    let mut starts: Vec<usize> = Vec::new();
    let lead = bom_len(data);
    if looks_like_mbox(&data[lead..]) {
        starts.push(lead);
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

/// True when the `From ` line at `p` separates messages: a header line follows it, and it has
/// the `From <sender> <date>` shape, wherever it stands. In a `loose` file (one whose first line
/// carries no date, such as `From -`), a dateless `From -` line separates too, and a `From
/// <sender>` line with nothing after the sender does after a blank line or right after a MIME
/// closing boundary (`--b--`), where writers that add no blank line leave it.
///
/// A dated `From <sender> <date>` line after a blank line, followed by blank lines and then a
/// header line, separates too: the message it starts begins with blank lines (a file that
/// started with one, put into an mbox as it was), which a reader would otherwise merge, unsaid,
/// into the message before it.
fn is_separator(data: &[u8], p: usize, loose: bool) -> bool {
    let end = line_end(data, p);
    let line = &data[p..end];
    if line.len() >= 1024 {
        return false;
    }
    if !starts_with_header(&data[end..]) {
        return has_separator_shape(line)
            && after_blank_line(data, p)
            && header_after_blank_lines(data, end);
    }
    has_separator_shape(line)
        || (loose
            && (is_dateless(line)
                || (names_one_sender(line)
                    && (after_blank_line(data, p) || after_close_boundary(data, p)))))
}

/// `From <sender>` and nothing after the sender: the dateless envelope some writers give every
/// message. `From Russia with love`, a body line left unquoted, names more than a sender.
fn names_one_sender(line: &[u8]) -> bool {
    line.strip_prefix(b"From ")
        .map(|rest| rest.trim_ascii())
        .is_some_and(|sender| {
            !sender.is_empty() && !sender.contains(&b' ') && !sender.contains(&b'\t')
        })
}

/// Where a message that starts at `start` has its first header: past blank lines that a header
/// line follows (the message of a file that began with a blank line), else `start`.
fn first_header(data: &[u8], start: usize) -> usize {
    let mut at = start;
    while data[at..].starts_with(b"\n") || data[at..].starts_with(b"\r\n") {
        at = line_end(data, at);
    }
    match at > start && starts_with_header(&data[at..]) {
        true => at,
        false => start,
    }
}

/// True when one or more blank lines (LF or CRLF) start at `start` and a header line follows
/// them.
fn header_after_blank_lines(data: &[u8], start: usize) -> bool {
    first_header(data, start) > start
}

/// `From -` alone (blanks may follow): the envelope line of files whose envelopes carry no date.
fn is_dateless(line: &[u8]) -> bool {
    line.strip_prefix(b"From -")
        .is_some_and(|rest| rest.iter().all(u8::is_ascii_whitespace))
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

/// True when `rest` starts with a header field line (`Name:`).
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

/// Offset in `msg` (one message's stored bytes) of the first line of its body that reads like
/// the envelope of another message: an unquoted `From <sender> ...` line whose rest holds a
/// time or a year, or the dateless `From -`, followed by two header lines. The splitter cuts at
/// every such line that has the full separator shape, so one found here means the message
/// probably holds another that was not cut out (`trawl failures --damaged` lists it, kind
/// `merged`). A `>From ` line is quoted body text and is never taken for one.
pub fn merged_envelope(msg: &[u8]) -> Option<usize> {
    let body = body_start(msg)?;
    memmem::find_iter(&msg[body - 1..], b"\nFrom ")
        .map(|i| body + i)
        .find(|&p| {
            let end = line_end(msg, p);
            looks_like_envelope(&msg[p..end]) && header_lines_follow(msg, end, 2)
        })
}

/// Offset of the first byte after the blank line that ends the header block, if there is one.
fn body_start(msg: &[u8]) -> Option<usize> {
    let lf = memmem::find(msg, b"\n\n").map(|i| i + 2);
    let crlf = memmem::find(msg, b"\n\r\n").map(|i| i + 3);
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `From <sender>` then a time or a year, or the dateless `From -`: a looser shape than a
/// separator's, for the safety net.
fn looks_like_envelope(line: &[u8]) -> bool {
    let rest = line[5..].trim_ascii_end();
    let sender = memchr::memchr(b' ', rest).unwrap_or(rest.len());
    let date = &rest[sender..];
    sender > 0 && (is_dateless(line) || has_time(date) || has_year(date))
}

/// True when the `n` lines from `start` on are all header lines.
fn header_lines_follow(msg: &[u8], start: usize, n: usize) -> bool {
    let mut at = start;
    for _ in 0..n {
        if at >= msg.len() || !starts_with_header(&msg[at..]) {
            return false;
        }
        at = line_end(msg, at);
    }
    true
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
    fn a_byte_order_mark_before_the_first_envelope_is_no_message() {
        let data = "\u{feff}From -\nFrom: a@x\n\nFrom Russia with love\n\nFrom -\nFrom: b@y\n\nb\n";
        let spans = split(data.as_bytes());
        assert_eq!(spans.first().map(|s| s.offset), Some(10));
        assert_eq!(
            messages(data.as_bytes()),
            ["From: a@x\n\nFrom Russia with love\n", "From: b@y\n\nb\n"]
        );
        let dated = format!("\u{feff}{SEP1}Subject: one\n\nbody\n");
        assert_eq!(messages(dated.as_bytes()), ["Subject: one\n\nbody\n"]);
        assert_eq!(messages("\u{feff}".as_bytes()), Vec::<String>::new());
    }

    #[test]
    fn an_unquoted_body_line_naming_more_than_a_sender_does_not_split_a_dateless_file() {
        let data = "From -\nFrom: a@x\n\nmovie:\n\nFrom Russia with love\nYear: 1963\n\nend\n\n\
                    From someone\nFrom: b@y\n\nb\n";
        assert_eq!(
            messages(data.as_bytes()),
            [
                "From: a@x\n\nmovie:\n\nFrom Russia with love\nYear: 1963\n\nend\n",
                "From: b@y\n\nb\n"
            ]
        );
    }

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
    fn a_message_that_begins_with_blank_lines_is_not_merged_into_the_one_before() {
        for sep in ["\n", "\r\n"] {
            let data = format!(
                "{SEP1}Subject: one{sep}{sep}body{sep}{sep}{SEP2}{sep}{sep}Subject: two{sep}{sep}b{sep}"
            );
            let got = messages(data.as_bytes());
            assert_eq!(got.len(), 2, "{got:#?}");
            assert_eq!(
                got[1],
                format!("Subject: two{sep}{sep}b{sep}"),
                "span at its headers"
            );
        }
        for text in ["and then prose.", ""] {
            let data = format!("{SEP1}Subject: one\n\nintro\n\n{SEP2}\n{text}\n");
            assert_eq!(
                messages(data.as_bytes()).len(),
                1,
                "no header after the blank: {text:?}"
            );
        }
        let undated = format!("{SEP1}Subject: one\n\nintro\n\nFrom the docs\n\nNote: x\n");
        assert_eq!(messages(undated.as_bytes()).len(), 1, "no date in the line");
    }

    #[test]
    fn envelope_right_after_a_body_line_splits() {
        let data = format!("{SEP1}Subject: one\n\nintro\n{SEP2}Subject: two\n\nbody\n");
        assert_eq!(
            messages(data.as_bytes()),
            ["Subject: one\n\nintro\n", "Subject: two\n\nbody\n"]
        );
    }

    /// A pipermail archive (mboxo): the scrubbed-attachment `URL:` line stands right before the
    /// next envelope, whose sender is written `name at domain` and followed by two spaces.
    pub(super) const PIPERMAIL: &str = "From ines.moreau at example.org  Wed Apr 27 12:37:28 2005\n\
        From: ines.moreau at example.org (Ines Moreau)\n\
        Date: Wed, 27 Apr 2005 14:37:28 +0200\n\
        Subject: [R] lm() and factors\n\
        Message-ID: <a1@example.org>\n\
        \n\
        See the attached table.\n\
        >From the docs, this should work.\n\
        -------------- next part --------------\n\
        A non-text attachment was scrubbed...\n\
        URL: https://lists.example.org/pipermail/r-help/attachments/20050427/a1.pdf\n\
        From tomas.ilves at example.net  Wed Apr 27 13:02:11 2005\n\
        From: tomas.ilves at example.net (Tomas Ilves)\n\
        Date: Wed, 27 Apr 2005 13:02:11 +0200\n\
        Subject: Re: [R] lm() and factors\n\
        Message-ID: <b2@example.net>\n\
        \n\
        From here on it works.\n\
        \n\
        From tomas.ilves at example.net  Wed Apr 27 13:09:40 2005\n\
        From: tomas.ilves at example.net (Tomas Ilves)\n\
        Subject: [R] a third one\n\
        Message-ID: <c3@example.net>\n\
        \n\
        last\n";

    #[test]
    fn pipermail_url_line_before_an_envelope_splits() {
        let data = PIPERMAIL.as_bytes();
        let got = messages(data);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].starts_with("From: ines.moreau"));
        assert!(got[0].ends_with("/a1.pdf\n"), "{}", got[0]);
        assert!(got[1].starts_with("From: tomas.ilves") && got[1].ends_with("it works.\n"));
        assert!(got[2].contains("<c3@example.net>") && got[2].ends_with("last\n"));
        let spans = split(data);
        let next = |k: usize| spans[k].offset + spans[k].len;
        assert!(data[next(0)..].starts_with(b"From tomas.ilves at example.net  Wed"));
    }

    #[test]
    fn message_without_final_newline_keeps_its_last_line() {
        for sep in ["\n", "\r\n"] {
            let first = format!("Subject: one{sep}{sep}no final newline");
            let data = format!("{SEP1}{first}{sep}{SEP2}Subject: two{sep}{sep}b{sep}");
            let got = messages(data.as_bytes());
            assert_eq!(
                got,
                [
                    format!("{first}{sep}"),
                    format!("Subject: two{sep}{sep}b{sep}")
                ]
            );
        }
    }

    #[test]
    fn mboxrd_quoted_lines_never_split_and_envelopes_after_body_lines_do() {
        let data = format!(
            "{SEP1}Subject: one\n\n>From a@x.example Tue May  2 09:14:03 2017\n\
             Subject: quoted, so body text\nend of one\n\
             {SEP2}Subject: two\n\n>>From here\nend of two"
        );
        let got = messages(data.as_bytes());
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].ends_with("end of one\n") && got[1].ends_with("end of two"));
        assert_eq!(
            &*unquote(got[0].as_bytes()),
            got[0].replacen(">From", "From", 1).as_bytes()
        );
    }

    #[test]
    fn body_lines_starting_with_from_do_not_split_without_a_blank_line() {
        for line in [
            "From the docs, lm() needs a formula:",
            "From here on",
            "From a@x.example Tue May  2 09:14:03 2017",
            "From 9:00 to 17:00 on 2 May 2017 we meet.",
        ] {
            let data = format!("{SEP1}Subject: one\n\nintro\n{line}\nand then prose.\n");
            assert_eq!(messages(data.as_bytes()).len(), 1, "{line}");
        }
        let undated = format!("{SEP1}Subject: one\n\nintro\nFrom the docs, see\nNote: x\n");
        assert_eq!(messages(undated.as_bytes()).len(), 1, "no date in the line");
        let long = format!(
            "{SEP1}Subject: one\n\nx\nFrom a {} 09:14:03 2017\nA: b\n",
            "y".repeat(1100)
        );
        assert_eq!(
            messages(long.as_bytes()).len(),
            1,
            "a line too long for an envelope"
        );
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
    fn dateless_from_dash_mailbox_splits_after_body_lines_on_from_dash_only() {
        let data = "From - \nSubject: one\n\ntext\nFrom - \nFrom: b@y\n\nb\n\
                    From somewhere\nNote: not an envelope\n";
        assert_eq!(
            messages(data.as_bytes()),
            [
                "Subject: one\n\ntext\n",
                "From: b@y\n\nb\nFrom somewhere\nNote: not an envelope\n"
            ]
        );
        let dated = format!("{SEP1}Subject: one\n\ntext\nFrom - \nFrom: b@y\n\nb\n");
        assert_eq!(
            messages(dated.as_bytes()).len(),
            1,
            "only in a dateless file"
        );
    }

    #[test]
    fn shaped_from_line_after_closing_boundary_splits() {
        let data = format!("{SEP1}Subject: one\n\n--b\nx\n--b--\n{SEP2}Subject: two\n\nb\n");
        assert_eq!(messages(data.as_bytes()).len(), 2);
    }

    #[test]
    fn content_length_marks_a_separator_without_blank_line() {
        let data = "From MAILER-DAEMON\nContent-Length: 5\n\nbody\n\
                    From MAILER-DAEMON\nSubject: two\n\nb\n";
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
    fn merged_envelope_finds_an_uncut_envelope_in_a_body() {
        let msg = b"Subject: one\n\ntext\nFrom - \nFrom: b@y.example\nSubject: two\n\nb\n";
        assert_eq!(merged_envelope(msg), Some(19));
        let dated = b"Subject: one\n\nx\nFrom b@y Tue May  2 09:14 2017\nFrom: b\nTo: c\n";
        assert_eq!(merged_envelope(dated), Some(16));
        let crlf = b"Subject: one\r\n\r\nFrom b@y 09:14\r\nFrom: b\r\nTo: c\r\n";
        assert_eq!(merged_envelope(crlf), Some(16));
    }

    #[test]
    fn merged_envelope_leaves_quoted_lines_prose_and_headers_alone() {
        let none: [&[u8]; 6] = [
            b"Subject: one\n\n>From b@y Tue May  2 09:14 2017\nFrom: b\nTo: c\n",
            b"Subject: one\n\nFrom b@y Tue May  2 09:14 2017\nFrom: b\nand prose\n",
            b"Subject: one\n\nFrom the docs, see\nNote: x\nWhere: y\n",
            b"Subject: one\n\nFrom b@y Tue May  2 09:14 2017\nFrom: b",
            b"From b@y Tue May  2 09:14 2017\nFrom: b\nTo: c\n\nbody\n",
            b"Subject: no body\nFrom b@y Tue May  2 09:14 2017\nFrom: b\nTo: c\n",
        ];
        for msg in none {
            assert_eq!(
                merged_envelope(msg),
                None,
                "{}",
                String::from_utf8_lossy(msg)
            );
        }
    }

    #[test]
    fn no_message_split_from_pipermail_holds_a_merged_envelope() {
        for span in split(PIPERMAIL.as_bytes()) {
            let msg = &PIPERMAIL.as_bytes()[span.offset..span.offset + span.len];
            assert_eq!(merged_envelope(msg), None);
        }
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
