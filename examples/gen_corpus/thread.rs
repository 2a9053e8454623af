//! Conversations: who writes a new message or a reply, to whom, when, about what, and how the
//! reply points back (Message-ID, In-Reply-To, References) and quotes its parent.

use fastrand::Rng;

use crate::clock::{self, Clock, Zone};
use crate::people::Directory;
use crate::text::{self, Quote};
use crate::vocab::Language;

/// Share of new conversations written in French.
const FRENCH_SHARE: f64 = 0.6;

/// The header facts of a message, kept so that replies can follow it.
pub struct Head {
    /// The language of the text.
    pub language: Language,
    /// Directory index of the sender.
    pub sender: usize,
    /// Directory indexes of the To recipients (at least one).
    pub to: Vec<usize>,
    /// Directory indexes of the Cc recipients (none of them in `to`).
    pub cc: Vec<usize>,
    /// When it was sent (Unix seconds).
    pub date: i64,
    /// The zone of the sender's clock.
    pub zone: Zone,
    /// The subject without reply prefix.
    pub topic: String,
    /// `""`, `"Re: "`, `"TR: "`...
    pub prefix: &'static str,
    /// `<...@domain>`.
    pub message_id: String,
    /// Message-IDs of the ancestors, oldest first; the last is the parent.
    pub references: Vec<String>,
}

/// A sent message that later ones may answer.
pub struct Posted {
    /// Its headers.
    pub head: Head,
    /// The lines a reply quotes.
    pub excerpt: Vec<String>,
}

/// A new conversation: a sender, 1 to 5 recipients, sometimes a Cc, a subject and a date.
pub fn new_head(rng: &mut Rng, directory: &Directory, index: usize) -> Head {
    let sender = directory.sender(rng);
    let to_count = 1 + (rng.f64().powi(2) * 5.0) as usize;
    let to = directory.recipients(rng, sender, to_count);
    let cc_count = cc_count(rng);
    let mut cc = directory.recipients(rng, sender, cc_count);
    cc.retain(|person| !to.contains(person));
    let language = random_language(rng);
    Head {
        language,
        sender,
        to,
        cc,
        date: clock::conversation_start(rng),
        zone: clock::random_zone(rng),
        topic: text::subject(rng, language),
        prefix: "",
        message_id: message_id(rng, index, &directory.person(sender).address),
        references: Vec::new(),
    }
}

/// A reply from one of the parent's recipients to its sender (and to all, sometimes), a
/// minute to two days later.
pub fn reply_head(rng: &mut Rng, directory: &Directory, parent: &Head, index: usize) -> Head {
    let sender = parent.to[rng.usize(..parent.to.len())];
    let reply_all = rng.u8(..10) < 4;
    let mut to = vec![parent.sender];
    let mut cc = Vec::new();
    if reply_all {
        to.extend(parent.to.iter().filter(|&&person| person != sender));
        cc.extend_from_slice(&parent.cc);
    }
    let mut references = parent.references.clone();
    references.push(parent.message_id.clone());
    Head {
        language: parent.language,
        sender,
        to,
        cc,
        date: clock::reply_time(rng, parent.date),
        zone: clock::random_zone(rng),
        topic: parent.topic.clone(),
        prefix: reply_prefix(rng, parent.language),
        message_id: message_id(rng, index, &directory.person(sender).address),
        references,
    }
}

/// The quoted block of a reply: attribution line and the parent's opening lines.
pub fn quote(rng: &mut Rng, clock: &Clock, directory: &Directory, parent: &Posted) -> Quote {
    let author = directory.person(parent.head.sender);
    let date = parent.head.date;
    let attribution = match parent.head.language {
        Language::French => {
            format!(
                "Le {}, {} a écrit :",
                clock.french_attribution(date),
                author.name
            )
        }
        Language::English => {
            let when = clock.english_attribution(date);
            format!("On {when}, {} <{}> wrote:", author.name, author.address)
        }
    };
    let marker = if rng.u8(..5) == 0 { ">" } else { "> " };
    Quote {
        attribution,
        lines: parent.excerpt.clone(),
        marker,
    }
}

/// The domain of an address.
pub fn domain(address: &str) -> &str {
    address
        .rsplit_once('@')
        .map_or(address, |(_, domain)| domain)
}

/// The language of a new conversation: French 60%, English 40%.
fn random_language(rng: &mut Rng) -> Language {
    match rng.f64() < FRENCH_SHARE {
        true => Language::French,
        false => Language::English,
    }
}

/// How many people a new conversation copies: none three times in four, else 1 to 3.
fn cc_count(rng: &mut Rng) -> usize {
    match rng.u8(..4) {
        0 => rng.usize(1..=3),
        _ => 0,
    }
}

/// `Re: `, `RE: ` or a forward prefix, as French and English clients write them.
fn reply_prefix(rng: &mut Rng, language: Language) -> &'static str {
    match (rng.u8(..20), language) {
        (0..=8, _) => "Re: ",
        (9..=15, _) => "RE: ",
        (_, Language::French) => "TR: ",
        (_, Language::English) => "Fwd: ",
    }
}

/// A unique Message-ID (it contains the message's position) on the sender's domain, in one
/// of two common styles.
fn message_id(rng: &mut Rng, index: usize, address: &str) -> String {
    let domain = domain(address);
    match rng.bool() {
        true => format!("<{:016x}.{index}@{domain}>", rng.u64(..)),
        false => {
            let number = rng.u64(1_000_000_000_000..10_000_000_000_000);
            format!("<{index}.{number}.JavaMail.zimbra@{domain}>")
        }
    }
}
