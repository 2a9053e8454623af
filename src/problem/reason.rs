//! Why something was not read, or only partly: every reason the readers of the sources give
//! (archives, attachments' text, the indexing pipeline), one variant each. Its `Display` is the
//! text users read in `trawl index`'s report, `trawl failures` and the ledger.
//!
//! Texts that a room outside these words itself (a message's damage notes, a file's sniffed
//! kind) are carried as they are, each in a variant naming where it comes from.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a file, an archive's member, a message or an attachment's text was not read, or only
/// partly. Written as its text (in the ledger and in JSON); read back from the ledger as
/// [`Reason::Recorded`], the text it was recorded with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// A reason read back from the ledger: the text it was written with.
    #[error("{0}")]
    Recorded(String),

    // --- I/O and crates' own errors
    /// An I/O error, in the system's words.
    #[error("{0}")]
    Io(String),
    /// An archive crate's error, in its words.
    #[error("{0}")]
    Decoder(String),
    /// A file that could not be opened or read at all.
    #[error("unreadable: {0}")]
    Unreadable(String),
    /// The bytes from the problem's offset on could not be read.
    #[error("unreadable from this offset on: {0}")]
    UnreadableFrom(Box<Reason>),

    // --- what other rooms say, as they word it
    /// Why the walk of the paths could not go on at a path, in walkdir's words.
    #[error("{0}")]
    Walk(String),
    /// A symbolic link back to a directory it is in.
    #[error("symlink loop back to {0}")]
    SymlinkLoop(String),
    /// A file whose name is not UTF-8.
    #[error("file name is not valid UTF-8; rename it to index it")]
    FileNameNotUtf8,
    /// A file whose path holds the archive separator.
    #[error(
        "path holds `!/`, which trawl reserves for members of archives; rename the directory \
         to index it"
    )]
    PathHoldsSeparator,
    /// Why a file's first bytes show nothing to index (see `sniff`).
    #[error("{0}")]
    Sniffed(&'static str),
    /// Why an Outlook `.msg` is no message (see `mailstore::msg`).
    #[error("{0}")]
    Msg(String),
    /// A message indexed from a degraded parse, and how (see `message`).
    #[error("{0}")]
    Damage(String),
    /// What a message left unread past its limits (see `message`), each said.
    #[error("{}", .0.join("; "))]
    Limits(Vec<String>),

    // --- files and messages (the pipeline)
    /// An OLE compound file that holds no MAPI property.
    #[error(
        "OLE compound file with no MAPI properties (not an Outlook item: a Word or Excel file?)"
    )]
    NotOutlook,
    /// An OLE compound file that cannot be opened, not named `.msg`.
    #[error("binary content: an OLE compound file that cannot be opened ({0})")]
    CompoundUnreadable(String),
    /// A PST/OST store found inside an archive.
    #[error(
        "Outlook PST/OST store inside an archive: not read (a store needs random access; \
         unpack it and index the .pst)"
    )]
    PstInArchive,
    /// An archive where the reader does not open one.
    #[error("archive where none is opened")]
    ArchiveNotOpened,
    /// A PST/OST store that could not be opened or walked.
    #[error("Outlook PST/OST store unreadable: {0}")]
    StoreUnreadable(Box<Reason>),
    /// An archive's member past the message-size limit, read up to `mb` MB.
    #[error("member larger than --max-message-size ({mb} MB): indexed up to there")]
    MemberTooLarge {
        /// Megabytes read.
        mb: u64,
    },
    /// A parser panicked on the message (caught).
    #[error("parser panicked: {0}")]
    ParserPanicked(String),
    /// An mbox message whose body holds a line like another message's envelope at byte `at`
    /// of the file, followed by header lines.
    #[error(
        "probably two messages merged: the body line at byte {at} reads like another \
         message's envelope, header lines follow it ({line:?})"
    )]
    Merged {
        /// The line's offset in the file.
        at: u64,
        /// Its first bytes.
        line: String,
    },
    /// The email at an attachment's location no longer has that attachment.
    #[error("the email there no longer has this attachment")]
    AttachmentGone,
    /// A document read again during the run is not the one read first.
    #[error("source changed since it was read in this run")]
    SourceChanged,
    /// A location's bytes could not be read back (the library's error, spelled out).
    #[error("{0}")]
    ReadBack(String),
    /// The index writer refused a document.
    #[error("{0}")]
    Index(String),

    // --- archives
    /// An archive crate panicked on the bytes (caught).
    #[error("the archive reader failed on these bytes (a panic, caught)")]
    ArchivePanicked,
    /// An archive that could not be listed at all.
    #[error("cannot be read as {format}: {error}")]
    ArchiveUnreadable {
        /// The archive's format (`zip`, `tar`...).
        format: &'static str,
        /// What went wrong.
        error: Box<Reason>,
    },
    /// An archive that broke off after `entries` entries.
    #[error("damaged {format} after {entries} entries (the last `{last}`): {error}")]
    ArchiveDamaged {
        /// The archive's format.
        format: &'static str,
        /// Entries listed.
        entries: u64,
        /// The name of the last one.
        last: String,
        /// What went wrong.
        error: Box<Reason>,
    },
    /// An archive nested deeper than `--max-container-depth`.
    #[error("archive nested deeper than --max-container-depth ({depth}): not opened")]
    NestedTooDeep {
        /// The limit.
        depth: usize,
    },
    /// An archive with more members than `--max-container-members`.
    #[error(
        "container limit: more than {members} members (--max-container-members); the rest of \
         this archive is not read"
    )]
    TooManyMembers {
        /// The limit.
        members: u64,
    },
    /// An archive that decompressed past its budget.
    #[error(
        "container limit: {mb} MB decompressed ({flag}); this member was read only up to \
         there, and the rest of the archive is not read"
    )]
    ContainerBudget {
        /// The budget, in MB.
        mb: u64,
        /// The flag that set it.
        flag: &'static str,
    },
    /// A nested zip or 7z larger than the message-size limit (it is read into memory).
    #[error(
        "a nested zip or 7z is read into memory, and this one is larger than \
         --max-message-size ({mb} MB)"
    )]
    NestedTooLarge {
        /// The limit, in MB.
        mb: usize,
    },
    /// A link member: never followed.
    #[error("link member, not followed")]
    LinkMember,
    /// A member with an empty name.
    #[error("member with an empty name")]
    EmptyMemberName,
    /// A member whose name holds the archive separator.
    #[error("member name holds `!/`, trawl's archive separator")]
    SeparatorInName,
    /// A mail store's bookkeeping file.
    #[error("mail-store metadata, holds no mail")]
    StoreMetadata,
    /// A second member of the same name.
    #[error("duplicate member name: only the first member of this name is read")]
    DuplicateMember,
    /// A member whose name is not UTF-8.
    #[error("member name is not valid UTF-8")]
    NameNotUtf8,
    /// A file in a maildir's `tmp/`.
    #[error("in a maildir's tmp/: a message still being delivered")]
    MaildirTmp,
    /// A tar entry of a type that holds no file (device, FIFO...).
    #[error("tar entry of type {0}")]
    TarEntryType(String),
    /// A zip member the crate cannot read (an unsupported method...).
    #[error("zip member not readable: {0}")]
    ZipMemberUnreadable(String),
    /// A 7z anti-item.
    #[error("7z anti-item (a deletion record)")]
    SevenZAntiItem,
    /// A 7z whose headers do not fit the archive or the limits.
    #[error(transparent)]
    SevenZHeader(#[from] SevenZHeader),
    /// A path read back that is not inside an archive.
    #[error("not a path inside an archive")]
    NotInArchive,
    /// A path read back that names no member.
    #[error("no member named")]
    NoMemberNamed,
    /// The archive read back no longer holds the member.
    #[error("the archive no longer holds `{0}`")]
    MemberGone(String),
    /// The file (or member) read back is no longer an archive.
    #[error("{0} is no longer an archive")]
    NoLongerArchive(String),
    /// A member read back holds fewer bytes than when indexed.
    #[error("member is shorter than when indexed ({read} of {expected} bytes)")]
    MemberShorter {
        /// Bytes there.
        read: u64,
        /// Bytes the span needs.
        expected: u64,
    },

    // --- Outlook PST/OST stores
    /// The PST crate panicked on the store's bytes (caught).
    #[error("the PST reader failed on these bytes (a panic, caught)")]
    PstPanicked,
    /// A path read back that is not inside a store.
    #[error("not a path inside a PST store")]
    NotInStore,
    /// A path read back whose last part is no node id.
    #[error("the path names no message node")]
    NoMessageNode,
    /// A message node the crate cannot load.
    #[error("PST message node {node}: {error}")]
    PstMessage {
        /// The node id.
        node: u32,
        /// The crate's error.
        error: String,
    },
    /// The crate panicked on a message node (caught).
    #[error("PST message node {0}: the PST reader failed on it (a panic, caught)")]
    PstMessagePanicked(u32),
    /// The store's folder tree cannot be opened.
    #[error("PST folders unreadable: {0}")]
    PstFolders(String),
    /// A folder node the crate cannot open.
    #[error("PST folder node {node} unreadable: {error}")]
    PstFolderNode {
        /// The node id.
        node: u32,
        /// The crate's error.
        error: String,
    },
    /// A folder whose contents table lists fewer messages than it states.
    #[error(
        "PST folder states {stated} messages, its contents table gives {listed}: the others \
         cannot be read"
    )]
    PstFolderShort {
        /// Messages the folder states.
        stated: usize,
        /// Messages its table lists.
        listed: usize,
    },
    /// A folder stating sub-folders whose table cannot be read.
    #[error("PST folder has sub-folders, but their table cannot be read")]
    PstSubFolders,

    // --- attachments' text
    /// The attachment's reader panicked (caught).
    #[error("the file could not be read (its reader gave up: {0})")]
    ReaderGaveUp(String),
    /// Text past the limit per attachment.
    #[error("text read up to the limit per attachment")]
    TextLimit,
    /// An RTF the parser refused.
    #[error("damaged RTF: {0}")]
    DamagedRtf(String),
    /// Too many earlier readers still run past their time.
    #[error("not read: {0} earlier attachments still run past the time limit")]
    RunawayReaders(usize),
    /// No thread could be started for the reader.
    #[error("not read: no thread to read it on ({0})")]
    NoThread(String),
    /// The reader took longer than `--max-extract-seconds`.
    #[error(
        "not read: took longer than the {} s allowed per attachment (--max-extract-seconds)",
        .0.as_secs_f32()
    )]
    TookTooLong(Duration),
    /// A PDF whose streams would inflate past `mb` MB.
    #[error("not read: its streams would inflate past {0} MB (a compression bomb?)")]
    PdfBomb(u64),
    /// A PDF pdf-extract must not read, and why.
    #[error("not read: {0}")]
    PdfRefused(Box<Reason>),
    /// Forms drawing one another more than `0` times.
    #[error("its forms draw one another more than {0} times (a form bomb?)")]
    FormBomb(u64),
    /// Forms drawn inside one another deeper than `0`.
    #[error("forms drawn inside one another more than {0} deep (a form that draws itself?)")]
    FormsTooDeep(usize),
    /// A page tree deeper than `0`.
    #[error("page tree more than {0} levels deep (a page whose parents loop?)")]
    PageTreeTooDeep(usize),
    /// pdf-extract's error.
    #[error("unreadable PDF: {0}")]
    UnreadablePdf(String),
    /// An office file that is no readable zip.
    #[error("unreadable office file: {0}")]
    UnreadableOffice(String),
    /// An office file without the part holding its text.
    #[error("an office file without its document part")]
    NoDocumentPart,
    /// An office file whose part `part` cannot be read.
    #[error("damaged office file, {part}: {error}")]
    DamagedOffice {
        /// The part's name.
        part: String,
        /// The zip crate's error.
        error: String,
    },
    /// A spreadsheet calamine cannot open.
    #[error("unreadable spreadsheet: {0}")]
    UnreadableSheet(String),
    /// A zipped workbook whose parts would decompress to `0` bytes.
    #[error("not read: its parts would decompress to {0} bytes (a zip bomb?)")]
    SheetBomb(u64),
}

