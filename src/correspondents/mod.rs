//! Who wrote to whom: `trawl contacts` (every address with the names it was seen with, the
//! messages it sent and received, its first and last date) and `trawl graph` (sender →
//! recipient edges weighted by messages, written by [`formats`] for Gephi or Graphviz).
//!
//! Both read the stored cards of the emails a query matches (every email without a query):
//! one pass over the document store, nothing re-read from the sources. With
//! [`Options::mentions`], the addresses an email's text mentions (see [`crate::entities`])
//! count too: as contacts `mentioned`, and as sender → mentioned edges.

pub mod formats;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use tantivy::DocAddress;
use tantivy::collector::DocSetCollector;

use crate::document::DocKind;
use crate::error::{Error, Result};
use crate::index::Store;
use crate::message::Mailbox;
use crate::search::compile;

/// One address and what it did in the emails looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The address, lower-cased.
    pub address: String,
    /// Display names it came with, most frequent first (ties in name order).
    pub names: Vec<String>,
    /// Emails it sent.
    pub sent: u64,
    /// Emails it received (To, Cc or Bcc).
    pub received: u64,
    /// Emails whose text mentions it, when mentions are counted ([`Options::mentions`]).
    pub mentioned: Option<u64>,
    /// Earliest date of those emails, seconds since the epoch.
    pub first: Option<i64>,
    /// Latest date of those emails.
    pub last: Option<i64>,
}

/// Emails from one address to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The sender's address.
    pub from: String,
    /// The recipient's address (To, Cc or Bcc).
    pub to: String,
    /// How many emails went from one to the other.
    pub messages: u64,
    /// How many emails from the sender mention the other's address in their text (0 unless
    /// mentions are counted).
    pub mentions: u64,
}

impl Edge {
    /// Emails behind the edge: written to, or mentioning, the other address.
    pub fn weight(&self) -> u64 {
        self.messages + self.mentions
    }
}

/// What [`gather_with`] counts besides senders and recipients.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also the addresses the emails' text mentions.
    pub mentions: bool,
}

/// The correspondence of a set of emails.
#[derive(Debug, Clone, Default)]
pub struct Correspondence {
    /// Every address, most active (sent + received) first.
    pub contacts: Vec<Contact>,
    /// Every sender → recipient pair, most emails first.
    pub edges: Vec<Edge>,
    /// Whether mentions were counted.
    pub mentions: bool,
}

/// The parts of a stored card this module reads.
#[derive(Deserialize)]
struct Parties {
    kind: DocKind,
    #[serde(default)]
    from: Vec<Mailbox>,
    #[serde(default)]
    to: Vec<Mailbox>,
    #[serde(default)]
    cc: Vec<Mailbox>,
    #[serde(default)]
    bcc: Vec<Mailbox>,
    #[serde(default)]
    date: Option<i64>,
    #[serde(default)]
    entities: Mentioned,
}

/// The part of a card's entities this module reads.
#[derive(Default, Deserialize)]
struct Mentioned {
    #[serde(default)]
    mentions: Vec<String>,
}

/// Counts as they are gathered.
#[derive(Default)]
struct Tally {
    options: Options,
    contacts: HashMap<String, (Contact, HashMap<String, u64>)>,
    edges: HashMap<(String, String), (u64, u64)>,
}

/// How an address took part in an email.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Sender,
    Recipient,
    Mentioned,
}

/// The correspondence of the emails `query` matches, or of every email.
pub fn gather(store: &Store, query: Option<&str>) -> Result<Correspondence> {
    gather_with(store, query, Options::default())
}

