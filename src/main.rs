//! The `trawl` command: parses flags into validated requests (in [`Cli::index_dir`], each
//! `*_request` function and the [`cli`] modules, nowhere else), calls the library, prints. Exit codes: 0 success,
//! 1 failure, 2 bad usage or malformed query. A closed pipe (`trawl search x | head`) exits
//! quietly.

mod cli;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use cli::SortArg;
use trawl::accounting;
use trawl::chart;
use trawl::facets::{self, FacetBy};
use trawl::index::Store;
use trawl::ingest::{self, IndexRequest, RunReport};
use trawl::limits::{self, ContainerLimits, Limits};
use trawl::output::{HitFormat, HitWriter};
use trawl::render::{self, Painter};
use trawl::search::{self, SearchRequest};

/// Full-text search for leaked-email dumps: mbox, maildir, .eml and news articles.
#[derive(Parser)]
#[command(version, about, after_help = query_help(), disable_help_subcommand = true)]
struct Cli {
    /// Index directory [env: TRAWL_INDEX] [default: $XDG_DATA_HOME/trawl/index, else ~/.local/share/trawl/index]
    #[arg(long, global = true, value_name = "DIR")]
    index: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index files and directories (mbox, maildir, .eml, articles); re-running is safe
    Index(IndexArgs),
    /// Search; prints one block per hit (then, on a terminal, the number of hits on stderr),
    /// or JSON lines with --json
    #[command(after_help = query_help())]
    Search {
        /// One JSON object per line (same as --format json)
        #[arg(long, conflicts_with_all = ["csv", "format"])]
        json: bool,
        /// CSV with a header row (same as --format csv)
        #[arg(long, conflicts_with = "format")]
        csv: bool,
        /// Output: human, json (JSON lines, "v":1), csv, ids (one id a line) or paths (the files
        /// of each hit, one a line)
        #[arg(long, value_name = "FORMAT")]
        format: Option<FormatArg>,
        /// Hits to show
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
        limit: u64,
        /// Every hit (--limit is ignored): streamed in index order, or in --sort order
        #[arg(long)]
        all: bool,
        /// Print how the query is understood (words, fields, prefix expansions, documents
        /// each part matches) instead of the hits
        #[arg(long)]
        explain: bool,
        /// Group hits by conversation: one result per thread (its dates, matching/total
        /// emails, authors, subject, the matching ids), in the order of each thread's first
        /// hit; --limit and --offset count threads. Formats: human, json, ids (thread ids)
        #[arg(long, conflicts_with = "explain")]
        threads: bool,
        /// Hits to skip
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// Order: relevance, date (oldest first), -date (newest first), sender, -sender,
        /// size (smallest first), -size (largest first)
        #[arg(long, default_value = "relevance", allow_hyphen_values = true)]
        sort: SortArg,
        /// The query (several words are joined with spaces)
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
        query: Vec<String>,
    },
    /// Count the matching documents by sender, recipient, domain, folder, attachment type,
    /// language, month or year
    #[command(after_help = query_help())]
    Facets {
        /// What to count by
        #[arg(long, value_enum)]
        by: FacetArg,
        /// Values to show, largest first (months and years are all shown, in order)
        #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
        top: u64,
        /// One JSON object per line
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV with a header row
        #[arg(long)]
        csv: bool,
        /// The query
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
        query: Vec<String>,
    },
    /// Draw how many matching documents each month (or year) holds
    #[command(after_help = query_help())]
    Timeline {
        /// Months or years
        #[arg(long, value_enum, default_value = "month")]
        by: PeriodArg,
        /// One JSON object per line (as `facets --json`)
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV with a header row (as `facets --csv`)
        #[arg(long)]
        csv: bool,
        /// The query
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
        query: Vec<String>,
    },
    /// Help on a command, or on the query language (`trawl help query`)
    Help {
        /// `query`, or a command name
        topic: Option<String>,
    },
    /// Print the number of matching documents, nothing else
    Count {
        /// The query
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
        query: Vec<String>,
    },
    /// Show a document by id (or unique id prefix); --raw writes its original bytes
    Show {
        /// Document id, as printed by search
        id: String,
        /// Write the message's original bytes exactly (control characters escaped on a terminal)
        #[arg(long)]
        raw: bool,
    },
    /// Write one attachment of an email (numbered as `show` lists them) to a file, byte-exact
    Attachment(cli::attachment::AttachmentArgs),
    /// Show the whole conversation of an email as a tree (date, sender, subject)
    Thread(cli::threads::ThreadArgs),
    /// Add (+label) or remove (-label) labels on every document a query matches
    #[command(after_help = query_help())]
    Tag(cli::tags::TagArgs),
    /// List the labels in use, with how many indexed documents carry each
    Tags(cli::tags::TagsArgs),
    /// List the addresses of the matching emails (every email without a query): names seen,
    /// emails sent and received, first and last date; most active first
    #[command(after_help = query_help())]
    Contacts(cli::correspondents::ContactsArgs),
    /// Write who wrote to whom in the matching emails (every email without a query) as a
    /// directed graph: sender -> recipient edges weighted by emails, for Gephi or Graphviz
    #[command(after_help = query_help())]
    Graph(cli::correspondents::GraphArgs),
    /// Write every matching document byte-exact into a new directory, with a manifest
    /// (manifest.json, manifest.csv: locations, SHA-256, query, time, index state)
    #[command(after_help = query_help())]
    Export(cli::export::ExportArgs),
    /// Check an export against its manifest: every file there, every hash as recorded
    Verify(cli::export::VerifyArgs),
    /// Run a file of queries (one a line) and write a CSV row each: hits, first and last
    /// dates, top senders
    #[command(after_help = query_help())]
    Batch(cli::batch::BatchArgs),
    /// Counts: unique emails, occurrences, duplicates, articles, skipped, failed, sources
    Stats {
        /// One JSON object
        #[arg(long)]
        json: bool,
        /// Also the counts of each source file (`per_source` in JSON)
        #[arg(long)]
        sources: bool,
    },
    /// List every skipped file and every message not indexed, with path, offset, length and reason
    Failures {
        /// One JSON object per line
        #[arg(long)]
        json: bool,
        /// Also list messages indexed from a degraded parse (repaired headers, raw text), only
        /// up to a limit, or probably merged with the next (an envelope line left in a body)
        #[arg(long)]
        damaged: bool,
    },
}

