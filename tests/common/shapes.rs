//! The JSON contract of `search --json`, `search --threads --json`, `thread --json`,
//! `show --json`, `facets --json` and `stats --json`, as typed structs the tests parse the output into. Every shape is closed
//! (`deny_unknown_fields`): a field added to the output fails the tests until it is added
//! here, so the contract is written down in one place. A field the output always writes, null
//! or not, is read with [`present`], so that leaving it out fails too; a field written only
//! sometimes has `#[serde(default)]`.

use serde::{Deserialize, Deserializer};

/// A field that must be written, its value possibly null (serde would take a missing
/// `Option` for `None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// One line of `search --json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    /// Version of the shape: 1.
    pub v: u32,
    pub id: String,
    /// `email`, `article` or `attachment`.
    pub kind: String,
    #[serde(deserialize_with = "present")]
    pub message_id: Option<String>,
    #[serde(deserialize_with = "present")]
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    #[serde(deserialize_with = "present")]
    pub from: Option<String>,
    #[serde(deserialize_with = "present")]
    pub from_address: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    #[serde(deserialize_with = "present")]
    pub subject: Option<String>,
    /// RFC 3339, UTC.
    #[serde(deserialize_with = "present")]
    pub date: Option<String>,
    /// RFC 3339 with the sender's offset.
    #[serde(deserialize_with = "present")]
    pub date_local: Option<String>,
    #[serde(deserialize_with = "present")]
    pub lang: Option<String>,
    pub paths: Vec<String>,
    pub locations: Vec<Location>,
    pub attachments: Vec<Attachment>,
    pub tags: Vec<String>,
    #[serde(deserialize_with = "present")]
    pub score: Option<f64>,
    pub snippet: String,
    /// `[start, end)` character offsets into `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// For an attachment's hit only.
    #[serde(default)]
    pub email: Option<ParentEmail>,
    /// An email's DKIM signatures (empty: unsigned); null when not checked.
    #[serde(deserialize_with = "present")]
    pub dkim: Option<Vec<DkimSignature>>,
    /// What the text mentions, when it mentions anything.
    #[serde(default)]
    pub entities: Option<Entities>,
}

/// One DKIM signature's result in a hit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DkimSignature {
    /// `d=`.
    pub domain: String,
    /// `s=`.
    pub selector: String,
    /// `pass`, `body-ok` or `fail`.
    pub result: String,
    /// Why it did not pass.
    #[serde(deserialize_with = "present")]
    pub reason: Option<String>,
}

/// The entities a hit's text mentions: each kind only when it has values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entities {
    #[serde(default)]
    pub mentions: Vec<String>,
    #[serde(default)]
    pub url_domains: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub ibans: Vec<String>,
    #[serde(default)]
    pub cards: Vec<String>,
    #[serde(default)]
    pub sirens: Vec<String>,
}

/// Where a document's bytes are: a span of a file (or of an archive member).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub path: String,
    pub offset: u64,
    pub length: u64,
    /// For an attachment: the email at these bytes.
    #[serde(default)]
    pub email: Option<String>,
    /// For an attachment: its number in that email, from 1.
    #[serde(default)]
    pub attachment: Option<usize>,
}

/// An attachment as a hit lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    #[serde(deserialize_with = "present")]
    pub name: Option<String>,
    pub mime: String,
    pub size: u64,
    /// Hex; absent in indexes made before trawl computed it.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// The email an attachment's hit was first found in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParentEmail {
    pub id: String,
    /// The attachment's number in it, from 1.
    pub attachment: usize,
    #[serde(deserialize_with = "present")]
    pub subject: Option<String>,
    #[serde(deserialize_with = "present")]
    pub from: Option<String>,
    #[serde(deserialize_with = "present")]
    pub date: Option<String>,
    #[serde(deserialize_with = "present")]
    pub date_local: Option<String>,
    /// How many other emails carried the same file.
    pub others: usize,
}

