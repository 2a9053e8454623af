//! What one line of an email's text is, read alone: a `>` quote, a signature or separator
//! line, a reply or forward header, an attribution. Each test looks at one line (or a few
//! bytes of it) with plain string operations, never a regular expression, so that
//! splitting a body costs time in proportion to its length.

/// Lines longer than this are never headers, attributions or separators: those are short,
/// and the limit keeps the lower-casing below cheap.
const MAX_MARKER_BYTES: usize = 300;

/// A header's name and the blanks before its colon are at most this long (`Envoyé :`).
const MAX_NAME_CHARS: usize = 16;

/// Names of the header that opens a reply or forward block (`From:`, `De :`, `Von:`).
const FROM_NAMES: &[&str] = &["from", "de", "von", "da"];

/// Names of the other headers of such a block (`Sent:`, `Envoyé :`, `An:`...).
const BLOCK_NAMES: &[&str] = &[
    "sent", "date", "to", "cc", "subject", "envoyé", "envoye", "à", "a", "objet", "gesendet",
    "datum", "an", "betreff", "inviato", "oggetto",
];

/// Words of a separator line that opens an earlier message, once the dashes around them are
/// taken off (`-----Original Message-----`, `-------- Message transféré --------`).
const SEPARATOR_WORDS: &[&str] = &[
    "original message",
    "message d'origine",
    "message original",
    "ursprüngliche nachricht",
    "original-nachricht",
    "forwarded message",
    "forwarded message follows",
    "message transféré",
    "message transfere",
    "weitergeleitete nachricht",
    "mensaje original",
    "mensaje reenviado",
];

/// Lines that open a forwarded message by themselves (Apple Mail, some webmails).
const FORWARD_LINES: &[&str] = &[
    "begin forwarded message:",
    "début du message réexpédié :",
    "début du message réexpédié:",
    "anfang der weitergeleiteten nachricht:",
    "forwarded message:",
    "message transféré :",
];

/// Verbs of an attribution (`... wrote:`, `... a écrit :`, `... schrieb ...:`).
const VERBS: &[&str] = &[
    " wrote",
    " writes",
    " a écrit",
    " a ecrit",
    " écrit",
    " schrieb",
    " escribió",
    " a répondu",
];

/// Openings of an attribution that names no verb (`Quoting X:`, `Selon X :`).
const ATTRIBUTION_OPENINGS: &[&str] = &["quoting ", "selon ", "citation de ", "zitat von "];

/// The first word of a dated attribution (`On ...`, `Le ...`, `Am ...`, `El ...`).
const DATED_OPENINGS: &[&str] = &["on ", "le ", "am ", "el "];

/// Lines that stand for text cut out of a quote.
const ELISIONS: &[&str] = &["[...]", "[..]", "[…]", "[snip]", "<snip>", "[ snip ]"];

/// Words of a mailing list's footer, looked for in the line after a separator.
const FOOTER_WORDS: &[&str] = &[
    "unsubscribe",
    "mailing list",
    "désinscri",
    "desinscri",
    "liste de diffusion",
];

/// The line lower-cased, its blanks (and no-break spaces) trimmed; `None` when it is too
/// long to be a marker.
fn folded(line: &str) -> Option<String> {
    (line.len() <= MAX_MARKER_BYTES).then(|| trim(line).to_lowercase())
}

/// Trims blanks, tabs and no-break spaces at both ends.
fn trim(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
}

/// A `>` line: quoted text, whatever the depth (`> `, `>>`, ` > `).
pub fn is_quote(line: &str) -> bool {
    line.trim_start_matches([' ', '\t']).starts_with('>')
}

/// A blank line (spaces, tabs, no-break spaces only).
pub fn is_blank(line: &str) -> bool {
    trim(line).is_empty()
}

/// The signature delimiter: `-- ` alone on its line (also `--`, as many programs strip
/// the space).
pub fn is_signature(line: &str) -> bool {
    line.trim_end() == "--"
}

/// A line made only of dashes, underscores, equal signs, stars or tildes (at least three).
pub fn is_rule(line: &str) -> bool {
    let t = trim(line);
    t.len() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '*' | '~' | '#'))
}