/// The flags of `trawl index`, turned into an [`IndexRequest`] by [`index_request`].
#[derive(clap::Args)]
struct IndexArgs {
    /// Files or directories, walked recursively
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Indexing threads [default: the number of cores, at most 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    threads: Option<u16>,
    /// Memory budget of the index writer, in MB, shared by its threads
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MEMORY_MB)]
    memory: u64,
    #[command(flatten)]
    limits: LimitArgs,
    /// Read every file again, even those unchanged (same size and modification time) since
    /// they were last indexed
    #[arg(long)]
    rescan: bool,
}

/// What one message, and one archive, may cost to read; past a limit what was read is indexed
/// and the truncation is recorded (`trawl failures --damaged` lists it).
#[derive(clap::Args)]
struct LimitArgs {
    /// Bytes of a message that are parsed, in MB
    #[arg(long, value_name = "MB", default_value_t = limits::MESSAGE_MB, value_parser = clap::value_parser!(u64).range(1..))]
    max_message_size: u64,
    /// Depth of nested MIME parts and forwarded messages that is opened
    #[arg(long, value_name = "N", default_value_t = limits::MIME_DEPTH, value_parser = clap::value_parser!(u64).range(1..=100))]
    max_mime_depth: u64,
    /// Header fields read per message
    #[arg(long, value_name = "N", default_value_t = limits::HEADER_COUNT, value_parser = clap::value_parser!(u64).range(1..))]
    max_headers: u64,
    /// Bytes of a header block read, in KB
    #[arg(long, value_name = "KB", default_value_t = limits::HEADER_KB, value_parser = clap::value_parser!(u64).range(1..))]
    max_header_size: u64,
    /// Text indexed per message (forwarded messages included), in MB
    #[arg(long, value_name = "MB", default_value_t = limits::TEXT_MB, value_parser = clap::value_parser!(u64).range(1..))]
    max_text_size: u64,
    /// Text read from one attachment (PDF, office document, text...), in MB; 0 reads no
    /// attachment for its text (names, types, sizes and hashes are still recorded)
    #[arg(long, value_name = "MB", default_value_t = limits::ATTACHMENT_TEXT_MB, value_parser = clap::value_parser!(u64).range(0..))]
    max_attachment_text_size: u64,
    /// Seconds one attachment's reader (PDF, office document, spreadsheet, RTF) may run; past
    /// it the attachment's text is given up and the email reported (at most 4 such readers run
    /// on at once; while they do, further attachments are not read, and reported)
    #[arg(long, value_name = "N", default_value_t = limits::EXTRACT_SECONDS, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    max_extract_seconds: u64,
    /// Decompressed bytes read from one archive, nested archives included, in MB
    #[arg(long, value_name = "MB", default_value_t = limits::CONTAINER_MB, value_parser = clap::value_parser!(u64).range(1..))]
    max_container_size: u64,
    /// Decompressed bytes per byte of an archive on disk (checked past 16 MB: zip bombs)
    #[arg(long, value_name = "N", default_value_t = limits::CONTAINER_RATIO, value_parser = clap::value_parser!(u64).range(1..))]
    max_container_ratio: u64,
    /// Archives opened inside one another (the one on disk is 1)
    #[arg(long, value_name = "N", default_value_t = limits::CONTAINER_DEPTH, value_parser = clap::value_parser!(u64).range(1..=64))]
    max_container_depth: u64,
    /// Entries read from one archive
    #[arg(long, value_name = "N", default_value_t = limits::CONTAINER_MEMBERS, value_parser = clap::value_parser!(u64).range(1..))]
    max_container_members: u64,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits::new(
            self.max_message_size,
            self.max_mime_depth,
            self.max_headers,
            self.max_header_size,
            self.max_text_size,
            self.max_attachment_text_size,
            self.max_extract_seconds,
        )
    }

    fn container_limits(&self) -> ContainerLimits {
        ContainerLimits::new(
            self.max_container_size,
            self.max_container_ratio,
            self.max_container_depth,
            self.max_container_members,
        )
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FacetArg {
    From,
    To,
    Domain,
    Folder,
    AttachmentType,
    Lang,
    Month,
    Year,
}

#[derive(Clone, Copy, ValueEnum)]
enum PeriodArg {
    Month,
    Year,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Csv,
    Ids,
    Paths,
}

fn query_help() -> String {
    format!(
        "Query syntax: words are ANDed; OR, NOT, -word, \"exact phrase\", \"near words\"~N,\n\
         prefix*, fuzzy~1, /regex/, (groups); case and accents are ignored. `trawl help query`\n\
         has an example of each. Fields:\n{}",
        trawl::fields::help_text()
    )
}

impl Cli {
    /// The index directory: --index, then TRAWL_INDEX, then the XDG data directory.
    fn index_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = self
            .index
            .clone()
            .or_else(|| std::env::var_os("TRAWL_INDEX").map(PathBuf::from))
        {
            return Ok(dir);
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .context("cannot choose an index directory: set --index, TRAWL_INDEX or HOME")?;
        Ok(data.join("trawl").join("index"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "trawl: {}",
                trawl::sanitize::for_terminal(&format!("{e:#}"), false)
            );
            ExitCode::from(match () {
                _ if e.downcast_ref::<Interrupted>().is_some() => 130,
                _ if is_usage_error(&e) => 2,
                _ => 1,
            })
        }
    }
}

/// `trawl index` stopped by Ctrl-C: exit code 130, as for any command interrupted by SIGINT.
#[derive(Debug)]
struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted: what was read is indexed and committed; run the same command again to finish")
    }
}

