//! Entities mentioned in a document's text: email addresses, the domains of URLs, phone
//! numbers (E.164), IBANs, payment card numbers and French company numbers (SIREN).
//!
//! Extraction runs once per document at index time, over its subject, body and attachments'
//! text, in linear time: links are found by the `linkify` crate (a scan from `@` and `:`
//! triggers, no regex), numbers by one pass over the bytes ([`numbers`], [`accounts`]). Only
//! what a format or a checksum makes reliable is kept: an IBAN's mod-97 check digits, a
//! card's Luhn digit with its issuer's prefix and length, a SIREN's Luhn digit next to the word
//! SIREN, SIRET or RCS (or inside a French VAT number, whose key is checked), a phone number's
//! country and length. Each kind keeps at most [`MAX_PER_KIND`] distinct values per document.
//!
//! Values are normalised so that one entity is one index term however it was written:
//! addresses and domains lower-cased (a URL's `www.` dropped), phones as `+` and digits,
//! IBANs upper-case without spaces, card numbers and SIRENs as digits. [`query_value`] applies
//! the same normalisation to what a query names.

mod accounts;
mod links;
mod numbers;
mod phone;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// Most distinct values of one kind kept for one document: past it, a document (a mailing
/// list digest, a spreadsheet of contacts) keeps its first ones.
pub const MAX_PER_KIND: usize = 100;

/// The entities found in a document, each kind in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entities {
    /// Email addresses written in the text (not the headers' own), lower-cased.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// Hosts of the URLs in the text, lower-cased, without a leading `www.`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_domains: Vec<String>,
    /// Phone numbers in E.164 form (`+33612345678`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    /// IBANs whose check digits are right, upper-case, no spaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ibans: Vec<String>,
    /// Payment card numbers (issuer prefix, length and Luhn digit right), digits only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<String>,
    /// French company numbers (SIREN, nine digits), from a SIREN, a SIRET or a VAT number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sirens: Vec<String>,
}

/// One kind of entity: the field it is indexed in and counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An email address in the text.
    Mention,
    /// A URL's host.
    UrlDomain,
    /// A phone number.
    Phone,
    /// An IBAN.
    Iban,
    /// A payment card number.
    Card,
    /// A SIREN.
    Siren,
}

impl Kind {
    /// Every kind, in the order [`Entities`] lists them.
    pub const ALL: [Kind; 6] = [
        Kind::Mention,
        Kind::UrlDomain,
        Kind::Phone,
        Kind::Iban,
        Kind::Card,
        Kind::Siren,
    ];
}

impl Entities {
    /// The entities of `texts` (a subject, a body, attachments' text), each kind capped.
    pub fn extract<'a>(texts: impl IntoIterator<Item = &'a str>) -> Entities {
        let mut found = Found::default();
        for text in texts {
            links::scan(text, &mut found);
            numbers::scan(text, &mut found);
            accounts::scan(text, &mut found);
        }
        found.entities
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        Kind::ALL.iter().all(|&k| self.of(k).is_empty())
    }

    /// The values of one kind.
    pub fn of(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Mention => &self.mentions,
            Kind::UrlDomain => &self.url_domains,
            Kind::Phone => &self.phones,
            Kind::Iban => &self.ibans,
            Kind::Card => &self.cards,
            Kind::Siren => &self.sirens,
        }
    }

    fn of_mut(&mut self, kind: Kind) -> &mut Vec<String> {
        match kind {
            Kind::Mention => &mut self.mentions,
            Kind::UrlDomain => &mut self.url_domains,
            Kind::Phone => &mut self.phones,
            Kind::Iban => &mut self.ibans,
            Kind::Card => &mut self.cards,
            Kind::Siren => &mut self.sirens,
        }
    }

    /// Adds `other`'s values that are not here yet, within the cap (an email's own entities
    /// and its attachments').
    pub fn merge(&mut self, other: &Entities) {
        for kind in Kind::ALL {
            let mine = self.of_mut(kind);
            for value in other.of(kind) {
                if mine.len() < MAX_PER_KIND && !mine.contains(value) {
                    mine.push(value.clone());
                }
            }
        }
    }
}

/// The entities gathered so far, with what is already kept.
#[derive(Default)]
struct Found {
    entities: Entities,
    seen: HashSet<(u8, String)>,
}

impl Found {
    /// Keeps `value` unless it is already kept or its kind is full.
    fn add(&mut self, kind: Kind, value: String) {
        let list = self.entities.of_mut(kind);
        if list.len() >= MAX_PER_KIND {
            return;
        }
        if self.seen.insert((kind as u8, value.clone())) {
            list.push(value);
        }
    }
}

/// The parent domains of a URL's host that name a site rather than a top-level domain
/// (`mail.lemonde.fr` → `mail.lemonde.fr`, `lemonde.fr`), so that `url:lemonde.fr` finds
/// links to any of its hosts; an IP address is itself only.
pub fn domain_and_parents(host: &str) -> impl Iterator<Item = &str> {
    let numeric = host
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b':');
    let dots: Vec<usize> = host.match_indices('.').map(|(i, _)| i).collect();
    let parents = match numeric {
        true => 0,
        false => dots.len().saturating_sub(1),
    };
    std::iter::once(host).chain(dots.into_iter().take(parents).map(|i| &host[i + 1..]))
}

