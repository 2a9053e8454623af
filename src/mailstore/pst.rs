//! Outlook PST and OST stores (MS-PST, ANSI and Unicode): every message of every folder under
//! the store's top of personal folders (the IPM subtree: Inbox, Sent Items, their
//! sub-folders...), read with Microsoft's `outlook-pst` crate, which reads the blocks it needs
//! from the file, never the whole file.
//!
//! A PST holds no message as bytes: each is a node of MAPI properties. It is loaded into
//! memory ([`Loaded`], a [`PropertySource`]) and rebuilt by [`super::rebuild`] as the MIME
//! message it stands for, headers included ([`Headers::Stated`]); those rebuilt bytes are the
//! message's bytes for trawl: its identity hashes them like any email's, `show --raw` and
//! `export` give them, and reading them back rebuilds them again from the store (the same
//! store gives the same bytes: nothing in them depends on the time or the run).
//!
//! A message's location is `STORE.pst!/FOLDER/SUB-FOLDER/NODE-ID` (the folder names as the
//! store shows them, `/` and `%` in a name written `%2F` and `%25`; the node id in decimal),
//! offset 0, length the rebuilt message's size. The crate's objects are reference-counted
//! (`Rc`), so a store is read on one thread: the reader's, which hands the rebuilt messages to
//! the parse stage.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::rc::Rc;

use outlook_pst::ltp::prop_context::PropertyValue;
use outlook_pst::ltp::table_context::TableContext;
use outlook_pst::messaging::attachment::{
    AnsiAttachment, Attachment, AttachmentData, UnicodeAttachment,
};
use outlook_pst::messaging::folder::Folder;
use outlook_pst::messaging::message::{AnsiMessage, Message, UnicodeMessage};
use outlook_pst::messaging::store::{AnsiStore, Store, UnicodeStore};
use outlook_pst::ndb::node_id::NodeId;
use outlook_pst::{AnsiPstFile, UnicodePstFile};

use super::mapi::{INTERNET_CPID, MESSAGE_CODEPAGE, PropertySource};
use super::rebuild::{self, Headers};
use crate::location::SEPARATOR;
use crate::problem::Reason;

/// Attached Outlook items are opened one level deep: the crate cannot open the attachments
/// of an attached item, so there is no second level to reach.
const ATTACHED_DEPTH: usize = 1;
/// Folders deeper than this are not entered (a damaged store could loop).
const MAX_FOLDER_DEPTH: usize = 64;
/// `PR_SUBJECT`: in a PST it may begin with `\u{1}` and the length of its prefix (`RE: `).
const SUBJECT: u16 = 0x0037;
/// `PR_ATTACH_DATA`: an attachment's bytes, or the attached Outlook item.
const ATTACH_DATA: u16 = 0x3701;

/// One message found in a store: its location path, and its rebuilt bytes with what could
/// not be read of it, or why it could not be read at all.
pub struct Member {
    /// `STORE!/FOLDER/.../NODE-ID`.
    pub path: String,
    /// The rebuilt MIME message and its damage notes, or the reason it could not be read.
    pub message: Result<(Vec<u8>, Option<String>), Reason>,
}

/// Reads every message of the store at `path` in folder order, handing each to `each` (which
/// returns false to stop). An error when the file is not a store the crate can open; a
/// folder or message that cannot be read is handed over as a failed [`Member`], and a panic
/// of the crate on hostile bytes is caught and reported the same way.
pub fn each_message(path: &str, each: &mut dyn FnMut(Member) -> bool) -> Result<(), Reason> {
    let walked = catch_unwind(AssertUnwindSafe(|| {
        let store = Opened::open(Path::new(path))?;
        let mut walk = Walk {
            store: &store,
            each,
            seen: HashSet::new(),
            going: true,
        };
        walk.top(path);
        Ok(())
    }));
    walked.unwrap_or(Err(Reason::PstPanicked))
}

