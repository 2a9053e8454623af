//! What a query asks to see in one text field, found in a hit's text: its words wherever they
//! stand, and its phrases only where their words stand together as the index matched them
//! (in a row, or within `~N` moves); then the fragment around the best of those matches.
//!
//! The words come from the built tantivy query, so they are the index's words (stems,
//! regular-expression words and all); the text is cut into words by the same analyzer, so a
//! match here is a match there (case and accents folded).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query};
use tantivy::schema::Field;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Searcher, Term};

use super::Snippet;
use crate::analysis::folded_analyzer;
use crate::query::build::NearQuery;

/// The words and phrases of a query for one field, each with the weight a match of it adds to
/// a fragment (rarer words weigh more).
pub(super) struct Wanted {
    words: HashMap<String, f32>,
    phrases: Vec<Phrase>,
    analyzer: TextAnalyzer,
}

/// Words that match together: in a row when `slop` is 0, else within `slop` moves.
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    slop: u32,
    weight: f32,
}

/// One word of the text as the index saw it.
struct Token {
    /// Byte range in the text.
    bytes: Range<usize>,
    /// Character range in the text.
    chars: Range<usize>,
    /// The index's word (folded).
    word: String,
    /// Its position, as the index counts them.
    position: usize,
}

/// One match: the tokens of a word, or of a phrase's words, and its weight.
struct Found {
    tokens: Vec<usize>,
    weight: f32,
}

impl Found {
    fn first(&self) -> usize {
        self.tokens.iter().copied().min().unwrap_or_default()
    }

    fn last(&self) -> usize {
        self.tokens.iter().copied().max().unwrap_or_default()
    }
}

impl Wanted {
    /// What `query` asks for in any of `fields`, weighed against the index `searcher` reads;
    /// the words of negated parts are left out.
    pub(super) fn of(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &[Field],
    ) -> tantivy::Result<Wanted> {
        let (mut words, mut phrases) = (Vec::new(), Vec::new());
        for &field in fields {
            collect(query, field, &mut words, &mut phrases);
        }
        let weigh = |term: &Term| -> tantivy::Result<Option<f32>> {
            let freq = searcher.doc_freq(term)?;
            Ok((freq > 0).then(|| 1.0 / (1.0 + freq as f32)))
        };
        let mut wanted = Wanted {
            words: HashMap::new(),
            phrases: Vec::new(),
            analyzer: folded_analyzer(),
        };
        for term in &words {
            if let (Some(word), Some(weight)) = (text_of(term), weigh(term)?) {
                let known = wanted.words.entry(word).or_insert(weight);
                *known = known.max(weight);
            }
        }
        for (terms, slop) in phrases {
            let mut phrase = Phrase {
                words: Vec::new(),
                slop,
                weight: 0.0,
            };
            for term in &terms {
                let (Some(word), Some(weight)) = (text_of(term), weigh(term)?) else {
                    break;
                };
                phrase.words.push(word);
                phrase.weight += weight;
            }
            let same = |p: &Phrase| p.words == phrase.words && p.slop == phrase.slop;
            if phrase.words.len() == terms.len() && !wanted.phrases.iter().any(same) {
                wanted.phrases.push(phrase);
            }
        }
        Ok(wanted)
    }

    /// Whether the query asks for nothing in this field.
    pub(super) fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// The fragment of `text` (at most `max_chars` characters) around its best matches, with
    /// every match inside it highlighted word by word; `None` when nothing matches.
    pub(super) fn snippet(&self, text: &str, max_chars: usize) -> Option<Snippet> {
        if self.is_empty() {
            return None;
        }
        let tokens = self.wanted_tokens(text);
        let found = self.find(&tokens);
        let (first, last) = best_window(&found, &tokens, max_chars)?;
        let (start, end) = self.fragment(text, (&tokens[first], &tokens[last]), max_chars);
        let inside = |t: &Token| t.bytes.start >= start && t.bytes.end <= end;
        let mut highlights: Vec<Range<usize>> = found
            .iter()
            .filter(|f| f.tokens.iter().all(|&t| inside(&tokens[t])))
            .flat_map(|f| f.tokens.iter().map(|&t| tokens[t].bytes.clone()))
            .map(|r| r.start - start..r.end - start)
            .collect();
        highlights.sort_by_key(|r| (r.start, r.end));
        highlights.dedup();
        Some(Snippet {
            text: text.get(start..end)?.to_owned(),
            highlights,
        })
    }

    /// Calls `each` with every word of `text` as the index cut and folded it, and its
    /// character range, until `each` returns false.
    fn walk(
        &self,
        text: &str,
        mut each: impl FnMut(&tantivy::tokenizer::Token, Range<usize>) -> bool,
    ) {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let (mut counted, mut chars) = (0, 0);
        let mut char_at = |byte: usize| {
            chars += text.get(counted..byte).map_or(0, |t| t.chars().count());
            counted = byte;
            chars
        };
        while stream.advance() {
            let t = stream.token();
            let range = char_at(t.offset_from)..char_at(t.offset_to);
            if !each(t, range) {
                return;
            }
        }
    }

