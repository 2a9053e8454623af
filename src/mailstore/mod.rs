//! Mail-client stores: files that hold mail in a client's own format rather than as plain
//! RFC 5322 text. Each file here turns one kind of store into what the rest of the pipeline
//! reads: `emlx` finds the message span inside an Apple Mail `.emlx`; `msg` turns an Outlook
//! `.msg` into an [`crate::message::Email`] through `mapi`, which reads its MAPI properties;
//! `pst` walks the folders of an Outlook PST/OST store and loads each message's properties;
//! `rebuild` turns an Outlook item's properties, from either, into the MIME message it
//! stands for.
//!
//! MH folders need nothing here: each numbered file is one message, sniffed as such.

pub mod emlx;
mod mapi;
pub mod msg;
pub mod pst;
mod rebuild;
