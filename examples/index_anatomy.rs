//! Where a trawl index's bytes and words go: per file kind, per segment and per field.
//!
//! ```sh
//! cargo run --release --example index_anatomy -- INDEX_DIR [--top N]
//! ```
//!
//! Prints markdown tables: the index directory's files by kind (tantivy's postings `.idx`,
//! positions `.pos`, term dictionaries `.term`, document store `.store`, fast columns `.fast`,
//! field norms `.fieldnorm`, deletes `.del`, and trawl's own files), the segments, then for
//! every field its index options, its words (distinct across segments, and words met in one
//! document only), postings (one per word and document), tokens (every occurrence, the number
//! of positions stored where positions are kept), the bytes of its term dictionary, postings,
//! positions, norms and fast column, and how many of its words look like encoded data rather
//! than language (20 bytes or more, or 8 or more mixing letters and digits: base64, hex, ids;
//! for `header`, the word after `name:`).
//! For the `header` field (`name:word` terms) the same per header name, the largest first.
//! It opens the index read-only and writes nothing. benches/real.sh runs it on the index it
//! builds; see benches/README.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use tantivy::schema::{Field, FieldType, IndexRecordOption};
use tantivy::termdict::TermMerger;
use tantivy::{InvertedIndexReader, Searcher};

/// Command line: the index directory and how many header names to list.
struct Args {
    index: PathBuf,
    top: usize,
}

fn parse_args() -> Result<Args> {
    let mut index = None;
    let mut top = 15;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--top" => {
                let value = args.next().context("--top needs a number")?;
                top = value.parse().with_context(|| format!("--top {value}"))?;
            }
            "-h" | "--help" => {
                println!("usage: index_anatomy INDEX_DIR [--top N]");
                std::process::exit(0);
            }
            _ if index.is_none() => index = Some(PathBuf::from(arg)),
            _ => bail!("unexpected argument {arg:?} (usage: index_anatomy INDEX_DIR [--top N])"),
        }
    }
    let index = index.context("usage: index_anatomy INDEX_DIR [--top N]")?;
    Ok(Args { index, top })
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let store = trawl::index::Store::open(&args.index)
        .with_context(|| format!("opening {}", args.index.display()))?;
    let searcher = store.searcher()?;
    let total = print_files(&args.index)?;
    print_segments(&searcher);
    let fields = field_stats(&store.fields.schema, &searcher)?;
    print_fields(&fields, total);
    print_header_names(&fields, args.top);
    Ok(())
}

/// Bytes of the index directory's files by kind; returns the total.
fn print_files(dir: &Path) -> Result<u64> {
    let mut kinds: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if !meta.is_file() {
            continue;
        }
        let kind = file_kind(&entry.file_name().to_string_lossy());
        let slot = kinds.entry(kind).or_default();
        slot.0 += 1;
        slot.1 += meta.len();
    }
    let total: u64 = kinds.values().map(|(_, bytes)| bytes).sum();
    let mut rows: Vec<_> = kinds.into_iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1.1));
    println!("## Files ({:.1} MB)\n", mb(total));
    println!("| kind | files | MB | share |");
    println!("|---|---:|---:|---:|");
    for (kind, (files, bytes)) in rows {
        println!(
            "| {kind} | {files} | {:.2} | {:.1} % |",
            mb(bytes),
            percent(bytes, total)
        );
    }
    println!();
    Ok(total)
}

/// What a file of the index directory holds, from its name.
fn file_kind(name: &str) -> String {
    let tantivy = [
        ("idx", "postings (.idx)"),
        ("pos", "positions (.pos)"),
        ("term", "term dictionaries (.term)"),
        ("store", "document store (.store)"),
        ("fast", "fast columns (.fast)"),
        ("fieldnorm", "field norms (.fieldnorm)"),
        ("del", "deletes (.del)"),
    ];
    let ext = name.rsplit('.').next().unwrap_or("");
    match tantivy.iter().find(|(e, _)| *e == ext) {
        Some((_, kind)) => (*kind).to_string(),
        None => format!("`{name}`"),
    }
}

