//! The binary's own modules: flags and handlers of the commands that would crowd `main.rs`.
//! Like `main.rs`, they only turn flags into validated requests, call the library and print.

pub mod attachment;
pub mod batch;
pub mod correspondents;
pub mod export;
pub mod tags;
pub mod threads;

use clap::ValueEnum;
use trawl::search::Sort;

/// `--sort` of `search` and `export`: the orders of [`Sort`], as the flag spells them.
#[derive(Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
    /// By sender address, A to Z.
    Sender,
    /// By sender address, Z to A.
    #[value(name = "-sender")]
    SenderDesc,
    /// Smallest first.
    Size,
    /// Largest first.
    #[value(name = "-size")]
    SizeDesc,
}

impl SortArg {
    /// The library's order.
    pub fn sort(self) -> Sort {
        match self {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::DateAscending,
            SortArg::DateDesc => Sort::DateDescending,
            SortArg::Sender => Sort::SenderAscending,
            SortArg::SenderDesc => Sort::SenderDescending,
            SortArg::Size => Sort::SizeAscending,
            SortArg::SizeDesc => Sort::SizeDescending,
        }
    }
}
