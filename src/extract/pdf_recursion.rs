//! What pdf-extract follows without a bound, checked before it reads a PDF.
//!
//! A page draws form XObjects (`/Name Do`), which draw others, and pdf-extract follows every
//! draw by recursion: a form that draws itself overflows the reader thread's stack, which
//! aborts the whole process (a 400-byte attachment took `trawl index` down), and a chain of
//! forms each drawing the next twice makes 2^depth draws (40 forms: months of work for one
//! reader). A page's resources and media box are looked for up its `/Parent` chain, also by
//! recursion: a chain that loops overflows the stack too. So the draws are counted here as
//! pdf-extract makes them (names resolved in the form's own resources, else its caller's), and
//! parent chains followed with a bound; a PDF past [`MAX_DEPTH`] or [`MAX_DRAWS`] is not read.

use std::collections::HashMap;

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use crate::problem::Reason;

/// Forms drawn inside one another, at most (a form drawing itself goes past it at once).
pub const MAX_DEPTH: usize = 32;

/// Form draws in the whole document, at most.
pub const MAX_DRAWS: u64 = 200_000;

/// Why pdf-extract must not read `doc`, if it must not.
pub fn refusal(doc: &Document) -> Option<Reason> {
    let mut count = Draws {
        doc,
        draws: 0,
        drawn_by: HashMap::new(),
    };
    doc.get_pages()
        .into_values()
        .find_map(|page| count.page(page).err())
}

/// Form draws counted so far, and the names each form draws (decoded once).
struct Draws<'a> {
    doc: &'a Document,
    draws: u64,
    drawn_by: HashMap<ObjectId, Vec<Vec<u8>>>,
}

impl<'a> Draws<'a> {
    fn page(&mut self, page: ObjectId) -> Result<(), Reason> {
        let resources = inherited_resources(self.doc, page)?;
        let content = self.doc.get_page_content(page).unwrap_or_default();
        for name in drawn(&content) {
            self.draw(&name, resources, 1)?;
        }
        Ok(())
    }

    /// The form `name` of `resources` drawn at `depth`, and every form it draws.
    fn draw(
        &mut self,
        name: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), Reason> {
        let Some((id, form)) = xobject(self.doc, resources, name) else {
            return Ok(());
        };
        self.draws += 1;
        if self.draws > MAX_DRAWS {
            return Err(Reason::FormBomb(MAX_DRAWS));
        }
        if depth > MAX_DEPTH {
            return Err(Reason::FormsTooDeep(MAX_DEPTH));
        }
        let own = dictionary(self.doc, form.dict.get(b"Resources").ok());
        let names = self
            .drawn_by
            .entry(id)
            .or_insert_with(|| drawn(&contents(form)))
            .clone();
        for inner in names {
            self.draw(&inner, own.or(resources), depth + 1)?;
        }
        Ok(())
    }
}

/// The names a content stream draws with `Do`.
fn drawn(content: &[u8]) -> Vec<Vec<u8>> {
    let Ok(content) = Content::decode(content) else {
        return Vec::new();
    };
    content
        .operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect()
}

/// A stream's bytes as pdf-extract reads them: decompressed when it can be.
fn contents(stream: &Stream) -> Vec<u8> {
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

/// The XObject `name` of `resources`, with its object id.
fn xobject<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
    name: &[u8],
) -> Option<(ObjectId, &'a Stream)> {
    let xobjects = dictionary(doc, resources?.get(b"XObject").ok())?;
    let id = xobjects.get(name).ok()?.as_reference().ok()?;
    Some((id, doc.get_object(id).ok()?.as_stream().ok()?))
}

/// `object` as a dictionary, through a reference.
fn dictionary<'a>(doc: &'a Document, object: Option<&'a Object>) -> Option<&'a Dictionary> {
    match object? {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The resources of `page`, looked for up its `/Parent` chain as pdf-extract does; an error
/// when the chain is longer than [`MAX_DEPTH`] (a loop), which pdf-extract would follow
/// to its end for a key found nowhere (a missing media box).
fn inherited_resources(doc: &Document, page: ObjectId) -> Result<Option<&Dictionary>, Reason> {
    let mut chain = Vec::new();
    let mut node = doc.get_dictionary(page).ok();
    while let Some(dict) = node {
        if chain.len() == MAX_DEPTH {
            return Err(Reason::PageTreeTooDeep(MAX_DEPTH));
        }
        chain.push(dict);
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok();
        node = parent.and_then(|id| doc.get_dictionary(id).ok());
    }
    Ok(chain
        .into_iter()
        .find_map(|dict| dictionary(doc, dict.get(b"Resources").ok())))
}
