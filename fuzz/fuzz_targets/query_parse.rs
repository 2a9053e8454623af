//! The query parser and builder never panic: any text is a query or a clean error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trawl::index::schema;
use trawl::query::{self, build::QueryBuilder};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(node) = query::parse(text) {
        let _ = QueryBuilder::new(schema::build()).build(&node);
    }
});
