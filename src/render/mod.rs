//! Output: JSON lines for scripts, compact blocks for people. Every string from a dump goes
//! through [`crate::sanitize`] before it reaches a terminal; JSON escapes control characters
//! by itself.

mod contacts;
mod show;
mod thread;

use std::io::{self, Write};

use serde::Serialize;

use crate::accounting::{SourceStats, Stats};
use crate::date;
use crate::document::{Card, DocKind, Document};
use crate::entities::{Entities, Kind};
use crate::export::Report;
use crate::export::manifest::Entry;
use crate::export::verify::{Check, Verdict, Verification};
use crate::facets::{FacetBy, Facets};
use crate::location::Location;
use crate::message::{Attachment, Mailbox};
use crate::problem::Problem;
use crate::sanitize::for_terminal;
use crate::search::{Hit, ParentEmail, Snippet};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MATCH: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";
const BAR: &str = "\x1b[36m";

pub use contacts::{contact_json, write_contacts, write_contacts_csv};
pub use show::write_document_json;
pub use thread::{thread_hit_json, thread_row_json, write_thread, write_thread_hit};

/// The JSON shape of a hit: the contract scripts rely on (extend it, never break it).
#[derive(Serialize)]
struct HitJson<'a> {
    /// Version of this shape: fields are only ever added; a change that breaks a script would
    /// come with `v: 2`.
    v: u32,
    id: &'a str,
    kind: &'static str,
    message_id: Option<&'a str>,
    in_reply_to: Option<&'a str>,
    references: &'a [String],
    from: Option<String>,
    from_address: Option<&'a str>,
    to: Vec<String>,
    cc: Vec<String>,
    bcc: Vec<String>,
    subject: Option<&'a str>,
    /// UTC, RFC 3339 (`2017-05-11T12:22:10Z`).
    date: Option<String>,
    /// The sender's own time with their offset (`2017-05-11T14:22:10+02:00`); `null` when
    /// the `Date:` header states no offset (or `-0000`).
    date_local: Option<String>,
    lang: Option<&'a str>,
    paths: Vec<&'a str>,
    locations: Vec<LocationJson<'a>>,
    attachments: &'a [Attachment],
    /// Labels given with `trawl tag`.
    tags: &'a [String],
    score: Option<f32>,
    snippet: &'a str,
    /// The matched words of `snippet`, as `[start, end)` character offsets.
    highlights: Vec<[usize; 2]>,
    /// For an attachment: the first email it was found in.
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<ParentJson<'a>>,
    /// An email's DKIM signatures, each `{domain, selector, result, reason}` (an empty list:
    /// unsigned); `null` when not checked (not an email, or an Outlook item).
    dkim: Option<&'a [crate::dkim::Signed]>,
    /// What the text mentions (addresses, URL domains, phones, IBANs, cards, SIRENs), when
    /// it mentions any.
    #[serde(skip_serializing_if = "Entities::is_empty")]
    entities: &'a Entities,
}

#[derive(Serialize)]
struct LocationJson<'a> {
    path: &'a str,
    offset: u64,
    length: u64,
    /// For an attachment: the email at these bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    /// For an attachment: its number in that email, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    attachment: Option<usize>,
}

impl LocationJson<'_> {
    fn of(l: &Location) -> LocationJson<'_> {
        LocationJson {
            path: &l.path,
            offset: l.offset,
            length: l.length,
            email: l.attachment.as_ref().map(|p| p.email.as_str()),
            attachment: l.attachment.as_ref().map(|p| p.number),
        }
    }
}

/// The email an attachment's hit was found in.
#[derive(Serialize)]
struct ParentJson<'a> {
    id: &'a str,
    /// The attachment's number in it, from 1 (`trawl attachment ID N`).
    attachment: usize,
    subject: Option<&'a str>,
    from: Option<String>,
    date: Option<String>,
    /// The email's date in its sender's own time, as in a hit's `date_local`.
    date_local: Option<String>,
    /// How many other emails carried the same file.
    others: usize,
}

fn parent_json(parent: &ParentEmail) -> ParentJson<'_> {
    let card = parent.card.as_ref();
    ParentJson {
        id: &parent.id,
        attachment: parent.number,
        subject: card.and_then(|c| c.subject.as_deref()),
        from: card.and_then(|c| c.from.first()).map(Mailbox::display),
        date: card.and_then(|c| c.date).map(date::rfc3339),
        date_local: card.and_then(local_date),
        others: parent.others,
    }
}

