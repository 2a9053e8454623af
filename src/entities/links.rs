//! Email addresses and the hosts of URLs: `linkify` finds them (`scheme://...`, `mailto:` and
//! `local@domain`, boundaries and trailing punctuation handled, linear scan); links without a
//! scheme are taken when they start with `www.`. Only well-formed domains are kept: labels of
//! letters, digits and hyphens, a top-level domain of letters (so that an Outlook content id
//! such as `image001.png@01D2A3B4.C5D6E7F0` is not an address).

use linkify::{LinkFinder, LinkKind};
use memchr::memmem;

use super::{Found, Kind, char_before};

/// Longest local part of an address (RFC 5321).
const MAX_LOCAL: usize = 64;
/// Longest domain name (RFC 1035).
const MAX_DOMAIN: usize = 253;

/// Adds the addresses and URL hosts of `text`.
pub(super) fn scan(text: &str, found: &mut Found) {
    for link in LinkFinder::new().links(text) {
        match link.kind() {
            LinkKind::Email => {
                if let Some(address) = address(link.as_str()) {
                    found.add(Kind::Mention, address);
                }
            }
            LinkKind::Url => url(link.as_str(), found),
            _ => {}
        }
    }
    for at in memmem::find_iter(text.as_bytes(), b"www.") {
        if let Some(host) = bare_host(text, at) {
            found.add(Kind::UrlDomain, host);
        }
    }
}

/// A URL's host, or the address of a `mailto:` link.
fn url(link: &str, found: &mut Found) {
    if let Some(rest) = strip_prefix_ignore_case(link, "mailto:") {
        let address = rest.split(['?', '#']).next().unwrap_or_default();
        if let Some(address) = self::address(address) {
            found.add(Kind::Mention, address);
        }
        return;
    }
    let Some((_, after)) = link.split_once("://") else {
        return;
    };
    let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next().unwrap_or_default();
    if let Some(host) = host_name(host) {
        found.add(Kind::UrlDomain, host);
    }
}

/// The host of a link written without a scheme, starting `www.` at byte `at`.
fn bare_host(text: &str, at: usize) -> Option<String> {
    let before = char_before(text, at);
    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '/' | '@' | '-' | '_')) {
        return None;
    }
    let rest = &text[at..];
    let len = rest
        .bytes()
        .take(MAX_DOMAIN + 1)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        .count();
    host_name(&rest[..len])
}

/// `host` lower-cased, its trailing dot and leading `www.` dropped, when it is a domain name
/// or an IPv4 address.
fn host_name(host: &str) -> Option<String> {
    let host = host.trim_end_matches(['.', '-']).to_lowercase();
    if is_ipv4(&host) {
        return Some(host);
    }
    if !is_domain(&host) {
        return None;
    }
    match host.strip_prefix("www.") {
        Some(rest) if rest.contains('.') => Some(rest.to_owned()),
        _ => Some(host),
    }
}

/// The host a query's `url:` value names, as extraction keeps it: a whole URL
/// (`https://www.lemonde.fr/a`) gives its host, and a leading `www.` is dropped
/// (`www.lemonde.fr` → `lemonde.fr`).
pub(super) fn host_of_query(value: &str) -> String {
    let value = value.trim().to_lowercase();
    let after = value.split_once("://").map_or(value.as_str(), |(_, a)| a);
    let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next().unwrap_or_default();
    match host.strip_prefix("www.") {
        Some(rest) if rest.contains('.') => rest.to_owned(),
        _ => host.to_owned(),
    }
}

/// `local@domain`, lower-cased, when both parts are well formed.
fn address(text: &str) -> Option<String> {
    let (local, domain) = text.rsplit_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= MAX_LOCAL
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    (local_ok && is_domain(domain)).then(|| text.to_lowercase())
}

/// Two labels at least, each of letters, digits and inner hyphens, the last of letters.
fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic));
    domain.len() <= MAX_DOMAIN && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::super::Entities;

    fn found(text: &str) -> Entities {
        Entities::extract([text])
    }

    #[test]
    fn addresses_in_running_text_and_quoted_headers() {
        let e = found(
            "Écrivez à Jean.Dupont@Mairie-Paris.FR, ou (contact@horizon-commun.example).\n\
             > From: \"X\" <x@lists.example.org>\n\
             mailto:presse@example.fr?subject=hi",
        );
        assert_eq!(
            e.mentions,
            [
                "jean.dupont@mairie-paris.fr",
                "contact@horizon-commun.example",
                "x@lists.example.org",
                "presse@example.fr"
            ]
        );
    }

    #[test]
    fn content_ids_and_half_addresses_are_not_addresses() {
        let e =
            found("cid:image001.png@01D2A3B4.C5D6E7F0 user@localhost @twitter a@b.c foo@bar..com");
        assert_eq!(e.mentions, Vec::<String>::new());
    }

    #[test]
    fn urls_give_their_hosts() {
        let e = found(
            "Voir https://www.LeMonde.fr/politique/article.html?x=1, \
             http://user:pw@files.example.org:8080/a, (https://en.wikipedia.org/wiki/A_(b)) \
             et www.horizon-commun.example. Aussi http://192.168.0.1/admin",
        );
        assert_eq!(
            e.url_domains,
            [
                "lemonde.fr",
                "files.example.org",
                "en.wikipedia.org",
                "192.168.0.1",
                "horizon-commun.example"
            ]
        );
    }

    #[test]
    fn an_address_inside_a_url_path_is_not_a_mention() {
        let e = found("https://lore.kernel.org/r/20230714.abc@intel.com/ was sent");
        assert_eq!(e.url_domains, ["lore.kernel.org"]);
        assert_eq!(e.mentions, Vec::<String>::new());
    }

    #[test]
    fn hostile_text_is_scanned_without_panicking() {
        let text = "a@".repeat(10_000) + &"http://".repeat(10_000) + &"www.".repeat(10_000);
        let e = found(&text);
        assert!(e.url_domains.is_empty());
        let odd = "\u{0}@\u{fffd}.é http://[::1]/ mailto: www.-.x @.@ ://";
        let _ = found(odd);
    }
}