/// The rebuilt bytes of the message at location path `path` (`STORE!/.../NODE-ID`).
pub fn read_message(path: &str) -> Result<Vec<u8>, Reason> {
    let (disk, inner) = path.split_once(SEPARATOR).ok_or(Reason::NotInStore)?;
    let node = inner
        .rsplit('/')
        .next()
        .and_then(|n| n.parse::<u32>().ok())
        .ok_or(Reason::NoMessageNode)?;
    let read = catch_unwind(AssertUnwindSafe(|| {
        let store = Opened::open(Path::new(disk))?;
        store.rebuild(NodeId::from(node)).map(|(mime, _)| mime)
    }));
    read.unwrap_or(Err(Reason::PstPanicked))
}

/// A store opened as the kind its header states.
enum Opened {
    Unicode(Rc<UnicodeStore>),
    Ansi(Rc<AnsiStore>),
}

impl Opened {
    /// Opens the store at `path`: Unicode (version 23) or ANSI (14, 15), told by its header.
    fn open(path: &Path) -> io::Result<Opened> {
        let mut head = [0; 12];
        std::fs::File::open(path)?.read_exact(&mut head)?;
        match u16::from_le_bytes([head[10], head[11]]) {
            14 | 15 => Ok(Opened::Ansi(AnsiStore::read(Rc::new(AnsiPstFile::open(
                path,
            )?))?)),
            23 => Ok(Opened::Unicode(UnicodeStore::read(Rc::new(
                UnicodePstFile::open(path)?,
            ))?)),
            version => Err(io::Error::other(format!(
                "Outlook PST: format version {version} is not one this reader knows (14, 15, 23)"
            ))),
        }
    }

    fn store(&self) -> Rc<dyn Store> {
        match self {
            Opened::Unicode(s) => s.clone(),
            Opened::Ansi(s) => s.clone(),
        }
    }

    /// Loads the message at `node` with its recipients and attachments.
    fn load(&self, node: NodeId) -> io::Result<Loaded> {
        let entry = self.store().properties().make_entry_id(node)?;
        match self {
            Opened::Unicode(s) => {
                let message = UnicodeMessage::read(s.clone(), &entry, None)?;
                let attachment = |n| {
                    UnicodeAttachment::read(message.clone(), n, None)
                        .map(|a| a as Rc<dyn Attachment>)
                };
                Ok(Loaded::message(message.as_ref(), &attachment))
            }
            Opened::Ansi(s) => {
                let message = AnsiMessage::read(s.clone(), &entry, None)?;
                let attachment = |n| {
                    AnsiAttachment::read(message.clone(), n, None).map(|a| a as Rc<dyn Attachment>)
                };
                Ok(Loaded::message(message.as_ref(), &attachment))
            }
        }
    }

    /// The message at `node` rebuilt as MIME, with its damage notes.
    fn rebuild(&self, node: NodeId) -> Result<(Vec<u8>, Option<String>), Reason> {
        let mut loaded = self.load(node).map_err(|e| Reason::PstMessage {
            node: u32::from(node),
            error: e.to_string(),
        })?;
        let (mime, mut notes) = rebuild::mime(&mut loaded, Headers::Stated, ATTACHED_DEPTH);
        notes.append(&mut loaded.notes);
        Ok((mime, (!notes.is_empty()).then(|| notes.join("; "))))
    }
}

/// The walk of one store's folders.
struct Walk<'a> {
    store: &'a Opened,
    each: &'a mut dyn FnMut(Member) -> bool,
    /// Folders entered, so that a damaged store that loops is walked once.
    seen: HashSet<u32>,
    going: bool,
}

