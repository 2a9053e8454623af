//! From the AST to a tantivy query, with the same analyzer the index used, so that
//! `ÉLECTION` finds `election`.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, EnableScoring, FuzzyTermQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption, Schema};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Searcher, Term};

use super::recheck::{HeaderSource, RecheckQuery, Wanted};
use super::stems::Stems;
use super::{Match, Node};
use crate::analysis::folded_analyzer;
use crate::analysis::header::{self, Encoded, Piece};
use crate::entities;
use crate::error::QueryError;
use crate::fields::{self, FieldDef, FieldKind};

/// Sets of documents kept beside the index rather than in it (see [`FieldKind::Table`]).
pub trait Lookups {
    /// The ids of the documents that `field:value` names (`thread:ID`), or why there are
    /// none to give (an ambiguous id, a table that cannot be read).
    fn ids(&self, field: &str, value: &str) -> Result<Vec<String>, String>;

    /// What reads documents' headers back from their sources, for `header:` queries on encoded
    /// data; `None` when there is none to read.
    fn header_source(&self) -> Option<std::sync::Arc<dyn HeaderSource>>;
}

/// Builds tantivy queries against one schema.
pub struct QueryBuilder<'a> {
    schema: Schema,
    analyzer: TextAnalyzer,
    empty: HashSet<String>,
    searcher: Option<&'a Searcher>,
    lookups: Option<&'a dyn Lookups>,
    stems: Stems,
}

/// The field of attachments' text, left out of bare words under `kind:email`.
const ATTACHMENT_TEXT: &str = "attachment_text";

/// The term a [`FieldKind::Keyword`] or [`FieldKind::Label`] field is searched for: a
/// Message-ID without its brackets, an entity normalised as extraction writes it
/// ([`entities::query_value`]), any other value lower-cased.
pub fn exact_value(def: &FieldDef, text: &str) -> String {
    match def.name {
        "message_id" => text
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned(),
        name => entities::query_value(name, text).unwrap_or_else(|| text.to_lowercase()),
    }
}

/// Whether `node` matches emails only: it is `kind:email`, or a conjunction holding it.
pub fn requires_emails(node: &Node) -> bool {
    match node {
        Node::Term {
            field: Some(def),
            text,
            ..
        } => def.name == "kind" && text == "email",
        Node::And(children) => children.iter().any(requires_emails),
        _ => false,
    }
}

/// Completions of the last word of a multi-word prefix (`jean-pi*`) when no index is at hand
/// to say how many words a field holds.
const DEFAULT_EXPANSIONS: u32 = 50_000;

type Built = Option<Box<dyn Query>>;

