//! Every flag of `trawl`, as clap parses it: the one place the command line is declared.
//! Nothing here is checked beyond what clap checks; [`super::request`] turns these structs
//! into validated requests, and the handlers never see them.
//!
//! The same definitions make `--help`, `trawl help`, the shell completions, the man page and
//! docs/CLI.md, so a flag's doc comment is its documentation everywhere.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::long_help::{self, query_help};
use trawl::limits;

/// Full-text search for leaked-email dumps: mbox, maildir, .eml and news articles.
#[derive(Parser)]
#[command(
    name = "trawl",
    version,
    about,
    after_help = query_help(),
    after_long_help = long_help::overview(),
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Index directory [env: TRAWL_INDEX] [default: $XDG_DATA_HOME/trawl/index, else ~/.local/share/trawl/index]
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands, in the order `trawl --help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Index files and directories (mbox, maildir, .eml, articles); re-running is safe
    #[command(after_long_help = long_help::INDEX)]
    Index(IndexArgs),
    /// Search; prints one block per hit (then, on a terminal, the number of hits on stderr),
    /// or JSON lines with --json
    #[command(after_help = query_help(), after_long_help = long_help::search())]
    Search(SearchArgs),
    /// List the emails whose own text (not what they quote) holds a phrase, oldest first: the
    /// first is where the phrase first appears
    #[command(after_long_help = long_help::ORIGIN)]
    Origin(OriginArgs),
    /// Count the matching documents by sender, recipient, domain, folder, attachment type,
    /// language, DKIM result, month or year
    #[command(after_help = query_help(), after_long_help = long_help::facets())]
    Facets(FacetsArgs),
    /// Draw how many matching documents each month (or year) holds
    #[command(after_help = query_help(), after_long_help = long_help::timeline())]
    Timeline(TimelineArgs),
    /// Help on a command, or on the query language (`trawl help query`)
    Help(HelpArgs),
    /// Print the number of matching documents, nothing else
    Count(CountArgs),
    /// Show a document by id (or unique id prefix); --raw writes its original bytes, --json
    /// its fields and text with the ranges its sender wrote
    #[command(after_long_help = long_help::SHOW)]
    Show(ShowArgs),
    /// Write one attachment of an email (numbered as `show` lists them) to a file, byte-exact
    Attachment(AttachmentArgs),
    /// Verify the DKIM signatures of an email again, from its original bytes, printing each
    /// step (body hash, key, header hash, signature)
    #[command(after_long_help = long_help::DKIM)]
    Dkim(DkimArgs),
    /// Show the whole conversation of an email as a tree (date, sender, subject)
    #[command(after_long_help = long_help::THREAD)]
    Thread(ThreadArgs),
    /// Add (+label) or remove (-label) labels on every document a query matches
    #[command(after_help = query_help())]
    Tag(TagArgs),
    /// List the labels in use, with how many indexed documents carry each
    #[command(after_long_help = long_help::TAGS)]
    Tags(TagsArgs),
    /// List the addresses of the matching emails (every email without a query): names seen,
    /// emails sent and received, first and last date; most active first
    #[command(after_help = query_help(), after_long_help = long_help::contacts())]
    Contacts(ContactsArgs),
    /// Write who wrote to whom in the matching emails (every email without a query) as a
    /// directed graph: sender -> recipient edges weighted by emails, for Gephi or Graphviz
    #[command(after_help = query_help())]
    Graph(GraphArgs),
    /// Write every matching document byte-exact into a new directory, with a manifest
    /// (manifest.json, manifest.csv: locations, SHA-256, query, time, index state)
    #[command(
        override_usage = long_help::EXPORT_USAGE,
        after_help = query_help(),
        after_long_help = long_help::export()
    )]
    Export(ExportArgs),
    /// Check an export against its manifest: every file there, every hash as recorded
    #[command(after_long_help = long_help::VERIFY)]
    Verify(VerifyArgs),
    /// Run a file of queries (one a line) and write a CSV row each: hits, first and last
    /// dates, top senders
    #[command(after_help = query_help(), after_long_help = long_help::batch())]
    Batch(BatchArgs),
    /// Counts: unique emails, occurrences, duplicates, articles, skipped, failed, sources
    #[command(after_long_help = long_help::STATS)]
    Stats(StatsArgs),
    /// List every skipped file and every message not indexed, with path, offset, length and reason
    #[command(after_long_help = long_help::FAILURES)]
    Failures(FailuresArgs),
    /// Serve the index in a browser: search, facets, messages, threads, tags, batch, exports
    #[command(after_long_help = long_help::SERVE)]
    Serve(ServeArgs),
    /// Write a shell completion script to standard output (bash: `trawl completions bash >
    /// ~/.local/share/bash-completion/completions/trawl`)
    Completions(CompletionsArgs),
    /// Write the man page, roff, to standard output (`trawl man > trawl.1`; `trawl man
    /// search` for a command's own page)
    Man(ManArgs),
    /// Write docs/CLI.md, the reference made from these definitions, to standard output
    #[command(hide = true)]
    CliDocs,
}