/// A card's date in its sender's own time (RFC 3339 with the offset), when the offset is known.
pub fn local_date(card: &Card) -> Option<String> {
    date::rfc3339_local(card.date?, card.date_offset)
}

/// A card's date for people: the sender's time and offset, else UTC said so.
fn human_date(card: &Card) -> String {
    card.date.map_or_else(
        || "(no date)".to_owned(),
        |d| date::short(d, card.date_offset),
    )
}

fn displays(boxes: &[Mailbox]) -> Vec<String> {
    boxes.iter().map(Mailbox::display).collect()
}

/// One hit as a JSON object on one line.
pub fn hit_json(hit: &Hit) -> String {
    serde_json::to_string(&hit_shape(hit)).unwrap_or_default()
}

/// The JSON shape of `hit`.
fn hit_shape(hit: &Hit) -> HitJson<'_> {
    let c = &hit.card;
    HitJson {
        v: 1,
        id: &hit.id,
        kind: c.kind.as_str(),
        message_id: c.message_id.as_deref(),
        in_reply_to: c.in_reply_to.as_deref(),
        references: &c.references,
        from: c.from.first().map(Mailbox::display),
        from_address: c.from.first().and_then(|m| m.address.as_deref()),
        to: displays(&c.to),
        cc: displays(&c.cc),
        bcc: displays(&c.bcc),
        subject: c.subject.as_deref(),
        date: c.date.map(date::rfc3339),
        date_local: local_date(c),
        lang: c.lang.as_deref(),
        paths: paths(&c.locations),
        locations: c.locations.iter().map(LocationJson::of).collect(),
        attachments: &c.attachments,
        tags: &hit.tags,
        score: hit.score,
        snippet: &hit.snippet.text,
        highlights: char_ranges(&hit.snippet),
        email: hit.email.as_ref().map(parent_json),
        dkim: c.dkim.as_deref(),
        entities: &c.entities,
    }
}

/// The highlighted byte ranges of a snippet as character offsets (what most languages index
/// strings by).
fn char_ranges(snippet: &Snippet) -> Vec<[usize; 2]> {
    let chars_before = |byte: usize| snippet.text.get(..byte).map(|t| t.chars().count());
    snippet
        .highlights
        .iter()
        .filter_map(|r| Some([chars_before(r.start)?, chars_before(r.end)?]))
        .collect()
}

/// Distinct file paths of the locations, in order.
pub fn paths(locations: &[Location]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for l in locations {
        if !out.contains(&l.path.as_str()) {
            out.push(&l.path);
        }
    }
    out
}

/// Paints terminal styles, or nothing when output is not a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    /// Use ANSI styles.
    pub color: bool,
}

impl Painter {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    /// A histogram bar, coloured on a terminal.
    pub fn paint_bar(&self, bar: &str) -> String {
        self.paint(BAR, bar)
    }
}

/// One hit as a compact human block: date and sender, subject (an attachment's file), id and
/// where, the email an attachment was found in, snippet.
pub fn write_hit(w: &mut impl Write, hit: &Hit, p: Painter) -> io::Result<()> {
    let c = &hit.card;
    let when = human_date(c);
    let parent_card = hit.email.as_ref().and_then(|e| e.card.as_ref());
    let who = c
        .from
        .first()
        .or_else(|| parent_card.and_then(|c| c.from.first()))
        .map_or_else(|| c.kind.as_str().to_owned(), |m| clean(&m.display()));
    writeln!(w, "{}  {}", when, who)?;
    let title = match hit.email {
        Some(_) => c.attachments.first().map(attachment_line),
        None => c.subject.clone(),
    };
    let title = title.unwrap_or_else(|| "(no subject)".into());
    writeln!(w, "  {}", p.paint(BOLD, &clean(&title)))?;
    writeln!(w, "  {}", p.paint(DIM, &clean(&whereabouts(hit))))?;
    if let Some(parent) = &hit.email {
        writeln!(w, "  {}", p.paint(DIM, &clean(&found_in(parent))))?;
    }
    if !hit.snippet.text.trim().is_empty() {
        writeln!(w, "  {}", highlighted(&hit.snippet, p))?;
    }
    writeln!(w)
}

