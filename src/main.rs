//! The `trawl` command. Everything it does is in [`cli`]: its flags ([`cli::args`]), their
//! validation into requests ([`cli::request`]), one handler per command, and the exit code
//! ([`cli::exit`]: 0 success, 1 failure, 2 bad usage or malformed query, 130 interrupted).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    cli::exit::code(cli::run(&args))
}