/// The flags of `trawl index`.
#[derive(clap::Args)]
pub struct IndexArgs {
    /// Files or directories, walked recursively
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Indexing threads [default: the number of cores, at most 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// Memory budget of the index writer, in MB, shared by its threads
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MEMORY_MB)]
    pub memory: u64,
    /// What one message and one archive may cost to read.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Read every file again, even those unchanged (same size and modification time) since
    /// they were last indexed
    #[arg(long)]
    pub rescan: bool,
    /// Where DKIM keys come from.
    #[command(flatten)]
    pub keys: DkimKeyArgs,
}

/// Where the public keys that check DKIM signatures come from. Without either flag, only
/// the keys kept in the index (from earlier runs) are used and each body hash is checked.
#[derive(clap::Args)]
pub struct DkimKeyArgs {
    /// DKIM public keys, one DNS TXT record a line: `selector._domainkey.domain "v=DKIM1;
    /// k=rsa; p=..."`; kept in the index (dkim-keys.txt) for later runs
    #[arg(long, value_name = "FILE")]
    pub dkim_keys: Option<PathBuf>,
    /// Look keys missing from the key file up in live DNS (the system's resolver, or SERVER
    /// as IP:PORT); the keys found are kept in the index. Without this flag DNS is never asked
    #[arg(long, value_name = "SERVER", num_args = 0..=1, default_missing_value = "system")]
    pub dkim_dns: Option<String>,
}

/// The flags of `trawl dkim`.
#[derive(clap::Args)]
pub struct DkimArgs {
    /// Email id (or unique id prefix), as printed by search
    pub id: String,
    /// Where DKIM keys come from.
    #[command(flatten)]
    pub keys: DkimKeyArgs,
    /// One JSON object: the id, the email's result, the indexed results and each signature
    /// with its steps
    #[arg(long)]
    pub json: bool,
}

/// Default `--memory`: enough for large segments on a laptop, far below its RAM.
pub const DEFAULT_MEMORY_MB: u64 = 256;