/// Why a 7z's headers are refused before sevenz-rust2 reads them (see
/// `container::sevenz_header`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SevenZHeader {
    /// The start header is all zeros.
    #[error("7z start header is blank (an archive whose writing was cut short)")]
    BlankStart,
    /// The next header lies past the archive's end.
    #[error(
        "7z header of {size} bytes declared at byte {offset} past the start header, beyond \
         the end of the archive ({len} bytes)"
    )]
    BeyondEnd {
        /// Its declared size.
        size: u64,
        /// Its declared offset.
        offset: u64,
        /// The archive's length.
        len: u64,
    },
    /// A count or size above its bound.
    #[error("{what} declares {value}, more than {limit} ({max})")]
    Declares {
        /// What declares it.
        what: &'static str,
        /// The value declared.
        value: u64,
        /// The bound's name: a flag, or why.
        limit: &'static str,
        /// The bound.
        max: u64,
    },
    /// Fewer bytes than needed at `at`.
    #[error("7z cut short: {len} bytes expected at byte {at}")]
    CutShortAt {
        /// Bytes expected.
        len: u64,
        /// Where.
        at: u64,
    },
    /// The header ends inside a field.
    #[error("7z header cut short")]
    CutShort,
    /// The header is neither a plain nor a compressed one.
    #[error("7z header missing")]
    Missing,
    /// A compressed header whose bytes are no header.
    #[error("7z compressed header does not hold a header")]
    CompressedHoldsNoHeader,
    /// A compressed header without its packed data.
    #[error("7z compressed header without its data")]
    CompressedWithoutData,
    /// A compressed header whose data lies past the archive's end.
    #[error("7z compressed header lies beyond the end of the archive")]
    CompressedBeyondEnd,
    /// A compressed header's method is not one trawl decompresses.
    #[error("7z header compressed with a method trawl does not read")]
    UnknownMethod,
    /// A compressed header that does not decompress.
    #[error("7z compressed header: {0}")]
    Decompress(String),
    /// A field id other than the one the format requires.
    #[error("7z header: {what} expected, byte {found:#04x} found")]
    Expected {
        /// What was expected.
        what: &'static str,
        /// The byte found.
        found: u8,
    },
    /// A block without its end marker.
    #[error("7z header: {0} not ended")]
    NotEnded(&'static str),
    /// Folders that read more packed streams than listed.
    #[error("7z header: folders read more packed streams than it lists")]
    MorePackedStreams,
    /// A folder with alternative coder methods.
    #[error("7z header: alternative coder methods")]
    AlternativeMethods,
    /// More entries with data than data streams.
    #[error("7z header: {with_data} entries with data, {streams} data streams")]
    MoreEntriesThanStreams {
        /// Entries with data.
        with_data: u64,
        /// Data streams.
        streams: u64,
    },
    /// A folder whose coders have no output.
    #[error("7z folder without output")]
    NoOutput,
    /// A folder binding more streams than its coders have.
    #[error("7z folder bindings")]
    Bindings,
    /// Names stored outside the header.
    #[error("7z entry names stored elsewhere")]
    NamesElsewhere,
    /// A name list that does not name every entry once.
    #[error("7z header: {names} names for {files} entries")]
    NameCount {
        /// Names found.
        names: u64,
        /// Entries.
        files: u64,
    },
}

