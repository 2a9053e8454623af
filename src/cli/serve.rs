//! `trawl serve`: the index in a browser, until stopped.

use trawl::sanitize::for_terminal;
use trawl::serve::{self, ServeConfig};

/// Serves the index; says on stderr where, once listening.
pub fn run(config: &ServeConfig) -> anyhow::Result<()> {
    let index = for_terminal(&config.index.display().to_string(), false);
    serve::run(config, &mut |bound| {
        eprintln!("trawl: serving {index} on http://{bound}/ (Ctrl-C to stop)");
    })?;
    Ok(())
}
