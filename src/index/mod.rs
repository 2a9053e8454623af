//! The index room: a tantivy index plus trawl's metadata, in one directory.
//!
//! The directory holds tantivy's files, `trawl.json` (format and schema version, so that an
//! index written by an incompatible trawl is refused rather than misread) and `ledger.json.zst`
//! (what every source yielded; see [`ledger`]), and `index.pid` while a run writes (see
//! [`holder`]).

pub mod holder;
pub mod ledger;
pub mod readonly;
pub mod schema;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{DocAddress, Index, IndexSettings, Searcher, Term};

use crate::analysis;
use crate::document::{Card, DocId};
use crate::error::{Error, Result};
pub use schema::Fields;

/// Version of the on-disk layout; bump when the schema or the card changes incompatibly.
pub const SCHEMA_VERSION: u32 = 10;
const META_FILE: &str = "trawl.json";
/// tantivy's own metadata, written at its first commit.
const TANTIVY_META_FILE: &str = "meta.json";

#[derive(Serialize, Deserialize)]
struct Meta {
    format: String,
    schema_version: u32,
}

/// An open trawl index.
pub struct Store {
    /// The index directory.
    pub dir: PathBuf,
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
}

impl Store {
    /// Opens the index in `dir`, creating it when `dir` is missing or empty. `trawl.json` is
    /// written first, so that a run killed while creating the index leaves a directory that
    /// the next run recognises and completes.
    pub fn create_or_open(dir: &Path) -> Result<Store> {
        if !dir.join(META_FILE).exists() {
            claim(dir)?;
        }
        if dir.join(TANTIVY_META_FILE).exists() {
            return Store::open(dir);
        }
        check_version(dir)?;
        let index = Index::builder()
            .schema(schema::build())
            .settings(settings())
            .create_in_dir(dir)
            .map_err(|e| Error::index(dir, e))?;
        Ok(Store::with_index(dir, index))
    }

    /// Opens an existing index; fails with a clear message when there is none.
    pub fn open(dir: &Path) -> Result<Store> {
        check_version(dir)?;
        if !dir.join(TANTIVY_META_FILE).exists() {
            return Err(state_error(
                dir,
                "no index committed yet: run `trawl index PATH...`",
            ));
        }
        let directory = readonly::TolerantDirectory::open(dir)
            .map_err(|e| Error::index(dir, tantivy::TantivyError::from(e)))?;
        let index = Index::open(directory).map_err(|e| Error::index(dir, e))?;
        Ok(Store::with_index(dir, index))
    }

    fn with_index(dir: &Path, index: Index) -> Store {
        let tokenizers = index.tokenizers();
        tokenizers.register(analysis::FOLDED, analysis::folded_analyzer());
        tokenizers.register(analysis::HEADER_WORDS, analysis::header_analyzer());
        let fields = Fields::new(index.schema());
        Store {
            dir: dir.to_path_buf(),
            index,
            fields,
        }
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Result<Searcher> {
        let reader = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(&self.dir, e))?;
        Ok(reader.searcher())
    }

    /// Names of the indexed fields that hold no term in any segment (Bcc, in most dumps).
    /// Queries leave them out: no document can match there, and opening such a field makes
    /// tantivy build an empty term dictionary, a large share of a query's time.
    pub fn empty_fields(&self, searcher: &Searcher) -> Result<HashSet<String>> {
        let mut empty: HashSet<String> = HashSet::new();
        let mut filled: HashSet<String> = HashSet::new();
        for segment in searcher.segment_readers() {
            let fields = segment
                .fields_metadata()
                .map_err(|e| Error::index(&self.dir, e))?;
            for f in fields
                .into_iter()
                .filter(|f| f.term_dictionary_size.is_some())
            {
                let has_terms = f.postings_size.is_some_and(|n| n.get_bytes() > 0);
                if has_terms {
                    filled.insert(f.field_name);
                } else {
                    empty.insert(f.field_name);
                }
            }
        }
        Ok(&empty - &filled)
    }

