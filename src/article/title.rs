//! An article's title, chosen the way a reader would.
//!
//! A page names itself: its `og:title` (the headline it gives for sharing), its first `<h1>`
//! (the headline it shows), its `<title>` (what a browser tab shows, often with the site's
//! name after it). A text file saved from a page starts with what surrounded the headline:
//! breadcrumbs (`Accueil | Actualité | ...`), datelines (`Vendredi 24 novembre 2017 | Dernière
//! mise à jour 22:45`), bylines. Those are passed over; the first line left is the title when
//! it is shaped like a headline, else its first sentence is.

use std::sync::LazyLock;

use regex::Regex;

use super::{MARKED_DATE, month_number};
use crate::html::Page;

/// Longest title kept, in characters.
const MAX_TITLE_CHARS: usize = 300;

/// Longest line taken as a headline, in characters.
const MAX_HEADLINE_CHARS: usize = 200;

/// The title of an HTML page: its `og:title`, else its first `<h1>` (unless the `<title>`
/// shows it is the site's name), else its `<title>`; a site's name after a separator left out
/// of the first two ("Headline | Le Monde"). A page that names itself nowhere is titled by its
/// text.
pub fn of_page(page: &Page) -> Option<String> {
    let h1 = page
        .h1
        .as_deref()
        .filter(|h1| !is_site_name(h1, page.title.as_deref()));
    page.og_title
        .as_deref()
        .map(without_site_name)
        .or(h1)
        .or(page.title.as_deref().map(without_site_name))
        .map(clip)
        .filter(|t| !t.is_empty())
        .or_else(|| of_text(&page.text))
}

/// The title of a text: its first line that is no breadcrumb, dateline, byline or lone word
/// (a leading publication date, `date 2017-11`, left out), whole when it is shaped like a
/// headline (a site's name after it left out, as for a page), else its first sentence. A text made of nothing else is titled by its first line.
pub fn of_text(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let chosen = lines
        .clone()
        .map(after_date_marker)
        .find(|l| !is_furniture(l));
    let title = match chosen {
        Some(line) if is_headline(line) => without_site_name(line),
        Some(line) => first_sentence(line),
        None => lines.next()?,
    };
    Some(clip(title))
}

/// Separators between a headline and a site's name, or between breadcrumbs.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+(?:[|\-–—·•/»]|::)\s+|\s*[|>›]\s*").expect("static regex is valid")
});

/// `title` without a site's name after its last separator ("Headline | Le Monde"): only when
/// that name is short (4 words at most) and what is left is longer and has 3 words or more.
fn without_site_name(title: &str) -> &str {
    let Some(last) = SEPARATOR.find_iter(title).last() else {
        return title;
    };
    let (head, site) = (title[..last.start()].trim(), title[last.end()..].trim());
    let shorter = site.chars().count() < head.chars().count();
    match word_count(site) <= 4 && word_count(head) >= 3 && shorter {
        true => head,
        false => title,
    }
}

/// Whether `h1` is the site's name rather than the headline: the `<title>` holds it as one of
/// its separated parts, beside a longer one.
fn is_site_name(h1: &str, title: Option<&str>) -> bool {
    let Some(title) = title.filter(|t| !t.eq_ignore_ascii_case(h1)) else {
        return false;
    };
    let parts: Vec<&str> = SEPARATOR.split(title).map(str::trim).collect();
    let longest = parts.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    parts
        .iter()
        .any(|p| p.eq_ignore_ascii_case(h1) && p.chars().count() < longest)
}

/// `line` without a publication date it starts with (`date 2017-11 C'est...`).
fn after_date_marker(line: &str) -> &str {
    match MARKED_DATE.find(line) {
        Some(m) if m.start() == 0 => line[m.end()..].trim_start(),
        _ => line,
    }
}

/// What surrounds a headline rather than being one.
fn is_furniture(line: &str) -> bool {
    word_count(line) < 2 || is_breadcrumb(line) || is_dateline(line) || is_byline(line)
}

/// Where a reader is on the site: `Accueil > Actualité`, `Home | News | ...`, or three or more
/// separated parts of which all but the last are short.
fn is_breadcrumb(line: &str) -> bool {
    const HOME: [&str; 12] = [
        "accueil",
        "home",
        "homepage",
        "actualité",
        "actualités",
        "actu",
        "news",
        "à la une",
        "la une",
        "startseite",
        "inicio",
        "portada",
    ];
    let parts: Vec<&str> = SEPARATOR
        .split(line)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let Some((first, _)) = parts.split_first().filter(|_| parts.len() >= 2) else {
        return false;
    };
    let home = HOME.contains(&first.to_lowercase().as_str());
    let short_path =
        parts.len() >= 3 && parts[..parts.len() - 1].iter().all(|p| word_count(p) <= 3);
    home || short_path
}