impl std::error::Error for Interrupted {}

/// The first Ctrl-C asks the run to stop reading and commit what it read; a second one
/// aborts at once (the index stays as of its last commit).
fn stop_on_ctrl_c(stop: Arc<AtomicBool>) {
    let _ = ctrlc::set_handler(move || {
        if stop.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
        eprintln!("trawl: stopping: committing what was read (Ctrl-C again to abort)");
    });
}

/// A flag value that clap accepted but validation refused: exit code 2, like clap's errors.
#[derive(Debug)]
struct UsageError(String);

/// The words of the QUERY argument of `command` as one query ([`query_words`]); notes on `or`,
/// `and` and `not` searched as words go to stderr.
fn query_text(command: &str, words: &[String]) -> anyhow::Result<String> {
    let text = query_words(command, words)?;
    for note in trawl::query::operator_notes(&text) {
        eprintln!("trawl: {}", trawl::sanitize::for_terminal(&note, false));
    }
    Ok(text)
}

/// The words of the QUERY argument of `command` joined. Everything after a command's first
/// query word is query (so that `-word` negations need no quoting), which would silently turn
/// a flag into words: a word shaped like a long flag is refused instead, naming it and saying
/// whether `command` has no such flag or has it but after the query.
fn query_words(command: &str, words: &[String]) -> anyhow::Result<String> {
    let flag = words.iter().find(|w| {
        w.strip_prefix("--")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
    });
    if let Some(flag) = flag {
        let name = flag.split_once('=').map_or(flag.as_str(), |(name, _)| name);
        let why = match has_flag(command, &name[2..]) {
            true => format!("{name} is among the query words: write flags before the query"),
            false => format!("`trawl {command}` has no flag {name} (see `trawl help {command}`)"),
        };
        return Err(UsageError(why).into());
    }
    Ok(words.join(" "))
}

