//! Phone numbers to E.164 (`+33612345678`), where the writing tells the country:
//!
//! - international: `+CC ...` or `00CC ...` (the `00` written together), a trunk `(0)` dropped, the country code one of
//!   the ITU's (a prefix code: `1`, `7`, the two-digit codes, the three-digit zones), 8 to 15
//!   digits in all; French and North American numbers are checked as below;
//! - French: ten digits starting `0` then 1 to 9, written whole or in five pairs
//!   (`06 12 34 56 78`, `01.23.45.67.89`, `0612345678`), or `0 800 123 456`;
//! - North American: `(713) 853-1234`, `713-853-1234`, `713.853.1234`, `1-800-555-1234` (area
//!   code and exchange starting 2 to 9; ten digits run together, or in groups separated by
//!   spaces only, are too often something else).
//!
//! Dates (`12.03.2017`, `2017-03-12`), prices and ids have none of these shapes. The crate
//! `phonenumber` (libphonenumber's metadata) would tell valid ranges country by country, but it
//! parses a number it is given rather than finding numbers in text, and weighs 13 MB: this
//! checks the country code and length, and French and North American numbers in full.

use super::numbers::{self, Run};

/// Two-digit country codes (every other code starting with one of these digits has three).
const TWO_DIGIT_CODES: [u8; 44] = [
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];
/// First two digits of the three-digit country codes.
const THREE_DIGIT_ZONES: [u8; 23] = [
    21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 85, 87, 88, 96, 97, 99,
];

/// The phone number a run of digits is, in E.164 form.
pub(super) fn from_run(run: &Run) -> Option<String> {
    let d = &run.digits;
    if run.plus {
        return international(&without_trunk_zero(run));
    }
    if d.starts_with(b"00") && run.groups[0].len >= 2 {
        let grouped = run.groups.len() >= 2;
        let rest = without_trunk_zero(run);
        let rest = rest.get(2..)?;
        return international(rest).filter(|_| grouped || rest.starts_with(b"33"));
    }
    french(run).or_else(|| north_american(run))
}

/// The digits of an international run without a `(0)` group (`+33 (0)6...`).
fn without_trunk_zero(run: &Run) -> Vec<u8> {
    let mut out = Vec::with_capacity(run.digits.len());
    let mut at = 0;
    for g in &run.groups {
        let digits = &run.digits[at..at + g.len];
        if !(g.paren && digits == b"0") {
            out.extend_from_slice(digits);
        }
        at += g.len;
    }
    out
}

/// `+` and `d` (country code first) when the code exists and the length fits.
fn international(d: &[u8]) -> Option<String> {
    if !(8..=15).contains(&d.len()) || d[0] == b'0' {
        return None;
    }
    let code = country_code_len(d)?;
    let (cc, national) = d.split_at(code);
    let national = match cc {
        b"33" => french_national(national.strip_prefix(b"0").unwrap_or(national))?,
        b"1" => north_american_national(national)?,
        _ if national.first() == Some(&b'0') || national.len() < 6 => return None,
        _ => national,
    };
    Some(format!(
        "+{}{}",
        String::from_utf8_lossy(cc),
        String::from_utf8_lossy(national)
    ))
}

/// How many digits of `d` are its country code.
fn country_code_len(d: &[u8]) -> Option<usize> {
    if matches!(d[0], b'1' | b'7') {
        return Some(1);
    }
    let two = (d[0] - b'0') * 10 + (d.get(1)? - b'0');
    match () {
        _ if TWO_DIGIT_CODES.contains(&two) => Some(2),
        _ if THREE_DIGIT_ZONES.contains(&two) => Some(3),
        _ => None,
    }
}

/// A French number's nine digits after the country code or the leading `0`.
fn french_national(n: &[u8]) -> Option<&[u8]> {
    (n.len() == 9 && n[0] != b'0').then_some(n)
}

/// A French number written nationally.
fn french(run: &Run) -> Option<String> {
    let shaped = matches!(run.lens().as_slice(), [10] | [2, 2, 2, 2, 2] | [1, 3, 3, 3]);
    let d = &run.digits;
    if !shaped || !run.plain() || d[0] != b'0' {
        return None;
    }
    french_national(&d[1..]).map(|n| format!("+33{}", String::from_utf8_lossy(n)))
}

