//! Counting the documents a query matches by value: sender, recipient, domain, folder,
//! attachment type, language, an entity the text mentions (address, URL domain, phone, IBAN,
//! card, SIREN), month or year, each value with the first and last date it was seen; and, for `trawl batch`, a query's count, date span and
//! top senders in one pass. Counts come from tantivy's fast columns (a term ordinal or
//! a date per document), never from stored documents, so they cost milliseconds on a
//! MacronLeaks-sized index.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::date;
use crate::error::{Error, Result};
use crate::index::Store;
use crate::search;

/// What to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetBy {
    /// Sender address.
    From,
    /// To address.
    To,
    /// Domain of the sender or of any recipient.
    Domain,
    /// Mailbox of any copy.
    Folder,
    /// MIME type of an attachment.
    AttachmentType,
    /// Detected language.
    Lang,
    /// An email's DKIM result (pass, body-ok, fail, none).
    Dkim,
    /// Email address mentioned in the text.
    Mention,
    /// Host of a URL in the text.
    UrlDomain,
    /// Phone number in the text (E.164).
    Phone,
    /// IBAN in the text.
    Iban,
    /// Payment card number in the text.
    Card,
    /// French company number (SIREN) in the text.
    Siren,
    /// Month of the date, UTC (`2017-05`).
    Month,
    /// Year of the date, UTC.
    Year,
}

impl FacetBy {
    /// The name `--by` takes.
    pub fn name(self) -> &'static str {
        match self {
            FacetBy::From => "from",
            FacetBy::To => "to",
            FacetBy::Domain => "domain",
            FacetBy::Folder => "folder",
            FacetBy::AttachmentType => "attachment-type",
            FacetBy::Lang => "lang",
            FacetBy::Dkim => "dkim",
            FacetBy::Mention => "mention",
            FacetBy::UrlDomain => "url-domain",
            FacetBy::Phone => "phone",
            FacetBy::Iban => "iban",
            FacetBy::Card => "card",
            FacetBy::Siren => "siren",
            FacetBy::Month => "month",
            FacetBy::Year => "year",
        }
    }

    /// The query prefix that finds the documents having a value (`mentions:` for
    /// `mention`, `date:` for months and years); `None` for attachment types, which no
    /// prefix names alone (`mimetype:` also counts the other parts).
    fn prefix(self) -> Option<&'static str> {
        match self {
            FacetBy::From => Some("from"),
            FacetBy::To => Some("to"),
            FacetBy::Domain => Some("domain"),
            FacetBy::Folder => Some("folder"),
            FacetBy::AttachmentType => None,
            FacetBy::Lang => Some("lang"),
            FacetBy::Dkim => Some("dkim"),
            FacetBy::Mention => Some("mentions"),
            FacetBy::UrlDomain => Some("url"),
            FacetBy::Phone => Some("phone"),
            FacetBy::Iban => Some("iban"),
            FacetBy::Card => Some("card"),
            FacetBy::Siren => Some("siren"),
            FacetBy::Month | FacetBy::Year => Some("date"),
        }
    }

    /// The fast column counted, for value facets.
    fn column(self) -> Option<&'static str> {
        match self {
            FacetBy::From => Some("from_addr"),
            FacetBy::To => Some("to_addr"),
            FacetBy::Domain => Some("domain"),
            FacetBy::Folder => Some("folder"),
            FacetBy::AttachmentType => Some("attachment_type"),
            FacetBy::Lang => Some("lang"),
            FacetBy::Dkim => Some("dkim"),
            FacetBy::Mention => Some("mentions"),
            FacetBy::UrlDomain => Some("url_domain"),
            FacetBy::Phone => Some("phone"),
            FacetBy::Iban => Some("iban"),
            FacetBy::Card => Some("payment_card"),
            FacetBy::Siren => Some("siren"),
            FacetBy::Month | FacetBy::Year => None,
        }
    }
}

/// The query that narrows `query` to the documents having `value` of `by`
/// (`(QUERY) mentions:jean@example.org`): what lists the emails behind a bucket. `None` when
/// no prefix names the value, or the value cannot be written in a query (it holds a `"`).
pub fn narrowing_query(query: &str, by: FacetBy, value: &str) -> Option<String> {
    let prefix = by.prefix()?;
    let plain = !value.is_empty()
        && !value.starts_with(['/', '='])
        && !value.ends_with(['*', '~'])
        && !value.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | ':'));
    let term = match (plain, value.contains('"')) {
        (true, _) => format!("{prefix}:{value}"),
        (false, false) => format!("{prefix}:\"{value}\""),
        (false, true) => return None,
    };
    Some(format!("({query}) {term}"))
}