impl Reason {
    /// Bytes that could not be read, so that the file is read again next time, changed or
    /// not: a file that could not be opened, or that broke off part-way.
    pub fn is_read_error(&self) -> bool {
        matches!(self, Reason::Unreadable(_) | Reason::UnreadableFrom(_))
    }
}

impl From<std::io::Error> for Reason {
    fn from(e: std::io::Error) -> Reason {
        Reason::Io(e.to_string())
    }
}

/// Written as its text.
impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Read back as [`Reason::Recorded`]: the text it was written with.
impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Reason, D::Error> {
        String::deserialize(d).map(Reason::Recorded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_written_as_its_text_and_read_back_as_that_text() {
        let reason = Reason::UnreadableFrom(Box::new(Reason::ArchiveUnreadable {
            format: "zip",
            error: Box::new(Reason::Decoder("invalid Zip archive".into())),
        }));
        let text = "unreadable from this offset on: cannot be read as zip: invalid Zip archive";
        assert_eq!(reason.to_string(), text);
        let json = serde_json::to_string(&reason).unwrap_or_default();
        assert_eq!(json, format!("{text:?}"));
        let back: Option<Reason> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(Reason::Recorded(text.into())));
        assert!(reason.is_read_error());
        assert!(!Reason::Recorded(text.into()).is_read_error());
    }

    /// The texts users read in `trawl index`'s report and `trawl failures`, for the variants
    /// whose text is made of several parts.
    #[test]
    fn reasons_read_as_users_read_them() {
        let cases = [
            (
                Reason::ContainerBudget {
                    mb: 4096,
                    flag: "--max-container-size",
                },
                "container limit: 4096 MB decompressed (--max-container-size); this member was \
                 read only up to there, and the rest of the archive is not read",
            ),
            (
                Reason::TooManyMembers { members: 2 },
                "container limit: more than 2 members (--max-container-members); the rest of \
                 this archive is not read",
            ),
            (
                Reason::NestedTooDeep { depth: 2 },
                "archive nested deeper than --max-container-depth (2): not opened",
            ),
            (
                Reason::ArchiveDamaged {
                    format: "tar",
                    entries: 3,
                    last: "b.eml".into(),
                    error: Box::new(Reason::Io("unexpected EOF".into())),
                },
                "damaged tar after 3 entries (the last `b.eml`): unexpected EOF",
            ),
            (
                Reason::MemberTooLarge { mb: 256 },
                "member larger than --max-message-size (256 MB): indexed up to there",
            ),
            (
                Reason::PstInArchive,
                "Outlook PST/OST store inside an archive: not read (a store needs random access; \
                 unpack it and index the .pst)",
            ),
            (
                Reason::Merged {
                    at: 71,
                    line: "From bob@x.org sometime in 2001".into(),
                },
                "probably two messages merged: the body line at byte 71 reads like another \
                 message's envelope, header lines follow it (\"From bob@x.org sometime in 2001\")",
            ),
            (
                Reason::TookTooLong(Duration::from_millis(2500)),
                "not read: took longer than the 2.5 s allowed per attachment \
                 (--max-extract-seconds)",
            ),
            (
                Reason::PdfRefused(Box::new(Reason::FormsTooDeep(32))),
                "not read: forms drawn inside one another more than 32 deep (a form that draws \
                 itself?)",
            ),
            (Reason::Limits(vec!["one".into(), "two".into()]), "one; two"),
            (
                SevenZHeader::Declares {
                    what: "7z entries",
                    value: 9,
                    limit: "--max-container-members",
                    max: 2,
                }
                .into(),
                "7z entries declares 9, more than --max-container-members (2)",
            ),
            (
                SevenZHeader::Expected {
                    what: "folders",
                    found: 0x0b,
                }
                .into(),
                "7z header: folders expected, byte 0x0b found",
            ),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
        }
    }
}
