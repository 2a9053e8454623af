//! The language a document is written in, for `lang:` and `trawl facets --by lang`: French,
//! English and five other western European languages, detected by whatlang's trigram model on
//! the subject and the start of the text; `und` (undetermined) when the text is too short or
//! the guess too weak.

use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// Text looked at: enough for a confident guess, little enough to cost microseconds.
const SAMPLE_BYTES: usize = 1000;

/// Below this, a guess is not recorded.
const MIN_CONFIDENCE: f64 = 0.5;

/// The code for text in no detectable language.
pub const UNDETERMINED: &str = "und";

/// The languages told apart, with their ISO 639-1 codes.
const LANGUAGES: [(Lang, &str); 7] = [
    (Lang::Fra, "fr"),
    (Lang::Eng, "en"),
    (Lang::Deu, "de"),
    (Lang::Spa, "es"),
    (Lang::Ita, "it"),
    (Lang::Por, "pt"),
    (Lang::Nld, "nl"),
];

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(LANGUAGES.iter().map(|(l, _)| *l).collect()));

/// The ISO 639-1 code of the language of `subject` and `text`, or [`UNDETERMINED`].
pub fn detect(subject: Option<&str>, text: &str) -> &'static str {
    let mut end = SAMPLE_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = format!("{} {}", subject.unwrap_or_default(), &text[..end]);
    DETECTOR
        .detect(&sample)
        .filter(|info| info.confidence() >= MIN_CONFIDENCE)
        .and_then(|info| LANGUAGES.iter().find(|(l, _)| *l == info.lang()))
        .map_or(UNDETERMINED, |(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_english_and_too_little() {
        let fr = "Le budget de la campagne est prêt, nous en parlerons demain à la réunion.";
        let en = "The campaign budget is ready and we will discuss it at tomorrow's meeting.";
        assert_eq!(detect(None, fr), "fr");
        assert_eq!(detect(Some("Polling plan"), en), "en");
        assert_eq!(detect(None, "ok"), UNDETERMINED);
        assert_eq!(detect(None, ""), UNDETERMINED);
    }
}