/// One line per segment: documents, deleted documents, bytes.
fn print_segments(searcher: &Searcher) {
    let readers = searcher.segment_readers();
    println!("## Segments ({})\n", readers.len());
    println!("| segment | documents | deleted | MB |");
    println!("|---|---:|---:|---:|");
    let usage = searcher.space_usage().ok();
    for (i, reader) in readers.iter().enumerate() {
        let bytes = usage
            .as_ref()
            .and_then(|u| u.segments().get(i))
            .map_or(0, |s| s.total().get_bytes());
        println!(
            "| {} | {} | {} | {:.2} |",
            reader.segment_id().short_uuid_string(),
            reader.num_docs(),
            reader.num_deleted_docs(),
            mb(bytes)
        );
    }
    println!();
}

/// Counts for one field, or for one header name of the `header` field.
#[derive(Default, Clone)]
struct Counts {
    /// Distinct words across all segments.
    words: u64,
    /// Distinct words found in one document only (summed document frequency of 1).
    single: u64,
    /// One per word and document, summed over segments.
    postings: u64,
    /// Distinct words that look like encoded data (see [`looks_encoded`]).
    encoded: u64,
    /// Postings of those words.
    encoded_postings: u64,
}

impl Counts {
    fn add_word(&mut self, word: &[u8], doc_freq: u64) {
        self.words += 1;
        self.postings += doc_freq;
        if doc_freq == 1 {
            self.single += 1;
        }
        if looks_encoded(word) {
            self.encoded += 1;
            self.encoded_postings += doc_freq;
        }
    }
}

/// A word of 20 bytes or more, or of 8 or more that mixes letters and digits: base64, hex,
/// message ids, hashes rather than language.
fn looks_encoded(word: &[u8]) -> bool {
    let letters = word.iter().any(u8::is_ascii_alphabetic);
    let digits = word.iter().any(u8::is_ascii_digit);
    word.len() >= 20 || (word.len() >= 8 && letters && digits)
}

/// Everything measured of one field.
struct FieldStats {
    name: String,
    options: &'static str,
    counts: Counts,
    /// Tokens indexed (tantivy's per-segment total, summed).
    tokens: u64,
    /// Words summed over segments (a word in three segments counts three times).
    segment_words: u64,
    bytes: Bytes,
    /// For the `header` field: counts per header name.
    by_header: BTreeMap<String, Counts>,
}

/// Bytes of one field in each part of the index, summed over segments.
#[derive(Default, Clone, Copy)]
struct Bytes {
    termdict: u64,
    postings: u64,
    positions: u64,
    norms: u64,
    fast: u64,
}

impl Bytes {
    fn total(&self) -> u64 {
        self.termdict + self.postings + self.positions + self.norms + self.fast
    }
}

fn field_stats(schema: &tantivy::schema::Schema, searcher: &Searcher) -> Result<Vec<FieldStats>> {
    let bytes = field_bytes(searcher)?;
    let mut out = Vec::new();
    for (field, entry) in schema.fields() {
        let options = index_options(entry.field_type());
        let mut stats = FieldStats {
            name: entry.name().to_string(),
            options,
            counts: Counts::default(),
            tokens: 0,
            segment_words: 0,
            bytes: Bytes::default(),
            by_header: BTreeMap::new(),
        };
        if entry.is_indexed() {
            count_words(searcher, field, &mut stats)?;
        }
        if let Some(b) = bytes.get(entry.name()) {
            stats.bytes = *b;
        }
        out.push(stats);
    }
    Ok(out)
}

/// Walks the field's words in order across segments (tantivy's `TermMerger`).
fn count_words(searcher: &Searcher, field: Field, stats: &mut FieldStats) -> Result<()> {
    let readers: Vec<Arc<InvertedIndexReader>> = searcher
        .segment_readers()
        .iter()
        .map(|r| r.inverted_index(field))
        .collect::<tantivy::Result<_>>()?;
    let mut streams = Vec::new();
    for reader in &readers {
        stats.tokens += reader.total_num_tokens();
        stats.segment_words += reader.terms().num_terms() as u64;
        streams.push(reader.terms().stream()?);
    }
    let is_header = stats.name == "header";
    let mut merger = TermMerger::new(streams);
    while merger.advance() {
        let doc_freq: u64 = merger
            .current_segment_ords_and_term_infos()
            .map(|(_, info)| u64::from(info.doc_freq))
            .sum();
        let key = merger.key();
        if is_header {
            let (name, word) = split_header_term(key);
            stats.counts.add_word(word, doc_freq);
            stats
                .by_header
                .entry(name)
                .or_default()
                .add_word(word, doc_freq);
        } else {
            stats.counts.add_word(key, doc_freq);
        }
    }
    Ok(())
}

