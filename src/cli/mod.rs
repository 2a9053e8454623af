//! The binary's own modules. [`args`] declares every flag (clap); [`request`] turns them into
//! validated requests, the one place flags are checked; each command then has one handler
//! module, which calls the library and prints; [`exit`] chooses the exit code.

pub mod args;
pub mod exit;
pub mod long_help;
pub mod request;

mod attachment;
mod batch;
mod cli_docs;
mod completions;
mod contacts;
mod count;
mod dkim;
mod export;
mod facets;
mod failures;
mod graph;
mod help;
mod index;
mod man;
mod search;
mod serve;
mod show;
mod stats;
mod tag;
mod tags;
mod thread;
mod timeline;
mod verify;

use std::io::{self, IsTerminal};

use trawl::render::Painter;

use args::Cli;
use request::Request;

/// Validates the flags of `cli`, then runs its command, writing to standard output.
pub fn run(cli: &Cli) -> anyhow::Result<()> {
    let request = Request::from_args(cli)?;
    let out = &mut io::stdout().lock();
    let painter = Painter {
        color: io::stdout().is_terminal(),
    };
    match request {
        Request::Index(r) => index::run(&r, out),
        Request::Search(r) => search::run(&r, out, painter),
        Request::Explain(r) => search::explain(&r, out),
        Request::Origin(r) => search::run(&r, out, painter),
        Request::Facets(r) => facets::run(&r, out),
        Request::Timeline(r) => timeline::run(&r, out, painter),
        Request::Help(topic) => help::run(&topic, out),
        Request::Count(r) => count::run(&r, out),
        Request::Show(r) => show::run(&r, out, painter),
        Request::Attachment(r) => attachment::run(&r, out),
        Request::Dkim(r) => dkim::run(&r, out),
        Request::Thread(r) => thread::run(&r, out, painter),
        Request::Tag(r) => tag::run(&r, out),
        Request::Tags(r) => tags::run(&r, out),
        Request::Contacts(r) => contacts::run(&r, out),
        Request::Graph(r) => graph::run(&r, out),
        Request::Export(r) => export::run(&r, out),
        Request::Verify(r) => verify::run(&r, out),
        Request::Batch(r) => batch::run(&r, out),
        Request::Stats(r) => stats::run(&r, out),
        Request::Serve(r) => serve::run(&r),
        Request::Failures(r) => failures::run(&r, out),
        Request::Completions(shell) => completions::run(shell, out),
        Request::Man(command) => man::run(command.as_deref(), out),
        Request::CliDocs => cli_docs::run(out),
    }
}
