//! Dates: mail `Date:` headers to UTC seconds, query bounds, and RFC 3339 output.
//!
//! A date that cannot be read is `None`, never an error: a garbage `Date:` header must not
//! cost the message.

use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};

/// Earliest plausible mail date (1900-01-01T00:00:00Z); anything before is garbage.
const EARLIEST: i64 = -2_208_988_800;
/// Latest plausible mail date (2100-01-01T00:00:00Z).
const LATEST: i64 = 4_102_444_800;

/// Parses an RFC 5322 date (leniently, as mailers write them) into seconds since the epoch.
///
/// mailparse reads any text as *some* date (garbage gives 1970-01-01), so the value must also
/// name an English month, as every RFC 5322 date does, and land in a plausible range.
pub fn parse_mail_date(value: &str) -> Option<i64> {
    if !names_a_month(value) {
        return None;
    }
    let secs = mailparse::dateparse(value).ok()?;
    (EARLIEST..LATEST).contains(&secs).then_some(secs)
}

fn names_a_month(value: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = value.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)))
}

/// Formats seconds since the epoch as RFC 3339 in UTC (`2017-05-04T03:30:00Z`).
pub fn rfc3339(secs: i64) -> String {
    Timestamp::from_second(secs).map_or_else(|_| secs.to_string(), |t| t.to_string())
}

/// `YYYY-MM-DD HH:MM` in UTC, for compact human output.
pub fn short(secs: i64) -> String {
    Timestamp::from_second(secs).map_or_else(
        |_| secs.to_string(),
        |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
    )
}

/// The date of an mbox `From ` line, in UTC (`Tue May  2 09:14:03 2017`), as `trawl export`
/// writes it.
pub fn asctime(secs: i64) -> String {
    Timestamp::from_second(secs).map_or_else(
        |_| "Thu Jan  1 00:00:00 1970".to_owned(),
        |t| t.strftime("%a %b %e %H:%M:%S %Y").to_string(),
    )
}

/// Year and month (1 to 12) in UTC, for counting by month.
pub fn year_month(secs: i64) -> Option<(i16, i8)> {
    let date = TimeZone::UTC
        .to_datetime(Timestamp::from_second(secs).ok()?)
        .date();
    Some((date.year(), date.month()))
}

/// Precision of a partial date written in a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Year,
    Month,
    Day,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the half-open UTC interval it covers,
/// as seconds: `[start, end)`.
pub fn parse_partial(text: &str) -> Option<(i64, i64)> {
    let (date, precision) = parse_civil(text)?;
    let next = match precision {
        Precision::Year => date.checked_add(jiff::Span::new().years(1)),
        Precision::Month => date.checked_add(jiff::Span::new().months(1)),
        Precision::Day => date.checked_add(jiff::Span::new().days(1)),
    }
    .ok()?;
    Some((utc_midnight(date)?, utc_midnight(next)?))
}

fn parse_civil(text: &str) -> Option<(Date, Precision)> {
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i16>().ok())?
    };
    let year = num(parts.first()?, 4)?;
    let (month, day, precision) = match parts.len() {
        1 => (1, 1, Precision::Year),
        2 => (num(parts[1], 2)?, 1, Precision::Month),
        3 => (num(parts[1], 2)?, num(parts[2], 2)?, Precision::Day),
        _ => return None,
    };
    let date = Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
    Some((date, precision))
}

fn utc_midnight(date: Date) -> Option<i64> {
    Some(
        date.to_zoned_datetime(TimeZone::UTC)
            .ok()?
            .timestamp()
            .as_second(),
    )
}

/// Seconds at UTC midnight of a calendar day, for article dates.
pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<i64> {
    utc_midnight(Date::new(year, month, day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_dates_normalised_to_utc() {
        let t = parse_mail_date("Wed, 3 May 2017 23:30:00 -0400").map(rfc3339);
        assert_eq!(t.as_deref(), Some("2017-05-04T03:30:00Z"));
        let t = parse_mail_date("Tue, 2 May 2017 09:14:03 +0200").map(rfc3339);
        assert_eq!(t.as_deref(), Some("2017-05-02T07:14:03Z"));
    }

    #[test]
    fn mbox_separator_dates_are_asctime_in_utc() {
        let t = parse_mail_date("Tue, 2 May 2017 09:14:03 +0200").map(asctime);
        assert_eq!(t.as_deref(), Some("Tue May  2 07:14:03 2017"));
        assert_eq!(asctime(1_496_250_724), "Wed May 31 17:12:04 2017");
    }

    #[test]
    fn garbage_dates_are_none() {
        assert_eq!(parse_mail_date("le lendemain du débat"), None);
        assert_eq!(parse_mail_date("3 mai 2017"), None);
        assert!(parse_mail_date("Thu, 1 Jan 1970 00:00:00 +0000").is_some());
        assert_eq!(parse_mail_date(""), None);
    }

    #[test]
    fn partial_dates_cover_their_whole_period() {
        let (a, b) = parse_partial("2017").unwrap();
        assert_eq!(
            (rfc3339(a), rfc3339(b)),
            ("2017-01-01T00:00:00Z".into(), "2018-01-01T00:00:00Z".into())
        );
        let (a, b) = parse_partial("2016-02").unwrap();
        assert_eq!(
            (rfc3339(a), rfc3339(b)),
            ("2016-02-01T00:00:00Z".into(), "2016-03-01T00:00:00Z".into())
        );
        let (a, b) = parse_partial("2017-12-31").unwrap();
        assert_eq!(
            (rfc3339(a), rfc3339(b)),
            ("2017-12-31T00:00:00Z".into(), "2018-01-01T00:00:00Z".into())
        );
    }

    #[test]
    fn malformed_partial_dates() {
        for bad in [
            "17",
            "2017-5",
            "2017-13",
            "2017-02-30",
            "2017-01-01-01",
            "abcd",
            "",
        ] {
            assert_eq!(parse_partial(bad), None, "{bad}");
        }
    }
}
