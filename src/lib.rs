//! trawl: full-text search for leaked-email dumps.
//!
//! Data flows one way. Indexing: [`discover`] finds files → [`sniff`] tells what each holds →
//! [`mbox`] splits mailboxes → [`message`] and [`article`] parse and extract →
//! [`document`] gives each a stable identity → [`ingest`] deduplicates and feeds the tantivy
//! writer in [`index`], whose ledger accounts for every message read. Searching: [`query`]
//! parses and builds → [`search`] collects and cuts snippets from the sources →
//! [`render`] and [`output`] print, through [`sanitize`]. See ARCHITECTURE.md for the map.

#![warn(missing_docs)]

pub mod accounting;
pub mod analysis;
pub mod article;
pub mod batch;
pub mod charset;
pub mod chart;
pub mod container;
pub mod correspondents;
pub mod date;
pub mod discover;
pub mod dkim;
pub mod document;
pub mod entities;
pub mod error;
pub mod explain;
pub mod export;
pub mod extract;
pub mod facets;
pub mod fields;
pub mod html;
pub mod index;
pub mod ingest;
pub mod lang;
pub mod limits;
pub mod location;
pub mod mailstore;
pub mod mbox;
pub mod message;
pub mod output;
pub mod problem;
pub mod query;
pub mod quotes;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod sniff;
pub mod source;
pub mod tags;
pub mod threads;

pub use error::{Error, Result};
