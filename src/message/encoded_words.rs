//! RFC 2047 encoded words (`=?charset?Q?text?=`, `=?charset?B?text?=`) in header values,
//! decoded as mail readers decode them.
//!
//! - An encoded word is found wherever it is written: between blanks, directly after another
//!   one (`=?utf-8?q?Re=3A?==?utf-8?q?_=5BPATCH=5D?=`), or inside a word
//!   (`Kl=?utf-8?Q?=c4=93?=tnieks`), as Python's `email.header.decode_header` finds them.
//! - Blanks between two encoded words are dropped (RFC 2047, 6.2); adjacent words in one
//!   charset are decoded together, so that a character split across two words is whole.
//! - The charset is decoded as [`crate::charset::decode`] does (an unknown label falls back to
//!   UTF-8 or windows-1252); an RFC 2231 language suffix (`utf-8*en`) is ignored.
//! - Anything that is not a well-formed encoded word (a `?=` in plain text, a word with a blank
//!   or a `?` inside, base64 that cannot be decoded) stays as written.

use std::borrow::Cow;

use data_encoding::BASE64_MIME_PERMISSIVE;

use crate::charset;

/// `value` with every encoded word decoded (see the module's doc).
pub fn decode(value: &str) -> String {
    if !value.contains("=?") {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    for piece in runs(value) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Run(words) => out.push_str(&decode_run(&words)),
        }
    }
    out
}

/// `value` with each run of adjacent encoded words that holds a character an address parser
/// reads as structure (`,`, `"`, `<`...) written again as one UTF-8 base64 word of the same
/// text, which holds none: an address list whose display names are encoded words (as some
/// mailers write `=?iso-8859-1?Q?Fabre,_Julien?=`) then parses as its sender meant it, and
/// [`decode`] gives back the same names.
pub fn protect(value: &str) -> Cow<'_, str> {
    if !value.contains("=?") {
        return Cow::Borrowed(value);
    }
    let pieces = runs(value);
    let risky = |words: &[Word]| words.iter().any(|w| w.raw.contains(ADDRESS_SPECIALS));
    if !pieces
        .iter()
        .any(|p| matches!(p, Piece::Run(words) if risky(words)))
    {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 16);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Run(words) if risky(&words) => {
                let text = decode_run(&words);
                out.push_str("=?UTF-8?B?");
                out.push_str(&data_encoding::BASE64.encode(text.as_bytes()));
                out.push_str("?=");
            }
            Piece::Run(words) => {
                let (first, last) = (&words[0], &words[words.len() - 1]);
                out.push_str(&value[first.start..last.end]);
            }
        }
    }
    Cow::Owned(out)
}

/// Characters that give an address list its structure (RFC 5322 specials).
const ADDRESS_SPECIALS: [char; 11] = ['(', ')', '<', '>', '[', ']', ':', ';', '@', ',', '"'];

/// One well-formed encoded word of a value.
struct Word<'a> {
    /// The charset label, language suffix removed.
    charset: &'a str,
    /// The bytes it encodes.
    bytes: Vec<u8>,
    /// The word as written, `=?` to `?=`.
    raw: &'a str,
    /// Where the word starts in the value.
    start: usize,
    /// Where it ends (just past its `?=`).
    end: usize,
}

