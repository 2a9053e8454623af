//! MIME structure: the mix of body encodings found in a real dump, multipart containers, and
//! their serialisation (LF line ends; the caller converts to CRLF).

use fastrand::Rng;

use crate::encode::{self, Charset};
use crate::text::Body;

/// A Content-Transfer-Encoding.
#[derive(Clone, Copy)]
pub enum Transfer {
    /// Raw 8-bit text.
    EightBit,
    /// Quoted-printable.
    QuotedPrintable,
    /// Base64 in 76-character lines.
    Base64,
}

impl Transfer {
    /// The header value.
    fn label(self) -> &'static str {
        match self {
            Transfer::EightBit => "8bit",
            Transfer::QuotedPrintable => "quoted-printable",
            Transfer::Base64 => "base64",
        }
    }

    /// The content encoded for transfer.
    pub fn apply(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Transfer::EightBit => bytes.to_vec(),
            Transfer::QuotedPrintable => encode::quoted_printable(bytes),
            Transfer::Base64 => encode::base64_lines(bytes),
        }
    }
}

/// One MIME entity with content (text or attachment).
pub struct Leaf {
    /// Full Content-Type value, parameters included.
    pub content_type: String,
    /// How `data` is encoded.
    pub transfer: Transfer,
    /// Content-Disposition value, for attachments.
    pub disposition: Option<String>,
    /// The encoded content, ending with LF.
    pub data: Vec<u8>,
}

/// A MIME entity: content, or a multipart container.
pub enum Part {
    /// A content entity.
    Leaf(Leaf),
    /// A container.
    Multipart(Multipart),
}

/// `multipart/<subtype>`: parts between boundary lines.
pub struct Multipart {
    /// `alternative` or `mixed`.
    subtype: &'static str,
    /// The boundary string (random, so it never occurs in content).
    boundary: String,
    /// The contained entities.
    parts: Vec<Part>,
}

impl Part {
    /// A multipart container with a fresh boundary.
    pub fn multipart(rng: &mut Rng, subtype: &'static str, parts: Vec<Part>) -> Part {
        let boundary = format!(
            "----=_NextPart_{:012X}.{:08X}",
            rng.u64(..1 << 48),
            rng.u32(..)
        );
        Part::Multipart(Multipart {
            subtype,
            boundary,
            parts,
        })
    }

    /// Appends the MIME headers, a blank line and the content.
    pub fn write(&self, out: &mut Vec<u8>) {
        match self {
            Part::Leaf(leaf) => leaf.write(out),
            Part::Multipart(multipart) => multipart.write(out),
        }
    }
}

impl Multipart {
    /// Appends the Content-Type with the boundary, a preamble, each part after a boundary
    /// line, and the closing boundary.
    fn write(&self, out: &mut Vec<u8>) {
        let (subtype, boundary) = (self.subtype, &self.boundary);
        let header = format!("Content-Type: multipart/{subtype};\n\tboundary=\"{boundary}\"\n\n");
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(b"This is a multi-part message in MIME format.\n");
        for part in &self.parts {
            out.extend_from_slice(format!("\n--{boundary}\n").as_bytes());
            part.write(out);
        }
        out.extend_from_slice(format!("\n--{boundary}--\n").as_bytes());
    }
}

impl Leaf {
    /// Appends Content-Type, Content-Transfer-Encoding, Content-Disposition, a blank line and
    /// the data.
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("Content-Type: {}\n", self.content_type).as_bytes());
        out.extend_from_slice(
            format!("Content-Transfer-Encoding: {}\n", self.transfer.label()).as_bytes(),
        );
        if let Some(disposition) = &self.disposition {
            out.extend_from_slice(format!("Content-Disposition: {disposition}\n").as_bytes());
        }
        out.push(b'\n');
        out.extend_from_slice(&self.data);
    }
}

/// How a message's text is packaged; [`TextKind::random`] gives the proportions.
#[derive(Clone, Copy)]
pub enum TextKind {
    /// text/plain in a charset and transfer encoding.
    Plain(Charset, Transfer),
    /// multipart/alternative: plain and HTML versions, both quoted-printable UTF-8.
    Alternative,
    /// text/html only, 8bit UTF-8.
    HtmlOnly,
}

impl TextKind {
    /// A kind drawn with the proportions of a real dump: plain UTF-8 8bit 45%, latin-1
    /// quoted-printable 15%, UTF-8 base64 10%, UTF-8 quoted-printable 5%, alternative 20%,
    /// HTML only 5%.
    pub fn random(rng: &mut Rng) -> TextKind {
        match rng.u8(..100) {
            0..=44 => TextKind::Plain(Charset::Utf8, Transfer::EightBit),
            45..=59 => TextKind::Plain(Charset::Latin1, Transfer::QuotedPrintable),
            60..=69 => TextKind::Plain(Charset::Utf8, Transfer::Base64),
            70..=89 => TextKind::Alternative,
            90..=94 => TextKind::HtmlOnly,
            _ => TextKind::Plain(Charset::Utf8, Transfer::QuotedPrintable),
        }
    }
}

/// The MIME entity carrying a body in the given kind; HTML sometimes uses named entities.
pub fn text_part(rng: &mut Rng, kind: TextKind, body: &Body) -> Part {
    let quoted = Transfer::QuotedPrintable;
    match kind {
        TextKind::Plain(charset, transfer) => text_leaf("plain", &body.plain(), charset, transfer),
        TextKind::Alternative => {
            let plain = text_leaf("plain", &body.plain(), Charset::Utf8, quoted);
            let html = text_leaf("html", &body.html(rng.u8(..3) == 0), Charset::Utf8, quoted);
            Part::multipart(rng, "alternative", vec![plain, html])
        }
        TextKind::HtmlOnly => text_leaf(
            "html",
            &body.html(rng.bool()),
            Charset::Utf8,
            Transfer::EightBit,
        ),
    }
}

/// A `text/<subtype>` entity holding `text` in `charset`, encoded for transfer.
fn text_leaf(subtype: &str, text: &str, charset: Charset, transfer: Transfer) -> Part {
    Part::Leaf(Leaf {
        content_type: format!("text/{subtype}; charset={}", charset.label().to_lowercase()),
        transfer,
        disposition: None,
        data: transfer.apply(&charset.encode(text)),
    })
}
