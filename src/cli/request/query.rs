//! Query words: everything after a command's flags is its query, and a word shaped like a
//! long flag there is refused, naming it.

use clap::CommandFactory;

use crate::cli::args::Cli;
use crate::cli::exit::UsageError;

/// The name of a word shaped like a long flag (`--limit`, `--limit=5`: `limit`).
pub(super) fn long_flag(word: &str) -> Option<&str> {
    let rest = word.strip_prefix("--")?;
    let name = rest.split_once('=').map_or(rest, |(name, _)| name);
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(name)
}

/// The words of the QUERY argument of `command` as one query ([`query_words`]); notes on `or`,
/// `and` and `not` searched as words go to stderr.
pub(super) fn query_text(command: &str, words: &[String]) -> anyhow::Result<String> {
    let text = query_words(command, words)?;
    for note in trawl::query::operator_notes(&text) {
        eprintln!("trawl: {}", trawl::sanitize::for_terminal(&note, false));
    }
    Ok(text)
}

/// The query words joined, or none when there are none (`contacts`, `graph`).
pub(super) fn optional_query(command: &str, words: &[String]) -> anyhow::Result<Option<String>> {
    let text = query_text(command, words)?;
    Ok((!text.trim().is_empty()).then_some(text))
}

/// The words of the QUERY argument of `command` joined. Everything after a command's first
/// query word is query (so that `-word` negations need no quoting), which would silently turn
/// a flag into words: a word shaped like a long flag is refused instead, naming it and saying
/// whether `command` has no such flag or has it but after the query.
pub(super) fn query_words(command: &str, words: &[String]) -> anyhow::Result<String> {
    if let Some(name) = words.iter().find_map(|w| long_flag(w)) {
        let why = match has_flag(command, name) {
            true => format!("--{name} is among the query words: write flags before the query"),
            false => format!("`trawl {command}` has no flag --{name} (see `trawl help {command}`)"),
        };
        return Err(UsageError(why).into());
    }
    Ok(words.join(" "))
}

/// True when the subcommand `command` (or the whole command line) takes `--long`.
pub(super) fn has_flag(command: &str, long: &str) -> bool {
    let mut cli = Cli::command();
    cli.build();
    cli.find_subcommand(command)
        .is_some_and(|c| c.get_arguments().any(|a| a.get_long() == Some(long)))
}
