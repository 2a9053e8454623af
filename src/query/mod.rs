//! The query language: parse text into an AST ([`parse`]), then build a tantivy query
//! ([`build::QueryBuilder`]).
//!
//! Free words are ANDed; `OR`, `AND`, `NOT` (upper case), `-word`, `+word`, parentheses,
//! `"exact phrases"`, `prefix*` and `field:value` (prefixes from [`crate::fields::TABLE`],
//! `field:"a phrase"`, `field:(a OR b)`) are understood. Errors say what is wrong and where.

pub mod build;
pub mod recheck;
pub mod stems;

use crate::error::QueryError;
use crate::fields::{self, FieldDef, FieldKind};

fn error<T>(message: impl Into<String>, column: Option<usize>) -> Result<T, QueryError> {
    Err(QueryError {
        message: message.into(),
        column,
    })
}

/// How a term's text is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The word (or the run of words it tokenizes into); in running text, its other forms too.
    Word,
    /// The word exactly as written, no other forms (`=elections`).
    Exact,
    /// A quoted phrase.
    Phrase,
    /// The words of a phrase within this many moves of each other (`"budget campagne"~3`).
    Near(u32),
    /// Words starting with the text (`elect*`).
    Prefix,
    /// Words within this edit distance, 0 to 2 (`moreau~1`); a transposition counts as one.
    Fuzzy(u8),
    /// Indexed words (lower case, accents removed) that the regular expression matches
    /// whole (`/budg[eé]t.*/`).
    Regex,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// All children must match.
    And(Vec<Node>),
    /// At least one child must match.
    Or(Vec<Node>),
    /// The child must not match.
    Not(Box<Node>),
    /// Text to match, in one field or (when `field` is `None`) in every free-text field.
    Term {
        /// The field named by a prefix, if any.
        field: Option<&'static FieldDef>,
        /// The text as written (quotes and `*` removed).
        text: String,
        /// How to match it.
        how: Match,
    },
    /// A size range in bytes, both ends inclusive; `None` is unbounded.
    SizeRange {
        /// Smallest size.
        min: Option<u64>,
        /// Largest size.
        max: Option<u64>,
    },
    /// A date range, half-open `[start, end)` in UTC seconds; `None` is unbounded.
    DateRange {
        /// Inclusive start.
        start: Option<i64>,
        /// Exclusive end.
        end: Option<i64>,
    },
}

/// The query language, as `trawl help query` prints it: operators with an example each, then
/// the field prefixes from [`fields::help_text`].
pub fn help() -> String {
    const OPERATORS: &[(&str, &str)] = &[
        (
            "budget campagne",
            "both words (words are ANDed; case and accents are ignored)",
        ),
        ("budget OR facture", "either"),
        (
            "budget -facture",
            "the first without the second (also: NOT facture)",
        ),
        ("+budget", "required (the default)"),
        ("(a OR b) c", "grouping"),
        ("\"budget de campagne\"", "exact phrase"),
        ("\"budget campagne\"~3", "both words at most 3 moves apart"),
        ("elect*", "every word starting with elect"),
        ("moreau~1", "words within 1 edit (0 to 2; moreau~ is 2)"),
        (
            "elections",
            "also election, élection... (same French or English stem)",
        ),
        (
            "=elections",
            "this word exactly, no other forms (phrases are exact too)",
        ),
        (
            "/budg[eé]t.*/",
            "indexed words the regular expression matches whole",
        ),
        ("from:(moreau OR fabre)", "a field applied to a group"),
        (
            "date:2017-04..2017-05",
            "dates: YYYY, YYYY-MM or YYYY-MM-DD, either end optional",
        ),
        (
            "size:1M..",
            "sizes in bytes, k, M or G, either end optional",
        ),
    ];
    let mut out = String::from("Query syntax\n\n");
    for (example, meaning) in OPERATORS {
        out.push_str(&format!("  {example:<28}{meaning}\n"));
    }
    out.push_str("\nFields (prefix:value)\n\n");
    out.push_str(&fields::help_text());
    out.push_str(
        "\nOperators are upper case: `or`, `and` and `not` are searched as words (trawl says so on\n\
         stderr). Bare words search sender and recipients, subject, body, attachment names and the\n\
         text of text attachments. `trawl search --explain QUERY` shows how a query is understood.\n",
    );
    out
}