/// What a search found, for people after its hits: `no hits`, `3 hits`, `20 of 15,212 hits`,
/// or `hits 21 to 40 of 15,212` when `offset` hits were skipped.
pub fn hit_count(shown: usize, offset: usize, total: usize) -> String {
    let plural = |n: usize| if n == 1 { "hit" } else { "hits" };
    match (shown, offset) {
        _ if total == 0 => "no hits".to_owned(),
        (0, _) => format!("no hits past the first {}", thousands(offset.min(total))),
        (_, 0) if shown == total => format!("{} {}", thousands(total), plural(total)),
        (_, 0) => format!("{} of {} hits", thousands(shown), thousands(total)),
        _ => format!(
            "hits {} to {} of {}",
            thousands(offset + 1),
            thousands(offset + shown),
            thousands(total)
        ),
    }
}

/// `15212` as `15,212`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Kind, id, first place, how many more, tags.
fn whereabouts(hit: &Hit) -> String {
    let c = &hit.card;
    let more = match c.locations.len() {
        0 | 1 => String::new(),
        n => format!(" (+{} more)", n - 1),
    };
    let place = c.locations.first().map_or("", |l| l.path.as_str());
    let tags = match hit.tags.is_empty() {
        true => String::new(),
        false => format!("  tags: {}", hit.tags.join(" ")),
    };
    format!("{} {} {place}{more}{tags}", c.kind.as_str(), hit.id)
}

/// `name (type, size bytes)`.
fn attachment_line(a: &Attachment) -> String {
    let name = a.name.as_deref().unwrap_or("(unnamed)");
    format!("{name} ({}, {} bytes)", a.mime, a.size)
}

/// Which email an attachment's hit was found in, and in how many others.
fn found_in(parent: &ParentEmail) -> String {
    let subject = parent.card.as_ref().and_then(|c| c.subject.as_deref());
    let others = match parent.others {
        0 => String::new(),
        n => format!(" (and {n} other email{})", if n == 1 { "" } else { "s" }),
    };
    format!(
        "attachment {} of email {}: {}{others}",
        parent.number,
        parent.id,
        subject.unwrap_or("(no subject)")
    )
}

fn clean(text: &str) -> String {
    for_terminal(text, false)
}

