//! RFC 2047 encoded words (`=?charset?Q?text?=`, `=?charset?B?text?=`) in header values,
//! decoded as mail readers decode them.
//!
//! - An encoded word is found wherever it is written: between blanks, directly after another
//!   one (`=?utf-8?q?Re=3A?==?utf-8?q?_=5BPATCH=5D?=`), or inside a word
//!   (`Kl=?utf-8?Q?=c4=93?=tnieks`), as Python's `email.header.decode_header` finds them.
//! - Blanks between two encoded words are dropped (RFC 2047, 6.2); adjacent words in one
//!   charset are decoded together, so that a character split across two words is whole.
//! - The charset is decoded as [`crate::charset::decode`] does (an unknown or empty label falls
//!   back to UTF-8 or windows-1252); an RFC 2231 language suffix (`utf-8*en`) is ignored.
//! - Real mailers also write blanks and 8-bit characters inside a Q word
//!   (`=?iso-8859-1?Q?Probl\u{e8}mes_avec?=`, `=?UTF-8?Q? "Rados=C5=82aw_Grabowski" ?=`): the
//!   word still ends at its first `?=`, and an 8-bit character, already read with the rest of
//!   the header, stands for itself, as Python's `email` reads them.
//! - Anything else that is not an encoded word (a `?=` in plain text, a `?` inside the text, a
//!   blank in the charset, base64 that cannot be decoded) stays as written.

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

/// One encoded word of a value.
struct Word<'a> {
    /// The charset label, language suffix removed.
    charset: &'a str,
    /// What it encodes.
    content: Content,
    /// The word as written, `=?` to `?=`.
    raw: &'a str,
    /// Where the word starts in the value.
    start: usize,
    /// Where it ends (just past its `?=`).
    end: usize,
}

/// What an encoded word encodes: bytes in its charset, or, for a Q word with 8-bit characters
/// written as they are, text already decoded.
enum Content {
    Bytes(Vec<u8>),
    Text(String),
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

/// The text of a run: each stretch of byte words in one charset decoded as one byte string,
/// but for the stateful ISO-2022 charsets, whose words each end in ASCII as RFC 1468 asks
/// (joined, the escape back to ASCII would meet the next word's escape, which WHATWG's decoder
/// reads as an error).
fn decode_run(words: &[Word]) -> String {
    let mut out = String::new();
    let mut held: Option<(&str, Vec<u8>)> = None;
    for word in words {
        if let (Some((charset, bytes)), Content::Bytes(more)) = (&mut held, &word.content)
            && charset.eq_ignore_ascii_case(word.charset)
            && !is_iso_2022(charset)
        {
            bytes.extend_from_slice(more);
            continue;
        }
        if let Some((charset, bytes)) = held.take() {
            out.push_str(&charset::decode(&bytes, charset));
        }
        match &word.content {
            Content::Bytes(bytes) => held = Some((word.charset, bytes.clone())),
            Content::Text(text) => out.push_str(text),
        }
    }
    if let Some((charset, bytes)) = held {
        out.push_str(&charset::decode(&bytes, charset));
    }
    out
}

/// True for the ISO-2022 family (`iso-2022-jp`, `ISO-2022-KR`...).
fn is_iso_2022(charset: &str) -> bool {
    charset
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("iso-2022"))
}

/// The encoded word starting at `start` (which holds `=?`), if there is one.
fn word_at(value: &str, start: usize) -> Option<Word<'_>> {
    let rest = &value[start + 2..];
    let q1 = rest.find('?')?;
    let label = &rest[..q1];
    if !label.bytes().all(is_token_byte) {
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
    let charset = label.split('*').next().unwrap_or(label);
    if text.chars().any(char::is_control) {
        return None;
    }
    let content = match coding {
        b'Q' | b'q' if text.is_ascii() => Content::Bytes(q_decode(text)),
        b'Q' | b'q' => Content::Text(q_decode_mixed(text, charset)),
        b'B' | b'b' => Content::Bytes(b_decode(text)?),
        _ => return None,
    };
    let end = start + 2 + q1 + 3 + close + 2;
    Some(Word {
        charset,
        content,
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

/// A Q text holding 8-bit characters: each stretch of ASCII decoded in `charset`, each other
/// character kept as it is.
fn q_decode_mixed(text: &str, charset: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&charset::decode(&q_decode(&rest[..ascii]), charset));
        let other = rest[ascii..]
            .find(|c: char| c.is_ascii())
            .map_or(rest.len(), |i| ascii + i);
        out.push_str(&rest[ascii..other]);
        rest = &rest[other..];
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
    let data: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let data = data.trim_end_matches('=');
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
    fn iso_2022_jp_words_are_decoded_one_by_one() {
        // "テスト" twice, each word leaving JIS X 0208 for ASCII at its end.
        assert_eq!(
            decode("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?="),
            "テストテスト"
        );
    }

    #[test]
    fn utf7_words() {
        assert_eq!(decode("=?utf-7?Q?Die_Fr+APY-sche?="), "Die Frösche");
    }

    #[test]
    fn what_is_not_an_encoded_word_stays() {
        for text in [
            "what?= is this",
            "=?utf-8?q?no end",
            "=?utf-8?x?unknown_coding?=",
            "=?utf 8?q?a_blank_in_the_charset?=",
            "=?utf-8?q?a?question?=",
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
    fn blanks_8bit_characters_and_no_charset_as_mailers_write_them() {
        assert_eq!(
            decode("Re: =?iso-8859-1?Q?Probl\u{e8}mes_avec_lib_UNIX?="),
            "Re: Problèmes avec lib UNIX"
        );
        assert_eq!(
            decode("=?iso-8859-1?Q?caf\u{e9}_=E0_la?= =?iso-8859-1?Q?_cr=E8me?="),
            "café à la crème"
        );
        assert_eq!(
            decode("=?ISO-8859-1?Q?Ritaline: des vies sont menac=E9es.?="),
            "Ritaline: des vies sont menacées."
        );
        assert_eq!(
            decode("=?UTF-8?Q? \"Rados=C5=82aw_Grabowski\" ?="),
            " \"Radosław Grabowski\" "
        );
        assert_eq!(
            decode("=??Q?Grade=20=93A=94=20Sale?="),
            "Grade “A” Sale",
            "no charset: guessed"
        );
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
