//! The one table of searchable fields.
//!
//! Like notmuch's prefix table, [`TABLE`] drives three things at once: the tantivy schema
//! ([`crate::index::schema`]), the query prefixes the parser accepts ([`by_prefix`]) and the help
//! text of `trawl search --help` ([`help_text`]). Adding a field means adding one row here.

/// How a field is indexed and queried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Tokenized text, case- and accent-folded, with positions for phrases.
    Text,
    /// Running text: like [`FieldKind::Text`], and a query word also finds the other forms
    /// of it (same French or English stem) unless written `=word` or inside a phrase.
    Prose,
    /// Mailboxes: folded text of display names and addresses, plus an exact-address companion
    /// field (`<name>_addr`) so that `from:a@b.c` matches that address and nothing longer.
    Address,
    /// One exact token per value (ids, kinds).
    Keyword,
    /// One exact token per value (lower-cased, or normalised as [`crate::entities`] writes its
    /// kind), also kept as a fast column so that results can be counted by value
    /// (`trawl facets`).
    Label,
    /// A point in time (seconds since the epoch, UTC): range queries and sorting.
    Date,
    /// A size in bytes: range queries (`size:1M..`) and sorting.
    Size,
    /// Raw headers: each word of a value indexed with its header's name
    /// (`x-mailer:outlook`), so that `header:X-Mailer:outlook` finds it; encoded data by
    /// fingerprint only ([`crate::analysis::header`]).
    Header,
    /// Not in the tantivy index: a set of documents read from a table kept beside it
    /// (conversations, tags), which can change without re-indexing a document.
    Table,
}

/// One searchable field.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldDef {
    /// Name of the tantivy field.
    pub name: &'static str,
    /// The query prefix (`from` in `from:moreau`), if the field can be named in a query.
    pub prefix: Option<&'static str>,
    /// How it is indexed.
    pub kind: FieldKind,
    /// Whether a bare word (no prefix) searches this field.
    pub free_text: bool,
    /// One line for the help text.
    pub help: &'static str,
}

