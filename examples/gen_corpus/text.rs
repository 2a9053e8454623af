//! Message text: Zipf-drawn sentences in paragraphs, greetings, sign-offs, signatures, quoted
//! replies and subjects, rendered as plain text or HTML.

use fastrand::Rng;

use crate::encode;
use crate::vocab::{Language, Vocabulary, WordId};
use crate::words;

/// The start of HTML bodies, as webmails write it.
const HTML_HEAD: &str =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">
<style>p{margin:0 0 1em} blockquote{border-left:2px solid #ccc}</style></head>
<body>
";
/// Column at which plain-text paragraphs are wrapped.
const WRAP_COLUMN: usize = 72;
/// Most lines of a message kept to be quoted by its replies.
const EXCERPT_LINES: usize = 12;

/// A quoted reply block: who wrote what, and how lines are marked.
pub struct Quote {
    /// "Le 02/05/2017 à 09:14, Camille Moreau a écrit :" or its English form.
    pub attribution: String,
    /// The quoted text, wrapped.
    pub lines: Vec<String>,
    /// `"> "`, or `">"` as some clients quote (which makes `>From ` lines).
    pub marker: &'static str,
}

impl Quote {
    /// A blank line, the attribution and the marked lines.
    fn plain(&self) -> String {
        let mut out = format!("\n{}\n", self.attribution);
        for line in &self.lines {
            let marker = if line.is_empty() {
                self.marker.trim_end()
            } else {
                self.marker
            };
            push_lines(&mut out, marker, std::slice::from_ref(line));
        }
        out
    }

    /// The attribution and a `<blockquote>` of the lines.
    fn html(&self, entities: bool) -> String {
        let text = |line: &str| encode::html_text(line, entities);
        let quoted: Vec<String> = self.lines.iter().map(|line| text(line)).collect();
        let attribution = text(&self.attribution);
        format!(
            "<div>{attribution}</div>\n<blockquote>{}</blockquote>\n",
            quoted.join("<br>\n")
        )
    }
}

/// A message body before MIME encoding.
pub struct Body {
    /// "Bonjour Camille," and the like.
    greeting: String,
    /// The paragraphs, unwrapped.
    paragraphs: Vec<String>,
    /// "Cordialement," and the like.
    closing: String,
    /// Signature lines (after `-- `), possibly none.
    signature: Vec<String>,
    /// The quoted message this one replies to, if shown.
    quote: Option<Quote>,
}

/// Who writes a body to whom, and what it quotes.
pub struct Letter<'a> {
    /// The message's language.
    pub language: Language,
    /// The first recipient's first name, for the greeting.
    pub recipient: &'a str,
    /// The sender's full name, for the signature.
    pub sender: &'a str,
    /// The quoted reply block.
    pub quote: Option<Quote>,
}

/// Writes text from the vocabulary and remembers which words it used.
pub struct Writer<'a> {
    /// The randomness source.
    pub rng: &'a mut Rng,
    /// Where words come from.
    pub vocab: &'a Vocabulary,
    /// Every vocabulary word written so far, for the query picker.
    pub used: &'a mut Vec<WordId>,
}

impl Writer<'_> {
    /// A full body: greeting, 1 to 20 paragraphs, closing, signature and quote.
    pub fn body(&mut self, letter: Letter) -> Body {
        let language = letter.language;
        let count = 1 + (19.0 * self.rng.f64().powf(2.3)) as usize;
        Body {
            greeting: pick(self.rng, greetings(language)).replace("{}", letter.recipient),
            paragraphs: (0..count).map(|_| self.paragraph(language)).collect(),
            closing: pick(self.rng, closings(language)).to_string(),
            signature: signature(self.rng, language, letter.sender),
            quote: letter.quote,
        }
    }

    /// One to five sentences, the first sometimes opened by a stock phrase.
    pub fn paragraph(&mut self, language: Language) -> String {
        let openers = match language {
            Language::French => words::FRENCH_OPENERS,
            Language::English => words::ENGLISH_OPENERS,
        };
        let opener = (self.rng.u8(..7) == 0).then(|| pick(self.rng, openers));
        let mut text = self.sentence(language, opener);
        for _ in 1..self.rng.usize(1..=5) {
            text.push(' ');
            text.push_str(&self.sentence(language, None));
        }
        text
    }

    /// A capitalised sentence of 6 to 22 tokens with occasional commas.
    fn sentence(&mut self, language: Language, opener: Option<&str>) -> String {
        let mut sentence = opener.map(|words| format!("{words} ")).unwrap_or_default();
        let length = self.rng.usize(6..=22);
        for position in 0..length {
            self.push_token(&mut sentence, language);
            if position + 1 < length {
                sentence.push_str(if self.rng.u8(..12) == 0 { ", " } else { " " });
            }
        }
        sentence.push_str(ending(self.rng, language));
        capitalised(&sentence)
    }

    /// Appends a vocabulary word, or now and then a number.
    fn push_token(&mut self, sentence: &mut String, language: Language) {
        if self.rng.u8(..50) == 0 {
            sentence.push_str(&number(self.rng, language));
            return;
        }
        let id = self.vocab.sample(self.rng, language);
        self.used.push(id);
        sentence.push_str(self.vocab.word(id));
    }
}