/// What a query's `field:value` searches for, normalised as extraction normalises the text
/// (`phone:06.12.34.56.78` → `+33612345678`, `iban:fr76 3000...` → `FR763000...`), for the
/// fields of entities; `None` for other fields.
pub fn query_value(field: &str, value: &str) -> Option<String> {
    let kept = |keep: fn(char) -> bool| value.chars().filter(|&c| keep(c)).collect::<String>();
    Some(match field {
        "mentions" => value.trim().to_lowercase(),
        "url" | "url_domain" => links::host_of_query(value),
        "phone" => phone::normalise_query(value),
        "iban" => kept(|c| c.is_ascii_alphanumeric()).to_ascii_uppercase(),
        "payment_card" => kept(|c| c.is_ascii_digit()),
        "siren" => {
            let digits = kept(|c| c.is_ascii_digit());
            match digits.len() {
                14 => digits[..9].to_owned(),
                _ => digits,
            }
        }
        _ => return None,
    })
}

/// Whether `digits` (ASCII digits only) end in a right Luhn check digit.
fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d - b'0');
            match i % 2 {
                0 => d,
                _ if d * 2 > 9 => d * 2 - 9,
                _ => d * 2,
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The character just before byte `at` of `text`.
fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_known_numbers_and_refuses_one_digit_off() {
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert!(luhn(b"79927398713"));
        assert!(!luhn(b"79927398710"));
        assert!(luhn(b"552100554"), "a real SIREN");
        assert!(!luhn(b"552100555"));
        assert!(!luhn(b""));
    }

    #[test]
    fn parents_stop_before_the_top_level_domain() {
        let got: Vec<&str> = domain_and_parents("a.mail.lemonde.fr").collect();
        assert_eq!(got, ["a.mail.lemonde.fr", "mail.lemonde.fr", "lemonde.fr"]);
        let ip: Vec<&str> = domain_and_parents("192.168.0.1").collect();
        assert_eq!(ip, ["192.168.0.1"]);
        let bare: Vec<&str> = domain_and_parents("example.org").collect();
        assert_eq!(bare, ["example.org"]);
    }

    #[test]
    fn each_kind_is_capped_and_deduplicated() {
        let text: String = (0..MAX_PER_KIND + 20)
            .map(|i| format!("user{i}@example.org user{i}@example.org\n"))
            .collect();
        let found = Entities::extract([text.as_str()]);
        assert_eq!(found.mentions.len(), MAX_PER_KIND);
        assert_eq!(found.mentions[0], "user0@example.org");
        assert_eq!(found.mentions[1], "user1@example.org");
    }

    /// Texts made of the characters the scanners look at, in every order a simple generator
    /// gives: nothing panics, and every value has its kind's form.
    #[test]
    fn scrambled_texts_never_panic_and_give_well_formed_values() {
        const PIECES: [&str; 24] = [
            "0", "6", "4", "1", "9", "+", "(", ")", " ", ".", "-", "@", ":", "/", "FR", "76",
            "www.", "http://", "a", "\u{a0}", "é", "SIRET ", "\n", "00",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            let found = Entities::extract([text.as_str()]);
            for phone in &found.phones {
                let digits = &phone[1..];
                assert!(
                    phone.starts_with('+') && (8..=15).contains(&digits.len()),
                    "{phone} in {text:?}"
                );
                assert!(
                    digits.bytes().all(|b| b.is_ascii_digit()),
                    "{phone} in {text:?}"
                );
            }
            for value in found.cards.iter().chain(&found.sirens) {
                assert!(luhn(value.as_bytes()), "{value} in {text:?}");
            }
        }
    }

    #[test]
    fn merging_keeps_order_and_drops_repeats() {
        let mut a = Entities::extract(["write to a@x.example or call 06 12 34 56 78"]);
        let b = Entities::extract(["b@x.example, a@x.example"]);
        a.merge(&b);
        assert_eq!(a.mentions, ["a@x.example", "b@x.example"]);
        assert_eq!(a.phones, ["+33612345678"]);
    }

    #[test]
    fn queries_are_normalised_like_the_text() {
        assert_eq!(
            query_value("iban", "fr76 3000 6000 0112 3456 7890 189").as_deref(),
            Some("FR7630006000011234567890189")
        );
        assert_eq!(
            query_value("phone", "06.12.34.56.78").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(
            query_value("siren", "552 100 554 00013").as_deref(),
            Some("552100554")
        );
        assert_eq!(
            query_value("mentions", "Jean@Example.ORG").as_deref(),
            Some("jean@example.org")
        );
        assert_eq!(
            query_value("url", "https://www.LeMonde.fr/a/b?c").as_deref(),
            Some("lemonde.fr")
        );
        assert_eq!(
            query_value("url", "lemonde.fr").as_deref(),
            Some("lemonde.fr")
        );
        assert_eq!(query_value("from", "x"), None);
    }
}