/// What one message, and one archive, may cost to read; past a limit what was read is indexed
/// and the truncation is recorded (`trawl failures --damaged` lists it).
#[derive(clap::Args)]
pub struct LimitArgs {
    /// Bytes of a message that are parsed, in MB
    #[arg(long, value_name = "MB", default_value_t = limits::MESSAGE_MB, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_message_size: u64,
    /// Depth of nested MIME parts and forwarded messages that is opened
    #[arg(long, value_name = "N", default_value_t = limits::MIME_DEPTH, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub max_mime_depth: u64,
    /// Header fields read per message
    #[arg(long, value_name = "N", default_value_t = limits::HEADER_COUNT, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_headers: u64,
    /// Bytes of a header block read, in KB
    #[arg(long, value_name = "KB", default_value_t = limits::HEADER_KB, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_header_size: u64,
    /// Text indexed per message (forwarded messages included), in MB
    #[arg(long, value_name = "MB", default_value_t = limits::TEXT_MB, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_text_size: u64,
    /// Text read from one attachment (PDF, office document, text...), in MB; 0 reads no
    /// attachment for its text (names, types, sizes and hashes are still recorded)
    #[arg(long, value_name = "MB", default_value_t = limits::ATTACHMENT_TEXT_MB, value_parser = clap::value_parser!(u64).range(0..))]
    pub max_attachment_text_size: u64,
    /// Seconds one attachment's reader (PDF, office document, spreadsheet, RTF) may run; past
    /// it the attachment's text is given up and the email reported (at most 4 such readers run
    /// on at once; while they do, further attachments are not read, and reported)
    #[arg(long, value_name = "N", default_value_t = limits::EXTRACT_SECONDS, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub max_extract_seconds: u64,
    /// Decompressed bytes read from one archive, nested archives included, in MB
    #[arg(long, value_name = "MB", default_value_t = limits::CONTAINER_MB, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_container_size: u64,
    /// Decompressed bytes per byte of an archive on disk (checked past 16 MB: zip bombs)
    #[arg(long, value_name = "N", default_value_t = limits::CONTAINER_RATIO, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_container_ratio: u64,
    /// Archives opened inside one another (the one on disk is 1)
    #[arg(long, value_name = "N", default_value_t = limits::CONTAINER_DEPTH, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub max_container_depth: u64,
    /// Entries read from one archive
    #[arg(long, value_name = "N", default_value_t = limits::CONTAINER_MEMBERS, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_container_members: u64,
}