/// `received:word` → (`received`, `word`).
fn split_header_term(term: &[u8]) -> (String, &[u8]) {
    match term.iter().position(|&b| b == b':') {
        Some(at) => (
            String::from_utf8_lossy(&term[..at]).into_owned(),
            &term[at + 1..],
        ),
        None => (String::new(), term),
    }
}

/// Indexing options in a few words.
fn index_options(field_type: &FieldType) -> &'static str {
    match field_type {
        FieldType::Str(options) => match options.get_indexing_options() {
            None => "stored only",
            Some(ix) => match (ix.index_option(), ix.fieldnorms()) {
                (IndexRecordOption::WithFreqsAndPositions, _) => "positions",
                (IndexRecordOption::WithFreqs, _) => "freqs",
                (IndexRecordOption::Basic, true) => "docs, norms",
                (IndexRecordOption::Basic, false) => "docs",
            },
        },
        FieldType::Bytes(_) => "stored bytes",
        _ if field_type.is_indexed() => "numeric",
        _ => "fast only",
    }
}

/// Per field name: its bytes in each part of the index, from tantivy's space usage.
fn field_bytes(searcher: &Searcher) -> Result<BTreeMap<String, Bytes>> {
    let usage = searcher.space_usage()?;
    let mut out: BTreeMap<String, Bytes> = BTreeMap::new();
    for segment in usage.segments() {
        let parts: [(&tantivy::space_usage::PerFieldSpaceUsage, usize); 5] = [
            (segment.termdict(), 0),
            (segment.postings(), 1),
            (segment.positions(), 2),
            (segment.fieldnorms(), 3),
            (segment.fast_fields(), 4),
        ];
        for (per_field, part) in parts {
            for usage in per_field.fields() {
                let slot = out.entry(usage.field_name().to_string()).or_default();
                let bytes = usage.total().get_bytes();
                match part {
                    0 => slot.termdict += bytes,
                    1 => slot.postings += bytes,
                    2 => slot.positions += bytes,
                    3 => slot.norms += bytes,
                    _ => slot.fast += bytes,
                }
            }
        }
    }
    Ok(out)
}

fn print_fields(fields: &[FieldStats], total: u64) {
    let mut rows: Vec<&FieldStats> = fields.iter().collect();
    rows.sort_by_key(|f| std::cmp::Reverse(f.bytes.total()));
    println!("## Fields, by bytes (the document store is not per field)\n");
    println!(
        "| field | index options | words | in one doc | encoded-looking words | postings | of them encoded-looking | tokens | words over segments | term dict MB | postings MB | positions MB | norms MB | fast MB | total MB | share of index |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for f in rows {
        let c = &f.counts;
        let b = &f.bytes;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1} % |",
            f.name,
            f.options,
            c.words,
            c.single,
            c.encoded,
            c.postings,
            c.encoded_postings,
            f.tokens,
            f.segment_words,
            mb(b.termdict),
            mb(b.postings),
            mb(b.positions),
            mb(b.norms),
            mb(b.fast),
            mb(b.total()),
            percent(b.total(), total)
        );
    }
    println!();
}

fn print_header_names(fields: &[FieldStats], top: usize) {
    let Some(header) = fields.iter().find(|f| f.name == "header") else {
        return;
    };
    let mut rows: Vec<(&String, &Counts)> = header.by_header.iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1.words));
    let all = &header.counts;
    println!(
        "## `header:` words by header name ({} names; the {} with most distinct words)\n",
        rows.len(),
        top.min(rows.len())
    );
    println!(
        "| header | words | share of header words | in one doc | encoded-looking | postings | share of header postings |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, c) in rows.iter().take(top) {
        println!(
            "| {name} | {} | {:.1} % | {} | {} | {} | {:.1} % |",
            c.words,
            percent(c.words, all.words),
            c.single,
            c.encoded,
            c.postings,
            percent(c.postings, all.postings)
        );
    }
    println!();
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}