/// The snippet, sanitized piece by piece so highlight offsets stay right.
fn highlighted(snippet: &Snippet, p: Painter) -> String {
    let text = &snippet.text;
    let mut out = String::new();
    let mut at = 0;
    for r in &snippet.highlights {
        let (Some(before), Some(word)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        out.push_str(&clean(before));
        out.push_str(&p.paint(MATCH, &clean(word)));
        at = r.end;
    }
    out.push_str(&clean(text.get(at..).unwrap_or_default()));
    out
}

/// `trawl show`: headers, locations, attachments, then the text.
pub fn write_document(
    w: &mut impl Write,
    id: &str,
    card: &Card,
    doc: &Document,
    p: Painter,
) -> io::Result<()> {
    let header = |w: &mut dyn Write, name: &str, value: &str| {
        writeln!(w, "{} {}", p.paint(BOLD, &format!("{name}:")), clean(value))
    };
    header(w, "Id", id)?;
    header(w, "Kind", card.kind.as_str())?;
    if card.kind == DocKind::Attachment {
        return write_attachment_document(w, card, doc, p);
    }
    write_email_fields(w, card, p)?;
    writeln!(w)?;
    show::write_body(w, doc, p)?;
    if !doc.attachment_text.is_empty() {
        writeln!(w, "\n{}", p.paint(DIM, "--- text of the attachments ---"))?;
        writeln!(w, "{}", for_terminal(&doc.attachment_text, true))?;
    }
    Ok(())
}

/// The fields of `trawl show` for an email or article: people, subject, date, ids,
/// locations, numbered attachments.
fn write_email_fields(w: &mut impl Write, card: &Card, p: Painter) -> io::Result<()> {
    let header = |w: &mut dyn Write, name: &str, value: &str| {
        writeln!(w, "{} {}", p.paint(BOLD, &format!("{name}:")), clean(value))
    };
    for (name, boxes) in [
        ("From", &card.from),
        ("To", &card.to),
        ("Cc", &card.cc),
        ("Bcc", &card.bcc),
    ] {
        if !boxes.is_empty() {
            header(w, name, &displays(boxes).join(", "))?;
        }
    }
    header(w, "Subject", card.subject.as_deref().unwrap_or(""))?;
    header(w, "Date", &show_date(card))?;
    if let Some(mid) = &card.message_id {
        header(w, "Message-ID", mid)?;
    }
    if let Some(parent) = &card.in_reply_to {
        header(w, "In-Reply-To", parent)?;
    }
    if !card.references.is_empty() {
        header(w, "References", &card.references.join(" "))?;
    }
    if let Some(signed) = &card.dkim {
        header(w, "DKIM", &crate::dkim::describe(signed))?;
    }
    for l in &card.locations {
        header(
            w,
            "Location",
            &format!("{} @ {} +{}", l.path, l.offset, l.length),
        )?;
    }
    for (n, a) in card.attachments.iter().enumerate() {
        let hash = a
            .sha256
            .as_deref()
            .map_or(String::new(), |h| format!(", sha256 {h}"));
        let name = a.name.as_deref().unwrap_or("(unnamed)");
        let line = format!("{}. {name} ({}, {} bytes{hash})", n + 1, a.mime, a.size);
        header(w, "Attachment", &line)?;
    }
    write_entities(w, &card.entities, p)
}

/// What `show` lists of a document's entities: a line per kind it mentions.
fn write_entities(w: &mut impl Write, entities: &Entities, p: Painter) -> io::Result<()> {
    for kind in Kind::ALL {
        let values = entities.of(kind);
        if values.is_empty() {
            continue;
        }
        let name = match kind {
            Kind::Mention => "Mentions",
            Kind::UrlDomain => "URL domains",
            Kind::Phone => "Phones",
            Kind::Iban => "IBANs",
            Kind::Card => "Cards",
            Kind::Siren => "SIRENs",
        };
        let label = p.paint(BOLD, &format!("{name}:"));
        writeln!(w, "{label} {}", clean(&values.join(", ")))?;
    }
    Ok(())
}

/// The date `show` prints: the sender's own time with its offset, then UTC
/// (`2017-05-11 14:22:10 +02:00 (2017-05-11T12:22:10Z)`); UTC alone when no offset is known.
pub fn show_date(card: &Card) -> String {
    let Some(utc) = card.date else {
        return "(none)".into();
    };
    match date::rfc3339_local(utc, card.date_offset) {
        Some(local) => format!("{} ({})", local.replacen('T', " ", 1), date::rfc3339(utc)),
        None => date::rfc3339(utc),
    }
}

/// The rest of `trawl show` for an attachment: the file, the emails that carried it (each
/// with the attachment's number there, for `trawl attachment`), where, then its text.
fn write_attachment_document(
    w: &mut impl Write,
    card: &Card,
    doc: &Document,
    p: Painter,
) -> io::Result<()> {
    let mut header = |name: &str, value: &str| {
        writeln!(w, "{} {}", p.paint(BOLD, &format!("{name}:")), clean(value))
    };
    if let Some(a) = card.attachments.first() {
        header("File", &attachment_line(a))?;
        header("SHA-256", a.sha256.as_deref().unwrap_or("(not recorded)"))?;
    }
    header("Date", &format!("{} (of the first email)", show_date(card)))?;
    for (email, number) in card.emails() {
        header("Email", &format!("{email} (attachment {number})"))?;
    }
    for l in &card.locations {
        header(
            "Location",
            &format!("{} @ {} +{}", l.path, l.offset, l.length),
        )?;
    }
    write_entities(w, &card.entities, p)?;
    writeln!(w)?;
    writeln!(w, "{}", for_terminal(doc.attachment_text.trim(), true))
}

/// One line of `trawl failures` for people: kind, path, offset, length, reason.
pub fn write_failure(w: &mut impl Write, f: &Problem) -> io::Result<()> {
    writeln!(
        w,
        "{:<8} {} @ {} +{}: {}",
        f.kind,
        for_terminal(&f.path, false),
        f.offset,
        f.length,
        for_terminal(&f.reason.to_string(), false)
    )
}

/// `trawl stats` for people.
pub fn write_stats(w: &mut impl Write, s: &Stats) -> io::Result<()> {
    let rows = [
        ("emails (unique)", s.emails),
        ("occurrences", s.occurrences),
        ("duplicates", s.duplicates),
        ("articles", s.articles),
        ("attachments", s.attachments),
        ("threads", s.threads),
        ("sources", s.sources),
        ("skipped files", s.skipped),
        ("failed", s.failed),
        ("damaged (indexed)", s.damaged),
        ("truncated (indexed)", s.truncated),
        ("merged (indexed)", s.merged),
    ];
    for (name, n) in rows {
        writeln!(w, "{name:<18} {n}")?;
    }
    for src in s.per_source.iter().flatten() {
        write_source(w, src)?;
    }
    Ok(())
}

/// One source file's counts, on one line.
fn write_source(w: &mut impl Write, s: &SourceStats) -> io::Result<()> {
    let path = for_terminal(&s.path, false);
    if let Some(reason) = &s.skipped {
        return writeln!(w, "{path}: skipped, {}", for_terminal(reason, false));
    }
    let merged = match s.merged {
        0 => String::new(),
        n => format!(", {n} merged"),
    };
    writeln!(
        w,
        "{path}: {} emails ({} indexed, {} duplicates, {} failed, {} damaged, {} truncated{merged}), {} articles",
        s.messages, s.indexed, s.duplicates, s.failed, s.damaged, s.truncated, s.articles
    )
}

/// `trawl facets`: a header line, then one `count  value` row per bucket (`count  first  last
/// value` when the buckets have dates), then how to list the documents of a value.
pub fn write_facets(w: &mut impl Write, f: &Facets, by: FacetBy) -> io::Result<()> {
    writeln!(
        w,
        "{} documents matched; {} distinct values of {}; {} without one",
        f.matched,
        f.values,
        by.name(),
        f.without
    )?;
    let width = f
        .buckets
        .iter()
        .map(|b| b.count.to_string().len())
        .max()
        .unwrap_or(1);
    let dated = f.buckets.iter().any(|b| b.dates.is_some());
    for b in &f.buckets {
        let span = match (dated, b.dates) {
            (false, _) => String::new(),
            (true, Some((first, last))) => format!("{}  {}  ", day(first), day(last)),
            (true, None) => format!("{:<10}  {:<10}  ", "-", "-"),
        };
        writeln!(w, "{:>width$}  {span}{}", b.count, clean(&b.value))?;
    }
    if let Some(query) = f.buckets.first().and_then(|b| b.query.as_deref()) {
        writeln!(
            w,
            "the documents of a value: trawl search '{}'",
            clean(query)
        )?;
    }
    Ok(())
}

/// A date as its UTC day (`2017-05-11`).
fn day(secs: i64) -> String {
    date::rfc3339(secs).chars().take(10).collect()
}

/// `trawl facets --json`: one `{"v":1,"value":...,"count":...}` line per bucket, with
/// `first_date`, `last_date` and `query` where the bucket has them.
pub fn write_facets_json(w: &mut impl Write, f: &Facets) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        v: u32,
        value: &'a str,
        count: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        first_date: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        last_date: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        query: Option<&'a str>,
    }
    for b in &f.buckets {
        let line = Line {
            v: 1,
            value: &b.value,
            count: b.count,
            first_date: b.dates.map(|(first, _)| date::rfc3339(first)),
            last_date: b.dates.map(|(_, last)| date::rfc3339(last)),
            query: b.query.as_deref(),
        };
        writeln!(w, "{}", serde_json::to_string(&line).unwrap_or_default())?;
    }
    Ok(())
}