/// A line that only dates the article: days, dates, times and the words around them
/// ("Dernière mise à jour", "Updated", "il y a"), with one other word at most (a place) when
/// there are two dating words or more.
fn is_dateline(line: &str) -> bool {
    let words = line
        .split(|c: char| c.is_whitespace() || c == '|')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty());
    let (mut dating, mut others) = (0, 0);
    for word in words {
        if is_dating(&word) {
            dating += 1;
        } else if !DATELINE_WORDS.contains(&word.as_str()) {
            others += 1;
        }
    }
    match others {
        0 => dating >= 1,
        1 => dating >= 2,
        _ => false,
    }
}

/// Words that go with a date in a dateline.
const DATELINE_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "l",
    "à",
    "a",
    "au",
    "de",
    "du",
    "des",
    "d",
    "en",
    "et",
    "on",
    "at",
    "the",
    "of",
    "in",
    "and",
    "by",
    "mis",
    "mise",
    "jour",
    "màj",
    "maj",
    "dernière",
    "derniere",
    "last",
    "updated",
    "update",
    "published",
    "publié",
    "publiée",
    "publie",
    "modifié",
    "modifiée",
    "modified",
    "créé",
    "créée",
    "posted",
    "am",
    "pm",
    "gmt",
    "utc",
    "cet",
    "cest",
    "edt",
    "est",
    "pst",
    "pdt",
    "bst",
    "heure",
    "heures",
    "h",
    "il",
    "y",
    "ago",
    "hour",
    "hours",
    "minutes",
    "min",
    "jours",
    "days",
    "depuis",
    "since",
    "lu",
];

/// A day's name, a month's name, a number, a time or a numeric date.
fn is_dating(word: &str) -> bool {
    const DAYS: &[&str] = &[
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "lun",
        "mer",
        "jeu",
        "ven",
        "sam",
        "dim",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
    ];
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,4}(?:er|e|st|nd|rd|th|h)?|\d{1,2}[:h.]\d{2}|\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?)$")
            .expect("static regex is valid")
    });
    DAYS.contains(&word) || month_number(word).is_some() || NUMERIC.is_match(word)
}

/// `Par Edwy MALONGA`, `By Jane Smith`: a short line naming the author.
fn is_byline(line: &str) -> bool {
    let lower = line.to_lowercase();
    (lower.starts_with("par ") || lower.starts_with("by ")) && word_count(line) <= 6
}

/// Shaped like a headline: one sentence at most, not too long, starting with a capital or a
/// digit (after any opening quote), not ending like a sentence or a clause (`.`, `:`, `,`, `;`).
fn is_headline(line: &str) -> bool {
    let starts_well = line
        .chars()
        .find(|c| !matches!(c, '"' | '«' | '“' | '\'' | '‘' | ' ' | '\u{a0}'))
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let ends_well = !line.ends_with(['.', ':', ',', ';']);
    let one_sentence = sentence_end(line).is_none_or(|end| end >= line.len());
    line.chars().count() <= MAX_HEADLINE_CHARS && starts_well && ends_well && one_sentence
}

/// The first sentence of `line` (all of it when it is one).
fn first_sentence(line: &str) -> &str {
    sentence_end(line).map_or(line, |end| &line[..end])
}

