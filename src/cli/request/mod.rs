//! Flags into validated requests: the one place where what clap parsed ([`super::args`]) is
//! checked and turned into what the handlers and the library take, as ripgrep turns its flags
//! into one validated config. A refused flag value or misplaced query word is a
//! [`UsageError`](super::exit::UsageError) (exit 2) raised here, before any index is opened.
//! Handlers never see clap's structs.
//!
//! This module holds the requests and [`Request::from_args`]; `flags` validates each command's
//! flags, `export` reads the two forms `export` accepts, `query` checks query words.

mod export;
mod flags;
mod query;

use std::path::PathBuf;

use trawl::correspondents::formats::GraphFormat;
use trawl::export::ExportRequest;
use trawl::facets::FacetBy;
use trawl::ingest::IndexRequest;
use trawl::output::HitFormat;
use trawl::search::SearchRequest;
use trawl::tags::Change;

use super::args::{self, Cli, Command};
use flags::{dkim_verifier, index_dir, index_request};
use query::{optional_query, query_text, query_words};

/// A command with its flags validated: what [`super::run`] hands to the command's handler.
pub enum Request {
    /// `trawl index`.
    Index(Index),
    /// `trawl search` (but `--explain`).
    Search(Search),
    /// `trawl search --explain`.
    Explain(Query),
    /// `trawl origin`: a search for a phrase in the emails' own text, oldest first.
    Origin(Search),
    /// `trawl facets`.
    Facets(Facets),
    /// `trawl timeline` (a facet by month or year, drawn).
    Timeline(Facets),
    /// `trawl help`.
    Help(HelpTopic),
    /// `trawl count`.
    Count(Query),
    /// `trawl show`.
    Show(Show),
    /// `trawl attachment`.
    Attachment(Attachment),
    /// `trawl dkim`.
    Dkim(Dkim),
    /// `trawl thread`.
    Thread(Thread),
    /// `trawl tag`.
    Tag(Tag),
    /// `trawl tags`.
    Tags(Listing),
    /// `trawl contacts`.
    Contacts(Contacts),
    /// `trawl graph`.
    Graph(Graph),
    /// `trawl export`.
    Export(Export),
    /// `trawl verify`.
    Verify(Verify),
    /// `trawl batch`.
    Batch(Batch),
    /// `trawl stats`.
    Stats(Stats),
    /// `trawl serve`.
    Serve(Serve),
    /// `trawl failures`.
    Failures(Failures),
    /// `trawl completions`.
    Completions(clap_complete::Shell),
    /// `trawl man`: the page of trawl, or of one command.
    Man(Option<String>),
    /// `trawl cli-docs`.
    CliDocs,
}

/// `trawl index`: where, and the library's request.
pub struct Index {
    /// The index directory (created if missing).
    pub index: PathBuf,
    /// What to read, and how.
    pub request: IndexRequest,
}

/// `trawl search`: the library's request and how to print what it finds.
pub struct Search {
    /// The index directory.
    pub index: PathBuf,
    /// The query, page and order.
    pub request: SearchRequest,
    /// Hits or conversations, and in which format.
    pub output: SearchOutput,
}

/// How `search` prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SearchOutput {
    /// One entry per hit.
    Hits(HitFormat),
    /// One entry per conversation (`--threads`).
    Threads(ThreadFormat),
}

/// The formats of `search --threads`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ThreadFormat {
    /// A block per conversation.
    Human,
    /// A JSON object per conversation.
    Json,
    /// A conversation id per line.
    Ids,
}

/// A query against an index (`count`, `search --explain`).
pub struct Query {
    /// The index directory.
    pub index: PathBuf,
    /// The query words, joined.
    pub query: String,
}

/// Tables of counts: plain, JSON lines or CSV.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// For people (a table, or a chart for `timeline`).
    Human,
    /// One JSON object per line.
    Json,
    /// CSV with a header row.
    Csv,
}

impl Table {
    fn of(json: bool, csv: bool) -> Table {
        match (json, csv) {
            (true, _) => Table::Json,
            (_, true) => Table::Csv,
            _ => Table::Human,
        }
    }
}

