//! Benchmark queries that are sure to match. Document frequencies are counted while messages
//! are generated; each query takes the word or address whose frequency is nearest a target
//! share of the messages. Queries are written for trawl and, as closely as its syntax allows,
//! for mairix (`s:`/`f:`/`t:`/`n:` fields, bare word = headers and body, `/` = OR, `,` = AND
//! within a part, separate arguments = AND). mairix indexes only ASCII letters and digits:
//! "réforme" is the two words "r" and "forme" to it, so the accented query is written that way,
//! and the other query words avoid such fragments (and accent-folded forms, which trawl
//! matches and mairix does not) so that both engines count the same messages. trawl's words are
//! written `=word`: mairix does not stem, so trawl is asked for the exact word too.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use anyhow::Context;

use crate::vocab::{Language, Vocabulary, WordId, fold};

/// Shortest word worth a query (shorter ones are mostly function words).
const MIN_QUERY_WORD: usize = 5;

/// A header query: name, field, target share of messages, trawl prefix, mairix prefix and
/// mairix suffix.
type FieldQuery = (
    &'static str,
    Field,
    f64,
    &'static str,
    &'static str,
    &'static str,
);

/// The header queries (`n:word=` is mairix's substring match, for file names).
const FIELD_QUERIES: [FieldQuery; 4] = [
    ("subject_word", Field::Subject, 0.02, "subject:=", "s:", ""),
    ("sender_address", Field::From, 0.005, "from:", "f:", ""),
    ("recipient_address", Field::To, 0.02, "to:", "t:", ""),
    (
        "attachment_name",
        Field::Attachment,
        0.01,
        "attachment:",
        "n:",
        "=",
    ),
];

/// A header field whose values are counted.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// Words of the subject.
    Subject,
    /// The sender's address.
    From,
    /// A To recipient's address.
    To,
    /// Words of an attachment's file name.
    Attachment,
}

/// One benchmark query in both syntaxes.
pub struct Query {
    /// What the query exercises.
    name: &'static str,
    /// trawl syntax.
    trawl: String,
    /// mairix syntax.
    mairix: String,
}

/// Document frequencies of body words and header values.
pub struct Tally {
    /// Messages whose body has the word, by word id.
    body: Vec<u32>,
    /// The last message (counted from 1) that counted the word, to count each message once.
    last_message: Vec<u32>,
    /// Messages with the value in the field.
    fields: BTreeMap<(Field, String), u32>,
    /// Messages counted so far.
    messages: u32,
}

impl Tally {
    /// An empty tally for a vocabulary of `words` words.
    pub fn new(words: usize) -> Tally {
        Tally {
            body: vec![0; words],
            last_message: vec![0; words],
            fields: BTreeMap::new(),
            messages: 0,
        }
    }

    /// Counts the body words of the current message (repeats count once).
    pub fn note_words(&mut self, ids: &[WordId]) {
        let current = self.messages + 1;
        for &id in ids {
            if self.last_message[id] != current {
                self.last_message[id] = current;
                self.body[id] += 1;
            }
        }
    }

    /// Counts the values of a field in the current message (repeats count once).
    pub fn note(&mut self, field: Field, values: Vec<String>) {
        for value in values.into_iter().collect::<BTreeSet<_>>() {
            *self.fields.entry((field, value)).or_default() += 1;
        }
    }

    /// Closes the current message.
    pub fn end_message(&mut self) {
        self.messages += 1;
    }

    /// The benchmark queries; a query is left out when nothing fits it (tiny corpora).
    pub fn queries(&self, vocab: &Vocabulary) -> Vec<Query> {
        let mut queries = self.word_queries(vocab);
        queries.extend(
            FIELD_QUERIES
                .iter()
                .filter_map(|spec| self.field_query(spec)),
        );
        queries
    }

    /// Queries on body words: frequent, mid-frequency, rare, two ANDed, accented, two ORed.
    fn word_queries(&self, vocab: &Vocabulary) -> Vec<Query> {
        let subject_words = self.values(Field::Subject);
        let ambiguous = ambiguous(
            (0..vocab.len())
                .map(|id| vocab.word(id))
                .chain(subject_words),
        );
        let clear = |word: &str| plain_word(word) && !ambiguous.contains(word);
        let french = |word: &str, of: Language| clear(word) && of == Language::French;
        let any = |word: &str, _: Language| clear(word);
        let accented = |word: &str, of: Language| accented_word(word) && of == Language::French;
        let frequent = self.body_word(vocab, 0.30, &[], french);
        let frequent_too = self.body_word(vocab, 0.10, &[frequent], french);
        let mid = self.body_word(vocab, 0.01, &[], any);
        let other = self.body_word(vocab, 0.003, &[mid], any);
        let both = |(a, b)| query("two_words_and", format!("={a} ={b}"), format!("{a} {b}"));
        let either = |(a, b)| {
            query(
                "either_word_or",
                format!("={a} OR ={b}"),
                format!("{a}/{b}"),
            )
        };
        let queries = [
            word_query("frequent_word", frequent),
            word_query("mid_word", mid),
            word_query("rare_word", self.body_word(vocab, 0.0002, &[], any)),
            frequent.zip(frequent_too).map(both),
            self.body_word(vocab, 0.08, &[], accented).map(|word| {
                query(
                    "accented_word",
                    format!("={}", fold(word)),
                    ascii_runs(word).join(","),
                )
            }),
            mid.zip(other).map(either),
        ];
        queries.into_iter().flatten().collect()
    }