impl<'a> QueryBuilder<'a> {
    /// A builder for indexes with this schema.
    pub fn new(schema: Schema) -> QueryBuilder<'a> {
        QueryBuilder {
            schema,
            analyzer: folded_analyzer(),
            empty: HashSet::new(),
            searcher: None,
            lookups: None,
            stems: Stems::default(),
        }
    }

    /// Leaves out the fields named in `empty`, which hold no term in the index: bare words do
    /// not search them, and a term on one of them matches nothing.
    pub fn skipping(mut self, empty: HashSet<String>) -> QueryBuilder<'a> {
        self.empty = empty;
        self
    }

    /// Builds for the index `searcher` reads: a multi-word prefix may then expand to every
    /// word of its field.
    pub fn reading(mut self, searcher: &'a Searcher) -> QueryBuilder<'a> {
        self.searcher = Some(searcher);
        self
    }

    /// Resolves `thread:` and the other [`FieldKind::Table`] fields with `lookups`; without,
    /// they are refused.
    pub fn looking_up(mut self, lookups: &'a dyn Lookups) -> QueryBuilder<'a> {
        self.lookups = Some(lookups);
        self
    }

    /// The most words the field holds in one segment: a bound no prefix can exceed.
    fn expansions(&self, field: Field) -> u32 {
        let Some(searcher) = self.searcher else {
            return DEFAULT_EXPANSIONS;
        };
        let words = searcher
            .segment_readers()
            .iter()
            .filter_map(|r| r.inverted_index(field).ok())
            .map(|inverted| inverted.terms().num_terms())
            .max()
            .unwrap_or(0);
        u32::try_from(words).unwrap_or(u32::MAX).max(1)
    }

    /// The query for `node`; an error when nothing in it can be searched. A query that
    /// requires `kind:email` searches emails by their own text: its bare words leave out
    /// the text of attachments.
    pub fn build(&mut self, node: &Node) -> Result<Box<dyn Query>, QueryError> {
        if requires_emails(node) {
            self.empty.insert(ATTACHMENT_TEXT.to_owned());
        }
        let built = self.node(node)?;
        built.ok_or_else(|| QueryError {
            message: "the query has no searchable words".into(),
            column: None,
        })
    }

    fn node(&mut self, node: &Node) -> Result<Built, QueryError> {
        Ok(match node {
            Node::And(children) => self.and(children)?,
            Node::Or(children) => {
                let built = children
                    .iter()
                    .map(|c| self.node(c))
                    .collect::<Result<Vec<_>, _>>()?;
                boolean(
                    built
                        .into_iter()
                        .flatten()
                        .map(|q| (Occur::Should, q))
                        .collect(),
                )
            }
            Node::Not(child) => self.node(child)?.map(exclude),
            Node::Term {
                field: Some(def),
                text,
                how,
            } => match self.holding_terms(fields::searched(def), text, *how) {
                defs if defs.is_empty() => Some(Box::new(EmptyQuery)),
                defs => self.in_fields(&defs, text, *how)?,
            },
            Node::Term {
                field: None,
                text,
                how,
            } => {
                let all = fields::free_text_fields().flat_map(fields::searched);
                let defs = self.holding_terms(all, text, *how);
                self.in_fields(&defs, text, *how)?
            }
            Node::DateRange { start, end } => Some(self.date_range(*start, *end)),
            Node::SizeRange { min, max } => Some(self.size_range(*min, *max)),
        })
    }

    /// The fields of `defs` whose tantivy field holds a term.
    fn holding_terms(
        &self,
        defs: impl Iterator<Item = &'static FieldDef>,
        text: &str,
        how: Match,
    ) -> Vec<&'static FieldDef> {
        defs.filter(|def| !self.is_empty(def, text, how)).collect()
    }

    /// `text` searched in each of `defs`, any of which may match; `None` when no field
    /// makes a query of it.
    fn in_fields(
        &mut self,
        defs: &[&'static FieldDef],
        text: &str,
        how: Match,
    ) -> Result<Built, QueryError> {
        let mut clauses = Vec::new();
        for def in defs {
            if let Some(q) = self.field_term(def, text, how)? {
                clauses.push((Occur::Should, q));
            }
        }
        Ok(boolean(clauses))
    }

    /// Positive children must match, negated ones must not; all-negative means "everything but".
    fn and(&mut self, children: &[Node]) -> Result<Built, QueryError> {
        let mut clauses = Vec::new();
        for child in children {
            let (occur, inner) = match child {
                Node::Not(inner) => (Occur::MustNot, inner.as_ref()),
                other => (Occur::Must, other),
            };
            if let Some(q) = self.node(inner)? {
                clauses.push((occur, q));
            }
        }
        if !clauses.is_empty() && clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(boolean(clauses))
    }

    /// True when the tantivy field this term would search holds no term at all.
    fn is_empty(&self, def: &FieldDef, text: &str, how: Match) -> bool {
        let exact = def.kind == FieldKind::Address && how == Match::Word && is_address(text);
        let name = if exact {
            fields::address_companion(def.name)
        } else {
            def.name.to_owned()
        };
        self.empty.contains(&name)
    }

    fn field(&self, name: &str) -> Field {
        self.schema
            .get_field(name)
            .unwrap_or_else(|_| panic!("schema lacks field {name}"))
    }

    fn field_term(&mut self, def: &FieldDef, text: &str, how: Match) -> Result<Built, QueryError> {
        let field = |name: &str| self.field(name);
        Ok(match def.kind {
            _ if how == Match::Regex => Some(self.regex_words(field(def.name), text)?),
            FieldKind::Prose if how == Match::Word => self.stemmed(field(def.name), text),
            FieldKind::Text | FieldKind::Prose => self.text(field(def.name), text, how),
            FieldKind::Keyword | FieldKind::Label => Some(self.keyword(def, text, how)),
            FieldKind::Address if how == Match::Word && is_address(text) => {
                let exact = field(&fields::address_companion(def.name));
                Some(term_query(exact, &text.to_lowercase()))
            }
            FieldKind::Address => self.text(field(def.name), text, how),
            FieldKind::Date | FieldKind::Size => None,
            FieldKind::Header => Some(self.header(field(def.name), text, how)?),
            FieldKind::Table => Some(self.lookup(def, text)?),
        })
    }

    /// The documents a table beside the index names for `def:value`, by id.
    fn lookup(&self, def: &FieldDef, value: &str) -> Result<Box<dyn Query>, QueryError> {
        let refused = |message: String| QueryError {
            message,
            column: None,
        };
        let lookups = self
            .lookups
            .ok_or_else(|| refused(format!("{}: needs an index to look in", def.name)))?;
        let ids = lookups.ids(def.name, value).map_err(refused)?;
        let field = self.field(fields::DOCID);
        let terms = ids.iter().map(|id| Term::from_field_text(field, id));
        Ok(Box::new(TermSetQuery::new(terms)))
    }

    /// The words of `field` that `pattern` matches whole, case-insensitively. Every word of
    /// the field's dictionary is tested with the regex crate, which matches in linear time:
    /// the cost is bounded by the dictionary, whatever the pattern (an automaton built from
    /// the pattern, as tantivy's regex query does, can take minutes on a hostile one). Without
    /// an index to read, nothing matches.
    fn regex_words(&self, field: Field, pattern: &str) -> Result<Box<dyn Query>, QueryError> {
        let whole = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
            .case_insensitive(true)
            .build()
            .map_err(|e| QueryError {
                message: format!("regular expression /{pattern}/ cannot be searched: {e}"),
                column: None,
            })?;
        let mut words = std::collections::BTreeSet::new();
        let readers = self.searcher.map_or(&[][..], |s| s.segment_readers());
        for reader in readers {
            let Ok(inverted) = reader.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().stream() else {
                continue;
            };
            while stream.advance() {
                let word = String::from_utf8_lossy(stream.key());
                if whole.is_match(&word) {
                    words.insert(word.into_owned());
                }
            }
        }
        let terms = words.iter().map(|w| Term::from_field_text(field, w));
        Ok(Box::new(TermSetQuery::new(terms)))
    }

    /// `Name:words` on the header field: every word with the header's name (`x-mailer:outlook`),
    /// the last one as a prefix for `Name:wor*`; `Name:` alone finds any value.
    fn header(
        &mut self,
        field: Field,
        text: &str,
        how: Match,
    ) -> Result<Box<dyn Query>, QueryError> {
        let Some((name, value)) = text.split_once(':').filter(|(n, _)| !n.trim().is_empty()) else {
            return Err(QueryError {
                message: format!(
                    "header: needs Name:value, like header:X-Mailer:outlook (not '{text}')"
                ),
                column: None,
            });
        };
        let name = name.trim().to_ascii_lowercase();
        let mut words = Vec::new();
        let mut encoded = Vec::new();
        let mut last_encoded = false;
        header::pieces(value, &mut self.analyzer, &mut |piece| match piece {
            Piece::Word(word) => {
                words.push(word.to_owned());
                last_encoded = false;
            }
            Piece::Encoded(e) => {
                encoded.push(e);
                last_encoded = true;
            }
        });
        if words.is_empty() && encoded.is_empty() {
            return Ok(prefix_range(field, &format!("{name}:")));
        }
        let prefix = how == Match::Prefix;
        let prefix_word = if prefix && !last_encoded {
            words.pop()
        } else {
            None
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| (Occur::Must, term_query(field, &format!("{name}:{w}"))))
            .collect();
        if !encoded.is_empty() {
            let wanted = Wanted {
                name: name.clone(),
                pieces: encoded,
                last_is_prefix: prefix && last_encoded,
            };
            clauses.push((Occur::Must, self.recheck(field, wanted)?));
        }
        if let Some(word) = prefix_word {
            let wanted = Wanted {
                name: name.clone(),
                pieces: vec![Encoded::Word(word.clone())],
                last_is_prefix: true,
            };
            let either: Vec<(Occur, Box<dyn Query>)> = vec![
                (
                    Occur::Should,
                    prefix_range(field, &format!("{name}:{word}")),
                ),
                (Occur::Should, self.recheck(field, wanted)?),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        Ok(boolean(clauses).unwrap_or_else(|| Box::new(EmptyQuery)))
    }

    /// The documents holding `wanted`'s encoded pieces: those with the header's `name:` term
    /// and the pieces' fingerprints, each read again from its source to be sure.
    fn recheck(&self, field: Field, wanted: Wanted) -> Result<Box<dyn Query>, QueryError> {
        let Some(source) = self.lookups.and_then(|l| l.header_source()) else {
            return Err(QueryError {
                message: format!(
                    "header:{}: encoded data is checked against the sources, which this \
                     query cannot read",
                    wanted.name
                ),
                column: None,
            });
        };
        let last = wanted.pieces.len() - 1;
        let mut clauses = vec![(Occur::Must, term_query(field, &format!("{}:", wanted.name)))];
        for (i, piece) in wanted.pieces.iter().enumerate() {
            let text = piece.text();
            let fingerprint = header::fingerprint_of(text);
            let query =
                if wanted.last_is_prefix && i == last && !header::names_one_fingerprint(text) {
                    prefix_range(field, &fingerprint)
                } else {
                    term_query(field, &fingerprint)
                };
            clauses.push((Occur::Must, query));
        }
        let candidates = Box::new(BooleanQuery::new(clauses));
        Ok(Box::new(RecheckQuery::new(candidates, wanted, source)))
    }

    /// Analyzed text: one token is a term, several a phrase; `Prefix` extends the last one,
    /// `Near` lets the words move, `Fuzzy` matches each word within its distance.
    fn text(&mut self, field: Field, text: &str, how: Match) -> Built {
        let tokens = self.tokens(text);
        let terms: Vec<Term> = tokens
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect();
        match (how, terms.len()) {
            (_, 0) => None,
            (Match::Prefix, 1) => Some(prefix_range(field, &tokens[0])),
            (Match::Prefix, _) => Some(phrase_prefix(terms, self.expansions(field))),
            (Match::Fuzzy(distance), _) => boolean(
                terms
                    .into_iter()
                    .map(|t| (Occur::Must, fuzzy(t, distance)))
                    .collect(),
            ),
            (Match::Near(slop), n) if n > 1 => Some(Box::new(NearQuery::new(terms, slop))),
            (_, 1) => Some(Box::new(TermQuery::new(
                terms[0].clone(),
                IndexRecordOption::WithFreqs,
            ))),
            (_, _) => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    /// A word of running text and its other forms in the index (see [`super::stems`]); a
    /// hyphenated word is a phrase, searched as written.
    fn stemmed(&mut self, field: Field, text: &str) -> Built {
        let tokens = self.tokens(text);
        let (Some(searcher), [word]) = (self.searcher, tokens.as_slice()) else {
            return self.text(field, text, Match::Word);
        };
        let forms = self.stems.expand(searcher, field, word);
        let clauses = forms
            .iter()
            .map(|w| {
                let q = TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::WithFreqs,
                );
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        boolean(clauses)
    }

    /// Exact keyword fields: kinds are case-insensitive, Message-IDs lose their brackets.
    fn keyword(&self, def: &FieldDef, text: &str, how: Match) -> Box<dyn Query> {
        let field = self.field(def.name);
        let value = exact_value(def, text);
        match how {
            Match::Prefix => prefix_range(field, &value),
            Match::Fuzzy(distance) => fuzzy(Term::from_field_text(field, &value), distance),
            _ => term_query(field, &value),
        }
    }

    fn date_range(&self, start: Option<i64>, end: Option<i64>) -> Box<dyn Query> {
        let field = self.field("date");
        let lower = start.map_or(Bound::Unbounded, |s| {
            Bound::Included(Term::from_field_i64(field, s))
        });
        let upper = end.map_or(Bound::Unbounded, |e| {
            Bound::Excluded(Term::from_field_i64(field, e))
        });
        match (start, end) {
            (None, None) => Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(field, i64::MIN)),
                Bound::Unbounded,
            )),
            _ => Box::new(RangeQuery::new(lower, upper)),
        }
    }

    fn size_range(&self, min: Option<u64>, max: Option<u64>) -> Box<dyn Query> {
        let field = self.field("size");
        let bound = |v: Option<u64>| {
            v.map_or(Bound::Unbounded, |v| {
                Bound::Included(Term::from_field_u64(field, v))
            })
        };
        Box::new(RangeQuery::new(bound(min), bound(max)))
    }

    fn tokens(&mut self, text: &str) -> Vec<String> {
        let mut stream = self.analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }
}

/// `local@domain`: matched exactly against the address field.
fn is_address(text: &str) -> bool {
    text.split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
}

fn term_query(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Every word of `field` that starts with `prefix`: the range of the term dictionary from the
/// prefix to the first string after all its completions (tantivy's prefix queries stop at 50).
fn prefix_range(field: Field, prefix: &str) -> Box<dyn Query> {
    let lower = Bound::Included(Term::from_field_text(field, prefix));
    let upper = past_completions(prefix).map_or(Bound::Unbounded, |end| {
        Bound::Excluded(Term::from_field_text(field, &end))
    });
    Box::new(RangeQuery::new(lower, upper))
}

/// The smallest string greater than every string starting with `prefix`: its last character
/// that can be, moved to the next one (UTF-8 keeps code point order); `None` when there is no
/// such string.
fn past_completions(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Words within `distance` edits of the term's, a transposition counting as one.
fn fuzzy(term: Term, distance: u8) -> Box<dyn Query> {
    Box::new(FuzzyTermQuery::new(term, distance, true))
}

/// The words of a phrase within `slop` moves of each other (`"a b"~N`): tantivy's phrase query
/// with a slop, which keeps the slop where a snippet can read it back (tantivy's does not say).
#[derive(Clone, Debug)]
pub struct NearQuery {
    phrase: PhraseQuery,
    slop: u32,
}

impl NearQuery {
    /// The words `terms` within `slop` moves of each other.
    pub fn new(terms: Vec<Term>, slop: u32) -> NearQuery {
        let mut phrase = PhraseQuery::new(terms);
        phrase.set_slop(slop);
        NearQuery { phrase, slop }
    }

    /// The phrase, slop and all.
    pub fn phrase(&self) -> &PhraseQuery {
        &self.phrase
    }

    /// How many moves the words may make.
    pub fn slop(&self) -> u32 {
        self.slop
    }
}

impl Query for NearQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.phrase.weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.phrase.query_terms(visitor);
    }
}

/// Documents with `terms` in a row, the last one as a prefix of at most `expansions` words.
fn phrase_prefix(terms: Vec<Term>, expansions: u32) -> Box<dyn Query> {
    let mut query = PhrasePrefixQuery::new(terms);
    query.set_max_expansions(expansions);
    Box::new(query)
}

fn boolean(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Built {
    match clauses.len() {
        0 => None,
        1 if clauses[0].0 != Occur::MustNot => Some(clauses.remove(0).1),
        _ => Some(Box::new(BooleanQuery::new(clauses))),
    }
}

fn exclude(q: Box<dyn Query>) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(AllQuery)), (Occur::MustNot, q)];
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing `query_parse`: a short regular expression with stacked quantifiers
    /// and `.*`, whose automaton tantivy's regex query takes minutes to build. The builder
    /// tests the dictionary's words one by one with the regex crate instead: the query it
    /// builds holds no automaton, only the words that matched (none, with no index to read).
    #[test]
    fn slow_regex_automaton_stacked_quantifiers_dot_star() {
        let input = include_bytes!(
            "../../fuzz/regressions/query_parse/slow-regex-automaton-stacked-quantifiers-dot-star"
        );
        let node = super::super::parse(&String::from_utf8_lossy(input)).expect("a query");
        let built = QueryBuilder::new(crate::index::schema::build())
            .build(&node)
            .expect("the query is built");
        let shown = format!("{built:?}");
        assert!(
            !shown.contains("Regex") && !shown.contains("Automaton"),
            "{shown}"
        );
        let word_sets = shown.matches("TermSetQuery").count();
        assert!(word_sets > 0, "{shown}");
        assert_eq!(
            shown.matches("TermSetQuery { terms_map: {} }").count(),
            word_sets,
            "no index, no word: {shown}"
        );
    }

    #[test]
    fn the_end_of_a_prefix_range_follows_every_completion() {
        assert_eq!(past_completions("zq").as_deref(), Some("zr"));
        assert_eq!(past_completions("é").as_deref(), Some("ê"));
        assert_eq!(past_completions("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(past_completions("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(past_completions("\u{10FFFF}"), None);
    }
}
