//! The long texts of `--help` that are not a single flag's: the query language summary (from
//! the field table, [`trawl::fields::TABLE`]), exit codes, and the shape of each command's
//! JSON output (a contract: fields are only ever added). [`super::args`] attaches them to the
//! commands, so they reach `--help`, the man page and docs/CLI.md alike.

/// The query language in a few lines, with every field prefix: the `after_help` of every
/// command that takes a query.
pub fn query_help() -> String {
    format!(
        "Query syntax: words are ANDed; OR, NOT, -word, \"exact phrase\", \"near words\"~N,\n\
         prefix*, fuzzy~1, /regex/, (groups); case and accents are ignored. `trawl help query`\n\
         has an example of each. Fields:\n{}",
        trawl::fields::help_text()
    )
}

/// `trawl --help`: the query language, where the index is, the exit codes.
pub fn overview() -> String {
    format!(
        "{}\n{QUERY_WORDS}\n\n{INDEX_DIR}\n\n{EXIT_CODES}",
        query_help()
    )
}

/// How the words after a command's flags are read.
pub const QUERY_WORDS: &str = "\
Query words: flags come before the query. Every word after the query's first is query (so
-word needs no quoting), and a word shaped like a long flag there is refused (exit 2), naming
it: a flag of the command written after the query, or a flag the command does not have.
Operators are upper case: `or`, `and` and `not` written otherwise are searched as words, and
trawl says so on stderr.";

/// Where the index is.
pub const INDEX_DIR: &str = "\
Index directory: --index DIR, else $TRAWL_INDEX, else $XDG_DATA_HOME/trawl/index, else
~/.local/share/trawl/index.";

/// The exit codes of every command.
pub const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    failure (export: a matching document was not exported; verify: a check failed)
  2    bad usage or malformed query (one line on stderr saying what and where; batch: a line
       that is not a query, reported in its row)
  130  Ctrl-C stopped `index`: what was read is indexed and committed; the same command again
       finishes the job (a second Ctrl-C aborts at once, the index as of its last commit)
Output to a closed pipe ends quietly (export and verify still exit 1 when they found a
problem).";

/// `trawl index --help`.
pub const INDEX: &str = "\
Kinds are detected from content, not names: mbox, single messages (maildir, .eml), mail-client
stores (Apple Mail .emlx, MH, Outlook .msg, PST, OST), archives (.zip, .tar, .tar.gz, .gz, .7z,
read inside, never unpacked to disk) and articles (text or HTML that is not mail). Re-running
on the same paths reads only what is new or changed; a file gone since it was indexed is
reported as removed. Past a --max-* limit what was read is still indexed and the truncation
recorded (`trawl failures --damaged`). Ctrl-C stops reading and commits what was read (exit
130). Each email's DKIM signatures are verified over its exact bytes: body hashes always, header
signatures with the keys of --dkim-keys, those kept in the index, and DNS only with --dkim-dns
(a run that brings new keys, or --dkim-dns, reads every file again to verify them).";

/// `trawl dkim --help`.
pub const DKIM: &str = "\
Reads the email's original bytes (checked against its id, as `show --raw` does), then for each
DKIM-Signature: reads its tags, hashes the canonical body and compares it with bh=, finds the
key (the key file, the keys kept in the index, DNS only with --dkim-dns), hashes the signed
headers and checks the signature. Results: pass (verifies), body-ok (the body hash matches, no
key for the header signature), fail (with the reason), none (no signature); the email's result
is the best of its signatures'. The result stored at indexing time is shown beside it.

JSON (--json): {v, id, result, indexed (the results stored in the index, or null), signatures:
[{domain, selector, result, reason, steps: [{step, detail}]}]}.";

/// `trawl search --help`.
pub fn search() -> String {
    format!("{}\n{SEARCH_OUTPUT}", query_help())
}

/// The output formats of `search`.
pub const SEARCH_OUTPUT: &str = "\
JSON (--json): one object per line: v (1: the version of this shape; fields are only ever
added), id, kind (email|article|attachment), message_id, in_reply_to, references, from
(`Name <address>` or null), from_address, to, cc, bcc (arrays), subject, date (RFC 3339 UTC or
null), date_local (the sender's own time with their offset, or null), lang, paths (every file
the document was found in), locations ([{path, offset, length}]: its bytes in that file;
an attachment's also email and attachment, its number there), attachments ([{name, mime,
size, sha256}]), tags, score (BM25; null in any order but relevance), snippet,
highlights (the matched words of the snippet as [start, end) character offsets), and, for an
attachment, email: {id, attachment, subject, from, date, date_local, others}, the first
email it was found in and how many other emails carried it; dkim: an email's DKIM signatures,
[{domain, selector, result (pass|body-ok|fail), reason (null for a pass)}], [] when unsigned,
null when not checked (not an email, or an Outlook item rebuilt from its properties);
entities, when the text mentions any: {mentions, url_domains, phones, ibans, cards, sirens},
each kind present when it has values.

CSV (--csv): a header row, then a row per hit: id, kind, date, from, to, cc, subject,
attachments, paths, offset, length, score, snippet, tags, email, attachment, date_local
(columns are only ever added at the end; lists joined with `; `; a cell a spreadsheet would
run as a formula is prefixed with ').

--threads --json: one object per conversation: v, thread (the id of its first email),
subject, first_date, last_date, total (its emails), matched (those matching), attachments
(attachment documents among hits), authors, hits (each shaped like a --json line).";

/// `trawl origin --help`.
pub const ORIGIN: &str = "\
The phrase is searched as `own:\"PHRASE\"`: exactly, in the text the emails' senders wrote,
not in what they quote (> lines, attributions, reply and forwarded blocks, signatures). The
emails are sorted by date, oldest first, emails without a date last: the first is where the
phrase first appears in the dump. Output as `trawl search` (human, --json, --csv, ids, paths).";

/// `trawl show --help`.
pub const SHOW: &str = "\
On a terminal, what an email quotes (> lines, attributions, reply and forwarded blocks,
signature) is dimmed.

