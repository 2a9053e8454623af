//! How text becomes index words. One analyzer folds case and accents for every text field, at
//! indexing and at query time alike; header values become `name:word` terms for `header:`,
//! their encoded data fingerprints ([`header`]).

pub mod header;

pub use header::header_words;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    WhitespaceTokenizer,
};

/// Name of the case- and accent-folding tokenizer used by every text field.
pub const FOLDED: &str = "trawl_folded";

/// The analyzer behind [`FOLDED`]: words split on non-alphanumerics, lower-cased, accents
/// folded (`ÉLECTION` → `election`), absurdly long tokens dropped.
pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(100))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Name of the analyzer of the header field, whose words [`header_words`] prepares
/// (`x-mailer:outlook`): split on spaces only.
pub const HEADER_WORDS: &str = "trawl_header";

/// The analyzer behind [`HEADER_WORDS`].
pub fn header_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WhitespaceTokenizer::default())
        .filter(RemoveLongFilter::limit(200))
        .build()
}
