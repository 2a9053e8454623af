//! `gen_corpus`: a deterministic synthetic email dump for indexing benchmarks (trawl against
//! mairix, mu and notmuch).
//!
//! It imitates a leaked campaign mailbox such as the 71,848-message "MacronLeaks" dump: French
//! and English text over a Zipf vocabulary of 40,000 words, a few thousand correspondents,
//! threads with quoted replies, and the MIME mix of real mail (8-bit, quoted-printable latin-1,
//! base64, HTML alternatives, RFC 2047/2231 names, binary and text attachments, CRLF files).
//! The same messages are written as one mboxrd file and as a maildir, with `queries.tsv`
//! listing benchmark queries that match them. Same seed and count, same bytes.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --messages 71848 --out DIR [--seed 1]
//! ```

mod attach;
mod clock;
mod documents;
mod encode;
mod headers;
mod message;
mod mime;
mod people;
mod queries;
mod sink;
mod text;
mod thread;
mod vocab;
mod words;

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;

use crate::message::Generator;
use crate::sink::Sink;

/// Writes a synthetic email dump as DIR/mbox/corpus.mbox and DIR/maildir, with
/// DIR/queries.tsv.
#[derive(Parser)]
struct Args {
    /// Number of messages to generate.
    #[arg(long)]
    messages: usize,
    /// Output directory (must not already hold mbox/ or maildir/).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator: the same seed and count give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Generates the dump and prints one summary line.
fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let mut generator = Generator::new(args.seed)?;
    let mut sink = Sink::create(&args.out, args.seed)?;
    for index in 0..args.messages {
        sink.write(index, &generator.email(index))?;
    }
    let sizes = sink.finish()?;
    queries::write_tsv(&args.out.join("queries.tsv"), &generator.queries())?;
    let totals = generator.totals();
    println!(
        "messages {} threads {} attachments {} mbox_bytes {} maildir_bytes {} seconds {:.2}",
        args.messages,
        totals.threads,
        totals.attachments,
        sizes.mbox,
        sizes.maildir,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