/// `trawl facets --csv`: `value,count,first_date,last_date,query`, then one row per bucket
/// (empty cells where a bucket has no dates or query).
pub fn write_facets_csv(w: &mut impl Write, f: &Facets) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["value", "count", "first_date", "last_date", "query"])?;
    for b in &f.buckets {
        let dates = b
            .dates
            .map(|(first, last)| (date::rfc3339(first), date::rfc3339(last)));
        let (first, last) = dates.unwrap_or_default();
        csv.write_record([
            crate::sanitize::spreadsheet_safe(&b.value),
            b.count.to_string(),
            first,
            last,
            crate::sanitize::spreadsheet_safe(b.query.as_deref().unwrap_or_default()),
        ])?;
    }
    csv.flush()
}

/// `trawl export` for people: what was written where, what was not, and the hashes to note
/// beside the export.
pub fn write_export_report(w: &mut impl Write, to: &std::path::Path, r: &Report) -> io::Result<()> {
    let c = &r.counts;
    let to = clean(&to.display().to_string());
    let (exported, matched) = (c.exported, c.matched);
    writeln!(
        w,
        "exported {exported} of {matched} matching documents into {to}"
    )?;
    let shortfalls = [
        (
            c.failed,
            "failed: ",
            "source changed or gone since it was indexed",
        ),
        (
            c.skipped,
            "skipped:",
            "articles, attachments, .msg files: an mbox export holds RFC 822 emails only; the manifest says which",
        ),
    ];
    for (n, label, why) in shortfalls.iter().filter(|s| s.0 > 0) {
        writeln!(w, "  {label} {n} ({why})")?;
    }
    if r.index_changed {
        writeln!(w, "  warning: the index was written to during the export")?;
    }
    writeln!(w, "  index state sha256:   {}", r.state_sha256)?;
    writeln!(w, "  manifest.json sha256: {}", r.manifest_sha256)
}

