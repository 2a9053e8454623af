//! Apple Mail `.emlx` (and `.partial.emlx`): a first line giving the byte count of the RFC 822
//! message that follows, the message, then an XML property list (flags, dates) that holds no
//! mail. The message's own span is what is indexed and what `show --raw` gives back.

use std::ops::Range;

/// What begins the property list after the message.
const PLIST_STARTS: [&[u8]; 2] = [b"<?xml", b"<plist"];

/// Where the message of an `.emlx` lies, and what was wrong with its count line, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The message's bytes within the file.
    pub range: Range<usize>,
    /// Why the span is not the one the count line states, when it is not.
    pub damage: Option<String>,
}

/// The message span of an `.emlx` file's bytes. The count line decides when it is sound: a
/// number whose bytes fit in the file and end where the property list (or the file) begins.
/// Otherwise the message is taken up to the property list, or to the end of the file, and the
/// damage is said.
pub fn message_span(data: &[u8]) -> Span {
    let start = memchr::memchr(b'\n', data).map_or(data.len(), |nl| nl + 1);
    let stated = count(&data[..start]);
    match stated.filter(|&n| ends_at_plist(data, start, n)) {
        Some(n) => Span {
            range: start..start + n,
            damage: None,
        },
        None => Span {
            range: start..salvaged_end(data, start),
            damage: Some(damage_note(stated, data.len() - start)),
        },
    }
}

/// The number on the count line (blanks around it allowed).
fn count(line: &[u8]) -> Option<usize> {
    std::str::from_utf8(line.trim_ascii()).ok()?.parse().ok()
}

/// `n` bytes from `start` stay in the file and are followed by the property list or nothing.
fn ends_at_plist(data: &[u8], start: usize, n: usize) -> bool {
    let Some(end) = start.checked_add(n).filter(|&end| end <= data.len()) else {
        return false;
    };
    let rest = data[end..].trim_ascii_start();
    rest.is_empty() || PLIST_STARTS.iter().any(|p| rest.starts_with(p))
}

/// Where the message ends when the count cannot be trusted: before the last line that opens
/// a property list (its `<?xml` declaration, else its `<plist` element), else at the end of
/// the file.
fn salvaged_end(data: &[u8], start: usize) -> usize {
    PLIST_STARTS
        .iter()
        .find_map(|p| memchr::memmem::rfind(&data[start..], &[b"\n", *p].concat()))
        .map_or(data.len(), |i| start + i + 1)
}

fn damage_note(stated: Option<usize>, available: usize) -> String {
    let said = match stated {
        Some(n) => format!("emlx count line says {n} bytes, {available} follow it"),
        None => "emlx count line is not a number".to_owned(),
    };
    format!("{said}: message taken up to its property list")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLIST: &str = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>\n";

    fn emlx(count: &str, message: &str) -> Vec<u8> {
        format!("{count}\n{message}{PLIST}").into_bytes()
    }

    fn taken(data: &[u8]) -> (String, bool) {
        let span = message_span(data);
        let text = String::from_utf8_lossy(&data[span.range]).into_owned();
        (text, span.damage.is_some())
    }

    #[test]
    fn a_sound_count_gives_the_message_exactly() {
        let message = "Subject: a\n\nbody\n";
        let data = emlx(&format!("{}      ", message.len()), message);
        assert_eq!(taken(&data), (message.to_owned(), false));
        let bare = format!("{}\n{message}", message.len());
        assert_eq!(taken(bare.as_bytes()), (message.to_owned(), false));
    }

    #[test]
    fn a_damaged_count_is_said_and_the_message_kept_whole() {
        let message = "Subject: a\n\nbody\n";
        for count in ["5", "9999", "99999999999999999999999999", "12a", "", "-3"] {
            let data = emlx(count, message);
            assert_eq!(taken(&data), (message.to_owned(), true), "count {count:?}");
        }
        let no_plist = b"400\nSubject: a\n\nbody cut short";
        assert_eq!(
            taken(no_plist),
            ("Subject: a\n\nbody cut short".into(), true)
        );
    }

    #[test]
    fn nothing_after_the_count_line_is_an_empty_span() {
        assert_eq!(message_span(b"12").range, 2..2);
        assert_eq!(message_span(b"").range, 0..0);
    }
}
