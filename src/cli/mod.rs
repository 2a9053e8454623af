//! The binary's own modules: flags and handlers of the commands that would crowd `main.rs`.
//! Like `main.rs`, they only turn flags into validated requests, call the library and print.

pub mod attachment;
pub mod batch;
pub mod correspondents;
pub mod export;
pub mod tags;
pub mod threads;
