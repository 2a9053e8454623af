//! The library's rooms stand in layers: a room uses only rooms of a lower layer, and rooms of
//! one layer do not use one another. The layers are the table under "## Layers" in
//! ARCHITECTURE.md, read here, so that the document and the check cannot drift apart.
//!
//! Every `crate::...` path of the library (a `use` line, a path in code, in tests too) is
//! checked, and so is a `super::...` path that climbs to the crate's root. Comments, strings
//! and character literals are skipped. The binary (`main.rs`, `cli/`) may use any room.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The document holding the table.
const ARCHITECTURE: &str = "ARCHITECTURE.md";
/// The heading the table follows.
const HEADING: &str = "## Layers";
/// The layer cell of the binary's rooms.
const BINARY: &str = "binary";

/// Where a room stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// A room of the library, in this layer (0 at the bottom).
    Library(u32),
    /// The binary, on top of everything.
    Binary,
}

/// A path from one room into another: `crate::room...`, or `super::...` up to the root.
#[derive(Debug, PartialEq, Eq)]
struct Reach {
    /// The line it is on, from 1.
    line: usize,
    /// The first name after the crate's root: the room reached (or a name of `lib.rs`).
    target: String,
}

/// The rooms of the layer table in `text`, by name (`main.rs` is named `main`). A row is
/// `| layer | room | owns |`, the layer a number or `binary`.
fn layer_table(text: &str) -> Result<BTreeMap<String, Layer>, String> {
    let mut lines = text.lines().skip_while(|l| l.trim() != HEADING);
    if lines.next().is_none() {
        return Err(format!("{ARCHITECTURE} has no `{HEADING}` heading"));
    }
    let rows = lines
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2);
    let mut table = BTreeMap::new();
    for row in rows {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let [layer, room, owns] = cells[..] else {
            return Err(format!("not a `| layer | room | owns |` row: {row}"));
        };
        let name = room.trim_matches('`').trim_end_matches('/');
        let name = name.strip_suffix(".rs").unwrap_or(name);
        let layer = match layer {
            BINARY => Layer::Binary,
            n => Layer::Library(n.parse().map_err(|_| format!("layer {n:?}: {row}"))?),
        };
        if owns.is_empty() || name.is_empty() {
            return Err(format!("a room and what it owns, both: {row}"));
        }
        if table.insert(name.to_owned(), layer).is_some() {
            return Err(format!("room `{name}` is in the table twice"));
        }
    }
    if table.is_empty() {
        return Err(format!("no rows under `{HEADING}` in {ARCHITECTURE}"));
    }
    Ok(table)
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The module path of a file under `src/` (`["container", "walk"]` for
/// `container/walk.rs`, `["container"]` for `container/mod.rs`).
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

/// A token of Rust source, as far as paths need: names, `::`, braces, commas and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Name(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other,
}

/// The tokens of `source` with their lines, comments, strings and character literals left
/// out.
fn tokens(source: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => i = skip_block_comment(&chars, i, &mut line),
            '"' => i = skip_string(&chars, i + 1, None, &mut line),
            '\'' => i = skip_char_or_lifetime(&chars, i),
            ':' if next == Some(':') => {
                out.push((line, Token::PathSep));
                i += 2;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                match string_start(&name, &chars, i) {
                    Some((open, raw)) => i = skip_string(&chars, open + 1, raw, &mut line),
                    None => out.push((line, Token::Name(name))),
                }
            }
            '{' => {
                out.push((line, Token::Open));
                i += 1;
            }
            '}' => {
                out.push((line, Token::Close));
                i += 1;
            }
            ',' => {
                out.push((line, Token::Comma));
                i += 1;
            }
            _ => {
                out.push((line, Token::Other));
                i += 1;
            }
        }
    }
    out
}

/// For a string prefix just read (`b`, `r`, `br`, `c`, `cr`) followed by a quote, or by `#`s
/// and a quote: the quote's index, and for a raw string the number of `#`s closing it.
fn string_start(name: &str, chars: &[char], at: usize) -> Option<(usize, Option<usize>)> {
    if !matches!(name, "b" | "r" | "br" | "c" | "cr") {
        return None;
    }
    let raw = name.ends_with('r');
    let hashes = if raw {
        chars[at..].iter().take_while(|&&c| c == '#').count()
    } else {
        0
    };
    let quote = at + hashes;
    (chars.get(quote) == Some(&'"')).then_some((quote, raw.then_some(hashes)))
}

