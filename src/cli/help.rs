//! `trawl help [TOPIC]`: the query language (`trawl help query`), a command's help, or the
//! whole command's.

use std::io::Write;

use clap::CommandFactory;

use super::args::Cli;
use super::request::HelpTopic;

/// Prints the long help of the topic.
pub fn run(topic: &HelpTopic, out: &mut impl Write) -> anyhow::Result<()> {
    let mut cli = Cli::command();
    cli.build();
    let text = match topic {
        HelpTopic::Query => trawl::query::help(),
        HelpTopic::Command(name) => match cli.find_subcommand_mut(name) {
            Some(command) => command.render_long_help().to_string(),
            None => anyhow::bail!("no command '{name}'"),
        },
        HelpTopic::Overview => cli.render_long_help().to_string(),
    };
    Ok(write!(out, "{text}")?)
}
