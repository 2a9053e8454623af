//! Each command's flags checked and turned into its request.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use clap::CommandFactory;

use trawl::dkim::{self, Keys, Verifier, dns::Resolver};
use trawl::facets::FacetBy;
use trawl::ingest::IndexRequest;
use trawl::limits::{ContainerLimitFlags, ContainerLimits, LimitFlags, Limits};
use trawl::output::HitFormat;
use trawl::search::{SearchRequest, Sort};
use trawl::tags::Change;

use super::query::{query_text, query_words};
use super::{Attachment, Destination, HelpTopic, Search, SearchOutput, Tag, ThreadFormat};
use crate::cli::args::{self, Cli};
use crate::cli::exit::UsageError;

/// `--memory`'s floor per indexing thread: tantivy needs at least this much.
const MIN_MEMORY_MB_PER_THREAD: u64 = 16;

/// The index directory: `--index`, then `TRAWL_INDEX`, then the XDG data directory.
pub(super) fn index_dir(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
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
pub(super) fn index_request(a: &args::IndexArgs, index: &Path) -> anyhow::Result<IndexRequest> {
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
    let (verifier, new_keys) = dkim_keys(index, &a.keys)?;
    Ok(IndexRequest {
        paths: a.paths.clone(),
        writer_threads: threads,
        writer_memory: usize::try_from(memory_mb * 1024 * 1024)?,
        progress: io::stderr().is_terminal(),
        stop: Arc::new(AtomicBool::new(false)),
        limits: limits(&a.limits),
        container_limits: container_limits(&a.limits),
        rescan: a.rescan || new_keys,
        dkim: Arc::new(verifier),
    })
}

/// The DKIM verifier of a command: the keys kept in the index (earlier runs'), and those of
/// `--dkim-keys`; a resolver only with `--dkim-dns`.
pub(super) fn dkim_verifier(index: &Path, a: &args::DkimKeyArgs) -> anyhow::Result<Verifier> {
    Ok(dkim_keys(index, a)?.0)
}

/// [`dkim_verifier`], and whether `--dkim-keys` or `--dkim-dns` may change results already
/// indexed (keys the index did not keep, or DNS): `index` then reads every file again, as
/// `--rescan` does, so that those emails are verified again.
fn dkim_keys(index: &Path, a: &args::DkimKeyArgs) -> anyhow::Result<(Verifier, bool)> {
    let kept = index.join(dkim::KEY_FILE);
    let mut keys = match kept.is_file() {
        true => Keys::read(&kept).context("the DKIM keys kept in the index")?,
        false => Keys::default(),
    };
    let mut added = 0;
    if let Some(file) = &a.dkim_keys {
        added = keys.merge(&Keys::read(file).map_err(|e| UsageError(format!("--dkim-keys {e}")))?);
    }
    let verifier = Verifier::new(keys);
    let changes = added > 0 || a.dkim_dns.is_some();
    let verifier = match a.dkim_dns.as_deref() {
        None => verifier,
        Some("system") => verifier
            .with_dns(Resolver::system().map_err(|e| UsageError(format!("--dkim-dns: {e}")))?),
        Some(server) => verifier.with_dns(Resolver::new(server.parse().map_err(|_| {
            UsageError(format!(
                "--dkim-dns {server}: give IP:PORT (127.0.0.1:53, [::1]:53)"
            ))
        })?)),
    };
    Ok((verifier, changes))
}

/// What one message may cost to read.
pub(super) fn limits(a: &args::LimitArgs) -> Limits {
    Limits::from(LimitFlags {
        message_mb: a.max_message_size,
        mime_depth: a.max_mime_depth,
        header_count: a.max_headers,
        header_kb: a.max_header_size,
        text_mb: a.max_text_size,
        attachment_text_mb: a.max_attachment_text_size,
        extract_seconds: a.max_extract_seconds,
    })
}

/// What one archive may cost to read.
pub(super) fn container_limits(a: &args::LimitArgs) -> ContainerLimits {
    ContainerLimits::from(ContainerLimitFlags {
        size_mb: a.max_container_size,
        ratio: a.max_container_ratio,
        depth: a.max_container_depth,
        members: a.max_container_members,
    })
}

/// The search flags as a request: `--json` and `--csv` are short for `--format`; snippets
/// are cut only for formats that show them; `--threads` prints human, json or ids.
pub(super) fn search(index: PathBuf, a: &args::SearchArgs) -> anyhow::Result<Search> {
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

/// `origin`'s flags as a search: the phrase exactly, in the emails' own text (`own:`), oldest
/// first; output as `search`'s.
pub(super) fn origin(index: PathBuf, a: &args::OriginArgs) -> anyhow::Result<Search> {
    use args::FormatArg;
    let format = match (a.json, a.csv) {
        (true, _) => FormatArg::Json,
        (_, true) => FormatArg::Csv,
        _ => a.format.unwrap_or(FormatArg::Human),
    };
    let phrase = query_words("origin", &a.phrase)?;
    let query = trawl::query::exact_phrase_in("own", &phrase)
        .ok_or_else(|| UsageError(format!("origin: {phrase:?} holds no word to search")))?;
    let format = hit_format(format);
    let request = SearchRequest {
        query,
        limit: usize::try_from(a.limit).unwrap_or(usize::MAX),
        offset: 0,
        sort: Sort::DateAscending,
        all: a.all,
        snippets: matches!(format, HitFormat::Human | HitFormat::Json | HitFormat::Csv),
    };
    Ok(Search {
        index,
        request,
        output: SearchOutput::Hits(format),
    })
}

pub(super) fn hit_format(format: args::FormatArg) -> HitFormat {
    match format {
        args::FormatArg::Human => HitFormat::Human,
        args::FormatArg::Json => HitFormat::Json,
        args::FormatArg::Csv => HitFormat::Csv,
        args::FormatArg::Ids => HitFormat::Ids,
        args::FormatArg::Paths => HitFormat::Paths,
    }
}

/// The library's order for `--sort`.
pub(super) fn sort(by: args::SortArg) -> Sort {
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

pub(super) fn facet_by(by: args::FacetArg) -> FacetBy {
    use args::FacetArg;
    match by {
        FacetArg::From => FacetBy::From,
        FacetArg::To => FacetBy::To,
        FacetArg::Domain => FacetBy::Domain,
        FacetArg::Folder => FacetBy::Folder,
        FacetArg::AttachmentType => FacetBy::AttachmentType,
        FacetArg::Lang => FacetBy::Lang,
        FacetArg::Dkim => FacetBy::Dkim,
        FacetArg::Mention => FacetBy::Mention,
        FacetArg::UrlDomain => FacetBy::UrlDomain,
        FacetArg::Phone => FacetBy::Phone,
        FacetArg::Iban => FacetBy::Iban,
        FacetArg::Card => FacetBy::Card,
        FacetArg::Siren => FacetBy::Siren,
        FacetArg::Month => FacetBy::Month,
        FacetArg::Year => FacetBy::Year,
    }
}

/// `trawl help TOPIC`: `query`, or a command trawl has.
pub(super) fn help_topic(topic: Option<&str>) -> anyhow::Result<HelpTopic> {
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
pub(super) fn man_page(command: Option<&str>) -> anyhow::Result<Option<String>> {
    match command {
        Some(name) if !is_command(name) => {
            Err(UsageError(format!("no command '{name}': see `trawl --help`")).into())
        }
        name => Ok(name.map(str::to_owned)),
    }
}

pub(super) fn is_command(name: &str) -> bool {
    Cli::command().find_subcommand(name).is_some()
}

/// `--out -` is refused on a terminal: attachments are binary.
pub(super) fn attachment(index: PathBuf, a: &args::AttachmentArgs) -> anyhow::Result<Attachment> {
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
pub(super) fn tag(index: PathBuf, words: &[String]) -> anyhow::Result<Tag> {
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

/// Validates `serve` flags: the password is the first line of `--password-file` (which must
/// not be empty), and an address beyond loopback needs one.
pub(super) fn serve_config(
    index: PathBuf,
    a: &args::ServeArgs,
) -> anyhow::Result<trawl::serve::ServeConfig> {
    let password = match &a.password_file {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the password file {}", path.display()))?;
            let first = text.lines().next().unwrap_or("").trim_end_matches('\r');
            if first.is_empty() {
                return Err(UsageError(format!(
                    "--password-file {}: its first line is empty",
                    path.display()
                ))
                .into());
            }
            Some(first.to_owned())
        }
    };
    if !a.listen.ip().is_loopback() && password.is_none() {
        return Err(UsageError(format!(
            "--listen {}: other machines can reach this address; give --password-file, or \
             listen on 127.0.0.1",
            a.listen
        ))
        .into());
    }
    Ok(trawl::serve::ServeConfig::new(index, a.listen, password)?)
}