/// `trawl facets` and `trawl timeline`.
pub struct Facets {
    /// The index directory.
    pub index: PathBuf,
    /// The query.
    pub query: String,
    /// What to count by.
    pub by: FacetBy,
    /// Values to show at most.
    pub top: usize,
    /// How to print.
    pub table: Table,
}

/// What `trawl help` explains.
pub enum HelpTopic {
    /// The whole command.
    Overview,
    /// The query language.
    Query,
    /// One command, by name (a known one).
    Command(String),
}

/// `trawl show`.
pub struct Show {
    /// The index directory.
    pub index: PathBuf,
    /// A document id or unique prefix.
    pub id: String,
    /// The original bytes rather than the fields and text.
    pub raw: bool,
    /// The fields and text as one JSON object, with the ranges of an email's own text.
    pub json: bool,
}

/// `trawl dkim`.
pub struct Dkim {
    /// The index directory.
    pub index: PathBuf,
    /// An email id or unique prefix.
    pub id: String,
    /// Checks the signatures: the index's keys, the key file's, DNS if asked.
    pub verifier: trawl::dkim::Verifier,
    /// One JSON object rather than text.
    pub json: bool,
}

/// `trawl attachment`.
pub struct Attachment {
    /// The index directory.
    pub index: PathBuf,
    /// An email's id (or prefix), or an attachment's own.
    pub id: String,
    /// Which attachment of the email, from 1.
    pub number: Option<usize>,
    /// Where to write it.
    pub out: Destination,
}

/// Where `trawl attachment` writes.
pub enum Destination {
    /// Standard output (not a terminal).
    Stdout,
    /// A new file.
    File(PathBuf),
    /// The attachment's own name, made safe, in the current directory.
    OwnName,
}

/// `trawl thread`.
pub struct Thread {
    /// The index directory.
    pub index: PathBuf,
    /// An email's id (or prefix), or an attachment's.
    pub id: String,
    /// JSON lines rather than a tree.
    pub json: bool,
}

/// `trawl tag`.
pub struct Tag {
    /// The index directory.
    pub index: PathBuf,
    /// The labels to add and remove.
    pub changes: Vec<Change>,
    /// The changes as written, for the summary line.
    pub said: Vec<String>,
    /// The query.
    pub query: String,
}

/// A listing of an index with no other flag than `--json` (`trawl tags`).
pub struct Listing {
    /// The index directory.
    pub index: PathBuf,
    /// JSON lines.
    pub json: bool,
}

/// `trawl contacts`.
pub struct Contacts {
    /// The index directory.
    pub index: PathBuf,
    /// The query, if any (else every email).
    pub query: Option<String>,
    /// Addresses to show at most.
    pub limit: usize,
    /// Count the addresses the text mentions too.
    pub mentions: bool,
    /// How to print.
    pub table: Table,
}

/// `trawl graph`.
pub struct Graph {
    /// The index directory.
    pub index: PathBuf,
    /// The query, if any (else every email).
    pub query: Option<String>,
    /// The file format.
    pub format: GraphFormat,
    /// Edges of fewer emails are left out.
    pub min: u64,
    /// Draw sender → mentioned edges too.
    pub mentions: bool,
}

/// `trawl export`.
pub struct Export {
    /// The index directory.
    pub index: PathBuf,
    /// The library's request.
    pub request: ExportRequest,
}

/// `trawl verify`.
pub struct Verify {
    /// The export directory.
    pub dir: PathBuf,
    /// One JSON object.
    pub json: bool,
}

/// `trawl batch`.
pub struct Batch {
    /// The index directory.
    pub index: PathBuf,
    /// The file of queries; `-` is standard input.
    pub file: PathBuf,
    /// JSON lines rather than CSV.
    pub json: bool,
}

/// `trawl stats`.
pub struct Stats {
    /// The index directory.
    pub index: PathBuf,
    /// One JSON object.
    pub json: bool,
    /// Each source's counts too.
    pub sources: bool,
}

/// `trawl serve`: the validated configuration of the server.
pub type Serve = trawl::serve::ServeConfig;