/// A North American number's ten digits: area code and exchange start with 2 to 9, and the
/// area code is no `N11` service code.
fn north_american_national(n: &[u8]) -> Option<&[u8]> {
    let ok = n.len() == 10
        && (b'2'..=b'9').contains(&n[0])
        && (b'2'..=b'9').contains(&n[3])
        && &n[1..3] != b"11";
    ok.then_some(n)
}

/// A North American number written nationally, in groups.
fn north_american(run: &Run) -> Option<String> {
    let lens = run.lens();
    let parens: Vec<bool> = run.groups.iter().map(|g| g.paren).collect();
    let d = &run.digits;
    let national = match (lens.as_slice(), parens.as_slice()) {
        ([3, 3, 4], [_, false, false]) => &d[..],
        ([1, 3, 3, 4], [false, _, false, false]) if d[0] == b'1' => &d[1..],
        _ => return None,
    };
    let spaced_only = !parens.contains(&true) && run.seps.iter().all(|s| *s == Some(' '));
    if spaced_only {
        return None;
    }
    north_american_national(national).map(|n| format!("+1{}", String::from_utf8_lossy(n)))
}

/// A query's phone number as the index holds it: the number read as text is read, else (a
/// prefix, `phone:+3361*`) `+` and digits, a French `0` or an international `00` turned into
/// `+33` or `+`.
pub(super) fn normalise_query(value: &str) -> String {
    let value = value.trim();
    let starts = value
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'('));
    if starts
        && let (Some(run), _) = numbers::read(value, 0)
        && run.end == value.len()
        && let Some(e164) = from_run(&run)
    {
        return e164;
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    match () {
        _ if value.starts_with('+') => format!("+{digits}"),
        _ if digits.starts_with("00") => format!("+{}", &digits[2..]),
        _ if digits.starts_with('0') => format!("+33{}", &digits[1..]),
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Entities;
    use super::normalise_query;

    fn phones(text: &str) -> Vec<String> {
        Entities::extract([text]).phones
    }

    #[test]
    fn french_formats_first() {
        let got = phones(
            "Tél. 06 12 34 56 78 ; bureau 01.23.45.67.89, fax 01-23-45-67-90, \
             portable 0712345678, +33 6 12 34 56 79, +33 (0)1 40 20 50 50, 0033 1 42 76 40 40, \
             0033142764041, numéro vert 0 800 123 456.",
        );
        assert_eq!(
            got,
            [
                "+33612345678",
                "+33123456789",
                "+33123456790",
                "+33712345678",
                "+33612345679",
                "+33140205050",
                "+33142764040",
                "+33142764041",
                "+33800123456"
            ]
        );
    }

    #[test]
    fn north_american_and_other_countries() {
        let got = phones(
            "Call (713) 853-1234 or 713-853-5678, 1-800-555-0199, 713.853.4321, \
             +1 (713) 853-0000, +44 20 7946 0958, +49 30 1234567.",
        );
        assert_eq!(
            got,
            [
                "+17138531234",
                "+17138535678",
                "+18005550199",
                "+17138534321",
                "+17138530000",
                "+442079460958",
                "+49301234567"
            ]
        );
    }

    #[test]
    fn dates_ids_and_near_misses_are_not_phones() {
        let got = phones(
            "le 12.03.2017 à 10:45, le 2017-03-12, le 12/03/2017, 12 03 2017, \
             facture 0612345678901, ref 00000000000, 06 12 34 56, 06.12 34.56.78, \
             713 853 1234, 7138531234, (123) 456-7890, 911-555-1234, +89 1234 5678, \
             +33 0 12, version 1.2.3.4, 192.168.10.1, 00 12 34 56 78, \
             lowmem_reserve[]: 0 0 30349 30349",
        );
        assert_eq!(got, Vec::<String>::new());
    }

    #[test]
    fn queries_take_any_writing() {
        assert_eq!(normalise_query("06 12 34 56 78"), "+33612345678");
        assert_eq!(normalise_query("+33612345678"), "+33612345678");
        assert_eq!(normalise_query("(713) 853-1234"), "+17138531234");
        assert_eq!(normalise_query("+3361"), "+3361");
        assert_eq!(normalise_query("0612"), "+33612");
        assert_eq!(normalise_query("0044207"), "+44207");
    }
}