/// The index after a string whose contents start at `i`: closed by `"` (escapes skipped), or
/// for a raw string (`raw` is its number of `#`s) by `"` and that many `#`s.
fn skip_string(chars: &[char], mut i: usize, raw: Option<usize>, line: &mut usize) -> usize {
    let hashes = raw.unwrap_or(0);
    while i < chars.len() {
        match chars[i] {
            '\\' if raw.is_none() => {
                *line += usize::from(chars.get(i + 1) == Some(&'\n'));
                i += 2;
                continue;
            }
            '\n' => *line += 1,
            '"' if chars[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes =>
            {
                return i + 1 + hashes;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index after a block comment starting at `i` (nested ones included).
fn skip_block_comment(chars: &[char], mut i: usize, line: &mut usize) -> usize {
    let mut depth = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1)) {
            ('/', Some('*')) => {
                depth += 1;
                i += 2;
            }
            ('*', Some('/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            (c, _) => {
                *line += usize::from(c == '\n');
                i += 1;
            }
        }
    }
    i
}

/// The index after a character literal (`'a'`, `'\n'`, `'{'`) or a lifetime's quote (`'a`)
/// starting at `i`.
fn skip_char_or_lifetime(chars: &[char], i: usize) -> usize {
    match chars.get(i + 1) {
        Some('\\') => {
            let close = chars.iter().skip(i + 3).position(|&c| c == '\'');
            close.map_or(chars.len(), |at| i + 3 + at + 1)
        }
        Some(_) if chars.get(i + 2) == Some(&'\'') => i + 3,
        _ => i + 1,
    }
}

/// Every path of a file at `module` (its module path) that leaves the file's room for the
/// crate's root: `crate::x` and `crate::{x, y::z}`, and `super::` paths that climb past the
/// room's top, inline `mod name { ... }` blocks counted.
fn reaches(source: &str, module: &[String]) -> Vec<Reach> {
    let tokens = tokens(source);
    let name = |i: usize| match tokens.get(i) {
        Some((_, Token::Name(n))) => Some(n.as_str()),
        _ => None,
    };
    let is = |i: usize, t: Token| tokens.get(i).is_some_and(|(_, have)| *have == t);
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut inline: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_path = i == 0 || !is(i - 1, Token::PathSep);
        match &tokens[i].1 {
            Token::Open => depth += 1,
            Token::Close => {
                depth = depth.saturating_sub(1);
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
            }
            Token::Name(n) if n == "mod" && name(i + 1).is_some() && is(i + 2, Token::Open) => {
                inline.push(depth);
                depth += 1;
                i += 3;
                continue;
            }
            Token::Name(n) if n == "crate" && starts_path && is(i + 1, Token::PathSep) => {
                found.extend(targets(&tokens, i + 2));
            }
            Token::Name(n) if n == "super" && starts_path && is(i + 1, Token::PathSep) => {
                let mut climbs = 0;
                let mut at = i;
                while name(at) == Some("super") && is(at + 1, Token::PathSep) {
                    climbs += 1;
                    at += 2;
                }
                if climbs >= module.len() + inline.len() {
                    found.extend(targets(&tokens, at));
                }
                i = at;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The first names of the path or `{...}` group of paths starting at token `i`.
fn targets(tokens: &[(usize, Token)], i: usize) -> Vec<Reach> {
    match tokens.get(i) {
        Some((line, Token::Name(n))) => vec![Reach {
            line: *line,
            target: n.clone(),
        }],
        Some((_, Token::Open)) => {
            let mut found = Vec::new();
            let mut depth = 0;
            let mut item_start = true;
            for (line, token) in &tokens[i + 1..] {
                match token {
                    Token::Open => depth += 1,
                    Token::Close if depth == 0 => break,
                    Token::Close => depth -= 1,
                    Token::Comma if depth == 0 => {
                        item_start = true;
                        continue;
                    }
                    Token::Name(n) if item_start && depth == 0 => found.push(Reach {
                        line: *line,
                        target: n.clone(),
                    }),
                    _ => {}
                }
                item_start = false;
            }
            found
        }
        _ => Vec::new(),
    }
}

/// What is wrong with room `from` using room `to`, if anything.
fn breach(from: &str, to: &str, table: &BTreeMap<String, Layer>) -> Option<String> {
    let Some(&Layer::Library(own)) = table.get(from) else {
        return None;
    };
    match table.get(to) {
        None => Some(format!(
            "`{from}` (layer {own}) uses `crate::{to}`, which is no room of the layer table"
        )),
        Some(Layer::Binary) => Some(format!("`{from}` (layer {own}) uses the binary's `{to}`")),
        Some(&Layer::Library(other)) if other > own => Some(format!(
            "`{from}` (layer {own}) uses `{to}` (layer {other}), a higher layer"
        )),
        Some(&Layer::Library(other)) if other == own && from != to => Some(format!(
            "`{from}` uses `{to}`, both of layer {own}: rooms of one layer do not use one another"
        )),
        _ => None,
    }
}

/// The room a file under `src/` belongs to (`None` for `lib.rs`, the crate's root).
fn room_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let room = first.strip_suffix(".rs").unwrap_or(&first);
    (room != "lib").then(|| room.to_owned())
}

#[test]
fn every_room_uses_only_rooms_of_lower_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join(ARCHITECTURE)).expect(ARCHITECTURE);
    let table = layer_table(&text).unwrap_or_else(|e| panic!("{e}"));
    let src = root.join("src");
    let mut breaches = Vec::new();
    let mut rooms_on_disk = std::collections::BTreeSet::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).expect("under src/");
        let Some(room) = room_of(relative) else {
            continue;
        };
        rooms_on_disk.insert(room.clone());
        let source = fs::read_to_string(&file).expect("a source file");
        for reach in reaches(&source, &module_path(relative)) {
            if let Some(what) = breach(&room, &reach.target, &table) {
                breaches.push(format!("src/{}:{}: {what}", relative.display(), reach.line));
            }
        }
    }
    let unlisted: Vec<_> = rooms_on_disk
        .iter()
        .filter(|r| !table.contains_key(*r))
        .collect();
    let gone: Vec<_> = table
        .keys()
        .filter(|r| !rooms_on_disk.contains(*r))
        .collect();
    assert!(
        unlisted.is_empty() && gone.is_empty(),
        "the layer table of {ARCHITECTURE} and src/ differ: rooms not in the table {unlisted:?}, \
         rooms of the table not in src/ {gone:?}"
    );
    assert!(breaches.is_empty(), "{}", breaches.join("\n"));
}

#[test]
fn the_check_finds_paths_in_every_form_and_skips_comments_and_strings() {
    let source = r####"
//! See [`crate::render`] in a comment.
use crate::{error::Error, location::{Location, SEPARATOR}};
use crate::index;
/* crate::output /* nested */ crate::output */
fn f() -> char {
    let _ = "crate::output \" crate::output";
    let _ = r#"crate::output "quoted" crate::output"#;
    let _ = crate::search::run();
    let _ = super::super::query::parse("a");
    let _ = ('\'', r"crate::output\", b"crate::output", br#"crate::output"#); '{'
}
mod tests {
    use super::*;
    use super::super::super::tags;
}
"####;
    let module = ["ingest".to_owned(), "plan".to_owned()];
    let found: Vec<(usize, String)> = reaches(source, &module)
        .into_iter()
        .map(|r| (r.line, r.target))
        .collect();
    let want = [
        (3, "error"),
        (3, "location"),
        (4, "index"),
        (9, "search"),
        (10, "query"),
        (15, "tags"),
    ];
    let want: Vec<(usize, String)> = want.iter().map(|&(l, t)| (l, t.to_owned())).collect();
    assert_eq!(found, want);
}

#[test]
fn a_reach_up_or_across_a_layer_is_named_with_both_rooms() {
    let table = layer_table(
        "## Layers\n\n| layer | room | owns |\n|---|---|---|\n| 0 | `error` | errors |\n\
         | 0 | `date` | dates |\n| 1 | `search` | hits |\n| binary | `main.rs` | entry |\n",
    )
    .expect("a table");
    assert_eq!(table.get("main"), Some(&Layer::Binary));
    assert_eq!(breach("search", "error", &table), None);
    let up = breach("error", "search", &table).expect("up");
    assert!(
        up.contains("`error` (layer 0) uses `search` (layer 1)"),
        "{up}"
    );
    let across = breach("error", "date", &table).expect("across");
    assert!(
        across.contains("`error` uses `date`, both of layer 0"),
        "{across}"
    );
    assert!(breach("error", "render", &table).is_some());
    assert!(breach("search", "main", &table).is_some());
    assert_eq!(breach("main", "search", &table), None);
}
