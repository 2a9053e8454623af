//! Dates of the dump: when messages are written, in which time zone, and how mail software
//! prints them (RFC 2822 headers, mbox asctime envelopes, reply attributions).

use anyhow::Context;
use fastrand::Rng;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// 2015-01-01T00:00:00Z: the first message of the dump.
const START: i64 = 1_420_070_400;
/// 2017-05-01T00:00:00Z: the last new conversation; replies run a few days later.
const END: i64 = 1_493_596_800;
/// Longest delay before a reply, in seconds (two days).
const MAX_REPLY_DELAY: f64 = 172_800.0;

/// The zone a sender's clock is set to.
#[derive(Clone, Copy)]
pub enum Zone {
    /// Europe/Paris: +0100 in winter, +0200 in summer.
    Paris,
    /// America/New_York: -0500 or -0400.
    NewYork,
    /// UTC written as `GMT`.
    Gmt,
    /// UTC written as `+0000`.
    Utc,
}

/// The time zone rules, built once (POSIX rules: no system time-zone database needed).
pub struct Clock {
    /// Central European Time with its daylight saving rule.
    paris: TimeZone,
    /// Eastern Time with its daylight saving rule.
    new_york: TimeZone,
}

impl Clock {
    /// The zone rules of the dump's senders.
    pub fn new() -> anyhow::Result<Clock> {
        let paris =
            TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").context("Paris time-zone rule")?;
        let new_york =
            TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").context("New York time-zone rule")?;
        Ok(Clock { paris, new_york })
    }

    /// An RFC 2822 date as a mail client in `zone` writes it.
    pub fn rfc2822(&self, seconds: i64, zone: Zone) -> String {
        match zone {
            Zone::Paris => format(seconds, &self.paris, "%a, %-d %b %Y %H:%M:%S %z"),
            Zone::NewYork => format(seconds, &self.new_york, "%a, %-d %b %Y %H:%M:%S %z"),
            Zone::Gmt => format(seconds, &TimeZone::UTC, "%a, %d %b %Y %H:%M:%S GMT"),
            Zone::Utc => format(seconds, &TimeZone::UTC, "%a, %-d %b %Y %H:%M:%S +0000"),
        }
    }

    /// The date in a French reply attribution: `02/05/2017 à 09:14`.
    pub fn french_attribution(&self, seconds: i64) -> String {
        format(seconds, &self.paris, "%d/%m/%Y à %H:%M")
    }

    /// The date in an English reply attribution: `Tue, May 2, 2017 at 09:14`.
    pub fn english_attribution(&self, seconds: i64) -> String {
        format(seconds, &self.paris, "%a, %b %-d, %Y at %H:%M")
    }
}

/// The asctime date of an mbox `From ` line, in UTC: `Tue May  2 09:14:03 2017`.
pub fn asctime(seconds: i64) -> String {
    format(seconds, &TimeZone::UTC, "%a %b %e %H:%M:%S %Y")
}

/// The instant in `zone`, formatted with a strftime pattern.
fn format(seconds: i64, zone: &TimeZone, pattern: &str) -> String {
    let instant = Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH);
    instant
        .to_zoned_datetime(zone.clone())
        .strftime(pattern)
        .to_string()
}

/// When a new conversation starts: activity grows towards the election.
pub fn conversation_start(rng: &mut Rng) -> i64 {
    START + ((END - START) as f64 * rng.f64().sqrt()) as i64
}

/// When a reply to a message sent at `parent` is sent: a minute to two days later.
pub fn reply_time(rng: &mut Rng, parent: i64) -> i64 {
    parent + 60 + (MAX_REPLY_DELAY * rng.f64().powi(3)) as i64
}

/// The zone of a message: mostly Paris.
pub fn random_zone(rng: &mut Rng) -> Zone {
    match rng.u8(..100) {
        0..=74 => Zone::Paris,
        75..=84 => Zone::NewYork,
        85..=92 => Zone::Gmt,
        _ => Zone::Utc,
    }
}
