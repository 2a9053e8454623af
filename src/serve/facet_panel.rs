//! The panel beside the hits: counts by sender, recipient, domain, folder, attachment type,
//! language, tag and year, each value a link that narrows the query (and shows it in the
//! box); a timeline drawn as SVG whose bars narrow to their month; a date-range form.

use maud::{Markup, html};
use tantivy::Searcher;
use tantivy::query::Query;

use super::i18n::Words;
use super::search_page::search_url;
use crate::error::Result;
use crate::facets::{Bucket, Dates, FacetBy, Facets, facets_compiled};
use crate::index::Store;
use crate::search;
use crate::tags::Tags;

/// Values listed per facet.
const TOP: usize = 8;
/// Months the timeline draws one bar each for; a longer span is drawn by year.
const MOST_MONTHS: usize = 240;
/// The timeline's width in SVG units.
const WIDTH: f64 = 260.0;
/// The timeline's height in SVG units.
const HEIGHT: f64 = 64.0;

/// The value facets listed, in order, with the query prefix that narrows to one of their
/// values; the years are listed after them, made from the months.
const LISTED: [(FacetBy, &str); 6] = [
    (FacetBy::From, "from"),
    (FacetBy::To, "to"),
    (FacetBy::Domain, "domain"),
    (FacetBy::Folder, "folder"),
    (FacetBy::AttachmentType, "mimetype"),
    (FacetBy::Lang, "lang"),
];

/// What the panel shows for one query.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Documents matched.
    pub matched: u64,
    /// The listed facets' counts, in [`LISTED`] order.
    pub lists: Vec<Facets>,
    /// Matching documents per year, in time order.
    pub years: Facets,
    /// Matching documents per tag, largest first.
    pub tags: Vec<Bucket>,
    /// The timeline: by month, or by year over a long span.
    pub timeline: Facets,
    /// Whether the timeline is by year.
    pub timeline_by_year: bool,
}

/// Counts what `query` (compiled against `searcher`; its text `text`, `None` for the whole
/// index) matches, every way the panel shows.
pub fn gather(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    text: Option<&str>,
) -> Result<Panel> {
    let lists = LISTED
        .iter()
        .map(|&(by, _)| facets_compiled(store, searcher, query, (by, TOP), Dates::Left))
        .collect::<Result<Vec<Facets>>>()?;
    let months = facets_compiled(store, searcher, query, (FacetBy::Month, 0), Dates::Left)?;
    let years = by_year(&months);
    let (timeline, timeline_by_year) = match months.buckets.len() > MOST_MONTHS {
        true => (years.clone(), true),
        false => (months, false),
    };
    Ok(Panel {
        matched: timeline.matched,
        lists,
        years,
        tags: tag_counts(store, searcher, text)?,
        timeline,
        timeline_by_year,
    })
}

/// Month counts (a gapless series) summed by year.
fn by_year(months: &Facets) -> Facets {
    let mut buckets: Vec<Bucket> = Vec::new();
    for month in &months.buckets {
        let year = month.value.rsplit_once('-').map_or("", |(y, _)| y);
        match buckets.last_mut() {
            Some(last) if last.value == year => last.count += month.count,
            _ => buckets.push(Bucket {
                value: year.to_owned(),
                count: month.count,
                dates: None,
                query: None,
            }),
        }
    }
    Facets {
        values: buckets.iter().filter(|b| b.count > 0).count() as u64,
        buckets,
        ..months.clone()
    }
}

/// How many matching documents carry each tag of the index.
fn tag_counts(store: &Store, searcher: &Searcher, text: Option<&str>) -> Result<Vec<Bucket>> {
    let tags = Tags::load(&store.dir)?;
    let mut buckets = Vec::new();
    for label in tags.labels() {
        let narrowed = match text {
            Some(text) => format!("({text}) tag:{label}"),
            None => format!("tag:{label}"),
        };
        let compiled = search::compile(store, searcher, &narrowed)?;
        let count = searcher
            .search(&compiled, &tantivy::collector::Count)
            .map_err(|e| crate::error::Error::index(&store.dir, e))?;
        if count > 0 {
            buckets.push(Bucket {
                value: label.to_owned(),
                count: count as u64,
                dates: None,
                query: None,
            });
        }
    }
    buckets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    Ok(buckets)
}

/// The query narrowed to `prefix:value`, the value quoted when it holds more than a word;
/// `None` for a value the query language cannot quote (it holds a `"`).
pub fn narrowed(query: &str, prefix: &str, value: &str) -> Option<String> {
    let plain = |c: char| c.is_alphanumeric() || "@._+-".contains(c);
    let bare = value.chars().next().is_some_and(char::is_alphanumeric)
        && value.chars().all(|c| plain(c) || c == '/');
    let value = match (bare, value.contains('"') || value.is_empty()) {
        (true, _) => value.to_owned(),
        (false, true) => return None,
        (false, false) => format!("\"{value}\""),
    };
    Some(format!("{query} {prefix}:{value}").trim().to_owned())
}