    /// The document with this id, if the last commit has it.
    pub fn find(&self, searcher: &Searcher, id: DocId) -> Result<Option<(DocAddress, Card)>> {
        let term = Term::from_field_text(self.fields.docid(), &id.to_string());
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| Error::index(&self.dir, e))?;
        match top.first() {
            Some(&(_, addr)) => Ok(Some((addr, self.card(searcher, addr)?.1))),
            None => Ok(None),
        }
    }

    /// Every document with a location in the file `path`, with its id and card: a phrase
    /// query on the words of the path, then an exact comparison of each location.
    pub fn docs_at(&self, searcher: &Searcher, path: &str) -> Result<Vec<(DocId, Card)>> {
        let query = self.path_query(path);
        let addresses = searcher
            .search(query.as_ref(), &DocSetCollector)
            .map_err(|e| Error::index(&self.dir, e))?;
        let mut docs = Vec::new();
        for addr in addresses {
            let (id, card) = self.card(searcher, addr)?;
            let here = card.locations.iter().any(|l| l.path == path);
            if let (true, Some(id)) = (here, crate::document::parse_id(&id)) {
                docs.push((id, card));
            }
        }
        Ok(docs)
    }

    /// Documents whose `path` field holds the words of `path` in order (every document, for a
    /// path with no word at all).
    fn path_query(&self, path: &str) -> Box<dyn Query> {
        let field = self.fields.path();
        let mut analyzer = analysis::folded_analyzer();
        let mut stream = analyzer.token_stream(path);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(Term::from_field_text(field, &stream.token().text));
        }
        match terms.len() {
            0 => Box::new(AllQuery),
            1 => Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::Basic)),
            _ => Box::new(PhraseQuery::new(terms)),
        }
    }

    /// Hands the id and stored card (JSON bytes) of every live document to `f`, segment by
    /// segment in storage order: one pass over the document store, no query.
    pub fn each_card(
        &self,
        searcher: &Searcher,
        f: &mut dyn FnMut(DocId, &[u8]) -> Result<()>,
    ) -> Result<()> {
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(1)
                .map_err(|e| Error::io(&self.dir, e))?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc.map_err(|e| Error::index(&self.dir, e))?;
                let id = doc.get_first(self.fields.docid()).and_then(|v| v.as_str());
                let card = doc.get_first(self.fields.card()).and_then(|v| v.as_bytes());
                if let (Some(id), Some(card)) = (id.and_then(crate::document::parse_id), card) {
                    f(id, card)?;
                }
            }
        }
        Ok(())
    }

    /// The stamp of the last commit, which changes with every commit.
    pub fn opstamp(&self) -> Result<u64> {
        let metas = self
            .index
            .load_metas()
            .map_err(|e| Error::index(&self.dir, e))?;
        Ok(metas.opstamp)
    }

    /// The id of a stored document, without reading its card.
    pub fn id_at(&self, searcher: &Searcher, addr: DocAddress) -> Result<String> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| Error::index(&self.dir, e))?;
        let id = doc.get_first(self.fields.docid()).and_then(|v| v.as_str());
        Ok(id.unwrap_or_default().to_owned())
    }

    /// SHA-256 (hex) of the index's committed state: tantivy's `meta.json` (its segments,
    /// deletes and commit stamp) and the ledger, each preceded by its name and length (an
    /// absent ledger, before the first run has saved one, by its name alone). Any commit
    /// changes it, so an export can name the exact state it searched.
    pub fn state_sha256(&self) -> Result<String> {
        let mut hasher = Sha256::new();
        for name in [TANTIVY_META_FILE, ledger::LEDGER_FILE] {
            let path = self.dir.join(name);
            hasher.update(name.as_bytes());
            match std::fs::read(&path) {
                Ok(bytes) => {
                    hasher.update((bytes.len() as u64).to_le_bytes());
                    hasher.update(&bytes);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        Ok(data_encoding::HEXLOWER.encode(&hasher.finalize()))
    }

    /// The id and card of a stored document.
    pub fn card(&self, searcher: &Searcher, addr: DocAddress) -> Result<(String, Card)> {
        let (id, bytes) = self.raw_card(searcher, addr)?;
        let card = serde_json::from_slice(&bytes)
            .map_err(|e| state_error(&self.dir, &format!("corrupt stored card for {id}: {e}")))?;
        Ok((id, card))
    }

    /// The id and stored card (JSON bytes) of a document, for readers that want only part of
    /// the card.
    pub fn raw_card(&self, searcher: &Searcher, addr: DocAddress) -> Result<(String, Vec<u8>)> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| Error::index(&self.dir, e))?;
        let id = doc.get_first(self.fields.docid()).and_then(|v| v.as_str());
        let bytes = doc.get_first(self.fields.card()).and_then(|v| v.as_bytes());
        Ok((
            id.unwrap_or_default().to_owned(),
            bytes.unwrap_or_default().to_vec(),
        ))
    }
}

