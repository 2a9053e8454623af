//! `trawl contacts [QUERY]` and `trawl graph [QUERY]`.

use std::io::Write;

use clap::ValueEnum;

use trawl::correspondents::{
    self,
    formats::{self, GraphFormat},
};
use trawl::index::Store;
use trawl::render;

/// The flags of `trawl contacts`.
#[derive(clap::Args)]
pub struct ContactsArgs {
    /// One JSON object per line
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// CSV with a header row
    #[arg(long)]
    csv: bool,
    /// Show only the N most active addresses
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    limit: Option<u64>,
    /// The query (optional)
    #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true)]
    query: Vec<String>,
}

/// The flags of `trawl graph`.
#[derive(clap::Args)]
pub struct GraphArgs {
    /// csv (Gephi edge list: Source,Target,Weight,Type), graphml (Gephi, yEd) or dot
    /// (Graphviz)
    #[arg(long, value_enum, default_value = "csv")]
    format: GraphArg,
    /// Leave out edges of fewer emails than this
    #[arg(long, value_name = "N", default_value_t = 1)]
    min: u64,
    /// The query (optional)
    #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true)]
    query: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphArg {
    Csv,
    Graphml,
    Dot,
}

/// Lists the addresses of the matching emails, most active first.
pub fn run_contacts(
    store: &Store,
    args: &ContactsArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let query = optional_query("contacts", &args.query)?;
    let mut people = correspondents::gather(store, query.as_deref())?.contacts;
    let limit = args.limit.map(usize::try_from);
    people.truncate(limit.and_then(Result::ok).unwrap_or(usize::MAX));
    match (args.json, args.csv) {
        (true, _) => {
            for c in &people {
                writeln!(out, "{}", render::contact_json(c))?;
            }
        }
        (_, true) => render::write_contacts_csv(out, &people)?,
        _ => render::write_contacts(out, &people)?,
    }
    Ok(())
}

/// Writes the sender → recipient graph of the matching emails.
pub fn run_graph(store: &Store, args: &GraphArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let mut graph =
        correspondents::gather(store, optional_query("graph", &args.query)?.as_deref())?;
    graph.edges.retain(|e| e.messages >= args.min);
    let format = match args.format {
        GraphArg::Csv => GraphFormat::Csv,
        GraphArg::Graphml => GraphFormat::Graphml,
        GraphArg::Dot => GraphFormat::Dot,
    };
    Ok(formats::write_graph(out, &graph, format)?)
}

/// The query words joined, or none when there are none.
fn optional_query(command: &str, words: &[String]) -> anyhow::Result<Option<String>> {
    let text = crate::query_text(command, words)?;
    Ok((!text.trim().is_empty()).then_some(text))
}
