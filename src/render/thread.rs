//! Conversations: `trawl thread` draws one as an indented tree (id, date, sender, subject) or
//! writes JSON lines, one email per line; `search --threads` prints a block or a JSON line per
//! conversation with its hits.

use std::io::{self, Write};

use serde::Serialize;

use super::{BOLD, DIM, HitJson, Painter, clean, hit_shape, paths};
use crate::date;
use crate::message::Mailbox;
use crate::search::ThreadHit;
use crate::threads::Row;

/// Widest sender column, in characters.
const SENDER_WIDTH: usize = 24;
/// Digits of the id shown (enough to pass to `show` or `thread`).
const SHORT_ID: usize = 12;

/// The JSON shape of one email of a conversation: a contract (extend it, never break it).
#[derive(Serialize)]
struct RowJson<'a> {
    /// Version of this shape, as in search's JSON lines.
    v: u32,
    /// The thread: the id of its first email in reading order.
    thread: &'a str,
    id: &'a str,
    parent: Option<&'a str>,
    depth: usize,
    date: Option<String>,
    /// The sender's own time, as in a hit's `date_local`.
    date_local: Option<String>,
    from: Option<String>,
    from_address: Option<&'a str>,
    subject: Option<&'a str>,
    message_id: Option<&'a str>,
    paths: Vec<&'a str>,
}

/// One email of the conversation `thread` as a JSON object on one line.
pub fn thread_row_json(row: &Row, thread: &str) -> String {
    let c = &row.card;
    let json = RowJson {
        v: 1,
        thread,
        id: &row.id,
        parent: row.parent.as_deref(),
        depth: row.depth,
        date: c.date.map(date::rfc3339),
        date_local: super::local_date(c),
        from: c.from.first().map(Mailbox::display),
        from_address: c.from.first().and_then(|m| m.address.as_deref()),
        subject: c.subject.as_deref(),
        message_id: c.message_id.as_deref(),
        paths: paths(&c.locations),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

/// The conversation as a tree: a line per email (short id, date, sender, then the subject
/// indented one step per level of answers); the email asked about, `asked`, in bold.
pub fn write_thread(w: &mut impl Write, rows: &[Row], asked: &str, p: Painter) -> io::Result<()> {
    let senders: Vec<String> = rows.iter().map(sender).collect();
    let width = senders.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for (row, who) in rows.iter().zip(&senders) {
        let when = super::human_date(&row.card);
        let subject = clean(row.card.subject.as_deref().unwrap_or("(no subject)"));
        let line = format!(
            "{}  {when:<23}  {who:<width$}  {}{subject}",
            &row.id[..SHORT_ID.min(row.id.len())],
            branch(row.depth),
        );
        match row.id == asked {
            true => writeln!(w, "{}", p.paint(BOLD, &line))?,
            false => writeln!(w, "{line}")?,
        }
    }
    Ok(())
}

/// The sender's name (or address), sanitized and cut to [`SENDER_WIDTH`].
fn sender(row: &Row) -> String {
    let first = row.card.from.first();
    let name = first.and_then(|m| m.name.as_deref().or(m.address.as_deref()));
    let who = clean(name.unwrap_or("(no sender)"));
    match who.chars().count() > SENDER_WIDTH {
        true => who.chars().take(SENDER_WIDTH - 1).chain(['…']).collect(),
        false => who,
    }
}

/// The tree drawing before a subject `depth` answers deep.
fn branch(depth: usize) -> String {
    match depth {
        0 => String::new(),
        d => format!("{}└─ ", "   ".repeat(d - 1)),
    }
}

/// The JSON shape of a conversation found by `search --threads`: a contract (extend it, never
/// break it).
#[derive(Serialize)]
struct ThreadHitJson<'a> {
    /// Version of this shape.
    v: u32,
    /// The conversation: the id of its first email (`trawl thread` takes it).
    thread: &'a str,
    subject: Option<&'a str>,
    first_date: Option<String>,
    last_date: Option<String>,
    /// Emails in the conversation.
    total: usize,
    /// Of which match the query (an email whose attachment matches counts).
    matched: usize,
    /// Attachment documents among `hits` (each counted in `matched` through its email).
    attachments: usize,
    /// Senders of the matching emails, each once, in hit order.
    authors: Vec<String>,
    /// The matching documents, each shaped as a hit of `search --json`.
    hits: Vec<HitJson<'a>>,
}

/// A conversation of `search --threads` as a JSON object on one line.
pub fn thread_hit_json(t: &ThreadHit) -> String {
    let json = ThreadHitJson {
        v: 1,
        thread: &t.thread,
        subject: t.subject.as_deref(),
        first_date: t.dates.0.map(date::rfc3339),
        last_date: t.dates.1.map(date::rfc3339),
        total: t.total,
        matched: matched_emails(t),
        attachments: attachment_hits(t),
        authors: authors(t),
        hits: t.hits.iter().map(hit_shape).collect(),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

/// A conversation of `search --threads` for people: its dates (UTC: they span several
/// senders' zones), how many of its emails match (and how many attachments), who wrote them;
/// its subject; its id and the matching ids, attachments said so.
pub fn write_thread_hit(w: &mut impl Write, t: &ThreadHit, p: Painter) -> io::Result<()> {
    let day = |d: Option<i64>| d.map_or_else(|| "(no date)".to_owned(), |d| date::short(d, None));
    let span = match t.dates {
        (a, b) if a == b => day(a),
        (a, b) => format!("{} → {}", day(a), day(b)),
    };
    let who: Vec<String> = authors(t).iter().map(|a| clean(a)).collect();
    writeln!(w, "{span}  [{}]  {}", matched_line(t), who.join(", "))?;
    let subject = clean(t.subject.as_deref().unwrap_or("(no subject)"));
    writeln!(w, "  {}", p.paint(BOLD, &subject))?;
    let ids: Vec<String> = t
        .hits
        .iter()
        .map(|h| {
            let short = &h.id[..SHORT_ID.min(h.id.len())];
            match h.email {
                Some(_) => format!("{short} (attachment)"),
                None => short.to_owned(),
            }
        })
        .collect();
    let line = format!("thread {}  hits {}", t.thread, ids.join(" "));
    writeln!(w, "  {}", p.paint(DIM, &line))?;
    writeln!(w)
}

/// `2 of 4 emails`, and `, 1 attachment` when attachments are among the hits.
fn matched_line(t: &ThreadHit) -> String {
    let emails = format!(
        "{} of {} email{}",
        matched_emails(t),
        t.total,
        if t.total == 1 { "" } else { "s" }
    );
    match attachment_hits(t) {
        0 => emails,
        1 => format!("{emails}, 1 attachment"),
        n => format!("{emails}, {n} attachments"),
    }
}

/// How many of a conversation's hits are attachments.
fn attachment_hits(t: &ThreadHit) -> usize {
    t.hits.iter().filter(|h| h.email.is_some()).count()
}

/// How many of a conversation's emails match: those hit, and those an attachment hit was
/// found in.
fn matched_emails(t: &ThreadHit) -> usize {
    let mut emails: Vec<&str> = t
        .hits
        .iter()
        .map(|h| h.email.as_ref().map_or(h.id.as_str(), |e| e.id.as_str()))
        .collect();
    emails.sort_unstable();
    emails.dedup();
    emails.len()
}

/// The senders' names (or addresses) of a conversation's hits, each once, in hit order.
fn authors(t: &ThreadHit) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in t.hits.iter().filter_map(|h| h.card.from.first()) {
        let name = m
            .name
            .clone()
            .or_else(|| m.address.clone())
            .unwrap_or_default();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}