/// True when the subcommand `command` (or the whole command line) takes `--long`.
fn has_flag(command: &str, long: &str) -> bool {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    cli.find_subcommand(command)
        .is_some_and(|c| c.get_arguments().any(|a| a.get_long() == Some(long)))
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Malformed queries and refused flag values exit with 2.
fn is_usage_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<UsageError>().is_some()
        || e.downcast_ref::<trawl::Error>()
            .is_some_and(|e| matches!(e, trawl::Error::Query(_)))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let dir = cli.index_dir()?;
    let out = &mut io::stdout().lock();
    let painter = Painter {
        color: io::stdout().is_terminal(),
    };
    match &cli.command {
        Command::Index(args) => index(&dir, &index_request(args)?, out),
        Command::Search {
            json,
            csv,
            format,
            limit,
            all,
            explain,
            threads,
            offset,
            sort,
            query,
        } => {
            if *explain {
                let text =
                    trawl::explain::explain(&Store::open(&dir)?, &query_words("search", query)?)?;
                return Ok(write!(
                    out,
                    "{}",
                    trawl::sanitize::for_terminal(&text, true)
                )?);
            }
            let format = output_format(*json, *csv, *format);
            let mut request = search_request(query, (*limit, *offset, *all), *sort, format)?;
            let store = Store::open(&dir)?;
            if *threads {
                request.snippets = format == FormatArg::Json;
                return search_threads(&store, &request, format, out, painter);
            }
            let mut writer = HitWriter::new(out, hit_format(format), painter)?;
            let mut shown = 0;
            let total = search::search_each::<anyhow::Error>(&store, &request, &mut |hit| {
                shown += 1;
                Ok(writer.write(&hit)?)
            })?;
            writer.finish()?;
            if format == FormatArg::Human && io::stderr().is_terminal() {
                eprintln!("{}", render::hit_count(shown, request.offset, total));
            }
            Ok(())
        }
        Command::Facets {
            by,
            top,
            json,
            csv,
            query,
        } => {
            let by = facet_by(*by);
            let top = usize::try_from(*top).unwrap_or(usize::MAX);
            let counted =
                facets::facets(&Store::open(&dir)?, &query_text("facets", query)?, by, top)?;
            match (*json, *csv) {
                (true, _) => render::write_facets_json(out, &counted)?,
                (_, true) => render::write_facets_csv(out, &counted)?,
                _ => render::write_facets(out, &counted, by)?,
            }
            Ok(())
        }
        Command::Timeline {
            by,
            json,
            csv,
            query,
        } => {
            let by = match by {
                PeriodArg::Month => FacetBy::Month,
                PeriodArg::Year => FacetBy::Year,
            };
            let text = query_text("timeline", query)?;
            let counted = facets::facets(&Store::open(&dir)?, &text, by, usize::MAX)?;
            match (*json, *csv) {
                (true, _) => render::write_facets_json(out, &counted)?,
                (_, true) => render::write_facets_csv(out, &counted)?,
                _ => chart::write_timeline(out, &counted, painter)?,
            }
            Ok(())
        }
        Command::Help { topic } => help(out, topic.as_deref()),
        Command::Count { query } => Ok(writeln!(
            out,
            "{}",
            search::count(&Store::open(&dir)?, &query_text("count", query)?)?
        )?),
        Command::Export(args) => cli::export::run_export(&dir, args, out),
        Command::Verify(args) => cli::export::run_verify(args, out),
        Command::Batch(args) => cli::batch::run_batch(&dir, args, out),
        Command::Show { id, raw } => show(&Store::open(&dir)?, id, *raw, out, painter),
        Command::Tag(args) => cli::tags::run_tag(&Store::open(&dir)?, args, out),
        Command::Tags(args) => cli::tags::run_tags(&Store::open(&dir)?, args, out),
        Command::Contacts(args) => {
            cli::correspondents::run_contacts(&Store::open(&dir)?, args, out)
        }
        Command::Graph(args) => cli::correspondents::run_graph(&Store::open(&dir)?, args, out),
        Command::Attachment(args) => {
            cli::attachment::run_attachment(&Store::open(&dir)?, args, out)
        }
        Command::Thread(args) => cli::threads::run_thread(&Store::open(&dir)?, args, out, painter),
        Command::Failures { json, damaged } => {
            for f in accounting::failures(&Store::open(&dir)?, *damaged)? {
                if *json {
                    writeln!(out, "{}", serde_json::to_string(&f)?)?;
                } else {
                    render::write_failure(out, &f)?;
                }
            }
            Ok(())
        }
        Command::Stats { json, sources } => {
            let stats = accounting::stats(&Store::open(&dir)?, *sources)?;
            if *json {
                Ok(writeln!(out, "{}", serde_json::to_string(&stats)?)?)
            } else {
                Ok(render::write_stats(out, &stats)?)
            }
        }
    }
}

