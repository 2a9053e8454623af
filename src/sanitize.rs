//! Makes text from a dump safe to print on a terminal, to open in a spreadsheet, and to use as
//! a file name.
//!
//! Dump content is hostile: a subject can carry ANSI escape sequences that rewrite the screen,
//! or bidi overrides that make `evil.exe` read as `exe.live`. Every string that came from a dump
//! goes through [`for_terminal`] before it is written to a terminal, and through
//! [`spreadsheet_safe`] before it is written to a CSV cell.

/// Returns `text` with every control character, escape sequence introducer and bidi control
/// replaced by a visible stand-in. Line ends and tabs are kept only when `keep_newlines` is
/// set: a line then ends with a single `\n` whether it ended with LF, CRLF or a lone CR (which
/// would otherwise send the cursor back over the line). Without it, each of them is a space.
pub fn for_terminal(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\r' if keep_newlines => {
                chars.next_if_eq(&'\n');
                '\n'
            }
            '\n' | '\t' if keep_newlines => c,
            '\n' | '\r' | '\t' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        });
    }
    out
}

/// A cell as a spreadsheet may open it safely: control characters made visible, and a cell
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) quoted with `'`.
pub fn spreadsheet_safe(cell: &str) -> String {
    let clean = for_terminal(cell, false);
    match clean.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{clean}"),
        _ => clean,
    }
}

/// Longest file name [`file_name`] makes, in bytes (file systems allow 255).
const MAX_FILE_NAME: usize = 200;

/// A file name from a dump (an attachment's) made safe to create in the current directory:
/// the last component of any path (`/` or `\`), without control and bidi characters or those
/// Windows refuses (`<>:"|?*`), without leading dots or spaces (no hidden file, no `..`) or
/// trailing ones, at most 200 bytes with a short extension kept. `None` when nothing is left.
pub fn file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last
        .chars()
        .filter(|&c| !is_unsafe(c) && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .collect();
    let trimmed = kept.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        return None;
    }
    Some(shortened(trimmed, MAX_FILE_NAME))
}

/// `name` cut to at most `max` bytes on a character boundary, its extension (up to 16 bytes)
/// kept.
fn shortened(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let extension = name
        .rfind('.')
        .map(|dot| &name[dot..])
        .filter(|e| e.len() <= 16)
        .unwrap_or_default();
    let mut stem_end = max - extension.len();
    while !name.is_char_boundary(stem_end) {
        stem_end -= 1;
    }
    format!("{}{extension}", &name[..stem_end])
}

/// True for characters that can change what a terminal shows beyond their own glyph:
/// C0 and C1 controls (ESC included), DEL, and Unicode bidi embedding/override/isolate controls.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_neutralised() {
        let s = for_terminal("a\x1b[2Jb\x07c\u{9b}31m", false);
        assert!(!s.contains('\x1b') && !s.contains('\x07') && !s.contains('\u{9b}'));
        assert!(s.starts_with('a') && s.contains('b') && s.contains('c'));
    }

    #[test]
    fn bidi_overrides_are_neutralised() {
        let s = for_terminal("invoice\u{202E}fdp.exe", false);
        assert_eq!(s, "invoice\u{FFFD}fdp.exe");
    }

    #[test]
    fn newlines_kept_only_on_request() {
        assert_eq!(for_terminal("a\nb\r\nc\rd", true), "a\nb\nc\nd");
        assert_eq!(for_terminal("a\nb\tc", false), "a b c");
    }

    #[test]
    fn file_names_stay_in_the_directory() {
        assert_eq!(file_name("rapport.pdf").as_deref(), Some("rapport.pdf"));
        assert_eq!(file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            file_name("C:\\Users\\x\\note.docx").as_deref(),
            Some("note.docx")
        );
        assert_eq!(file_name(".bashrc").as_deref(), Some("bashrc"));
        assert_eq!(
            file_name("facture\u{202E}fdp.exe").as_deref(),
            Some("facturefdp.exe")
        );
        assert_eq!(file_name("a\x1b[2Jb?.txt").as_deref(), Some("a[2Jb.txt"));
        assert_eq!(
            file_name("Élection « 2017 ».pdf").as_deref(),
            Some("Élection « 2017 ».pdf")
        );
        for nothing in ["", "..", "/", "dir/", " . ", "\u{202E}"] {
            assert_eq!(file_name(nothing), None, "{nothing:?}");
        }
        let long = format!("{}.pdf", "é".repeat(300));
        let cut = file_name(&long).unwrap();
        assert!(
            cut.len() <= MAX_FILE_NAME && cut.ends_with("é.pdf"),
            "{cut}"
        );
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let t = "Élection présidentielle — 2017 « ok »";
        assert_eq!(for_terminal(t, false), t);
    }

    #[test]
    fn formulas_and_escapes_from_a_dump_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-- urgent"), "'-- urgent");
        assert!(!spreadsheet_safe("red \x1b[31m").contains('\x1b'));
        assert_eq!(spreadsheet_safe("plain"), "plain");
    }
}