JSON (--json): one object: v (1), id, kind, message_id, in_reply_to, references, from,
from_address, to, cc, bcc, subject, date, date_local, lang, paths, locations, attachments (as
in `search --json`), text (what `show` prints: an email's or article's text as decoded for
indexing, an attachment's text) and own: for an email, the [start, end) byte ranges (UTF-8)
of text that its sender wrote, in order, what lies between them being quoted; null for an
article or an attachment.";

/// `trawl facets --help`.
pub fn facets() -> String {
    format!(
        "{}\nJSON (--json, also `timeline --json`): one object per line: v, value, count, \
         first_date and last_date (the value's first and last date, RFC 3339 UTC; not for \
         months and years, nor when no document has a date), query (the query that lists the \
         value's documents; not for attachment-type).\n\
         CSV (--csv): value,count,first_date,last_date,query.",
        query_help()
    )
}

/// `trawl timeline --help`.
pub fn timeline() -> String {
    format!(
        "{}\nJSON (--json) and CSV (--csv): the rows of `facets --by month` (or year): v, \
         value, count, query per line; value,count,first_date,last_date,query.",
        query_help()
    )
}

/// `trawl thread --help`.
pub const THREAD: &str = "\
JSON (--json): one object per email, in reading order: v, thread (the id of its first email,
which names the conversation), id, parent (the id of the email it answers, or null), depth,
date, date_local, from, from_address, subject, message_id, paths. `thread:ID` in a query
matches every email of the conversation.";

/// `trawl tags --help`.
pub const TAGS: &str = "JSON (--json): one object per line: label, count.";

/// `trawl contacts --help`.
pub fn contacts() -> String {
    format!(
        "{}\nJSON (--json): one object per line: v, address, names, sent, received, \
         mentioned (with --mentions: emails whose text mentions it), first_date, last_date.\n\
         CSV (--csv): the same columns, names joined with `; ` (mentioned last).",
        query_help()
    )
}

/// The usage lines of `trawl export`: the form of every query command, and the one it also
/// accepts.
pub const EXPORT_USAGE: &str = "trawl export --to <DIR> [OPTIONS] <QUERY>...
       trawl export <QUERY> --to <DIR> [OPTIONS]    (accepted: one quoted query, flags after it)";

/// `trawl export --help`.
pub fn export() -> String {
    format!("{}\n{EXPORT}", query_help())
}

/// What `export` writes, and the form it also accepts.
pub const EXPORT: &str = "\
The query: flags first, then the query words, as for every command that takes a query. One
quoted query argument followed by flags (`trawl export 'from:moreau date:2017' --to DIR`) is
accepted too.

DIR/manifest.json (v 1; fields are only ever added): trawl_version, query, limit, sort,
exported_at, format, index {path, state_sha256, changed_during_export}, counts {matched,
exported, failed, skipped}, files [{name, size, sha256}], messages [{id, kind, status,
reason, file, sha256, size, mbox_offset, mbox_length, message_id, date, from, subject,
locations}]. DIR/manifest.csv holds the same entries as rows. A document whose source changed
or vanished is listed with its reason, not written, and export exits 1.";

/// `trawl verify --help`.
pub const VERIFY: &str = "\
JSON (--json): one object: v, dir, ok (true when every check passed), manifest_sha256, query,
exported_at, counts {ok, missing, altered, unlisted, not_exported}, checks [{verdict (ok,
missing, altered, unlisted), file, id, mbox_offset, mbox_length, expected_sha256,
found_sha256, detail}]. Exit 1 when a check failed.";

/// `trawl batch --help`.
pub fn batch() -> String {
    format!("{}\n{BATCH}", query_help())
}

/// The rows of `batch`.
pub const BATCH: &str = "\
CSV: line, query, hits, first_date, last_date, top_senders (the 3 most frequent senders,
`address (count)` joined with `; `), error. JSON (--json): one object per line: v, line, query,
hits, first_date, last_date, top_senders [{address, count}], error (null, or why the line
could not be run; then hits is null). Exit 2 when a line could not be run as a query.";

/// `trawl stats --help`.
pub const STATS: &str = "\
JSON (--json): emails (unique), occurrences (emails read, duplicates included), duplicates,
articles, attachments (distinct attached files), threads, skipped, failed, damaged,
truncated, merged, sources; always occurrences = emails + duplicates + failed. With
--sources also per_source: [{path, bytes, messages, indexed, duplicates, failed, damaged,
truncated, merged, articles, skipped (a reason, or null)}], where messages = indexed +
duplicates + failed.";

/// `trawl serve --help`.
pub const SERVE: &str = "\
Pages: / (the index's facets), /search?q=QUERY&sort=ORDER&page=N (20 hits a page, facets,
timeline), /message/ID (text, inert HTML, attachments, provenance, conversation), /thread/ID,
/batch, /contacts?q=. Downloads by id only: /message/ID/raw, /message/ID/attachment/N, /contacts.csv?q=,
/graph.graphml?q=; POST /export (a zip that trawl verify accepts once unzipped). Nothing leaves
the machine: pages load only trawl's own script and style. Stop with Ctrl-C.";

/// `trawl failures --help`.
pub const FAILURES: &str = "\
JSON (--json): one object per line: kind (skipped, failed; with --damaged also damaged,
truncated, merged), path, offset, length, reason.";