/// The search flags as a request: snippets only for formats that show them.
fn search_request(
    query: &[String],
    (limit, offset, all): (u64, u64, bool),
    sort: SortArg,
    format: FormatArg,
) -> anyhow::Result<SearchRequest> {
    Ok(SearchRequest {
        query: query_text("search", query)?,
        limit: usize::try_from(limit).unwrap_or(usize::MAX),
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
        sort: sort.sort(),
        all,
        snippets: matches!(format, FormatArg::Human | FormatArg::Json | FormatArg::Csv),
    })
}

/// `trawl help query` prints the query language; `trawl help CMD` that command's help.
fn help(out: &mut impl Write, topic: Option<&str>) -> anyhow::Result<()> {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    let text = match topic {
        Some("query") => trawl::query::help(),
        Some(name) => match cli.find_subcommand_mut(name) {
            Some(cmd) => cmd.render_long_help().to_string(),
            None => {
                return Err(
                    UsageError(format!("no help on '{name}': try `trawl help query`")).into(),
                );
            }
        },
        None => cli.render_long_help().to_string(),
    };
    Ok(write!(out, "{text}")?)
}

fn facet_by(by: FacetArg) -> FacetBy {
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

/// `--json` and `--csv` are short for `--format json` and `--format csv`.
fn output_format(json: bool, csv: bool, format: Option<FormatArg>) -> FormatArg {
    match (json, csv) {
        (true, _) => FormatArg::Json,
        (_, true) => FormatArg::Csv,
        _ => format.unwrap_or(FormatArg::Human),
    }
}

fn hit_format(format: FormatArg) -> HitFormat {
    match format {
        FormatArg::Human => HitFormat::Human,
        FormatArg::Json => HitFormat::Json,
        FormatArg::Csv => HitFormat::Csv,
        FormatArg::Ids => HitFormat::Ids,
        FormatArg::Paths => HitFormat::Paths,
    }
}

/// Default `--memory`: enough for large segments on a laptop, far below its RAM.
const DEFAULT_MEMORY_MB: u64 = 256;
/// tantivy needs at least this much per indexing thread.
const MIN_MEMORY_MB_PER_THREAD: u64 = 16;

/// Validates `index` flags: the thread count defaults to the cores (at most 8), and the memory
/// budget must give every thread the minimum tantivy needs.
fn index_request(args: &IndexArgs) -> anyhow::Result<IndexRequest> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = args.threads.map_or(cores.clamp(1, 8), usize::from);
    let memory_mb = args.memory;
    let floor = MIN_MEMORY_MB_PER_THREAD * threads as u64;
    if memory_mb < floor || memory_mb > 64 * 1024 {
        return Err(UsageError(format!(
            "--memory {memory_mb}: give between {floor} MB ({MIN_MEMORY_MB_PER_THREAD} per thread) and 65536 MB"
        ))
        .into());
    }
    Ok(IndexRequest {
        paths: args.paths.clone(),
        writer_threads: threads,
        writer_memory: usize::try_from(memory_mb * 1024 * 1024)?,
        progress: io::stderr().is_terminal(),
        stop: Arc::new(AtomicBool::new(false)),
        limits: args.limits.limits(),
        container_limits: args.limits.container_limits(),
        rescan: args.rescan,
    })
}