    /// The words of `text` that the query names (alone or in a phrase), in order: all a
    /// match is made of, and few beside the text's other words.
    fn wanted_tokens(&self, text: &str) -> Vec<Token> {
        let in_phrase: HashSet<&str> = self
            .phrases
            .iter()
            .flat_map(|p| p.words.iter().map(String::as_str))
            .collect();
        let mut tokens = Vec::new();
        self.walk(text, |t, chars| {
            if self.words.contains_key(&t.text) || in_phrase.contains(t.text.as_str()) {
                tokens.push(Token {
                    bytes: t.offset_from..t.offset_to,
                    chars,
                    word: t.text.clone(),
                    position: t.position,
                });
            }
            true
        });
        tokens
    }

    /// Every match in `tokens`, in the order of their first word.
    fn find(&self, tokens: &[Token]) -> Vec<Found> {
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            at.entry(t.word.as_str()).or_default().push(i);
        }
        let mut found: Vec<Found> = tokens
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let weight = *self.words.get(&t.word)?;
                Some(Found {
                    tokens: vec![i],
                    weight,
                })
            })
            .collect();
        for phrase in &self.phrases {
            let Some(starts) = phrase.words.first().and_then(|w| at.get(w.as_str())) else {
                continue;
            };
            for &start in starts {
                if let Some(tokens) = phrase.at(start, tokens, &at) {
                    found.push(Found {
                        tokens,
                        weight: phrase.weight,
                    });
                }
            }
        }
        found.sort_by_key(|f| (f.first(), f.last()));
        found
    }

    /// The byte range of the fragment around the matches from `first` to `last`: from the
    /// start of the text when they end within `max_chars` of it, else from the first word at
    /// most a third of the spare room before them; to the last word that fits.
    fn fragment(
        &self,
        text: &str,
        (first, last): (&Token, &Token),
        max_chars: usize,
    ) -> (usize, usize) {
        let (from, to) = (first.chars.start, last.chars.end);
        let lead = max_chars.saturating_sub(to - from) / 3;
        let mut start: Option<(usize, usize)> = (to <= max_chars).then_some((0, 0));
        let mut end = last.bytes.end;
        self.walk(text, |t, chars| {
            let (_, start_char) = match start {
                Some(at) => at,
                None if chars.start + lead < from => return true,
                None => *start.insert((t.offset_from, chars.start)),
            };
            if chars.end > start_char + max_chars {
                return false;
            }
            end = end.max(t.offset_to);
            true
        });
        (start.map_or(first.bytes.start, |(byte, _)| byte), end)
    }
}

impl Phrase {
    /// The tokens of this phrase's match whose first word is the token `start`, if there is
    /// one: each next word at the position after the previous one, or as near it as the slop
    /// left allows (moves are counted as the index counts them).
    fn at(
        &self,
        start: usize,
        tokens: &[Token],
        at: &HashMap<&str, Vec<usize>>,
    ) -> Option<Vec<usize>> {
        let mut chosen = vec![start];
        let mut previous = tokens[start].position;
        let mut slop = self.slop as usize;
        for word in &self.words[1..] {
            let wanted = previous + 1;
            let occurrences = at.get(word.as_str())?;
            let reach = occurrences.partition_point(|&i| tokens[i].position + slop < wanted);
            let (moves, next) = occurrences[reach..]
                .iter()
                .take_while(|&&i| tokens[i].position <= wanted + slop)
                .filter(|i| !chosen.contains(i))
                .map(|&i| (tokens[i].position.abs_diff(wanted), i))
                .min()?;
            slop -= moves;
            previous = tokens[next].position;
            chosen.push(next);
        }
        Some(chosen)
    }
}

/// The terms of `query` in `field` outside negated parts: phrases (with their slop) apart,
/// every other term as a word.
fn collect(
    query: &dyn Query,
    field: Field,
    words: &mut Vec<Term>,
    phrases: &mut Vec<(Vec<Term>, u32)>,
) {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        for (occur, clause) in boolean.clauses() {
            if *occur != Occur::MustNot {
                collect(clause.as_ref(), field, words, phrases);
            }
        }
    } else if let Some(near) = query.downcast_ref::<NearQuery>() {
        phrase(near.phrase(), near.slop(), field, phrases);
    } else if let Some(exact) = query.downcast_ref::<PhraseQuery>() {
        phrase(exact, 0, field, phrases);
    } else {
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                words.push(term.clone());
            }
        });
    }
}

