//! Parsing and extraction never panic, within the default limits and within tight ones, and
//! neither does building the document (identity, language) from a message or an article, or
//! an attachment's document from its email's bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trawl::limits::{LimitFlags, Limits};
use trawl::location::{Format, Location, Part};
use trawl::{article, message, sniff, source};

fuzz_target!(|data: &[u8]| {
    let _ = sniff::sniff(data);
    let email = message::parse(data);
    let _ = trawl::document::email_id(email.message_id.as_deref(), data);
    let tight = Limits::from(LimitFlags {
        message_mb: 1,
        mime_depth: 2,
        header_count: 5,
        header_kb: 1,
        text_mb: 1,
        attachment_text_mb: 1,
        extract_seconds: 10,
    });
    let _ = message::parse_with(data, &tight);
    let _ = article::parse(data, true);
    let _ = trawl::mailstore::emlx::message_span(data);
    for format in [Format::Message, Format::Text, Format::Emlx, Format::Msg] {
        let location = Location {
            path: "/fuzz".into(),
            offset: 0,
            length: data.len() as u64,
            format,
            attachment: None,
        };
        let first = Part {
            email: "0".repeat(32),
            number: 1,
        };
        let attached = Location {
            attachment: Some(first),
            ..location.clone()
        };
        let _ = source::parse_bytes(data, location, &Limits::default());
        let _ = source::parse_bytes(data, attached, &Limits::default());
    }
});
