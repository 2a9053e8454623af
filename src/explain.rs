//! `trawl search --explain`: how a query was understood, the first thing to read when a count
//! surprises. Each term is shown with the words the index's analyzer makes of it, the fields
//! it searches, the words a prefix expands to, and how many documents it matches alone.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;

use tantivy::Searcher;
use tantivy::collector::Count;
use tantivy::tokenizer::TokenStream;

use crate::analysis::folded_analyzer;
use crate::analysis::header::{self, Piece};
use crate::error::{Error, Result};
use crate::fields::{self, FieldKind};
use crate::index::Store;
use crate::query::build::{self, QueryBuilder};
use crate::query::stems::{self, Stems};
use crate::query::{self, Match, Node};
use crate::search::IndexLookups;

/// A `header:Name:value` term: the header's name, the value's words and its encoded pieces,
/// which are found by fingerprint and rechecked against each candidate's source.
fn header_line(text: &str, how: Match) -> String {
    let Some((name, value)) = text.split_once(':') else {
        return format!("{} {text:?}, in header", kind(how));
    };
    let (mut words, mut encoded) = (Vec::new(), Vec::new());
    header::pieces(value, &mut folded_analyzer(), &mut |piece| match piece {
        Piece::Word(w) => words.push(w.to_owned()),
        Piece::Encoded(e) => encoded.push(e.text().to_owned()),
    });
    let mut line = format!(
        "{} {text:?} → {}: {}",
        kind(how),
        name.trim().to_ascii_lowercase(),
        words.join(" ")
    );
    if !encoded.is_empty() {
        let _ = write!(
            line,
            "; encoded data, found by fingerprint and rechecked in each candidate's source: {}",
            encoded.join(" ")
        );
    }
    line + ", in header"
}

/// Expansions of a prefix listed by name; the rest are counted.
const LISTED_EXPANSIONS: usize = 8;

/// The explanation of `text` against the index in `store`, one line per node, indented.
pub fn explain(store: &Store, text: &str) -> Result<String> {
    let node = query::parse(text)?;
    let searcher = store.searcher()?;
    let explainer = Explainer {
        store,
        searcher: &searcher,
        empty: store.empty_fields(&searcher)?,
        lookups: IndexLookups::new(store),
    };
    let mut out = String::new();
    explainer.node(&node, 0, &mut out)?;
    let total = explainer.count(&node)?;
    if build::requires_emails(&node) {
        let _ = writeln!(
            out,
            "kind:email: bare words search emails' own text, not their attachments'"
        );
    }
    for note in query::operator_notes(text) {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out, "the whole query matches {total} documents");
    Ok(out)
}

struct Explainer<'a> {
    store: &'a Store,
    searcher: &'a Searcher,
    /// Fields with no term, left out as in a search.
    empty: HashSet<String>,
    /// The tables beside the index, for `thread:` and `tag:`.
    lookups: IndexLookups<'a>,
}

impl<'a> Explainer<'a> {
    fn node(&self, node: &Node, depth: usize, out: &mut String) -> Result<()> {
        let pad = "  ".repeat(depth);
        match node {
            Node::And(children) | Node::Or(children) => {
                let what = if matches!(node, Node::And(_)) {
                    "all of"
                } else {
                    "any of"
                };
                let _ = writeln!(out, "{pad}{what}:");
                for child in children {
                    self.node(child, depth + 1, out)?;
                }
            }
            Node::Not(child) => {
                let _ = writeln!(out, "{pad}none of:");
                self.node(child, depth + 1, out)?;
            }
            leaf => {
                let _ = writeln!(
                    out,
                    "{pad}{}: {} documents",
                    self.describe(leaf),
                    self.count(leaf)?
                );
            }
        }
        Ok(())
    }

    /// Documents `node` matches on its own.
    fn count(&self, node: &Node) -> Result<usize> {
        let query = QueryBuilder::new(self.store.fields.schema.clone())
            .skipping(self.empty.clone())
            .reading(self.searcher)
            .looking_up(&self.lookups)
            .build(node);
        match query {
            Ok(q) => self
                .searcher
                .search(&q, &Count)
                .map_err(|e| Error::index(&self.store.dir, e)),
            Err(_) => Ok(0),
        }
    }