/// The panel as HTML; links narrow `query`.
pub fn render(panel: &Panel, w: &Words, query: &str) -> Markup {
    let names = [
        w.senders,
        w.recipients,
        w.domains,
        w.folders,
        w.attachment_types,
        w.languages,
    ];
    let years = shown(&panel.years, FacetBy::Year);
    html! {
        aside.panel {
            (timeline(panel, w, query))
            (date_range(w, query))
            @if !panel.tags.is_empty() {
                (list(w.tags, "tag", &panel.tags, query))
            }
            @for (n, ((by, prefix), name)) in LISTED.iter().zip(names).enumerate() {
                @if let Some(facets) = panel.lists.get(n) {
                    @let buckets = shown(facets, *by);
                    @if !buckets.is_empty() { (list(name, prefix, &buckets, query)) }
                }
            }
            @if !years.is_empty() { (list(w.years, "date", &years, query)) }
        }
    }
}

/// A facet's buckets worth listing: years with documents, latest first; values as counted.
fn shown(facets: &Facets, by: FacetBy) -> Vec<Bucket> {
    let mut buckets: Vec<Bucket> = facets
        .buckets
        .iter()
        .filter(|b| b.count > 0)
        .cloned()
        .collect();
    if by == FacetBy::Year {
        buckets.reverse();
    }
    buckets
}

fn list(name: &str, prefix: &str, buckets: &[Bucket], query: &str) -> Markup {
    html! {
        section.facet data-facet=(prefix) {
            h3 { (name) }
            ul {
                @for b in buckets {
                    li {
                        @match narrowed(query, prefix, &b.value) {
                            Some(q) => a href=(search_url(&q, "", 1)) { (b.value) },
                            None => span { (b.value) },
                        }
                        " " span.n { (crate::render::thousands(b.count as usize)) }
                    }
                }
            }
        }
    }
}

/// The timeline as SVG bars, each a link to its month (or year).
fn timeline(panel: &Panel, w: &Words, query: &str) -> Markup {
    let buckets = &panel.timeline.buckets;
    let most = buckets.iter().map(|b| b.count).max().unwrap_or(0);
    if buckets.is_empty() || most == 0 {
        return html! {};
    }
    let step = WIDTH / buckets.len() as f64;
    let (first, last) = (&buckets[0].value, &buckets[buckets.len() - 1].value);
    html! {
        section.timeline {
            h3 { (w.timeline) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (WIDTH) " " (HEIGHT)}
                width=(WIDTH) height=(HEIGHT) role="img" aria-label=(w.timeline) {
                @for (n, b) in buckets.iter().enumerate() {
                    @let h = (b.count as f64 / most as f64 * (HEIGHT - 2.0)).max(if b.count > 0 { 1.0 } else { 0.0 });
                    @let href = narrowed(query, "date", &b.value).map(|q| search_url(&q, "", 1)).unwrap_or_default();
                    a href=(href) {
                        rect.bar x=(format!("{:.2}", n as f64 * step)) y=(format!("{:.2}", HEIGHT - h))
                            width=(format!("{:.2}", (step - 0.5).max(0.5))) height=(format!("{:.2}", h)) {
                            title { (b.value) ": " (b.count) }
                        }
                    }
                }
            }
            div.span { span { (first) } span { (last) } }
            @if panel.timeline.without > 0 {
                small { (w.undated) ": " (panel.timeline.without) }
            }
            @if panel.timeline_by_year { small { " (" (w.years) ")" } }
        }
    }
}

/// The form that adds a date range to the query.
fn date_range(w: &Words, query: &str) -> Markup {
    html! {
        form.dates method="get" action="/search" {
            h3 { (w.dates) }
            input type="hidden" name="q" value=(query);
            label { (w.date_from) " " input type="text" name="after" size="10" placeholder="2017-01" pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"; }
            " "
            label { (w.date_to) " " input type="text" name="before" size="10" placeholder="2017-05-07" pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"; }
            " "
            button type="submit" { (w.apply) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_the_sums_of_their_months() {
        let bucket = |value: &str, count| Bucket {
            value: value.into(),
            count,
            dates: None,
            query: None,
        };
        let months = Facets {
            matched: 9,
            without: 2,
            values: 3,
            buckets: vec![
                bucket("2016-12", 1),
                bucket("2017-01", 0),
                bucket("2017-02", 4),
                bucket("2018-01", 2),
            ],
        };
        let years = by_year(&months);
        assert_eq!(
            years.buckets,
            vec![bucket("2016", 1), bucket("2017", 4), bucket("2018", 2)]
        );
        assert_eq!((years.matched, years.without, years.values), (9, 2, 3));
    }

    #[test]
    fn a_value_narrows_the_query_quoted_when_it_is_more_than_a_word() {
        assert_eq!(
            narrowed("budget", "from", "a.b@c.fr").as_deref(),
            Some("budget from:a.b@c.fr")
        );
        assert_eq!(
            narrowed("", "date", "2017-05").as_deref(),
            Some("date:2017-05")
        );
        assert_eq!(
            narrowed("x", "folder", "Sent Items").as_deref(),
            Some("x folder:\"Sent Items\"")
        );
        assert_eq!(
            narrowed("x", "mimetype", "application/pdf").as_deref(),
            Some("x mimetype:application/pdf")
        );
        assert_eq!(
            narrowed("x", "folder", "/etc").as_deref(),
            Some("x folder:\"/etc\"")
        );
        assert_eq!(narrowed("x", "folder", "a\"b"), None);
    }
}