/// One value and the number of matching documents that have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Bucket {
    /// The value (an address, a domain, `2017-05`...).
    pub value: String,
    /// Matching documents with that value.
    pub count: u64,
    /// Earliest and latest date of those documents (seconds, UTC), for values counted by
    /// [`facets`]; `None` for months and years, and when none of them has a date.
    pub dates: Option<(i64, i64)>,
    /// The query that lists those documents (see [`narrowing_query`]), for buckets of
    /// [`facets`].
    pub query: Option<String>,
}

/// The counts for one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facets {
    /// Documents the query matched.
    pub matched: u64,
    /// Matched documents with no value at all (no sender, no date...).
    pub without: u64,
    /// Distinct values seen.
    pub values: u64,
    /// The buckets: largest first for values (at most `top`), in time order for months and
    /// years, empty months and years between the first and the last included.
    pub buckets: Vec<Bucket>,
}

/// Counts the documents `query` matches by `by`; value facets keep the `top` largest. Each
/// bucket carries the query that lists its documents ([`narrowing_query`]).
pub fn facets(store: &Store, query: &str, by: FacetBy, top: usize) -> Result<Facets> {
    let searcher = store.searcher()?;
    let compiled = search::compile(store, &searcher, query)?;
    let mut counted = facets_compiled(store, &searcher, &*compiled, (by, top), Dates::Spanned)?;
    for bucket in &mut counted.buckets {
        bucket.query = narrowing_query(query, by, &bucket.value);
    }
    Ok(counted)
}

/// Whether each value's first and last dates are read too (a second column read per
/// document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dates {
    /// Each value with the span of its documents' dates.
    Spanned,
    /// Counts alone.
    Left,
}

/// Counts as [`facets`] does the documents `query` (compiled against `searcher`) matches by
/// `by`, keeping the `top` values, each with its dates if `dates` asks, but without the
/// query that lists it: for callers that count several ways on one searcher.
pub fn facets_compiled(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    (by, top): (FacetBy, usize),
    dates: Dates,
) -> Result<Facets> {
    let ix = |e| Error::index(&store.dir, e);
    match by.column() {
        Some(column) => {
            let collector = (
                Count,
                ValueCounts {
                    column,
                    dates: dates == Dates::Spanned,
                },
            );
            let (matched, (counts, without)) = searcher.search(query, &collector).map_err(ix)?;
            Ok(largest(matched as u64, without, counts, top))
        }
        None => {
            let collector = (Count, DateCounts);
            let (matched, (months, without)) = searcher.search(query, &collector).map_err(ix)?;
            Ok(timeline(
                matched as u64,
                without,
                &months,
                by == FacetBy::Year,
            ))
        }
    }
}

/// What `trawl batch` reports for one query, from one pass over the matching documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Documents the query matched.
    pub matched: u64,
    /// Earliest and latest date among them (seconds, UTC); `None` when none has a date.
    pub dates: Option<(i64, i64)>,
    /// The most frequent sender addresses, largest first, then by address (as `facets --by
    /// from` orders them).
    pub senders: Vec<Bucket>,
}

/// Counts what `query` (compiled against `searcher`) matches, its first and last dates and
/// its `top` senders, in one collection over fast columns: no stored document is loaded.
pub fn overview(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    top: usize,
) -> Result<Overview> {
    let collector = (
        Count,
        DateSpan,
        ValueCounts {
            column: "from_addr",
            dates: false,
        },
    );
    let (matched, dates, (counts, without)) = searcher
        .search(query, &collector)
        .map_err(|e| Error::index(&store.dir, e))?;
    let senders = largest(matched as u64, without, counts, top).buckets;
    Ok(Overview {
        matched: matched as u64,
        dates,
        senders,
    })
}

fn largest(matched: u64, without: u64, counts: BTreeMap<String, Tally>, top: usize) -> Facets {
    let values = counts.len() as u64;
    let mut buckets: Vec<Bucket> = counts
        .into_iter()
        .map(|(value, tally)| Bucket {
            value,
            count: tally.count,
            dates: tally.dates,
            query: None,
        })
        .collect();
    buckets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    buckets.truncate(top);
    Facets {
        matched,
        without,
        values,
        buckets,
    }
}