/// The flags of `trawl search`.
#[derive(clap::Args)]
pub struct SearchArgs {
    /// One JSON object per line (same as --format json)
    #[arg(long, conflicts_with_all = ["csv", "format"])]
    pub json: bool,
    /// CSV with a header row (same as --format csv)
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
    /// Output: human, json (JSON lines, "v":1), csv, ids (one id a line) or paths (the files
    /// of each hit, one a line)
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Hits to show
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
    /// Every hit (--limit is ignored): streamed in index order, or in --sort order
    #[arg(long)]
    pub all: bool,
    /// Print how the query is understood (words, fields, prefix expansions, documents
    /// each part matches) instead of the hits
    #[arg(long)]
    pub explain: bool,
    /// Group hits by conversation: one result per thread (its dates, matching/total
    /// emails, authors, subject, the matching ids), in the order of each thread's first
    /// hit; --limit and --offset count threads. Formats: human, json, ids (thread ids)
    #[arg(long, conflicts_with = "explain")]
    pub threads: bool,
    /// Hits to skip
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Order: relevance, date (oldest first), -date (newest first), sender, -sender,
    /// size (smallest first), -size (largest first)
    #[arg(long, default_value = "relevance", allow_hyphen_values = true)]
    pub sort: SortArg,
    /// The query (several words are joined with spaces)
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The flags of `trawl origin`.
#[derive(clap::Args)]
pub struct OriginArgs {
    /// One JSON object per line (same as --format json)
    #[arg(long, conflicts_with_all = ["csv", "format"])]
    pub json: bool,
    /// CSV with a header row (same as --format csv)
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
    /// Output: human, json (JSON lines, as `search --json`), csv, ids or paths
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Emails to show
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
    /// Every email (--limit is ignored)
    #[arg(long)]
    pub all: bool,
    /// The phrase (several words are joined with spaces)
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub phrase: Vec<String>,
}

/// The flags of `trawl facets`.
#[derive(clap::Args)]
pub struct FacetsArgs {
    /// What to count by
    #[arg(long, value_enum)]
    pub by: FacetArg,
    /// Values to show, largest first (months and years are all shown, in order)
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub top: u64,
    /// One JSON object per line
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row
    #[arg(long)]
    pub csv: bool,
    /// The query
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The flags of `trawl timeline`.
#[derive(clap::Args)]
pub struct TimelineArgs {
    /// Months or years
    #[arg(long, value_enum, default_value = "month")]
    pub by: PeriodArg,
    /// One JSON object per line (as `facets --json`)
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row (as `facets --csv`)
    #[arg(long)]
    pub csv: bool,
    /// The query
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The flags of `trawl help`.
#[derive(clap::Args)]
pub struct HelpArgs {
    /// `query`, or a command name
    pub topic: Option<String>,
}

/// The flags of `trawl count`.
#[derive(clap::Args)]
pub struct CountArgs {
    /// The query
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The flags of `trawl show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// Document id, as printed by search
    pub id: String,
    /// Write the message's original bytes exactly (control characters escaped on a terminal)
    #[arg(long)]
    pub raw: bool,
    /// One JSON object: the fields, the text, and for an email the [start, end) byte ranges
    /// of the text its sender wrote (what lies between them is quoted)
    #[arg(long, conflicts_with = "raw")]
    pub json: bool,
}

/// The flags of `trawl attachment`.
#[derive(clap::Args)]
pub struct AttachmentArgs {
    /// Email id (or unique id prefix), as printed by search; or an attachment's own id
    pub id: String,
    /// Which attachment, from 1, as `trawl show` numbers them (not needed with an
    /// attachment's own id)
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub number: Option<u64>,
    /// Where to write it: a new file (never an existing one), or - for standard output
    /// (refused on a terminal) [default: the attachment's own file name made safe (no path,
    /// no control characters, no leading dot), in the current directory; `NAME (2).EXT` and
    /// so on when that file exists]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The flags of `trawl thread`.
#[derive(clap::Args)]
pub struct ThreadArgs {
    /// Email id (or unique id prefix), as printed by search; an attachment's id gives its
    /// email's conversation
    pub id: String,
    /// One JSON object per email, in reading order
    #[arg(long)]
    pub json: bool,
}

/// The flags of `trawl tag`.
#[derive(clap::Args)]
pub struct TagArgs {
    /// +label and -label changes, then the query (it starts at the first argument without a
    /// leading + or -)
    #[arg(required = true, num_args = 2.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub args: Vec<String>,
}

/// The flags of `trawl tags`.
#[derive(clap::Args)]
pub struct TagsArgs {
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
}

/// The flags of `trawl contacts`.
#[derive(clap::Args)]
pub struct ContactsArgs {
    /// One JSON object per line
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row
    #[arg(long)]
    pub csv: bool,
    /// Show only the N most active addresses
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
    /// Also count the addresses the emails' text mentions (a `mentioned` column)
    #[arg(long)]
    pub mentions: bool,
    /// The query (optional)
    #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The flags of `trawl graph`.
#[derive(clap::Args)]
pub struct GraphArgs {
    /// csv (Gephi edge list: Source,Target,Weight,Type), graphml (Gephi, yEd) or dot
    /// (Graphviz)
    #[arg(long, value_enum, default_value = "csv")]
    pub format: GraphArg,
    /// Leave out edges of fewer emails than this
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min: u64,
    /// Also draw sender -> mentioned edges: the addresses each sender's text mentions
    #[arg(long)]
    pub mentions: bool,
    /// The query (optional)
    #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The flags of `trawl export`: the flags, then the query words, as for every command that
/// takes a query. The form `export 'QUERY' --to DIR` (one quoted query argument, flags after
/// it) is accepted too: [`super::request`] reads the flags after such a query with
/// [`ExportTail`].
#[derive(clap::Args)]
pub struct ExportArgs {
    /// The flags, wherever they were written.
    #[command(flatten)]
    pub flags: ExportFlags,
    /// The query: the language of `trawl search`; every hit is exported (or the first
    /// --limit)
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The flags of `trawl export`, each optional here so that those written before the query
/// and those written after a quoted query can be told apart and joined.
#[derive(clap::Args, Clone)]
pub struct ExportFlags {
    /// Directory to write into (required): created if missing, refused unless empty
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// eml: a file per document (<id>.eml, articles <id>.<extension>); mbox: one mboxrd file,
    /// export.mbox (emails only: articles are listed as skipped) [default: eml]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormatArg>,
    /// Documents to export at most: the first in --sort order [default: every match]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
    /// Order the documents are taken and listed in, as for `trawl search`: relevance, date
    /// (oldest first), -date (newest first), sender, -sender, size, -size [default: relevance]
    #[arg(long, allow_hyphen_values = true)]
    pub sort: Option<SortArg>,
}

/// The flags written after the one quoted query of `export 'QUERY' --to DIR`.
#[derive(Parser)]
#[command(name = "trawl export", no_binary_name = true)]
pub struct ExportTail {
    /// The flags after the query.
    #[command(flatten)]
    pub flags: ExportFlags,
    /// Index directory (the global flag, written after the query)
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// The flags of `trawl verify`.
#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The export directory (holding manifest.json)
    pub dir: PathBuf,
    /// One JSON object: the verdict and every check
    #[arg(long)]
    pub json: bool,
}

/// The flags of `trawl batch`.
#[derive(clap::Args)]
pub struct BatchArgs {
    /// File of queries, one a line, or `-` for standard input; blank lines and lines starting
    /// with # are skipped
    pub file: PathBuf,
    /// One JSON object per line ("v":1) instead of CSV
    #[arg(long)]
    pub json: bool,
}

/// The flags of `trawl stats`.
#[derive(clap::Args)]
pub struct StatsArgs {
    /// One JSON object
    #[arg(long)]
    pub json: bool,
    /// Also the counts of each source file (`per_source` in JSON)
    #[arg(long)]
    pub sources: bool,
}

/// The flags of `trawl serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on; port 0 takes a free port (printed on stderr). Any
    /// address but loopback needs --password-file
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub listen: std::net::SocketAddr,
    /// A file whose first line is the password browsers must give (HTTP Basic, any user
    /// name)
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

/// The flags of `trawl failures`.
#[derive(clap::Args)]
pub struct FailuresArgs {
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
    /// Also list messages indexed from a degraded parse (repaired headers, raw text), only
    /// up to a limit, or probably merged with the next (an envelope line left in a body)
    #[arg(long)]
    pub damaged: bool,
}

/// The flags of `trawl completions`.
#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The flags of `trawl man`.
#[derive(clap::Args)]
pub struct ManArgs {
    /// A command, for its own page (trawl-COMMAND(1)) [default: the page of trawl itself]
    pub command: Option<String>,
}

/// `facets --by`: the counts of [`trawl::facets::FacetBy`], as the flag spells them.
#[derive(Clone, Copy, ValueEnum)]
pub enum FacetArg {
    /// Sender address.
    From,
    /// Recipient (To) address.
    To,
    /// Domain of the sender or of any recipient.
    Domain,
    /// Mailbox the document was found in.
    Folder,
    /// MIME type of each attachment.
    AttachmentType,
    /// Detected language.
    Lang,
    /// An email's DKIM result: pass, body-ok, fail, none.
    Dkim,
    /// Email address written in the text (not the headers)
    Mention,
    /// Host of a link in the text
    UrlDomain,
    /// Phone number in the text, E.164
    Phone,
    /// IBAN in the text
    Iban,
    /// Payment card number in the text
    Card,
    /// French company number (SIREN) in the text
    Siren,
    /// UTC month, every month between the first and the last.
    Month,
    /// UTC year, every year between the first and the last.
    Year,
}

/// `timeline --by`.
#[derive(Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    /// A row per UTC month.
    Month,
    /// A row per UTC year.
    Year,
}

/// `search --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A block per hit, matched words highlighted on a terminal.
    Human,
    /// One JSON object per line.
    Json,
    /// CSV with a header row.
    Csv,
    /// One document id a line.
    Ids,
    /// The files of each hit, one a line.
    Paths,
}

/// `--sort` of `search` and `export`: the orders of [`trawl::search::Sort`], as the flag
/// spells them.
#[derive(Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
    /// By sender address, A to Z.
    Sender,
    /// By sender address, Z to A.
    #[value(name = "-sender")]
    SenderDesc,
    /// Smallest first.
    Size,
    /// Largest first.
    #[value(name = "-size")]
    SizeDesc,
}

/// `graph --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphArg {
    /// Gephi's edge list: Source,Target,Weight,Type.
    Csv,
    /// GraphML: Gephi, yEd, NetworkX.
    Graphml,
    /// Graphviz.
    Dot,
}

/// `export --format`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    /// A file per document.
    Eml,
    /// One mboxrd file, export.mbox.
    Mbox,
}