/// `trawl failures`.
pub struct Failures {
    /// The index directory.
    pub index: PathBuf,
    /// JSON lines.
    pub json: bool,
    /// Degraded, truncated and merged messages too.
    pub damaged: bool,
}

impl Request {
    /// Validates the flags of `cli`'s command.
    pub fn from_args(cli: &Cli) -> anyhow::Result<Request> {
        let index = || index_dir(cli.index.clone());
        Ok(match &cli.command {
            Command::Index(a) => {
                let index = index()?;
                let request = index_request(a, &index)?;
                Request::Index(Index { index, request })
            }
            Command::Search(a) if a.explain => Request::Explain(Query {
                index: index()?,
                query: query_words("search", &a.query)?,
            }),
            Command::Search(a) => Request::Search(flags::search(index()?, a)?),
            Command::Origin(a) => Request::Origin(flags::origin(index()?, a)?),
            Command::Facets(a) => Request::Facets(Facets {
                index: index()?,
                query: query_text("facets", &a.query)?,
                by: flags::facet_by(a.by),
                top: usize::try_from(a.top).unwrap_or(usize::MAX),
                table: Table::of(a.json, a.csv),
            }),
            Command::Timeline(a) => Request::Timeline(Facets {
                index: index()?,
                query: query_text("timeline", &a.query)?,
                by: match a.by {
                    args::PeriodArg::Month => FacetBy::Month,
                    args::PeriodArg::Year => FacetBy::Year,
                },
                top: usize::MAX,
                table: Table::of(a.json, a.csv),
            }),
            Command::Help(a) => Request::Help(flags::help_topic(a.topic.as_deref())?),
            Command::Count(a) => Request::Count(Query {
                index: index()?,
                query: query_text("count", &a.query)?,
            }),
            Command::Show(a) => Request::Show(Show {
                index: index()?,
                id: a.id.clone(),
                raw: a.raw,
                json: a.json,
            }),
            Command::Attachment(a) => Request::Attachment(flags::attachment(index()?, a)?),
            Command::Dkim(a) => {
                let index = index()?;
                Request::Dkim(Dkim {
                    verifier: dkim_verifier(&index, &a.keys)?,
                    index,
                    id: a.id.clone(),
                    json: a.json,
                })
            }
            Command::Thread(a) => Request::Thread(Thread {
                index: index()?,
                id: a.id.clone(),
                json: a.json,
            }),
            Command::Tag(a) => Request::Tag(flags::tag(index()?, &a.args)?),
            Command::Tags(a) => Request::Tags(Listing {
                index: index()?,
                json: a.json,
            }),
            Command::Contacts(a) => Request::Contacts(Contacts {
                index: index()?,
                query: optional_query("contacts", &a.query)?,
                limit: a
                    .limit
                    .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX)),
                mentions: a.mentions,
                table: Table::of(a.json, a.csv),
            }),
            Command::Graph(a) => Request::Graph(Graph {
                index: index()?,
                query: optional_query("graph", &a.query)?,
                format: match a.format {
                    args::GraphArg::Csv => GraphFormat::Csv,
                    args::GraphArg::Graphml => GraphFormat::Graphml,
                    args::GraphArg::Dot => GraphFormat::Dot,
                },
                min: a.min,
                mentions: a.mentions,
            }),
            Command::Export(a) => Request::Export(export::export(cli.index.clone(), a)?),
            Command::Verify(a) => Request::Verify(Verify {
                dir: a.dir.clone(),
                json: a.json,
            }),
            Command::Batch(a) => Request::Batch(Batch {
                index: index()?,
                file: a.file.clone(),
                json: a.json,
            }),
            Command::Stats(a) => Request::Stats(Stats {
                index: index()?,
                json: a.json,
                sources: a.sources,
            }),
            Command::Serve(a) => Request::Serve(flags::serve_config(index()?, a)?),
            Command::Failures(a) => Request::Failures(Failures {
                index: index()?,
                json: a.json,
                damaged: a.damaged,
            }),
            Command::Completions(a) => Request::Completions(a.shell),
            Command::Man(a) => Request::Man(flags::man_page(a.command.as_deref())?),
            Command::CliDocs => Request::CliDocs,
        })
    }
}
