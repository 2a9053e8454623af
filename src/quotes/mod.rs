//! An email's text split into what its sender wrote (its own text) and what it quotes.
//!
//! The split works line by line on the decoded text that indexing reads (the body, charset
//! decoded, line ends LF). Quoted are:
//! - `>` lines, at any depth, and lines standing for a cut in a quote (`[...]`, `[snip]`);
//! - attributions (`On ... wrote:`, `Le ... a écrit :`, `Am ... schrieb X:`, `X wrote:`,
//!   `Quoting X:`, `From: X` above a quote), with the line above when a dated attribution is
//!   cut in two;
//! - from a reply or forward header to the end: Outlook and Exchange blocks
//!   (`-----Original Message-----`; `From:`/`Sent:`/`To:`/`Subject:` and
//!   `De :`/`Envoyé :`/`À :`/`Objet :` without it), Lotus Notes blocks (`NAME` and a date
//!   above `To:` and `Subject:`), forwarded messages (`---------- Forwarded message
//!   ---------`, `-------- Message transféré --------`, `Début du message réexpédié :`,
//!   `----- Forwarded by NAME on DATE -----`), and a dated attribution that no `>` line
//!   follows (an HTML reply made text keeps no `>`);
//! - from a signature delimiter (`-- `) to the end, and from a rule of dashes or underscores
//!   that a mailing list's footer follows (`To unsubscribe...`);
//! - a rule of dashes or underscores just above quoted text.
//!
//! Everything else is the sender's own text. A forwarded message counts as quoted: the own
//! text of an email that only forwards is what stands above the forward's header, often
//! nothing. Blank lines belong to neither part; a run of own lines broken only by blank
//! lines is one range.
//!
//! Each line is read once, with at most a few lines of look-ahead or look-back, by plain
//! string tests (no regular expression): the time is linear in the text's length.

mod lines;

use std::ops::Range;

use lines::Attribution;

/// Lines after a `From:` line in which the other headers of its block are looked for.
const BLOCK_WINDOW: usize = 6;
/// Lines after a `To:` line in which a Lotus Notes block's `cc:` or `Subject:` is looked for.
const LOTUS_WINDOW: usize = 3;
/// Lines above a block's `To:` (a name, a date) or an attribution's verb (its dated start)
/// that belong to it.
const LINES_ABOVE: usize = 2;

/// The split of one text: the byte ranges of its own text, in order, each starting at a
/// line's first byte and ending at a line's last (its newline left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    own: Vec<Range<usize>>,
}

impl Parts {
    /// The byte ranges of the sender's own text, `[start, end)`, in order.
    pub fn own_ranges(&self) -> &[Range<usize>] {
        &self.own
    }

    /// The pieces of own text of `text` (the text this split was made from).
    pub fn own<'t>(&self, text: &'t str) -> impl Iterator<Item = &'t str> {
        self.own.iter().filter_map(|r| text.get(r.clone()))
    }

    /// The pieces of `text` (the text this split was made from) between the own ranges, each
    /// trimmed, the blank ones left out: the quoted text.
    pub fn quoted<'t>(&self, text: &'t str) -> impl Iterator<Item = &'t str> {
        let starts = std::iter::once(0).chain(self.own.iter().map(|r| r.end));
        let ends = self.own.iter().map(|r| r.start).chain([text.len()]);
        starts
            .zip(ends)
            .filter_map(|(s, e)| text.get(s..e))
            .map(str::trim)
            .filter(|piece| !piece.is_empty())
    }
}

/// Splits `text` into its own and quoted parts.
pub fn split(text: &str) -> Parts {
    let lines = cut_lines(text);
    let marks = Marker::new(text, &lines).run();
    Parts {
        own: own_ranges(&lines, &marks),
    }
}

/// The byte range of each line, its line end (`\n`, and a `\r` before it) left out.
fn cut_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = text.as_bytes().get(start..end).unwrap_or_default();
        let stop = end - usize::from(line.ends_with(b"\r"));
        out.push(start..stop);
        start = end + 1;
    }
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

/// What a line is found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Own,
    Quoted,
    Blank,
}

/// Marks each line of a text, top to bottom.
struct Marker<'a> {
    text: &'a str,
    lines: &'a [Range<usize>],
    /// For each line, the first line at or after it that is not blank (`lines.len()` if none).
    next_text: Vec<usize>,
    marks: Vec<Mark>,
}