/// A line that stands for text cut out of a quote (`[...]`, `[snip]`).
pub fn is_elision(line: &str) -> bool {
    ELISIONS.contains(&trim(line))
}

/// A line that opens an earlier message: `-----Original Message-----`, `---------- Forwarded
/// message ---------`, `-------- Message transféré --------`, `----- Forwarded by NAME on
/// DATE -----` (Lotus Notes), `Début du message réexpédié :`, `Begin forwarded message:`.
pub fn is_separator(line: &str) -> bool {
    let Some(folded) = folded(line) else {
        return false;
    };
    if FORWARD_LINES.contains(&folded.as_str()) {
        return true;
    }
    let words = folded.trim_matches(|c: char| matches!(c, '-' | '_' | '=' | '*' | ' '));
    let decorated = words.len() < folded.len();
    decorated && (SEPARATOR_WORDS.contains(&words) || words.starts_with("forwarded by "))
}

/// The name of a header line (`From:`, `De :`, `*Sent:*`), lower-cased, when the line has
/// the shape of one: a known name, blanks, a colon.
pub fn header_name(line: &str) -> Option<String> {
    let t = trim(line).trim_start_matches('*');
    let (colon, _) = t
        .char_indices()
        .take(MAX_NAME_CHARS)
        .find(|&(_, c)| c == ':')?;
    let name = trim(t.get(..colon)?).to_lowercase();
    (FROM_NAMES.contains(&name.as_str()) || BLOCK_NAMES.contains(&name.as_str())).then_some(name)
}

/// Whether `name` (from [`header_name`]) opens a reply or forward block.
pub fn is_from_name(name: &str) -> bool {
    FROM_NAMES.contains(&name)
}

/// Whether `name` (from [`header_name`]) is one of a block's other headers.
pub fn is_block_name(name: &str) -> bool {
    BLOCK_NAMES.contains(&name)
}

/// How sure a line is to be an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// Dated, with a verb and a colon (`On Mon, 3 May 2004, X wrote:`, `Le 12/03/2004, X a
    /// écrit :`, `Am 01.01.2020 um 10:00 schrieb X:`): what follows is quoted even when it
    /// carries no `>` (an HTML reply made text).
    Dated,
    /// Any other shape (`X wrote:`, `Quoting X:`, `From: X`, a dated line cut before its
    /// verb): an attribution only when a `>` line follows.
    Plain,
}

/// Whether the line reads like an attribution, and how surely.
pub fn attribution(line: &str) -> Option<Attribution> {
    let folded = folded(line)?;
    let stem = folded.trim_end_matches([':', ' ', '\u{a0}', '\t']);
    let colon = stem.len() < folded.len() && folded.ends_with(':');
    let verb = VERBS.iter().any(|v| stem.contains(v));
    let dated = DATED_OPENINGS.iter().any(|o| folded.starts_with(o))
        && folded.bytes().any(|b| b.is_ascii_digit());
    if dated && verb && colon {
        return Some(Attribution::Dated);
    }
    let opening = ATTRIBUTION_OPENINGS.iter().any(|o| folded.starts_with(o));
    let from = header_name(line).is_some_and(|n| is_from_name(&n));
    (verb || opening || from).then_some(Attribution::Plain)
}

/// The first line of a dated attribution cut in two (`On Sun, 17 Feb 2002 17:05:02 +0100`
/// above `X wrote:`).
pub fn opens_dated_attribution(line: &str) -> bool {
    folded(line).is_some_and(|f| {
        DATED_OPENINGS.iter().any(|o| f.starts_with(o)) && f.bytes().any(|b| b.is_ascii_digit())
    })
}