/// Where the first sentence of `line` ends (after its `.`, `!`, `?` or `…` and any closing
/// quote): before a space and a capital, a digit or an opening quote, or at the end of the
/// line. A dot after an initial or a title (`M.`, `Dr.`, `Jr.`) ends no sentence.
fn sentence_end(line: &str) -> Option<usize> {
    const SHORT: [&str; 14] = [
        "m", "mm", "mme", "mlle", "me", "dr", "pr", "mr", "mrs", "ms", "st", "jr", "sr", "cf",
    ];
    for (at, c) in line.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let word = line[..at].rsplit(char::is_whitespace).next().unwrap_or("");
        let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
        if c == '.' && (initial || SHORT.contains(&word.to_lowercase().as_str())) {
            continue;
        }
        let rest = &line[at + c.len_utf8()..];
        let closing = rest.len() - rest.trim_start_matches(['"', '»', '”', '’', ')']).len();
        let end = at + c.len_utf8() + closing;
        let after = line[end..].trim_start_matches([' ', '\u{a0}']);
        let spaced = after.len() < line.len() - end;
        let next_starts = after.chars().next().is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '«' | '“')
        });
        if after.is_empty() || (spaced && next_starts) {
            return Some(end);
        }
    }
    None
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `title` on one line of single spaces (no-break spaces included: a title is a label, and
/// `Donald\u{a0}Trump` is searched and read as `Donald Trump`), cut to [`MAX_TITLE_CHARS`] at
/// the end of a word when it is longer.
fn clip(title: &str) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some((cut, _)) = title.char_indices().nth(MAX_TITLE_CHARS) else {
        return title;
    };
    let head = &title[..cut];
    if title[cut..].starts_with(char::is_whitespace) {
        return head.trim_end().to_owned();
    }
    let word_end = head
        .trim_end_matches(|c: char| !c.is_whitespace())
        .trim_end();
    match word_end.is_empty() {
        true => head.to_owned(),
        false => word_end.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_title(text: &str) -> Option<String> {
        of_text(text)
    }

    fn page(html: &str) -> Option<String> {
        of_page(&crate::html::read(html))
    }

    #[test]
    fn breadcrumbs_are_passed_over() {
        assert_eq!(
            text_title("Accueil > Actualité\nLe titre de l'article\nTexte.").as_deref(),
            Some("Le titre de l'article")
        );
        assert_eq!(
            text_title("Home | World | Europe\n\nMay survives the vote\n").as_deref(),
            Some("May survives the vote")
        );
        assert_eq!(
            text_title(
                "Monde › Europe › Brexit : la négociation\nBrexit : la négociation s'enlise"
            )
            .as_deref(),
            Some("Brexit : la négociation s'enlise")
        );
    }

    #[test]
    fn datelines_and_bylines_are_passed_over() {
        let text = "Vendredi 24 novembre 2017 | Dernière mise à jour 22:45\nPar Jean Dupont\n\
                    Le titre\nTexte.";
        assert_eq!(text_title(text).as_deref(), Some("Le titre"));
        let english = "Last modified on Tue 14 Nov 2017 12.00 GMT\nBy Jane Smith\n\
                       Paris, 14 November 2017\nTrump Jr released his messages with WikiLeaks\n";
        assert_eq!(
            text_title(english).as_deref(),
            Some("Trump Jr released his messages with WikiLeaks")
        );
        assert_eq!(
            text_title("Publié le 31 juillet 2017 à 23h13\nLe titre\n").as_deref(),
            Some("Le titre")
        );
    }

    #[test]
    fn a_date_in_a_headline_keeps_it_a_headline() {
        assert_eq!(
            text_title("Le 20 septembre 2016, WikiLeaks adresse un message\nTexte.").as_deref(),
            Some("Le 20 septembre 2016, WikiLeaks adresse un message")
        );
    }

    #[test]
    fn without_a_headline_the_first_sentence() {
        assert_eq!(
            text_title(" date 2017-11 C'est une révélation. M. Dupont l'a dit. Puis rien.")
                .as_deref(),
            Some("C'est une révélation.")
        );
        assert_eq!(
            text_title("The story began with Mr. Smith in 2016. Nobody knew.").as_deref(),
            Some("The story began with Mr. Smith in 2016.")
        );
        assert_eq!(
            text_title("a lower-case paragraph with no end").as_deref(),
            Some("a lower-case paragraph with no end")
        );
    }

    #[test]
    fn nothing_but_furniture_gives_the_first_line() {
        assert_eq!(
            text_title("\n 14 novembre 2017 \nAFP\n").as_deref(),
            Some("14 novembre 2017")
        );
        assert_eq!(text_title(" \n\n"), None);
    }

    #[test]
    fn a_title_is_one_line_of_single_spaces() {
        assert_eq!(
            text_title("Donald\u{a0}Trump\u{a0}Jr  et\tWikiLeaks\n").as_deref(),
            Some("Donald Trump Jr et WikiLeaks")
        );
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let long = format!("Un {}", "mot ".repeat(100));
        let title = text_title(&long).expect("a title");
        assert!(title.chars().count() <= MAX_TITLE_CHARS && title.ends_with("mot"));
    }

    #[test]
    fn a_page_names_itself() {
        let head = "<title>Kushner a utilisé un serveur privé | Le Monde</title>";
        assert_eq!(
            page(&format!(
                "<head>{head}<meta property=\"og:title\" content=\"Jared Kushner a utilisé un serveur privé\"></head><h1>Autre</h1>"
            ))
            .as_deref(),
            Some("Jared Kushner a utilisé un serveur privé"),
            "og:title first"
        );
        assert_eq!(
            page(&format!(
                "<head>{head}</head><body><h1>Le gendre de Trump et son serveur</h1></body>"
            ))
            .as_deref(),
            Some("Le gendre de Trump et son serveur"),
            "then the first h1"
        );
        assert_eq!(
            page(&format!(
                "<head>{head}</head><body><h1>Le Monde</h1><p>x</p></body>"
            ))
            .as_deref(),
            Some("Kushner a utilisé un serveur privé"),
            "an h1 that is the site's name is not the headline; the title loses the site's name"
        );
        assert_eq!(
            page("<p>Accueil &gt; Monde</p><p>Un titre dans le texte</p>").as_deref(),
            Some("Un titre dans le texte"),
            "a page that names itself nowhere"
        );
    }

    #[test]
    fn site_names_are_left_out_only_when_it_is_safe() {
        assert_eq!(
            without_site_name("Theresa May wins the vote - BBC News"),
            "Theresa May wins the vote"
        );
        assert_eq!(
            without_site_name("Brexit - Theresa May resigns"),
            "Brexit - Theresa May resigns"
        );
        assert_eq!(without_site_name("Le Monde"), "Le Monde");
        assert_eq!(
            without_site_name("Trump et Kushner | un serveur d'emails privé à la Maison-Blanche"),
            "Trump et Kushner | un serveur d'emails privé à la Maison-Blanche"
        );
    }
}
