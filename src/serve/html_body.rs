//! An email's HTML made inert for the message view's frame: ammonia keeps structural markup
//! only (no scripts, styles, event handlers, forms or frames) and every URL is removed, so
//! that the frame can fetch nothing and go nowhere. The links the email held are returned
//! beside it, to be listed as text and opened only when the reader confirms.

use std::sync::{Arc, Mutex};

use ammonia::{Builder, UrlRelative};

/// Most links listed for one email.
const MOST_LINKS: usize = 200;

/// The markup of `html` with nothing left that loads or runs, and the targets of its links
/// (`href`s, in order, each once, at most [`MOST_LINKS`]).
pub fn inert(html: &str) -> (String, Vec<String>) {
    let links = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&links);
    // The default schemes (web, mail, ...) let those links reach the filter, which lists
    // them and drops every URL; any other scheme (`javascript:`, `data:`) is dropped unseen.
    let cleaned = Builder::default()
        .url_relative(UrlRelative::Deny)
        .link_rel(None)
        .attribute_filter(move |element, attribute, value| {
            if element == "a" && attribute == "href" {
                record(&seen, value);
            }
            match attribute {
                "href" | "src" | "srcset" | "background" | "cite" | "longdesc" | "action" => None,
                _ => Some(value.into()),
            }
        })
        .clean(html)
        .to_string();
    let links = links.lock().map(|l| l.clone()).unwrap_or_default();
    (cleaned, links)
}

/// Adds a link target to the list, once, while the list has room.
fn record(links: &Mutex<Vec<String>>, href: &str) {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return;
    }
    if let Ok(mut links) = links.lock()
        && links.len() < MOST_LINKS
        && !links.iter().any(|l| l == href)
    {
        links.push(href.to_owned());
    }
}

/// Whether a listed link may be offered for opening (after confirmation): web and mail
/// addresses only, never `javascript:` or `data:`.
pub fn openable(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// The frame's whole document: the inert markup under a plain style.
pub fn frame_document(inert_markup: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <style>body{{font-family:sans-serif;margin:.5em;overflow-wrap:anywhere}}\
         img{{max-width:100%}}</style></head><body>{inert_markup}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = r#"<p onclick="x()">Hello <script>alert(1)</script>
<img src="https://tracker.example/p.gif" onerror="alert(2)" alt="pixel">
<a href="https://example.org/doc">doc</a> <a href="javascript:alert(3)">js</a>
<div style="background:url(https://tracker.example/bg.png)">styled</div>
<style>body{background:url(https://tracker.example/css.png)}</style>
<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input></form>
<a href="https://example.org/doc">again</a></p>"#;

    #[test]
    fn nothing_that_loads_or_runs_survives_and_links_are_listed() {
        let (markup, links) = inert(HOSTILE);
        for gone in [
            "script",
            "onerror",
            "onclick",
            "tracker.example",
            "evil.example",
            "href",
            "src=",
            "style=",
            "<style",
            "javascript",
            "<iframe",
            "<form",
        ] {
            assert!(!markup.contains(gone), "{gone} left in {markup}");
        }
        assert!(markup.contains("Hello") && markup.contains("doc") && markup.contains("styled"));
        assert_eq!(links, vec!["https://example.org/doc"]);
        assert!(openable(&links[0]));
        assert!(!openable("javascript:alert(3)"));
        assert!(!openable("data:text/html,x"));
    }
}
