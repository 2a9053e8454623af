//! The reference made from the clap definitions: docs/CLI.md is what `trawl cli-docs` writes
//! (regenerate it, never edit it), shell completions and man pages name every command, and
//! `trawl help query` lists each field prefix once per line.

mod common;

use std::process::{Command, Output};

use common::{repo, stdout};

/// Runs `trawl ARGS` with no index flag: none of these commands reads one.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args(args)
        .env_remove("TRAWL_INDEX")
        .output()
        .expect("trawl runs")
}

/// Standard output of a run that must succeed.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(
        o.status.success(),
        "trawl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

/// The visible commands, as `trawl --help` lists them.
fn commands() -> Vec<String> {
    let help = ok(&["--help"]);
    let listed = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section");
    listed
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn docs_cli_md_is_what_cli_docs_writes() {
    let made = ok(&["cli-docs"]);
    let kept = std::fs::read_to_string(repo("docs/CLI.md")).unwrap_or_default();
    let same = made.lines().zip(kept.lines()).take_while(|(a, b)| a == b);
    assert!(
        made == kept,
        "docs/CLI.md is stale from line {}: regenerate it with `cargo run --release -- cli-docs \
         > docs/CLI.md` (it is made from src/cli/args.rs and src/cli/long_help.rs)",
        same.count() + 1
    );
}

/// The reference covers every command with its usage and flags, the query language with
/// every field prefix of the table, and the exit codes.
#[test]
fn cli_docs_cover_commands_fields_and_exit_codes() {
    let md = ok(&["cli-docs"]);
    let commands = commands();
    assert!(commands.len() >= 20, "{commands:?}");
    for name in &commands {
        assert!(md.contains(&format!("### `trawl {name}`")), "{name}");
        assert!(md.contains(&format!("](#trawl-{name})")), "{name}");
    }
    assert!(
        !md.contains("### `trawl cli-docs`"),
        "the hidden command is left out"
    );
    for prefix in trawl::fields::TABLE.iter().filter_map(|f| f.prefix) {
        assert!(md.contains(&format!("  {prefix}:  ")), "{prefix}");
    }
    for needle in [
        "- `--max-message-size <MB>`: Bytes of a message that are parsed, in MB (default: `256`)",
        "- `--sort <SORT>`: Order: relevance, date",
        "  - `-date`: Newest first",
        "- `<QUERY>...`: The query",
        "Exit codes:\n  0    success",
        "trawl export <QUERY> --to <DIR> [OPTIONS]",
        "score (BM25; null in any order but relevance)",
        "per_source",
    ] {
        assert!(md.contains(needle), "{needle} in the reference");
    }
}

#[test]
fn completions_name_every_command_and_flag() {
    let commands = commands();
    for (shell, marker) in [
        ("bash", "complete -F _trawl"),
        ("zsh", "#compdef trawl"),
        ("fish", "complete -c trawl"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {marker}");
        for name in &commands {
            assert!(script.contains(name.as_str()), "{shell}: {name}");
        }
        assert!(script.contains("max-container-ratio"), "{shell}");
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_pages_of_trawl_and_of_each_command() {
    let page = ok(&["man"]);
    assert!(page.contains(".TH trawl 1"), "{page}");
    for name in commands() {
        assert!(
            page.contains(&format!("trawl\\-{}", name.replace('-', "\\-"))),
            "{name}"
        );
    }
    let search = ok(&["man", "search"]);
    assert!(search.contains(".TH trawl-search 1"), "{search}");
    assert!(search.contains("\\-\\-limit"), "{search}");
    assert_eq!(run(&["man", "nope"]).status.code(), Some(2));
}

/// Each field line of `trawl help query` is `prefix:`, a gap, then its help; no prefix runs
/// into its help (`attachment-hash:attachment-hash:SHA256`).
#[test]
fn help_query_names_each_prefix_once() {
    let text = ok(&["help", "query"]);
    for prefix in trawl::fields::TABLE.iter().filter_map(|f| f.prefix) {
        let name = format!("{prefix}:");
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("  {name} ")))
            .unwrap_or_else(|| panic!("a line for {name} in\n{text}"));
        let help = line[2 + name.len()..].trim_start();
        assert!(!help.starts_with(&name), "{line}");
        assert!(
            !text.contains(&format!("{name}{name}")),
            "{name} twice in\n{text}"
        );
    }
    assert!(
        text.contains("  attachment-hash:  SHA256 (hex, as show and --json give it)"),
        "{text}"
    );
}
