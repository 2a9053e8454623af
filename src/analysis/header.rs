//! Header values as `header:` terms.
//!
//! Words become `name:word` terms (`x-mailer:outlook`). Encoded data does not: signatures
//! (DKIM, ARC), anti-spam reports, base64 and hex runs and long ids are nearly all unique, and
//! one term each made up half of a real mailing list's index. Such a piece is
//! [`Encoded`]: the index keeps only a fingerprint of it (a marker and its first three
//! characters), shared by every header, plus a `name:` term saying the header holds encoded
//! data. A query for it looks up the fingerprint and rechecks the few documents found against
//! their source ([`Encoded::found_in`]), so it finds exactly what a term would have found.
//!
//! Indexing and queries cut values with the same [`pieces`], so they agree on what is encoded.

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// First character of a fingerprint term; never the first of a header name.
pub const FINGERPRINT_MARK: char = '\u{1}';

/// Characters of an encoded piece its fingerprint keeps.
const FINGERPRINT_CHARS: usize = 3;

/// A run of encoded data is this long at least, and mixes letters and digits.
const RUN_MIN: usize = 16;

/// A run of base64 this long is a folded line of a blob: the short base64 piece on the next
/// line continues it (the tail of a folded signature).
const LINE_MIN: usize = 40;

/// A piece of a header value that is encoded data rather than words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encoded {
    /// A blank-separated run of base64 or hex, lower-cased, without its `tag=` (the `b=` of a
    /// DKIM signature is its own word): the value `b=AbC…` holds the run `abc…`.
    Run(String),
    /// A word that reads like an id or a hash: 20 characters or more, 8 or more mixing
    /// letters and digits, or 10 digits or more (`4vkxyz2abcdq3`, `1711086921`).
    Word(String),
}

/// One piece of a header value, as [`pieces`] hands them out.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A folded word, indexed as `name:word`.
    Word(&'a str),
    /// Encoded data, indexed by fingerprint only.
    Encoded(Encoded),
}

impl Encoded {
    /// The text of the piece, folded to lower case.
    pub fn text(&self) -> &str {
        match self {
            Encoded::Run(text) | Encoded::Word(text) => text,
        }
    }

    /// The fingerprint term's text: the marker and the first characters of the piece.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(self.text())
    }

    /// Whether a header value holds this piece: the same word, or runs of the value that,
    /// joined in order (a blob folded over lines), read the same. With `prefix`, the value's
    /// piece need only start with this one.
    pub fn found_in(&self, value: &str, analyzer: &mut TextAnalyzer, prefix: bool) -> bool {
        self.found_among(&encoded_pieces(value, analyzer), prefix)
    }

    /// [`Encoded::found_in`] for a value already cut by [`encoded_pieces`].
    pub fn found_among(&self, held: &[Encoded], prefix: bool) -> bool {
        let wanted = self.text();
        let fits = |text: &str| {
            if prefix {
                text.starts_with(wanted)
            } else {
                text == wanted
            }
        };
        match self {
            Encoded::Word(_) => held
                .iter()
                .any(|e| (prefix || matches!(e, Encoded::Word(_))) && fits(e.text())),
            Encoded::Run(_) => (0..held.len()).any(|start| runs_from(&held[start..], &fits)),
        }
    }
}

/// The encoded pieces of a header value, in order.
pub fn encoded_pieces(value: &str, analyzer: &mut TextAnalyzer) -> Vec<Encoded> {
    let mut held = Vec::new();
    pieces(value, analyzer, &mut |piece| {
        if let Piece::Encoded(e) = piece {
            held.push(e);
        }
    });
    held
}

/// Whether the runs of `held` joined from its first one on read as `fits` wants; the join stops
/// at the first piece that is not a run.
fn runs_from(held: &[Encoded], fits: &dyn Fn(&str) -> bool) -> bool {
    let mut joined = String::new();
    for piece in held {
        let Encoded::Run(run) = piece else {
            return false;
        };
        joined.push_str(run);
        if fits(&joined) {
            return true;
        }
    }
    false
}

/// The fingerprint term's text for a folded piece, or for the start of one (a prefix).
pub fn fingerprint_of(text: &str) -> String {
    let mut out = String::with_capacity(1 + FINGERPRINT_CHARS * 4);
    out.push(FINGERPRINT_MARK);
    out.extend(text.chars().take(FINGERPRINT_CHARS));
    out
}

/// Whether a folded prefix is long enough to name one fingerprint, rather than a range of them.
pub fn names_one_fingerprint(prefix: &str) -> bool {
    prefix.chars().nth(FINGERPRINT_CHARS - 1).is_some()
}

