//! HTML to plain text for indexing and display.
//!
//! Built on html5ever's spec-compliant *tokenizer* rather than a DOM: linear time and constant
//! stack whatever the nesting, which matters when a hostile email nests 100,000 `<div>`s (a DOM
//! renderer took 47 s on that). Script and style contents are dropped, entities decoded, and
//! block elements become line breaks.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Converts an HTML document or fragment to text.
pub fn to_text(html: &str) -> String {
    read(html).text
}

/// A page read: its text, and the titles it gives itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The text, as [`to_text`] gives it.
    pub text: String,
    /// The `<title>`, blanks collapsed.
    pub title: Option<String>,
    /// The `og:title` of a `<meta>` (the headline a page gives for sharing).
    pub og_title: Option<String>,
    /// The text of the first `<h1>`, blanks collapsed.
    pub h1: Option<String>,
}

/// Reads an HTML document or fragment: its text and its titles.
pub fn read(html: &str) -> Page {
    let sink = TextSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    // The sink never asks to pause for a script, so one feed consumes the whole input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = &tokenizer.sink;
    let heading = |cell: &RefCell<Option<String>>| cell.borrow().as_deref().and_then(collapsed);
    Page {
        text: tidy(&sink.out.borrow()),
        title: heading(&sink.title.text),
        og_title: heading(&sink.og_title),
        h1: heading(&sink.h1.text),
    }
}

/// `text` with its runs of blanks made one space, trimmed; `None` when nothing is left.
fn collapsed(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Collects character data, skipping what a browser would not show, and the page's titles.
#[derive(Default)]
struct TextSink {
    out: RefCell<String>,
    skipping: Cell<bool>,
    title: Capture,
    h1: Capture,
    og_title: RefCell<Option<String>>,
}

/// The text of the first element of one kind.
#[derive(Default)]
struct Capture {
    /// `Some` from the element's start on.
    text: RefCell<Option<String>>,
    /// Inside the element.
    open: Cell<bool>,
}

impl Capture {
    fn start(&self) {
        let mut text = self.text.borrow_mut();
        if text.is_none() {
            *text = Some(String::new());
            self.open.set(true);
        }
    }

    fn end(&self) {
        self.open.set(false);
    }

    fn push(&self, chars: &str) {
        if self.open.get()
            && let Some(text) = self.text.borrow_mut().as_mut()
        {
            text.push_str(chars);
        }
    }
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(text) if !self.skipping.get() => {
                self.out.borrow_mut().push_str(&text);
                self.title.push(&text);
                self.h1.push(&text);
            }
            Token::TagToken(tag) => return self.on_tag(&tag),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl TextSink {
    /// Switches the tokenizer into the raw-text states a tree builder would, marks the text
    /// breaks that block elements make, and notes the titles.
    fn on_tag(&self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if tag.kind == TagKind::EndTag {
            match name {
                "script" | "style" => self.skipping.set(false),
                "title" => self.title.end(),
                "h1" => self.h1.end(),
                _ => {}
            }
            self.separate(name);
            return TokenSinkResult::Continue;
        }
        match name {
            "script" => self.skip(RawKind::ScriptData),
            "style" => self.skip(RawKind::Rawtext),
            "meta" => {
                self.meta(tag);
                TokenSinkResult::Continue
            }
            "title" => {
                self.title.start();
                TokenSinkResult::RawData(RawKind::Rcdata)
            }
            "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => {
                if name == "h1" {
                    self.h1.start();
                }
                self.separate(name);
                TokenSinkResult::Continue
            }
        }
    }

    /// Notes the first `<meta property="og:title" content="...">` (or `name=`).
    fn meta(&self, tag: &Tag) {
        let attr = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| a.value.to_string())
        };
        let is_og_title = ["property", "name"]
            .iter()
            .any(|key| attr(key).is_some_and(|v| v.trim().eq_ignore_ascii_case("og:title")));
        let mut og_title = self.og_title.borrow_mut();
        if is_og_title && og_title.is_none() {
            *og_title = attr("content");
        }
    }

    fn skip(&self, kind: RawKind) -> TokenSinkResult<()> {
        self.skipping.set(true);
        TokenSinkResult::RawData(kind)
    }

    /// Block elements end a line; table cells are separated by a space.
    fn separate(&self, name: &str) {
        let sep = match name {
            "td" | "th" => " ",
            "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "table" | "blockquote" | "hr" | "pre" | "ul" | "ol" | "dd" | "dt" | "section"
            | "article" | "header" | "footer" | "address" | "title" => "\n",
            _ => return,
        };
        self.out.borrow_mut().push_str(sep);
    }
}

/// Collapses runs of blanks inside lines and runs of empty lines.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = true;
    for line in raw.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            if !blank_run {
                out.push('\n');
            }
            blank_run = true;
            continue;
        }
        out.push_str(&words.join(" "));
        out.push('\n');
        blank_run = false;
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_style_dropped_entities_decoded() {
        let html = "<html><head><style>p{x:y} stylezzz</style><script>var scriptzzz=1;</script>\
                    <title>Le titre</title></head><body><p>Les d&eacute;l&eacute;gu&eacute;s \
                    &amp; amis&nbsp;!</p></body></html>";
        let t = to_text(html);
        assert!(t.contains("Les délégués & amis"), "{t}");
        assert!(t.contains("Le titre"));
        assert!(!t.contains("stylezzz") && !t.contains("scriptzzz"), "{t}");
    }

    #[test]
    fn blocks_break_lines_inline_does_not() {
        assert_eq!(
            to_text("<p>un <b>deux</b>trois</p><p>quatre<br>cinq</p>"),
            "un deuxtrois\n\nquatre\ncinq"
        );
        assert_eq!(
            to_text("<table><tr><td>a</td><td>b</td></tr></table>"),
            "a b"
        );
    }

    #[test]
    fn titles_of_a_page() {
        let page = read(
            "<html><head><title>Le  titre | Site</title>\
             <meta property=\"og:title\" content=\"L&#39;article\">\
             <meta property=\"og:title\" content=\"second\"></head>\
             <body><h1>La <em>une</em>\n du jour</h1><h1>autre</h1><p>texte</p></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("Le titre | Site"));
        assert_eq!(page.og_title.as_deref(), Some("L'article"));
        assert_eq!(page.h1.as_deref(), Some("La une du jour"));
        assert!(page.text.contains("texte"));
        let bare = read("<p>texte</p><h1> </h1>");
        assert_eq!((bare.title, bare.og_title, bare.h1), (None, None, None));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let html = "<div>".repeat(n) + "profond" + &"</div>".repeat(n);
        assert_eq!(to_text(&html), "profond");
    }

    #[test]
    fn unclosed_script_hides_rest_but_does_not_fail() {
        assert_eq!(to_text("visible<script>never closed"), "visible");
    }
}
