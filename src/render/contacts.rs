//! `trawl contacts`: a table for people, JSON lines or CSV for scripts.

use std::io::{self, Write};

use serde::Serialize;

use super::clean;
use crate::correspondents::Contact;
use crate::date;
use crate::sanitize::spreadsheet_safe;

/// The JSON shape of a contact: a contract (extend it, never break it).
#[derive(Serialize)]
struct ContactJson<'a> {
    /// Version of this shape.
    v: u32,
    address: &'a str,
    /// Display names seen with the address, most frequent first.
    names: &'a [String],
    sent: u64,
    received: u64,
    /// Emails whose text mentions the address, with `--mentions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    mentioned: Option<u64>,
    first_date: Option<String>,
    last_date: Option<String>,
}

/// One contact as a JSON object on one line.
pub fn contact_json(c: &Contact) -> String {
    let json = ContactJson {
        v: 1,
        address: &c.address,
        names: &c.names,
        sent: c.sent,
        received: c.received,
        mentioned: c.mentioned,
        first_date: c.first.map(date::rfc3339),
        last_date: c.last.map(date::rfc3339),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

/// Contacts as CSV with a header row (names joined with `; `), and a last `mentioned` column
/// when mentions were counted.
pub fn write_contacts_csv(w: &mut impl Write, contacts: &[Contact]) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let mentions = contacts.iter().any(|c| c.mentioned.is_some());
    let mut header = vec![
        "address",
        "names",
        "sent",
        "received",
        "first_date",
        "last_date",
    ];
    if mentions {
        header.push("mentioned");
    }
    out.write_record(&header)?;
    for c in contacts {
        let day = |d: Option<i64>| d.map(date::rfc3339).unwrap_or_default();
        let mut row = vec![
            spreadsheet_safe(&c.address),
            spreadsheet_safe(&c.names.join("; ")),
            c.sent.to_string(),
            c.received.to_string(),
            day(c.first),
            day(c.last),
        ];
        if mentions {
            row.push(c.mentioned.unwrap_or(0).to_string());
        }
        out.write_record(&row)?;
    }
    out.flush()
}

/// Contacts as a table: address, sent, received (and mentioned, when counted), first and
/// last day, names.
pub fn write_contacts(w: &mut impl Write, contacts: &[Contact]) -> io::Result<()> {
    let addresses: Vec<String> = contacts.iter().map(|c| clean(&c.address)).collect();
    let width = addresses
        .iter()
        .map(|a| a.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let mentions = contacts.iter().any(|c| c.mentioned.is_some());
    let mentioned = |n: Option<u64>| match mentions {
        true => format!(
            "  {:>9}",
            n.map_or_else(|| "mentioned".to_owned(), |n| n.to_string())
        ),
        false => String::new(),
    };
    writeln!(
        w,
        "{:<width$}  {:>6}  {:>8}{}  {:<10}  {:<10}  names",
        "address",
        "sent",
        "received",
        mentioned(None),
        "first UTC",
        "last UTC"
    )?;
    for (c, address) in contacts.iter().zip(&addresses) {
        let day = |d: Option<i64>| {
            d.map_or_else(
                || "-".to_owned(),
                |d| date::short(d, None).chars().take(10).collect(),
            )
        };
        let names = clean(&c.names.join(", "));
        writeln!(
            w,
            "{address:<width$}  {:>6}  {:>8}{}  {:<10}  {:<10}  {names}",
            c.sent,
            c.received,
            mentioned(Some(c.mentioned.unwrap_or(0))),
            day(c.first),
            day(c.last)
        )?;
    }
    Ok(())
}