    /// The query of a header field, on its value nearest the spec's share.
    fn field_query(&self, spec: &FieldQuery) -> Option<Query> {
        let &(name, field, share, trawl, mairix, mairix_suffix) = spec;
        let value = self.field_value(field, share)?;
        Some(query(
            name,
            format!("{trawl}{value}"),
            format!("{mairix}{value}{mairix_suffix}"),
        ))
    }

    /// The body word accepted by `keep` (and not in `taken`) whose document frequency is
    /// nearest `share` of the messages (at least 2 messages).
    fn body_word<'v>(
        &self,
        vocab: &'v Vocabulary,
        share: f64,
        taken: &[Option<&str>],
        keep: impl Fn(&str, Language) -> bool,
    ) -> Option<&'v str> {
        let target = self.target(share);
        (0..vocab.len())
            .filter(|&id| self.body[id] > 0 && keep(vocab.word(id), vocab.language(id)))
            .filter(|&id| !taken.contains(&Some(vocab.word(id))))
            .min_by(|&a, &b| {
                distance(self.body[a], target).total_cmp(&distance(self.body[b], target))
            })
            .map(|id| vocab.word(id))
    }

    /// The value of `field` (an address, or a plain word both engines see alike) whose
    /// frequency is nearest `share` of the messages.
    fn field_value(&self, field: Field, share: f64) -> Option<&str> {
        let target = self.target(share);
        let ambiguous = ambiguous(self.values(field));
        let clear = |value: &str| plain_word(value) && !ambiguous.contains(value);
        self.fields
            .iter()
            .filter(|((of, value), _)| *of == field && (value.contains('@') || clear(value)))
            .min_by(|(_, a), (_, b)| distance(**a, target).total_cmp(&distance(**b, target)))
            .map(|((_, value), _)| value.as_str())
    }

    /// The values counted in `field`.
    fn values(&self, field: Field) -> impl Iterator<Item = &str> {
        let values = self.fields.keys().filter(move |(of, _)| *of == field);
        values.map(|(_, value)| value.as_str())
    }

    /// `share` of the messages counted, but at least 2.
    fn target(&self, share: f64) -> f64 {
        (share * f64::from(self.messages)).max(2.0)
    }
}

/// Writes `queries.tsv`: a header line, then name, trawl query and mairix query per line.
pub fn write_tsv(path: &Path, queries: &[Query]) -> anyhow::Result<()> {
    let mut tsv = String::from("name\ttrawl\tmairix\n");
    for query in queries {
        tsv.push_str(&format!(
            "{}\t{}\t{}\n",
            query.name, query.trawl, query.mairix
        ));
    }
    fs::write(path, tsv).with_context(|| format!("writing {}", path.display()))
}

/// A single-word query, the same in both syntaxes (a bare mairix word searches the headers
/// and the body, like a bare trawl word).
fn word_query(name: &'static str, word: Option<&str>) -> Option<Query> {
    word.map(|word| query(name, format!("={word}"), word.to_string()))
}

/// Words the two engines see differently: for each word with accents, the ASCII runs that
/// mairix indexes instead ("réunion" is "r" and "union") and the folded form that trawl
/// matches ("reunion"). A query word among them would match other messages in each engine.
fn ambiguous<'a>(words: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut ambiguous = BTreeSet::new();
    for word in words.filter(|word| !word.is_ascii()) {
        ambiguous.extend(ascii_runs(word).into_iter().map(str::to_string));
        ambiguous.insert(fold(word));
    }
    ambiguous
}

/// The runs of ASCII letters and digits of a word: the words mairix indexes for it.
fn ascii_runs(word: &str) -> Vec<&str> {
    let runs = word.split(|character: char| !character.is_ascii_alphanumeric());
    runs.filter(|run| !run.is_empty()).collect()
}

/// A query from its parts.
fn query(name: &'static str, trawl: String, mairix: String) -> Query {
    Query {
        name,
        trawl,
        mairix,
    }
}

/// How far a frequency is from the target.
fn distance(frequency: u32, target: f64) -> f64 {
    (f64::from(frequency) - target).abs()
}

/// A lower-case ASCII word long enough to be a content word.
fn plain_word(word: &str) -> bool {
    word.len() >= MIN_QUERY_WORD && word.bytes().all(|byte| byte.is_ascii_lowercase())
}

/// A lower-case word with at least one accented letter.
fn accented_word(word: &str) -> bool {
    !word.is_ascii()
        && word.chars().count() >= MIN_QUERY_WORD
        && word.chars().all(char::is_lowercase)
}
