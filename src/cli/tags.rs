//! `trawl tag +label -label QUERY` and `trawl tags`.

use std::io::Write;

use trawl::index::Store;
use trawl::search;
use trawl::tags::{Change, Tags};

use crate::UsageError;

/// The flags of `trawl tag`.
#[derive(clap::Args)]
pub struct TagArgs {
    /// +label and -label changes, then the query (it starts at the first argument without a
    /// leading + or -)
    #[arg(required = true, num_args = 2.., allow_hyphen_values = true, trailing_var_arg = true)]
    args: Vec<String>,
}

/// The flags of `trawl tags`.
#[derive(clap::Args)]
pub struct TagsArgs {
    /// One JSON object per line
    #[arg(long)]
    json: bool,
}

/// Applies the changes to every document the query matches; says how many matched and changed.
pub fn run_tag(store: &Store, args: &TagArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (changes, query) = split(&args.args)?;
    let ids = search::matching_ids(store, &query)?;
    let mut tags = Tags::load_for_update(&store.dir)?;
    let changed = tags.apply(&ids, &changes);
    tags.save()?;
    let said: Vec<&str> = args.args[..changes.len()]
        .iter()
        .map(String::as_str)
        .collect();
    writeln!(
        out,
        "{} matching, {changed} changed: {}",
        ids.len(),
        said.join(" ")
    )?;
    Ok(())
}

/// The leading `+label`/`-label` arguments as changes, and the rest as the query.
fn split(args: &[String]) -> anyhow::Result<(Vec<Change>, String)> {
    let at = args
        .iter()
        .position(|a| !(a.starts_with('+') || a.starts_with('-')))
        .unwrap_or(args.len());
    let (changes, query) = args.split_at(at);
    if changes.is_empty() || query.is_empty() {
        return Err(UsageError("usage: trawl tag +label|-label... QUERY".into()).into());
    }
    let changes = changes
        .iter()
        .map(|c| Change::parse(c).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((changes, crate::query_text("tag", query)?))
}

/// Each label with the number of indexed documents carrying it.
pub fn run_tags(store: &Store, args: &TagsArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let tags = Tags::load(&store.dir)?;
    for label in tags.labels() {
        let n = search::count(store, &format!("tag:{label}"))?;
        match args.json {
            true => writeln!(out, "{}", serde_json::json!({"label": label, "count": n}))?,
            false => writeln!(
                out,
                "{n:>8}  {}",
                trawl::sanitize::for_terminal(label, false)
            )?,
        }
    }
    Ok(())
}