/// A stretch of a value: plain text, or encoded words separated by nothing but blanks.
enum Piece<'a> {
    Text(&'a str),
    Run(Vec<Word<'a>>),
}

/// The value cut into plain text and runs of adjacent encoded words (the blanks between the
/// words of a run belong to no piece: they are dropped).
fn runs(value: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let (mut text_start, mut search) = (0, 0);
    let mut run: Vec<Word> = Vec::new();
    while let Some(found) = value[search..].find("=?").map(|i| search + i) {
        let Some(word) = word_at(value, found) else {
            search = found + 1;
            continue;
        };
        let gap = &value[text_start..found];
        if !run.is_empty() && !gap.bytes().all(|b| matches!(b, b' ' | b'\t')) {
            pieces.push(Piece::Run(std::mem::take(&mut run)));
        }
        if run.is_empty() && !gap.is_empty() {
            pieces.push(Piece::Text(gap));
        }
        (text_start, search) = (word.end, word.end);
        run.push(word);
    }
    if !run.is_empty() {
        pieces.push(Piece::Run(run));
    }
    if text_start < value.len() {
        pieces.push(Piece::Text(&value[text_start..]));
    }
    pieces
}

/// The text of a run: each stretch of words in one charset decoded as one byte string.
fn decode_run(words: &[Word]) -> String {
    let mut out = String::new();
    let mut k = 0;
    while k < words.len() {
        let charset = words[k].charset;
        let mut bytes = Vec::new();
        while k < words.len() && words[k].charset.eq_ignore_ascii_case(charset) {
            bytes.extend_from_slice(&words[k].bytes);
            k += 1;
        }
        out.push_str(&charset::decode(&bytes, charset));
    }
    out
}

/// The well-formed encoded word starting at `start` (which holds `=?`), if there is one.
fn word_at(value: &str, start: usize) -> Option<Word<'_>> {
    let rest = &value[start + 2..];
    let q1 = rest.find('?')?;
    let label = &rest[..q1];
    if label.is_empty() || !label.bytes().all(is_token_byte) {
        return None;
    }
    let after = &rest[q1 + 1..];
    let (coding, after) = (after.as_bytes().first()?, after.get(1..)?);
    let text = after.strip_prefix('?')?;
    let close = text.find('?')?;
    if !text[close..].starts_with("?=") {
        return None;
    }
    let text = &text[..close];
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let bytes = match coding {
        b'Q' | b'q' => q_decode(text),
        b'B' | b'b' => b_decode(text)?,
        _ => return None,
    };
    let end = start + 2 + q1 + 3 + close + 2;
    Some(Word {
        charset: label.split('*').next().unwrap_or(label),
        bytes,
        raw: &value[start..end],
        start,
        end,
    })
}

/// A byte of an RFC 2045 token (a charset name): printable ASCII but no tspecial.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b)
}

/// The Q encoding: `_` is a space, `=XX` a byte in hex; anything else (a `=` not followed by
/// two hex digits included) stands for itself.
fn q_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        let hex = match bytes.get(k + 1..k + 3) {
            Some(&[high, low]) => hex_digit(high).zip(hex_digit(low)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match (bytes[k], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                k += 3;
            }
            (b'_', _) => {
                out.push(b' ');
                k += 1;
            }
            (b, _) => {
                out.push(b);
                k += 1;
            }
        }
    }
    out
}

