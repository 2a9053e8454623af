//! Makes text from a dump safe to print on a terminal.
//!
//! Dump content is hostile: a subject can carry ANSI escape sequences that rewrite the screen,
//! or bidi overrides that make `evil.exe` read as `exe.live`. Every string that came from a dump
//! goes through [`for_terminal`] before it is written to a terminal.

/// Returns `text` with every control character, escape sequence introducer and bidi control
/// replaced by a visible stand-in. Newlines and tabs are kept only when `keep_newlines` is set.
pub fn for_terminal(text: &str, keep_newlines: bool) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' if keep_newlines => c,
            '\n' | '\r' | '\t' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
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
        assert_eq!(for_terminal("a\nb\r\n", true), "a\nb \n");
        assert_eq!(for_terminal("a\nb\tc", false), "a b c");
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let t = "Élection présidentielle — 2017 « ok »";
        assert_eq!(for_terminal(t, false), t);
    }
}