impl Walk<'_> {
    /// Walks the IPM subtree of the store at `disk`; a store without one is one failure.
    fn top(&mut self, disk: &str) {
        let store = self.store.store();
        let top = store
            .properties()
            .ipm_sub_tree_entry_id()
            .and_then(|e| store.open_folder(&e));
        match top {
            Ok(folder) => self.folder(&folder, disk, 0),
            Err(e) => self.failed(disk.to_owned(), Reason::PstFolders(e.to_string())),
        }
    }

    /// Hands over the messages of `folder` (at location path `path`), then walks its
    /// sub-folders.
    fn folder(&mut self, folder: &Rc<dyn Folder>, path: &str, depth: usize) {
        let node = u32::from(folder.properties().node_id());
        if !self.seen.insert(node) || depth > MAX_FOLDER_DEPTH {
            return;
        }
        self.missing(folder, path);
        for message in rows(folder.contents_table()) {
            let location = format!("{path}{}{message}", separator(depth));
            let read = catch_unwind(AssertUnwindSafe(|| {
                self.store.rebuild(NodeId::from(message))
            }));
            let read = read.unwrap_or(Err(Reason::PstMessagePanicked(message)));
            self.hand(location, read);
        }
        for child in rows(folder.hierarchy_table()) {
            self.sub_folder(child, path, depth);
        }
    }

    /// Opens sub-folder `node` of the folder at `path` and walks it.
    fn sub_folder(&mut self, node: u32, path: &str, depth: usize) {
        let store = self.store.store();
        let opened = store
            .properties()
            .make_entry_id(NodeId::from(node))
            .and_then(|e| store.open_folder(&e));
        match opened {
            Ok(folder) => {
                let name = folder_name(folder.properties().display_name().ok());
                let path = format!("{path}{}{name}", separator(depth));
                self.folder(&folder, &path, depth + 1);
            }
            Err(e) => self.failed(
                format!("{path}{}{node}", separator(depth)),
                Reason::PstFolderNode {
                    node,
                    error: e.to_string(),
                },
            ),
        }
    }

    /// Reports what a folder states it holds but its tables do not give (the crate reads an
    /// unreadable table as none): messages, or sub-folders.
    fn missing(&mut self, folder: &Rc<dyn Folder>, path: &str) {
        let props = folder.properties();
        let listed = rows(folder.contents_table()).len();
        let stated = props
            .content_count()
            .ok()
            .and_then(|n| usize::try_from(n).ok());
        if let Some(stated) = stated.filter(|&n| n > listed) {
            self.failed(path.to_owned(), Reason::PstFolderShort { stated, listed });
        }
        if props.has_sub_folders().unwrap_or(false) && folder.hierarchy_table().is_none() {
            self.failed(path.to_owned(), Reason::PstSubFolders);
        }
    }

    fn failed(&mut self, path: String, reason: Reason) {
        self.hand(path, Err(reason));
    }

    fn hand(&mut self, path: String, message: Result<(Vec<u8>, Option<String>), Reason>) {
        if self.going {
            self.going = (self.each)(Member { path, message });
        }
    }
}

/// Between a folder's location path and what it holds: `!/` below the store itself.
fn separator(depth: usize) -> &'static str {
    if depth == 0 { SEPARATOR } else { "/" }
}

/// A folder's name as one path component: `/` and `%` escaped, never empty.
fn folder_name(name: Option<String>) -> String {
    let name = name.unwrap_or_default();
    let escaped = name.replace('%', "%25").replace('/', "%2F");
    if escaped.is_empty() {
        "%00".into()
    } else {
        escaped
    }
}

/// The node ids of a table's rows (none when there is no table).
fn rows(table: Option<&Rc<dyn TableContext>>) -> Vec<u32> {
    table.map_or_else(Vec::new, |t| {
        t.rows_matrix().map(|row| u32::from(row.id())).collect()
    })
}

/// The properties a table states in its row `n` (a recipient; an attachment's name, type and
/// size, when the attachment itself cannot be opened).
fn row_properties(table: &dyn TableContext, n: usize) -> Object {
    let Some(row) = table.rows_matrix().nth(n) else {
        return Object::new();
    };
    let columns = row.columns(table.context()).unwrap_or_default();
    let described = table.context().columns().iter().zip(columns);
    let props = described.filter_map(|(column, value)| {
        let value = table.read_column(&value?, column.prop_type()).ok()?;
        Some((column.prop_id(), Value::of(&value)?))
    });
    props.collect()
}