/// [`gather`], counting what `options` asks for besides.
pub fn gather_with(store: &Store, query: Option<&str>, options: Options) -> Result<Correspondence> {
    let searcher = store.searcher()?;
    let mut tally = Tally {
        options,
        ..Tally::default()
    };
    let mut add = |id: &str, bytes: &[u8]| {
        let parties: Parties = serde_json::from_slice(bytes).map_err(|e| Error::IndexState {
            path: store.dir.clone(),
            reason: format!("corrupt stored card for {id}: {e}"),
        })?;
        tally.add(&parties);
        Ok(())
    };
    match query {
        None => store.each_card(&searcher, &mut |id, bytes| add(&id.to_string(), bytes))?,
        Some(text) => {
            let query = compile(store, &searcher, text)?;
            let found = searcher
                .search(&query, &DocSetCollector)
                .map_err(|e| Error::index(&store.dir, e))?;
            let mut found: Vec<DocAddress> = found.into_iter().collect();
            found.sort_unstable();
            for addr in found {
                let (id, bytes) = store.raw_card(&searcher, addr)?;
                add(&id, &bytes)?;
            }
        }
    }
    Ok(tally.finish())
}

impl Tally {
    /// Counts one email: its senders, its recipients, and an edge from each sender to each
    /// recipient (an address named twice in one email counts once); with mentions, the
    /// addresses its text mentions and an edge from each sender to each of them.
    fn add(&mut self, p: &Parties) {
        if p.kind != DocKind::Email {
            return;
        }
        let senders = distinct(&p.from);
        let recipients = distinct(p.to.iter().chain(&p.cc).chain(&p.bcc));
        for (address, name) in &senders {
            self.saw(address, *name, p.date, Role::Sender);
        }
        for (address, name) in &recipients {
            self.saw(address, *name, p.date, Role::Recipient);
        }
        for (from, _) in &senders {
            for (to, _) in &recipients {
                self.edges.entry((from.clone(), to.clone())).or_default().0 += 1;
            }
        }
        if !self.options.mentions {
            return;
        }
        for address in &p.entities.mentions {
            self.saw(address, None, p.date, Role::Mentioned);
            for (from, _) in senders.iter().filter(|(from, _)| from != address) {
                self.edges
                    .entry((from.clone(), address.clone()))
                    .or_default()
                    .1 += 1;
            }
        }
    }

    /// Records that `address` (with display `name`) took part in an email dated `date`.
    fn saw(&mut self, address: &str, name: Option<&str>, date: Option<i64>, role: Role) {
        let mentions = self.options.mentions;
        let (contact, names) = self.contacts.entry(address.to_owned()).or_insert_with(|| {
            let contact = Contact {
                address: address.to_owned(),
                names: Vec::new(),
                sent: 0,
                received: 0,
                mentioned: mentions.then_some(0),
                first: None,
                last: None,
            };
            (contact, HashMap::new())
        });
        match role {
            Role::Sender => contact.sent += 1,
            Role::Recipient => contact.received += 1,
            Role::Mentioned => *contact.mentioned.get_or_insert(0) += 1,
        }
        if let Some(d) = date {
            contact.first = Some(contact.first.map_or(d, |f| f.min(d)));
            contact.last = Some(contact.last.map_or(d, |l| l.max(d)));
        }
        if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
            *names.entry(name.trim().to_owned()).or_default() += 1;
        }
    }

    /// The contacts and edges, sorted.
    fn finish(self) -> Correspondence {
        let mut contacts: Vec<Contact> = self
            .contacts
            .into_values()
            .map(|(mut contact, names)| {
                let mut names: Vec<(String, u64)> = names.into_iter().collect();
                names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                contact.names = names.into_iter().map(|(n, _)| n).collect();
                contact
            })
            .collect();
        let activity = |c: &Contact| c.sent + c.received + c.mentioned.unwrap_or(0);
        contacts.sort_by(|a, b| {
            activity(b)
                .cmp(&activity(a))
                .then_with(|| a.address.cmp(&b.address))
        });
        let mut edges: Vec<Edge> = self
            .edges
            .into_iter()
            .map(|((from, to), (messages, mentions))| Edge {
                from,
                to,
                messages,
                mentions,
            })
            .collect();
        edges.sort_by(|a, b| {
            b.weight()
                .cmp(&a.weight())
                .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
        });
        Correspondence {
            contacts,
            edges,
            mentions: self.options.mentions,
        }
    }
}

