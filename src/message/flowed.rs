//! `text/plain; format=flowed` (RFC 3676): the text as its sender wrote it.
//!
//! A flowed message ends a line with a space where the sender's mail program wrapped a
//! paragraph for transport: that line and the next one are one line of the sender's. A line
//! that starts with a space, `>` or `From ` is sent with one more space before it
//! ("space-stuffing"). Quoted lines start with `>` marks, and a paragraph joins only lines of
//! the same quote depth. With `DelSp=yes` the wrapping space is not part of the text (it was
//! added between two characters of one word, or of a language written without spaces).

/// The lines of flowed `text` (LF line ends) as the sender wrote them: each paragraph wrapped
/// for transport joined back into one line, space-stuffing removed, a quoted paragraph
/// keeping the quote marks of its first line.
pub fn unflow(text: &str, delsp: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut open: Option<usize> = None;
    for raw in text.split_terminator('\n') {
        let line = Line::read(raw);
        if open.is_some_and(|depth| depth != line.depth) {
            close(lines.last_mut(), delsp);
            open = None;
        }
        let content = match line.flowed && delsp {
            true => &line.content[..line.content.len() - 1],
            false => line.content,
        };
        match (open, lines.last_mut()) {
            (Some(_), Some(last)) if content.is_empty() => close(Some(last), delsp),
            (Some(_), Some(last)) => last.push_str(content),
            _ => lines.push(format!("{}{content}", line.prefix)),
        }
        open = line.flowed.then_some(line.depth);
    }
    if open.is_some() {
        close(lines.last_mut(), delsp);
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A paragraph that ends on a flowed line (the text, its quote depth or the paragraph ends
/// there, with an empty line): the wrapping space left at its end is not the sender's.
fn close(last: Option<&mut String>, delsp: bool) {
    if let Some(last) = last.filter(|l| !delsp && l.ends_with(' ')) {
        last.pop();
    }
}

/// One line of flowed text, read.
struct Line<'a> {
    /// Quote marks and the stuffed space after them, as sent (nothing for a line that quotes
    /// nothing: its stuffed space is not the sender's).
    prefix: &'a str,
    /// How many `>` marks start it.
    depth: usize,
    /// The text after them, space-stuffing removed.
    content: &'a str,
    /// Whether it ends with the space that joins it to the next line.
    flowed: bool,
}

impl Line<'_> {
    fn read(raw: &str) -> Line<'_> {
        let depth = raw.bytes().take_while(|&b| b == b'>').count();
        let stuffed = raw[depth..].starts_with(' ');
        let at = depth + usize::from(stuffed);
        let content = &raw[at..];
        Line {
            prefix: &raw[..if depth > 0 { at } else { 0 }],
            depth,
            content,
            flowed: content.ends_with(' ') && content != "-- ",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_paragraphs_are_joined_and_fixed_lines_kept() {
        let sent = "Hello, \nthis is one \nparagraph.\nA fixed line\n\nLast.";
        assert_eq!(
            unflow(sent, false),
            "Hello, this is one paragraph.\nA fixed line\n\nLast."
        );
    }

    #[test]
    fn space_stuffing_is_removed() {
        assert_eq!(
            unflow(" From here\n  indented", false),
            "From here\n indented"
        );
    }

    #[test]
    fn delsp_removes_the_wrapping_space() {
        assert_eq!(unflow("Zusammen \ngesetzt", true), "Zusammengesetzt");
        assert_eq!(unflow("Zusammen \ngesetzt", false), "Zusammen gesetzt");
    }

    #[test]
    fn quotes_join_within_their_depth() {
        let sent = "> quoted \n> text \n>> deeper\nreply \nhere";
        assert_eq!(unflow(sent, false), "> quoted text\n>> deeper\nreply here");
    }

    #[test]
    fn signature_separator_is_a_fixed_line() {
        assert_eq!(unflow("text\n-- \nCamille", false), "text\n-- \nCamille");
    }

    #[test]
    fn a_flowed_last_line_loses_its_wrapping_space() {
        assert_eq!(unflow("end \n", false), "end\n");
        assert_eq!(unflow("end ", false), "end");
        assert_eq!(
            unflow("para \n\nnext", false),
            "para\nnext",
            "RFC 3676: one paragraph"
        );
    }
}
