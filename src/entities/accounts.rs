//! Bank and tax account numbers that start with a country's letters: IBANs (checked by the
//! `iban_validate` crate: the country's length and BBAN format, and the mod-97 check digits)
//! and French VAT numbers (`FR` + a two-digit key + a SIREN; the key is the SIREN's mod-97
//! remainder, so that a VAT number gives a reliable SIREN).

use iban::Iban;

use super::{Found, Kind, char_before, luhn};

/// Longest IBAN (Saint Lucia's 32, Russia's 33; the standard allows 34).
const MAX_IBAN: usize = 34;
/// Shortest IBAN (Norway's).
const MIN_IBAN: usize = 15;

/// Adds the IBANs and French VAT numbers' SIRENs of `text`. Both start with two letters and,
/// after them or a space, digits: the scan jumps from one run of digits to the next and looks
/// at the bytes before it.
pub(super) fn scan(text: &str, found: &mut Found) {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(digit) = b[i..].iter().position(u8::is_ascii_digit).map(|p| p + i) {
        let digits_end = digit + b[digit..].iter().take_while(|c| c.is_ascii_digit()).count();
        let letters = |at: usize| b[at].is_ascii_alphabetic() && b[at + 1].is_ascii_alphabetic();
        let start = match digit {
            d if d >= 2 && letters(d - 2) => Some(d - 2),
            d if d >= 3 && b[d - 1] == b' ' && letters(d - 3) => Some(d - 3),
            _ => None,
        };
        i = digits_end;
        let Some(start) = start.filter(|&s| stands_alone_before(text, s)) else {
            continue;
        };
        if let Some((iban, end)) = iban_at(text, start) {
            found.add(Kind::Iban, iban);
            i = i.max(end);
        } else if let Some((siren, end)) = vat_at(text, start) {
            found.add(Kind::Siren, siren);
            i = i.max(end);
        }
    }
}

fn stands_alone_before(text: &str, at: usize) -> bool {
    !char_before(text, at).is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The IBAN starting at byte `at` (`FR76 3000 6000 0112 3456 7890 189` or run together) and
/// the byte after it. Its groups are read while they are letters and digits of the case the
/// country code is written in, and the longest reading that ends a group and is a valid IBAN
/// is taken (`FR76... 189 2017` is the IBAN without `2017`).
fn iban_at(text: &str, at: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let upper = b[at].is_ascii_uppercase() && b[at + 1].is_ascii_uppercase();
    let lower = b[at].is_ascii_lowercase() && b[at + 1].is_ascii_lowercase();
    let check_digits = b.get(at + 2..at + 4)?.iter().all(u8::is_ascii_digit);
    if !(upper || lower) || !check_digits {
        return None;
    }
    let same_case = |c: u8| {
        c.is_ascii_digit() || (upper && c.is_ascii_uppercase()) || (lower && c.is_ascii_lowercase())
    };
    let mut chars = String::new();
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut i = at;
    while chars.len() < MAX_IBAN {
        let group = b[i..]
            .iter()
            .take(MAX_IBAN - chars.len() + 1)
            .take_while(|&&c| same_case(c))
            .count();
        if group == 0 {
            break;
        }
        let next = b.get(i + group).copied();
        if next.is_some_and(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        chars.push_str(&text[i..i + group]);
        i += group;
        ends.push((chars.len(), i));
        let another = next == Some(b' ') && b.get(i + 1).is_some_and(|&c| same_case(c));
        if !another {
            break;
        }
        i += 1;
    }
    let electronic = chars.to_ascii_uppercase();
    ends.iter()
        .rev()
        .filter(|(len, _)| (MIN_IBAN..=MAX_IBAN).contains(len))
        .find_map(|&(len, end)| {
            let iban: Iban = electronic[..len].parse().ok()?;
            Some((iban.to_string().replace(' ', ""), end))
        })
}

/// The SIREN inside a French VAT number at byte `at` (`FR40303265045`, `FR 40 303 265 045`)
/// whose key is right, and the byte after it.
fn vat_at(text: &str, at: usize) -> Option<(String, usize)> {
    if !text.get(at..at + 2)?.eq_ignore_ascii_case("fr") {
        return None;
    }
    let b = text.as_bytes();
    let mut digits = Vec::with_capacity(11);
    let mut i = at + 2;
    while i < b.len() && digits.len() <= 11 {
        match b[i] {
            c if c.is_ascii_digit() => digits.push(c),
            b' ' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {}
            _ => break,
        }
        i += 1;
    }
    let ends_alone = !b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
    if digits.len() != 11 || !ends_alone {
        return None;
    }
    let key = u64::from(digits[0] - b'0') * 10 + u64::from(digits[1] - b'0');
    let siren = &digits[2..];
    let number = siren
        .iter()
        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    (key == (12 + 3 * (number % 97)) % 97 && luhn(siren))
        .then(|| (String::from_utf8_lossy(siren).into_owned(), i))
}

#[cfg(test)]
mod tests {
    use super::super::Entities;

    fn found(text: &str) -> Entities {
        Entities::extract([text])
    }

    #[test]
    fn ibans_with_right_check_digits_in_any_writing() {
        let e = found(
            "IBAN : FR76 3000 6000 0112 3456 7890 189 le 2 mars 2017.\n\
             Virement sur DE89370400440532013000, et gb29 nwbk 6016 1331 9268 19.\n\
             Encore FR76 3000 6000 0112 3456 7890 189 2017.",
        );
        assert_eq!(
            e.ibans,
            [
                "FR7630006000011234567890189",
                "DE89370400440532013000",
                "GB29NWBK60161331926819"
            ]
        );
    }

    #[test]
    fn wrong_check_digits_lengths_and_shapes_are_refused() {
        let e = found(
            "FR77 3000 6000 0112 3456 7890 189, DE89370400440532013001, \
             FR76 3000 6000 0112 3456 7890 18, XX76300060000112345678901, \
             FR7630006000011234567890189X, Fr76 3000 6000 0112 3456 7890 189",
        );
        assert_eq!(e.ibans, Vec::<String>::new());
    }

    #[test]
    fn french_vat_numbers_give_their_siren() {
        let e =
            found("TVA intracommunautaire : FR 40 303 265 045 ; FR13542107651 ; FR41303265045.");
        assert_eq!(e.sirens, ["303265045", "542107651"]);
    }
}