/// The value of one hexadecimal digit, either case.
fn hex_digit(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The B encoding (base64), padding optional and stray bits ignored; `None` when the text is
/// not base64.
fn b_decode(text: &str) -> Option<Vec<u8>> {
    let data = text.trim_end_matches('=');
    if data.len() % 4 == 1 {
        return None;
    }
    let padded = format!("{data}{}", &"=="[..(4 - data.len() % 4) % 4]);
    BASE64_MIME_PERMISSIVE.decode(padded.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_words_with_nothing_between_them() {
        let subject = "=?utf-8?q?Re=3A?==?utf-8?q?_=5BPATCH=5D?==?utf-8?q?_usb=3A?= \
            =?utf-8?q?_core=3A?= fix =?utf-8?q?quirks=5Fparam=5Fset=28=29?= writing to";
        assert_eq!(
            decode(subject),
            "Re: [PATCH] usb: core: fix quirks_param_set() writing to"
        );
    }

    #[test]
    fn a_word_inside_a_word() {
        assert_eq!(
            decode("Valdis Kl=?utf-8?Q?=c4=93?=tnieks"),
            "Valdis Klētnieks"
        );
    }

    #[test]
    fn b_and_q_in_either_case() {
        assert_eq!(decode("=?UTF-8?B?UsOpdW5pb24=?="), "Réunion");
        assert_eq!(
            decode("=?utf-8?b?UsOpdW5pb24?="),
            "Réunion",
            "padding left out"
        );
        assert_eq!(decode("=?UTF-8?Q?R=C3=A9union?="), "Réunion");
        assert_eq!(
            decode("=?utf-8?q?r=c3=a9union_du_lundi?="),
            "réunion du lundi"
        );
    }

    #[test]
    fn blanks_between_words_go_blanks_beside_text_stay() {
        assert_eq!(decode("=?utf-8?q?a?=   \t =?utf-8?q?b?="), "ab");
        assert_eq!(decode("x =?utf-8?q?a?= y"), "x a y");
        assert_eq!(
            decode("=?utf-8?q?a_?= =?utf-8?q?_b?="),
            "a  b",
            "encoded blanks stay"
        );
    }

    #[test]
    fn legacy_charsets() {
        assert_eq!(decode("=?iso-8859-1?Q?=E9lection?="), "élection");
        assert_eq!(decode("=?windows-1252?Q?l=92=9cuvre_=80?="), "l’œuvre €");
        assert_eq!(decode("=?koi8-r?B?8NLJ18XU?="), "Привет");
        assert_eq!(decode("=?ISO-8859-15?q?=A4?="), "€");
    }

    #[test]
    fn unknown_charsets_fall_back_as_elsewhere() {
        assert_eq!(decode("=?x-unknown?Q?caf=E9?="), "café");
        assert_eq!(decode("=?x-unknown?Q?caf=C3=A9?="), "café");
        assert_eq!(
            decode("=?utf-8*fr?Q?caf=C3=A9?="),
            "café",
            "RFC 2231 language"
        );
    }

    #[test]
    fn a_character_split_across_two_words_is_whole() {
        // "é" is C3 A9: one byte in each word.
        assert_eq!(decode("=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9?="), "café");
        assert_eq!(decode("=?UTF-8?B?w6nD?= =?utf-8?B?qQ==?="), "éé");
        // Different charsets are decoded one by one.
        assert_eq!(decode("=?iso-8859-1?Q?=E9?= =?utf-8?Q?=C3=A9?="), "éé");
    }

    #[test]
    fn what_is_not_an_encoded_word_stays() {
        for text in [
            "what?= is this",
            "=?utf-8?q?no end",
            "=?utf-8?x?unknown_coding?=",
            "=?utf-8?q?a blank?=",
            "=??q?no_charset?=",
            "=?utf-8?b?A?=",
            "1+1=?2 ?= is odd",
            "",
        ] {
            assert_eq!(decode(text), text);
        }
        assert_eq!(
            decode("=?=?utf-8?q?x?="),
            "=?x",
            "a false start, then a word"
        );
        assert_eq!(decode("=?utf-8?q?a?=?="), "a?=");
        assert_eq!(decode("=?utf-8?q?a=?="), "a=", "a lone = stands for itself");
    }

    #[test]
    fn protect_rewrites_only_words_with_address_specials() {
        let list = "=?iso-8859-1?Q?Fabre,_Julien?= <j@x.example>, =?utf-8?q?Ana?= <a@x.example>";
        let protected = protect(list);
        assert_eq!(
            protected,
            "=?UTF-8?B?RmFicmUsIEp1bGllbg==?= <j@x.example>, =?utf-8?q?Ana?= <a@x.example>"
        );
        assert_eq!(decode(&protected), decode(list));
        assert!(matches!(protect("Ana <a@x.example>"), Cow::Borrowed(_)));
        let split = "=?utf-8?q?caf=C3?= =?utf-8?q?=A9,?= <c@x.example>";
        assert_eq!(decode(&protect(split)), "café, <c@x.example>");
    }
}
