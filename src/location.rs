//! Where things are in the sources, the types every layer shares: a [`Location`] (a byte range
//! of a file, or of an archive's member, or a PST message, and how to read it back), the
//! [`SEPARATOR`] of a location path inside an archive (`archive.zip!/member`).
//!
//! They sit at the bottom of the library so that the rooms that find sources (`discover`,
//! `container`, `mailstore`), the index that stores them and the pipeline can all name them
//! without reaching into one another.

use serde::{Deserialize, Serialize};

/// Between an archive's path and a member's path inside it.
pub const SEPARATOR: &str = "!/";

/// How the bytes at a location are stored, which decides how they are read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A message inside an mbox file (mboxrd quoting to undo).
    Mbox,
    /// A file holding one message.
    Message,
    /// A plain-text article file.
    Text,
    /// An HTML article file.
    Html,
    /// The message inside an Apple Mail `.emlx` file: the location is the message's own span,
    /// after the byte-count line and before the property list.
    Emlx,
    /// An Outlook `.msg` file (OLE compound file of MAPI properties): the location is the
    /// whole file, which is read back and parsed again by [`crate::mailstore::msg`].
    Msg,
    /// A message of an Outlook PST/OST store, rebuilt as MIME by [`crate::mailstore::pst`]: the
    /// location is `STORE!/FOLDER/.../NODE-ID`, offset 0, length the rebuilt message's size,
    /// read back by rebuilding it again; parsed like [`Format::Message`].
    Pst,
}

/// One place a document was found: a byte range of a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Absolute path of the file.
    pub path: String,
    /// Offset of the first byte of the message in the file.
    pub offset: u64,
    /// Length in bytes, as stored in the file (mboxrd quoting included).
    pub length: u64,
    /// How to read those bytes back.
    pub format: Format,
    /// For an attachment's document: which attachment of the email at these bytes it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Part>,
}

/// Which attachment of which email a location holds. An attachment's document is found where
/// its emails are: each of its locations is an email's location plus this.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Part {
    /// The email's document id.
    pub email: String,
    /// The attachment's number in that email, from 1, as `show` lists them and
    /// `trawl attachment` takes them.
    pub number: usize,
}

impl Location {
    /// The email's location this attachment location is in (itself for an email's).
    pub fn email(&self) -> Location {
        Location {
            attachment: None,
            ..self.clone()
        }
    }

    /// The mailbox this copy sits in, lower-cased: the maildir folder (`inbox` for
    /// `.../Inbox/cur/x`), the mbox file's name without extension, the Apple Mail mailbox of
    /// an `.emlx` (`inbox` for `.../INBOX.mbox/.../Messages/1.emlx`), or the directory of a
    /// file holding one message (an MH folder, a folder of `.eml` or `.msg` files), or the
    /// folder of a PST message (`projets` for `store.pst!/Inbox/Projets/2097188`; the store's
    /// file name for a message at its top).
    ///
    /// Inside an archive the member's path counts the same way; a member at the archive's top
    /// is in the folder named after the archive's file (`dump.zip` for `dump.zip!/m.eml`).
    pub fn folder(&self) -> Option<String> {
        let (archive, inner) = match self.path.rsplit_once(SEPARATOR) {
            Some((archive, inner)) => (Some(archive), inner),
            None => (None, self.path.as_str()),
        };
        let path = std::path::Path::new(inner);
        let name = |p: &std::path::Path| p.file_name().map(|n| n.to_string_lossy().to_lowercase());
        let top = || archive.and_then(|a| name(std::path::Path::new(a)));
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        match (self.format, parent) {
            (Format::Mbox, _) => path.file_stem().map(|n| n.to_string_lossy().to_lowercase()),
            (Format::Emlx, parent) => apple_mailbox(path)
                .or_else(|| parent.and_then(name))
                .or_else(top),
            (Format::Pst, parent) => parent.and_then(name).or_else(top),
            (_, None) => top(),
            (_, Some(parent)) if matches!(name(parent).as_deref(), Some("cur" | "new")) => {
                parent.parent().and_then(name).or_else(top)
            }
            (_, Some(parent)) => name(parent),
        }
    }
}

/// The stem of the nearest `NAME.mbox` (or `NAME.imapmbox`) directory above an Apple Mail
/// message, lower-cased: the mailbox Apple Mail shows it in.
fn apple_mailbox(path: &std::path::Path) -> Option<String> {
    path.ancestors().skip(1).find_map(|dir| {
        let dir_name = dir.file_name()?.to_string_lossy();
        let (stem, extension) = dir_name.rsplit_once('.')?;
        let is_mailbox = matches!(extension, "mbox" | "imapmbox") && !stem.is_empty();
        is_mailbox.then(|| stem.to_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &str, format: Format) -> Option<String> {
        let loc = Location {
            path: path.into(),
            offset: 0,
            length: 1,
            format,
            attachment: None,
        };
        loc.folder()
    }

    #[test]
    fn folders_on_disk_and_inside_archives() {
        assert_eq!(
            folder("/d/Inbox/cur/1", Format::Message).as_deref(),
            Some("inbox")
        );
        assert_eq!(
            folder("/d/Sent.mbox", Format::Mbox).as_deref(),
            Some("sent")
        );
        assert_eq!(folder("/d/x.eml", Format::Message).as_deref(), Some("d"));
        let zip = "/d/Leak.zip!/";
        assert_eq!(
            folder(&format!("{zip}m.eml"), Format::Message).as_deref(),
            Some("leak.zip")
        );
        assert_eq!(
            folder(&format!("{zip}Box/new/1"), Format::Message).as_deref(),
            Some("box")
        );
        assert_eq!(
            folder(&format!("{zip}new/1"), Format::Message).as_deref(),
            Some("leak.zip")
        );
        assert_eq!(
            folder(&format!("{zip}a/Sent.mbox"), Format::Mbox).as_deref(),
            Some("sent")
        );
        let nested = "/d/o.zip!/in/i.tar.gz!/Perso/m.eml";
        assert_eq!(folder(nested, Format::Message).as_deref(), Some("perso"));
    }

    #[test]
    fn folders_of_stores() {
        let folder = |path: &str, format| {
            Location {
                path: path.into(),
                offset: 0,
                length: 1,
                format,
                attachment: None,
            }
            .folder()
        };
        let emlx = "/d/V10/A1/Work.mbox/Projets.mbox/3F2A/Data/1/Messages/12.emlx";
        assert_eq!(folder(emlx, Format::Emlx).as_deref(), Some("projets"));
        assert_eq!(folder("/d/x/7.emlx", Format::Emlx).as_deref(), Some("x"));
        assert_eq!(
            folder("/d/Mail/inbox/12", Format::Message).as_deref(),
            Some("inbox")
        );
        assert_eq!(
            folder("/d/Outlook/a.msg", Format::Msg).as_deref(),
            Some("outlook")
        );
    }
}
