//! The language a document is written in, for `lang:` and `trawl facets --by lang`: one of
//! sixteen languages (French, English, German, Spanish, Italian, Portuguese, Dutch, Swedish,
//! Turkish, Russian, Arabic, Hindi, Chinese, Japanese, Korean, Vietnamese), told by whichlang's
//! linear model on the subject and the start of the text; `und` (undetermined) when there are
//! too few letters to tell.

use whichlang::Lang;

/// Text looked at: enough to tell, little enough to cost a microsecond or so.
const SAMPLE_BYTES: usize = 400;

/// Fewer letters than this, and the language is not guessed.
const MIN_LETTERS: usize = 20;

/// The code for text in no detectable language.
pub const UNDETERMINED: &str = "und";

/// The ISO 639-1 code of the language of `subject` and `text`, or [`UNDETERMINED`].
pub fn detect(subject: Option<&str>, text: &str) -> &'static str {
    let mut end = SAMPLE_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = format!("{} {}", subject.unwrap_or_default(), &text[..end]);
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return UNDETERMINED;
    }
    code(whichlang::detect_language(&sample))
}

fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ara => "ar",
        Lang::Cmn => "zh",
        Lang::Deu => "de",
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Hin => "hi",
        Lang::Ita => "it",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Nld => "nl",
        Lang::Por => "pt",
        Lang::Rus => "ru",
        Lang::Spa => "es",
        Lang::Swe => "sv",
        Lang::Tur => "tr",
        Lang::Vie => "vi",
    }
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
