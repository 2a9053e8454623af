//! Dates: mail `Date:` headers to UTC seconds and the sender's UTC offset, query bounds, and
//! RFC 3339 output.
//!
//! An instant is kept in UTC (for sorting, `date:` and JSON `date`); the offset the sender's
//! `Date:` header states is kept beside it, so that the sender's own wall-clock time can be
//! shown as they wrote it. A date that cannot be read is `None`, never an error: a garbage
//! `Date:` header must not cost the message.

use jiff::civil::Date;
use jiff::{
    Timestamp,
    tz::{Offset, TimeZone},
};

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

/// The sender's UTC offset, in minutes east of UTC, stated by the zone of an RFC 5322 date: the
/// token that [`parse_mail_date`] reads after the time (`+0200`, `-0430`, `GMT`, `EST`...).
///
/// `None` when the zone is missing, `-0000` (RFC 5322: the local offset is unknown), a
/// military letter (RFC 5322 says their meaning is unreliable), or not written as four digits.
/// Meaningful only for a value [`parse_mail_date`] reads.
pub fn mail_offset(value: &str) -> Option<i32> {
    let zone = zone_token(value)?;
    if let Some(digits) = zone.strip_prefix(['+', '-']) {
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || zone == "-0000" {
            return None;
        }
        let hours: i32 = digits.get(..2)?.parse().ok()?;
        let minutes: i32 = digits.get(2..)?.parse().ok()?;
        if minutes >= 60 {
            return None;
        }
        let east = hours * 60 + minutes;
        return Some(if zone.starts_with('-') { -east } else { east });
    }
    let hours = match zone.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    Some(hours * 60)
}

/// The zone of a date as mailparse's reader finds it: the sixth token (split on spaces and
/// colons) after the day of the month (month, year, hour, minute, second, zone).
fn zone_token(value: &str) -> Option<&str> {
    let mut tokens = value.split([' ', ':']).filter(|t| !t.is_empty());
    tokens.find(|t| t.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)))?;
    tokens.nth(5)
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

/// The sender's own time, RFC 3339 with their offset (`2017-05-11T14:22:10+02:00`): `None`
/// without an offset.
pub fn rfc3339_local(secs: i64, offset_minutes: Option<i32>) -> Option<String> {
    let zone = fixed_zone(offset_minutes?)?;
    let time = Timestamp::from_second(secs).ok()?.to_zoned_datetime(zone);
    Some(time.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// `YYYY-MM-DD HH:MM` with its zone, for compact human output: the sender's own time and
/// offset (`2017-05-11 14:22 +02:00`) when known, else UTC, said so (`2017-05-11 12:22 UTC`).
pub fn short(secs: i64, offset_minutes: Option<i32>) -> String {
    let Ok(t) = Timestamp::from_second(secs) else {
        return secs.to_string();
    };
    match offset_minutes.and_then(fixed_zone) {
        Some(zone) => t
            .to_zoned_datetime(zone)
            .strftime("%Y-%m-%d %H:%M %:z")
            .to_string(),
        None => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The fixed zone `offset_minutes` east of UTC, within the ±24 h a zone may be.
fn fixed_zone(offset_minutes: i32) -> Option<TimeZone> {
    Offset::from_seconds(offset_minutes.checked_mul(60)?)
        .ok()
        .map(TimeZone::fixed)
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
    fn the_senders_offset_and_local_time() {
        let value = "Thu, 11 May 2017 14:22:10 +0200";
        let (utc, offset) = (parse_mail_date(value).unwrap(), mail_offset(value));
        assert_eq!(offset, Some(120));
        assert_eq!(rfc3339(utc), "2017-05-11T12:22:10Z");
        assert_eq!(
            rfc3339_local(utc, offset).as_deref(),
            Some("2017-05-11T14:22:10+02:00")
        );
        assert_eq!(short(utc, offset), "2017-05-11 14:22 +02:00");
        assert_eq!(short(utc, None), "2017-05-11 12:22 UTC");
        assert_eq!(rfc3339_local(utc, None), None);
    }

    #[test]
    fn offsets_as_mailers_write_them() {
        let offset = |v: &str| mail_offset(v);
        assert_eq!(offset("Wed, 3 May 2017 23:30:00 -0430"), Some(-270));
        assert_eq!(offset("3 May 2017 23:30:00 +0530 (IST)"), Some(330));
        assert_eq!(offset("Wed, 03 May 2017 23:30:00 GMT"), Some(0));
        assert_eq!(offset("Wed, 3 May 2017 23:30:00 PDT"), Some(-420));
        assert_eq!(offset("Wed, 3 May 2017 23:30:00 -0000"), None, "unknown");
        assert_eq!(offset("Wed, 3 May 2017 23:30:00 Q"), None, "military");
        assert_eq!(offset("Wed, 3 May 2017 23:30:00"), None, "no zone");
        assert_eq!(offset("Wed, 3 May 2017 23:30:00 +02"), None);
        assert_eq!(offset("le lendemain du débat +0200"), None);
        let rewritten = rfc3339_local(
            parse_mail_date("Wed, 3 May 2017 23:30:00 -0430").unwrap(),
            Some(-270),
        );
        assert_eq!(rewritten.as_deref(), Some("2017-05-03T23:30:00-04:30"));
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
