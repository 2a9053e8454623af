//! News articles: text or HTML files that are not mail.
//!
//! The title is chosen the way a reader would (see [`title`]): a page's `og:title`, first
//! `<h1>` or `<title>`; a text's first line shaped like a headline once breadcrumbs and
//! datelines are passed over, or its first sentence. The publication date is taken only where
//! the text states one behind a marker ("Publié le 31 juillet 2017", "Créé: 14.11.2017",
//! "Published: 2017-11-14", a leading "date 2017-11"), never guessed from any date in the text.

mod title;

use std::sync::LazyLock;

use regex::Regex;

use crate::{charset, date, html};

/// What trawl extracts from an article file.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Its headline (see [`title`]).
    pub title: Option<String>,
    /// The whole text.
    pub text: String,
    /// Publication date (UTC midnight of the stated day), when the text states one.
    pub date: Option<i64>,
}

/// Reads an article from its bytes (UTF-8, or windows-1252 when not valid UTF-8).
pub fn parse(bytes: &[u8], is_html: bool) -> Article {
    let decoded = charset::guess(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let decoded = charset::lf_line_ends(decoded);
    let (text, title) = if is_html {
        let page = html::read(&decoded);
        let title = title::of_page(&page);
        (page.text, title)
    } else {
        let title = title::of_text(&decoded);
        (decoded, title)
    };
    Article {
        title,
        date: publication_date(&text),
        text,
    }
}

/// A marker that announces a publication date, then the date itself.
static MARKED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let marker = r"(?:publi[ée]e?\s+le|publi[ée]e?\s*:|cr[ée]{2}e?\s*:|cr[ée]{2}e?\s+le|mise?\s+[àa]\s+jour\s+le|published(?:\s+on)?\s*:?|updated(?:\s+on)?\s*:?|(?m:^)\s*date\s*:?)";
    let day_month_year = r"(?P<d1>\d{1,2})(?:er)?\s+(?P<m1>[[:alpha:]éû]+)\s+(?P<y1>\d{4})";
    let month_day_year = r"(?P<m2>[[:alpha:]]+)\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})";
    let numeric = r"(?P<d3>\d{1,2})[./](?P<m3>\d{1,2})[./](?P<y3>\d{4})";
    // An ASCII word boundary: a Unicode `\b` makes the fast engine give up at the first
    // non-ASCII byte, and the slow one then scans the whole article.
    let iso = r"(?P<y4>\d{4})-(?P<m4>\d{2})(?:-(?P<d4>\d{2}))?(?-u:\b)";
    let pattern = format!(
        r"(?i){marker}\s*(?:[[:alpha:]]+\s+)?(?:{day_month_year}|{month_day_year}|{numeric}|{iso})"
    );
    Regex::new(&pattern).expect("static regex is valid")
});

/// The first stated publication date, if any.
pub fn publication_date(text: &str) -> Option<i64> {
    MARKED_DATE.captures_iter(text).find_map(|c| {
        let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i16>().ok());
        let month_name = |name: &str| c.name(name).and_then(|m| month_number(m.as_str()));
        let (y, m, d) = if c.name("y1").is_some() {
            (num("y1")?, month_name("m1")?, num("d1")?)
        } else if c.name("y2").is_some() {
            (num("y2")?, month_name("m2")?, num("d2")?)
        } else if c.name("y3").is_some() {
            (num("y3")?, num("m3")?, num("d3")?)
        } else {
            (num("y4")?, num("m4")?, num("d4").unwrap_or(1))
        };
        date::from_ymd(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?)
    })
}

/// Month number of a French or English month name (full or common abbreviation).
fn month_number(name: &str) -> Option<i16> {
    const MONTHS: [&[&str]; 12] = [
        &["janvier", "janv", "january", "jan"],
        &["février", "fevrier", "févr", "fevr", "february", "feb"],
        &["mars", "march", "mar"],
        &["avril", "avr", "april", "apr"],
        &["mai", "may"],
        &["juin", "june", "jun"],
        &["juillet", "juil", "july", "jul"],
        &["août", "aout", "august", "aug"],
        &["septembre", "sept", "september", "sep"],
        &["octobre", "oct", "october"],
        &["novembre", "nov", "november"],
        &["décembre", "decembre", "déc", "dec", "december"],
    ];
    let lower = name.to_lowercase();
    let lower = lower.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|names| names.contains(&lower))
        .and_then(|i| i16::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        publication_date(text).map(date::rfc3339)
    }

    #[test]
    fn french_markers() {
        assert_eq!(
            day("x\nPublié le 31 juillet 2017 à 23h13\n").as_deref(),
            Some("2017-07-31T00:00:00Z")
        );
        assert_eq!(
            day("Créé: 14.11.2017, 13h42").as_deref(),
            Some("2017-11-14T00:00:00Z")
        );
        assert_eq!(
            day("Publié le 1er mai 2017").as_deref(),
            Some("2017-05-01T00:00:00Z")
        );
        assert_eq!(
            day("Mis à jour le mardi 2 mai 2017").as_deref(),
            Some("2017-05-02T00:00:00Z")
        );
    }

    #[test]
    fn english_and_iso_markers() {
        assert_eq!(
            day("Published: November 14, 2017").as_deref(),
            Some("2017-11-14T00:00:00Z")
        );
        assert_eq!(
            day(" date 2017-11 C'est une").as_deref(),
            Some("2017-11-01T00:00:00Z")
        );
    }

    #[test]
    fn dates_without_marker_are_not_publication_dates() {
        assert_eq!(
            day("Le 20 septembre 2016, WikiLeaks adresse un message"),
            None
        );
        assert_eq!(
            day("Vendredi 24 novembre 2017 | Dernière mise à jour 22:45"),
            None
        );
    }

    #[test]
    fn titles_of_text_and_html() {
        let a = parse(b"\r\n\r\n  Le titre  \r\nLe texte", false);
        assert_eq!(a.title.as_deref(), Some("Le titre"));
        assert_eq!(a.text, "\n\n  Le titre  \nLe texte");
        let a = parse(
            b"<html><head><title>Titre HTML</title></head><body><p>x</p></body></html>",
            true,
        );
        assert_eq!(a.title.as_deref(), Some("Titre HTML"));
    }
}