/// Every searchable field, in the order the help text lists them.
pub const TABLE: &[FieldDef] = &[
    FieldDef {
        name: "from",
        prefix: Some("from"),
        kind: FieldKind::Address,
        free_text: true,
        help: "sender: a full address, or any word of the address or name (from:moreau)",
    },
    FieldDef {
        name: "to",
        prefix: Some("to"),
        kind: FieldKind::Address,
        free_text: true,
        help: "recipient (To), same matching as from:",
    },
    FieldDef {
        name: "cc",
        prefix: Some("cc"),
        kind: FieldKind::Address,
        free_text: true,
        help: "carbon-copy recipient (Cc)",
    },
    FieldDef {
        name: "bcc",
        prefix: Some("bcc"),
        kind: FieldKind::Address,
        free_text: true,
        help: "blind-copy recipient (Bcc), when the dump kept it",
    },
    FieldDef {
        name: "subject",
        prefix: Some("subject"),
        kind: FieldKind::Prose,
        free_text: true,
        help: "subject of an email, title of an article",
    },
    FieldDef {
        name: "body",
        prefix: Some("body"),
        kind: FieldKind::Prose,
        free_text: true,
        help: "message text (an email's own and quoted text), forwarded messages included; article text",
    },
    FieldDef {
        name: "own",
        prefix: Some("own"),
        kind: FieldKind::Prose,
        free_text: false,
        help: "an email's own text: what its sender wrote, without > lines, attributions, reply and forwarded blocks or signature (own:\"a phrase\")",
    },
    FieldDef {
        name: "quoted",
        prefix: Some("quoted"),
        kind: FieldKind::Prose,
        free_text: false,
        help: "the text an email quotes: > lines, attributions (On ... wrote:), reply and forwarded blocks, signature",
    },
    FieldDef {
        name: "attachment",
        prefix: Some("attachment"),
        kind: FieldKind::Text,
        free_text: true,
        help: "attachment file name (attachment:budget, attachment:pdf)",
    },
    FieldDef {
        name: "attachment_hash",
        prefix: Some("attachment-hash"),
        kind: FieldKind::Keyword,
        free_text: false,
        help: "SHA256 (hex, as show and --json give it): every email carrying that very file, and the file itself",
    },
    FieldDef {
        name: "attachment_text",
        prefix: None,
        kind: FieldKind::Prose,
        free_text: true,
        help: "text of attachments: PDF, office documents, spreadsheets, RTF, HTML, text (searched by bare words)",
    },
    FieldDef {
        name: "message_id",
        prefix: Some("id"),
        kind: FieldKind::Keyword,
        free_text: false,
        help: "Message-ID, with or without angle brackets",
    },
    FieldDef {
        name: "kind",
        prefix: Some("kind"),
        kind: FieldKind::Keyword,
        free_text: false,
        help: "email, article or attachment; under kind:email bare words search an email's text, not its attachments'",
    },
    FieldDef {
        name: "path",
        prefix: Some("path"),
        kind: FieldKind::Text,
        free_text: false,
        help: "a file the message was found in: a word or a run of components (path:maildir/cur)",
    },
    FieldDef {
        name: "folder",
        prefix: Some("folder"),
        kind: FieldKind::Label,
        free_text: false,
        help: "mailbox a copy was found in: maildir folder, mbox file name, directory of an .eml, or folder of a PST",
    },
    FieldDef {
        name: "mimetype",
        prefix: Some("mimetype"),
        kind: FieldKind::Label,
        free_text: false,
        help: "MIME type of any part or attachment (mimetype:application/pdf, mimetype:text/html)",
    },
    FieldDef {
        name: "attachment_type",
        prefix: None,
        kind: FieldKind::Label,
        free_text: false,
        help: "MIME type of an attachment (for facets)",
    },
    FieldDef {
        name: "has",
        prefix: Some("has"),
        kind: FieldKind::Keyword,
        free_text: false,
        help: "attachment: messages with at least one attachment",
    },
    FieldDef {
        name: "domain",
        prefix: Some("domain"),
        kind: FieldKind::Label,
        free_text: false,
        help: "domain of the sender or of a recipient (domain:horizon-commun.example)",
    },
    FieldDef {
        name: "header",
        prefix: Some("header"),
        kind: FieldKind::Header,
        free_text: false,
        help: "Name:word: any other header (header:X-Mailer:outlook, header:Received:10.0.0.1, header:X-Spam-Flag: for any value); encoded data (signatures, base64 runs, ids) whole, rechecked in the source",
    },
    FieldDef {
        name: "lang",
        prefix: Some("lang"),
        kind: FieldKind::Label,
        free_text: false,
        help: "detected language, ISO 639-1 (lang:fr, lang:en...), or und when too short to tell",
    },
    FieldDef {
        name: "dkim",
        prefix: Some("dkim"),
        kind: FieldKind::Label,
        free_text: false,
        help: "an email's DKIM result: pass (a signature verifies), body-ok (a body hash matches, no key for the rest), fail, or none (unsigned)",
    },
    FieldDef {
        name: "dkim_domain",
        prefix: Some("dkim-domain"),
        kind: FieldKind::Keyword,
        free_text: false,
        help: "an email signed by that domain (d=), whatever the result; DOMAIN:pass (or :body-ok, :fail) for that domain's own result",
    },
    FieldDef {
        name: "mentions",
        prefix: Some("mentions"),
        kind: FieldKind::Label,
        free_text: false,
        help: "an email address written in the text or attachments, not only in headers (mentions:jean@example.org)",
    },
    FieldDef {
        name: "url",
        prefix: Some("url"),
        kind: FieldKind::Keyword,
        free_text: false,
        help: "domain of a link in the text, or a parent domain of it (url:lemonde.fr finds https://www.lemonde.fr/...)",
    },
    FieldDef {
        name: "url_domain",
        prefix: None,
        kind: FieldKind::Label,
        free_text: false,
        help: "host of a link in the text, www. dropped (for facets)",
    },
    FieldDef {
        name: "phone",
        prefix: Some("phone"),
        kind: FieldKind::Label,
        free_text: false,
        help: "phone number in the text, as E.164; any writing of it is read the same (phone:+33612345678, phone:\"06 12 34 56 78\")",
    },
    FieldDef {
        name: "iban",
        prefix: Some("iban"),
        kind: FieldKind::Label,
        free_text: false,
        help: "IBAN in the text whose check digits are right, spaces and case ignored (iban:FR7630006000011234567890189)",
    },
    FieldDef {
        name: "payment_card",
        prefix: Some("card"),
        kind: FieldKind::Label,
        free_text: false,
        help: "payment card number in the text whose issuer prefix, length and Luhn digit are right (card:4970101234567893)",
    },
    FieldDef {
        name: "siren",
        prefix: Some("siren"),
        kind: FieldKind::Label,
        free_text: false,
        help: "French company number: a SIREN or SIRET after the word SIREN, SIRET or RCS, or in a French VAT number (siren:552100554)",
    },
    FieldDef {
        name: "thread",
        prefix: Some("thread"),
        kind: FieldKind::Table,
        free_text: false,
        help: "ID: every email of the conversation of email ID (an id or unique prefix, as search prints)",
    },
    FieldDef {
        name: "doc",
        prefix: Some("doc"),
        kind: FieldKind::Table,
        free_text: false,
        help: "ID: the document with this trawl id, 32 hex digits as search prints them (doc:(ID1 OR ID2) for a selection)",
    },
    FieldDef {
        name: "tag",
        prefix: Some("tag"),
        kind: FieldKind::Table,
        free_text: false,
        help: "label: documents labelled with trawl tag +label (tag:urgent)",
    },
    FieldDef {
        name: "size",
        prefix: Some("size"),
        kind: FieldKind::Size,
        free_text: false,
        help: "A..B: a size in bytes, k, M or G (1k = 1024), either end optional (size:1M..)",
    },
    FieldDef {
        name: "date",
        prefix: Some("date"),
        kind: FieldKind::Date,
        free_text: false,
        help: "A..B: A and B as YYYY, YYYY-MM or YYYY-MM-DD, either end optional, inclusive, UTC",
    },
];