/// A property value as the rebuild reads it.
enum Value {
    /// UTF-16 text, decoded.
    Text(String),
    /// 8-bit text, decoded on reading in the message's code page.
    Narrow(Vec<u8>),
    Bytes(Vec<u8>),
    Number(u64),
}

impl Value {
    fn of(value: &PropertyValue) -> Option<Value> {
        Some(match value {
            PropertyValue::Unicode(v) => {
                let units = v.buffer();
                Value::Text(String::from_utf16_lossy(
                    units.strip_suffix(&[0]).unwrap_or(units),
                ))
            }
            PropertyValue::String8(v) => Value::Narrow(v.buffer().to_vec()),
            PropertyValue::Binary(v) => Value::Bytes(v.buffer().to_vec()),
            PropertyValue::Integer16(v) => Value::Number(*v as u64),
            PropertyValue::Integer32(v) => Value::Number(*v as u32 as u64),
            PropertyValue::Integer64(v) | PropertyValue::Time(v) => Value::Number(*v as u64),
            PropertyValue::Boolean(v) => Value::Number(u64::from(*v)),
            _ => return None,
        })
    }
}

/// The properties of one object, by property id.
type Object = BTreeMap<u16, Value>;

/// A PST message in memory: the properties of each of its objects (the message, its
/// recipients, its attachments, an attached item), by MS-OXMSG storage path.
pub struct Loaded {
    objects: BTreeMap<String, Object>,
    /// Code pages of 8-bit strings and of the HTML body, when the message states them.
    codepages: [Option<u32>; 2],
    /// What could not be read.
    notes: Vec<String>,
}

impl Loaded {
    /// Loads `message`, opening its attachments with `attachment`.
    fn message(
        message: &dyn Message,
        attachment: &dyn Fn(NodeId) -> io::Result<Rc<dyn Attachment>>,
    ) -> Loaded {
        let mut loaded = Loaded {
            objects: BTreeMap::new(),
            codepages: [None, None],
            notes: Vec::new(),
        };
        loaded.item("", message);
        let table = message.attachment_table();
        for (n, node) in rows(table).into_iter().enumerate() {
            let dir = format!("/__attach_version1.0_#{n:08X}");
            match attachment(NodeId::from(node)) {
                Ok(a) => loaded.attachment(&dir, a.as_ref()),
                Err(e) => {
                    let listed = table
                        .map(|t| row_properties(t.as_ref(), n))
                        .unwrap_or_default();
                    loaded.notes.push(format!("attachment {n} unreadable: {e}"));
                    loaded.objects.insert(dir, listed);
                }
            }
        }
        let number = |id| match loaded.objects.get("").and_then(|o| o.get(&id)) {
            Some(Value::Number(n)) => u32::try_from(*n).ok(),
            _ => None,
        };
        let (message_cp, internet) = (number(MESSAGE_CODEPAGE), number(INTERNET_CPID));
        loaded.codepages = [message_cp.or(internet), internet.or(message_cp)];
        loaded
    }

    /// The properties and recipients of an item at `dir`.
    fn item(&mut self, dir: &str, item: &dyn Message) {
        let props = item
            .properties()
            .iter()
            .filter_map(|(id, v)| Some((*id, Value::of(v)?)));
        self.objects.insert(dir.to_owned(), props.collect());
        let Some(table) = item.recipient_table() else {
            return;
        };
        for n in 0..table.rows_matrix().count() {
            let path = format!("{dir}/__recip_version1.0_#{n:08X}");
            self.objects.insert(path, row_properties(table.as_ref(), n));
        }
    }

