//! The people of the dump: a few thousand fictional correspondents over sixty `.example`
//! domains, a handful of mailbox owners on the campaign domain, and their header forms.

use std::collections::BTreeSet;

use fastrand::Rng;

use crate::encode::{self, Charset};
use crate::vocab::{Zipf, fold};
use crate::words;

/// Number of distinct correspondents.
const PEOPLE: usize = 3_000;
/// The first people own the leaked mailboxes: every new conversation involves one of them.
const OWNERS: usize = 5;
/// Zipf exponent of how much each person writes and receives.
const ACTIVITY_EXPONENT: f64 = 0.9;
/// Zipf exponent of how people spread over domains.
const DOMAIN_EXPONENT: f64 = 1.0;
/// Share of people with a French name.
const FRENCH_NAMES_SHARE: f64 = 0.7;

/// One correspondent.
pub struct Person {
    /// First name, used in greetings.
    pub first: String,
    /// "First Last", as shown in display names and signatures.
    pub name: String,
    /// The unique mail address.
    pub address: String,
}

/// Everybody in the dump, with their activity distribution.
pub struct Directory {
    /// People ordered by activity (most active first).
    people: Vec<Person>,
    /// Who writes or receives a message.
    activity: Zipf,
}

impl Directory {
    /// A directory of distinct names and addresses; the mailbox owners are on the campaign
    /// domain.
    pub fn build(rng: &mut Rng) -> Directory {
        let names = NamePool::new();
        let domains = DomainPool::new();
        let mut taken_names = BTreeSet::new();
        let mut addresses = BTreeSet::new();
        let mut people = Vec::with_capacity(PEOPLE);
        while people.len() < PEOPLE {
            let (first, last) = names.random(rng);
            if taken_names.insert((first, last)) {
                let domain = domains.random(rng, people.len() < OWNERS);
                let address = unique_address(rng, first, last, domain, &mut addresses);
                let name = format!("{first} {last}");
                people.push(Person {
                    first: first.to_string(),
                    name,
                    address,
                });
            }
        }
        Directory {
            people,
            activity: Zipf::new(PEOPLE, ACTIVITY_EXPONENT),
        }
    }

    /// The person with this index.
    pub fn person(&self, index: usize) -> &Person {
        &self.people[index]
    }

    /// Someone who writes a new message.
    pub fn sender(&self, rng: &mut Rng) -> usize {
        self.activity.sample(rng)
    }

    /// `count` distinct recipients other than `sender`, the first a mailbox owner when the
    /// sender is not one.
    pub fn recipients(&self, rng: &mut Rng, sender: usize, count: usize) -> Vec<usize> {
        let mut chosen = Vec::with_capacity(count);
        if sender >= OWNERS && count > 0 {
            chosen.push(rng.usize(..OWNERS));
        }
        while chosen.len() < count {
            let candidate = self.activity.sample(rng);
            if candidate != sender && !chosen.contains(&candidate) {
                chosen.push(candidate);
            }
        }
        chosen
    }

    /// The person as a header mailbox: a bare address, or a display name (quoted, or RFC 2047
    /// encoded in UTF-8 or latin-1 when it has accents) followed by the address.
    pub fn mailbox(&self, rng: &mut Rng, index: usize) -> String {
        let person = &self.people[index];
        let address = &person.address;
        if rng.u8(..10) == 0 {
            return address.clone();
        }
        if !person.name.is_ascii() {
            let charset = [Charset::Utf8, Charset::Latin1][rng.usize(..2)];
            return format!(
                "{} <{address}>",
                encode::encoded_words(&person.name, charset)
            );
        }
        match rng.u8(..5) {
            0 => format!("\"{}\" <{address}>", person.name),
            _ => format!("{} <{address}>", person.name),
        }
    }
}

/// First and last names by language, from the embedded lists.
struct NamePool {
    /// French first names and family names.
    french: (Vec<&'static str>, Vec<&'static str>),
    /// English first names and family names.
    english: (Vec<&'static str>, Vec<&'static str>),
}

impl NamePool {
    /// The embedded lists, split into words.
    fn new() -> NamePool {
        NamePool {
            french: (
                list(words::FRENCH_FIRST_NAMES),
                list(words::FRENCH_LAST_NAMES),
            ),
            english: (
                list(words::ENGLISH_FIRST_NAMES),
                list(words::ENGLISH_LAST_NAMES),
            ),
        }
    }

    /// A first and last name, French or English.
    fn random(&self, rng: &mut Rng) -> (&'static str, &'static str) {
        let (firsts, lasts) = match rng.f64() < FRENCH_NAMES_SHARE {
            true => &self.french,
            false => &self.english,
        };
        (
            firsts[rng.usize(..firsts.len())],
            lasts[rng.usize(..lasts.len())],
        )
    }
}

/// The mail domains with how popular each is.
struct DomainPool {
    /// Domains, most popular first (the campaign's own first).
    domains: Vec<&'static str>,
    /// Popularity by rank.
    ranks: Zipf,
}

impl DomainPool {
    /// The embedded domain list.
    fn new() -> DomainPool {
        let domains = list(words::DOMAINS);
        let ranks = Zipf::new(domains.len(), DOMAIN_EXPONENT);
        DomainPool { domains, ranks }
    }

    /// A domain for a new person: the campaign's for a mailbox owner, else a Zipf draw.
    fn random(&self, rng: &mut Rng, owner: bool) -> &'static str {
        match owner {
            true => self.domains[0],
            false => self.domains[self.ranks.sample(rng)],
        }
    }
}

/// The words of a whitespace-separated embedded list.
fn list(words: &'static str) -> Vec<&'static str> {
    words.split_whitespace().collect()
}

/// An address in one of the usual corporate patterns, numbered when already taken.
fn unique_address(
    rng: &mut Rng,
    first: &str,
    last: &str,
    domain: &str,
    taken: &mut BTreeSet<String>,
) -> String {
    let first = local_part(first);
    let last = local_part(last);
    let local = match rng.u8(..10) {
        0..=5 => format!("{first}.{last}"),
        6 | 7 => format!("{}.{last}", &first[..1]),
        8 => format!("{first}{last}"),
        _ => format!("{last}.{first}"),
    };
    let mut address = format!("{local}@{domain}");
    for number in 2.. {
        if taken.insert(address.clone()) {
            break;
        }
        address = format!("{local}{number}@{domain}");
    }
    address
}

/// A name as it appears in an address: folded, spaces dropped.
fn local_part(name: &str) -> String {
    fold(name).replace(' ', "")
}