/// One line of `search --threads --json`: a conversation and its hits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadHit {
    pub v: u32,
    pub thread: String,
    #[serde(deserialize_with = "present")]
    pub subject: Option<String>,
    #[serde(deserialize_with = "present")]
    pub first_date: Option<String>,
    #[serde(deserialize_with = "present")]
    pub last_date: Option<String>,
    pub total: usize,
    pub matched: usize,
    pub attachments: usize,
    pub authors: Vec<String>,
    pub hits: Vec<Hit>,
}

/// One line of `thread --json`: an email of the conversation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadRow {
    pub v: u32,
    /// The id of the conversation's first email.
    pub thread: String,
    pub id: String,
    /// The id of the email it answers.
    #[serde(deserialize_with = "present")]
    pub parent: Option<String>,
    pub depth: usize,
    #[serde(deserialize_with = "present")]
    pub date: Option<String>,
    #[serde(deserialize_with = "present")]
    pub date_local: Option<String>,
    #[serde(deserialize_with = "present")]
    pub from: Option<String>,
    #[serde(deserialize_with = "present")]
    pub from_address: Option<String>,
    #[serde(deserialize_with = "present")]
    pub subject: Option<String>,
    #[serde(deserialize_with = "present")]
    pub message_id: Option<String>,
    pub paths: Vec<String>,
}

/// `show --json`: a document's fields and text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Show {
    pub v: u32,
    pub id: String,
    pub kind: String,
    #[serde(deserialize_with = "present")]
    pub message_id: Option<String>,
    #[serde(deserialize_with = "present")]
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    #[serde(deserialize_with = "present")]
    pub from: Option<String>,
    #[serde(deserialize_with = "present")]
    pub from_address: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    #[serde(deserialize_with = "present")]
    pub subject: Option<String>,
    #[serde(deserialize_with = "present")]
    pub date: Option<String>,
    #[serde(deserialize_with = "present")]
    pub date_local: Option<String>,
    #[serde(deserialize_with = "present")]
    pub lang: Option<String>,
    pub paths: Vec<String>,
    pub locations: Vec<Location>,
    pub attachments: Vec<Attachment>,
    /// What `show` prints as the text.
    pub text: String,
    /// For an email: `[start, end)` byte ranges of `text` that its sender wrote; null
    /// otherwise.
    #[serde(deserialize_with = "present")]
    pub own: Option<Vec<[usize; 2]>>,
}

/// `stats --json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    pub emails: u64,
    pub occurrences: u64,
    pub duplicates: u64,
    pub articles: u64,
    pub attachments: u64,
    pub threads: u64,
    pub skipped: u64,
    pub failed: u64,
    pub damaged: u64,
    pub truncated: u64,
    pub merged: u64,
    pub sources: u64,
    /// With `--sources` only.
    #[serde(default)]
    pub per_source: Option<Vec<SourceStats>>,
}

/// One source file of `stats --json --sources`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceStats {
    pub path: String,
    pub bytes: u64,
    pub messages: u64,
    pub indexed: u64,
    pub duplicates: u64,
    pub failed: u64,
    pub damaged: u64,
    pub truncated: u64,
    pub merged: u64,
    pub articles: u64,
    /// Why the file was skipped, if it was.
    #[serde(deserialize_with = "present")]
    pub skipped: Option<String>,
}

/// One line of `facets --json` (and `timeline --json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetRow {
    pub v: u32,
    pub value: String,
    pub count: u64,
    /// RFC 3339, UTC: the earliest date of the value's documents (values, not months).
    #[serde(default)]
    pub first_date: Option<String>,
    /// RFC 3339, UTC: the latest date.
    #[serde(default)]
    pub last_date: Option<String>,
    /// The query that lists the value's documents, where a prefix names the value.
    #[serde(default)]
    pub query: Option<String>,
}

/// Each line of `text` parsed as `T`, failing the test on a line that does not fit.
pub fn lines<T: for<'de> Deserialize<'de>>(text: &str) -> Vec<T> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `text` as one `T`, failing the test when it does not fit.
pub fn one<T: for<'de> Deserialize<'de>>(text: &str) -> T {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"))
}
