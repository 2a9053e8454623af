//! The header block of a message as a real dump shows it: Return-Path, Received lines of two
//! relays, Date in the sender's zone, addresses with encoded display names, the Subject
//! (encoded or raw), threading headers, sometimes X-Mailer, and MIME-Version.

use fastrand::Rng;

use crate::clock::{Clock, Zone};
use crate::encode::{self, Charset};
use crate::people::Directory;
use crate::text;
use crate::thread::{Head, domain};
use crate::words;

/// Longest single-line address list before it is folded one address per line.
const ADDRESS_LINE: usize = 60;

/// What the header block is made from.
pub struct Headers<'a> {
    /// The randomness source.
    pub rng: &'a mut Rng,
    /// Date formatting.
    pub clock: &'a Clock,
    /// The correspondents.
    pub directory: &'a Directory,
}

impl Headers<'_> {
    /// The header block of `head`, up to (not including) the MIME headers of the body.
    pub fn block(&mut self, head: &Head) -> String {
        let mut out = self.trace(head);
        push(&mut out, "Date", &self.clock.rfc2822(head.date, head.zone));
        let from = self.directory.mailbox(self.rng, head.sender);
        push(&mut out, "From", &from);
        push(&mut out, "To", &self.address_list(&head.to));
        if !head.cc.is_empty() {
            push(&mut out, "Cc", &self.address_list(&head.cc));
        }
        push(&mut out, "Subject", &subject(self.rng, head));
        push(&mut out, "Message-ID", &head.message_id);
        if let Some(parent) = head.references.last() {
            push(&mut out, "In-Reply-To", parent);
            push(&mut out, "References", &head.references.join("\n "));
        }
        if self.rng.u8(..10) < 6 {
            push(&mut out, "X-Mailer", text::pick(self.rng, words::MAILERS));
        }
        push(&mut out, "MIME-Version", "1.0");
        out
    }

    /// Return-Path and the Received lines of a delivery, with a webmail hop one time in three.
    fn trace(&mut self, head: &Head) -> String {
        let sender = &self.directory.person(head.sender).address;
        let recipient = &self.directory.person(head.to[0]).address;
        let mut out = format!("Return-Path: <{sender}>\n");
        out.push_str(&self.relays(sender, recipient, head.date));
        if self.rng.u8(..3) == 0 {
            let sent = self.clock.rfc2822(head.date, head.zone);
            out.push_str(&format!(
                "Received: by 10.2.0.{} with HTTP; {sent}\n",
                self.rng.u8(2..)
            ));
        }
        out
    }

    /// The Received lines of the sender's and the recipient's Postfix relays.
    fn relays(&mut self, sender: &str, recipient: &str, date: i64) -> String {
        let (origin, destination) = (domain(sender), domain(recipient));
        let (host, relay) = (self.rng.u8(2..=254), self.rng.u8(2..=254));
        let (queue_in, queue_out) = (self.rng.u64(..1 << 40), self.rng.u64(..1 << 40));
        let inbound = self.clock.rfc2822(date + 3, Zone::Utc);
        let outbound = self.clock.rfc2822(date + 1, Zone::Paris);
        format!(
            "Received: from mail.{origin} (mail.{origin} [10.0.{relay}.{host}])\n\
             \tby mx.{destination} (Postfix) with ESMTPS id {queue_in:010X}\n\
             \tfor <{recipient}>; {inbound}\n\
             Received: from [192.168.1.{host}] (unknown [10.1.{relay}.{host}])\n\
             \tby mail.{origin} (Postfix) with ESMTPSA id {queue_out:010X};\n\
             \t{outbound}\n"
        )
    }

    /// Recipients as a header value, folded one per line when long.
    fn address_list(&mut self, people: &[usize]) -> String {
        let mailboxes: Vec<String> = people
            .iter()
            .map(|&person| self.directory.mailbox(self.rng, person))
            .collect();
        let joined = mailboxes.join(", ");
        match joined.len() > ADDRESS_LINE || joined.contains('\n') {
            true => mailboxes.join(",\n "),
            false => joined,
        }
    }
}

/// The Subject value: the prefix, then the topic as is when ASCII, else mostly as RFC 2047
/// encoded words (UTF-8 or latin-1), sometimes as raw 8-bit UTF-8 as sloppy clients send it.
fn subject(rng: &mut Rng, head: &Head) -> String {
    let topic = match (head.topic.is_ascii(), rng.u8(..10)) {
        (true, _) | (false, 0) => head.topic.clone(),
        (false, 1 | 2) => encode::encoded_words(&head.topic, Charset::Latin1),
        (false, _) => encode::encoded_words(&head.topic, Charset::Utf8),
    };
    format!("{}{topic}", head.prefix)
}

/// Appends `Name: value` and LF.
fn push(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(": ");
    out.push_str(value);
    out.push('\n');
}
