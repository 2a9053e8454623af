//! The generator: one email at a time, as a new conversation or a reply to a recent message,
//! with its text, MIME structure and bytes; it counts what the benchmark queries may search.

use std::collections::VecDeque;

use fastrand::Rng;

use crate::attach::{self, Attachment};
use crate::clock::Clock;
use crate::headers::Headers;
use crate::mime::{self, Part, TextKind};
use crate::people::Directory;
use crate::queries::{Field, Query, Tally};
use crate::text::{Body, Letter, Writer};
use crate::thread::{self, Head, Posted};
use crate::vocab::{Language, Vocabulary, WordId, Zipf};
use crate::words;

/// Share of messages that reply to an earlier one.
const REPLY_SHARE: f64 = 0.4;
/// How many recent messages a reply may answer.
const REPLY_WINDOW: usize = 400;
/// Zipf exponent of how often each binary attachment kind occurs.
const STEM_EXPONENT: f64 = 1.0;

/// A generated message and what its mbox envelope needs.
pub struct Email {
    /// The message, headers and body, as delivered.
    pub bytes: Vec<u8>,
    /// The sender's address.
    pub sender: String,
    /// When it was sent (Unix seconds).
    pub date: i64,
}

/// Counts for the summary line.
#[derive(Default)]
pub struct Totals {
    /// Conversations (messages that reply to nothing).
    pub threads: usize,
    /// Attachments, binary and text.
    pub attachments: usize,
}

/// Deterministic source of the dump's messages.
pub struct Generator {
    /// The only randomness source of the messages: same seed, same dump.
    rng: Rng,
    /// Words of the text.
    vocab: Vocabulary,
    /// The correspondents.
    directory: Directory,
    /// Date formatting.
    clock: Clock,
    /// How often each binary attachment kind occurs.
    stems: Zipf,
    /// Messages that may be replied to, oldest first.
    recent: VecDeque<Posted>,
    /// Words written in the current message.
    used: Vec<WordId>,
    /// Document frequencies for the benchmark queries.
    tally: Tally,
    /// Summary counts.
    totals: Totals,
}

impl Generator {
    /// A generator whose whole output is fixed by `seed`.
    pub fn new(seed: u64) -> anyhow::Result<Generator> {
        let mut rng = Rng::with_seed(seed);
        let vocab = Vocabulary::build(&mut rng);
        let directory = Directory::build(&mut rng);
        Ok(Generator {
            rng,
            tally: Tally::new(vocab.len()),
            vocab,
            directory,
            clock: Clock::new()?,
            stems: Zipf::new(words::ATTACHMENT_STEMS.len(), STEM_EXPONENT),
            recent: VecDeque::with_capacity(REPLY_WINDOW),
            used: Vec::new(),
            totals: Totals::default(),
        })
    }

    /// The message at position `index` of the dump; one in five has CRLF line ends.
    pub fn email(&mut self, index: usize) -> Email {
        let (head, parent) = self.head(index);
        let body = self.body(&head, parent);
        let mut bytes = self.header_block(&head);
        let (part, attachment) = self.mime_part(&body, head.language);
        part.write(&mut bytes);
        if self.rng.u8(..5) == 0 {
            bytes = crlf(&bytes);
        }
        self.count(&head, attachment);
        let sender = self.directory.person(head.sender).address.clone();
        let date = head.date;
        self.remember(Posted {
            head,
            excerpt: body.excerpt(),
        });
        Email {
            bytes,
            sender,
            date,
        }
    }

    /// Summary counts so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Benchmark queries that match the messages generated so far.
    pub fn queries(&self) -> Vec<Query> {
        self.tally.queries(&self.vocab)
    }

    /// The headers of a reply to a recent message (whose slot in `recent` comes along), or of
    /// a new conversation.
    fn head(&mut self, index: usize) -> (Head, Option<usize>) {
        let reply = !self.recent.is_empty() && self.rng.f64() < REPLY_SHARE;
        if !reply {
            self.totals.threads += 1;
            return (
                thread::new_head(&mut self.rng, &self.directory, index),
                None,
            );
        }
        let slot = self.rng.usize(..self.recent.len());
        let parent = &self.recent[slot].head;
        (
            thread::reply_head(&mut self.rng, &self.directory, parent, index),
            Some(slot),
        )
    }

    /// The header block, up to the MIME headers of the body.
    fn header_block(&mut self, head: &Head) -> Vec<u8> {
        let mut headers = Headers {
            rng: &mut self.rng,
            clock: &self.clock,
            directory: &self.directory,
        };
        headers.block(head).into_bytes()
    }

    /// The text of the message, quoting its parent (the `recent` slot) seven times out of ten.
    fn body(&mut self, head: &Head, parent: Option<usize>) -> Body {
        let shown = parent
            .filter(|_| self.rng.u8(..10) < 7)
            .map(|slot| &self.recent[slot]);
        let quote =
            shown.map(|posted| thread::quote(&mut self.rng, &self.clock, &self.directory, posted));
        let letter = Letter {
            language: head.language,
            recipient: &self.directory.person(head.to[0]).first,
            sender: &self.directory.person(head.sender).name,
            quote,
        };
        self.used.clear();
        Writer {
            rng: &mut self.rng,
            vocab: &self.vocab,
            used: &mut self.used,
        }
        .body(letter)
    }

    /// The body's MIME entity, put in a multipart/mixed with an attachment now and then (whose
    /// file name comes along).
    fn mime_part(&mut self, body: &Body, language: Language) -> (Part, Option<String>) {
        let kind = TextKind::random(&mut self.rng);
        let text = mime::text_part(&mut self.rng, kind, body);
        match self.attachment(language) {
            Some(file) => {
                let mixed = Part::multipart(&mut self.rng, "mixed", vec![text, file.part]);
                (mixed, Some(file.name))
            }
            None => (text, None),
        }
    }

    /// One message in ten carries a binary document, one in fifty a text file (whose words
    /// are not counted: mairix does not search attachments).
    fn attachment(&mut self, language: Language) -> Option<Attachment> {
        let mut uncounted = Vec::new();
        let mut writer = Writer {
            rng: &mut self.rng,
            vocab: &self.vocab,
            used: &mut uncounted,
        };
        let found = match writer.rng.u8(..50) {
            0..=4 => Some(attach::binary(writer.rng, &self.stems)),
            5 => Some(attach::text_file(&mut writer, language)),
            _ => None,
        };
        self.totals.attachments += usize::from(found.is_some());
        found
    }

    /// Records what the queries may search for: body words, subject words, addresses and
    /// attachment name words.
    fn count(&mut self, head: &Head, attachment: Option<String>) {
        let address = |person: &usize| self.directory.person(*person).address.clone();
        self.tally.note_words(&self.used);
        self.tally.note(Field::Subject, words_of(&head.topic));
        self.tally.note(Field::From, vec![address(&head.sender)]);
        self.tally
            .note(Field::To, head.to.iter().map(address).collect());
        let attachment_words = attachment.as_deref().map(words_of).unwrap_or_default();
        self.tally.note(Field::Attachment, attachment_words);
        self.tally.end_message();
    }

    /// Keeps a message as a reply candidate, forgetting the oldest beyond the window.
    fn remember(&mut self, posted: Posted) {
        if self.recent.len() == REPLY_WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(posted);
    }
}

/// The lower-case alphanumeric words of a subject or file name, as engines tokenise them.
fn words_of(text: &str) -> Vec<String> {
    text.split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The message with every LF turned into CRLF.
fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    for &byte in bytes {
        if byte == b'\n' {
            out.push(b'\r');
        }
        out.push(byte);
    }
    out
}
