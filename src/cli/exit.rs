//! How a run ends: the error types that choose an exit code, and the one line on stderr.
//! Exit codes: 0 success, 1 failure, 2 bad usage or malformed query, 130 `index` stopped by
//! Ctrl-C. A closed pipe (`trawl search x | head`) exits quietly.

use std::io;
use std::process::ExitCode;

/// A flag value that clap accepted but validation refused: exit code 2, like clap's errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// `trawl index` stopped by Ctrl-C: exit code 130, as for any command interrupted by SIGINT.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted: what was read is indexed and committed; run the same command again to finish")
    }
}

impl std::error::Error for Interrupted {}

/// The exit code of a run's outcome; an error is said on stderr first, made terminal-safe.
pub fn code(outcome: anyhow::Result<()>) -> ExitCode {
    let e = match outcome {
        Ok(()) => return ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => return ExitCode::SUCCESS,
        Err(e) => e,
    };
    eprintln!(
        "trawl: {}",
        trawl::sanitize::for_terminal(&format!("{e:#}"), false)
    );
    ExitCode::from(match () {
        _ if e.downcast_ref::<Interrupted>().is_some() => 130,
        _ if is_usage_error(&e) => 2,
        _ => 1,
    })
}

/// Malformed queries and refused flag values exit with 2.
fn is_usage_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<UsageError>().is_some()
        || e.downcast_ref::<trawl::Error>()
            .is_some_and(|e| matches!(e, trawl::Error::Query(_)))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