/// The addresses of `boxes`, each once, with the first display name it came with.
fn distinct<'a>(boxes: impl IntoIterator<Item = &'a Mailbox>) -> Vec<(String, Option<&'a str>)> {
    let mut seen: BTreeMap<String, Option<&str>> = BTreeMap::new();
    for m in boxes {
        if let Some(address) = m.address.as_deref().filter(|a| !a.is_empty()) {
            seen.entry(address.to_lowercase())
                .or_insert(m.name.as_deref());
        }
    }
    seen.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailbox(name: &str, address: &str) -> Mailbox {
        Mailbox {
            name: (!name.is_empty()).then(|| name.to_owned()),
            address: Some(address.to_owned()),
        }
    }

    #[test]
    fn senders_recipients_names_dates_and_edges_are_counted() {
        let mut tally = Tally::default();
        let email = |from: Mailbox, to: Vec<Mailbox>, cc: Vec<Mailbox>, date| Parties {
            kind: DocKind::Email,
            from: vec![from],
            to,
            cc,
            bcc: Vec::new(),
            date,
            entities: Mentioned::default(),
        };
        let (a, b, c) = ("a@x.example", "b@x.example", "c@x.example");
        tally.add(&email(
            mailbox("Ann", a),
            vec![mailbox("Bob", b)],
            vec![mailbox("", c)],
            Some(10),
        ));
        tally.add(&email(
            mailbox("Annie", a),
            vec![mailbox("B", b), mailbox("Bob", "B@X.example")],
            vec![],
            Some(5),
        ));
        tally.add(&email(
            mailbox("Bob", b),
            vec![mailbox("Ann", a)],
            vec![],
            None,
        ));
        let got = tally.finish();
        let ann = &got.contacts[0];
        assert_eq!((ann.address.as_str(), ann.sent, ann.received), (a, 2, 1));
        assert_eq!((ann.first, ann.last), (Some(5), Some(10)));
        assert_eq!(ann.names, vec!["Ann".to_owned(), "Annie".to_owned()]);
        let bob = &got.contacts[1];
        assert_eq!(
            (bob.sent, bob.received),
            (1, 2),
            "named twice in one email: once"
        );
        assert_eq!(got.contacts[2].names, Vec::<String>::new());
        let edge = |f: &str, t: &str| {
            got.edges
                .iter()
                .find(|e| e.from == f && e.to == t)
                .map(|e| e.messages)
        };
        assert_eq!(
            (edge(a, b), edge(a, c), edge(b, a)),
            (Some(2), Some(1), Some(1))
        );
        assert_eq!(got.edges.len(), 3);
        assert_eq!(ann.mentioned, None, "mentions not counted");
    }

    #[test]
    fn mentions_make_contacts_and_edges_when_asked() {
        let mut tally = Tally {
            options: Options { mentions: true },
            ..Tally::default()
        };
        let (a, b, c) = ("a@x.example", "b@x.example", "c@x.example");
        let email = |mentions: &[&str], date| Parties {
            kind: DocKind::Email,
            from: vec![mailbox("Ann", a)],
            to: vec![mailbox("Bob", b)],
            cc: Vec::new(),
            bcc: Vec::new(),
            date,
            entities: Mentioned {
                mentions: mentions.iter().map(|m| (*m).to_owned()).collect(),
            },
        };
        tally.add(&email(&[c, b], Some(7)));
        tally.add(&email(&[c, a], Some(3)));
        let got = tally.finish();
        let find = |address: &str| got.contacts.iter().find(|x| x.address == address);
        let carol = find(c).expect("a contact only mentioned");
        assert_eq!(
            (carol.sent, carol.received, carol.mentioned),
            (0, 0, Some(2))
        );
        assert_eq!((carol.first, carol.last), (Some(3), Some(7)));
        assert_eq!(find(b).map(|x| x.mentioned), Some(Some(1)));
        let edge = |t: &str| {
            got.edges
                .iter()
                .find(|e| e.from == a && e.to == t)
                .map(|e| (e.messages, e.mentions))
        };
        assert_eq!(edge(b), Some((2, 1)));
        assert_eq!(edge(c), Some((0, 2)));
        assert_eq!(edge(a), None, "a sender mentioning itself is no edge");
    }
}
