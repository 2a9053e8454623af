//! Stemming at query time: a word of running text also finds the other forms of it that the
//! index holds (`élections` finds `élection`, `meetings` finds `meeting`).
//!
//! The index keeps words exactly as written (folded), so phrases and `=word` stay exact and
//! indexing pays nothing. A query word is expanded instead: the index's words that share its
//! French or English Snowball stem are looked up in the term dictionary, among the words that
//! start like the stem, and searched together.

use std::collections::{BTreeSet, HashMap};

use tantivy::Searcher;
use tantivy::schema::Field;
use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, TokenStream};

/// Words shorter than this are searched as written: their stems say little.
const MIN_STEMMED_CHARS: usize = 4;

/// The French and English stemmers, and the stems already computed for this query.
pub struct Stems {
    analyzers: Vec<TextAnalyzer>,
    known: HashMap<String, Vec<String>>,
}

impl Default for Stems {
    fn default() -> Self {
        let stemmer = |language| {
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .build()
        };
        Stems {
            analyzers: vec![stemmer(Language::French), stemmer(Language::English)],
            known: HashMap::new(),
        }
    }
}

impl Stems {
    /// The word's stem in each language (computed once per word).
    fn of(&mut self, word: &str) -> Vec<String> {
        if let Some(stems) = self.known.get(word) {
            return stems.clone();
        }
        let stems = self.compute(word);
        self.known.insert(word.to_owned(), stems.clone());
        stems
    }

    fn compute(&mut self, word: &str) -> Vec<String> {
        self.analyzers
            .iter_mut()
            .map(|a| {
                let mut stream = a.token_stream(word);
                let mut stem = word.to_owned();
                if stream.advance() {
                    stem.clone_from(&stream.token().text);
                }
                stem
            })
            .collect()
    }

    /// The words of `field` that share a stem with `word` (a folded word of the query), the
    /// word itself included; just the word when it is short.
    pub fn expand(&mut self, searcher: &Searcher, field: Field, word: &str) -> Vec<String> {
        if word.chars().count() < MIN_STEMMED_CHARS {
            return vec![word.to_owned()];
        }
        let stems = self.of(word);
        let start = scan_start(word, &stems);
        let mut found = BTreeSet::from([word.to_owned()]);
        for candidate in words_starting(searcher, field, &start) {
            let same = self.of(&candidate).iter().zip(&stems).any(|(a, b)| a == b);
            if same {
                found.insert(candidate);
            }
        }
        found.into_iter().collect()
    }
}

/// Where to look: the part every stem and the word share, less its last character (English
/// turns a final y into i: `happy` and `happiness` both stem to `happi`).
fn scan_start(word: &str, stems: &[String]) -> String {
    let shared = stems.iter().fold(word.to_owned(), |acc, stem| {
        acc.chars()
            .zip(stem.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    let keep = shared
        .chars()
        .count()
        .saturating_sub(1)
        .max(MIN_STEMMED_CHARS - 1);
    word.chars().take(keep).collect()
}

/// The distinct words of `field` that start with `prefix`, over every segment.
pub fn words_starting(searcher: &Searcher, field: Field, prefix: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for reader in searcher.segment_readers() {
        let Ok(inverted) = reader.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else {
            continue;
        };
        while stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
            words.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_singular_share_a_stem_in_either_language() {
        let mut stems = Stems::default();
        let same =
            |s: &mut Stems, a: &str, b: &str| s.of(a).iter().zip(s.of(b)).any(|(x, y)| *x == y);
        assert!(same(&mut stems, "elections", "election"));
        assert!(same(&mut stems, "meetings", "meeting"));
        assert!(same(&mut stems, "campagnes", "campagne"));
        assert!(!same(&mut stems, "budget", "bureau"));
    }

    #[test]
    fn the_scan_starts_before_a_final_y_turned_i() {
        let stems = vec!["happi".to_owned(), "happi".to_owned()];
        assert_eq!(
            scan_start("happiness", &stems),
            "happ",
            "so that happy is seen"
        );
    }
}