fn phrase(query: &PhraseQuery, slop: u32, field: Field, phrases: &mut Vec<(Vec<Term>, u32)>) {
    if query.field() == field {
        phrases.push((query.phrase_terms(), slop));
    }
}

fn text_of(term: &Term) -> Option<String> {
    term.value().as_str().map(str::to_owned)
}

/// The first and last token of the matches that make the best fragment: the matches,
/// starting at one of them, that fit in `max_chars` and weigh most (the first on a tie).
fn best_window(found: &[Found], tokens: &[Token], max_chars: usize) -> Option<(usize, usize)> {
    let mut best: Option<(f32, (usize, usize))> = None;
    for (i, first) in found.iter().enumerate() {
        let from = tokens[first.first()].chars.start;
        let fitting: Vec<&Found> = found[i + 1..]
            .iter()
            .take_while(|f| tokens[f.first()].chars.start - from <= max_chars)
            .filter(|f| tokens[f.last()].chars.end - from <= max_chars)
            .collect();
        let weight = first.weight + fitting.iter().map(|f| f.weight).sum::<f32>();
        if best.is_none_or(|(w, _)| weight > w) {
            let last = fitting
                .iter()
                .map(|f| f.last())
                .fold(first.last(), usize::max);
            best = Some((weight, (first.first(), last)));
        }
    }
    best.map(|(_, window)| window)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(words: &[&str], phrases: &[(&[&str], u32)]) -> Wanted {
        Wanted {
            words: words.iter().map(|w| ((*w).to_owned(), 0.5)).collect(),
            phrases: phrases
                .iter()
                .map(|(words, slop)| Phrase {
                    words: words.iter().map(|w| (*w).to_owned()).collect(),
                    slop: *slop,
                    weight: 1.0,
                })
                .collect(),
            analyzer: folded_analyzer(),
        }
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|r| &s.text[r.clone()]).collect()
    }

    #[test]
    fn a_phrase_matches_its_words_in_a_row_only() {
        let text = format!(
            "Le budget est voté ; la campagne commence. {} Le Budget Campagne a doublé.",
            "Du texte entre les deux. ".repeat(10)
        );
        let w = wanted(&[], &[(&["budget", "campagne"], 0)]);
        let s = w.snippet(&text, 100).expect("a match");
        assert_eq!(marked(&s), ["Budget", "Campagne"]);
        assert!(
            s.text.contains("Le Budget Campagne a doublé"),
            "{:?}",
            s.text
        );
        assert_eq!(w.snippet("la campagne du budget", 100), None);
    }

    #[test]
    fn a_near_phrase_matches_within_its_slop() {
        let text = "le budget de la campagne";
        let near = |slop| wanted(&[], &[(&["budget", "campagne"], slop)]).snippet(text, 100);
        assert_eq!(near(1), None);
        let s = near(2).expect("two moves");
        assert_eq!(marked(&s), ["budget", "campagne"]);
        let reversed = wanted(&[], &[(&["campagne", "budget"], 4)]).snippet(text, 100);
        assert_eq!(
            marked(&reversed.expect("moves either way")),
            ["budget", "campagne"]
        );
    }

    #[test]
    fn words_are_folded_and_highlighted_once() {
        let w = wanted(&["election"], &[(&["election", "presidentielle"], 0)]);
        let s = w
            .snippet("L'ÉLECTION Présidentielle", 100)
            .expect("a match");
        assert_eq!(s.text, "L'ÉLECTION Présidentielle");
        assert_eq!(marked(&s), ["ÉLECTION", "Présidentielle"]);
        assert_eq!(s.highlights, [2..11, 12..27], "byte ranges");
    }

    #[test]
    fn the_fragment_fits_and_starts_a_little_before_the_match() {
        let text = format!("{}cible{}", "mot ".repeat(100), " suite".repeat(100));
        let s = wanted(&["cible"], &[]).snippet(&text, 60).expect("a match");
        assert!(s.text.chars().count() <= 60, "{:?}", s.text);
        assert!(
            s.text.starts_with("mot") && s.text.ends_with("suite"),
            "{:?}",
            s.text
        );
        let before = s.text.find("cible").expect("the match");
        assert!(
            (10..=25).contains(&before),
            "a third of the spare room: {:?}",
            s.text
        );
        let short = wanted(&["cible"], &[]).snippet("  un mot, une cible", 60);
        assert_eq!(short.expect("a match").text, "  un mot, une cible");
    }

    #[test]
    fn the_fragment_goes_where_the_matches_weigh_most() {
        let text = format!("un {} deux trois", "x ".repeat(100));
        let s = wanted(&["un", "deux", "trois"], &[])
            .snippet(&text, 40)
            .expect("a match");
        assert_eq!(marked(&s), ["deux", "trois"]);
    }
}