    /// An attachment at `dir`: its properties (its bytes among them), or the Outlook item it
    /// holds, whose own attachments the crate cannot open.
    fn attachment(&mut self, dir: &str, attachment: &dyn Attachment) {
        let props = attachment.properties().iter();
        let props = props.filter_map(|(id, v)| Some((*id, Value::of(v)?)));
        self.objects.insert(dir.to_owned(), props.collect());
        if let Some(AttachmentData::Message(item)) = attachment.data() {
            let inner = format!("{dir}/__substg1.0_{ATTACH_DATA:04X}000D");
            self.item(&inner, item.as_ref());
            if !rows(item.attachment_table()).is_empty() {
                self.notes.push(format!(
                    "the attachments of the attached Outlook item {dir} are not read"
                ));
            }
        }
    }

    fn value(&self, dir: &str, id: u16) -> Option<&Value> {
        self.objects.get(dir)?.get(&id)
    }
}

impl PropertySource for Loaded {
    fn string(&mut self, dir: &str, id: u16) -> Option<String> {
        let text = match self.value(dir, id)? {
            Value::Text(text) => text.clone(),
            Value::Narrow(bytes) => {
                let bytes = bytes.strip_suffix(&[0]).unwrap_or(bytes);
                crate::charset::decode_codepage(bytes, self.codepages[0])
            }
            _ => return None,
        };
        Some(match text.strip_prefix('\u{1}') {
            Some(prefixed) if id == SUBJECT => prefixed.chars().skip(1).collect(),
            _ => text,
        })
    }

    fn binary(&mut self, dir: &str, id: u16) -> Option<Vec<u8>> {
        match self.value(dir, id)? {
            Value::Bytes(bytes) => Some(bytes.clone()),
            _ => None,
        }
    }

