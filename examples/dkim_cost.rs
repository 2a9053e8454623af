//! What DKIM verification costs and finds on an mbox, apart from the rest of indexing.
//!
//! ```sh
//! cargo run --release --example dkim_cost -- FILE.mbox [--dkim-keys KEYS]
//! ```
//!
//! Cuts the mbox into messages as `trawl index` does (`>From ` quoting undone), verifies each
//! one's signatures on one thread with the keys given (none: body hashes only), and prints the
//! messages by result (duplicates counted, unlike `facets --by dkim`), the signatures by
//! result, and the CPU time of the verification alone against that of reading the messages.

use std::time::Instant;

use trawl::dkim::{Keys, Verdict, Verifier, summary};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        return Err("usage: dkim_cost FILE.mbox [--dkim-keys KEYS]".into());
    };
    let keys = match args.iter().position(|a| a == "--dkim-keys") {
        Some(i) => Keys::read(std::path::Path::new(args.get(i + 1).ok_or("KEYS")?))?,
        None => Keys::default(),
    };
    let data = std::fs::read(path)?;
    let started = Instant::now();
    let messages: Vec<Vec<u8>> = trawl::mbox::split(&data)
        .iter()
        .map(|s| trawl::mbox::unquote(&data[s.offset..s.offset + s.len]).into_owned())
        .collect();
    let cut = started.elapsed();
    let verifier = Verifier::new(keys);
    let started = Instant::now();
    let mut emails = std::collections::BTreeMap::<Verdict, u64>::new();
    let mut signatures = std::collections::BTreeMap::<Verdict, u64>::new();
    for raw in &messages {
        let signed = verifier.check(raw);
        *emails.entry(summary(&signed)).or_default() += 1;
        for s in &signed {
            *signatures.entry(s.result).or_default() += 1;
        }
    }
    let verified = started.elapsed();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    println!("{} messages, {bytes} bytes", messages.len());
    println!("cut and unquoted in {:.2} s", cut.as_secs_f64());
    println!("verified in {:.2} s", verified.as_secs_f64());
    for (what, counts) in [("emails", &emails), ("signatures", &signatures)] {
        let each: Vec<String> = counts
            .iter()
            .map(|(v, n)| format!("{} {n}", v.as_str()))
            .collect();
        println!("{what}: {}", each.join(", "));
    }
    Ok(())
}
