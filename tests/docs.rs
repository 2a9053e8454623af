//! The documents hold together: README.md stays short and shows its two commands on the first
//! screen, and every relative link of the Markdown documents leads to a file that exists and,
//! with an `#anchor`, to a heading of that file. Reads files only; the binary is not run.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// README.md must stay under this many bytes (12 KB).
const README_MAX_BYTES: u64 = 12_000;

/// The lines a newcomer sees first.
const FIRST_SCREEN: usize = 40;

/// The documents whose links are checked, besides every `docs/*.md`.
const LINKING: [&str; 5] = [
    "README.md",
    "ARCHITECTURE.md",
    "CHANGELOG.md",
    "fuzz/README.md",
    "tests/README.md",
];

/// A path in the repository.
fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A file's text; a missing file fails the test with its path.
fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines that are not inside a fenced code block (``` or ~~~), with their numbers from 1.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<&str> = None;
    let mut prose = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) => prose.push((n + 1, line)),
            _ => {}
        }
    }
    prose
}

/// A heading's anchor as GitHub makes it: lower case, each space a `-`, every character but
/// letters, digits, `-` and `_` dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor a Markdown text's headings produce (a repeated one gains `-1`, `-2`...).
fn anchors(text: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    for (_, line) in prose_lines(text) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let Some(title) = line[hashes..].strip_prefix(' ') else {
            continue;
        };
        if !(1..=6).contains(&hashes) {
            continue;
        }
        let base = slug(title.trim_end_matches('#'));
        let unique = (0..)
            .map(|i| match i {
                0 => base.clone(),
                i => format!("{base}-{i}"),
            })
            .find(|s| !found.contains(s))
            .expect("an unused anchor");
        found.insert(unique);
    }
    found
}

/// The text with its code spans (between equal runs of backticks, across lines) taken out.
fn without_code_spans(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + run..];
        let fence = "`".repeat(run);
        let close = after.match_indices(&fence).find(|&(i, _)| {
            !after[i + run..].starts_with('`') && (i == 0 || !after[..i].ends_with('`'))
        });
        match close {
            Some((i, _)) => rest = &after[i + run..],
            None => {
                out.push_str(&rest[start..start + run]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The targets of a Markdown text's links: inline `[text](target)` and reference definitions
/// `[label]: target`, outside code.
fn link_targets(text: &str) -> Vec<String> {
    let prose: Vec<&str> = prose_lines(text).into_iter().map(|(_, l)| l).collect();
    let prose = without_code_spans(&prose.join("\n"));
    let mut targets = Vec::new();
    for (i, _) in prose.match_indices("](") {
        let target: String = prose[i + 2..]
            .chars()
            .take_while(|&c| c != ')' && !c.is_whitespace())
            .collect();
        targets.push(target);
    }
    for line in prose.lines() {
        let line = line.trim_start();
        if let Some((label, target)) = line.split_once("]: ")
            && label.starts_with('[')
            && !label.contains(']')
        {
            targets.extend(target.split_whitespace().next().map(str::to_owned));
        }
    }
    targets
        .into_iter()
        .map(|t| t.trim_start_matches('<').trim_end_matches('>').to_owned())
        .collect()
}

/// Whether a link target leaves the repository (a URL scheme such as `https:` or `mailto:`).
fn is_external(target: &str) -> bool {
    let end = target.find(['/', '#']).unwrap_or(target.len());
    target[..end].contains(':')
}

/// What is wrong with one relative link of `from`, if anything.
fn broken(from: &Path, target: &str) -> Option<String> {
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    let file = match path {
        "" => from.to_path_buf(),
        p if p.starts_with('/') => repo(p.trim_start_matches('/')),
        p => from.parent().expect("a document's directory").join(p),
    };
    if !file.exists() {
        return Some(format!("{target}: no file {}", file.display()));
    }
    let markdown = file.extension().is_some_and(|e| e == "md");
    if anchor.is_empty() || !markdown {
        return None;
    }
    if anchors(&read(&file)).contains(anchor) {
        return None;
    }
    Some(format!(
        "{target}: no heading of {} makes #{anchor}",
        file.display()
    ))
}

/// The documents whose links are checked.
fn linking_documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = fs::read_dir(repo("docs"))
        .expect("docs/")
        .map(|e| e.expect("a docs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    docs.extend(LINKING.iter().map(|p| repo(p)));
    docs
}

#[test]
fn readme_stays_under_12_kb() {
    let size = fs::metadata(repo("README.md")).expect("README.md").len();
    assert!(
        size < README_MAX_BYTES,
        "README.md is {size} bytes: keep it under {README_MAX_BYTES}, and move details to docs/"
    );
}

#[test]
fn readme_shows_the_two_commands_on_its_first_screen() {
    let readme = read(&repo("README.md"));
    let section = readme
        .split("\n## Two commands\n")
        .nth(1)
        .expect("README.md has a \"## Two commands\" section");
    let block = section
        .split("```")
        .nth(1)
        .expect("the section holds a code block");
    let commands: Vec<&str> = block
        .lines()
        .skip(1)
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(commands.len(), 2, "two commands: {commands:?}");
    let screen: Vec<&str> = readme.lines().take(FIRST_SCREEN).collect();
    for command in commands {
        assert!(
            screen.iter().any(|l| l.trim_start().starts_with(command)),
            "`{command}` is not within README.md's first {FIRST_SCREEN} lines"
        );
    }
}

#[test]
fn relative_links_lead_to_a_file_and_a_heading() {
    let mut problems = Vec::new();
    for doc in linking_documents() {
        for target in link_targets(&read(&doc)) {
            if is_external(&target) {
                continue;
            }
            if let Some(problem) = broken(&doc, &target) {
                problems.push(format!("{}: {problem}", doc.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn anchors_follow_githubs_slugs() {
    let text = "# Targets of issue #3\n## `real.sh`: trawl against mairix\n\
                ```\n# not a heading\n```\n### Results\n### Results\n#nohead\n";
    let found = anchors(text);
    let expected = [
        "targets-of-issue-3",
        "realsh-trawl-against-mairix",
        "results",
        "results-1",
    ];
    assert_eq!(found, expected.map(String::from).into());
    assert_eq!(slug("Export and verify"), "export-and-verify");
    assert_eq!(slug("Mail-client stores"), "mail-client-stores");
    assert_eq!(
        slug("Re-runs, shared attachments, PST"),
        "re-runs-shared-attachments-pst"
    );
}

#[test]
fn links_are_found_outside_code_only() {
    let text = "See [a](docs/A.md#x) and `[not](code.md)`, [b](<B.md>).\n\
                ```\n[fenced](fenced.md)\n```\n[ref]: C.md \"title\"\n\
                ``[double](`code`.md)`` [c](https://example.org) [d](#here)\n";
    assert_eq!(
        link_targets(text),
        [
            "docs/A.md#x",
            "B.md",
            "https://example.org",
            "#here",
            "C.md"
        ]
    );
    assert!(is_external("https://example.org"));
    assert!(!is_external("docs/A.md#x:y"));
    let missing = broken(&repo("README.md"), "no-such-file.md");
    assert!(missing.is_some_and(|m| m.contains("no file")));
    let anchor = broken(&repo("README.md"), "#no-such-heading");
    assert!(anchor.is_some_and(|m| m.contains("no heading")));
    assert_eq!(broken(&repo("README.md"), "#two-commands"), None);
}