    fn describe(&self, leaf: &Node) -> String {
        match leaf {
            Node::Term {
                field: Some(def),
                text,
                ..
            } if def.kind == FieldKind::Table => {
                format!("{} {text:?}, from the table beside the index", def.name)
            }
            Node::Term {
                field: Some(def),
                text,
                how,
            } if def.kind == FieldKind::Header => header_line(text, *how),
            Node::Term { field, text, how } => {
                let fields: Vec<&str> = match field {
                    Some(def) => fields::searched(def).map(|d| d.name).collect(),
                    None => (fields::free_text_fields().flat_map(fields::searched))
                        .map(|d| d.name)
                        .collect(),
                };
                let exact =
                    field.filter(|d| matches!(d.kind, FieldKind::Keyword | FieldKind::Label));
                let words = match exact {
                    Some(def) => vec![build::exact_value(def, text)],
                    None => analyzed(text),
                };
                let mut line = format!("{} {text:?} → {}", kind(*how), words.join(" "));
                if *how == Match::Prefix {
                    line.push_str(
                        &self.expansions(&fields, words.last().map_or("", String::as_str)),
                    );
                }
                if let (Match::Word, [word]) = (how, words.as_slice()) {
                    line.push_str(&self.forms(&fields, word));
                }
                line + &format!(", in {}", fields.join(" "))
            }
            Node::DateRange { start, end } => {
                let at = |t: &Option<i64>| t.map_or("…".to_owned(), crate::date::rfc3339);
                format!("date from {} to before {}", at(start), at(end))
            }
            Node::SizeRange { min, max } => {
                let at = |v: &Option<u64>| v.map_or("…".to_owned(), |v| format!("{v} bytes"));
                format!("size from {} to {}", at(min), at(max))
            }
            other => format!("{other:?}"),
        }
    }

    /// ` (forms in running text: election, elections)`: the words a query word also finds in
    /// the stemmed fields it searches; nothing when it finds only itself.
    fn forms(&self, fields: &[&str], word: &str) -> String {
        let mut stems = Stems::default();
        let mut forms = BTreeSet::new();
        let is_prose = |name: &str| {
            fields::TABLE
                .iter()
                .any(|d| d.name == name && d.kind == FieldKind::Prose)
        };
        for name in fields.iter().filter(|name| is_prose(name)) {
            if let Ok(field) = self.store.fields.schema.get_field(name) {
                forms.extend(stems.expand(self.searcher, field, word));
            }
        }
        if forms.len() <= 1 {
            return String::new();
        }
        let listed: Vec<&str> = forms.iter().map(String::as_str).collect();
        format!(" (forms in running text: {})", listed.join(", "))
    }

    /// `(57 words: election, electoral, …)`: the distinct words of `fields` that start with
    /// `prefix`, over every segment.
    fn expansions(&self, fields: &[&str], prefix: &str) -> String {
        let mut words = BTreeSet::new();
        for name in fields {
            if let Ok(field) = self.store.fields.schema.get_field(name) {
                words.extend(stems::words_starting(self.searcher, field, prefix));
            }
        }
        let listed: Vec<&str> = words
            .iter()
            .take(LISTED_EXPANSIONS)
            .map(String::as_str)
            .collect();
        let more = words.len().saturating_sub(LISTED_EXPANSIONS);
        let tail = if more > 0 {
            format!(", … {more} more")
        } else {
            String::new()
        };
        format!(" ({} words: {}{tail})", words.len(), listed.join(", "))
    }
}

/// The words the index's analyzer makes of `text` (lower case, accents removed).
fn analyzed(text: &str) -> Vec<String> {
    let mut analyzer = folded_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words
}

fn kind(how: Match) -> String {
    match how {
        Match::Word => "word".into(),
        Match::Exact => "exact word".into(),
        Match::Phrase => "phrase".into(),
        Match::Near(n) => format!("words within {n} moves"),
        Match::Prefix => "prefix".into(),
        Match::Fuzzy(n) => format!("words within {n} edits of"),
        Match::Regex => "regular expression".into(),
    }
}