/// The query that searches `text` as one exact phrase in the field of `prefix`
/// (`own:"a phrase"`): its double quotes dropped (a phrase cannot hold one, and the analyzer
/// drops punctuation anyway); `None` when no letter or digit is left.
pub fn exact_phrase_in(prefix: &str, text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(['"', ' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect();
    let any_word = words.iter().any(|w| w.chars().any(char::is_alphanumeric));
    any_word.then(|| format!("{prefix}:\"{}\"", words.join(" ")))
}

/// Parses a query string.
pub fn parse(text: &str) -> Result<Node, QueryError> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return error("empty query", None);
    }
    let mut p = Parser { tokens, pos: 0 };
    let node = p.or(None)?;
    match p.tokens.get(p.pos) {
        Some(t) => error(format!("unexpected {}", t.kind.describe()), Some(t.column)),
        None => Ok(node),
    }
}

/// Notes on words that look like operators but were searched as words: `or`, `and` and `not`
/// written in lower (or mixed) case, outside quotes and field values (`thunderbolt or usb4`
/// searches the word "or"). One note per such word, in query order, for stderr and
/// `--explain`; a malformed query has none (its error says more).
pub fn operator_notes(text: &str) -> Vec<String> {
    let Ok(tokens) = lex(text) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        let Kind::Word(word) = &token.kind else {
            continue;
        };
        let after_field = k > 0 && matches!(tokens[k - 1].kind, Kind::Field(_));
        let advice = match word.to_ascii_lowercase().as_str() {
            "or" => "write OR for either",
            "and" => "write AND for both (words are ANDed anyway)",
            "not" => "write NOT or -word to leave a word out",
            _ => continue,
        };
        if !after_field {
            notes.push(format!("\"{word}\" was searched as a word; {advice}"));
        }
    }
    notes
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Open,
    Close,
    Minus,
    Plus,
    And,
    Or,
    Not,
    /// A field prefix (`from:`), attached to what follows.
    Field(&'static FieldDef),
    /// A quoted phrase and its `~N`, if any.
    Phrase(String, Option<u32>),
    /// `/a regular expression/`.
    Regex(String),
    Word(String),
}

impl Kind {
    fn describe(&self) -> String {
        match self {
            Kind::Open => "'('".into(),
            Kind::Close => "')'".into(),
            Kind::Minus => "'-'".into(),
            Kind::Plus => "'+'".into(),
            Kind::And => "AND".into(),
            Kind::Or => "OR".into(),
            Kind::Not => "NOT".into(),
            Kind::Field(f) => format!("'{}:'", f.prefix.unwrap_or(f.name)),
            Kind::Phrase(p, _) => format!("\"{p}\""),
            Kind::Regex(r) => format!("/{r}/"),
            Kind::Word(w) => format!("'{w}'"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    column: usize,
}

fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let column = i + 1;
        let c = chars[i];
        let next_is_term = chars
            .get(i + 1)
            .is_some_and(|n| !n.is_whitespace() && *n != ')');
        let (kind, len) = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => (Kind::Open, 1),
            ')' => (Kind::Close, 1),
            '-' if next_is_term && starts_term(&tokens) => (Kind::Minus, 1),
            '+' if next_is_term && starts_term(&tokens) => (Kind::Plus, 1),
            '"' => lex_phrase(&chars, i)?,
            '/' if !after_path(&tokens) => lex_regex(&chars, i)?,
            _ if after_header(&tokens) => lex_plain_word(&chars, i),
            _ => lex_word(&chars, i)?,
        };
        tokens.push(Token { kind, column });
        i += len;
    }
    Ok(tokens)
}

