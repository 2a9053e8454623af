//! Flags into validated requests: the one place where what clap parsed ([`super::args`]) is
//! checked and turned into what the handlers and the library take, as ripgrep turns its flags
//! into one validated config. A refused flag value or misplaced query word is a
//! [`UsageError`] (exit 2) raised here, before any index is opened. Handlers never see clap's
//! structs.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use trawl::correspondents::formats::GraphFormat;
use trawl::export::{ExportFormat, ExportRequest};
use trawl::facets::FacetBy;
use trawl::ingest::IndexRequest;
use trawl::limits::{ContainerLimits, Limits};
use trawl::output::HitFormat;
use trawl::search::{SearchRequest, Sort};
use trawl::tags::Change;

use super::args::{self, Cli, Command, ExportFlags, ExportTail};
use super::exit::UsageError;

/// A command with its flags validated: what [`super::run`] hands to the command's handler.
pub enum Request {
    /// `trawl index`.
    Index(Index),
    /// `trawl search` (but `--explain`).
    Search(Search),
    /// `trawl search --explain`.
    Explain(Query),
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

/// `trawl failures`.
pub struct Failures {
    /// The index directory.
    pub index: PathBuf,
    /// JSON lines.
    pub json: bool,
    /// Degraded, truncated and merged messages too.
    pub damaged: bool,
}

/// `--memory`'s floor per indexing thread: tantivy needs at least this much.
const MIN_MEMORY_MB_PER_THREAD: u64 = 16;

impl Request {
    /// Validates the flags of `cli`'s command.
    pub fn from_args(cli: &Cli) -> anyhow::Result<Request> {
        let index = || index_dir(cli.index.clone());
        Ok(match &cli.command {
            Command::Index(a) => Request::Index(Index {
                index: index()?,
                request: index_request(a)?,
            }),
            Command::Search(a) if a.explain => Request::Explain(Query {
                index: index()?,
                query: query_words("search", &a.query)?,
            }),
            Command::Search(a) => Request::Search(search(index()?, a)?),
            Command::Facets(a) => Request::Facets(Facets {
                index: index()?,
                query: query_text("facets", &a.query)?,
                by: facet_by(a.by),
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
            Command::Help(a) => Request::Help(help_topic(a.topic.as_deref())?),
            Command::Count(a) => Request::Count(Query {
                index: index()?,
                query: query_text("count", &a.query)?,
            }),
            Command::Show(a) => Request::Show(Show {
                index: index()?,
                id: a.id.clone(),
                raw: a.raw,
            }),
            Command::Attachment(a) => Request::Attachment(attachment(index()?, a)?),
            Command::Thread(a) => Request::Thread(Thread {
                index: index()?,
                id: a.id.clone(),
                json: a.json,
            }),
            Command::Tag(a) => Request::Tag(tag(index()?, &a.args)?),
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
            }),
            Command::Export(a) => Request::Export(export(cli.index.clone(), a)?),
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
            Command::Failures(a) => Request::Failures(Failures {
                index: index()?,
                json: a.json,
                damaged: a.damaged,
            }),
            Command::Completions(a) => Request::Completions(a.shell),
            Command::Man(a) => Request::Man(man_page(a.command.as_deref())?),
            Command::CliDocs => Request::CliDocs,
        })
    }
}

/// The index directory: `--index`, then `TRAWL_INDEX`, then the XDG data directory.
fn index_dir(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flag.or_else(|| std::env::var_os("TRAWL_INDEX").map(PathBuf::from)) {
        return Ok(dir);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .context("cannot choose an index directory: set --index, TRAWL_INDEX or HOME")?;
    Ok(data.join("trawl").join("index"))
}

/// Validates `index` flags: the thread count defaults to the cores (at most 8), and the memory
/// budget must give every thread the minimum tantivy needs.
fn index_request(a: &args::IndexArgs) -> anyhow::Result<IndexRequest> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = a.threads.map_or(cores.clamp(1, 8), usize::from);
    let memory_mb = a.memory;
    let floor = MIN_MEMORY_MB_PER_THREAD * threads as u64;
    if memory_mb < floor || memory_mb > 64 * 1024 {
        return Err(UsageError(format!(
            "--memory {memory_mb}: give between {floor} MB ({MIN_MEMORY_MB_PER_THREAD} per thread) and 65536 MB"
        ))
        .into());
    }
    Ok(IndexRequest {
        paths: a.paths.clone(),
        writer_threads: threads,
        writer_memory: usize::try_from(memory_mb * 1024 * 1024)?,
        progress: io::stderr().is_terminal(),
        stop: Arc::new(AtomicBool::new(false)),
        limits: limits(&a.limits),
        container_limits: container_limits(&a.limits),
        rescan: a.rescan,
    })
}

/// What one message may cost to read.
fn limits(a: &args::LimitArgs) -> Limits {
    Limits::new(
        a.max_message_size,
        a.max_mime_depth,
        a.max_headers,
        a.max_header_size,
        a.max_text_size,
        a.max_attachment_text_size,
        a.max_extract_seconds,
    )
}

/// What one archive may cost to read.
fn container_limits(a: &args::LimitArgs) -> ContainerLimits {
    ContainerLimits::new(
        a.max_container_size,
        a.max_container_ratio,
        a.max_container_depth,
        a.max_container_members,
    )
}

/// The search flags as a request: `--json` and `--csv` are short for `--format`; snippets
/// are cut only for formats that show them; `--threads` prints human, json or ids.
fn search(index: PathBuf, a: &args::SearchArgs) -> anyhow::Result<Search> {
    use args::FormatArg;
    let format = match (a.json, a.csv) {
        (true, _) => FormatArg::Json,
        (_, true) => FormatArg::Csv,
        _ => a.format.unwrap_or(FormatArg::Human),
    };
    let query = query_text("search", &a.query)?;
    let output = match (a.threads, format) {
        (true, FormatArg::Csv | FormatArg::Paths) => {
            let why = "--threads prints human, json or ids, not csv or paths";
            return Err(UsageError(why.into()).into());
        }
        (true, FormatArg::Json) => SearchOutput::Threads(ThreadFormat::Json),
        (true, FormatArg::Ids) => SearchOutput::Threads(ThreadFormat::Ids),
        (true, FormatArg::Human) => SearchOutput::Threads(ThreadFormat::Human),
        (false, format) => SearchOutput::Hits(hit_format(format)),
    };
    let snippets = match output {
        SearchOutput::Threads(t) => t == ThreadFormat::Json,
        SearchOutput::Hits(h) => matches!(h, HitFormat::Human | HitFormat::Json | HitFormat::Csv),
    };
    let request = SearchRequest {
        query,
        limit: usize::try_from(a.limit).unwrap_or(usize::MAX),
        offset: usize::try_from(a.offset).unwrap_or(usize::MAX),
        sort: sort(a.sort),
        all: a.all,
        snippets,
    };
    Ok(Search {
        index,
        request,
        output,
    })
}

fn hit_format(format: args::FormatArg) -> HitFormat {
    match format {
        args::FormatArg::Human => HitFormat::Human,
        args::FormatArg::Json => HitFormat::Json,
        args::FormatArg::Csv => HitFormat::Csv,
        args::FormatArg::Ids => HitFormat::Ids,
        args::FormatArg::Paths => HitFormat::Paths,
    }
}

/// The library's order for `--sort`.
fn sort(by: args::SortArg) -> Sort {
    use args::SortArg;
    match by {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Date => Sort::DateAscending,
        SortArg::DateDesc => Sort::DateDescending,
        SortArg::Sender => Sort::SenderAscending,
        SortArg::SenderDesc => Sort::SenderDescending,
        SortArg::Size => Sort::SizeAscending,
        SortArg::SizeDesc => Sort::SizeDescending,
    }
}

fn facet_by(by: args::FacetArg) -> FacetBy {
    use args::FacetArg;
    match by {
        FacetArg::From => FacetBy::From,
        FacetArg::To => FacetBy::To,
        FacetArg::Domain => FacetBy::Domain,
        FacetArg::Folder => FacetBy::Folder,
        FacetArg::AttachmentType => FacetBy::AttachmentType,
        FacetArg::Lang => FacetBy::Lang,
        FacetArg::Month => FacetBy::Month,
        FacetArg::Year => FacetBy::Year,
    }
}

/// `trawl help TOPIC`: `query`, or a command trawl has.
fn help_topic(topic: Option<&str>) -> anyhow::Result<HelpTopic> {
    match topic {
        None => Ok(HelpTopic::Overview),
        Some("query") => Ok(HelpTopic::Query),
        Some(name) if is_command(name) => Ok(HelpTopic::Command(name.to_owned())),
        Some(name) => {
            Err(UsageError(format!("no help on '{name}': try `trawl help query`")).into())
        }
    }
}

/// `trawl man COMMAND`: a command trawl has.
fn man_page(command: Option<&str>) -> anyhow::Result<Option<String>> {
    match command {
        Some(name) if !is_command(name) => {
            Err(UsageError(format!("no command '{name}': see `trawl --help`")).into())
        }
        name => Ok(name.map(str::to_owned)),
    }
}

fn is_command(name: &str) -> bool {
    Cli::command().find_subcommand(name).is_some()
}

/// `--out -` is refused on a terminal: attachments are binary.
fn attachment(index: PathBuf, a: &args::AttachmentArgs) -> anyhow::Result<Attachment> {
    let out = match &a.out {
        Some(path) if path.as_os_str() == "-" => {
            if io::stdout().is_terminal() {
                let why = "--out -: standard output is a terminal; give a file";
                return Err(UsageError(why.into()).into());
            }
            Destination::Stdout
        }
        Some(path) => Destination::File(path.clone()),
        None => Destination::OwnName,
    };
    Ok(Attachment {
        index,
        id: a.id.clone(),
        number: a.number.map(usize::try_from).transpose()?,
        out,
    })
}

/// The leading `+label`/`-label` arguments of `tag` as changes, and the rest as the query.
fn tag(index: PathBuf, words: &[String]) -> anyhow::Result<Tag> {
    let at = words
        .iter()
        .position(|a| !(a.starts_with('+') || a.starts_with('-')))
        .unwrap_or(words.len());
    let (said, query) = words.split_at(at);
    if said.is_empty() || query.is_empty() {
        return Err(UsageError("usage: trawl tag +label|-label... QUERY".into()).into());
    }
    let changes = said
        .iter()
        .map(|c| Change::parse(c).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Tag {
        index,
        changes,
        said: said.to_vec(),
        query: query_text("tag", query)?,
    })
}

/// `trawl export`: its flags, wherever written, and its query. The query is the words after
/// the flags, as for every command; one query argument followed by more flags (`export
/// 'QUERY' --to DIR`) is accepted too, those flags read as [`ExportTail`].
fn export(index_flag: Option<PathBuf>, a: &args::ExportArgs) -> anyhow::Result<Export> {
    let (query, flags, index_after) = match a.query.as_slice() {
        [query, tail @ ..] if tail.first().is_some_and(|w| long_flag(w).is_some()) => {
            let after = export_tail(tail)?;
            let flags = joined(a.flags.clone(), after.flags)?;
            (
                query_text("export", std::slice::from_ref(query))?,
                flags,
                after.index,
            )
        }
        words => (query_text("export", words)?, a.flags.clone(), None),
    };
    let index = match (index_flag, index_after) {
        (Some(_), Some(_)) => return Err(twice("index").into()),
        (before, after) => index_dir(before.or(after))?,
    };
    let to = flags.to.ok_or_else(|| {
        UsageError("`trawl export` needs --to DIR, the directory to write into".into())
    })?;
    let request = ExportRequest {
        query,
        to,
        format: match flags.format.unwrap_or(args::ExportFormatArg::Eml) {
            args::ExportFormatArg::Eml => ExportFormat::Eml,
            args::ExportFormatArg::Mbox => ExportFormat::Mbox,
        },
        limit: flags
            .limit
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        sort: sort(flags.sort.unwrap_or(args::SortArg::Relevance)),
    };
    Ok(Export { index, request })
}

/// The flags after `export 'QUERY'`: a flag `export` lacks is named as such, anything else
/// clap refuses is reported as clap says it.
fn export_tail(tail: &[String]) -> anyhow::Result<ExportTail> {
    for word in tail {
        if let Some(name) = long_flag(word).filter(|name| !has_flag("export", name)) {
            let why = format!("`trawl export` has no flag --{name} (see `trawl help export`)");
            return Err(UsageError(why).into());
        }
    }
    ExportTail::try_parse_from(tail).map_err(|e| {
        let said = e.render().to_string();
        let said = said.trim().trim_start_matches("error: ");
        UsageError(format!("after the query of `trawl export`: {said}")).into()
    })
}

/// The export flags written before the query and after it; each may be written once.
fn joined(before: ExportFlags, after: ExportFlags) -> Result<ExportFlags, UsageError> {
    fn once<T>(name: &str, a: Option<T>, b: Option<T>) -> Result<Option<T>, UsageError> {
        match (a, b) {
            (Some(_), Some(_)) => Err(twice(name)),
            (a, b) => Ok(a.or(b)),
        }
    }
    Ok(ExportFlags {
        to: once("to", before.to, after.to)?,
        format: once("format", before.format, after.format)?,
        limit: once("limit", before.limit, after.limit)?,
        sort: once("sort", before.sort, after.sort)?,
    })
}

fn twice(name: &str) -> UsageError {
    UsageError(format!("--{name} is given twice: give it once"))
}

/// The name of a word shaped like a long flag (`--limit`, `--limit=5`: `limit`).
fn long_flag(word: &str) -> Option<&str> {
    let rest = word.strip_prefix("--")?;
    let name = rest.split_once('=').map_or(rest, |(name, _)| name);
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(name)
}

/// The words of the QUERY argument of `command` as one query ([`query_words`]); notes on `or`,
/// `and` and `not` searched as words go to stderr.
fn query_text(command: &str, words: &[String]) -> anyhow::Result<String> {
    let text = query_words(command, words)?;
    for note in trawl::query::operator_notes(&text) {
        eprintln!("trawl: {}", trawl::sanitize::for_terminal(&note, false));
    }
    Ok(text)
}

/// The query words joined, or none when there are none (`contacts`, `graph`).
fn optional_query(command: &str, words: &[String]) -> anyhow::Result<Option<String>> {
    let text = query_text(command, words)?;
    Ok((!text.trim().is_empty()).then_some(text))
}

/// The words of the QUERY argument of `command` joined. Everything after a command's first
/// query word is query (so that `-word` negations need no quoting), which would silently turn
/// a flag into words: a word shaped like a long flag is refused instead, naming it and saying
/// whether `command` has no such flag or has it but after the query.
fn query_words(command: &str, words: &[String]) -> anyhow::Result<String> {
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
fn has_flag(command: &str, long: &str) -> bool {
    let mut cli = Cli::command();
    cli.build();
    cli.find_subcommand(command)
        .is_some_and(|c| c.get_arguments().any(|a| a.get_long() == Some(long)))
}
