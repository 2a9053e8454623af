//! `trawl contacts [QUERY]`: the addresses of the matching emails, most active first.

use std::io::Write;

use trawl::correspondents;
use trawl::index::Store;
use trawl::render;

use super::request::{Contacts, Table};

/// Lists the addresses of the matching emails (every email without a query).
pub fn run(r: &Contacts, out: &mut impl Write) -> anyhow::Result<()> {
    let store = Store::open(&r.index)?;
    let options = correspondents::Options {
        mentions: r.mentions,
    };
    let mut people = correspondents::gather_with(&store, r.query.as_deref(), options)?.contacts;
    people.truncate(r.limit);
    match r.table {
        Table::Json => {
            for c in &people {
                writeln!(out, "{}", render::contact_json(c))?;
            }
        }
        Table::Csv => render::write_contacts_csv(out, &people)?,
        Table::Human => render::write_contacts(out, &people)?,
    }
    Ok(())
}