/// Month counts as a gapless series of months, or of years.
fn timeline(
    matched: u64,
    without: u64,
    months: &BTreeMap<(i16, i8), u64>,
    by_year: bool,
) -> Facets {
    let mut series: BTreeMap<(i16, i8), u64> = BTreeMap::new();
    for (&(y, m), &n) in months {
        *series
            .entry(if by_year { (y, 1) } else { (y, m) })
            .or_default() += n;
    }
    let (Some(&first), Some(&last)) = (series.keys().next(), series.keys().next_back()) else {
        return Facets {
            matched,
            without,
            values: 0,
            buckets: Vec::new(),
        };
    };
    let mut buckets = Vec::new();
    let mut at = first;
    while at <= last {
        let count = series.get(&at).copied().unwrap_or(0);
        let value = match by_year {
            true => format!("{:04}", at.0),
            false => format!("{:04}-{:02}", at.0, at.1),
        };
        buckets.push(Bucket {
            value,
            count,
            dates: None,
            query: None,
        });
        at = match (by_year, at.1) {
            (true, _) | (false, 12) => (at.0 + 1, 1),
            (false, m) => (at.0, m + 1),
        };
    }
    Facets {
        matched,
        without,
        values: series.len() as u64,
        buckets,
    }
}

/// What can be summed across segments, key by key.
trait Sum: Default {
    fn add(&mut self, other: Self);
}

impl Sum for u64 {
    fn add(&mut self, other: u64) {
        *self += other;
    }
}

/// One value's documents and the span of their dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    count: u64,
    dates: Option<(i64, i64)>,
}

impl Sum for Tally {
    fn add(&mut self, other: Tally) {
        self.count += other.count;
        self.dates = match (self.dates, other.dates) {
            (Some(a), Some(b)) => Some(widen(a, b)),
            (a, b) => a.or(b),
        };
    }
}

/// The segments' counts summed, key by key, and their documents without a value.
fn add_up<K: Ord, V: Sum>(fruits: Vec<(BTreeMap<K, V>, u64)>) -> (BTreeMap<K, V>, u64) {
    let mut all: BTreeMap<K, V> = BTreeMap::new();
    let mut without = 0;
    for (counts, none) in fruits {
        without += none;
        for (key, n) in counts {
            all.entry(key).or_default().add(n);
        }
    }
    (all, without)
}

/// Counts the values of a string fast column over the matching documents, and with `dates`
/// the span of each value's dates.
struct ValueCounts {
    column: &'static str,
    dates: bool,
}

struct SegmentValueCounts {
    column: Option<StrColumn>,
    dates: Option<Column<i64>>,
    counts: Vec<Tally>,
    without: u64,
}

impl Collector for ValueCounts {
    type Fruit = (BTreeMap<String, Tally>, u64);
    type Child = SegmentValueCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let column = reader.fast_fields().str(self.column)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        let dates = match self.dates {
            true => reader.fast_fields().i64("date").ok(),
            false => None,
        };
        Ok(SegmentValueCounts {
            column,
            dates,
            counts: vec![Tally::default(); terms],
            without: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(add_up(fruits))
    }
}

impl SegmentCollector for SegmentValueCounts {
    type Fruit = (BTreeMap<String, Tally>, u64);

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(column) = &self.column else {
            self.without += 1;
            return;
        };
        let date = self.dates.as_ref().and_then(|c| c.first(doc));
        let seen = Tally {
            count: 1,
            dates: date.map(|d| (d, d)),
        };
        let mut any = false;
        for ord in column.term_ords(doc) {
            if let Some(tally) = self.counts.get_mut(ord as usize) {
                tally.add(seen);
                any = true;
            }
        }
        self.without += u64::from(!any);
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = BTreeMap::new();
        let Some(column) = self.column else {
            return (out, self.without);
        };
        let (ords, counts): (Vec<u64>, Vec<Tally>) = (0u64..)
            .zip(self.counts)
            .filter(|(_, t)| t.count > 0)
            .unzip();
        let mut counts = counts.into_iter();
        let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            if let Some(n) = counts.next() {
                out.insert(String::from_utf8_lossy(bytes).into_owned(), n);
            }
        });
        (out, self.without)
    }
}

/// Counts matching documents by UTC month of their date.
struct DateCounts;

struct SegmentDateCounts {
    dates: Option<Column<i64>>,
    /// Documents by day since the epoch (UTC): a day is one division, where a month needs a
    /// calendar conversion, so months are made from the few distinct days at harvest.
    days: HashMap<i64, u64>,
    without: u64,
}

impl Collector for DateCounts {
    type Fruit = (BTreeMap<(i16, i8), u64>, u64);
    type Child = SegmentDateCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let dates = reader.fast_fields().i64("date").ok();
        Ok(SegmentDateCounts {
            dates,
            days: HashMap::new(),
            without: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(add_up(fruits))
    }
}

impl SegmentCollector for SegmentDateCounts {
    type Fruit = (BTreeMap<(i16, i8), u64>, u64);