fn index(
    dir: &std::path::Path,
    request: &IndexRequest,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = Store::create_or_open(dir)?;
    let started = std::time::Instant::now();
    stop_on_ctrl_c(Arc::clone(&request.stop));
    let report = ingest::run(&store, request)?;
    print_problems(&report, dir);
    let c = &report.counts;
    writeln!(
        out,
        "indexed into {} in {:.1} s",
        dir.display(),
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "  unchanged files: {} (not read again)",
        report.unchanged_files
    )?;
    writeln!(out, "  emails read:     {}", c.read)?;
    writeln!(out, "  new unique:      {}", c.new_emails)?;
    writeln!(out, "  duplicates:      {}", c.duplicates)?;
    writeln!(out, "  already indexed: {}", c.unchanged)?;
    writeln!(out, "  new articles:    {}", c.new_articles)?;
    writeln!(out, "  new attachments: {}", c.new_attachments)?;
    writeln!(out, "  skipped files:   {}", c.skipped)?;
    writeln!(out, "  failed:          {}", c.failed)?;
    writeln!(
        out,
        "  damaged:         {} (indexed with what could be read)",
        c.damaged
    )?;
    if c.merged > 0 {
        writeln!(
            out,
            "  merged:          {} (a body holds another message's envelope: failures --damaged)",
            c.merged
        )?;
    }
    if !report.removed.is_empty() {
        writeln!(
            out,
            "  removed files:   {} (gone since they were indexed)",
            report.removed.len()
        )?;
    }
    if c.dropped > 0 {
        writeln!(
            out,
            "  dropped:         {} (documents no source holds any more)",
            c.dropped
        )?;
    }
    if report.interrupted {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Lists skipped files and failed messages on stderr (the first 20 of each).
fn print_problems(report: &RunReport, dir: &std::path::Path) {
    const SHOWN: usize = 20;
    let clean = |s: &str| trawl::sanitize::for_terminal(s, false);
    for (path, reason) in report.skipped.iter().take(SHOWN) {
        eprintln!("skipped {}: {}", clean(path), clean(reason));
    }
    for path in report.removed.iter().take(SHOWN) {
        eprintln!("removed {}: gone since it was indexed", clean(path));
    }
    for f in report.failed.iter().take(SHOWN) {
        eprintln!(
            "failed {} at offset {} (+{}): {}",
            clean(&f.path),
            f.offset,
            f.length,
            clean(&f.reason)
        );
    }
    let hidden =
        report.skipped.len().saturating_sub(SHOWN) + report.failed.len().saturating_sub(SHOWN);
    if hidden > 0 {
        eprintln!(
            "... and {hidden} more: `trawl --index {} failures` lists them all",
            dir.display()
        );
    }
}

fn show(
    store: &Store,
    id: &str,
    raw: bool,
    out: &mut impl Write,
    painter: Painter,
) -> anyhow::Result<()> {
    let (id, card) = search::resolve(store, id)?;
    if !raw {
        let doc = search::reread(&id, &card)?;
        return Ok(render::write_document(out, &id, &card, &doc, painter)?);
    }
    let bytes = search::original_bytes(&id, &card)?;
    if io::stdout().is_terminal() {
        out.write_all(
            trawl::sanitize::for_terminal(&String::from_utf8_lossy(&bytes), true).as_bytes(),
        )?;
    } else {
        out.write_all(&bytes)?;
    }
    Ok(())
}

/// `search --threads`: one block, JSON line or id per conversation.
fn search_threads(
    store: &Store,
    request: &SearchRequest,
    format: FormatArg,
    out: &mut impl Write,
    painter: Painter,
) -> anyhow::Result<()> {
    if matches!(format, FormatArg::Csv | FormatArg::Paths) {
        return Err(
            UsageError("--threads prints human, json or ids, not csv or paths".into()).into(),
        );
    }
    for t in search::search_threads(store, request)? {
        match format {
            FormatArg::Json => writeln!(out, "{}", render::thread_hit_json(&t))?,
            FormatArg::Ids => writeln!(out, "{}", t.thread)?,
            _ => render::write_thread_hit(out, &t, painter)?,
        }
    }
    Ok(())
}