    fn fixed(&mut self, dir: &str, _header: usize, id: u16) -> Option<u64> {
        match self.value(dir, id)? {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn storages(&mut self, dir: &str, prefix: &str) -> Vec<String> {
        let below = format!("{dir}/{prefix}");
        let names = self.objects.keys().filter_map(|path| {
            let name = path.strip_prefix(&below)?;
            (!name.contains('/')).then(|| format!("{prefix}{name}"))
        });
        names.collect()
    }

    fn has_object(&self, dir: &str, id: u16) -> bool {
        let inner = format!("{dir}/__substg1.0_{id:04X}000D");
        self.objects.contains_key(&inner)
    }

    fn html_text(&self, bytes: &[u8]) -> String {
        crate::charset::decode_codepage(bytes, self.codepages[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    const SAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus-samples/stores/pst/campagne.pst"
    );

    fn members(path: &str) -> Result<Vec<Member>, String> {
        let mut found = Vec::new();
        each_message(path, &mut |m| {
            found.push(m);
            true
        })
        .map_err(|reason| reason.to_string())?;
        Ok(found)
    }

    fn parsed(mime: &[u8]) -> crate::message::Email {
        crate::message::parse_with(mime, &Limits::default())
    }

    #[test]
    fn every_message_of_the_sample_is_found_in_its_folder_and_rebuilt_the_same_again() {
        let found = members(SAMPLE).expect("the sample opens");
        let inner: Vec<&str> = found
            .iter()
            .filter_map(|m| Some(m.path.split_once(SEPARATOR)?.1))
            .collect();
        assert_eq!(
            inner,
            [
                "Inbox/2097188",
                "Inbox/Projets/2097220",
                "Inbox/Projets/2097252",
                "Inbox/Projets/2097316",
                "Sent Items/2097348"
            ]
        );
        for m in &found {
            let (mime, _) = m.message.as_ref().expect("readable");
            assert_eq!(read_message(&m.path).as_ref(), Ok(mime), "{}", m.path);
        }
        let Ok((reply, None)) = &found[4].message else {
            panic!("the reply is read whole");
        };
        let email = parsed(reply);
        assert_eq!(
            email.in_reply_to.as_deref(),
            Some("1497606300.5521.3@northpoll.example")
        );
        assert_eq!(email.from[0].name.as_deref(), Some("Camille Moreau"));
        assert!(email.body.contains("cancoillotier"), "{}", email.body);
    }

    /// A message as a PST holds it, in memory: a subject with its prefix marker, a Bcc
    /// recipient, 8-bit text in a stated code page, an attached Outlook item.
    fn loaded() -> Loaded {
        let object = |props: Vec<(u16, Value)>| props.into_iter().collect::<Object>();
        let text = |s: &str| Value::Text(s.to_owned());
        let attach = "/__attach_version1.0_#00000000";
        let objects = [
            (
                String::new(),
                object(vec![
                    (SUBJECT, text("\u{1}\u{4}RE: Point")),
                    (
                        0x1000,
                        Value::Narrow(b"Voir plus bas, r\xe9ponse.\0".to_vec()),
                    ),
                    (MESSAGE_CODEPAGE, Value::Number(1252)),
                    (0x0C1A, text("Julien Fabre")),
                    (0x5D01, text("julien@h.example")),
                ]),
            ),
            (
                "/__recip_version1.0_#00000000".into(),
                object(vec![
                    (0x0C15, Value::Number(3)),
                    (0x39FE, text("lea@h.example")),
                ]),
            ),
            (attach.into(), object(vec![(0x3707, text("Comptes.msg"))])),
            (
                format!("{attach}/__substg1.0_3701000D"),
                object(vec![
                    (SUBJECT, text("Comptes")),
                    (0x1000, text("Le total grabulence est faux.")),
                ]),
            ),
        ];
        Loaded {
            objects: objects.into_iter().collect(),
            codepages: [Some(1252), Some(1252)],
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_loaded_message_is_rebuilt_whole_with_its_attached_item() {
        let (mime, notes) = rebuild::mime(&mut loaded(), Headers::Stated, ATTACHED_DEPTH);
        assert!(notes.is_empty(), "{notes:?}");
        let email = parsed(&mime);
        assert_eq!(email.subject.as_deref(), Some("RE: Point"));
        assert_eq!(email.bcc[0].address.as_deref(), Some("lea@h.example"));
        assert!(email.body.contains("réponse"), "{}", email.body);
        assert!(email.body.contains("grabulence"), "{}", email.body);
        assert_eq!(email.attachments[0].mime, "message/rfc822");
        assert_eq!(email.attachments[0].name.as_deref(), Some("Comptes.msg"));
    }

    #[test]
    fn folder_names_are_one_path_component() {
        assert_eq!(folder_name(Some("Projets".into())), "Projets");
        assert_eq!(folder_name(Some("A/B 100%".into())), "A%2FB 100%25");
        assert_eq!(folder_name(Some("x!/y".into())), "x!%2Fy");
        assert_eq!(folder_name(None), "%00");
    }

    /// Cut short or with bytes changed, the sample never makes the reader panic: each store
    /// opens, or fails with a reason.
    #[test]
    fn cut_or_altered_stores_never_panic() {
        let sample = std::fs::read(SAMPLE).expect("the sample");
        let dir = std::env::temp_dir().join(format!("trawl-pst-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("altered.pst");
        let path_text = path.to_string_lossy().into_owned();
        let mut refused = 0;
        let mut try_bytes = |bytes: &[u8]| {
            std::fs::write(&path, bytes).expect("written");
            match members(&path_text) {
                Ok(found) => found.iter().for_each(|m| {
                    let _ = m.message.as_ref().map(|(mime, _)| parsed(mime));
                }),
                Err(reason) => {
                    assert!(!reason.is_empty());
                    refused += 1;
                }
            }
        };
        for cut in (0..sample.len()).step_by(sample.len() / 24) {
            try_bytes(&sample[..cut]);
        }
        for at in (0..sample.len()).step_by(1999) {
            let mut changed = sample.clone();
            changed[at] ^= 0xFF;
            try_bytes(&changed);
        }
        assert!(refused > 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
