//! `trawl completions SHELL`: a completion script for bash, zsh, fish, PowerShell or elvish,
//! made by clap_complete from the flags in [`super::args`].

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;

/// Writes the script for `shell`.
pub fn run(shell: Shell, out: &mut impl Write) -> anyhow::Result<()> {
    clap_complete::generate(shell, &mut Cli::command(), "trawl", out);
    Ok(out.flush()?)
}