/// `-` and `+` are operators only where a term may start (not inside `a-b`, handled by
/// [`lex_word`] anyway, nor after a field prefix).
fn starts_term(tokens: &[Token]) -> bool {
    !matches!(tokens.last().map(|t| &t.kind), Some(Kind::Field(_)))
}

/// `path:/tmp/x` is a path, not a regular expression.
fn after_path(tokens: &[Token]) -> bool {
    matches!(tokens.last().map(|t| &t.kind), Some(Kind::Field(f)) if f.name == "path")
}

/// `header:Received:x` names a header, not a field.
fn after_header(tokens: &[Token]) -> bool {
    matches!(tokens.last().map(|t| &t.kind), Some(Kind::Field(f)) if f.kind == FieldKind::Header)
}

/// A run of characters taken as a word whatever it holds (a header's `Name:value`).
fn lex_plain_word(chars: &[char], start: usize) -> (Kind, usize) {
    let len = chars[start..]
        .iter()
        .position(|&c| c.is_whitespace() || matches!(c, '(' | ')' | '"'))
        .unwrap_or(chars.len() - start);
    (Kind::Word(chars[start..start + len].iter().collect()), len)
}

/// `"a phrase"`, and `~N` right after it for a proximity search.
fn lex_phrase(chars: &[char], start: usize) -> Result<(Kind, usize), QueryError> {
    let Some(len) = chars[start + 1..].iter().position(|&c| c == '"') else {
        return error("unterminated quote", Some(start + 1));
    };
    let text: String = chars[start + 1..start + 1 + len].iter().collect();
    let after = start + len + 2;
    if chars.get(after) != Some(&'~') {
        return Ok((Kind::Phrase(text, None), len + 2));
    }
    let digits: String = chars[after + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    match digits.parse::<u32>() {
        Ok(n) => Ok((Kind::Phrase(text, Some(n)), len + 3 + digits.len())),
        Err(_) => error(
            "'~' after a phrase needs a number of words",
            Some(after + 1),
        ),
    }
}

/// Largest compiled regular expression accepted, in bytes: every word of the fields searched
/// is matched against it, so its size multiplies the cost (fuzzing found huge ones,
/// `fuzz/regressions/query_parse`).
const REGEX_SIZE_LIMIT: usize = 1 << 15;

/// Longest regular expression accepted, in characters, for the same reason.
const REGEX_MAX_CHARS: usize = 100;

/// `/regex/`: up to the next `/` not escaped by a backslash.
fn lex_regex(chars: &[char], start: usize) -> Result<(Kind, usize), QueryError> {
    let mut i = start + 1;
    while i < chars.len() && chars[i] != '/' {
        i += if chars[i] == '\\' { 2 } else { 1 };
    }
    if i >= chars.len() {
        return error(
            "unterminated regular expression (no closing '/')",
            Some(start + 1),
        );
    }
    let pattern: String = chars[start + 1..i].iter().collect();
    if pattern.is_empty() {
        return error("empty regular expression", Some(start + 1));
    }
    if pattern.chars().count() > REGEX_MAX_CHARS {
        return error(
            format!("regular expression longer than {REGEX_MAX_CHARS} characters"),
            Some(start + 1),
        );
    }
    let checked = regex::RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build();
    if let Err(e) = checked {
        let first = e.to_string().lines().last().unwrap_or_default().to_owned();
        return error(format!("bad regular expression: {first}"), Some(start + 1));
    }
    Ok((Kind::Regex(pattern), i + 1 - start))
}

/// A bare run of characters: an operator, a field prefix (letters, or a known prefix with a
/// hyphen such as `attachment-hash:`; `re-election:` stays a word), or a word.
fn lex_word(chars: &[char], start: usize) -> Result<(Kind, usize), QueryError> {
    let (Kind::Word(word), len) = lex_plain_word(chars, start) else {
        return error("a word was expected", Some(start + 1));
    };
    match word.as_str() {
        "AND" => return Ok((Kind::And, len)),
        "OR" => return Ok((Kind::Or, len)),
        "NOT" => return Ok((Kind::Not, len)),
        _ => {}
    }
    if let Some((name, _)) = word.split_once(':')
        && name.contains('-')
        && let Some(def) = fields::by_prefix(&name.to_ascii_lowercase())
    {
        return Ok((Kind::Field(def), name.len() + 1));
    }
    if let Some((name, _)) = word.split_once(':')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic())
    {
        let Some(def) = fields::by_prefix(&name.to_ascii_lowercase()) else {
            return error(
                format!("unknown field '{name}:' (known: {})", fields::prefix_list()),
                Some(start + 1),
            );
        };
        return Ok((Kind::Field(def), name.len() + 1));
    }
    Ok((Kind::Word(word), len))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn column(&self) -> Option<usize> {
        self.tokens.get(self.pos).map(|t| t.column)
    }

    fn or(&mut self, field: Option<&'static FieldDef>) -> Result<Node, QueryError> {
        let mut children = vec![self.and(field)?];
        while self.peek() == Some(&Kind::Or) {
            self.pos += 1;
            children.push(self.and(field)?);
        }
        Ok(if children.len() == 1 {
            children.remove(0)
        } else {
            Node::Or(children)
        })
    }

    fn and(&mut self, field: Option<&'static FieldDef>) -> Result<Node, QueryError> {
        let mut children = Vec::new();
        loop {
            match self.peek() {
                None | Some(Kind::Close | Kind::Or) => break,
                Some(Kind::And) if !children.is_empty() => self.pos += 1,
                _ => children.push(self.unary(field)?),
            }
        }
        match children.len() {
            0 => error("missing search term", self.column()),
            1 => Ok(children.remove(0)),
            _ => Ok(Node::And(children)),
        }
    }

    fn unary(&mut self, field: Option<&'static FieldDef>) -> Result<Node, QueryError> {
        match self.peek() {
            Some(Kind::Not | Kind::Minus) => {
                self.pos += 1;
                Ok(Node::Not(Box::new(self.unary(field)?)))
            }
            Some(Kind::Plus) => {
                self.pos += 1;
                self.unary(field)
            }
            _ => self.atom(field),
        }
    }

    fn atom(&mut self, field: Option<&'static FieldDef>) -> Result<Node, QueryError> {
        let column = self.column();
        let Some(token) = self.tokens.get(self.pos).map(|t| t.kind.clone()) else {
            return error("query ends where a search term was expected", None);
        };
        self.pos += 1;
        match token {
            Kind::Open => {
                let inner = self.or(field)?;
                if self.peek() != Some(&Kind::Close) {
                    return error("missing ')'", column);
                }
                self.pos += 1;
                Ok(inner)
            }
            Kind::Field(def) => self.field_value(def, column),
            Kind::Phrase(text, None) => term(field, text, Match::Phrase, column),
            Kind::Phrase(text, Some(n)) => term(field, text, Match::Near(n), column),
            Kind::Regex(pattern) => term(field, pattern, Match::Regex, column),
            Kind::Word(w) => word(field, w, column),
            other => error(format!("unexpected {}", other.describe()), column),
        }
    }

    /// What follows `field:`: a word, a phrase, or a parenthesised group.
    fn field_value(
        &mut self,
        def: &'static FieldDef,
        column: Option<usize>,
    ) -> Result<Node, QueryError> {
        let name = def.prefix.unwrap_or(def.name);
        match self.peek() {
            Some(Kind::Open | Kind::Phrase(..) | Kind::Regex(_) | Kind::Word(_)) => {
                self.atom(Some(def))
            }
            _ => error(format!("'{name}:' needs a value"), column),
        }
    }
}