/// How tantivy stores the cards: zstd, whose blocks of JSON cards come out at about half the
/// size lz4 gives, at a cost that reading the 20 cards of a page of hits does not notice.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(ZSTD_LEVEL),
        }),
        docstore_blocksize: 65_536,
        ..IndexSettings::default()
    }
}

const ZSTD_LEVEL: i32 = 9;

/// Makes `dir` a trawl index directory: it must be missing or empty (but for the temporary
/// `trawl.tmp` of a run killed while claiming it); `trawl.json` goes in.
fn claim(dir: &Path) -> Result<()> {
    let leftover = Path::new(META_FILE).with_extension("tmp");
    let empty = std::fs::read_dir(dir)
        .map(|mut d| d.all(|e| e.is_ok_and(|e| Path::new(&e.file_name()) == leftover)))
        .unwrap_or(true);
    if !empty {
        return Err(state_error(
            dir,
            "directory is not empty and holds no trawl index; refusing to write into it",
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let meta = Meta {
        format: "trawl".into(),
        schema_version: SCHEMA_VERSION,
    };
    write_atomic(
        &dir.join(META_FILE),
        &serde_json::to_vec_pretty(&meta).unwrap_or_default(),
    )
}

/// Refuses an index written by an incompatible trawl, or a directory that is not an index.
fn check_version(dir: &Path) -> Result<()> {
    let bytes = std::fs::read(dir.join(META_FILE))
        .map_err(|_| state_error(dir, "no trawl index here: run `trawl index PATH...` first"))?;
    let meta: Meta = serde_json::from_slice(&bytes)
        .map_err(|e| state_error(dir, &format!("unreadable {META_FILE}: {e}")))?;
    if meta.schema_version != SCHEMA_VERSION {
        let why = format!(
            "written by an incompatible trawl (schema {} here, {} expected): re-index needed",
            meta.schema_version, SCHEMA_VERSION
        );
        return Err(state_error(dir, &why));
    }
    Ok(())
}

fn state_error(dir: &Path, reason: &str) -> Error {
    Error::IndexState {
        path: dir.to_path_buf(),
        reason: reason.to_owned(),
    }
}

/// An error of the index writer. tantivy's worker threads do not always pass the system's
/// error on, so when the error does not say, a megabyte is written to the index directory to
/// see whether storage is what failed (disk full, read-only, not allowed).
pub fn writer_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    match Error::index(dir, e) {
        Error::Index { path, source } => match storage_probe(dir) {
            Some(what) => Error::unwritable(path, what),
            None => Error::Index { path, source },
        },
        other => other,
    }
}

/// What stops the index directory from taking a 1 MiB file right now, if anything.
fn storage_probe(dir: &Path) -> Option<&'static str> {
    use std::io::ErrorKind;
    let probe = dir.join("trawl.probe");
    let written = std::fs::write(&probe, vec![0u8; 1 << 20]);
    let _ = std::fs::remove_file(&probe);
    match written.err()?.kind() {
        ErrorKind::StorageFull => Some("the disk is full"),
        ErrorKind::QuotaExceeded => Some("the disk quota is exceeded"),
        ErrorKind::ReadOnlyFilesystem => Some("the index directory is on a read-only file system"),
        ErrorKind::PermissionDenied => Some("the index directory is not writable"),
        _ => None,
    }
}

/// Writes a file so that readers see either the old or the new content, never a mix, and
/// the new content is on disk before it replaces the old. A failed write leaves the old file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_cut_short_is_taken_up_again_but_foreign_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("trawl-claim-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("trawl.tmp"), b"").expect("leftover");
        assert!(claim(&dir).is_ok(), "a killed run's temporary file");
        let foreign = dir.join("foreign");
        std::fs::create_dir_all(&foreign).expect("dir");
        std::fs::write(foreign.join("notes.txt"), b"mine").expect("file");
        assert!(claim(&foreign).is_err(), "someone else's folder");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
