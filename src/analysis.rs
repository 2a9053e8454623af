//! How text becomes index words. One analyzer folds case and accents for every text field, at
//! indexing and at query time alike; header values become `name:word` terms for `header:`.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
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

/// `name:word` for each word of each header value, the words folded like every other text.
/// A word repeated is left repeated: the writer's lookup of a term it has just seen costs
/// less than sorting the terms to drop it.
pub fn header_words(headers: &[(String, String)]) -> String {
    let mut analyzer = folded_analyzer();
    let mut out = String::new();
    for (name, value) in headers {
        let mut stream = analyzer.token_stream(value);
        while stream.advance() {
            out.push_str(name);
            out.push(':');
            out.push_str(&stream.token().text);
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_are_folded_and_named() {
        let headers = [
            (
                "received".to_owned(),
                "from relay.Example by relay".to_owned(),
            ),
            ("x-mailer".to_owned(), "Évolution 3".to_owned()),
        ];
        assert_eq!(
            header_words(&headers),
            "received:from received:relay received:example received:by received:relay \
             x-mailer:evolution x-mailer:3 "
        );
    }
}