impl<'a> Marker<'a> {
    fn new(text: &'a str, lines: &'a [Range<usize>]) -> Marker<'a> {
        let mut next_text = vec![lines.len(); lines.len() + 1];
        for i in (0..lines.len()).rev() {
            let blank = lines::is_blank(text.get(lines[i].clone()).unwrap_or_default());
            next_text[i] = if blank { next_text[i + 1] } else { i };
        }
        Marker {
            text,
            lines,
            next_text,
            marks: vec![Mark::Blank; lines.len()],
        }
    }

    fn line(&self, i: usize) -> &'a str {
        self.lines
            .get(i)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or_default()
    }

    /// The next line that is not blank after line `i`, if any.
    fn next_after(&self, i: usize) -> Option<usize> {
        self.next_text
            .get(i + 1)
            .copied()
            .filter(|&j| j < self.lines.len())
    }

    fn run(mut self) -> Vec<Mark> {
        for i in 0..self.lines.len() {
            if let Some(start) = self.mark_line(i) {
                self.quote_from(start);
                break;
            }
        }
        self.rules_above_quotes();
        self.marks
    }

    /// Marks line `i`; or, when the rest of the text is quoted from here, the line the
    /// quoted rest starts at (line `i`, or one above it).
    fn mark_line(&mut self, i: usize) -> Option<usize> {
        let line = self.line(i);
        if lines::is_blank(line) {
            return None;
        }
        if lines::is_quote(line) || lines::is_elision(line) {
            self.marks[i] = Mark::Quoted;
            return None;
        }
        if let Some(start) = self.cut_at(i) {
            return Some(start);
        }
        match self.attribution_at(i) {
            Some((start, _)) if self.quote_follows(i) => self.quote(start..i + 1),
            Some((start, Attribution::Dated)) => return Some(start),
            _ => self.marks[i] = Mark::Own,
        }
        None
    }

    /// Whether the next line that is not blank after line `i` is a `>` line.
    fn quote_follows(&self, i: usize) -> bool {
        self.next_after(i)
            .is_some_and(|j| lines::is_quote(self.line(j)))
    }

    /// Where the rest of the text stops being own, when line `i` starts it: a signature, a
    /// separator, a rule above a list footer, a reply or forward header block.
    fn cut_at(&self, i: usize) -> Option<usize> {
        let line = self.line(i);
        if lines::is_signature(line) || lines::is_separator(line) {
            return Some(i);
        }
        if lines::is_rule(line) && self.footer_follows(i) {
            return Some(i);
        }
        self.header_block_at(i)
    }

    /// A list footer in the two lines after the rule at line `i`.
    fn footer_follows(&self, i: usize) -> bool {
        let first = self.next_after(i);
        let second = first.and_then(|j| self.next_after(j));
        [first, second]
            .into_iter()
            .flatten()
            .any(|j| lines::is_footer_text(self.line(j)))
    }

    /// The first line of a header block that line `i` belongs to: a `From:` line followed by
    /// another header of the block, or a `To:` line followed by `cc:` or `Subject:` (Lotus
    /// Notes, whose sender's name and date stand just above).
    fn header_block_at(&self, i: usize) -> Option<usize> {
        let name = lines::header_name(self.line(i))?;
        if lines::is_from_name(&name) {
            let found = self.header_below(i, BLOCK_WINDOW, lines::is_block_name);
            return found.then_some(i);
        }
        let lotus =
            name == "to" && self.header_below(i, LOTUS_WINDOW, |n| n == "cc" || n == "subject");
        lotus.then(|| self.lines_above(i))
    }

    /// Whether one of the `window` lines after line `i`, up to the first `>` line, is a
    /// header that `wanted` accepts.
    fn header_below(&self, i: usize, window: usize, wanted: impl Fn(&str) -> bool) -> bool {
        (i + 1..self.lines.len().min(i + 1 + window))
            .map(|j| self.line(j))
            .take_while(|line| !lines::is_quote(line))
            .any(|line| lines::header_name(line).is_some_and(|n| wanted(&n)))
    }

    /// The first of the (at most [`LINES_ABOVE`]) own lines right above line `i`, with no
    /// blank between, when one of them holds a digit (a date); else `i`.
    fn lines_above(&self, i: usize) -> usize {
        let mut start = i;
        for j in (i.saturating_sub(LINES_ABOVE)..i).rev() {
            if self.marks[j] != Mark::Own {
                break;
            }
            start = j;
        }
        let dated = (start..i).any(|j| self.line(j).bytes().any(|b| b.is_ascii_digit()));
        if dated { start } else { i }
    }

    /// Whether line `i` ends an attribution: its first line and how sure it is. A line with
    /// a verb whose dated start stands on the line above (a wrapped `On ... wrote:`) is
    /// dated.
    fn attribution_at(&self, i: usize) -> Option<(usize, Attribution)> {
        let kind = lines::attribution(self.line(i))?;
        if kind == Attribution::Dated {
            return Some((i, kind));
        }
        let above = (i.saturating_sub(LINES_ABOVE)..i)
            .rev()
            .take_while(|&j| self.marks[j] == Mark::Own)
            .find(|&j| lines::opens_dated_attribution(self.line(j)));
        let ends_with_colon = self.line(i).trim_end().ends_with(':');
        match above {
            Some(start) if ends_with_colon => Some((start, Attribution::Dated)),
            Some(start) => Some((start, kind)),
            None => Some((i, kind)),
        }
    }

    /// Marks the lines of `range` that are not blank as quoted.
    fn quote(&mut self, range: Range<usize>) {
        for i in range {
            if !lines::is_blank(self.line(i)) {
                self.marks[i] = Mark::Quoted;
            }
        }
    }

    /// Marks every line from `start` to the end that is not blank as quoted.
    fn quote_from(&mut self, start: usize) {
        self.quote(start..self.lines.len());
    }

    /// A rule of dashes or underscores above quoted text (or the end) is no own text.
    fn rules_above_quotes(&mut self) {
        let mut next_is_own = false;
        for i in (0..self.lines.len()).rev() {
            match self.marks[i] {
                Mark::Blank => {}
                Mark::Own if !next_is_own && lines::is_rule(self.line(i)) => {
                    self.marks[i] = Mark::Quoted;
                }
                mark => next_is_own = mark == Mark::Own,
            }
        }
    }
}

/// The own lines joined into ranges: a run of own lines with only blank lines between them
/// is one range, from its first line's start to its last line's end.
fn own_ranges(lines: &[Range<usize>], marks: &[Mark]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    for (line, mark) in lines.iter().zip(marks) {
        match mark {
            Mark::Blank => {}
            Mark::Quoted => open = false,
            Mark::Own => match out.last_mut() {
                Some(last) if open => last.end = line.end,
                _ => {
                    out.push(line.clone());
                    open = true;
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests;