/// Cuts a header value into its pieces, in order: blank-separated chunks that are runs of
/// encoded data whole, everything else into words by `analyzer` (the folding analyzer), a word
/// that reads like an id or a hash as [`Encoded::Word`].
pub fn pieces(value: &str, analyzer: &mut TextAnalyzer, each: &mut dyn FnMut(Piece<'_>)) {
    let mut base64_line = false;
    for chunk in value.split_whitespace() {
        let (tag, core) = split_tag(chunk);
        let continues = tag.is_none() && base64_line && is_base64(core);
        if !core.is_empty() && (continues || is_run(core)) {
            if let Some(tag) = tag {
                words(tag, analyzer, each);
            }
            base64_line = core.len() >= LINE_MIN && is_base64(core);
            each(Piece::Encoded(Encoded::Run(core.to_ascii_lowercase())));
        } else {
            base64_line = false;
            words(chunk, analyzer, each);
        }
    }
}

/// The words of `text`, an id- or hash-like one as encoded.
fn words(text: &str, analyzer: &mut TextAnalyzer, each: &mut dyn FnMut(Piece<'_>)) {
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let word = stream.token().text.as_str();
        if looks_encoded(word) {
            each(Piece::Encoded(Encoded::Word(word.to_owned())));
        } else {
            each(Piece::Word(word));
        }
    }
}

/// A chunk without its quoting and trailing separators, split into its `tag=` (when it has
/// one followed by a value) and the rest.
fn split_tag(chunk: &str) -> (Option<&str>, &str) {
    let core = chunk
        .trim_start_matches(['<', '(', '"', '\'', '['])
        .trim_end_matches([';', ',', '>', ')', '"', '\'', ']']);
    let Some(eq) = core.find('=') else {
        return (None, core);
    };
    let (tag, rest) = (&core[..eq], &core[eq + 1..]);
    let tag_shaped = (1..=20).contains(&tag.len())
        && tag.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if tag_shaped && !rest.is_empty() && !rest.starts_with('=') {
        (Some(&core[..=eq]), rest)
    } else {
        (None, core)
    }
}

/// Base64 or hex of [`RUN_MIN`] characters or more holding an id-like word: 8 characters or
/// more mixing letters and digits between its `+`, `/` or `-` (`-` for base64url and GUIDs),
/// `=` only as padding at its end. Host names (dots), X.500 addresses (`/o=ENRON/ou=NA/…`)
/// and cipher names (`ECDHE-RSA-AES256-GCM-SHA384`, no id-like word) stay words.
fn is_run(core: &str) -> bool {
    let body = core.trim_end_matches('=');
    core.len() >= RUN_MIN
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-'))
        && body
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| part.len() >= 8 && looks_encoded(part))
}

/// Base64 proper: letters, digits, `+` and `/`, then at most two `=` of padding.
fn is_base64(core: &str) -> bool {
    let body = core.trim_end_matches('=');
    core.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
}

/// A folded word that reads like an id or a hash rather than language.
pub fn looks_encoded(word: &str) -> bool {
    let chars = word.chars().count();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    chars >= 20 || (chars >= 8 && digits > 0 && digits < chars) || (chars >= 10 && digits == chars)
}