/// A subject phrase, sometimes with a day, city or version suffix.
pub fn subject(rng: &mut Rng, language: Language) -> String {
    let phrases = match language {
        Language::French => words::FRENCH_SUBJECTS,
        Language::English => words::ENGLISH_SUBJECTS,
    };
    let phrase = pick(rng, phrases);
    match rng.u8(..10) {
        0 => format!("{phrase} - {}", rng.u8(1..=28)),
        1 => format!("{phrase} (v{})", rng.u8(2..=4)),
        2 => format!("{phrase} - {}", pick(rng, words::SUBJECT_PLACES)),
        _ => phrase.to_string(),
    }
}

impl Body {
    /// The body as plain text with LF line ends, paragraphs wrapped.
    pub fn plain(&self) -> String {
        let mut out = format!("{}\n\n", self.greeting);
        for paragraph in &self.paragraphs {
            push_lines(&mut out, "", &wrapped(paragraph));
            out.push('\n');
        }
        push_lines(&mut out, "", std::slice::from_ref(&self.closing));
        if !self.signature.is_empty() {
            out.push_str("-- \n");
            push_lines(&mut out, "", &self.signature);
        }
        if let Some(quote) = &self.quote {
            out.push_str(&quote.plain());
        }
        out
    }

    /// The body as an HTML document; with `entities`, accents are written as named entities.
    pub fn html(&self, entities: bool) -> String {
        let text = |line: &str| encode::html_text(line, entities);
        let mut out = String::from(HTML_HEAD);
        let paragraphs = self
            .paragraphs
            .iter()
            .map(|paragraph| wrapped(paragraph).join("\n"));
        for paragraph in std::iter::once(self.greeting.clone()).chain(paragraphs) {
            out.push_str(&format!("<p>{}</p>\n", text(&paragraph)));
        }
        let sign_off: Vec<String> = std::iter::once(&self.closing)
            .chain(&self.signature)
            .map(|line| text(line))
            .collect();
        out.push_str(&format!("<p>{}</p>\n", sign_off.join("<br>\n")));
        if let Some(quote) = &self.quote {
            out.push_str(&quote.html(entities));
        }
        out.push_str("</body></html>\n");
        out
    }

    /// The opening of the body, wrapped, as a reply would quote it.
    pub fn excerpt(&self) -> Vec<String> {
        let mut lines = vec![self.greeting.clone(), String::new()];
        for paragraph in self.paragraphs.iter().take(2) {
            lines.extend(wrapped(paragraph));
            lines.push(String::new());
        }
        lines.truncate(EXCERPT_LINES);
        lines
    }
}

/// Appends each line after `prefix`, ending it with LF.
fn push_lines(out: &mut String, prefix: &str, lines: &[String]) {
    for line in lines {
        out.push_str(prefix);
        out.push_str(line);
        out.push('\n');
    }
}

/// The paragraph cut into lines of at most [`WRAP_COLUMN`] characters (longer words alone).
fn wrapped(paragraph: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut width = 0;
    for word in paragraph.split(' ') {
        let length = word.chars().count();
        match lines.last_mut() {
            Some(line) if width + 1 + length <= WRAP_COLUMN => {
                line.push(' ');
                line.push_str(word);
                width += 1 + length;
            }
            _ => {
                lines.push(word.to_string());
                width = length;
            }
        }
    }
    lines
}

/// Signature lines: name, role and phone; a mobile tag line; or nothing.
fn signature(rng: &mut Rng, language: Language, sender: &str) -> Vec<String> {
    let (roles, mobile) = match language {
        Language::French => (words::FRENCH_ROLES, "Envoyé de mon iPhone"),
        Language::English => (words::ENGLISH_ROLES, "Sent from my iPhone"),
    };
    match rng.u8(..20) {
        0..=12 => vec![
            sender.to_string(),
            pick(rng, roles).to_string(),
            phone(rng, language),
        ],
        13..=15 => vec![mobile.to_string()],
        _ => Vec::new(),
    }
}

/// A phone line: a French mobile, or a London number from the range reserved for fiction.
fn phone(rng: &mut Rng, language: Language) -> String {
    match language {
        Language::French => {
            let pairs: Vec<String> = (0..4).map(|_| format!("{:02}", rng.u8(..100))).collect();
            format!("Tél : +33 6 {}", pairs.join(" "))
        }
        Language::English => format!("Tel: +44 20 7946 0{:03}", rng.u16(..1000)),
    }
}

/// A number as written in mail: a year, a time, a count or a percentage.
fn number(rng: &mut Rng, language: Language) -> String {
    match (rng.u8(..4), language) {
        (0, _) => rng.u16(2015..=2017).to_string(),
        (1, Language::French) => format!("{}h{:02}", rng.u8(8..=21), rng.u8(..4) * 15),
        (1, Language::English) => format!("{}pm", rng.u8(1..=9)),
        (2, _) => format!("{}%", rng.u8(1..=99)),
        _ => rng.u16(2..=500).to_string(),
    }
}

/// End punctuation, with the French space before `?` and `!`.
fn ending(rng: &mut Rng, language: Language) -> &'static str {
    match (rng.u8(..20), language) {
        (0 | 1, Language::French) => " ?",
        (0 | 1, Language::English) => "?",
        (2, Language::French) => " !",
        (2, Language::English) => "!",
        _ => ".",
    }
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// Greetings of a language.
fn greetings(language: Language) -> &'static [&'static str] {
    match language {
        Language::French => words::FRENCH_GREETINGS,
        Language::English => words::ENGLISH_GREETINGS,
    }
}

/// Sign-offs of a language.
fn closings(language: Language) -> &'static [&'static str] {
    match language {
        Language::French => words::FRENCH_CLOSINGS,
        Language::English => words::ENGLISH_CLOSINGS,
    }
}

/// A uniformly chosen item of a non-empty list.
pub fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}
