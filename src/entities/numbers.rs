//! Numbers as people write them: a run of digit groups (`+33 (0)6 12 34 56 78`,
//! `4970-1012-3456-7890`, `552 100 554`), read in one pass over the bytes, then taken for a
//! payment card, a SIREN or a phone number when its shape and checksum say so. A run must
//! stand alone (no letter, digit or `/`, `@`, `_` against it) so that ids, paths and
//! decimals are left alone; a run longer than any of these is skipped whole.

use super::{Found, Kind, char_before, luhn, phone};

/// Most digits in a run worth reading: a 19-digit card number, a 15-digit phone number with
/// a trunk `(0)`.
const MAX_DIGITS: usize = 19;
/// Most groups in a run (`+33 (0)6 12 34 56 78` has seven).
const MAX_GROUPS: usize = 8;
/// How far before a run the word SIREN, SIRET or RCS is looked for, in bytes.
const SIREN_CONTEXT: usize = 40;

/// One group of digits: its length and whether it was in parentheses (`(0)`, `(713)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Group {
    /// Digits in it.
    pub len: usize,
    /// Written `(...)`.
    pub paren: bool,
}

/// A run of digit groups, read from the text.
#[derive(Debug, Default)]
pub(super) struct Run {
    /// Byte where it starts (at its `+` or `(` if any).
    pub start: usize,
    /// Byte just after it.
    pub end: usize,
    /// Written with a leading `+`.
    pub plus: bool,
    /// Its digits, in order.
    pub digits: Vec<u8>,
    /// Its groups, in order.
    pub groups: Vec<Group>,
    /// The separator after each group but the last (`None` for `(0)6`).
    pub seps: Vec<Option<char>>,
}

impl Run {
    /// The group lengths, to compare with a shape.
    pub fn lens(&self) -> Vec<usize> {
        self.groups.iter().map(|g| g.len).collect()
    }

    /// Whether no group is in parentheses and every separator is the same one.
    pub fn plain(&self) -> bool {
        !self.groups.iter().any(|g| g.paren) && self.seps.windows(2).all(|w| w[0] == w[1])
    }
}

/// Adds the cards, SIRENs and phone numbers of `text`.
pub(super) fn scan(text: &str, found: &mut Found) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let may_start = |b: &u8| b.is_ascii_digit() || matches!(b, b'+' | b'(');
    while let Some(at) = bytes[i..].iter().position(may_start).map(|p| p + i) {
        let next_digit = bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
        if !(bytes[at].is_ascii_digit() || next_digit) || !stands_alone_before(text, at) {
            i = at + 1;
            continue;
        }
        let (run, end) = read(text, at);
        if let Some(run) = run.filter(|r| stands_alone_after(text, r.end)) {
            classify(text, &run, found);
        }
        i = end.max(at + 1);
    }
}

/// The run starting at `start`, and the byte where reading stopped (past a run too long to be
/// a number, which is skipped whole).
pub(super) fn read(text: &str, start: usize) -> (Option<Run>, usize) {
    let bytes = text.as_bytes();
    let mut run = Run {
        start,
        end: start,
        ..Run::default()
    };
    let mut i = start;
    if bytes[i] == b'+' {
        run.plus = true;
        i += 1;
    }
    let mut too_long = false;
    loop {
        let paren = bytes.get(i) == Some(&b'(');
        let from = i + usize::from(paren);
        let digits = bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let mut after = from + digits;
        if digits == 0 || (paren && bytes.get(after) != Some(&b')')) {
            break;
        }
        after += usize::from(paren);
        too_long |= run.digits.len() + digits > MAX_DIGITS || run.groups.len() >= MAX_GROUPS;
        if !too_long {
            run.digits.extend_from_slice(&bytes[from..from + digits]);
            run.groups.push(Group { len: digits, paren });
        }
        run.end = after;
        let Some((sep, next)) = separator(text, after, paren) else {
            break;
        };
        if !too_long {
            run.seps.push(sep);
        }
        i = next;
    }
    let end = run.end;
    match too_long || run.groups.is_empty() {
        true => (None, end),
        false => (Some(run), end),
    }
}

/// The separator at `at` and where the next group starts, when another group follows: one
/// space, dot, hyphen or no-break space, or nothing right after a `)` (`(0)6`).
fn separator(text: &str, at: usize, after_paren: bool) -> Option<(Option<char>, usize)> {
    let rest = text.get(at..)?;
    let starts_group = |s: &str| {
        let b = s.as_bytes();
        b.first().is_some_and(u8::is_ascii_digit)
            || (b.first() == Some(&b'(') && b.get(1).is_some_and(u8::is_ascii_digit))
    };
    if after_paren && starts_group(rest) {
        return Some((None, at));
    }
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\u{202f}'))?;
    let next = at + sep.len_utf8();
    starts_group(&text[next..]).then_some((Some(sep), next))
}

/// Whether the character before byte `at` lets a number start there.
fn stands_alone_before(text: &str, at: usize) -> bool {
    !char_before(text, at).is_some_and(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                '.' | '-'
                    | '_'
                    | '/'
                    | '+'
                    | '@'
                    | '&'
                    | '='
                    | '%'
                    | '#'
                    | '\\'
                    | '$'
                    | '€'
                    | '£'
                    | ','
            )
    })
}

