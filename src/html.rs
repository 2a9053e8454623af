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
    let sink = TextSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    // The sink never asks to pause for a script, so one feed consumes the whole input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tidy(&tokenizer.sink.out.borrow())
}

/// Collects character data, skipping what a browser would not show.
#[derive(Default)]
struct TextSink {
    out: RefCell<String>,
    skipping: Cell<bool>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(text) if !self.skipping.get() => {
                self.out.borrow_mut().push_str(&text);
            }
            Token::TagToken(tag) => return self.on_tag(&tag),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl TextSink {
    /// Switches the tokenizer into the raw-text states a tree builder would, and marks the
    /// text breaks that block elements make.
    fn on_tag(&self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if tag.kind == TagKind::EndTag {
            if matches!(name, "script" | "style") {
                self.skipping.set(false);
            }
            self.separate(name);
            return TokenSinkResult::Continue;
        }
        match name {
            "script" => self.skip(RawKind::ScriptData),
            "style" => self.skip(RawKind::Rawtext),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => {
                self.separate(name);
                TokenSinkResult::Continue
            }
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