/// The fields an email's body is indexed in: its sender's own text and the text it quotes
/// ([`crate::quotes`]). An email's text is in these alone, not in `body` too (which would
/// index it twice): `body:` and bare words search them with `body`.
pub const BODY_PARTS: [&str; 2] = ["own", "quoted"];

/// The fields a query term on `def` searches: `def` itself, and for `body` the
/// [`BODY_PARTS`].
pub fn searched(def: &'static FieldDef) -> impl Iterator<Item = &'static FieldDef> {
    let parts = (def.name == "body")
        .then(|| TABLE.iter().filter(|f| BODY_PARTS.contains(&f.name)))
        .into_iter()
        .flatten();
    std::iter::once(def).chain(parts)
}

/// Internal field: the stable document id shown to users and accepted by `show`.
pub const DOCID: &str = "docid";
/// Internal field: the stored summary card (JSON) that results are rendered from.
pub const CARD: &str = "card";

/// Address fields whose exact companion is also a fast column, for `facets --by from|to` and
/// `--sort sender`; the others are only searched.
pub const FACETED_ADDRESSES: [&str; 2] = ["from", "to"];

/// Name of the exact-address companion of an [`FieldKind::Address`] field.
pub fn address_companion(name: &str) -> String {
    format!("{name}_addr")
}

/// Looks a query prefix up in the table.
pub fn by_prefix(prefix: &str) -> Option<&'static FieldDef> {
    TABLE.iter().find(|f| f.prefix == Some(prefix))
}

/// The fields a bare word searches.
pub fn free_text_fields() -> impl Iterator<Item = &'static FieldDef> {
    TABLE.iter().filter(|f| f.free_text)
}

/// The known prefixes, comma-separated, for error messages.
pub fn prefix_list() -> String {
    TABLE
        .iter()
        .filter_map(|f| f.prefix)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The field section of the query help, one prefix per line: `prefix:` in a column as wide
/// as the longest, then its help (which never repeats the prefix).
pub fn help_text() -> String {
    let prefixes = || TABLE.iter().filter_map(|f| Some((f.prefix?, f.help)));
    let width = prefixes().map(|(p, _)| p.len() + 1).max().unwrap_or(0);
    prefixes()
        .map(|(p, help)| format!("  {:<width$}  {help}\n", format!("{p}:")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_unique() {
        let mut seen: Vec<&str> = TABLE.iter().filter_map(|f| f.prefix).collect();
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), n);
    }

    #[test]
    fn help_names_every_prefix() {
        let help = help_text();
        for p in TABLE.iter().filter_map(|f| f.prefix) {
            assert!(help.contains(&format!("{p}:")), "{p} missing from help");
        }
    }

    /// Each line is `  prefix:`, two spaces at least, then help that does not start with
    /// the prefix again (`attachment-hash:attachment-hash:SHA256` read as one word).
    #[test]
    fn help_lines_name_each_prefix_once() {
        let help = help_text();
        let lines: Vec<&str> = help.lines().collect();
        let prefixed: Vec<&FieldDef> = TABLE.iter().filter(|f| f.prefix.is_some()).collect();
        assert_eq!(lines.len(), prefixed.len());
        for (line, field) in lines.iter().zip(prefixed) {
            let name = format!("{}:", field.prefix.unwrap_or_default());
            let rest = line.strip_prefix(&format!("  {name}")).unwrap_or_default();
            assert!(rest.starts_with("  "), "{line:?}");
            assert!(!rest.trim_start().starts_with(&name), "{line:?}");
            assert_eq!(rest.trim_start(), field.help, "{line:?}");
        }
    }

    #[test]
    fn lookup() {
        assert_eq!(by_prefix("id").map(|f| f.name), Some("message_id"));
        assert!(by_prefix("nope").is_none());
    }

    #[test]
    fn body_also_searches_an_emails_own_and_quoted_text() {
        let names = |prefix| by_prefix(prefix).map(|d| searched(d).map(|f| f.name).collect());
        assert_eq!(names("body"), Some(vec!["body", "own", "quoted"]));
        assert_eq!(names("own"), Some(vec!["own"]));
        assert_eq!(names("subject"), Some(vec!["subject"]));
    }
}