/// Whether what follows byte `at` lets a number end there: no letter or digit, no `@`, `/`,
/// `_`, `%`, `=`, and no `.`, `,`, `-` or `:` followed by a digit (a decimal, a time).
fn stands_alone_after(text: &str, at: usize) -> bool {
    let mut rest = text[at..].chars();
    match rest.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || matches!(c, '@' | '/' | '_' | '%' | '=' | '+') => false,
        Some('.' | ',' | '-' | ':') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Takes the run for a card, a SIREN or a phone number, in that order.
fn classify(text: &str, run: &Run, found: &mut Found) {
    if let Some(card) = card(run) {
        found.add(Kind::Card, card);
    } else if let Some(siren) = siren(text, run) {
        found.add(Kind::Siren, siren);
    } else if let Some(phone) = phone::from_run(run) {
        found.add(Kind::Phone, phone);
    }
}

/// A payment card number: written whole or in the issuers' groupings, with one separator
/// (space or hyphen), an issuer's prefix and length, and a right Luhn digit; a run holding one
/// digit seven times in a row is a register value, a padded id or a test number
/// (`4000000000000002` in a kernel oops), not an account.
fn card(run: &Run) -> Option<String> {
    let lens = run.lens();
    let shaped = match lens.as_slice() {
        [n] => (13..=19).contains(n),
        [4, 4, 4, 4] | [4, 4, 4, 4, 3] | [4, 6, 5] | [4, 6, 4] => true,
        _ => false,
    };
    let seps_ok = run.seps.iter().all(|s| matches!(s, Some(' ' | '-')));
    let d = &run.digits;
    let repeated = d.windows(7).any(|w| w.iter().all(|&x| x == w[0]));
    (shaped && seps_ok && !run.plus && run.plain() && !repeated && issuer(d) && luhn(d))
        .then(|| String::from_utf8_lossy(d).into_owned())
}

/// Whether a card issuer (Visa, Mastercard, American Express, Discover, JCB, Diners Club,
/// UnionPay) gives numbers of this prefix and length.
fn issuer(d: &[u8]) -> bool {
    let prefix = |k: usize| -> u32 {
        d.iter()
            .take(k)
            .fold(0, |n, &x| n * 10 + u32::from(x - b'0'))
    };
    let n = d.len();
    let long = (16..=19).contains(&n);
    (d[0] == b'4' && matches!(n, 13 | 16 | 19))
        || (((51..=55).contains(&prefix(2)) || (2221..=2720).contains(&prefix(4))) && n == 16)
        || (matches!(prefix(2), 34 | 37) && n == 15)
        || ((prefix(4) == 6011 || prefix(2) == 65 || (644..=649).contains(&prefix(3))) && long)
        || ((3528..=3589).contains(&prefix(4)) && long)
        || ((prefix(2) == 36 || (300..=305).contains(&prefix(3))) && n == 14)
        || (prefix(2) == 62 && long)
}

/// A SIREN (nine digits) or SIRET (fourteen) with a right Luhn digit, written after the word
/// SIREN, SIRET or RCS: nine digits alone pass Luhn one time in ten, so the word is what
/// makes them a company number. The SIREN is kept (a SIRET's first nine digits).
fn siren(text: &str, run: &Run) -> Option<String> {
    let shaped = matches!(run.lens().as_slice(), [9] | [3, 3, 3] | [14] | [3, 3, 3, 5]);
    if !shaped || run.plus || !run.plain() || !luhn(&run.digits) || !luhn(&run.digits[..9]) {
        return None;
    }
    let mut from = run.start.saturating_sub(SIREN_CONTEXT);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text[from..run.start].to_ascii_lowercase();
    ["siren", "siret", "rcs"]
        .iter()
        .any(|w| before.contains(w))
        .then(|| String::from_utf8_lossy(&run.digits[..9]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::super::Entities;

    fn found(text: &str) -> Entities {
        Entities::extract([text])
    }

    #[test]
    fn cards_need_issuer_length_and_luhn() {
        let e = found(
            "carte 4970 1012 3456 7893, amex 3782-822463-10005, mc 5425233430109903; \
             faux 4970 1012 3456 7894, trop court 4970 1012 3456 789, \
             inconnu 9123 4567 8901 2348, mélangé 4970-1012 3456-7893, \
             registre x8 : 4000000000000002 x7 : 0000000000005221",
        );
        assert_eq!(
            e.cards,
            ["4970101234567893", "378282246310005", "5425233430109903"]
        );
    }

    #[test]
    fn sirens_need_the_word_and_luhn() {
        let e = found(
            "SIREN : 552 100 554. N° SIRET 552 100 554 00013. RCS Paris 732 829 320.\n\
             Commande 552100554 du 12 mars. SIREN 552 100 555.",
        );
        assert_eq!(e.sirens, ["552100554", "732829320"]);
    }

    #[test]
    fn ids_paths_decimals_and_long_runs_are_left_alone() {
        let e = found(
            "ref 4111111111111111111111 id=4111111111111111 /tmp/0612345678 \
             x0612345678 3.0612345678 v06 12 34 56 78x",
        );
        assert_eq!(e, Entities::default());
    }
}