/// A bare word: `prefix*`, `fuzzy~N` (`~` alone is `~2`), or the word itself.
fn word(
    field: Option<&'static FieldDef>,
    w: String,
    column: Option<usize>,
) -> Result<Node, QueryError> {
    if let Some(stem) = w.strip_suffix('*').filter(|s| !s.is_empty()) {
        return term(field, stem.to_owned(), Match::Prefix, column);
    }
    if let Some(exact) = w.strip_prefix('=').filter(|s| !s.is_empty()) {
        return term(field, exact.to_owned(), Match::Exact, column);
    }
    let fuzzy = w
        .rsplit_once('~')
        .filter(|(stem, n)| !stem.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    match fuzzy {
        Some((stem, "")) => term(field, stem.to_owned(), Match::Fuzzy(2), column),
        Some((stem, n)) => match n.parse::<u8>() {
            Ok(d @ 0..=2) => term(field, stem.to_owned(), Match::Fuzzy(d), column),
            _ => error(
                format!("'{w}': the edit distance after '~' is 0, 1 or 2"),
                column,
            ),
        },
        None => term(field, w, Match::Word, column),
    }
}

/// A term, or a date range when the field is a date.
fn term(
    field: Option<&'static FieldDef>,
    text: String,
    how: Match,
    column: Option<usize>,
) -> Result<Node, QueryError> {
    match field {
        Some(def) if def.kind == FieldKind::Date => date_range(&text, column),
        Some(def) if def.kind == FieldKind::Size => size_range(&text, column),
        Some(def) if def.kind == FieldKind::Table && !matches!(how, Match::Word | Match::Exact) => {
            error(
                format!("{}: takes one plain value (not '{text}')", def.name),
                column,
            )
        }
        Some(def) if def.name == "has" && !HAS_VALUES.contains(&text.to_lowercase().as_str()) => {
            error(
                format!("has: knows {} (not '{text}')", HAS_VALUES.join(", ")),
                column,
            )
        }
        _ => Ok(Node::Term { field, text, how }),
    }
}

/// The values `has:` accepts.
const HAS_VALUES: [&str; 1] = ["attachment"];

/// `A..B`, `A..` or `..B`, with A and B as bytes or with a unit: `k`, `M`, `G` (binary, with an
/// optional `B`: `10kB`), case-insensitive.
fn size_range(text: &str, column: Option<usize>) -> Result<Node, QueryError> {
    let Some((a, b)) = text.split_once("..") else {
        return error(
            format!("size: needs a range, like size:1M.. or size:..10k (not '{text}')"),
            column,
        );
    };
    let bound = |s: &str| -> Result<Option<u64>, QueryError> {
        if s.is_empty() {
            return Ok(None);
        }
        parse_size(s).map(Some).ok_or_else(|| QueryError {
            message: format!("bad size '{s}' (use bytes, or a number with k, M or G)"),
            column,
        })
    };
    let (min, max) = (bound(a)?, bound(b)?);
    match (min, max) {
        (None, None) => error("size: needs at least one end", column),
        (Some(lo), Some(hi)) if lo > hi => error(
            format!("empty size range '{text}' (start above end)"),
            column,
        ),
        _ => Ok(Node::SizeRange { min, max }),
    }
}

/// `1500`, `10k`, `1M`, `2GB`: binary multiples.
fn parse_size(text: &str) -> Option<u64> {
    let lower = text.to_ascii_lowercase();
    let unit_at = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (digits, unit) = lower.split_at(unit_at);
    let multiple: u64 = match unit.strip_suffix('b').unwrap_or(unit) {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => return None,
    };
    digits.parse::<u64>().ok()?.checked_mul(multiple)
}

/// `A..B`, `A..`, `..B` or `A`, with A and B as YYYY, YYYY-MM or YYYY-MM-DD.
fn date_range(text: &str, column: Option<usize>) -> Result<Node, QueryError> {
    let bound = |s: &str| -> Result<Option<(i64, i64)>, QueryError> {
        if s.is_empty() {
            return Ok(None);
        }
        crate::date::parse_partial(s)
            .map(Some)
            .ok_or_else(|| QueryError {
                message: format!("bad date '{s}' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
                column,
            })
    };
    let (start, end) = match text.split_once("..") {
        Some((a, b)) => (bound(a)?.map(|r| r.0), bound(b)?.map(|r| r.1)),
        None => match bound(text)? {
            Some((a, b)) => (Some(a), Some(b)),
            None => return error("date: needs a value", column),
        },
    };
    if let (Some(s), Some(e)) = (start, end)
        && s >= e
    {
        return error(
            format!("empty date range '{text}' (start after end)"),
            column,
        );
    }
    Ok(Node::DateRange { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Node {
        Node::Term {
            field: None,
            text: text.into(),
            how: Match::Word,
        }
    }

    /// Found by fuzzing `query_parse`: a long regular expression with nested repetitions
    /// under case folding made tantivy's term automaton take 11 s to build. It is refused
    /// for its length.
    #[test]
    fn slow_regex_automaton_long_case_folded_repetition() {
        let input = include_bytes!(
            "../../fuzz/regressions/query_parse/slow-regex-automaton-long-case-folded-repetition"
        );
        let text = String::from_utf8_lossy(input);
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("regular expression longer than"), "{e}");
    }

    #[test]
    fn lower_case_operators_are_words_and_are_noted() {
        assert_eq!(
            parse("thunderbolt or usb4").unwrap(),
            Node::And(vec![word("thunderbolt"), word("or"), word("usb4")])
        );
        assert_eq!(
            operator_notes("thunderbolt or usb4"),
            ["\"or\" was searched as a word; write OR for either"]
        );
        let notes = operator_notes("a And b not c");
        assert_eq!(notes.len(), 2);
        assert!(notes[0].starts_with("\"And\" was searched as a word; write AND"));
        assert!(notes[1].starts_with("\"not\" was searched as a word; write NOT"));
        for quiet in [
            "thunderbolt OR usb4",
            "\"rock or roll\"",
            "subject:or",
            "orange ornot",
            "a -b NOT c",
            "\"unterminated or",
        ] {
            assert!(operator_notes(quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn proximity_fuzzy_and_regex_forms() {
        let term = |text: &str, how| Node::Term {
            field: None,
            text: text.into(),
            how,
        };
        assert_eq!(parse("\"a b\"~4").unwrap(), term("a b", Match::Near(4)));
        assert_eq!(parse("moreau~1").unwrap(), term("moreau", Match::Fuzzy(1)));
        assert_eq!(parse("moreau~").unwrap(), term("moreau", Match::Fuzzy(2)));
        assert_eq!(parse("/b.d/").unwrap(), term("b.d", Match::Regex));
        assert_eq!(parse("/a\\/b/").unwrap(), term("a\\/b", Match::Regex));
        let path = parse("path:/tmp/x").unwrap();
        assert!(
            matches!(
                path,
                Node::Term {
                    how: Match::Word,
                    ..
                }
            ),
            "{path:?}"
        );
        assert!(parse("a~b").is_ok_and(|n| n == term("a~b", Match::Word)));
    }

    #[test]
    fn sizes_take_units_and_open_ends() {
        let range = |min, max| Node::SizeRange { min, max };
        assert_eq!(parse("size:1M..").unwrap(), range(Some(1 << 20), None));
        assert_eq!(parse("size:..10kB").unwrap(), range(None, Some(10 << 10)));
        assert_eq!(
            parse("size:1500..2G").unwrap(),
            range(Some(1500), Some(2 << 30))
        );
        for bad in ["size:1M", "size:..", "size:2M..1M", "size:1Q..", "size:k.."] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn has_knows_its_values() {
        assert!(parse("has:attachment").is_ok() && parse("has:Attachment").is_ok());
        let e = parse("has:attachments").unwrap_err();
        assert!(e.message.contains("has: knows attachment"), "{e}");
    }

    #[test]
    fn words_are_anded() {
        assert_eq!(parse("a b").unwrap(), Node::And(vec![word("a"), word("b")]));
        assert_eq!(parse("a AND b").unwrap(), parse("a b").unwrap());
    }

    #[test]
    fn or_binds_looser_than_and() {
        let n = parse("a b OR c").unwrap();
        assert_eq!(
            n,
            Node::Or(vec![Node::And(vec![word("a"), word("b")]), word("c")])
        );
    }

    #[test]
    fn negation_forms() {
        assert_eq!(
            parse("a -b").unwrap(),
            Node::And(vec![word("a"), Node::Not(Box::new(word("b")))])
        );
        assert_eq!(parse("a NOT b").unwrap(), parse("a -b").unwrap());
        assert_eq!(parse("+a").unwrap(), word("a"));
    }

    #[test]
    fn hyphenated_word_is_not_negation() {
        assert_eq!(parse("e-mail").unwrap(), word("e-mail"));
    }

    #[test]
    fn phrases_prefixes_and_fields() {
        let n = parse("from:moreau subject:\"budget 2017\" elect*").unwrap();
        let Node::And(c) = n else { panic!("not and") };
        assert!(
            matches!(&c[0], Node::Term { field: Some(f), text, how: Match::Word } if f.name == "from" && text == "moreau")
        );
        assert!(
            matches!(&c[1], Node::Term { field: Some(f), how: Match::Phrase, .. } if f.name == "subject")
        );
        assert!(
            matches!(&c[2], Node::Term { field: None, text, how: Match::Prefix } if text == "elect")
        );
    }

    #[test]
    fn field_groups_apply_the_field_inside() {
        let n = parse("from:(moreau OR fabre)").unwrap();
        let Node::Or(c) = n else { panic!("not or") };
        assert!(
            c.iter()
                .all(|t| matches!(t, Node::Term { field: Some(f), .. } if f.name == "from"))
        );
    }

    #[test]
    fn date_ranges() {
        let d = |s: &str| crate::date::parse_partial(s).unwrap();
        assert_eq!(
            parse("date:2017-05..2017-06").unwrap(),
            Node::DateRange {
                start: Some(d("2017-05").0),
                end: Some(d("2017-06").1)
            }
        );
        assert_eq!(
            parse("date:..2016").unwrap(),
            Node::DateRange {
                start: None,
                end: Some(d("2016").1)
            }
        );
        assert_eq!(
            parse("date:2017-05-03").unwrap(),
            Node::DateRange {
                start: Some(d("2017-05-03").0),
                end: Some(d("2017-05-03").1)
            }
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = |q: &str| parse(q).unwrap_err().to_string();
        assert!(e("(a b").contains("missing ')'"));
        assert!(e("a )").contains("unexpected ')'"));
        assert!(e("\"open").contains("unterminated quote"));
        assert!(e("foo:bar").contains("unknown field 'foo:'"));
        assert!(e("date:2017-13").contains("bad date"));
        assert!(e("date:2018..2017").contains("empty date range"));
        assert!(e("").contains("empty query"));
        assert!(e("a OR").contains("missing search term"));
        assert!(e("from:").contains("needs a value"));
    }

    #[test]
    fn non_alphabetic_colon_words_are_text() {
        assert_eq!(parse("12:30").unwrap(), word("12:30"));
    }

    #[test]
    fn an_exact_phrase_in_a_field_keeps_no_quote() {
        let query = exact_phrase_in("own", " le \"vrai\"  texte\n").expect("words");
        assert_eq!(query, "own:\"le vrai texte\"");
        let node = parse(&query).expect("parses");
        assert!(
            matches!(
                node,
                Node::Term {
                    how: Match::Phrase,
                    ..
                }
            ),
            "{node:?}"
        );
        assert_eq!(exact_phrase_in("own", "\" -- \""), None);
    }
}