/// One document an export did not write (for stderr): id, status, reason.
pub fn write_not_exported(w: &mut impl Write, e: &Entry) -> io::Result<()> {
    let reason = clean(e.reason.as_deref().unwrap_or_default());
    writeln!(w, "not exported {} ({}): {reason}", e.id, e.status.as_str())
}

/// `trawl verify` for people: one line per check, then the verdict and the manifest's hash.
pub fn write_verification(w: &mut impl Write, v: &Verification) -> io::Result<()> {
    for check in &v.checks {
        writeln!(w, "{}", check_line(check))?;
    }
    let t = &v.counts;
    let (ok, missing, altered, unlisted) = (t.ok, t.missing, t.altered, t.unlisted);
    let dir = clean(&v.dir);
    writeln!(
        w,
        "{dir}: {ok} ok, {missing} missing, {altered} altered, {unlisted} unlisted"
    )?;
    if t.not_exported > 0 {
        let n = t.not_exported;
        writeln!(
            w,
            "{n} matching documents were not exported (the manifest says why)"
        )?;
    }
    writeln!(w, "manifest.json sha256: {}", v.manifest_sha256)
}

/// `altered  export.mbox @ 120 +842 (id …): sha256 …, manifest says …`
fn check_line(c: &Check) -> String {
    let mut line = format!("{:<8} {}", c.verdict.as_str(), c.file);
    if let (Some(offset), Some(length), Some(id)) = (c.mbox_offset, c.mbox_length, &c.id) {
        line.push_str(&format!(" @ {offset} +{length} (id {id})"));
    }
    if let (Verdict::Altered, Some(found), Some(expected)) =
        (c.verdict, &c.found_sha256, &c.expected_sha256)
    {
        line.push_str(&format!(": sha256 {found}, manifest says {expected}"));
    }
    if let Some(detail) = &c.detail {
        line.push_str(&format!(": {detail}"));
    }
    clean(&line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_survive_sanitizing() {
        let s = Snippet {
            text: "a\x1b[31m vote élection".into(),
            highlights: std::iter::once(12..21).collect(),
        };
        let out = highlighted(&s, Painter { color: true });
        assert!(!out.contains("\x1b[31m"), "{out:?}");
        assert!(out.contains(&format!("{MATCH}élection{RESET}")));
    }

    #[test]
    fn hit_counts_for_people() {
        assert_eq!(hit_count(0, 0, 0), "no hits");
        assert_eq!(hit_count(1, 0, 1), "1 hit");
        assert_eq!(hit_count(3, 0, 3), "3 hits");
        assert_eq!(hit_count(20, 0, 15_212), "20 of 15,212 hits");
        assert_eq!(hit_count(20, 20, 15_212), "hits 21 to 40 of 15,212");
        assert_eq!(hit_count(0, 50, 7), "no hits past the first 7");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
