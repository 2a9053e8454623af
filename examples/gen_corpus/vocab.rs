//! The vocabulary: real common words on top, then synthetic French-like and English-like words,
//! drawn with Zipf frequencies so that the index sees a realistic long tail.

use std::collections::BTreeSet;

use fastrand::Rng;

use crate::words;

/// Number of distinct French words (core plus synthetic).
const FRENCH_SIZE: usize = 24_000;
/// Number of distinct English words (core plus synthetic).
const ENGLISH_SIZE: usize = 16_000;
/// Zipf exponent of natural-language word frequencies.
const WORD_EXPONENT: f64 = 1.07;
/// Share of a message's words taken from the other language (loanwords, quotes).
const FOREIGN_SHARE: f64 = 0.05;

/// The language a message is written in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Language {
    /// French (accents, latin-1 encodings).
    French,
    /// English.
    English,
}

/// A discrete distribution where rank `r` (from 0) has weight `1 / (r + 1)^s`.
pub struct Zipf {
    /// Running sums of the weights, for inverse-transform sampling.
    cumulative: Vec<f64>,
}

impl Zipf {
    /// The distribution over `len` ranks with exponent `exponent`.
    pub fn new(len: usize, exponent: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=len)
            .map(|rank| {
                total += (rank as f64).powf(-exponent);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// A random rank: 0 is the most likely.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.f64() * total;
        let rank = self.cumulative.partition_point(|&sum| sum <= target);
        rank.min(self.cumulative.len().saturating_sub(1))
    }
}

/// Identifier of a vocabulary word: its index in [`Vocabulary::word`].
pub type WordId = usize;

/// Every word of the corpus, French ranks first, then English ranks.
pub struct Vocabulary {
    /// The words; ids below `FRENCH_SIZE` are French.
    words: Vec<String>,
    /// Rank distribution within the French list.
    french_ranks: Zipf,
    /// Rank distribution within the English list.
    english_ranks: Zipf,
}

impl Vocabulary {
    /// Builds both word lists from the embedded core words and seeded synthetic words.
    pub fn build(rng: &mut Rng) -> Vocabulary {
        let mut seen = BTreeSet::new();
        let mut words = word_list(words::FRENCH_CORE, FRENCH_SIZE, &mut seen, || {
            synthetic_word(rng, &words::FRENCH_SYLLABLES, words::FRENCH_SUFFIXES)
        });
        let english = word_list(words::ENGLISH_CORE, ENGLISH_SIZE, &mut seen, || {
            synthetic_word(rng, &words::ENGLISH_SYLLABLES, words::ENGLISH_SUFFIXES)
        });
        words.extend(english);
        Vocabulary {
            words,
            french_ranks: Zipf::new(FRENCH_SIZE, WORD_EXPONENT),
            english_ranks: Zipf::new(ENGLISH_SIZE, WORD_EXPONENT),
        }
    }

    /// A random word of a message written in `language` (sometimes a foreign one).
    pub fn sample(&self, rng: &mut Rng, language: Language) -> WordId {
        let foreign = rng.f64() < FOREIGN_SHARE;
        match (language == Language::French) != foreign {
            true => self.french_ranks.sample(rng),
            false => FRENCH_SIZE + self.english_ranks.sample(rng),
        }
    }

    /// The text of a word.
    pub fn word(&self, id: WordId) -> &str {
        &self.words[id]
    }

    /// The language whose list holds the word.
    pub fn language(&self, id: WordId) -> Language {
        match id < FRENCH_SIZE {
            true => Language::French,
            false => Language::English,
        }
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }
}

/// `size` distinct words: the `core` words (whitespace-separated) first, then words from
/// `make`. Words are distinct after accent and case folding (across both languages, through
/// `seen`), as search engines compare them.
fn word_list(
    core: &str,
    size: usize,
    seen: &mut BTreeSet<String>,
    mut make: impl FnMut() -> String,
) -> Vec<String> {
    let mut list: Vec<String> = Vec::with_capacity(size);
    let candidates = core.split_whitespace().map(str::to_string);
    for word in candidates.chain(std::iter::repeat_with(&mut make)) {
        if list.len() == size {
            break;
        }
        if seen.insert(fold(&word)) {
            list.push(word);
        }
    }
    list
}

/// A made-up word of 1 to 3 syllables (mostly 2) plus an optional suffix.
fn synthetic_word(rng: &mut Rng, syllables: &[&[&str]; 3], suffixes: &[&str]) -> String {
    let mut word = String::new();
    for _ in 0..[1, 2, 2, 3][rng.usize(..4)] {
        for part in syllables {
            word.push_str(part[rng.usize(..part.len())]);
        }
    }
    word.push_str(suffixes[rng.usize(..suffixes.len())]);
    word
}

/// Lower case without French accents: how trawl (and addresses) compare words.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(strip_accent)
        .collect()
}

/// The base letter of a lower-case accented French letter; other characters unchanged.
fn strip_accent(letter: char) -> char {
    match letter {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        other => other,
    }
}