    fn collect(&mut self, doc: DocId, _: Score) {
        match self.dates.as_ref().and_then(|c| c.first(doc)) {
            Some(secs) => *self.days.entry(secs.div_euclid(DAY)).or_default() += 1,
            None => self.without += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut months: BTreeMap<(i16, i8), u64> = BTreeMap::new();
        let mut without = self.without;
        for (day, n) in self.days {
            match day.checked_mul(DAY).and_then(date::year_month) {
                Some(month) => *months.entry(month).or_default() += n,
                None => without += n,
            }
        }
        (months, without)
    }
}

/// The earliest and latest date of the matching documents.
struct DateSpan;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// One segment's dates column and the span seen so far.
struct SegmentDateSpan {
    dates: Option<Column<i64>>,
    span: Option<(i64, i64)>,
}

impl Collector for DateSpan {
    type Fruit = Option<(i64, i64)>;
    type Child = SegmentDateSpan;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let dates = reader.fast_fields().i64("date").ok();
        Ok(SegmentDateSpan { dates, span: None })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().reduce(widen))
    }
}

/// The smallest span holding both.
fn widen((a_first, a_last): (i64, i64), (b_first, b_last): (i64, i64)) -> (i64, i64) {
    (a_first.min(b_first), a_last.max(b_last))
}

impl SegmentCollector for SegmentDateSpan {
    type Fruit = Option<(i64, i64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(date) = self.dates.as_ref().and_then(|c| c.first(doc)) {
            self.span = Some(self.span.map_or((date, date), |s| widen(s, (date, date))));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timelines_have_no_gaps_and_years_add_up() {
        let months = BTreeMap::from([((2016, 11), 2), ((2017, 2), 5), ((2017, 5), 1)]);
        let by_month = timeline(8, 0, &months, false);
        let values: Vec<&str> = by_month.buckets.iter().map(|b| b.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "2016-11", "2016-12", "2017-01", "2017-02", "2017-03", "2017-04", "2017-05"
            ]
        );
        assert_eq!(by_month.buckets[2].count, 0);
        let by_year = timeline(8, 0, &months, true);
        let years: Vec<(&str, u64)> = by_year
            .buckets
            .iter()
            .map(|b| (b.value.as_str(), b.count))
            .collect();
        assert_eq!(years, [("2016", 2), ("2017", 6)]);
    }

    #[test]
    fn largest_first_then_by_value() {
        let tally = |count| Tally { count, dates: None };
        let counts = BTreeMap::from([
            ("b".to_owned(), tally(2)),
            ("a".to_owned(), tally(2)),
            ("c".to_owned(), tally(5)),
        ]);
        let f = largest(9, 0, counts, 2);
        let got: Vec<(&str, u64)> = f
            .buckets
            .iter()
            .map(|b| (b.value.as_str(), b.count))
            .collect();
        assert_eq!(got, [("c", 5), ("a", 2)]);
        assert_eq!(f.values, 3);
    }

    #[test]
    fn tallies_add_counts_and_widen_dates() {
        let mut a = Tally {
            count: 2,
            dates: Some((10, 20)),
        };
        a.add(Tally {
            count: 1,
            dates: None,
        });
        a.add(Tally {
            count: 3,
            dates: Some((5, 12)),
        });
        assert_eq!((a.count, a.dates), (6, Some((5, 20))));
    }

    #[test]
    fn narrowing_queries_quote_what_needs_it() {
        let q = |by, value| narrowing_query("budget OR facture", by, value);
        assert_eq!(
            q(FacetBy::Mention, "a@b.example").as_deref(),
            Some("(budget OR facture) mentions:a@b.example")
        );
        assert_eq!(
            q(FacetBy::Phone, "+33612345678").as_deref(),
            Some("(budget OR facture) phone:+33612345678")
        );
        assert_eq!(
            q(FacetBy::Folder, "Sent Items").as_deref(),
            Some("(budget OR facture) folder:\"Sent Items\"")
        );
        assert_eq!(
            q(FacetBy::Month, "2017-05").as_deref(),
            Some("(budget OR facture) date:2017-05")
        );
        assert_eq!(q(FacetBy::Folder, "a\"b"), None);
        assert_eq!(q(FacetBy::AttachmentType, "application/pdf"), None);
    }

    #[test]
    fn spans_widen_to_hold_both() {
        assert_eq!(widen((5, 9), (7, 12)), (5, 12));
        assert_eq!(widen((-3, 0), (1, 2)), (-3, 2));
    }
}