/// A line of a mailing list's footer (`To unsubscribe, ...`, `... mailing list`).
pub fn is_footer_text(line: &str) -> bool {
    folded(line).is_some_and(|f| FOOTER_WORDS.iter().any(|w| f.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_at_any_depth_and_indent() {
        for line in ["> a", ">>b", " > c", "\t>d", ">"] {
            assert!(is_quote(line), "{line:?}");
        }
        assert!(!is_quote("a > b"));
    }

    #[test]
    fn signature_delimiter_with_or_without_its_space() {
        assert!(is_signature("-- "));
        assert!(is_signature("--"));
        assert!(!is_signature("-- Xavier"));
        assert!(!is_signature("---"));
    }

    #[test]
    fn separators_in_english_french_and_german() {
        for line in [
            "-----Original Message-----",
            " -----Original Message-----",
            "----- Original Message -----",
            "-----Message d'origine-----",
            "---------- Forwarded message ---------",
            "-------- Message transféré --------",
            "-------- Weitergeleitete Nachricht --------",
            "-----Ursprüngliche Nachricht-----",
            "---------------------- Forwarded by Kirk McDaniel/HOU/EES on 11/27/2001 10:04 AM ---------------------------",
            "----- Forwarded by Denise DeChiaro/NYISO on 08/08/2001 04:11 PM -----",
            "Début du message réexpédié :",
            "Begin forwarded message:",
        ] {
            assert!(is_separator(line), "{line:?}");
        }
        for line in [
            "original message",
            "Please see the forwarded message below.",
            "-----",
            "Forwarded by nobody",
        ] {
            assert!(!is_separator(line), "{line:?}");
        }
    }

    #[test]
    fn header_names_in_three_languages() {
        assert_eq!(header_name("From: \tSmith, John").as_deref(), Some("from"));
        assert_eq!(header_name("De : Jean").as_deref(), Some("de"));
        assert_eq!(header_name("Envoyé : lundi").as_deref(), Some("envoyé"));
        assert_eq!(header_name("À\u{a0}: Marie").as_deref(), Some("à"));
        assert_eq!(header_name("*Sent:* Monday").as_deref(), Some("sent"));
        assert_eq!(header_name("Betreff: Test").as_deref(), Some("betreff"));
        assert_eq!(header_name("Note: this is text"), None);
        assert_eq!(header_name("no colon here"), None);
    }

    #[test]
    fn dated_attributions() {
        for line in [
            "On Wed, Aug 26, 1998 at 04:18:35PM +0200, Vladimir Vyskocil wrote:",
            "Le dimanche 01 mai 2011 à 15:01 +0200, Guillaume Yziquel a écrit :",
            "Le 12/03/2004 10:32, Jean Dupont a écrit\u{a0}:",
            "Am 01.01.2020 um 10:00 schrieb Hans Müller <hans@example.de>:",
            "El 3 de mayo de 2004, Juan escribió:",
        ] {
            assert_eq!(attribution(line), Some(Attribution::Dated), "{line:?}");
        }
    }

    #[test]
    fn plain_attributions() {
        for line in [
            "Pierre Weis wrote:",
            "Frederic Tronel <Frederic.Tronel@inrialpes.fr> writes:",
            "Fabrice Le Fessant a écrit :",
            "Hans schrieb:",
            "Quoting Luc Maranget <luc.maranget@inria.fr>:",
            "From: Patrick Goldbronn - SYSCO <patrick.goldbronn@cea.fr>",
            "On Tue, 7 Jan 2003, Christophe Raffalli wrote",
            "Sven Luther a écrit dans \"Re : [Caml-list] Guards\"",
        ] {
            assert_eq!(attribution(line), Some(Attribution::Plain), "{line:?}");
        }
        for line in [
            "Le module a écrit le fichier :",
            "Voici la conversation :",
            "On the other hand:",
        ] {
            assert_ne!(attribution(line), Some(Attribution::Dated), "{line:?}");
        }
        assert_eq!(attribution("Voici la conversation :"), None);
    }

    #[test]
    fn rules_elisions_and_footers() {
        assert!(is_rule("-------------------"));
        assert!(is_rule("  ________________________________"));
        assert!(!is_rule("--"));
        assert!(!is_rule("- a -"));
        assert!(is_elision(" [...] "));
        assert!(is_footer_text(
            "To unsubscribe, mail caml-list-request@inria.fr Archives: http://caml.inria.fr"
        ));
        assert!(!is_footer_text("Bonjour"));
    }
}