/// The `header` field's text for the headers without a field of their own: `name:word` for
/// each word, then for each header holding encoded data a `name:` term and its pieces'
/// fingerprints, separated by spaces. A term repeated is left repeated: the writer's lookup of
/// a term it has just seen costs less than sorting the terms to drop it.
pub fn header_words(headers: &[(String, String)]) -> String {
    let mut analyzer = super::folded_analyzer();
    let mut out = String::new();
    for (name, value) in headers {
        let mut encoded = false;
        pieces(value, &mut analyzer, &mut |piece| match piece {
            Piece::Word(word) => {
                out.push_str(name);
                out.push(':');
                out.push_str(word);
                out.push(' ');
            }
            Piece::Encoded(e) => {
                encoded = true;
                out.push_str(&e.fingerprint());
                out.push(' ');
            }
        });
        if encoded {
            out.push_str(name);
            out.push_str(": ");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::folded_analyzer;

    fn cut(value: &str) -> Vec<String> {
        let mut out = Vec::new();
        pieces(value, &mut folded_analyzer(), &mut |p| {
            out.push(match p {
                Piece::Word(w) => w.to_owned(),
                Piece::Encoded(Encoded::Run(r)) => format!("RUN {r}"),
                Piece::Encoded(Encoded::Word(w)) => format!("ID {w}"),
            })
        });
        out
    }

    const DKIM: &str = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=kernel.org;\n\t\
        s=k20201202; t=1711086921; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\n\t\
        h=From:To:Subject; b=AzEeeIYQCHNeyPBc0w9fyw+2uLibyXio5JexgYsLJ+/gKwWSxvZdiZ4zygSQgegScw6c\n\t \
        Z/s7RUM2pP4FhGSEoW2pS8JxXm+laYcRuwOuZyoshc+LCjXIcGeoyebQXkwaR0hOZ4mV\n\t 9n1Q==";

    #[test]
    fn a_signature_keeps_its_words_and_hides_its_data() {
        assert_eq!(
            cut(DKIM),
            [
                "v",
                "1",
                "a",
                "rsa",
                "sha256",
                "c",
                "relaxed",
                "relaxed",
                "d",
                "kernel",
                "org",
                "s",
                "ID k20201202",
                "t",
                "ID 1711086921",
                "bh",
                "RUN 47deqpj8hbsa+/timw+5jceuqerkm5nmpjwzg3hsufu=",
                "h",
                "from",
                "to",
                "subject",
                "b",
                "RUN azeeeiyqchneypbc0w9fyw+2ulibyxio5jexgyslj+/gkwwsxvzdiz4zygsqgegscw6c",
                "RUN z/s7rum2pp4fhgseow2ps8jxxm+laycruwouzyoshc+lcjxicgeoyebqxkwar0hoz4mv",
                "RUN 9n1q==",
            ]
        );
    }

    #[test]
    fn hosts_addresses_and_dates_stay_words() {
        assert_eq!(
            cut(
                "from mail-pl1-f170.google.com ([209.85.214.170]) by smtp.kernel.org \
                 with ESMTPS for <linux-pm@vger.kernel.org>; Tue, 2 May 2017 14:22:01 +0200"
            ),
            [
                "from", "mail", "pl1", "f170", "google", "com", "209", "85", "214", "170", "by",
                "smtp", "kernel", "org", "with", "esmtps", "for", "linux", "pm", "vger", "kernel",
                "org", "tue", "2", "may", "2017", "14", "22", "01", "0200"
            ]
        );
        assert_eq!(
            cut("Microsoft Outlook 16.0 TLS_AES_256_GCM_SHA384 ECDHE-RSA-AES256-GCM-SHA384"),
            [
                "microsoft",
                "outlook",
                "16",
                "0",
                "tls",
                "aes",
                "256",
                "gcm",
                "sha384",
                "ecdhe",
                "rsa",
                "aes256",
                "gcm",
                "sha384"
            ]
        );
    }

    #[test]
    fn x500_addresses_and_the_names_after_them_stay_words() {
        let value = "Blachman, Jeremy </o=ENRON/ou=NA/cn=Recipients/cn=Notesaddr/\
                     cn=2b8e9ad6-916a82ce-88256882-628e25>, Burns, Jennifer </o=ENRON/ou=NA>";
        assert_eq!(
            cut(value),
            [
                "blachman",
                "jeremy",
                "o",
                "enron",
                "ou",
                "na",
                "cn",
                "recipients",
                "cn",
                "notesaddr",
                "cn",
                "ID 2b8e9ad6",
                "ID 916a82ce",
                "88256882",
                "628e25",
                "burns",
                "jennifer",
                "o",
                "enron",
                "ou",
                "na"
            ]
        );
        let guid = "x 72f988bf-86f1-41af-91ab-2d7cd011db47 Burns";
        assert_eq!(
            cut(guid),
            ["x", "RUN 72f988bf-86f1-41af-91ab-2d7cd011db47", "burns"]
        );
    }

    #[test]
    fn what_reads_like_an_id_is_encoded() {
        for id in ["4vkxyz2abcdq3", "1711086921", "abcdefghijklmnopqrstu"] {
            assert!(looks_encoded(id), "{id}");
        }
        for word in ["outlook", "sha256", "2017", "0200", "électricité", "linux"] {
            assert!(!looks_encoded(word), "{word}");
        }
    }

    #[test]
    fn words_are_named_and_encoded_pieces_fingerprinted() {
        let headers = [
            (
                "received".to_owned(),
                "from relay.Example by relay id 4VKxyz2abcdQ3".to_owned(),
            ),
            ("x-mailer".to_owned(), "Évolution 3".to_owned()),
        ];
        assert_eq!(
            header_words(&headers),
            "received:from received:relay received:example received:by received:relay \
             received:id \u{1}4vk received: x-mailer:evolution x-mailer:3 "
        );
    }

    #[test]
    fn a_run_is_found_whole_or_joined_over_its_lines_never_by_a_piece() {
        let mut analyzer = folded_analyzer();
        let whole = "AzEeeIYQCHNeyPBc0w9fyw+2uLibyXio5JexgYsLJ+/gKwWSxvZdiZ4zygSQgegScw6c\
                     Z/s7RUM2pP4FhGSEoW2pS8JxXm+laYcRuwOuZyoshc+LCjXIcGeoyebQXkwaR0hOZ4mV9n1Q=="
            .to_ascii_lowercase();
        let run = |t: &str| Encoded::Run(t.to_owned());
        assert!(run(&whole).found_in(DKIM, &mut analyzer, false));
        assert!(
            run("47deqpj8hbsa+/timw+5jceuqerkm5nmpjwzg3hsufu=").found_in(
                DKIM,
                &mut analyzer,
                false
            )
        );
        assert!(run("47deqpj8hbsa+/timw").found_in(DKIM, &mut analyzer, true));
        assert!(!run("47deqpj8hbsa+/timw").found_in(DKIM, &mut analyzer, false));
        assert!(!run("deqpj8hbsa+/timw+5jceuqerkm5nmpjwzg3hsufu=").found_in(
            DKIM,
            &mut analyzer,
            false
        ));
        let id = |t: &str| Encoded::Word(t.to_owned());
        assert!(id("k20201202").found_in(DKIM, &mut analyzer, false));
        assert!(id("k2020").found_in(DKIM, &mut analyzer, true));
        assert!(!id("k2020120").found_in(DKIM, &mut analyzer, false));
    }
}
