//! `trawl man [COMMAND]`: the man page of trawl, or of one of its commands (trawl-COMMAND(1)),
//! in roff, made by clap_mangen from the flags in [`super::args`].

use std::io::Write;

use clap::CommandFactory;

use super::args::Cli;

/// Writes the page.
pub fn run(command: Option<&str>, out: &mut impl Write) -> anyhow::Result<()> {
    let mut cli = Cli::command();
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => anyhow::bail!("no command '{name}'"),
        },
    };
    let source = concat!("trawl ", env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(page).source(source).render(out)?;
    Ok(())
}
